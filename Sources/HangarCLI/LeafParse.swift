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
                let next = command.configuration.subcommands.first(where: { $0._commandName == word })
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

/// A leaf command as the root of its own line.
private struct Alone<Leaf: ParsableCommand>: ParsableCommand {
    static var configuration: CommandConfiguration {
        var configuration = Leaf.configuration
        // The line is part of a larger tool, which is what argument-parser's super-command
        // name says; it then leaves completion-script requests to that tool (here: the
        // parse from the root, since such a line fails here).
        configuration._superCommandName = "hangar"
        return configuration
    }

    @OptionGroup var command: Leaf

    init() {}
}
