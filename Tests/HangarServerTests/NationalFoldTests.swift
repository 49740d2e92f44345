import Foundation
import HangarAccess
import HangarCore
import HangarReport
import HangarStore
import Testing

/// The national report folds each workshop's own report, made from its replay's summary
/// tables where they answer the period in its calendar, else from a pass over its log.
/// Both ways must give the same document, byte for byte: here over two random workshops
/// (UTC, one of them with a line missing at HQ, so replayed leniently) and the demo
/// workshop (Asia/Almaty), in both zones, so each report mixes the two ways.
@Suite("national report: summaries and passes fold alike")
struct NationalFoldTests {
    static let now = Timestamp(milliseconds: 4_000_000_000_000)

    /// Sets the workshop's code, then writes its export, without the `drop`-th line if given.
    static func export(_ store: HangarStore, code: String, admin: String, at: Timestamp, to url: URL, drop: Int? = nil) throws {
        try store.record(EventInput(id: "code-\(code)", subject: "Workshop \(code)", occurredAt: at, actor: admin,
                                    body: .workshopSet(WorkshopSetting(code: code))), now: at)
        var lines: [String] = []
        try store.exportEvents { lines.append($0) }
        if let drop { lines.remove(at: drop) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    @Test func summariesAndPassesGiveOneDocument() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-fold-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hq = HQStore(engine: try SQLiteHQ(path: folder.appendingPathComponent("hq.sqlite").path, create: true))

        var files: [URL] = []
        for (seed, code) in [(UInt64(3), "KZ-R1"), (5, "KZ-R2")] {
            let w = try RandomWorkshop(seed: seed)
            defer { w.remove() }
            try w.run(steps: 1_200)
            let url = folder.appendingPathComponent("\(code).ndjson")
            // KZ-R2's 400th line never reached HQ: a gap, so its own import refuses the log.
            try Self.export(w.store, code: code, admin: "boss", at: w.clock.adding(minutes: 1), to: url, drop: code == "KZ-R2" ? 400 : nil)
            files.append(url)
        }
        let demoPath = folder.appendingPathComponent("demo.sqlite").path
        let demo = try HangarStore(path: demoPath, create: true)
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        _ = try demo.importEvents(from: try FileHandle(forReadingFrom: seeds), now: Self.now)
        #expect(try demo.workshop().timezone == "Asia/Almaty")
        try Self.export(demo, code: "KZ-DEMO", admin: "a.nurlanova", at: try Timestamp.parse("2026-12-01T00:00:00Z"),
                        to: folder.appendingPathComponent("KZ-DEMO.ndjson"))
        files.append(folder.appendingPathComponent("KZ-DEMO.ndjson"))
        for file in files { _ = try await hq.merge(try FileHandle(forReadingFrom: file), name: file.path) }

        for zone in ["UTC", "Asia/Almaty"] {
            for (from, to, every) in [((2025, 12, 29), (2026, 12, 28), Bucketing.month), ((2026, 2, 2), (2026, 8, 3), .week)] {
                let period = try ReportPeriod(from: Day(year: from.0, month: from.1, day: from.2), to: Day(year: to.0, month: to.1, day: to.2),
                                              every: every, timezone: zone)
                func national(summaries: Bool) async throws -> NationalReport {
                    let scratch = folder.appendingPathComponent("replays-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                    return try await NationalReport.build(from: hq, period: period, goal: .more(50), now: Self.now, in: scratch, summaries: summaries)
                }
                let fast = try await national(summaries: true), slow = try await national(summaries: false)
                // Each workshop keeping the national zone is read from its summaries.
                let read = fast.workshops.filter(\.fromSummaries).map(\.code)
                #expect(read == (zone == "UTC" ? ["KZ-R1", "KZ-R2"] : ["KZ-DEMO"]), "\(zone): \(read)")
                #expect(slow.workshops.filter(\.fromSummaries).isEmpty)
                #expect(fast.workshops.first { $0.code == "KZ-R2" }?.refusedOnReplay == slow.workshops.first { $0.code == "KZ-R2" }?.refusedOnReplay)
                let (a, b) = (String(decoding: try fast.json(), as: UTF8.self).split(separator: "\n"),
                              String(decoding: try slow.json(), as: UTF8.self).split(separator: "\n"))
                let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
                #expect(first == nil && a.count == b.count,
                        "\(zone) \(period.from)..<\(period.to): line \(first?.offset ?? min(a.count, b.count)) reads \(first.map { String($0.element.0) } ?? "") from the summaries, \(first.map { String($0.element.1) } ?? "") by passes")
                // The fold is exercised: every workshop delivered, and the totals are their sum.
                let delivered = fast.workshops.map(\.totals.build.delivered)
                #expect(delivered.allSatisfy { $0 > 0 } && fast.report.totals.build.delivered == delivered.reduce(0, +), "\(delivered)")
                // The national list of airframes due is every workshop's, each under its code, in order.
                let document = try #require(try JSONSerialization.jsonObject(with: Data(try fast.json())) as? [String: Any])
                let byWorkshop = try #require(document["by_workshop"] as? [String: [String: Any]])
                let dueByWorkshop = byWorkshop.keys.sorted { Array(($0 + "/").utf8).lexicographicallyPrecedes(Array(($1 + "/").utf8)) }.flatMap { code in
                    ((byWorkshop[code]?["snapshot"] as? [String: Any])?["due_for_service"] as? [String] ?? []).map { code + "/" + $0 }
                }
                #expect(Array(fast.report.snapshot.dueForService) == dueByWorkshop && dueByWorkshop == dueByWorkshop.sorted())
            }
        }
        // With a replay cache: every replay made first and kept, then the parts made from the
        // kept replays, as many at once as asked, folded in code order; a second report from
        // what the first kept. Each the document made without a cache, byte for byte.
        let period = try ReportPeriod(from: Day(year: 2025, month: 12, day: 29), to: Day(year: 2026, month: 12, day: 28), every: .month,
                                      timezone: "Asia/Almaty")
        func built(_ cache: ReplayCache?, parallel: Int) async throws -> (json: [UInt8], warned: [String]) {
            let scratch = folder.appendingPathComponent("replays-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            var warned: [String] = []
            let national = try await NationalReport.build(from: hq, period: period, goal: .more(50), now: Self.now, in: scratch, cache: cache,
                                                          parallel: parallel) { code, _, _ in warned.append(code) }
            return (try national.json(), warned)
        }
        let plain = try await built(nil, parallel: 2)
        for parallel in [1, 2, 3] {
            let base = folder.appendingPathComponent("cache-\(parallel)")
            let cache = try #require(ReplayCache.standard(for: folder.appendingPathComponent("hq.sqlite").path, environment: ["HANGAR_HQ_CACHE": base.path]))
            let first = try await built(cache, parallel: parallel), kept = try await built(cache, parallel: parallel)
            #expect(first.json == plain.json && first.warned == plain.warned, "first report, \(parallel) at once")
            #expect(kept.json == plain.json && kept.warned == plain.warned, "from the kept replays, \(parallel) at once")
        }
        await hq.engine.close()
    }
}
