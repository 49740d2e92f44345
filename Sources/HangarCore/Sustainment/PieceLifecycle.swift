/// A piece's record as a fold over the non-undone events that name it (its receipt,
/// adjustments, installs, removals, the flights it flew on, battery checks). The ledger
/// applies one event with `evolve`; an undo replays the rest with `replay`.
public enum PieceLifecycle {
    /// The piece `serial` as its receipt makes it, for a caller that takes the serial from the
    /// receipt itself (a receipt of thousands of serials is not searched once per serial).
    public static func received(_ serial: String, battery: Bool, _ event: RecordedEvent, _ receipt: StockReceipt) -> Piece {
        Piece(serial: serial, part: event.subject, battery: battery, status: .inStock, lot: receipt.lot,
              origin: receipt.origin ?? Origin.unknown, unitCost: receipt.unitCost, receiptID: event.id,
              receivedAt: event.occurredAt, lastEventAt: event.occurredAt)
    }

    /// Applies an accepted event to the piece `serial` (nil before its receipt).
    public static func evolve(_ piece: Piece?, serial: String, battery: Bool, _ event: RecordedEvent) -> Piece? {
        let t = event.occurredAt
        if case let .stockReceive(receipt) = event.body {
            guard receipt.serials?.contains(serial) == true else { return piece }
            return received(serial, battery: battery, event, receipt)
        }
        guard var p = piece else { return nil }
        switch event.body {
        case let .stockAdjust(adjustment) where adjustment.serial == serial:
            if let status = adjustment.status { p.status = status }
        case let .install(installation) where installation.component == serial:
            p.status = .installed
            p.airframe = event.subject
            p.offBOM = installation.offBOM != nil
            p.position = installation.position
        case let .remove(removal) where removal.component == serial:
            p.status = removal.disposition.pieceStatus
            p.airframe = nil
            p.offBOM = false
            p.position = nil
        case let .flight(flight):
            p.flightMinutes += flight.minutes
            if p.battery { p.cycles += 1 }
        case let .batteryCheck(check) where event.subject == serial:
            p.capacityMah = check.capacityMah
            if let cycles = check.cycles { p.cycles = cycles }
        default:
            break
        }
        if t > p.lastEventAt { p.lastEventAt = t }
        return p
    }

    /// The piece after these events (log order); nil when they hold no receipt.
    public static func replay(serial: String, battery: Bool, _ events: [RecordedEvent]) -> Piece? {
        events.reduce(nil as Piece?) { evolve($0, serial: serial, battery: battery, $1) }
    }
}

extension Disposition {
    /// The status a removed piece takes.
    public var pieceStatus: PieceStatus {
        switch self {
        case .stock: return .inStock
        case .quarantine: return .quarantine
        case .scrap: return .scrapped
        }
    }
}

/// A lot's count as a fold over the non-undone events that name it.
public enum LotLedger {
    /// How an event changes the lot's on-hand count (lot-tracked parts).
    public static func onHandDelta(_ event: RecordedEvent, part: String, lot: String) -> Int {
        switch event.body {
        case let .stockReceive(r) where event.subject == part && r.lot == lot && r.serials == nil: return r.qty
        case let .stockAdjust(a) where event.subject == part && a.lot == lot: return a.qtyDelta ?? 0
        case let .install(i) where i.part == part && i.lot == lot && i.component == nil: return -(i.qty ?? 0)
        case let .remove(r) where r.part == part && r.lot == lot && r.component == nil && r.disposition == .stock: return r.qty ?? 0
        default: return 0
        }
    }

    /// The lot after these events; nil when they hold no receipt. `firstNegative` is the
    /// first event after which the count would be below zero (an undo that would do so is refused).
    public static func replay(part: String, lot: String, _ events: [RecordedEvent]) -> (lot: Lot?, firstNegative: RecordedEvent?) {
        var result: Lot?
        var negative: RecordedEvent?
        for event in events {
            if case let .stockReceive(r) = event.body, event.subject == part, r.lot == lot {
                result = Lot(part: part, lot: lot, origin: r.origin ?? Origin.unknown, unitCost: r.unitCost, receiptID: event.id,
                             receivedAt: event.occurredAt, onHand: r.serials == nil ? r.qty : 0, lastEventAt: event.occurredAt)
                continue
            }
            guard var l = result else { continue }
            l.onHand += onHandDelta(event, part: part, lot: lot)
            if event.occurredAt > l.lastEventAt { l.lastEventAt = event.occurredAt }
            if l.onHand < 0 && negative == nil { negative = event }
            result = l
        }
        return (result, negative)
    }

    /// How much of the lot `airframe` holds after these events (the lot's events, log order).
    /// A removal takes the off-BOM quantity first.
    public static func holding(airframe: String, part: String, lot: String, _ events: [RecordedEvent]) -> LotHolding {
        var h = LotHolding(airframe: airframe, part: part, lot: lot, qty: 0, offBOMQty: 0)
        for event in events where event.subject == airframe { h = apply(h, event) }
        return h
    }

    /// One event's change to a holding.
    public static func apply(_ holding: LotHolding, _ event: RecordedEvent) -> LotHolding {
        var h = holding
        switch event.body {
        case let .install(i) where i.part == h.part && i.lot == h.lot && i.component == nil:
            let n = i.qty ?? 0
            h.qty += n
            if i.offBOM != nil { h.offBOMQty += n }
        case let .remove(r) where r.part == h.part && r.lot == h.lot && r.component == nil:
            let n = r.qty ?? 0
            h.offBOMQty -= min(h.offBOMQty, n)
            h.qty -= n
        default:
            break
        }
        return h
    }
}
