import Foundation
import HangarCore

/// The headquarters' own accounts (DESIGN §14: `serve --hq` has its own accounts, commander
/// role only): people who read the national dashboard, their password hashes, API tokens
/// (stored as SHA-256) and sessions. They are not events of any workshop and are never merged.
extension HQStore {
    /// The tables of the accounts, the same on both engines (added to stores made before them).
    public static let accountTables = [
        "CREATE TABLE IF NOT EXISTS hq_staff (id TEXT PRIMARY KEY, name TEXT NOT NULL, password_hash TEXT, added_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS hq_tokens (token_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL, created_at TEXT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS hq_sessions (id_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL, csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL)
        """,
    ]

    /// Everyone who may read the national dashboard is a commander there.
    static func commander(_ id: String, _ name: String) -> Staff { Staff(id: id, name: name, roles: [.commander]) }

    public func addStaff(id raw: String, name rawName: String, at now: Timestamp) async throws -> Staff {
        let id = try Names.identifier(raw, field: "staff id")
        let name = try Names.name(rawName, field: "name")
        guard try await member(id) == nil else { throw HangarError.invalidValue(field: "staff id", value: id, allowed: "an id not yet taken at headquarters (hangar hq staff list)") }
        try await engine.execute("INSERT INTO hq_staff (id, name, added_at) VALUES (?, ?, ?)", [.text(id), .text(name), .text(now.storageText)])
        return Self.commander(id, name)
    }

    public func staffList() async throws -> [(staff: Staff, hasPassword: Bool, tokens: Int)] {
        try await engine.fetch("""
            SELECT s.id, s.name, CASE WHEN s.password_hash IS NULL THEN 0 ELSE 1 END, (SELECT count(*) FROM hq_tokens t WHERE t.staff_id = s.id)
            FROM hq_staff s ORDER BY s.id
            """, []).map { row in
            (Self.commander(row[0].text ?? "", row[1].text ?? ""), (row[2].int ?? 0) != 0, Int(row[3].int ?? 0))
        }
    }

    /// A member and their password hash (nil when none is set).
    public func member(_ id: String) async throws -> (staff: Staff, passwordHash: String?)? {
        try await engine.fetch("SELECT id, name, password_hash FROM hq_staff WHERE id = ?", [.text(id)]).first.map { row in
            (Self.commander(row[0].text ?? "", row[1].text ?? ""), row[2].text)
        }
    }

    /// Sets a password hash and ends that person's sessions.
    public func setPasswordHash(_ hash: String, for id: String) async throws {
        guard try await member(id) != nil else { throw HangarError.notFound(what: "headquarters staff member", name: id) }
        try await engine.execute("UPDATE hq_staff SET password_hash = ? WHERE id = ?", [.text(hash), .text(id)])
        try await engine.execute("DELETE FROM hq_sessions WHERE staff_id = ?", [.text(id)])
    }

    public func addToken(hash: String, for id: String, at now: Timestamp) async throws {
        guard try await member(id) != nil else { throw HangarError.notFound(what: "headquarters staff member", name: id) }
        try await engine.execute("INSERT INTO hq_tokens (token_hash, staff_id, created_at) VALUES (?, ?, ?)", [.text(hash), .text(id), .text(now.storageText)])
    }

    /// Deletes every token of a member; how many there were.
    public func revokeTokens(of id: String) async throws -> Int {
        guard try await member(id) != nil else { throw HangarError.notFound(what: "headquarters staff member", name: id) }
        let count = try await engine.fetch("SELECT count(*) FROM hq_tokens WHERE staff_id = ?", [.text(id)]).first?[0].int ?? 0
        try await engine.execute("DELETE FROM hq_tokens WHERE staff_id = ?", [.text(id)])
        return Int(count)
    }

    public func staff(forTokenHash hash: String) async throws -> Staff? {
        try await engine.fetch("SELECT s.id, s.name FROM hq_tokens t JOIN hq_staff s ON s.id = t.staff_id WHERE t.token_hash = ?", [.text(hash)])
            .first.map { Self.commander($0[0].text ?? "", $0[1].text ?? "") }
    }

    /// Starts a session; the sessions last seen before `seenBefore` or created before
    /// `createdBefore` (past their idle or absolute timeout) are deleted first.
    public func createSession(idHash: String, staffID: String, csrfToken: String, at now: Timestamp,
                              endingSessionsSeenBefore seenBefore: Timestamp, createdBefore: Timestamp) async throws {
        try await engine.execute("DELETE FROM hq_sessions WHERE last_seen_at < ? OR created_at < ?",
                                 [.int(seenBefore.milliseconds), .int(createdBefore.milliseconds)])
        try await engine.execute("""
            INSERT INTO hq_sessions (id_hash, staff_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
            """, [.text(idHash), .text(staffID), .text(csrfToken), .int(now.milliseconds), .int(now.milliseconds)])
    }

    public func session(idHash: String) async throws -> SessionRecord? {
        try await engine.fetch("""
            SELECT s.id, s.name, x.csrf_token, x.created_at, x.last_seen_at FROM hq_sessions x JOIN hq_staff s ON s.id = x.staff_id
            WHERE x.id_hash = ?
            """, [.text(idHash)]).first.map { row in
            SessionRecord(staff: Self.commander(row[0].text ?? "", row[1].text ?? ""), csrfToken: row[2].text ?? "",
                          createdAt: Timestamp(milliseconds: row[3].int ?? 0), lastSeenAt: Timestamp(milliseconds: row[4].int ?? 0))
        }
    }

    public func touchSession(idHash: String, at now: Timestamp) async throws {
        try await engine.execute("UPDATE hq_sessions SET last_seen_at = ? WHERE id_hash = ?", [.int(now.milliseconds), .text(idHash)])
    }

    public func deleteSession(idHash: String) async throws {
        try await engine.execute("DELETE FROM hq_sessions WHERE id_hash = ?", [.text(idHash)])
    }

    /// Counts, in the merge's own transaction, a merge that added a line or a copy (the same
    /// SQL on both engines: the value is text, and a whole number).
    public static let countMergeSQL = """
        INSERT INTO hq_meta (key, value) VALUES ('merges', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(hq_meta.value AS BIGINT) + 1 AS TEXT)
        """

    /// Marks, in the merge's own transaction, a new state of one workshop's lines: a new random
    /// token under `state:CODE` (arguments: that key, the token). A replay kept from before
    /// (`ReplayCache`) is of this workshop's lines only while the token it was made at is current.
    public static let markStateSQL = """
        INSERT INTO hq_meta (key, value) VALUES (?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value
        """

    /// The arguments of `markStateSQL` for a merge that added lines or copies of `origin`.
    public static func stateArguments(_ origin: String) -> [HQValue] {
        [.text("state:" + origin), .text(UUID().uuidString)]
    }

    /// Gives the store, in the merge's own transaction, its identity if it has none: a random
    /// token under `store` (argument: the token), never changed. A replay kept from one store
    /// is never taken for another made in the same place (`ReplayCache`).
    public static let markIdentitySQL = """
        INSERT INTO hq_meta (key, value) VALUES ('store', ?)
        ON CONFLICT (key) DO NOTHING
        """

    /// The store's identity (`markIdentitySQL`); nil before its first merge that added a line.
    public func identity() async throws -> String? {
        try await engine.fetch("SELECT value FROM hq_meta WHERE key = 'store'", []).first?[0].text
    }

    /// The arguments of `markStateSQL` for the store's own token: new at every merge that
    /// adds a line or a copy, whichever the workshop.
    public static func storeStateArguments() -> [HQValue] {
        [.text("state"), .text(UUID().uuidString)]
    }

    /// What the status and the list of conflicts depend on, as one text: the store's token
    /// and the review marks (never removed: their count). Nil for a store not merged into
    /// since tokens exist (its status and list are worked out each time).
    public func listingState() async throws -> String? {
        let row = try await engine.fetch("SELECT (SELECT value FROM hq_meta WHERE key = 'state'), (SELECT count(*) FROM hq_acks)", []).first
        guard let token = row?[0].text else { return nil }
        return "\(token)-\(row?[1].int ?? 0)"
    }

    /// Each workshop's state token (`markStateSQL`), by code; a workshop merged before the
    /// tokens existed has none until its next merge that adds a line.
    public func states() async throws -> [String: String] {
        var states: [String: String] = [:]
        for row in try await engine.fetch("SELECT key, value FROM hq_meta WHERE key LIKE 'state:%'", []) {
            guard let key = row[0].text, let value = row[1].text else { continue }
            states[String(key.dropFirst("state:".count))] = value
        }
        return states
    }

    /// Merges that added a line or a copy: what the national report depends on. It only
    /// grows, and costs one row to read (a count of the lines would read them all).
    public func version() async throws -> Int64 {
        try await engine.fetch("SELECT value FROM hq_meta WHERE key = 'merges'", []).first?[0].int ?? 0
    }

    /// `lines`: the merges (`version()`); `listed`: what the status and the list of conflicts
    /// depend on (the merges, and the items marked reviewed, never unmarked).
    public func versions() async throws -> (lines: Int64, listed: String) {
        let row = try await engine.fetch("SELECT (SELECT value FROM hq_meta WHERE key = 'merges'), (SELECT count(*) FROM hq_acks)", []).first
        let lines = row?[0].int ?? 0
        return (lines, "\(lines)-\(row?[1].int ?? 0)")
    }

    /// Whether the store answers (for the server's health check).
    public func answers() async -> Bool {
        (try? await engine.fetch("SELECT 1", [])) != nil
    }
}
