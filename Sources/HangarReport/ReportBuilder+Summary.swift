import HangarCore

extension ReportBuilder {
    /// The report from the store's summaries instead of the log: the same counters,
    /// interval differences and compliance lists that `add` collects, filled from per-day
    /// counts and the summary rows, then concluded by the same code. Equal to the one-pass
    /// report on the same log (tests hold them to it).
    public static func assemble(_ s: LogSummary, period: ReportPeriod, target: Int? = nil, now: Timestamp? = nil) -> ThroughputReport {
        assemble(s, period: period, goal: target.map(ForecastGoal.more), now: now)
    }

    public static func assemble(_ s: LogSummary, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp? = nil) -> ThroughputReport {
        share(s, period: period, goal: goal, now: now).report
    }

    /// The report from the summaries, with what the national fold needs of it.
    public static func share(_ s: LogSummary, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp? = nil) -> Share {
        var b = ReportBuilder(period: period, goal: goal, now: now)
        b.workshopName = s.workshopName
        b.capacities = s.capacities
        b.units = Set(s.units)
        // Each day's first moment worked out once (a zone's offsets are looked up for it):
        // the counts are many per day.
        var starts: [Int64: Int64] = [:]
        for c in s.counts {
            // A count's day is a local day of the workshop (UTC without a zone).
            let t: Int64
            if let known = starts[c.day] { t = known } else {
                t = period.instant(Day(index: c.day)).milliseconds
                starts[c.day] = t
            }
            switch c.metric {
            case .inState:
                guard let state = AirframeState(rawValue: c.key) else { continue }
                b.change(&b.stateDiff[state, default: Array(repeating: 0, count: b.ends.count + 1)], at: t, by: c.amount)
            case .fleet:
                b.change(&b.fleetDiff, at: t, by: c.amount)
            case .qualifiedInUnit:
                b.change(&b.qualifiedDiff[c.key, default: Array(repeating: 0, count: b.ends.count + 1)], at: t, by: c.amount)
            default:
                if c.metric == .delivered {
                    if let w = b.week(t) { b.weeklyDelivered[w] += c.amount }
                    // Every count is of a day before the period's end.
                    if t < b.to { b.deliveredBeforeTo += c.amount }
                }
                guard let i = b.bucket(t) else { continue }
                b.count(c, in: i)
            }
        }
        for d in s.deliveries {
            if let i = b.bucket(d.at) { b.buildHours[i].append(Double(d.milliseconds) / 3_600_000) }
        }
        for r in s.restorations {
            if let i = b.bucket(r.at) { b.restoreHours[i].append(Double(r.milliseconds) / 3_600_000) }
        }
        for t in s.flightsWhileDue.at { if let i = b.bucket(t) { b.metrics[i].compliance.flightsWhileDue += 1 } }
        for t in s.flightsByUnqualified.at { if let i = b.bucket(t) { b.metrics[i].compliance.flightsByUnqualified += 1 } }
        for t in s.hastyQC.at { if let i = b.bucket(t) { b.metrics[i].compliance.hastyQC += 1 } }
        b.complianceIDs = ComplianceEvents(
            flightsWhileDue: s.flightsWhileDue.ids, flightsByUnqualified: s.flightsByUnqualified.ids, hastyQC: s.hastyQC.ids,
            flightsWhileDueBySerial: SerialCounts(s.flightsWhileDue.bySerial), flightsByUnqualifiedBySerial: SerialCounts(s.flightsByUnqualified.bySerial),
            hastyQCBySerial: SerialCounts(s.hastyQC.bySerial))

        var current: [String: Int] = Dictionary(uniqueKeysWithValues: s.units.map { ($0, 0) })
        var lapsed = current
        for o in s.qualifiedOperators {
            if Currency.isCurrent(state: .qualified, minutesInWindow: o.minutesInWindow) {
                current[o.unit, default: 0] += 1
            } else {
                lapsed[o.unit, default: 0] += 1
            }
        }
        // Work in progress at the end: the airframes' state changes before it, summed (the
        // last bucket ends where the period does; a subject's events never go back in time).
        let wip = AirframeState.nonTerminal.map { state in (state, (b.stateDiff[state] ?? []).prefix(b.ends.count).reduce(0, +)) }
        let snapshot = Snapshot(
            at: period.to,
            wip: wip,
            oldestWIP: s.oldestWIP.map { OldestWIP(serial: $0.serial, state: $0.state, hours: Double(b.takenAt - $0.since) / 3_600_000) },
            dueForService: s.dueForService,
            currentOperators: current.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            lapsedOperators: lapsed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            complianceEvents: b.complianceIDs,
            units: UnitHolding.list(units: s.units, counts: s.heldByUnit))
        return Share(b, snapshot: snapshot)
    }

    /// A change of `amount` at instant `t` in a difference array over bucket ends: it
    /// counts at every end after `t`.
    func change(_ diff: inout [Int], at t: Int64, by amount: Int) {
        var lo = 0, hi = ends.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] > t { hi = mid } else { lo = mid + 1 }
        }
        diff[lo] += amount
    }

    mutating func count(_ c: DayCount, in i: Int) {
        let n = c.amount
        switch c.metric {
        case .registered: metrics[i].build.registered += n
        case .assembled: metrics[i].build.assembled += n
        case .delivered: metrics[i].build.delivered += n
        case .issued: metrics[i].build.issued += n
        case .qcRuns: metrics[i].test.qcRuns += n
        case .qcPassed: metrics[i].test.qcPassed += n
        case .qcFailed: metrics[i].test.qcFailed += n
        case .firstQCRuns: firstQC[i].runs += n
        case .firstQCPassed: firstQC[i].passed += n
        case .defects: defects[i][c.key, default: 0] += n
        case .enrolled: metrics[i].train.enrolled += n
        case .qualified: metrics[i].train.qualified += n
        case .failed: metrics[i].train.failed += n
        case .withdrawn: metrics[i].train.withdrawn += n
        case .flightMinutes: flightMinutes[i] += n
        case .trainingMinutes: trainingMinutes[i] += n
        case .maintenanceOpened:
            switch MaintenanceReason(rawValue: c.key) {
            case .scheduled: metrics[i].maintain.openedScheduled += n
            case .defect: metrics[i].maintain.openedDefect += n
            case .damage: metrics[i].maintain.openedDamage += n
            case nil: break
            }
        case .maintenanceClosed: metrics[i].maintain.closed += n
        case .flightsWithoutOperator: metrics[i].compliance.flightsWithoutOperator += n
        case .losses: metrics[i].fleet.losses += n
        case .inState, .fleet, .qualifiedInUnit, .partsConsumed: break
        }
    }
}
