import GRDB
import GRDBSQLite
import HangarCore

/// Text columns of the row a statement is on, read in place. The report's passes read
/// hundreds of thousands of ids and times per workshop; a `String` of each (at 16 bytes and
/// more: a heap allocation, a copy and a UTF-8 check) cost more than the rest of the row.
enum ColumnText {
    /// The bytes of column `index` of the row `statement` is on (empty for NULL), valid
    /// until the statement steps again.
    static func bytes(_ statement: Statement, _ index: Int32) -> UnsafeBufferPointer<UInt8> {
        let s = statement.sqliteStatement
        guard let text = sqlite3_column_text(s, index) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(s, index)))
    }

    /// The time in column `index`: the stored form read from its bytes, any other form
    /// (or none) as `Decode.time` reads it.
    static func time(_ statement: Statement, _ index: Int32, _ what: String = "a time column") throws -> Timestamp {
        let b = bytes(statement, index)
        if let ms = Timestamp.storedMilliseconds(b) { return Timestamp(milliseconds: ms) }
        return try Decode.time(String(decoding: b, as: UTF8.self), what)
    }
}
