import Foundation
import HangarCore
import Mustache

/// `--format html`: one self-contained printable page (A4 portrait) with inline SVG
/// charts; no script, no external file. Everything people typed is escaped by the
/// templates.
public enum ReportHTML {
    public static func render(_ r: ThroughputReport) -> String { render(r, language: .en) }

    /// The printable page in a person's language (labels, numbers and dates localised).
    public static func render(_ r: ThroughputReport, language: Language) -> String {
        ReportText.Speaking.$language.withValue(language) {
            var context = context(r)
            context["lang"] = language.rawValue
            return library.render(context, withTemplate: "page") ?? ""
        }
    }

    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        // The templates are constants of this file; a parse failure is a programming error.
        do {
            try HTMLEscaping.register(ReportTemplates.chart, named: "chart", in: &library)
            try HTMLEscaping.register(ReportTemplates.page, named: "page", in: &library)
        } catch {
            preconditionFailure("report templates do not parse: \(error)")
        }
        return library
    }()

    /// The charts of a report as template contexts (for the server's dashboard).
    public static func chartContexts(_ r: ThroughputReport) -> [[String: Any]] { ReportCharts.all(r).map(\.context) }

    /// The headline cards: label, value, note.
    public static func headlines(_ r: ThroughputReport) -> [[String: Any]] {
        context(r)["headlines"] as? [[String: Any]] ?? []
    }

    static func context(_ r: ThroughputReport) -> [String: Any] {
        let t = r.totals
        let last = r.buckets.last
        var headlines: [[String: Any]] = [
            ["label": "Delivered (QC-accepted)", "value": "\(t.build.delivered)", "note": "first QC passes in the period; \(last?.build.delivered ?? 0) in the last \(r.period.every.rawValue)"],
            ["label": "Issued to units", "value": "\(t.build.issued)", "note": "handed to a unit in the period; \(last?.build.issued ?? 0) in the last \(r.period.every.rawValue)"],
            ["label": "First-pass yield", "value": ReportText.percent(t.test.firstPassYield), "note": "\(t.test.qcRuns) QC runs, \(t.test.qcFailed) failed"],
            ["label": "Operators qualified", "value": "\(t.train.qualified)", "note": "pass rate \(ReportText.percent(t.train.passRate))"],
            ["label": "Fleet available", "value": ReportText.percent(t.fleet.availability), "note": "\(t.fleet.available) of \(t.fleet.fleetSize) at \(r.period.to)"],
            ["label": "Restore time p50", "value": t.maintain.restoreHoursP50.map { "\(ReportText.number($0)) h" } ?? "-", "note": "\(t.maintain.closed) maintenance closed"],
            ["label": "Capacity used", "value": ReportText.percent(t.capacity.capacityUtilization),
             "note": "\(Int(t.capacity.annualizedDeliveryRate.rounded())) a year" + (r.capacityPerYear.map { " of \($0)" } ?? ", no capacity set")],
        ]
        if let c = r.supply?.totals.localContent {
            headlines.append(["label": "Local content", "value": ReportText.percent(c.valueShare),
                              "note": "value share; \(ReportText.percent(c.countShare)) of items, \(ReportText.percent(c.unknownShare)) unknown (indicators, not a certificate)"])
        }
        if let supply = r.supply?.totals, supply.nmcsHours > 0 || supply.nmcmHours > 0 {
            headlines.append(["label": "Awaiting parts", "value": "\(ReportText.number(supply.nmcsHours)) h",
                              "note": "\(ReportText.number(supply.nmcmHours)) h in maintenance (NMCS, NMCM)"])
        }
        if let f = r.forecast {
            headlines.append(["label": "Next \(f.target)", "value": f.p50Date.map { "\($0)" } ?? "-",
                              "note": f.p85Date.map { "85%: by \($0)" } ?? (f.note ?? "")])
        }
        let header = [r.period.every == .week ? "Week of" : "Month", "Delivered", "Build p50 h", "FPY", "QC runs", "Failed", "Qualified",
                      "Training h", "Maint. closed", "Restore p50 h", "Available", "Losses", "Loops"]
        func row(_ label: String, _ m: PeriodMetrics) -> [String: Any] {
            ["cells": [label, "\(m.build.delivered)", ReportText.number(m.build.buildHoursP50), ReportText.percent(m.test.firstPassYield),
                       "\(m.test.qcRuns)", "\(m.test.qcFailed)", "\(m.train.qualified)", ReportText.number(m.train.trainingFlightHours),
                       "\(m.maintain.closed)", ReportText.number(m.maintain.restoreHoursP50), ReportText.percent(m.fleet.availability),
                       "\(m.fleet.losses)", ReportText.loopLetters(m)]]
        }
        let s = r.snapshot
        let lapsed = Dictionary(uniqueKeysWithValues: s.lapsedOperators.map { ($0.unit, $0.count) })
        let c = t.compliance
        return [
            "chartCSS": ReportTemplates.chartCSS,
            "title": r.workshopName ?? "Workshop",
            "from": "\(r.period.from)", "to": "\(r.period.to)", "every": r.period.every.rawValue,
            "headlines": headlines,
            "charts": ReportCharts.all(r).map(\.context),
            "header": header,
            "rows": r.buckets.map { row("\($0.start)", $0) } + [row("Total", t)],
            "wip": s.wip.map { ["state": $0.state.rawValue, "count": $0.count] },
            "oldest": s.oldestWIP.map { ["serial": $0.serial, "state": $0.state.rawValue, "hours": ReportText.number($0.hours)] },
            "hasOldest": !s.oldestWIP.isEmpty,
            "due": s.dueForService.joined(separator: ", "),
            "dueCount": s.dueForService.count,
            "operators": s.currentOperators.map { ["unit": $0.unit, "current": $0.count, "lapsed": lapsed[$0.unit] ?? 0] },
            "compliance": [
                ["what": "Flights on an airframe already due for service", "count": c.flightsWhileDue],
                ["what": "Flights by operators not entitled to them", "count": c.flightsByUnqualified],
                ["what": "QC passes less than a minute after entering awaiting_qc", "count": c.hastyQC],
                ["what": "Flights that name no operator (their entitlement cannot be judged)", "count": c.flightsWithoutOperator],
            ],
            "lowStock": (r.supply?.lowStock ?? []).map { ["part": $0.part, "onHand": $0.onHand, "reorderAt": $0.reorderAt,
                                                        "cover": $0.weeksOfCover.map { ReportText.number($0) } ?? "-"] },
            "hasLowStock": !(r.supply?.lowStock ?? []).isEmpty,
            "lifeLimited": (r.supply?.lifeLimitedDue ?? []).prefix(20).map { ["serial": $0.serial, "part": $0.part, "airframe": $0.airframe ?? "in stock",
                                                                             "used": "\($0.used) / \($0.limit) \($0.measure)"] },
            "lifeLimitedCount": r.supply?.lifeLimitedDue.count ?? 0,
            "hasLifeLimited": !(r.supply?.lifeLimitedDue ?? []).isEmpty,
            "worn": (r.supply?.batteriesWorn ?? []).prefix(20).map { ["serial": $0.serial, "part": $0.part, "cycles": $0.cycles,
                                                                     "health": ReportText.percent($0.health)] },
            "wornCount": r.supply?.batteriesWorn.count ?? 0,
            "hasWorn": !(r.supply?.batteriesWorn ?? []).isEmpty,
            "cycle": "All four loops (build, test, train, maintain) were active in \(r.cycle.bucketsAllFour) of \(r.buckets.count) buckets; current streak \(r.cycle.currentStreak).",
        ]
    }
}

public enum ReportTemplates {
    /// The styles of the inline SVG charts, shared with the server's dashboard.
    public static let chartCSS = """
        .grid { stroke: #e1e4e8; stroke-width: 1; }
        .axis { font-size: 9px; fill: #57606a; }
        .axis.small { font-size: 7px; }
        .label { font-size: 12px; fill: #57606a; }
        .value { font-size: 9px; fill: #1d2329; }
        .bar { fill: #2f6f9f; }
        .bar.defect { fill: #b5472f; }
        .target { stroke: #d4860b; stroke-width: 2; stroke-dasharray: 5 3; fill: #d4860b; }
        .line { fill: none; stroke-width: 2; }
        .line.fpy { stroke: #2f6f9f; } .dot.fpy { fill: #2f6f9f; }
        .line.avail { stroke: #2e8540; } .dot.avail { fill: #2e8540; }
        .line.local { stroke: #6f42c1; } .dot.local, .swatch.local { fill: #6f42c1; }
        .line.cumulative { stroke: #1d2329; } .swatch.cumulative { fill: #1d2329; }
        .fan { fill: #9cc3e4; stroke: none; }
        .line.median { stroke: #2f6f9f; } .swatch.median { fill: #2f6f9f; }
        .marker { stroke: #57606a; stroke-dasharray: 2 2; } .swatch.marker { fill: #57606a; }
        .state-assembly { fill: #c6b3e6; } .state-awaiting_qc { fill: #f2d38a; } .state-rework { fill: #e8a07d; }
        .state-maintenance { fill: #d98c8c; } .state-awaiting_parts { fill: #b56b6b; } .state-ready { fill: #9cd3a8; }
        .state-training { fill: #7fb6d9; } .state-in_service { fill: #3f8f5a; }
        """

    public static let chart = """
        <figure class="chart" id="{{id}}">
        <figcaption>{{title}}</figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="{{title}}">
        {{#polygons}}<polygon points="{{points}}" class="{{cls}}"/>
        {{/polygons}}{{#rects}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" class="{{cls}}"/>
        {{/rects}}{{#lines}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" class="{{cls}}"/>
        {{/lines}}{{#polylines}}<polyline points="{{points}}" class="{{cls}}"/>
        {{/polylines}}{{#texts}}<text x="{{x}}" y="{{y}}" class="{{cls}}" text-anchor="{{anchor}}">{{text}}</text>
        {{/texts}}</svg>
        {{#hasLegend}}<p class="legend">{{#legend}}<span class="key"><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><rect width="10" height="10" class="swatch {{cls}}"/></svg> {{label}}</span> {{/legend}}</p>{{/hasLegend}}
        {{#note}}<p class="note">{{note}}</p>{{/note}}
        </figure>

        """

    static let page = """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="{{lang}}{{^lang}}en{{/lang}}">
        <head>
        <meta charset="utf-8"/>
        <title>{{title}}: throughput {{from}} to {{to}}</title>
        <style>
        @page { size: A4 portrait; margin: 12mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1d2329; margin: 0 auto; max-width: 186mm; font-size: 10pt; }
        h1 { font-size: 16pt; margin: 0 0 2pt 0; }
        h2 { font-size: 12pt; margin: 14pt 0 4pt 0; border-bottom: 1px solid #c9d1d9; }
        .sub { color: #57606a; margin: 0 0 8pt 0; }
        .cards { display: flex; flex-wrap: wrap; gap: 6pt; }
        .card { border: 1px solid #c9d1d9; border-radius: 4pt; padding: 4pt 8pt; min-width: 36mm; break-inside: avoid; }
        .card .label { color: #57606a; font-size: 8pt; }
        .card .value { font-size: 15pt; font-weight: bold; }
        .card .note { color: #57606a; font-size: 7.5pt; }
        figure.chart { margin: 8pt 0; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-weight: bold; margin-bottom: 2pt; }
        .chart-svg { width: 100%; height: auto; }
        {{{chartCSS}}}
        .legend { font-size: 8pt; color: #57606a; margin: 2pt 0; }
        .key { white-space: nowrap; margin-right: 6pt; }
        .note { font-size: 8pt; color: #57606a; margin: 2pt 0; }
        table { border-collapse: collapse; width: 100%; font-size: 8pt; }
        th, td { border-bottom: 1px solid #e1e4e8; padding: 2pt 3pt; text-align: right; }
        th:first-child, td:first-child { text-align: left; white-space: nowrap; }
        tr:last-child td { font-weight: bold; border-top: 1px solid #57606a; }
        .columns { display: flex; gap: 12pt; }
        .columns > div { flex: 1; }
        </style>
        </head>
        <body>
        <h1>{{title}}</h1>
        <p class="sub">Throughput report, {{from}} to {{to}} (exclusive), by {{every}}. Times in UTC.</p>
        <div class="cards">
        {{#headlines}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="note">{{note}}</div></div>
        {{/headlines}}</div>
        <h2>Charts</h2>
        {{#charts}}{{> chart}}{{/charts}}
        <h2>Per {{every}}</h2>
        <table>
        <thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead>
        <tbody>
        {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
        {{/rows}}</tbody>
        </table>
        <h2>Snapshot at {{to}}</h2>
        <div class="columns">
        <div>
        <h3>Work in progress</h3>
        <table><tbody>{{#wip}}<tr><td>{{state}}</td><td>{{count}}</td></tr>{{/wip}}</tbody></table>
        </div>
        <div>
        <h3>Oldest in work</h3>
        {{#hasOldest}}<table><tbody>{{#oldest}}<tr><td>{{serial}}</td><td>{{state}}</td><td>{{hours}} h</td></tr>{{/oldest}}</tbody></table>{{/hasOldest}}
        {{^hasOldest}}<p class="note">Nothing is in work.</p>{{/hasOldest}}
        </div>
        </div>
        <h3>Due for service ({{dueCount}})</h3>
        <p>{{due}}</p>
        <h3>Operators by unit</h3>
        <table><thead><tr><th>Unit</th><th>Current</th><th>Lapsed</th></tr></thead>
        <tbody>{{#operators}}<tr><td>{{unit}}</td><td>{{current}}</td><td>{{lapsed}}</td></tr>{{/operators}}</tbody></table>
        {{#hasLowStock}}<h3>Low stock</h3>
        <table><thead><tr><th>Part</th><th>On hand</th><th>Reorder at</th><th>Weeks of cover</th></tr></thead>
        <tbody>{{#lowStock}}<tr><td>{{part}}</td><td>{{onHand}}</td><td>{{reorderAt}}</td><td>{{cover}}</td></tr>{{/lowStock}}</tbody></table>{{/hasLowStock}}
        {{#hasLifeLimited}}<h3>At 90% of a life limit ({{lifeLimitedCount}})</h3>
        <table><thead><tr><th>Serial</th><th>Part</th><th>Airframe</th><th>Used</th></tr></thead>
        <tbody>{{#lifeLimited}}<tr><td>{{serial}}</td><td>{{part}}</td><td>{{airframe}}</td><td>{{used}}</td></tr>{{/lifeLimited}}</tbody></table>{{/hasLifeLimited}}
        {{#hasWorn}}<h3>Worn batteries ({{wornCount}})</h3>
        <table><thead><tr><th>Serial</th><th>Part</th><th>Cycles</th><th>Health</th></tr></thead>
        <tbody>{{#worn}}<tr><td>{{serial}}</td><td>{{part}}</td><td>{{cycles}}</td><td>{{health}}</td></tr>{{/worn}}</tbody></table>{{/hasWorn}}
        <h3>Compliance in the period</h3>
        <table><tbody>{{#compliance}}<tr><td>{{what}}</td><td>{{count}}</td></tr>{{/compliance}}</tbody></table>
        <p>{{cycle}}</p>
        <p class="note">Loops: B build (a delivery), Q test (a QC run), T train (a training flight or qualification), M maintain (a maintenance closed).</p>
        <p class="note">Definitions: DESIGN §8. Counts ignore undone events; percentiles are nearest rank; a ratio with a zero denominator is shown as "-".</p>
        </body>
        </html>

        """
}
