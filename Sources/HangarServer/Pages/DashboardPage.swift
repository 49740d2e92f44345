import Foundation
import HangarAccess
import HangarCore
import HangarReport
import HangarStore
import Hummingbird

/// The commander's dashboard: the throughput report for a period (12 weeks by default),
/// its charts, WIP, the oldest work, the due list and the forecast, with the CSV, JSON and
/// printable versions a click away.
struct DashboardPage {
    let env: ServerEnvironment

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("dashboard") { request, context in
            let q = try Form.query(request)
            do {
                let query = try ReportQuery(q, now: env.clock(), zone: PageLanguage.zone)
                var withTarget = query
                if withTarget.target == nil && withTarget.targetTotal == nil { withTarget.target = 100 }
                // The page's content is the same for every viewer until the next event: it is
                // rendered once and kept with the report; only the layout (who is signed in) is per request.
                let (store, page, language, zone) = (env.store, self, PageLanguage.current, PageLanguage.zone)
                let content = try await withTarget.body(env, format: "dashboard-page-" + language.rawValue) { [withTarget] report in
                    let (from, to) = (report.period.from.start, report.period.to.start)
                    let latest = try store.delivered(from: from, to: to, limit: 10)
                    var context = page.pageContext(report, query: withTarget, language: language)
                    context["t"] = Catalogue.table(language) as [String: Any]
                    context["lang"] = language.rawValue
                    context["latest"] = latest.map { ["serial": $0.serial, "path": Page.path($0.serial), "model": $0.model,
                                                      "at": $0.firstPassAt.map { LocalTime.show($0, zone: zone, language) } ?? "", "state": AirframePages.stateLabel($0.state.rawValue, language)] }
                    return Page.library.render(context, withTemplate: "dashboard") ?? ""
                }
                return Page.render(content: String(buffer: content), title: PageLanguage.t("w.title_dashboard"), identity: context.identity)
            } catch let error as HangarError {
                return Page.render("message", title: PageLanguage.t("w.title_dashboard"), context: ["message": error.message(in: PageLanguage.current)], identity: context.identity,
                                   status: Page.status(error))
            }
        }
        group.get("report") { request, _ in
            let q = try Form.query(request)
            do {
                let query = try ReportQuery(q, now: env.clock(), zone: PageLanguage.zone)
                let format = q.get("format") ?? "html"
                let language = PageLanguage.current
                let (render, type, ext): (@Sendable (ThroughputReport) -> String, String, String)
                switch format {
                case "csv": (render, type, ext) = (ReportCSV.render, "text/csv; charset=utf-8", "csv")
                case "json": (render, type, ext) = (ReportJSON.render, "application/json; charset=utf-8", "json")
                case "text": (render, type, ext) = ({ ReportText.render($0, language: language) }, "text/plain; charset=utf-8", "txt")
                case "html": (render, type, ext) = ({ ReportHTML.render($0, language: language) }, "text/html; charset=utf-8", "html")
                default: throw HangarError.invalidValue(field: "format", value: Names.printable(String(format.prefix(32))), allowed: "html, text, csv or json")
                }
                // People's formats are cached per language; CSV and JSON are the same for all.
                let body = try await query.body(env, format: ext == "csv" || ext == "json" ? ext : ext + "-" + language.rawValue, render: render)
                var headers: HTTPFields = [.contentType: type]
                if ext != "html" { headers[.contentDisposition] = "attachment; filename=\"hangar-report-\(query.period.to).\(ext)\"" }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            } catch let error as HangarError {
                return Page.plain(Page.status(error), error.message(in: PageLanguage.current))
            }
        }
    }

    static let dueShown = 100

    func pageContext(_ r: ThroughputReport, query: ReportQuery, language: Language = .en) -> [String: Any] {
        var params = "from=\(r.period.from)&to=\(r.period.to)&every=\(r.period.every.rawValue)"
        if let t = query.target { params += "&target=\(t)" }
        if let t = query.targetTotal { params += "&target_total=\(t)" }
        let s = r.snapshot
        let lapsed = Dictionary(uniqueKeysWithValues: s.lapsedOperators.map { ($0.unit, $0.count) })
        return [
            "chartCSS": ReportTemplates.chartCSS,
            "from": "\(r.period.from)", "to": "\(r.period.to)", "target": query.target.map(String.init) ?? "",
            "targetTotal": query.targetTotal.map(String.init) ?? "",
            "weekly": r.period.every == .week, "monthly": r.period.every == .month,
            "headlines": ReportHTML.headlines(r, language: language), "charts": ReportHTML.chartContexts(r, language: language),
            "wip": s.wip.map { ["state": AirframePages.stateLabel($0.state.rawValue, language), "count": $0.count] },
            "oldest": s.oldestWIP.map { ["serial": $0.serial, "path": Page.path($0.serial), "state": AirframePages.stateLabel($0.state.rawValue, language), "hours": LocalFormat.number($0.hours, digits: 1, language)] },
            // The first hundred; a national fleet has hundreds of thousands (the list page has them all).
            "due": s.dueForService.prefix(Self.dueShown).map { ["serial": $0, "path": Page.path($0)] }, "dueCount": s.dueForService.count,
            "dueMore": s.dueForService.count > Self.dueShown, "dueRest": max(0, s.dueForService.count - Self.dueShown),
            "operators": s.currentOperators.map { ["unit": $0.unit, "current": $0.count, "lapsed": lapsed[$0.unit] ?? 0] },
            "units": s.units.map { ["unit": $0.unit, "held": $0.held, "available": $0.available] },
            // Compliance with the airframes behind each count (the JSON keeps event ids, DESIGN §13).
            "compliance": [
                ("rh.flights_due", r.totals.compliance.flightsWhileDue, s.complianceEvents.flightsWhileDueBySerial),
                ("rh.flights_unentitled", r.totals.compliance.flightsByUnqualified, s.complianceEvents.flightsByUnqualifiedBySerial),
                ("rh.hasty_qc", r.totals.compliance.hastyQC, s.complianceEvents.hastyQCBySerial),
                ("rh.flights_no_operator", r.totals.compliance.flightsWithoutOperator, [:]),
            ].map { key, count, bySerial -> [String: Any] in
                [
                    "what": Catalogue.text(key, language), "count": count,
                    "airframes": bySerial.leading(SerialCounts.shown).map { ["serial": $0.serial, "path": Page.path($0.serial), "times": $0.count] },
                    "more": bySerial.count > SerialCounts.shown ? "… (" + Catalogue.text("rt.in_all", language, ["n": String(bySerial.count)]) + ")" : "",
                ]
            },
            "forecast": r.forecast.map { f -> [String: Any] in
                var forecast: [String: Any] = ["target": f.target, "note": f.note ?? "", "more": f.mode == .more, "total": f.mode == .total]
                if let p50 = f.p50Date { forecast["p50"] = "\(p50)" }
                if let p85 = f.p85Date { forecast["p85"] = "\(p85)" }
                if f.mode == .total {
                    // A total counts the airframes delivered before `to` too (DESIGN §14).
                    let to = "\(r.period.to)"
                    forecast["totalText"] = Catalogue.text("p_forecast_total_for", language,
                                                           ["n": "\(f.target)", "so_far": "\(f.deliveredSoFar)", "to": to, "more": "\(f.more)"])
                    if f.alreadyReached {
                        forecast["note"] = Catalogue.text("p_forecast_reached", language, ["so_far": "\(f.deliveredSoFar)", "to": to])
                    }
                }
                return forecast
            } ?? [:],
            "hasSupply": r.supply.map { !$0.lowStock.isEmpty || !$0.lifeLimitedDue.isEmpty || !$0.batteriesWorn.isEmpty } ?? false,
            "low": (r.supply?.lowStock ?? []).map { ["part": $0.part, "path": Page.path($0.part), "onHand": $0.onHand, "reorderAt": $0.reorderAt] },
            "lowCount": r.supply?.lowStock.count ?? 0, "lifeCount": r.supply?.lifeLimitedDue.count ?? 0,
            "wornCount": r.supply?.batteriesWorn.count ?? 0, "worn": (r.supply?.batteriesWorn ?? []).prefix(10).map { ["serial": $0.serial] },
            "csv": "/report?format=csv&" + params, "json": "/report?format=json&" + params, "html": "/report?format=html&" + params,
        ]
    }
}
