import HangarTestSupport
import Testing
@testable import HangarCore

/// Headquarters replay a workshop's log "applying the §3/§11 transitions without role or
/// from-state checks" (DESIGN §14): what a gap may have taken away (who was added, the
/// state before) does not refuse a line; every other rule still does.
@Suite("lenient replay at headquarters")
struct LenientReplayTests {
    func input(_ b: inout Bench, _ kind: EventKind, _ subject: String, by actor: String, _ data: Fields = Fields()) throws -> EventInput {
        b.clock = b.clock.adding(minutes: 1)
        return try EventInput(id: b.nextID(), kind: kind, subject: subject, occurredAt: b.clock, actor: actor, data: data)
    }

    @Test func roleAndFromStateAreNotJudgedOtherRulesAre() throws {
        var b = Bench()
        try b.record(.register, "AF-1", by: "tech", Bench.field { $0.model = "FPV-7" })
        // QC of an airframe still in assembly (its `assembled` lies in a gap), by a technician.
        let qc = try input(&b, .qc, "AF-1", by: "tech", Bench.qc())
        #expect(throws: HangarError.self) { try Ledger.decide(qc, in: b.state, now: b.clock) }
        let decided = try Ledger.decide(qc, in: b.state, now: b.clock, lenient: true)
        #expect(decided.event.fromState == AirframeState.assembly.rawValue)
        #expect(decided.event.toState == AirframeState.ready.rawValue)
        #expect(decided.judgement?.outcome == .pass)

        // Someone the replay never saw added (their `staff_add` lies in a gap).
        let byStranger = try input(&b, .assembled, "AF-1", by: "ghost")
        #expect(throws: HangarError.rejected(event: "assembled", subject: "AF-1", rule: .unknownStaff("ghost"))) {
            try Ledger.decide(byStranger, in: b.state, now: b.clock)
        }
        #expect(try Ledger.decide(byStranger, in: b.state, now: b.clock, lenient: true).event.toState == AirframeState.awaitingQC.rawValue)

        // An operator qualified without their training start.
        let qualify = try input(&b, .qualify, "op1", by: "tech")
        #expect(throws: HangarError.self) { try Ledger.decide(qualify, in: b.state, now: b.clock) }
        #expect(try Ledger.decide(qualify, in: b.state, now: b.clock, lenient: true).event.toState == OperatorState.qualified.rawValue)

        // What is not a role or a state still refuses: an airframe never registered, a QC run
        // that does not fill the checklist.
        let unregistered = try input(&b, .assembled, "AF-9", by: "tech")
        #expect(throws: HangarError.rejected(event: "assembled", subject: "AF-9", rule: .notRegistered(serial: "AF-9"))) {
            try Ledger.decide(unregistered, in: b.state, now: b.clock, lenient: true)
        }
        var incomplete = Bench.qc()
        incomplete.checks = ["motors": .pass]
        let short = try input(&b, .qc, "AF-1", by: "insp", incomplete)
        #expect(throws: HangarError.self) { try Ledger.decide(short, in: b.state, now: b.clock, lenient: true) }
        // The workshop's clock is not headquarters': a line dated ahead of HQ's clock stands.
        var future = try input(&b, .assembled, "AF-1", by: "tech")
        future.occurredAt = b.clock.adding(minutes: 60)
        #expect(throws: HangarError.self) { try Ledger.decide(future, in: b.state, now: b.clock) }
        #expect(try Ledger.decide(future, in: b.state, now: b.clock, lenient: true).event.occurredAt == future.occurredAt)
    }
}
