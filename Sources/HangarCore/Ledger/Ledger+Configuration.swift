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
        var change: LedgerChange

        switch input.kind {
        case .workshopSet:
            input.subject = try Names.name(input.subject, field: "workshop name")
            try positive(input.data.capacityPerYear, "capacity_per_year", max: 100_000_000)
            var workshop = try reader.workshop()
            workshop.name = input.subject
            if let capacity = input.data.capacityPerYear { workshop.capacityPerYear = capacity }
            change = .workshop(workshop)

        case .staffAdd:
            input.subject = try Names.identifier(input.subject, field: "staff id")
            guard try reader.staff(input.subject) == nil else { throw reject(.staffExists(input.subject)) }
            let name = try Names.name(input.data.name!, field: "name")
            let roles = try Role.normalize(input.data.roles!.map(\.rawValue))
            input.data.name = name
            input.data.roles = roles
            change = .staff(Staff(id: input.subject, name: name, roles: roles))

        case .staffUpdate:
            guard var member = try reader.staff(input.subject) else { throw HangarError.notFound(what: "staff member", name: input.subject) }
            guard input.data.name != nil || input.data.roles != nil else { throw reject(.nothingToChange(what: "a new name or new roles")) }
            if let name = input.data.name {
                member.name = try Names.name(name, field: "name")
                input.data.name = member.name
            }
            if let roles = input.data.roles {
                let newRoles = try Role.normalize(roles.map(\.rawValue))
                let admins = try reader.adminCount()
                if member.has(.admin) && !newRoles.contains(.admin) && admins <= 1 {
                    throw reject(.lastAdmin(member.id))
                }
                member.roles = newRoles
                input.data.roles = newRoles
            }
            change = .staff(member)

        case .unitAdd:
            input.subject = try Names.name(input.subject, field: "unit name")
            guard try !reader.unitExists(input.subject) else { throw reject(.unitExists(input.subject)) }
            change = .unit(input.subject)

        case .modelAdd:
            input.subject = try Names.name(input.subject, field: "model name")
            guard try reader.model(input.subject) == nil else { throw reject(.modelExists(input.subject)) }
            try positive(input.data.serviceMinutes, "service_minutes", max: 1_000_000)
            try positive(input.data.serviceDays, "service_days", max: 36_500)
            let checklist = try ChecklistRules.validate(input.data.checklist!)
            input.data.checklist = checklist
            change = .model(AirframeModel(
                name: input.subject, serviceMinutes: input.data.serviceMinutes, serviceDays: input.data.serviceDays,
                checklistVersion: 1, checklist: checklist))

        case .modelUpdate:
            guard var model = try reader.model(input.subject) else { throw HangarError.notFound(what: "model", name: input.subject) }
            guard input.data.checklist != nil || input.data.serviceMinutes != nil || input.data.serviceDays != nil else {
                throw reject(.nothingToChange(what: "a new checklist or service interval"))
            }
            try positive(input.data.serviceMinutes, "service_minutes", max: 1_000_000)
            try positive(input.data.serviceDays, "service_days", max: 36_500)
            if let minutes = input.data.serviceMinutes { model.serviceMinutes = minutes }
            if let days = input.data.serviceDays { model.serviceDays = days }
            if let items = input.data.checklist {
                let checklist = try ChecklistRules.validate(items)
                input.data.checklist = checklist
                model.checklist = checklist
                model.checklistVersion += 1
            }
            change = .model(model)

        default:
            preconditionFailure("\(input.kind) is not a configuration event")
        }
        return Decision(event: stored(input, from: nil, to: nil), changes: [change], judgement: nil)
    }
}
