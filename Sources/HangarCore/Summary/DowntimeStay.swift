/// One stay of an airframe in `maintenance` or `awaiting_parts` (NMCM and NMCS time,
/// DESIGN §11), as the summaries keep it: from the event that moved the airframe in to the
/// one that moved it out (nil while it is still there). Times are milliseconds since 1970.
public struct DowntimeStay: Equatable, Sendable {
    public var serial: String
    public var state: AirframeState
    public var since: Int64
    public var until: Int64?
    /// `awaiting_parts`: the part awaited, and whether it was a catalogued part number when
    /// the wait was recorded.
    public var part: String?
    public var catalogued: Bool

    public init(serial: String, state: AirframeState, since: Int64, until: Int64?, part: String?, catalogued: Bool) {
        self.serial = serial; self.state = state; self.since = since; self.until = until; self.part = part; self.catalogued = catalogued
    }

    /// The states a stay is kept for.
    public static let states: Set<AirframeState> = [.maintenance, .awaitingParts]

    /// What an airframe event does to the stays, given the state before it: whether it ends
    /// the open stay, and the stay it begins (its state and the part awaited). Nil when it
    /// changes no state. The store's writes and its rebuild both follow this.
    public static func change(_ e: RecordedEvent, from: AirframeState?) -> (ends: Bool, begins: (state: AirframeState, part: String?)?)? {
        guard let from, let to = e.toState.flatMap(AirframeState.init(rawValue:)), from != to else { return nil }
        var part: String?
        if case let .awaitParts(wait) = e.body { part = wait.part }
        return (states.contains(from), states.contains(to) ? (to, part) : nil)
    }
}
