import Foundation
import Testing

/// The report of the demo workshop, in all four formats, against the files in
/// Fixtures/report. Any change of output is a visible diff; to accept one on purpose, run
/// the tests with UPDATE_GOLDEN=1 and review the changed fixtures.
@Suite("hangar report on the demo workshop")
struct ReportGoldenTests {
    static let arguments = ["report", "--to", "2026-11-16", "--target", "100"]

    @Test func goldenFilesForEveryFormat() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let seeds = CLI.fixtures.deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        try cli.ok(["import", seeds.path])
        for (format, file) in [("text", "demo.txt"), ("json", "demo.json"), ("csv", "demo.csv"), ("html", "demo.html")] {
            let output = try cli.ok(Self.arguments + ["--format", format]).out
            let golden = CLI.fixtures.appendingPathComponent("report/\(file)")
            if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(output.utf8).write(to: golden)
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(output == expected, "report --format \(format) differs from Fixtures/report/\(file)")
        }
        // --out writes the same bytes to a file (JSON written a piece at a time, the others whole).
        for (format, file) in [("html", "demo.html"), ("json", "demo.json")] {
            let out = cli.directory.appendingPathComponent("report.\(format)").path
            try cli.ok(Self.arguments + ["--format", format, "--out", out])
            #expect(try String(contentsOfFile: out, encoding: .utf8) == String(contentsOf: CLI.fixtures.appendingPathComponent("report/\(file)"), encoding: .utf8))
        }
        // Month buckets cover the same deliveries.
        let monthly = try cli.ok(["report", "--from", "2026-06-29", "--to", "2026-11-16", "--every", "month", "--format", "json"]).out
        let object = try #require(try JSONSerialization.jsonObject(with: Data(monthly.utf8)) as? [String: Any])
        let buckets = try #require(object["buckets"] as? [[String: Any]])
        #expect(buckets.map { $0["start"] as? String } == ["2026-06-29", "2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"])
        let delivered = buckets.compactMap { ($0["build"] as? [String: Any])?["delivered"] as? Int }.reduce(0, +)
        let registered = try cli.ok(["airframe", "list", "--json"]).out
        let all = try #require(try JSONSerialization.jsonObject(with: Data(registered.utf8)) as? [[String: Any]])
        #expect(delivered == all.filter { !($0["first_pass_at"] is NSNull) }.count)
    }

    @Test func badReportArguments() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let badDate = try cli.run(["report", "--to", "2026-13-01"])
        #expect(badDate.status == 1)
        #expect(badDate.err == "error: invalid --to '2026-13-01': give a UTC date as YYYY-MM-DD, e.g. 2026-11-16\n")
        let backwards = try cli.run(["report", "--from", "2026-02-01", "--to", "2026-01-01"])
        #expect(backwards.status == 1)
        #expect(backwards.err.contains("the period must start before --to"))
        #expect(try cli.run(["report", "--every", "fortnight"]).status == 64)
        #expect(try cli.run(["report", "--format", "pdf"]).status == 64)
        #expect(try cli.run(["report", "--target", "0"]).status == 64)
    }
}
