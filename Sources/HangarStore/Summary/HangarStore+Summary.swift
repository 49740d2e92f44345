import Foundation
import GRDB
import HangarCore

extension HangarStore {
    /// The summaries of the period [from, to), read from the summary tables. The airframes
    /// and operators as they stand are the snapshot at `to`, except those with events dated
    /// at or after `to`: those few are rebuilt from their history before `to`. Nil when
    /// there are more than `laterLimit` of them (a period far in the past): `summaryAtAnyEnd`
    /// then rewinds the whole fleet in one pass instead.
    ///
    /// The due-for-service list (a pass over every airframe) is read on a second connection
    /// at the same time as the rest; both note the log's last sequence number, and if an
    /// event was recorded between the two reads, everything is read again on one connection.
    public func logSummary(from: Day, to: Day, days: LocalDays = .utc, laterLimit: Int = laterAirframesLimit) throws -> LogSummary? {
        let (fromT, toT) = (days.start(from), days.start(to))
        let (summary, due) = try BothAtOnce.run(
            { try read { db in (seq: try Self.lastSequence(db), try Self.logSummary(db, from: fromT, to: toT, toDay: to, laterLimit: laterLimit)) } },
            { try read { db in (seq: try Self.lastSequence(db), try Self.dueForService(db, at: toT)) } })
        if summary.seq == due.seq {
            guard var summary = summary.1 else { return nil }
            summary.dueForService = Self.merge(due.1, skipping: summary.laterSerials, adding: summary.dueLater)
            return summary
        }
        return try read { db in
            guard var summary = try Self.logSummary(db, from: fromT, to: toT, toDay: to, laterLimit: laterLimit) else { return nil }
            summary.dueForService = Self.merge(try Self.dueForService(db, at: toT), skipping: summary.laterSerials, adding: summary.dueLater)
            return summary
        }
    }

    /// Whether the summaries can answer a period ending at `to` (`logSummary` is not nil):
    /// no more than `laterAirframesLimit` airframes have events dated at or after it.
    public func summariesAnswer(to: Day, days: LocalDays = .utc, laterLimit: Int = laterAirframesLimit) throws -> Bool {
        try read { db in
            let later = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT DISTINCT subject FROM events WHERE kind IN (\(Decode.airframeKindList)) AND occurred_at >= ? LIMIT ?)
                """, arguments: [days.start(to).storageText, laterLimit + 1]) ?? 0
            return later <= laterLimit
        }
    }

    static func lastSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0
    }

    /// How many airframes with events after the period the summaries rebuild at most.
    public static let laterAirframesLimit = 20_000

    static func logSummary(_ db: Database, from: Timestamp, to: Timestamp, toDay: Day, laterLimit: Int = laterAirframesLimit) throws -> LogSummary? {
        let toText = to.storageText
        // One more than the limit is enough to know the summaries cannot answer.
        let later = try String.fetchAll(db, sql: """
            SELECT DISTINCT subject FROM events WHERE kind IN (\(Decode.airframeKindList)) AND occurred_at >= ? LIMIT ?
            """, arguments: [toText, laterLimit + 1])
        guard later.count <= laterLimit else { return nil }
        var s = try periodParts(db, from: from, to: to, toDay: toDay)
        try snapshot(&s, db, at: to, later: later)
        return s
    }

    /// Everything of the summaries but the snapshot at the period's end: the day counts,
    /// deliveries, restorations, compliance events and stays of [from, to), and the
    /// workshop's name, capacities and units.
    static func periodParts(_ db: Database, from: Timestamp, to: Timestamp, toDay: Day) throws -> LogSummary {
        let fromText = from.storageText, toText = to.storageText
        var s = LogSummary()
        try supplyParts(&s, db, from: from, to: to, toDay: toDay)
        let restorationsRead = try db.cachedStatement(sql: """
            SELECT occurred_at, restore_milliseconds FROM restorations WHERE occurred_at >= ? AND occurred_at < ?
            """)
        let restorations = try Row.fetchCursor(restorationsRead, arguments: [fromText, toText])
        while let row = try restorations.next() { s.restorations.append((try ColumnText.time(restorationsRead, 0).milliseconds, row[1])) }
        s.flightsWhileDue = try occurrences(db, "flights_while_due", fromText, toText)
        s.flightsByUnqualified = try occurrences(db, "flights_by_unqualified", fromText, toText)
        s.hastyQC = try occurrences(db, "hasty_qc", fromText, toText)

        // The workshop as it stands now, whatever the period: the one-pass report too reads
        // every workshop_set and unit_add in the log.
        for row in try Row.fetchAll(db, sql: "\(EventRow.selectAll) WHERE kind = 'workshop_set' ORDER BY seq") {
            let e = try Decode.event(row)
            s.workshopName = e.subject
            if case let .workshopSet(setting) = e.body, let perYear = setting.capacityPerYear {
                s.capacities.append((e.occurredAt.milliseconds, perYear))
            }
        }
        s.units = try String.fetchAll(db, sql: "SELECT name FROM units")
        return s
    }

    /// The summaries' parts the supply group reads, which need no snapshot: every day count
    /// before the end, the period's deliveries with their items as built, and the stays in
    /// maintenance or awaiting parts that overlap it.
    static func supplyParts(_ s: inout LogSummary, _ db: Database, from: Timestamp, to: Timestamp, toDay: Day) throws {
        let fromText = from.storageText, toText = to.storageText
        let counts = try Row.fetchCursor(db, sql: "SELECT day, metric, key, n FROM day_counts WHERE day < ? AND n <> 0",
                                         arguments: [toDay.index])
        while let row = try counts.next() {
            guard let metric = SummaryMetric(rawValue: row[1]) else { continue }
            s.counts.append(DayCount(day: row[0], metric: metric, key: row[2], amount: row[3]))
        }
        // Times and ids below are read in place (ColumnText), and the covering indexes of
        // schema v11 answer these ranges without the tables.
        let deliveriesRead = try db.cachedStatement(sql: """
            SELECT occurred_at, build_milliseconds, exw_price, event_seq FROM deliveries WHERE occurred_at >= ? AND occurred_at < ?
            """)
        var priced: [(index: Int, price: Int?, seq: Int64)] = []
        var seqs: ClosedRange<Int64>?
        let deliveries = try Row.fetchCursor(deliveriesRead, arguments: [fromText, toText])
        while let row = try deliveries.next() {
            let at = try ColumnText.time(deliveriesRead, 0).milliseconds, seq: Int64 = row[3]
            s.deliveries.append((at, row[1]))
            priced.append((s.deliveries.count - 1, row[2], seq))
            seqs = seqs.map { min($0.lowerBound, seq)...max($0.upperBound, seq) } ?? seq...seq
        }
        // The delivered airframes' lines: one range of the items by delivery (a delivery's
        // sequence number is its event's), not a search of the items for each delivery.
        // The items come in sequence order (from the covering index of schema v12) and are
        // matched to the deliveries walked in the same order: no lookup per item (a national
        // fleet's twelve weeks hold about two million).
        var carried = Array(repeating: [LocalContent.Item](), count: priced.count)
        if let seqs {
            let bySeq = priced.indices.sorted { priced[$0].seq < priced[$1].seq }
            var next = 0
            let itemRows = try Row.fetchCursor(db, sql: """
                SELECT event_seq, origin, unit_cost, count FROM delivery_items WHERE event_seq BETWEEN ? AND ? ORDER BY event_seq
                """, arguments: [seqs.lowerBound, seqs.upperBound])
            while let row = try itemRows.next() {
                let seq: Int64 = row[0]
                while next < bySeq.count && priced[bySeq[next]].seq < seq { next += 1 }
                guard next < bySeq.count, priced[bySeq[next]].seq == seq else { continue }
                carried[bySeq[next]].append(LocalContent.Item(origin: row[1], cost: row[2], count: row[3]))
            }
        }
        for (i, d) in priced.enumerated() where d.price != nil || !carried[i].isEmpty {
            s.asBuilt.append((s.deliveries[d.index].at, LocalContent.Delivery(items: carried[i], price: d.price)))
        }
        let stays = try Row.fetchCursor(db, sql: """
            SELECT serial, state, since_ms, until_ms, part, catalogued FROM downtime
            WHERE since_ms < ? AND (until_ms IS NULL OR until_ms > ?)
            """, arguments: [to.milliseconds, from.milliseconds])
        while let row = try stays.next() {
            let state = try Read.value(AirframeState.self, row[1], "downtime", "\(row[0] as String)", "state")
            s.stays.append(DowntimeStay(serial: row[0], state: state, since: row[2], until: row[3], part: row[4], catalogued: row[5]))
        }
    }

    /// The airframes and operators at `t`: the projections, with the airframes in `later`
    /// (events dated at or after `t`) rebuilt from their non-undone events before `t`, and
    /// operators with later events taken at their last event before `t`.
    static func snapshot(_ s: inout LogSummary, _ db: Database, at t: Timestamp, later: [String]) throws {
        let toText = t.storageText
        var then: [String: Airframe] = [:]
        for serial in later {
            guard let a = try airframe(serial, before: toText, db) else { continue }
            then[serial] = a
        }

        let working = AirframeState.allCases.filter(\.isWorkInProgress)
        let laterSet = Set(later)
        var oldest: [(serial: String, state: AirframeState, since: Int64)] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT serial, state, state_since FROM airframes WHERE state IN (\(working.map { "'\($0.rawValue)'" }.joined(separator: ",")))
            ORDER BY state_since, serial LIMIT ?
            """, arguments: [10 + later.count]) {
            let serial: String = row[0]
            guard !laterSet.contains(serial) else { continue }
            oldest.append((serial, try Read.value(AirframeState.self, row[1], "airframes", serial, "state"), try Decode.time(row[2]).milliseconds))
        }
        for (serial, a) in then where working.contains(a.state) {
            oldest.append((serial, a.state, a.stateSince.milliseconds))
        }
        oldest.sort(by: LogSummary.longerInWork)
        s.oldestWIP = Array(oldest.prefix(10))

        let intervals = try serviceIntervals(db)
        let dueThen = then.values.filter { a in
            !a.state.isTerminal && isDue(a.model, a.minutesSinceService, a.serviceBaseline, intervals, at: t)
        }.map(\.serial).sorted()
        s.laterSerials = laterSet
        s.dueLater = dueThen

        // Airframes held by each unit: the projections, counted by unit and state from the
        // index on (unit, state) alone, then those with later events taken out as they stand
        // now and counted as they were at `t` (below). A scan of the table read a national
        // workshop's 24 MB for it.
        for row in try Row.fetchAll(db, sql: """
            SELECT unit, state, count(*) FROM airframes INDEXED BY airframes_by_unit WHERE unit IS NOT NULL GROUP BY unit, state
            """) {
            s.hold(row[0], try Read.value(AirframeState.self, row[1], "airframes", "unit \(row[0] as String)", "state"), row[2])
        }
        for serial in later {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT unit, state FROM airframes WHERE serial = ?"), arguments: [serial]),
                  let unit: String = row[0]
            else { continue }
            s.hold(unit, try Read.value(AirframeState.self, row[1], "airframes", serial, "state"), -1)
        }
        for a in then.values {
            if let unit = a.unit { s.hold(unit, a.state) }
        }

        try operators(&s, db, at: t)
    }

    /// Each model's service interval as it is set now (the snapshot's due list judges by it).
    static func serviceIntervals(_ db: Database) throws -> [String: ServiceInterval] {
        var intervals: [String: ServiceInterval] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, service_minutes, service_days FROM models") {
            intervals[row[0]] = ServiceInterval(minutes: row[1], days: row[2])
        }
        return intervals
    }

    /// Whether an airframe of `model` with these service figures is due at `t`.
    static func isDue(_ model: String, _ minutesSinceService: Int, _ baseline: Timestamp?,
                      _ intervals: [String: ServiceInterval], at t: Timestamp) -> Bool {
        guard let interval = intervals[model] else { return false }
        return ServiceRule.isDue(minutesSinceService: minutesSinceService, baseline: baseline, interval: interval, at: t)
    }

    /// An airframe as it stood at `t` (`t.storageText`): replayed from its non-undone
    /// events before it, one at a time (an airframe may have hundreds of thousands); nil
    /// when it was registered at or after `t`.
    static func airframe(_ serial: String, before t: String, _ db: Database) throws -> Airframe? {
        let events = try Row.fetchCursor(db.cachedStatement(sql: """
            \(EventRow.selectAll)
            WHERE subject = ? AND kind IN (\(Decode.airframeKindList)) AND kind <> 'undo' AND occurred_at < ?
              AND id NOT IN (SELECT event_id FROM undone)
            ORDER BY seq
            """), arguments: [serial, t])
        var a: Airframe?
        // Read as the one-pass report reads the log: without QC's stored limits, which the
        // projection does not use (a third of the time of reading a QC run).
        while let row = try events.next() { a = AirframeLifecycle.evolve(a, try EventRow(row: row, forMetrics: true).event) }
        return a
    }

    /// The qualified operators at `t`, each with the minutes flown in the 90 days before it:
    /// the projections, with those that have events dated at or after `t` taken at their
    /// last event before it.
    static func operators(_ s: inout LogSummary, _ db: Database, at t: Timestamp) throws {
        let toText = t.storageText
        let window = Timestamp(milliseconds: t.milliseconds - LogWriter.currencyWindow).storageText
        let laterOperators = Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT subject FROM events WHERE kind IN (\(Decode.operatorKindList)) AND occurred_at >= ?
            """, arguments: [toText]))
        // Each operator qualified now with the minutes flown in the window, in one statement
        // (a query per operator cost more in its round trips than in SQLite).
        func minutesSQL(of operatorID: String) -> String {
            "SELECT coalesce(sum(minutes), 0) FROM flights WHERE operator = \(operatorID) AND occurred_at >= ? AND occurred_at < ?"
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, unit, state, CASE WHEN state = 'qualified' THEN (\(minutesSQL(of: "operators.id"))) END
            FROM operators
            """, arguments: [window, toText]) {
            let id: String = row[0]
            var state: String? = row[2]
            var minutes: Int? = row[3]
            if laterOperators.contains(id) {
                state = try String.fetchOne(db, sql: """
                    SELECT to_state FROM events WHERE subject = ? AND kind IN (\(Decode.operatorKindList)) AND occurred_at < ?
                    ORDER BY seq DESC LIMIT 1
                    """, arguments: [id, toText])
                if state == OperatorState.qualified.rawValue, minutes == nil {
                    minutes = try Int.fetchOne(db, sql: minutesSQL(of: "?"), arguments: [id, window, toText])
                }
            }
            guard state == OperatorState.qualified.rawValue else { continue }
            s.qualifiedOperators.append((row[1], minutes ?? 0))
        }
    }

    /// Ids of compliance events of one kind in [from, to), in log order, and how many each
    /// airframe has. Read in the table's key order (by time) and put in log order here, where
    /// they nearly are already: SQLite sorted a national workshop's 140,000 of them through
    /// a file, then sorted them again to count them by airframe.
    static func occurrences(_ db: Database, _ kind: String, _ from: String, _ to: String) throws -> LogSummary.Occurrences {
        var o = LogSummary.Occurrences()
        var read = IDList(), seqs: [Int64] = [], at: [Int64] = []
        var inLogOrder = true
        let statement = try db.cachedStatement(sql: """
            SELECT event_seq, event_id, occurred_at, serial FROM compliance_events WHERE kind = ? AND occurred_at >= ? AND occurred_at < ?
            ORDER BY occurred_at, event_seq
            """)
        let cursor = try Row.fetchCursor(statement, arguments: [kind, from, to])
        while let row = try cursor.next() {
            let seq: Int64 = row[0], serial: String = row[3]
            if let last = seqs.last, seq < last { inLogOrder = false }
            seqs.append(seq)
            read.append(utf8: ColumnText.bytes(statement, 1))
            at.append(try ColumnText.time(statement, 2).milliseconds)
            o.bySerial[serial, default: 0] += 1
        }
        guard !inLogOrder else {
            (o.ids, o.at) = (read, at)
            return o
        }
        // A sequence number is one event's: no two alike.
        let order = seqs.indices.sorted { seqs[$0] < seqs[$1] }
        o.ids.reserve(ids: order.count, bytes: read.bytes.count)
        o.at.reserveCapacity(order.count)
        for i in order {
            o.ids.append(utf8: read.bytes[read.range(i)])
            o.at.append(at[i])
        }
        return o
    }

    /// Serials of the airframes due for service at `t` (sorted) by the projections and the
    /// models' settings now.
    static func dueForService(_ db: Database, at t: Timestamp) throws -> IDList {
        // One pass (a CASE per model, not a join).
        var cases: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for row in try Row.fetchAll(db, sql: "SELECT name, service_minutes, service_days FROM models ORDER BY name") {
            let minutes: Int? = row[1], days: Int? = row[2]
            guard minutes != nil || days != nil else { continue }
            // ServiceRule.isDue as SQL: minutes reached, or the baseline at or before the
            // rule's cut-off for the days (ReportSummaryTests hold it to the rule).
            cases.append("WHEN ? THEN minutes_since_service >= ? OR service_baseline_at <= ?")
            arguments += [row[0] as String, minutes, days.map { ServiceRule.latestBaselineDueByDays($0, at: t).storageText }]
        }
        var due = IDList()
        guard !cases.isEmpty else { return due }
        // The partial index holds just these airframes' serials and service figures, in
        // serial order (schema v11): no table row read, no sort.
        let statement = try db.makeStatement(sql: """
            SELECT serial FROM airframes INDEXED BY airframes_for_service
            WHERE state NOT IN ('lost', 'written_off') AND service_baseline_at IS NOT NULL
              AND CASE model \(cases.joined(separator: " ")) ELSE 0 END
            ORDER BY serial
            """)
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        while try cursor.next() != nil {
            due.append(utf8: ColumnText.bytes(statement, 0))
        }
        return due
    }

    /// A sorted list without `skipping`, with `adding` (sorted) merged in. Serials are
    /// ASCII, so byte order is String order.
    static func merge(_ list: IDList, skipping: Set<String>, adding: [String]) -> IDList {
        guard !skipping.isEmpty || !adding.isEmpty else { return list }
        var out = IDList()
        var extra = adding[...]
        for serial in list {
            while let next = extra.first, next < serial { out.append(next); extra.removeFirst() }
            if !skipping.contains(serial) { out.append(serial) }
        }
        for serial in extra { out.append(serial) }
        return out
    }
}
