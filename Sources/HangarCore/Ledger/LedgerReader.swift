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

    // Sustainment (DESIGN §11)
    func part(_ number: String) throws -> Part?
    /// The model's current BOM version, nil when it has none.
    func bom(_ model: String) throws -> BOM?
    func piece(_ serial: String) throws -> Piece?
    func lot(part: String, lot: String) throws -> Lot?
    /// The pieces installed in the airframe now.
    func installedPieces(in airframe: String) throws -> [Piece]
    /// The lot quantities the airframe holds now (qty > 0).
    func holdings(in airframe: String) throws -> [LotHolding]
    /// How much of `part` the airframe holds on its BOM now: its pieces and lot quantities,
    /// those installed off the BOM not counted.
    func installedOnBOM(_ part: String, in airframe: String) throws -> Int
    /// The non-undone events that name a piece, lot or part's stock, in log order (undos excluded).
    func history(of mention: Mention) throws -> [RecordedEvent]
    /// What an event named (its mentions).
    func mentions(of eventID: String) throws -> [Mention]
}

extension LedgerReader {
    public func installedOnBOM(_ part: String, in airframe: String) throws -> Int {
        try Ledger.installedOnBOM(airframe, reader: self)[part] ?? 0
    }
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
    // Sustainment
    case part(Part)
    /// A new BOM version (kept beside the old ones).
    case bom(BOM)
    case piece(Piece)
    /// The piece's receipt was undone: it no longer exists.
    case pieceGone(serial: String)
    case lot(Lot)
    case lotGone(part: String, lot: String)
    /// How much of a lot an airframe holds now (a row with qty 0 is removed).
    case holding(LotHolding)
    /// The pieces, lots and part the decision's event names (stored with its sequence number).
    case mentions([Mention])
}

/// The outcome of the rules for one event: the event as it will be stored (without its
/// sequence number) and the projection changes to write with it.
public struct Decision: Equatable, Sendable {
    public var event: RecordedEvent
    public var changes: [LedgerChange]
    /// For QC: the verdict on each item.
    public var judgement: QCJudgement?
    /// What the person recording it should be told (the event is recorded all the same).
    public var warnings: [Warning] = []
}
