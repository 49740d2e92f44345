import Foundation
import HangarCore
import HangarLanguage
import Testing

/// DESIGN §13: every message in three languages, CLDR plurals, local formats and local time.
struct LanguageTests {
    /// Base keys (without `#category`) of a table.
    static func bases(_ table: [String: String]) -> Set<String> {
        Set(table.keys.map { $0.split(separator: "#").first.map(String.init) ?? $0 })
    }

    @Test func everyMessageExistsInEveryLanguageWithTheSamePlaceholders() {
        let english = Catalogue.table(.en)
        #expect(english.count > 150)
        for language in [Language.ru, .kk] {
            let table = Catalogue.table(language)
            let missing = Self.bases(english).subtracting(Self.bases(table)).sorted()
            let extra = Self.bases(table).subtracting(Self.bases(english)).sorted()
            #expect(missing.isEmpty, "\(language): missing \(missing)")
            #expect(extra.isEmpty, "\(language): not in English \(extra)")
            for (key, text) in table {
                let base = key.split(separator: "#").first.map(String.init) ?? key
                let englishText = english[key] ?? english[base + "#other"] ?? ""
                #expect(Catalogue.placeholders(text) == Catalogue.placeholders(englishText), "\(language) \(key): \(text)")
                #expect(!text.isEmpty, "\(language) \(key) is empty")
            }
        }
    }

    /// `Catalogue.text` looks a key up part table by part table: no key may be in two of them,
    /// and each key of the merged table reads the same through either way.
    @Test func everyKeyIsInOnePartTableOnly() {
        for language in Language.allCases {
            var seen: [String: Catalogue.Part] = [:]
            for part in Catalogue.Part.allCases {
                for key in part.table(language).keys {
                    #expect(seen[key] == nil, "\(language) \(key) is in \(seen[key].map { "\($0)" } ?? "") and \(part)")
                    seen[key] = part
                }
            }
            let merged = Catalogue.table(language)
            #expect(seen.count == merged.count)
            for (key, text) in merged where !key.contains("#") && !text.contains("{") {
                #expect(Catalogue.text(key, language) == text, "\(language) \(key)")
            }
        }
    }

    @Test func countedMessagesGiveEveryPluralFormTheirLanguageNeeds() {
        for language in Language.allCases {
            let table = Catalogue.table(language)
            let counted = Set(table.keys.filter { $0.contains("#") }.map { String($0.split(separator: "#")[0]) })
            for base in counted {
                for category in PluralCategory.required(for: language) {
                    #expect(table["\(base)#\(category.rawValue)"] != nil, "\(language) \(base) lacks \(category)")
                }
            }
        }
    }

    @Test func russianPluralsFollowCLDR() {
        let cases: [(String, PluralCategory)] = [
            ("1", .one), ("21", .one), ("101", .one), ("11", .many), ("2", .few), ("4", .few), ("22", .few), ("12", .many),
            ("14", .many), ("5", .many), ("0", .many), ("111", .many), ("1,5", .other), ("0,5", .other), ("1 021", .one), ("1\u{00A0}012", .many),
        ]
        for (number, category) in cases { #expect(PluralCategory.of(number, in: .ru) == category, "ru \(number)") }
    }

    @Test func kazakhAndEnglishPluralsFollowCLDR() {
        #expect(PluralCategory.of("1", in: .kk) == .one)
        #expect(PluralCategory.of("21", in: .kk) == .other)
        #expect(PluralCategory.of("0", in: .kk) == .other)
        #expect(PluralCategory.of("1,5", in: .kk) == .other)
        #expect(PluralCategory.of("1", in: .en) == .one)
        #expect(PluralCategory.of("1.0", in: .en) == .other)
        #expect(PluralCategory.of("1001", in: .en) == .other)
        #expect(PluralCategory.of("abc", in: .ru) == .other)
    }

    @Test func numbersAreWrittenAsEachLanguageWritesThem() {
        #expect(LocalFormat.number(12345.678, digits: 1, .en) == "12345.7")
        #expect(LocalFormat.number(12345.678, digits: 1, .ru) == "12\u{00A0}345,7")
        #expect(LocalFormat.number(12.5, digits: 1, .kk) == "12,5")
        #expect(LocalFormat.percent(0.853, .en) == "85%")
        #expect(LocalFormat.percent(0.853, .ru) == "85\u{00A0}%")
        #expect(LocalFormat.percent(0.853, .kk) == "85%")
        #expect(LocalFormat.integer(5000, .ru) == "5\u{00A0}000")
        #expect(LocalFormat.date(year: 2026, month: 12, day: 2, .ru) == "02.12.2026")
    }

    @Test func theLanguageIsChosenFromFlagEnvironmentAndBrowser() {
        #expect(Language.forCommandLine(flag: "ru", environment: ["HANGAR_LANG": "kk"]) == .ru)
        #expect(Language.forCommandLine(flag: "KK", environment: [:]) == .kk)
        #expect(Language.forCommandLine(flag: "de", environment: [:]) == nil)
        #expect(Language.forCommandLine(flag: nil, environment: ["HANGAR_LANG": "kk_KZ.UTF-8", "LANG": "ru_RU.UTF-8"]) == .kk)
        #expect(Language.forCommandLine(flag: nil, environment: ["LANG": "ru_RU.UTF-8"]) == .ru)
        #expect(Language.forCommandLine(flag: nil, environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(Language.fromAcceptLanguage("de-DE,kk;q=0.9,ru;q=0.8") == .kk)
        #expect(Language.fromAcceptLanguage("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7") == .ru)
        #expect(Language.fromAcceptLanguage("en;q=0.5, ru;q=0.6") == .ru)
        #expect(Language.fromAcceptLanguage("de, fr") == nil)
        #expect(Language.fromAcceptLanguage(";;;,q=,ru;q=abc") == .ru)
    }

    @Test func refusalsAreWordedInEachLanguageWithRawNamesKept() {
        let error = HangarError.notAllowedFrom(event: "issue", subject: "AF-0007", state: "assembly", allowed: ["ready", "maintenance"])
        let english = error.message(in: .en)
        #expect(english == error.description)
        #expect(english.hasPrefix("cannot record 'issue' for AF-0007"))
        for language in [Language.ru, .kk] {
            let text = error.message(in: language)
            #expect(text != english)
            #expect(text.contains("AF-0007") && text.contains("assembly") && text.contains("ready, maintenance"), "\(text)")
        }
        let rule = HangarError.rejected(event: "qc", subject: "AF-1", rule: .fourEyes(inspector: "i.seitkali"))
        #expect(rule.message(in: .ru).contains("i.seitkali"))
        #expect(rule.message(in: .ru).contains("четырёх глаз"))
    }

    @Test func suggestionsAndNotFoundAreWorded() {
        let error = HangarError.withSuggestions(.notFound(what: "model", name: "FPV7"), near: ["FPV-7"])
        #expect(error.message(in: .en) == "no model 'FPV7' (did you mean 'FPV-7'?)")
        #expect(error.message(in: .ru).contains("«FPV-7»"))
        #expect(HangarError.notFound(what: "lot of MOTOR-2207", name: "L9").message(in: .en) == "no lot of MOTOR-2207 'L9'")
    }
}

/// Local time (DESIGN §13, §14): shown to the minute in the workshop's zone, typed without an offset.
struct LocalTimeTests {
    /// The zone's offset at a moment, from the machine's time zone database (never hard-coded).
    static func offset(_ zone: String, at t: Timestamp) -> Int64 {
        Int64(TimeZone(identifier: zone)!.secondsFromGMT(for: t.date))
    }

    @Test func timesAreShownToTheMinuteInTheZoneAndLanguage() throws {
        let t = try Timestamp.parse("2026-12-02T05:09:59.500Z")
        #expect(LocalTime.show(t, zone: nil, .en) == "2026-12-02 05:09 UTC")
        #expect(LocalTime.show(t, zone: nil, .ru) == "02.12.2026 05:09 UTC")
        let local = Timestamp(milliseconds: t.milliseconds + Self.offset("Asia/Almaty", at: t) * 1000)
        let expectedClock = String(local.iso8601.dropFirst(11).prefix(5))
        #expect(LocalTime.show(t, zone: "Asia/Almaty", .kk) == "02.12.2026 \(expectedClock)")
    }

    @Test func aTimeWithoutOffsetIsReadInTheWorkshopsZone() throws {
        let t = try LocalTime.parse("2026-12-02 10:09", zone: "Asia/Almaty")
        let utcGuess = try Timestamp.parse("2026-12-02T10:09:00Z")
        #expect(t.milliseconds == utcGuess.milliseconds - Self.offset("Asia/Almaty", at: t) * 1000)
        #expect(try LocalTime.parse("2026-12-02T10:09:30", zone: "Asia/Almaty").milliseconds == t.milliseconds + 30_000)
        // An offset always wins.
        #expect(try LocalTime.parse("2026-12-02T10:09:00Z", zone: "Asia/Almaty") == utcGuess)
    }

    @Test func withoutAZoneATimeNeedsAnOffsetAndABareDateIsRefused() {
        #expect(throws: HangarError.self) { try LocalTime.parse("2026-12-02 10:09", zone: nil) }
        #expect(throws: HangarError.self) { try LocalTime.parse("2026-12-02", zone: "Asia/Almaty") }
        #expect(throws: HangarError.self) { try LocalTime.parse("2026-02-30 10:00", zone: "Asia/Almaty") }
    }

    @Test func aSkippedLocalTimeIsRefusedAndARepeatedOneTakesTheEarlier() throws {
        // Europe/Berlin moves its clocks on the last Sundays of March and October.
        #expect(throws: HangarError.self) { try LocalTime.parse("2026-03-29 02:30", zone: "Europe/Berlin") }
        let twice = try LocalTime.parse("2026-10-25 02:30", zone: "Europe/Berlin")
        let zone = TimeZone(identifier: "Europe/Berlin")!
        #expect(zone.secondsFromGMT(for: twice.date) == zone.secondsFromGMT(for: twice.adding(hours: -2).date))
        #expect(LocalTime.show(twice, zone: "Europe/Berlin", .en) == "2026-10-25 02:30")
        #expect(LocalTime.show(twice.adding(hours: 1), zone: "Europe/Berlin", .en) == "2026-10-25 02:30")
    }

    @Test func zoneNamesMustBeIANA() throws {
        #expect(try LocalTime.zoneName("Asia/Almaty") == "Asia/Almaty")
        #expect(try LocalTime.zoneName("UTC") == "UTC")
        #expect(throws: HangarError.self) { try LocalTime.zoneName("Mars/Olympus") }
        #expect(throws: HangarError.self) { try LocalTime.zoneName("GMT+5") }
        #expect(throws: HangarError.self) { try LocalTime.zoneName(String(repeating: "A/", count: 100)) }
    }
}
