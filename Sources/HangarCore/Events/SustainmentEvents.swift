/// `part_add`: a part number joins the catalogue (its number is the subject).
public struct PartDefinition: KeyedEventPayload {
    public var name: String
    public var tracking: PartTracking
    public var kind: PartKind
    public var unitCost: Int?
    public var origin: String?
    public var reorderAt: Int?
    public var lifeMinutes: Int?
    public var lifeCycles: Int?
    public var ratedMah: Int?

    public init(name: String, tracking: PartTracking, kind: PartKind, unitCost: Int? = nil, origin: String? = nil,
                reorderAt: Int? = nil, lifeMinutes: Int? = nil, lifeCycles: Int? = nil, ratedMah: Int? = nil) {
        self.name = name; self.tracking = tracking; self.kind = kind; self.unitCost = unitCost; self.origin = origin
        self.reorderAt = reorderAt; self.lifeMinutes = lifeMinutes; self.lifeCycles = lifeCycles; self.ratedMah = ratedMah
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, tracking, kind, unitCost = "unit_cost", origin, reorderAt = "reorder_at"
        case lifeMinutes = "life_minutes", lifeCycles = "life_cycles", ratedMah = "rated_mah"
    }
}

/// `part_update`: what changes; an absent field stays, `null` clears an optional one
/// (`origin` back to `unknown`). Tracking and kind may be repeated, never changed.
public struct PartChange: KeyedEventPayload {
    public var name: String?
    public var tracking: PartTracking?
    public var kind: PartKind?
    public var unitCost: FieldUpdate<Int>
    public var origin: FieldUpdate<String>
    public var reorderAt: FieldUpdate<Int>
    public var lifeMinutes: FieldUpdate<Int>
    public var lifeCycles: FieldUpdate<Int>
    public var ratedMah: FieldUpdate<Int>

    public init(name: String? = nil, tracking: PartTracking? = nil, kind: PartKind? = nil, unitCost: FieldUpdate<Int> = .keep,
                origin: FieldUpdate<String> = .keep, reorderAt: FieldUpdate<Int> = .keep, lifeMinutes: FieldUpdate<Int> = .keep,
                lifeCycles: FieldUpdate<Int> = .keep, ratedMah: FieldUpdate<Int> = .keep) {
        self.name = name; self.tracking = tracking; self.kind = kind; self.unitCost = unitCost; self.origin = origin
        self.reorderAt = reorderAt; self.lifeMinutes = lifeMinutes; self.lifeCycles = lifeCycles; self.ratedMah = ratedMah
    }

    public typealias CodingKeys = PartDefinition.CodingKeys

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        tracking = try c.decodeIfPresent(PartTracking.self, forKey: .tracking)
        kind = try c.decodeIfPresent(PartKind.self, forKey: .kind)
        unitCost = try c.decodeUpdate(Int.self, forKey: .unitCost)
        origin = try c.decodeUpdate(String.self, forKey: .origin)
        reorderAt = try c.decodeUpdate(Int.self, forKey: .reorderAt)
        lifeMinutes = try c.decodeUpdate(Int.self, forKey: .lifeMinutes)
        lifeCycles = try c.decodeUpdate(Int.self, forKey: .lifeCycles)
        ratedMah = try c.decodeUpdate(Int.self, forKey: .ratedMah)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(tracking, forKey: .tracking)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeUpdate(unitCost, forKey: .unitCost)
        try c.encodeUpdate(origin, forKey: .origin)
        try c.encodeUpdate(reorderAt, forKey: .reorderAt)
        try c.encodeUpdate(lifeMinutes, forKey: .lifeMinutes)
        try c.encodeUpdate(lifeCycles, forKey: .lifeCycles)
        try c.encodeUpdate(ratedMah, forKey: .ratedMah)
    }

    public var changesNothing: Bool {
        name == nil && tracking == nil && kind == nil && unitCost.isKeep && origin.isKeep && reorderAt.isKeep
            && lifeMinutes.isKeep && lifeCycles.isKeep && ratedMah.isKeep
    }
}

/// `bom_set`: a new version of a model's bill of materials (the model is the subject).
public struct BOMSetting: KeyedEventPayload {
    public var lines: [BOMLine]
    public var enforced: Bool?
    public init(lines: [BOMLine], enforced: Bool? = nil) { self.lines = lines; self.enforced = enforced }
    public enum CodingKeys: String, CodingKey, CaseIterable { case lines, enforced }
}

/// `stock_receive`: pieces arrive (the part number is the subject). The rules store the
/// resolved origin and cost.
public struct StockReceipt: KeyedEventPayload {
    public var qty: Int
    public var lot: String?
    public var serials: [String]?
    public var origin: String?
    public var unitCost: Int?
    public var supplier: String?
    public var doc: String?

    public init(qty: Int, lot: String? = nil, serials: [String]? = nil, origin: String? = nil, unitCost: Int? = nil,
                supplier: String? = nil, doc: String? = nil) {
        self.qty = qty; self.lot = lot; self.serials = serials; self.origin = origin; self.unitCost = unitCost
        self.supplier = supplier; self.doc = doc
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case qty, lot, serials, origin, unitCost = "unit_cost", supplier, doc
    }
}

/// What a stock adjustment may set a serial piece to.
public enum PieceStatus: String, Codable, Sendable, CaseIterable, StrictEnum {
    case inStock = "in_stock", installed, quarantine, scrapped
    public static var allowedText: String { "status is in_stock, quarantine or scrapped" }
    public init(from decoder: any Decoder) throws {
        let status = try Self.strictlyDecoded(from: decoder)
        guard status != .installed else {
            throw HangarError.invalidValue(field: "status", value: "installed", allowed: Self.allowedText + " (install puts a piece in an airframe)")
        }
        self = status
    }
}

/// `stock_adjust`: a lot's count changes, or a serial piece changes status (the part is the subject).
public struct StockAdjustment: KeyedEventPayload {
    public var lot: String?
    public var qtyDelta: Int?
    public var serial: String?
    public var status: PieceStatus?
    public var reason: String

    public init(lot: String? = nil, qtyDelta: Int? = nil, serial: String? = nil, status: PieceStatus? = nil, reason: String) {
        self.lot = lot; self.qtyDelta = qtyDelta; self.serial = serial; self.status = status; self.reason = reason
    }

    public enum CodingKeys: String, CodingKey, CaseIterable { case lot, qtyDelta = "qty_delta", serial, status, reason }
}

/// Where a removed piece goes.
public enum Disposition: String, Codable, Sendable, CaseIterable, StrictEnum {
    case stock, quarantine, scrap
    public static var allowedText: String { "disposition is stock, quarantine or scrap" }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// `install`: a component or a lot quantity goes into the airframe (the subject).
public struct Installation: KeyedEventPayload {
    public var part: String
    public var component: String?
    public var lot: String?
    public var qty: Int?
    public var position: String?
    public var offBOM: String?

    public init(part: String, component: String? = nil, lot: String? = nil, qty: Int? = nil, position: String? = nil, offBOM: String? = nil) {
        self.part = part; self.component = component; self.lot = lot; self.qty = qty; self.position = position; self.offBOM = offBOM
    }

    public enum CodingKeys: String, CodingKey, CaseIterable { case part, component, lot, qty, position, offBOM = "off_bom" }

    /// The number of items it installs: 1 for a component.
    public var count: Int { component != nil ? 1 : qty ?? 0 }
}

/// `remove`: a component or a lot quantity comes out of the airframe (the subject).
public struct Removal: KeyedEventPayload {
    public var part: String
    public var component: String?
    public var lot: String?
    public var qty: Int?
    public var disposition: Disposition
    public var reason: String

    public init(part: String, component: String? = nil, lot: String? = nil, qty: Int? = nil, disposition: Disposition, reason: String) {
        self.part = part; self.component = component; self.lot = lot; self.qty = qty; self.disposition = disposition; self.reason = reason
    }

    public enum CodingKeys: String, CodingKey, CaseIterable { case part, component, lot, qty, disposition, reason }

    public var count: Int { component != nil ? 1 : qty ?? 0 }
}

/// `battery_check`: a battery's measured capacity, and its own cycle counter if it has one
/// (the battery's serial is the subject).
public struct BatteryCheck: KeyedEventPayload {
    public var capacityMah: Int
    public var cycles: Int?
    public init(capacityMah: Int, cycles: Int? = nil) { self.capacityMah = capacityMah; self.cycles = cycles }
    public enum CodingKeys: String, CodingKey, CaseIterable { case capacityMah = "capacity_mah", cycles }
}

/// `assembled`: the BOM version the airframe was built against (computed; `null` without a
/// BOM). An imported line may give it (then it must agree, `null` included) or leave it out.
public struct Assembly: KeyedEventPayload {
    /// `nil`: not given; `.some(nil)`: no BOM.
    public var bomVersion: Int??

    public init(bomVersion: Int?? = nil) { self.bomVersion = bomVersion }

    public enum CodingKeys: String, CodingKey, CaseIterable { case bomVersion = "bom_version" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decodeUpdate(Int.self, forKey: .bomVersion) {
        case .keep: bomVersion = nil
        case .clear: bomVersion = .some(nil)
        case let .set(v): bomVersion = .some(v)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch bomVersion {
        case .none: break
        case .some(.none): try c.encodeNil(forKey: .bomVersion)
        case let .some(.some(v)): try c.encode(v, forKey: .bomVersion)
        }
    }
}
