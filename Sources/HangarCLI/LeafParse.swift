import ArgumentParser

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
        var command = root
        var rest = arguments[...]
        while !command.configuration.subcommands.isEmpty {
            guard let word = rest.first,
                let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == word })
            else { return nil }
            command = next
            rest = rest.dropFirst()
        }
        return parseAlone(command, Array(rest))
    }

    private static func parseAlone<Leaf: ParsableCommand>(_ leaf: Leaf.Type, _ arguments: [String]) -> (any ParsableCommand)? {
        (try? Alone<Leaf>.parseAsRoot(arguments) as? Alone<Leaf>)?.command
    }
}

/// A leaf command as the root of its own line. A completion-script request on such a line
/// ends this parse without a command (nil), so it too is handled by the parse from the root.
private struct Alone<Leaf: ParsableCommand>: ParsableCommand {
    static var configuration: CommandConfiguration { Leaf.configuration }

    @OptionGroup var command: Leaf

    init() {}
}
