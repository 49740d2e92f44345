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
}
