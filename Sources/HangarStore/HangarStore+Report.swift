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
        while let row = try cursor.next() { try body(try EventRow(row: row, forMetrics: true).event) }
    }

    /// Streams the non-undone events of `kinds` (not undos), in log order.
    public func forEachEvent(of kinds: [EventKind], _ body: (RecordedEvent) throws -> Void) throws {
        try read { db in
            let list = kinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let cursor = try Row.fetchCursor(
                db, sql: """
                    \(EventRow.selectAll)
                    WHERE kind IN (\(list)) AND id NOT IN (SELECT event_id FROM undone)
                    ORDER BY seq
                    """)
            while let row = try cursor.next() { try body(try EventRow(row: row, forMetrics: true).event) }
        }
    }

    /// Each piece's non-undone flights dated before `t`: total minutes and the flights'
    /// sequence numbers (from the flights table and the mentions of each flight).
    public func pieceUsage(before t: Timestamp) throws -> [String: (minutes: Int, flightSeqs: [Int64])] {
        try read { db in
            var usage: [String: (minutes: Int, flightSeqs: [Int64])] = [:]
            let rows = try Row.fetchCursor(
                db, sql: """
                    SELECT m.ref, m.seq, f.minutes FROM mentions m
                    JOIN events e ON e.seq = m.seq AND e.kind = 'flight'
                    JOIN flights f ON f.event_id = e.id
                    WHERE f.occurred_at < ?
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
