import HangarTestSupport
import Testing
@testable import HangarCore
@testable import HangarReport

/// The supply group (DESIGN §11, §14), worked out by hand.
@Suite("Supply: NMCM/NMCS, waits by part, local content")
struct SupplyMetricTests {
    /// Two weeks from Monday 2026-01-05. A: maintenance 06 08:00, waits for MOTOR-X 06 20:00
    /// to 07 08:00, closed 08 08:00: NMCM 12 + 24 = 36 h, NMCS 12 h. B: maintenance Sunday
    /// 11 12:00, waits for an uncatalogued "widget" from 11 18:00 to the end: NMCM 6 h, NMCS
    /// 6 h in week 1 and 168 h in week 2 (or up to the snapshot, when it is earlier).
    func timeline() -> Log {
        var log = Log()
        log.body(.partAdd(PartDefinition(name: "Motor X", tracking: .serial, kind: .component)), "MOTOR-X", "boss", "2026-01-01T08:00:00Z")
        for s in ["A", "B"] {
            log.delivered(s, registered: "2026-01-01T09:00:00Z", assembled: "2026-01-01T10:00:00Z", passed: "2026-01-01T11:00:00Z")
            log.issue(s, "2026-01-02T08:00:00Z")
        }
        log.open("A", "2026-01-06T08:00:00Z", "defect")
        log.add(.awaitParts, "A", "tech", Log.at("2026-01-06T20:00:00Z")) { $0.part = "MOTOR-X" }
        log.add(.partsReceived, "A", "tech", Log.at("2026-01-07T08:00:00Z"))
        log.close("A", "2026-01-08T08:00:00Z")
        log.open("B", "2026-01-11T12:00:00Z", "damage")
        log.add(.awaitParts, "B", "tech", Log.at("2026-01-11T18:00:00Z")) { $0.part = "widget" }
        return log
    }

    @Test func hoursInMaintenanceAndAwaitingPartsByBucket() {
        let s = timeline().supply(from: "2026-01-05", to: "2026-01-19", now: "2026-02-01T00:00:00Z")
        #expect(s.buckets.map(\.nmcmHours) == [42, 0])
        #expect(s.buckets.map(\.nmcsHours) == [18, 168])
        #expect(s.totals.nmcmHours == 42)
        #expect(s.totals.nmcsHours == 186)
        #expect(s.totals.awaitingPartsByPart == [
            PartWait(part: "widget", catalogued: false, airframes: 1, hours: 174),
            PartWait(part: "MOTOR-X", catalogued: true, airframes: 1, hours: 12),
        ])
        #expect(s.buckets[1].awaitingPartsByPart == [PartWait(part: "widget", catalogued: false, airframes: 1, hours: 168)])
        // Hours by part add up to NMCS.
        #expect(s.totals.awaitingPartsByPart.reduce(0) { $0 + $1.hours } == s.totals.nmcsHours)
        // A snapshot on Thursday 15th: the open wait ends there.
        let early = timeline().supply(from: "2026-01-05", to: "2026-01-19", now: "2026-01-15T00:00:00Z")
        #expect(early.buckets.map(\.nmcsHours) == [18, 72])
    }

    /// One airframe, items: frame F1 (KZ, 100), motors M1 (KZ, 50), M2 (CN, 80), M3 (KZ, no
    /// cost), 4 propellers of lot P1 (CN, 5 each), camera C1 (unknown origin, 40); the
    /// model's price 1000. Items 9; of known origin 8, domestic 3: count 3/8. Cost of known
    /// origin and cost 100+50+80+20 = 250, domestic 150: cost 0.6. Foreign cost 80+20 = 100:
    /// value (1000 − 100)/1000 = 0.9. Unknown origin or cost: C1 and M3, 2/9.
    @Test func theFourLocalContentShares() {
        var log = Log()
        let t = "2026-01-02T08:00:00Z"
        log.body(.workshopSet(WorkshopSetting(country: "KZ", currency: "KZT")), "Test Workshop", "boss", t)
        log.body(.modelUpdate(ModelChange(exwPrice: .set(1000))), "M1", "boss", t)
        for (number, tracking) in [("FRAME", PartTracking.serial), ("MOTOR", .serial), ("PROP", .lot), ("CAM", .serial)] {
            log.body(.partAdd(PartDefinition(name: number, tracking: tracking, kind: tracking == .lot ? .consumable : .component)), number, "boss", t)
        }
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["F1"], origin: "KZ", unitCost: 100)), "FRAME", "tech", "2026-01-02T09:00:00Z")
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["M1"], origin: "KZ", unitCost: 50)), "MOTOR", "tech", "2026-01-02T09:01:00Z")
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["M3"], origin: "KZ")), "MOTOR", "tech", "2026-01-02T09:02:00Z")
        // A piece quarantined and released is in stock again.
        log.body(.stockAdjust(StockAdjustment(serial: "M3", status: .quarantine, reason: "check")), "MOTOR", "boss", "2026-01-02T09:03:00Z")
        log.body(.stockAdjust(StockAdjustment(serial: "M3", status: .inStock, reason: "fine")), "MOTOR", "boss", "2026-01-02T09:03:30Z")
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["M2"], origin: "CN", unitCost: 80)), "MOTOR", "tech", "2026-01-02T09:04:00Z")
        log.body(.stockReceive(StockReceipt(qty: 10, lot: "P1", origin: "CN", unitCost: 5)), "PROP", "tech", "2026-01-02T09:05:00Z")
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["C1"], unitCost: 40)), "CAM", "tech", "2026-01-02T09:06:00Z")
        log.register("A", "2026-01-06T08:00:00Z")
        for (i, (part, piece)) in [("FRAME", "F1"), ("MOTOR", "M1"), ("MOTOR", "M2"), ("MOTOR", "M3"), ("CAM", "C1")].enumerated() {
            log.body(.install(Installation(part: part, component: piece)), "A", "tech", "2026-01-06T09:0\(i):00Z")
        }
        log.body(.install(Installation(part: "PROP", lot: "P1", qty: 4)), "A", "tech", "2026-01-06T09:10:00Z")
        log.assembled("A", "2026-01-06T10:00:00Z")
        log.pass("A", "2026-01-06T11:00:00Z")
        let s = log.supply(from: "2026-01-05", to: "2026-01-12", now: "2026-02-01T00:00:00Z")
        let c = s.totals.localContent
        #expect(c?.countShare == 3.0 / 8)
        #expect(c?.costShare == 0.6)
        #expect(c?.valueShare == 0.9)
        #expect(c?.unknownShare == 2.0 / 9)
        #expect(s.buckets[0].localContent == c)
        #expect(s.totals.partsConsumed == [PartQuantity(part: "PROP", qty: 4), PartQuantity(part: "MOTOR", qty: 3),
                                           PartQuantity(part: "CAM", qty: 1), PartQuantity(part: "FRAME", qty: 1)])
    }

    /// A motor (life 100 minutes) flies 95: at ≥ 90% it is listed. A battery (3 cycles)
    /// flies three times: listed by cycles, and worn. Propellers: 6 received, 4 installed in a
    /// one-week period: 2 on hand against a reorder point of 5, 4 a week, half a week of cover.
    @Test func theSnapshotsLowStockLifeAndBatteries() {
        var log = Log()
        let t = "2026-01-02T08:00:00Z"
        log.body(.partAdd(PartDefinition(name: "Motor", tracking: .serial, kind: .component, lifeMinutes: 100)), "MOTOR", "boss", t)
        log.body(.partAdd(PartDefinition(name: "Pack", tracking: .serial, kind: .battery, lifeCycles: 3, ratedMah: 1000)), "BAT", "boss", t)
        log.body(.partAdd(PartDefinition(name: "Prop", tracking: .lot, kind: .consumable, reorderAt: 5)), "PROP", "boss", t)
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["M1"])), "MOTOR", "tech", "2026-01-02T09:00:00Z")
        log.body(.stockReceive(StockReceipt(qty: 1, serials: ["B1"])), "BAT", "tech", "2026-01-02T09:00:00Z")
        log.body(.stockReceive(StockReceipt(qty: 6, lot: "P1")), "PROP", "tech", "2026-01-02T09:00:00Z")
        log.register("A", "2026-01-05T08:00:00Z")
        log.body(.install(Installation(part: "MOTOR", component: "M1")), "A", "tech", "2026-01-05T08:10:00Z")
        log.body(.install(Installation(part: "PROP", lot: "P1", qty: 4)), "A", "tech", "2026-01-05T08:20:00Z")
        log.assembled("A", "2026-01-05T09:00:00Z")
        log.pass("A", "2026-01-05T10:00:00Z")
        log.issue("A", "2026-01-05T11:00:00Z")
        for (i, minutes) in [40, 30, 25].enumerated() {
            log.body(.flight(Flight(minutes: minutes, purpose: .operational, batteries: ["B1"])), "A", "boss", "2026-01-0\(6 + i)T08:00:00Z")
        }
        let s = log.supply(from: "2026-01-05", to: "2026-01-12", now: "2026-02-01T00:00:00Z")
        #expect(s.lowStock == [LowStock(part: "PROP", onHand: 2, reorderAt: 5, weeksOfCover: 0.5)])
        #expect(s.lifeLimitedDue == [
            LifeLimited(serial: "B1", part: "BAT", airframe: nil, measure: "cycles", used: 3, limit: 3),
            LifeLimited(serial: "M1", part: "MOTOR", airframe: "A", measure: "minutes", used: 95, limit: 100),
        ])
        #expect(s.batteriesWorn == [WornBattery(serial: "B1", part: "BAT", cycles: 3, health: nil)])
        // Before the third flight: 70 minutes and 2 cycles, below 90% of both limits.
        let earlier = log.supply(from: "2026-01-05", to: "2026-01-12", now: "2026-01-08T07:00:00Z")
        #expect(earlier.lifeLimitedDue.isEmpty)
        #expect(earlier.batteriesWorn.isEmpty)
    }
}
