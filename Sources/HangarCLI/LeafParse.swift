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
        if root == Hangar.self, let (leaf, rest) = CommandIndex.leaf(arguments) {
            self = .leaf(leaf, rest)
            return
        }
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

/// Every leaf command by its words (`airframe flight`): the walk's first look, which builds
/// no command's configuration. Walking the tree builds each command's configuration, help
/// text included, until the word is found (for `airframe flight` a dozen of them); this
/// table names the same leaves (a test walks the tree and compares).
enum CommandIndex {
    /// A list, not a dictionary: building a dictionary of them cost more than all the
    /// lookups one line makes in the list.
    static let leaves: [(words: String, command: any ParsableCommand.Type)] = [
        ("init", InitCommand.self),
        ("workshop set", WorkshopCommand.Set.self),
        ("workshop show", WorkshopCommand.Show.self),
        ("staff add", StaffCommand.Add.self),
        ("staff list", StaffCommand.List.self),
        ("staff password", StaffCommand.Password.self),
        ("staff token", StaffCommand.Token.self),
        ("staff update", StaffCommand.Update.self),
        ("unit add", UnitCommand.Add.self),
        ("unit list", UnitCommand.List.self),
        ("model add", ModelCommand.Add.self),
        ("model list", ModelCommand.List.self),
        ("model show", ModelCommand.Show.self),
        ("model update", ModelCommand.Update.self),
        ("airframe assembled", AirframeCommand.Assembled.self),
        ("airframe assign-training", AirframeCommand.AssignTraining.self),
        ("airframe await-parts", AirframeCommand.AwaitParts.self),
        ("airframe flight", AirframeCommand.Flight.self),
        ("airframe history", AirframeCommand.History.self),
        ("airframe install", AirframeCommand.Install.self),
        ("airframe issue", AirframeCommand.Issue.self),
        ("airframe list", AirframeCommand.List.self),
        ("airframe lost", AirframeCommand.Lost.self),
        ("airframe maintenance-close", AirframeCommand.MaintenanceClose.self),
        ("airframe maintenance-open", AirframeCommand.MaintenanceOpen.self),
        ("airframe parts-received", AirframeCommand.PartsReceived.self),
        ("airframe qc", AirframeCommand.QC.self),
        ("airframe register", AirframeCommand.Register.self),
        ("airframe remove", AirframeCommand.Remove.self),
        ("airframe return", AirframeCommand.Return.self),
        ("airframe rework-done", AirframeCommand.ReworkDone.self),
        ("airframe show", AirframeCommand.Show.self),
        ("airframe undo", AirframeCommand.Undo.self),
        ("airframe write-off", AirframeCommand.WriteOff.self),
        ("operator enroll", OperatorCommand.Enroll.self),
        ("operator fail", OperatorCommand.Fail.self),
        ("operator list", OperatorCommand.List.self),
        ("operator qualify", OperatorCommand.Qualify.self),
        ("operator retrain", OperatorCommand.Retrain.self),
        ("operator show", OperatorCommand.Show.self),
        ("operator start", OperatorCommand.Start.self),
        ("operator withdraw", OperatorCommand.Withdraw.self),
        ("part add", PartCommand.Add.self),
        ("part list", PartCommand.List.self),
        ("part show", PartCommand.Show.self),
        ("part update", PartCommand.Update.self),
        ("bom set", BOMCommand.Set.self),
        ("bom show", BOMCommand.Show.self),
        ("stock adjust", StockCommand.Adjust.self),
        ("stock list", StockCommand.List.self),
        ("stock receive", StockCommand.Receive.self),
        ("stock undo", StockCommand.Undo.self),
        ("component show", ComponentCommand.Show.self),
        ("battery check", BatteryCommand.Check.self),
        ("battery undo", BatteryCommand.Undo.self),
        ("recall", RecallCommand.self),
        ("import", ImportCommand.self),
        ("export", ExportCommand.self),
        ("report", ReportCommand.self),
        ("verify", VerifyCommand.self),
        ("serve", ServeCommand.self),
        ("hq conflicts", HQCommand.Conflicts.self),
        ("hq init", HQCommand.Init.self),
        ("hq merge", HQCommand.Merge.self),
        ("hq report", HQCommand.Report.self),
        ("hq staff add", HQStaffCommand.Add.self),
        ("hq staff list", HQStaffCommand.List.self),
        ("hq staff password", HQStaffCommand.Password.self),
        ("hq staff token", HQStaffCommand.Token.self),
        ("hq status", HQCommand.Status.self),
    ]

    /// The leaf named by the line's first words, and the rest of the line.
    static func leaf(_ arguments: [String]) -> (any ParsableCommand.Type, ArraySlice<String>)? {
        var words = ""
        for (count, word) in arguments.prefix(maxDepth).enumerated() {
            words += count == 0 ? word : " " + word
            if let leaf = leaves.first(where: { $0.words == words }) { return (leaf.command, arguments.dropFirst(count + 1)) }
        }
        return nil
    }

    /// The most words a leaf's path has.
    static let maxDepth = 3
}
