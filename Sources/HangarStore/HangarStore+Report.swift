import Foundation
import GRDB
import HangarCore

extension HangarStore {
    /// Streams every event that counts for metrics: not undone, not an undo, in log order.
    /// Only the fields the report (and the summaries' rebuild) read are filled in, taken
    /// from the JSON by SQLite itself, so the scan does not decode each event's data in Swift.
    public func forEachActiveEvent(_ body: (RecordedEvent) throws -> Void) throws {
        try read { db in try Self.forEachActiveEvent(db, body) }
    }

    static func forEachActiveEvent(_ db: Database, _ body: (RecordedEvent) throws -> Void) throws {
        let cursor = try Row.fetchCursor(
            db, sql: """
                SELECT seq, id, kind, subject, from_state, to_state, occurred_at, actor,
                       json_extract(data, '$.model'), json_extract(data, '$.unit'), json_extract(data, '$.capacity_per_year'),
                       json_extract(data, '$.service_minutes'), json_extract(data, '$.service_days'),
                       json_extract(data, '$.outcome'), json_extract(data, '$.defects'), json_extract(data, '$.minutes'),
                       json_extract(data, '$.purpose'), json_extract(data, '$.operator'), json_extract(data, '$.reason'),
                       json_extract(data, '$.batch')
                FROM events
                WHERE kind <> 'undo' AND id NOT IN (SELECT event_id FROM undone)
                ORDER BY seq
                """)
        while let row = try cursor.next() {
            guard let kind = EventKind(rawValue: row[2]) else { continue }
            var data = EventData()
            data.model = row[8]
            data.unit = row[9]
            data.capacityPerYear = row[10]
            data.serviceMinutes = row[11]
            data.serviceDays = row[12]
            data.outcome = (row[13] as String?).flatMap(QCOutcome.init(rawValue:))
            if let defects: String = row[14] { data.defects = Self.codes(defects) }
            data.minutes = row[15]
            data.purpose = (row[16] as String?).flatMap(FlightPurpose.init(rawValue:))
            data.operator = row[17]
            data.reason = row[18]
            data.batch = row[19]
            let at = Decode.time(row[6])
            try body(RecordedEvent(
                seq: row[0], id: row[1], kind: kind, subject: row[3], fromState: row[4], toState: row[5],
                occurredAt: at, recordedAt: at, actor: row[7], data: data))
        }
    }

    /// Defect codes from their JSON array (codes are `[A-Z0-9_]`, so no escapes occur).
    static func codes(_ json: String) -> [String] {
        json.split(whereSeparator: { $0 == "[" || $0 == "]" || $0 == "," || $0 == "\"" }).map(String.init)
    }
}
