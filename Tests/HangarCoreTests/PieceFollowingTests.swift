import HangarCore
import Testing

/// What the summaries' rebuild keeps of pieces (DESIGN §11): component life followed only
/// for the parts given, and an airframe's as-built items with receipt terms told by the
/// caller, dropped once read.
@Suite("Following pieces with less memory")
struct PieceFollowingTests {
    var seq: Int64 = 0

    mutating func event(_ subject: String, _ body: EventBody) -> RecordedEvent {
        seq += 1
        let at = Timestamp(milliseconds: 1_767_254_400_000 + seq * 60_000)
        return RecordedEvent(seq: seq, id: "e\(seq)", subject: subject, fromState: nil, toState: nil,
                             occurredAt: at, recordedAt: at, actor: "tech", body: body)
    }

    /// M1 (a motor with a 50-minute life) and F1 (a frame, no life) fly on AF-1 three times
    /// 30 minutes: the third flight takes off with M1 at 60 minutes, at its life.
    mutating func flights<P: WatchedPieces>(_ watch: inout ComponentLifeWatch<P>) throws(P.Failure) -> [Bool] {
        var due: [Bool] = []
        let setup: [(String, EventBody)] = [
            ("MOTOR", .partAdd(PartDefinition(name: "Motor", tracking: .serial, kind: .component, lifeMinutes: 50))),
            ("FRAME", .partAdd(PartDefinition(name: "Frame", tracking: .serial, kind: .component))),
            ("AF-1", .install(Installation(part: "MOTOR", component: "M1"))),
            ("AF-1", .install(Installation(part: "FRAME", component: "F1"))),
        ]
        for (subject, body) in setup { try watch.apply(event(subject, body)) }
        for _ in 0..<3 { due.append(try watch.apply(event("AF-1", .flight(Flight(minutes: 30, purpose: .operational))))) }
        return due
    }

    @Test mutating func lifeIsFollowedForTheGivenParts() {
        var all = ComponentLifeWatch()
        #expect(flights(&all) == [false, false, true])
        var motors = ComponentLifeWatch(followed: ["MOTOR"])
        #expect(flights(&motors) == [false, false, true], "the motor is followed: the same flights are due")
        var frames = ComponentLifeWatch(followed: ["FRAME"])
        #expect(flights(&frames) == [false, false, false], "the motor is not followed: no flight is due")
    }

    @Test mutating func asBuiltItemsWithReceiptTermsToldByTheCaller() {
        var kept = StockTrail(keepsPieces: false)
        var told = StockTrail(keepsPieces: false, keepsReceipts: false)
        let events = [
            event("MOTOR", .partAdd(PartDefinition(name: "Motor", tracking: .serial, kind: .component))),
            event("MOTOR", .stockReceive(StockReceipt(qty: 2, serials: ["M1", "M2"], origin: "KZ", unitCost: 50))),
            event("MOTOR", .stockReceive(StockReceipt(qty: 1, serials: ["M3"], origin: "CN", unitCost: 80))),
            event("AF-1", .install(Installation(part: "MOTOR", component: "M1"))),
            event("AF-1", .install(Installation(part: "MOTOR", component: "M3"))),
            event("AF-1", .install(Installation(part: "MOTOR", component: "M2"))),
            event("AF-1", .remove(Removal(part: "MOTOR", component: "M2", disposition: .stock, reason: "spare"))),
            event("PROP", .partAdd(PartDefinition(name: "Propeller", tracking: .lot, kind: .consumable))),
            event("PROP", .stockReceive(StockReceipt(qty: 10, lot: "L1", origin: "TR", unitCost: 5))),
            event("AF-1", .install(Installation(part: "PROP", lot: "L1", qty: 4))),
        ]
        for e in events { kept.apply(e); told.apply(e) }
        #expect(kept.lots.count == 1 && told.lots.isEmpty, "lots are kept only with the receipts")
        let terms = ["M1": ("KZ", 50), "M2": ("KZ", 50), "M3": ("CN", 80)]
        let expected = [LocalContent.Item(origin: "CN", cost: 80, count: 1), LocalContent.Item(origin: "KZ", cost: 50, count: 1),
                        LocalContent.Item(origin: "TR", cost: 5, count: 4)]
        #expect(kept.asBuilt("AF-1") == expected)
        let piece = { (serial: String) in terms[serial].map { LocalContent.Item(origin: $0.0, cost: $0.1, count: 1) } }
        #expect(told.asBuilt("AF-1", receipt: piece) { part, lot in part == "PROP" && lot == "L1" ? LocalContent.Item(origin: "TR", cost: 5, count: 1) : nil } == expected)
        #expect(told.asBuilt("AF-1", receipt: piece, lot: { _, _ in nil }) == Array(expected.prefix(2)) + [LocalContent.Item(origin: Origin.unknown, cost: nil, count: 4)],
                "a lot whose terms are not told is of unknown origin")
        #expect(told.asBuilt("AF-1") == [LocalContent.Item(origin: Origin.unknown, cost: nil, count: 4)],
                "without receipts and without terms told, nothing is known of a piece")
        told.forget("AF-1")
        #expect(told.asBuilt("AF-1", receipt: { _ in LocalContent.Item(origin: "KZ", cost: 1, count: 1) }, lot: { _, _ in LocalContent.Item(origin: "KZ", cost: 1, count: 1) }).isEmpty, "forgotten: it carries nothing")
    }
}
