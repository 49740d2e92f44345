import HangarCore

/// Builds a `ThroughputReport` in one pass over the log. Feed it every event that is not
/// undone and is not an undo, in log order (each subject's events are then in time
/// order), with `add`; then `build`. Pure: no I/O, no clock.
public struct ReportBuilder: Sendable {
    public let period: ReportPeriod
    /// What the forecast waits for; nil: no forecast.
    public let goal: ForecastGoal?
    /// The N of `--target N` (more after `to`), or of `--target-total N`.
    public var target: Int? { goal?.target }
    let buckets: [Bucket]
    /// Bucket end instants, in milliseconds.
    let ends: [Int64]
    let from: Int64
    let to: Int64
    /// When the snapshot is taken: the earlier of `to` and now. Ages in the snapshot count to it.
    let takenAt: Int64

    // Per-bucket counters (index = bucket).
    var metrics: [PeriodMetrics]
    var buildHours: [[Double]]
    var restoreHours: [[Double]]
    var firstQC: [(runs: Int, passed: Int)]
    var defects: [[String: Int]]
    var flightMinutes: [Int]
    var trainingMinutes: [Int]
    var weeklyDelivered: [Int]
    let completeWeeks: [Day]
    /// Airframes whose first QC pass is before `to`, since the log began (the forecast's `total` mode).
    var deliveredBeforeTo = 0

    // Interval counts at bucket ends: state → difference array over bucket ends.
    var stateDiff: [AirframeState: [Int]] = [:]
    var fleetDiff: [Int]
    var qualifiedDiff: [String: [Int]] = [:]

    var airframes: [String: Track] = [:]
    var operators: [String: OperatorTrack] = [:]
    var models: [String: ServiceInterval] = [:]
    var units: Set<String> = []
    var workshopName: String?
    /// Pieces at their life limit (they make a flight one "while due", DESIGN §14), and the
    /// verdict on the event being added.
    var lifeWatch = ComponentLifeWatch()
    var flightCarriesPieceAtLife = false
    var capacities: [(at: Int64, perYear: Int)] = []

    // Compliance.
    var complianceIDs = ComplianceEvents()
    var pendingFlights: [PendingFlight] = []
    /// Per operator: flights in [from − 90 days, to), for currency at flight time.
    var operatorFlights: [String: [(at: Int64, minutes: Int)]] = [:]
    /// Per operator: minutes in [to − 90 days, to), for currency at `to`.
    var minutesBeforeTo: [String: Int] = [:]

    /// An airframe as the pass has seen it so far: the projection itself (`AirframeLifecycle`
    /// evolves it, as it does the stored one), and what only the report follows.
    struct Track {
        var airframe: Airframe
        /// When the maintenance that the next passing QC run ends was opened.
        var pendingOpen: Int64?
    }

    /// What the snapshot needs of an airframe as it stood at `to`. At its first event at or
    /// after `to` the pass stops following it (`reach`): nothing later falls in a bucket, and
    /// its open intervals end at `to` whatever follows. Its later events find no `Track` and
    /// are passed over (an airframe's events are in time order: the rules refuse one earlier
    /// than its last). A period far in the past has most of the fleet here, in a list rather
    /// than a table, in a fraction of a `Track`'s memory.
    struct AtTo {
        var serial: String
        var model: String
        var state: AirframeState
        var unit: String?
        var stateSince: Timestamp
        var registeredAt: Timestamp
        var minutesSinceService: Int
        var serviceBaseline: Timestamp?

        init(_ serial: String, _ a: Airframe) {
            self.serial = serial; model = a.model; state = a.state; unit = a.unit; stateSince = a.stateSince
            registeredAt = a.registeredAt; minutesSinceService = a.minutesSinceService; serviceBaseline = a.serviceBaseline
        }
    }

    /// The airframes that have reached `to`, as they stood there.
    var reachedTo: [AtTo] = []

    struct OperatorTrack {
        var unit: String
        var state: OperatorState
        var since: Int64
        /// In log order; an operator's own events are in time order.
        var changes: [(at: Int64, state: OperatorState)]
    }

    struct PendingFlight {
        var id: String
        var serial: String
        var at: Int64
        var bucket: Int
        var purpose: FlightPurpose
        var operatorID: String
    }

    public init(period: ReportPeriod, target: Int? = nil, now: Timestamp? = nil) {
        self.init(period: period, goal: target.map(ForecastGoal.more), now: now)
    }

    public init(period: ReportPeriod, goal: ForecastGoal?, now: Timestamp? = nil) {
        self.period = period
        self.goal = goal
        buckets = period.buckets
        ends = buckets.map { period.instant($0.end).milliseconds }
        from = period.instant(period.from).milliseconds
        to = period.instant(period.to).milliseconds
        takenAt = min(now?.milliseconds ?? to, to)
        metrics = buckets.map { PeriodMetrics(start: $0.start, end: $0.end) }
        buildHours = Array(repeating: [], count: buckets.count)
        restoreHours = buildHours
        firstQC = Array(repeating: (0, 0), count: buckets.count)
        defects = Array(repeating: [:], count: buckets.count)
        flightMinutes = Array(repeating: 0, count: buckets.count)
        trainingMinutes = flightMinutes
        completeWeeks = period.completeWeeks
        weeklyDelivered = Array(repeating: 0, count: completeWeeks.count)
        fleetDiff = Array(repeating: 0, count: buckets.count + 1)
    }

    /// The bucket an instant falls in, or nil outside [from, to). An instant exactly on a
    /// boundary belongs to the bucket that starts there.
    func bucket(_ t: Int64) -> Int? {
        guard t >= from && t < to else { return nil }
        var lo = 0, hi = ends.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if t < ends[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Counts something held over [a, b) at every bucket end E with a < E ≤ b.
    static func interval(_ diff: inout [Int], ends: [Int64], _ a: Int64, _ b: Int64?) {
        func firstAfter(_ t: Int64) -> Int {
            var lo = 0, hi = ends.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ends[mid] > t { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        let lo = firstAfter(a)
        let hi = b.map(firstAfter) ?? ends.count
        guard lo < hi else { return }
        diff[lo] += 1
        diff[hi] -= 1
    }

    mutating func held(_ state: AirframeState, _ a: Int64, _ b: Int64?) {
        Self.interval(&stateDiff[state, default: Array(repeating: 0, count: ends.count + 1)], ends: ends, a, b)
    }

    mutating func qualifiedHeld(_ unit: String, _ a: Int64, _ b: Int64?) {
        Self.interval(&qualifiedDiff[unit, default: Array(repeating: 0, count: ends.count + 1)], ends: ends, a, b)
    }

    mutating func inFleet(_ a: Int64, _ b: Int64?) {
        Self.interval(&fleetDiff, ends: ends, a, b)
    }

    // MARK: - Feeding events

    public mutating func add(_ e: RecordedEvent) {
        let t = e.occurredAt.milliseconds
        let b = bucket(t)
        flightCarriesPieceAtLife = lifeWatch.apply(e)
        switch e.kind.subject {
        case .configuration: addConfiguration(e, t)
        case .operator: addOperatorEvent(e, t, b)
        case .airframe: addAirframeEvent(e, t, b)
        case .part, .piece: break  // stock and battery checks: the supply group reads them (DESIGN §11)
        }
    }

    mutating func addConfiguration(_ e: RecordedEvent, _ t: Int64) {
        switch e.body {
        case let .workshopSet(setting):
            workshopName = e.subject
            if let c = setting.capacityPerYear { capacities.append((t, c)) }
        case .unitAdd: units.insert(e.subject)
        case .modelAdd, .modelUpdate: models[e.subject] = (models[e.subject] ?? .none).after(e.body)
        default: break
        }
    }

    mutating func setOperatorState(_ id: String, _ state: OperatorState, at t: Int64) {
        guard var o = operators[id], o.state != state else { return }
        if o.state == .qualified { qualifiedHeld(o.unit, o.since, t) }
        o.state = state
        o.since = t
        o.changes.append((t, state))
        operators[id] = o
    }

    mutating func addOperatorEvent(_ e: RecordedEvent, _ t: Int64, _ b: Int?) {
        if case let .enroll(enrolment) = e.body {
            let unit = enrolment.unit
            operators[e.subject] = OperatorTrack(unit: unit, state: .enrolled, since: t, changes: [(t, .enrolled)])
        } else if let to = e.toState.flatMap(OperatorState.init(rawValue:)) {
            setOperatorState(e.subject, to, at: t)
        }
        guard let b else { return }
        switch e.kind {
        case .enroll: metrics[b].train.enrolled += 1
        case .qualify: metrics[b].train.qualified += 1
        case .fail: metrics[b].train.failed += 1
        case .withdraw: metrics[b].train.withdrawn += 1
        default: break
        }
    }

    mutating func addAirframeEvent(_ e: RecordedEvent, _ t: Int64, _ b: Int?) {
        if e.kind == .register {
            let a = AirframeLifecycle.evolve(nil, e)
            if t >= to {
                reach(e.subject, a)
            } else {
                airframes[e.subject] = Track(airframe: a)
            }
            if let b { metrics[b].build.registered += 1 }
            return
        }
        guard e.kind != .undo else { return }
        if t >= to {
            if let a = airframes.removeValue(forKey: e.subject) { reach(e.subject, a.airframe) }
            return
        }
        guard var a = airframes[e.subject] else { return }
        let before = a.airframe
        a.airframe = AirframeLifecycle.evolve(before, e)
        switch e.body {
        case .assembled:
            if let b { metrics[b].build.assembled += 1 }
        case .maintenanceClose:
            if let b { metrics[b].maintain.closed += 1 }
        case .issue:
            if let b { metrics[b].build.issued += 1 }
        case let .qc(run):
            let passed = run.outcome == .pass
            if before.qcAttempts == 0, let b { firstQC[b].runs += 1; if passed { firstQC[b].passed += 1 } }
            if let b {
                metrics[b].test.qcRuns += 1
                if passed { metrics[b].test.qcPassed += 1 } else {
                    metrics[b].test.qcFailed += 1
                    for code in run.defects ?? [] { defects[b][code, default: 0] += 1 }
                }
            }
            if passed {
                // A QC run is only recorded from awaiting_qc: the state's start is when it entered it.
                if let b, HastyQC.isHasty(passAt: e.occurredAt, enteredAwaitingQC: before.stateSince) {
                    metrics[b].compliance.hastyQC += 1
                    complianceIDs.hastyQC.append(e.id)
                    complianceIDs.hastyQCBySerial.add(e.subject)
                }
                if before.firstPassAt == nil {
                    if let b {
                        metrics[b].build.delivered += 1
                        buildHours[b].append(Double(t - before.registeredAt.milliseconds) / 3_600_000)
                    }
                    if let w = week(t) { weeklyDelivered[w] += 1 }
                    if t < to { deliveredBeforeTo += 1 }
                }
                if let opened = a.pendingOpen {
                    if let b { restoreHours[b].append(Double(t - opened) / 3_600_000) }
                    a.pendingOpen = nil
                }
            }
        case let .maintenanceOpen(opening):
            a.pendingOpen = t
            if let b {
                switch opening.reason {
                case .scheduled: metrics[b].maintain.openedScheduled += 1
                case .defect: metrics[b].maintain.openedDefect += 1
                case .damage: metrics[b].maintain.openedDamage += 1
                }
            }
        case .lost, .writeOff:
            a.pendingOpen = nil
            if e.kind == .lost, let b { metrics[b].fleet.losses += 1 }
            if let delivered = before.firstPassAt { inFleet(delivered.milliseconds, t) }
        case let .flight(flight):
            addFlight(e, flight, t, b, before)
        default:
            break
        }
        if a.airframe.state != before.state { held(before.state, before.stateSince.milliseconds, t) }
        airframes[e.subject] = a
    }

    /// An airframe reaches `to`: its state and fleet intervals are closed there (as they would
    /// be by any later change or at the end), and only what the snapshot needs is kept.
    mutating func reach(_ serial: String, _ a: Airframe) {
        held(a.state, a.stateSince.milliseconds, nil)
        if let delivered = a.firstPassAt, !a.state.isTerminal { inFleet(delivered.milliseconds, nil) }
        // One registered at or after `to` is not in the snapshot.
        if a.registeredAt.milliseconds < to { reachedTo.append(AtTo(serial, a)) }
    }

    /// A flight's minutes towards its operator's currency at `to` and within the period.
    mutating func operatorMinutes(_ flight: Flight, _ at: Timestamp, _ t: Int64) {
        // A first training flight also starts the operator's training; that change is not
        // followed here: it never makes them qualified, failed or withdrawn, which is all
        // the report asks of an operator's state (and the flight may later be undone).
        guard let op = flight.operator else { return }
        if Currency.counts(at, at: Timestamp(milliseconds: to)) { minutesBeforeTo[op, default: 0] += flight.minutes }
        if at >= Timestamp(milliseconds: from).adding(days: -Currency.windowDays) && t < to {
            operatorFlights[op, default: []].append((t, flight.minutes))
        }
    }

    mutating func addFlight(_ e: RecordedEvent, _ flight: Flight, _ t: Int64, _ b: Int?, _ before: Airframe) {
        let minutes = flight.minutes
        let due = flightCarriesPieceAtLife || ServiceRule.isDue(
            minutesSinceService: before.minutesSinceService, baseline: before.serviceBaseline,
            interval: models[before.model] ?? .none, at: e.occurredAt)
        operatorMinutes(flight, e.occurredAt, t)
        guard let b else { return }
        flightMinutes[b] += minutes
        if flight.purpose == .training { trainingMinutes[b] += minutes }
        if flight.operator == nil { metrics[b].compliance.flightsWithoutOperator += 1 }
        if due {
            metrics[b].compliance.flightsWhileDue += 1
            complianceIDs.flightsWhileDue.append(e.id)
            complianceIDs.flightsWhileDueBySerial.add(e.subject)
        }
        if let op = flight.operator {
            pendingFlights.append(PendingFlight(id: e.id, serial: e.subject, at: t, bucket: b, purpose: flight.purpose, operatorID: op))
        }
    }

    func week(_ t: Int64) -> Int? {
        guard let first = completeWeeks.first else { return nil }
        let index = (t - period.instant(first).milliseconds).floorDivided(by: 7 * 86_400_000)
        return index >= 0 && index < Int64(completeWeeks.count) ? Int(index) : nil
    }
}

extension Int64 {
    func floorDivided(by d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
