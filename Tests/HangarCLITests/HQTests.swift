import Foundation
import Testing

/// DESIGN §12, §14 at headquarters, each test on both engines (an SQLite file, and PostgreSQL
/// where `$HANGAR_TEST_PG` names a cluster): three workshops with an airframe
/// serial in common, a model defined two ways, a gap and a tampered line, merged in shuffled
/// orders and twice; the conflict list worked out here by hand.
@Suite("headquarters: merge, status, conflicts")
struct HQTests {
    /// A workshop with its code, a model (its hover current limit differing by workshop) and airframes.
    static func workshop(_ code: String, maxCurrent: Int, serials: [String], motorLife: Int? = nil) throws -> CLI {
        let cli = try CLI()
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        try cli.ok(["workshop", "set", "--name", "Workshop \(code)", "--code", code], as: "boss")
        try cli.ok(["staff", "add", "tech", "--name", "Tech", "--role", "technician"], as: "boss")
        try cli.ok(["model", "add", "FPV-7", "--check", "motors", "--measure", "hover_current_a:A:8:\(maxCurrent)"], as: "boss")
        for serial in serials { try cli.ok(["airframe", "register", serial, "--model", "FPV-7"], as: "tech") }
        if let motorLife {
            try cli.ok(["part", "add", "MOTOR-2207", "--name", "Motor", "--tracking", "serial", "--kind", "component", "--life-minutes", "\(motorLife)"], as: "boss")
        }
        return cli
    }

    static func write(_ text: String, in cli: CLI, _ name: String) throws -> String {
        let url = cli.directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test(arguments: HQEngineUnderTest.available) func mergesInAnyOrderListTheSameConflicts(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: ["AF-0001", "AF-A1"], motorLife: 1500)
        let b = try Self.workshop("KZ-B", maxCurrent: 15, serials: ["AF-0001", "AF-B1"], motorLife: 1200)
        let c = try Self.workshop("KZ-C", maxCurrent: 14, serials: ["AF-C1", "AF-C2", "AF-C3", "AF-C4", "AF-C5"])
        let hq = try CLI()
        defer { [a, b, c, hq].forEach { $0.remove() } }
        let fileA = try Self.write(try a.ok(["export"]).out, in: hq, "a.ndjson")
        let fileB = try Self.write(try b.ok(["export"]).out, in: hq, "b.ndjson")
        // C's export loses line 8 (a gap) and has line 6's subject changed without its hash (a broken chain).
        var linesC = try c.ok(["export"]).out.split(separator: "\n").map(String.init)
        #expect(linesC.count == 9)
        linesC[5] = linesC[5].replacingOccurrences(of: #""subject":"AF-C2""#, with: #""subject":"AF-C9""#)
        #expect(linesC[5].contains("AF-C9"))
        linesC.remove(at: 7)
        let fileC = try Self.write(linesC.joined(separator: "\n") + "\n", in: hq, "c.ndjson")

        func merged(_ store: String, _ orders: [[String]]) throws -> (conflicts: String, status: String) {
            for files in orders {
                let r = try hq.run(["hq", "merge"] + files + ["--hq", store])
                #expect(r.status == 1, "each merge lists something about its workshops: \(r.err)")
            }
            return (try hq.ok(["hq", "conflicts", "--json", "--hq", store]).out, try hq.ok(["hq", "status", "--json", "--hq", store]).out)
        }
        let one = try engine.newStore(in: hq, "one"), two = try engine.newStore(in: hq, "two")
        try hq.ok(["hq", "init", "--hq", one])
        try hq.ok(["hq", "init", "--hq", two])
        let first = try merged(one, [[fileA, fileB, fileC]])
        let second = try merged(two, [[fileC], [fileB, fileA], [fileA, fileC, fileB]])
        #expect(first.conflicts == second.conflicts && first.status == second.status, "any order, any number of times")

        let conflicts = try JSONSerialization.jsonObject(with: Data(first.conflicts.utf8)) as! [String: [[String: Any]]]
        #expect(conflicts["serial_claims"]!.map { "\($0["serial"]!) \($0["kind"]!) \($0["workshops"]!)" } == [#"AF-0001 airframe ["KZ-A", "KZ-B"]"#])
        #expect(conflicts["definition_conflicts"]!.map { "\($0["model"]!) \($0["what"]!)" } == ["FPV-7 checklist", "MOTOR-2207 part"])
        #expect(conflicts["gaps"]!.map { "\($0["workshop"]!) \($0["from"]!)-\($0["to"]!)" } == ["KZ-C 8-8"])
        #expect(conflicts["broken_chains"]!.map { "\($0["workshop"]!) \($0["seq"]!)" } == ["KZ-C 6"])
        #expect(conflicts["content"]!.isEmpty)
        let status = try JSONSerialization.jsonObject(with: Data(first.status.utf8)) as! [[String: Any]]
        #expect(status.map { "\($0["workshop"]!) \($0["events"]!) \($0["last_seq"]!) \($0["chain_verified"]!) \($0["complete"]!)" }
                == ["KZ-A 7 7 1 1", "KZ-B 7 7 1 1", "KZ-C 8 9 0 0"])

        // A second, different copy of one of A's lines: listed, the first copy kept.
        let linesA = try String(contentsOfFile: fileA, encoding: .utf8).split(separator: "\n").map(String.init)
        let altered = try Self.write(linesA[2].replacingOccurrences(of: #""name":"Tech""#, with: #""name":"Someone Else""#) + "\n", in: hq, "altered.ndjson")
        let r = try hq.run(["hq", "merge", altered, "--hq", one])
        #expect(r.status == 1 && r.out.contains("1 conflicting"), "\(r.out)")
        let content = try hq.ok(["hq", "conflicts", "--hq", one]).out
        #expect(content.contains("content:") && content.contains("two copies: KZ-A"), "\(content)")
        // Reviewing an item marks it and keeps it listed.
        try hq.ok(["hq", "conflicts", "--ack", "serial:airframe:AF-0001", "--hq", one])
        let listed = try hq.ok(["hq", "conflicts", "--json", "--hq", one]).out
        #expect(listed.contains(#""reviewed" : true"#) && listed.contains("AF-0001"))
        #expect(try hq.run(["hq", "conflicts", "--ack", "serial:airframe:NOPE", "--hq", one]).status == 1)
    }

    @Test(arguments: HQEngineUnderTest.available) func refusedFilesLandNothing(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: ["AF-1"])
        let uncoded = try CLI()
        let hq = try CLI()
        defer { [a, uncoded, hq].forEach { $0.remove() } }
        try uncoded.ok(["init", "--admin", "boss", "--name", "Boss"])
        let store = try engine.newStore(in: hq, "hq")
        try hq.ok(["hq", "init", "--hq", store])
        let env = ["HANGAR_HQ": store]
        let lines = try a.ok(["export"]).out.split(separator: "\n").map(String.init)
        let cases: [(String, String)] = [
            ("no code", try uncoded.ok(["export"]).out),
            ("format 1", lines.map { $0.replacingOccurrences(of: #""format":2,"#, with: "").replacingOccurrences(of: #","workshop":"KZ-A""#, with: "") }
                .map { $0.replacingOccurrences(of: #"\"hash\":\"[0-9a-f]{64}\","#, with: "", options: .regularExpression) }
                .map { $0.replacingOccurrences(of: #",\"workshop_seq\":[0-9]+"#, with: "", options: .regularExpression) }.joined(separator: "\n")),
            ("newer format", lines[0].replacingOccurrences(of: #""format":2"#, with: #""format":3"#)),
            ("malformed", lines[0] + "\n{not json\n"),
            ("two origins", lines[0] + "\n" + lines[1].replacingOccurrences(of: #""workshop":"KZ-A""#, with: #""workshop":"KZ-Z""#)),
        ]
        for (what, text) in cases {
            let file = try Self.write(text + "\n", in: hq, "\(what).ndjson")
            let r = try hq.run(["hq", "merge", file], env: env)
            #expect(r.status == 1 && r.err.hasPrefix("error: "), "\(what): \(r.err)")
        }
        #expect(try hq.run(["hq", "status", "--json"], env: env).out.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]",
                "nothing merged")
        // A clean merge exits 0; a second time it only finds what it holds.
        let file = try Self.write(lines.joined(separator: "\n") + "\n", in: hq, "a.ndjson")
        #expect(try hq.run(["hq", "merge", file], env: env).status == 0)
        #expect(try hq.run(["hq", "merge", file], env: env).out.contains("0 new, \(lines.count) already held"))
        // The two kinds of file stay apart; no store named is a usage error.
        #expect(try hq.run(["hq", "status", "--hq", a.db]).err.contains("is a workshop's file"))
        if engine == .sqlite {
            #expect(try hq.run(["airframe", "list", "--db", store]).err.contains("is a headquarters store"))
        }
        #expect(try hq.run(["hq", "status"], env: ["HANGAR_HQ": ""]).status == 64)
        #expect(try hq.run(["hq", "status", "--hq", "postgres://hq@127.0.0.1:1/hangar"]).err.contains("cannot reach the headquarters database at 127.0.0.1:1"))
    }

    /// `hq report --workshop X` replays X's lines through the rules: the same JSON report as
    /// X's own `hangar report` (same options, a period in the past).
    @Test(arguments: HQEngineUnderTest.available) func oneWorkshopsReportAtHeadquartersIsItsOwn(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: [])
        let hq = try CLI()
        defer { [a, hq].forEach { $0.remove() } }
        try a.ok(["staff", "add", "insp", "--name", "Insp", "--role", "inspector"], as: "boss")
        for (i, serial) in ["AF-1", "AF-2", "AF-3"].enumerated() {
            try a.ok(["airframe", "register", serial, "--model", "FPV-7", "--at", "2026-03-0\(i + 2)T08:00:00Z"], as: "tech")
            try a.ok(["airframe", "assembled", serial, "--at", "2026-03-0\(i + 2)T10:00:00Z"], as: "tech")
            try a.ok(["airframe", "qc", serial, "--check", "motors=pass", "--measure", "hover_current_a=\(10 + i * 3)",
                      "--at", "2026-03-0\(i + 2)T12:00:00Z"] + (i == 2 ? ["--defect", "HOVER_CURRENT_HIGH"] : []), as: "insp")
        }
        let store = try engine.newStore(in: hq, "hq")
        try hq.ok(["hq", "init", "--hq", store])
        let file = try Self.write(try a.ok(["export"]).out, in: hq, "a.ndjson")
        try hq.ok(["hq", "merge", file, "--hq", store])
        let options = ["--from", "2026-02-23", "--to", "2026-03-16", "--format", "json", "--target", "10"]
        let own = try a.ok(["report"] + options).out
        let atHQ = try hq.ok(["hq", "report", "--workshop", "kz-a", "--hq", store] + options).out
        #expect(own == atHQ)
        #expect(own.contains(#""delivered" : 2"#), "two first passes, one rework")
        #expect(try hq.run(["hq", "report", "--workshop", "KZ-NONE", "--hq", store]).status == 1)
        // With lines missing, the log is replayed without role or from-state checks (DESIGN
        // §14): AF-2's QC run counts though its `assembled` is gone, the inspector's lines though
        // their `staff_add` is gone; AF-3's lines cannot stand without its registration, and
        // the report says how many the rules refused.
        let gapped = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
            .map { $0.replacingOccurrences(of: #""workshop":"KZ-A""#, with: #""workshop":"KZ-G""#) }
        let dropped = [
            try #require(gapped.firstIndex { $0.contains(#""event":"assembled""#) && $0.contains(#""subject":"AF-2""#) }),
            try #require(gapped.firstIndex { $0.contains(#""event":"staff_add""#) && $0.contains(#""subject":"insp""#) }),
            try #require(gapped.firstIndex { $0.contains(#""event":"register""#) && $0.contains(#""subject":"AF-3""#) }),
        ]
        let kept = gapped.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        let gappedFile = try Self.write(kept.joined(separator: "\n") + "\n", in: hq, "g.ndjson")
        #expect(try hq.run(["hq", "merge", gappedFile, "--hq", store]).status == 1, "a gap is listed")
        let partial = try hq.run(["hq", "report", "--workshop", "KZ-G", "--hq", store] + options)
        #expect(partial.status == 0 && partial.err.contains("warning: ") && partial.err.contains("2 of \(kept.count) lines refused on replay"), "\(partial.err)")
        #expect(partial.out.contains(#""delivered" : 2"#), "AF-1 and AF-2: \(partial.out.prefix(300))")
        let status = try hq.ok(["hq", "status", "--json", "--hq", store]).out
        #expect(status.contains(#""complete" : false"#), "KZ-G's log has gaps")
    }

    /// DESIGN §14 for §11: a piece's status is judged no more than an airframe's state, and a
    /// QC run keeps the attempt its workshop computed. With the motor's installation and the
    /// first (failed) run missing from the log HQ holds, every line left stands: the motor's
    /// removal, the rework, and the second run as attempt 2.
    @Test(arguments: HQEngineUnderTest.available) func aGapBeforePartsAndRunsRefusesNoLaterLine(engine: HQEngineUnderTest) throws {
        let w = try Self.workshop("KZ-P", maxCurrent: 14, serials: [], motorLife: 600)
        let hq = try CLI()
        defer { [w, hq].forEach { $0.remove() } }
        try w.ok(["staff", "add", "insp", "--name", "Insp", "--role", "inspector"], as: "boss")
        try w.ok(["staff", "add", "store", "--name", "Store", "--role", "storekeeper"], as: "boss")
        try w.ok(["stock", "receive", "MOTOR-2207", "--qty", "2", "--serial", "M-1", "--serial", "M-2", "--at", "2026-03-02T07:00:00Z"], as: "store")
        try w.ok(["airframe", "register", "AF-1", "--model", "FPV-7", "--at", "2026-03-02T08:00:00Z"], as: "tech")
        try w.ok(["airframe", "install", "AF-1", "--part", "MOTOR-2207", "--component", "M-1", "--at", "2026-03-02T09:00:00Z"], as: "tech")
        try w.ok(["airframe", "assembled", "AF-1", "--at", "2026-03-02T10:00:00Z"], as: "tech")
        try w.ok(["airframe", "qc", "AF-1", "--check", "motors=fail", "--measure", "hover_current_a=10", "--defect", "MOTOR_NOISE",
                  "--at", "2026-03-02T11:00:00Z"], as: "insp")
        try w.ok(["airframe", "remove", "AF-1", "--part", "MOTOR-2207", "--component", "M-1", "--disposition", "quarantine",
                  "--reason", "bearing noise", "--at", "2026-03-02T11:30:00Z"], as: "tech")
        try w.ok(["airframe", "rework-done", "AF-1", "--at", "2026-03-02T12:00:00Z"], as: "tech")
        try w.ok(["airframe", "qc", "AF-1", "--check", "motors=pass", "--measure", "hover_current_a=10", "--at", "2026-03-02T13:00:00Z"], as: "insp")
        let lines = try w.ok(["export"]).out.split(separator: "\n").map(String.init)
        func index(_ event: String, _ extra: String? = nil) throws -> Int {
            try #require(lines.firstIndex { $0.contains(#""event":"\#(event)""#) && extra.map($0.contains) != false }, "\(event)")
        }
        let dropped = [try index("install"), try index("qc", #""outcome":"fail""#)]
        let kept = lines.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        let store = try engine.newStore(in: hq, "hq")
        try hq.ok(["hq", "init", "--hq", store])
        let file = try Self.write(kept.joined(separator: "\n") + "\n", in: hq, "p.ndjson")
        #expect(try hq.run(["hq", "merge", file, "--hq", store]).status == 1, "the gaps are listed")
        let report = try hq.run(["hq", "report", "--workshop", "KZ-P", "--hq", store, "--from", "2026-02-23", "--to", "2026-03-16", "--format", "json"])
        #expect(report.status == 0, "\(report.err)")
        #expect(!report.err.contains("refused on replay"), "every line HQ holds stands: \(report.err)")
        #expect(report.out.contains(#""delivered" : 1"#), "\(report.out.prefix(400))")
    }

    /// A merge is one transaction a file: killed with SIGKILL part-way, the store is as it was
    /// before that file (nothing of it), and the same file merges whole afterwards.
    @Test(arguments: HQEngineUnderTest.available) func aMergeKilledPartWayLeavesTheStoreAsBefore(engine: HQEngineUnderTest) throws {
        let hq = try CLI()
        defer { hq.remove() }
        let store = try engine.newStore(in: hq, "hq")
        try hq.ok(["hq", "init", "--hq", store])
        let a = try Self.write(#"{"at":"2026-01-01T08:00:00Z","by":"boss","event":"unit_add","format":2,"hash":"\#(String(repeating: "a", count: 64))","id":"first","subject":"U1","workshop":"KZ-K","workshop_seq":1}"# + "\n", in: hq, "first.ndjson")
        #expect(try hq.run(["hq", "merge", a, "--hq", store]).out.contains("1 new"))
        // A large file of syntactically whole lines (merge checks syntax and chains, not rules).
        var text = ""
        let count = 120_000
        text.reserveCapacity(count * 190)
        for n in 2...count {
            text += #"{"at":"2026-01-01T08:00:00Z","by":"tech","event":"register","format":2,"hash":"\#(String(repeating: "b", count: 64))","id":"id-\#(n)","model":"FPV-7","subject":"AF-\#(n)","workshop":"KZ-K","workshop_seq":\#(n)}"# + "\n"
        }
        let big = try Self.write(text, in: hq, "big.ndjson")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["hq", "merge", big, "--hq", store]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        let killed = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killed, "the merge was still running when it was killed")
        let status = try hq.ok(["hq", "status", "--json", "--hq", store]).out
        #expect(status.contains(#""events" : 1"#), "only the first file's line: \(status)")
        let r = try hq.run(["hq", "merge", big, "--hq", store])
        #expect(r.out.contains("\(count - 1) new"), "\(r.out) \(r.err)")
        #expect(try hq.ok(["hq", "status", "--json", "--hq", store]).out.contains(#""events" : \#(count)"#))
    }

    /// The national report (DESIGN §12, §14) against values worked out by hand: two workshops
    /// both build an AF-1 under an FPV-7 whose hover-current limit differs (14 A at A, 15 A at
    /// B). B's AF-1 measures 14.5 A: it passes by B's own checklist, which is the one that
    /// judges it. Each workshop's part of the report equals its own report.
    @Test(arguments: HQEngineUnderTest.available) func theNationalReportSumsWorkshopsJudgedByTheirOwnLogs(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: [])
        let b = try Self.workshop("KZ-B", maxCurrent: 15, serials: [])
        let hq = try CLI()
        defer { [a, b, hq].forEach { $0.remove() } }
        for w in [a, b] {
            try w.ok(["staff", "add", "insp", "--name", "Insp", "--role", "inspector"], as: "boss")
            try w.ok(["unit", "add", "1st platoon", "--at", "2026-03-02T07:00:00Z"], as: "boss")
        }
        func build(_ w: CLI, _ serial: String, day: Int, currents: [String]) throws {
            try w.ok(["airframe", "register", serial, "--model", "FPV-7", "--at", "2026-03-0\(day)T08:00:00Z"], as: "tech")
            try w.ok(["airframe", "assembled", serial, "--at", "2026-03-0\(day)T10:00:00Z"], as: "tech")
            for (n, current) in currents.enumerated() {
                let failing = n < currents.count - 1
                try w.ok(["airframe", "qc", serial, "--check", "motors=pass", "--measure", "hover_current_a=\(current)",
                          "--at", "2026-03-0\(day)T1\(2 + 2 * n):00:00Z"] + (failing ? ["--defect", "HOVER_CURRENT_HIGH"] : []), as: "insp")
                if failing { try w.ok(["airframe", "rework-done", serial, "--at", "2026-03-0\(day)T1\(3 + 2 * n):00:00Z"], as: "tech") }
            }
        }
        try build(a, "AF-1", day: 2, currents: ["12"])
        try build(a, "AF-2", day: 3, currents: ["14.8", "13"])
        try a.ok(["airframe", "issue", "AF-1", "--unit", "1st platoon", "--at", "2026-03-05T08:00:00Z"], as: "boss")
        try build(b, "AF-1", day: 4, currents: ["14.5"])
        let store = try engine.newStore(in: hq, "national")
        try hq.ok(["hq", "init", "--hq", store])
        for (w, name) in [(a, "a"), (b, "b")] {
            let file = try Self.write(try w.ok(["export"]).out, in: hq, "\(name).ndjson")
            let merged = try hq.run(["hq", "merge", file, "--hq", store])
            #expect(merged.status == (name == "a" ? 0 : 1) && merged.out.contains("new"), "B's AF-1 is a second claim, its FPV-7 another definition: \(merged.err)")
        }
        let options = ["--from", "2026-02-23", "--to", "2026-03-16", "--format", "json"]
        let text = try hq.ok(["hq", "report", "--hq", store] + options).out
        let report = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        let build = try #require(totals["build"] as? [String: Any]), test = try #require(totals["test"] as? [String: Any])
        #expect(build["registered"] as? Int == 3 && build["delivered"] as? Int == 3 && build["issued"] as? Int == 1)
        #expect(test["qc_runs"] as? Int == 4 && test["qc_passed"] as? Int == 3 && test["qc_failed"] as? Int == 1)
        // First runs: A's AF-1 passed, A's AF-2 failed, B's AF-1 passed (by B's 15 A limit).
        #expect(abs((test["first_pass_yield"] as? Double ?? 0) - 2.0 / 3.0) < 1e-9)
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        let units = try #require(snapshot["units"] as? [[String: Any]])
        #expect(units.map { "\($0["unit"]!) \($0["held"]!)" } == ["KZ-A/1st platoon 1", "KZ-B/1st platoon 0"], "units stay per workshop")
        // Each workshop's part is its own report's buckets, totals and snapshot.
        let byWorkshop = try #require(report["by_workshop"] as? [String: [String: Any]])
        #expect(byWorkshop.keys.sorted() == ["KZ-A", "KZ-B"])
        for (code, w) in [("KZ-A", a), ("KZ-B", b)] {
            let own = try #require(try JSONSerialization.jsonObject(with: Data(try w.ok(["report"] + options).out.utf8)) as? [String: Any])
            for key in ["buckets", "totals", "snapshot"] {
                let mine = try JSONSerialization.data(withJSONObject: own[key]!, options: [.sortedKeys])
                let atHQ = try JSONSerialization.data(withJSONObject: byWorkshop[code]![key]!, options: [.sortedKeys])
                #expect(mine == atHQ, "\(code) \(key)")
            }
        }
        let standards = try #require(report["standards"] as? [String: [String: Any]])
        let fpv = try #require(standards["FPV-7"])
        #expect(fpv["uniform"] as? Bool == false, "the checklists differ")
        let users = try #require(fpv["workshops"] as? [[String: Any]])
        #expect(users.map { "\($0["workshop"]!) v\($0["checklist_version"]!) \($0["airframes"]!)" } == ["KZ-A v1 2", "KZ-B v1 1"])
        let workshops = try #require(report["workshops"] as? [[String: Any]])
        #expect(workshops.map { "\($0["workshop"]!) \($0["complete"]!)" } == ["KZ-A 1", "KZ-B 1"])
        // In the terminal: the national report, then a line per workshop (A: 1 of 2 first runs passed).
        let terminal = try hq.ok(["hq", "report", "--hq", store, "--from", "2026-02-23", "--to", "2026-03-16"]).out
        let rows = terminal.split(separator: "\n").filter { $0.hasPrefix("KZ-") }.map { $0.split(separator: " ").joined(separator: " ") }
        #expect(terminal.contains("By workshop") && rows == ["KZ-A 2 50% 100% yes", "KZ-B 1 100% 100% yes"], "\(rows)")
        // Another zone moves the buckets' edges; a bad one is refused.
        let almaty = try #require(try JSONSerialization.jsonObject(with: Data(try hq.ok(["hq", "report", "--hq", store, "--timezone", "Asia/Almaty"] + options).out.utf8)) as? [String: Any])
        #expect((almaty["period"] as? [String: Any])?["timezone"] as? String == "Asia/Almaty")
        #expect((report["period"] as? [String: Any])?["timezone"] as? String == "UTC" || (report["period"] as? [String: Any])?["timezone"] == nil
                || (report["period"] as? [String: Any])?["timezone"] is NSNull, "UTC by default")
        let bad = try hq.run(["hq", "report", "--hq", store, "--timezone", "Mars/Olympus"] + options)
        #expect(bad.status == 1 && bad.err.contains("--timezone") && bad.err.contains("IANA"), "\(bad.err)")
        #expect(try hq.run(["hq", "report", "--hq", store, "--workshop", "KZ-A", "--timezone", "UTC"]).status == 64)
    }

    /// Two generated workshops with parts (the demo's generator, two seeds: the same serials,
    /// catalogue and models in both) at headquarters. In the workshops' own zone, each one's
    /// part of the national report is its own report, and the national counts, hours and
    /// lists are the sums of the two, worked out here from the two own reports.
    @Test(arguments: HQEngineUnderTest.available) func theNationalReportIsTheSumOfTheWorkshopsOwn(engine: HQEngineUnderTest) throws {
        let hq = try CLI()
        defer { hq.remove() }
        let store = try engine.newStore(in: hq, "sums")
        try hq.ok(["hq", "init", "--hq", store])
        let options = ["--from", "2026-06-29", "--to", "2026-10-05", "--format", "json"]
        var own: [[String: Any]] = []
        for (n, code) in ["KZ-S1", "KZ-S2"].enumerated() {
            let log = hq.directory.appendingPathComponent("\(code).ndjson").path
            let made = try CLI.pipe(program: "python3", args: [CLI.fixtures.deletingLastPathComponent().appendingPathComponent("scripts/make-seeds").path,
                                                               log, "--airframes", "60", "--weeks", "14", "--seed", "\(90 + n)"])
            #expect(made.status == 0, "\(made.err)")
            let w = try CLI()
            defer { w.remove() }
            try w.ok(["import", log])
            try w.ok(["workshop", "set", "--code", code], as: "a.nurlanova")
            let file = try Self.write(try w.ok(["export"]).out, in: hq, "\(code)-export.ndjson")
            _ = try hq.run(["hq", "merge", file, "--hq", store])
            own.append(try #require(try JSONSerialization.jsonObject(with: Data(try w.ok(["report"] + options).out.utf8)) as? [String: Any]))
        }
        let zone = try #require(((own[0]["period"] as? [String: Any])?["timezone"] as? String), "the demo workshop has a zone")
        let text = try hq.ok(["hq", "report", "--hq", store, "--timezone", zone] + options).out
        let national = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let byWorkshop = try #require(national["by_workshop"] as? [String: [String: Any]])
        for (code, report) in zip(["KZ-S1", "KZ-S2"], own) {
            for key in ["buckets", "totals", "snapshot"] {
                #expect(try JSONSerialization.data(withJSONObject: report[key]!, options: [.sortedKeys])
                        == JSONSerialization.data(withJSONObject: byWorkshop[code]![key]!, options: [.sortedKeys]), "\(code) \(key)")
            }
        }
        func value(_ r: [String: Any], _ path: String) -> Double {
            var node: Any? = r
            for key in path.split(separator: ".") { node = (node as? [String: Any])?[String(key)] }
            return (node as? NSNumber)?.doubleValue ?? .nan
        }
        for path in ["totals.build.registered", "totals.build.delivered", "totals.test.qc_runs", "totals.test.qc_passed", "totals.train.enrolled",
                     "totals.train.qualified", "totals.maintain.maintenance_closed", "totals.maintain.maintenance_opened.damage", "totals.fleet.losses", "totals.fleet.fleet_size", "totals.fleet.available",
                     "totals.compliance.flights_while_due", "totals.supply.nmcm_hours", "totals.supply.nmcs_hours"] {
            let sum = value(own[0], path) + value(own[1], path)
            #expect(sum > 0 || path.contains("losses") || path.contains("compliance"), "\(path) is exercised")
            #expect(abs(value(national, path) - sum) < 1e-6, "\(path): \(value(national, path)) vs \(sum)")
        }
        // Ratios are worked out from the pooled counts, not averaged.
        let available = value(own[0], "totals.fleet.available") + value(own[1], "totals.fleet.available")
        let fleet = value(own[0], "totals.fleet.fleet_size") + value(own[1], "totals.fleet.fleet_size")
        #expect(abs(value(national, "totals.fleet.availability") - available / fleet) < 1e-9)
        #expect(value(national, "workshop.capacity_per_year") == value(own[0], "workshop.capacity_per_year") + value(own[1], "workshop.capacity_per_year"),
                "capacity: the sum in force at --to")
        let lists = ["life_limited_due", "low_stock", "batteries_worn"]
        for list in lists {
            let counts = own.map { (($0["snapshot"] as? [String: Any])?[list] as? [Any])?.count ?? -1 }
            let rows = try #require((national["snapshot"] as? [String: Any])?[list] as? [[String: Any]])
            #expect(rows.count == counts[0] + counts[1], "\(list)")
            #expect(rows.allSatisfy { ($0["serial"] as? String ?? $0["part"] as? String ?? "").hasPrefix("KZ-S") }, "\(list) rows carry their workshop")
        }
        let content = try #require(((national["totals"] as? [String: Any])?["supply"] as? [String: Any])?["local_content"] as? [String: Any])
        let shares = [0, 1].map { ((own[$0]["totals"] as? [String: Any])?["supply"] as? [String: Any])?["local_content"] as? [String: Any] }
        let countShare = try #require(content["count_share"] as? Double)
        let low = shares.compactMap { $0?["count_share"] as? Double }.min() ?? 0, high = shares.compactMap { $0?["count_share"] as? Double }.max() ?? 1
        #expect(countShare >= low - 1e-9 && countShare <= high + 1e-9, "a pooled share lies between the workshops' shares")
        // Waits by part: each workshop's airframes and hours, added up part by part.
        func waits(_ r: [String: Any]) -> [String: (airframes: Int, hours: Double)] {
            let rows = ((r["totals"] as? [String: Any])?["supply"] as? [String: Any])?["awaiting_parts_by_part"] as? [[String: Any]] ?? []
            return Dictionary(rows.map { ("\($0["part"] ?? "") \($0["catalogued"] ?? "")", (($0["airframes"] as? Int) ?? -1, ($0["hours"] as? Double) ?? .nan)) }, uniquingKeysWith: { a, _ in a })
        }
        let nationalWaits = waits(national), ownWaits = own.map(waits)
        #expect(!nationalWaits.isEmpty && ownWaits.allSatisfy { !$0.isEmpty }, "both workshops have airframes awaiting parts")
        #expect(Set(nationalWaits.keys) == Set(ownWaits[0].keys).union(ownWaits[1].keys))
        for (part, w) in nationalWaits {
            let mine = ownWaits.compactMap { $0[part] }
            #expect(w.airframes == mine.reduce(0) { $0 + $1.airframes } && mine.count >= 1, "\(part): \(w.airframes) airframes")
            #expect(abs(w.hours - mine.reduce(0) { $0 + $1.hours }) < 1e-6, "\(part): \(w.hours) h")
        }
    }

    /// The README's way to send a week's work: only the lines after the last one merged
    /// (`hangar export --since SEQ`, SEQ from `hq status`). They merge as new lines; the
    /// workshop is then complete with its chain verified, as after one whole export; a whole
    /// export sent after that adds nothing.
    @Test(arguments: HQEngineUnderTest.available) func anExportSinceTheLastMergedLineAddsTheRest(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: ["AF-1", "AF-2"])
        let hq = try CLI()
        defer { [a, hq].forEach { $0.remove() } }
        let store = try engine.newStore(in: hq, "since")
        try hq.ok(["hq", "init", "--hq", store])
        let first = try a.ok(["export"]).out
        let firstCount = first.split(separator: "\n").count
        try hq.ok(["hq", "merge", try Self.write(first, in: hq, "first.ndjson"), "--hq", store])
        func status() throws -> [String: Any] {
            let rows = try JSONSerialization.jsonObject(with: Data(try hq.ok(["hq", "status", "--json", "--hq", store]).out.utf8)) as? [[String: Any]]
            return try #require(rows?.first { $0["workshop"] as? String == "KZ-A" })
        }
        let seq = try #require(try status()["last_seq"] as? Int)
        #expect(seq == firstCount)
        // A week's work at the workshop, then only what came after `seq`.
        for serial in ["AF-3", "AF-4", "AF-5"] { try a.ok(["airframe", "register", serial, "--model", "FPV-7"], as: "tech") }
        try a.ok(["airframe", "assembled", "AF-3"], as: "tech")
        let since = try a.ok(["export", "--since", "\(seq)"]).out
        let sinceCount = since.split(separator: "\n").count
        #expect(sinceCount == 4 && !since.contains("\"workshop_seq\":\(seq),"), "\(since)")
        let merged = try hq.ok(["hq", "merge", try Self.write(since, in: hq, "since.ndjson"), "--hq", store])
        #expect(merged.out.contains("\(sinceCount) lines: \(sinceCount) new, 0 already held, 0 conflicting"), "\(merged.out)")
        let after = try status()
        #expect(after["events"] as? Int == firstCount + sinceCount && after["last_seq"] as? Int == firstCount + sinceCount)
        #expect(after["chain_verified"] as? Bool == true && after["complete"] as? Bool == true, "\(after)")
        let conflicts = try hq.ok(["hq", "conflicts", "--json", "--hq", store]).out
        #expect(!conflicts.contains("KZ-A"), "\(conflicts)")
        // The whole export now: every line already held.
        let whole = try hq.ok(["hq", "merge", try Self.write(try a.ok(["export"]).out, in: hq, "whole.ndjson"), "--hq", store])
        #expect(whole.out.contains("\(firstCount + sinceCount) lines: 0 new, \(firstCount + sinceCount) already held, 0 conflicting"), "\(whole.out)")
    }

    /// An id twice in one file: the same line again is already held; a different line under
    /// the same id is a content conflict, listed, and its first line is the one held (the
    /// same on both engines, with or without a repeat elsewhere in the file).
    @Test(arguments: HQEngineUnderTest.available) func anIdTwiceInOneFileKeepsItsFirstLine(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: ["AF-1", "AF-2"])
        let hq = try CLI()
        defer { [a, hq].forEach { $0.remove() } }
        let lines = try a.ok(["export"]).out.split(separator: "\n").map(String.init)
        let last = try #require(lines.last)
        #expect(last.contains("\"AF-2\""))
        for (name, repeated, expected) in [("same", last, "0 conflicting"), ("changed", last.replacingOccurrences(of: "\"FPV-7\"", with: "\"FPV-8\""), "1 conflicting")] {
            let store = try engine.newStore(in: hq, "twice-\(name)")
            try hq.ok(["hq", "init", "--hq", store])
            let file = try Self.write((lines + [repeated]).joined(separator: "\n") + "\n", in: hq, "\(name).ndjson")
            let merged = try hq.run(["hq", "merge", file, "--hq", store])
            #expect(merged.out.contains("\(lines.count + 1) lines: \(lines.count) new, \(name == "same" ? 1 : 0) already held, \(expected)"), "\(merged.out) \(merged.err)")
            #expect(merged.status == (name == "same" ? 0 : 1))
            let conflicts = try #require(try JSONSerialization.jsonObject(with: Data(try hq.ok(["hq", "conflicts", "--json", "--hq", store]).out.utf8)) as? [String: Any])
            let content = try #require(conflicts["content"] as? [[String: Any]])
            #expect(content.count == (name == "same" ? 0 : 1), "\(content)")
            // The line held under the id is the first: merging the file's first version again adds nothing.
            let again = try hq.run(["hq", "merge", try Self.write(lines.joined(separator: "\n") + "\n", in: hq, "\(name)-first.ndjson"), "--hq", store])
            #expect(again.out.contains("\(lines.count) already held, 0 conflicting"), "\(again.out)")
        }
    }

    /// A national report keeps each workshop's replay (in `$HANGAR_HQ_CACHE`, one folder per
    /// store) and uses it again only while the store's token for that workshop is the one it
    /// was made at: a merge that adds to A replays A alone; a merge that adds nothing replays
    /// nothing; a new store at the same place, or a damaged kept replay, is replayed again.
    /// Every report equals the one made with no cache at all.
    @Test(arguments: HQEngineUnderTest.available) func keptReplaysFollowTheirWorkshopsLines(engine: HQEngineUnderTest) throws {
        let a = try Self.workshop("KZ-A", maxCurrent: 14, serials: [])
        let b = try Self.workshop("KZ-B", maxCurrent: 14, serials: [])
        let hq = try CLI()
        defer { [a, b, hq].forEach { $0.remove() } }
        // Dated inside a period long past, so that every report of it is the same to the byte.
        for (w, serial, day) in [(a, "AF-1", 2), (a, "AF-2", 3), (b, "AF-3", 4)] {
            try w.ok(["airframe", "register", serial, "--model", "FPV-7", "--at", "2026-03-0\(day)T08:00:00Z"], as: "tech")
        }
        let store = try engine.newStore(in: hq, "kept")
        try hq.ok(["hq", "init", "--hq", store])
        let firstA = try Self.write(try a.ok(["export"]).out, in: hq, "a1.ndjson")
        for file in [firstA, try Self.write(try b.ok(["export"]).out, in: hq, "b.ndjson")] { try hq.ok(["hq", "merge", file, "--hq", store]) }
        let options = ["--hq", store, "--from", "2026-02-23", "--to", "2026-03-16", "--format", "json"]
        func report(_ extra: [String] = [], cache: Bool = true) throws -> String {
            let r = try hq.run(["hq", "report"] + options + extra, env: cache ? [:] : ["HANGAR_HQ_CACHE": "off"])
            #expect(r.status == 0, "\(r.err)")
            return r.out
        }
        func registered(_ text: String) -> Int? {
            let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return ((json?["totals"] as? [String: Any])?["build"] as? [String: Any])?["registered"] as? Int
        }
        let base = hq.directory.appendingPathComponent("hq-cache")
        func folder() throws -> URL {
            let stores = try FileManager.default.contentsOfDirectory(atPath: base.path)
            #expect(stores.count == 1, "one folder for the one store: \(stores)")
            return base.appendingPathComponent(try #require(stores.first))
        }
        /// Each kept replay: what it was made from, and when (to the millisecond).
        func kept() throws -> [String: String] {
            var out: [String: String] = [:]
            for code in ["KZ-A", "KZ-B"] {
                let made = (try? String(contentsOf: try folder().appendingPathComponent("\(code).json"), encoding: .utf8)) ?? "none"
                let file = FileManager.default.fileExists(atPath: try folder().appendingPathComponent("\(code).sqlite").path)
                out[code] = made + (file ? "" : " no file")
            }
            return out
        }

        // Two reports at once on a cold cache: one makes the replays while the other waits.
        let together = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in together.append(try? hq.run(["hq", "report"] + options)) }
        let first = try report()
        #expect(registered(first) == 3)
        #expect(together.all.count == 2 && together.all.allSatisfy { $0?.status == 0 && $0?.out == first }, "\(together.all.map { $0?.err ?? "nil" })")
        #expect(first == (try report(cache: false)))
        let mode = try FileManager.default.attributesOfItem(atPath: try folder().path)[.posixPermissions] as? Int
        #expect(mode == 0o700, "every workshop's data: its owner's only")
        let keptFirst = try kept()
        #expect(FileManager.default.fileExists(atPath: try folder().appendingPathComponent("listing.json").path), "the status and list are kept too")
        #expect(keptFirst.values.allSatisfy { $0.contains("\"state\"") && !$0.hasSuffix("no file") }, "\(keptFirst)")

        // Again, with nothing merged: nothing is replayed.
        #expect(try report() == first)
        #expect(try kept() == keptFirst)
        // One workshop's report reads its kept replay too, and is still its own report.
        let ownA = try a.ok(["report", "--from", "2026-02-23", "--to", "2026-03-16", "--format", "json"]).out
        #expect(try report(["--workshop", "KZ-A"]) == ownA)
        #expect(try kept() == keptFirst)

        // A adds an airframe: A is replayed, B is not.
        try a.ok(["airframe", "register", "AF-4", "--model", "FPV-7", "--at", "2026-03-06T08:00:00Z"], as: "tech")
        let secondA = try Self.write(try a.ok(["export"]).out, in: hq, "a2.ndjson")
        /// A kept replay's record, as JSON.
        func made(_ kept: [String: String], _ code: String) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data((kept[code] ?? "").utf8)) as? [String: Any]) ?? [:]
        }
        /// The kept listing: its text, and its file (written whole each time, so a new file).
        func listing() throws -> (text: String, file: Int?) {
            let url = try folder().appendingPathComponent("listing.json")
            return (try String(contentsOf: url, encoding: .utf8), try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int)
        }
        let listingBefore = try listing()
        // The merge itself brings A's kept replay, and the status and conflicts, up to date:
        // the report after it replays and lists nothing.
        let merged = try hq.ok(["hq", "merge", secondA, "--hq", store])
        #expect(merged.out.contains("kept replays brought up to date for the next report: KZ-A\n"), "\(merged.out)")
        let keptByMerge = try kept(), listingByMerge = try listing()
        #expect(made(keptByMerge, "KZ-A")["extendedAt"] is String && keptByMerge["KZ-B"] == keptFirst["KZ-B"], "\(keptByMerge)")
        #expect(listingByMerge.text != listingBefore.text && listingByMerge.text.contains("\"events\":7"), "\(listingByMerge.text)")
        let second = try report()
        #expect(registered(second) == 4)
        #expect(second == (try report(cache: false)))
        let keptSecond = try kept()
        #expect(keptSecond == keptByMerge, "the report read the replays the merge kept")
        #expect(try listing() == listingByMerge, "and the listing")
        #expect(keptSecond["KZ-A"] != keptFirst["KZ-A"] && keptSecond["KZ-B"] == keptFirst["KZ-B"], "\(keptSecond)")
        // A's new export begins with the lines its replay holds: the replay takes the new line.
        #expect(made(keptSecond, "KZ-A")["at"] as? String == made(keptFirst, "KZ-A")["at"] as? String, "A's replay is extended, not made again")
        #expect(made(keptSecond, "KZ-A")["extendedAt"] is String && made(keptSecond, "KZ-A")["lines"] as? Int == (made(keptFirst, "KZ-A")["lines"] as? Int).map { $0 + 1 })
        // The same file again adds nothing: nothing is replayed.
        try hq.ok(["hq", "merge", secondA, "--hq", store])
        #expect(try report() == second)
        #expect(try kept() == keptSecond)

        // A line of A's that arrives changed: both copies are held out of the report, so A's
        // log no longer begins with what its replay holds; it is replayed whole.
        var changed = try a.ok(["export"]).out.split(separator: "\n").map(String.init)
        let af4 = try #require(changed.firstIndex { $0.contains("\"AF-4\"") && $0.contains("\"register\"") })
        changed[af4] = changed[af4].replacingOccurrences(of: "\"FPV-7\"", with: "\"FPV-8\"")
        let mergedChanged = try hq.run(["hq", "merge", try Self.write(changed.joined(separator: "\n") + "\n", in: hq, "a3.ndjson"), "--hq", store])
        #expect(mergedChanged.status == 1 && !mergedChanged.out.contains("kept replays brought up to date"), "\(mergedChanged.out)")
        #expect(try kept() == keptSecond, "a replay to be made whole is left to the next report")
        let third = try report()
        #expect(registered(third) == 3, "AF-4's registration is held out")
        #expect(third == (try report(cache: false)))
        #expect(made(try kept(), "KZ-A")["at"] as? String != made(keptSecond, "KZ-A")["at"] as? String, "replayed whole")

        // A damaged kept replay is made again.
        try Data("not a database".utf8).write(to: try folder().appendingPathComponent("KZ-B.sqlite"))
        #expect(try report() == third)
        #expect(try kept()["KZ-B"] != keptSecond["KZ-B"], "B is replayed again")

        // A new store in the same place, with A's first export only: nothing kept is taken for it.
        if engine == .sqlite {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
            try hq.ok(["hq", "init", "--hq", store])
            try hq.ok(["hq", "merge", firstA, "--hq", store])
            let fresh = try report()
            #expect(registered(fresh) == 2, "\(fresh.prefix(300))")
            #expect(fresh == (try report(cache: false)))
            #expect(try kept()["KZ-B"] == "none no file", "B is not in this store: its replay is dropped")
        }
    }
}

/// Results gathered from threads.
final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CLI.Result?] = []
    func append(_ r: CLI.Result?) { lock.lock(); results.append(r); lock.unlock() }
    var all: [CLI.Result?] { lock.lock(); defer { lock.unlock() }; return results }
}
