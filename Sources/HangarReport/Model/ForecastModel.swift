import HangarCore

/// Monte-Carlo forecast: each trial draws weekly delivered counts (with replacement) from
/// the period's complete weeks until `target` more airframes are delivered. Fixed seed:
/// the same log gives the same forecast.
public enum ForecastModel {
    public static let trials = 10_000
    public static let seed: UInt64 = 0x4841_4E47_4152  // "HANGAR"
    /// Trials give up after ten years of weeks.
    static let horizonWeeks = 520

    public static func run(target: Int, weekly: [Int], after to: Day) -> Forecast {
        run(goal: .more(target), deliveredSoFar: 0, weekly: weekly, after: to)
    }

    /// The forecast of a goal: `more(N)` waits for N deliveries after `to`; `total(N)` for
    /// N − `deliveredSoFar` (the airframes delivered before `to`). A total already reached
    /// runs no trials: no dates, an empty fan and a note saying so.
    public static func run(goal: ForecastGoal, deliveredSoFar: Int, weekly: [Int], after to: Day) -> Forecast {
        let target: Int
        switch goal {
        case let .more(n): target = n
        case let .total(n): target = max(n - deliveredSoFar, 0)
        }
        var forecast = Forecast(target: goal.target, mode: goal.mode, deliveredSoFar: deliveredSoFar, more: target,
                                trials: trials, seed: seed, weeklyDelivered: weekly, fan: [])
        guard target > 0 else {
            forecast.note = "already reached: \(deliveredSoFar) airframes were delivered before \(to), at least the target of \(goal.target) in total"
            return forecast
        }
        guard !weekly.isEmpty else {
            forecast.note = "the period holds no complete ISO week to sample from"
            return forecast
        }
        guard weekly.contains(where: { $0 > 0 }) else {
            forecast.note = "no airframe was delivered in the sampled weeks"
            return forecast
        }
        var rng = SplitMix64(seed: seed)
        let fanWeeks = 52
        var weeksNeeded: [Int] = []
        weeksNeeded.reserveCapacity(trials)
        var cumulative = Array(repeating: [Int](), count: fanWeeks)
        for _ in 0..<trials {
            var delivered = 0, weeks = 0
            var reachedAt: Int?
            while weeks < horizonWeeks {
                delivered += weekly[Int(rng.next() % UInt64(weekly.count))]
                weeks += 1
                if weeks <= fanWeeks { cumulative[weeks - 1].append(delivered) }
                if reachedAt == nil && delivered >= target { reachedAt = weeks }
                if reachedAt != nil && weeks >= fanWeeks { break }
            }
            weeksNeeded.append(reachedAt ?? Int.max)
        }
        let sorted = weeksNeeded.sorted()
        let p50 = NearestRank.percentile(sorted, numerator: 1, denominator: 2)!
        let p85 = NearestRank.percentile(sorted, numerator: 85, denominator: 100)!
        if p50 != Int.max {
            forecast.p50Weeks = p50
            forecast.p50Date = to.adding(days: Int64(p50) * 7)
        }
        if p85 != Int.max {
            forecast.p85Weeks = p85
            forecast.p85Date = to.adding(days: Int64(p85) * 7)
        } else {
            forecast.note = "at the sampled pace the target is not reached within ten years in 15% or more of the trials"
        }
        let shown = min(fanWeeks, max((p85 == Int.max ? fanWeeks : p85) + 2, 8))
        forecast.fan = (0..<shown).map { w in
            let values = cumulative[w].sorted()
            return FanPoint(
                week: w + 1,
                p15: NearestRank.percentile(values, numerator: 15, denominator: 100)!,
                p50: NearestRank.percentile(values, numerator: 1, denominator: 2)!,
                p85: NearestRank.percentile(values, numerator: 85, denominator: 100)!)
        }
        return forecast
    }

}

/// A small, fixed-seed pseudo-random generator (SplitMix64), so forecasts are repeatable.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
