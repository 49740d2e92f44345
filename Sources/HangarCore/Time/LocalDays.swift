import Foundation

/// The workshop's calendar (DESIGN §13, §14): which local day a moment falls on, and when a
/// local day starts. Without a zone, days are UTC days (as before any zone was set).
public struct LocalDays: Equatable, Sendable {
    public let zone: String?
    private let timeZone: TimeZone?

    public static let utc = LocalDays(zone: nil)

    public init(zone: String?) {
        let timeZone = zone.flatMap(TimeZone.init(identifier:))
        self.zone = timeZone == nil ? nil : zone
        self.timeZone = timeZone
    }

    public static func == (a: LocalDays, b: LocalDays) -> Bool { a.zone == b.zone }

    /// Whether two calendars cut days at the same moments: one zone, or UTC by any of its names.
    public func sameDays(as other: LocalDays) -> Bool {
        zone == other.zone || (isUTC && other.isUTC)
    }

    var isUTC: Bool { zone.map { ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu"].contains($0) } ?? true }

    private func offsetMilliseconds(at t: Timestamp) -> Int64 {
        guard let timeZone else { return 0 }
        return Int64(timeZone.secondsFromGMT(for: t.date)) * 1000
    }

    /// The local day a moment falls on.
    public func day(_ t: Timestamp) -> Day {
        guard timeZone != nil else { return Day(t) }
        return Day(Timestamp(milliseconds: t.milliseconds + offsetMilliseconds(at: t)))
    }

    /// The first moment of a local day: local midnight (where midnight is skipped by a clock
    /// change, the first moment after it).
    public func start(_ d: Day) -> Timestamp {
        guard timeZone != nil else { return d.start }
        let naive = d.start.milliseconds
        let offsets = Set([offsetMilliseconds(at: Timestamp(milliseconds: naive - 43_200_000)),
                           offsetMilliseconds(at: Timestamp(milliseconds: naive + 43_200_000))])
        let fitting = offsets.map { naive - $0 }.filter { offsetMilliseconds(at: Timestamp(milliseconds: $0)) == naive - $0 }
        if let earliest = fitting.min() { return Timestamp(milliseconds: earliest) }
        // Midnight does not exist that day: the day starts when the clocks jump.
        return Timestamp(milliseconds: naive - (offsets.min() ?? 0))
    }
}
