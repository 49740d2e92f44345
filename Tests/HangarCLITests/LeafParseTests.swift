import ArgumentParser
import Testing

@testable import HangarCLI

/// A line naming a leaf command is parsed by that command alone; it must mean exactly what
/// the parse from the root means, and give way to it for anything but a plain, valid line.
@Suite("leaf parse")
struct LeafParseTests {
    /// The parsed values, property wrappers included, as text.
    static func described(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    static let valid: [[String]] = [
        ["airframe", "flight", "AF-1", "--minutes", "5", "--purpose", "operational", "--db", "x.sqlite", "--as", "k.bondar"],
        ["airframe", "flight", "af-2", "--purpose", "training", "--operator", "op.1", "--minutes=30", "--at", "2026-01-22T09:00:00Z"],
        ["airframe", "qc", "AF-1", "--check", "motors=pass", "--check", "frame=fail", "--measure", "hover_current_a=11.2", "--defect", "MOTOR"],
        ["airframe", "list", "--state", "ready", "--due", "--json"],
        ["operator", "enroll", "op.1", "--name", "Ivan P", "--unit", "1st UAS Company", "--note", "first intake"],
        ["workshop", "set", "--capacity", "600"],
        ["report", "--from", "2026-01-01", "--to", "2026-03-01", "--every", "month", "--format", "csv", "--target", "100"],
        ["import", "-", "--db", "x.sqlite"],
        ["init"],
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--db", "x.sqlite"],
    ]

    @Test("a valid line gives the leaf command, with the same values as the parse from the root", arguments: valid)
    func sameAsFromTheRoot(line: [String]) throws {
        let leaf = try #require(LeafParse.parse(line, from: Hangar.self))
        let fromRoot = try Hangar.parseAsRoot(line)
        #expect(type(of: leaf) == type(of: fromRoot))
        #expect(Self.described(leaf) == Self.described(fromRoot))
    }

    @Test func theValuesAreThoseOfTheLine() throws {
        let parsed = try #require(LeafParse.parse(Self.valid[0], from: Hangar.self) as? AirframeCommand.Flight)
        #expect(parsed.serial == "AF-1")
        #expect(parsed.minutes == 5)
        #expect(parsed.purpose == .operational)
        #expect(parsed.operatorID == nil)
        #expect(parsed.write.actor == "k.bondar")
        #expect(parsed.write.store.db == "x.sqlite")
    }

    @Test func serveStaysTheAsyncCommandItIs() throws {
        let parsed = try #require(LeafParse.parse(["serve", "--port", "9000"], from: Hangar.self))
        #expect(parsed is AsyncParsableCommand)
        #expect((parsed as? ServeCommand)?.port == 9000)
    }

    static let notPlain: [[String]] = [
        [],
        ["airframe"],
        ["airframe", "fligh", "AF-1"],
        ["help", "airframe", "flight"],
        ["airframe", "flight", "--help"],
        ["airframe", "flight", "AF-1", "-h"],
        ["--version"],
        ["airframe", "flight", "AF-1", "--minutes", "x", "--purpose", "operational"],
        ["airframe", "flight", "AF-1", "--minutes", "5", "--purpose", "sideways"],
        ["airframe", "flight", "AF-1", "--minutes", "5"],
        ["airframe", "flight", "AF-1", "--minutes", "5", "--purpose", "training", "--speed", "9"],
        ["workshop", "set"],
        ["report", "--target", "0"],
        ["airframe", "flight", "AF-1", "--generate-completion-script", "bash"],
        ["--generate-completion-script", "bash"],
    ]

    @Test("help, completions, usage errors and failed validation are left to the parse from the root", arguments: notPlain)
    func leftToTheRoot(line: [String]) {
        #expect(LeafParse.parse(line, from: Hangar.self) == nil)
    }
}

/// The index of leaf commands names exactly the leaves of the command tree.
@Suite("command index")
struct CommandIndexTests {
    static func leaves(of command: any ParsableCommand.Type, path: [String]) -> [String: any ParsableCommand.Type] {
        let subcommands = command.configuration.subcommands
        if subcommands.isEmpty { return [path.joined(separator: " "): command] }
        var all: [String: any ParsableCommand.Type] = [:]
        for sub in subcommands {
            all.merge(leaves(of: sub, path: path + [sub.configuration.commandName ?? ""])) { first, _ in first }
        }
        return all
    }

    @Test func theIndexIsTheTreesLeaves() {
        let tree = Self.leaves(of: Hangar.self, path: [])
        #expect(tree.count > 60)
        let index = Dictionary(CommandIndex.leaves.map { ($0.words, $0.command) }) { first, _ in first }
        #expect(index.count == CommandIndex.leaves.count, "a command's words are listed twice")
        let missing = tree.keys.filter { index[$0] == nil }.sorted()
        #expect(missing.isEmpty, "missing: \(missing.map { "(words: \"\($0)\", command: \(String(reflecting: tree[$0]!)).self)," }.joined(separator: "\n"))")
        for (words, type) in CommandIndex.leaves {
            #expect(tree[words].map { ObjectIdentifier($0) } == ObjectIdentifier(type), "\(words)")
        }
        #expect(tree.keys.map { $0.split(separator: " ").count }.max() ?? 0 <= CommandIndex.maxDepth)
    }

    @Test func aLineNamingALeafIsTheWalksLeafWithTheRestOfTheLine() throws {
        let line = ["hq", "staff", "add", "t.omarov", "--name", "T"]
        guard case let .leaf(type, rest) = CommandWalk(line, from: Hangar.self) else { Issue.record("no leaf"); return }
        #expect(String(reflecting: type) == "HangarCLI.HQStaffCommand.Add")
        #expect(Array(rest) == ["t.omarov", "--name", "T"])
        guard case let .leaf(flight, after) = CommandWalk(["airframe", "flight", "AF-1"], from: Hangar.self) else { Issue.record("no leaf"); return }
        #expect(ObjectIdentifier(flight) == ObjectIdentifier(AirframeCommand.Flight.self))
        #expect(Array(after) == ["AF-1"])
        // Not a leaf's words: the walk as before.
        guard case .unknown = CommandWalk(["airframe", "fligh"], from: Hangar.self) else { Issue.record("a typo is not unknown"); return }
        guard case .other = CommandWalk(["airframe", "--help"], from: Hangar.self) else { Issue.record("help is not other"); return }
    }
}
