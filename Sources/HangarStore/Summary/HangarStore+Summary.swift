import GRDB
import HangarCore

extension HangarStore {
    /// The summaries of the period [from, to), read from the summary tables, or nil when
    /// they cannot answer it: an event dated at or after `to` means the airframes and
    /// operators as they are now are not as they were at `to` (the report then reads the
    /// log instead).
    public func logSummary(from: Day, to: Day) throws -> LogSummary? {
        try read { db in try Self.logSummary(db, from: from.start, to: to.start) }
    }

    static func logSummary(_ db: Database, from: Timestamp, to: Timestamp) throws -> LogSummary? {
        let fromText = from.storageText, toText = to.storageText
        for kind in EventKind.allCases {
            let latest = try String.fetchOne(db, sql: "SELECT max(occurred_at) FROM events WHERE kind = ?", arguments: [kind.rawValue])
            if let latest, latest >= toText { return nil }
        }
        var s = LogSummary()
        let counts = try Row.fetchCursor(db, sql: "SELECT day, metric, key, n FROM day_counts WHERE day < ? AND n <> 0",
                                         arguments: [Day(to).index])
        while let row = try counts.next() {
            guard let metric = SummaryMetric(rawValue: row[1]) else { continue }
            s.counts.append(DayCount(day: row[0], metric: metric, key: row[2], amount: row[3]))
        }
        let deliveries = try Row.fetchCursor(db, sql: """
            SELECT occurred_at, build_milliseconds FROM deliveries WHERE occurred_at >= ? AND occurred_at < ?
            """, arguments: [fromText, toText])
        while let row = try deliveries.next() { s.deliveries.append((Decode.time(row[0]).milliseconds, row[1])) }
        let restorations = try Row.fetchCursor(db, sql: """
            SELECT occurred_at, restore_milliseconds FROM restorations WHERE occurred_at >= ? AND occurred_at < ?
            """, arguments: [fromText, toText])
        while let row = try restorations.next() { s.restorations.append((Decode.time(row[0]).milliseconds, row[1])) }
        s.flightsWhileDue = try occurrences(db, "flights_while_due", fromText, toText)
        s.flightsByUnqualified = try occurrences(db, "flights_by_unqualified", fromText, toText)
        s.hastyQC = try occurrences(db, "hasty_qc", fromText, toText)

        // The workshop as it stands (no event is dated at or after `to`).
        for row in try Row.fetchAll(db, sql: """
            SELECT subject, occurred_at, json_extract(data, '$.capacity_per_year') FROM events WHERE kind = 'workshop_set' ORDER BY seq
            """) {
            s.workshopName = row[0]
            if let perYear: Int = row[2] { s.capacities.append((Decode.time(row[1]).milliseconds, perYear)) }
        }
        s.units = try String.fetchAll(db, sql: "SELECT name FROM units")
        for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM airframes GROUP BY state") {
            if let state = AirframeState(rawValue: row[0]), !state.isTerminal { s.wip[state] = row[1] }
        }
        let working = AirframeState.allCases.filter(\.isWorkInProgress).map { "'\($0.rawValue)'" }.joined(separator: ",")
        for row in try Row.fetchAll(db, sql: """
            SELECT serial, state, state_since FROM airframes WHERE state IN (\(working)) ORDER BY state_since, serial LIMIT 10
            """) {
            s.oldestWIP.append((row[0], AirframeState(rawValue: row[1]) ?? .assembly, Decode.time(row[2]).milliseconds))
        }
        s.dueForService = try dueForService(db, at: to)
        let window = Timestamp(milliseconds: to.milliseconds - LogWriter.currencyWindow).storageText
        for row in try Row.fetchAll(db, sql: """
            SELECT o.unit, (SELECT total(f.minutes) FROM flights f WHERE f.operator = o.id AND f.occurred_at >= ? AND f.occurred_at < ?)
            FROM operators o WHERE o.state = 'qualified'
            """, arguments: [window, toText]) {
            s.qualifiedOperators.append((row[0], row[1]))
        }
        return s
    }

    /// Ids of compliance events of one kind in [from, to), in log order.
    static func occurrences(_ db: Database, _ kind: String, _ from: String, _ to: String) throws -> LogSummary.Occurrences {
        var o = LogSummary.Occurrences()
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT event_id, occurred_at FROM compliance_events WHERE kind = ? AND occurred_at >= ? AND occurred_at < ?
            ORDER BY event_seq
            """, arguments: [kind, from, to])
        while let row = try cursor.next() {
            let id = try row.withUnsafeData(atIndex: 0) { $0 ?? .init() }
            o.append(id: id, at: Decode.time(row[1]).milliseconds)
        }
        return o
    }

    /// Serials of the airframes due for service at `t` (sorted), by the models' settings now.
    static func dueForService(_ db: Database, at t: Timestamp) throws -> IDList {
        var values: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for row in try Row.fetchAll(db, sql: "SELECT name, service_minutes, service_days FROM models") {
            let minutes: Int? = row[1], days: Int? = row[2]
            guard minutes != nil || days != nil else { continue }
            values.append("(?, ?, ?)")
            arguments += [row[0] as String, minutes, days.map { Timestamp(milliseconds: t.milliseconds - Int64($0) * 86_400_000).storageText }]
        }
        var due = IDList()
        guard !values.isEmpty else { return due }
        let cursor = try Row.fetchCursor(db, sql: """
            WITH settings(model, minutes, baseline_before) AS (VALUES \(values.joined(separator: ", ")))
            SELECT a.serial FROM airframes a JOIN settings s ON s.model = a.model
            WHERE a.state NOT IN ('lost', 'written_off') AND a.service_baseline_at IS NOT NULL
              AND (a.minutes_since_service >= s.minutes OR a.service_baseline_at <= s.baseline_before)
            ORDER BY a.serial
            """, arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            due.append(utf8: try row.withUnsafeData(atIndex: 0) { $0 ?? .init() })
        }
        return due
    }
}
