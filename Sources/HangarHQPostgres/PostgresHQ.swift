import Foundation
import CHangarMemory
import HangarCore
import HangarStore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Headquarters on PostgreSQL through postgres-nio (DESIGN §12): the tables of the SQLite
/// HQ, the same SQL for every list, and a merge that streams the file with `COPY` (straight
/// into the workshop's table of `hq_lines` where nothing in it is held yet, else through a
/// staging table), all in one transaction.
public final class PostgresHQ: HQEngine, Sendable {
    let connection: PostgresConnection
    let logger: Logger
    public let location: String
    let linesPerChunk: Int

    public let receivedSerialsSQL = """
        SELECT j.serial AS serial, l.origin AS origin FROM hq_lines l,
        LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(l.content::jsonb -> 'serials') = 'array'
            THEN l.content::jsonb -> 'serials' ELSE '[]'::jsonb END) AS j(serial)
        WHERE l.kind = 'stock_receive'
        """

    public let originsJoinedSQL = "string_agg(DISTINCT origin, ',')"

    /// Connects to the database the URL names; `create` makes the tables where there are none.
    /// `linesPerChunk`: how many lines a merge reads ahead and copies at once.
    public static func open(url: String, create: Bool, environment: [String: String] = ProcessInfo.processInfo.environment,
                            linesPerChunk: Int = MergeChunks.standardChunk) async throws -> PostgresHQ {
        let address = try PostgresAddress(url, environment: environment)
        var logger = Logger(label: "hangar.hq.postgres")
        logger.logLevel = .critical
        let connection: PostgresConnection
        do {
            var configuration = PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: try address.tls())
            configuration.options.connectTimeout = .seconds(10)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw address.refusal(error)
        }
        let engine = PostgresHQ(connection: connection, logger: logger, location: address.shown, linesPerChunk: linesPerChunk)
        do {
            try await engine.prepare(create: create, address: address)
        } catch {
            await engine.close()
            throw error
        }
        return engine
    }

    init(connection: PostgresConnection, logger: Logger, location: String, linesPerChunk: Int) {
        self.linesPerChunk = linesPerChunk
        self.connection = connection
        self.logger = logger
        self.location = location
    }

    /// Checks that the database is a headquarters store (or makes it one).
    func prepare(create: Bool, address: PostgresAddress) async throws {
        let tables = try await fetch("""
            SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
            AND table_name::text IN ('hq_meta', 'events', 'hq_staff')
            """, []).compactMap { $0[0].text }
        if tables.contains("events") {
            throw HangarError.storage("\(location) holds a workshop's tables, not a headquarters store")
        }
        if tables.contains("hq_meta") {
            let kind = try await fetch("SELECT value FROM hq_meta WHERE key = 'kind'", []).first?[0].text
            guard kind == HQStore.kind else { throw HangarError.storage("\(location) is not a headquarters store (create one with: hangar hq init --hq URL)") }
            // A store made before the accounts gains their tables.
            if !tables.contains("hq_staff") {
                try await transaction { for statement in HQStore.accountTables { try await self.run(statement, []) } }
            }
            let version = Int(try await fetch("SELECT value FROM hq_meta WHERE key = 'schema'", []).first?[0].text ?? "") ?? 1
            if version < Self.schemaVersion {
                try await transaction { try await self.partitionLines() }
            }
            return
        }
        guard create else { throw HangarError.storage("\(location) is not a headquarters store (create one with: hangar hq init --hq URL)") }
        try await transaction {
            for statement in Self.schema + HQStore.accountTables { try await self.run(statement, []) }
        }
    }

    /// The tables of `SQLiteHQ`'s first migration, in PostgreSQL's words. `hq_lines` is
    /// partitioned by workshop: a workshop's first file is copied into a table of its own with
    /// no index, which takes its indexes in one build when it joins `hq_lines` (a national
    /// store's indexes are several times PostgreSQL's memory: line by line, each insert reached
    /// the disk). The indexes are the fewest the lists need: the key, each workshop's lines in
    /// sequence; ids (a B-tree: a workshop's is built in under half the time of a hash index);
    /// and the few kinds the conflict lists read (registrations, receipts, definitions). That an
    /// id is held once per workshop is the merge's to keep: it takes the table's lock and lands
    /// only ids not held. The prints are random bytes: stored without trying to compress them.
    static let schema = [
        "CREATE TABLE hq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT INTO hq_meta (key, value) VALUES ('kind', 'hangar headquarters'), ('schema', '\(schemaVersion)')",
    ] + linesTable + [
        printsTable, printsStorage,
        "CREATE TABLE hq_copies (origin TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, content TEXT NOT NULL)",
        "CREATE UNIQUE INDEX hq_copies_once ON hq_copies (origin, id, hash, md5(content))",
        "CREATE TABLE hq_acks (item TEXT PRIMARY KEY, acked_at TEXT NOT NULL)",
    ]

    static let schemaVersion = 4
    static let lineColumnsDDL = """
        origin TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL, kind TEXT NOT NULL,
        subject TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT, content TEXT NOT NULL
        """
    /// `hq_lines` and its indexes, with no workshop's table yet.
    static let linesTable = [
        "CREATE TABLE hq_lines (\(lineColumnsDDL), PRIMARY KEY (origin, seq, id)) PARTITION BY LIST (origin)",
        "CREATE INDEX hq_lines_by_id ON hq_lines (id)",
        // The kinds the conflict lists select by (`HQStore.listedKinds`).
        "CREATE INDEX hq_lines_by_kind ON hq_lines (kind, subject) WHERE kind IN ("
            + HQStore.listedKinds.map { "'\($0)'" }.joined(separator: ", ") + ")",
    ]

    /// The table of one workshop's lines: `hq_lines` and the code (a code is `A–Z 0–9 -`, so
    /// the name is never one PostgreSQL gives an index, which always holds a `_` after it).
    static func linesTable(of origin: String) throws -> String {
        guard WorkshopCode.isNormalized(origin) else {
            throw HangarError.invalidValue(field: "workshop", value: Names.printable(origin), allowed: "a workshop code is 2-16 characters of A-Z, 0-9 and '-', e.g. KZ-36AAB-W1")
        }
        return "hq_lines \(origin)"
    }

    /// Makes a workshop's table, not yet part of `hq_lines`: what is copied into it updates no
    /// index. Its check is the partition's bound, so joining `hq_lines` need not read it through.
    func createLinesTable(of origin: String) async throws {
        try await run("CREATE TABLE \"\(try Self.linesTable(of: origin))\" (\(Self.lineColumnsDDL), CHECK (origin = '\(origin)'))", [])
    }

    /// The workshop's table joins `hq_lines`, its indexes built then, each in one pass.
    func attachLinesTable(of origin: String) async throws {
        try await run("ALTER TABLE hq_lines ATTACH PARTITION \"\(try Self.linesTable(of: origin))\" FOR VALUES IN ('\(origin)')", [])
    }

    /// A store of an older schema (one table of every workshop's lines, under schema 1, 2 or
    /// 3's indexes) takes schema 4's: its lines moved into a table per workshop. In the
    /// caller's transaction.
    func partitionLines() async throws {
        try await run("ALTER TABLE hq_lines RENAME TO hq_lines_before", [])
        try await run("ALTER TABLE hq_lines_before DROP CONSTRAINT IF EXISTS hq_lines_pkey", [])
        for index in ["hq_lines_by_id", "hq_lines_by_kind", "hq_lines_by_seq"] { try await run("DROP INDEX IF EXISTS \(index)", []) }
        for statement in Self.linesTable + [Self.printsTable, Self.printsStorage] { try await run(statement, []) }
        for origin in try await fetch("SELECT DISTINCT origin FROM hq_lines_before ORDER BY origin", []).compactMap({ $0[0].text }) {
            try await createLinesTable(of: origin)
            try await run("""
                INSERT INTO "\(try Self.linesTable(of: origin))" SELECT \(Self.lineColumns.joined(separator: ", ")) FROM hq_lines_before
                WHERE origin = ? ORDER BY seq, id
                """, [.text(origin)])
            try await attachLinesTable(of: origin)
            try await printLines(of: origin)
        }
        try await run("DROP TABLE hq_lines_before", [])
        try await run("UPDATE hq_meta SET value = '\(Self.schemaVersion)' WHERE key = 'schema'", [])
    }

    // MARK: - Merge

    /// The file is read and checked a chunk at a time on a thread of its own while the
    /// database takes the chunk before it. A chunk whose ids this workshop has none of and
    /// that names no id twice is copied straight into the workshop's table; any other goes
    /// through the staging table, one chunk at a time: in a workshop's later file, the lines
    /// held at their place are settled first by the workshop's key (`settlePlaced`); then the
    /// first line of each id not held (in file order) lands and the other copies are
    /// compared with the lines held. A workshop's first file makes its
    /// table, which joins `hq_lines` when the file has landed.
    public func merge(_ handle: FileHandle, name: String) async throws -> HQStore.MergeSummary {
        let chunks = MergeChunks(handle: handle, linesPerChunk: linesPerChunk)
        defer {
            chunks.stop()
            // What the file's chunks and sets held, spread over the threads that read and
            // landed them, goes back to the system: each file of a merge would add to it.
            _ = hangar_return_freed_memory()
        }
        return try await transaction {
            // One merge at a time: two files of one workshop must not both find an id new.
            try await self.run("LOCK TABLE hq_lines IN SHARE ROW EXCLUSIVE MODE", [])
            try await self.run("""
                CREATE TEMP TABLE hq_staging (n BIGINT NOT NULL, origin TEXT NOT NULL, id TEXT NOT NULL, seq BIGINT NOT NULL,
                hash TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT,
                content TEXT NOT NULL) ON COMMIT DROP
                """, [])
            var added: Int64 = 0
            // Other copies of lines held that differ from them.
            var conflicting: Int64 = 0
            var staged = false
            // A workshop's first file: nothing of it is held, so a chunk is new unless an id
            // came before in the file (by its hash: a collision only takes the careful way).
            var firstFile: Bool?
            var seen = Set<UInt64>()
            // Whether the workshop's table is part of `hq_lines` (its first file's is not, until
            // the file has landed or a chunk must be compared with the lines held).
            var attached = true
            // The ids that landed, for the workshop's prints.
            var landed = IDPrint.Buckets()
            // Whether a chunk of a workshop's first file is all new (its ids are noted as seen).
            func allNew(_ chunk: MergeChunks.Chunk) -> Bool {
                var direct = !chunk.repeatsAnID
                for line in chunk.lines where !seen.insert(line.print).inserted { direct = false }
                return direct
            }
            // A chunk read while copying others, found not all new; whether the file has ended.
            var held: MergeChunks.Chunk?
            var ended = false
            while true {
                let chunk: MergeChunks.Chunk, wasHeld = held != nil
                if let h = held {
                    chunk = h
                    held = nil
                } else if !ended, let next = try await chunks.next() {
                    chunk = next
                } else {
                    break
                }
                guard chunk.count > 0 else { continue }
                let origin = chunk.origin
                if firstFile == nil {
                    firstFile = try await self.fetch("""
                        SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'hq_lines'::regclass AND c.relname = ?
                        """, [.text(try Self.linesTable(of: origin))]).isEmpty
                    if firstFile == true {
                        try await self.createLinesTable(of: origin)
                        attached = false
                    }
                }
                var direct = !chunk.repeatsAnID
                if firstFile == true {
                    direct = !wasHeld && allNew(chunk)
                } else if direct {
                    direct = try await self.noneHeld(chunk)
                }
                if direct {
                    // Straight into the workshop's table (each line's workshop is the file's:
                    // the table's check holds it so). In a workshop's first file, the chunks
                    // that follow go on in the same `COPY` while each is all new: the
                    // database is not left waiting for a statement between chunks.
                    try await self.copy(into: try Self.linesTable(of: origin), columns: Self.lineColumns) { writer in
                        var current = chunk
                        while true {
                            try await writer.write(current.rows)
                            added += Int64(current.count)
                            for line in current.lines { landed.add(IDPrint(print: line.print, seq: line.seq)) }
                            guard firstFile == true else { return }
                            guard let following = try await chunks.next() else {
                                ended = true
                                return
                            }
                            guard following.count == 0 || allNew(following) else {
                                held = following
                                return
                            }
                            current = following
                        }
                    }
                    continue
                }
                if !attached {
                    try await self.attachLinesTable(of: origin)
                    attached = true
                }
                if !staged {
                    // The staged rows are few beside the lines held: each is looked up by its
                    // id, never the lines held all scanned (the staging table has no statistics
                    // to tell the planner so).
                    try await self.run("SET LOCAL enable_hashjoin = off", [])
                    try await self.run("SET LOCAL enable_mergejoin = off", [])
                }
                staged = true
                try await self.copy(into: "hq_staging", columns: ["n"] + Self.lineColumns, MergeChunks.numberedRows(chunk))
                // Staged lines the workshop holds at their place, settled by its key.
                var unsettled = Int64(chunk.count)
                if firstFile == false {
                    let placed = try await self.settlePlaced(after: chunk.before, of: origin)
                    conflicting += placed.differing
                    unsettled -= placed.count
                }
                let columns = Self.lineColumns.joined(separator: ", ")
                // The first copy of each id in the chunk (in file order) that this workshop does not hold.
                let chosen = chunk.repeatsAnID
                    ? "SELECT DISTINCT ON (id) \(columns) FROM hq_staging WHERE n > \(chunk.before) ORDER BY id, n"
                    : "SELECT \(columns) FROM hq_staging WHERE n > \(chunk.before)"
                let inserted = try await self.fetch("""
                    INSERT INTO hq_lines (\(columns)) SELECT \(columns) FROM (\(chosen)) s
                    WHERE NOT EXISTS (SELECT 1 FROM "\(try Self.linesTable(of: origin))" l WHERE l.id = s.id) RETURNING id, seq
                    """, [])
                added += Int64(inserted.count)
                for row in inserted { landed.add(id: row[0].text ?? "", seq: row[1].int ?? 0) }
                // Every id of the chunk is now held (a line whose id was not landed), so each
                // other copy is compared with the line held under its id now: kept apart and
                // counted when it differs. Unless every line left landed (none can differ).
                if Int64(inserted.count) < unsettled {
                    conflicting += try await self.fetch("""
                        WITH differing AS (
                            SELECT s.origin, s.id, s.seq, s.hash, s.content FROM hq_staging s JOIN "\(try Self.linesTable(of: origin))" l ON l.id = s.id
                            WHERE s.n > \(chunk.before) AND (l.hash <> s.hash OR l.content <> s.content)),
                        kept AS (INSERT INTO hq_copies (origin, id, seq, hash, content) SELECT * FROM differing ON CONFLICT DO NOTHING)
                        SELECT count(*) FROM differing
                        """, []).first?[0].int ?? 0
                }
                // The staging table holds one chunk at a time: what the statements read stays
                // the chunk's size, not the file's.
                try await self.run("TRUNCATE hq_staging", [])
            }
            guard let origin = chunks.origin else { throw HQStore.emptyFile(name) }
            // A first file's prints are sorted while the database builds its table's indexes.
            let sorting = firstFile == true ? Task.detached { [buckets = landed.buckets] in IDPrint.sortedRows(buckets) } : nil
            if !attached { try await self.attachLinesTable(of: origin) }
            if let sorting {
                try await self.writePrints(await sorting.value, of: origin)
            } else if !landed.isEmpty {
                try await self.addPrints(landed.buckets, of: origin, fresh: false)
            }
            // The workshop's first file, every line copied as it came: the store holds exactly
            // the file's lines, so the walk of the file is the walk of the store.
            let walked = firstFile == true && !staged && Int(added) == chunks.lines ? chunks.walk?.findings : nil
            if added + conflicting > 0 {
                try await self.run(HQStore.countMergeSQL, [])
                let state = HQStore.stateArguments(origin)
                try await self.run(HQStore.markStateSQL, state)
                try await self.run(HQStore.markStateSQL, HQStore.storeStateArguments())
                try await self.run(HQStore.markIdentitySQL, [.text(UUID().uuidString)])
                // Kept with the token just set: `hq conflicts` and `hq status` need not walk it again.
                if let walked, case let .text(token) = state[1] {
                    try await self.run(HQStore.keepWalkSQL, try HQStore.keepWalkArguments(origin, state: token, walked))
                }
            }
            return HQStore.MergeSummary(origin: origin, lines: chunks.lines, added: Int(added),
                                        alreadyHeld: chunks.lines - Int(added) - Int(conflicting), conflicting: Int(conflicting), walked: walked)
        }
    }

    static let lineColumns = ["origin", "id", "seq", "hash", "kind", "subject", "occurred_at", "recorded_at", "content"]

    /// The staged lines of a chunk (those after `before`) that the workshop holds at their
    /// place, the same `(seq, id)`: taken out of the staging table, and those that differ from
    /// the line held kept apart as other copies. A workshop's later export repeats its earlier
    /// lines at their places and in order, so they are found by the table's key walking
    /// forward, not each id looked up at random. A line held under its id at another place is
    /// left staged and found by its id. Returns how many were settled and how many differ.
    func settlePlaced(after before: Int64, of origin: String) async throws -> (count: Int64, differing: Int64) {
        let row = try await fetch("""
            WITH placed AS (
                DELETE FROM hq_staging s USING "\(try Self.linesTable(of: origin))" l
                WHERE s.n > \(before) AND l.origin = s.origin AND l.seq = s.seq AND l.id = s.id
                RETURNING s.origin, s.id, s.seq, s.hash, s.content, (l.hash <> s.hash OR l.content <> s.content) AS differs),
            kept AS (
                INSERT INTO hq_copies (origin, id, seq, hash, content) SELECT origin, id, seq, hash, content FROM placed
                WHERE differs ON CONFLICT DO NOTHING)
            SELECT count(*), count(*) FILTER (WHERE differs) FROM placed
            """, []).first
        return (row?[0].int ?? 0, row?[1].int ?? 0)
    }

    /// Whether this workshop holds none of the chunk's ids.
    func noneHeld(_ chunk: MergeChunks.Chunk) async throws -> Bool {
        guard chunk.count > 0 else { return true }
        let origin = chunk.origin
        var binds = PostgresBindings(capacity: 1)
        binds.append(chunk.lines.map(\.id))
        // The workshop's own table, with no condition on its code, so the ids are looked up in
        // its index of ids: given the code, the planner takes the key (code, seq, id) and
        // walks all of it.
        let table = try Self.linesTable(of: origin)
        return try await storage {
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \"\(table)\" WHERE id = ANY($1))", binds: binds), logger: logger)
            for try await row in rows { return try !row.decode(Bool.self) }
            return false
        }
    }

    /// Rows in `COPY`'s text format into `table`.
    func copy(into table: String, columns: [String], _ rows: ByteBuffer) async throws {
        try await copy(into: table, columns: columns) { try await $0.write(rows) }
    }

    /// One `COPY` of what `write` writes.
    func copy(into table: String, columns: [String], _ write: (PostgresCopyFromWriter) async throws -> Void) async throws {
        try await storage {
            try await connection.copyFrom(table: table, columns: columns, logger: logger, writeData: write)
        }
    }

    // MARK: - Queries

    /// `?` placeholders become `$1`, `$2`, …; the SQL here holds no `?` of its own.
    static func query(_ sql: String, _ arguments: [HQValue]) -> PostgresQuery {
        var text = ""
        var index = 0
        for character in sql {
            if character == "?" {
                index += 1
                text += "$\(index)"
            } else {
                text.append(character)
            }
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .text(let s): binds.append(s)
            case .int(let i): binds.append(i)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    static func values(_ row: PostgresRow) throws -> [HQValue] {
        try row.map { cell -> HQValue in
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
            default: return .text(try cell.decode(String.self))
            }
        }
    }

    func run(_ sql: String, _ arguments: [HQValue]) async throws {
        _ = try await storage { try await self.connection.query(Self.query(sql, arguments), logger: self.logger) }
    }

    public func fetch(_ sql: String, _ arguments: [HQValue]) async throws -> [[HQValue]] {
        try await storage {
            var out: [[HQValue]] = []
            for try await row in try await self.connection.query(Self.query(sql, arguments), logger: self.logger) {
                out.append(try Self.values(row))
            }
            return out
        }
    }

    public func forEach(_ sql: String, _ arguments: [HQValue], _ body: ([HQValue]) throws -> Void) async throws {
        try await storage {
            for try await row in try await self.connection.query(Self.query(sql, arguments), logger: self.logger) {
                try body(try Self.values(row))
            }
        }
    }

    public func execute(_ sql: String, _ arguments: [HQValue]) async throws {
        try await run(sql, arguments)
    }

    public func close() async {
        try? await connection.close()
    }

    /// The body in one transaction: rolled back on any error, so a refused file leaves nothing.
    func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try await run("BEGIN", [])
        do {
            let value = try await body()
            try await run("COMMIT", [])
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// A PostgreSQL error as a storage refusal; ours pass through.
    func storage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HangarError {
            throw error
        } catch let error as PSQLError {
            throw HangarError.storage("database error: \(PostgresAddress.describe(error))")
        } catch {
            throw HangarError.storage("database error: \(error)")
        }
    }
}

/// Rows in `COPY`'s text format: tab between fields, `\N` for null, and backslash, tab,
/// newline and carriage return escaped.
enum CopyText {
    static func row(_ fields: [String?], into buffer: inout ByteBuffer) {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(0x09)) }
            guard var field else {
                buffer.writeStaticString("\\N")
                continue
            }
            field.withUTF8 { Self.field(UnsafeRawBufferPointer($0), into: &buffer) }
        }
        buffer.writeInteger(UInt8(0x0A))
    }

    /// One field's bytes, escaped.
    static func field(_ raw: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 2 * raw.count) { out in
            var n = 0
            field(raw, to: out, at: &n)
            return n
        }
    }

    /// One field's bytes, escaped, written at `out[n...]` (which has room for twice their
    /// length); `n` moves past them. The bytes between escapes are copied a run at a time;
    /// eight bytes at once are passed over where none of them can need an escape.
    static func field(_ raw: UnsafeRawBufferPointer, to out: UnsafeMutableRawBufferPointer, at n: inout Int) {
        var run = 0, k = 0
        func copyRun(to end: Int) {
            guard end > run else { return }
            UnsafeMutableRawBufferPointer(rebasing: out[n..<(n + end - run)]).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[run..<end]))
            n += end - run
        }
        while k < raw.count {
            if k + 8 <= raw.count, !mayNeedEscape(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) {
                k += 8
                continue
            }
            for i in k..<min(k + 8, raw.count) {
                let escaped: UInt8
                switch raw[i] {
                case 0x5C: escaped = UInt8(ascii: "\\")
                case 0x09: escaped = UInt8(ascii: "t")
                case 0x0A: escaped = UInt8(ascii: "n")
                case 0x0D: escaped = UInt8(ascii: "r")
                default: continue
                }
                copyRun(to: i)
                out[n] = UInt8(ascii: "\\")
                out[n + 1] = escaped
                n += 2
                run = i + 1
            }
            k = min(k + 8, raw.count)
        }
        copyRun(to: raw.count)
    }

    /// Whether any of eight bytes is below 0x0E (tab, newline and carriage return among them)
    /// or a backslash: nothing else needs an escape.
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x0E) & ~word & highs
        let other = word ^ (ones &* 0x5C)
        let backslash = (other &- ones) & ~other & highs
        return below | backslash != 0
    }
}
