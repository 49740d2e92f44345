import HangarTestSupport
import Testing
@testable import HangarCore
@testable import HangarReport

/// The snapshot is taken at the earlier of `to` and now: "oldest in work" ages count to
/// now when the period ends tomorrow (issue 15), and to `to` for a period in the past.
@Suite("Snapshot time")
struct SnapshotTimeTests {
    @Test func agesCountToNowNotToTomorrow() throws {
        var log = Log()
        log.register("A", "2026-01-05T08:00:00Z")
        let period = try ReportPeriod(from: try Day.parse("2026-01-05", field: "from"), to: try Day.parse("2026-01-15", field: "to"), every: .week)
        var now = ReportBuilder(period: period, now: Log.at("2026-01-07T08:00:00Z"))
        var past = ReportBuilder(period: period)
        for e in log.events { now.add(e); past.add(e) }
        #expect(now.build().snapshot.oldestWIP.map(\.hours) == [48])
        #expect(past.build().snapshot.oldestWIP.map(\.hours) == [232])  // to 2026-01-15T00:00Z
    }

    /// Default periods are twelve whole buckets; the headline compares whole buckets.
    @Test func defaultPeriodsAreWholeBuckets() throws {
        func day(_ s: String) throws -> Day { try Day.parse(s, field: "day") }
        #expect(ReportPeriod.defaultFrom(to: try day("2026-12-03"), every: .week) == (try day("2026-09-14")))
        #expect(ReportPeriod.defaultFrom(to: try day("2026-12-03"), every: .month) == (try day("2026-01-01")))
        #expect(ReportPeriod.defaultFrom(to: try day("2026-01-01"), every: .month) == (try day("2025-01-01")))
        let period = try ReportPeriod(from: try day("2026-09-14"), to: try day("2026-12-03"), every: .week)
        #expect(period.buckets.count == 12)
        #expect(period.buckets.filter(period.isWhole).count == 11)  // the last ends tomorrow
        var log = Log()
        log.delivered("A", registered: "2026-11-20T08:00:00Z", assembled: "2026-11-20T09:00:00Z", passed: "2026-11-27T10:00:00Z")
        let text = ReportText.headlines(log.report(from: "2026-09-14", to: "2026-12-03"))
        #expect(text.first == "LAST WEEK (2026-11-23 to 2026-11-30)")
    }
}
