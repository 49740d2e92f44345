import HangarTestSupport
import Testing
@testable import HangarCore

/// DESIGN §14: HQ replays "applying the §3/§11 transitions without role or from-state
/// checks". A piece's status is its state: the line that last moved a piece may lie in a gap
/// of the log HQ holds, and a QC run's attempt may count a run HQ never saw. Every other rule
/// of §11 still refuses.
@Suite("lenient replay of parts and QC runs at headquarters")
struct SustainmentLenientReplayTests {
    /// The line as HQ would read it next: decided strictly and leniently on the same state.
    func line(_ p: inout PartsBench, _ subject: String, by actor: String = "tech", _ body: EventBody) -> EventInput {
        p.b.clock = p.b.clock.adding(minutes: 1)
        return EventInput(id: p.b.nextID(), subject: subject, occurredAt: p.b.clock, actor: actor, body: body)
    }

    func strictRule(_ input: EventInput, _ p: PartsBench) -> Rule? {
        do { _ = try Ledger.decide(input, in: p.b.state, now: p.b.clock) } catch let HangarError.rejected(_, _, rule) { return rule } catch { return nil }
        return nil
    }

    @Test func aPieceIsTakenWhereTheLogLeftIt() throws {
        var p = try PartsBench()
        try p.receiveMotors(["M1", "M2", "M3", "M4", "M5"])
        try p.add(.stockReceive(StockReceipt(qty: 20, lot: "P1")), "PROP", by: "tech")
        try p.build("AF-1", motors: ["M1", "M2", "M3", "M4"])
        try p.register("AF-2")

        // M1's removal from AF-1 lies in a gap: the next line HQ holds installs it on AF-2.
        let install = line(&p, "AF-2", .install(Installation(part: "MOTOR", component: "M1")))
        #expect(strictRule(install, p) == .pieceUnavailable(serial: "M1", whereabouts: "installed in airframe AF-1"))
        let installed = try Ledger.decide(install, in: p.b.state, now: p.b.clock, lenient: true)
        p.b.state.apply(installed)
        #expect(p.b.state.piece("M1")?.airframe == "AF-2")
        #expect(p.b.state.piece("M1")?.status == .installed)

        // M5's installation on AF-2 lies in a gap: its removal still stands.
        let remove = line(&p, "AF-2", .remove(Removal(part: "MOTOR", component: "M5", disposition: .quarantine, reason: "vibration")))
        #expect(strictRule(remove, p) == .notInstalledHere(what: "MOTOR M5", airframe: "AF-2", whereabouts: "in stock"))
        p.b.state.apply(try Ledger.decide(remove, in: p.b.state, now: p.b.clock, lenient: true))
        #expect(p.b.state.piece("M5")?.status == .quarantine)
        #expect(p.b.state.piece("M5")?.airframe == nil)

        // A stock adjustment of a piece HQ still sees installed (its removal lies in a gap).
        let adjust = line(&p, "MOTOR", by: "boss", .stockAdjust(StockAdjustment(serial: "M2", status: .quarantine, reason: "count")))
        #expect(strictRule(adjust, p) == .pieceUnavailable(serial: "M2", whereabouts: "installed in airframe AF-1; remove it first"))
        p.b.state.apply(try Ledger.decide(adjust, in: p.b.state, now: p.b.clock, lenient: true))
        #expect(p.b.state.piece("M2")?.status == .quarantine)
        #expect(p.b.state.piece("M2")?.airframe == nil)
        #expect(!p.b.state.installedPieces(in: "AF-1").map(\.serial).contains("M2"))

        // What is not a piece's state still refuses: a piece never received, one of another
        // part, a lot quantity the airframe does not hold.
        let unknown = line(&p, "AF-2", .install(Installation(part: "MOTOR", component: "M9")))
        #expect(throws: HangarError.self) { try Ledger.decide(unknown, in: p.b.state, now: p.b.clock, lenient: true) }
        let wrongPart = line(&p, "AF-2", .remove(Removal(part: "BAT", component: "M1", disposition: .stock, reason: "x")))
        #expect(throws: HangarError.self) { try Ledger.decide(wrongPart, in: p.b.state, now: p.b.clock, lenient: true) }
        let tooMany = line(&p, "AF-2", .remove(Removal(part: "PROP", lot: "P1", qty: 1, disposition: .stock, reason: "x")))
        #expect(throws: HangarError.self) { try Ledger.decide(tooMany, in: p.b.state, now: p.b.clock, lenient: true) }
    }

    @Test func aBatteryFliesFromWhereverTheLogLeftIt() throws {
        var p = try PartsBench()
        try p.add(.stockReceive(StockReceipt(qty: 1, serials: ["B1"])), "BAT", by: "tech")
        try p.receiveMotors(["M1", "M2", "M3", "M4"])
        try p.add(.stockReceive(StockReceipt(qty: 4, lot: "P1")), "PROP", by: "tech")
        try p.build("AF-1", motors: ["M1", "M2", "M3", "M4"])
        // B1 was put in quarantine; its return to stock lies in a gap.
        try p.add(.stockAdjust(StockAdjustment(serial: "B1", status: .quarantine, reason: "swollen?")), "BAT")
        let flight = line(&p, "AF-1", .flight(Flight(minutes: 20, purpose: .operational, batteries: ["B1"])))
        #expect(strictRule(flight, p) == .pieceUnavailable(serial: "B1", whereabouts: "quarantined"))
        p.b.state.apply(try Ledger.decide(flight, in: p.b.state, now: p.b.clock, lenient: true))
        #expect(p.b.state.piece("B1")?.cycles == 1)
        #expect(p.b.state.piece("B1")?.flightMinutes == 20)
    }

    @Test func aQCRunKeepsWhatItsWorkshopComputed() throws {
        var p = try PartsBench(enforced: false)
        try p.register("AF-3")
        try p.b.record(.assembled, "AF-3", by: "tech")
        // The first run (a fail) and the rework lie in a gap: HQ's next line is attempt 2.
        let run = QCRun(checks: ["motors": .pass, "compass": .pass], measures: ["hover_current_a": 11], checklistVersion: 1, attempt: 2, outcome: .pass)
        let second = line(&p, "AF-3", by: "insp", .qc(run))
        #expect(strictRule(second, p) == .computedDiffers(field: "attempt", given: "2", computed: "1"))
        let decided = try Ledger.decide(second, in: p.b.state, now: p.b.clock, lenient: true)
        guard case let .qc(stored) = decided.event.body else { Issue.record("not a QC run"); return }
        #expect(stored.attempt == 2)
        #expect(stored.outcome == .pass)
        p.b.state.apply(decided)
        #expect(p.b.state.airframes["AF-3"]?.qcAttempts == 2)
        #expect(p.b.state.airframes["AF-3"]?.state == .ready)

        // A run judged against a checklist HQ does not hold (version 2: its update lies in a
        // gap) keeps its outcome; against the checklist HQ holds, a run is still judged.
        try p.register("AF-4")
        try p.b.record(.assembled, "AF-4", by: "tech")
        let other = QCRun(checks: ["frame": .pass], checklistVersion: 2, attempt: 1, outcome: .pass)
        let unseen = line(&p, "AF-4", by: "insp", .qc(other))
        #expect(throws: HangarError.self) { try Ledger.decide(unseen, in: p.b.state, now: p.b.clock) }
        #expect(try Ledger.decide(unseen, in: p.b.state, now: p.b.clock, lenient: true).event.toState == AirframeState.ready.rawValue)
        let sameVersion = QCRun(checks: ["frame": .pass], checklistVersion: 1, attempt: 1, outcome: .pass)
        let misjudged = line(&p, "AF-4", by: "insp", .qc(sameVersion))
        #expect(throws: HangarError.self) { try Ledger.decide(misjudged, in: p.b.state, now: p.b.clock, lenient: true) }
    }
}
