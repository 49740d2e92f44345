import Foundation
import HangarCore
import HangarReport
import HangarStore

/// Where a throughput report comes from: the store's summary tables, with the fleet as it
/// stood at the period's end. One pass over the log (`fromLog`) gives the same report from
/// the events alone: the tests hold the summaries to it, and headquarters reads a replayed
/// workshop's log with it when the summaries cannot answer in the national calendar.
public enum ReportSource {
    public static func report(from store: HangarStore, period: ReportPeriod, target: Int?, now: Timestamp = Timestamp(Date())) throws -> ThroughputReport {
        try report(from: store, period: period, goal: target.map(ForecastGoal.more), now: now)
    }

    /// The report with a forecast of `goal` (`--target N` or `--target-total N`), or none.
    ///
    /// The summaries and the supply group's stock lists do not depend on each other: they are
    /// read at the same time, each on a connection of its own (on the national log with
    /// parts, about 1.3 s and 0.7 s).
    ///
    /// A period far in the past (more than `laterLimit` airframes have events after it) has
    /// the same summaries with the fleet's snapshot rewound to its end airframe by airframe
    /// (`HangarStore.summaryAtAnyEnd`).
    public static func report(from store: HangarStore, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp = Timestamp(Date()),
                              laterLimit: Int = HangarStore.laterAirframesLimit) throws -> ThroughputReport {
        let (summary, stock) = try BothAtOnce.run(
            { try store.summaryAtAnyEnd(from: period.from, to: period.to, days: period.local, laterLimit: laterLimit) },
            { try stockPart(store, period: period, now: now) })
        var report = ReportBuilder.assemble(summary, period: period, goal: goal, now: now)
        report.supply = supplied(stock, summary: summary, period: period).report
        report.takenAt = min(now, period.instant(period.to))
        return report
    }

    /// The one-pass report over the log's events.
    public static func fromLog(_ store: HangarStore, period: ReportPeriod, target: Int?, now: Timestamp = Timestamp(Date())) throws -> ThroughputReport {
        try fromLog(store, period: period, goal: target.map(ForecastGoal.more), now: now)
    }

    public static func fromLog(_ store: HangarStore, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp = Timestamp(Date())) throws -> ThroughputReport {
        let passes = try passes(store, period: period, goal: goal, now: now)
        var report = passes.builder.build()
        report.supply = passes.supply.report
        report.takenAt = min(now, period.instant(period.to))
        return report
    }

    /// The one-pass report's builder and the supply group's, fed from one read of the log:
    /// the supply pass's events (non-undone, of its kinds) are the active events of those
    /// kinds, in the same order.
    public static func passes(_ store: HangarStore, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp) throws
        -> (builder: ReportBuilder, supply: (builder: SupplyBuilder, report: SupplyReport)) {
        var builder = ReportBuilder(period: period, goal: goal, now: now)
        var supply = SupplyBuilder(period: period, takenAt: now)
        let kinds = Set(SupplyBuilder.kinds)
        try store.forEachActiveEvent { e in
            builder.add(e)
            if kinds.contains(e.kind) { supply.add(e) }
        }
        return (builder, try concluded(supply, store, period: period, now: now))
    }

    /// The supply group: the sustainment events and each piece's flight usage before the snapshot.
    public static func supply(_ store: HangarStore, period: ReportPeriod, now: Timestamp) throws -> SupplyReport {
        try supplyPass(store, period: period, now: now).report
    }

    /// The supply group and the pass that made it (the national report folds the passes).
    public static func supplyPass(_ store: HangarStore, period: ReportPeriod, now: Timestamp) throws -> (builder: SupplyBuilder, report: SupplyReport) {
        var builder = SupplyBuilder(period: period, takenAt: now)
        try store.forEachEvent(of: SupplyBuilder.kinds, step: { builder.add($0) }, event: { builder.add($0) })
        return try concluded(builder, store, period: period, now: now)
    }

    /// The supply group with its stays, deliveries and consumption from the summaries, and
    /// its stock lists from the projections when they hold the snapshot (no stock, catalogue,
    /// flight or loss event dated at or after it), else from a pass over the stock,
    /// catalogue and settings events and the losses before the period's end.
    public static func supplyPass(_ store: HangarStore, summary: LogSummary, period: ReportPeriod, now: Timestamp) throws
        -> (builder: SupplyBuilder, report: SupplyReport) {
        supplied(try stockPart(store, period: period, now: now), summary: summary, period: period)
    }

    /// The stock lists at the snapshot, and a summaries' builder with what they were judged
    /// by: from the projections when they hold the snapshot, else (later stock events) the
    /// catalogue, country and losses from their events and the pieces and lots from the
    /// projections with each one a later event names replayed.
    static func stockPart(_ store: HangarStore, period: ReportPeriod, now: Timestamp) throws -> (builder: SupplyBuilder, stock: StockAtSnapshot) {
        var builder = SupplyBuilder.fromSummaries(period: period, takenAt: now)
        let takenAt = Timestamp(milliseconds: min(now.milliseconds, period.instant(period.to).milliseconds))
        if let stock = try store.stockAtSnapshot(takenAt) { return (builder, stock) }
        try store.forEachEvent(of: SupplyBuilder.settingKinds, step: { builder.add($0) }, event: { builder.add($0) })
        let settings = builder.stockSettings
        let stock = try store.stockRewound(to: period.instant(period.to), takenAt: takenAt, parts: settings.parts,
                                           country: settings.country, terminal: settings.terminal)
        return (builder, stock)
    }

    /// The supply group: the stock part's builder given the summaries' stays, deliveries and
    /// consumption (which touch only its buckets, so the order it is fed in does not matter).
    static func supplied(_ part: (builder: SupplyBuilder, stock: StockAtSnapshot), summary: LogSummary, period: ReportPeriod)
        -> (builder: SupplyBuilder, report: SupplyReport) {
        var builder = part.builder
        for stay in summary.stays { builder.add(stay) }
        for d in summary.asBuilt { builder.addDelivery(at: d.at, d.delivery) }
        for c in summary.counts where c.metric == .partsConsumed {
            builder.addConsumed(c.key, c.amount, at: period.instant(Day(index: c.day)).milliseconds)
        }
        let report = builder.build(stock: part.stock)
        return (builder, report)
    }

    /// The supply group from its pass over the events, with each piece's flight usage.
    static func concluded(_ builder: SupplyBuilder, _ store: HangarStore, period: ReportPeriod, now: Timestamp) throws
        -> (builder: SupplyBuilder, report: SupplyReport) {
        var builder = builder
        let takenAt = Timestamp(milliseconds: min(now.milliseconds, period.instant(period.to).milliseconds))
        let usage = try store.pieceUsage(before: takenAt).mapValues { SupplyBuilder.Usage(minutes: $0.minutes, flightSeqs: $0.flightSeqs) }
        let report = builder.build(usage: usage)
        return (builder, report)
    }
}
