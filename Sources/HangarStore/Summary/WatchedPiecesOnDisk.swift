import GRDB
import HangarCore

/// The pieces the summaries' rebuild follows for component life, in a TEMP table instead of
/// memory: at a national fleet they are millions (every life-limited component, every battery
/// named on a flight), more than the memory target holds (DESIGN §9). SQLite keeps the table in
/// a temporary file with a bounded page cache; `drop()` removes it.
struct WatchedPiecesOnDisk: WatchedPieces {
    typealias Failure = any Error
    let db: Database
    static let table = "temp.watched_pieces"

    init(db: Database) throws {
        self.db = db
        try drop()
        try db.execute(sql: """
            CREATE TABLE \(Self.table) (
                serial TEXT PRIMARY KEY, part TEXT NOT NULL, minutes INTEGER NOT NULL, airframe TEXT
            ) WITHOUT ROWID;
            CREATE INDEX temp.watched_pieces_by_airframe ON watched_pieces(airframe, serial) WHERE airframe IS NOT NULL;
            """)
    }

    func drop() throws {
        try db.execute(sql: "DROP TABLE IF EXISTS \(Self.table)")
    }

    func install(_ serial: String, part: String, in airframe: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO \(Self.table) (serial, part, minutes, airframe) VALUES (?, ?, 0, ?)
            ON CONFLICT(serial) DO UPDATE SET part = excluded.part, airframe = excluded.airframe
            """).execute(arguments: [serial, part, airframe])
    }

    func remove(_ serial: String) throws {
        try db.cachedStatement(sql: "UPDATE \(Self.table) SET airframe = NULL WHERE serial = ?").execute(arguments: [serial])
    }

    func aboard(_ airframe: String) throws -> [WatchedPiece] {
        try Row.decodeAll(db.cachedStatement(sql: "SELECT serial, part, minutes FROM \(Self.table) WHERE airframe = ? ORDER BY serial"),
                          arguments: [airframe]) { WatchedPiece(serial: $0[0], part: $0[1], minutes: $0[2]) }
    }

    func add(minutes: Int, to serial: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO \(Self.table) (serial, part, minutes, airframe) VALUES (?, '', ?, NULL)
            ON CONFLICT(serial) DO UPDATE SET minutes = minutes + excluded.minutes
            """).execute(arguments: [serial, minutes])
    }
}
