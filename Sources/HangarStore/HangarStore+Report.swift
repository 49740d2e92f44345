import Foundation
import GRDB
import HangarCore

extension HangarStore {
    /// Streams every event that counts for metrics: not undone, not an undo, in log order.
    public func forEachActiveEvent(_ body: (RecordedEvent) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(
                db, sql: """
                    SELECT * FROM events
                    WHERE kind <> 'undo' AND id NOT IN (SELECT event_id FROM undone)
                    ORDER BY seq
                    """)
            while let row = try cursor.next() { try body(try Decode.event(row)) }
        }
    }
}
