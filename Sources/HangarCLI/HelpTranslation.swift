import ArgumentParser
import HangarCore

/// A help text of a command, option or argument in the language of this run (`--lang`,
/// `$HANGAR_LANG`, `$LANG`): the commands are built after the language is chosen.
func tr(_ english: String) -> String { HelpText.translate(english, CLILanguage.current) }

/// What swift-argument-parser writes itself, in the language of this run: the headings of
/// `--help`, and its usage errors, reworded as `error: …` like every other refusal.
enum ParserText {
    static func text(_ key: String, _ args: [String: String] = [:]) -> String {
        Catalogue.text(key, CLILanguage.current, args)
    }

    /// A help page with its headings and the parser's fixed phrases translated.
    static func help(_ page: String) -> String {
        guard CLILanguage.current != .en else { return page }
        let phrases: [(String, String)] = [
            ("OVERVIEW:", "cli.help_overview"), ("USAGE:", "cli.help_usage"), ("ARGUMENTS:", "cli.help_arguments"),
            ("OPTIONS:", "cli.help_options"), ("SUBCOMMANDS:", "cli.help_subcommands"),
            ("Show the version.", "cli.help_version"), ("Show help information.", "cli.help_help"),
            ("(values: ", "cli.help_values"), ("default: ", "cli.help_default"),
        ]
        var out = page
        for (english, key) in phrases { out = out.replacingOccurrences(of: english, with: text(key)) }
        // `See 'hangar help airframe <subcommand>' for detailed help.`, at any level.
        out.replace(/See '(hangar help [^']*<subcommand>)' for detailed help\./) { match in
            text("cli.help_see_subcommand", ["command": String(match.1)])
        }
        return out
    }

    /// A usage error: the parser's message, then its usage line.
    static func usageError(message: String, full: String) -> String {
        var lines = ["error: " + self.message(message)]
        for line in full.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("Usage: ") {
                lines.append(text("cli.usage_line", ["usage": String(line.dropFirst("Usage: ".count))]))
            } else if let command = line.firstMatch(of: /See '(.+) --help' for more information\./)?.1 {
                lines.append(text("cli.usage_see", ["command": String(command)]))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The parser's message in the language of this run (as it is when no pattern fits).
    static func message(_ english: String) -> String {
        let e = english
        if let m = e.wholeMatch(of: /Missing expected argument '(.+)'/) { return text("cli.ap_missing_argument", ["what": String(m.1)]) }
        if let m = e.wholeMatch(of: /Missing one of: (.+)/) { return text("cli.ap_missing_one_of", ["what": String(m.1)]) }
        if let m = e.wholeMatch(of: /Missing value for '(.+)'/) { return text("cli.ap_missing_value", ["what": String(m.1)]) }
        if let m = e.wholeMatch(of: /Unknown option '(.+)'/) { return text("cli.ap_unknown_option", ["what": String(m.1)]) }
        if let m = e.wholeMatch(of: /Unexpected argument '(.+)'/) { return text("cli.ap_unexpected", ["what": String(m.1)]) }
        if let m = e.wholeMatch(of: /\d+ unexpected arguments: (.+)/) { return text("cli.ap_unexpected_many", ["what": String(m.1)]) }
        if let m = e.wholeMatch(of: /The option '(.+)' does not take any value, but '(.*)' was specified\./) {
            return text("cli.ap_no_value", ["what": String(m.1), "value": String(m.2)])
        }
        if e == "Missing required subcommand." { return text("cli.ap_missing_subcommand") }
        if let m = e.wholeMatch(of: /The value '(.*)' is invalid for '([^']+)'\. Please provide one of (.+)\./) {
            let allowed = m.3.replacingOccurrences(of: "' and '", with: "', '").replacingOccurrences(of: "' or '", with: "', '")
            return text("cli.ap_invalid_choice", ["value": String(m.1), "what": String(m.2), "allowed": allowed])
        }
        if let m = e.wholeMatch(of: /The value '(.*)' is invalid for '([^']+)'(?:: (.*))?/) {
            let reason = m.3.map { ": " + $0 } ?? ""
            return text("cli.ap_invalid_value", ["value": String(m.1), "what": String(m.2)]) + reason
        }
        return english
    }
}

/// A sentence of the command line's output with `{name}` values, in the language of this run
/// (its English template is the key, like `tr`'s).
func trf(_ english: String, _ args: [String: String]) -> String { Catalogue.fill(tr(english), args) }
