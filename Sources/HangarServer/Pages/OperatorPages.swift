import Foundation
import HangarCore
import HangarStore
import Hummingbird

/// Trainees: the list with enrolment, and each operator's page with the training steps
/// your role allows.
struct OperatorPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("operators") { request, context in try await list(request, context) }
        group.post("operators") { request, context in
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return AirframePages.badCSRF() }
            let id = form["id"] ?? ""
            do {
                _ = try await env.record(EventInput(id: EventID.make(at: env.clock()), subject: id, occurredAt: env.clock(),
                                                    actor: identity.staff.id, body: try FormBody.body(.enroll, form), note: form.nonEmpty("note")))
                return Page.redirect("/operators/\(Page.path(id))")
            } catch let error as HangarError {
                return try await list(nil, context, flash: ("error", error.message(in: PageLanguage.current)), status: Page.status(error))
            }
        }
        group.get("operators/:id") { _, context in try await show(try context.parameters.decoded("id"), context) }
        group.post("operators/:id/events/:kind") { request, context in
            let id = try context.parameters.decoded("id")
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return AirframePages.badCSRF() }
            guard let kind = EventKind(rawValue: try context.parameters.decoded("kind")), kind.subject == .operator, kind != .enroll else {
                return Page.plain(.notFound, PageLanguage.t("w.no_action"))
            }
            do {
                let d = try await env.record(EventInput(id: EventID.make(at: env.clock()), subject: id, occurredAt: env.clock(),
                                                        actor: identity.staff.id, body: try FormBody.body(kind, form), note: form.nonEmpty("note")))
                return try await show(id, context, flash: ("ok", PageLanguage.t("w.recorded_change", ["event": AirframePages.label(kind), "from": AirframePages.stateLabel(d.event.fromState), "to": AirframePages.stateLabel(d.event.toState)])))
            } catch let error as HangarError {
                return try await show(id, context, flash: ("error", error.message(in: PageLanguage.current)), status: Page.status(error))
            }
        }
    }

    func list(_ request: Request?, _ context: HangarRequestContext, flash: (kind: String, text: String)? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let q = try request.map(Form.query)
        let state = q?.get("state").flatMap(OperatorState.init(rawValue:))
        let unit = q?.get("unit").flatMap { $0.isEmpty ? nil : $0 }
        let store = env.store
        let now = env.clock()
        let (views, units) = try await env.blocking { (try store.operators(state: state, unit: unit, now: now), try store.units()) }
        let staff = context.identity!.staff
        return Page.render("operators", title: PageLanguage.t("w.title_operators"), context: [
            "rows": views.map { v -> [String: Any] in
                ["id": v.record.id, "path": Page.path(v.record.id), "name": v.record.name, "unit": v.record.unit,
                 "state": AirframePages.stateLabel(v.record.state.rawValue),
                 "current": v.record.state == .qualified ? AirframePages.stateLabel(v.current ? "current" : "lapsed") : "", "minutes": v.minutesLast90Days]
            },
            "states": OperatorState.allCases.map { ["name": $0.rawValue, "label": AirframePages.stateLabel($0.rawValue), "selected": $0 == state] },
            "units": units.map { ["name": $0, "selected": $0 == unit] },
            "canEnroll": OperatorLifecycle.permits(.enroll, to: staff),
        ], identity: context.identity, status: status, flash: flash)
    }

    func show(_ id: String, _ context: HangarRequestContext, flash: (kind: String, text: String)? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let store = env.store
        let now = env.clock()
        let loaded = try await env.blocking { () -> (OperatorView, [RecordedEvent], (flights: [FlightRecord], totalMinutes: Int, count: Int))? in
            guard let v = try store.operatorView(id, now: now) else { return nil }
            return (v, try store.operatorHistory(of: id), try store.flights(ofOperator: id))
        }
        guard let (view, history, flown) = loaded else {
            return Page.render("message", title: PageLanguage.t("w.not_found"), context: ["message": PageLanguage.t("w.no_operator", ["id": Names.printable(id)])],
                               identity: context.identity, status: .notFound)
        }
        let staff = context.identity!.staff
        let o = view.record
        let actions: [[String: Any]] = OperatorLifecycle.events(allowedFrom: o.state).filter { OperatorLifecycle.permits($0, to: staff) }.map {
            ["kind": $0.rawValue, "label": AirframePages.label($0), "path": Page.path(o.id),
             "csrf": context.identity?.csrf ?? "", "needsReason": $0 == .withdraw]
        }
        return Page.render("operator", title: o.name, context: [
            "id": o.id, "name": o.name, "unit": o.unit, "state": AirframePages.stateLabel(o.state.rawValue), "current": view.current,
            "qualified": o.state == .qualified, "minutes": FlightTime.text(minutes: view.minutesLast90Days, PageLanguage.current), "actions": actions,
            "total": FlightTime.text(minutes: flown.totalMinutes), "flightCount": flown.count,
            // A counted phrase: CLDR plural forms (ru: полёт / полёта / полётов).
            "flightsTotal": Catalogue.text("w.flights_total", PageLanguage.current,
                                           ["total": FlightTime.text(minutes: flown.totalMinutes, PageLanguage.current), "n": LocalFormat.integer(flown.count, PageLanguage.current)],
                                           count: LocalFormat.integer(flown.count, PageLanguage.current)), "flightsShown": flown.flights.count,
            "flights": flown.flights.map { f -> [String: Any] in
                ["at": PageLanguage.time(f.occurredAt), "serial": f.serial, "path": Page.path(f.serial), "minutes": FlightTime.text(minutes: f.minutes, PageLanguage.current),
                 "purpose": f.purpose.rawValue]
            },
            "history": history.reversed().map { e -> [String: Any] in
                ["at": PageLanguage.time(e.occurredAt), "kind": e.kind.rawValue, "by": e.actor, "change": "\(e.fromState ?? "") → \(e.toState ?? "")"]
            },
        ], identity: context.identity, status: status, flash: flash)
    }
}
