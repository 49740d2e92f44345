import HangarCore

/// Hours an airframe waited for one part (by its text; `catalogued` when it was a known part number).
public struct PartWait: Equatable, Sendable {
    public var part: String
    public var catalogued: Bool
    public var airframes: Int
    public var hours: Double
}

public struct PartQuantity: Equatable, Sendable {
    public var part: String
    public var qty: Int
}

/// The `supply` group of a bucket or of the totals.
public struct SupplyMetrics: Equatable, Sendable {
    public var localContent: LocalContent?
    /// Hours airframes spent in `maintenance` (not mission capable, maintenance).
    public var nmcmHours = 0.0
    /// Hours airframes spent in `awaiting_parts` (not mission capable, supply).
    public var nmcsHours = 0.0
    public var awaitingPartsByPart: [PartWait] = []
    /// Installs minus removals back to stock.
    public var partsConsumed: [PartQuantity] = []
}

public struct LowStock: Equatable, Sendable {
    public var part: String
    public var onHand: Int
    public var reorderAt: Int
    public var weeksOfCover: Double?
}

public struct LifeLimited: Equatable, Sendable {
    public var serial: String
    public var part: String
    public var airframe: String?
    /// `minutes` or `cycles`.
    public var measure: String
    public var used: Int
    public var limit: Int
}

public struct WornBattery: Equatable, Sendable {
    public var serial: String
    public var part: String
    public var cycles: Int
    public var health: Double?
}

/// Sustainment over the report's period: per bucket, in totals, and at the snapshot.
public struct SupplyReport: Equatable, Sendable {
    public var buckets: [SupplyMetrics]
    public var totals: SupplyMetrics
    public var lowStock: [LowStock]
    public var lifeLimitedDue: [LifeLimited]
    public var batteriesWorn: [WornBattery]
}
