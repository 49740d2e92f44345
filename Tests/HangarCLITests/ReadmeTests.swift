import Foundation
import Testing

/// The README's command blocks, run as written by a new user (DESIGN: "a new user's first
/// hour must not meet an error the README did not warn of"): every `sh` block after "Two
/// commands" (those two are the scripts CI itself runs), in order, in one empty folder,
/// with `hangar` on the PATH and `set -e`: a command the README does not mark as refused
/// (`|| echo …`) must succeed. `hangar serve` is started as written and stopped once it
/// answers (or at once if its port is taken).
@Suite("README")
struct ReadmeTests {
    static func blocks() throws -> [String] {
        let readme = try String(contentsOf: CLI.fixtures.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [String] = [], current: [String]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```sh" { current = []; continue }
            if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil; continue }
            current?.append(String(line))
        }
        return blocks
    }

    @Test func theTourRunsAsWritten() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count >= 5)
        #expect(blocks[0].contains("scripts/demo") && blocks[0].contains("scripts/test"))
        let cli = try CLI()
        defer { cli.remove() }
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        var script = "set -euo pipefail\nexport PATH=\"\(bin):$PATH\"\ncd \"\(cli.directory.path)\"\n"
        for block in blocks.dropFirst() {
            // A line ending in `\` continues on the next.
            script += block.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").map { line -> String in
                let command = line.trimmingCharacters(in: .whitespaces)
                if command.hasPrefix("hangar serve") {
                    let serve = command.split(separator: "#").first.map(String.init) ?? command
                    return "(\(serve) & pid=$!; for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break; sleep 0.1; done; kill $pid 2>/dev/null || true)"
                }
                return String(line)
            }.joined(separator: "\n") + "\n"
        }
        let path = cli.directory.appendingPathComponent("readme.sh").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [path]
        var environment = ProcessInfo.processInfo.environment
        environment["HANGAR_DB"] = nil
        environment["HANGAR_USER"] = nil
        environment["HANGAR_LANG"] = "en"
        // `hq report` keeps its replays where a user's would go ($XDG_CACHE_HOME), here in the test's folder.
        environment["HANGAR_HQ_CACHE"] = nil
        environment["XDG_CACHE_HOME"] = cli.directory.appendingPathComponent("cache").path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the README's commands stopped: \(errors.suffix(800))")
        // What the tour promises, seen in what it printed.
        #expect(output.contains("awaiting_qc → rework"))
        #expect(output.contains("failed: hover_current_a 15.1 A (limits 8–14 A)"))
        #expect(output.contains("refused (exit 1)"))
        #expect(errors.contains("missing: MOTOR-2207 1/4, PROP-7 0/4"))
        #expect(output.contains("verify: all checks passed"))
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("report.html").path))
        // The national report kept its workshop's replay where the README says.
        let kept = cli.directory.appendingPathComponent("cache/hangar/hq")
        let stores = (try? FileManager.default.contentsOfDirectory(atPath: kept.path)) ?? []
        let files = stores.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: kept.appendingPathComponent($0).path)) ?? [] }
        #expect(files.contains("listing.json") && files.contains { $0.hasSuffix(".sqlite") }, "\(files)")
    }
}
