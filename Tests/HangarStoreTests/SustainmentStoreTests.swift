import HangarTestSupport
import Foundation
import HangarCore
import Testing
@testable import HangarStore

/// Sustainment through the store (DESIGN §11): the airframe's local content as delivered,
/// and every new event and projection through export and import.
@Suite("Sustainment in the store")
struct SustainmentStoreTests {
    /// The hand-worked airframe of the report's test: items F1 (KZ, 100), M1 (KZ, 50),
    /// M2 (CN, 80), M3 (KZ, no cost), 4 of lot P1 (CN, 5), C1 (unknown, 40); price 1000.
    /// Count 3/8, cost 150/250, value (1000 − 100)/1000, unknown 2/9.
    static func workshop(_ f: inout StoreFixture) throws {
        try f.populate()
        func add(_ body: EventBody, _ subject: String, _ actor: String) throws {
            f.clock = f.clock.adding(minutes: 1)
            f.counter += 1
            try f.store.record(EventInput(id: "ev-\(f.counter)", subject: subject, occurredAt: f.clock, actor: actor, body: body), now: f.now)
        }
        try add(.workshopSet(WorkshopSetting(country: "KZ", currency: "KZT")), "Test Workshop", "boss")
        try add(.modelUpdate(ModelChange(exwPrice: .set(1000))), "FPV-7", "boss")
        for (number, tracking) in [("FRAME", PartTracking.serial), ("MOTOR", .serial), ("PROP", .lot), ("CAM", .serial)] {
            try add(.partAdd(PartDefinition(name: number, tracking: tracking, kind: tracking == .lot ? .consumable : .component, lifeMinutes: number == "MOTOR" ? 500 : nil)), number, "boss")
        }
        try add(.stockReceive(StockReceipt(qty: 1, serials: ["F1"], origin: "KZ", unitCost: 100)), "FRAME", "tech")
        try add(.stockReceive(StockReceipt(qty: 1, lot: "ML1", serials: ["M1"], origin: "KZ", unitCost: 50)), "MOTOR", "tech")
        try add(.stockReceive(StockReceipt(qty: 2, serials: ["M2", "M4"], origin: "CN", unitCost: 80)), "MOTOR", "tech")
        try add(.stockReceive(StockReceipt(qty: 1, serials: ["M3"], origin: "KZ")), "MOTOR", "tech")
        try add(.stockReceive(StockReceipt(qty: 10, lot: "P1", origin: "CN", unitCost: 5)), "PROP", "tech")
        try add(.stockReceive(StockReceipt(qty: 1, serials: ["C1"], unitCost: 40)), "CAM", "tech")
        try f.record(.register, "AF-9", by: "tech") { $0.model = "FPV-7" }
        for (part, piece) in [("FRAME", "F1"), ("MOTOR", "M1"), ("MOTOR", "M2"), ("MOTOR", "M3"), ("MOTOR", "M4"), ("CAM", "C1")] {
            try add(.install(Installation(part: part, component: piece)), "AF-9", "tech")
        }
        try add(.remove(Removal(part: "MOTOR", component: "M4", disposition: .stock, reason: "wrong motor")), "AF-9", "tech")
        try add(.install(Installation(part: "PROP", lot: "P1", qty: 6)), "AF-9", "tech")
        try add(.remove(Removal(part: "PROP", lot: "P1", qty: 2, disposition: .scrap, reason: "chipped")), "AF-9", "tech")
        try f.record(.assembled, "AF-9", by: "tech")
        try f.record(.qc, "AF-9", by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 9] }
        try f.record(.maintenanceOpen, "AF-9", by: "tech") { $0.reason = "defect" }
        // After delivery: what it carries now does not change what it was delivered with.
        try add(.remove(Removal(part: "CAM", component: "C1", disposition: .quarantine, reason: "no picture")), "AF-9", "tech")
        try add(.stockAdjust(StockAdjustment(lot: "P1", qtyDelta: -1, reason: "count")), "PROP", "boss")
    }

    /// A new store with `lines` imported in one transaction: every line applied, and its export
    /// the same lines.
    static func imported(_ lines: [String], now: Timestamp) throws -> StoreFixture {
        let g = try StoreFixture()
        let url = URL(fileURLWithPath: NSTemporaryDirectory() + "import-\(UUID().uuidString).ndjson")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let summary = try g.store.importEvents(from: try FileHandle(forReadingFrom: url), now: now)
        #expect(summary.applied == lines.count)
        #expect(try g.export() == lines)
        return g
    }

    @Test func localContentAsDelivered() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try Self.workshop(&f)
        let view = try #require(try f.store.airframe("AF-9", now: f.now))
        #expect(view.localContent == LocalContent(countShare: 3.0 / 8, costShare: 0.6, valueShare: 0.9, unknownShare: 2.0 / 9))
        #expect(view.pieces.map(\.serial) == ["F1", "M1", "M2", "M3"])
        #expect(view.holdings.map(\.qty) == [4])
        #expect(try f.store.piece("C1")?.status == .quarantine)
        #expect(try f.store.lots(of: "PROP").map(\.onHand) == [3])  // 10 − 6 − 1; the scrapped 2 do not come back
        #expect(try f.store.verify().ok)
        // Recall of motor lot ML1: AF-9 holds M1 from it.
        let rows = try f.store.recall(part: "MOTOR", lot: "ML1", component: nil, ever: false)
        #expect(rows.map(\.serial) == ["AF-9"])
        // M4 was installed in AF-9 and removed: only `ever` finds it, with its removal.
        #expect(try f.store.recall(part: "MOTOR", lot: nil, component: "M4", ever: false).isEmpty)
        let m4 = try f.store.recall(part: "MOTOR", lot: nil, component: "M4", ever: true)
        #expect(m4.map(\.serial) == ["AF-9"] && m4.first?.removedAt != nil)
        // Of propeller lot P1, 6 went in and 2 came out: AF-9 holds 4.
        #expect(try f.store.recall(part: "PROP", lot: "P1", component: nil, ever: false).map(\.qty) == [4])
    }

    /// S21: a recall names the unit of the latest issue unless a return came after it, even
    /// when a repair's QC pass has made the airframe `ready` (its `unit` then empty).
    @Test func recallNamesTheUnitOfTheLatestIssue() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try Self.workshop(&f)
        f.clock = f.clock.adding(minutes: 1)
        try f.store.record(EventInput(id: "r-1", subject: "AF-7", occurredAt: f.clock, actor: "tech", body: .register(Registration(model: "FPV-7"))), now: f.now)
        f.clock = f.clock.adding(minutes: 1)
        try f.store.record(EventInput(id: "r-2", subject: "AF-7", occurredAt: f.clock, actor: "tech",
                                      body: .install(Installation(part: "MOTOR", component: "M4"))), now: f.now)
        try f.record(.assembled, "AF-7", by: "tech")
        try f.record(.qc, "AF-7", by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 9] }
        try f.record(.issue, "AF-7", by: "boss") { $0.unit = "1st Company" }
        try f.record(.maintenanceOpen, "AF-7", by: "tech") { $0.reason = "damage" }
        try f.record(.maintenanceClose, "AF-7", by: "tech") { $0.work = "new arm" }
        try f.record(.qc, "AF-7", by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 9] }
        #expect(try f.store.airframe("AF-7")?.airframe.unit == nil, "the QC pass after a repair leaves it ready without a unit")
        var rows = try f.store.recall(part: "MOTOR", lot: nil, component: "M4", ever: true)
        #expect(rows.first { $0.serial == "AF-7" }?.unit == "1st Company")
        try f.record(.issue, "AF-7", by: "boss") { $0.unit = "1st Company" }
        try f.record(.return, "AF-7", by: "boss")
        rows = try f.store.recall(part: "MOTOR", lot: nil, component: "M4", ever: true)
        #expect(rows.first { $0.serial == "AF-7" }?.unit == nil, "a return after the issue: no unit")
    }

    @Test func everyNewEventSurvivesExportAndImport() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try Self.workshop(&f)
        try f.record(.undo, "PROP", by: "boss") { $0.reason = "miscount" }
        let exported = try f.export()
        #expect(exported.contains { $0.contains("\"event\":\"stock_receive\"") && $0.contains("\"origin\":\"KZ\"") })
        #expect(exported.contains { $0.contains("\"event\":\"assembled\"") && $0.contains("\"bom_version\":null") })
        let g = try Self.imported(exported, now: f.now)
        defer { g.remove() }
        #expect(try g.store.verify().ok)
        #expect(try g.store.read { try HangarStore.loadProjections($0) } == f.store.read { try HangarStore.loadProjections($0) })
    }

    /// An import judges each line against the BOM and part as they stand at that line, though
    /// it reads each once and keeps it: a `part_update` or `bom_set` is seen by the lines after
    /// it. M9 flies 20 minutes on AF-1 past its motor's 10-minute life, which is then raised to
    /// 900, so it may go back to stock and into AF-11; AF-11 is built to BOM version 2, whose
    /// camera is not on version 1.
    @Test func anImportSeesEachPartAndBOMAsOfItsLine() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        func add(_ body: EventBody, _ subject: String, _ actor: String) throws {
            f.clock = f.clock.adding(minutes: 1)
            f.counter += 1
            try f.store.record(EventInput(id: "ev-\(f.counter)", subject: subject, occurredAt: f.clock, actor: actor, body: body), now: f.now)
        }
        for number in ["FRAME", "MOTOR", "CAM"] {
            try add(.partAdd(PartDefinition(name: number, tracking: .serial, kind: .component, lifeMinutes: number == "MOTOR" ? 10 : nil)), number, "boss")
        }
        try add(.stockReceive(StockReceipt(qty: 2, serials: ["F1", "F2"], origin: "KZ")), "FRAME", "tech")
        try add(.stockReceive(StockReceipt(qty: 3, serials: ["M1", "M2", "M9"], origin: "CN")), "MOTOR", "tech")
        try add(.stockReceive(StockReceipt(qty: 1, serials: ["C1"], origin: "KZ")), "CAM", "tech")
        try f.record(.maintenanceOpen, "AF-1", by: "tech") { $0.reason = "defect" }
        try add(.install(Installation(part: "MOTOR", component: "M9")), "AF-1", "tech")
        try f.record(.maintenanceClose, "AF-1", by: "tech") { $0.work = "motor" }
        try f.record(.qc, "AF-1", by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 9] }
        try f.record(.issue, "AF-1", by: "boss") { $0.unit = "1st Company" }
        try f.record(.flight, "AF-1", by: "tech") { $0.minutes = 20; $0.purpose = .operational }
        try f.record(.maintenanceOpen, "AF-1", by: "tech") { $0.reason = "scheduled" }
        try add(.partUpdate(PartChange(lifeMinutes: .set(900))), "MOTOR", "boss")
        try add(.remove(Removal(part: "MOTOR", component: "M9", disposition: .stock, reason: "spare")), "AF-1", "tech")
        try add(.bomSet(BOMSetting(lines: [BOMLine(part: "FRAME", qty: 1), BOMLine(part: "MOTOR", qty: 2)], enforced: true)), "FPV-7", "boss")
        try f.record(.register, "AF-10", by: "tech") { $0.model = "FPV-7" }
        for (part, piece) in [("FRAME", "F1"), ("MOTOR", "M1"), ("MOTOR", "M2")] {
            try add(.install(Installation(part: part, component: piece)), "AF-10", "tech")
        }
        try f.record(.assembled, "AF-10", by: "tech")
        try add(.bomSet(BOMSetting(lines: [BOMLine(part: "FRAME", qty: 1), BOMLine(part: "MOTOR", qty: 1), BOMLine(part: "CAM", qty: 1)],
                                   enforced: true)), "FPV-7", "boss")
        try f.record(.register, "AF-11", by: "tech") { $0.model = "FPV-7" }
        for (part, piece) in [("FRAME", "F2"), ("MOTOR", "M9"), ("CAM", "C1")] {
            try add(.install(Installation(part: part, component: piece)), "AF-11", "tech")
        }
        try f.record(.assembled, "AF-11", by: "tech")
        let exported = try f.export()
        #expect(exported.contains { $0.contains("\"subject\":\"AF-11\"") && $0.contains("\"bom_version\":2") })
        let g = try Self.imported(exported, now: f.now)
        defer { g.remove() }
        #expect(try g.store.piece("M9")?.airframe == "AF-11")
        #expect(try g.store.verify().ok)
    }
}
