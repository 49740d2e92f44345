import HangarCore

/// A catalogue entry.
public struct PartJSON: Encodable, Sendable {
    public var part: Part
    public init(_ part: Part) { self.part = part }
    enum CodingKeys: String, CodingKey {
        case part, name, tracking, kind, unitCost = "unit_cost", origin, reorderAt = "reorder_at"
        case lifeMinutes = "life_minutes", lifeCycles = "life_cycles", ratedMah = "rated_mah"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(part.number, forKey: .part)
        try c.encode(part.name, forKey: .name)
        try c.encode(part.tracking.rawValue, forKey: .tracking)
        try c.encode(part.kind.rawValue, forKey: .kind)
        try c.encode(part.unitCost, forKey: .unitCost)
        try c.encode(part.origin, forKey: .origin)
        try c.encode(part.reorderAt, forKey: .reorderAt)
        try c.encode(part.lifeMinutes, forKey: .lifeMinutes)
        try c.encode(part.lifeCycles, forKey: .lifeCycles)
        try c.encode(part.ratedMah, forKey: .ratedMah)
    }
}

/// A BOM version.
public struct BOMJSON: Encodable, Sendable {
    public var bom: BOM
    public init(_ bom: BOM) { self.bom = bom }
    enum CodingKeys: String, CodingKey { case model, version, enforced, lines }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bom.model, forKey: .model)
        try c.encode(bom.version, forKey: .version)
        try c.encode(bom.enforced, forKey: .enforced)
        try c.encode(bom.lines, forKey: .lines)
    }
}

/// `stock list --json`: `{part, name, tracking, kind, on_hand, reorder_at, low}` and the advice.
public struct StockJSON: Encodable, Sendable {
    public var level: StockLevel
    public init(_ level: StockLevel) { self.level = level }
    enum CodingKeys: String, CodingKey {
        case part, name, tracking, kind, onHand = "on_hand", quarantined, reorderAt = "reorder_at", low
        case weeklyUse = "weekly_use", weeksOfCover = "weeks_of_cover"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let p = level.part
        try c.encode(p.number, forKey: .part)
        try c.encode(p.name, forKey: .name)
        try c.encode(p.tracking.rawValue, forKey: .tracking)
        try c.encode(p.kind.rawValue, forKey: .kind)
        try c.encode(level.onHand, forKey: .onHand)
        try c.encode(level.quarantined, forKey: .quarantined)
        try c.encode(p.reorderAt, forKey: .reorderAt)
        try c.encode(level.low, forKey: .low)
        try c.encode(level.weeklyUse, forKey: .weeklyUse)
        try c.encode(level.weeksOfCover, forKey: .weeksOfCover)
    }
}

/// One install interval of a component.
struct IntervalJSON: Encodable {
    var span: Genealogy.Span
    enum CodingKeys: String, CodingKey { case airframe, installedAt = "installed_at", removedAt = "removed_at", minutes }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(span.airframe, forKey: .airframe)
        try c.encode(span.installedAt.iso8601, forKey: .installedAt)
        try c.encode(span.removedAt?.iso8601, forKey: .removedAt)
        try c.encode(span.minutes, forKey: .minutes)
    }
}

/// `component show --json`.
public struct ComponentJSON: Encodable, Sendable {
    public var view: ComponentView
    public init(_ view: ComponentView) { self.view = view }
    enum CodingKeys: String, CodingKey {
        case serial, part, status, airframe, position, offBOM = "off_bom", lot, origin, unitCost = "unit_cost"
        case receivedAt = "received_at", flightMinutes = "flight_minutes", cycles, health, capacityMah = "capacity_mah", intervals
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let p = view.piece
        try c.encode(p.serial, forKey: .serial)
        try c.encode(p.part, forKey: .part)
        try c.encode(p.status.rawValue, forKey: .status)
        try c.encode(p.airframe, forKey: .airframe)
        try c.encode(p.position, forKey: .position)
        try c.encode(p.offBOM, forKey: .offBOM)
        try c.encode(p.lot, forKey: .lot)
        try c.encode(p.origin, forKey: .origin)
        try c.encode(p.unitCost, forKey: .unitCost)
        try c.encode(p.receivedAt.iso8601, forKey: .receivedAt)
        try c.encode(p.flightMinutes, forKey: .flightMinutes)
        try c.encode(p.battery ? p.cycles : nil, forKey: .cycles)
        try c.encode(view.health, forKey: .health)
        try c.encode(p.battery ? p.capacityMah : nil, forKey: .capacityMah)
        try c.encode(view.intervals.map(IntervalJSON.init), forKey: .intervals)
    }
}

/// `recall --json`: `{serial, state, unit, installed_at, removed_at, qty}`.
public struct RecallJSON: Encodable, Sendable {
    public var row: RecallRow
    public init(_ row: RecallRow) { self.row = row }
    enum CodingKeys: String, CodingKey { case serial, state, unit, installedAt = "installed_at", removedAt = "removed_at", qty }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(row.serial, forKey: .serial)
        try c.encode(row.state?.rawValue, forKey: .state)
        try c.encode(row.unit, forKey: .unit)
        try c.encode(row.installedAt.iso8601, forKey: .installedAt)
        try c.encode(row.removedAt?.iso8601, forKey: .removedAt)
        try c.encode(row.qty, forKey: .qty)
    }
}

/// An installed piece or lot quantity, on the airframe's JSON.
struct InstalledJSON: Encodable {
    var part: String
    var component: String?
    var lot: String?
    var qty: Int
    var position: String?
    var offBOM: Bool
    var flightMinutes: Int?
    enum CodingKeys: String, CodingKey { case part, component, lot, qty, position, offBOM = "off_bom", flightMinutes = "flight_minutes" }
}

/// `{count_share, cost_share, value_share, unknown_share}` (management indicators, not a certificate of origin).
struct LocalContentJSON: Encodable {
    var content: LocalContent
    init(_ content: LocalContent) { self.content = content }
    enum CodingKeys: String, CodingKey { case countShare = "count_share", costShare = "cost_share", valueShare = "value_share", unknownShare = "unknown_share" }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(content.countShare, forKey: .countShare)
        try c.encode(content.costShare, forKey: .costShare)
        try c.encode(content.valueShare, forKey: .valueShare)
        try c.encode(content.unknownShare, forKey: .unknownShare)
    }
}
