import Foundation
import Testing

/// DESIGN §12, §14 on the workshop's side: the code set once, and format-2 exports that
/// carry it, each line's sequence number and the export's hash chain; import keeps one
/// workshop's lines to its own file.
@Suite("workshop code and format-2 exports")
struct WorkshopCodeTests {
    @Test func theCodeIsSetOnceUpperCased() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["workshop", "set", "--name", "Test Workshop", "--code", "kz-36aab-w1"], as: "boss")
        #expect(try cli.ok(["workshop", "show"]).out.contains("code      KZ-36AAB-W1"))
        #expect(try cli.ok(["workshop", "show", "--json"]).out.contains(#""code" : "KZ-36AAB-W1""#))
        try cli.ok(["workshop", "set", "--code", "KZ-36AAB-W1"], as: "boss")  // the same again is accepted
        let before = try cli.ok(["export"]).out
        let changed = try cli.run(["workshop", "set", "--code", "KZ-OTHER"], as: "boss")
        #expect(changed.status == 1 && changed.err.contains("code is KZ-36AAB-W1 and is never changed"), "\(changed.err)")
        for bad in ["X", "KZ_36", "KZ-36AAB-W1-TOO-LONG", "КЗ-1"] {
            let refused = try cli.run(["workshop", "set", "--code", bad], as: "boss")
            #expect(refused.status == 1 && refused.err.contains("a workshop code is 2-16 characters"), "\(bad): \(refused.err)")
        }
        #expect(try cli.ok(["export"]).out == before, "refusals wrote nothing")
        #expect(try cli.ok(["verify"]).out.contains("verify: all checks passed"))
    }

    /// Every line: format 2 and a hash; once the code is set, the code and the line's sequence
    /// number on every line, earlier ones too. The chain is checked here by Python's own
    /// SHA-256 and JSON (sorted keys, no spaces: RFC 8785 for these values).
    @Test func exportsCarryTheCodeAndAHashChain() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["airframe", "register", "AF-0001", "--model", "FPV-7"], as: "tech")
        let uncoded = try cli.ok(["export"]).out.split(separator: "\n").map(String.init)
        #expect(uncoded.allSatisfy { $0.contains(#""format":2"#) && $0.contains(#""hash":""#) && !$0.contains(#""workshop""#) })
        try cli.ok(["workshop", "set", "--name", "Test Workshop", "--code", "KZ-T1"], as: "boss")
        try cli.ok(["airframe", "assembled", "AF-0001"], as: "tech")
        let export = try cli.ok(["export"]).out
        let lines = export.split(separator: "\n").map(String.init)
        #expect(lines.count == uncoded.count + 2)
        #expect(Array(lines.prefix(uncoded.count)).map { Self.hash($0) } == uncoded.map { Self.hash($0) },
                "a code set later does not change earlier lines' hashes")
        let check = try Self.python(#"""
            import hashlib, json, sys
            prev = "0" * 64
            for n, line in enumerate(sys.stdin.read().splitlines(), 1):
                obj = json.loads(line)
                assert obj["format"] == 2 and obj["workshop"] == "KZ-T1" and obj["workshop_seq"] == n, line
                stamp = obj.pop("hash")
                for k in ("workshop", "workshop_seq", "format"): obj.pop(k)
                text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                prev = hashlib.sha256((prev + text).encode()).hexdigest()
                assert prev == stamp, (n, prev, stamp)
            print("chain ok", n)
            """#, stdin: export)
        #expect(check == "chain ok \(lines.count)")
        // The export reads back into a new file as the same log: its export is the same, byte for byte.
        let copy = cli.directory.appendingPathComponent("copy.sqlite").path
        let file = cli.directory.appendingPathComponent("export.ndjson")
        try export.write(to: file, atomically: true, encoding: .utf8)
        try cli.ok(["import", file.path, "--db", copy])
        #expect(try cli.ok(["export", "--db", copy]).out == export)
        #expect(try cli.ok(["workshop", "show", "--db", copy]).out.contains("KZ-T1"))
    }

    @Test func importKeepsOneWorkshopsLinesToItsFile() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["workshop", "set", "--name", "Workshop A", "--code", "KZ-A"], as: "boss")
        let lines = try cli.ok(["export"]).out.split(separator: "\n").map(String.init)
        let before = try cli.ok(["export"]).out
        func importing(_ text: String) throws -> CLI.Result {
            let file = cli.directory.appendingPathComponent("in-\(UUID().uuidString).ndjson")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return try cli.run(["import", file.path])
        }
        // Another workshop's line.
        let other = lines[0].replacingOccurrences(of: #""workshop":"KZ-A""#, with: #""workshop":"KZ-B""#)
        var r = try importing(other + "\n")
        #expect(r.status == 1 && r.err.contains("this workshop is KZ-A") && r.err.contains("hangar hq merge"), "\(r.err)")
        // Two workshops in one file (the second line names another).
        let fresh = try CLI()
        defer { fresh.remove() }
        let twoFile = fresh.directory.appendingPathComponent("two.ndjson")
        try (lines[0] + "\n" + lines[1].replacingOccurrences(of: #""workshop":"KZ-A""#, with: #""workshop":"KZ-B""#) + "\n")
            .write(to: twoFile, atomically: true, encoding: .utf8)
        r = try fresh.run(["import", twoFile.path])
        #expect(r.status == 1 && r.err.contains("line 2") && r.err.contains("this file is KZ-A's"), "\(r.err)")
        // A newer format, a format-1 line with a stamp, a malformed hash.
        let newer = lines[0].replacingOccurrences(of: #""format":2"#, with: #""format":3"#)
        r = try importing(newer + "\n")
        #expect(r.status == 1 && r.err.contains("reads formats 1 and 2"), "\(r.err)")
        let stampedOne = lines[0].replacingOccurrences(of: #""format":2,"#, with: "")
        r = try importing(stampedOne + "\n")
        #expect(r.status == 1 && r.err.contains(#"come with "format": 2"#), "\(r.err)")
        let badHash = lines[0].replacingOccurrences(of: #""hash":""#, with: #""hash":"XY"#)
        r = try importing(badHash + "\n")
        #expect(r.status == 1 && r.err.contains("64 lowercase hex"), "\(r.err)")
        #expect(try cli.ok(["export"]).out == before, "nothing written")
        // Its own lines are skipped as already there; a format-1 line (no stamp) is accepted.
        r = try importing(lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0 && r.out.contains("skipped \(lines.count) already present"), "\(r.err)")
    }

    static func hash(_ line: String) -> String {
        line.firstMatch(of: /"hash":"([0-9a-f]{64})"/).map { String($0.1) } ?? ""
    }

    static func python(_ script: String, stdin: String) throws -> String {
        try CLI.pipe(program: "python3", args: ["-c", script], stdin: stdin).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
