import CHangarMemory
import GRDB
import HangarCore

/// Builds the summary tables from the log in one pass: when a file from before schema v3
/// is migrated, and by `verify`'s comparison in tests. The log's non-undone events are
/// applied in order, each through the same `SummaryFacts` as a write; the flights'
/// entitlement is judged per operator at the end, with the same rule.
enum SummaryRebuild {
    static func run(_ db: Database) throws {
        let flag = try Self.flagger(db)
        // The pass holds the fleet (packed, with each airframe's last maintenance: ~130 bytes
        // an airframe with its index) and the day counts: ~150 MB at a national fleet. All of
        // it is gone when the pass returns, and handed back to the system, before the flights
        // are judged (a national log's import peaked at 279 MiB with both at once).
        try pass(db, flag: flag)
        _ = hangar_return_freed_memory()
        try judgeAllFlights(db, flag: flag)
    }

    /// Every non-undone event applied in order: the day counts, deliveries, restorations,
    /// stays, as-built items and the compliance events of airframes' steps.
    static func pass(_ db: Database, flag: (String, Int64, String, String, String) throws -> Void) throws {
        // The supply summaries (schema v8): not yet there when an older migration rebuilds.
        let supply = try db.tableExists("downtime")
        for table in ["day_counts", "deliveries", "restorations", "compliance_events"] + (supply ? ["downtime", "delivery_items"] : []) {
            try db.execute(sql: "DELETE FROM \(table)")
        }
        // Days are the workshop's local days when it has a time zone (DESIGN §13).
        // (A migration from before schema v6 rebuilds before the column exists: UTC days then.)
        let hasZone = try db.columns(in: "workshop").contains { $0.name == "timezone" }
        let days = LocalDays(zone: hasZone ? try String.fetchOne(db, sql: "SELECT timezone FROM workshop WHERE id = 1") : nil)
        var counts: [DayKey: Int] = [:]
        var airframes = PackedAirframes()
        // Made at the fleet's size at once (the airframes table holds every one ever
        // registered): grown by doubling, its old and new storage were the pass's peak.
        airframes.reserve(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM airframes") ?? 0)
        var operatorUnits: [String: String] = [:]
        var settings: [String: ServiceInterval] = [:]
        let delivery = try db.makeStatement(sql: supply
            ? "INSERT INTO deliveries (event_seq, serial, occurred_at, build_milliseconds, exw_price) VALUES (?, ?, ?, ?, ?)"
            : "INSERT INTO deliveries (event_seq, serial, occurred_at, build_milliseconds) VALUES (?, ?, ?, ?)")
        var stays = try StayKeeper(db, kept: supply)
        var prices: [String: Int] = [:]
        // The as-built items only, and only until the airframe's delivery: what each airframe
        // carries (its pieces' serials, its lot quantities) until then, each piece's and lot's
        // receipt terms read from its row when the airframe is delivered (the pieces and lots
        // tables keep them as received). Pieces moved in a delivered airframe are not followed.
        var trail = StockTrail(keepsPieces: false, keepsReceipts: false)
        let receiptTerms = supply ? try db.makeStatement(sql: "SELECT origin, unit_cost FROM pieces WHERE serial = ?") : nil
        func receipt(_ serial: String) throws -> LocalContent.Item? {
            guard let receiptTerms, let row = try Row.fetchOne(receiptTerms, arguments: [serial]) else { return nil }
            return LocalContent.Item(origin: row[0], cost: row[1], count: 1)
        }
        let lotReceiptTerms = supply ? try db.makeStatement(sql: "SELECT origin, unit_cost FROM lots WHERE part = ? AND lot = ?") : nil
        func lotReceipt(_ part: String, _ lot: String) throws -> LocalContent.Item? {
            guard let lotReceiptTerms, let row = try Row.fetchOne(lotReceiptTerms, arguments: [part, lot]) else { return nil }
            return LocalContent.Item(origin: row[0], cost: row[1], count: 1)
        }
        let restoration = try db.makeStatement(sql: """
            INSERT INTO restorations (event_seq, serial, occurred_at, restore_milliseconds) VALUES (?, ?, ?, ?)
            """)
        func add(_ facts: [DayCount]) {
            for c in facts { counts[DayKey(day: c.day, metric: c.metric.rawValue, key: c.key), default: 0] += c.amount }
        }

        // Only the pieces of parts that have a life limit somewhere in the log can make a flight
        // due: the others' pieces are not followed (most of an airframe's pieces).
        var limited: Set<String> = []
        if supply {
            for e in try Row.decodeAll(db, sql: "\(EventRow.selectAll) WHERE kind IN ('part_add', 'part_update')", Decode.event) {
                switch e.body {
                case let .partAdd(d) where d.lifeMinutes != nil: limited.insert(e.subject)
                case let .partUpdate(c): if case .set = c.lifeMinutes { limited.insert(e.subject) }
                default: break
                }
            }
        }
        // The followed pieces in a TEMP table: a national fleet's would not fit in memory.
        let watched = try WatchedPiecesOnDisk(db: db)
        defer { try? watched.drop() }
        var lifeWatch = ComponentLifeWatch(followed: supply ? limited : nil, pieces: watched)
        try HangarStore.forEachActiveEvent(db) { e in
            let at = e.occurredAt.storageText
            let carriesPieceAtLife = try lifeWatch.apply(e)
            switch e.kind.subject {
            case .configuration:
                if case .modelAdd = e.body { settings[e.subject] = ServiceInterval.none.after(e.body) }
                if case .modelUpdate = e.body { settings[e.subject] = (settings[e.subject] ?? .none).after(e.body) }
                if case let .modelAdd(d) = e.body { prices[e.subject] = d.exwPrice }
                if case let .modelUpdate(c) = e.body { prices[e.subject] = c.exwPrice.applied(to: prices[e.subject]) }
                if supply, StockTrail.kinds.contains(e.kind) { trail.apply(e) }
            case .part, .piece:
                if supply { trail.apply(e) }
            case .operator:
                if case let .enroll(enrolment) = e.body { operatorUnits[e.subject] = enrolment.unit }
                add(SummaryFacts.operatorEvent(e, unit: operatorUnits[e.subject] ?? "", days: days).counts)
            case .airframe:
                let before = airframes[e.subject]
                // A written-off airframe left the table.
                if supply, StockTrail.kinds.contains(e.kind), before?.firstPassAt == nil { trail.apply(e) }
                if before == nil && e.kind != .register {
                    // Parts taken back to stock from it still count as (negative) consumption.
                    if e.kind == .remove { add(SummaryFacts.airframe(e, before: nil, serviceMinutes: nil, serviceDays: nil, days: days).counts) }
                    return
                }
                let s = before.flatMap { settings[$0.model] }
                let facts = SummaryFacts.airframe(e, before: before, serviceMinutes: s?.minutes, serviceDays: s?.days, days: days)
                add(facts.counts)
                try stays.keep(e, before: before?.state, known: trail.knowsPart)
                if let ms = facts.deliveryMilliseconds {
                    if supply {
                        try delivery.execute(arguments: [e.seq, e.subject, at, ms, before.flatMap { prices[$0.model] }])
                        for item in try trail.asBuilt(e.subject, receipt: receipt, lot: lotReceipt) {
                            try stays.item.execute(arguments: [e.seq, item.origin, item.cost, item.count])
                        }
                        trail.forget(e.subject)
                    } else {
                        try delivery.execute(arguments: [e.seq, e.subject, at, ms])
                    }
                }
                if facts.restoration, let opened = airframes.maintenanceOpened(e.subject) {
                    try restoration.execute(arguments: [e.seq, e.subject, at, e.occurredAt.milliseconds - opened])
                }
                if facts.hastyQC { try flag("hasty_qc", e.seq, e.id, at, e.subject) }
                if facts.flightWhileDue || carriesPieceAtLife { try flag("flights_while_due", e.seq, e.id, at, e.subject) }
                let after = AirframeLifecycle.evolve(before, e)
                if after.state.isTerminal {
                    // A loss or write-off that stands is the airframe's last event.
                    airframes[e.subject] = nil
                } else {
                    airframes[e.subject] = after
                    if e.kind == .maintenanceOpen { airframes.setMaintenanceOpened(e.subject, at: e.occurredAt.milliseconds) }
                }
            }
        }
        let count = try db.makeStatement(sql: "INSERT INTO day_counts (day, metric, key, n) VALUES (?, ?, ?, ?)")
        for (k, n) in counts where n != 0 { try count.execute(arguments: [k.day, k.metric, k.key, n]) }
    }

    /// The `downtime` rows as the log's state changes open and close them, and the statement
    /// that writes `delivery_items` (nothing when the tables are not there yet).
    struct StayKeeper {
        let kept: Bool
        let open: Statement?, close: Statement?
        let item: Statement
        var openSeq: [String: Int64] = [:]

        init(_ db: Database, kept: Bool) throws {
            self.kept = kept
            open = kept ? try db.makeStatement(sql: """
                INSERT INTO downtime (open_seq, serial, state, since_ms, part, catalogued) VALUES (?, ?, ?, ?, ?, ?)
                """) : nil
            close = kept ? try db.makeStatement(sql: "UPDATE downtime SET close_seq = ?, until_ms = ? WHERE open_seq = ?") : nil
            item = try db.makeStatement(sql: kept ? "INSERT INTO delivery_items (event_seq, origin, unit_cost, count) VALUES (?, ?, ?, ?)" : "SELECT ?, ?, ?, ?")
        }

        /// As `LogWriter.keepStays`: a change of state closes the open stay and may open one.
        mutating func keep(_ e: RecordedEvent, before from: AirframeState?, known: (String) -> Bool) throws {
            guard kept, let change = DowntimeStay.change(e, from: from) else { return }
            let t = e.occurredAt.milliseconds
            if change.ends, let seq = openSeq.removeValue(forKey: e.subject) { try close?.execute(arguments: [e.seq, t, seq]) }
            guard let (to, part) = change.begins else { return }
            try open?.execute(arguments: [e.seq, e.subject, to.rawValue, t, part, part.map(known) ?? false])
            openSeq[e.subject] = e.seq
        }
    }

    struct DayKey: Hashable {
        var day: Int64
        var metric: String
        var key: String
    }

    /// Every flight with an operator, judged against the operator's state at the flight
    /// and their minutes in the 90 days before it; one operator at a time.
    /// Writes a compliance event: kind, sequence, id, time, airframe. The airframe column came
    /// with schema v9; the migrations before it rebuild the summaries without it.
    static func flagger(_ db: Database) throws -> (String, Int64, String, String, String) throws -> Void {
        if try db.columns(in: "compliance_events").contains(where: { $0.name == "serial" }) {
            let statement = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO compliance_events (kind, event_seq, event_id, occurred_at, serial) VALUES (?, ?, ?, ?, ?)
                """)
            return { try statement.execute(arguments: [$0, $1, $2, $3, $4]) }
        }
        let statement = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO compliance_events (kind, event_seq, event_id, occurred_at) VALUES (?, ?, ?, ?)
            """)
        return { kind, seq, id, at, _ in try statement.execute(arguments: [kind, seq, id, at]) }
    }

    static func judgeAllFlights(_ db: Database, flag: (String, Int64, String, String, String) throws -> Void) throws {
        var changes: [String: [(at: Int64, state: OperatorState)]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT subject, occurred_at, to_state FROM events WHERE kind IN (\(Decode.operatorKindList)) ORDER BY seq
            """)
        while let row = try rows.next() {
            guard let state = OperatorState(rawValue: row[2]) else { continue }
            changes[row[0], default: []].append((try Decode.time(row[1]).milliseconds, state))
        }
        struct Flight { var seq: Int64; var id: String; var at: Int64; var text: String; var minutes: Int; var purpose: FlightPurpose; var serial: String }
        var current: String?
        var flights: [Flight] = []
        func judge() throws {
            guard let operatorID = current else { return }
            let history = changes[operatorID] ?? []
            var prefix = [0]
            for f in flights { prefix.append(prefix.last! + f.minutes) }
            func firstIndex(atOrAfter t: Int64) -> Int {
                var lo = 0, hi = flights.count
                while lo < hi { let mid = (lo + hi) / 2; if flights[mid].at < t { lo = mid + 1 } else { hi = mid } }
                return lo
            }
            for f in flights {
                let state = history.last { $0.at <= f.at }?.state
                let minutes = prefix[firstIndex(atOrAfter: f.at)] - prefix[firstIndex(atOrAfter: f.at - LogWriter.currencyWindow)]
                if FlightEntitlement.isUnqualified(purpose: f.purpose, state: state, minutesInWindow: minutes) {
                    try flag("flights_by_unqualified", f.seq, f.id, f.text, f.serial)
                }
            }
        }
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT f.operator, e.seq, f.event_id, f.occurred_at, f.minutes, f.purpose, f.serial
            FROM flights f JOIN events e ON e.id = f.event_id
            WHERE f.operator IS NOT NULL ORDER BY f.operator, f.occurred_at
            """)
        while let row = try cursor.next() {
            let operatorID: String = row[0]
            if operatorID != current {
                try judge()
                current = operatorID
                flights.removeAll(keepingCapacity: true)
            }
            let text: String = row[3]
            flights.append(Flight(
                seq: row[1], id: row[2], at: try Decode.time(text).milliseconds, text: text, minutes: row[4],
                purpose: try Read.value(FlightPurpose.self, row[5], "flights", row[2], "purpose"), serial: row[6]))
        }
        try judge()
    }
}
