import HangarTestSupport
import Foundation
import HangarAccess
import HangarCore
import HangarStore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// A clock the tests move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp
    init(_ start: Timestamp) { current = start }
    var now: Timestamp { lock.lock(); defer { lock.unlock() }; return current }
    func advance(minutes: Int64) { lock.lock(); current = current.adding(minutes: minutes); lock.unlock() }
}

/// A workshop in a temporary file with one staff member per role, each with a password
/// and an API token, one unit and one model.
struct ServerFixture {
    static let roles: [Role] = Role.allCases
    let path: String
    let store: HangarStore
    let clock: TestClock
    let env: ServerEnvironment
    var tokens: [String: String] = [:]

    static func id(_ role: Role) -> String { "\(role.rawValue)-1" }
    static func password(_ id: String) -> String { "password-of-\(id)" }

    init(maxFailuresPerAccount: Int = 5) throws {
        path = NSTemporaryDirectory() + "hangar-server-\(UUID().uuidString).sqlite"
        store = try HangarStore(path: path, create: true)
        clock = TestClock(Timestamp(milliseconds: 1_767_254_400_000))  // 2026-01-01T08:00Z
        let clock = self.clock
        env = ServerEnvironment(store: store, clock: { clock.now }, bcryptCost: 4, maxFailuresPerAccount: maxFailuresPerAccount)
        var n = 0
        func record(_ kind: EventKind, _ subject: String, by actor: String, _ set: (inout Fields) -> Void = { _ in }) throws {
            n += 1
            var data = Fields()
            set(&data)
            try store.record(EventInput(id: "setup-\(n)", kind: kind, subject: subject, occurredAt: clock.now, actor: actor, data: data), now: clock.now)
        }
        let boss = Self.id(.admin)
        try record(.staffAdd, boss, by: boss) { $0.name = "Admin One"; $0.roles = [.admin] }
        for role in Self.roles where role != .admin {
            try record(.staffAdd, Self.id(role), by: boss) { $0.name = "\(role.rawValue.capitalized) One"; $0.roles = [role] }
        }
        try record(.unitAdd, "Alpha", by: boss)
        try record(.modelAdd, "FPV-7", by: boss) {
            $0.checklist = [.check("motors"), .measure("hover_current_a", unit: "A", min: 8, max: 14)]
            $0.serviceMinutes = 600
        }
        for role in Self.roles {
            let id = Self.id(role)
            try store.setPasswordHash(try Credentials.hashPassword(Self.password(id), cost: 4), for: id, at: clock.now)
            let token = Credentials.newToken()
            try store.addToken(hash: Credentials.sha256(token), for: id, at: clock.now)
            tokens[id] = token
        }
    }

    func remove() { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }

    /// Records setup events straight through the store, as the right people.
    func setUp(_ kind: EventKind, _ subject: String, by role: Role, _ set: (inout Fields) -> Void = { _ in }) throws {
        var data = Fields()
        set(&data)
        clock.advance(minutes: 1)
        try store.record(EventInput(id: UUID().uuidString, kind: kind, subject: subject, occurredAt: clock.now, actor: Self.id(role), data: data), now: clock.now)
    }

    func eventCount() throws -> Int { try store.eventCount() }

    /// The kind and author of the latest event in the log.
    func lastEvent() throws -> (kind: String, actor: String)? {
        var last: String?
        try store.exportEvents { last = $0 }
        guard let line = last, let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return (o["event"] as? String ?? "", o["by"] as? String ?? "")
    }

    var app: some ApplicationProtocol { buildApplication(env: env) }
}

extension TestClientProtocol {
    /// JSON request with a bearer token.
    func api(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Posts the sign-in form as a browser does: the sign-in page first (its token, in a
    /// cookie and a hidden field), then the form with both.
    func signInForm(_ fields: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        let page = try await executeRequest(uri: "/signin", method: .get, headers: [:], body: nil)
        let setCookie = page.headers[.setCookie] ?? ""
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        let token = Self.csrf(in: String(buffer: page.body))
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
        headers.append(contentsOf: extra)
        return try await executeRequest(uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(token)&" + fields))
    }

    /// Signs in through the form; returns the session cookie and the CSRF token of its pages.
    func signIn(_ id: String, password: String? = nil) async throws -> (cookie: String, csrf: String) {
        let response = try await signInForm("staff=\(id)&password=\(password ?? ServerFixture.password(id))&next=%2Fairframes")
        #expect(response.status == .found, "sign-in of \(id) failed: \(response.status)")
        let setCookie = response.headers[.setCookie] ?? ""
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        let page = try await executeRequest(uri: "/airframes", method: .get, headers: [.cookie: cookie], body: nil)
        return (cookie, Self.csrf(in: String(buffer: page.body)))
    }

    static func csrf(in html: String) -> String {
        guard let range = html.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) else { return "" }
        return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    /// A form post with the session cookie.
    func form(_ uri: String, cookie: String, _ fields: String) async throws -> TestResponse {
        try await executeRequest(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: fields))
    }

    func page(_ uri: String, cookie: String?) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:], body: nil)
    }
}
