import Foundation
import GRDB
import HangarCore

/// Headquarters on an SQLite file: the embedded default for a small HQ (DESIGN §12).
public final class SQLiteHQ: HQEngine, @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue

    public var location: String { path }

    public let receivedSerialsSQL = """
        SELECT j.value AS serial, l.origin AS origin FROM hq_lines l, json_each(l.content, '$.serials') j WHERE l.kind = 'stock_receive'
        """

    public let originsJoinedSQL = "group_concat(DISTINCT origin)"

    public init(path: String, create: Bool = false) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !create && !exists {
            throw HangarError.storage("no headquarters store at \(path) (create one with: hangar hq init --hq \(path))")
        }
        var config = Configuration()
        config.busyMode = .timeout(10)
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw HangarError.storage("cannot open \(path) as a headquarters store: \(HangarStore.message(error))")
        }
        try HangarStore.storage {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
                if try db.tableExists("events") {
                    throw HangarError.storage("\(path) is a workshop's file, not a headquarters store (export it with hangar export and merge the export)")
                }
                let isHQ = try db.tableExists("hq_meta")
                if !isHQ && !create {
                    throw HangarError.storage("\(path) is not a headquarters store (create one with: hangar hq init --hq PATH)")
                }
            }
            try Self.migrator.migrate(queue)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("hq v1: merged lines") { db in
            try db.execute(sql: """
                CREATE TABLE hq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO hq_meta (key, value) VALUES ('kind', 'hangar headquarters');
                -- One row per (origin, id): the first copy merged. `content` is the RFC 8785 text
                -- of the line without its stamp (what the chain hashes).
                CREATE TABLE hq_lines (
                    origin TEXT NOT NULL,
                    id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    occurred_at TEXT NOT NULL,
                    recorded_at TEXT,
                    content TEXT NOT NULL,
                    PRIMARY KEY (origin, id)
                ) WITHOUT ROWID;
                CREATE INDEX hq_lines_by_seq ON hq_lines(origin, seq);
                CREATE INDEX hq_lines_by_kind ON hq_lines(kind, subject);
                -- Other copies of an (origin, id) already held, different in content or hash:
                -- held out of reports, listed as content conflicts.
                CREATE TABLE hq_copies (
                    origin TEXT NOT NULL,
                    id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    content TEXT NOT NULL,
                    PRIMARY KEY (origin, id, hash, content)
                );
                -- Items a person has reviewed (`hq conflicts --ack`): marked, never deleted.
                CREATE TABLE hq_acks (item TEXT PRIMARY KEY, acked_at TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("hq v2: commanders' accounts") { db in
            for statement in HQStore.accountTables { try db.execute(sql: statement) }
        }
        return migrator
    }

    public func merge(_ handle: FileHandle, name: String) async throws -> HQStore.MergeSummary {
        try HangarStore.storage {
            try queue.write { db in
                var batches = HQLineBatches(handle: handle)
                var summary: HQStore.MergeSummary?
                let insert = try db.makeStatement(sql: """
                    INSERT INTO hq_lines (origin, id, seq, hash, kind, subject, occurred_at, recorded_at, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let held = try db.makeStatement(sql: "SELECT hash, content FROM hq_lines WHERE origin = ? AND id = ?")
                while case let batch = try batches.next(limit: 1000), !batch.isEmpty {
                    for line in batch {
                        if summary == nil { summary = HQStore.MergeSummary(origin: line.origin) }
                        summary!.lines += 1
                        if let row = try Row.fetchOne(held, arguments: [line.origin, line.id]) {
                            if row["hash"] == line.hash && row["content"] == line.content {
                                summary!.alreadyHeld += 1
                            } else {
                                try db.execute(sql: "INSERT OR IGNORE INTO hq_copies (origin, id, seq, hash, content) VALUES (?, ?, ?, ?, ?)",
                                               arguments: [line.origin, line.id, line.seq, line.hash, line.content])
                                summary!.conflicting += 1
                            }
                            continue
                        }
                        try insert.execute(arguments: [line.origin, line.id, line.seq, line.hash, line.kind, line.subject,
                                                       line.occurredAt, line.recordedAt, line.content])
                        summary!.added += 1
                    }
                }
                guard let summary else { throw HQStore.emptyFile(name) }
                if summary.added + summary.conflicting > 0 {
                    try db.execute(sql: HQStore.countMergeSQL)
                    try db.execute(sql: HQStore.markStateSQL, arguments: Self.bind(HQStore.stateArguments(summary.origin)))
                    try db.execute(sql: HQStore.markStateSQL, arguments: Self.bind(HQStore.storeStateArguments()))
                    try db.execute(sql: HQStore.markIdentitySQL, arguments: [UUID().uuidString])
                }
                return summary
            }
        }
    }

    static func bind(_ arguments: [HQValue]) -> StatementArguments {
        StatementArguments(arguments.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let s): s
            case .int(let i): i
            case .null: nil
            }
        })
    }

    static func values(_ row: Row) -> [HQValue] {
        row.databaseValues.map { value in
            switch value.storage {
            case .int64(let i): .int(i)
            case .string(let s): .text(s)
            case .double(let d): .text(String(d))
            case .blob(let b): .text(String(decoding: b, as: UTF8.self))
            case .null: .null
            }
        }
    }

    public func fetch(_ sql: String, _ arguments: [HQValue]) async throws -> [[HQValue]] {
        try HangarStore.storage {
            try queue.read { db in try Row.decodeAll(db, sql: sql, arguments: Self.bind(arguments), Self.values) }
        }
    }

    public func forEach(_ sql: String, _ arguments: [HQValue], _ body: ([HQValue]) throws -> Void) async throws {
        try HangarStore.storage {
            try queue.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: Self.bind(arguments))
                while let row = try cursor.next() { try body(Self.values(row)) }
            }
        }
    }

    public func execute(_ sql: String, _ arguments: [HQValue]) async throws {
        try HangarStore.storage {
            try queue.write { db in try db.execute(sql: sql, arguments: Self.bind(arguments)) }
        }
    }

    public func close() async {
        try? queue.close()
    }
}
