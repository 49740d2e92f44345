import Foundation
import HangarTestSupport
import Testing

/// The engines headquarters run on in these tests (DESIGN §12: the same behaviour on both).
/// SQLite always; PostgreSQL when `$HANGAR_TEST_PG` names a cluster to make databases in
/// (`scripts/test` starts a throwaway one with `scripts/postgres` and sets it).
enum HQEngineUnderTest: String, CustomStringConvertible, CaseIterable, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// The base URL of the test cluster (its `postgres` database), if any.
    static var cluster: String? { TestPostgres.cluster }

    /// The engines to run on here: PostgreSQL only where a cluster is given.
    static var available: [HQEngineUnderTest] { cluster == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A new, empty place for an HQ store: a file path in the test's folder, or a new
    /// database in the cluster (its URL).
    func newStore(in cli: CLI, _ name: String) throws -> String {
        switch self {
        case .sqlite:
            return cli.directory.appendingPathComponent("\(name).sqlite").path
        case .postgres:
            return try TestPostgres.newDatabase(name)
        }
    }

    /// The cluster's URL with another database.
    static func url(_ base: String, database: String) -> String { TestPostgres.url(base, database: database) }
}

extension CLI {
    /// Runs a program with some standard input; its exit status, standard output and error.
    static func pipe(program: String, args: [String], stdin: String = "") throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + args
        let input = Pipe(), output = Pipe()
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-pipe-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errHandle
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        return Result(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                      err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}
