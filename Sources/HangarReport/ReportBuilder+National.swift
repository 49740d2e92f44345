import HangarCore

extension ReportBuilder {
    /// One workshop's report as the national fold takes it (DESIGN §12, §14): its counters,
    /// final (every interval closed, every flight judged), and its own report, whose
    /// snapshot the fold combines. It holds no airframe or operator: a national report
    /// never needs two workshops' fleets in memory at once.
    public struct Share: Sendable {
        let counts: ReportBuilder
        /// The workshop's own report over the same period.
        public let report: ThroughputReport

        init(_ builder: ReportBuilder, snapshot: Snapshot) {
            var concluded = builder
            report = concluded.conclude(snapshot: snapshot)
            var counts = builder
            counts.airframes = [:]
            counts.reachedTo = []
            counts.operators = [:]
            counts.operatorFlights = [:]
            counts.minutesBeforeTo = [:]
            counts.pendingFlights = []
            counts.lifeWatch = ComponentLifeWatch()
            self.counts = counts
        }
    }

    /// The pass's report (what `build` gives) with what the national fold needs of it.
    public func share() -> Share {
        var b = self
        b.closeAndJudge()
        return Share(b, snapshot: b.snapshot())
    }

    /// The national report (DESIGN §12, §14): each workshop's own report, from a pass over
    /// its log or from its summaries, folded into one (see `NationalFold`).
    public static func national(_ shares: [(code: String, share: Share)], period: ReportPeriod, goal: ForecastGoal?,
                                now: Timestamp? = nil) -> ThroughputReport {
        var fold = NationalFold(period: period, goal: goal, now: now)
        for (code, share) in shares { fold.add(code, share) }
        return fold.finish()
    }
}

/// The national report (DESIGN §12, §14) folded one workshop at a time, so a workshop's
/// share can be let go once added. National counts are sums; airframes, operators, units
/// and models stay apart under their workshop's code (`CODE/AF-0001`, `CODE/2nd platoon`),
/// so each airframe was judged by its own workshop's models and staff, and a serial claimed
/// by two workshops is listed once per workshop. Capacity is the sum in force at `to`,
/// unknown if any workshop has none. Every share must have been made for the same period
/// and goal; workshops come in code order, and lists of event ids run in that order.
public struct NationalFold: Sendable {
    var n: ReportBuilder
    /// The capacities summed so far; nil once a workshop has none.
    var capacity: Int? = 0
    var wip: [AirframeState: Int] = [:]
    var oldest: [OldestWIP] = []
    /// Each workshop's serials due for service, under its prefix `CODE/`.
    var due: [(prefix: [UInt8], serials: IDList)] = []
    var current: [(unit: String, count: Int)] = [], lapsed: [(unit: String, count: Int)] = []
    var holdings: [UnitHolding] = []
    let period: ReportPeriod

    public init(period: ReportPeriod, goal: ForecastGoal?, now: Timestamp? = nil) {
        n = ReportBuilder(period: period, goal: goal, now: now)
        self.period = period
    }

    public mutating func add(_ code: String, _ share: ReportBuilder.Share) {
        let b = share.counts, snapshot = share.report.snapshot
        precondition(b.buckets.count == n.buckets.count && b.completeWeeks == n.completeWeeks, "one period for every workshop")
        let p = code + "/"
        for i in n.metrics.indices {
            n.metrics[i].addCounts(b.metrics[i])
            n.buildHours[i] += b.buildHours[i]
            n.restoreHours[i] += b.restoreHours[i]
            n.firstQC[i].runs += b.firstQC[i].runs
            n.firstQC[i].passed += b.firstQC[i].passed
            n.defects[i].merge(b.defects[i], uniquingKeysWith: +)
            n.flightMinutes[i] += b.flightMinutes[i]
            n.trainingMinutes[i] += b.trainingMinutes[i]
        }
        for w in n.weeklyDelivered.indices { n.weeklyDelivered[w] += b.weeklyDelivered[w] }
        n.deliveredBeforeTo += b.deliveredBeforeTo
        for (state, diff) in b.stateDiff {
            var sum = n.stateDiff[state] ?? Array(repeating: 0, count: n.ends.count + 1)
            for i in sum.indices { sum[i] += diff[i] }
            n.stateDiff[state] = sum
        }
        for i in n.fleetDiff.indices { n.fleetDiff[i] += b.fleetDiff[i] }
        for (unit, diff) in b.qualifiedDiff { n.qualifiedDiff[p + unit] = diff }
        for unit in b.units { n.units.insert(p + unit) }
        if let c = b.capacity(before: b.to), let sum = capacity { capacity = sum + c } else { capacity = nil }

        let events = snapshot.complianceEvents
        n.complianceIDs.flightsWhileDue.append(contentsOf: events.flightsWhileDue)
        n.complianceIDs.hastyQC.append(contentsOf: events.hastyQC)
        n.complianceIDs.flightsByUnqualified.append(contentsOf: events.flightsByUnqualified)
        // By airframe, only the leading ones the reports name, and how many in all.
        n.complianceIDs.flightsWhileDueBySerial.fold(events.flightsWhileDueBySerial, prefix: p)
        n.complianceIDs.hastyQCBySerial.fold(events.hastyQCBySerial, prefix: p)
        n.complianceIDs.flightsByUnqualifiedBySerial.fold(events.flightsByUnqualifiedBySerial, prefix: p)

        for (state, count) in snapshot.wip { wip[state, default: 0] += count }
        // Each workshop's ten oldest hold the nation's ten oldest.
        oldest += snapshot.oldestWIP.map { OldestWIP(serial: p + $0.serial, state: $0.state, hours: $0.hours) }
        oldest.sort { $0.hours != $1.hours ? $0.hours > $1.hours : $0.serial < $1.serial }
        oldest = Array(oldest.prefix(10))
        due.append((Array(p.utf8), snapshot.dueForService))
        current += snapshot.currentOperators.map { (p + $0.unit, $0.count) }
        lapsed += snapshot.lapsedOperators.map { (p + $0.unit, $0.count) }
        holdings += snapshot.units.map { UnitHolding(unit: p + $0.unit, held: $0.held, available: $0.available) }
    }

    public func finish() -> ThroughputReport {
        var n = n
        // No workshop added (each adds its block of serials due): no capacity.
        let capacity = due.isEmpty ? nil : capacity
        n.capacities = capacity.map { [(Int64.min, $0)] } ?? []
        // A code sorts apart from the serials it prefixes ("AB-1/…" before "AB/…"); as no code
        // holds a "/", the prefixes alone order one workshop's serials against another's.
        var serials = IDList()
        serials.reserve(ids: due.reduce(0) { $0 + $1.serials.count },
                        bytes: due.reduce(0) { $0 + $1.serials.bytes.count + $1.serials.count * $1.prefix.count })
        for block in due.sorted(by: { $0.prefix.lexicographicallyPrecedes($1.prefix) }) {
            serials.append(contentsOf: block.serials, prefix: block.prefix)
        }
        let snapshot = Snapshot(
            at: period.to,
            wip: AirframeState.nonTerminal.map { ($0, wip[$0] ?? 0) },
            oldestWIP: oldest,
            dueForService: serials,
            currentOperators: current.sorted { $0.unit < $1.unit },
            lapsedOperators: lapsed.sorted { $0.unit < $1.unit },
            complianceEvents: n.complianceIDs,
            units: holdings.sorted { $0.unit < $1.unit })
        return n.conclude(snapshot: snapshot)
    }
}

extension PeriodMetrics {
    /// Adds another bucket's counters (the metrics derived from them are worked out after).
    mutating func addCounts(_ m: PeriodMetrics) {
        build.registered += m.build.registered
        build.assembled += m.build.assembled
        build.issued += m.build.issued
        build.delivered += m.build.delivered
        test.qcRuns += m.test.qcRuns
        test.qcPassed += m.test.qcPassed
        test.qcFailed += m.test.qcFailed
        train.enrolled += m.train.enrolled
        train.qualified += m.train.qualified
        train.failed += m.train.failed
        train.withdrawn += m.train.withdrawn
        maintain.openedScheduled += m.maintain.openedScheduled
        maintain.openedDefect += m.maintain.openedDefect
        maintain.openedDamage += m.maintain.openedDamage
        maintain.closed += m.maintain.closed
        fleet.losses += m.fleet.losses
        compliance.flightsWhileDue += m.compliance.flightsWhileDue
        compliance.flightsByUnqualified += m.compliance.flightsByUnqualified
        compliance.flightsWithoutOperator += m.compliance.flightsWithoutOperator
        compliance.hastyQC += m.compliance.hastyQC
    }
}
