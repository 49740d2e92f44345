import Foundation
import GRDB
import HangarCore

/// A signed-in session as stored.
public struct SessionRecord: Equatable, Sendable {
    public var staff: Staff
    public var csrfToken: String
    public var createdAt: Timestamp
    public var lastSeenAt: Timestamp
}

/// Sign-in data: password hashes, API tokens, sessions and failed attempts. These are not
/// events of the workshop and never leave the file in an export.
extension HangarStore {
    public func setPasswordHash(_ hash: String, for staffID: String, at: Timestamp) throws {
        try transaction { db in
            guard try StoreReader(db: db).staff(staffID) != nil else { throw HangarError.notFound(what: "staff member", name: staffID) }
            try db.execute(
                sql: """
                    INSERT INTO credentials (staff_id, password_hash, set_at) VALUES (?, ?, ?)
                    ON CONFLICT(staff_id) DO UPDATE SET password_hash = excluded.password_hash, set_at = excluded.set_at
                    """,
                arguments: [staffID, hash, at.storageText])
            // A new password ends every session of that person.
            try db.execute(sql: "DELETE FROM sessions WHERE staff_id = ?", arguments: [staffID])
        }
    }

    public func passwordHash(for staffID: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT password_hash FROM credentials WHERE staff_id = ?", arguments: [staffID]) }
    }

    public func addToken(hash: String, for staffID: String, at: Timestamp) throws {
        try transaction { db in
            guard try StoreReader(db: db).staff(staffID) != nil else { throw HangarError.notFound(what: "staff member", name: staffID) }
            try db.execute(sql: "INSERT INTO api_tokens (token_hash, staff_id, created_at) VALUES (?, ?, ?)", arguments: [hash, staffID, at.storageText])
        }
    }

    /// Deletes every API token of a staff member; returns how many there were.
    public func revokeTokens(of staffID: String) throws -> Int {
        try transaction { db in
            guard try StoreReader(db: db).staff(staffID) != nil else { throw HangarError.notFound(what: "staff member", name: staffID) }
            try db.execute(sql: "DELETE FROM api_tokens WHERE staff_id = ?", arguments: [staffID])
            return db.changesCount
        }
    }

    public func staff(forTokenHash hash: String) throws -> Staff? {
        try read { db in
            // Every API request asks this: the statement is prepared once per connection.
            try Row.decodeOne(
                db.cachedStatement(sql: "SELECT \(StaffRow.columns) FROM api_tokens t JOIN staff s ON s.id = t.staff_id WHERE t.token_hash = ?"),
                arguments: [hash], Decode.staff
            )
        }
    }

    /// Starts a session; the sessions last seen before `seenBefore` or created before
    /// `createdBefore` (past their idle or absolute timeout) are deleted with it.
    public func createSession(idHash: String, staffID: String, csrfToken: String, at: Timestamp,
                              endingSessionsSeenBefore seenBefore: Timestamp, createdBefore: Timestamp) throws {
        try transaction { db in
            try db.execute(sql: "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                           arguments: [seenBefore.storageText, createdBefore.storageText])
            try db.execute(
                sql: "INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [idHash, staffID, csrfToken, at.storageText, at.storageText])
        }
    }

    public func session(idHash: String) throws -> SessionRecord? {
        try read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT \(StaffRow.columns), x.csrf_token, x.created_at, x.last_seen_at
                    FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id_hash = ?
                    """), arguments: [idHash])
            else { return nil }
            return SessionRecord(
                staff: try Decode.staff(row), csrfToken: try row.decode(forColumn: "csrf_token"), createdAt: try Decode.time(try row.decode(forColumn: "created_at"), "sessions.created_at"),
                lastSeenAt: try Decode.time(try row.decode(forColumn: "last_seen_at"), "sessions.last_seen_at"))
        }
    }

    public func touchSession(idHash: String, at: Timestamp) throws {
        try transaction { db in
            try db.execute(sql: "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", arguments: [at.storageText, idHash])
        }
    }

    public func deleteSession(idHash: String) throws {
        try transaction { db in try db.execute(sql: "DELETE FROM sessions WHERE id_hash = ?", arguments: [idHash]) }
    }

    /// Failed sign-ins for `key` since `since`.
    public func loginFailures(key: String, since: Timestamp) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?", arguments: [key, since.storageText]) ?? 0
        }
    }

    public func recordLoginFailure(keys: [String], at: Timestamp, forgetBefore: Timestamp) throws {
        try transaction { db in
            for key in keys {
                try db.execute(sql: "INSERT INTO login_failures (key, at) VALUES (?, ?)", arguments: [key, at.storageText])
            }
            try db.execute(sql: "DELETE FROM login_failures WHERE at < ?", arguments: [forgetBefore.storageText])
        }
    }

    /// Counts a sign-in attempt before its password is checked, atomically: in one write
    /// transaction, refuses (nil) when any key already has its limit of failures since
    /// `since`, else records one failure row per key and returns their row ids. Attempts
    /// arriving together are judged one after the other, so the limits hold however many
    /// come at once. A successful attempt takes its rows back (`forgiveLoginAttempt`).
    public func reserveLoginAttempt(keys: [(key: String, limit: Int)], at: Timestamp, since: Timestamp) throws -> [Int64]? {
        try transaction { db -> [Int64]? in
            for (key, limit) in keys {
                let failures = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?", arguments: [key, since.storageText]) ?? 0
                if failures >= limit { return nil }
            }
            var ids: [Int64] = []
            for (key, _) in keys {
                try db.execute(sql: "INSERT INTO login_failures (key, at) VALUES (?, ?)", arguments: [key, at.storageText])
                ids.append(db.lastInsertedRowID)
            }
            try db.execute(sql: "DELETE FROM login_failures WHERE at < ?", arguments: [since.storageText])
            return ids
        }
    }

    /// A sign-in succeeded: its reserved rows go, and so do the account's earlier failures.
    public func forgiveLoginAttempt(rows: [Int64], clearing key: String) throws {
        try transaction { db in
            for row in rows { try db.execute(sql: "DELETE FROM login_failures WHERE rowid = ?", arguments: [row]) }
            try db.execute(sql: "DELETE FROM login_failures WHERE key = ?", arguments: [key])
        }
    }

    public func clearLoginFailures(key: String) throws {
        try transaction { db in try db.execute(sql: "DELETE FROM login_failures WHERE key = ?", arguments: [key]) }
    }
}
