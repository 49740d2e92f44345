import Foundation
import HangarAccess
import Testing

@Suite("hangar, end to end")
struct EndToEndTests {
    @Test func aWholeAirframeLifeFromRegisterToWriteOff() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let steps: [([String], String)] = [
            (["airframe", "register", "af-0100", "--model", "FPV-7", "--batch", "B07"], "tech"),
            (["airframe", "assembled", "AF-0100"], "tech"),
            (["airframe", "qc", "AF-0100", "--check", "motors=pass", "--check", "gps_lock=fail", "--measure", "hover_current_a=11.2", "--defect", "gps_no_fix"], "insp"),
            (["airframe", "rework-done", "AF-0100", "--work", "re-seated GPS cable"], "tech"),
            (["airframe", "qc", "AF-0100", "--check", "motors=pass", "--check", "gps_lock=pass", "--measure", "hover_current_a=14"], "insp"),
            (["airframe", "assign-training", "AF-0100"], "instr"),
            (["operator", "enroll", "op-1", "--name", "Bohdan Koval", "--unit", "1st UAS Company"], "instr"),
            (["airframe", "flight", "AF-0100", "--minutes", "35", "--purpose", "training", "--operator", "op-1"], "instr"),
            (["airframe", "return", "AF-0100"], "instr"),
            (["airframe", "issue", "AF-0100", "--unit", "1st UAS Company"], "cmdr"),
            (["airframe", "flight", "AF-0100", "--minutes", "50", "--purpose", "operational"], "cmdr"),
            (["airframe", "maintenance-open", "AF-0100", "--reason", "damage"], "tech"),
            (["airframe", "await-parts", "AF-0100", "--part", "carbon arm 7in"], "tech"),
            (["airframe", "parts-received", "AF-0100"], "tech"),
            (["airframe", "maintenance-close", "AF-0100", "--work", "arm replaced"], "tech"),
            (["airframe", "qc", "AF-0100", "--check", "motors=pass", "--check", "gps_lock=pass", "--measure", "hover_current_a=12"], "insp"),
            (["airframe", "write-off", "AF-0100", "--reason", "retired after the trial"], "boss"),
        ]
        let expectedStates = ["assembly", "awaiting_qc", "rework", "awaiting_qc", "ready", "training", "training", "training", "ready",
                              "in_service", "in_service", "maintenance", "awaiting_parts", "maintenance", "awaiting_qc", "ready", "written_off"]
        for ((args, user), state) in zip(steps, expectedStates) {
            try cli.ok(args, as: user)
            let show = try cli.json(["airframe", "show", "AF-0100"])
            #expect(show["state"] as? String == state, "after \(args[1])")
        }
        let show = try cli.json(["airframe", "show", "af-0100"])
        #expect(show["serial"] as? String == "AF-0100")
        #expect(show["model"] as? String == "FPV-7")
        #expect(show["flight_minutes"] as? Int == 85)
        #expect(show["minutes_since_service"] as? Int == 0)
        #expect(show["due"] as? Bool == false)
        #expect((show["history"] as? [Any])?.count == 16)
        let qcFail = try #require((show["history"] as? [[String: Any]])?.first { $0["event"] as? String == "qc" })
        #expect(qcFail["outcome"] as? String == "fail")
        #expect(qcFail["defects"] as? [String] == ["GPS_NO_FIX"])
        let text = try cli.ok(["airframe", "history", "AF-0100"]).out
        #expect(text.contains("awaiting_qc → rework"))
        #expect(show["history_earlier"] as? Int == 0)
        // A page at a time: the latest five, and how to read the page before.
        let paged = try cli.json(["airframe", "show", "AF-0100", "--limit", "5"])
        let seqs = (paged["history"] as? [[String: Any]])?.compactMap { $0["seq"] as? Int } ?? []
        #expect(seqs.count == 5 && paged["history_earlier"] as? Int == 11)
        let lastFive = try cli.ok(["airframe", "history", "AF-0100", "--limit", "5"]).out
        #expect(lastFive.contains("(11 earlier events: hangar airframe history AF-0100 --before \(seqs[0]))"), "\(lastFive)")
        let before = try cli.json(["airframe", "show", "AF-0100", "--limit", "5", "--before", "\(seqs[0])"])
        #expect(before["history_earlier"] as? Int == 6)
        #expect(try cli.run(["airframe", "history", "AF-0100", "--limit", "0"]).status == 64)
        #expect(try cli.ok(["verify"]).out.contains("verify: all checks passed"))
    }

    @Test func anOperatorFromEnrolToQualifiedAndCurrent() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["operator", "enroll", "op-7", "--name", "Yulia Tkachuk", "--unit", "1st UAS Company"], as: "instr")
        try cli.ok(["operator", "start", "op-7"], as: "instr")
        try cli.ok(["operator", "qualify", "op-7"], as: "instr")
        var show = try cli.json(["operator", "show", "op-7"])
        #expect(show["state"] as? String == "qualified")
        #expect(show["unit"] as? String == "1st UAS Company")
        #expect(show["current"] as? Bool == false)
        try cli.ok(["airframe", "register", "AF-1", "--model", "FPV-7"], as: "tech")
        try cli.ok(["airframe", "assembled", "AF-1"], as: "tech")
        try cli.ok(["airframe", "qc", "AF-1", "--check", "motors=pass", "--check", "gps_lock=pass", "--measure", "hover_current_a=9"], as: "insp")
        try cli.ok(["airframe", "issue", "AF-1", "--unit", "1st UAS Company"], as: "cmdr")
        try cli.ok(["airframe", "flight", "AF-1", "--minutes", "60", "--purpose", "operational", "--operator", "op-7"], as: "cmdr")
        show = try cli.json(["operator", "show", "op-7"])
        #expect(show["current"] as? Bool == true)
        let list = try cli.ok(["operator", "list", "--state", "qualified", "--json"]).out
        #expect(list.contains("\"op-7\""))
    }

    @Test func exitCodesAndErrorMessages() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["airframe", "register", "AF-7", "--model", "FPV-7"], as: "tech")
        let before = try cli.ok(["export"]).out

        let wrongState = try cli.run(["airframe", "qc", "AF-7", "--check", "motors=pass"], as: "insp")
        #expect(wrongState.status == 1)
        #expect(wrongState.err == "error: cannot record 'qc' for AF-7: it is in 'assembly' (qc is allowed from: awaiting_qc)\n")

        let unknown = try cli.run(["airframe", "assembled", "AF-404"], as: "tech")
        #expect(unknown.status == 1)
        #expect(unknown.err.hasPrefix("error: cannot record 'assembled' for AF-404: no airframe AF-404 is registered"))

        let badSerial = try cli.run(["airframe", "register", "AF 7", "--model", "FPV-7"], as: "tech")
        #expect(badSerial.status == 1)
        #expect(badSerial.err.hasPrefix("error: invalid serial 'AF 7': a serial is 1-32 characters"))

        let noActor = try cli.run(["airframe", "assembled", "AF-7"])
        #expect(noActor.status == 64)  // a usage error, as the README says
        #expect(noActor.err.hasPrefix("error: who is recording?"))

        let badTime = try cli.run(["airframe", "assembled", "AF-7", "--at", "2026-01-22 09:00"], as: "tech")
        #expect(badTime.status == 1)
        #expect(badTime.err.hasPrefix("error: invalid --at '2026-01-22 09:00'"))

        let usage = try cli.run(["airframe", "register", "AF-8"], as: "tech")
        #expect(usage.status == 64)
        let badEnum = try cli.run(["airframe", "maintenance-open", "AF-7", "--reason", "boredom"], as: "tech")
        #expect(badEnum.status == 64)
        #expect(badEnum.err.contains("scheduled"))
        #expect(try cli.run(["airframe", "teleport", "AF-7"]).status == 64)

        let help = try cli.ok(["airframe", "qc", "--help"]).out
        #expect(help.contains("From: awaiting_qc"))
        #expect(try cli.ok(["airframe", "list", "--help"]).out.contains("awaiting_parts"))

        #expect(try cli.ok(["export"]).out == before, "rejected commands wrote nothing")
    }

    @Test func passwordsAndTokens() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let set = try cli.run(["staff", "password", "tech"], as: "boss", stdin: "a-long-enough-password\n")
        #expect(set.status == 0 && set.out == "password set for tech\n")
        let short = try cli.run(["staff", "password", "tech"], as: "boss", stdin: "short\n")
        #expect(short.status == 1 && short.err.hasPrefix("error: invalid password"))
        let eleven = try cli.run(["staff", "password", "tech"], as: "boss", stdin: "elevenchars\n")
        #expect(eleven.status == 1 && eleven.err.contains("12 to 128 characters"), "\(eleven.err)")
        #expect(Credentials.minimumPasswordLength == 12 && Credentials.maximumPasswordLength == 128, "the refusal's words name these bounds")
        for (language, words) in [("ru", "от 12 до 128 символов"), ("kk", "12-ден 128 таңбаға дейінгі")] {
            let translated = try cli.run(["--lang", language, "staff", "password", "tech"], as: "boss", stdin: "elevenchars\n")
            #expect(translated.status == 1 && translated.err.contains(words) && !translated.err.contains("characters"), "\(translated.err)")
        }
        let twelve = try cli.run(["staff", "password", "tech"], as: "boss", stdin: "twelve-chars\n")
        #expect(twelve.status == 0)
        // A long Cyrillic passphrase (more than bcrypt's 72 bytes) is taken whole, not cut.
        let long = try cli.run(["staff", "password", "tech"], as: "boss", stdin: String(repeating: "пароль ", count: 12) + "\n")
        #expect(long.status == 0, "\(long.err)")
        let tooLong = try cli.run(["staff", "password", "tech"], as: "boss", stdin: String(repeating: "я", count: 129) + "\n")
        #expect(tooLong.status == 1 && tooLong.err.contains("12 to 128 characters"))
        let notAdmin = try cli.run(["staff", "password", "insp"], as: "tech", stdin: "a-long-enough-password\n")
        #expect(notAdmin.status == 1 && notAdmin.err.contains("needs: admin, or insp themself"))
        let own = try cli.run(["staff", "token", "tech"], as: "tech")
        #expect(own.status == 0)
        #expect(own.out.range(of: "^hgr_[0-9a-f]{64}\n$", options: .regularExpression) != nil, "the token alone on stdout")
        let unknown = try cli.run(["staff", "token", "ghost"], as: "boss")
        #expect(unknown.status == 1)
        _ = try cli.ok(["staff", "token", "tech"], as: "tech")
        #expect(try cli.ok(["staff", "token", "tech", "--revoke"], as: "boss").out == "revoked 2 tokens of tech\n")
        #expect(try cli.ok(["staff", "token", "tech", "--revoke"], as: "tech").out == "revoked 0 tokens of tech\n")
        #expect(try cli.run(["staff", "token", "insp", "--revoke"], as: "tech").status == 1)
        // Secrets never travel in the export.
        #expect(try !cli.ok(["export"]).out.contains("$2"))
    }

    @Test func globalOptionsMayComeFirst() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let other = cli.directory.appendingPathComponent("other.sqlite").path
        try cli.ok(["--db", other, "init", "--admin", "a", "--name", "A"])
        try cli.ok(["--db", other, "--as", "a", "unit", "add", "Elsewhere"])
        #expect(try cli.ok(["--db", other, "--json", "unit", "list"]).out.contains("Elsewhere"))
        #expect(try !cli.ok(["unit", "list"]).out.contains("Elsewhere"))
    }

    @Test func exportImportIntoAnEmptyFileIsIdentical() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["airframe", "register", "AF-1", "--model", "FPV-7"], as: "tech")
        try cli.ok(["airframe", "assembled", "AF-1"], as: "tech")
        try cli.ok(["airframe", "qc", "AF-1", "--check", "motors=fail", "--check", "gps_lock=pass", "--measure", "hover_current_a=9", "--defect", "MOTOR"], as: "insp")
        try cli.ok(["airframe", "undo", "AF-1", "--reason", "entered on the wrong airframe"], as: "boss")
        let exported = try cli.ok(["export"]).out
        let file = cli.directory.appendingPathComponent("log.ndjson")
        try Data(exported.utf8).write(to: file)
        let copy = cli.directory.appendingPathComponent("copy.sqlite").path
        let imported = try cli.run(["import", file.path, "--db", copy])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(try cli.ok(["export", "--db", copy]).out == exported)
        let verifyA = try cli.ok(["verify"]).out, verifyB = try cli.ok(["verify", "--db", copy]).out
        #expect(verifyA == verifyB.replacingOccurrences(of: copy, with: cli.db))
        #expect(verifyA.contains("head "))
        // Standard input works too, and a second import skips everything.
        let again = try cli.run(["import", "-", "--db", copy], stdin: exported)
        #expect(again.out.contains("imported 0 events, skipped \(exported.split(separator: "\n").count)"))
    }

    @Test func anImportWithOneBadLineInTheMiddleWritesNothing() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let before = try cli.ok(["export"]).out
        let fixture = CLI.fixtures.appendingPathComponent("import/bad-line-in-the-middle.ndjson")
        let result = try cli.run(["import", "-"], stdin: try String(contentsOf: fixture, encoding: .utf8))
        #expect(result.status == 1)
        #expect(result.err == "error: line 3: no model 'FPV-9'\n")
        #expect(try cli.ok(["export"]).out == before)
        // A failed import into a new file leaves no file behind.
        let fresh = cli.directory.appendingPathComponent("fresh.sqlite").path
        #expect(try cli.run(["import", fixture.path, "--db", fresh]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test func threeProcessesWritingAtOnceLoseNothing() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let perWriter = 12
        let group = DispatchGroup()
        let results = Results()
        for writer in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                for i in 0..<perWriter {
                    let r = try? cli.run(["airframe", "register", "W\(writer)-\(i)", "--model", "FPV-7"], as: "tech")
                    results.add(r)
                }
                group.leave()
            }
        }
        group.wait()
        let all = results.all
        #expect(all.count == 3 * perWriter)
        #expect(all.allSatisfy { $0?.status == 0 })
        #expect(!all.contains { $0?.err.contains("locked") ?? true })
        let list = try cli.ok(["airframe", "list", "--json"]).out
        let airframes = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [Any])
        #expect(airframes.count == 3 * perWriter)
        #expect(try cli.ok(["verify"]).status == 0)
    }
}

/// Collects results from several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [CLI.Result?] = []
    func add(_ r: CLI.Result?) { lock.lock(); items.append(r); lock.unlock() }
    var all: [CLI.Result?] { lock.lock(); defer { lock.unlock() }; return items }
}
