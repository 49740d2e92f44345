import Foundation
import HangarCore
import Mustache

/// `--format html`: one self-contained printable document (four A4 portrait pages; the
/// browser test prints it with Chromium and counts them) with inline SVG
/// charts; no script, no external file. Everything people typed is escaped by the
/// templates.
public enum ReportHTML {
    public static func render(_ r: ThroughputReport) -> String { render(r, language: .en) }

    /// The printable page in a person's language (labels, numbers and dates localised).
    public static func render(_ r: ThroughputReport, language: Language) -> String {
        ReportText.Speaking.$language.withValue(language) {
            var context = context(r)
            context["lang"] = language.rawValue
            context["t"] = Catalogue.table(language) as [String: Any]
            return library.render(context, withTemplate: "page") ?? ""
        }
    }

    /// A word of the printable page (`rh.…` in the report tables) in the language being rendered.
    static func h(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text("rh." + key, ReportText.Speaking.language, args) }

    /// An airframe state as people read it (GLOSSARY.md `state.*`) in the language being rendered.
    static func state(_ state: AirframeState) -> String {
        Catalogue.table(ReportText.Speaking.language)["state." + state.rawValue] ?? state.rawValue
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

    /// The charts of a report in a person's language.
    public static func chartContexts(_ r: ThroughputReport, language: Language) -> [[String: Any]] {
        ReportText.Speaking.$language.withValue(language) { chartContexts(r) }
    }

    /// The headline cards: label, value, note.
    public static func headlines(_ r: ThroughputReport) -> [[String: Any]] {
        context(r)["headlines"] as? [[String: Any]] ?? []
    }

    /// The headline cards in a person's language.
    public static func headlines(_ r: ThroughputReport, language: Language) -> [[String: Any]] {
        ReportText.Speaking.$language.withValue(language) { headlines(r) }
    }

    /// Components at 90% of a life limit, one row per airframe, part and use (the motors of one
    /// airframe share their minutes): a printed page lists the airframes to service, not 36 motors.
    static func lifeLimitedRows(_ due: [LifeLimited]) -> [[String: Any]] {
        var order: [String] = []
        var groups: [String: (first: LifeLimited, serials: [String])] = [:]
        for c in due {
            let key = "\(c.airframe ?? "")\u{1F}\(c.part)\u{1F}\(c.used)\u{1F}\(c.limit)\u{1F}\(c.measure)"
            if groups[key] == nil { order.append(key); groups[key] = (c, []) }
            groups[key]?.serials.append(c.serial)
        }
        return order.prefix(15).compactMap { groups[$0] }.map { g in
            ["airframe": g.first.airframe ?? h("in_stock"), "part": g.first.part, "serials": g.serials.joined(separator: ", "),
             "used": h("used", ["used": ReportText.int(g.first.used), "limit": ReportText.int(g.first.limit),
                                "measure": Catalogue.text("measure." + g.first.measure, ReportText.Speaking.language)])]
        }
    }

    static func context(_ r: ThroughputReport) -> [String: Any] {
        let t = r.totals
        let last = r.buckets.last
        let int = ReportText.int, date = ReportText.date
        let inLast = h(r.period.every == .week ? "in_last_week" : "in_last_month")
        var headlines: [[String: Any]] = [
            ["label": h("delivered"), "value": int(t.build.delivered), "note": h("delivered_note", ["n": int(last?.build.delivered ?? 0), "in_last": inLast])],
            ["label": h("issued"), "value": int(t.build.issued), "note": h("issued_note", ["n": int(last?.build.issued ?? 0), "in_last": inLast])],
            ["label": h("fpy"), "value": ReportText.percent(t.test.firstPassYield), "note": h("fpy_note", ["runs": int(t.test.qcRuns), "failed": int(t.test.qcFailed)])],
            ["label": h("qualified"), "value": int(t.train.qualified), "note": h("qualified_note", ["rate": ReportText.percent(t.train.passRate)])],
            ["label": h("available"), "value": ReportText.percent(t.fleet.availability),
             "note": h("available_note", ["available": int(t.fleet.available), "fleet": int(t.fleet.fleetSize), "date": date(r.period.to)])],
            ["label": h("restore"), "value": t.maintain.restoreHoursP50.map { h("hours", ["n": ReportText.number($0)]) } ?? "-", "note": h("restore_note", ["n": int(t.maintain.closed)])],
            ["label": h("capacity"), "value": ReportText.percent(t.capacity.capacityUtilization),
             "note": r.capacityPerYear.map { h("capacity_note", ["rate": int(Int(t.capacity.annualizedDeliveryRate.rounded())), "capacity": int($0)]) }
                ?? h("capacity_note_none", ["rate": int(Int(t.capacity.annualizedDeliveryRate.rounded()))])],
        ]
        if let c = r.supply?.totals.localContent {
            headlines.append(["label": h("local_content"), "value": ReportText.percent(c.valueShare),
                              "note": h("local_content_note", ["count": ReportText.percent(c.countShare), "unknown": ReportText.percent(c.unknownShare)])])
        }
        if let supply = r.supply?.totals, supply.nmcsHours > 0 || supply.nmcmHours > 0 {
            headlines.append(["label": h("awaiting_parts"), "value": h("hours", ["n": ReportText.number(supply.nmcsHours)]),
                              "note": h("awaiting_parts_note", ["hours": ReportText.number(supply.nmcmHours)])])
        }
        if let f = r.forecast {
            if f.mode == .more {
                headlines.append(["label": h("next", ["n": int(f.target)]), "value": f.p50Date.map { date($0) } ?? "-",
                                  "note": f.p85Date.map { h("forecast_note", ["date": date($0)]) } ?? (f.note ?? "")])
            } else {
                // A total counts the airframes delivered before `to` too.
                let soFar = h("forecast_total_note", ["so_far": int(f.deliveredSoFar), "to": date(r.period.to), "more": int(f.more)])
                let note = f.alreadyReached ? h("forecast_reached", ["so_far": int(f.deliveredSoFar), "to": date(r.period.to)])
                    : (f.p85Date.map { h("forecast_note", ["date": date($0)]) } ?? (f.note ?? "")) + "; " + soFar
                headlines.append(["label": h("total_n", ["n": int(f.target)]), "value": f.p50Date.map { date($0) } ?? "-", "note": note])
            }
        }
        let header = [h(r.period.every == .week ? "col_week" : "col_month"), h("col_delivered"), h("col_build"), h("col_fpy"), h("col_qc_runs"), h("col_failed"),
                      h("col_qualified"), h("col_training"), h("col_maint"), h("col_restore"), h("col_available"), h("col_losses"), h("col_loops")]
        func row(_ label: String, _ m: PeriodMetrics) -> [String: Any] {
            ["cells": [label, int(m.build.delivered), ReportText.number(m.build.buildHoursP50), ReportText.percent(m.test.firstPassYield),
                       int(m.test.qcRuns), int(m.test.qcFailed), int(m.train.qualified), ReportText.number(m.train.trainingFlightHours),
                       int(m.maintain.closed), ReportText.number(m.maintain.restoreHoursP50), ReportText.percent(m.fleet.availability),
                       int(m.fleet.losses), ReportText.loopLetters(m)]]
        }
        let s = r.snapshot
        let lapsed = Dictionary(uniqueKeysWithValues: s.lapsedOperators.map { ($0.unit, $0.count) })
        let c = t.compliance
        let title = r.workshopName ?? h("workshop")
        let from = date(r.period.from), to = date(r.period.to)
        let every = h(r.period.every == .week ? "every_week" : "every_month")
        return [
            "chartCSS": ReportTemplates.chartCSS,
            "title": title,
            "pageTitle": h("page_title", ["workshop": title, "from": from, "to": to]),
            "subtitle": h("subtitle", ["from": from, "to": to, "every": every, "zone": r.period.local.zone ?? "UTC"]),
            "perEvery": h(r.period.every == .week ? "per_week" : "per_month"),
            "snapshotAt": h("snapshot", ["at": to]),
            "from": from, "to": to, "every": r.period.every.rawValue,
            "headlines": headlines,
            "charts": ReportCharts.all(r).map(\.context),
            "header": header,
            "rows": r.buckets.map { row(date($0.start), $0) } + [row(h("total"), t)],
            "wip": s.wip.map { ["state": state($0.state), "count": int($0.count)] },
            "oldest": s.oldestWIP.map { ["serial": $0.serial, "state": state($0.state), "hours": h("hours", ["n": ReportText.number($0.hours)])] },
            "hasOldest": !s.oldestWIP.isEmpty,
            "due": s.dueForService.joined(separator: ", "),
            "dueCount": int(s.dueForService.count),
            "operators": s.currentOperators.map { ["unit": $0.unit, "current": int($0.count), "lapsed": int(lapsed[$0.unit] ?? 0)] },
            "units": s.units.map { ["unit": $0.unit, "held": int($0.held), "available": int($0.available)] },
            "compliance": [
                ["what": h("flights_due"), "count": int(c.flightsWhileDue), "airframes": ReportText.airframes(s.complianceEvents.flightsWhileDueBySerial)],
                ["what": h("flights_unentitled"), "count": int(c.flightsByUnqualified), "airframes": ReportText.airframes(s.complianceEvents.flightsByUnqualifiedBySerial)],
                ["what": h("hasty_qc"), "count": int(c.hastyQC), "airframes": ReportText.airframes(s.complianceEvents.hastyQCBySerial)],
                ["what": h("flights_no_operator"), "count": int(c.flightsWithoutOperator), "airframes": ""],
            ],
            "lowStock": (r.supply?.lowStock ?? []).map { ["part": $0.part, "onHand": int($0.onHand), "reorderAt": int($0.reorderAt),
                                                        "cover": $0.weeksOfCover.map { ReportText.number($0) } ?? "-"] },
            "hasLowStock": !(r.supply?.lowStock ?? []).isEmpty,
            "lifeLimited": lifeLimitedRows(r.supply?.lifeLimitedDue ?? []),
            "lifeLimitedCount": int(r.supply?.lifeLimitedDue.count ?? 0),
            "hasLifeLimited": !(r.supply?.lifeLimitedDue ?? []).isEmpty,
            "worn": (r.supply?.batteriesWorn ?? []).prefix(20).map { ["serial": $0.serial, "part": $0.part, "cycles": int($0.cycles),
                                                                     "health": ReportText.percent($0.health)] },
            "wornCount": int(r.supply?.batteriesWorn.count ?? 0),
            "hasWorn": !(r.supply?.batteriesWorn ?? []).isEmpty,
            // The definitions in the report itself: the commander has no other document.
            "definitionsTitle": h("def_title"),
            "definitions": ["delivered", "build", "fpy", "training", "maintenance", "fleet", "capacity", "compliance", "supply", "forecast"]
                .map { h("def_" + $0) },
            "cycle": h("cycle", ["all": int(r.cycle.bucketsAllFour), "buckets": int(r.buckets.count), "streak": int(r.cycle.currentStreak)]),
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
        <title>{{pageTitle}}</title>
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
        table.buckets tr:last-child td { font-weight: bold; border-top: 1px solid #57606a; }
        .columns { display: flex; gap: 12pt; }
        .columns > div { flex: 1; min-width: 0; }
        h3 { font-size: 10pt; margin: 8pt 0 2pt 0; }
        td.nowrap { white-space: nowrap; }
        td.serials, th.serials { text-align: left; }
        td.serials { font-size: 7pt; }
        ul.definitions { padding-left: 12pt; }
        @media print {
          .chart-svg { max-height: 48mm; }
          figure.chart { margin: 4pt 0; }
          h2 { margin-top: 8pt; }
          ul.definitions { columns: 2; column-gap: 12pt; font-size: 7pt; }
          ul.definitions li { break-inside: avoid; }
        }
        </style>
        </head>
        <body>
        <h1>{{title}}</h1>
        <p class="sub">{{subtitle}}</p>
        <div class="cards">
        {{#headlines}}<div class="card"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="note">{{note}}</div></div>
        {{/headlines}}</div>
        <h2>{{t.rh_charts}}</h2>
        {{#charts}}{{> chart}}{{/charts}}
        <h2>{{perEvery}}</h2>
        <table class="buckets">
        <thead><tr>{{#header}}<th>{{.}}</th>{{/header}}</tr></thead>
        <tbody>
        {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
        {{/rows}}</tbody>
        </table>
        <h2>{{snapshotAt}}</h2>
        <div class="columns">
        <div>
        <h3>{{t.rh_wip}}</h3>
        <table><tbody>{{#wip}}<tr><td>{{state}}</td><td>{{count}}</td></tr>{{/wip}}</tbody></table>
        </div>
        <div>
        <h3>{{t.rh_oldest}}</h3>
        {{#hasOldest}}<table><tbody>{{#oldest}}<tr><td>{{serial}}</td><td>{{state}}</td><td>{{hours}}</td></tr>{{/oldest}}</tbody></table>{{/hasOldest}}
        {{^hasOldest}}<p class="note">{{t.rh_nothing_in_work}}</p>{{/hasOldest}}
        </div>
        </div>
        <h3>{{t.rh_due}} ({{dueCount}})</h3>
        <p>{{due}}</p>
        <div class="columns">
        <div>
        <h3>{{t.rh_held_by_unit}}</h3>
        <table><thead><tr><th>{{t.rh_unit}}</th><th>{{t.rh_held}}</th><th>{{t.rh_available}}</th></tr></thead>
        <tbody>{{#units}}<tr><td>{{unit}}</td><td>{{held}}</td><td>{{available}}</td></tr>{{/units}}</tbody></table>
        </div>
        <div>
        <h3>{{t.rh_operators_by_unit}}</h3>
        <table><thead><tr><th>{{t.rh_unit}}</th><th>{{t.rh_current}}</th><th>{{t.rh_lapsed}}</th></tr></thead>
        <tbody>{{#operators}}<tr><td>{{unit}}</td><td>{{current}}</td><td>{{lapsed}}</td></tr>{{/operators}}</tbody></table>
        </div>
        </div>
        <div class="columns">
        {{#hasLowStock}}<div><h3>{{t.rh_low_stock}}</h3>
        <table><thead><tr><th>{{t.rh_part}}</th><th>{{t.rh_on_hand}}</th><th>{{t.rh_reorder_at}}</th><th>{{t.rh_weeks_of_cover}}</th></tr></thead>
        <tbody>{{#lowStock}}<tr><td>{{part}}</td><td>{{onHand}}</td><td>{{reorderAt}}</td><td>{{cover}}</td></tr>{{/lowStock}}</tbody></table></div>{{/hasLowStock}}
        {{#hasWorn}}<div><h3>{{t.rh_worn}} ({{wornCount}})</h3>
        <table><thead><tr><th>{{t.rh_serial}}</th><th>{{t.rh_part}}</th><th>{{t.rh_cycles}}</th><th>{{t.rh_health}}</th></tr></thead>
        <tbody>{{#worn}}<tr><td>{{serial}}</td><td>{{part}}</td><td>{{cycles}}</td><td>{{health}}</td></tr>{{/worn}}</tbody></table></div>{{/hasWorn}}
        </div>
        {{#hasLifeLimited}}<h3>{{t.rh_life_limit}} ({{lifeLimitedCount}})</h3>
        <table><thead><tr><th>{{t.rh_airframe}}</th><th>{{t.rh_part}}</th><th>{{t.rh_used}}</th><th class="serials">{{t.rh_serial}}</th></tr></thead>
        <tbody>{{#lifeLimited}}<tr><td>{{airframe}}</td><td>{{part}}</td><td class="nowrap">{{used}}</td><td class="serials">{{serials}}</td></tr>{{/lifeLimited}}</tbody></table>{{/hasLifeLimited}}
        <h3>{{t.rh_compliance}}</h3>
        <table><tbody>{{#compliance}}<tr><td>{{what}}</td><td>{{count}}</td><td class="serials">{{airframes}}</td></tr>{{/compliance}}</tbody></table>
        <p>{{cycle}}</p>
        <p class="note">{{t.rh_loops}}</p>
        <h3>{{definitionsTitle}}</h3>
        <ul class="note definitions">{{#definitions}}<li>{{.}}</li>{{/definitions}}</ul>
        </body>
        </html>

        """
}
