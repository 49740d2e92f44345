/// Which flights take off with a component at its life limit (DESIGN §11, §14: component life
/// makes an airframe due, and such a flight counts in `flights_while_due`), for the ways a
/// report is made without the store's projections: fed the non-undone events in log order.
///
/// It follows what the rules do when the events are applied: a flight adds its minutes to
/// every serial piece installed in its airframe and to the batteries it names; the limit is
/// the part's current `life_minutes`; a piece counts until it is removed.
public struct ComponentLifeWatch: Sendable {
    struct Piece: Sendable {
        var part: String
        var minutes = 0
        var airframe: String?
    }

    var lifeMinutes: [String: Int] = [:]
    var pieces: [String: Piece] = [:]
    var installed: [String: Set<String>] = [:]
    /// The parts whose pieces are followed on airframes; nil: all. A part that never has a
    /// life limit never makes a flight due, so a reader that knows the whole log's life-limited
    /// parts beforehand may leave the others' pieces out (batteries named on flights are
    /// followed all the same: the flight does not say their part).
    let followed: Set<String>?

    public init(followed parts: Set<String>? = nil) { followed = parts }

    /// Takes one event; for a flight, says whether its airframe carried a piece at its life
    /// as it took off (before the flight's own minutes).
    @discardableResult
    public mutating func apply(_ e: RecordedEvent) -> Bool {
        switch e.body {
        case let .partAdd(definition):
            lifeMinutes[e.subject] = definition.lifeMinutes
        case let .partUpdate(change):
            lifeMinutes[e.subject] = change.lifeMinutes.applied(to: lifeMinutes[e.subject])
        case let .install(installation):
            guard let serial = installation.component, followed?.contains(installation.part) ?? true else { return false }
            pieces[serial, default: Piece(part: installation.part)].airframe = e.subject
            pieces[serial]?.part = installation.part
            installed[e.subject, default: []].insert(serial)
        case let .remove(removal):
            guard let serial = removal.component else { return false }
            pieces[serial]?.airframe = nil
            installed[e.subject]?.remove(serial)
        case let .flight(flight):
            let aboard = installed[e.subject] ?? []
            let due = aboard.contains { serial in
                guard let piece = pieces[serial], let limit = lifeMinutes[piece.part] else { return false }
                return piece.minutes >= limit
            }
            // A battery named on the flight and installed as well flies once.
            for serial in aboard.union(flight.batteries ?? []) {
                pieces[serial, default: Piece(part: "")].minutes += flight.minutes
            }
            return due
        default:
            break
        }
        return false
    }

}
