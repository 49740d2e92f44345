import Foundation
import Testing

/// The report's build, test and fleet numbers against hand-written SQL run by the sqlite3
/// shell on the same file (Fixtures/report/by-hand.sql, also the benchmark's baseline).
@Suite("hangar report against hand-written SQL")
struct ReportBySQLTests {
    @Test func theDemoWorkshopByWeek() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["import", CLI.fixtures.deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson").path])
        let json = try cli.ok(["report", "--to", "2026-11-16", "--format", "json"]).out
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let buckets = try #require(report["buckets"] as? [[String: Any]])

        let sql = try String(contentsOf: CLI.fixtures.appendingPathComponent("report/by-hand.sql"), encoding: .utf8)
            .replacingOccurrences(of: "@TO@", with: "2026-11-16")
        let sqlite = try CLI.pipe(program: "sqlite3", args: ["-readonly", cli.db], stdin: sql)
        let text = sqlite.out
        #expect(sqlite.status == 0, "\(sqlite.err)")
        let rows = text.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 12)
        #expect(rows.count == buckets.count)
        for (row, bucket) in zip(rows, buckets) {
            let build = try #require(bucket["build"] as? [String: Any])
            let test = try #require(bucket["test"] as? [String: Any])
            let fleet = try #require(bucket["fleet"] as? [String: Any])
            #expect(row[0] == bucket["start"] as? String)
            #expect(Int(row[1]) == build["registered"] as? Int, "registered in \(row[0])")
            #expect(Int(row[2]) == build["assembled"] as? Int, "assembled in \(row[0])")
            #expect(Int(row[3]) == build["delivered"] as? Int, "delivered in \(row[0])")
            #expect(Int(row[5]) == test["qc_runs"] as? Int, "qc_runs in \(row[0])")
            #expect(Int(row[6]) == test["qc_passed"] as? Int, "qc_passed in \(row[0])")
            if let yield = test["first_pass_yield"] as? Double {
                #expect(abs((Double(row[7]) ?? -1) - yield) < 1e-9, "first_pass_yield in \(row[0])")
            } else {
                #expect(row[7].isEmpty, "no first run in \(row[0])")
            }
            #expect(Int(row[8]) == fleet["fleet_size"] as? Int, "fleet_size in \(row[0])")
        }
    }
}
