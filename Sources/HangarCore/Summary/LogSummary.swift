/// What the store's summary tables say about a report period: everything a throughput
/// report needs without reading the log itself. Filled by the store, turned into a
/// report by `ReportBuilder.assemble`. Times are milliseconds since 1970 (UTC).
public struct LogSummary: Sendable {
    /// Every per-day count before the period's end (state and fleet changes before the
    /// period are needed for the counts at bucket ends).
    public var counts: [DayCount] = []
    /// First QC passes in the period: when, and milliseconds since registration.
    public var deliveries: [(at: Int64, milliseconds: Int64)] = []
    /// Restorations completed in the period: the QC pass, and milliseconds since the
    /// `maintenance_open` it closes.
    public var restorations: [(at: Int64, milliseconds: Int64)] = []
    /// The supply group's: every stay in maintenance or awaiting parts that began before the
    /// end and had not ended by the start (in no particular order).
    public var stays: [DowntimeStay] = []
    /// First QC passes in the period that carried items or had a price: when, the items and
    /// the model's ex-works price then (local content).
    public var asBuilt: [(at: Int64, delivery: LocalContent.Delivery)] = []
    /// Compliance events in the period, in log order.
    public var flightsWhileDue = Occurrences()
    public var flightsByUnqualified = Occurrences()
    public var hastyQC = Occurrences()

    // The workshop at the end of the period.
    public var workshopName: String?
    /// Every `workshop_set` with a capacity, in log order.
    public var capacities: [(at: Int64, perYear: Int)] = []
    public var units: [String] = []
    /// The airframes longest in a work state, longest first (ties by serial), at most ten.
    public var oldestWIP: [(serial: String, state: AirframeState, since: Int64)] = []
    /// Serials of the airframes due for service, sorted.
    public var dueForService = IDList()
    /// Airframes with events at or after the end (rebuilt from their history before it),
    /// and those of them due at the end: the store merges these into `dueForService`.
    public var laterSerials: Set<String> = []
    public var dueLater: [String] = []
    /// Per unit: the airframes it holds at the end (not lost or written off, issued to it and
    /// not since returned or passed by QC), and of those the ones ready, training or in service.
    public var heldByUnit: [String: (held: Int, available: Int)] = [:]
    /// Each qualified operator's unit and flight minutes in the 90 days before the end.
    public var qualifiedOperators: [(unit: String, minutesInWindow: Int)] = []

    public init() {}

    /// Whether `a` has been longer in its work state than `b` (earlier start; ties by serial):
    /// the order of `oldestWIP`.
    public static func longerInWork(_ a: (serial: String, state: AirframeState, since: Int64),
                                    _ b: (serial: String, state: AirframeState, since: Int64)) -> Bool {
        a.since != b.since ? a.since < b.since : a.serial < b.serial
    }

    /// `n` airframes (negative: taken out) counted in `unit`'s holdings in `state`: a lost or
    /// written-off one is not held; a unit left holding none is dropped.
    public mutating func hold(_ unit: String, _ state: AirframeState, _ n: Int = 1) {
        guard !state.isTerminal else { return }
        heldByUnit[unit, default: (0, 0)].held += n
        if state.isAvailable { heldByUnit[unit, default: (0, 0)].available += n }
        if heldByUnit[unit]?.held == 0 { heldByUnit[unit] = nil }
    }

    /// Event ids and their times.
    public struct Occurrences: Sendable {
        public var ids = IDList()
        public var at: [Int64] = []
        /// How many of them each airframe has.
        public var bySerial: [String: Int] = [:]
        public init() {}
        public mutating func append(id: some Collection<UInt8>, at t: Int64) {
            ids.append(utf8: id)
            at.append(t)
        }
    }
}
