import HangarCore

/// Bucket size of the report.
public enum Bucketing: String, CaseIterable, Sendable { case week, month }

/// One bucket: [start, end) in UTC days, clipped to the period.
public struct Bucket: Equatable, Sendable {
    public var start: Day
    public var end: Day
    public var days: Int64 { end.index - start.index }
}

/// The report's period `[from, to)` and its buckets (ISO weeks from Monday, or calendar
/// months), clipped to the period.
public struct ReportPeriod: Equatable, Sendable {
    public var from: Day
    public var to: Day
    public var every: Bucketing
    /// The workshop's calendar: days, weeks and months are local when it has a time zone.
    public var local: LocalDays = .utc

    /// The first moment of a day of this period's calendar (local midnight).
    public func instant(_ d: Day) -> Timestamp { local.start(d) }

    public init(from: Day, to: Day, every: Bucketing, timezone: String? = nil) throws {
        self.local = LocalDays(zone: timezone)
        guard from < to else {
            throw HangarError.invalidValue(field: "--from", value: "\(from)", allowed: "the period must start before --to (\(to))")
        }
        guard to.index - from.index <= 366 * 20 else {
            throw HangarError.invalidValue(field: "--from", value: "\(from)", allowed: "the period may span at most 20 years")
        }
        self.from = from
        self.to = to
        self.every = every
    }

    /// The defaults: `to` = tomorrow, `from` = the start of the bucket 11 buckets before the
    /// one holding the day before `to`: twelve whole buckets (DESIGN §14).
    public static func defaults(today: Day, every: Bucketing = .week) -> (from: Day, to: Day) {
        let to = today.adding(days: 1)
        return (defaultFrom(to: to, every: every), to)
    }

    public static func defaultFrom(to: Day, every: Bucketing) -> Day {
        let last = to.adding(days: -1)
        switch every {
        case .week:
            return last.mondayOnOrBefore.adding(days: -77)
        case .month:
            let c = last.components
            var month = c.month - 11, year = c.year
            while month < 1 { month += 12; year -= 1 }
            return Day(year: year, month: month, day: 1)
        }
    }

    /// Whether a bucket is a whole week or month (not cut by the period's ends).
    public func isWhole(_ b: Bucket) -> Bool {
        switch every {
        case .week: return b.days == 7
        case .month: return b.start.components.day == 1 && b.end == b.start.firstOfNextMonth
        }
    }

    public var buckets: [Bucket] {
        var result: [Bucket] = []
        var start = from
        while start < to {
            let natural = every == .week ? start.mondayOnOrBefore.adding(days: 7) : start.firstOfNextMonth
            let end = min(natural, to)
            result.append(Bucket(start: start, end: end))
            start = end
        }
        return result
    }

    public var days: Int64 { to.index - from.index }

    /// The complete ISO weeks inside the period (Monday starts), for the forecast.
    public var completeWeeks: [Day] {
        var monday = from.isoWeekday == 1 ? from : from.mondayOnOrBefore.adding(days: 7)
        var weeks: [Day] = []
        while monday.adding(days: 7) <= to {
            weeks.append(monday)
            monday = monday.adding(days: 7)
        }
        return weeks
    }
}

/// Nearest-rank percentiles, exact: the ⌈q·n⌉-th smallest with q = numerator/denominator.
public enum NearestRank {
    public static func percentile<T: Comparable>(_ sorted: [T], numerator: Int, denominator: Int) -> T? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        let rank = max(1, (numerator * n + denominator - 1) / denominator)
        return sorted[min(rank, n) - 1]
    }

    public static func p50<T: Comparable>(_ values: [T]) -> T? { percentile(values.sorted(), numerator: 1, denominator: 2) }
    public static func p85<T: Comparable>(_ values: [T]) -> T? { percentile(values.sorted(), numerator: 85, denominator: 100) }
}

/// A ratio, `nil` when the denominator is zero.
func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }
