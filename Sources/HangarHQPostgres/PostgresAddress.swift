import Foundation
import HangarCore
import NIOCore
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL headquarters is: `postgres://user[:password]@host[:port]/db[?sslmode=…]`
/// (DESIGN §14), `$PGPASSWORD` when the URL holds no password. The password is never shown.
struct PostgresAddress: Sendable {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    var sslMode: String

    static let sslModes = ["disable", "prefer", "require", "verify-full"]

    init(_ url: String, environment: [String: String]) throws {
        func bad(_ why: String) -> HangarError {
            HangarError.invalidValue(field: "--hq", value: Self.withoutPassword(url), allowed: why)
        }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw bad("postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require|verify-full], or a file path")
        }
        guard let host = parts.host, !host.isEmpty else { throw bad("a host after postgres://user@ (postgres://user@host/database)") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw bad("a database name after the host (postgres://user@host/database)") }
        guard let user = parts.user ?? environment["PGUSER"], !user.isEmpty else {
            throw bad("a user before the host (postgres://user@host/database) or $PGUSER")
        }
        var sslMode = "disable"
        for item in parts.queryItems ?? [] {
            guard item.name == "sslmode" else { throw bad("only sslmode as a URL option (?sslmode=disable|prefer|require|verify-full)") }
            guard let value = item.value, Self.sslModes.contains(value) else {
                throw bad("sslmode is one of disable, prefer, require, verify-full")
            }
            sslMode = value
        }
        self.user = user
        self.password = parts.password ?? environment["PGPASSWORD"]
        self.host = host
        self.port = parts.port ?? 5432
        self.database = database
        self.sslMode = sslMode
        guard (1...65535).contains(port) else { throw bad("a port from 1 to 65535") }
    }

    /// The URL as people may see it: user, host, port and database, never the password.
    var shown: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func withoutPassword(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = nil
        return parts.string ?? "postgres://…"
    }

    func tls() throws -> PostgresConnection.Configuration.TLS {
        guard sslMode != "disable" else { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if sslMode != "verify-full" { configuration.certificateVerification = .none }
        let context = try NIOSSLContext(configuration: configuration)
        return sslMode == "prefer" ? .prefer(context) : .require(context)
    }

    /// Why the connection failed, in a sentence that names the place and never the password.
    func refusal(_ error: any Error) -> HangarError {
        if let error = error as? PSQLError {
            switch error.serverInfo?[.sqlState] {
            case "28P01", "28000":
                return .storage("the headquarters database at \(shown) refused the sign-in of \(user) (check the password in the URL or $PGPASSWORD)")
            case "3D000":
                return .storage("there is no database \(database) at \(host):\(port) (create it first, then: hangar hq init --hq URL)")
            default:
                if error.code == .server { return .storage("the headquarters database at \(shown) refused the connection: \(Self.describe(error))") }
            }
            if error.code == .authMechanismRequiresPassword {
                return .storage("the headquarters database at \(shown) asks for a password (put it in the URL or $PGPASSWORD)")
            }
        }
        return .storage("cannot reach the headquarters database at \(host):\(port) (is PostgreSQL running there?)")
    }

    /// A PostgreSQL error's own message (the server's words), without the query it came from.
    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (\($0))" } ?? ""
            return message + state
        }
        return "\(error.code)"
    }
}
