import HangarTestSupport
import HangarCore
import Testing
@testable import HangarReport

@Suite("Report metrics, worked out by hand")
struct ReportMetricTests {
    /// Three weeks from Monday 2026-01-05. A: built in 4 h in week 1. B: failed, reworked,
    /// passed 168 h after registration in week 2. C: registered and failed in week 2.
    func buildAndTest() -> ThroughputReport {
        var log = Log()
        log.delivered("A", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T10:00:00Z", passed: "2026-01-05T12:00:00Z")
        log.register("B", "2026-01-05T09:00:00Z")
        log.assembled("B", "2026-01-06T09:00:00Z")
        log.fail("B", "2026-01-06T10:00:00Z", ["X"])
        log.rework("B", "2026-01-07T09:00:00Z")
        log.pass("B", "2026-01-12T09:00:00Z")
        log.register("C", "2026-01-13T08:00:00Z")
        log.assembled("C", "2026-01-13T10:00:00Z")
        log.fail("C", "2026-01-13T11:00:00Z", ["Y", "X"])
        return log.report(from: "2026-01-05", to: "2026-01-26")
    }

    @Test func buildMetrics() {
        let r = buildAndTest()
        #expect(r.buckets.count == 3)
        #expect(r.buckets.map(\.build.registered) == [2, 1, 0])
        #expect(r.buckets.map(\.build.assembled) == [2, 1, 0])
        #expect(r.buckets.map(\.build.delivered) == [1, 1, 0])
        #expect(r.buckets.map(\.build.buildHoursP50) == [4, 168, nil])
        #expect(r.buckets.map(\.build.buildHoursP85) == [4, 168, nil])
        #expect(r.totals.build.delivered == 2)
        #expect(r.totals.build.buildHoursP50 == 4)      // rank ⌈0.5·2⌉ = 1
        #expect(r.totals.build.buildHoursP85 == 168)    // rank ⌈0.85·2⌉ = 2
    }

    @Test func testMetrics() {
        let r = buildAndTest()
        #expect(r.buckets.map(\.test.qcRuns) == [2, 2, 0])
        #expect(r.buckets.map(\.test.qcPassed) == [1, 1, 0])
        #expect(r.buckets.map(\.test.qcFailed) == [1, 1, 0])
        #expect(r.buckets.map(\.test.firstPassYield) == [0.5, 0.0, nil])  // week 3: no first run → null
        #expect(r.buckets[0].test.defects == [DefectCount(code: "X", count: 1)])
        #expect(r.buckets[1].test.defects == [DefectCount(code: "X", count: 1), DefectCount(code: "Y", count: 1)])
        #expect(r.totals.test.firstPassYield == 1.0 / 3.0)
        #expect(r.totals.test.defects == [DefectCount(code: "X", count: 2), DefectCount(code: "Y", count: 1)])
    }

    @Test func fleetCapacityAndLoops() {
        let r = buildAndTest()
        #expect(r.buckets.map(\.fleet.fleetSize) == [1, 2, 2])
        #expect(r.buckets.map(\.fleet.available) == [1, 2, 2])
        #expect(r.buckets.map(\.fleet.availability) == [1, 1, 1])
        #expect(r.buckets[0].capacity.annualizedDeliveryRate == 365.0 / 7.0)
        #expect(r.buckets[0].capacity.capacityUtilization == (365.0 / 7.0) / 520.0)
        #expect(r.totals.capacity.annualizedDeliveryRate == 2 * 365.0 / 21.0)
        #expect(r.buckets.map(\.loopsActive) == [[.build, .test], [.build, .test], []])
        #expect(r.cycle == CycleSummary(bucketsAllFour: 0, currentStreak: 0))
        #expect(r.snapshot.wip.first { $0.state == .rework }?.count == 1)
        #expect(r.snapshot.wip.count == 8)
        #expect(r.snapshot.oldestWIP.map(\.serial) == ["C"])
        #expect(r.snapshot.oldestWIP.first?.hours == Double(Log.at("2026-01-26T00:00:00Z").milliseconds - Log.at("2026-01-13T11:00:00Z").milliseconds) / 3_600_000)
    }

    @Test func anEmptyPeriod() {
        let r = Log().report(from: "2026-01-05", to: "2026-01-12")
        #expect(r.buckets.count == 1)
        let m = r.buckets[0]
        #expect(m.build.delivered == 0 && m.test.qcRuns == 0)
        #expect(m.test.firstPassYield == nil && m.train.passRate == nil && m.maintain.mtbfFlightHours == nil && m.fleet.availability == nil)
        #expect(m.capacity.capacityUtilization == 0)
        #expect(r.snapshot.wip.allSatisfy { $0.count == 0 })
        #expect(r.snapshot.currentOperators.map(\.unit) == ["Alpha", "Bravo"])
        #expect(r.forecast == nil)
    }

    @Test func undoneEventsAreIgnored() {
        var log = Log()
        log.register("A", "2026-01-05T08:00:00Z")
        log.assembled("A", "2026-01-05T09:00:00Z")
        log.fail("A", "2026-01-05T10:00:00Z", ["WRONG"])
        log.undo("A", "2026-01-05T10:05:00Z")         // the failed run was entered by mistake
        log.pass("A", "2026-01-05T11:00:00Z")          // so this is the first run
        log.issue("A", "2026-01-06T08:00:00Z")
        log.fly("A", "2026-01-06T09:00:00Z", 30)
        log.undo("A", "2026-01-06T09:10:00Z")
        let r = log.report(from: "2026-01-05", to: "2026-01-12")
        let m = r.buckets[0]
        #expect(m.test.qcRuns == 1 && m.test.qcFailed == 0)
        #expect(m.test.firstPassYield == 1)
        #expect(m.test.defects.isEmpty)
        #expect(m.build.buildHoursP50 == 3)
        #expect(m.fleet.fleetSize == 1)
        #expect(r.totals.maintain.mtbfFlightHours == nil)
    }

    @Test func deliveredInOneBucketLostInTheNext() {
        var log = Log()
        log.delivered("A", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T09:00:00Z", passed: "2026-01-05T10:00:00Z")
        log.issue("A", "2026-01-06T08:00:00Z")
        log.lost("A", "2026-01-13T08:00:00Z")
        let r = log.report(from: "2026-01-05", to: "2026-01-19")
        #expect(r.buckets.map(\.fleet.fleetSize) == [1, 0])
        #expect(r.buckets.map(\.fleet.available) == [1, 0])
        #expect(r.buckets.map(\.fleet.availability) == [1, nil])
        #expect(r.buckets.map(\.fleet.losses) == [0, 1])
        #expect(r.totals.fleet.losses == 1 && r.totals.fleet.fleetSize == 0)
        #expect(r.snapshot.wip.allSatisfy { $0.count == 0 })
    }

    @Test func maintenanceThatSpansBuckets() {
        var log = Log()
        log.delivered("A", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T09:00:00Z", passed: "2026-01-05T10:00:00Z")
        log.issue("A", "2026-01-05T12:00:00Z")
        log.fly("A", "2026-01-06T08:00:00Z", 90)
        log.open("A", "2026-01-09T12:00:00Z", "damage")        // Friday, week 1
        log.close("A", "2026-01-13T08:00:00Z")                 // week 2
        log.pass("A", "2026-01-13T12:00:00Z")                  // restored: 96 h after opening
        log.issue("A", "2026-01-14T08:00:00Z")
        log.fly("A", "2026-01-14T09:00:00Z", 30)
        log.open("A", "2026-01-15T08:00:00Z", "scheduled")
        let r = log.report(from: "2026-01-05", to: "2026-01-19")
        #expect(r.buckets[0].maintain.openedDamage == 1 && r.buckets[0].maintain.closed == 0)
        #expect(r.buckets[0].maintain.restoreHoursP50 == nil)
        #expect(r.buckets[0].maintain.mtbfFlightHours == 1.5)    // 90 min / 1 damage
        #expect(r.buckets[0].fleet.available == 0)               // in maintenance at the end of week 1
        #expect(r.buckets[1].maintain.closed == 1 && r.buckets[1].maintain.openedScheduled == 1)
        #expect(r.buckets[1].maintain.restoreHoursP50 == 96)
        #expect(r.buckets[1].maintain.mtbfFlightHours == nil)    // no defect or damage opened in week 2
        #expect(r.totals.maintain.mtbfFlightHours == 2)          // 120 min / 1
        #expect(r.buckets.map(\.loopsActive) == [[.build, .test], [.test, .maintain]])
    }

    @Test func aWriteOffBetweenOpenAndPassDropsTheRestoration() {
        var log = Log()
        log.delivered("A", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T09:00:00Z", passed: "2026-01-05T10:00:00Z")
        log.open("A", "2026-01-06T08:00:00Z", "defect")
        log.add(.writeOff, "A", "boss", Log.at("2026-01-07T08:00:00Z")) { $0.reason = "scrap" }
        let r = log.report(from: "2026-01-05", to: "2026-01-12")
        #expect(r.totals.maintain.restoreHoursP50 == nil)
        #expect(r.totals.fleet.fleetSize == 0)
    }

    @Test func trainingAndAnOperatorWhoLapsesInsideThePeriod() {
        var log = Log()
        log.delivered("T1", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T09:00:00Z", passed: "2026-01-05T10:00:00Z")
        log.add(.assignTraining, "T1", "instr", Log.at("2026-01-05T11:00:00Z"))
        log.add(.enroll, "op1", "instr", Log.at("2026-01-05T08:00:00Z")) { $0.name = "One"; $0.unit = "Alpha" }
        log.add(.enroll, "op2", "instr", Log.at("2026-01-05T08:00:00Z")) { $0.name = "Two"; $0.unit = "Bravo" }
        log.fly("T1", "2026-01-06T09:00:00Z", 45, operator: "op1", training: true)
        log.fly("T1", "2026-01-06T10:00:00Z", 30, operator: "op1", training: true)
        log.fly("T1", "2026-01-06T11:00:00Z", 15, operator: "op2", training: true)
        log.add(.qualify, "op1", "instr", Log.at("2026-01-07T08:00:00Z"))
        log.add(.fail, "op2", "instr", Log.at("2026-01-14T08:00:00Z"))
        log.add(.enroll, "op3", "instr", Log.at("2026-01-14T09:00:00Z")) { $0.name = "Three"; $0.unit = "Bravo" }
        log.add(.withdraw, "op3", "instr", Log.at("2026-01-15T09:00:00Z"))
        // 75 minutes on 6 January: current until 6 April, lapsed after.
        let early = log.report(from: "2026-01-05", to: "2026-04-06", every: .month)
        #expect(early.snapshot.currentOperators.map(\.count) == [1, 0])
        #expect(early.snapshot.lapsedOperators.map(\.count) == [0, 0])
        let late = log.report(from: "2026-01-05", to: "2026-04-07", every: .month)
        #expect(late.snapshot.currentOperators.map(\.count) == [0, 0])
        #expect(late.snapshot.lapsedOperators.map(\.count) == [1, 0])
        let r = log.report(from: "2026-01-05", to: "2026-01-19")
        #expect(r.buckets.map(\.train.enrolled) == [2, 1])
        #expect(r.buckets.map(\.train.qualified) == [1, 0])
        #expect(r.buckets.map(\.train.failed) == [0, 1])
        #expect(r.buckets.map(\.train.withdrawn) == [0, 1])
        #expect(r.buckets.map(\.train.passRate) == [1, 0])
        #expect(r.totals.train.passRate == 0.5)
        #expect(r.buckets.map(\.train.trainingFlightHours) == [1.5, 0])
        #expect(r.buckets.map(\.train.unitsCovered) == [1, 1])
        #expect(r.buckets.map(\.loopsActive) == [[.build, .test, .train], []])
    }

    @Test func complianceCountsAndIDs() {
        var log = Log(serviceMinutes: 60)
        log.register("A", "2026-01-05T08:00:00Z")
        log.assembled("A", "2026-01-05T09:00:00Z")
        log.pass("A", "2026-01-05T09:00:30Z")                                        // hasty: 30 s after assembled
        log.issue("A", "2026-01-05T10:00:00Z")
        log.add(.enroll, "op1", "instr", Log.at("2026-01-05T08:00:00Z")) { $0.name = "One"; $0.unit = "Alpha" }
        log.add(.startTraining, "op1", "instr", Log.at("2026-01-05T08:10:00Z"))
        log.add(.qualify, "op1", "instr", Log.at("2026-01-05T08:20:00Z"))
        log.fly("A", "2026-01-06T08:00:00Z", 60, operator: "op1")                   // qualified, not current: counts
        log.fly("A", "2026-01-06T09:00:00Z", 10, operator: "op1")                   // current now; but airframe due
        log.add(.enroll, "op2", "instr", Log.at("2026-01-05T08:00:00Z")) { $0.name = "Two"; $0.unit = "Bravo" }
        log.add(.withdraw, "op2", "instr", Log.at("2026-01-05T08:30:00Z"))
        log.add(.return, "A", "boss", Log.at("2026-01-06T10:00:00Z"))
        log.add(.assignTraining, "A", "instr", Log.at("2026-01-06T11:00:00Z"))
        log.fly("A", "2026-01-06T12:00:00Z", 20, operator: "op2", training: true)  // withdrawn trainee, airframe due
        let r = log.report(from: "2026-01-05", to: "2026-01-12")
        let c = r.buckets[0].compliance
        #expect(c.hastyQC == 1)
        #expect(c.flightsWhileDue == 2)
        #expect(c.flightsByUnqualified == 2)
        let ids = r.snapshot.complianceEvents
        let flights = log.events.filter { $0.kind == .flight }.map(\.id)
        #expect(ids.flightsWhileDue == [flights[1], flights[2]])
        #expect(ids.flightsByUnqualified == [flights[0], flights[2]])
        #expect(ids.hastyQC == [log.events.first { $0.kind == .qc }!.id])
        #expect(r.snapshot.dueForService == ["A"])
    }

    @Test func monthBucketsAcrossAYearEnd() throws {
        let p = try ReportPeriod(from: Day(year: 2025, month: 12, day: 15), to: Day(year: 2026, month: 2, day: 10), every: .month)
        #expect(p.buckets.map { "\($0.start)..\($0.end)" } == ["2025-12-15..2026-01-01", "2026-01-01..2026-02-01", "2026-02-01..2026-02-10"])
        #expect(p.buckets.map(\.days) == [17, 31, 9])
        var log = Log()
        log.delivered("A", registered: "2025-12-31T22:00:00Z", assembled: "2025-12-31T23:00:00Z", passed: "2026-01-01T00:00:00Z")
        let r = log.report(from: "2025-12-15", to: "2026-02-10", every: .month)
        #expect(r.buckets.map(\.build.registered) == [1, 0, 0])
        #expect(r.buckets.map(\.build.delivered) == [0, 1, 0])   // exactly on the boundary: the bucket that starts there
        #expect(r.buckets[1].capacity.annualizedDeliveryRate == 365.0 / 31.0)
    }

    @Test func isoWeek53() throws {
        #expect(Day(year: 2026, month: 12, day: 28).isoWeek.week == 53)
        let w = Day(year: 2026, month: 12, day: 31).isoWeek
        #expect(w.year == 2026 && w.week == 53)
        let j = Day(year: 2027, month: 1, day: 3).isoWeek
        #expect(j.year == 2026 && j.week == 53)
        let p = try ReportPeriod(from: Day(year: 2026, month: 12, day: 24), to: Day(year: 2027, month: 1, day: 12), every: .week)
        #expect(p.buckets.map { "\($0.start)" } == ["2026-12-24", "2026-12-28", "2027-01-04", "2027-01-11"])
        #expect(p.buckets.map(\.days) == [4, 7, 7, 1])
        #expect(p.completeWeeks.map { "\($0)" } == ["2026-12-28", "2027-01-04"])
    }

    @Test func nearestRank() {
        #expect(NearestRank.p50([4.0, 1, 3, 2]) == 2)
        #expect(NearestRank.p85([4.0, 1, 3, 2]) == 4)
        #expect(NearestRank.p50([7.0]) == 7)
        #expect(NearestRank.p85([Double]()) == nil)
        #expect(NearestRank.percentile(Array(1...20), numerator: 85, denominator: 100) == 17)
    }

    /// Percentiles found by selection are those of the sorted values: random lists of every
    /// length up to 300 and several large ones, with few distinct values (many equal) and
    /// with nearly all distinct, in sorted, reversed and shuffled order, several quantiles
    /// asked at once, in any order and twice.
    @Test func percentilesBySelectionAreThoseOfTheSortedValues() {
        var generator = SystemRandomNumberGenerator()
        let quantiles: [(numerator: Int, denominator: Int)] = [(85, 100), (1, 2), (1, 100), (1, 1), (15, 100), (1, 2), (99, 100)]
        var lists: [[Double]] = []
        for n in 0...300 { lists.append((0..<n).map { _ in Double(Int.random(in: 0..<max(1, n / 3), using: &generator)) }) }
        for n in [1_000, 5_000, 40_000] {
            lists.append((0..<n).map { _ in Double.random(in: 0..<1_000, using: &generator) })
            lists.append((0..<n).map { _ in Double(Int.random(in: 0..<4, using: &generator)) })
            lists.append((0..<n).map(Double.init))
            lists.append((0..<n).reversed().map(Double.init))
            lists.append([Double](repeating: 3.5, count: n))
        }
        for values in lists {
            let sorted = values.sorted()
            let expected = quantiles.map { NearestRank.percentile(sorted, numerator: $0.numerator, denominator: $0.denominator) }
            #expect(NearestRank.percentiles(values, quantiles) == expected, "\(values.count) values")
        }
        #expect(NearestRank.percentiles([Double](), [(1, 2)]) == [nil])
        #expect(NearestRank.percentiles([9, 1, 8, 2, 7, 3], [(1, 2), (1, 6), (1, 1)]) == [3, 1, 9])
    }

    @Test func forecastIsRepeatableAndExactForAConstantPace() {
        var log = Log()
        // Two deliveries in each of two complete weeks.
        for (i, day) in ["2026-01-05", "2026-01-06", "2026-01-12", "2026-01-13"].enumerated() {
            log.delivered("A\(i)", registered: "\(day)T08:00:00Z", assembled: "\(day)T09:00:00Z", passed: "\(day)T10:00:00Z")
        }
        let r = log.report(from: "2026-01-05", to: "2026-01-19", target: 10)
        let f = try! #require(r.forecast)
        #expect(f.weeklyDelivered == [2, 2])
        #expect(f.p50Weeks == 5 && f.p85Weeks == 5)
        #expect(f.p50Date == Day(year: 2026, month: 2, day: 23))
        #expect(f.fan.first == FanPoint(week: 1, p15: 2, p50: 2, p85: 2))
        #expect(log.report(from: "2026-01-05", to: "2026-01-19", target: 10).forecast == f)
        let none = log.report(from: "2026-01-06", to: "2026-01-12", target: 10).forecast
        #expect(none?.p50Date == nil && none?.note == "the period holds no complete ISO week to sample from")
    }

    @Test func cycleStreakCountsBackFromTheLastBucket() {
        var log = Log()
        log.delivered("T1", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T09:00:00Z", passed: "2026-01-05T10:00:00Z")
        log.add(.enroll, "op1", "instr", Log.at("2026-01-05T08:00:00Z")) { $0.name = "One"; $0.unit = "Alpha" }
        log.add(.assignTraining, "T1", "instr", Log.at("2026-01-05T11:00:00Z"))
        log.fly("T1", "2026-01-05T12:00:00Z", 30, operator: "op1", training: true)
        log.open("T1", "2026-01-06T08:00:00Z", "scheduled")
        log.close("T1", "2026-01-06T12:00:00Z")
        log.pass("T1", "2026-01-06T13:00:00Z")
        let r = log.report(from: "2026-01-05", to: "2026-01-19")
        #expect(r.buckets.map(\.loopsActive) == [[.build, .test, .train, .maintain], []])
        #expect(r.cycle == CycleSummary(bucketsAllFour: 1, currentStreak: 0))
        let one = log.report(from: "2026-01-05", to: "2026-01-12")
        #expect(one.cycle == CycleSummary(bucketsAllFour: 1, currentStreak: 1))
    }
}
