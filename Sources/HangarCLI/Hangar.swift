import ArgumentParser
import Foundation
import HangarCore

/// The `hangar` command: the workshop's record from the command line.
public struct Hangar: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hangar",
        abstract: tr("The record and the dashboard of a drone workshop."),
        discussion: tr("""
            Every write names its author (--as ID or $HANGAR_USER) and goes through the workshop's rules;
            a rejected command writes nothing. The database is --db PATH, $HANGAR_DB or ./hangar.sqlite.
            Exit status: 0 success, 1 rejected by a rule or bad data, 64 usage error.
            """),
        version: Hangar.version,
        subcommands: [
            InitCommand.self, WorkshopCommand.self, StaffCommand.self, UnitCommand.self, ModelCommand.self,
            AirframeCommand.self, OperatorCommand.self, PartCommand.self, BOMCommand.self, StockCommand.self,
            ComponentCommand.self, BatteryCommand.self, RecallCommand.self, ImportCommand.self, ExportCommand.self, ReportCommand.self, VerifyCommand.self, ServeCommand.self,
            HQCommand.self,
        ]
    )

    /// This build's version: the schema it writes is in the database itself.
    public static let version = "hangar 0.14.0 (sustainment: parts, stock, genealogy, batteries, local content)"

    public init() {}

    /// Runs the command line: `error: …` on stderr and exit 1 for a refusal, 64 for usage.
    /// Commands run on the main thread; only `serve` starts the concurrency runtime (a
    /// short command spends no start-up on it).
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        do {
            let (withoutLang, flag) = CLILanguage.extract(arguments ?? Array(CommandLine.arguments.dropFirst()))
            guard let language = Language.forCommandLine(flag: flag, variable: Environment.value) else {
                Console.error("error: " + Catalogue.text("cli.bad_lang", .en, ["value": flag ?? ""]))
                Foundation.exit(64)
            }
            CLILanguage.current = language
            let line = GlobalOptions.hoist(withoutLang)
            let walk = CommandWalk(line, from: Hangar.self)
            if case let .unknown(message) = walk {
                Console.error("error: \(message)")
                Foundation.exit(64)
            }
            let parsed = try LeafParse.parse(walk) ?? parseAsRoot(line)
            if let asyncCommand = parsed as? AsyncParsableCommand {
                Task {
                    var command = asyncCommand
                    do {
                        try await command.run()
                        Foundation.exit(0)
                    } catch {
                        finish(with: error)
                    }
                }
                // The main thread waits for the task to end the process. (Not dispatchMain():
                // it ends the main thread with pthread_exit, whose unwinding first sorts the
                // frame tables of this whole static binary — a tenth of a short `hq` command.)
                waitForTheTask()
            }
            var command = parsed
            try command.run()
            Foundation.exit(0)
        } catch {
            finish(with: error)
        }
    }

    private static func waitForTheTask() -> Never {
        let never = DispatchSemaphore(value: 0)
        while true { never.wait() }
    }

    private static func finish(with error: any Error) -> Never {
        if let error = error as? HangarError {
            Console.error("error: " + LocalTime.$readersZone.withValue(CLILanguage.zone) { error.message(in: CLILanguage.current) })
            // Who is writing is a usage matter, as the README's exit codes say.
            if case .noActor = error { Foundation.exit(64) }
            Foundation.exit(1)
        }
        // Help and version on standard output; the parser's usage errors like every other
        // refusal: `error: …` (then the usage line) on standard error, in the run's language.
        // A command that said what it had to and only sets the status.
        if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
        let code = exitCode(for: error)
        if code == .success {
            print(ParserText.help(fullMessage(for: error)))
            Foundation.exit(0)
        }
        Console.error(ParserText.usageError(message: message(for: error), full: fullMessage(for: error)))
        Foundation.exit(code.rawValue)
    }
}

/// The process's environment variables, read one by one: Foundation's
/// `ProcessInfo.environment` makes a dictionary of all of them on every call.
enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// The language the command line speaks (DESIGN §13): `--lang`, anywhere before `--`, then
/// `$HANGAR_LANG`, then `$LANG`. Set once, before any command runs.
enum CLILanguage {
    nonisolated(unsafe) static var current: Language = .en
    /// The workshop's time zone, read when the database is opened (nil: UTC).
    nonisolated(unsafe) static var zone: String?

    /// A moment as people read it: local time to the minute.
    static func time(_ t: Timestamp) -> String { LocalTime.show(t, zone: zone, current) }

    /// Takes `--lang X` / `--lang=X` out of the arguments; the last one given wins. After
    /// `staff add` and `staff update`, `--lang` is the staff member's own language instead.
    static func extract(_ arguments: [String]) -> (arguments: [String], flag: String?) {
        var out: [String] = []
        var flag: String?
        var words: [String] = []
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if word == "--" || (words.count >= 2 && words[0] == "staff" && (words[1] == "add" || words[1] == "update")) {
                out.append(contentsOf: arguments[i...])
                break
            }
            if !word.hasPrefix("-") && (i == 0 || !GlobalOptions.withValue.contains(arguments[i - 1])) { words.append(word) }
            if word == "--lang" {
                flag = i + 1 < arguments.count ? arguments[i + 1] : ""
                i += 2
                continue
            }
            if word.hasPrefix("--lang=") {
                flag = String(word.dropFirst("--lang=".count))
                i += 1
                continue
            }
            out.append(word)
            i += 1
        }
        return (out, flag)
    }
}

/// DESIGN §6 calls --db, --as, --at, --note and --json global: `hangar --db F airframe list`
/// works as well as `hangar airframe list --db F`. Global options given before the
/// subcommand are moved behind it, where each command declares them.
enum GlobalOptions {
    static let withValue = ["--db", "--as", "--at", "--note"]
    static let flags = ["--json"]

    static func hoist(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            let name = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
            if flags.contains(first) || (withValue.contains(name) && first.contains("=")) {
                leading.append(first)
                rest = rest.dropFirst()
            } else if withValue.contains(first), rest.count >= 2 {
                leading.append(contentsOf: rest.prefix(2))
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + leading + Array(rest[terminator...])
        }
        return Array(rest) + leading
    }
}
