import Foundation
import HangarCore

/// `--format json`: the machine contract of DESIGN §8 (snake_case keys, nulls for ratios
/// with a zero denominator, numbers unrounded, dates as YYYY-MM-DD).
public enum ReportJSON {
    public static func render(_ r: ThroughputReport) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object(r), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func null(_ v: Any?) -> Any { v ?? NSNull() }

    public static func object(_ r: ThroughputReport) -> [String: Any] {
        [
            "period": ["from": "\(r.period.from)", "to": "\(r.period.to)", "every": r.period.every.rawValue],
            "workshop": ["name": null(r.workshopName), "capacity_per_year": null(r.capacityPerYear)],
            "buckets": r.buckets.map(metrics),
            "totals": metrics(r.totals),
            "snapshot": snapshot(r.snapshot),
            "cycle": ["buckets_all_four": r.cycle.bucketsAllFour, "current_streak": r.cycle.currentStreak],
            "forecast": null(r.forecast.map(forecast)),
        ]
    }

    public static func metrics(_ m: PeriodMetrics) -> [String: Any] {
        [
            "start": "\(m.start)", "end": "\(m.end)",
            "build": [
                "registered": m.build.registered, "assembled": m.build.assembled, "delivered": m.build.delivered,
                "build_hours_p50": null(m.build.buildHoursP50), "build_hours_p85": null(m.build.buildHoursP85),
            ],
            "test": [
                "qc_runs": m.test.qcRuns, "qc_passed": m.test.qcPassed, "qc_failed": m.test.qcFailed,
                "first_pass_yield": null(m.test.firstPassYield),
                "defects": m.test.defects.map { ["code": $0.code, "count": $0.count] },
            ],
            "train": [
                "enrolled": m.train.enrolled, "qualified": m.train.qualified, "failed": m.train.failed,
                "withdrawn": m.train.withdrawn, "pass_rate": null(m.train.passRate),
                "training_flight_hours": m.train.trainingFlightHours, "units_covered": m.train.unitsCovered,
            ],
            "maintain": [
                "maintenance_opened": ["scheduled": m.maintain.openedScheduled, "defect": m.maintain.openedDefect, "damage": m.maintain.openedDamage],
                "maintenance_closed": m.maintain.closed, "restore_hours_p50": null(m.maintain.restoreHoursP50),
                "mtbf_flight_hours": null(m.maintain.mtbfFlightHours),
            ],
            "fleet": [
                "fleet_size": m.fleet.fleetSize, "available": m.fleet.available,
                "availability": null(m.fleet.availability), "losses": m.fleet.losses,
            ],
            "capacity": [
                "annualized_delivery_rate": m.capacity.annualizedDeliveryRate,
                "capacity_utilization": null(m.capacity.capacityUtilization),
            ],
            "compliance": [
                "flights_while_due": m.compliance.flightsWhileDue, "flights_by_unqualified": m.compliance.flightsByUnqualified,
                "hasty_qc": m.compliance.hastyQC,
            ],
            "loops_active": m.loopsActive.map(\.rawValue),
        ]
    }

    static func snapshot(_ s: Snapshot) -> [String: Any] {
        [
            "at": "\(s.at)",
            "wip": Dictionary(uniqueKeysWithValues: s.wip.map { ($0.state.rawValue, $0.count) }),
            "oldest_wip": s.oldestWIP.map { ["serial": $0.serial, "state": $0.state.rawValue, "hours": $0.hours] },
            "due_for_service": s.dueForService,
            "current_operators": Dictionary(uniqueKeysWithValues: s.currentOperators.map { ($0.unit, $0.count) }),
            "lapsed_operators": Dictionary(uniqueKeysWithValues: s.lapsedOperators.map { ($0.unit, $0.count) }),
            "compliance_events": [
                "flights_while_due": s.complianceEvents.flightsWhileDue,
                "flights_by_unqualified": s.complianceEvents.flightsByUnqualified,
                "hasty_qc": s.complianceEvents.hastyQC,
            ],
        ]
    }

    static func forecast(_ f: Forecast) -> [String: Any] {
        [
            "target": f.target, "trials": f.trials, "seed": f.seed, "weekly_delivered": f.weeklyDelivered,
            "p50_date": null(f.p50Date.map { "\($0)" }), "p85_date": null(f.p85Date.map { "\($0)" }),
            "p50_weeks": null(f.p50Weeks), "p85_weeks": null(f.p85Weeks), "note": null(f.note),
            "fan": f.fan.map { ["week": $0.week, "p15": $0.p15, "p50": $0.p50, "p85": $0.p85] },
        ]
    }
}
