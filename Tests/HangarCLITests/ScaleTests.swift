import Foundation
import Testing

extension Tag {
    /// Tests that take minutes: `scripts/test` turns them on with HANGAR_SLOW_TESTS=1.
    @Tag static var slow: Self
}

@Suite("Scale", .tags(.slow), .enabled(if: ProcessInfo.processInfo.environment["HANGAR_SLOW_TESTS"] == "1"))
struct ScaleTests {
    /// The hangar binary to time: the release build when scripts/test names it.
    static var binary: String { ProcessInfo.processInfo.environment["HANGAR_RELEASE_BIN"] ?? CLI.binary }

    /// Runs a command under Python's resource accounting: exit status, output, peak RSS of the child in KiB.
    func measured(_ arguments: [String]) throws -> (status: Int32, out: String, maxRSSKiB: Int) {
        let probe = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
            sys.stderr.write(r.stderr)
            print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "")
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.exit(r.returncode)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", probe] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return (process.terminationStatus, lines.first ?? "", Int(lines.last ?? "") ?? -1)
    }

    @Test("the report over a log of a million events finishes within 256 MiB", .timeLimit(.minutes(30)))
    func reportOverAMillionEvents() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let log = cli.directory.appendingPathComponent("national.ndjson").path
        let generator = CLI.fixtures.deletingLastPathComponent().appendingPathComponent("scripts/make-seeds").path
        let generated = try measured(["python3", generator, log, "--airframes", "10800", "--weeks", "52", "--start", "2025-06-30", "--parts", "off"])
        #expect(generated.status == 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8).reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        #expect(lines >= 1_000_000)

        let imported = try measured([Self.binary, "import", log, "--db", cli.db])
        #expect(imported.status == 0)
        #expect(imported.out == "imported \(lines) events, skipped 0 already present")

        let out = cli.directory.appendingPathComponent("report.json").path
        let report = try measured([Self.binary, "report", "--db", cli.db, "--to", "2026-06-29", "--format", "json", "--target", "1000", "--out", out])
        #expect(report.status == 0)
        #expect(report.maxRSSKiB > 0 && report.maxRSSKiB < 256 * 1024, "report peak RSS \(report.maxRSSKiB) KiB")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(((totals["build"] as? [String: Any])?["delivered"] as? Int ?? 0) > 1000)
        #expect(((totals["fleet"] as? [String: Any])?["fleet_size"] as? Int ?? 0) > 5000)
        #expect((object["buckets"] as? [Any])?.count == 12)
    }
}
