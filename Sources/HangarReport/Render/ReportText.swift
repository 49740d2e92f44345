import Foundation
import HangarCore

/// `--format text`: a page a commander reads in ten seconds.
public enum ReportText {
    public static func render(_ r: ThroughputReport) -> String {
        var out: [String] = []
        let title = r.workshopName ?? "Workshop"
        out.append("\(title) — throughput \(r.period.from) to \(r.period.to) (exclusive), by \(r.period.every.rawValue)")
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
        return String(format: "%.\(digits)f", x)
    }

    static func percent(_ x: Double?) -> String {
        guard let x else { return "-" }
        return "\(Int((x * 100).rounded()))%"
    }

    static func change(_ now: Double?, _ before: Double?, unit: String = "", scale: Double = 1, digits: Int = 0) -> String {
        guard let now, let before else { return "" }
        let delta = (now - before) * scale
        let shown = String(format: "%+.\(digits)f", delta)
        return delta == 0 ? "(= previous \(unit.isEmpty ? "bucket" : unit.trimmingCharacters(in: .whitespaces)))" : "(\(shown)\(unit) vs previous)"
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
            "  " + label.padding(toLength: 22, withPad: " ", startingAt: 0) + value.padding(toLength: 16, withPad: " ", startingAt: 0) + delta
        }
        var lines = ["LAST \(r.period.every.rawValue.uppercased()) (\(last.start) to \(last.end))"]
        lines.append(row("delivered", "\(last.build.delivered)", change(Double(last.build.delivered), prev.map { Double($0.build.delivered) })))
        lines.append(row("first-pass yield", percent(last.test.firstPassYield),
                         change(last.test.firstPassYield, prev?.test.firstPassYield, unit: " pts", scale: 100)))
        lines.append(row("operators qualified", "\(last.train.qualified)", change(Double(last.train.qualified), prev.map { Double($0.train.qualified) })))
        lines.append(row("fleet available", "\(last.fleet.available)/\(last.fleet.fleetSize) \(percent(last.fleet.availability))",
                         change(last.fleet.availability, prev?.fleet.availability, unit: " pts", scale: 100)))
        lines.append(row("restore time p50", last.maintain.restoreHoursP50.map { "\(number($0)) h" } ?? "-",
                         change(last.maintain.restoreHoursP50, prev?.maintain.restoreHoursP50, unit: " h", digits: 1)))
        let t = r.totals
        lines.append("")
        lines.append("WHOLE PERIOD")
        lines.append(row("issued to units", "\(t.build.issued)", "handed to a unit (issue events)"))
        lines.append(row("delivered", "\(t.build.delivered)", "QC-accepted (first pass); build time p50 \(number(t.build.buildHoursP50)) h, p85 \(number(t.build.buildHoursP85)) h"))
        lines.append(row("annualized rate", "\(Int(t.capacity.annualizedDeliveryRate.rounded()))/yr",
                         r.capacityPerYear.map { "\(percent(t.capacity.capacityUtilization)) of the stated capacity \($0)/yr" } ?? "no capacity set"))
        lines.append(row("first-pass yield", percent(t.test.firstPassYield), "\(t.test.qcRuns) QC runs, \(t.test.qcFailed) failed"))
        lines.append(row("operators", "\(t.train.qualified) qualified", "pass rate \(percent(t.train.passRate)), \(t.train.enrolled) enrolled, \(number(t.train.trainingFlightHours)) training flight hours"))
        lines.append(row("maintenance", "\(t.maintain.closed) closed", "opened: \(t.maintain.openedScheduled) scheduled, \(t.maintain.openedDefect) defect, \(t.maintain.openedDamage) damage; MTBF \(number(t.maintain.mtbfFlightHours)) flight h"))
        lines.append(row("losses", "\(t.fleet.losses)", ""))
        if let supply = r.supply?.totals {
            let waits = supply.awaitingPartsByPart.prefix(3).map { "\($0.part) \(number($0.hours)) h" }.joined(separator: ", ")
            lines.append(row("not mission capable", "\(number(supply.nmcmHours)) h maint.", "\(number(supply.nmcsHours)) h awaiting parts" + (waits.isEmpty ? "" : " (\(waits))")))
            if let c = supply.localContent {
                lines.append(row("local content", percent(c.valueShare) + " value",
                                 "\(percent(c.countShare)) of items, \(percent(c.costShare)) of component cost, \(percent(c.unknownShare)) unknown; indicators, not a certificate of origin"))
            }
        }
        if let f = r.forecast {
            if let p50 = f.p50Date, let p85 = f.p85Date {
                lines.append(row("forecast", "+\(f.target)", "by \(p50) (50%), by \(p85) (85%)"))
            } else if let p50 = f.p50Date {
                lines.append(row("forecast", "+\(f.target)", "by \(p50) (50%); \(f.note ?? "")"))
            } else {
                lines.append(row("forecast", "+\(f.target)", f.note ?? "no forecast"))
            }
        }
        return lines
    }

    static func table(_ r: ThroughputReport) -> String {
        let header = [r.period.every == .week ? "week of" : "month", "deliv", "build p50 h", "FPY", "QC", "fail", "qualif",
                      "train h", "maint", "restore h", "avail", "loops"]
        func cells(_ label: String, _ m: PeriodMetrics) -> [String] {
            let loops = loopLetters(m)
            return [label, "\(m.build.delivered)", number(m.build.buildHoursP50), percent(m.test.firstPassYield), "\(m.test.qcRuns)",
                    "\(m.test.qcFailed)", "\(m.train.qualified)", number(m.train.trainingFlightHours),
                    "\(m.maintain.closed)", number(m.maintain.restoreHoursP50), percent(m.fleet.availability), loops]
        }
        var rows = r.buckets.map { cells("\($0.start)", $0) }
        rows.append(cells("total", r.totals))
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
        lines.append("loops: B build (a delivery), Q test (a QC run), T train (a training flight or qualification), M maintain (a maintenance closed)")
        return lines.joined(separator: "\n")
    }

    static func snapshot(_ r: ThroughputReport) -> [String] {
        let s = r.snapshot
        var lines = ["SNAPSHOT at \(s.at)"]
        lines.append("  work in progress   " + s.wip.map { "\($0.state.rawValue) \($0.count)" }.joined(separator: ", "))
        if !s.oldestWIP.isEmpty {
            lines.append("  oldest in work     " + s.oldestWIP.prefix(5).map { "\($0.serial) \($0.state.rawValue) \(number($0.hours)) h" }.joined(separator: "; "))
        }
        lines.append("  due for service    \(s.dueForService.count)" + (s.dueForService.isEmpty ? "" : ": " + s.dueForService.prefix(8).joined(separator: ", ") + (s.dueForService.count > 8 ? ", …" : "")))
        let lapsed = Dictionary(uniqueKeysWithValues: s.lapsedOperators.map { ($0.unit, $0.count) })
        lines.append("  operators          " + s.currentOperators.map { "\($0.unit): \($0.count) current, \(lapsed[$0.unit] ?? 0) lapsed" }.joined(separator: "; "))
        let top = r.totals.test.defects.prefix(3).map { "\($0.code) \($0.count)" }.joined(separator: ", ")
        if !top.isEmpty { lines.append("  top defects        \(top)") }
        let c = r.totals.compliance
        lines.append("  compliance         \(c.flightsWhileDue) flights while due, \(c.flightsByUnqualified) by unqualified operators, \(c.hastyQC) hasty QC passes, \(c.flightsWithoutOperator) flights naming no operator")
        if let supply = r.supply {
            if !supply.lowStock.isEmpty {
                lines.append("  low stock          " + supply.lowStock.prefix(6).map { "\($0.part) \($0.onHand)/\($0.reorderAt)" + ($0.weeksOfCover.map { " (\(number($0)) wk)" } ?? "") }.joined(separator: ", ") + (supply.lowStock.count > 6 ? ", …" : ""))
            }
            if !supply.lifeLimitedDue.isEmpty {
                lines.append("  near life limit    \(supply.lifeLimitedDue.count): " + supply.lifeLimitedDue.prefix(5).map { "\($0.serial) \($0.used)/\($0.limit) \($0.measure)" }.joined(separator: ", ") + (supply.lifeLimitedDue.count > 5 ? ", …" : ""))
            }
            if !supply.batteriesWorn.isEmpty {
                lines.append("  worn batteries     \(supply.batteriesWorn.count): " + supply.batteriesWorn.prefix(5).map { "\($0.serial) \($0.cycles) cycles" + ($0.health.map { " \(percent($0))" } ?? "") }.joined(separator: ", ") + (supply.batteriesWorn.count > 5 ? ", …" : ""))
            }
        }
        lines.append("  cycle              all four loops active in \(r.cycle.bucketsAllFour) of \(r.buckets.count) buckets; current streak \(r.cycle.currentStreak)")
        return lines
    }
}
