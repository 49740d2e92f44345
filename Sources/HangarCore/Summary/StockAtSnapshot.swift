/// What the report's stock lists read at the snapshot when the projections hold it (no
/// stock, catalogue, flight or loss event is dated at or after it): the parts' settings,
/// what is on hand, and the pieces that may be near their life or worn. Filled by the store.
public struct StockAtSnapshot: Sendable {
    /// Every part's settings (in force at the snapshot).
    public var parts: [Part] = []
    /// Per part number: pieces in stock (serial-tracked) or the lots' count (lot-tracked).
    public var onHand: [String: Int] = [:]
    /// Every battery and every component at 90% of its life or more, not scrapped and not in
    /// an airframe lost or written off (any order).
    public var pieces: [PieceUse] = []
    /// The workshop's country.
    public var country: String?

    public init() {}
}

/// A piece as the snapshot's lists read it: where it is, and its use before the snapshot.
public struct PieceUse: Equatable, Sendable {
    public var serial: String
    public var part: String
    public var airframe: String?
    public var battery: Bool
    /// Flight minutes.
    public var minutes: Int
    /// Batteries: cycles since the latest check that set the counter.
    public var cycles: Int
    public var capacityMah: Int?

    public init(serial: String, part: String, airframe: String?, battery: Bool, minutes: Int, cycles: Int, capacityMah: Int?) {
        self.serial = serial; self.part = part; self.airframe = airframe; self.battery = battery
        self.minutes = minutes; self.cycles = cycles; self.capacityMah = capacityMah
    }
}
