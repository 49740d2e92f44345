import GRDB
import HangarCore

/// The report's summary tables (schema v3), kept with each event in its transaction.
extension LogWriter {
    static let dayInMilliseconds: Int64 = 86_400_000
    static let currencyWindow = Currency.windowDays * dayInMilliseconds

    /// Writes what a recorded event adds to the summaries (or, for an undo, takes back
    /// what the undone event added).
    func summarize(_ decision: Decision, before: Airframe?) throws {
        let e = decision.event
        switch e.kind.subject {
        case .configuration, .part, .piece:
            return
        case .operator:
            var unit = ""
            if case let .enroll(enrolment) = e.body { unit = enrolment.unit }
            for case let .operatorRecord(o) in decision.changes { unit = o.unit }
            try add(SummaryFacts.operatorEvent(e, unit: unit, days: LocalDays(zone: try reader.workshop().timezone)).counts)
            // A change of state at t changes what every flight from t on was entitled to.
            try reviewFlights(of: e.subject, from: e.occurredAt.milliseconds, through: nil, operationalOnly: false)
        case .airframe:
            if e.kind == .undo { return try takeBack(decision) }
            let model = try before.flatMap { try reader.model($0.model) }
            let facts = SummaryFacts.airframe(e, before: before, serviceMinutes: model?.serviceMinutes, serviceDays: model?.serviceDays,
                                              days: LocalDays(zone: try reader.workshop().timezone))
            try add(facts.counts)
            let at = e.occurredAt.storageText
            try keepStays(e, before: before)
            if let milliseconds = facts.deliveryMilliseconds {
                try db.cachedStatement(sql: """
                    INSERT INTO deliveries (event_seq, serial, occurred_at, build_milliseconds, exw_price) VALUES (?, ?, ?, ?, ?)
                    """).execute(arguments: [e.seq, e.subject, at, milliseconds, model?.exwPrice])
                try keepAsBuilt(e)
            }
            if facts.restoration, let opened = try lastMaintenanceOpen(e.subject) {
                try db.cachedStatement(sql: """
                    INSERT INTO restorations (event_seq, serial, occurred_at, restore_milliseconds) VALUES (?, ?, ?, ?)
                    """).execute(arguments: [e.seq, e.subject, at, e.occurredAt.milliseconds - opened.milliseconds])
            }
            if facts.hastyQC { try flag("hasty_qc", e.seq, e.id, at, serial: e.subject) }
            // Component life makes an airframe due too (DESIGN §14): the rules said so as the flight was recorded.
            let carriesPieceAtLife = decision.warnings.contains {
                if case let .dueForService(_, reasons) = $0 { return reasons.contains { $0.hasPrefix("component:") } }
                return false
            }
            if facts.flightWhileDue || carriesPieceAtLife { try flag("flights_while_due", e.seq, e.id, at, serial: e.subject) }
            if case let .flight(flight) = e.body, let operatorID = flight.operator {
                let purpose = flight.purpose
                let t = e.occurredAt.milliseconds
                try judgeFlight(seq: e.seq, id: e.id, serial: e.subject, operatorID: operatorID, at: t, purpose: purpose)
                // Its minutes count towards the currency of the operator's next 90 days.
                try reviewFlights(of: operatorID, from: t + 1, through: t + Self.currencyWindow, operationalOnly: true)
            }
        }
    }

    /// An undo: the undone event's facts, computed again from the airframe as it stood
    /// before it (which is the airframe the undo restores), are taken back.
    func takeBack(_ decision: Decision) throws {
        var undoneID: String?
        var restored: Airframe?
        for change in decision.changes {
            if case let .undo(eventID, _) = change { undoneID = eventID }
            if case let .airframe(a) = change { restored = a }
        }
        guard let undoneID, let restored,
              let row = try Row.fetchOne(db.cachedStatement(sql: ReaderSQL.eventByID), arguments: [undoneID])
        else { return }
        let target = try Decode.event(row)
        let facts = SummaryFacts.airframe(target, before: restored, serviceMinutes: nil, serviceDays: nil, days: LocalDays(zone: try reader.workshop().timezone))
        try add(facts.reversed)
        for table in ["deliveries", "delivery_items", "restorations", "compliance_events"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE event_seq = ?").execute(arguments: [target.seq])
        }
        // The stay it opened goes; the one it closed is open again.
        try db.cachedStatement(sql: "DELETE FROM downtime WHERE open_seq = ?").execute(arguments: [target.seq])
        try db.cachedStatement(sql: "UPDATE downtime SET close_seq = NULL, until_ms = NULL WHERE close_seq = ?").execute(arguments: [target.seq])
        if case let .flight(flight) = target.body, let operatorID = flight.operator {
            let t = target.occurredAt.milliseconds
            try reviewFlights(of: operatorID, from: t + 1, through: t + Self.currencyWindow, operationalOnly: true)
        }
    }

    /// A change of state closes the airframe's open stay in maintenance or awaiting parts,
    /// and opens one when it moves into either.
    func keepStays(_ e: RecordedEvent, before: Airframe?) throws {
        guard let change = DowntimeStay.change(e, from: before?.state) else { return }
        let t = e.occurredAt.milliseconds
        if change.ends {
            try db.cachedStatement(sql: "UPDATE downtime SET close_seq = ?, until_ms = ? WHERE serial = ? AND close_seq IS NULL")
                .execute(arguments: [e.seq, t, e.subject])
        }
        guard let (to, part) = change.begins else { return }
        let catalogued = try part.map { try reader.part($0) != nil } ?? false
        try db.cachedStatement(sql: """
            INSERT INTO downtime (open_seq, serial, state, since_ms, part, catalogued) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [e.seq, e.subject, to.rawValue, t, part, catalogued])
    }

    /// What the airframe carries at its first QC pass: its installed pieces and the lots it
    /// holds, with their receipts' origin and unit cost.
    func keepAsBuilt(_ e: RecordedEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO delivery_items (event_seq, origin, unit_cost, count)
            SELECT ?, origin, unit_cost, sum(n) FROM (
                SELECT origin, unit_cost, 1 AS n FROM pieces WHERE airframe = ?
                UNION ALL
                SELECT l.origin, l.unit_cost, h.qty FROM lot_holdings h JOIN lots l ON l.part = h.part AND l.lot = h.lot
                WHERE h.airframe = ? AND h.qty > 0)
            GROUP BY origin, unit_cost
            """).execute(arguments: [e.seq, e.subject, e.subject])
    }

    func add(_ counts: [DayCount]) throws {
        for c in counts {
            try db.cachedStatement(sql: """
                INSERT INTO day_counts (day, metric, key, n) VALUES (?, ?, ?, ?)
                ON CONFLICT(day, metric, key) DO UPDATE SET n = n + excluded.n
                """).execute(arguments: [c.day, c.metric.rawValue, c.key, c.amount])
        }
    }

    func flag(_ kind: String, _ seq: Int64, _ id: String, _ at: String, serial: String) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO compliance_events (kind, event_seq, event_id, occurred_at, serial) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [kind, seq, id, at, serial])
    }

    /// When the airframe's latest non-undone `maintenance_open` happened.
    func lastMaintenanceOpen(_ serial: String) throws -> Timestamp? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT occurred_at FROM events e
            WHERE subject = ? AND kind = 'maintenance_open'
              AND NOT EXISTS (SELECT 1 FROM undone u WHERE u.event_id = e.id)
            ORDER BY seq DESC LIMIT 1
            """), arguments: [serial]).map { try Decode.time($0) }
    }

    /// Whether one flight was flown by an operator not entitled to it, written to
    /// `compliance_events` (or removed from it).
    func judgeFlight(seq: Int64, id: String, serial: String, operatorID: String, at t: Int64, purpose: FlightPurpose) throws {
        let at = Timestamp(milliseconds: t)
        // Operator events are in time order per operator, so the last by sequence wins.
        let state = try String.fetchOne(db.cachedStatement(sql: """
            SELECT to_state FROM events
            WHERE subject = ? AND kind IN (\(Decode.operatorKindList)) AND occurred_at <= ?
            ORDER BY seq DESC LIMIT 1
            """), arguments: [operatorID, at.storageText]).flatMap(OperatorState.init(rawValue:))
        var minutes = 0
        if purpose == .operational {
            minutes = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT total(minutes) FROM flights WHERE operator = ? AND occurred_at >= ? AND occurred_at < ?
                """), arguments: [operatorID, Timestamp(milliseconds: t - Self.currencyWindow).storageText, at.storageText]) ?? 0
        }
        if FlightEntitlement.isUnqualified(purpose: purpose, state: state, minutesInWindow: minutes) {
            try flag("flights_by_unqualified", seq, id, at.storageText, serial: serial)
        } else {
            try db.cachedStatement(sql: "DELETE FROM compliance_events WHERE kind = 'flights_by_unqualified' AND event_seq = ?")
                .execute(arguments: [seq])
        }
    }

    /// Judges again the operator's flights in [from, through] (through nil: all later ones).
    func reviewFlights(of operatorID: String, from: Int64, through: Int64?, operationalOnly: Bool) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT e.seq, f.event_id, f.occurred_at, f.purpose, f.serial FROM flights f JOIN events e ON e.id = f.event_id
            WHERE f.operator = ? AND f.occurred_at >= ? AND f.occurred_at <= ?
            """), arguments: [
                operatorID, Timestamp(milliseconds: from).storageText,
                through.map { Timestamp(milliseconds: $0).storageText } ?? "9999",
            ])
        for row in rows {
            guard let purpose = FlightPurpose(rawValue: row[3]) else { continue }
            if operationalOnly && purpose != .operational { continue }
            try judgeFlight(seq: row[0], id: row[1], serial: row[4], operatorID: operatorID, at: try Decode.time(row[2]).milliseconds, purpose: purpose)
        }
    }
}
