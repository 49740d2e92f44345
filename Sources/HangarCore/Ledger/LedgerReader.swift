/// What the rules need to know about the workshop to decide on one event. The store
/// answers from SQLite inside its write transaction; `WorkshopState` answers from memory.
public protocol LedgerReader {
    func staffCount() throws -> Int
    func adminCount() throws -> Int
    func staff(_ id: String) throws -> Staff?
    func unitExists(_ name: String) throws -> Bool
    func model(_ name: String) throws -> AirframeModel?
    func airframe(_ serial: String) throws -> Airframe?
    func operatorRecord(_ id: String) throws -> Operator?
    func workshop() throws -> Workshop
    /// The airframe's non-undone events, registration first, undo events excluded.
    func activeHistory(of serial: String) throws -> [RecordedEvent]
}

/// A change to the projections that comes with an accepted event.
public enum LedgerChange: Equatable, Sendable {
    case workshop(Workshop)
    case staff(Staff)
    case unit(String)
    /// The model as it now stands; a new checklist version is stored beside the old ones.
    case model(AirframeModel)
    case airframe(Airframe)
    case operatorRecord(Operator)
    case flight(FlightRecord)
    /// `undoID` cancels `eventID`; a cancelled flight leaves the flight table.
    case undo(eventID: String, undoID: String)
}

/// The outcome of the rules for one event: the event as it will be stored (without its
/// sequence number) and the projection changes to write with it.
public struct Decision: Equatable, Sendable {
    public var event: RecordedEvent
    public var changes: [LedgerChange]
    /// For QC: the verdict on each item.
    public var judgement: QCJudgement?
}
