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

    public static func p50<T: Comparable>(_ values: [T]) -> T? { percentiles(values, [(1, 2)])[0] }
    public static func p85<T: Comparable>(_ values: [T]) -> T? { percentiles(values, [(85, 100)])[0] }

    /// The percentiles `quantiles` (numerator, denominator) of `values`, unsorted, each as
    /// `percentile` gives it from the sorted values, in the order asked. Found by selection,
    /// not a sort: a national period holds a million build times, which took a tenth of a
    /// second to sort on the report's last, single-threaded stretch.
    public static func percentiles<T: Comparable>(_ values: [T], _ quantiles: [(numerator: Int, denominator: Int)]) -> [T?] {
        guard !values.isEmpty else { return quantiles.map { _ in nil } }
        let n = values.count
        let positions = quantiles.map { min(max(1, ($0.numerator * n + $0.denominator - 1) / $0.denominator), n) - 1 }
        var work = values
        var found: [Int: T] = [:]
        var start = 0
        // Each selection leaves everything after its position no smaller: the next, larger
        // position is searched after it.
        for k in Set(positions).sorted() {
            found[k] = select(&work, k, from: start)
            start = k
        }
        return positions.map { found[$0] }
    }

    /// The value that sorting `values[from...]` would put at `k`; leaves `values[from..<k]`
    /// no larger and `values[(k + 1)...]` no smaller than it. Three-way partitions (equal
    /// values, common among hours, settle at once) around the middle of three pivots taken
    /// at fixed pseudo-random places.
    static func select<T: Comparable>(_ values: inout [T], _ k: Int, from: Int) -> T {
        var lo = from, hi = values.count
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func place() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return lo + Int((state >> 33) % UInt64(hi - lo))
        }
        while hi - lo > 16 {
            let (a, b, c) = (values[place()], values[place()], values[place()])
            let pivot = max(min(a, b), min(max(a, b), c))
            var lt = lo, i = lo, gt = hi
            while i < gt {
                if values[i] < pivot {
                    values.swapAt(lt, i); lt += 1; i += 1
                } else if pivot < values[i] {
                    gt -= 1; values.swapAt(i, gt)
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt } else if k >= gt { lo = gt } else { return pivot }
        }
        values[lo..<hi].sort()
        return values[k]
    }
}

/// A ratio, `nil` when the denominator is zero.
func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }
