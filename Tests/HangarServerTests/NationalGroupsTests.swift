import Foundation
@testable import HangarAccess
import HangarCore
import HangarReport
import HangarStore
import Testing

/// A workshop's part of `by_workshop`: its own document's `buckets`, `snapshot` and `totals`,
/// each line six spaces further in. Cut before the id lists are written in (three levels
/// deeper), it must read exactly as cutting the whole document does.
@Suite struct NationalGroupsTests {
    /// The groups as cut from the whole document, lists and all.
    static func cutFromTheWholeDocument(_ r: ThroughputReport) -> [UInt8] {
        var text: [UInt8] = []
        for (i, g) in NationalReport.members(["buckets", "snapshot", "totals"], of: ReportJSON.bytes(r), indent: 6).enumerated() {
            text += Array(((i == 0 ? "\n" : ",\n") + "      \"\(g.key)\" : ").utf8)
            text += g.value
        }
        return text
    }

    @Test func groupsCutBeforeTheListsReadAsCutAfter() throws {
        let w = try RandomWorkshop(seed: 11)
        defer { w.remove() }
        try w.run(steps: 1_500)
        let period = try ReportPeriod(from: Day(year: 2025, month: 12, day: 29), to: Day(year: 2026, month: 12, day: 28), every: .month, timezone: "UTC")
        var r = try ReportSource.report(from: w.store, period: period, goal: .more(40), now: w.clock.adding(minutes: 1))
        // Every list long, with an id a JSON string must escape.
        r.snapshot.dueForService = IDList((1...40).map { "AF-\($0)" })
        r.snapshot.complianceEvents.flightsWhileDue = IDList((1...30).map { "e-\($0)" } + ["odd\"id\\"])
        r.snapshot.complianceEvents.hastyQC = IDList(["q-1", "q-2"])
        let groups = NationalReport.groups(of: r)
        #expect(groups == Self.cutFromTheWholeDocument(r))
        let text = String(decoding: groups, as: UTF8.self)
        #expect(text.contains("\n            \"AF-40\"\n          ]") && text.contains("\"odd\\\"id\\\\\""), "\(text.suffix(2_000))")
        // Empty lists too.
        r.snapshot.dueForService = IDList()
        r.snapshot.complianceEvents.flightsWhileDue = IDList()
        r.snapshot.complianceEvents.hastyQC = IDList()
        #expect(NationalReport.groups(of: r) == Self.cutFromTheWholeDocument(r))
    }
}
