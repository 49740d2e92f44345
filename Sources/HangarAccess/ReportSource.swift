import HangarCore
import HangarReport
import HangarStore

/// Where a throughput report comes from: the store's summary tables when they can answer
/// the period (no event dated at or after its end), else one pass over the log.
public enum ReportSource {
    public static func report(from store: HangarStore, period: ReportPeriod, target: Int?) throws -> ThroughputReport {
        if let summary = try store.logSummary(from: period.from, to: period.to) {
            return ReportBuilder.assemble(summary, period: period, target: target)
        }
        return try fromLog(store, period: period, target: target)
    }

    /// The one-pass report over the log's events.
    public static func fromLog(_ store: HangarStore, period: ReportPeriod, target: Int?) throws -> ThroughputReport {
        var builder = ReportBuilder(period: period, target: target)
        try store.forEachActiveEvent { builder.add($0) }
        return builder.build()
    }
}
