/// The whole workshop in memory: the projections a replay of the log produces. Used by
/// `hangar verify` (replay, then compare with the tables) and by the core's tests.
public struct WorkshopState: LedgerReader, Equatable, Sendable {
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

    /// Records an accepted decision: the event and its projection changes.
    public mutating func apply(_ decision: Decision) {
        let event = decision.event
        if event.kind.subject == .airframe && event.kind != .undo {
            airframeEvents[event.subject, default: []].append(event)
        }
        for change in decision.changes { apply(change) }
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
        }
    }

    /// Decides and applies one event; throws when the rules refuse it.
    @discardableResult
    public mutating func record(_ input: EventInput, now: Timestamp) throws -> Decision {
        let decision = try Ledger.decide(input, in: self, now: now)
        apply(decision)
        return decision
    }
}
