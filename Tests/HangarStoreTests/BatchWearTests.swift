import HangarTestSupport
import Foundation
import GRDB
import HangarCore
import Testing
@testable import HangarStore

/// A server batch keeps each flight's wear of the pieces aboard in the writer and writes each
/// piece's row once (`LogWriter.deferWear`), and is written without savepoints unless an event
/// fails while its rows are written. Whatever the batches, the file must end as the same
/// events recorded one at a time leave it.
@Suite("Batches with parts")
struct BatchWearTests {
    /// The events after `SustainmentStoreTests.workshop`: AF-9 back from maintenance and issued,
    /// batteries received, then flights (some with a battery), a refused flight, a repeated
    /// event id (refused by the events table, after the rules accepted it), a refused install
    /// after worn pieces, a motor changed
    /// in maintenance, a battery check, more flights.
    static func events(after f: StoreFixture) -> [EventInput] {
        var clock = f.clock
        var n = 0
        var list: [EventInput] = []
        func add(_ body: EventBody, _ subject: String = "AF-9", by actor: String = "tech", id: String? = nil) {
            clock = clock.adding(minutes: 1)
            n += 1
            list.append(EventInput(id: id ?? "bw-\(n)", subject: subject, occurredAt: clock, actor: actor, body: body))
        }
        func qc() {
            clock = clock.adding(minutes: 1)
            n += 1
            var d = Fields()
            d.checks = ["motors": .pass]
            d.measures = ["hover_current_a": 9]
            list.append(try! EventInput(id: "bw-\(n)", kind: .qc, subject: "AF-9", occurredAt: clock, actor: "insp", data: d))
        }
        func fly(_ minutes: Int, _ batteries: [String]? = nil, id: String? = nil) {
            add(.flight(Flight(minutes: minutes, purpose: .operational, batteries: batteries)), id: id)
        }
        add(.maintenanceClose(WorkDone(work: "checked")))
        qc()
        add(.issue(UnitIssue(unit: "1st Company")), by: "boss")
        add(.partAdd(PartDefinition(name: "Pack", tracking: .serial, kind: .battery, lifeCycles: 50, ratedMah: 5000)), "BAT", by: "boss")
        add(.stockReceive(StockReceipt(qty: 2, serials: ["B1", "B2"], origin: "KZ", unitCost: 30)), "BAT")
        for i in 0..<6 { fly(5 + i, i % 3 == 0 ? ["B1"] : nil) }
        fly(0)                        // refused: minutes are 1 to 1440
        fly(7, id: "bw-6")            // refused: the id is already in the log
        fly(8, ["B2"])
        add(.maintenanceOpen(MaintenanceOpening(reason: .scheduled)))
        add(.remove(Removal(part: "MOTOR", component: "M1", disposition: .stock, reason: "worn")))
        add(.install(Installation(part: "MOTOR", component: "M4")))
        add(.maintenanceClose(WorkDone(work: "motor changed")))
        qc()
        add(.issue(UnitIssue(unit: "1st Company")), by: "boss")
        for i in 0..<5 { fly(10 + i, i == 2 ? ["B1", "B2"] : nil) }
        add(.install(Installation(part: "MOTOR", component: "NOPE")))  // refused: no such piece (after worn pieces)
        add(.batteryCheck(BatteryCheck(capacityMah: 4700)), "B1")
        for i in 0..<4 { fly(3 + i) }
        return list
    }

    static func state(_ f: StoreFixture) throws -> [String] {
        let pieces = try f.store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pieces ORDER BY serial").map { "\($0)" }
        }
        return pieces + (try f.export())
    }

    @Test func batchesLeaveTheFileAsEventsOneAtATimeDo() throws {
        var one = try StoreFixture()
        defer { one.remove() }
        try SustainmentStoreTests.workshop(&one)
        let events = Self.events(after: one)
        var singly: [Bool] = []
        for e in events { singly.append((try? one.store.record(e, now: one.now)) != nil) }
        // The script does what it says: three refusals, the rest written.
        #expect(singly.filter { !$0 }.count == 3)
        #expect(singly[11] == false && singly[12] == false && singly[25] == false)
        let expected = try Self.state(one)
        let minutes = try one.store.read { db in try Int.fetchOne(db, sql: "SELECT flight_minutes FROM pieces WHERE serial = 'M4'") }
        #expect(minutes == (10 + 11 + 12 + 13 + 14) + (3 + 4 + 5 + 6))

        // All at once, in batches of several sizes (the refused ones in the middle of one).
        for size in [events.count, 7, 3] {
            var many = try StoreFixture()
            defer { many.remove() }
            try SustainmentStoreTests.workshop(&many)
            var batched: [Bool] = []
            var start = 0
            while start < events.count {
                let slice = events[start..<min(start + size, events.count)]
                let results = try many.store.recordBatch(slice.map { HangarStore.Pending($0, happensNow: false) }, clock: { many.now })
                batched += results.map { (try? $0.get()) != nil }
                start += size
            }
            #expect(batched == singly, "batches of \(size)")
            #expect(try Self.state(many) == expected, "batches of \(size)")
            #expect(try many.store.verify().ok)
        }
    }

    /// The id given twice passes the rules and fails at the events table: the batch is written
    /// again with savepoints, and that event alone is refused, with the table's reason.
    @Test func anEventFailingWhileWrittenIsRefusedAloneAndTheOthersStand() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try SustainmentStoreTests.workshop(&f)
        let events = Self.events(after: f)
        let before = try f.store.eventCount()
        let results = try f.store.recordBatch(events.map { HangarStore.Pending($0, happensNow: false) }, clock: { f.now })
        guard case let .failure(error) = results[12] else {
            Issue.record("the repeated id was written")
            return
        }
        #expect("\(error)".contains("UNIQUE"), "\(error)")
        #expect(results.enumerated().filter { (try? $0.element.get()) == nil }.map(\.offset) == [11, 12, 25])
        #expect(try f.store.eventCount() == before + events.count - 3)
        #expect(try f.store.verify().ok)
    }
}
