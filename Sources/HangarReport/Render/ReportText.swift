import Foundation
import HangarCore

/// `--format text`: a page a commander reads in ten seconds.
public enum ReportText {
    public static func render(_ r: ThroughputReport) -> String { render(r, language: .en) }

    /// The report in a person's language (DESIGN §13): labels and numbers localised, serials,
    /// ids and state names raw.
    public static func render(_ r: ThroughputReport, language: Language) -> String {
        Speaking.$language.withValue(language) { renderInLanguage(r) }
    }

    enum Speaking {
        @TaskLocal static var language: Language = .en
    }

    static func t(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text("rt." + key, Speaking.language, args) }

    static func date(_ d: Day) -> String {
        let text = d.description
        guard Speaking.language != .en else { return text }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return parts.count == 3 ? LocalFormat.date(year: parts[0], month: parts[1], day: parts[2], Speaking.language) : text
    }

    static func every(_ r: ThroughputReport) -> String { t(r.period.every == .week ? "every_week" : "every_month") }

    static func renderInLanguage(_ r: ThroughputReport) -> String {
        var out: [String] = []
        let title = r.workshopName ?? t("workshop")
        out.append(t("title", ["workshop": title, "from": date(r.period.from), "to": date(r.period.to), "every": every(r)]))
        out.append("")
        out.append(contentsOf: headlines(r))
        out.append("")
        out.append(table(r))
        out.append("")
        out.append(contentsOf: snapshot(r))
        return out.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double?, _ digits: Int = 1) -> String {
        guard let x else { return "-" }
        return Speaking.language == .en ? String(format: "%.\(digits)f", x) : LocalFormat.number(x, digits: digits, Speaking.language)
    }

    static func percent(_ x: Double?) -> String {
        guard let x else { return "-" }
        return Speaking.language == .en ? "\(Int((x * 100).rounded()))%" : LocalFormat.percent((x * 100).rounded() / 100, Speaking.language)
    }

    static func int(_ n: Int) -> String { LocalFormat.integer(n, Speaking.language) }

    static func change(_ now: Double?, _ before: Double?, unit: String = "", scale: Double = 1, digits: Int = 0) -> String {
        guard let now, let before else { return "" }
        let delta = (now - before) * scale
        var shown = String(format: "%+.\(digits)f", delta)
        if Speaking.language != .en { shown = (delta > 0 ? "+" : "") + LocalFormat.number(delta, digits: digits, Speaking.language) }
        let unitText = unit.trimmingCharacters(in: .whitespaces)
        let localUnit = unitText.isEmpty ? "" : t("unit_" + (unitText == "pts" ? "pts" : "h"))
        return delta == 0 ? t("same_as_previous", ["unit": unitText.isEmpty ? t("bucket") : localUnit])
            : t("vs_previous", ["change": shown + (unitText.isEmpty ? "" : (Speaking.language == .en ? unit : "\u{00A0}" + localUnit))])
    }

    /// `BQTM` with a dot for each loop that was not active.
    static func loopLetters(_ m: PeriodMetrics) -> String {
        zip(Loop.allCases, ["B", "Q", "T", "M"]).map { m.loopsActive.contains($0.0) ? $0.1 : "." }.joined()
    }

    static func headlines(_ r: ThroughputReport) -> [String] {
        // The last whole bucket against the one before (a two-day "last week" would mislead).
        let wholes = r.buckets.indices.filter { r.period.isWhole(Bucket(start: r.buckets[$0].start, end: r.buckets[$0].end)) }
        let lastIndex = wholes.last ?? r.buckets.count - 1
        guard lastIndex >= 0 else { return [] }
        let last = r.buckets[lastIndex]
        let prev = lastIndex > 0 ? r.buckets[lastIndex - 1] : nil
        func row(_ label: String, _ value: String, _ delta: String) -> String {
            let width = Speaking.language == .en ? 22 : 34
            return "  " + label.padding(toLength: max(width, label.count + 1), withPad: " ", startingAt: 0) + value.padding(toLength: max(16, value.count + 1), withPad: " ", startingAt: 0) + delta
        }
        let h = t("unit_h")
        var lines = [t(r.period.every == .week ? "last_week" : "last_month", ["from": date(last.start), "to": date(last.end)])]
        lines.append(row(t("delivered"), int(last.build.delivered), change(Double(last.build.delivered), prev.map { Double($0.build.delivered) })))
        // The stated capacity for this bucket: what the delivered chart draws as its target.
        if let capacity = r.capacityPerYear, let target = r.capacityTarget(last) {
            let days = Int(last.end.index - last.start.index)
            lines.append(row(t("capacity_target"), number(target),
                             t("capacity_target_note", ["capacity": int(capacity), "days": int(days),
                                                        "share": percent(target > 0 ? Double(last.build.delivered) / target : nil)])))
        } else {
            lines.append(row(t("capacity_target"), "-", t("no_capacity")))
        }
        lines.append(row(t("fpy"), percent(last.test.firstPassYield),
                         change(last.test.firstPassYield, prev?.test.firstPassYield, unit: " pts", scale: 100)))
        lines.append(row(t("operators_qualified"), int(last.train.qualified), change(Double(last.train.qualified), prev.map { Double($0.train.qualified) })))
        lines.append(row(t("fleet_available"), "\(int(last.fleet.available))/\(int(last.fleet.fleetSize)) \(percent(last.fleet.availability))",
                         change(last.fleet.availability, prev?.fleet.availability, unit: " pts", scale: 100)))
        lines.append(row(t("restore_p50"), last.maintain.restoreHoursP50.map { "\(number($0)) \(h)" } ?? "-",
                         change(last.maintain.restoreHoursP50, prev?.maintain.restoreHoursP50, unit: " h", digits: 1)))
        let tt = r.totals
        lines.append("")
        lines.append(t("whole_period"))
        lines.append(row(t("issued"), int(tt.build.issued), t("issued_note")))
        lines.append(row(t("delivered"), int(tt.build.delivered), t("delivered_note", ["p50": number(tt.build.buildHoursP50), "p85": number(tt.build.buildHoursP85)])))
        lines.append(row(t("annualized_rate"), t("per_year", ["n": int(Int(tt.capacity.annualizedDeliveryRate.rounded()))]),
                         r.capacityPerYear.map { t("of_capacity", ["share": percent(tt.capacity.capacityUtilization), "capacity": int($0)]) } ?? t("no_capacity")))
        lines.append(row(t("fpy"), percent(tt.test.firstPassYield), t("qc_runs_note", ["runs": int(tt.test.qcRuns), "failed": int(tt.test.qcFailed)])))
        lines.append(row(t("operators"), t("qualified_n", ["n": int(tt.train.qualified)]), t("operators_note", ["rate": percent(tt.train.passRate), "enrolled": int(tt.train.enrolled), "hours": number(tt.train.trainingFlightHours)])))
        lines.append(row(t("maintenance"), t("closed_n", ["n": int(tt.maintain.closed)]), t("maintenance_note", ["scheduled": int(tt.maintain.openedScheduled), "defect": int(tt.maintain.openedDefect), "damage": int(tt.maintain.openedDamage), "mtbf": number(tt.maintain.mtbfFlightHours)])))
        lines.append(row(t("losses"), int(tt.fleet.losses), ""))
        if let supply = r.supply?.totals {
            let waits = supply.awaitingPartsByPart.prefix(3).map { "\($0.part) \(number($0.hours)) \(h)" }.joined(separator: ", ")
            lines.append(row(t("nmc"), t("nmcm_value", ["hours": number(supply.nmcmHours)]), t("nmcs_note", ["hours": number(supply.nmcsHours)]) + (waits.isEmpty ? "" : " (\(waits))")))
            if let c = supply.localContent {
                lines.append(row(t("local_content"), t("value_share", ["share": percent(c.valueShare)]),
                                 t("local_content_note", ["count": percent(c.countShare), "cost": percent(c.costShare), "unknown": percent(c.unknownShare)])))
            }
        }
        if let f = r.forecast {
            // `+N`: N more after the period; `N in total`: counting those delivered before it.
            let goal = f.mode == .more ? "+\(int(f.target))" : t("forecast_total_value", ["n": int(f.target)])
            var when: String
            if f.alreadyReached {
                when = t("forecast_reached", ["so_far": int(f.deliveredSoFar), "to": date(r.period.to)])
            } else if let p50 = f.p50Date, let p85 = f.p85Date {
                when = t("forecast_both", ["p50": date(p50), "p85": date(p85)])
            } else if let p50 = f.p50Date {
                when = t("forecast_p50", ["p50": date(p50), "note": f.note ?? ""])
            } else {
                when = f.note ?? t("no_forecast")
            }
            if f.mode == .total && !f.alreadyReached {
                when += "; " + t("forecast_total_note", ["so_far": int(f.deliveredSoFar), "to": date(r.period.to), "more": int(f.more)])
            }
            lines.append(row(t("forecast"), goal, when))
        }
        return lines
    }

    static func table(_ r: ThroughputReport) -> String {
        let header = [t(r.period.every == .week ? "col_week" : "col_month"), t("col_deliv"), t("col_build"), t("col_fpy"), t("col_qc"), t("col_fail"), t("col_qualif"),
                      t("col_train"), t("col_maint"), t("col_restore"), t("col_avail"), t("col_loops")]
        func cells(_ label: String, _ m: PeriodMetrics) -> [String] {
            let loops = loopLetters(m)
            return [label, int(m.build.delivered), number(m.build.buildHoursP50), percent(m.test.firstPassYield), int(m.test.qcRuns),
                    int(m.test.qcFailed), int(m.train.qualified), number(m.train.trainingFlightHours),
                    int(m.maintain.closed), number(m.maintain.restoreHoursP50), percent(m.fleet.availability), loops]
        }
        var rows = r.buckets.map { cells(date($0.start), $0) }
        rows.append(cells(t("total"), r.totals))
        var widths = header.map(\.count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        var lines = [line(header)]
        for (i, row) in rows.enumerated() {
            if i == rows.count - 1 { lines.append(String(repeating: "-", count: lines[0].count)) }
            lines.append(line(row))
        }
        lines.append(t("loops_legend"))
        return lines.joined(separator: "\n")
    }

    /// The airframes of a compliance list, the most frequent first: `AF-0007 ×30, AF-0005 ×12, … (7 in all)`.
    static func airframes(_ bySerial: SerialCounts, limit: Int = SerialCounts.shown) -> String {
        let leading = bySerial.leading(limit).map { "\($0.serial) ×\(int($0.count))" }.joined(separator: ", ")
        return bySerial.count > limit ? leading + ", … (" + t("in_all", ["n": int(bySerial.count)]) + ")" : leading
    }

    static func snapshot(_ r: ThroughputReport) -> [String] {
        let s = r.snapshot
        func label(_ key: String) -> String {
            let text = t(key)
            return "  " + text.padding(toLength: max(Speaking.language == .en ? 19 : 30, text.count + 1), withPad: " ", startingAt: 0)
        }
        var lines = [t("snapshot", ["at": date(s.at)])]
        lines.append(label("wip") + s.wip.map { "\($0.state.rawValue) \(int($0.count))" }.joined(separator: ", "))
        if !s.oldestWIP.isEmpty {
            lines.append(label("oldest") + s.oldestWIP.prefix(5).map { "\($0.serial) \($0.state.rawValue) \(number($0.hours)) \(t("unit_h"))" }.joined(separator: "; "))
        }
        lines.append(label("due") + int(s.dueForService.count) + (s.dueForService.isEmpty ? "" : ": " + s.dueForService.prefix(8).joined(separator: ", ") + (s.dueForService.count > 8 ? ", …" : "")))
        lines.append(label("held_by_unit") + (s.units.isEmpty ? "-" : s.units.map {
            t("unit_held", ["unit": $0.unit, "held": int($0.held), "available": int($0.available)])
        }.joined(separator: "; ")))
        let lapsed = Dictionary(uniqueKeysWithValues: s.lapsedOperators.map { ($0.unit, $0.count) })
        lines.append(label("operators_by_unit") + s.currentOperators.map { t("unit_operators", ["unit": $0.unit, "current": int($0.count), "lapsed": int(lapsed[$0.unit] ?? 0)]) }.joined(separator: "; "))
        let top = r.totals.test.defects.prefix(3).map { "\($0.code) \(int($0.count))" }.joined(separator: ", ")
        if !top.isEmpty { lines.append(label("top_defects") + top) }
        let c = r.totals.compliance
        lines.append(label("compliance") + t("compliance_note", ["due": int(c.flightsWhileDue), "unqualified": int(c.flightsByUnqualified), "hasty": int(c.hastyQC), "no_operator": int(c.flightsWithoutOperator)]))
        let events = s.complianceEvents
        for (key, bySerial) in [("due_on", events.flightsWhileDueBySerial), ("unqualified_on", events.flightsByUnqualifiedBySerial), ("hasty_on", events.hastyQCBySerial)]
        where !bySerial.isEmpty {
            lines.append(label(key) + airframes(bySerial))
        }
        if let supply = r.supply {
            if !supply.lowStock.isEmpty {
                lines.append(label("low_stock") + supply.lowStock.prefix(6).map { "\($0.part) \(int($0.onHand))/\(int($0.reorderAt))" + ($0.weeksOfCover.map { " (" + t("weeks_short", ["n": number($0)]) + ")" } ?? "") }.joined(separator: ", ") + (supply.lowStock.count > 6 ? ", …" : ""))
            }
            if !supply.lifeLimitedDue.isEmpty {
                lines.append(label("near_life") + "\(int(supply.lifeLimitedDue.count)): " + supply.lifeLimitedDue.prefix(5).map { "\($0.serial) \(int($0.used))/\(int($0.limit)) \(Catalogue.text("measure." + $0.measure, Speaking.language))" }.joined(separator: ", ") + (supply.lifeLimitedDue.count > 5 ? ", …" : ""))
            }
            if !supply.batteriesWorn.isEmpty {
                lines.append(label("worn") + "\(int(supply.batteriesWorn.count)): " + supply.batteriesWorn.prefix(5).map { "\($0.serial) " + t("cycles_n", ["n": int($0.cycles)]) + ($0.health.map { " \(percent($0))" } ?? "") }.joined(separator: ", ") + (supply.batteriesWorn.count > 5 ? ", …" : ""))
            }
        }
        lines.append(label("cycle") + t("cycle_note", ["all": int(r.cycle.bucketsAllFour), "buckets": int(r.buckets.count), "streak": int(r.cycle.currentStreak)]))
        return lines
    }
}
