/// One serial-tracked piece (a component or a battery): where it is and how much it has
/// flown. A projection of the non-undone events that name it (`PieceLifecycle`).
public struct Piece: Equatable, Sendable {
    public var serial: String
    public var part: String
    public var battery: Bool
    public var status: PieceStatus
    /// The airframe it is installed in.
    public var airframe: String?
    /// Installed with an `off_bom` reason (never satisfies a BOM line).
    public var offBOM: Bool
    public var position: String?
    /// The receipt's lot, if it gave one.
    public var lot: String?
    public var origin: String
    public var unitCost: Int?
    /// The id of its `stock_receive`.
    public var receiptID: String
    public var receivedAt: Timestamp
    public var flightMinutes: Int
    /// Batteries: the cycle count (reset by a check that gives `cycles`).
    public var cycles: Int
    /// Batteries: the latest check's measured capacity.
    public var capacityMah: Int?
    /// The latest `occurred_at` of any event naming it, undone ones and undos included.
    public var lastEventAt: Timestamp

    public init(serial: String, part: String, battery: Bool, status: PieceStatus, airframe: String? = nil, offBOM: Bool = false,
                position: String? = nil, lot: String?, origin: String, unitCost: Int?, receiptID: String, receivedAt: Timestamp,
                flightMinutes: Int = 0, cycles: Int = 0, capacityMah: Int? = nil, lastEventAt: Timestamp) {
        self.serial = serial; self.part = part; self.battery = battery; self.status = status; self.airframe = airframe
        self.offBOM = offBOM; self.position = position; self.lot = lot; self.origin = origin; self.unitCost = unitCost
        self.receiptID = receiptID; self.receivedAt = receivedAt; self.flightMinutes = flightMinutes; self.cycles = cycles
        self.capacityMah = capacityMah; self.lastEventAt = lastEventAt
    }

    /// State of health: the latest check's capacity over the part's rating; nil when either is missing.
    public func health(ratedMah: Int?) -> Double? {
        battery ? Self.health(capacityMah: capacityMah, ratedMah: ratedMah) : nil
    }

    /// A battery's measured capacity over its rating; nil when either is missing.
    public static func health(capacityMah: Int?, ratedMah: Int?) -> Double? {
        guard let capacityMah, let ratedMah, ratedMah > 0 else { return nil }
        return Double(capacityMah) / Double(ratedMah)
    }
}

/// A lot of a part: one receipt. Lot-tracked parts count their pieces here; a serial
/// receipt's lot only names its pieces (its `onHand` stays 0).
public struct Lot: Equatable, Sendable {
    public var part: String
    public var lot: String
    public var origin: String
    public var unitCost: Int?
    public var receiptID: String
    public var receivedAt: Timestamp
    /// In stock now (lot-tracked parts).
    public var onHand: Int
    public var lastEventAt: Timestamp

    public init(part: String, lot: String, origin: String, unitCost: Int?, receiptID: String, receivedAt: Timestamp, onHand: Int, lastEventAt: Timestamp) {
        self.part = part; self.lot = lot; self.origin = origin; self.unitCost = unitCost; self.receiptID = receiptID
        self.receivedAt = receivedAt; self.onHand = onHand; self.lastEventAt = lastEventAt
    }
}

/// How much of one lot an airframe holds.
public struct LotHolding: Equatable, Sendable {
    public var airframe: String
    public var part: String
    public var lot: String
    public var qty: Int
    /// Of `qty`, installed off the BOM.
    public var offBOMQty: Int

    public init(airframe: String, part: String, lot: String, qty: Int, offBOMQty: Int) {
        self.airframe = airframe; self.part = part; self.lot = lot; self.qty = qty; self.offBOMQty = offBOMQty
    }
}

/// A piece, lot or part an event names besides its subject: the index by which a piece's,
/// a lot's or a part's stock history is read back (for undo, component pages and recall).
public enum Mention: Hashable, Sendable, Comparable {
    case piece(String)
    case lot(part: String, lot: String)
    /// A part's stock events (receipts and adjustments).
    case part(String)

    /// The text stored in the `mentions` table.
    public var key: String {
        switch self {
        case let .piece(serial): return "c " + serial
        case let .lot(part, lot): return "l " + part + " " + lot
        case let .part(number): return "p " + number
        }
    }

    public init?(key: String) {
        let fields = key.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch (fields.first, fields.count) {
        case ("c", 2): self = .piece(fields[1])
        case ("l", 3): self = .lot(part: fields[1], lot: fields[2])
        case ("p", 2): self = .part(fields[1])
        default: return nil
        }
    }
}
