import Foundation
import GRDB
import HangarCore

/// An airframe as shown to people: its record, whether it is due, and its model's settings.
public struct AirframeView: Sendable {
    public var airframe: Airframe
    public var due: Bool
    /// Why it is due (`minutes`, `days`, `component:SERIAL`); filled by `airframe(_:)`.
    public var dueReasons: [String] = []
    /// What it is made of now (filled by `airframe(_:)`).
    public var pieces: [Piece] = []
    public var holdings: [LotHolding] = []
    /// Its local content as delivered (its items at its first QC pass); filled by `airframe(_:)`.
    public var localContent: LocalContent?
}

/// An operator as shown to people: record, minutes in the currency window, current or not.
public struct OperatorView: Sendable {
    public var record: Operator
    public var minutesLast90Days: Int
    public var current: Bool
}

/// One line of an airframe's history, with whether it was undone and by which event.
public struct HistoryEntry: Sendable {
    public var event: RecordedEvent
    public var undoneBy: String?
}

/// A page of an airframe's history, and how many earlier events it leaves out.
public struct HistoryPage: Sendable {
    public var entries: [HistoryEntry]
    public var earlier: Int
    public init(entries: [HistoryEntry], earlier: Int) {
        self.entries = entries
        self.earlier = earlier
    }
}

public struct AirframeFilter: Sendable {
    public var state: AirframeState?
    public var model: String?
    public var unit: String?
    public var dueOnly = false
    public init(state: AirframeState? = nil, model: String? = nil, unit: String? = nil, dueOnly: Bool = false) {
        self.state = state; self.model = model; self.unit = unit; self.dueOnly = dueOnly
    }
}

extension HangarStore {
    public func workshop() throws -> Workshop { try read { try StoreReader(db: $0).workshop() } }

    public func staffList() throws -> [Staff] {
        try read { db in try Row.decodeAll(db, sql: "\(StaffRow.selectAll) ORDER BY s.id", Decode.staff) }
    }

    public func staff(_ id: String) throws -> Staff? { try read { try StoreReader(db: $0).staff(id) } }

    public func units() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM units ORDER BY name") }
    }

    public func models() throws -> [AirframeModel] {
        try read { db in
            let reader = StoreReader(db: db)
            return try String.fetchAll(db, sql: "SELECT name FROM models ORDER BY name").compactMap { try reader.model($0) }
        }
    }

    public func model(_ name: String) throws -> AirframeModel? { try read { try StoreReader(db: $0).model(name) } }

    /// Every checklist version of a model, oldest first.
    public func checklistVersions(of model: String) throws -> [(version: Int, items: [ChecklistItem])] {
        try read { db in
            let reader = StoreReader(db: db)
            return try Int.fetchAll(db, sql: "SELECT DISTINCT version FROM checklist_items WHERE model = ? ORDER BY version", arguments: [model])
                .map { ($0, try reader.checklist(model, version: $0)) }
        }
    }

    public func airframe(_ serial: String, now: Timestamp = Timestamp(Date())) throws -> AirframeView? {
        try read { db in
            let reader = StoreReader(db: db)
            guard let a = try reader.airframe(serial) else { return nil }
            let pieces = try reader.installedPieces(in: serial)
            var limits: [String: Int?] = [:]
            for p in pieces where limits[p.part] == nil { limits[p.part] = try reader.part(p.part)?.lifeMinutes }
            let reasons = ServiceRule.dueReasons(a, model: try reader.model(a.model), installed: pieces, lifeMinutes: { limits[$0] ?? nil }, at: now)
            return AirframeView(airframe: a, due: !reasons.isEmpty, dueReasons: reasons, pieces: pieces, holdings: try reader.holdings(in: serial),
                                localContent: try Self.localContent(of: a, db))
        }
    }

    /// How many airframes each model has (a count per model, no airframe read).
    public func airframeCountsByModel() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT model, count(*) FROM airframes GROUP BY model") { counts[row[0]] = row[1] }
            return counts
        }
    }

    public func airframes(_ filter: AirframeFilter, now: Timestamp = Timestamp(Date())) throws -> [AirframeView] {
        try read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let s = filter.state { clauses.append("state = ?"); arguments.append(s.rawValue) }
            if let m = filter.model { clauses.append("model = ?"); arguments.append(m) }
            if let u = filter.unit { clauses.append("unit = ?"); arguments.append(u) }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let reader = StoreReader(db: db)
            var models: [String: AirframeModel?] = [:]
            var result: [AirframeView] = []
            // Airframes carrying a piece at its life (few): the rule judged in Swift.
            var atLife: Set<String> = []
            for row in try Row.fetchAll(db, sql: """
                SELECT \(PieceRow.Columns.allCases.map { "p.\($0.rawValue)" }.joined(separator: ", ")), q.life_minutes AS limit_minutes
                FROM pieces p JOIN parts q ON q.number = p.part WHERE p.airframe IS NOT NULL AND q.life_minutes IS NOT NULL
                """) {
                let piece = try PieceRow(row: row).piece
                if ServiceRule.lifeReached(piece, limit: row["limit_minutes"]), let airframe = piece.airframe { atLife.insert(airframe) }
            }
            let cursor = try Row.fetchCursor(
                db, sql: "\(AirframeRow.selectAll) \(whereClause) ORDER BY serial", arguments: StatementArguments(arguments))
            while let row = try cursor.next() {
                let a = try Decode.airframe(row)
                if models[a.model] == nil { models[a.model] = try reader.model(a.model) }
                let due = ServiceRule.isDue(a, model: models[a.model] ?? nil, at: now) || (!a.state.isTerminal && atLife.contains(a.serial))
                if filter.dueOnly && !due { continue }
                result.append(AirframeView(airframe: a, due: due))
            }
            return result
        }
    }

    /// One page of an airframe's history: the latest `limit` events before `beforeSeq` (all
    /// of them when nil), in order, undos included, each marked when undone; and how many
    /// earlier events the page leaves out. Read through the (subject, seq) index, so an
    /// airframe with hundreds of thousands of events shows its latest page at once.
    public func history(of serial: String, limit: Int, beforeSeq: Int64? = nil) throws -> HistoryPage {
        try read { db in
            let kinds = "kind IN (\(Decode.airframeKindList))"
            let rows = try Row.fetchAll(
                db, sql: "\(EventRow.selectAll) WHERE subject = ? AND seq < ? AND \(kinds) ORDER BY seq DESC LIMIT ?",
                arguments: [serial, beforeSeq ?? Int64.max, max(0, limit)])
            let events = try rows.reversed().map(Decode.event)
            var undone: [String: String] = [:]
            let undoOf = try db.cachedStatement(sql: "SELECT undo_id FROM undone WHERE event_id = ?")
            for event in events {
                if let undo = try String.fetchOne(undoOf, arguments: [event.id]) { undone[event.id] = undo }
            }
            let first = events.first?.seq ?? beforeSeq ?? Int64.max
            let earlier = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM events WHERE subject = ? AND seq < ? AND \(kinds)", arguments: [serial, first]) ?? 0
            return HistoryPage(entries: events.map { HistoryEntry(event: $0, undoneBy: undone[$0.id]) }, earlier: earlier)
        }
    }

    /// The event an undo of this airframe would cancel now: its latest event that is not
    /// undone, not an undo and not its registration (nil when there is none).
    public func undoTarget(of serial: String) throws -> RecordedEvent? {
        try read { db in
            try Row.decodeOne(db, sql: """
                SELECT \(EventRow.columnList) FROM events e
                WHERE subject = ? AND kind IN (\(Decode.airframeKindList)) AND kind NOT IN ('register', 'undo')
                  AND NOT EXISTS (SELECT 1 FROM undone u WHERE u.event_id = e.id)
                ORDER BY seq DESC LIMIT 1
                """, arguments: [serial], Decode.event)
        }
    }

    /// Every event of an airframe in order, undos included, each marked when undone.
    public func history(of serial: String) throws -> [HistoryEntry] {
        try history(of: serial, limit: Int(Int64.max)).entries
    }

    /// An operator's own events (enrolment, training milestones) in order.
    public func operatorHistory(of id: String) throws -> [RecordedEvent] {
        try read { db in
            try Row.decodeAll(
                db, sql: "\(EventRow.selectAll) WHERE subject = ? AND kind IN (\(Decode.operatorKindList)) ORDER BY seq",
                arguments: [id], Decode.event
            )
        }
    }

    public func operatorView(_ id: String, now: Timestamp = Timestamp(Date())) throws -> OperatorView? {
        try read { db in
            guard let o = try StoreReader(db: db).operatorRecord(id) else { return nil }
            return try Self.view(o, db: db, now: now)
        }
    }

    public func operators(state: OperatorState? = nil, unit: String? = nil, now: Timestamp = Timestamp(Date())) throws -> [OperatorView] {
        try read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let s = state { clauses.append("state = ?"); arguments.append(s.rawValue) }
            if let u = unit { clauses.append("unit = ?"); arguments.append(u) }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Row.decodeAll(
                db, sql: "\(OperatorRow.selectAll) \(whereClause) ORDER BY id", arguments: StatementArguments(arguments)
            ) { try Self.view(try Decode.operatorRecord($0), db: db, now: now) }
        }
    }

    static func view(_ o: Operator, db: Database, now: Timestamp) throws -> OperatorView {
        let window = Currency.window(endingAt: now)
        let minutes = try Int.fetchOne(
            db, sql: "SELECT COALESCE(SUM(minutes), 0) FROM flights WHERE operator = ? AND occurred_at >= ? AND occurred_at < ?",
            arguments: [o.id, window.from.storageText, window.to.storageText]) ?? 0
        return OperatorView(record: o, minutesLast90Days: minutes, current: Currency.isCurrent(state: o.state, minutesInWindow: minutes))
    }

    /// Airframes per state (all ten states, zeros included).
    public func fleetByState() throws -> [(AirframeState, Int)] {
        try read { db in
            let counts = Dictionary(uniqueKeysWithValues: try Row.decodeAll(db, sql: "SELECT state, count(*) AS n FROM airframes GROUP BY state") { ($0["state"] as String, $0["n"] as Int) })
            return AirframeState.allCases.map { ($0, counts[$0.rawValue] ?? 0) }
        }
    }

    /// The airframes whose first QC pass falls in [from, to), newest first.
    public func delivered(from: Timestamp, to: Timestamp, limit: Int) throws -> [Airframe] {
        try read { db in
            try Row.decodeAll(
                // Through the deliveries summary (indexed by time), not a scan of every airframe.
                db, sql: """
                    SELECT a.* FROM deliveries d JOIN airframes a ON a.serial = d.serial
                    WHERE d.occurred_at >= ? AND d.occurred_at < ? ORDER BY d.occurred_at DESC, d.serial LIMIT ?
                    """,
                arguments: [from.storageText, to.storageText, limit], Decode.airframe
            )
        }
    }

    /// The sequence number of the latest event (0 for an empty log). The log only grows,
    /// so two equal values mean the same log: a report built at one is valid at the other.
    public func lastSequence() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0 }
    }

    public func eventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
    }
}

extension HangarStore {
    /// An airframe's local content as delivered: the pieces and lot quantities it held at its
    /// first QC pass (its installs and removals before that event), each with its receipt's
    /// origin and cost; the model's ex-works price then; the workshop's country now.
    static func localContent(of a: Airframe, _ db: Database) throws -> LocalContent? {
        guard a.firstPassAt != nil,
              let passSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT event_seq FROM deliveries WHERE serial = ?"), arguments: [a.serial])
        else { return nil }
        let reader = StoreReader(db: db)
        var pieces: [String] = []
        var lots: [String: LotHolding] = [:]
        let events = try Row.decodeAll(
            db.cachedStatement(sql: """
                \(EventRow.selectAll) WHERE subject = ? AND kind IN ('install', 'remove') AND seq < ?
                  AND id NOT IN (SELECT event_id FROM undone) ORDER BY seq
                """),
            arguments: [a.serial, passSeq], Decode.event)
        for e in events {
            switch e.body {
            case let .install(i):
                if let c = i.component { pieces.append(c) }
                if let lot = i.lot {
                    let key = i.part + " " + lot
                    lots[key] = LotLedger.apply(lots[key] ?? LotHolding(airframe: a.serial, part: i.part, lot: lot, qty: 0, offBOMQty: 0), e)
                }
            case let .remove(r):
                if let c = r.component { pieces.removeAll { $0 == c } }
                if let lot = r.lot, let h = lots[r.part + " " + lot] { lots[r.part + " " + lot] = LotLedger.apply(h, e) }
            default: break
            }
        }
        var items: [LocalContent.Item] = []
        for serial in pieces {
            guard let p = try reader.piece(serial) else { continue }
            items.append(LocalContent.Item(origin: p.origin, cost: p.unitCost, count: 1))
        }
        for h in lots.values.sorted(by: { ($0.part, $0.lot) < ($1.part, $1.lot) }) where h.qty > 0 {
            let lot = try reader.lot(part: h.part, lot: h.lot)
            items.append(LocalContent.Item(origin: lot?.origin ?? Origin.unknown, cost: lot?.unitCost, count: h.qty))
        }
        // The price in force when the pass was recorded: the model's configuration events before it.
        var price: Int?
        for e in try Row.decodeAll(
            db.cachedStatement(sql: "\(EventRow.selectAll) WHERE subject = ? AND kind IN ('model_add', 'model_update') AND seq < ? ORDER BY seq"),
            arguments: [a.model, passSeq], Decode.event) {
            if case let .modelAdd(d) = e.body { price = d.exwPrice }
            if case let .modelUpdate(c) = e.body { price = c.exwPrice.applied(to: price) }
        }
        return LocalContent.of([LocalContent.Delivery(items: items, price: price)], country: try reader.workshop().country)
    }
}

extension HangarStore {
    /// The unit an airframe belongs to for a recall (DESIGN §14, S21): that of its latest
    /// non-undone `issue`, unless a non-undone `return` came after it. Unlike `Airframe.unit`,
    /// a repair's QC pass does not take the airframe from its unit.
    static func unitForRecall(_ db: Database, serial: String) throws -> String? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                \(EventRow.selectAll) WHERE subject = ? AND kind IN ('issue', 'return') AND id NOT IN (SELECT event_id FROM undone)
                ORDER BY seq DESC LIMIT 1
                """), arguments: [serial]) else { return nil }
        guard case let .issue(issue) = try Decode.event(row).body else { return nil }
        return issue.unit
    }

    /// The unit of the airframe's latest non-undone `issue`: where `issue` without a unit sends it back.
    public func lastIssuedUnit(of serial: String) throws -> String? {
        try read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    \(EventRow.selectAll) WHERE subject = ? AND kind = 'issue' AND id NOT IN (SELECT event_id FROM undone)
                    ORDER BY seq DESC LIMIT 1
                    """), arguments: [serial]) else { return nil }
            guard case let .issue(issue) = try Decode.event(row).body else { return nil }
            return issue.unit
        }
    }
}

extension HangarStore {
    /// An operator's latest non-undone flights, newest first, and their total minutes.
    public func flights(ofOperator id: String, limit: Int = 50) throws -> (flights: [FlightRecord], totalMinutes: Int, count: Int) {
        try read { db in
            let rows = try Row.decodeAll(
                db.cachedStatement(sql: "\(FlightRow.selectAll) WHERE operator = ? ORDER BY occurred_at DESC, event_id LIMIT ?"),
                arguments: [id, limit], Decode.flight)
            let total = try Row.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(minutes), 0) AS m, count(*) AS n FROM flights WHERE operator = ?"),
                                         arguments: [id])
            return (rows, total?["m"] ?? 0, total?["n"] ?? 0)
        }
    }
}

/// Minutes as people read them: `5 h 20 min`, `45 min`.
public enum FlightTime {
    /// `2 h 5 min`; `2 ч 5 мин`, `2 сағ 5 мин` (a no-break space before each unit).
    public static func text(minutes: Int, _ language: Language = .en) -> String {
        let (h, m) = language == .en ? (" h", " min") : ("\u{00A0}" + Catalogue.text("unit.hour", language), "\u{00A0}" + Catalogue.text("unit.minute", language))
        let n: (Int) -> String = { LocalFormat.integer($0, language) }
        return minutes < 60 ? n(minutes) + m : n(minutes / 60) + h + (minutes % 60 == 0 ? "" : " " + n(minutes % 60) + m)
    }
}
