/// The pieces, lots and lot holdings as the log builds them, one event at a time (log
/// order, undone events left out), with what each airframe carries. The report's supply
/// group reads stock from it; the summaries take from it an airframe's items as built at
/// its first QC pass (local content, DESIGN §11). Pure.
public struct StockTrail: Sendable {
    /// Every piece's whole record, when `keepsPieces` (the report's stock lists read them);
    /// the as-built items need only `receipts` and `carried`, a few dozen bytes a piece.
    public private(set) var pieces: [String: Piece] = [:]
    public let keepsPieces: Bool
    /// Whether `receipts` and `lots` are kept; without them `asBuilt` is told each piece's and
    /// lot's receipt terms by its caller (the store reads them from the pieces and lots tables:
    /// tens of bytes a piece and a few hundred a lot less).
    public let keepsReceipts: Bool
    /// Per piece: its receipt's origin and unit cost, as an index into `receiptTerms`.
    var receipts: [String: UInt32] = [:]
    var receiptTerms: [LocalContent.Item] = []
    var termIndex: [String: UInt32] = [:]
    /// Keyed by `key(part, lot)` (none when not `keepsReceipts`).
    public private(set) var lots: [String: Lot] = [:]
    /// Per airframe, per `key(part, lot)`: how much of the lot it holds.
    var holdings: [String: [String: LotHolding]] = [:]
    /// Per airframe: the serials of the pieces installed in it.
    var carried = InstalledIndex()
    var batteryParts: Set<String> = []
    var catalogue: Set<String> = []
    /// A battery's latest check that set its counter: its sequence number (when `keepsPieces`).
    public private(set) var counterCheck: [String: Int64] = [:]

    public init(keepsPieces: Bool = true, keepsReceipts: Bool = true) {
        self.keepsPieces = keepsPieces
        self.keepsReceipts = keepsReceipts
    }

    public static func key(_ part: String, _ lot: String) -> String { part + " " + lot }

    /// The kinds of event that change the trail.
    public static let kinds: Set<EventKind> = [.partAdd, .stockReceive, .stockAdjust, .install, .remove, .batteryCheck]

    public mutating func apply(_ e: RecordedEvent) {
        switch e.body {
        case let .partAdd(definition):
            catalogue.insert(e.subject)
            if definition.kind == .battery { batteryParts.insert(e.subject) }
        case let .stockReceive(r):
            for serial in r.serials ?? [] { evolvePiece(serial, e, receipt: r) }
            if keepsReceipts, let lot = r.lot, case let (made?, _) = LotLedger.replay(part: e.subject, lot: lot, [e]) { lots[Self.key(e.subject, lot)] = made }
        case let .stockAdjust(a):
            if let serial = a.serial { evolvePiece(serial, e) }
            if let lot = a.lot { lots[Self.key(e.subject, lot)]?.onHand += a.qtyDelta ?? 0 }
        case let .install(i):
            if let c = i.component { evolvePiece(c, e) }
            if let lot = i.lot { moveLot(i.part, lot, e) }
        case let .remove(r):
            if let c = r.component { evolvePiece(c, e) }
            if let lot = r.lot { moveLot(r.part, lot, e) }
        case .batteryCheck:
            evolvePiece(e.subject, e)
        default:
            break
        }
    }

    /// Whether the part number was added to the catalogue.
    public func knowsPart(_ number: String) -> Bool { catalogue.contains(number) }

    /// `receipt`: the receipt `e` is, when `serial` is one of its own (not searched for again).
    mutating func evolvePiece(_ serial: String, _ e: RecordedEvent, receipt: StockReceipt? = nil) {
        var from: String?, to: String?
        switch e.body {
        case .stockReceive:
            // (A second receipt of a serial is refused by the rules.)
            if keepsReceipts, let r = receipt { receipts[serial] = term(origin: r.origin ?? Origin.unknown, cost: r.unitCost) }
        case let .install(i) where i.component == serial && (!keepsReceipts || receipts[serial] != nil):
            to = e.subject
        case let .remove(r) where r.component == serial && (!keepsReceipts || receipts[serial] != nil):
            from = e.subject
        default:
            break
        }
        carried.move(serial, from: from, to: to)
        if keepsPieces {
            let battery = pieces[serial]?.battery ?? batteryParts.contains(e.subject)
            pieces[serial] = receipt.map { PieceLifecycle.received(serial, battery: battery, e, $0) }
                ?? PieceLifecycle.evolve(pieces[serial], serial: serial, battery: battery, e)
        }
        if keepsPieces, case let .batteryCheck(check) = e.body, check.cycles != nil { counterCheck[serial] = e.seq }
    }

    /// Drops what the airframe carries: a reader that takes an airframe's items once (at its
    /// delivery) need not hold them after.
    public mutating func forget(_ airframe: String) {
        carried.forget(airframe)
        holdings[airframe] = nil
    }

    mutating func term(origin: String, cost: Int?) -> UInt32 {
        let key = origin + "\u{1}" + (cost.map(String.init) ?? "")
        if let i = termIndex[key] { return i }
        let i = UInt32(receiptTerms.count)
        receiptTerms.append(LocalContent.Item(origin: origin, cost: cost, count: 1))
        termIndex[key] = i
        return i
    }

    mutating func moveLot(_ part: String, _ lot: String, _ e: RecordedEvent) {
        let key = Self.key(part, lot)
        lots[key]?.onHand += LotLedger.onHandDelta(e, part: part, lot: lot)
        let h = holdings[e.subject]?[key] ?? LotHolding(airframe: e.subject, part: part, lot: lot, qty: 0, offBOMQty: 0)
        holdings[e.subject, default: [:]][key] = LotLedger.apply(h, e)
    }

    /// What the airframe carries now: each installed piece (1) and each lot it holds (its
    /// quantity), with the receipt's origin and unit cost, summed by origin and cost and
    /// sorted (origin, then cost, none first). A lot without a receipt is of unknown origin.
    public func asBuilt(_ airframe: String) -> [LocalContent.Item] { asBuilt(airframe, receipt: { _ in nil }, lot: { _, _ in nil }) }

    /// `receipt`: a piece's receipt terms (origin, unit cost, a count of 1), and `lot`: a lot's
    /// (part, lot; any count), when the trail does not keep them (`keepsReceipts` false); nil
    /// for a piece or lot without a receipt.
    public func asBuilt(_ airframe: String, receipt: (String) throws -> LocalContent.Item?,
                        lot lotTerms: (String, String) throws -> LocalContent.Item?) rethrows -> [LocalContent.Item] {
        var items: [LocalContent.Item] = []
        for serial in carried.serials(in: airframe) {
            if keepsReceipts {
                guard let i = receipts[serial] else { continue }
                items.append(receiptTerms[Int(i)])
            } else if let item = try receipt(serial) {
                items.append(item)
            }
        }
        for h in (holdings[airframe] ?? [:]).values where h.qty > 0 {
            let terms = keepsReceipts
                ? lots[Self.key(h.part, h.lot)].map { LocalContent.Item(origin: $0.origin, cost: $0.unitCost, count: 1) }
                : try lotTerms(h.part, h.lot)
            items.append(LocalContent.Item(origin: terms?.origin ?? Origin.unknown, cost: terms?.cost, count: h.qty))
        }
        return LocalContent.Item.grouped(items)
    }
}

extension LocalContent.Item {
    /// Items summed by origin and unit cost, sorted by origin, then cost (none first): the
    /// shares are sums, so grouped items give the same shares.
    public static func grouped(_ items: [LocalContent.Item]) -> [LocalContent.Item] {
        struct Key: Hashable { var origin: String; var cost: Int? }
        var counts: [Key: Int] = [:]
        for item in items { counts[Key(origin: item.origin, cost: item.cost), default: 0] += item.count }
        return counts.filter { $0.value != 0 }
            .sorted { ($0.key.origin, $0.key.cost ?? Int.min) < ($1.key.origin, $1.key.cost ?? Int.min) }
            .map { LocalContent.Item(origin: $0.key.origin, cost: $0.key.cost, count: $0.value) }
    }
}
