/// When an airframe is due for scheduled maintenance. Due is a flag, not a state.
public enum ServiceRule {
    /// Due when flight minutes since the baseline reach the model's service minutes, or the
    /// elapsed time since the baseline reaches its service days. Never before the first QC
    /// pass; never by a setting the model lacks; never once lost or written off.
    public static func isDue(_ airframe: Airframe, model: AirframeModel?, at now: Timestamp) -> Bool {
        guard !airframe.state.isTerminal, let baseline = airframe.serviceBaseline, let model else { return false }
        if let limit = model.serviceMinutes, airframe.minutesSinceService >= limit { return true }
        if let days = model.serviceDays, now >= baseline.adding(days: Int64(days)) { return true }
        return false
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
}
