import Foundation
import GRDB
import HangarCore

/// A headquarters store on an SQLite file (DESIGN §12, §14): many workshops' format-2
/// exports merged by (origin, id), nothing resolved automatically. Conflicts, gaps and
/// chains are worked out from the lines held, so merging the same files in any order, any
/// number of times, gives the same store and the same lists.
public final class HQStore: @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue

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
        return migrator
    }

    // MARK: - Merge

    /// What merging one file did.
    public struct MergeSummary: Equatable, Sendable {
        public var origin: String
        public var lines = 0
        public var added = 0
        public var alreadyHeld = 0
        public var conflicting = 0
    }

    /// Merges one format-2 export, in one transaction: the whole file is refused for a line
    /// that is not a stamped JSON object or names another origin; otherwise every line lands
    /// (a different copy of a held line is kept apart and listed).
    public func merge(_ handle: FileHandle, name: String) throws -> MergeSummary {
        try HangarStore.storage {
            try queue.write { db in
                var summary: MergeSummary?
                var lineNumber = 0
                let insert = try db.makeStatement(sql: """
                    INSERT INTO hq_lines (origin, id, seq, hash, kind, subject, occurred_at, recorded_at, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                try LineReader(handle: handle).forEach { data in
                    lineNumber += 1
                    if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                    do {
                        let line = try HQLine(data)
                        if summary == nil { summary = MergeSummary(origin: line.origin) }
                        guard summary!.origin == line.origin else {
                            throw HangarError.invalidValue(field: "workshop", value: line.origin,
                                                           allowed: "one workshop's lines in a file (this file is \(summary!.origin)'s)")
                        }
                        summary!.lines += 1
                        if let held = try Row.fetchOne(db, sql: "SELECT hash, content FROM hq_lines WHERE origin = ? AND id = ?",
                                                       arguments: [line.origin, line.id]) {
                            if held["hash"] == line.hash && held["content"] == line.content {
                                summary!.alreadyHeld += 1
                            } else {
                                try db.execute(sql: "INSERT OR IGNORE INTO hq_copies (origin, id, seq, hash, content) VALUES (?, ?, ?, ?, ?)",
                                               arguments: [line.origin, line.id, line.seq, line.hash, line.content])
                                summary!.conflicting += 1
                            }
                            return
                        }
                        try insert.execute(arguments: [line.origin, line.id, line.seq, line.hash, line.kind, line.subject,
                                                       line.occurredAt, line.recordedAt, line.content])
                        summary!.added += 1
                    } catch let error as HangarError {
                        throw HangarError.atLine(lineNumber, error)
                    }
                }
                guard let summary else {
                    throw HangarError.invalidValue(field: "file", value: name, allowed: "an export with at least one line (hangar export of a workshop with a code)")
                }
                return summary
            }
        }
    }

    /// One workshop's lines in its own order, as its own log holds them (without their stamps);
    /// an id held in two versions is left out, as DESIGN §14 keeps it out of reports.
    public func lines(of origin: String) throws -> [String] {
        try HangarStore.storage {
            try queue.read { db in
                try String.fetchAll(db, sql: """
                    SELECT content FROM hq_lines WHERE origin = ? AND id NOT IN (SELECT id FROM hq_copies WHERE origin = ?) ORDER BY seq
                    """, arguments: [origin, origin])
            }
        }
    }

    // MARK: - Status and conflicts

    public struct OriginStatus: Equatable, Sendable, Encodable {
        public var workshop: String
        public var events: Int
        public var lastSeq: Int64
        public var lastRecorded: String?
        public var chainVerified: Bool
        public var complete: Bool
        enum CodingKeys: String, CodingKey {
            case workshop, events, lastSeq = "last_seq", lastRecorded = "last_recorded", chainVerified = "chain_verified", complete
        }
    }

    public struct Conflicts: Equatable, Sendable, Encodable {
        public var content: [ContentConflict] = []
        public var serialClaims: [SerialClaim] = []
        public var definitionConflicts: [DefinitionConflict] = []
        public var gaps: [Gap] = []
        public var brokenChains: [BrokenChain] = []
        enum CodingKeys: String, CodingKey {
            case content, serialClaims = "serial_claims", definitionConflicts = "definition_conflicts", gaps, brokenChains = "broken_chains"
        }
        public var isEmpty: Bool { content.isEmpty && serialClaims.isEmpty && definitionConflicts.isEmpty && gaps.isEmpty && brokenChains.isEmpty }

        /// Whether any listed item involves one of these origins.
        public func involves(_ origins: Set<String>) -> Bool {
            content.contains { !origins.isDisjoint(with: $0.workshops) } || serialClaims.contains { !origins.isDisjoint(with: $0.workshops) }
                || definitionConflicts.contains { !origins.isDisjoint(with: $0.workshops) } || gaps.contains { origins.contains($0.workshop) }
                || brokenChains.contains { origins.contains($0.workshop) }
        }
    }

    /// One id held in two versions (`copies` from one workshop), or one id used by two workshops.
    public struct ContentConflict: Equatable, Sendable, Encodable {
        public var id: String
        public var workshops: [String]
        public var reason: String
        public var reviewed: Bool
    }

    /// One serial registered (`airframe`) or received (`component`) by more than one workshop.
    public struct SerialClaim: Equatable, Sendable, Encodable {
        public var serial: String
        public var kind: String
        public var workshops: [String]
        public var reviewed: Bool
    }

    /// One model's current checklist or BOM differs between workshops.
    public struct DefinitionConflict: Equatable, Sendable, Encodable {
        public var model: String
        public var what: String
        public var workshops: [String]
        public var reviewed: Bool
    }

    /// Sequence numbers missing between 1 and the highest held.
    public struct Gap: Equatable, Sendable, Encodable {
        public var workshop: String
        public var from: Int64
        public var to: Int64
        public var reviewed: Bool
    }

    /// Where a workshop's chain stops holding: a hash that does not follow, or two lines at one sequence number.
    public struct BrokenChain: Equatable, Sendable, Encodable {
        public var workshop: String
        public var seq: Int64
        public var id: String
        public var reason: String
        public var reviewed: Bool
    }

    public func status() throws -> [OriginStatus] {
        try HangarStore.storage {
            try queue.read { db in
                let conflicts = try Self.conflicts(db)
                return try Row.fetchAll(db, sql: """
                    SELECT origin, count(*) AS events, max(seq) AS last_seq, max(recorded_at) AS last_recorded
                    FROM hq_lines GROUP BY origin ORDER BY origin
                    """).map { row in
                    let origin: String = row["origin"]
                    let incomplete = conflicts.gaps.contains { $0.workshop == origin }
                        || conflicts.brokenChains.contains { $0.workshop == origin && $0.reason == "fork" }
                        || conflicts.content.contains { $0.reason == "two copies" && $0.workshops == [origin] }
                    return OriginStatus(workshop: origin, events: row["events"], lastSeq: row["last_seq"], lastRecorded: row["last_recorded"],
                                        chainVerified: !incomplete && !conflicts.brokenChains.contains { $0.workshop == origin },
                                        complete: !incomplete)
                }
            }
        }
    }

    public func conflicts() throws -> Conflicts {
        try HangarStore.storage { try queue.read { db in try Self.conflicts(db) } }
    }

    /// Marks a listed item as reviewed (its key as `hq conflicts` prints it); never deletes it.
    public func acknowledge(_ item: String, at now: Timestamp) throws {
        try HangarStore.storage {
            try queue.write { db in
                let keys = Self.keys(try Self.conflicts(db))
                guard keys.contains(item) else {
                    throw HangarError.notFound(what: "listed item", name: item)
                }
                try db.execute(sql: "INSERT OR IGNORE INTO hq_acks (item, acked_at) VALUES (?, ?)", arguments: [item, now.storageText])
            }
        }
    }

    /// Each listed item's key: what `--ack` takes.
    public static func keys(_ c: Conflicts) -> [String] {
        c.content.map { "content:\($0.id)" } + c.serialClaims.map { "serial:\($0.kind):\($0.serial)" }
            + c.definitionConflicts.map { "definition:\($0.what):\($0.model)" } + c.gaps.map { "gap:\($0.workshop):\($0.from)-\($0.to)" }
            + c.brokenChains.map { "chain:\($0.workshop):\($0.seq)" }
    }

    static func conflicts(_ db: Database) throws -> Conflicts {
        var c = Conflicts()
        let acked = Set(try String.fetchAll(db, sql: "SELECT item FROM hq_acks"))
        // Content: a second copy from one origin; one id at two origins.
        for row in try Row.fetchAll(db, sql: "SELECT DISTINCT origin, id FROM hq_copies ORDER BY id, origin") {
            let id: String = row["id"]
            c.content.append(ContentConflict(id: id, workshops: [row["origin"]], reason: "two copies", reviewed: acked.contains("content:\(id)")))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, group_concat(origin, ' ') AS origins FROM (SELECT id, origin FROM hq_lines ORDER BY origin)
            GROUP BY id HAVING count(*) > 1 ORDER BY id
            """) {
            let id: String = row["id"]
            c.content.append(ContentConflict(id: id, workshops: (row["origins"] as String).split(separator: " ").map(String.init),
                                             reason: "one id at two workshops", reviewed: acked.contains("content:\(id)")))
        }
        c.content.sort { ($0.id, $0.reason) < ($1.id, $1.reason) }
        // Serial claims: airframes registered, pieces received, by more than one workshop.
        for (kind, sql) in [
            ("airframe", "SELECT subject AS serial, origin FROM hq_lines WHERE kind = 'register'"),
            ("component", "SELECT j.value AS serial, l.origin FROM hq_lines l, json_each(l.content, '$.serials') j WHERE l.kind = 'stock_receive'"),
        ] {
            for row in try Row.fetchAll(db, sql: """
                SELECT serial, group_concat(origin, ' ') AS origins FROM (SELECT DISTINCT serial, origin FROM (\(sql)) ORDER BY origin)
                GROUP BY serial HAVING count(*) > 1 ORDER BY serial
                """) {
                let serial: String = row["serial"]
                c.serialClaims.append(SerialClaim(serial: serial, kind: kind, workshops: (row["origins"] as String).split(separator: " ").map(String.init),
                                                  reviewed: acked.contains("serial:\(kind):\(serial)")))
            }
        }
        c.definitionConflicts = try definitionConflicts(db, acked: acked)
        // Gaps, forks and chains, per origin, walking its sequence numbers.
        let origins = try String.fetchAll(db, sql: "SELECT DISTINCT origin FROM hq_lines ORDER BY origin")
        for origin in origins {
            var expected: Int64 = 1
            var previous = LineStamp.chainStart
            var chainHolds = true
            let cursor = try Row.fetchCursor(db, sql: "SELECT seq, id, hash, content FROM hq_lines WHERE origin = ? ORDER BY seq, id", arguments: [origin])
            var lastSeq: Int64 = 0
            while let row = try cursor.next() {
                let seq: Int64 = row["seq"], id: String = row["id"], hash: String = row["hash"]
                if seq == lastSeq {
                    c.brokenChains.append(BrokenChain(workshop: origin, seq: seq, id: id, reason: "fork", reviewed: acked.contains("chain:\(origin):\(seq)")))
                    chainHolds = false
                    continue
                }
                if seq > expected {
                    c.gaps.append(Gap(workshop: origin, from: expected, to: seq - 1, reviewed: acked.contains("gap:\(origin):\(expected)-\(seq - 1)")))
                    chainHolds = false
                }
                if chainHolds {
                    let computed = Chain.hash(previous + (row["content"] as String))
                    if computed != hash {
                        c.brokenChains.append(BrokenChain(workshop: origin, seq: seq, id: id, reason: "hash does not follow",
                                                          reviewed: acked.contains("chain:\(origin):\(seq)")))
                        chainHolds = false
                    }
                    previous = hash
                }
                lastSeq = seq
                expected = seq + 1
            }
        }
        return c
    }

    /// Models whose current checklist (items by key: kind, unit, min, max) or BOM (part, qty,
    /// position) differ between the workshops using them, and parts whose tracking, kind or
    /// life limits differ; version numbers are not compared.
    static func definitionConflicts(_ db: Database, acked: Set<String>) throws -> [DefinitionConflict] {
        var checklists: [String: [String: String]] = [:], boms: [String: [String: String]] = [:]
        var parts: [String: [String: [String: JSONValue]]] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT origin, subject, kind, content FROM hq_lines
            WHERE kind IN ('model_add', 'model_update', 'bom_set', 'part_add', 'part_update') ORDER BY origin, seq
            """)
        while let row = try cursor.next() {
            let origin: String = row["origin"], model: String = row["subject"], kind: String = row["kind"]
            guard case let .object(fields)? = try? JSONReader.read(Data((row["content"] as String).utf8)) else { continue }
            if kind == "part_add" || kind == "part_update" {
                // An update names what it changes; `null` clears a limit.
                for key in ["tracking", "kind", "life_minutes", "life_cycles"] {
                    if let value = fields[key] { parts[model, default: [:]][origin, default: [:]][key] = value }
                }
            } else if kind == "bom_set", case let .array(lines)? = fields["lines"] {
                boms[model, default: [:]][origin] = normalized(lines, keys: ["part", "qty", "position"])
            } else if case let .array(items)? = fields["checklist"] {
                checklists[model, default: [:]][origin] = normalized(items, keys: ["key", "kind", "unit", "min", "max"])
            }
        }
        var partTexts: [String: [String: String]] = [:]
        for (part, byOrigin) in parts {
            for (origin, settings) in byOrigin {
                partTexts[part, default: [:]][origin] = CanonicalJSON.text(.object(JSONObject(settings.filter { $0.value != .null }.map { ($0.key, $0.value) })))
            }
        }
        var out: [DefinitionConflict] = []
        for (what, table) in [("checklist", checklists), ("bom", boms), ("part", partTexts)] {
            for (model, byOrigin) in table where Set(byOrigin.values).count > 1 {
                out.append(DefinitionConflict(model: model, what: what, workshops: byOrigin.keys.sorted(),
                                              reviewed: acked.contains("definition:\(what):\(model)")))
            }
        }
        return out.sorted { ($0.model, $0.what) < ($1.model, $1.what) }
    }

    /// A list of objects reduced to the members compared, as canonical text, in a fixed order.
    static func normalized(_ items: [JSONValue], keys: [String]) -> String {
        items.map { item -> String in
            guard case let .object(fields) = item else { return CanonicalJSON.text(item) }
            return CanonicalJSON.text(.object(JSONObject(keys.compactMap { k in fields[k].map { (k, $0) } })))
        }.sorted().joined(separator: "\n")
    }
}

/// One line of a format-2 export as headquarters hold it.
struct HQLine {
    var origin: String
    var seq: Int64
    var hash: String
    var id: String
    var kind: String
    var subject: String
    var occurredAt: String
    var recordedAt: String?
    var content: String

    init(_ data: Data) throws {
        guard case var .object(fields) = try JSONReader.read(data) else {
            throw HangarError.invalidValue(field: "line", value: EventLine.preview(data), allowed: "each line must be one JSON object, {...}")
        }
        let stamp = try LineStamp.take(from: &fields)
        guard stamp.format == LineStamp.currentFormat else {
            throw HangarError.invalidValue(field: "format", value: String(stamp.format),
                                           allowed: "headquarters merge format-2 exports (hangar export of a workshop whose code is set)")
        }
        guard let origin = stamp.workshop, let seq = stamp.workshopSeq, let hash = stamp.hash else {
            throw HangarError.missingField(event: "", field: stamp.workshop == nil ? "workshop (set the workshop's code, then export again)"
                                                        : stamp.workshopSeq == nil ? "workshop_seq" : "hash")
        }
        func text(_ key: String) throws -> String {
            guard case let .string(value)? = fields[key], !value.isEmpty else { throw HangarError.missingField(event: "", field: key) }
            return value
        }
        self.origin = origin
        self.seq = seq
        self.hash = hash
        id = try text("id")
        kind = try text("event")
        subject = try text("subject")
        occurredAt = try text("at")
        if case let .string(recorded)? = fields["recorded"] { recordedAt = recorded }
        content = CanonicalJSON.text(.object(fields))
    }
}
