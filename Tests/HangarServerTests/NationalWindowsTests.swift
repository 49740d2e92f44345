@testable import HangarAccess
@testable import HangarStore
import Testing

/// Which workshops a national report makes at once (DESIGN §9: 256 MiB for the whole
/// report): up to one per core, but a replay of a long log with no other replay beside it.
@Suite struct NationalWindowsTests {
    static func status(_ code: String, _ events: Int) -> HQStore.OriginStatus {
        HQStore.OriginStatus(workshop: code, events: events, lastSeq: Int64(events), lastRecorded: nil, chainVerified: true, complete: true)
    }

    static func codes(_ windows: [[HQStore.OriginStatus]]) -> [[String]] { windows.map { $0.map(\.workshop) } }

    @Test func aLongLogIsReplayedAloneAndKeptOnesKeepItCompany() {
        let long = NationalReport.replayAloneLines + 1
        let all = [Self.status("A", 100), Self.status("B", long), Self.status("C", long), Self.status("D", 100), Self.status("E", 100)]
        #expect(Self.codes(NationalReport.windows(all, parallel: 2) { _ in true }) == [["A"], ["B"], ["C"], ["D", "E"]])
        #expect(Self.codes(NationalReport.windows(all, parallel: 2) { $0.workshop != "B" }) == [["A", "B"], ["C"], ["D", "E"]])
        #expect(Self.codes(NationalReport.windows(all, parallel: 2) { $0.workshop != "D" }) == [["A"], ["B"], ["C", "D"], ["E"]])
        // Nothing to replay (every replay kept): a core each.
        #expect(Self.codes(NationalReport.windows(all, parallel: 2) { _ in false }) == [["A", "B"], ["C", "D"], ["E"]])
        // Short logs only: as many at once as asked, in code order, every workshop once.
        let short = (1...7).map { Self.status("W\($0)", NationalReport.replayAloneLines) }
        #expect(Self.codes(NationalReport.windows(short, parallel: 3) { _ in true }) == [["W1", "W2", "W3"], ["W4", "W5", "W6"], ["W7"]])
        #expect(Self.codes(NationalReport.windows(short, parallel: 0) { _ in true }) == short.map { [$0.workshop] })
        #expect(NationalReport.windows([], parallel: 2) { _ in true }.isEmpty)
    }
}
