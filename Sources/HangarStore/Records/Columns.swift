import GRDB
import HangarCore

/// Reading the core's values out of rows: a value that does not read (a hand-edited row:
/// an unknown state, a time that is not one) is an error that names the table, the row and
/// the column, never a default.
enum Read {
    static func fail(_ table: String, _ key: String, _ column: String, _ text: String) -> HangarError {
        .storage("table \(table), row '\(Names.printable(key))': column \(column) holds '\(Names.printable(text))', which does not read as one")
    }

    static func time(_ text: String, _ table: String, _ key: String, _ column: String) throws -> Timestamp {
        guard let t = Timestamp(storageText: text) else { throw fail(table, key, column, text) }
        return t
    }

    static func time(_ text: String?, _ table: String, _ key: String, _ column: String) throws -> Timestamp? {
        try text.map { try time($0, table, key, column) }
    }

    static func value<T: RawRepresentable<String>>(_ type: T.Type, _ text: String, _ table: String, _ key: String, _ column: String) throws -> T {
        guard let value = T(rawValue: text) else { throw fail(table, key, column, text) }
        return value
    }
}

/// A table whose columns are named once, by an enum; selections and inserts are made from it.
protocol ColumnTable: FetchableRecord, TableRecord {
    associatedtype Columns: CaseIterable & RawRepresentable<String> & ColumnExpression
}

extension ColumnTable {
    /// `serial, model, …` in the enum's order.
    static var columnList: String { Columns.allCases.map(\.rawValue).joined(separator: ", ") }
    /// `?, ?, …`, one per column.
    static var placeholders: String { Columns.allCases.map { _ in "?" }.joined(separator: ", ") }
    /// `SELECT serial, model, … FROM airframes`.
    static var selectAll: String { "SELECT \(columnList) FROM \(databaseTableName)" }
}

/// Rows decoded while the statement stands on them. GRDB finds a column by name in a stepped
/// row through a table of names made once per query; in a copied row (what `fetchAll` and
/// `fetchOne` return) it lowercases every name it passes, at every lookup — most of the time
/// a wide row's decoding took.
extension Row {
    static func decodeAll<T>(_ statement: Statement, arguments: StatementArguments = StatementArguments(),
                             _ decode: (Row) throws -> T) throws -> [T] {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        var values: [T] = []
        while let row = try cursor.next() { values.append(try decode(row)) }
        return values
    }

    static func decodeAll<T>(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                             _ decode: (Row) throws -> T) throws -> [T] {
        try decodeAll(db.makeStatement(sql: sql), arguments: arguments, decode)
    }

    static func decodeOne<T>(_ statement: Statement, arguments: StatementArguments = StatementArguments(),
                             _ decode: (Row) throws -> T) throws -> T? {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        return try cursor.next().map(decode)
    }

    static func decodeOne<T>(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                             _ decode: (Row) throws -> T) throws -> T? {
        try decodeOne(db.makeStatement(sql: sql), arguments: arguments, decode)
    }
}
