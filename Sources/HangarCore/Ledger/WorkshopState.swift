/// The whole workshop in memory: the projections a replay of the log produces. Used by
/// `hangar verify` (replay, then compare with the tables) and by the core's tests.
public struct WorkshopState: LedgerReader, FlightHistoryReader, Equatable, Sendable {
    public var workshopRecord = Workshop()
    public var staffByID: [String: Staff] = [:]
    public var units: Set<String> = []
    public var models: [String: AirframeModel] = [:]
    /// Every checklist version of every model: model → version → items.
    public var checklists: [String: [Int: [ChecklistItem]]] = [:]
    public var airframes: [String: Airframe] = [:]
    public var operators: [String: Operator] = [:]
    /// Non-undone flights by event id.
    public var flights: [String: FlightRecord] = [:]
    /// Undone event id → the id of the undo that cancelled it.
    public var undone: [String: String] = [:]
    /// Each airframe's events other than undos, in order (undone ones included).
    var airframeEvents: [String: [RecordedEvent]] = [:]
    public var parts: [String: Part] = [:]
    /// Every BOM version of every model: model → version → BOM.
    public var boms: [String: [Int: BOM]] = [:]
    public private(set) var pieces: [String: Piece] = [:]
    private var installed = InstalledIndex()
    /// Lots by part, then lot id.
    public var lots: [String: [String: Lot]] = [:]
    /// Lot holdings by airframe, then "part lot".
    public var holdingsByAirframe: [String: [String: LotHolding]] = [:]
    /// The events naming each mention (undos excluded; undone ones included), in order.
    var mentioned: [Mention: [RecordedEvent]] = [:]
    public private(set) var mentionsByEvent: [String: [Mention]] = [:]
    /// The next sequence number (events recorded here are numbered as the store numbers them).
    var nextSeq: Int64 = 1

    public init() {}

    public func staffCount() -> Int { staffByID.count }
    public func adminCount() -> Int { staffByID.values.filter { $0.has(.admin) }.count }
    public func staff(_ id: String) -> Staff? { staffByID[id] }
    public func unitExists(_ name: String) -> Bool { units.contains(name) }
    public func model(_ name: String) -> AirframeModel? { models[name] }
    public func airframe(_ serial: String) -> Airframe? { airframes[serial] }
    public func operatorRecord(_ id: String) -> Operator? { operators[id] }
    public func workshop() -> Workshop { workshopRecord }
    public func activeHistory(of serial: String) -> [RecordedEvent] {
        (airframeEvents[serial] ?? []).filter { undone[$0.id] == nil }
    }
    public func part(_ number: String) -> Part? { parts[number] }
    public func bom(_ model: String) -> BOM? { boms[model]?.max { $0.key < $1.key }?.value }
    public func piece(_ serial: String) -> Piece? { pieces[serial] }
    public func lot(part: String, lot: String) -> Lot? { lots[part]?[lot] }
    public func installedPieces(in airframe: String) -> [Piece] {
        installed.pieces(in: airframe) { pieces[$0] }
    }
    public func holdings(in airframe: String) -> [LotHolding] {
        (holdingsByAirframe[airframe] ?? [:]).values.filter { $0.qty > 0 }.sorted { ($0.part, $0.lot) < ($1.part, $1.lot) }
    }
    public func history(of mention: Mention) -> [RecordedEvent] {
        (mentioned[mention] ?? []).filter { undone[$0.id] == nil }
    }
    public func mentions(of eventID: String) -> [Mention] { mentionsByEvent[eventID] ?? [] }
    public func operatorMinutes(_ id: String, from: Timestamp, to: Timestamp) -> Int {
        flights.values.filter { $0.operatorID == id && $0.occurredAt >= from && $0.occurredAt < to }.reduce(0) { $0 + $1.minutes }
    }

    /// Records an accepted decision: the event and its projection changes.
    public mutating func apply(_ decision: Decision) {
        var event = decision.event
        event.seq = nextSeq
        nextSeq += 1
        if event.kind.subject == .airframe && event.kind != .undo {
            airframeEvents[event.subject, default: []].append(event)
        }
        for change in decision.changes {
            if case let .mentions(list) = change {
                note(list, of: event)
            } else {
                apply(change)
            }
        }
    }

    /// Remembers what an event named (its sequence number set).
    public mutating func note(_ mentions: [Mention], of event: RecordedEvent) {
        mentionsByEvent[event.id] = mentions
        if event.kind != .undo { for m in mentions { mentioned[m, default: []].append(event) } }
    }

    public mutating func apply(_ change: LedgerChange) {
        switch change {
        case let .workshop(w): workshopRecord = w
        case let .staff(s): staffByID[s.id] = s
        case let .unit(u): units.insert(u)
        case let .model(m):
            models[m.name] = m
            checklists[m.name, default: [:]][m.checklistVersion] = m.checklist
        case let .airframe(a): airframes[a.serial] = a
        case let .operatorRecord(o): operators[o.id] = o
        case let .flight(f): flights[f.eventID] = f
        case let .undo(eventID, undoID):
            undone[eventID] = undoID
            flights[eventID] = nil
        case let .part(p): parts[p.number] = p
        case let .bom(b): boms[b.model, default: [:]][b.version] = b
        case let .piece(p): setPiece(p)
        case let .pieceGone(serial): removePiece(serial)
        case let .lot(l): lots[l.part, default: [:]][l.lot] = l
        case let .lotGone(part, lot): lots[part]?[lot] = nil
        case let .holding(h):
            holdingsByAirframe[h.airframe, default: [:]][h.part + " " + h.lot] = h.qty > 0 ? h : nil
        case .mentions:
            break  // applied with their event
        }
    }

    public mutating func setPiece(_ p: Piece) {
        installed.move(p.serial, from: pieces.updateValue(p, forKey: p.serial)?.airframe, to: p.airframe)
    }

    public mutating func removePiece(_ serial: String) {
        installed.move(serial, from: pieces.removeValue(forKey: serial)?.airframe, to: nil)
    }

    /// Decides and applies one event; throws when the rules refuse it.
    @discardableResult
    public mutating func record(_ input: EventInput, now: Timestamp) throws -> Decision {
        let decision = try Ledger.decide(input, in: self, now: now)
        apply(decision)
        return decision
    }
}
