import Foundation
import Testing

/// Headquarters on PostgreSQL (DESIGN §12, §14): what only a server can get wrong. Each bad
/// address or sign-in is a clear `error:` that never shows the password, and nothing is made.
@Suite("headquarters on PostgreSQL: addresses and sign-in")
struct HQPostgresTests {
    /// `scripts/test` runs every HQ test on PostgreSQL too: with the slow tests on, a
    /// cluster must be given, or the engine would silently go untested.
    @Test func postgresIsUnderTestWhereScriptsTestRuns() {
        if ProcessInfo.processInfo.environment["HANGAR_SLOW_TESTS"] == "1" {
            #expect(HQEngineUnderTest.cluster != nil, "scripts/test starts a cluster and sets HANGAR_TEST_PG")
        }
    }

    @Test func badAddressesAndSignInsAreClearRefusals() throws {
        guard let base = HQEngineUnderTest.cluster else { return }
        let hq = try CLI()
        defer { hq.remove() }
        var parts = try #require(URLComponents(string: base))
        let password = try #require(parts.password)
        let store = try HQEngineUnderTest.postgres.newStore(in: hq, "signin")
        let database = String(try #require(URLComponents(string: store)).path.dropFirst())

        parts.path = "/" + database
        parts.password = "not-the-password"
        let wrong = try hq.run(["hq", "init", "--hq", parts.string!])
        #expect(wrong.status == 1 && wrong.err.hasPrefix("error: ") && wrong.err.contains("refused the sign-in of hangar"), "\(wrong.err)")
        #expect(!wrong.err.contains("not-the-password"))
        // $PGPASSWORD stands in for a URL without one.
        parts.password = nil
        let withoutPassword = parts.string!
        let asked = try hq.run(["hq", "init", "--hq", withoutPassword], env: ["PGPASSWORD": ""])
        #expect(asked.status == 1 && asked.err.hasPrefix("error: "), "\(asked.err)")
        let fromEnvironment = try hq.run(["hq", "init", "--hq", withoutPassword], env: ["PGPASSWORD": password])
        #expect(fromEnvironment.status == 0 && fromEnvironment.out.contains("is ready") && !fromEnvironment.out.contains(password), "\(fromEnvironment.err)")

        // Not a headquarters database yet: status refuses it, init makes it one.
        let other = try HQEngineUnderTest.postgres.newStore(in: hq, "plain")
        let plain = try hq.run(["hq", "status", "--hq", other])
        #expect(plain.status == 1 && plain.err.contains("is not a headquarters store (create one with: hangar hq init"), "\(plain.err)")
        #expect(!plain.err.contains(password))

        let missing = try hq.run(["hq", "status", "--hq", HQEngineUnderTest.url(base, database: "no_such_hq")])
        #expect(missing.status == 1 && missing.err.contains("there is no database no_such_hq"), "\(missing.err)")
        let port = try #require(parts.port)
        for (url, says) in [
            ("postgres://hangar@127.0.0.1:1/hq", "cannot reach the headquarters database at 127.0.0.1:1"),
            ("postgres://hangar@127.0.0.1:\(port)/", "a database name after the host"),
            ("postgres:///hq", "a host after postgres://"),
            ("postgres://hangar@127.0.0.1:\(port)/hq?sslmode=sometimes", "sslmode is one of disable, prefer, require, verify-full"),
            ("postgres://hangar@127.0.0.1:\(port)/hq?timeout=5", "only sslmode as a URL option"),
        ] {
            let r = try hq.run(["hq", "status", "--hq", url], env: ["PGUSER": "hangar"])
            #expect(r.status == 1 && r.err.hasPrefix("error: ") && r.err.contains(says), "\(url): \(r.err)")
        }
        // The cluster is plain TCP: asking for TLS is refused, not silently downgraded.
        var tls = try #require(URLComponents(string: store))
        tls.queryItems = [URLQueryItem(name: "sslmode", value: "require")]
        let required = try hq.run(["hq", "status", "--hq", tls.string!])
        #expect(required.status == 1 && required.err.hasPrefix("error: ") && !required.err.contains(password), "\(required.err)")
    }

    /// Texts that need escaping on their way into PostgreSQL (`COPY`'s backslash, tab and
    /// newline; quotes; other scripts) come back as they went in, on both engines alike.
    @Test func awkwardTextsComeBackAsTheyWentIn() throws {
        guard HQEngineUnderTest.cluster != nil else { return }
        let hq = try CLI()
        defer { hq.remove() }
        let fields: [String: Any] = [
            "at": "2026-01-01T08:00:00Z", "by": "boss", "event": "unit_add", "format": 2, "hash": String(repeating: "a", count: 64),
            "id": "Ш\\e\\\\b\tc'", "name": "Взвод \u{9}№1 \"Ақ\" \\N\r\n", "subject": #"U\n1"#, "workshop": "KZ-T", "workshop_seq": 1,
        ]
        let line = String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        #expect(line.contains(#"\t"#) && line.contains(#"\\"#))
        let file = hq.directory.appendingPathComponent("t.ndjson")
        try (line + "\n").write(to: file, atomically: true, encoding: .utf8)
        var answers: [String] = []
        for engine in HQEngineUnderTest.allCases {
            let store = try engine.newStore(in: hq, "awkward")
            try hq.ok(["hq", "init", "--hq", store])
            let r = try hq.run(["hq", "merge", file.path, "--hq", store])
            #expect(r.out.contains("1 new"), "\(engine): \(r.out) \(r.err)")
            answers.append(try hq.ok(["hq", "conflicts", "--json", "--hq", store]).out + (try hq.ok(["hq", "status", "--json", "--hq", store]).out))
            let again = try hq.run(["hq", "merge", file.path, "--hq", store])
            #expect(again.out.contains("0 new, 1 already held"), "\(engine): the text held equals the text merged: \(again.out)")
        }
        #expect(answers.count == 2 && answers[0] == answers[1])
        #expect(answers[0].contains(#""chain_verified" : false"#), "the hash is made up")
    }
}
