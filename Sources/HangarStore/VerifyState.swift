import GRDB
import HangarCore

/// What `verify` replays the log into: the small projections (staff, units, models,
/// operators, undone events) as a `WorkshopState`, the airframes packed (a national fleet
/// is a million of them), its pieces, lots and lot holdings in TEMP tables (ten million pieces), and no
/// history or flights in memory: an undo's history is read
/// back from the events already checked, and flights are counted, then compared row by
/// row with their events. So verify's memory grows with the fleet, not with the log.
struct VerifyState: LedgerReader {
    let db: Database
    var small = WorkshopState()
    var airframes = PackedAirframes()
    let stock: ReplayedStock
    /// Non-undone flights so far.
    var flights = 0
    /// The event being replayed: history is read from the events before it.
    var seq: Int64 = 0

    init(db: Database) throws {
        self.db = db
        stock = try ReplayedStock(db: db)
    }

    func staffCount() -> Int { small.staffCount() }
    func adminCount() -> Int { small.adminCount() }
    func staff(_ id: String) -> Staff? { small.staff(id) }
    func unitExists(_ name: String) -> Bool { small.unitExists(name) }
    func model(_ name: String) -> AirframeModel? { small.model(name) }
    func airframe(_ serial: String) -> Airframe? { airframes[serial] }
    func operatorRecord(_ id: String) -> Operator? { small.operatorRecord(id) }
    func workshop() -> Workshop { small.workshop() }
    func part(_ number: String) -> Part? { small.part(number) }
    func bom(_ model: String) -> BOM? { small.bom(model) }
    func piece(_ serial: String) throws -> Piece? { try stock.piece(serial) }
    func lot(part: String, lot: String) throws -> Lot? { try stock.lot(part: part, lot: lot) }
    func installedPieces(in airframe: String) throws -> [Piece] { try stock.installed(in: airframe) }
    func holdings(in airframe: String) throws -> [LotHolding] { try stock.holdings(in: airframe) }
    /// A piece's, lot's or part's history, read through the mentions of the events already
    /// checked (each event's mentions are compared with the replay's as it is replayed).
    func history(of mention: Mention) throws -> [RecordedEvent] {
        try Row.decodeAll(
            db.cachedStatement(sql: """
                SELECT \(EventRow.Columns.allCases.map { "e.\($0.rawValue)" }.joined(separator: ", "))
                FROM mentions m JOIN events e ON e.seq = m.seq
                WHERE m.ref = ? AND m.seq < ? AND e.kind <> 'undo'
                ORDER BY m.seq
                """),
            arguments: [mention.key, seq], Decode.event
        ).filter { small.undone[$0.id] == nil }
    }

    func mentions(of eventID: String) throws -> [Mention] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT ref FROM mentions WHERE seq = (SELECT seq FROM events WHERE id = ? AND seq < ?) ORDER BY ref"),
            arguments: [eventID, seq]
        ).compactMap(Mention.init(key:))
    }

    /// The first event whose stored mentions differ from the replay's.
    var mentionFault: String?
    /// Mentions the replay made, to compare with the table's row count at the end.
    var mentionCount = 0

    func activeHistory(of serial: String) throws -> [RecordedEvent] {
        try Row.decodeAll(
            db.cachedStatement(sql: """
                \(EventRow.selectAll)
                WHERE subject = ? AND seq < ? AND kind IN (\(Decode.airframeKindList)) AND kind <> 'undo'
                ORDER BY seq
                """),
            arguments: [serial, seq], Decode.event
        ).filter { small.undone[$0.id] == nil }
    }

    mutating func apply(_ decision: Decision) throws {
        for change in decision.changes {
            switch change {
            case let .airframe(a): airframes[a.serial] = a
            case let .piece(p): try stock.set(p)
            case let .pieceGone(serial): try stock.removePiece(serial)
            case let .holding(h): try stock.set(h)
            case let .lot(l): try stock.set(l)
            case let .lotGone(part, lot): try stock.removeLot(part: part, lot: lot)
            case .flight: flights += 1
            case let .mentions(list):
                mentionCount += list.count
                let stored = try String.fetchAll(db.cachedStatement(sql: "SELECT ref FROM mentions WHERE seq = ? ORDER BY ref"), arguments: [seq])
                let replayed = list.map(\.key).sorted()
                if stored != replayed && mentionFault == nil {
                    mentionFault = "table mentions, event #\(seq): the table has [\(stored.joined(separator: ", "))], the replay gives [\(replayed.joined(separator: ", "))]"
                }
            case let .undo(eventID, _):
                let kind = try String.fetchOne(db.cachedStatement(sql: "SELECT kind FROM events WHERE id = ?"), arguments: [eventID])
                if kind == EventKind.flight.rawValue { flights -= 1 }
                small.apply(change)
            default: small.apply(change)
            }
        }
    }
}

/// Records packed by key, with their names interned to small ids: what `verify` and the
/// summaries' rebuild hold of a national fleet (a million airframes).
struct PackedRows<Row> {
    private var index: [String: Int32] = [:]
    private var rows: [Row] = []
    /// Rows of removed records, to be reused.
    private var free: [Int32] = []
    private var names: [String] = [""]
    private var nameIDs: [String: UInt32] = [:]

    var count: Int { index.count }
    var keys: [String] { Array(index.keys) }

    /// Room for `count` rows at once: a table that grows by doubling holds its old and new
    /// storage together for a moment, which at a national fleet is the process's peak.
    mutating func reserve(_ count: Int) {
        guard count > rows.count else { return }
        index.reserveCapacity(count)
        rows.reserveCapacity(count)
    }

    /// The row of `key` changed in place (nothing when there is none).
    mutating func update(_ key: String, _ change: (inout Row) -> Void) {
        guard let i = index[key] else { return }
        change(&rows[Int(i)])
    }

    /// The id of a name (0: none).
    mutating func intern(_ name: String?) -> UInt32 {
        guard let name else { return 0 }
        if let id = nameIDs[name] { return id }
        let id = UInt32(names.count)
        names.append(name)
        nameIDs[name] = id
        return id
    }

    func name(_ id: UInt32) -> String? { id == 0 ? nil : names[Int(id)] }

    subscript(key: String) -> Row? {
        get { index[key].map { rows[Int($0)] } }
        set {
            guard let row = newValue else {
                if let i = index.removeValue(forKey: key) { free.append(i) }
                return
            }
            if let i = index[key] {
                rows[Int(i)] = row
            } else if let i = free.popLast() {
                rows[Int(i)] = row
                index[key] = i
            } else {
                index[key] = Int32(rows.count)
                rows.append(row)
            }
        }
    }

    static func time(_ t: Timestamp?) -> Int64 { t?.milliseconds ?? .min }
    static func time(_ ms: Int64) -> Timestamp? { ms == .min ? nil : Timestamp(milliseconds: ms) }
    static func number(_ n: Int?) -> Int64 { n.map(Int64.init) ?? .min }
    static func number(_ n: Int64) -> Int? { n == .min ? nil : Int(n) }
}

/// Airframes by serial, each packed in 88 bytes: interned names, times as milliseconds.
struct PackedAirframes {
    private struct Packed {
        var model: UInt32, batch: UInt32, unit: UInt32, awaitingQCBy: UInt32  // 0: none
        var qcAttempts: UInt32
        var state: AirframeState
        var flightMinutes: Int64, minutesSinceService: Int64
        var serviceBaseline: Int64, firstPassAt: Int64  // Int64.min: none
        var registeredAt: Int64, stateSince: Int64, lastEventAt: Int64
        /// When its last maintenance was opened (Int64.min: never): not part of `Airframe`,
        /// kept here for the summaries' rebuild rather than in a second table by serial.
        var maintenanceOpenedAt: Int64 = .min
    }

    private var table = PackedRows<Packed>()
    private typealias T = PackedRows<Packed>

    var count: Int { table.count }
    var allSerials: [String] { table.keys }

    /// Room for `count` airframes, made at once rather than by doubling.
    mutating func reserve(_ count: Int) { table.reserve(count) }

    /// When the airframe's last maintenance was opened, while it is in the table.
    func maintenanceOpened(_ serial: String) -> Int64? {
        table[serial].flatMap { $0.maintenanceOpenedAt == .min ? nil : $0.maintenanceOpenedAt }
    }

    mutating func setMaintenanceOpened(_ serial: String, at milliseconds: Int64) {
        table.update(serial) { $0.maintenanceOpenedAt = milliseconds }
    }

    subscript(serial: String) -> Airframe? {
        get {
            guard let p = table[serial] else { return nil }
            return Airframe(
                serial: serial, model: table.name(p.model) ?? "", batch: table.name(p.batch), state: p.state, unit: table.name(p.unit),
                flightMinutes: Int(p.flightMinutes), minutesSinceService: Int(p.minutesSinceService),
                serviceBaseline: T.time(p.serviceBaseline), qcAttempts: Int(p.qcAttempts), firstPassAt: T.time(p.firstPassAt),
                awaitingQCBy: table.name(p.awaitingQCBy), registeredAt: Timestamp(milliseconds: p.registeredAt),
                stateSince: Timestamp(milliseconds: p.stateSince), lastEventAt: Timestamp(milliseconds: p.lastEventAt))
        }
        set {
            // An airframe's own fields are replaced; its maintenance's start is kept.
            let opened = table[serial]?.maintenanceOpenedAt ?? .min
            let row = newValue.map { a in
                Packed(
                    model: table.intern(a.model), batch: table.intern(a.batch), unit: table.intern(a.unit), awaitingQCBy: table.intern(a.awaitingQCBy),
                    qcAttempts: UInt32(clamping: a.qcAttempts), state: a.state,
                    flightMinutes: Int64(a.flightMinutes), minutesSinceService: Int64(a.minutesSinceService),
                    serviceBaseline: T.time(a.serviceBaseline), firstPassAt: T.time(a.firstPassAt),
                    registeredAt: a.registeredAt.milliseconds, stateSince: a.stateSince.milliseconds, lastEventAt: a.lastEventAt.milliseconds,
                    maintenanceOpenedAt: opened)
            }
            table[serial] = row
        }
    }
}
