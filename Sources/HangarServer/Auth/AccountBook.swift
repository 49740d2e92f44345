import Foundation
import HangarCore
import HangarStore
import NIOPosix

/// Where sign-in data is kept: a workshop's file (`StoreAccounts`) or the headquarters
/// store (`HQAccounts`). Sign-in, sessions and tokens work the same over either.
protocol AccountBook: Sendable {
    func staff(forTokenHash hash: String) async throws -> Staff?
    func session(idHash: String) async throws -> SessionRecord?
    func touchSession(idHash: String, at: Timestamp) async throws
    func deleteSession(idHash: String) async throws
    /// Starts a session, and deletes those past their idle or absolute timeout.
    func createSession(idHash: String, staffID: String, csrfToken: String, at: Timestamp, seenBefore: Timestamp, createdBefore: Timestamp) async throws
    /// A person and their password hash (nil when none is set), or nil for an unknown id.
    func member(_ id: String) async throws -> (staff: Staff, passwordHash: String?)?
    /// Counts an attempt before its password is checked: nil when a key is at its limit.
    func reserveLoginAttempt(keys: [(key: String, limit: Int)], at: Timestamp, since: Timestamp) async throws -> [Int64]?
    /// A sign-in succeeded: its reserved attempts go, and so do the account's earlier failures.
    func forgiveLoginAttempt(rows: [Int64], clearing key: String) async throws
}

/// Sign-in's settings and where its data is kept.
struct SignInSettings: Sendable {
    var accounts: any AccountBook
    var clock: @Sendable () -> Timestamp
    var idleTimeout: Int64
    var absoluteTimeout: Int64
    var maxFailuresPerAccount: Int
    var maxFailuresPerAddress: Int
    var failureWindow: Int64
    var secureCookies: Bool
    /// A hash no password matches, checked for an unknown id (no account probing by timing).
    var decoyHash: String
    /// The names of the session cookie and of the sign-in form's token cookie: the
    /// headquarters server's differ from the workshop's, so that the two on one host (cookies
    /// do not tell ports apart) never take each other's.
    var cookies: (session: String, form: String) = ("hangar_session", "hangar_signin")
    /// Tokens already found valid, for the writes that check them again (workshop servers).
    var tokenMemo: TokenMemo? = nil
}

/// A workshop's own staff, in its file (SQLite, off the event loop).
struct StoreAccounts: AccountBook {
    let store: HangarStore

    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    func staff(forTokenHash hash: String) async throws -> Staff? { try await blocking { [store] in try store.staff(forTokenHash: hash) } }
    func session(idHash: String) async throws -> SessionRecord? { try await blocking { [store] in try store.session(idHash: idHash) } }
    func touchSession(idHash: String, at: Timestamp) async throws { try await blocking { [store] in try store.touchSession(idHash: idHash, at: at) } }
    func deleteSession(idHash: String) async throws { try await blocking { [store] in try store.deleteSession(idHash: idHash) } }
    func createSession(idHash: String, staffID: String, csrfToken: String, at: Timestamp, seenBefore: Timestamp, createdBefore: Timestamp) async throws {
        try await blocking { [store] in
            try store.createSession(idHash: idHash, staffID: staffID, csrfToken: csrfToken, at: at,
                                    endingSessionsSeenBefore: seenBefore, createdBefore: createdBefore)
        }
    }
    func member(_ id: String) async throws -> (staff: Staff, passwordHash: String?)? {
        try await blocking { [store] () -> (staff: Staff, passwordHash: String?)? in
            guard let staff = try store.staff(id) else { return nil }
            return (staff, try store.passwordHash(for: id))
        }
    }
    func reserveLoginAttempt(keys: [(key: String, limit: Int)], at: Timestamp, since: Timestamp) async throws -> [Int64]? {
        let pairs = keys.map { ($0.key, $0.limit) }
        return try await blocking { [store] in try store.reserveLoginAttempt(keys: pairs.map { (key: $0.0, limit: $0.1) }, at: at, since: since) }
    }
    func forgiveLoginAttempt(rows: [Int64], clearing key: String) async throws {
        try await blocking { [store] in try store.forgiveLoginAttempt(rows: rows, clearing: key) }
    }
}

/// Headquarters' accounts, in the HQ store; failed attempts are counted in memory (the
/// server that checks them is the only one that needs them).
struct HQAccounts: AccountBook {
    let store: HQStore
    let attempts = LoginAttempts()

    func staff(forTokenHash hash: String) async throws -> Staff? { try await store.staff(forTokenHash: hash) }
    func session(idHash: String) async throws -> SessionRecord? { try await store.session(idHash: idHash) }
    func touchSession(idHash: String, at: Timestamp) async throws { try await store.touchSession(idHash: idHash, at: at) }
    func deleteSession(idHash: String) async throws { try await store.deleteSession(idHash: idHash) }
    func createSession(idHash: String, staffID: String, csrfToken: String, at: Timestamp, seenBefore: Timestamp, createdBefore: Timestamp) async throws {
        try await store.createSession(idHash: idHash, staffID: staffID, csrfToken: csrfToken, at: at,
                                      endingSessionsSeenBefore: seenBefore, createdBefore: createdBefore)
    }
    func member(_ id: String) async throws -> (staff: Staff, passwordHash: String?)? { try await store.member(id) }
    func reserveLoginAttempt(keys: [(key: String, limit: Int)], at: Timestamp, since: Timestamp) async throws -> [Int64]? {
        await attempts.reserve(keys.map { ($0.key, $0.limit) }, at: at, since: since)
    }
    func forgiveLoginAttempt(rows: [Int64], clearing key: String) async throws { await attempts.forgive(rows, clearing: key) }
}

/// Failed sign-in attempts by key (account or address), judged one at a time.
actor LoginAttempts {
    private var next: Int64 = 1
    private var byKey: [String: [(id: Int64, at: Int64)]] = [:]

    func reserve(_ keys: [(String, Int)], at: Timestamp, since: Timestamp) -> [Int64]? {
        for key in byKey.keys { byKey[key]!.removeAll { $0.at < since.milliseconds } }
        byKey = byKey.filter { !$0.value.isEmpty }
        for (key, limit) in keys where (byKey[key]?.count ?? 0) >= limit { return nil }
        var ids: [Int64] = []
        for (key, _) in keys {
            byKey[key, default: []].append((next, at.milliseconds))
            ids.append(next)
            next += 1
        }
        return ids
    }

    func forgive(_ ids: [Int64], clearing key: String) {
        let taken = Set(ids)
        for k in byKey.keys { byKey[k]!.removeAll { taken.contains($0.id) } }
        byKey[key] = nil
    }
}
