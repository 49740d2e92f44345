import ArgumentParser
import HangarCore

/// The short way to a short command: a line that names a leaf command word by word
/// (`airframe flight AF-1 --minutes 5 …`) is parsed by that command alone.
///
/// Parsing from the root, argument-parser first builds the definition of every command
/// (forty-odd, each with its help text) and tries the line as a completion-script request;
/// each new generic type that touches costs the Swift runtime a scan of all the binary's
/// conformance records, and together it was about a sixth of one CLI write (measured
/// in scripts/BENCHMARKS.md). Any line the leaf does not accept outright (help,
/// `--version`, a completion request, a typo, a failed `validate()`) gives nil, and the
/// caller parses it from the root, so every message and usage line names the whole
/// command path as before.
enum LeafParse {
    static func parse(_ arguments: [String], from root: any ParsableCommand.Type) -> (any ParsableCommand)? {
        parse(CommandWalk(arguments, from: root))
    }

    static func parse(_ walk: CommandWalk) -> (any ParsableCommand)? {
        guard case let .leaf(command, rest) = walk else { return nil }
        return parseAlone(command, Array(rest))
    }

    private static func parseAlone<Leaf: ParsableCommand>(_ leaf: Leaf.Type, _ arguments: [String]) -> (any ParsableCommand)? {
        (try? Alone<Leaf>.parseAsRoot(arguments) as? Alone<Leaf>)?.command
    }
}

/// A leaf command as the root of its own line. It is given a super-command's name, which
/// argument-parser reads as "not a root": it then skips trying the line as a
/// completion-script request (two more parsers, each a scan of new types: a sixth of a CLI
/// write). That name would only show in help and usage text, which this parse never prints.
/// A completion-script request on a leaf's line is an unknown option here, ends this parse
/// without a command (nil), and is handled by the parse from the root.
private struct Alone<Leaf: ParsableCommand>: ParsableCommand {
    static var configuration: CommandConfiguration {
        var configuration = Leaf.configuration
        configuration._superCommandName = "hangar"
        return configuration
    }

    @OptionGroup var command: Leaf

    init() {}
}

/// A line's command words, followed from the root once (each command's configuration is
/// built with its help text, so the walk is not repeated): a leaf command and the rest of
/// the line, a word that names no command (`unknown`, with the message), or neither (help,
/// an option before the leaf: left to the parse from the root). A mistyped subcommand
/// (`hangar airframe qcc`) is named as such, with the near match, instead of the parser's
/// "unexpected argument".
enum CommandWalk {
    case leaf(any ParsableCommand.Type, ArraySlice<String>)
    case unknown(String)
    case other

    init(_ arguments: [String], from root: any ParsableCommand.Type) {
        var command = root
        var path = [root.configuration.commandName ?? "hangar"]
        var rest = arguments[...]
        while true {
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty { self = .leaf(command, rest); return }
            guard let word = rest.first, !word.hasPrefix("-") else { self = .other; return }
            // Each configuration is built only until the word is found; all of them only for a typo.
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                if word == "help" { self = .other; return }
                let names = subcommands.compactMap { $0.configuration.commandName }
                let near = names.map { ($0, NearNames.distance($0.lowercased(), word.lowercased())) }
                    .filter { $0.1 <= max(1, word.count / 3) }.min { $0.1 < $1.1 }
                var args = ["word": word, "path": path.joined(separator: " "), "commands": names.joined(separator: ", ")]
                args["near"] = near?.0
                self = .unknown(Catalogue.text(near == nil ? "cli.unknown_command" : "cli.unknown_command_near", CLILanguage.current, args))
                return
            }
            command = next
            path.append(word)
            rest = rest.dropFirst()
        }
    }
}
