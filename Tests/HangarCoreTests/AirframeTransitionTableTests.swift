import HangarTestSupport
import Testing
@testable import HangarCore

/// DESIGN §3, written out independently of `AirframeLifecycle.table`: event → (from-states, to-state).
/// `nil` as to-state means unchanged.
private let expected: [(EventKind, [AirframeState], AirframeState?)] = [
    (.assembled, [.assembly], .awaitingQC),
    (.qc, [.awaitingQC], .ready),
    (.reworkDone, [.rework], .awaitingQC),
    (.assignTraining, [.ready], .training),
    (.issue, [.ready], .inService),
    (.return, [.training, .inService], .ready),
    (.flight, [.training, .inService], nil),
    (.maintenanceOpen, [.ready, .training, .inService], .maintenance),
    (.awaitParts, [.maintenance], .awaitingParts),
    (.partsReceived, [.awaitingParts], .maintenance),
    (.maintenanceClose, [.maintenance], .awaitingQC),
    (.lost, [.training, .inService], .lost),
    (.writeOff, [.assembly, .awaitingQC, .rework, .ready, .training, .inService, .maintenance, .awaitingParts], .writtenOff),
    // DESIGN §11, §14: parts go in on the bench; stripping a written-off airframe is allowed.
    (.install, [.assembly, .rework, .maintenance], nil),
    (.remove, [.assembly, .rework, .maintenance, .writtenOff], nil),
]

/// Valid data for each event, and the staff member entitled to record it.
private func valid(_ kind: EventKind) -> (String, Fields) {
    switch kind {
    case .qc: return ("insp", Bench.qc())
    case .issue: return ("cmdr", Bench.field { $0.unit = "1st Company" })
    case .flight: return ("instr", Bench.flight(30, .training, operator: "op1"))
    case .maintenanceOpen: return ("tech", Bench.field { $0.reason = "defect" })
    case .awaitParts: return ("tech", Bench.field { $0.part = "ESC 40A" })
    case .lost: return ("instr", Bench.field { $0.reason = "crashed in the field" })
    case .writeOff: return ("boss", Bench.field { $0.reason = "beyond repair" })
    case .assignTraining, .return: return ("instr", Fields())
    case .install: return ("tech", Bench.field { $0.part = "MOTOR"; $0.component = "M1" })
    case .remove: return ("tech", Bench.field { $0.part = "MOTOR"; $0.component = "M2"; $0.disposition = .scrap; $0.reason = "worn" })
    default: return ("tech", Fields())
    }
}

private func bench(in state: AirframeState) -> Bench {
    var b = Bench()
    let t = b.clock
    b.state.airframes["AF-1"] = Airframe(
        serial: "AF-1", model: "FPV-7", batch: nil, state: state, unit: state == .inService ? "1st Company" : nil,
        flightMinutes: 0, minutesSinceService: 0, serviceBaseline: t, qcAttempts: 1, firstPassAt: t,
        awaitingQCBy: "tech", registeredAt: t, stateSince: t, lastEventAt: t)
    // A motor in stock, and one installed in AF-1.
    b.state.parts["MOTOR"] = Part(number: "MOTOR", name: "Motor", tracking: .serial, kind: .component)
    for (serial, airframe) in [("M1", nil), ("M2", "AF-1")] as [(String, String?)] {
        b.state.setPiece(Piece(
            serial: serial, part: "MOTOR", battery: false, status: airframe == nil ? .inStock : .installed, airframe: airframe,
            lot: nil, origin: Origin.unknown, unitCost: nil, receiptID: "r", receivedAt: t, lastEventAt: t))
    }
    return b
}

@Test("every airframe event from every state: accepted with the right state, or refused naming the allowed states",
      arguments: AirframeState.allCases)
func airframeTransitionTable(from state: AirframeState) throws {
    for (kind, fromStates, to) in expected {
        var b = bench(in: state)
        let (actor, data) = valid(kind)
        if fromStates.contains(state) {
            let decision = try b.record(kind, "AF-1", by: actor, data)
            #expect(b.airframe().state == (to ?? state), "\(kind) from \(state)")
            #expect(decision.event.fromState == state.rawValue)
            #expect(decision.event.toState == (to ?? state).rawValue)
        } else {
            let error = rejection { try b.record(kind, "AF-1", by: actor, data) }
            if state.isTerminal {
                #expect(error == .rejected(event: kind.rawValue, subject: "AF-1", rule: .terminal(state)))
                let allowed = state == .writtenOff ? "only undo, and remove to strip it for parts, are allowed on a written-off airframe" : "only undo is allowed on a lost airframe"
                #expect(error?.description == "cannot record '\(kind.rawValue)' for AF-1: it is '\(state.rawValue)' (\(allowed))")
            } else {
                #expect(error == .notAllowedFrom(event: kind.rawValue, subject: "AF-1", state: state.rawValue, allowed: fromStates.map(\.rawValue)))
                #expect(error?.description == "cannot record '\(kind.rawValue)' for AF-1: it is in '\(state.rawValue)' (\(kind.rawValue) is allowed from: \(fromStates.map(\.rawValue).joined(separator: ", ")))")
            }
            #expect(b.airframe().state == state, "a refused event changes nothing")
        }
    }
}

@Test("qc from awaiting_qc goes to rework when an item fails")
func qcFailGoesToRework() throws {
    var b = bench(in: .awaitingQC)
    try b.record(.qc, "AF-1", by: "insp", Bench.qc(pass: false))
    #expect(b.airframe().state == .rework)
}

@Test("register: new airframe goes to assembly; a second register is refused")
func registerFromNew() throws {
    var b = Bench()
    try b.record(.register, "af-9", by: "tech", Bench.field { $0.model = "FPV-7" })
    #expect(b.airframe("AF-9").state == .assembly)
    let error = rejection { try b.record(.register, "AF-9", by: "tech", Bench.field { $0.model = "FPV-7" }) }
    #expect(error == .rejected(event: "register", subject: "AF-9", rule: .alreadyRegistered(model: "FPV-7", state: .assembly)))
    #expect(error?.description == "cannot record 'register' for AF-9: it is already registered (model FPV-7, in 'assembly')")
}

@Test("every event but register on an unknown airframe is refused", arguments: EventKind.airframeKinds.filter { $0 != .register })
func unknownAirframe(kind: EventKind) {
    var b = Bench()
    let (actor, data) = valid(kind)
    let error = rejection { try b.record(kind, "AF-404", by: actor, kind == .undo ? Bench.field { $0.reason = "x" } : data) }
    #expect(error == .rejected(event: kind.rawValue, subject: "AF-404", rule: .notRegistered(serial: "AF-404")))
}

/// Drives a real airframe into `state` through events, so that undo has a history.
private func drive(_ b: inout Bench, to state: AirframeState) throws {
    try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
    let paths: [AirframeState: [(EventKind, String, Fields)]] = [
        .assembly: [],
        .awaitingQC: [(.assembled, "tech", Fields())],
        .rework: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc(pass: false))],
        .ready: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc())],
        .training: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc()), (.assignTraining, "instr", Fields())],
        .inService: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc()), (.issue, "cmdr", Bench.field { $0.unit = "1st Company" })],
        .maintenance: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc()), (.maintenanceOpen, "tech", Bench.field { $0.reason = "scheduled" })],
        .awaitingParts: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc()), (.maintenanceOpen, "tech", Bench.field { $0.reason = "damage" }),
                         (.awaitParts, "tech", Bench.field { $0.part = "arm" })],
        .lost: [(.assembled, "tech", Fields()), (.qc, "insp", Bench.qc()), (.assignTraining, "instr", Fields()),
                (.lost, "instr", Bench.field { $0.reason = "signal lost" })],
        .writtenOff: [(.writeOff, "boss", Bench.field { $0.reason = "scrapped" })],
    ]
    for (kind, actor, data) in paths[state]! { try b.record(kind, "AF-1", by: actor, data) }
}

@Test("undo from every state returns to the from-state of the undone event", arguments: AirframeState.allCases)
func undoFromEveryState(state: AirframeState) throws {
    var b = Bench()
    try drive(&b, to: state)
    #expect(b.airframe().state == state)
    let history = b.state.activeHistory(of: "AF-1")
    let undo = Bench.field { $0.reason = "recorded by mistake" }
    if history.count == 1 {
        let error = rejection { try b.record(.undo, "AF-1", by: "boss", undo) }
        #expect(error == .rejected(event: "undo", subject: "AF-1", rule: .nothingToUndo))
        return
    }
    let previous = history[history.count - 2].toState
    let decision = try b.record(.undo, "AF-1", by: "boss", undo)
    #expect(b.airframe().state.rawValue == previous)
    #expect(decision.event.fromState == state.rawValue)
    #expect(decision.event.data.undoes == history.last!.id)
}
