import Foundation
import HangarCore

/// The six charts of the printable report, computed from a `ThroughputReport`.
enum ReportCharts {
    /// A word of the charts (`ch.…` in the report tables) in the language being rendered.
    static func w(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text("ch." + key, ReportText.Speaking.language, args) }

    /// The `ch.` key of a title or note that names the bucket: `key_week` or `key_month`.
    static func w(_ key: String, _ every: Bucketing, _ args: [String: String] = [:]) -> String { w(key + (every == .week ? "_week" : "_month"), args) }

    /// An x-axis tick: `5 Jan` or `Jan 26` in English; the local date cut short in Russian and
    /// Kazakh (`05.01` for a week, `01.2026` for a month).
    static func label(_ day: Day, _ every: Bucketing) -> String {
        if ReportText.Speaking.language != .en {
            let local = ReportText.date(day)
            return every == .month ? String(local.dropFirst(3)) : String(local.prefix(5))
        }
        let c = day.components
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return every == .month ? "\(months[c.month - 1]) \(c.year % 100)" : "\(c.day) \(months[c.month - 1])"
    }

    static func axisNumber(_ v: Double) -> String {
        v == v.rounded() ? ReportText.int(Int(v)) : ReportText.number(v, 1)
    }

    static func all(_ r: ThroughputReport) -> [Chart] {
        [delivered(r), cumulativeFlow(r), firstPassYield(r), availability(r), defects(r), forecast(r)]
            + (r.supply.map { [localContent(r, $0), waitsByPart(r, $0)] } ?? [])
    }

    /// The local content goal the plant next door aims at (value share).
    static let localContentGoal = 0.6

    /// Value share of local content per bucket, against the 60% goal (DESIGN §11).
    static func localContent(_ r: ThroughputReport, _ supply: SupplyReport) -> Chart {
        var c = percentLine(r, id: "chart-local-content", title: w("local_content", r.period.every),
                            values: supply.buckets.map { $0.localContent?.valueShare }, cls: "local")
        let y: (Double) -> Double = { [top = c.top, h = c.plotHeight] v in top + h * (1 - v) }
        c.line(c.left, y(localContentGoal), c.width - c.right, y(localContentGoal), "target")
        c.key(w("value_share"), "local")
        c.key(w("goal"), "target")
        c.note = w("local_content_note")
        return c
    }

    /// Hours airframes waited for parts over the period, by part (NMCS).
    static func waitsByPart(_ r: ThroughputReport, _ supply: SupplyReport) -> Chart {
        var c = Chart(id: "chart-nmcs", title: w("nmcs"))
        let items = Array(supply.totals.awaitingPartsByPart.prefix(10))
        guard !items.isEmpty else {
            c.text(c.width / 2, c.height / 2, w("no_waits"), "label")
            return c
        }
        let y = c.yAxis(maximum: Chart.niceMaximum(max(items[0].hours, 4))) { axisNumber($0) }
        let slot = c.plotWidth / Double(items.count)
        for (i, w) in items.enumerated() {
            let x = c.left + Double(i) * slot
            c.rect(x + slot * 0.12, y(w.hours), slot * 0.76, y(0) - y(w.hours), w.catalogued ? "bar" : "bar defect")
            c.text(x + slot / 2, y(w.hours) - 3, axisNumber(w.hours.rounded()), "value")
            c.text(x + slot / 2, c.height - c.bottom + 12, String(w.part.prefix(14)), "axis small")
        }
        c.key(w("catalogued"), "bar")
        c.key(w("not_catalogued"), "bar defect")
        c.note = w("nmcm_note", ["hours": axisNumber(supply.totals.nmcmHours.rounded())])
        return c
    }

    /// Delivered per bucket, against the rate the stated capacity implies.
    static func delivered(_ r: ThroughputReport) -> Chart {
        var c = Chart(id: "chart-delivered", title: w("delivered", r.period.every))
        let targets = r.buckets.map(r.capacityTarget)
        let maximum = Chart.niceMaximum(max(r.buckets.map { Double($0.build.delivered) }.max() ?? 0, targets.compactMap { $0 }.max() ?? 0, 4))
        let y = c.yAxis(maximum: maximum) { axisNumber($0) }
        let n = max(r.buckets.count, 1)
        let slot = c.plotWidth / Double(n)
        for (i, b) in r.buckets.enumerated() {
            let x = c.left + Double(i) * slot
            c.rect(x + slot * 0.15, y(Double(b.build.delivered)), slot * 0.7, y(0) - y(Double(b.build.delivered)), "bar")
            if b.build.delivered > 0 { c.text(x + slot / 2, y(Double(b.build.delivered)) - 3, ReportText.int(b.build.delivered), "value") }
            if let t = targets[i] { c.line(x, y(t), x + slot, y(t), "target") }
        }
        let left = c.left
        c.xLabels(r.buckets.map { label($0.start, r.period.every) }) { left + (Double($0) + 0.5) * slot }
        c.key(w("delivered"), "bar")
        if let cap = r.capacityPerYear { c.key(w("target_rate", ["capacity": ReportText.int(cap)]), "target") } else { c.note = w("no_capacity") }
        return c
    }

    static let flowStates: [AirframeState] = [.assembly, .awaitingQC, .rework, .maintenance, .awaitingParts, .ready, .training, .inService]

    /// Airframes by state at each bucket end, stacked.
    static func cumulativeFlow(_ r: ThroughputReport) -> Chart {
        var c = Chart(id: "chart-flow", title: w("flow", r.period.every))
        let totals = r.buckets.map { b in flowStates.reduce(0) { $0 + (b.stateCounts[$1] ?? 0) } }
        let y = c.yAxis(maximum: Chart.niceMaximum(Double(max(totals.max() ?? 0, 4)))) { axisNumber($0) }
        let n = r.buckets.count
        let left = c.left, plotWidth = c.plotWidth
        let x: (Int) -> Double = { i in n <= 1 ? left + plotWidth / 2 : left + Double(i) * plotWidth / Double(n - 1) }
        var below = Array(repeating: 0, count: n)
        for state in flowStates {
            let above = (0..<n).map { below[$0] + (r.buckets[$0].stateCounts[state] ?? 0) }
            if n > 0 && above != below {
                let upper = (0..<n).map { (x($0), y(Double(above[$0]))) }
                let lower = (0..<n).reversed().map { (x($0), y(Double(below[$0]))) }
                c.polygon(upper + lower, "state-\(state.rawValue)")
            }
            c.key(ReportHTML.state(state), "state-\(state.rawValue)")
            below = above
        }
        // Labelled by the bucket's start, as every other chart (the area shows the state at its end).
        c.xLabels(r.buckets.map { label($0.start, r.period.every) }) { x($0) }
        return c
    }

    static func percentLine(_ r: ThroughputReport, id: String, title: String, values: [Double?], cls: String) -> Chart {
        var c = Chart(id: id, title: title)
        let y = c.yAxis(maximum: 1) { ReportText.percent($0) }
        let n = max(r.buckets.count, 1)
        let slot = c.plotWidth / Double(n)
        var run: [(Double, Double)] = []
        for (i, v) in values.enumerated() {
            let cx = c.left + (Double(i) + 0.5) * slot
            if let v {
                run.append((cx, y(v)))
                c.rect(cx - 2.5, y(v) - 2.5, 5, 5, "dot \(cls)")
                c.text(cx, y(v) - 6, ReportText.int(Int((v * 100).rounded())), "value")
            } else {
                if run.count > 1 { c.polyline(run, "line \(cls)") }
                run = []
                c.text(cx, y(0) - 4, w("na"), "axis")
            }
        }
        if run.count > 1 { c.polyline(run, "line \(cls)") }
        let left = c.left
        c.xLabels(r.buckets.map { label($0.start, r.period.every) }) { left + (Double($0) + 0.5) * slot }
        return c
    }

    static func firstPassYield(_ r: ThroughputReport) -> Chart {
        var c = percentLine(r, id: "chart-fpy", title: w("fpy", r.period.every),
                            values: r.buckets.map(\.test.firstPassYield), cls: "fpy")
        c.note = w("fpy_note", r.period.every)
        return c
    }

    static func availability(_ r: ThroughputReport) -> Chart {
        var c = percentLine(r, id: "chart-availability", title: w("availability", r.period.every),
                            values: r.buckets.map(\.fleet.availability), cls: "avail")
        c.note = w("availability_note")
        return c
    }

    /// Defect codes of failed QC runs over the period, most frequent first, with the cumulative share.
    static func defects(_ r: ThroughputReport) -> Chart {
        var c = Chart(id: "chart-defects", title: w("defects"))
        c.right = 34
        let items = Array(r.totals.test.defects.prefix(10))
        let total = Double(r.totals.test.defects.reduce(0) { $0 + $1.count })
        guard !items.isEmpty else {
            c.text(c.width / 2, c.height / 2, w("no_failures"), "label")
            return c
        }
        let y = c.yAxis(maximum: Chart.niceMaximum(Double(max(items[0].count, 4)))) { axisNumber($0) }
        let slot = c.plotWidth / Double(items.count)
        var cumulative = 0.0
        var points: [(Double, Double)] = []
        let top = c.top, plotHeight = c.plotHeight
        let share: (Double) -> Double = { top + plotHeight * (1 - $0) }
        for (i, d) in items.enumerated() {
            let x = c.left + Double(i) * slot
            c.rect(x + slot * 0.12, y(Double(d.count)), slot * 0.76, y(0) - y(Double(d.count)), "bar defect")
            c.text(x + slot / 2, y(Double(d.count)) - 3, ReportText.int(d.count), "value")
            // Codes alternate between two rows so that long ones are not cut or overlapped.
            c.text(x + slot / 2, c.height - c.bottom + (i % 2 == 0 ? 11 : 22), String(d.code.prefix(24)), "axis small")
            cumulative += Double(d.count)
            points.append((x + slot / 2, share(cumulative / total)))
        }
        c.polyline(points, "line cumulative")
        // The cumulative line's own scale, on the right: 0, 50 and 100%.
        for v in [0.0, 0.5, 1.0] {
            c.text(c.width - 2, share(v) + 3, ReportText.percent(v), "axis small", anchor: "end")
        }
        c.text(c.width - c.right, c.top + 8, w("cumulative_axis"), "axis", anchor: "end")
        c.key(w("count"), "bar defect")
        c.key(w("cumulative"), "cumulative")
        return c
    }

    /// Cumulative deliveries after `to` in the trials: the 15-85% band and the median, with the target.
    static func forecast(_ r: ThroughputReport) -> Chart {
        var c = Chart(id: "chart-forecast", title: w("forecast", ["to": ReportText.date(r.period.to)]))
        guard let f = r.forecast, !f.fan.isEmpty else {
            let reached = r.forecast.map(\.alreadyReached) ?? false
            let why = reached ? ReportHTML.h("forecast_reached", ["so_far": ReportText.int(r.forecast?.deliveredSoFar ?? 0), "to": ReportText.date(r.period.to)])
                : r.forecast?.note ?? w("no_target")
            c.text(c.width / 2, c.height / 2, why, "label")
            return c
        }
        // The fan counts deliveries after `to`: a total's line is drawn at what remains of it.
        let maximum = Chart.niceMaximum(Double(max(f.more, f.fan.map(\.p85).max() ?? 0)))
        let y = c.yAxis(maximum: maximum) { axisNumber($0) }
        let n = f.fan.count
        let left = c.left, plotWidth = c.plotWidth
        let x: (Int) -> Double = { i in left + Double(i) * plotWidth / Double(max(n - 1, 1)) }
        let upper = f.fan.enumerated().map { (x($0.offset), y(Double($0.element.p85))) }
        let lower = f.fan.enumerated().reversed().map { (x($0.offset), y(Double($0.element.p15))) }
        c.polygon(upper + lower, "fan")
        c.polyline(f.fan.enumerated().map { (x($0.offset), y(Double($0.element.p50))) }, "line median")
        c.line(c.left, y(Double(f.more)), c.width - c.right, y(Double(f.more)), "target")
        let label = f.mode == .more ? w("target", ["n": ReportText.int(f.target)])
            : w("target_total", ["n": ReportText.int(f.target), "more": ReportText.int(f.more)])
        c.text(c.width - c.right - 2, y(Double(f.more)) - 4, label, "value", anchor: "end")
        for (week, cls) in [(f.p50Weeks, "marker p50"), (f.p85Weeks, "marker p85")] {
            if let w = week, w - 1 < n { c.line(x(w - 1), c.top, x(w - 1), c.top + c.plotHeight, cls) }
        }
        c.xLabels(f.fan.map { w("plus_weeks", ["n": ReportText.int($0.week)]) }) { x($0) }
        c.key(w("fan"), "fan")
        c.key(w("median"), "median")
        c.key(w("markers"), "marker")
        return c
    }
}
