import Foundation
import HangarCore

/// `--format json`: the machine contract of DESIGN §8 (snake_case keys, nulls for ratios
/// with a zero denominator, numbers unrounded, dates as YYYY-MM-DD).
public enum ReportJSON {
    public static func render(_ r: ThroughputReport) -> String {
        String(decoding: bytes(r), as: UTF8.self)
    }

    /// The rendering as UTF-8. The long id lists (a national fleet has hundreds of
    /// thousands) are not handed to JSONSerialization one string each: the object carries a
    /// marker in their place, and each list is written into the output in the same layout
    /// JSONSerialization gives an array at that depth.
    /// `pretty: false` gives the compact form (the API's).
    public static func bytes(_ r: ThroughputReport, pretty: Bool = true) -> [UInt8] {
        var tree = object(r)
        var snapshot = tree["snapshot"] as! [String: Any]
        var compliance = snapshot["compliance_events"] as! [String: Any]
        let lists: [(marker: String, ids: IDList, depth: Int)] = [
            ("\u{1}due_for_service", r.snapshot.dueForService, 2),
            ("\u{1}flights_while_due", r.snapshot.complianceEvents.flightsWhileDue, 3),
            ("\u{1}flights_by_unqualified", r.snapshot.complianceEvents.flightsByUnqualified, 3),
            ("\u{1}hasty_qc", r.snapshot.complianceEvents.hastyQC, 3),
        ]
        snapshot["due_for_service"] = lists[0].marker
        compliance["flights_while_due"] = lists[1].marker
        compliance["flights_by_unqualified"] = lists[2].marker
        compliance["hasty_qc"] = lists[3].marker
        snapshot["compliance_events"] = compliance
        tree["snapshot"] = snapshot
        let options: JSONSerialization.WritingOptions = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? JSONSerialization.data(withJSONObject: tree, options: options)) ?? Data()
        let text = [UInt8](data)
        // Each marker as JSONSerialization wrote it (a quoted string starting with \u0001),
        // replaced from the last to the first so earlier positions stay valid.
        let places = lists.compactMap { list in
            firstRange(of: Array("\"\\u0001\(list.marker.dropFirst())\"".utf8), in: text).map { ($0, list) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + lists.reduce(0) { $0 + $1.ids.bytes.count + $1.ids.count * (2 * $1.depth + 6) } + 1)
        var start = 0
        for (range, list) in places.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            out.append(contentsOf: text[start..<range.lowerBound])
            array(list.ids, depth: pretty ? list.depth : nil, into: &out)
            start = range.upperBound
        }
        out.append(contentsOf: text[start...])
        if pretty { out.append(0x0A) }
        return out
    }

    /// An array of strings as JSONSerialization pretty-prints it for a key at `depth`, or
    /// writes it compactly (depth nil).
    static func array(_ ids: IDList, depth: Int?, into out: inout [UInt8]) {
        out.append(0x5B)
        guard let depth else {
            for i in ids.indices {
                if i > 0 { out.append(0x2C) }
                appendQuoted(ids, i, to: &out)
            }
            out.append(0x5D)
            return
        }
        let inner = [UInt8](repeating: 0x20, count: 2 * (depth + 1)), outer = [UInt8](repeating: 0x20, count: 2 * depth)
        out.append(0x0A)
        for i in ids.indices {
            out += inner
            appendQuoted(ids, i, to: &out)
            if i < ids.count - 1 { out.append(0x2C) }
            out.append(0x0A)
        }
        if ids.isEmpty { out.append(0x0A) }
        out += outer
        out.append(0x5D)
    }

    static func appendQuoted(_ ids: IDList, _ i: Int, to out: inout [UInt8]) {
        out.append(0x22)
        let id = ids.bytes[ids.range(i)]
        if id.contains(where: { $0 == 0x22 || $0 == 0x5C }) {
            for byte in id {
                if byte == 0x22 || byte == 0x5C { out.append(0x5C) }  // " and \ escaped; ids are printable ASCII
                out.append(byte)
            }
        } else {
            out.append(contentsOf: id)
        }
        out.append(0x22)
    }

    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard needle.count <= haystack.count else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
            i += 1
        }
        return nil
    }

    static func null(_ v: Any?) -> Any { v ?? NSNull() }

    static func object(_ r: ThroughputReport) -> [String: Any] {
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
