import HangarTestSupport
import Foundation
import HangarCore
import Testing
@testable import HangarReport

/// Airframes held by each unit, `--target-total`, and the capacity target per bucket in the
/// text report, worked out by hand on a small workshop.
@Suite("Held by unit, target total and capacity per bucket")
struct HeldByUnitAndTargetTotalTests {
    /// Two weeks from Monday 2026-01-05 to 2026-01-19, units Alpha, Bravo and Charlie.
    ///
    /// Week 1 deliveries (5): A and B go to Alpha, B into maintenance; C, D, E go to Bravo:
    /// C is returned, D lost, E through maintenance back to awaiting_qc.
    /// Week 2 deliveries (4): F stays in the workshop; G goes to Alpha only after `to`;
    /// H goes to Bravo and the issue is undone; I goes to Bravo.
    /// Before the period J was delivered; after it K; L's only pass is undone.
    ///
    /// At `to`: Alpha holds A (in service) and B (maintenance): 2 held, 1 available.
    /// Bravo holds E (awaiting_qc) and I (in service): 2 held, 1 available. Charlie: 0, 0.
    /// Delivered before `to`: J and A–I, 10; weekly delivered in the period [5, 4].
    static func log(capacity: Int? = 520) -> Log {
        var log = Log(capacity: capacity)
        log.add(.unitAdd, "Charlie", "boss", Log.at("2025-12-01T08:00:00Z"))
        log.delivered("J", registered: "2025-12-20T08:00:00Z", assembled: "2025-12-20T09:00:00Z", passed: "2025-12-20T10:00:00Z")
        for s in ["A", "B", "C", "D", "E"] {
            log.delivered(s, registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T09:00:00Z", passed: "2026-01-05T10:00:00Z")
        }
        log.issue("A", "2026-01-06T08:00:00Z", unit: "Alpha")
        log.issue("B", "2026-01-06T08:00:00Z", unit: "Alpha")
        log.open("B", "2026-01-07T08:00:00Z", "defect")
        log.issue("C", "2026-01-06T08:00:00Z", unit: "Bravo")
        log.add(.return, "C", "boss", Log.at("2026-01-08T08:00:00Z"))
        log.issue("D", "2026-01-06T08:00:00Z", unit: "Bravo")
        log.lost("D", "2026-01-09T08:00:00Z")
        log.issue("E", "2026-01-06T08:00:00Z", unit: "Bravo")
        log.open("E", "2026-01-07T08:00:00Z", "scheduled")
        log.close("E", "2026-01-08T08:00:00Z")
        log.register("L", "2026-01-05T08:00:00Z")
        log.assembled("L", "2026-01-05T09:00:00Z")
        log.pass("L", "2026-01-10T08:00:00Z")
        log.undo("L", "2026-01-10T09:00:00Z")
        for s in ["F", "G", "H", "I"] {
            log.delivered(s, registered: "2026-01-12T08:00:00Z", assembled: "2026-01-12T09:00:00Z", passed: "2026-01-12T10:00:00Z")
        }
        log.issue("H", "2026-01-13T08:00:00Z", unit: "Bravo")
        log.undo("H", "2026-01-13T12:00:00Z")
        log.issue("I", "2026-01-13T08:00:00Z", unit: "Bravo")
        log.issue("G", "2026-01-20T08:00:00Z", unit: "Alpha")
        log.delivered("K", registered: "2026-01-20T08:00:00Z", assembled: "2026-01-20T09:00:00Z", passed: "2026-01-21T10:00:00Z")
        return log
    }

    static func report(goal: ForecastGoal? = nil, every: Bucketing = .week, from: String = "2026-01-05", to: String = "2026-01-19",
                       capacity: Int? = 520) -> ThroughputReport {
        let log = log(capacity: capacity)
        let period = try! ReportPeriod(from: try! Day.parse(from, field: "from"), to: try! Day.parse(to, field: "to"), every: every)
        var builder = ReportBuilder(period: period, goal: goal)
        for e in log.events where e.kind != .undo && log.state.undone[e.id] == nil { builder.add(e) }
        return builder.build()
    }

    @Test func airframesHeldAndAvailableByUnit() {
        let r = Self.report()
        #expect(r.snapshot.units == [
            UnitHolding(unit: "Alpha", held: 2, available: 1),
            UnitHolding(unit: "Bravo", held: 2, available: 1),
            UnitHolding(unit: "Charlie", held: 0, available: 0),
        ])
        // Only in-service airframes carry a unit and are available: the two sums agree.
        let inService = r.snapshot.wip.first { $0.state == .inService }?.count
        #expect(inService == 2 && r.snapshot.units.reduce(0) { $0 + $1.available } == 2)
        // A week later G is with Alpha (in service) and the picture moves on.
        let later = Self.report(to: "2026-01-26")
        #expect(later.snapshot.units.map(\.held) == [3, 2, 0] && later.snapshot.units.map(\.available) == [2, 1, 0])
        // Before anything was issued every unit is listed with zeros.
        let early = Self.report(from: "2025-12-29", to: "2026-01-05")
        #expect(early.snapshot.units == ["Alpha", "Bravo", "Charlie"].map { UnitHolding(unit: $0, held: 0, available: 0) })
    }

    @Test func heldByUnitInJSONTextAndHTML() throws {
        let r = Self.report()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.render(r).utf8)) as? [String: Any])
        let units = try #require((object["snapshot"] as? [String: Any])?["units"] as? [[String: Any]])
        #expect(units.count == 3)
        #expect(units[0]["unit"] as? String == "Alpha" && units[0]["held"] as? Int == 2 && units[0]["available"] as? Int == 1)
        #expect(units[2]["unit"] as? String == "Charlie" && units[2]["held"] as? Int == 0 && units[2]["available"] as? Int == 0)
        let text = ReportText.render(r)
        #expect(text.contains("\n  held by unit       Alpha: 2 held, 1 available; Bravo: 2 held, 1 available; Charlie: 0 held, 0 available\n"))
        let ru = ReportText.render(r, language: .ru)
        #expect(ru.contains("числится за подразделением") && ru.contains("Alpha: числится 2, исправных 1"))
        #expect(ReportText.render(r, language: .kk).contains("бөлімшеде есепте тұр"))
        let html = ReportHTML.render(r)
        #expect(html.contains("<h3>Held by unit</h3>"))
        #expect(html.contains("<tr><td>Alpha</td><td>2</td><td>1</td></tr><tr><td>Bravo</td><td>2</td><td>1</td></tr><tr><td>Charlie</td><td>0</td><td>0</td></tr>"))
        #expect(ReportHTML.render(r, language: .ru).contains("Числится за подразделением"))
    }

    @Test func targetTotalCountsWhatWasDeliveredBeforeTo() throws {
        // 10 delivered before `to` (J before the period, A–I in it; not K after it, not L undone).
        let total = try #require(Self.report(goal: .total(19)).forecast)
        #expect(total.mode == .total && total.target == 19 && total.deliveredSoFar == 10 && total.more == 9)
        #expect(total.weeklyDelivered == [5, 4])
        // 9 more from weeks of 5 or 4: never in one week; in two unless both are 4 (1 in 4).
        // p50: 2 weeks; p85: 3 weeks (only 75% of trials are done in two).
        #expect(total.p50Weeks == 2 && total.p85Weeks == 3)
        #expect(total.p50Date == Day(year: 2026, month: 2, day: 2) && total.p85Date == Day(year: 2026, month: 2, day: 9))
        // total N = more (N − delivered so far): the same trials, the same dates and fan.
        let more = try #require(Self.report(goal: .more(9)).forecast)
        #expect(more.mode == .more && more.target == 9 && more.more == 9 && more.deliveredSoFar == 10)
        #expect(more.p50Date == total.p50Date && more.p85Date == total.p85Date && more.fan == total.fan && more.note == total.note)
        #expect(total.target == more.more + total.deliveredSoFar)
        // Four more are always reached in the first week.
        let soon = try #require(Self.report(goal: .total(14)).forecast)
        #expect(soon.more == 4 && soon.p50Weeks == 1 && soon.p85Weeks == 1 && soon.p85Date == Day(year: 2026, month: 1, day: 26))
    }

    @Test func aTotalAlreadyReachedHasANoteAndNoDates() throws {
        for n in [1, 10] {
            let f = try #require(Self.report(goal: .total(n)).forecast)
            #expect(f.alreadyReached && f.more == 0 && f.deliveredSoFar == 10)
            #expect(f.p50Date == nil && f.p85Date == nil && f.p50Weeks == nil && f.fan.isEmpty)
            #expect(f.note == "already reached: 10 airframes were delivered before 2026-01-19, at least the target of \(n) in total")
        }
        #expect(try #require(Self.report(goal: .total(11)).forecast).more == 1)
        let text = ReportText.render(Self.report(goal: .total(10)))
        #expect(text.contains("\n  forecast              10 in total     already reached: 10 delivered before 2026-01-19\n"))
        let html = ReportHTML.render(Self.report(goal: .total(10)))
        #expect(html.contains("already reached: 10 delivered before 2026-01-19"))
    }

    @Test func theJSONTextAndHTMLSayWhichModeItIs() throws {
        let r = Self.report(goal: .total(19))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.render(r).utf8)) as? [String: Any])
        let forecast = try #require(object["forecast"] as? [String: Any])
        #expect(forecast["mode"] as? String == "total" && forecast["target"] as? Int == 19)
        #expect(forecast["delivered_so_far"] as? Int == 10 && forecast["more"] as? Int == 9)
        let more = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.render(Self.report(goal: .more(9))).utf8)) as? [String: Any])
        #expect((more["forecast"] as? [String: Any])?["mode"] as? String == "more")
        let text = ReportText.render(r)
        #expect(text.contains("\n  forecast              19 in total     by 2026-02-02 (50%), by 2026-02-09 (85%); 10 delivered before 2026-01-19, 9 more\n"))
        #expect(ReportText.render(Self.report(goal: .more(9))).contains("\n  forecast              +9              by 2026-02-02 (50%), by 2026-02-09 (85%)\n"))
        #expect(ReportText.render(r, language: .ru).contains("19 в сумме"))
        let html = ReportHTML.render(r)
        #expect(html.contains("<div class=\"label\">19 in total</div>"))
        #expect(html.contains("total 19 (+9)"))
        #expect(ReportHTML.render(Self.report(goal: .more(9))).contains("<div class=\"label\">Next 9</div>"))
    }

    @Test func theTextShowsTheCapacityTargetOfTheLastWholeBucket() {
        // 520 a year × 7 / 365 = 9.97 a week; 4 delivered in the last week: 40%.
        let weekly = ReportText.render(Self.report())
        #expect(weekly.contains("\n  delivered             4               (-1 vs previous)\n  capacity target       10.0            stated capacity 520/yr × 7/365 days; 40% of it delivered\n"))
        // By month: February's 28 days give 520 × 28 / 365 = 39.9; nothing delivered in it.
        let monthly = Self.report(every: .month, from: "2026-01-01", to: "2026-03-01")
        #expect(monthly.capacityTarget(monthly.buckets[1]) == 520.0 * 28 / 365)
        #expect(ReportText.render(monthly).contains("\n  capacity target       39.9            stated capacity 520/yr × 28/365 days; 0% of it delivered\n"))
        #expect(ReportText.render(monthly, language: .ru).contains("план по мощности                  39,9"))
        // Without a capacity there is no target.
        let none = Self.report(capacity: nil)
        #expect(none.capacityTarget(none.buckets[0]) == nil)
        #expect(ReportText.render(none).contains("\n  capacity target       -               no capacity set\n"))
    }
}
