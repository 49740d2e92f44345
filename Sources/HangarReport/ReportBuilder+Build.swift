import HangarCore

extension ReportBuilder {
    public func build() -> ThroughputReport {
        var b = self
        return b.finish()
    }

    /// The state of an operator at `t`: after the last change at or before `t` (strictly
    /// before, with `strict`).
    func operatorState(_ o: OperatorTrack, at t: Int64, strict: Bool) -> OperatorState? {
        var state: OperatorState?
        for change in o.changes where strict ? change.at < t : change.at <= t {
            state = change.state
        }
        return state
    }

    func capacity(before t: Int64) -> Int? {
        capacities.last { $0.at < t }?.perYear
    }

    mutating func finish() -> ThroughputReport {
        closeAndJudge()
        return conclude(snapshot: snapshot())
    }

    /// Closes the intervals still open at the end of the log and judges the flights whose
    /// operators' entitlement waited for it: after this, the counters are final.
    mutating func closeAndJudge() {
        // Close the open intervals.
        for track in airframes.values {
            let a = track.airframe
            held(a.state, a.stateSince.milliseconds, nil)
            if let delivered = a.firstPassAt, !a.state.isTerminal { inFleet(delivered.milliseconds, nil) }
        }
        for o in operators.values where o.state == .qualified { qualifiedHeld(o.unit, o.since, nil) }

        // Operators not entitled to the flights they flew.
        for f in pendingFlights {
            guard let o = operators[f.operatorID] else { continue }
            let state = operatorState(o, at: f.at, strict: false)
            let at = Timestamp(milliseconds: f.at)
            let minutes = f.purpose == .training ? 0 : (operatorFlights[f.operatorID] ?? [])
                .filter { Currency.counts(Timestamp(milliseconds: $0.at), at: at) }.reduce(0) { $0 + $1.minutes }
            let offending = FlightEntitlement.isUnqualified(purpose: f.purpose, state: state, minutesInWindow: minutes)
            if offending {
                metrics[f.bucket].compliance.flightsByUnqualified += 1
                complianceIDs.flightsByUnqualified.append(f.id)
                complianceIDs.flightsByUnqualifiedBySerial.add(f.serial)
            }
        }
        pendingFlights = []
    }

    /// The point-in-time values at bucket ends, the derived metrics, totals and cycle,
    /// once the per-bucket counters, interval differences and compliance counts are in.
    mutating func conclude(snapshot: Snapshot) -> ThroughputReport {
        // Point-in-time values at each bucket end, and the per-bucket derived metrics.
        var running: [AirframeState: Int] = [:]
        var fleet = 0
        var qualifiedByUnit: [String: Int] = [:]
        for i in metrics.indices {
            for state in AirframeState.allCases { running[state, default: 0] += stateDiff[state]?[i] ?? 0 }
            fleet += fleetDiff[i]
            for (unit, diff) in qualifiedDiff { qualifiedByUnit[unit, default: 0] += diff[i] }
            var m = metrics[i]
            m.stateCounts = running
            m.fleet.fleetSize = fleet
            m.fleet.available = (running[.ready] ?? 0) + (running[.training] ?? 0) + (running[.inService] ?? 0)
            m.train.unitsCovered = qualifiedByUnit.values.filter { $0 > 0 }.count
            derive(&m, buildHours: buildHours[i], restoreHours: restoreHours[i], firstQC: firstQC[i], defects: defects[i],
                   flightMinutes: flightMinutes[i], trainingMinutes: trainingMinutes[i], days: buckets[i].days,
                   capacity: capacity(before: ends[i]))
            metrics[i] = m
        }

        // Totals over the whole period.
        var totals = PeriodMetrics(start: period.from, end: period.to)
        for m in metrics { totals.addCounts(m) }
        if let last = metrics.last {
            totals.stateCounts = last.stateCounts
            totals.fleet.fleetSize = last.fleet.fleetSize
            totals.fleet.available = last.fleet.available
            totals.train.unitsCovered = last.train.unitsCovered
        }
        var allDefects: [String: Int] = [:]
        for d in defects { allDefects.merge(d, uniquingKeysWith: +) }
        derive(&totals, buildHours: buildHours.flatMap { $0 }, restoreHours: restoreHours.flatMap { $0 },
               firstQC: firstQC.reduce((0, 0)) { ($0.0 + $1.runs, $0.1 + $1.passed) }, defects: allDefects,
               flightMinutes: flightMinutes.reduce(0, +), trainingMinutes: trainingMinutes.reduce(0, +),
               days: period.days, capacity: capacity(before: to))

        // Cycle.
        let allFour = metrics.map { $0.loopsActive.count == Loop.allCases.count }
        let streak = allFour.reversed().prefix { $0 }.count

        return ThroughputReport(
            period: period, workshopName: workshopName, capacityPerYear: capacity(before: to), buckets: metrics,
            totals: totals, snapshot: snapshot,
            cycle: CycleSummary(bucketsAllFour: allFour.filter { $0 }.count, currentStreak: streak),
            forecast: goal.map { ForecastModel.run(goal: $0, deliveredSoFar: deliveredBeforeTo, weekly: weeklyDelivered, after: period.to) })
    }

    func derive(_ m: inout PeriodMetrics, buildHours: [Double], restoreHours: [Double], firstQC: (runs: Int, passed: Int),
                defects: [String: Int], flightMinutes: Int, trainingMinutes: Int, days: Int64, capacity: Int?) {
        let buildPercentiles = NearestRank.percentiles(buildHours, [(1, 2), (85, 100)])
        m.build.buildHoursP50 = buildPercentiles[0]
        m.build.buildHoursP85 = buildPercentiles[1]
        m.test.firstPassYield = ratio(Double(firstQC.passed), Double(firstQC.runs))
        m.test.defects = defects.map { DefectCount(code: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        m.train.passRate = ratio(Double(m.train.qualified), Double(m.train.qualified + m.train.failed))
        m.train.trainingFlightHours = Double(trainingMinutes) / 60
        m.maintain.restoreHoursP50 = NearestRank.p50(restoreHours)
        m.maintain.mtbfFlightHours = ratio(Double(flightMinutes) / 60, Double(m.maintain.openedDefect + m.maintain.openedDamage))
        m.fleet.availability = ratio(Double(m.fleet.available), Double(m.fleet.fleetSize))
        m.capacity.annualizedDeliveryRate = days > 0 ? Double(m.build.delivered) * 365 / Double(days) : 0
        m.capacity.capacityUtilization = capacity.flatMap { ratio(m.capacity.annualizedDeliveryRate, Double($0)) }
        var loops: [Loop] = []
        if m.build.delivered > 0 { loops.append(.build) }
        if m.test.qcRuns > 0 { loops.append(.test) }
        if trainingMinutes > 0 || m.train.qualified > 0 { loops.append(.train) }
        if m.maintain.closed > 0 { loops.append(.maintain) }
        m.loopsActive = loops
    }

    func snapshot() -> Snapshot {
        var wip: [AirframeState: Int] = [:]
        var oldest: [OldestWIP] = []
        var due: [String] = []
        var held: [String: (held: Int, available: Int)] = [:]
        let following = airframes.lazy.map { serial, track in AtTo(serial, track.airframe) }
        for s in [AnySequence(following), AnySequence(reachedTo)].joined() where s.registeredAt.milliseconds < to {
            let serial = s.serial
            guard !s.state.isTerminal else { continue }
            wip[s.state, default: 0] += 1
            if let unit = s.unit {
                held[unit, default: (0, 0)].held += 1
                if s.state.isAvailable { held[unit, default: (0, 0)].available += 1 }
            }
            if s.state.isWorkInProgress {
                oldest.append(OldestWIP(serial: serial, state: s.state, hours: Double(takenAt - s.stateSince.milliseconds) / 3_600_000))
            }
            if ServiceRule.isDue(
                minutesSinceService: s.minutesSinceService, baseline: s.serviceBaseline,
                interval: models[s.model] ?? .none, at: Timestamp(milliseconds: to)) {
                due.append(serial)
            }
        }
        oldest.sort { $0.hours != $1.hours ? $0.hours > $1.hours : $0.serial < $1.serial }
        var current: [String: Int] = Dictionary(uniqueKeysWithValues: units.map { ($0, 0) })
        var lapsed = current
        for (id, o) in operators where operatorState(o, at: to, strict: true) == .qualified {
            if Currency.isCurrent(state: .qualified, minutesInWindow: minutesBeforeTo[id] ?? 0) {
                current[o.unit, default: 0] += 1
            } else {
                lapsed[o.unit, default: 0] += 1
            }
        }
        return Snapshot(
            at: period.to,
            wip: AirframeState.nonTerminal.map { ($0, wip[$0] ?? 0) },
            oldestWIP: Array(oldest.prefix(10)),
            dueForService: IDList(due.sorted()),
            currentOperators: current.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            lapsedOperators: lapsed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            complianceEvents: complianceIDs,
            units: UnitHolding.list(units: units, counts: held))
    }
}
