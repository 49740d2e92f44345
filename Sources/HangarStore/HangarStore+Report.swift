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
}
