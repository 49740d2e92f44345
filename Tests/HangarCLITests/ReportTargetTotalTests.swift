import Foundation
import Testing

/// `hangar report --target-total N` (DESIGN §14): N delivered in all, besides `--target N`
/// (N more after `--to`); the two together are a usage error.
@Suite("hangar report --target-total")
struct ReportTargetTotalTests {
    static let period = ["--to", "2026-11-16"]

    @Test func targetAndTargetTotalTogetherOrOutOfRangeAreUsageErrors() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        let both = try cli.run(["report", "--target", "5", "--target-total", "50"])
        #expect(both.status == 64)
        #expect(both.err.contains("give --target N (N more after --to) or --target-total N (N in total), not both"))
        #expect(try cli.run(["report", "--target-total", "0"]).status == 64)
        #expect(try cli.run(["report", "--target-total", "10000001"]).status == 64)
        #expect(try cli.run(["report", "--target-total", "many"]).status == 64)
        #expect(try cli.run(["report", "--target-total", "5", "--format", "json"]).status == 0)
    }

    @Test func aTotalIsMoreAfterToPlusWhatWasDeliveredBefore() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let seeds = CLI.fixtures.deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        try cli.ok(["import", seeds.path])
        func forecast(_ option: [String]) throws -> [String: Any] {
            let out = try cli.ok(["report"] + Self.period + option + ["--format", "json"]).out
            let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            return try #require(object["forecast"] as? [String: Any])
        }
        let more = try forecast(["--target", "100"])
        let soFar = try #require(more["delivered_so_far"] as? Int)
        // Every first QC pass before --to, since the log began (the demo log starts before the period).
        let registered = try cli.ok(["airframe", "list", "--json"]).out
        let all = try #require(try JSONSerialization.jsonObject(with: Data(registered.utf8)) as? [[String: Any]])
        let passedBefore = all.compactMap { $0["first_pass_at"] as? String }.filter { $0 < "2026-11-16" }.count
        #expect(soFar == passedBefore && soFar > 0)
        #expect(more["mode"] as? String == "more" && more["more"] as? Int == 100)
        let total = try forecast(["--target-total", "\(soFar + 100)"])
        #expect(total["mode"] as? String == "total" && total["target"] as? Int == soFar + 100)
        #expect(total["more"] as? Int == 100 && total["delivered_so_far"] as? Int == soFar)
        for key in ["p50_date", "p85_date", "p50_weeks", "p85_weeks"] {
            #expect("\(total[key] ?? "")" == "\(more[key] ?? "")", "\(key)")
        }
        #expect(total["p50_date"] is String)
        // Reached already: a note, no dates.
        let reached = try forecast(["--target-total", "\(soFar)"])
        #expect(reached["more"] as? Int == 0 && reached["p50_date"] is NSNull && (reached["note"] as? String)?.hasPrefix("already reached") == true)
        let text = try cli.ok(["report"] + Self.period + ["--target-total", "\(soFar + 100)"]).out
        #expect(text.contains("\(soFar + 100) in total") && text.contains("\(soFar) delivered before 2026-11-16, 100 more"))
        let html = try cli.ok(["report"] + Self.period + ["--target-total", "\(soFar + 100)", "--format", "html"]).out
        #expect(html.contains("\(soFar + 100) in total"))
    }
}
