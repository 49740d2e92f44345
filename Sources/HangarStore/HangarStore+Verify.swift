import Foundation
import GRDB
import HangarCore

/// What `hangar verify` found.
public struct VerifyReport: Sendable {
    /// What was checked, one line each.
    public var checked: [String] = []
    /// The first fault, if any.
    public var fault: String?
    public var ok: Bool { fault == nil }
}

extension HangarStore {
    /// Integrity check, the whole hash chain, and a replay of the log through the rules
    /// compared with every projection. Stops at the first fault. An `anchor` is a chain
    /// head printed by an earlier verify and kept elsewhere: the event with that sequence
    /// number must still carry that hash, which catches a rewrite of the whole chain and
    /// events removed from the end of the log.
    public func verify(anchor: ChainAnchor? = nil) throws -> VerifyReport {
        try read { db in
            var report = VerifyReport()
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard integrity == ["ok"] else {
                report.fault = "SQLite integrity check failed: " + integrity.prefix(5).joined(separator: "; ")
                return report
            }
            report.checked.append("SQLite integrity check: ok")

            var state = try VerifyState(db: db)
            // The replay's TEMP tables go with the verify, whatever it finds.
            defer { try? state.stock.drop() }
            // The fleet's tables made at their size at once (the projections list every
            // airframe and piece ever recorded): grown by doubling, old and new storage
            // would be held together for a moment.
            state.airframes.reserve(try Self.reservation(db, table: "airframes"))
            var previousHash = RecordedEvent.genesisHash
            var expectedSeq: Int64 = 1
            let cursor = try Row.fetchCursor(db, sql: "\(EventRow.selectAll) ORDER BY seq")
            while let row = try cursor.next() {
                let seq: Int64 = row["seq"]
                let id: String = row["id"]
                let label = "event #\(seq) (\(id))"
                guard seq == expectedSeq else {
                    report.fault = seq > expectedSeq
                        ? "event #\(expectedSeq) is missing: the sequence jumps from #\(expectedSeq - 1) to #\(seq) (a row was deleted)"
                        : "\(label): sequence number out of order"
                    return report
                }
                let dataText: String = row["data"]
                let event: RecordedEvent
                do { event = try Decode.event(row) } catch {
                    report.fault = "\(label): \(error)"
                    return report
                }
                let content = event.canonicalContent(previousHash: previousHash, dataJSON: dataText)
                let stored: String = row["hash"]
                guard Chain.hash(content) == stored else {
                    report.fault = "\(label): its hash does not match its content or the event before it (the row was changed, inserted or reordered)"
                    return report
                }
                previousHash = stored

                // Replay through the rules, as if recorded at its recorded time.
                var body = event.body
                if case var .qc(run) = body { run.limits = nil; body = .qc(run) }
                let input = EventInput(
                    id: event.id, subject: event.subject, occurredAt: event.occurredAt,
                    recordedAt: event.recordedAt, actor: event.actor, body: body, note: event.note)
                let decision: Decision
                state.seq = seq
                do {
                    decision = try Ledger.decide(input, in: state, now: event.recordedAt)
                } catch {
                    report.fault = "\(label): replaying it through the rules fails: \(error)"
                    return report
                }
                var expected = decision.event
                expected.seq = seq
                if let difference = Self.difference(stored: event, replayed: expected) {
                    report.fault = "\(label): \(difference)"
                    return report
                }
                try state.apply(decision)
                if let fault = state.mentionFault {
                    report.fault = "projection mismatch: \(fault). That table was edited behind Hangar's back"
                    return report
                }
                expectedSeq += 1
            }
            report.checked.append("hash chain: \(expectedSeq - 1) events, head \(previousHash)")
            if let anchor {
                if let fault = try Self.check(anchor, in: db, lastSeq: expectedSeq - 1) {
                    report.fault = fault
                    return report
                }
                report.checked.append("anchor: event #\(anchor.seq) still has the hash \(anchor.hash)")
            }
            report.checked.append("replay of the log through the rules: \(expectedSeq - 1) events accepted")

            let difference: String?
            do {
                difference = try Self.compare(replayed: state, db)
            } catch let error as HangarError {
                report.fault = "projection unreadable: \(error). That table was edited behind Hangar's back"
                return report
            }
            if let difference {
                report.fault = "projection mismatch: \(difference). Either that table was edited behind Hangar's back, "
                    + "or events were removed from the end of the log (verify --anchor with a head kept earlier tells which)"
                return report
            }
            let r = state.small
            report.checked.append(
                "projections equal the replay: \(state.airframes.count) airframes, \(r.operators.count) operators, "
                    + "\(r.staffByID.count) staff, \(r.units.count) units, \(r.models.count) models, "
                    + "\(state.flights) flights, \(r.undone.count) undone events")
            // The replay's projections are compared: let them go before the summaries' rebuild
            // holds the fleet again (a national fleet twice over would not fit the memory target).
            try state.stock.drop()
            state.airframes = PackedAirframes()
            state.small = WorkshopState()
            if let difference = try Self.compareSummaries(db) {
                report.fault = "report summary mismatch: \(difference). The table was edited behind Hangar's back "
                    + "(or events were removed from the end of the log)"
                return report
            }
            report.checked.append("report summaries equal a rebuild from the log")
            return report
        }
    }

    /// The report's summary tables against a rebuild from the log. The rebuild writes into
    /// TEMP tables of the same names (they hide the main ones for unqualified names), so
    /// a read-only verify changes nothing; the first differing row is named.
    static func compareSummaries(_ db: Database) throws -> String? {
        let tables = [("day_counts", "WHERE n <> 0"), ("deliveries", ""), ("restorations", ""), ("compliance_events", ""), ("downtime", ""), ("delivery_items", "")]
        for (table, _) in tables {
            try db.execute(sql: "CREATE TEMP TABLE \(table) AS SELECT * FROM main.\(table) WHERE 0")
        }
        defer { for (table, _) in tables { try? db.execute(sql: "DROP TABLE temp.\(table)") } }
        // The rebuild closes each stay by its key: without an index, a scan of them all.
        try db.execute(sql: "CREATE INDEX temp.downtime_by_open_seq ON downtime(open_seq)")
        try SummaryRebuild.run(db)
        for (table, filter) in tables {
            let extra = try Row.fetchOne(db, sql: "SELECT * FROM main.\(table) \(filter) EXCEPT SELECT * FROM temp.\(table) \(filter) LIMIT 1")
            let missing = try Row.fetchOne(db, sql: "SELECT * FROM temp.\(table) \(filter) EXCEPT SELECT * FROM main.\(table) \(filter) LIMIT 1")
            switch (extra, missing) {
            case (nil, nil): continue
            case let (row?, nil): return "table \(table) has \(row), which the log does not produce"
            case let (nil, row?): return "table \(table) lacks \(row), which the log produces"
            case let (row?, expected?): return "table \(table) has \(row) where the log produces \(expected)"
            }
        }
        return nil
    }

    /// The head of the hash chain: keep it elsewhere to detect a rewrite of the whole log.
    public func chainHead() throws -> (seq: Int64, hash: String)? {
        try read { db in
            try Row.decodeOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1") { ($0["seq"], $0["hash"]) }
        }
    }

    static func check(_ anchor: ChainAnchor, in db: Database, lastSeq: Int64) throws -> String? {
        guard anchor.seq <= lastSeq else {
            return "the anchor names event #\(anchor.seq) but the log ends at #\(lastSeq): events were removed from the end of the log"
        }
        let hash = try String.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [anchor.seq])
        guard hash == anchor.hash else {
            return "event #\(anchor.seq) has the hash \(hash ?? "(none)"), the anchor says \(anchor.hash): the log was rewritten up to that event"
        }
        return nil
    }

    static func difference(stored: RecordedEvent, replayed: RecordedEvent) -> String? {
        if stored.subject != replayed.subject { return "stored subject '\(stored.subject)', the rules give '\(replayed.subject)'" }
        if stored.fromState != replayed.fromState {
            return "stored from_state '\(stored.fromState ?? "")', the replay gives '\(replayed.fromState ?? "")'"
        }
        if stored.toState != replayed.toState {
            return "stored to_state '\(stored.toState ?? "")', the replay gives '\(replayed.toState ?? "")'"
        }
        var storedBody = stored.body
        // An `assembled` recorded before BOMs (schema v5) has no bom_version: no BOM.
        if case .assembled(Assembly(bomVersion: nil)) = storedBody { storedBody = .assembled(Assembly(bomVersion: .some(nil))) }
        if storedBody != replayed.body || stored.note != replayed.note {
            let a = (try? EventLine.canonicalJSON(stored.body, note: stored.note)).map { String(decoding: $0, as: UTF8.self) } ?? "(unwritable)"
            let b = (try? EventLine.canonicalJSON(replayed.body, note: replayed.note)).map { String(decoding: $0, as: UTF8.self) } ?? "(unwritable)"
            return "stored data \(a) differs from the replay's \(b)"
        }
        return nil
    }

    /// Every projection table in memory (tests compare two files with it).
    static func loadProjections(_ db: Database) throws -> WorkshopState {
        var s = try loadConfiguration(db)
        try Row.fetchCursor(db, sql: "\(AirframeRow.selectAll)").forEach { row in let a = try Decode.airframe(row); s.airframes[a.serial] = a }
        try Row.fetchCursor(db, sql: "\(FlightRow.selectAll)").forEach { row in let f = try Decode.flight(row); s.flights[f.eventID] = f }
        return s
    }

    /// The small projection tables: workshop, staff, units, models and checklists, operators, undone events.
    /// With `stock: false`, without the pieces, lots and lot holdings (ten million, hundreds of
    /// thousands and a million rows at a national fleet).
    static func loadConfiguration(_ db: Database, stock: Bool = true) throws -> WorkshopState {
        var s = WorkshopState()
        s.workshopRecord = try StoreReader(db: db).workshop()
        try Row.fetchCursor(db, sql: StaffRow.selectAll).forEach { row in let m = try Decode.staff(row); s.staffByID[m.id] = m }
        s.units = Set(try String.fetchAll(db, sql: "SELECT name FROM units"))
        try Row.fetchCursor(db, sql: "\(ChecklistItemRow.selectAll) ORDER BY model, version, position").forEach { row in
            let item = try ChecklistItemRow(row: row)
            s.checklists[item.model, default: [:]][item.version, default: []].append(item.item)
        }
        try Row.fetchCursor(db, sql: "SELECT name, service_minutes, service_days, checklist_version, exw_price, defect_codes FROM models").forEach { row in
            let name: String = try row.decode(forColumn: "name")
            let version: Int = try row.decode(forColumn: "checklist_version")
            s.models[name] = AirframeModel(
                name: name, serviceMinutes: try row.decode(forColumn: "service_minutes"), serviceDays: try row.decode(forColumn: "service_days"),
                checklistVersion: version, checklist: s.checklists[name]?[version] ?? [], exwPrice: try row.decode(forColumn: "exw_price"),
                defectCodes: try Decode.codes(row["defect_codes"], model: name))
        }
        // Sustainment (schema v5).
        try Row.fetchCursor(db, sql: PartRow.selectAll).forEach { row in let p = try PartRow(row: row).part; s.parts[p.number] = p }
        try Row.fetchCursor(db, sql: "SELECT model, version, enforced FROM boms").forEach { row in
            let model: String = try row.decode(forColumn: "model"), version: Int = try row.decode(forColumn: "version")
            s.boms[model, default: [:]][version] = BOM(
                model: model, version: version, lines: try StoreReader(db: db).bomLines(model, version: version), enforced: try row.decode(forColumn: "enforced"))
        }
        if stock {
            try Row.fetchCursor(db, sql: PieceRow.selectAll).forEach { row in s.setPiece(try PieceRow(row: row).piece) }
            try Row.fetchCursor(db, sql: LotRow.selectAll).forEach { row in let l = try LotRow(row: row).lot; s.lots[l.part, default: [:]][l.lot] = l }
            try Row.fetchCursor(db, sql: HoldingRow.selectAll).forEach { row in
                let h = try HoldingRow(row: row).holding
                s.holdingsByAirframe[h.airframe, default: [:]][h.part + " " + h.lot] = h
            }
        }
        try Row.fetchCursor(db, sql: "\(OperatorRow.selectAll)").forEach { row in let o = try Decode.operatorRecord(row); s.operators[o.id] = o }
        try Row.fetchCursor(db, sql: "SELECT event_id, undo_id FROM undone").forEach { row in s.undone[try row.decode(forColumn: "event_id")] = try row.decode(String.self, forColumn: "undo_id") }
        return s
    }

    /// The first difference between the replayed workshop and the tables, in words. The
    /// small tables are read whole; airframes and flights are read row by row.
    static func compare(replayed state: VerifyState, _ db: Database) throws -> String? {
        // Pieces (a national fleet's components) are compared row by row, not loaded.
        let r = state.small, t = try loadConfiguration(db, stock: false)
        if r.workshopRecord != t.workshopRecord { return "table workshop is \(t.workshopRecord), the replay gives \(r.workshopRecord)" }
        if let d = firstDifference("staff", r.staffByID, t.staffByID) { return d }
        if r.units != t.units {
            return "table units differs from the replay: \(r.units.symmetricDifference(t.units).sorted().joined(separator: ", "))"
        }
        if let d = firstDifference("models", r.models, t.models) { return d }
        if r.checklists != t.checklists { return "table checklist_items differs from the replay" }

        var seen = 0
        let rows = try Row.fetchCursor(db, sql: "\(AirframeRow.selectAll) ORDER BY serial")
        while let row = try rows.next() {
            let stored = try Decode.airframe(row)
            guard let replayed = state.airframes[stored.serial] else {
                return "table airframes has '\(stored.serial)', which the log does not produce"
            }
            if replayed != stored { return "table airframes, '\(stored.serial)': \(fieldDifferences(stored: stored, replayed: replayed))" }
            seen += 1
        }
        if seen != state.airframes.count {
            for serial in state.airframes.allSerials.sorted()
            where try Int.fetchOne(db, sql: "SELECT count(*) FROM airframes WHERE serial = ?", arguments: [serial]) == 0 {
                return "table airframes lacks '\(serial)', which the log produces"
            }
        }

        if let d = firstDifference("operators", r.operators, t.operators) { return d }
        if let d = firstDifference("parts", r.parts, t.parts) { return d }
        if r.boms != t.boms { return "table boms or bom_lines differs from the replay" }
        // Pieces, lots and lot holdings: the stored tables and the replay's, side by side in key order.
        if try db.tableExists("pieces") {
            if let d = try state.stock.firstDifference(
                "pieces", stored: "main.pieces", replayed: ReplayedStock.pieces, columns: PieceRow.columnList,
                keyColumns: ["serial"], decode: { try PieceRow(row: $0).piece }, describe: { fieldDifferences(stored: $0, replayed: $1) }) {
                return d
            }
            if let d = try state.stock.firstDifference(
                "lots", stored: "main.lots", replayed: ReplayedStock.lots, columns: LotRow.columnList,
                keyColumns: ["part", "lot"], decode: { try LotRow(row: $0).lot }, describe: { fieldDifferences(stored: $0, replayed: $1) }) {
                return d
            }
            if let d = try state.stock.firstDifference(
                "lot_holdings", stored: "main.lot_holdings", replayed: ReplayedStock.holdings, columns: HoldingRow.columnList,
                keyColumns: ["airframe", "part", "lot"], decode: { try HoldingRow(row: $0).holding },
                describe: { fieldDifferences(stored: $0, replayed: $1) }) {
                return d
            }
        }
        // Each event's mentions were compared as it was replayed; no row may name a missing event.
        let mentionRows = try Int.fetchOne(db, sql: "SELECT count(*) FROM mentions") ?? 0
        if mentionRows != state.mentionCount { return "table mentions has \(mentionRows) rows, the replay gives \(state.mentionCount)" }
        if let d = firstDifference("undone", r.undone, t.undone) { return d }

        // Each flight row against its event; then as many rows as flights that stand.
        seen = 0
        let flights = try Row.fetchCursor(db, sql: "\(FlightRow.selectAll) ORDER BY event_id")
        while let row = try flights.next() {
            let stored = try Decode.flight(row)
            let event = try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.eventByID), arguments: [stored.eventID], Decode.event)
            guard let event, r.undone[event.id] == nil, let replayed = FlightRecord(event) else {
                return "table flights has '\(stored.eventID)', which the log does not produce"
            }
            if replayed != stored { return "table flights, '\(stored.eventID)': \(fieldDifferences(stored: stored, replayed: replayed))" }
            seen += 1
        }
        if seen != state.flights {
            let ids = try String.fetchCursor(db, sql: "SELECT id FROM events WHERE kind = 'flight' ORDER BY id")
            while let id = try ids.next() {
                if r.undone[id] == nil, try Int.fetchOne(db, sql: "SELECT count(*) FROM flights WHERE event_id = ?", arguments: [id]) == 0 {
                    return "table flights lacks '\(id)', which the log produces"
                }
            }
        }
        return nil
    }

    static func firstDifference<V: Equatable>(_ table: String, _ replayed: [String: V], _ stored: [String: V]) -> String? {
        for key in Set(replayed.keys).union(stored.keys).sorted() where replayed[key] != stored[key] {
            switch (replayed[key], stored[key]) {
            case (nil, _?): return "table \(table) has '\(key)', which the log does not produce"
            case (_?, nil): return "table \(table) lacks '\(key)', which the log produces"
            case let (a?, b?): return "table \(table), '\(key)': \(fieldDifferences(stored: b, replayed: a))"
            default: continue
            }
        }
        return nil
    }

    /// "state: the table has in_service, the replay gives awaiting_qc; unit: …", field by field.
    static func fieldDifferences<V>(stored: V, replayed: V) -> String {
        let a = Mirror(reflecting: stored).children, b = Mirror(reflecting: replayed).children
        var parts: [String] = []
        for (x, y) in zip(a, b) {
            let s = shown(x.value), r = shown(y.value)
            if s != r { parts.append("\(x.label ?? "value"): the table has \(s), the replay gives \(r)") }
        }
        return parts.isEmpty ? "the table has \(stored), the replay gives \(replayed)" : parts.joined(separator: "; ")
    }

    static func shown(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let inner = mirror.children.first?.value else { return "nothing" }
            return shown(inner)
        }
        if let raw = value as? any RawRepresentable { return "\(raw.rawValue)" }
        return "\(value)"
    }

    /// How many rows of a projection (`airframes`, `pieces`) `verify` makes room for: the
    /// rows there, but never more than the log's events (each airframe and piece has the
    /// event that recorded it), so rows added behind Hangar's back cannot size the replay.
    static func reservation(_ db: Database, table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT MIN((SELECT COUNT(*) FROM \(table)), (SELECT COALESCE(MAX(seq), 0) FROM events))") ?? 0
    }
}
