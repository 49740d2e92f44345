import Foundation
import GRDB
import HangarCore

extension HangarStore {
    /// Streams every event that counts for metrics: not undone, not an undo, in log order,
    /// each read whole but for QC's `limits` (its data decoded as its kind's fields; an
    /// unreadable row is an error).
    public func forEachActiveEvent(_ body: (RecordedEvent) throws -> Void) throws {
        try read { db in try Self.forEachActiveEvent(db, body) }
    }

    static func forEachActiveEvent(_ db: Database, _ body: (RecordedEvent) throws -> Void) throws {
        let cursor = try Row.fetchCursor(
            db, sql: """
                \(EventRow.selectAll)
                WHERE kind <> 'undo' AND id NOT IN (SELECT event_id FROM undone)
                ORDER BY seq
                """)
        // Rows are taken a chunk at a time on this connection's thread; each chunk's data is
        // read into events on another thread while this one hands on the chunk before
        // (reading the data is most of a pass's time, and `body` may write on this connection).
        func take() throws -> [StoredEventColumns] {
            var chunk: [StoredEventColumns] = []
            chunk.reserveCapacity(Self.activeEventChunk)
            while chunk.count < Self.activeEventChunk, let row = try cursor.next() { chunk.append(try StoredEventColumns(row: row)) }
            return chunk
        }
        var current = DecodedEvents(try take())
        while let reading = current {
            let next = DecodedEvents(try take())
            try reading.forEach(body)
            current = next
        }
    }

    /// Events per chunk of `forEachActiveEvent`.
    static let activeEventChunk = 512

    /// The non-undone events of `kinds`, in log order: those of `AirframeStep.kinds` as
    /// steps, read from their columns and the one field of their data a step keeps (most of
    /// the report's supply pass: QC runs carry their whole checklist), the others whole.
    /// When these kinds are much of the log (the steps are some two fifths of it), one scan in
    /// log order (`+kind`: not by the kind index) reads the file once and needs no sort, twice
    /// as fast as the index's lookups all over the file and a sort by sequence (measured at a
    /// million events); when they are few (the pass fed by the summaries), the index.
    public func forEachEvent(of kinds: [EventKind], step: (AirframeStep) throws -> Void, event: (RecordedEvent) throws -> Void) throws {
        try read { db in
            let list = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let detail = AirframeStep.detailField.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "WHEN '\($0.key.rawValue)' THEN json_extract(data, '$.\($0.value)')" }.joined(separator: " ")
            // Many rows (an eighth of the log or more): one scan of the log in order beats the
            // kind index's lookups and a sort by sequence. Few: the index.
            let matching = try Int64.fetchOne(db, sql: "SELECT count(*) FROM events WHERE kind IN (\(list))") ?? 0
            let logLength = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM events") ?? 0
            let kindColumn = matching * 8 >= logLength ? "+kind" : "kind"
            let cursor = try Row.fetchCursor(
                db, sql: """
                    SELECT \(EventRow.columnList), CASE kind \(detail) END AS step_detail FROM events
                    WHERE \(kindColumn) IN (\(list)) AND id NOT IN (SELECT event_id FROM undone)
                    ORDER BY seq
                    """)
            while let row = try cursor.next() {
                let kindName: String = try row.decode(forColumn: EventRow.Columns.kind)
                guard let kind = EventKind(rawValue: kindName), AirframeStep.kinds.contains(kind) else {
                    try event(try EventRow(row: row, forMetrics: true).event)
                    continue
                }
                let seq: Int64 = try row.decode(forColumn: EventRow.Columns.seq)
                let at = try Read.time(try row.decode(String.self, forColumn: EventRow.Columns.occurredAt), "events", "#\(seq)", "occurred_at")
                try step(AirframeStep(subject: try row.decode(forColumn: EventRow.Columns.subject), kind: kind, at: at,
                                      toState: try row.decode(forColumn: EventRow.Columns.toState), detail: row["step_detail"]))
            }
        }
    }

    /// Each piece's non-undone flights dated before `t`: total minutes and the flights'
    /// sequence numbers (from the flights table and the mentions of each flight).
    public func pieceUsage(before t: Timestamp) throws -> [String: (minutes: Int, flightSeqs: [Int64])] {
        try read { db in
            var usage: [String: (minutes: Int, flightSeqs: [Int64])] = [:]
            // In this order (CROSS JOIN keeps it): each flight's sequence from the kind index
            // alone, its mentions looked up by it, and only a flight naming a piece read whole
            // with its row in `flights`. The planner's own order read every flight's event and
            // flights row first: most of a national workshop's file, for a fleet without parts.
            let rows = try Row.fetchCursor(
                db, sql: """
                    SELECT m.ref, m.seq, f.minutes FROM events e
                    CROSS JOIN mentions m ON m.seq = e.seq
                    CROSS JOIN flights f ON f.event_id = e.id
                    WHERE e.kind = 'flight' AND f.occurred_at < ?
                    ORDER BY m.seq
                    """, arguments: [t.storageText])
            while let row = try rows.next() {
                let ref: String = try row.decode(forColumn: "ref")
                guard case let .piece(serial)? = Mention(key: ref) else { continue }
                let seq: Int64 = try row.decode(forColumn: "seq"), minutes: Int = try row.decode(forColumn: "minutes")
                usage[serial, default: (0, [])].minutes += minutes
                usage[serial, default: (0, [])].flightSeqs.append(seq)
            }
            return usage
        }
    }
}

extension HangarStore {
    /// The kinds whose events change what the report's stock lists read.
    static let stockListKinds: [EventKind] = (StockTrail.kinds.union([.partUpdate, .flight, .lost, .writeOff, .workshopSet])).sorted { $0.rawValue < $1.rawValue }

    /// The report's stock lists' input at `takenAt` from the projections, in one read; nil
    /// when an event that changes them is dated at or after it (the projections then hold a
    /// later state: the report makes its pass instead).
    public func stockAtSnapshot(_ takenAt: Timestamp) throws -> StockAtSnapshot? {
        try read { db in
            // A later `workshop_set` changes the lists only when it sets the country: a
            // workshop given its code at headquarters after the period keeps its report's
            // lists from the projections.
            let list = Self.stockListKinds.filter { $0 != .workshopSet }.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let later = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM events WHERE kind IN (\(list)) AND occurred_at >= ?1)
                    OR EXISTS (SELECT 1 FROM events WHERE kind = 'workshop_set' AND occurred_at >= ?1
                               AND json_extract(data, '$.country') IS NOT NULL)
                """, arguments: [takenAt.storageText]) ?? true
            guard !later else { return nil }
            var stock = StockAtSnapshot()
            stock.country = try StoreReader(db: db).workshop().country
            stock.parts = try Row.decodeAll(db, sql: "\(PartRow.selectAll) ORDER BY number") { try PartRow(row: $0).part }
            let onHand = try Row.fetchCursor(db, sql: """
                SELECT part, count(*) FROM pieces WHERE status = 'in_stock' AND part IN (SELECT number FROM parts WHERE tracking = 'serial') GROUP BY part
                UNION ALL
                SELECT part, sum(on_hand) FROM lots WHERE part IN (SELECT number FROM parts WHERE tracking = 'lot') GROUP BY part
                """)
            while let row = try onHand.next() { stock.onHand[row[0]] = row[1] }
            // Batteries, and components at 90% of their life or more (minutes × 10 ≥ life × 9,
            // that is minutes ≥ ⌈life × 9 / 10⌉); not scrapped, and not in an airframe lost or
            // written off. Each half reads its own partial index, not every piece.
            let pieces = try Row.fetchCursor(db, sql: """
                SELECT p.serial, p.part, p.airframe, p.battery, p.flight_minutes, p.cycles, p.capacity_mah
                FROM (SELECT * FROM pieces WHERE battery
                      UNION ALL
                      SELECT p.* FROM parts t CROSS JOIN pieces p
                        ON p.part = t.number AND NOT p.battery AND p.flight_minutes >= (t.life_minutes * 9 + 9) / 10
                      WHERE t.life_minutes IS NOT NULL) p
                WHERE p.status <> 'scrapped'
                  AND (p.airframe IS NULL OR p.airframe NOT IN (SELECT serial FROM airframes WHERE state IN ('lost', 'written_off')))
                """)
            while let row = try pieces.next() {
                stock.pieces.append(PieceUse(serial: row[0], part: row[1], airframe: row[2], battery: row[3], minutes: row[4],
                                             cycles: row[5], capacityMah: row[6]))
            }
            return stock
        }
    }
}
