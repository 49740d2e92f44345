import Foundation
import HangarCore

/// A headquarters store (DESIGN §12, §14): many workshops' format-2 exports merged by
/// (origin, id), nothing resolved automatically, on an SQLite file or a PostgreSQL database
/// (the `engine`). Conflicts, gaps and chains are worked out from the lines held, so merging
/// the same files in any order, any number of times, gives the same store and the same lists.
public final class HQStore: Sendable {
    public let engine: any HQEngine

    public init(engine: any HQEngine) { self.engine = engine }

    public var location: String { engine.location }

    /// The tables, the same on both engines; `?` placeholders. PostgreSQL keeps a copy's
    /// uniqueness on a digest of its text (its index rows have a size limit).
    public static let kind = "hangar headquarters"

    /// The kinds of line the conflict lists read by kind: registrations and receipts (serial
    /// claims), and the definitions of models and parts. An engine may index only these.
    public static let listedKinds = ["register", "stock_receive"] + definitionKinds
    static let definitionKinds = ["model_add", "model_update", "bom_set", "part_add", "part_update"]

    // MARK: - Merge

    /// What merging one file did.
    public struct MergeSummary: Equatable, Sendable {
        public var origin: String
        public var lines = 0
        public var added = 0
        public var alreadyHeld = 0
        public var conflicting = 0
        /// The workshop's chain, walked as the file was read, when the file holds all its lines
        /// (its first file, every line new, in sequence order): the lists need not read them back.
        public var walked: ChainFindings?
        public init(origin: String, lines: Int = 0, added: Int = 0, alreadyHeld: Int = 0, conflicting: Int = 0, walked: ChainFindings? = nil) {
            self.origin = origin
            self.lines = lines
            self.added = added
            self.alreadyHeld = alreadyHeld
            self.conflicting = conflicting
            self.walked = walked
        }
    }

    /// What walking one workshop's chain found (none of it marked reviewed: `conflicts` marks).
    public struct ChainFindings: Equatable, Sendable, Codable {
        public var gaps: [Gap] = []
        public var brokenChains: [BrokenChain] = []
        public init(gaps: [Gap] = [], brokenChains: [BrokenChain] = []) {
            self.gaps = gaps
            self.brokenChains = brokenChains
        }
    }

    public func merge(_ handle: FileHandle, name: String) async throws -> MergeSummary {
        try await engine.merge(handle, name: name)
    }

    /// The error for a file without a line.
    public static func emptyFile(_ name: String) -> HangarError {
        HangarError.invalidValue(field: "file", value: name, allowed: "an export with at least one line (hangar export of a workshop with a code)")
    }

    /// One workshop's lines in its own order, as its own log holds them (without their stamps),
    /// written to a file one a line without holding them all; how many. An id held in two
    /// versions is left out, as DESIGN §14 keeps it out of reports.
    public func write(linesOf origin: String, to url: URL) async throws -> Int {
        try await write(linesOf: origin, to: url, after: nil).lines
    }

    /// Lines of one workshop written out (`write(linesOf:to:)`): how many, and the highest
    /// sequence number among them.
    public struct LinesWritten: Equatable, Sendable {
        public var lines: Int
        public var lastSeq: Int64?
    }

    /// One workshop's lines after sequence number `after` (all of them when nil), written as
    /// `write(linesOf:to:)` writes them.
    public func write(linesOf origin: String, to url: URL, after: Int64?) async throws -> LinesWritten {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw HangarError.storage("cannot write \(url.path): the file cannot be created there")
        }
        var count = 0
        var last: Int64?
        var pending = Data()
        // The whole log's query is the one it always was (its plan reads the workshop in order).
        let (range, arguments): (String, [HQValue]) = after.map { ("AND seq > ?", [.text(origin), .int($0), .text(origin)]) } ?? ("", [.text(origin), .text(origin)])
        try await engine.forEach("""
            SELECT seq, content FROM hq_lines WHERE origin = ? \(range) AND id NOT IN (SELECT id FROM hq_copies WHERE origin = ?) ORDER BY seq
            """, arguments) { row in
            last = row[0].int
            pending.append(contentsOf: (row[1].text ?? "").utf8)
            pending.append(0x0A)
            count += 1
            if pending.count > 1 << 20 {
                try handle.write(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: pending)
        try handle.close()
        return LinesWritten(lines: count, lastSeq: last)
    }

    /// How many of one workshop's lines `write(linesOf:to:)` would write up to sequence number
    /// `seq`, and how many copies of its lines are held out. Lines are only ever added, never
    /// changed or taken away, and so are copies: while both counts stay as they were, the
    /// workshop's log up to `seq` is the same lines in the same order.
    public func held(linesOf origin: String, through seq: Int64) async throws -> (lines: Int, copies: Int) {
        let row = try await engine.fetch("""
            SELECT (SELECT count(*) FROM hq_lines WHERE origin = ? AND seq <= ? AND id NOT IN (SELECT id FROM hq_copies WHERE origin = ?)),
                   (SELECT count(*) FROM hq_copies WHERE origin = ?)
            """, [.text(origin), .int(seq), .text(origin), .text(origin)]).first
        return (Int(row?[0].int ?? 0), Int(row?[1].int ?? 0))
    }

    /// How many copies of one workshop's lines are held out (`held(linesOf:through:)`).
    public func copies(of origin: String) async throws -> Int {
        Int(try await engine.fetch("SELECT count(*) FROM hq_copies WHERE origin = ?", [.text(origin)]).first?[0].int ?? 0)
    }


    // MARK: - Status and conflicts

    public struct OriginStatus: Equatable, Sendable, Codable {
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

    public struct Conflicts: Equatable, Sendable, Codable {
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
    public struct ContentConflict: Equatable, Sendable, Codable {
        public var id: String
        public var workshops: [String]
        public var reason: String
        public var reviewed: Bool
    }

    /// One serial registered (`airframe`) or received (`component`) by more than one workshop.
    public struct SerialClaim: Equatable, Sendable, Codable {
        public var serial: String
        public var kind: String
        public var workshops: [String]
        public var reviewed: Bool
    }

    /// One model's current checklist or BOM differs between workshops.
    public struct DefinitionConflict: Equatable, Sendable, Codable {
        public var model: String
        public var what: String
        public var workshops: [String]
        public var reviewed: Bool
    }

    /// Sequence numbers missing between 1 and the highest held.
    public struct Gap: Equatable, Sendable, Codable {
        public var workshop: String
        public var from: Int64
        public var to: Int64
        public var reviewed: Bool
        /// How `hq conflicts` names it, and marks it reviewed.
        var key: String { "gap:\(workshop):\(from)-\(to)" }
    }

    /// Where a workshop's chain stops holding: a hash that does not follow, or two lines at one sequence number.
    public struct BrokenChain: Equatable, Sendable, Codable {
        public var workshop: String
        public var seq: Int64
        public var id: String
        public var reason: String
        public var reviewed: Bool
        /// How `hq conflicts` names it, and marks it reviewed.
        var key: String { "chain:\(workshop):\(seq)" }
    }

    /// `conflicts`: the list already worked out for the store as it is (else it is worked out here).
    public func status(given known: Conflicts? = nil) async throws -> [OriginStatus] {
        let conflicts: Conflicts
        if let known { conflicts = known } else { conflicts = try await self.conflicts() }
        return try await engine.fetch("""
            SELECT origin, count(*) AS events, max(seq) AS last_seq, max(recorded_at) AS last_recorded
            FROM hq_lines GROUP BY origin ORDER BY origin
            """, []).map { row in
            let origin = row[0].text ?? ""
            let incomplete = conflicts.gaps.contains { $0.workshop == origin }
                || conflicts.brokenChains.contains { $0.workshop == origin && $0.reason == "fork" }
                || conflicts.content.contains { $0.reason == "two copies" && $0.workshops == [origin] }
            return OriginStatus(workshop: origin, events: Int(row[1].int ?? 0), lastSeq: row[2].int ?? 0, lastRecorded: row[3].text,
                                chainVerified: !incomplete && !conflicts.brokenChains.contains { $0.workshop == origin },
                                complete: !incomplete)
        }
    }

    /// Marks a listed item as reviewed (its key as `hq conflicts` prints it); never deletes it.
    public func acknowledge(_ item: String, at now: Timestamp) async throws {
        guard Self.keys(try await conflicts()).contains(item) else {
            throw HangarError.notFound(what: "listed item", name: item)
        }
        try await engine.execute("INSERT INTO hq_acks (item, acked_at) VALUES (?, ?) ON CONFLICT (item) DO NOTHING", [.text(item), .text(now.storageText)])
    }

    /// Each listed item's key: what `--ack` takes.
    public static func keys(_ c: Conflicts) -> [String] {
        c.content.map { "content:\($0.id)" } + c.serialClaims.map { "serial:\($0.kind):\($0.serial)" }
            + c.definitionConflicts.map { "definition:\($0.what):\($0.model)" } + c.gaps.map(\.key) + c.brokenChains.map(\.key)
    }

    /// A query's `(key, origin)` rows, in key order, grouped as they come (never all held at
    /// once): `(key, origins)` pairs, origins sorted.
    /// Several queries run in turn are grouped as one (their keys in order across them).
    func grouped(_ queries: [(sql: String, arguments: [HQValue])]) async throws -> [(String, [String])] {
        var out: [(String, [String])] = []
        for (text, arguments) in queries {
            try await engine.forEach(text, arguments) { row in
                guard let key = row[0].text, let origin = row[1].text else { return }
                if out.last?.0 == key {
                    if !out[out.count - 1].1.contains(origin) { out[out.count - 1].1.append(origin) }
                } else {
                    out.append((key, [origin]))
                }
            }
        }
        return out.map { ($0.0, $0.1.sorted()) }
    }

    /// Everything listed; with `walking`, sequences and chains are walked for those workshops
    /// only (enough to tell whether a merge's workshops are involved in anything). `walked`:
    /// workshops whose chains were walked as their only file was merged, taken as found.
    public func conflicts(walking only: Set<String>? = nil, walked: [String: ChainFindings] = [:]) async throws -> Conflicts {
        var c = Conflicts()
        let acked = Set(try await engine.fetch("SELECT item FROM hq_acks", []).compactMap { $0[0].text })
        // Content: a second copy from one origin; one id at two origins.
        for row in try await engine.fetch("SELECT DISTINCT origin, id FROM hq_copies ORDER BY id, origin", []) {
            let id = row[1].text ?? ""
            c.content.append(ContentConflict(id: id, workshops: [row[0].text ?? ""], reason: "two copies", reviewed: acked.contains("content:\(id)")))
        }
        // The ids held twice (nearly always none), then their workshops by id: not a second
        // pass over every line to join them back.
        let shared = try await engine.idsAtTwoWorkshops()
        let lookups = stride(from: 0, to: shared.count, by: 500).map { start in
            let ids = shared[start..<min(start + 500, shared.count)]
            return (sql: "SELECT id, origin FROM hq_lines WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", "))) ORDER BY id, origin",
                    arguments: ids.map { HQValue.text($0) })
        }
        for (id, origins) in try await grouped(lookups) {
            c.content.append(ContentConflict(id: id, workshops: origins, reason: "one id at two workshops", reviewed: acked.contains("content:\(id)")))
        }
        c.content.sort { ($0.id, $0.reason) < ($1.id, $1.reason) }
        // Serial claims: airframes registered, pieces received, by more than one workshop.
        for (kind, source) in [
            ("airframe", "SELECT subject AS serial, origin FROM hq_lines WHERE kind = 'register'"),
            ("component", engine.receivedSerialsSQL),
        ] {
            // One row a claimed serial, its workshops joined (a code holds no comma).
            try await engine.forEach("""
                SELECT serial, \(engine.originsJoinedSQL) FROM (\(source)) claims GROUP BY serial HAVING min(origin) <> max(origin) ORDER BY serial
                """, []) { row in
                guard let serial = row[0].text else { return }
                let origins = (row[1].text ?? "").split(separator: ",").map(String.init).sorted()
                c.serialClaims.append(SerialClaim(serial: serial, kind: kind, workshops: origins, reviewed: acked.contains("serial:\(kind):\(serial)")))
            }
        }
        c.definitionConflicts = try await definitionConflicts(acked: acked)
        // Gaps, forks and chains, per origin, walking its sequence numbers; a walk kept at the
        // workshop's current token is taken as it is.
        let origins = try await engine.fetch(Self.originsSQL, []).compactMap { $0[0].text }
        let states = try await states()
        let kept = try await keptWalks()
        for origin in origins where only?.contains(origin) ?? true {
            let found: ChainFindings
            if let walkedHere = walked[origin] {
                found = walkedHere
            } else if let token = states[origin], let keptHere = kept[origin], keptHere.state == token {
                found = keptHere.findings
            } else {
                var walk = ChainWalk(origin: origin)
                try await engine.forEach("SELECT seq, id, hash, content FROM hq_lines WHERE origin = ? ORDER BY seq, id", [.text(origin)]) { row in
                    walk.step(seq: row[0].int ?? 0, id: row[1].text ?? "", hash: row[2].text ?? "", content: row[3].text ?? "")
                }
                found = walk.findings
                // Kept for next time, only if no merge of the workshop came meanwhile (its token
                // is still the one read before the walk). A store this user may only read keeps none.
                if let token = states[origin] {
                    try? await engine.execute(Self.keepWalkSQL, try Self.keepWalkArguments(origin, state: token, found))
                }
            }
            c.gaps += found.gaps.map { var gap = $0; gap.reviewed = acked.contains(gap.key); return gap }
            c.brokenChains += found.brokenChains.map { var broken = $0; broken.reviewed = acked.contains(broken.key); return broken }
        }
        return c
    }

    /// A workshop's chain as walked when its lines were those of its state token
    /// (`markStateSQL`), kept in `hq_meta` under `walk:CODE`.
    struct KeptWalk: Codable {
        var state: String
        var findings: ChainFindings
    }

    /// Keeps a walk (arguments: `keepWalkArguments`) while the workshop's token is the one
    /// given: a merge that changed its lines since leaves nothing kept.
    public static let keepWalkSQL = """
        INSERT INTO hq_meta (key, value) SELECT ?, ? WHERE (SELECT value FROM hq_meta WHERE key = ?) = ?
        ON CONFLICT (key) DO UPDATE SET value = excluded.value
        """

    public static func keepWalkArguments(_ origin: String, state: String, _ findings: ChainFindings) throws -> [HQValue] {
        let text = String(decoding: try JSONEncoder().encode(KeptWalk(state: state, findings: findings)), as: UTF8.self)
        return [.text("walk:" + origin), .text(text), .text("state:" + origin), .text(state)]
    }

    /// The walks kept, by workshop (one that does not read is left out: walked again).
    func keptWalks() async throws -> [String: KeptWalk] {
        var kept: [String: KeptWalk] = [:]
        for row in try await engine.fetch("SELECT key, value FROM hq_meta WHERE key LIKE 'walk:%'", []) {
            guard let key = row[0].text, let value = row[1].text,
                  let walk = try? JSONDecoder().decode(KeptWalk.self, from: Data(value.utf8)) else { continue }
            kept[String(key.dropFirst("walk:".count))] = walk
        }
        return kept
    }

    /// The workshops held, in order: one step of the index a workshop (both engines index
    /// `hq_lines` by workshop first), not a pass over every line.
    static let originsSQL = """
        WITH RECURSIVE o(origin) AS (
            SELECT min(origin) FROM hq_lines
            UNION ALL SELECT (SELECT min(l.origin) FROM hq_lines l WHERE l.origin > o.origin) FROM o WHERE o.origin IS NOT NULL)
        SELECT origin FROM o WHERE origin IS NOT NULL
        """

    /// One workshop's lines in sequence order, checked link by link. What it finds is not yet
    /// marked reviewed: `conflicts` marks it.
    public struct ChainWalk: Sendable {
        let origin: String
        var expected: Int64 = 1
        /// The hash of the line before (the chain's start before the first).
        var previous = LineStamp.chainStart
        var chainHolds = true
        public private(set) var lastSeq: Int64 = 0
        public private(set) var findings = ChainFindings()

        public init(origin: String) { self.origin = origin }

        mutating func step(seq: Int64, id: String, hash: String, content: String) {
            step(seq: seq, id: id, hash: hash) { Chain.follows(previous: $0, content: content, hash: hash) }
        }

        /// The next line; `follows(previous)`: whether its hash is the hash of `previous`
        /// followed by its content (asked only while the chain holds).
        public mutating func step(seq: Int64, id: String, hash: String, follows: (String) -> Bool) {
            if seq == lastSeq {
                findings.brokenChains.append(BrokenChain(workshop: origin, seq: seq, id: id, reason: "fork", reviewed: false))
                chainHolds = false
                return
            }
            if seq > expected {
                findings.gaps.append(Gap(workshop: origin, from: expected, to: seq - 1, reviewed: false))
                chainHolds = false
            }
            if chainHolds {
                if !follows(previous) {
                    findings.brokenChains.append(BrokenChain(workshop: origin, seq: seq, id: id, reason: "hash does not follow", reviewed: false))
                    chainHolds = false
                }
                previous = hash
            }
            lastSeq = seq
            expected = seq + 1
        }
    }

    /// Models whose current checklist (items by key: kind, unit, min, max) or BOM (part, qty,
    /// position) differ between the workshops using them, and parts whose tracking, kind or
    /// life limits differ; version numbers are not compared.
    func definitionConflicts(acked: Set<String>) async throws -> [DefinitionConflict] {
        var checklists: [String: [String: String]] = [:], boms: [String: [String: String]] = [:]
        var parts: [String: [String: [String: JSONValue]]] = [:]
        try await engine.forEach("""
            SELECT origin, subject, kind, content FROM hq_lines
            WHERE kind IN (\(Self.definitionKinds.map { "'\($0)'" }.joined(separator: ", "))) ORDER BY origin, seq
            """, []) { row in
            let origin = row[0].text ?? "", model = row[1].text ?? "", kind = row[2].text ?? ""
            guard case let .object(fields)? = try? JSONReader.read(Data((row[3].text ?? "").utf8)) else { return }
            if kind == "part_add" || kind == "part_update" {
                // An update names what it changes; `null` clears a limit.
                for key in ["tracking", "kind", "life_minutes", "life_cycles"] {
                    if let value = fields[key] { parts[model, default: [:]][origin, default: [:]][key] = value }
                }
            } else if kind == "bom_set", case let .array(lines)? = fields["lines"] {
                boms[model, default: [:]][origin] = Self.normalized(lines, keys: ["part", "qty", "position"])
            } else if case let .array(items)? = fields["checklist"] {
                checklists[model, default: [:]][origin] = Self.normalized(items, keys: ["key", "kind", "unit", "min", "max"])
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
