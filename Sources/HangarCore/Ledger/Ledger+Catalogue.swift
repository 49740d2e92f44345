/// The catalogue and BOM rules (DESIGN §11, §14): `part_add`, `part_update`, `bom_set`.
extension Ledger {
    static func decidePartAdd(_ input: inout EventInput, _ definition: PartDefinition, reader: some LedgerReader) throws -> [LedgerChange] {
        func reject(_ rule: Rule) -> HangarError { .rejected(event: input.kind.rawValue, subject: input.subject, rule: rule) }
        input.subject = try Names.partNumber(input.subject)
        guard try reader.part(input.subject) == nil else { throw reject(.partExists(input.subject)) }
        var d = definition
        d.name = try Names.name(d.name, field: "name")
        if let origin = d.origin { d.origin = try Origin.parse(origin) }
        var part = Part(number: input.subject, name: d.name, tracking: d.tracking, kind: d.kind, unitCost: d.unitCost,
                        origin: d.origin ?? Origin.unknown, reorderAt: d.reorderAt, lifeMinutes: d.lifeMinutes,
                        lifeCycles: d.lifeCycles, ratedMah: d.ratedMah)
        try checkSettings(&part, input)
        input.body = .partAdd(d)
        return [.part(part)] + (try costRecorded(d.unitCost != nil, reader: reader))
    }

    static func decidePartUpdate(_ input: inout EventInput, _ change: PartChange, reader: some LedgerReader) throws -> [LedgerChange] {
        func reject(_ rule: Rule) -> HangarError { .rejected(event: input.kind.rawValue, subject: input.subject, rule: rule) }
        guard var part = try reader.part(input.subject) else { throw HangarError.notFound(what: "part", name: input.subject) }
        var c = change
        guard !c.changesNothing else { throw reject(.nothingToChange(what: "a new name or setting (--name, --cost, --origin, --reorder-at, --life-minutes, --life-cycles, --rated-mah)")) }
        if let tracking = c.tracking, tracking != part.tracking { throw reject(.partFixed(field: "tracking", was: part.tracking.rawValue)) }
        if let kind = c.kind, kind != part.kind { throw reject(.partFixed(field: "kind", was: part.kind.rawValue)) }
        if let name = c.name {
            c.name = try Names.name(name, field: "name")
            part.name = c.name!
        }
        if case let .set(origin) = c.origin {
            c.origin = .set(try Origin.parse(origin))
        }
        part.origin = c.origin.applied(to: part.origin) ?? Origin.unknown
        part.unitCost = c.unitCost.applied(to: part.unitCost)
        part.reorderAt = c.reorderAt.applied(to: part.reorderAt)
        part.lifeMinutes = c.lifeMinutes.applied(to: part.lifeMinutes)
        part.lifeCycles = c.lifeCycles.applied(to: part.lifeCycles)
        part.ratedMah = c.ratedMah.applied(to: part.ratedMah)
        try checkSettings(&part, input)
        input.body = .partUpdate(c)
        return [.part(part)] + (try costRecorded(c.unitCost.value != nil, reader: reader))
    }

    /// The settings a part's tracking and kind take, and their ranges (S34, S35).
    static func checkSettings(_ part: inout Part, _ input: EventInput) throws {
        func reject(_ rule: Rule) -> HangarError { .rejected(event: input.kind.rawValue, subject: input.subject, rule: rule) }
        if part.kind == .battery && part.tracking != .serial {
            throw reject(.settingNotForPart(field: "kind battery", tracking: part.tracking, kind: part.kind))
        }
        if part.lifeMinutes != nil && part.tracking != .serial {
            throw reject(.settingNotForPart(field: "life_minutes", tracking: part.tracking, kind: part.kind))
        }
        if part.lifeCycles != nil && part.kind != .battery {
            throw reject(.settingNotForPart(field: "life_cycles", tracking: part.tracking, kind: part.kind))
        }
        if part.ratedMah != nil && part.kind != .battery {
            throw reject(.settingNotForPart(field: "rated_mah", tracking: part.tracking, kind: part.kind))
        }
        try range(part.unitCost, "unit_cost", 0...1_000_000_000_000)
        try range(part.reorderAt, "reorder_at", 0...100_000_000)
        try range(part.lifeMinutes, "life_minutes", 1...100_000_000)
        try range(part.lifeCycles, "life_cycles", 1...1_000_000)
        try range(part.ratedMah, "rated_mah", 1...10_000_000)
    }

    static func range(_ value: Int?, _ field: String, _ allowed: ClosedRange<Int>) throws {
        if let value, !allowed.contains(value) {
            throw HangarError.invalidValue(field: field, value: String(value), allowed: "give a whole number from \(allowed.lowerBound) to \(allowed.upperBound)")
        }
    }

    /// The workshop change that marks a cost as recorded (the currency is then fixed).
    static func costRecorded(_ given: Bool, reader: some LedgerReader) throws -> [LedgerChange] {
        guard given else { return [] }
        var workshop = try reader.workshop()
        guard !workshop.costRecorded else { return [] }
        workshop.costRecorded = true
        return [.workshop(workshop)]
    }

    static func decideBOMSet(_ input: inout EventInput, _ setting: BOMSetting, reader: some LedgerReader) throws -> [LedgerChange] {
        guard try reader.model(input.subject) != nil else { throw HangarError.notFound(what: "model", name: input.subject) }
        var s = setting
        s.lines = try BOMRules.validate(s.lines)
        for line in s.lines where try reader.part(line.part) == nil {
            throw HangarError.notFound(what: "part", name: line.part)
        }
        let version = (try reader.bom(input.subject)?.version ?? 0) + 1
        input.body = .bomSet(s)
        return [.bom(BOM(model: input.subject, version: version, lines: s.lines, enforced: s.enforced ?? false))]
    }
}
