import HangarCore

/// The report's JSON shape (DESIGN §8), as Encodable types: each key written once, here.
/// With `markers`, the four long id lists are written as marker strings that `ReportJSON`
/// replaces with the lists themselves.
public struct ReportDocument: Encodable {
    public var report: ThroughputReport
    public var markers: Bool

    public init(report: ThroughputReport, markers: Bool = false) {
        self.report = report
        self.markers = markers
    }

    enum Marker: String {
        case dueForService = "\u{1}due_for_service", flightsWhileDue = "\u{1}flights_while_due"
        case flightsByUnqualified = "\u{1}flights_by_unqualified", hastyQC = "\u{1}hasty_qc"
    }

    /// An object of named values, in one place per shape.
    struct Object: Encodable {
        var members: [(String, any Encodable)]
        init(_ members: [(String, any Encodable)]) { self.members = members }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in members { try c.encode(value, forKey: AnyKey(key)) }
        }
    }

    /// A list of ids, or its marker.
    struct IDs: Encodable {
        var ids: IDList
        var marker: Marker?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if let marker { try c.encode(marker.rawValue) } else { try c.encode(Array(ids)) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let r = report
        try Object([
            ("period", Object([("from", "\(r.period.from)"), ("to", "\(r.period.to)"), ("every", r.period.every.rawValue)]
                + (r.period.local.zone.map { [("timezone", $0)] } ?? []))),
            ("workshop", Object([("name", r.workshopName), ("capacity_per_year", r.capacityPerYear)])),
            ("buckets", r.buckets.enumerated().map { i, m in Self.metrics(m, supply: r.supply?.buckets[i]) }),
            ("totals", Self.metrics(r.totals, supply: r.supply?.totals)),
            ("snapshot", snapshot(r.snapshot)),
            ("cycle", Object([("buckets_all_four", r.cycle.bucketsAllFour), ("current_streak", r.cycle.currentStreak)])),
            ("forecast", r.forecast.map(Self.forecast)),
        ]).encode(to: encoder)
    }

    static func metrics(_ m: PeriodMetrics, supply: SupplyMetrics? = nil) -> Object {
        var object = Object([
            ("start", "\(m.start)"), ("end", "\(m.end)"),
            ("build", Object([
                ("registered", m.build.registered), ("assembled", m.build.assembled), ("delivered", m.build.delivered), ("issued", m.build.issued),
                ("build_hours_p50", m.build.buildHoursP50), ("build_hours_p85", m.build.buildHoursP85),
            ])),
            ("test", Object([
                ("qc_runs", m.test.qcRuns), ("qc_passed", m.test.qcPassed), ("qc_failed", m.test.qcFailed),
                ("first_pass_yield", m.test.firstPassYield),
                ("defects", m.test.defects.map { Object([("code", $0.code), ("count", $0.count)]) }),
            ])),
            ("train", Object([
                ("enrolled", m.train.enrolled), ("qualified", m.train.qualified), ("failed", m.train.failed),
                ("withdrawn", m.train.withdrawn), ("pass_rate", m.train.passRate),
                ("training_flight_hours", m.train.trainingFlightHours), ("units_covered", m.train.unitsCovered),
            ])),
            ("maintain", Object([
                ("maintenance_opened", Object([
                    ("scheduled", m.maintain.openedScheduled), ("defect", m.maintain.openedDefect), ("damage", m.maintain.openedDamage),
                ])),
                ("maintenance_closed", m.maintain.closed), ("restore_hours_p50", m.maintain.restoreHoursP50),
                ("mtbf_flight_hours", m.maintain.mtbfFlightHours),
            ])),
            ("fleet", Object([
                ("fleet_size", m.fleet.fleetSize), ("available", m.fleet.available),
                ("availability", m.fleet.availability), ("losses", m.fleet.losses),
            ])),
            ("capacity", Object([
                ("annualized_delivery_rate", m.capacity.annualizedDeliveryRate),
                ("capacity_utilization", m.capacity.capacityUtilization),
            ])),
            ("compliance", Object([
                ("flights_while_due", m.compliance.flightsWhileDue), ("flights_by_unqualified", m.compliance.flightsByUnqualified),
                ("hasty_qc", m.compliance.hastyQC), ("flights_without_operator", m.compliance.flightsWithoutOperator),
            ])),
            ("loops_active", m.loopsActive.map(\.rawValue)),
        ])
        if let supply { object.members.append(("supply", Self.supply(supply))) }
        return object
    }

    /// The `supply` group (DESIGN §11): local content as indicators, not a certificate.
    static func supply(_ s: SupplyMetrics) -> Object {
        Object([
            ("local_content", s.localContent.map { c in
                Object([("count_share", c.countShare), ("cost_share", c.costShare), ("value_share", c.valueShare), ("unknown_share", c.unknownShare)])
            }),
            ("nmcm_hours", s.nmcmHours), ("nmcs_hours", s.nmcsHours),
            ("awaiting_parts_by_part", s.awaitingPartsByPart.map {
                Object([("part", $0.part), ("catalogued", $0.catalogued), ("airframes", $0.airframes), ("hours", $0.hours)])
            }),
            ("parts_consumed", s.partsConsumed.map { Object([("part", $0.part), ("qty", $0.qty)]) }),
        ])
    }

    func snapshot(_ s: Snapshot) -> Object {
        func ids(_ list: IDList, _ marker: Marker) -> IDs { IDs(ids: list, marker: markers ? marker : nil) }
        var object = Object([
            ("at", "\(s.at)"),
            ("taken_at", report.takenAt?.iso8601),
            ("wip", Object(s.wip.map { ($0.state.rawValue, $0.count) })),
            ("oldest_wip", s.oldestWIP.map { Object([("serial", $0.serial), ("state", $0.state.rawValue), ("hours", $0.hours)]) }),
            ("due_for_service", ids(s.dueForService, .dueForService)),
            ("current_operators", Object(s.currentOperators.map { ($0.unit, $0.count) })),
            ("lapsed_operators", Object(s.lapsedOperators.map { ($0.unit, $0.count) })),
            ("compliance_events", Object([
                ("flights_while_due", ids(s.complianceEvents.flightsWhileDue, .flightsWhileDue)),
                ("flights_by_unqualified", ids(s.complianceEvents.flightsByUnqualified, .flightsByUnqualified)),
                ("hasty_qc", ids(s.complianceEvents.hastyQC, .hastyQC)),
            ])),
            ("units", s.units.map { Object([("unit", $0.unit), ("held", $0.held), ("available", $0.available)]) }),
        ])
        if let supply = report.supply {
            object.members += [
                ("low_stock", supply.lowStock.map {
                    Object([("part", $0.part), ("on_hand", $0.onHand), ("reorder_at", $0.reorderAt), ("weeks_of_cover", $0.weeksOfCover)])
                }),
                ("life_limited_due", supply.lifeLimitedDue.map {
                    Object([("serial", $0.serial), ("part", $0.part), ("airframe", $0.airframe), ("measure", $0.measure),
                            ("used", $0.used), ("limit", $0.limit)])
                }),
                ("batteries_worn", supply.batteriesWorn.map {
                    Object([("serial", $0.serial), ("part", $0.part), ("cycles", $0.cycles), ("health", $0.health)])
                }),
            ]
        }
        return object
    }

    static func forecast(_ f: Forecast) -> Object {
        Object([
            ("target", f.target), ("mode", f.mode.rawValue), ("delivered_so_far", f.deliveredSoFar), ("more", f.more),
            ("trials", f.trials), ("seed", f.seed), ("weekly_delivered", f.weeklyDelivered),
            ("p50_date", f.p50Date.map { "\($0)" }), ("p85_date", f.p85Date.map { "\($0)" }),
            ("p50_weeks", f.p50Weeks), ("p85_weeks", f.p85Weeks), ("note", f.note),
            ("fan", f.fan.map { Object([("week", $0.week), ("p15", $0.p15), ("p50", $0.p50), ("p85", $0.p85)]) }),
        ])
    }
}
