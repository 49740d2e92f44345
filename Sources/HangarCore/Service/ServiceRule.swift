/// A model's service interval: flight minutes and/or days between scheduled maintenance.
public struct ServiceInterval: Equatable, Sendable {
    public var minutes: Int?
    public var days: Int?

    public init(minutes: Int?, days: Int?) {
        self.minutes = minutes
        self.days = days
    }

    public init(_ model: AirframeModel?) {
        self.init(minutes: model?.serviceMinutes, days: model?.serviceDays)
    }

    public static let none = ServiceInterval(minutes: nil, days: nil)

    /// The interval after a model's configuration event: `model_add` sets it, `model_update`
    /// changes what it gives; any other event leaves it as it is.
    public func after(_ body: EventBody) -> ServiceInterval {
        switch body {
        case let .modelAdd(definition):
            return ServiceInterval(minutes: definition.serviceMinutes, days: definition.serviceDays)
        case let .modelUpdate(change):
            return ServiceInterval(minutes: change.serviceMinutes ?? minutes, days: change.serviceDays ?? days)
        default:
            return self
        }
    }
}

/// When an airframe is due for scheduled maintenance. Due is a flag, not a state. This is
/// the one definition of the rule (DESIGN §3, §10): the recorder's views, the summaries,
/// the one-pass report and the store's due list all call it (the store's query takes its
/// cut-off instant from `latestBaselineDueByDays`).
public enum ServiceRule {
    /// Due when flight minutes since the baseline reach the interval's minutes, or the
    /// elapsed time since the baseline reaches its days (`at − baseline ≥ days × 24 h`).
    /// Never before the first QC pass (no baseline); never by a setting the model lacks.
    public static func isDue(minutesSinceService: Int, baseline: Timestamp?, interval: ServiceInterval, at t: Timestamp) -> Bool {
        guard let baseline else { return false }
        if let limit = interval.minutes, minutesSinceService >= limit { return true }
        if let days = interval.days, baseline <= latestBaselineDueByDays(days, at: t) { return true }
        return false
    }

    /// The latest baseline that makes an airframe due by days at `t`: due by days exactly
    /// when its baseline is at or before this instant (for queries over many airframes).
    public static func latestBaselineDueByDays(_ days: Int, at t: Timestamp) -> Timestamp {
        t.adding(days: -Int64(days))
    }

    /// The rule for an airframe as it stands: never once lost or written off.
    public static func isDue(_ airframe: Airframe, model: AirframeModel?, at now: Timestamp) -> Bool {
        guard !airframe.state.isTerminal, model != nil else { return false }
        return isDue(minutesSinceService: airframe.minutesSinceService, baseline: airframe.serviceBaseline,
                     interval: ServiceInterval(model), at: now)
    }

    /// Whether an installed piece has reached its part's life in minutes (DESIGN §11): the
    /// airframe carrying it is due until it is removed.
    public static func lifeReached(_ piece: Piece, limit: Int?) -> Bool {
        guard let limit else { return false }
        return piece.flightMinutes >= limit
    }

    /// Why an airframe is due: `minutes`, `days`, and `component:SERIAL` for each installed
    /// piece at its life (the current limits); empty when it is not due, or is lost or written off.
    public static func dueReasons(_ airframe: Airframe, model: AirframeModel?, installed: [Piece], lifeMinutes: (String) -> Int?,
                                  at now: Timestamp) -> [String] {
        guard !airframe.state.isTerminal else { return [] }
        var reasons: [String] = []
        if model != nil, let baseline = airframe.serviceBaseline {
            let interval = ServiceInterval(model)
            if let limit = interval.minutes, airframe.minutesSinceService >= limit { reasons.append("minutes") }
            if let days = interval.days, baseline <= latestBaselineDueByDays(days, at: now) { reasons.append("days") }
        }
        for piece in installed.sorted(by: { $0.serial < $1.serial }) where lifeReached(piece, limit: lifeMinutes(piece.part)) {
            reasons.append("component:\(piece.serial)")
        }
        return reasons
    }
}

/// Whether a qualified operator is current: ≥ 60 flight minutes in [t − 90 days, t).
public enum Currency {
    public static let windowDays: Int64 = 90
    public static let minimumMinutes = 60

    public static func isCurrent(state: OperatorState, minutesInWindow: Int) -> Bool {
        state == .qualified && minutesInWindow >= minimumMinutes
    }

    public static func window(endingAt t: Timestamp) -> (from: Timestamp, to: Timestamp) {
        (t.adding(days: -windowDays), t)
    }

    /// Whether a flight at `flight` counts towards currency judged at `t`: in [t − 90 days, t).
    public static func counts(_ flight: Timestamp, at t: Timestamp) -> Bool {
        flight >= t.adding(days: -windowDays) && flight < t
    }
}

/// A QC pass recorded less than a minute after the airframe entered awaiting_qc (a
/// compliance flag of the report, DESIGN §8).
public enum HastyQC {
    public static let minimumMilliseconds: Int64 = 60_000

    public static func isHasty(passAt: Timestamp, enteredAwaitingQC: Timestamp) -> Bool {
        passAt.milliseconds - enteredAwaitingQC.milliseconds < minimumMilliseconds
    }
}
