import ArgumentParser
import Foundation
import HangarCore
import Testing

@testable import HangarCLI

/// DESIGN §14: `--help` is translated, and the parser's own usage errors read like every
/// other refusal (`error: …`, exit 64) in the chosen language.
@Suite("help and usage errors in three languages")
struct HelpLanguageTests {
    /// Every help text a command, option or argument declares has a Russian and a Kazakh
    /// translation (the commands are walked and each help page built).
    @Test func everyHelpTextHasItsTranslations() throws {
        HelpText.startCollecting()
        // Options and arguments are built again for each help page (their texts pass through
        // `tr` then); abstracts and discussions are built once per process, so they are read
        // from the configurations (English here), and the transition-table abstracts' own
        // words from the sources.
        var declared: Set<String> = []
        func walk(_ command: any ParsableCommand.Type) {
            _ = Hangar.helpMessage(for: command)
            let configuration = command.configuration
            for text in [configuration.abstract, configuration.discussion] where !text.isEmpty && !text.contains(" From: ") {
                declared.insert(text)
            }
            for sub in configuration.subcommands { walk(sub) }
        }
        walk(Hangar.self)
        var seen = HelpText.stopCollecting().union(declared)
        if let out = ProcessInfo.processInfo.environment["HANGAR_HELP_TEXTS_OUT"] {
            let data = try JSONSerialization.data(withJSONObject: seen.sorted(), options: [.prettyPrinted])
            try data.write(to: URL(fileURLWithPath: out))
        }
        // What the commands check themselves (thrown before any help is built).
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/HangarCLI")
        var checks: [String] = []
        for case let file as String in FileManager.default.enumerator(atPath: sources.path) ?? FileManager.DirectoryEnumerator() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            checks += text.matches(of: /ValidationError\(tr\("([^"\\]*)"\)\)/).map { String($0.1) }
            // What the commands print: tr/trf texts, plural pairs, table headers, labels of `fields`.
            checks += text.matches(of: /\btrf?\("([^"\\]*)"/).map { String($0.1) }
            checks += text.matches(of: /\btrf\([\w.()]+ == 1 \? "([^"\\]*)" : "([^"\\]*)"/).flatMap { [String($0.1), String($0.2)] }
            for table in text.matches(of: /table\(\[([^\]]*)\]/) {
                checks += table.1.matches(of: /"([^"\\]*)"/).map { String($0.1) }
            }
            checks += text.matches(of: /\(\s*"([a-zA-Z ]+)",\s/).map { String($0.1) }
            checks += text.matches(of: /TableHelp\.(?:airframe|trainee)\(\.\w+, "([^"\\]*)"\)/).map { String($0.1) }
        }
        #expect(checks.count >= 100, "the commands' own usage checks and output texts are found (\(checks.count))")
        seen.formUnion(checks.filter { !$0.isEmpty })
        #expect(seen.count > 300, "the commands' texts are found (\(seen.count))")
        for language in [Language.ru, .kk] {
            let missing = seen.filter { !HelpText.isTranslated($0, language) }.sorted()
            #expect(missing.count == 0, "\(missing.count) help texts have no \(language.rawValue) translation: \(missing.prefix(5))")
        }
    }

    @Test func helpPagesSpeakTheChosenLanguage() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let english = try cli.run(["airframe", "qc", "--help"])
        #expect(english.status == 0 && english.out.contains("USAGE:") && english.out.contains("Record a QC run"), "\(english.out)")
        let russian = try cli.run(["--lang", "ru", "airframe", "qc", "--help"])
        #expect(russian.status == 0)
        #expect(russian.out.contains("ИСПОЛЬЗОВАНИЕ:") && russian.out.contains("ПАРАМЕТРЫ:"), "\(russian.out)")
        #expect(!russian.out.contains("Record a QC run") && !russian.out.contains("Show help information."), "\(russian.out)")
        #expect(russian.out.contains("--check") && russian.out.contains("awaiting_qc"), "flags and states stay raw")
        let kazakh = try cli.run(["airframe", "flight", "--help"], env: ["HANGAR_LANG": "kk"])
        #expect(kazakh.status == 0 && kazakh.out.contains("ҚОЛДАНУ:") && kazakh.out.contains("--minutes"), "\(kazakh.out)")
        #expect(!kazakh.out.contains("Log a flight"), "\(kazakh.out)")
        let group = try cli.run(["--lang", "ru", "hq", "--help"])
        #expect(group.out.contains("'hangar help hq <subcommand>'") && !group.out.contains("for detailed help"), "\(group.out)")
    }

    @Test func usageErrorsReadLikeRefusals() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let english = try cli.run(["airframe", "register", "AF-1"])
        #expect(english.status == 64)
        #expect(english.err.hasPrefix("error: missing expected argument '--model <model>'"), "\(english.err)")
        #expect(english.err.contains("\nusage: hangar airframe register <serial> --model <model>"), "\(english.err)")
        #expect(!english.err.contains("Error:") && !english.err.contains("Help:"), "\(english.err)")
        let russian = try cli.run(["--lang", "ru", "report", "--every", "year"])
        #expect(russian.status == 64)
        #expect(russian.err.hasPrefix("error: недопустимое значение 'year' для '--every <every>': укажите одно из 'week', 'month'"), "\(russian.err)")
        #expect(russian.err.contains("\nиспользование: hangar report"), "\(russian.err)")
        let kazakh = try cli.run(["--lang", "kk", "unit", "list", "--bogus"])
        #expect(kazakh.status == 64)
        #expect(kazakh.err.hasPrefix("error: белгісіз параметр '--bogus'"), "\(kazakh.err)")
        let mine = try cli.run(["--lang", "ru", "report", "--target", "0"])
        #expect(mine.status == 64 && mine.err.hasPrefix("error: ") && !mine.err.contains("--target must be"), "our own usage checks are translated too: \(mine.err)")
    }

    /// The fragments the rules word in English inside a refusal (what is allowed, where a
    /// piece is, what an event needs) have Russian and Kazakh translations: every plain
    /// literal given as `allowed:`, `needs:`, `why:` or `whereabouts:` in the sources, and
    /// every `{name}` template with the same placeholders.
    @Test func everyRefusalFragmentHasItsTranslations() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources")
        var fragments: Set<String> = []
        for case let file as String in FileManager.default.enumerator(atPath: root.path) ?? FileManager.DirectoryEnumerator()
        where file.hasSuffix(".swift") && !file.contains("/Tables/") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /\b(?:allowed|needs|why|whereabouts): "((?:[^"\\\n]|\\.)*)"/) where !m.1.contains("\\(") {
                fragments.insert(String(m.1).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\"))
            }
        }
        #expect(fragments.count > 60, "the rules' fragments are found (\(fragments.count))")
        for language in [Language.ru, .kk] {
            let missing = fragments.filter { !Fragments.isTranslated($0, language) }.sorted()
            #expect(missing.count == 0, "\(missing.count) fragments have no \(language.rawValue) translation: \(missing.prefix(5))")
        }
        let ru = Catalogue.placeholders, templates = Fragments.templateTexts
        #expect(templates.count > 10)
        for template in templates {
            for language in [Language.ru, .kk] {
                let translated = Fragments.translationText(template, language)
                #expect(translated.map(ru) == ru(template), "\(language.rawValue) \(template): \(translated ?? "missing")")
            }
        }
        // The phrases of an event's one-line summary (histories in the terminal and on pages).
        let summary = try String(contentsOf: root.appendingPathComponent("HangarStore/EventSummary.swift"), encoding: .utf8)
        let phrases = summary.matches(of: /\bw\("([^"\\]*)"/).map { String($0.1) }
        #expect(phrases.count > 20, "the summary's phrases are found (\(phrases.count))")
        for phrase in phrases {
            for language in [Language.ru, .kk] {
                let translated = Fragments.translationText(phrase, language)
                #expect(translated.map(ru) == ru(phrase), "\(language.rawValue) \(phrase): \(translated ?? "missing")")
            }
        }
        // A fragment built with values inside (`"a piece of \(part)"`) is translated too, by
        // one of the templates: each value stood in for by a sample, the sentence must change.
        var built: Set<String> = []
        for case let file as String in FileManager.default.enumerator(atPath: root.path) ?? FileManager.DirectoryEnumerator()
        where file.hasSuffix(".swift") && !file.contains("/Tables/") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /\b(?:allowed|needs|why|whereabouts|what|by): "((?:[^"\\\n]|\\.)*)"/) where m.1.contains("\\(") {
                let sample = String(m.1).replacing(/\\\((?:[^()]|\([^()]*\))*\)/, with: "X1")
                // Only words of ours: a fragment of values alone ("\(part) \(serial)") stays as it is;
                // what was not found ("lot of \(part)") is worded by HangarError.thing, not here.
                guard sample.contains(/[a-z]{3,}/), !sample.hasPrefix("lot of "), !sample.hasPrefix("component of ") else { continue }
                built.insert(sample)
            }
        }
        #expect(built.count > 10, "the built fragments are found (\(built.count))")
        for sample in built.sorted() {
            for language in [Language.ru, .kk] {
                #expect(Fragments.translate(sample, language) != sample, "\(language.rawValue) has no template for \"\(sample)\"")
            }
        }
        // A template in use: the value goes into the translated sentence.
        #expect(Fragments.translate("installed in airframe AF-0042", .ru).contains("AF-0042"))
        #expect(Fragments.translate("installed in airframe AF-0042", .ru) != "installed in airframe AF-0042")
        #expect(Fragments.translate("give a whole number from 1 to 99", .kk).contains("99"))
    }

    /// What the commands print for people (views, lists, counts) follows the language too;
    /// values, states and serials stay raw. The words come from the help tables.
    @Test func outputSpeaksTheChosenLanguage() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["airframe", "register", "AF-0001", "--model", "FPV-7"], as: "tech")
        let english = try cli.ok(["airframe", "show", "AF-0001"]).out
        #expect(english.contains("due for service  no") && english.contains("state            assembly since "), "\(english)")
        for language in [Language.ru, .kk] {
            let out = try cli.ok(["--lang", language.rawValue, "airframe", "show", "AF-0001"]).out
            #expect(!out.contains("due for service") && !out.contains("registered"), "\(out)")
            #expect(out.contains(HelpText.translate("due for service", language)) && out.contains("assembly"), "\(out)")
            let list = try cli.ok(["--lang", language.rawValue, "airframe", "list"]).out
            #expect(list.contains("AF-0001") && list.contains(HelpText.translate("flight min", language)), "\(list)")
            #expect(!list.contains("1 airframe"), "\(list)")
            let workshop = try cli.ok(["--lang", language.rawValue, "workshop", "show"]).out
            #expect(workshop.contains(HelpText.translate("(not set: times are UTC)", language)), "\(workshop)")
        }
    }
}
