import Foundation
import HangarAccess
import HangarCore
import HangarLanguage
import HangarReport
import HangarStore
import Hummingbird

/// The headquarters' pages: the national dashboard (or one workshop's, `?workshop=CODE`),
/// its downloads, and the workshops' completeness and what merging listed for review. All
/// read-only.
struct HQPages {
    let env: HQServerEnvironment

    /// What a request asks for: the period, the forecast, and a workshop or the whole country.
    struct Asked {
        var query: ReportQuery
        var workshop: String?
        var params: String {
            var p = "from=\(query.period.from)&to=\(query.period.to)&every=\(query.period.every.rawValue)"
            if let t = query.target { p += "&target=\(t)" }
            if let t = query.targetTotal { p += "&target_total=\(t)" }
            return p
        }
    }

    /// What a request is answered with: the report asked for, the national one (with its
    /// workshops) or one workshop's own, and whether it is from the replays before the
    /// latest merge (`behind`: a page's picture, while that merge is replayed).
    struct Answer {
        var asked: Asked
        var report: ThroughputReport
        var national: NationalReport?
        var behind: Bool
    }

    /// What a report request asks for: the national report, or one workshop's.
    enum Scope { case national(ReportQuery), workshop(String) }

    /// The scope `q` asks for, checked before anything is replayed for it.
    static func scope(_ q: Form, now: Timestamp) throws -> Scope {
        guard let raw = q.get("workshop"), !raw.isEmpty else { return .national(try ReportQuery(q, now: now, zone: nil)) }
        do {
            return .workshop(try WorkshopCode.normalized(raw))
        } catch {
            throw HangarError.invalidValue(field: "workshop", value: Names.printable(String(raw.prefix(64))),
                                           allowed: "a workshop code (2-16 characters of A-Z, 0-9 and '-'), or none for the whole country")
        }
    }

    /// The report a page shows: the cache's picture (the store as it is now when its replay is
    /// made within the server's patience, else the replays before); nil when none was made yet.
    func pageReport(_ q: Form) async throws -> Answer? {
        let now = env.clock()
        let scope = try Self.scope(q, now: now)
        guard let picture = try await env.reports.picture(patience: env.replayPatience) else { return nil }
        return try await report(scope, q, now: now, over: picture.replays, behind: picture.behind)
    }

    /// The report the API answers with: always of the store as it is now (it waits for its replay).
    func apiReport(_ q: Form) async throws -> Answer {
        let now = env.clock()
        return try await report(try Self.scope(q, now: now), q, now: now, over: nil, behind: false)
    }

    /// The report asked for: the national one (with its workshops), or one workshop's own,
    /// over the period in that workshop's own time zone (as its own `hangar report` does),
    /// from `chosen` replays, else from those of the store as it is now.
    func report(_ scope: Scope, _ q: Form, now: Timestamp, over chosen: NationalCache.Replays?, behind: Bool) async throws -> Answer {
        let code: String
        switch scope {
        case let .workshop(named): code = named
        case let .national(query):
            let national = try await env.reports.national(period: query.period, goal: query.goal, now: now, over: chosen)
            return Answer(asked: Asked(query: query, workshop: nil), report: national.report, national: national, behind: behind)
        }
        let replays: NationalCache.Replays
        if let chosen { replays = chosen } else { replays = try await env.reports.replays() }
        guard let replay = replays.byCode[code]?.replay else { throw HangarError.notFound(what: "workshop", name: code) }
        let zone = try await offLoop { try replay.store.workshop().timezone }
        let query = try ReportQuery(q, now: now, zone: zone)
        let report = try await offLoop { try ReportSource.report(from: replay.store, period: query.period, goal: query.goal, now: now) }
        return Answer(asked: Asked(query: query, workshop: code), report: report, national: nil, behind: behind)
    }

    /// The page shown while the first replay since the server started is being made: nothing
    /// to show yet (503, to be asked again in a minute).
    static func firstReplay(identity: Identity?) -> Response {
        var response = Page.render("message", title: PageLanguage.t("hq_title"), context: ["message": PageLanguage.t("hq_replaying_first")],
                                   identity: identity, status: .serviceUnavailable)
        response.headers[.retryAfter] = "60"
        return response
    }

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("dashboard") { request, context in
            let language = PageLanguage.current
            do {
                let q = try Form.query(request)
                guard let answer = try await pageReport(q) else { return Self.firstReplay(identity: context.identity) }
                let statuses = try await env.reports.listing().statuses
                let content = Self.dashboard(asked: answer.asked, report: answer.report, national: answer.national, statuses: statuses,
                                             behind: answer.behind, language: language)
                return Page.render(content: content, title: PageLanguage.t("hq_title"), identity: context.identity)
            } catch let error as HangarError {
                return Page.render("message", title: PageLanguage.t("hq_title"), context: ["message": error.message(in: language)],
                                   identity: context.identity, status: Page.status(error))
            }
        }
        group.get("report") { request, context in
            let language = PageLanguage.current
            do {
                let q = try Form.query(request)
                // The page's downloads: what the page shows.
                guard let answer = try await pageReport(q) else { return Self.firstReplay(identity: context.identity) }
                let (asked, report, national) = (answer.asked, answer.report, answer.national)
                let format = q.get("format") ?? "html"
                let (type, ext): (String, String)
                let body: String
                switch format {
                case "csv": (type, ext, body) = ("text/csv; charset=utf-8", "csv", ReportCSV.render(report))
                case "json":
                    let bytes = try national?.json() ?? ReportJSON.bytes(report)
                    (type, ext, body) = ("application/json; charset=utf-8", "json", String(decoding: bytes, as: UTF8.self))
                case "text": (type, ext, body) = ("text/plain; charset=utf-8", "txt", ReportText.render(report, language: language))
                case "html": (type, ext, body) = ("text/html; charset=utf-8", "html", ReportHTML.render(report, language: language))
                default:
                    throw HangarError.invalidValue(field: "format", value: Names.printable(String(format.prefix(32))), allowed: "html, text, csv or json")
                }
                var headers: HTTPFields = [.contentType: type]
                let name = "hangar-" + (asked.workshop ?? "national") + "-report-\(asked.query.period.to).\(ext)"
                if ext != "html" { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
            } catch let error as HangarError {
                return Page.plain(Page.status(error), error.message(in: language))
            }
        }
        group.get("workshops") { _, context in
            let language = PageLanguage.current
            let listing = try await env.reports.listing()
            let content = Self.workshops(statuses: listing.statuses, conflicts: listing.conflicts, language: language)
            return Page.render(content: content, title: PageLanguage.t("hq_workshops"), identity: context.identity)
        }
    }

    /// The API: the report's JSON, the workshops' status and the conflicts, as `hangar hq … --json` prints them.
    func addAPI(to group: RouterGroup<HangarRequestContext>) {
        group.get("report") { request, _ in
            let answer = try await apiReport(try Form.query(request))
            let (report, national) = (answer.report, answer.national)
            let bytes = try national?.json() ?? ReportJSON.bytes(report)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        group.get("status") { _, _ in APIResponse.json(try await env.reports.listing().statuses) }
        group.get("conflicts") { _, _ in APIResponse.json(try await env.reports.listing().conflicts) }
    }

    static let listed = 300

    static func yes(_ b: Bool, _ language: Language) -> String { Catalogue.text(b ? "hq_yes" : "hq_no", language) }

    static func dashboard(asked: Asked, report r: ThroughputReport, national: NationalReport?, statuses: [HQStore.OriginStatus],
                          behind: Bool = false, language: Language) -> String {
        let params = asked.params
        let suffix = asked.workshop.map { "&workshop=" + $0 } ?? ""
        var context: [String: Any] = [
            "t": Catalogue.table(language), "lang": language.rawValue, "chartCSS": ReportTemplates.chartCSS,
            "from": "\(r.period.from)", "to": "\(r.period.to)", "weekly": r.period.every == .week, "monthly": r.period.every == .month,
            "target": asked.query.target.map(String.init) ?? "", "targetTotal": asked.query.targetTotal.map(String.init) ?? "",
            "workshop": asked.workshop ?? "", "national": asked.workshop == nil, "empty": statuses.isEmpty, "behind": behind,
            "choices": statuses.map { ["code": $0.workshop, "selected": $0.workshop == asked.workshop] as [String: Any] },
            "headlines": ReportHTML.headlines(r, language: language), "charts": ReportHTML.chartContexts(r, language: language),
            "csv": "/report?format=csv&" + params + suffix, "json": "/report?format=json&" + params + suffix,
            "html": "/report?format=html&" + params + suffix,
            "wip": r.snapshot.wip.map { ["state": AirframePages.stateLabel($0.state.rawValue, language), "count": $0.count] },
            "units": r.snapshot.units.map { ["unit": $0.unit, "held": $0.held, "available": $0.available] },
            "dueCount": r.snapshot.dueForService.count,
        ]
        if let f = r.forecast {
            var forecast: [String: Any] = ["target": f.target, "note": f.note ?? ""]
            if let p50 = f.p50Date { forecast["p50"] = "\(p50)" }
            if let p85 = f.p85Date { forecast["p85"] = "\(p85)" }
            context["forecast"] = forecast
        }
        if let national {
            context["rows"] = national.workshops.map { w -> [String: Any] in
                let t = w.totals
                return [
                    "code": w.code, "link": "/dashboard?" + params + "&workshop=" + w.code,
                    "delivered": LocalFormat.integer(t.build.delivered, language),
                    "fpy": t.test.firstPassYield.map { LocalFormat.percent($0, language) } ?? "–",
                    "availability": t.fleet.availability.map { LocalFormat.percent($0, language) } ?? "–",
                    "complete": yes(w.status.complete, language), "chain": yes(w.status.chainVerified, language),
                    "refused": w.refusedOnReplay, "incomplete": !w.status.complete,
                ]
            }
            context["standards"] = national.standards.map { s -> [String: Any] in
                [
                    "model": s.model, "uniform": s.uniform, "verdict": Catalogue.text(s.uniform ? "hq_uniform" : "hq_differs", language),
                    "workshops": s.workshops.map { ["code": $0.code, "checklist": $0.use.checklistVersion, "bom": $0.use.bomVersion.map(String.init) ?? "–",
                                                    "airframes": $0.use.airframes] as [String: Any] },
                ]
            }
        }
        return Page.library.render(context, withTemplate: "hqdashboard") ?? ""
    }

    static func workshops(statuses: [HQStore.OriginStatus], conflicts c: HQStore.Conflicts, language: Language) -> String {
        let keys = HQStore.keys(c)
        var items: [(kind: String, what: String, reviewed: Bool)] = []
        items += c.content.map { ("hq_content", "\($0.id) (\($0.reason)): \($0.workshops.joined(separator: ", "))", $0.reviewed) }
        items += c.serialClaims.map { ("hq_serial_claim", "\($0.serial) (\($0.kind)): \($0.workshops.joined(separator: ", "))", $0.reviewed) }
        items += c.definitionConflicts.map { ("hq_definition", "\($0.model) (\($0.what)): \($0.workshops.joined(separator: ", "))", $0.reviewed) }
        items += c.gaps.map { ("hq_gap", "\($0.workshop): \($0.from)–\($0.to)", $0.reviewed) }
        items += c.brokenChains.map { ("hq_broken_chain", "\($0.workshop) #\($0.seq) (\($0.reason)): \($0.id)", $0.reviewed) }
        let context: [String: Any] = [
            "t": Catalogue.table(language),
            "rows": statuses.map { s -> [String: Any] in
                [
                    "code": s.workshop, "events": LocalFormat.integer(s.events, language), "lastSeq": s.lastSeq,
                    "lastRecorded": s.lastRecorded.flatMap { try? Timestamp.parse($0) }.map { LocalTime.show($0, zone: nil, language) } ?? "–",
                    "chain": yes(s.chainVerified, language), "complete": yes(s.complete, language), "incomplete": !s.complete || !s.chainVerified,
                ]
            },
            "empty": statuses.isEmpty, "nothing": keys.isEmpty,
            "more": keys.count > Self.listed ? "… " + Catalogue.text("rt.in_all", language, ["n": String(keys.count)]) : "",
            // The first few hundred; `hangar hq conflicts` and /api/v1/conflicts have them all.
            "items": zip(keys, items).prefix(Self.listed).map { key, item -> [String: Any] in
                ["key": key, "kind": Catalogue.text(item.kind, language), "what": item.what, "reviewed": item.reviewed ? yes(true, language) : ""]
            },
        ]
        return Page.library.render(context, withTemplate: "hqworkshops") ?? ""
    }
}
