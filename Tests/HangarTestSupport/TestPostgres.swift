import Foundation

/// The PostgreSQL cluster the tests may make databases in: `$HANGAR_TEST_PG`, the URL of its
/// `postgres` database (`scripts/test` starts a throwaway cluster and sets it).
public enum TestPostgres {
    public static var cluster: String? {
        guard let url = ProcessInfo.processInfo.environment["HANGAR_TEST_PG"], !url.isEmpty else { return nil }
        return url
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// A new, empty database in the cluster (made with `psql`); its URL.
    public static func newDatabase(_ name: String) throws -> String {
        guard let base = cluster else { throw Unavailable(description: "HANGAR_TEST_PG is not set") }
        let database = "hq_\(name.lowercased().filter { $0.isLetter || $0.isNumber })_\(UUID().uuidString.prefix(8).lowercased())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", base, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE \(database)"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Unavailable(description: "psql could not create \(database) (exit \(process.terminationStatus))") }
        return url(base, database: database)
    }

    /// The cluster's URL with another database.
    public static func url(_ base: String, database: String) -> String {
        guard var parts = URLComponents(string: base) else { return base }
        parts.path = "/" + database
        return parts.string ?? base
    }
}
