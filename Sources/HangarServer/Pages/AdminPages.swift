import Foundation
import HangarCore
import HangarStore
import Hummingbird

/// Setting the workshop up without the command line (admins): staff and their roles and
/// language, units, models with their checklist items, descriptions and defect catalogue.
/// Every change is an event through the same rules as `hangar staff|unit|model`.
struct AdminPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("admin") { _, context in try await page(context) }
        group.post("admin/:what") { request, context in
            let form = try await Form.read(request)
            guard let identity = context.identity, form["csrf"] == identity.csrf else { return AirframePages.badCSRF() }
            guard identity.staff.has(.admin) else { return Page.plain(.forbidden, PageLanguage.t("w.admin_only")) }
            do {
                let what: String = try context.parameters.decoded("what")
                var subject: String, body: EventBody, changes: [String] = []
                if what == "model_item" || what == "model_item_remove" {
                    subject = form["subject"] ?? ""
                    let name = subject, store = env.store
                    guard let model = try await env.blocking({ try store.model(name) }) else { throw HangarError.notFound(what: "model", name: name) }
                    let edit = try Self.checklistEdit(what, form, model)
                    body = .modelUpdate(ModelChange(checklist: edit.items))
                    changes = edit.lines
                } else {
                    (subject, body) = try Self.event(what, form)
                }
                let d = try await env.record(EventInput(id: EventID.make(at: env.clock()), subject: subject, occurredAt: env.clock(),
                                                        actor: identity.staff.id, body: body, note: form.nonEmpty("note")))
                let details = changes.isEmpty ? d.event.subject : d.event.subject + ":" + changes.joined(separator: ";")
                return try await page(context, flash: ("ok", PageLanguage.t("w.recorded", ["event": d.event.kind.rawValue, "details": details])))
            } catch let error as HangarError {
                return try await page(context, flash: ("error", error.message(in: PageLanguage.current)), status: Page.status(error))
            }
        }
    }

    /// A checklist edited on the page, one item at a time, through the rules the command line
    /// uses (`ChecklistEdit`): add or change the item with a key, or drop one, and only when
    /// the removal is confirmed (a QC run stops checking it).
    static func checklistEdit(_ what: String, _ form: Form, _ model: AirframeModel) throws -> (items: [ChecklistItem], lines: [String]) {
        let key = try ChecklistRules.checklistKey(form["key"] ?? "")
        if what == "model_item_remove" {
            guard form["confirm"] == "yes" else {
                throw HangarError.invalidValue(field: "confirm", value: "", allowed: "tick the confirmation to drop a checklist item")
            }
            return try ChecklistEdit.apply(to: model.checklist, given: [], removing: [key], replacing: false)
        }
        func number(_ name: String) throws -> Double? {
            guard let text = form.nonEmpty(name) else { return nil }
            guard let value = FormNumber.decimal(text) else {
                throw HangarError.invalidValue(field: name, value: Names.printable(text), allowed: "a number such as 14, -2 or 12,5")
            }
            return value
        }
        var item: ChecklistItem
        switch form["kind"] ?? "check" {
        case "check": item = .check(key)
        case "measure": item = .measure(key, unit: form.nonEmpty("unit"), min: try number("min"), max: try number("max"))
        case let other: throw HangarError.invalidValue(field: "kind", value: Names.printable(other), allowed: ChecklistItem.Kind.allowedText)
        }
        item.description = form.nonEmpty("description")
        return try ChecklistEdit.apply(to: model.checklist, given: [item], removing: [], replacing: false)
    }

    /// The event a setup form asks for. Fields not given are not changed.
    static func event(_ what: String, _ form: Form) throws -> (String, EventBody) {
        func roles() throws -> [Role] {
            try form.all("role").map { raw in
                guard let role = Role(rawValue: raw) else {
                    throw HangarError.invalidValue(field: "role", value: Names.printable(raw), allowed: Role.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return role
            }
        }
        let subject = form["subject"] ?? ""
        switch what {
        case "staff_add":
            return (subject, .staffAdd(StaffAddition(name: form["name"] ?? "", roles: try roles(), lang: form.nonEmpty("lang"))))
        case "staff_update":
            let given = try roles()
            return (subject, .staffUpdate(StaffChange(name: form.nonEmpty("name"), roles: given.isEmpty ? nil : given, lang: form.nonEmpty("lang"))))
        case "unit_add":
            return (subject, .unitAdd)
        case "model_add":
            var items = (form["checks"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map { ChecklistItem.check(String($0)) }
            for line in (form["measures"] ?? "").split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                items.append(try ChecklistItem.parseMeasureSpec(line.trimmingCharacters(in: .whitespaces)))
            }
            let codes = (form["defect_codes"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0.isNewline }).map(String.init)
            // A service interval that is not a whole number is refused, not dropped.
            func whole(_ name: String) throws -> Int? {
                guard let text = form.nonEmpty(name) else { return nil }
                guard let n = FormNumber.whole(text) else {
                    throw HangarError.invalidValue(field: name, value: Names.printable(text), allowed: "a whole number")
                }
                return n
            }
            return (subject, .modelAdd(ModelDefinition(
                checklist: items, serviceMinutes: try whole("service_minutes"),
                serviceDays: try whole("service_days"), defectCodes: codes.isEmpty ? nil : codes)))
        case "model_codes":
            let codes = (form["defect_codes"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0.isNewline }).map(String.init)
            return (subject, .modelUpdate(ModelChange(defectCodes: codes.isEmpty ? .clear : .set(codes))))
        default:
            throw HangarError.invalidValue(field: "form", value: Names.printable(what), allowed: "staff_add, staff_update, unit_add, model_add, model_codes")
        }
    }

    func page(_ context: HangarRequestContext, flash: (kind: String, text: String)? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let identity = context.identity, identity.staff.has(.admin) else { return Page.plain(.forbidden, PageLanguage.t("w.admin_only")) }
        let store = env.store
        let (staff, units, models) = try await env.blocking { (try store.staffList(), try store.units(), try store.models()) }
        let table = Catalogue.table(PageLanguage.current)
        let roleNames = Role.allCases.map { ["role": $0.rawValue, "label": table["role." + $0.rawValue] ?? $0.rawValue] }
        return Page.render("admin", title: PageLanguage.t("w.title_admin"), context: [
            "staff": staff.map { s -> [String: Any] in
                ["id": s.id, "name": s.name, "lang": s.lang?.ownName ?? "",
                 "roles": s.roles.map { table["role." + $0.rawValue] ?? $0.rawValue }.joined(separator: ", "),
                 "roleChoices": Role.allCases.map { ["role": $0.rawValue, "label": table["role." + $0.rawValue] ?? $0.rawValue, "held": s.has($0)] as [String: Any] }]
            },
            "roleNames": roleNames,
            "languages": Language.allCases.map { ["code": $0.rawValue, "name": $0.ownName] },
            "units": units.map { ["name": $0] },
            "models": models.map { m -> [String: Any] in
                ["name": m.name, "version": m.checklistVersion,
                 "items": m.checklist.map { ["key": $0.key, "limits": $0.limitsText, "description": $0.description ?? "", "model": m.name] },
                 "service": AirframePages.service(m), "codes": m.defectCodes?.joined(separator: " ") ?? ""]
            },
        ], identity: identity, status: status, flash: flash)
    }
}
