import Foundation
import Testing

/// `hangar hq staff` and `hangar serve --hq` from the command line, on both engines: the
/// headquarters' own accounts, refusals that name what is allowed, and a running server that
/// answers a token of its own and nobody else's.
@Suite("headquarters: accounts and the national dashboard")
struct HQStaffTests {
    @Test(arguments: HQEngineUnderTest.available) func accountsAreMadeCheckedAndRevoked(engine: HQEngineUnderTest) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let store = try engine.newStore(in: cli, "staff")
        try cli.ok(["hq", "init", "--hq", store])
        let added = try cli.ok(["hq", "staff", "add", "c.hq", "--name", "Серік Беков", "--hq", store])
        #expect(added.out.contains("hangar hq staff password c.hq"))
        let again = try cli.run(["hq", "staff", "add", "c.hq", "--name", "Someone Else", "--hq", store])
        #expect(again.status != 0)
        #expect(again.err.hasPrefix("error:") && again.err.contains("not yet taken"))
        let badID = try cli.run(["hq", "staff", "add", "c hq!", "--name", "X", "--hq", store])
        #expect(badID.status != 0 && badID.err.hasPrefix("error:"))

        func list() throws -> [[String: Any]] {
            try #require(try JSONSerialization.jsonObject(with: Data(try cli.ok(["hq", "staff", "list", "--json", "--hq", store]).out.utf8)) as? [[String: Any]])
        }
        #expect(try list().map { $0["password"] as? Bool } == [false])
        // A short password is refused and nothing is set.
        let short = try cli.run(["hq", "staff", "password", "c.hq", "--hq", store], stdin: "short\n")
        #expect(short.status != 0 && short.err.contains("password"))
        #expect(try list().map { $0["password"] as? Bool } == [false])
        try cli.run(["hq", "staff", "password", "c.hq", "--hq", store], stdin: "a long enough password\n").expectSuccess()
        #expect(try list().map { $0["password"] as? Bool } == [true])
        let unknown = try cli.run(["hq", "staff", "password", "nobody", "--hq", store], stdin: "a long enough password\n")
        #expect(unknown.status != 0 && unknown.err.contains("nobody"))

        let token = try cli.ok(["hq", "staff", "token", "c.hq", "--hq", store]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("hgr_") && token.count == 68)
        #expect(try list().map { $0["tokens"] as? Int } == [1])
        #expect(try cli.ok(["hq", "staff", "token", "c.hq", "--revoke", "--hq", store]).out.contains("1"))
        #expect(try list().map { $0["tokens"] as? Int } == [0])

        // A workshop's file is not a headquarters store.
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        let workshop = try cli.run(["hq", "staff", "add", "c.hq", "--name", "X", "--hq", cli.db])
        #expect(workshop.status != 0 && workshop.err.contains("workshop"))
    }

    /// The built binary serves the national dashboard: health, the API with the HQ's own
    /// token, and 401 for a token it never issued.
    @Test func theBinaryServesTheNationalDashboard() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let store = cli.directory.appendingPathComponent("hq.sqlite").path
        let w = try HQTests.workshop("KZ-E2E", maxCurrent: 14, serials: ["AF-1"])
        defer { w.remove() }
        let export = try HQTests.write(try w.ok(["export"]).out, in: cli, "w.ndjson")
        try cli.ok(["hq", "init", "--hq", store])
        try cli.ok(["hq", "merge", export, "--hq", store])
        try cli.ok(["hq", "staff", "add", "c.hq", "--name", "Commander", "--hq", store])
        let token = try cli.ok(["hq", "staff", "token", "c.hq", "--hq", store]).out.trimmingCharacters(in: .whitespacesAndNewlines)

        let port = 20_000 + Int.random(in: 0..<20_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLI.binary)
        server.arguments = ["serve", "--hq", store, "--port", String(port)]
        // Its replays kept in the test's folder, not the user's cache.
        var environment = ProcessInfo.processInfo.environment
        environment["HANGAR_HQ_CACHE"] = cli.directory.appendingPathComponent("hq-cache").path
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }

        /// GET with an optional token: the status and body (python's urllib, as a client would).
        func get(_ path: String, token: String?) throws -> (status: Int, body: String) {
            let script = """
                import sys, urllib.request, urllib.error
                r = urllib.request.Request(sys.argv[1])
                if len(sys.argv) > 2: r.add_header("Authorization", "Bearer " + sys.argv[2])
                try:
                    with urllib.request.urlopen(r, timeout=30) as f: print(f.status); print(f.read().decode())
                except urllib.error.HTTPError as e: print(e.code); print(e.read().decode())
                except Exception as e: print(0); print(e)
                """
            let r = try CLI.pipe(program: "python3", args: ["-c", script, "http://127.0.0.1:\(port)\(path)"] + (token.map { [$0] } ?? []))
            let lines = r.out.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return (Int(lines.first ?? "") ?? -1, lines.count > 1 ? String(lines[1]) : "")
        }
        var health = (status: 0, body: "")
        for _ in 0..<300 where health.status != 200 {
            health = try get("/healthz", token: nil)
            if health.status != 200 { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(health.status == 200 && health.body.hasPrefix("ok"))
        // Before anyone asks, the server has replayed the workshop, through the cache.
        func keptInCache() -> Bool {
            let cache = cli.directory.appendingPathComponent("hq-cache")
            let stores = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
            return stores.contains { FileManager.default.fileExists(atPath: cache.appendingPathComponent($0).appendingPathComponent("KZ-E2E.json").path) }
        }
        // Up to a minute: a replay under a loaded test run can take seconds.
        for _ in 0..<600 where !keptInCache() { Thread.sleep(forTimeInterval: 0.1) }
        #expect(keptInCache(), "replayed at the start, with no request")
        let status = try get("/api/v1/status", token: token)
        #expect(status.status == 200)
        #expect(status.body.contains(#""workshop":"KZ-E2E""#))
        #expect(try get("/api/v1/status", token: "hgr_" + String(repeating: "0", count: 64)).status == 401)
        let report = try get("/api/v1/report?workshop=KZ-E2E&from=2026-01-01&to=2027-01-01&every=month", token: token)
        #expect(report.status == 200 && report.body.contains(#""registered" : 1"#))
    }
}

extension CLI.Result {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "\(err)", sourceLocation: sourceLocation)
    }
}
