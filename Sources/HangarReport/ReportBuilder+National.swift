import HangarCore

extension ReportBuilder {
    /// The national report's pass (DESIGN §12, §14): each workshop's own pass over its own
    /// log, folded into one. National counts are sums; airframes, operators, units and models
    /// stay apart under their workshop's code (`CODE/AF-0001`, `CODE/2nd platoon`), so each
    /// airframe is judged by its own workshop's models and staff, and a serial claimed by two
    /// workshops is listed once per workshop. Capacity is the sum in force at `to`, unknown if
    /// any workshop has none. Every part must have been made for the same period and goal.
    public static func national(_ parts: [(code: String, builder: ReportBuilder)], period: ReportPeriod, goal: ForecastGoal?,
                                now: Timestamp? = nil) -> ReportBuilder {
        var n = ReportBuilder(period: period, goal: goal, now: now)
        var capacity: Int? = parts.isEmpty ? nil : 0
        for (code, b) in parts {
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
            for (serial, track) in b.airframes {
                var t = track
                t.airframe = Self.kept(t.airframe, p)
                t.atTo = t.atTo.map { Self.kept($0, p) }
                n.airframes[p + serial] = t
            }
            for (id, track) in b.operators {
                var o = track
                o.unit = p + o.unit
                n.operators[p + id] = o
            }
            for (model, interval) in b.models { n.models[p + model] = interval }
            for unit in b.units { n.units.insert(p + unit) }
            if let c = b.capacity(before: b.to), let sum = capacity { capacity = sum + c } else { capacity = nil }
            for id in b.complianceIDs.flightsWhileDue { n.complianceIDs.flightsWhileDue.append(id) }
            for id in b.complianceIDs.hastyQC { n.complianceIDs.hastyQC.append(id) }
            for id in b.complianceIDs.flightsByUnqualified { n.complianceIDs.flightsByUnqualified.append(id) }
            for (serial, count) in b.complianceIDs.flightsWhileDueBySerial { n.complianceIDs.flightsWhileDueBySerial[p + serial] = count }
            for (serial, count) in b.complianceIDs.hastyQCBySerial { n.complianceIDs.hastyQCBySerial[p + serial] = count }
            for (serial, count) in b.complianceIDs.flightsByUnqualifiedBySerial { n.complianceIDs.flightsByUnqualifiedBySerial[p + serial] = count }
            for f in b.pendingFlights {
                var g = f
                g.serial = p + f.serial
                g.operatorID = p + f.operatorID
                n.pendingFlights.append(g)
            }
            for (id, flights) in b.operatorFlights { n.operatorFlights[p + id] = flights }
            for (id, minutes) in b.minutesBeforeTo { n.minutesBeforeTo[p + id] = minutes }
        }
        n.capacities = capacity.map { [(Int64.min, $0)] } ?? []
        return n
    }

    /// An airframe as the national pass keeps it: its model and unit under its workshop's code.
    static func kept(_ a: Airframe, _ prefix: String) -> Airframe {
        var a = a
        a.model = prefix + a.model
        a.unit = a.unit.map { prefix + $0 }
        return a
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
