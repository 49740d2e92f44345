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
    /// lookups one line makes in the list. (Labelled, so the help-text test does not read
    /// the words as a text to translate.)
    static let leaves: [(words: String, command: any ParsableCommand.Type)] = [
        (words: "init", command: InitCommand.self),
        (words: "workshop set", command: WorkshopCommand.Set.self),
        (words: "workshop show", command: WorkshopCommand.Show.self),
        (words: "staff add", command: StaffCommand.Add.self),
        (words: "staff list", command: StaffCommand.List.self),
        (words: "staff password", command: StaffCommand.Password.self),
        (words: "staff token", command: StaffCommand.Token.self),
        (words: "staff update", command: StaffCommand.Update.self),
        (words: "unit add", command: UnitCommand.Add.self),
        (words: "unit list", command: UnitCommand.List.self),
        (words: "model add", command: ModelCommand.Add.self),
        (words: "model list", command: ModelCommand.List.self),
        (words: "model show", command: ModelCommand.Show.self),
        (words: "model update", command: ModelCommand.Update.self),
        (words: "airframe assembled", command: AirframeCommand.Assembled.self),
        (words: "airframe assign-training", command: AirframeCommand.AssignTraining.self),
        (words: "airframe await-parts", command: AirframeCommand.AwaitParts.self),
        (words: "airframe flight", command: AirframeCommand.Flight.self),
        (words: "airframe history", command: AirframeCommand.History.self),
        (words: "airframe install", command: AirframeCommand.Install.self),
        (words: "airframe issue", command: AirframeCommand.Issue.self),
        (words: "airframe list", command: AirframeCommand.List.self),
        (words: "airframe lost", command: AirframeCommand.Lost.self),
        (words: "airframe maintenance-close", command: AirframeCommand.MaintenanceClose.self),
        (words: "airframe maintenance-open", command: AirframeCommand.MaintenanceOpen.self),
        (words: "airframe parts-received", command: AirframeCommand.PartsReceived.self),
        (words: "airframe qc", command: AirframeCommand.QC.self),
        (words: "airframe register", command: AirframeCommand.Register.self),
        (words: "airframe remove", command: AirframeCommand.Remove.self),
        (words: "airframe return", command: AirframeCommand.Return.self),
        (words: "airframe rework-done", command: AirframeCommand.ReworkDone.self),
        (words: "airframe show", command: AirframeCommand.Show.self),
        (words: "airframe undo", command: AirframeCommand.Undo.self),
        (words: "airframe write-off", command: AirframeCommand.WriteOff.self),
        (words: "operator enroll", command: OperatorCommand.Enroll.self),
        (words: "operator fail", command: OperatorCommand.Fail.self),
        (words: "operator list", command: OperatorCommand.List.self),
        (words: "operator qualify", command: OperatorCommand.Qualify.self),
        (words: "operator retrain", command: OperatorCommand.Retrain.self),
        (words: "operator show", command: OperatorCommand.Show.self),
        (words: "operator start", command: OperatorCommand.Start.self),
        (words: "operator withdraw", command: OperatorCommand.Withdraw.self),
        (words: "part add", command: PartCommand.Add.self),
        (words: "part list", command: PartCommand.List.self),
        (words: "part show", command: PartCommand.Show.self),
        (words: "part update", command: PartCommand.Update.self),
        (words: "bom set", command: BOMCommand.Set.self),
        (words: "bom show", command: BOMCommand.Show.self),
        (words: "stock adjust", command: StockCommand.Adjust.self),
        (words: "stock list", command: StockCommand.List.self),
        (words: "stock receive", command: StockCommand.Receive.self),
        (words: "stock undo", command: StockCommand.Undo.self),
        (words: "component show", command: ComponentCommand.Show.self),
        (words: "battery check", command: BatteryCommand.Check.self),
        (words: "battery undo", command: BatteryCommand.Undo.self),
        (words: "recall", command: RecallCommand.self),
        (words: "import", command: ImportCommand.self),
        (words: "export", command: ExportCommand.self),
        (words: "report", command: ReportCommand.self),
        (words: "verify", command: VerifyCommand.self),
        (words: "serve", command: ServeCommand.self),
        (words: "hq conflicts", command: HQCommand.Conflicts.self),
        (words: "hq init", command: HQCommand.Init.self),
        (words: "hq merge", command: HQCommand.Merge.self),
        (words: "hq report", command: HQCommand.Report.self),
        (words: "hq staff add", command: HQStaffCommand.Add.self),
        (words: "hq staff list", command: HQStaffCommand.List.self),
        (words: "hq staff password", command: HQStaffCommand.Password.self),
        (words: "hq staff token", command: HQStaffCommand.Token.self),
        (words: "hq status", command: HQCommand.Status.self),
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
