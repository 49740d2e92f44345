extension Ledger {
    static func decideConfiguration(_ input: EventInput, actor: Staff, reader: some LedgerReader) throws -> Decision {
        var input = input
        let kind = input.kind.rawValue
        try requireRole([.admin], actor, input)
        func reject(_ rule: Rule) -> HangarError { .rejected(event: kind, subject: input.subject, rule: rule) }
        func positive(_ value: Int?, _ field: String, max: Int) throws {
            if let value, !(1...max).contains(value) {
                throw HangarError.invalidValue(field: field, value: String(value), allowed: "give a whole number from 1 to \(max)")
            }
        }
        var changes: [LedgerChange] = []

        switch input.body {
        case let .workshopSet(setting):
            input.subject = try Names.name(input.subject, field: "workshop name")
            try positive(setting.capacityPerYear, "capacity_per_year", max: 100_000_000)
            var workshop = try reader.workshop()
            var setting = setting
            workshop.name = input.subject
            if let capacity = setting.capacityPerYear { workshop.capacityPerYear = capacity }
            if let country = setting.country {
                setting.country = try Origin.country(country)
                workshop.country = setting.country
            }
            if let currency = setting.currency {
                let code = try Origin.currency(currency)
                if workshop.costRecorded && code != workshop.currency { throw reject(.currencyLocked(current: workshop.currency)) }
                setting.currency = code
                workshop.currency = code
            }
            if let zone = setting.timezone {
                setting.timezone = try LocalTime.zoneName(zone)
                workshop.timezone = setting.timezone
            }
            if let code = setting.code {
                let code = try WorkshopCode.normalized(code)
                if let fixed = workshop.code, fixed != code { throw reject(.workshopCodeFixed(code: fixed)) }
                setting.code = code
                workshop.code = code
            }
            input.body = .workshopSet(setting)
            changes = [.workshop(workshop)]

        case let .staffAdd(addition):
            input.subject = try Names.identifier(input.subject, field: "staff id")
            guard try reader.staff(input.subject) == nil else { throw reject(.staffExists(input.subject)) }
            let name = try Names.name(addition.name, field: "name")
            let roles = try Role.normalize(addition.roles.map(\.rawValue))
            let lang = try addition.lang.map(Self.language)
            input.body = .staffAdd(StaffAddition(name: name, roles: roles, lang: lang?.rawValue))
            changes = [.staff(Staff(id: input.subject, name: name, roles: roles, lang: lang))]

        case var .staffUpdate(update):
            guard var member = try reader.staff(input.subject) else { throw HangarError.notFound(what: "staff member", name: input.subject) }
            guard update.name != nil || update.roles != nil || update.lang != nil else { throw reject(.nothingToChange(what: "a new name, new roles or a language")) }
            if let lang = update.lang {
                member.lang = try Self.language(lang)
                update.lang = member.lang?.rawValue
            }
            if let name = update.name {
                member.name = try Names.name(name, field: "name")
                update.name = member.name
            }
            if let roles = update.roles {
                let newRoles = try Role.normalize(roles.map(\.rawValue))
                let admins = try reader.adminCount()
                if member.has(.admin) && !newRoles.contains(.admin) && admins <= 1 {
                    throw reject(.lastAdmin(member.id))
                }
                member.roles = newRoles
                update.roles = newRoles
            }
            input.body = .staffUpdate(update)
            changes = [.staff(member)]

        case .unitAdd:
            input.subject = try Names.name(input.subject, field: "unit name")
            guard try !reader.unitExists(input.subject) else { throw reject(.unitExists(input.subject)) }
            changes = [.unit(input.subject)]

        case var .modelAdd(definition):
            input.subject = try Names.name(input.subject, field: "model name")
            guard try reader.model(input.subject) == nil else { throw reject(.modelExists(input.subject)) }
            try positive(definition.serviceMinutes, "service_minutes", max: 1_000_000)
            try positive(definition.serviceDays, "service_days", max: 36_500)
            try range(definition.exwPrice, "exw_price", 1...1_000_000_000_000)
            definition.checklist = try ChecklistRules.validate(definition.checklist)
            definition.defectCodes = try definition.defectCodes.map(ChecklistRules.defectCatalogue)
            input.body = .modelAdd(definition)
            changes = [.model(AirframeModel(
                name: input.subject, serviceMinutes: definition.serviceMinutes, serviceDays: definition.serviceDays,
                checklistVersion: 1, checklist: definition.checklist, exwPrice: definition.exwPrice, defectCodes: definition.defectCodes))]
            changes += try costRecorded(definition.exwPrice != nil, reader: reader)

        case var .modelUpdate(update):
            guard var model = try reader.model(input.subject) else { throw HangarError.notFound(what: "model", name: input.subject) }
            guard update.checklist != nil || update.serviceMinutes != nil || update.serviceDays != nil || !update.exwPrice.isKeep
                || !update.defectCodes.isKeep else {
                throw reject(.nothingToChange(what: "a new checklist, service interval, ex-works price or defect catalogue"))
            }
            if let codes = update.defectCodes.value {
                let catalogue = try ChecklistRules.defectCatalogue(codes)
                update.defectCodes = .set(catalogue)
            }
            model.defectCodes = update.defectCodes.applied(to: model.defectCodes)
            try range(update.exwPrice.value, "exw_price", 1...1_000_000_000_000)
            model.exwPrice = update.exwPrice.applied(to: model.exwPrice)
            try positive(update.serviceMinutes, "service_minutes", max: 1_000_000)
            try positive(update.serviceDays, "service_days", max: 36_500)
            if let minutes = update.serviceMinutes { model.serviceMinutes = minutes }
            if let days = update.serviceDays { model.serviceDays = days }
            if let items = update.checklist {
                let checklist = try ChecklistRules.validate(items)
                update.checklist = checklist
                model.checklist = checklist
                model.checklistVersion += 1
            }
            input.body = .modelUpdate(update)
            changes = [.model(model)] + (try costRecorded(update.exwPrice.value != nil, reader: reader))

        case let .partAdd(definition):
            changes = try decidePartAdd(&input, definition, reader: reader)

        case let .partUpdate(change):
            changes = try decidePartUpdate(&input, change, reader: reader)

        case let .bomSet(setting):
            changes = try decideBOMSet(&input, setting, reader: reader)

        default:
            throw HangarError.invalidValue(field: "event", value: input.kind.rawValue, allowed: "a configuration event")
        }
        return Decision(event: stored(input, from: nil, to: nil), changes: changes, judgement: nil)
    }
}

extension Ledger {
    /// A staff member's language: `en`, `ru` or `kk`.
    static func language(_ code: String) throws -> Language {
        guard let language = Language(code: code) else {
            throw HangarError.invalidValue(field: "lang", value: Names.printable(code), allowed: "give en, ru or kk")
        }
        return language
    }
}
