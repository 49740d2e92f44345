/// How pieces of a part are counted: each with its own serial, or by receipt lot.
public enum PartTracking: String, Codable, Sendable, CaseIterable, StrictEnum {
    case serial, lot
    public static var allowedText: String { "tracking is serial or lot" }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// What a part is: a component, a battery (a serial-tracked component with cycles), or a consumable.
public enum PartKind: String, Codable, Sendable, CaseIterable, StrictEnum {
    case component, battery, consumable
    public static var allowedText: String { "kind is component, battery or consumable" }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// A part number of the catalogue, with its current settings (DESIGN §11).
public struct Part: Equatable, Sendable {
    public var number: String
    public var name: String
    public var tracking: PartTracking
    public var kind: PartKind
    /// Default cost of a piece, in minor units of the workshop's currency.
    public var unitCost: Int?
    /// Default origin: an ISO 3166-1 alpha-2 code, or `unknown`.
    public var origin: String
    public var reorderAt: Int?
    public var lifeMinutes: Int?
    public var lifeCycles: Int?
    public var ratedMah: Int?
    /// The latest `occurred_at` of its stock events (receipts, adjustments, their undos).
    public var lastStockEventAt: Timestamp?

    public init(number: String, name: String, tracking: PartTracking, kind: PartKind, unitCost: Int? = nil,
                origin: String = Origin.unknown, reorderAt: Int? = nil, lifeMinutes: Int? = nil,
                lifeCycles: Int? = nil, ratedMah: Int? = nil, lastStockEventAt: Timestamp? = nil) {
        self.number = number; self.name = name; self.tracking = tracking; self.kind = kind; self.unitCost = unitCost
        self.origin = origin; self.reorderAt = reorderAt; self.lifeMinutes = lifeMinutes; self.lifeCycles = lifeCycles
        self.ratedMah = ratedMah; self.lastStockEventAt = lastStockEventAt
    }

    public var isBattery: Bool { kind == .battery }
}

/// Where a piece or lot comes from.
public enum Origin {
    public static let unknown = "unknown"

    /// `unknown` in any case, or two letters upper-cased (S26).
    public static func parse(_ raw: String, field: String = "origin") throws -> String {
        if raw.lowercased() == unknown { return unknown }
        return try country(raw, field: field)
    }

    /// An ISO 3166-1 alpha-2 code: two letters, upper-cased.
    public static func country(_ raw: String, field: String = "country") throws -> String {
        let code = raw.uppercased()
        guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw HangarError.invalidValue(
                field: field, value: Names.printable(raw),
                allowed: field == "origin" ? "an origin is two letters (ISO 3166-1, e.g. KZ) or unknown"
                    : "a country is two letters (ISO 3166-1, e.g. KZ)")
        }
        return code
    }

    /// An ISO 4217 currency: three letters, upper-cased.
    public static func currency(_ raw: String) throws -> String {
        let code = raw.uppercased()
        guard code.utf8.count == 3, code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw HangarError.invalidValue(field: "currency", value: Names.printable(raw), allowed: "a currency is three letters (ISO 4217, e.g. KZT)")
        }
        return code
    }
}

extension Names {
    /// A part number: 1–64 printable ASCII characters without spaces, exact case.
    public static func partNumber(_ raw: String) throws -> String {
        guard !raw.isEmpty, raw.utf8.count <= 64, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3C && $0 != 0x3E }) else {
            throw HangarError.invalidValue(
                field: "part", value: printable(raw),
                allowed: "a part number is 1-64 printable ASCII characters without spaces, '<' or '>' (exact case, e.g. MOTOR-2207)")
        }
        try notDotsAlone(raw, field: "part")
        return raw
    }

    /// A lot id: follows the serial rules (upper-cased).
    public static func lot(_ raw: String) throws -> String {
        do { return try serial(raw) } catch {
            throw HangarError.invalidValue(field: "lot", value: printable(raw), allowed: "a lot is 1-32 characters of A-Z, 0-9, '-', '_' and '.'")
        }
    }
}
