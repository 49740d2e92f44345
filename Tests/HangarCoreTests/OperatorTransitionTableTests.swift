import HangarTestSupport
import Testing
@testable import HangarCore

/// DESIGN §4, written out: event → (from-states, to-state, a staff member entitled to it).
private let expected: [(EventKind, [OperatorState], OperatorState, String)] = [
    (.startTraining, [.enrolled], .inTraining, "instr"),
    (.qualify, [.inTraining], .qualified, "instr"),
    (.fail, [.inTraining], .failed, "instr"),
    (.withdraw, [.enrolled, .inTraining], .withdrawn, "boss"),
    (.retrain, [.failed, .qualified], .inTraining, "instr"),
]

@Test("every operator event from every state", arguments: OperatorState.allCases)
func operatorTransitionTable(from state: OperatorState) throws {
    for (kind, fromStates, to, actor) in expected {
        var b = Bench()
        b.state.operators["op1"]!.state = state
        if fromStates.contains(state) {
            try b.record(kind, "op1", by: actor)
            #expect(b.state.operators["op1"]!.state == to, "\(kind) from \(state)")
        } else {
            let error = rejection { try b.record(kind, "op1", by: actor) }
            #expect(error?.description == "cannot record '\(kind.rawValue)' for op1: it is in '\(state.rawValue)' (\(kind.rawValue) is allowed from: \(fromStates.map(\.rawValue).joined(separator: ", ")))")
            #expect(b.state.operators["op1"]!.state == state)
        }
    }
}

@Test("enroll: instructor or admin, unit must exist, not twice")
func enrollRules() throws {
    var b = Bench()
    let data = Bench.field { $0.name = "Ivan"; $0.unit = "1st Company" }
    #expect(rejection { try b.record(.enroll, "op2", by: "tech", data) } == .roleRequired(event: "enroll", subject: "op2", actor: "tech", needs: "instructor or admin"))
    #expect(rejection { try b.record(.enroll, "op2", by: "boss", Bench.field { $0.name = "Ivan"; $0.unit = "Nowhere" }) } == .notFound(what: "unit", name: "Nowhere"))
    try b.record(.enroll, "op2", by: "boss", data)
    #expect(b.state.operators["op2"]?.state == .enrolled)
    #expect(rejection { try b.record(.enroll, "op2", by: "boss", data) }?.description == "cannot record 'enroll' for op2: operator op2 is already enrolled (in 'enrolled')")
    #expect(rejection { try b.record(.qualify, "op9", by: "instr") }?.description == "cannot record 'qualify' for op9: no operator op9 is enrolled (enroll them first)")
}

@Test("qualify needs an instructor, not an admin")
func operatorRoles() throws {
    var b = Bench()
    try b.record(.startTraining, "op1", by: "instr")
    #expect(rejection { try b.record(.qualify, "op1", by: "boss") } == .roleRequired(event: "qualify", subject: "op1", actor: "boss", needs: "instructor"))
    try b.record(.qualify, "op1", by: "all")
    #expect(b.state.operators["op1"]?.state == .qualified)
}

@Test("a training flight by an enrolled operator starts their training; its undo leaves them in training")
func impliedStart() throws {
    var b = Bench()
    try b.readyAirframe()
    try b.record(.assignTraining, "AF-1", by: "instr")
    try b.record(.flight, "AF-1", by: "instr", Bench.flight(20, .training, operator: "op1"))
    #expect(b.state.operators["op1"]?.state == .inTraining)
    try b.record(.undo, "AF-1", by: "instr", Bench.field { $0.reason = "wrong airframe" })
    #expect(b.state.operators["op1"]?.state == .inTraining)
    #expect(b.airframe().flightMinutes == 0)
    #expect(b.state.flights.isEmpty)
}
