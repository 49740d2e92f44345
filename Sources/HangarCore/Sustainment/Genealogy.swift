/// Which airframes a piece or a lot has been in, and when: read back from the events that
/// name it (DESIGN §11, §14 "recall").
public enum Genealogy {
    /// One unbroken span in which an airframe held the piece, or more than 0 of the lot.
    public struct Span: Equatable, Sendable {
        public var airframe: String
        public var installedAt: Timestamp
        /// Nil while it is still held.
        public var removedAt: Timestamp?
        /// Held now (0 on a closed span).
        public var qty: Int
        /// For a component: flight minutes applied while it was installed.
        public var minutes: Int
        /// The piece, when the span is of one piece.
        public var serial: String?

        public init(airframe: String, installedAt: Timestamp, removedAt: Timestamp?, qty: Int, minutes: Int, serial: String?) {
            self.airframe = airframe; self.installedAt = installedAt; self.removedAt = removedAt
            self.qty = qty; self.minutes = minutes; self.serial = serial
        }
    }

    /// A change in how much of something an airframe holds, in log order.
    public struct Change: Sendable {
        public var airframe: String
        public var at: Timestamp
        public var delta: Int
        public var order: Int64
        public init(airframe: String, at: Timestamp, delta: Int, order: Int64) {
            self.airframe = airframe; self.at = at; self.delta = delta; self.order = order
        }
    }

    /// A piece's install intervals, with the minutes of the flights it flew on while installed.
    public static func intervals(of serial: String, _ events: [RecordedEvent]) -> [Span] {
        var spans: [Span] = []
        var open: Int?
        for event in events {
            switch event.body {
            case let .install(i) where i.component == serial:
                spans.append(Span(airframe: event.subject, installedAt: event.occurredAt, removedAt: nil, qty: 1, minutes: 0, serial: serial))
                open = spans.count - 1
            case let .remove(r) where r.component == serial:
                if let o = open { spans[o].removedAt = event.occurredAt; spans[o].qty = 0 }
                open = nil
            case let .flight(f):
                if let o = open, spans[o].airframe == event.subject { spans[o].minutes += f.minutes }
            default:
                break
            }
        }
        return spans
    }

    /// The changes a piece's or lot's events make to what each airframe holds of it.
    public static func changes(ofPiece serial: String, _ events: [RecordedEvent]) -> [Change] {
        events.compactMap { event in
            switch event.body {
            case let .install(i) where i.component == serial: return Change(airframe: event.subject, at: event.occurredAt, delta: 1, order: event.seq)
            case let .remove(r) where r.component == serial: return Change(airframe: event.subject, at: event.occurredAt, delta: -1, order: event.seq)
            default: return nil
            }
        }
    }

    public static func changes(ofLot part: String, lot: String, _ events: [RecordedEvent]) -> [Change] {
        events.compactMap { event in
            switch event.body {
            case let .install(i) where i.part == part && i.lot == lot && i.component == nil:
                return Change(airframe: event.subject, at: event.occurredAt, delta: i.qty ?? 0, order: event.seq)
            case let .remove(r) where r.part == part && r.lot == lot && r.component == nil:
                return Change(airframe: event.subject, at: event.occurredAt, delta: -(r.qty ?? 0), order: event.seq)
            default: return nil
            }
        }
    }

    /// Spans from changes (sorted by `order` first): a span opens when an airframe's holding
    /// rises from 0 and ends whenever it drops to 0, even if refilled at the same instant.
    public static func spans(_ changes: [Change]) -> [Span] {
        var held: [String: Int] = [:]
        var open: [String: Int] = [:]
        var spans: [Span] = []
        for change in changes.sorted(by: { $0.order < $1.order }) {
            let before = held[change.airframe] ?? 0
            let after = before + change.delta
            held[change.airframe] = after
            if before <= 0 && after > 0 {
                spans.append(Span(airframe: change.airframe, installedAt: change.at, removedAt: nil, qty: after, minutes: 0, serial: nil))
                open[change.airframe] = spans.count - 1
            } else if let o = open[change.airframe] {
                if after <= 0 {
                    spans[o].removedAt = change.at
                    spans[o].qty = 0
                    open[change.airframe] = nil
                } else {
                    spans[o].qty = after
                }
            }
        }
        return spans
    }
}
