import Foundation
import GRDB
import HangarCore

extension HangarStore {
    /// The summaries of the period [from, to) whatever follows it: `logSummary` when no more
    /// than `laterLimit` airframes have events dated at or after `to`, else the same
    /// summaries with the airframes' snapshot rewound to `to` one airframe at a time
    /// (`snapshotRewound`), in memory that grows with its answer (the due list), not with
    /// the fleet.
    public func summaryAtAnyEnd(from: Day, to: Day, days: LocalDays = .utc, laterLimit: Int = laterAirframesLimit) throws -> LogSummary {
        if try summariesAnswer(to: to, days: days, laterLimit: laterLimit),
           let summary = try logSummary(from: from, to: to, days: days, laterLimit: laterLimit) {
            return summary
        }
        return try read { db in
            var s = try Self.periodParts(db, from: days.start(from), to: days.start(to), toDay: to)
            try Self.snapshotRewound(&s, db, at: days.start(to))
            return s
        }
    }

    /// The airframes and operators at `t`, for a period that many airframes have events
    /// after: one pass over the airframe table in serial order, where a row whose last event
    /// is before `t` is the airframe as it stood then, and any other is replayed from its
    /// events before `t`. Each airframe is folded into the answer as it is met (the ten
    /// longest in a work state, the due list, the units' holdings) and not kept: a national
    /// fleet far in the past held every airframe's record in the one-pass report (695 MiB).
    static func snapshotRewound(_ s: inout LogSummary, _ db: Database, at t: Timestamp) throws {
        let toText = t.storageText
        let intervals = try serviceIntervals(db)
        // The ten longest in a work state so far: a national fleet far in the past has
        // hundreds of thousands in one.
        var oldest: [(serial: String, state: AirframeState, since: Int64)] = []
        func consider(_ serial: String, _ state: AirframeState, _ since: Int64) {
            let entry = (serial: serial, state: state, since: since)
            guard oldest.count < 10 || LogSummary.longerInWork(entry, oldest[oldest.count - 1]) else { return }
            oldest.insert(entry, at: oldest.firstIndex { LogSummary.longerInWork(entry, $0) } ?? oldest.count)
            if oldest.count > 10 { oldest.removeLast() }
        }
        var due = IDList()
        let statement = try db.makeStatement(sql: """
            SELECT serial, model, state, unit, minutes_since_service, service_baseline_at, state_since, last_event_at >= ?
            FROM airframes WHERE registered_at < ? ORDER BY serial
            """)
        let rows = try Row.fetchCursor(statement, arguments: [toText, toText])
        while let row = try rows.next() {
            let serial: String = row[0]
            let model: String, state: AirframeState, unit: String?, minutes: Int, baseline: Timestamp?, since: Int64
            if row[7] as Bool {
                // Events dated at or after `t` (or an undo there): as it stood before them.
                guard let a = try airframe(serial, before: toText, db) else { continue }
                (model, state, unit, minutes, baseline, since) =
                    (a.model, a.state, a.unit, a.minutesSinceService, a.serviceBaseline, a.stateSince.milliseconds)
            } else {
                model = row[1]
                state = try Read.value(AirframeState.self, row[2], "airframes", serial, "state")
                unit = row[3]
                minutes = row[4]
                baseline = try Read.time(row[5] as String?, "airframes", serial, "service_baseline_at")
                since = try Read.time(row[6] as String, "airframes", serial, "state_since").milliseconds
            }
            if state.isWorkInProgress { consider(serial, state, since) }
            guard !state.isTerminal else { continue }
            if let unit { s.hold(unit, state) }
            if isDue(model, minutes, baseline, intervals, at: t) {
                due.append(serial)  // in serial order, as the list is kept
            }
        }
        s.oldestWIP = oldest
        s.dueForService = due
        s.laterSerials = []
        s.dueLater = []
        try operators(&s, db, at: t)
    }
}
