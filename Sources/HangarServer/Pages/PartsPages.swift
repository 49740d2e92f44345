import Foundation
import HangarCore
import HangarStore
import Hummingbird

/// Sustainment on the web (DESIGN §11): stock with what to reorder, a part's page with its
/// lots and the receipt and adjustment forms, a component's page with every airframe it
/// has been in, and recall.
struct PartsPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("stock") { request, context in try await stock(request, context) }
        group.get("parts/:number") { _, context in try await part(try context.parameters.decoded("number"), context) }
        group.post("parts/:number/events/:kind") { request, context in
            let number = try context.parameters.decoded("number")
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return AirframePages.badCSRF() }
            let body: EventBody
            do {
                switch try context.parameters.decoded("kind") {
                case EventKind.stockReceive.rawValue: body = try Self.receipt(form)
                case EventKind.stockAdjust.rawValue: body = try Self.adjustment(form)
                case EventKind.undo.rawValue: body = .undo(Undo(reason: try Self.need(form, "reason", .undo)))
                default: return Page.plain(.notFound, PageLanguage.t("w.no_action"))
                }
                var input = EventInput(id: EventID.make(at: env.clock()), subject: number, occurredAt: env.clock(), actor: identity.staff.id,
                                       body: body, note: form.nonEmpty("note"))
                input.undoRoute = .part  // a part page undoes the part's stock event, whatever else the number names
                let d = try await env.record(input)
                return try await part(number, context, flash: ("ok", PageLanguage.t("w.recorded", ["event": AirframePages.label(d.event.kind), "details": EventSummary.text(d.event, language: PageLanguage.current)])))
            } catch let error as HangarError {
                return try await part(number, context, flash: ("error", error.message(in: PageLanguage.current)), status: Page.status(error))
            }
        }
        group.get("components/:serial") { _, context in try await component(try context.parameters.decoded("serial"), context) }
        group.get("recall") { request, context in try await recall(request, context) }
    }

    /// A value's word in the page's language (GLOSSARY.md), the value itself where none is known.
    static func word(_ prefix: String, _ value: String) -> String { Catalogue.table(PageLanguage.current)[prefix + value] ?? value }

    static func need(_ form: Form, _ name: String, _ kind: EventKind) throws -> String {
        guard let value = form.nonEmpty(name) else { throw HangarError.missingField(event: kind.rawValue, field: name) }
        return value
    }

    static func number(_ form: Form, _ name: String, signed: Bool = false) throws -> Int? {
        guard let text = form.nonEmpty(name) else { return nil }
        // A negative count or cost is a number all the same: the rules refuse it with its range.
        guard let n = Int(text) else {
            throw HangarError.invalidValue(field: name, value: Names.printable(text), allowed: signed ? "a whole number, e.g. -2" : "a whole number")
        }
        return n
    }

    /// Serials typed or scanned into one field, separated by spaces, commas or new lines.
    static func list(_ text: String?) -> [String]? {
        let items = (text ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        return items.isEmpty ? nil : items
    }

    static func receipt(_ form: Form) throws -> EventBody {
        guard let qty = try number(form, "qty") else { throw HangarError.missingField(event: "stock_receive", field: "qty") }
        return .stockReceive(StockReceipt(
            qty: qty, lot: form.nonEmpty("lot"), serials: list(form["serials"]), origin: form.nonEmpty("origin"),
            unitCost: try number(form, "cost"), supplier: form.nonEmpty("supplier"), doc: form.nonEmpty("doc")))
    }

    static func adjustment(_ form: Form) throws -> EventBody {
        let status = try form.nonEmpty("status").map { raw -> PieceStatus in
            guard let s = PieceStatus(rawValue: raw), s != .installed else {
                throw HangarError.invalidValue(field: "status", value: Names.printable(raw), allowed: PieceStatus.allowedText)
            }
            return s
        }
        return .stockAdjust(StockAdjustment(
            lot: form.nonEmpty("lot"), qtyDelta: try number(form, "qty_delta", signed: true), serial: form.nonEmpty("serial"),
            status: status, reason: try need(form, "reason", .stockAdjust)))
    }

    static func weeks(_ w: Double?) -> String { w.map { LocalFormat.number($0, digits: 1, PageLanguage.current) } ?? "—" }

    func stock(_ request: Request, _ context: HangarRequestContext) async throws -> Response {
        let lowOnly = try Form.query(request).get("low") == "on"
        let store = env.store
        let now = env.clock()
        let levels = try await env.blocking { try store.stockLevels(now: now) }
        let shown = levels.filter { !lowOnly || $0.low }
        return Page.render("stock", title: PageLanguage.t("w.title_stock"), context: [
            "low": lowOnly, "lowCount": levels.filter(\.low).count, "weeks": StockLevel.usageWeeks,
            "rows": shown.map { l -> [String: Any] in
                ["part": l.part.number, "path": Page.path(l.part.number), "name": l.part.name, "tracking": Self.word("tracking.", l.part.tracking.rawValue),
                 "kind": Self.word("kind.", l.part.kind.rawValue), "onHand": l.onHand, "quarantined": l.quarantined,
                 "reorderAt": l.part.reorderAt.map(String.init) ?? "—", "use": LocalFormat.number(l.weeklyUse, digits: 1, PageLanguage.current),
                 "cover": Self.weeks(l.weeksOfCover), "isLow": l.low, "origin": l.part.origin]
            },
        ], identity: context.identity)
    }

    func part(_ number: String, _ context: HangarRequestContext, flash: (kind: String, text: String)? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let store = env.store
        let now = env.clock()
        let loaded = try await env.blocking { () -> (Part, StockLevel?, [Lot])? in
            guard let part = try store.part(number) else { return nil }
            return (part, try store.stockLevels(now: now).first { $0.part.number == number }, try store.lots(of: number))
        }
        guard let (part, level, lots) = loaded else {
            return Page.render("message", title: PageLanguage.t("w.not_found"), context: ["message": PageLanguage.t("w.no_part", ["part": Names.printable(number)])],
                               identity: context.identity, status: .notFound)
        }
        let staff = context.identity!.staff
        return Page.render("part", title: part.number, context: [
            "part": part.number, "path": Page.path(part.number), "name": part.name, "tracking": Self.word("tracking.", part.tracking.rawValue),
            "kind": Self.word("kind.", part.kind.rawValue), "serial": part.tracking == .serial, "cost": part.unitCost.map(String.init) ?? "—",
            "origin": part.origin, "reorderAt": part.reorderAt.map(String.init) ?? "—",
            "life": [part.lifeMinutes.map { PageLanguage.t("w.life_minutes", ["n": LocalFormat.integer($0, PageLanguage.current)]) },
                     part.lifeCycles.map { PageLanguage.t("w.life_cycles", ["n": LocalFormat.integer($0, PageLanguage.current)]) },
                     part.ratedMah.map { PageLanguage.t("w.life_mah", ["n": LocalFormat.integer($0, PageLanguage.current)]) }]
                .compactMap { $0 }.joined(separator: ", "),
            "onHand": level?.onHand ?? 0, "quarantined": level?.quarantined ?? 0, "isLow": level?.low == true,
            "cover": Self.weeks(level?.weeksOfCover),
            "lots": lots.map { l -> [String: Any] in
                ["lot": l.lot, "received": PageLanguage.time(l.receivedAt), "origin": l.origin, "cost": l.unitCost.map(String.init) ?? "—",
                 "onHand": part.tracking == .lot ? String(l.onHand) : PageLanguage.t("w.serials"),
                 "recall": "/recall?part=\(AirframePages.formEncoded(part.number))&lot=\(AirframePages.formEncoded(l.lot))&ever=on"]
            },
            "canReceive": staff.has(.storekeeper) || staff.has(.technician),
            "canAdjust": staff.has(.storekeeper) || staff.has(.admin),
            "statuses": [PieceStatus.inStock, .quarantine, .scrapped].map { AirframePages.option($0.rawValue, "piece.") },
        ], identity: context.identity, status: status, flash: flash)
    }

    func component(_ raw: String, _ context: HangarRequestContext) async throws -> Response {
        guard let serial = try? Names.serial(raw) else { return Page.plain(.notFound, PageLanguage.t("w.not_a_serial")) }
        let store = env.store
        guard let view = try await env.blocking({ try store.component(serial) }) else {
            return Page.render("message", title: PageLanguage.t("w.not_found"), context: ["message": PageLanguage.t("w.no_component", ["serial": Names.printable(serial)])],
                               identity: context.identity, status: .notFound)
        }
        let p = view.piece
        var ctx: [String: Any] = [:]
        if let position = p.position { ctx["position"] = position }
        if let lot = p.lot { ctx["lot"] = lot }
        if let airframe = p.airframe { ctx["airframe"] = airframe; ctx["airframePath"] = Page.path(airframe) }
        if let life = view.part?.lifeMinutes { ctx["lifeMinutes"] = String(life) }
        if let life = view.part?.lifeCycles { ctx["lifeCycles"] = String(life) }
        return Page.render("component", title: p.serial, context: ctx.merging([
            "serial": p.serial, "part": p.part, "partPath": Page.path(p.part), "name": view.part?.name ?? "",
            "status": Self.word("piece.", p.status.rawValue), "offBOM": p.offBOM, "minutes": p.flightMinutes, "battery": p.battery, "cycles": p.cycles,
            "health": view.health.map { LocalFormat.percent($0, PageLanguage.current) } ?? PageLanguage.t(p.capacityMah == nil ? "p_no_check_yet" : "p_no_rated_capacity"),
            "origin": p.origin, "cost": p.unitCost.map(String.init) ?? "—", "received": PageLanguage.time(p.receivedAt),
            "intervals": view.intervals.map { s -> [String: Any] in
                ["airframe": s.airframe, "path": Page.path(s.airframe), "installed": PageLanguage.time(s.installedAt),
                 "removed": s.removedAt.map(PageLanguage.time) ?? PageLanguage.t("p_still_installed"), "minutes": s.minutes]
            },
        ]) { a, _ in a }, identity: context.identity)
    }

    func recall(_ request: Request, _ context: HangarRequestContext) async throws -> Response {
        let q = try Form.query(request)
        let part = q.nonEmpty("part"), lot = q.nonEmpty("lot"), component = q.nonEmpty("component")
        let ever = q.get("ever") == "on"
        // What was asked is shown again in the form: without control characters (a NUL or ESC
        // in a query is no part number, and not HTML either), and not at any length.
        func shown(_ s: String?) -> String {
            String(String.UnicodeScalarView((s ?? "").unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }).prefix(200))
        }
        var ctx: [String: Any] = ["part": shown(part), "lot": shown(lot), "component": shown(component), "ever": ever]
        let store = env.store
        ctx["parts"] = try await env.blocking { try store.parts().map(\.number) }.map { ["name": $0, "selected": $0 == part] }
        guard let part else { return Page.render("recall", title: PageLanguage.t("w.title_recall"), context: ctx, identity: context.identity) }
        do {
            guard (lot == nil) != (component == nil) else {
                throw HangarError.invalidValue(field: "recall", value: "", allowed: "give a lot or a component serial, not both")
            }
            let lotID = try lot.map(Names.lot), serial = try component.map(Names.serial)
            let rows = try await env.blocking { try store.recall(part: part, lot: lotID, component: serial, ever: ever) }
            ctx["asked"] = true
            ctx["airframes"] = Set(rows.map(\.serial)).count
            ctx["rows"] = rows.map { r -> [String: Any] in
                ["serial": r.serial, "path": Page.path(r.serial), "state": AirframePages.stateLabel(r.state?.rawValue), "unit": r.unit ?? "—",
                 "installed": PageLanguage.time(r.installedAt), "removed": r.removedAt.map(PageLanguage.time) ?? "—", "qty": r.qty]
            }
            return Page.render("recall", title: PageLanguage.t("w.title_recall"), context: ctx, identity: context.identity)
        } catch let error as HangarError {
            return Page.render("recall", title: PageLanguage.t("w.title_recall"), context: ctx, identity: context.identity, status: Page.status(error),
                               flash: ("error", error.message(in: PageLanguage.current)))
        }
    }
}
