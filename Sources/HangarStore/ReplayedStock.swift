import GRDB
import HangarCore

/// The pieces, lots and lot holdings `verify`'s replay produces, kept in TEMP tables on its own
/// connection instead of memory: a national fleet has about ten million pieces, and any
/// structure that holds each of them in memory is over the memory target (DESIGN §9) on
/// its keys alone. SQLite keeps the tables in a temporary file, with a bounded page cache;
/// they are dropped with `drop()` (or with the connection).
struct ReplayedStock {
    let db: Database
    static let pieces = "temp.replayed_pieces", lots = "temp.replayed_lots", holdings = "temp.replayed_holdings"
    /// The store's own writes of each row, into these tables.
    static let pieceUpsert = PieceRow.upsertSQL(into: pieces), pieceDelete = PieceRow.deleteSQL(from: pieces)
    static let lotUpsert = LotRow.upsertSQL(into: lots), lotDelete = LotRow.deleteSQL(from: lots)
    static let holdingUpsert = HoldingRow.upsertSQL(into: holdings), holdingDelete = HoldingRow.deleteSQL(from: holdings)

    /// Empty tables, made afresh (a second verify on the same connection starts over).
    init(db: Database) throws {
        self.db = db
        try drop()
        try db.execute(sql: """
            CREATE TABLE \(Self.pieces) (
                serial TEXT PRIMARY KEY, part TEXT NOT NULL, battery INTEGER NOT NULL, status TEXT NOT NULL,
                airframe TEXT, off_bom INTEGER NOT NULL, position TEXT, lot TEXT, origin TEXT NOT NULL,
                unit_cost INTEGER, receipt_id TEXT NOT NULL, received_at TEXT NOT NULL,
                flight_minutes INTEGER NOT NULL, cycles INTEGER NOT NULL, capacity_mah INTEGER,
                last_event_at TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX temp.replayed_pieces_by_airframe ON replayed_pieces(airframe, serial) WHERE airframe IS NOT NULL;
            CREATE TABLE \(Self.lots) (
                part TEXT NOT NULL, lot TEXT NOT NULL, origin TEXT NOT NULL, unit_cost INTEGER, receipt_id TEXT NOT NULL,
                received_at TEXT NOT NULL, on_hand INTEGER NOT NULL, last_event_at TEXT NOT NULL,
                PRIMARY KEY (part, lot)
            ) WITHOUT ROWID;
            CREATE TABLE \(Self.holdings) (
                airframe TEXT NOT NULL, part TEXT NOT NULL, lot TEXT NOT NULL,
                qty INTEGER NOT NULL, off_bom_qty INTEGER NOT NULL,
                PRIMARY KEY (airframe, part, lot)
            ) WITHOUT ROWID;
            """)
        // The replay reads back what it has just written: a few MB of the temporary file's
        // pages kept, the rest left to the system's file cache.
        try db.execute(sql: "PRAGMA temp.cache_size = -\(Self.cacheKiB)")
    }

    static let cacheKiB = 16 * 1024

    func drop() throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(Self.pieces); DROP TABLE IF EXISTS \(Self.lots); DROP TABLE IF EXISTS \(Self.holdings)")
    }

    var pieceCount: Int { get throws { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.pieces)") ?? 0 } }

    func piece(_ serial: String) throws -> Piece? {
        try Row.decodeOne(db.cachedStatement(sql: "SELECT \(PieceRow.columnList) FROM \(Self.pieces) WHERE serial = ?"),
                          arguments: [serial]) { try PieceRow(row: $0).piece }
    }

    /// The pieces installed in the airframe, by serial.
    func installed(in airframe: String) throws -> [Piece] {
        try Row.decodeAll(db.cachedStatement(sql: "SELECT \(PieceRow.columnList) FROM \(Self.pieces) WHERE airframe = ? ORDER BY serial"),
                          arguments: [airframe]) { try PieceRow(row: $0).piece }
    }

    func set(_ piece: Piece) throws {
        try db.cachedStatement(sql: Self.pieceUpsert).execute(arguments: PieceRow.arguments(piece))
    }

    func removePiece(_ serial: String) throws {
        try db.cachedStatement(sql: Self.pieceDelete).execute(arguments: [serial])
    }

    func lot(part: String, lot: String) throws -> Lot? {
        try Row.decodeOne(db.cachedStatement(sql: "SELECT \(LotRow.columnList) FROM \(Self.lots) WHERE part = ? AND lot = ?"),
                          arguments: [part, lot]) { try LotRow(row: $0).lot }
    }

    func set(_ lot: Lot) throws {
        try db.cachedStatement(sql: Self.lotUpsert).execute(arguments: LotRow.arguments(lot))
    }

    func removeLot(part: String, lot: String) throws {
        try db.cachedStatement(sql: Self.lotDelete).execute(arguments: [part, lot])
    }

    /// The lot quantities the airframe holds (every row has qty > 0), by part and lot.
    func holdings(in airframe: String) throws -> [LotHolding] {
        try Row.decodeAll(db.cachedStatement(sql: "SELECT \(HoldingRow.columnList) FROM \(Self.holdings) WHERE airframe = ? ORDER BY part, lot"),
                          arguments: [airframe]) { try HoldingRow(row: $0).holding }
    }

    /// How much of a lot the airframe holds now; none (qty 0) removes the row, as the store does.
    func set(_ h: LotHolding) throws {
        try HoldingRow.write(h, upsert: Self.holdingUpsert, delete: Self.holdingDelete, db)
    }

    /// The first difference between a stored projection and its replayed table, both read in
    /// key order side by side (neither is held): "has", "lacks", or the fields that differ.
    /// `keyColumns` is the tables' primary key; rows whose values differ but read as the
    /// same record (`decode`) are the same.
    func firstDifference<V: Equatable>(
        _ label: String, stored storedTable: String, replayed replayedTable: String, columns: String,
        keyColumns: [String], decode: (Row) throws -> V, describe: (V, V) -> String
    ) throws -> String? {
        let order = keyColumns.joined(separator: ", ")
        let stored = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(storedTable) ORDER BY \(order)")
        let replayed = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(replayedTable) ORDER BY \(order)")
        func key(_ row: Row) -> [String] { keyColumns.map { (row[$0] as String?) ?? "" } }
        var s = try stored.next()?.copy(), r = try replayed.next()?.copy()
        while true {
            switch (s, r) {
            case (nil, nil):
                return nil
            case let (a?, b?) where key(a) == key(b):
                if a != b {
                    let x = try decode(a), y = try decode(b)
                    if x != y { return "table \(label), '\(key(a).joined(separator: " "))': \(describe(x, y))" }
                }
                s = try stored.next()?.copy()
                r = try replayed.next()?.copy()
            case let (a?, b?) where Self.precedes(key(a), key(b)):
                return "table \(label) has '\(key(a).joined(separator: " "))', which the log does not produce"
            case let (a?, nil):
                return "table \(label) has '\(key(a).joined(separator: " "))', which the log does not produce"
            case let (_, b?):
                return "table \(label) lacks '\(key(b).joined(separator: " "))', which the log produces"
            }
        }
    }

    /// SQLite's BINARY order of text keys: their UTF-8 bytes, column by column.
    static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) }
        return a.count < b.count
    }
}
