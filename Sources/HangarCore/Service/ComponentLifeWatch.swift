/// Which flights take off with a component at its life limit (DESIGN §11, §14: component life
/// makes an airframe due, and such a flight counts in `flights_while_due`), for the ways a
/// report is made without the store's projections: fed the non-undone events in log order.
///
/// It follows what the rules do when the events are applied: a flight adds its minutes to
/// every serial piece installed in its airframe and to the batteries it names; the limit is
/// the part's current `life_minutes`; a piece counts until it is removed. Where the followed
/// pieces are kept is the `Pieces` store's business: in memory for a report's pass, in a
/// table on disk for the summaries' rebuild of a national fleet (ten million pieces).
public struct ComponentLifeWatch<Pieces: WatchedPieces> {
    var lifeMinutes: [String: Int] = [:]
    public private(set) var pieces: Pieces
    /// The parts whose pieces are followed on airframes; nil: all. A part that never has a
    /// life limit never makes a flight due, so a reader that knows the whole log's life-limited
    /// parts beforehand may leave the others' pieces out (batteries named on flights are
    /// followed all the same: the flight does not say their part).
    let followed: Set<String>?

    public init(followed parts: Set<String>? = nil, pieces: Pieces) {
        followed = parts
        self.pieces = pieces
    }

    /// Takes one event; for a flight, says whether its airframe carried a piece at its life
    /// as it took off (before the flight's own minutes).
    @discardableResult
    public mutating func apply(_ e: RecordedEvent) throws(Pieces.Failure) -> Bool {
        switch e.body {
        case let .partAdd(definition):
            lifeMinutes[e.subject] = definition.lifeMinutes
        case let .partUpdate(change):
            lifeMinutes[e.subject] = change.lifeMinutes.applied(to: lifeMinutes[e.subject])
        case let .install(installation):
            guard let serial = installation.component, followed?.contains(installation.part) ?? true else { return false }
            try pieces.install(serial, part: installation.part, in: e.subject)
        case let .remove(removal):
            guard let serial = removal.component else { return false }
            try pieces.remove(serial)
        case let .flight(flight):
            let aboard = try pieces.aboard(e.subject)
            let due = aboard.contains { piece in
                guard let limit = lifeMinutes[piece.part] else { return false }
                return piece.minutes >= limit
            }
            // A battery named on the flight and installed as well flies once.
            for serial in Set(aboard.map(\.serial)).union(flight.batteries ?? []) {
                try pieces.add(minutes: flight.minutes, to: serial)
            }
            return due
        default:
            break
        }
        return false
    }
}

extension ComponentLifeWatch: Sendable where Pieces: Sendable {}

extension ComponentLifeWatch where Pieces == WatchedPiecesInMemory {
    public init(followed parts: Set<String>? = nil) { self.init(followed: parts, pieces: WatchedPiecesInMemory()) }
}

/// A piece a `ComponentLifeWatch` follows: its part (empty for a battery known only from the
/// flights that named it) and the minutes it has flown.
public struct WatchedPiece: Equatable, Sendable {
    public var serial: String
    public var part: String
    public var minutes: Int

    public init(serial: String, part: String, minutes: Int) {
        self.serial = serial
        self.part = part
        self.minutes = minutes
    }
}

/// Where a `ComponentLifeWatch` keeps its pieces.
public protocol WatchedPieces {
    associatedtype Failure: Error
    /// The piece is in the airframe now, as a piece of `part`; its minutes so far stay with it.
    mutating func install(_ serial: String, part: String, in airframe: String) throws(Failure)
    /// The piece is in no airframe now (nothing when it is not followed).
    mutating func remove(_ serial: String) throws(Failure)
    /// The pieces installed in the airframe now.
    func aboard(_ airframe: String) throws(Failure) -> [WatchedPiece]
    /// The piece flew `minutes` more; one not followed yet is followed from now, in no airframe
    /// and of no known part.
    mutating func add(minutes: Int, to serial: String) throws(Failure)
}

/// The followed pieces in memory: what a report's pass over one workshop's log holds.
public struct WatchedPiecesInMemory: WatchedPieces, Sendable {
    struct Piece: Sendable {
        var part: String
        var minutes = 0
        var airframe: String?
    }

    var pieces: [String: Piece] = [:]
    var installed: [String: Set<String>] = [:]

    public init() {}

    public mutating func install(_ serial: String, part: String, in airframe: String) {
        if let from = pieces[serial]?.airframe { installed[from]?.remove(serial) }
        pieces[serial, default: Piece(part: part)].airframe = airframe
        pieces[serial]?.part = part
        installed[airframe, default: []].insert(serial)
    }

    public mutating func remove(_ serial: String) {
        guard let from = pieces[serial]?.airframe else { return }
        pieces[serial]?.airframe = nil
        installed[from]?.remove(serial)
    }

    public func aboard(_ airframe: String) -> [WatchedPiece] {
        (installed[airframe] ?? []).sorted().compactMap { serial in
            pieces[serial].map { WatchedPiece(serial: serial, part: $0.part, minutes: $0.minutes) }
        }
    }

    public mutating func add(minutes: Int, to serial: String) {
        pieces[serial, default: Piece(part: "")].minutes += minutes
    }
}
