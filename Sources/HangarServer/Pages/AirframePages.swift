import Foundation
import HangarCore
import HangarStore
import Hummingbird

/// The bench: airframe list and search, the airframe page with its timeline and the
/// actions its state and your role allow, the QC form, registration.
struct AirframePages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("airframes") { request, context in try await list(request, context) }
        group.get("airframes/new") { _, context in try await registerForm(context, values: [:]) }
        group.post("airframes") { request, context in
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return Self.badCSRF() }
            let serial = form["serial"] ?? ""
            do {
                let d = try await env.record(input(serial, try FormBody.body(.register, form), form, identity))
                return Page.redirect("/airframes/\(Page.path(d.event.subject))")
            } catch let error as HangarError {
                return try await registerForm(context, values: ["serial": serial, "batch": form["batch"] ?? ""], error: error)
            }
        }
        group.get("airframes/:serial") { request, context in
            let before = try Form.query(request).get("before").flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
            return try await show(try context.parameters.decoded("serial"), context, before: before)
        }
        group.get("airframes/:serial/qc") { _, context in
            try await qcForm(try context.parameters.decoded("serial"), context, form: nil, error: nil)
        }
        group.post("airframes/:serial/qc") { request, context in
            let serial = try context.parameters.decoded("serial")
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return Self.badCSRF() }
            return try await recordQC(serial, form, identity, context)
        }
        group.post("airframes/:serial/events/:kind") { request, context in
            let serial = try context.parameters.decoded("serial")
            let kindName = try context.parameters.decoded("kind")
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return Self.badCSRF() }
            guard let kind = EventKind(rawValue: kindName), kind.subject == .airframe, kind != .register, kind != .qc else {
                return Page.plain(.notFound, PageLanguage.t("w.no_action"))
            }
            // Undo, write-off and loss cannot be taken back by a click: the form asks to confirm.
            if [.undo, .writeOff, .lost].contains(kind) && form["confirm"] != "on" {
                return try await show(serial, context, flash: ("error", PageLanguage.t("w.needs_confirm", ["action": Self.label(kind)])),
                                      status: .unprocessableContent)
            }
            do {
                let d = try await env.record(input(serial, try FormBody.body(kind, form), form, identity))
                let warned = d.warnings.map { " " + PageLanguage.t("w.warning", ["text": $0.message(in: PageLanguage.current)]) }.joined()
                return try await show(d.event.subject, context, flash: (d.warnings.isEmpty ? "ok" : "warning",
                                                                        PageLanguage.t("w.recorded_change", ["event": Self.label(kind), "from": Self.stateLabel(d.event.fromState), "to": Self.stateLabel(d.event.toState)]) + warned))
            } catch let error as HangarError {
                return try await show(serial, context, flash: ("error", error.message(in: PageLanguage.current)), status: Page.status(error))
            }
        }
    }

    /// A query value as a form encodes it (so a link keeps every filter exactly).
    static func formEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    static func badCSRF() -> Response {
        Page.plain(.forbidden, PageLanguage.t("w.bad_csrf"))
    }

    func input(_ subject: String, _ body: EventBody, _ form: Form, _ identity: Identity) -> EventInput {
        var input = EventInput(id: EventID.make(at: env.clock()), subject: subject, occurredAt: env.clock(), actor: identity.staff.id,
                               body: body, note: form.nonEmpty("note"))
        if body.kind == .undo { input.undoRoute = .airframe }  // an airframe page undoes the airframe's event
        return input
    }

    func list(_ request: Request, _ context: HangarRequestContext) async throws -> Response {
        let q = try Form.query(request)
        if let search = q.get("q")?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            // A scanned serial goes straight to its airframe.
            if let serial = try? Names.serial(search) {
                let store = env.store
                if try await env.blocking({ try store.airframe(serial) }) != nil { return Page.redirect("/airframes/\(serial)") }
            }
        }
        let state = q.get("state").flatMap(AirframeState.init(rawValue:))
        let model = q.get("model").flatMap { $0.isEmpty ? nil : $0 }
        let unit = q.get("unit").flatMap { $0.isEmpty ? nil : $0 }
        let due = q.get("due") == "on"
        let search = q.get("q")?.uppercased() ?? ""
        let store = env.store
        let now = env.clock()
        let (views, models, units) = try await env.blocking {
            (try store.airframes(AirframeFilter(state: state, model: model, unit: unit, dueOnly: due), now: now),
             try store.models().map(\.name), try store.units())
        }
        // Lost and written-off airframes only when asked for (by the box, or by their state).
        let gone = q.get("gone") == "on"
        let current = gone || state?.isTerminal == true ? views : views.filter { !$0.airframe.state.isTerminal }
        let shown = search.isEmpty ? current : current.filter { $0.airframe.serial.contains(search) }
        // A page of 100 (a tablet scrolls less; the count says how many there are in all).
        let perPage = 100
        let pages = max(1, (shown.count + perPage - 1) / perPage)
        let page = min(max(1, Int(q.get("page") ?? "") ?? 1), pages)
        func link(_ n: Int) -> String {
            let kept = q.pairs.filter { $0.name != "page" } + [(name: "page", value: String(n))]
            return "/airframes?" + kept.map { Self.formEncoded($0.name) + "=" + Self.formEncoded($0.value) }.joined(separator: "&")
        }
        let rows: [[String: Any]] = shown.dropFirst((page - 1) * perPage).prefix(perPage).map { v in
            let a = v.airframe
            return ["serial": a.serial, "path": Page.path(a.serial), "model": a.model, "state": AirframePages.stateLabel(a.state.rawValue), "unit": a.unit ?? "",
                    "minutes": a.flightMinutes, "due": v.due]
        }
        return Page.render("airframes", title: PageLanguage.t("w.title_airframes"), context: [
            "rows": rows, "count": shown.count, "q": q.get("q") ?? "",
            "paged": pages > 1, "page": page, "pages": pages,
            // (An empty string would still open a Mustache section: absent keys close it.)
            "prev": page > 1 ? link(page - 1) as Any : false, "next": page < pages ? link(page + 1) as Any : false,
            "states": AirframeState.allCases.map { ["name": $0.rawValue, "label": Self.stateLabel($0.rawValue), "selected": $0 == state] },
            "models": models.map { ["name": $0, "selected": $0 == model] },
            "units": units.map { ["name": $0, "selected": $0 == unit] },
            "due": due, "gone": gone, "canRegister": context.identity?.staff.has(.technician) == true,
        ], identity: context.identity)
    }

    func registerForm(_ context: HangarRequestContext, values: [String: String], error: HangarError? = nil) async throws -> Response {
        let store = env.store
        let models = try await env.blocking { try store.models().map(\.name) }
        var ctx: [String: Any] = values
        ctx["models"] = models
        return Page.render("register", title: PageLanguage.t("w.title_register"), context: ctx, identity: context.identity,
                           status: error.map(Page.status) ?? .ok, flash: error.map { ("error", $0.message(in: PageLanguage.current)) })
    }

    /// Events shown on one airframe page (an airframe with more links to the page before).
    static let historyShown = 200

    func show(_ raw: String, _ context: HangarRequestContext, flash: (kind: String, text: String)? = nil,
              status: HTTPResponse.Status = .ok, before: Int64? = nil) async throws -> Response {
        guard let serial = try? Names.serial(raw) else { return Page.plain(.notFound, PageLanguage.t("w.not_a_serial")) }
        let store = env.store
        let now = env.clock()
        let loaded = try await env.blocking { () -> (AirframeView, AirframeModel?, HistoryPage, RecordedEvent?, [String], [OperatorView], [String], String?)? in
            guard let view = try store.airframe(serial, now: now) else { return nil }
            return (view, try store.model(view.airframe.model), try store.history(of: serial, limit: Self.historyShown, beforeSeq: before),
                    try store.undoTarget(of: serial), try store.units(),
                    try store.operators(now: now).filter { [.enrolled, .inTraining, .qualified].contains($0.record.state) },
                    try store.parts().map(\.number), try store.lastIssuedUnit(of: serial))
        }
        guard let (view, model, page, undoTarget, units, operators, parts, lastUnit) = loaded else {
            return Page.render("message", title: PageLanguage.t("w.not_found"), context: ["message": PageLanguage.t("w.no_airframe", ["serial": Names.printable(serial)])],
                               identity: context.identity, status: .notFound)
        }
        let a = view.airframe
        let staff = context.identity!.staff
        let csrf = context.identity?.csrf ?? ""
        let actions: [[String: Any]] = AirframeLifecycle.events(allowedFrom: a.state).compactMap { kind in
            guard AirframeLifecycle.permits(kind, to: staff, undoTargetAuthor: undoTarget?.actor) else { return nil }
            if kind == .undo && undoTarget == nil { return nil }
            var action: [String: Any] = ["kind": kind.rawValue, "label": Self.label(kind), "path": Page.path(a.serial), "csrf": csrf]
            switch kind {
            case .qc: action["qc"] = true
            case .issue:
                // The unit it was last issued to comes first: one press sends a repaired airframe back.
                action["units"] = (lastUnit.map { [$0] } ?? []) + units.filter { $0 != lastUnit }
                action["needsUnit"] = true
                if let lastUnit { action["label"] = PageLanguage.t("w.issue_back", ["event": Self.label(kind), "unit": lastUnit]) }
            case .flight:
                action["needsFlight"] = true
                action["purposes"] = (staff.has(.instructor) ? [FlightPurpose.training, .operational] : [.operational]).map { Self.option($0.rawValue, "purpose.") }
                action["operators"] = operators.map { ["id": $0.record.id, "name": $0.record.name, "state": AirframePages.stateLabel($0.record.state.rawValue)] }
            case .maintenanceOpen: action["maintenanceReasons"] = MaintenanceReason.allCases.map { Self.option($0.rawValue, "mreason.") }
            case .awaitParts: action["needsPart"] = true
            case .reworkDone, .maintenanceClose: action["needsWork"] = true
            case .lost, .writeOff:
                action["needsReason"] = true
                action["danger"] = true
            case .install:
                guard !parts.isEmpty else { return nil }
                action["needsInstall"] = true
                action["parts"] = parts
            case .remove:
                guard !view.pieces.isEmpty || !view.holdings.isEmpty else { return nil }
                action["needsRemove"] = true
                action["installedParts"] = Array(Set(view.pieces.map(\.part) + view.holdings.map(\.part))).sorted()
                action["installedSerials"] = view.pieces.map(\.serial)
                action["dispositions"] = Disposition.allCases.map { Self.option($0.rawValue, "disp.") }
            case .undo:
                action["needsReason"] = true
                action["danger"] = true
                action["label"] = PageLanguage.t("w.undo_of", ["event": undoTarget!.kind.rawValue, "actor": undoTarget!.actor])
            default: break
            }
            return action
        }
        let timeline: [[String: Any]] = page.entries.reversed().map { h in
            let e = h.event
            return ["seq": e.seq, "at": PageLanguage.time(e.occurredAt), "kind": e.kind.rawValue, "by": e.actor,
                    "change": e.fromState.map { "\($0) → \(e.toState ?? "")" } ?? "→ \(e.toState ?? "")",
                    "details": EventSummary.text(e, language: PageLanguage.current), "undone": h.undoneBy != nil]
        }
        return Page.render("airframe", title: a.serial, context: [
            "serial": a.serial, "model": a.model, "batch": a.batch ?? "", "state": AirframePages.stateLabel(a.state.rawValue),
            "since": PageLanguage.time(a.stateSince), "unit": a.unit ?? "—", "minutes": a.flightMinutes,
            "sinceService": a.minutesSinceService, "due": view.due, "service": Self.service(model),
            "reasons": Catalogue.dueReasons(view.dueReasons, PageLanguage.current),
            "hasInstalled": !view.pieces.isEmpty || !view.holdings.isEmpty,
            "installed": view.pieces.map { p -> [String: Any] in
                ["part": p.part, "component": p.serial, "qty": 1, "position": p.position ?? "", "minutes": p.flightMinutes, "offBOM": p.offBOM]
            } + view.holdings.map { h -> [String: Any] in
                ["part": h.part, "lot": h.lot, "qty": h.qty, "position": "", "minutes": "", "offBOM": h.offBOMQty > 0]
            },
            "attempts": a.qcAttempts, "actions": actions, "noActions": actions.isEmpty, "timeline": timeline,
            "earlier": page.earlier, "hasEarlier": page.earlier > 0, "earlierPath": page.entries.first.map { "/airframes/\(Page.path(a.serial))?before=\($0.event.seq)" } ?? "",
        ], identity: context.identity, status: status, flash: flash)
    }

    /// An event's button and history label in the page's language (GLOSSARY.md `ev.*`).
    /// A choice of a form's list: the value sent as the rules know it, the words people read.
    static func option(_ value: String, _ prefix: String) -> [String: String] {
        ["value": value, "label": Catalogue.table(PageLanguage.current)[prefix + value] ?? value]
    }

    static func label(_ kind: EventKind) -> String {
        let key = "ev." + kind.rawValue
        return Catalogue.table(PageLanguage.current)[key] ?? kind.rawValue
    }

    /// A state as people read it (GLOSSARY.md `state.*`); the raw name where none is known.
    static func stateLabel(_ raw: String?, _ language: Language = PageLanguage.current) -> String {
        guard let raw else { return "" }
        let table = Catalogue.table(language)
        return table["state." + raw] ?? table["opstate." + raw] ?? raw
    }

    static func service(_ model: AirframeModel?) -> String {
        guard let m = model else { return "" }
        var parts: [String] = []
        if let minutes = m.serviceMinutes { parts.append(PageLanguage.t("w.every_minutes", ["n": LocalFormat.integer(minutes, PageLanguage.current)])) }
        if let days = m.serviceDays { parts.append(PageLanguage.t("w.every_days", ["n": LocalFormat.integer(days, PageLanguage.current)])) }
        return parts.joined(separator: PageLanguage.t("error.or"))
    }

    // MARK: - QC

    func qcForm(_ raw: String, _ context: HangarRequestContext, form: Form?, error: HangarError?, refusal: String? = nil) async throws -> Response {
        guard let serial = try? Names.serial(raw) else { return Page.plain(.notFound, PageLanguage.t("w.not_a_serial")) }
        let store = env.store
        let loaded = try await env.blocking { () -> (Airframe, AirframeModel)? in
            guard let a = try store.airframe(serial)?.airframe, let m = try store.model(a.model) else { return nil }
            return (a, m)
        }
        guard let (airframe, model) = loaded else { return Page.plain(.notFound, PageLanguage.t("w.no_airframe", ["serial": serial])) }
        let items: [[String: Any]] = model.checklist.map { item in
            var entry: [String: Any] = ["key": item.key, "limits": item.limitsText, "unit": item.unit ?? "", "description": item.description ?? ""]
            if item.kind == .check {
                entry["check"] = true
                entry["pass"] = form?["check.\(item.key)"] == "pass"
                entry["fail"] = form?["check.\(item.key)"] == "fail"
            } else {
                entry["value"] = form?["measure.\(item.key)"] ?? ""
                entry["min"] = item.min.map(ChecklistItem.number) ?? ""
                entry["max"] = item.max.map(ChecklistItem.number) ?? ""
            }
            return entry
        }
        return Page.render("qc", title: PageLanguage.t("w.title_qc", ["serial": serial]), context: [
            "serial": serial, "path": Page.path(serial), "model": model.name, "version": model.checklistVersion,
            "state": AirframePages.stateLabel(airframe.state.rawValue), "items": items, "defects": form?["defects"] ?? "", "attempt": airframe.qcAttempts + 1,
            // A model with a defect catalogue offers its codes to tick (one fault, one name in the Pareto).
            "hasCatalogue": model.defectCodes != nil,
            "catalogue": (model.defectCodes ?? []).map { code in ["code": code, "checked": form?.all("defect").contains(code) ?? false] as [String: Any] },
        ], identity: context.identity, status: refusal != nil ? .unprocessableContent : error.map(Page.status) ?? .ok,
           flash: refusal.map { ("error", $0) } ?? error.map { ("error", $0.message(in: PageLanguage.current)) })
    }

    func recordQC(_ serial: String, _ form: Form, _ identity: Identity, _ context: HangarRequestContext) async throws -> Response {
        var checks: [String: CheckResult] = [:]
        var measures: [String: Double] = [:]
        for (name, value) in form.pairs {
            if name.hasPrefix("check."), let result = CheckResult(rawValue: value) { checks[String(name.dropFirst(6))] = result }
            if name.hasPrefix("measure."), !value.trimmingCharacters(in: .whitespaces).isEmpty {
                let key = String(name.dropFirst(8))
                guard let number = FormNumber.decimal(value) else {
                    return try await qcForm(serial, context, form: form, error: .invalidValue(field: Names.printable(key), value: Names.printable(value),
                                                                                           allowed: "a number such as 14, -2 or 12,5"))
                }
                measures[key] = number
            }
        }
        let defects = (form["defects"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) + form.all("defect")
        let run = QCRun(checks: checks.isEmpty ? nil : checks, measures: measures.isEmpty ? nil : measures,
                        defects: defects.isEmpty ? nil : defects)
        do {
            let d = try await env.record(input(serial, .qc(run), form, identity))
            guard case let .qc(judged) = d.event.body else { return Page.plain(.internalServerError, "The QC run was not recorded as one.") }
            let verdicts: [[String: Any]] = (d.judgement?.verdicts ?? []).map { v in
                ["key": v.item.key, "value": v.value, "limits": v.item.limitsText, "passed": v.passed, "why": v.why ?? ""]
            }
            return Page.render("verdict", title: PageLanguage.t("w.title_qc", ["serial": d.event.subject]), context: [
                "serial": d.event.subject, "path": Page.path(d.event.subject), "outcome": judged.outcome?.rawValue ?? "",
                "passed": judged.outcome == .pass, "attempt": judged.attempt ?? 0,
                "version": judged.checklistVersion ?? 0, "verdicts": verdicts,
                "defects": (judged.defects ?? []).joined(separator: ", "), "to": d.event.toState ?? "",
            ], identity: context.identity)
        } catch let HangarError.rejected(event, subject, .failingRunNeedsDefect(failed)) {
            // The page's own words: there is no --defect flag on a tablet.
            _ = (event, subject)
            return try await qcForm(serial, context, form: form, error: nil, refusal: PageLanguage.t("w.qc_needs_defect", ["items": failed.joined(separator: ", ")]))
        } catch let error as HangarError {
            return try await qcForm(serial, context, form: form, error: error)
        }
    }
}
