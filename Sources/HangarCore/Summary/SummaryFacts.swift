/// What one event adds to the report's summaries: the per-day counts a report sums
/// instead of scanning the log, and the few rows it reads whole (deliveries, restorations,
/// compliance events). The store writes these with each event, in the same transaction,
/// and takes them back when the event is undone: an undo always cancels an airframe's
/// latest event, so the facts of that event, computed again from the airframe as it
/// stood before it, are exactly what the event added. Pure: no I/O.
public struct SummaryFacts: Equatable, Sendable {
    /// Per-day counts and state changes (`amount` may be negative).
    public var counts: [DayCount] = []
    /// The airframe's first QC pass: milliseconds from registration to it.
    public var deliveryMilliseconds: Int64?
    /// A QC pass that returns an airframe from maintenance (paired with its
    /// `maintenance_open` by the store).
    public var restoration = false
    /// A QC pass less than a minute after the airframe entered `awaiting_qc`.
    public var hastyQC = false
    /// A flight on an airframe already due for service before it.
    public var flightWhileDue = false

    public init() {}

    /// The same facts with every count negated (for an undo).
    public var reversed: [DayCount] { counts.map { DayCount(day: $0.day, metric: $0.metric, key: $0.key, amount: -$0.amount) } }

    mutating func count(_ metric: SummaryMetric, _ key: String = "", _ amount: Int = 1, on day: Int64) {
        guard amount != 0 else { return }
        counts.append(DayCount(day: day, metric: metric, key: key, amount: amount))
    }
}

/// One per-day count: `metric` (with `key`, e.g. a defect code) on UTC day `day`.
public struct DayCount: Equatable, Hashable, Sendable {
    /// Days since 1970-01-01.
    public var day: Int64
    public var metric: SummaryMetric
    public var key: String
    public var amount: Int
    public init(day: Int64, metric: SummaryMetric, key: String, amount: Int) {
        self.day = day; self.metric = metric; self.key = key; self.amount = amount
    }
}

/// The names of the per-day counts, as stored in `day_counts.metric`.
public enum SummaryMetric: String, CaseIterable, Sendable {
    case registered, assembled, delivered
    /// Airframes handed to a unit (`issue` events).
    case issued
    case qcRuns = "qc_runs", qcPassed = "qc_passed", qcFailed = "qc_failed"
    /// First-ever QC runs of airframes, and how many of them passed (first-pass yield).
    case firstQCRuns = "first_qc_runs", firstQCPassed = "first_qc_passed"
    /// Per defect code (key) over failed runs.
    case defects
    case enrolled, qualified, failed, withdrawn
    case flightMinutes = "flight_minutes", trainingMinutes = "training_minutes"
    /// Flights that name no operator (their entitlement cannot be judged).
    case flightsWithoutOperator = "flights_without_operator"
    /// Per reason (key).
    case maintenanceOpened = "maintenance_opened"
    case maintenanceClosed = "maintenance_closed"
    case losses
    /// Airframes entering (+1) and leaving (−1) a state (key) that day.
    case inState = "in_state"
    /// Airframes joining (+1, first QC pass) and leaving (−1, lost or written off) the fleet.
    case fleet
    /// Operators becoming (+1) and ceasing to be (−1) qualified, per unit (key).
    case qualifiedInUnit = "qualified_in_unit"
    /// Per part (key): installed (a component 1, a lot its quantity) less removed back to stock.
    case partsConsumed = "parts_consumed"
}

extension SummaryFacts {
    /// The facts of an airframe event (not an undo), given the airframe as it stood just
    /// before it and its model's service settings in force when it is recorded.
    public static func airframe(_ e: RecordedEvent, before: Airframe?, serviceMinutes: Int?, serviceDays: Int?, days: LocalDays = .utc) -> SummaryFacts {
        var f = SummaryFacts()
        let t = e.occurredAt.milliseconds
        let day = days.day(e.occurredAt).index
        switch e.body {
        case .register:
            f.count(.registered, on: day)
        case .assembled:
            f.count(.assembled, on: day)
        case .issue:
            f.count(.issued, on: day)
        case let .qc(run):
            let passed = run.outcome == .pass
            f.count(.qcRuns, on: day)
            if passed {
                f.count(.qcPassed, on: day)
            } else {
                f.count(.qcFailed, on: day)
                for code in run.defects ?? [] { f.count(.defects, code, on: day) }
            }
            if let before {
                if before.qcAttempts == 0 {
                    f.count(.firstQCRuns, on: day)
                    if passed { f.count(.firstQCPassed, on: day) }
                }
                if passed {
                    // A QC run is only recorded from awaiting_qc, so the state's start is
                    // when the airframe entered it.
                    f.hastyQC = HastyQC.isHasty(passAt: e.occurredAt, enteredAwaitingQC: before.stateSince)
                    if before.firstPassAt == nil {
                        f.count(.delivered, on: day)
                        f.count(.fleet, on: day)
                        f.deliveryMilliseconds = t - before.registeredAt.milliseconds
                    } else {
                        f.restoration = true
                    }
                }
            }
        case let .maintenanceOpen(opening):
            f.count(.maintenanceOpened, opening.reason.rawValue, on: day)
        case .maintenanceClose:
            f.count(.maintenanceClosed, on: day)
        case .lost, .writeOff:
            if e.kind == .lost { f.count(.losses, on: day) }
            if before?.firstPassAt != nil { f.count(.fleet, "", -1, on: day) }
        case let .install(installation):
            f.count(.partsConsumed, installation.part, installation.count, on: day)
        case let .remove(removal) where removal.disposition == .stock:
            f.count(.partsConsumed, removal.part, -removal.count, on: day)
        case let .flight(flight):
            let minutes = flight.minutes
            f.count(.flightMinutes, "", minutes, on: day)
            if flight.purpose == .training { f.count(.trainingMinutes, "", minutes, on: day) }
            if flight.operator == nil { f.count(.flightsWithoutOperator, on: day) }
            if let before, ServiceRule.isDue(
                minutesSinceService: before.minutesSinceService, baseline: before.serviceBaseline,
                interval: ServiceInterval(minutes: serviceMinutes, days: serviceDays), at: e.occurredAt) {
                f.flightWhileDue = true
            }
        default:
            break
        }
        let from = before?.state.rawValue ?? e.fromState
        if let to = e.toState, from != to {
            if let from { f.count(.inState, from, -1, on: day) }
            f.count(.inState, to, 1, on: day)
        }
        return f
    }

    /// The facts of an operator event; `unit` is the operator's unit.
    public static func operatorEvent(_ e: RecordedEvent, unit: String, days: LocalDays = .utc) -> SummaryFacts {
        var f = SummaryFacts()
        let day = days.day(e.occurredAt).index
        switch e.kind {
        case .enroll: f.count(.enrolled, on: day)
        case .qualify: f.count(.qualified, on: day)
        case .fail: f.count(.failed, on: day)
        case .withdraw: f.count(.withdrawn, on: day)
        default: break
        }
        let qualified = OperatorState.qualified.rawValue
        if e.fromState != e.toState {
            if e.fromState == qualified { f.count(.qualifiedInUnit, unit, -1, on: day) }
            if e.toState == qualified { f.count(.qualifiedInUnit, unit, 1, on: day) }
        }
        return f
    }
}

/// Whether a flight was flown by an operator not entitled to it (DESIGN §8 compliance):
/// a training flight by an operator who is withdrawn or failed, or an operational flight
/// by one who is not qualified and current. `state` is the operator's state at the
/// flight (nil before enrolment); `minutesInWindow` their minutes in the 90 days before it.
public enum FlightEntitlement {
    public static func isUnqualified(purpose: FlightPurpose, state: OperatorState?, minutesInWindow: Int) -> Bool {
        switch purpose {
        case .training: return state == .withdrawn || state == .failed
        case .operational: return !Currency.isCurrent(state: state ?? .enrolled, minutesInWindow: minutesInWindow)
        }
    }
}
