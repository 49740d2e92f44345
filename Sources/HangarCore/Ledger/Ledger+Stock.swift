/// The stock rules (DESIGN §11, §14): receipts, adjustments and battery checks.
extension Ledger {
    /// Where a piece is, in words (for refusals).
    static func whereabouts(_ piece: Piece?) -> String {
        guard let piece else { return "unknown: no stock_receive names it (receive it first)" }
        switch piece.status {
        case .inStock: return "in stock"
        case .installed: return "installed in airframe \(piece.airframe ?? "?")"
        case .quarantine: return "quarantined"
        case .scrapped: return "scrapped"
        }
    }

    /// `lenient` (a replay at HQ): a piece's adjustment is not judged by the status the log HQ
    /// holds left it in.
    static func decideStock(_ input: EventInput, actor: Staff, reader: some LedgerReader, lenient: Bool = false) throws -> Decision {
        var input = input
        func reject(_ rule: Rule) -> HangarError { .rejected(event: input.kind.rawValue, subject: input.subject, rule: rule) }
        guard var part = try reader.part(input.subject) else { throw HangarError.notFound(what: "part", name: input.subject) }
        if let latest = part.lastStockEventAt { try requireTimeOrder(input, after: latest, of: "part's stock") }
        part.lastStockEventAt = max(part.lastStockEventAt ?? input.occurredAt, input.occurredAt)
        var changes: [LedgerChange] = []
        var mentions: [Mention] = [.part(part.number)]

        switch input.body {
        case var .stockReceive(r):
            try requireRole([.storekeeper, .technician], actor, input)
            try range(r.qty, "qty", 1...1_000_000)
            r.origin = try r.origin.map { try Origin.parse($0) } ?? part.origin
            try range(r.unitCost, "unit_cost", 0...1_000_000_000_000)
            changes += try costRecorded(r.unitCost != nil, reader: reader)
            r.unitCost = r.unitCost ?? part.unitCost
            if let supplier = r.supplier { r.supplier = try Names.text(supplier, field: "supplier", limit: 200) }
            if let doc = r.doc { r.doc = try Names.text(doc, field: "doc", limit: 200) }
            if let lot = r.lot {
                r.lot = try Names.lot(lot)
                guard try reader.lot(part: part.number, lot: r.lot!) == nil else { throw reject(.lotExists(part: part.number, lot: r.lot!)) }
                mentions.append(.lot(part: part.number, lot: r.lot!))
            }
            switch part.tracking {
            case .lot:
                guard r.lot != nil else { throw reject(.trackingMismatch(part: part.number, tracking: .lot, needs: "a receipt needs a lot (--lot LOT)")) }
                guard r.serials == nil else { throw reject(.trackingMismatch(part: part.number, tracking: .lot, needs: "its pieces have no serials (give --lot and --qty)")) }
            case .serial:
                let serials = try (r.serials ?? []).map(Names.serial)
                guard serials.count == r.qty else {
                    throw reject(.trackingMismatch(part: part.number, tracking: .serial, needs: "a receipt of \(r.qty) gives exactly \(r.qty) serials, \(serials.count) given"))
                }
                var seen: Set<String> = []
                for serial in serials {
                    guard seen.insert(serial).inserted else {
                        throw HangarError.invalidValue(field: "serials", value: serial, allowed: "each serial once per receipt")
                    }
                    if let other = try reader.piece(serial) { throw reject(.serialInUse(serial: serial, by: "a piece of \(other.part)")) }
                    if let airframe = try reader.airframe(serial) { throw reject(.serialInUse(serial: serial, by: "an airframe of model \(airframe.model)")) }
                }
                r.serials = serials
                mentions += serials.map(Mention.piece)
            }
            input.body = .stockReceive(r)
            let event = stored(input, from: nil, to: nil)
            if let lot = r.lot, case let (made?, _) = LotLedger.replay(part: part.number, lot: lot, [event]) { changes.append(.lot(made)) }
            for serial in r.serials ?? [] { changes.append(.piece(PieceLifecycle.received(serial, battery: part.isBattery, event, r))) }
            changes += [.part(part), .mentions(mentions)]
            return Decision(event: event, changes: changes, judgement: nil)

        case var .stockAdjust(a):
            try requireRole([.storekeeper, .admin], actor, input)
            a.reason = try Names.text(a.reason, field: "reason")
            switch (a.lot, a.qtyDelta, a.serial, a.status) {
            case let (lotID?, delta?, nil, nil):
                guard part.tracking == .lot else {
                    throw reject(.trackingMismatch(part: part.number, tracking: part.tracking, needs: "adjust a piece with --serial S --status STATUS"))
                }
                let lotID = try Names.lot(lotID)
                a.lot = lotID
                // Not abs(delta): the lowest Int has no positive counterpart (it would trap).
                guard delta != 0, (-1_000_000...1_000_000).contains(delta) else {
                    throw HangarError.invalidValue(field: "qty_delta", value: String(delta), allowed: "a signed whole number, not 0, at most 1000000 either way")
                }
                guard var lot = try reader.lot(part: part.number, lot: lotID) else { throw HangarError.notFound(what: "lot of \(part.number)", name: lotID) }
                try requireTimeOrder(input, after: lot.lastEventAt, of: "lot")
                guard lot.onHand + delta >= 0 else { throw reject(.lotShort(part: part.number, lot: lotID, onHand: lot.onHand, wanted: -delta)) }
                lot.onHand += delta
                lot.lastEventAt = max(lot.lastEventAt, input.occurredAt)
                changes.append(.lot(lot))
                mentions.append(.lot(part: part.number, lot: lotID))
            case let (nil, nil, serial?, status?):
                guard part.tracking == .serial else {
                    throw reject(.trackingMismatch(part: part.number, tracking: part.tracking, needs: "adjust a lot with --lot L --qty-delta N"))
                }
                let serial = try Names.serial(serial)
                a.serial = serial
                guard status != .installed else {
                    throw HangarError.invalidValue(field: "status", value: status.rawValue, allowed: PieceStatus.allowedText + " (install puts a piece in an airframe)")
                }
                guard var piece = try reader.piece(serial) else { throw reject(.pieceUnavailable(serial: serial, whereabouts: whereabouts(nil))) }
                guard piece.part == part.number else { throw reject(.piecePartMismatch(serial: serial, part: piece.part, given: part.number)) }
                try requireTimeOrder(input, after: piece.lastEventAt, of: "piece")
                if lenient {
                    // A replay at HQ: the piece is taken where the log HQ holds left it.
                    piece.airframe = nil
                    piece.offBOM = false
                    piece.position = nil
                } else {
                    switch piece.status {
                    case .installed: throw reject(.pieceUnavailable(serial: serial, whereabouts: whereabouts(piece) + "; remove it first"))
                    case .scrapped: throw reject(.scrappedIsFinal(serial: serial))
                    case .inStock, .quarantine: break
                    }
                    guard status != piece.status else { throw reject(.sameStatus(serial: serial, status: status)) }
                }
                if status == .inStock { try requireWithinLife(piece, part, input, cyclesOnly: false) }
                piece.status = status
                piece.lastEventAt = max(piece.lastEventAt, input.occurredAt)
                changes.append(.piece(piece))
                mentions.append(.piece(serial))
            default:
                throw HangarError.invalidValue(
                    field: "adjustment", value: [a.lot.map { _ in "lot" }, a.qtyDelta.map { _ in "qty_delta" }, a.serial.map { _ in "serial" }, a.status.map { _ in "status" }]
                        .compactMap { $0 }.joined(separator: "+"),
                    allowed: "give lot and qty_delta (a lot-tracked part), or serial and status (a serial-tracked part)")
            }
            input.body = .stockAdjust(a)
            changes += [.part(part), .mentions(mentions)]
            return Decision(event: stored(input, from: nil, to: nil), changes: changes, judgement: nil)

        default:
            throw HangarError.invalidValue(field: "event", value: input.kind.rawValue, allowed: "a stock event")
        }
    }

    static func decideBatteryCheck(_ input: EventInput, actor: Staff, reader: some LedgerReader) throws -> Decision {
        func reject(_ rule: Rule) -> HangarError { .rejected(event: input.kind.rawValue, subject: input.subject, rule: rule) }
        try requireRole([.technician, .instructor], actor, input)
        guard case let .batteryCheck(check) = input.body else {
            throw HangarError.invalidValue(field: "event", value: input.kind.rawValue, allowed: "battery_check")
        }
        guard let piece = try reader.piece(input.subject) else { throw HangarError.notFound(what: "battery", name: input.subject) }
        guard piece.battery else { throw reject(.notABattery(serial: piece.serial, part: piece.part)) }
        try range(check.capacityMah, "capacity_mah", 0...10_000_000)
        try range(check.cycles, "cycles", 0...1_000_000)
        try requireTimeOrder(input, after: piece.lastEventAt, of: "battery")
        let event = stored(input, from: nil, to: nil)
        guard let next = PieceLifecycle.evolve(piece, serial: piece.serial, battery: true, event) else {
            preconditionFailure("a known piece stays known")
        }
        return Decision(event: event, changes: [.piece(next), .mentions([.piece(piece.serial)])], judgement: nil)
    }

    /// Refuses a piece at or past its life: minutes (any serial piece), and for batteries
    /// cycles; `health` adds the 80% state-of-health rule (install and flights, not stock).
    static func requireWithinLife(_ piece: Piece, _ part: Part, _ input: EventInput, cyclesOnly: Bool, health: Bool = false) throws {
        func reject(_ rule: Rule) -> HangarError { .rejected(event: input.kind.rawValue, subject: input.subject, rule: rule) }
        if !cyclesOnly, let limit = part.lifeMinutes, piece.flightMinutes >= limit {
            throw reject(.lifeReached(serial: piece.serial, measure: "minutes", used: piece.flightMinutes, limit: limit))
        }
        guard piece.battery else { return }
        if let limit = part.lifeCycles, piece.cycles >= limit {
            throw reject(.lifeReached(serial: piece.serial, measure: "cycles", used: piece.cycles, limit: limit))
        }
        if health, let capacity = piece.capacityMah, let rated = part.ratedMah, 5 * capacity < 4 * rated {
            throw reject(.batteryWorn(serial: piece.serial, capacityMah: capacity, ratedMah: rated))
        }
    }
}
