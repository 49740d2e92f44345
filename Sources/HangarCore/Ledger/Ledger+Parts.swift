/// The rules of parts on airframes (DESIGN §11, §14): install, remove, the pieces a flight
/// flies, the BOM at `assembled`, and what an undo gives back.
extension Ledger {
    /// What the airframe holds of each part on the BOM (off-BOM pieces not counted).
    static func installedOnBOM(_ airframe: String, reader: some LedgerReader) throws -> [String: Int] {
        var count: [String: Int] = [:]
        for piece in try reader.installedPieces(in: airframe) where !piece.offBOM { count[piece.part, default: 0] += 1 }
        for holding in try reader.holdings(in: airframe) { count[holding.part, default: 0] += holding.qty - holding.offBOMQty }
        return count
    }

    /// `lenient` (a replay at HQ): a piece is taken wherever the log HQ holds left it (its
    /// removal may lie in a gap); every other rule holds.
    static func decideInstall(_ input: inout EventInput, _ installation: Installation, airframe: Airframe, reader: some LedgerReader,
                              lenient: Bool = false) throws -> [LedgerChange] {
        let kind = input.kind.rawValue, serial = input.subject
        func reject(_ rule: Rule) -> HangarError { .rejected(event: kind, subject: serial, rule: rule) }
        var i = installation
        guard let part = try reader.part(try Names.partNumber(i.part)) else { throw HangarError.notFound(what: "part", name: i.part) }
        if let position = i.position { i.position = try Names.text(position, field: "position", limit: 64) }
        if let reason = i.offBOM { i.offBOM = try Names.text(reason, field: "off_bom") }
        var changes: [LedgerChange] = []
        let mention: Mention

        switch (part.tracking, i.component, i.lot, i.qty) {
        case let (.serial, component?, nil, nil):
            let component = try Names.serial(component)
            i.component = component
            guard var piece = try reader.piece(component) else { throw reject(.pieceUnavailable(serial: component, whereabouts: whereabouts(nil))) }
            guard piece.part == part.number else { throw reject(.piecePartMismatch(serial: component, part: piece.part, given: part.number)) }
            guard piece.status == .inStock || lenient else { throw reject(.pieceUnavailable(serial: component, whereabouts: whereabouts(piece))) }
            try requireTimeOrder(input, after: piece.lastEventAt, of: "piece")
            try requireWithinLife(piece, part, input, cyclesOnly: false, health: true)
            piece.status = .installed
            piece.airframe = serial
            piece.offBOM = i.offBOM != nil
            piece.position = i.position
            piece.lastEventAt = max(piece.lastEventAt, input.occurredAt)
            changes.append(.piece(piece))
            mention = .piece(component)
        case let (.lot, nil, lotID?, qty?):
            let lotID = try Names.lot(lotID)
            i.lot = lotID
            try range(qty, "qty", 1...1_000_000)
            guard var lot = try reader.lot(part: part.number, lot: lotID) else { throw HangarError.notFound(what: "lot of \(part.number)", name: lotID) }
            try requireTimeOrder(input, after: lot.lastEventAt, of: "lot")
            guard lot.onHand >= qty else { throw reject(.lotShort(part: part.number, lot: lotID, onHand: lot.onHand, wanted: qty)) }
            lot.onHand -= qty
            lot.lastEventAt = max(lot.lastEventAt, input.occurredAt)
            var holding = try reader.holdings(in: serial).first { $0.part == part.number && $0.lot == lotID }
                ?? LotHolding(airframe: serial, part: part.number, lot: lotID, qty: 0, offBOMQty: 0)
            holding.qty += qty
            if i.offBOM != nil { holding.offBOMQty += qty }
            changes += [.lot(lot), .holding(holding)]
            mention = .lot(part: part.number, lot: lotID)
        case (.serial, _, _, _):
            throw reject(.trackingMismatch(part: part.number, tracking: .serial, needs: "install one piece with --component SERIAL"))
        case (.lot, _, _, _):
            throw reject(.trackingMismatch(part: part.number, tracking: .lot, needs: "install a quantity with --lot LOT --qty N"))
        }

        // The BOM: a part on it, up to its total, unless an off-BOM reason is given.
        if i.offBOM == nil, let bom = try reader.bom(airframe.model) {
            guard bom.contains(part.number) else { throw reject(.notOnBOM(part: part.number, model: airframe.model, version: bom.version)) }
            let have = try reader.installedOnBOM(part.number, in: serial)
            let total = bom.total(of: part.number)
            guard have + i.count <= total else {
                throw reject(.aboveBOM(part: part.number, model: airframe.model, version: bom.version, total: total, installed: have))
            }
        }
        input.body = .install(i)
        return changes + [.mentions([mention])]
    }

    /// `lenient` (a replay at HQ): a piece of the part is removed wherever the log HQ holds
    /// left it (its installation may lie in a gap).
    static func decideRemove(_ input: inout EventInput, _ removal: Removal, airframe: Airframe, reader: some LedgerReader,
                             lenient: Bool = false) throws -> [LedgerChange] {
        let kind = input.kind.rawValue, serial = input.subject
        func reject(_ rule: Rule) -> HangarError { .rejected(event: kind, subject: serial, rule: rule) }
        var r = removal
        r.reason = try Names.text(r.reason, field: "reason")
        guard let part = try reader.part(try Names.partNumber(r.part)) else { throw HangarError.notFound(what: "part", name: r.part) }
        var changes: [LedgerChange] = []
        let mention: Mention

        switch (part.tracking, r.component, r.lot, r.qty) {
        case let (.serial, component?, nil, nil):
            let component = try Names.serial(component)
            r.component = component
            let found = try reader.piece(component)
            guard var piece = found, piece.part == part.number, lenient || (piece.status == .installed && piece.airframe == serial) else {
                throw reject(.notInstalledHere(what: "\(part.number) \(component)", airframe: serial,
                                               whereabouts: found.map { $0.part == part.number ? whereabouts($0) : "it is a piece of \($0.part)" } ?? whereabouts(nil)))
            }
            try requireTimeOrder(input, after: piece.lastEventAt, of: "piece")
            if r.disposition == .stock { try requireWithinLife(piece, part, input, cyclesOnly: false) }
            piece.status = r.disposition.pieceStatus
            piece.airframe = nil
            piece.offBOM = false
            piece.position = nil
            piece.lastEventAt = max(piece.lastEventAt, input.occurredAt)
            changes.append(.piece(piece))
            mention = .piece(component)
        case let (.lot, nil, lotID?, qty?):
            let lotID = try Names.lot(lotID)
            r.lot = lotID
            try range(qty, "qty", 1...1_000_000)
            guard r.disposition != .quarantine else {
                throw HangarError.invalidValue(field: "disposition", value: "quarantine", allowed: "a lot quantity goes back to stock (its own lot) or to scrap")
            }
            let holding = try reader.holdings(in: serial).first { $0.part == part.number && $0.lot == lotID }
            guard let holding, holding.qty >= qty else {
                throw reject(.notInstalledHere(what: "\(qty) of \(part.number) lot \(lotID)", airframe: serial, whereabouts: "it holds \(holding?.qty ?? 0)"))
            }
            guard var lot = try reader.lot(part: part.number, lot: lotID) else { throw HangarError.notFound(what: "lot of \(part.number)", name: lotID) }
            try requireTimeOrder(input, after: lot.lastEventAt, of: "lot")
            if r.disposition == .stock { lot.onHand += qty }
            lot.lastEventAt = max(lot.lastEventAt, input.occurredAt)
            var after = holding
            after.offBOMQty -= min(after.offBOMQty, qty)  // off-BOM quantity first (S11)
            after.qty -= qty
            changes += [.lot(lot), .holding(after)]
            mention = .lot(part: part.number, lot: lotID)
        case (.serial, _, _, _):
            throw reject(.trackingMismatch(part: part.number, tracking: .serial, needs: "remove one piece with --component SERIAL"))
        case (.lot, _, _, _):
            throw reject(.trackingMismatch(part: part.number, tracking: .lot, needs: "remove a quantity with --lot LOT --qty N"))
        }
        input.body = .remove(r)
        return changes + [.mentions([mention])]
    }

    /// The pieces a flight flies: every piece installed in the airframe, and the batteries it
    /// names (from stock or installed there). Each gains the minutes; batteries a cycle.
    static func flightPieces(_ input: inout EventInput, _ flight: Flight, airframe: Airframe, installed: [Piece],
                             reader: some LedgerReader, lenient: Bool = false) throws -> [LedgerChange] {
        let kind = input.kind.rawValue, serial = input.subject
        func reject(_ rule: Rule) -> HangarError { .rejected(event: kind, subject: serial, rule: rule) }
        var f = flight
        var flying = installed
        var named: [String] = []
        for raw in f.batteries ?? [] {
            let battery = try Names.serial(raw)
            guard !named.contains(battery) else { throw reject(.namedTwice(serial: battery)) }
            named.append(battery)
            guard let piece = try reader.piece(battery) else { throw reject(.pieceUnavailable(serial: battery, whereabouts: whereabouts(nil))) }
            guard piece.battery else { throw reject(.notABattery(serial: battery, part: piece.part)) }
            if piece.status == .installed && piece.airframe == serial { continue }  // flies anyway
            guard piece.status == .inStock || lenient else { throw reject(.pieceUnavailable(serial: battery, whereabouts: whereabouts(piece))) }
            try requireTimeOrder(input, after: piece.lastEventAt, of: "battery")
            flying.append(piece)
        }
        f.batteries = named.isEmpty ? nil : named
        input.body = .flight(f)
        let event = stored(input, from: nil, to: nil)
        var changes: [LedgerChange] = []
        for piece in flying {
            if piece.battery {
                guard let part = try reader.part(piece.part) else { throw HangarError.notFound(what: "part", name: piece.part) }
                try requireWithinLife(piece, part, input, cyclesOnly: true, health: true)
            }
            if let next = PieceLifecycle.evolve(piece, serial: piece.serial, battery: piece.battery, event) { changes.append(.piece(next)) }
        }
        return flying.isEmpty ? [] : changes + [.mentions(flying.map { .piece($0.serial) })]
    }

    /// `assembled`: the BOM version built against, and an enforced BOM installed in full.
    static func decideAssembled(_ input: inout EventInput, _ assembly: Assembly, airframe: Airframe, reader: some LedgerReader) throws {
        let bom = try reader.bom(airframe.model)
        if let given = assembly.bomVersion, given != bom?.version {
            throw HangarError.rejected(
                event: input.kind.rawValue, subject: input.subject,
                rule: .computedDiffers(field: "bom_version", given: given.map(String.init) ?? "null", computed: bom.map { String($0.version) } ?? "null"))
        }
        if let bom, bom.enforced {
            let missing = bom.shortfalls(installed: try installedOnBOM(input.subject, reader: reader))
            if !missing.isEmpty {
                throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .bomIncomplete(model: bom.model, version: bom.version, missing: missing))
            }
        }
        input.body = .assembled(Assembly(bomVersion: .some(bom?.version)))
    }

    /// What undoing `target` gives back to the pieces, lots and holdings it named: each is
    /// replayed without it. Refused when that would contradict a later event (S13).
    static func undoMentions(of target: RecordedEvent, undoAt: Timestamp, reader: some LedgerReader) throws -> [LedgerChange] {
        var changes: [LedgerChange] = []
        func blocked(_ by: RecordedEvent, _ why: String) -> HangarError {
            .rejected(event: "undo", subject: target.subject, rule: .undoBlocked(by: by.id, kind: by.kind, why: why))
        }
        for mention in try reader.mentions(of: target.id) {
            switch mention {
            case let .piece(serial):
                let history = try reader.history(of: mention)
                guard let current = try reader.piece(serial) else { continue }
                // A flight gives back its minutes whatever came later; anything else must be the piece's latest event.
                if target.kind != .flight, let last = history.last, last.id != target.id {
                    throw blocked(last, "\(serial) has a later event")
                }
                let rest = history.filter { $0.id != target.id }
                if var piece = PieceLifecycle.replay(serial: serial, battery: current.battery, rest) {
                    piece.lastEventAt = max(current.lastEventAt, undoAt)
                    changes.append(.piece(piece))
                } else {
                    changes.append(.pieceGone(serial: serial))
                }
            case let .lot(part, lotID):
                let history = try reader.history(of: mention)
                guard let current = try reader.lot(part: part, lot: lotID) else { continue }
                let rest = history.filter { $0.id != target.id }
                if case .stockReceive = target.body, let last = history.last, last.id != target.id {
                    throw blocked(last, "lot \(lotID) of \(part) has a later event")
                }
                let (lot, negative) = LotLedger.replay(part: part, lot: lotID, rest)
                if let negative { throw blocked(negative, "lot \(lotID) of \(part) would go below zero") }
                if var lot {
                    lot.lastEventAt = max(current.lastEventAt, undoAt)
                    changes.append(.lot(lot))
                } else {
                    changes.append(.lotGone(part: part, lot: lotID))
                }
                if target.kind == .install || target.kind == .remove {
                    changes.append(.holding(LotLedger.holding(airframe: target.subject, part: part, lot: lotID, rest)))
                }
            case let .part(number):
                guard var part = try reader.part(number) else { continue }
                part.lastStockEventAt = max(part.lastStockEventAt ?? undoAt, undoAt)
                changes.append(.part(part))
            }
        }
        return changes
    }
}
