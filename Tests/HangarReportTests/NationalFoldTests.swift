import Foundation
import HangarCore
@testable import HangarReport
import Testing

/// The national fold, a workshop at a time (DESIGN §12, §14): lists under each workshop's
/// code in the order a sort of the whole would give, ten oldest of all, counts summed.
@Suite struct NationalFoldUnitTests {
    static let period = try! ReportPeriod(from: try! Day.parse("2026-01-05", field: "from"), to: try! Day.parse("2026-02-02", field: "to"), every: .week)

    static func share(due: [String], whileDue: [String], oldest: [(String, Double)], bySerial: [String: Int] = [:]) -> ReportBuilder.Share {
        let snapshot = Snapshot(
            at: period.to, wip: AirframeState.nonTerminal.map { ($0, $0 == .assembly ? oldest.count : 0) },
            oldestWIP: oldest.map { OldestWIP(serial: $0.0, state: .assembly, hours: $0.1) }, dueForService: IDList(due),
            currentOperators: [("Alpha", 2)], lapsedOperators: [("Alpha", 1)],
            complianceEvents: ComplianceEvents(flightsWhileDue: IDList(whileDue), flightsWhileDueBySerial: SerialCounts(bySerial)), units: [])
        return ReportBuilder.Share(ReportBuilder(period: period), snapshot: snapshot)
    }

    /// "AB-1/…" sorts before "AB/…" though the codes come "AB" first: the fold orders each
    /// workshop's block by its prefix, as a sort of every serial would.
    @Test func listsRunUnderEachCodeInTheOrderOfAWholeSort() {
        let workshops: [(String, ReportBuilder.Share)] = [
            ("AB", Self.share(due: ["AF-1", "AF-9"], whileDue: ["e1", "e2"], oldest: (1...6).map { ("A\($0)", Double($0 * 10)) }, bySerial: ["AF-1": 2])),
            ("AB-1", Self.share(due: ["AF-0", "AF-5"], whileDue: ["e3"], oldest: (1...6).map { ("B\($0)", Double($0 * 10 + 5)) }, bySerial: ["AF-1": 1])),
            ("AC", Self.share(due: [], whileDue: [], oldest: [("C1", 1000)])),
        ]
        var fold = NationalFold(period: Self.period, goal: nil)
        for (code, share) in workshops { fold.add(code, share) }
        let r = fold.finish()
        let everyDue = workshops.flatMap { w in w.1.report.snapshot.dueForService.map { w.0 + "/" + $0 } }
        #expect(Array(r.snapshot.dueForService) == everyDue.sorted())
        #expect(Array(r.snapshot.dueForService) == ["AB-1/AF-0", "AB-1/AF-5", "AB/AF-1", "AB/AF-9"])
        #expect(Array(r.snapshot.complianceEvents.flightsWhileDue) == ["e1", "e2", "e3"])
        #expect(r.snapshot.complianceEvents.flightsWhileDueBySerial == ["AB/AF-1": 2, "AB-1/AF-1": 1])
        let everyOldest = workshops.flatMap { w in w.1.report.snapshot.oldestWIP.map { (w.0 + "/" + $0.serial, $0.hours) } }
            .sorted { $0.1 > $1.1 }.prefix(10)
        #expect(r.snapshot.oldestWIP.map(\.serial) == everyOldest.map(\.0))
        #expect(r.snapshot.oldestWIP.first?.serial == "AC/C1" && r.snapshot.oldestWIP.count == 10)
        #expect(r.snapshot.wip.first { $0.state == .assembly }?.count == 13)
        #expect(r.snapshot.currentOperators.map(\.unit) == ["AB-1/Alpha", "AB/Alpha", "AC/Alpha"])
        // The fold of the array, as the server and older callers make it, is the same report.
        #expect(ReportJSON.bytes(ReportBuilder.national(workshops.map { ($0.0, $0.1) }, period: Self.period, goal: nil)) == ReportJSON.bytes(r))
    }

    /// By airframe, a national report holds only the leading airframes one by one: they are
    /// the leading of every workshop's airframes all held (ties by serial, codes prefixing
    /// one another included), and the count is of every airframe.
    @Test(arguments: 0..<40) func byAirframeTheLeadingOfAllAreKept(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let codes = ["AB", "AB-1", "AC", "Z9"].filter { _ in random.next() % 4 != 0 }
        var folded = SerialCounts(), whole: [String: Int] = [:]
        for code in codes {
            var counts: [String: Int] = [:]
            for _ in 0..<Int(random.next() % 12) { counts["AF-\(random.next() % 9)", default: 0] += Int(random.next() % 3) + 1 }
            folded.fold(SerialCounts(counts), prefix: code + "/")
            for (serial, n) in counts { whole[code + "/" + serial] = n }
        }
        let all = SerialCounts(whole)
        #expect(folded.count == whole.count && folded.isEmpty == whole.isEmpty)
        #expect(folded.leading(SerialCounts.shown).map(\.serial) == all.leading(SerialCounts.shown).map(\.serial))
        #expect(folded.leading(SerialCounts.shown).map(\.count) == all.leading(SerialCounts.shown).map(\.count))
        #expect(folded.counts.count == min(SerialCounts.shown, whole.count))
    }

    @Test func noWorkshopFoldsToAnEmptyReportWithoutCapacity() {
        let r = NationalFold(period: Self.period, goal: nil).finish()
        #expect(r.snapshot.dueForService.isEmpty && r.totals.build.delivered == 0 && r.snapshot.oldestWIP.isEmpty)
        #expect(r.totals.capacity.capacityUtilization == nil)
    }
}
