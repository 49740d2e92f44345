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
}
