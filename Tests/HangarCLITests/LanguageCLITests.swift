import Foundation
import Testing

/// DESIGN §13 on the command line: --lang, $HANGAR_LANG, $LANG; the workshop's time zone.
struct LanguageCLITests {
    @Test func refusalsSpeakTheChosenLanguageAndKeepTheirExitCodes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["airframe", "register", "AF-0001", "--model", "FPV-7"], as: "tech")
        let english = try cli.run(["airframe", "issue", "AF-0001", "--unit", "1st UAS Company"], as: "boss")
        #expect(english.status == 1)
        #expect(english.err.hasPrefix("error: cannot record 'issue' for AF-0001: it is in 'assembly'"), "\(english.err)")

        let russian = try cli.run(["--lang", "ru", "airframe", "issue", "AF-0001", "--unit", "1st UAS Company"], as: "boss")
        #expect(russian.status == 1)
        #expect(russian.err.hasPrefix("error: "), "the prefix stays English")
        #expect(russian.err.contains("AF-0001") && russian.err.contains("assembly"), "\(russian.err)")
        #expect(russian.err.contains("нельзя записать"), "\(russian.err)")

        let kazakh = try cli.run(["airframe", "issue", "AF-0001", "--unit", "1st UAS Company", "--lang=kk"], as: "boss", env: ["HANGAR_LANG": "ru"])
        #expect(kazakh.status == 1)
        #expect(kazakh.err != russian.err && kazakh.err != english.err, "\(kazakh.err)")
        let byEnvironment = try cli.run(["airframe", "issue", "AF-0001", "--unit", "1st UAS Company"], as: "boss", env: ["HANGAR_LANG": "ru_RU.UTF-8"])
        #expect(byEnvironment.err == russian.err)
        let byLang = try cli.run(["airframe", "issue", "AF-0001", "--unit", "1st UAS Company"], as: "boss", env: ["HANGAR_LANG": "", "LANG": "kk_KZ.UTF-8"])
        #expect(byLang.err == kazakh.err)

        let bad = try cli.run(["--lang", "de", "airframe", "list"])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--lang 'de'") && bad.err.contains("en, ru or kk"), "\(bad.err)")
        // Warnings too; the prefix stays English.
        let unknown = try cli.run(["--lang", "ru", "airframe", "show", "AF-9"])
        #expect(unknown.status == 1 && unknown.err.hasPrefix("error: ") && !unknown.err.contains("no airframe"), "\(unknown.err)")
    }

    @Test func aStaffMembersLanguageIsTheirsAndNotTheCommandLines() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        try cli.ok(["staff", "add", "a.nurlanovna", "--name", "Aigerim", "--role", "technician", "--lang", "kk"], as: "boss")
        try cli.ok(["--lang", "ru", "staff", "update", "a.nurlanovna", "--lang", "ru"], as: "boss")
        let staff = try #require(try JSONSerialization.jsonObject(with: Data(try cli.ok(["staff", "list", "--json"]).out.utf8)) as? [[String: Any]])
        #expect(staff.first { $0["id"] as? String == "a.nurlanovna" }?["lang"] as? String == "ru")
        let bad = try cli.run(["staff", "update", "a.nurlanovna", "--lang", "de"], as: "boss")
        #expect(bad.status == 1 && bad.err.contains("invalid lang 'de'"), "\(bad.err)")
        // The language travels in the log.
        let log = try cli.ok(["export"]).out
        #expect(log.contains(#""lang":"ru""#), "\(log)")
    }

    @Test func theWorkshopsTimeZoneReadsAndShowsLocalTime() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        // Without a zone, a time without an offset is refused and says how to set one.
        let refused = try cli.run(["airframe", "register", "AF-0002", "--model", "FPV-7", "--at", "2026-11-30 09:00"], as: "tech")
        #expect(refused.status == 1 && refused.err.contains("--timezone"), "\(refused.err)")
        #expect(try cli.ok(["airframe", "list"]).out.contains("AF-0002") == false)

        try cli.ok(["workshop", "set", "--name", "Kapshagay workshop", "--timezone", "Asia/Almaty"], as: "boss")
        let zoneRefused = try cli.run(["workshop", "set", "--timezone", "Almaty"], as: "boss")
        #expect(zoneRefused.status == 1 && zoneRefused.err.contains("IANA"), "\(zoneRefused.err)")
        #expect(try cli.json(["workshop", "show"])["timezone"] as? String == "Asia/Almaty")

        try cli.ok(["airframe", "register", "AF-0002", "--model", "FPV-7", "--at", "2026-11-30 09:00"], as: "tech")
        let show = try cli.json(["airframe", "show", "AF-0002"])
        let registered = try #require(show["registered_at"] as? String)
        let zone = try #require(TimeZone(identifier: "Asia/Almaty"))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: registered) ?? ISO8601DateFormatter().date(from: registered))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let local = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        #expect(local.year == 2026 && local.month == 11 && local.day == 30 && local.hour == 9 && local.minute == 0, "\(registered)")
        #expect(registered.hasSuffix("Z"), "JSON stays UTC")
        // People read it back as they typed it, to the minute.
        let history = try cli.ok(["airframe", "history", "AF-0002"]).out
        #expect(history.contains("2026-11-30 09:00"), "\(history)")
        let russian = try cli.run(["airframe", "history", "AF-0002"], env: ["HANGAR_LANG": "ru"])
        #expect(russian.out.contains("30.11.2026 09:00"), "\(russian.out)")
    }
    /// The sustainment words reach Russian and Kazakh readers whole: a refusal's fragment
    /// that carries a value (which airframe holds a serial, where a piece is), the note after
    /// a field's name, due reasons, and numbers with the language's decimal comma.
    @Test func sustainmentMessagesAndFiguresAreTranslatedWithTheirValues() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["workshop", "set", "--name", "W", "--timezone", "Asia/Almaty"], as: "boss")
        try cli.ok(["staff", "add", "store", "--name", "Store", "--role", "storekeeper"], as: "boss")
        try cli.ok(["part", "add", "MOTOR-2207", "--name", "Motor", "--tracking", "serial", "--kind", "component",
                    "--origin", "KZ", "--life-minutes", "10", "--reorder-at", "5"], as: "boss")
        try cli.ok(["stock", "receive", "MOTOR-2207", "--qty", "2", "--serial", "M-1", "--serial", "M-2", "--at", "2026-03-02 09:00"], as: "store")
        try cli.ok(["airframe", "register", "AF-0001", "--model", "FPV-7", "--at", "2026-03-02 10:00"], as: "tech")
        try cli.ok(["airframe", "install", "AF-0001", "--part", "MOTOR-2207", "--component", "M-1", "--at", "2026-03-02 11:00"], as: "tech")

        // A second receipt of a serial names what holds it, in the reader's words.
        let airframe = try cli.run(["--lang", "ru", "stock", "receive", "MOTOR-2207", "--qty", "1", "--serial", "AF-0001"], as: "store")
        #expect(airframe.status == 1 && airframe.err.contains("БПЛА модели FPV-7") && !airframe.err.contains("an airframe of model"), "\(airframe.err)")
        let piece = try cli.run(["--lang", "kk", "stock", "receive", "MOTOR-2207", "--qty", "1", "--serial", "M-2"], as: "store")
        #expect(piece.status == 1 && piece.err.contains("MOTOR-2207 бұйымының данасы") && !piece.err.contains("a piece of"), "\(piece.err)")
        // An installed piece sent back to stock: its airframe stays a value of its own.
        let installed = try cli.run(["--lang", "kk", "stock", "adjust", "MOTOR-2207", "--serial", "M-1", "--status", "in_stock", "--reason", "count"], as: "store")
        #expect(installed.status == 1, "\(installed.err)")
        #expect(installed.err.contains("ҰҰА AF-0001 құрамында орнатылған; алдымен") && !installed.err.contains("remove it first"), "\(installed.err)")
        // The note after a missing field's name, and a JSON line's reason.
        let badLine = cli.directory.appendingPathComponent("bad.ndjson"), deep = cli.directory.appendingPathComponent("deep.ndjson")
        try Data("{\"event\": tru}\n".utf8).write(to: badLine)
        try Data((String(repeating: "[", count: 600) + "\n").utf8).write(to: deep)
        let line = try cli.run(["--lang", "ru", "import", badLine.path])
        #expect(line.status == 1 && line.err.contains("недопустимый JSON в столбце") && !line.err.contains("not valid JSON"), "\(line.err)")
        let nested = try cli.run(["--lang", "kk", "import", deep.path])
        #expect(nested.status == 1 && !nested.err.contains("nested too deeply") && !nested.err.contains("bare JSON"), "\(nested.err)")

        // Due for service because a component reached its life: the reason in words.
        try cli.ok(["airframe", "assembled", "AF-0001", "--at", "2026-03-02 12:00"], as: "tech")
        try cli.ok(["airframe", "qc", "AF-0001", "--check", "motors=pass", "--check", "gps_lock=pass", "--measure", "hover_current_a=10",
                    "--at", "2026-03-02 13:00"], as: "insp")
        try cli.ok(["airframe", "issue", "AF-0001", "--unit", "1st UAS Company", "--at", "2026-03-02 14:00"], as: "cmdr")
        let training = try cli.run(["--lang", "ru", "airframe", "flight", "AF-0001", "--minutes", "5", "--purpose", "training"], as: "instr")
        #expect(training.status != 0 && training.err.contains("в учебном полёте указывается обучаемый"), "\(training.err)")
        try cli.ok(["airframe", "flight", "AF-0001", "--minutes", "12", "--purpose", "operational", "--at", "2026-03-03 09:00"], as: "tech")
        let english = try cli.ok(["airframe", "show", "AF-0001"]).out
        #expect(english.contains("component:M-1"), "\(english)")
        let russian = try cli.ok(["--lang", "ru", "airframe", "show", "AF-0001"]).out
        #expect(russian.contains("ресурс M-1") && !russian.contains("component:"), "\(russian)")
        let kazakh = try cli.ok(["--lang", "kk", "airframe", "show", "AF-0001"]).out
        #expect(kazakh.contains("M-1 ресурсы") && !kazakh.contains("component:"), "\(kazakh)")

        // Stock figures with the language's decimal comma; English keeps its dot.
        let stockRU = try cli.ok(["--lang", "ru", "stock", "list"]).out
        let stockEN = try cli.ok(["stock", "list"]).out
        let row = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("MOTOR-2207") }.map(String.init) ?? "" }
        #expect(row(stockEN).contains(" 0.0 ") && !row(stockEN).contains(","), "\(stockEN)")
        #expect(row(stockRU).contains(" 0,0 ") && !row(stockRU).contains("0.0"), "\(stockRU)")
        // People's lists head their names as people's.
        #expect(try cli.ok(["--lang", "ru", "staff", "list"]).out.contains("ФИО"))
    }
}
