import Foundation
import GRDB
import HangarCore

/// Answers the rules' questions from SQLite, inside the caller's transaction.
struct StoreReader: LedgerReader, FlightHistoryReader {
    let db: Database

    func staffCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM staff")) ?? 0
    }

    func adminCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM staff_roles WHERE role = 'admin'")) ?? 0
    }

    func staff(_ id: String) throws -> Staff? {
        try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.staff), arguments: [id], Decode.staff)
    }

    func unitExists(_ name: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM units WHERE name = ?)"), arguments: [name]) ?? false
    }

    func model(_ name: String) throws -> AirframeModel? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, service_minutes, service_days, checklist_version, exw_price, defect_codes FROM models WHERE name = ?"), arguments: [name]) else {
            return nil
        }
        let version: Int = row["checklist_version"]
        return AirframeModel(
            name: row["name"], serviceMinutes: row["service_minutes"], serviceDays: row["service_days"],
            checklistVersion: version, checklist: try checklist(name, version: version), exwPrice: row["exw_price"],
            defectCodes: try Decode.codes(row["defect_codes"], model: name))
    }

    func checklist(_ model: String, version: Int) throws -> [ChecklistItem] {
        try Row.decodeAll(
            db.cachedStatement(sql: ReaderSQL.checklist),
            arguments: [model, version], Decode.checklistItem
        )
    }

    func airframe(_ serial: String) throws -> Airframe? {
        try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.airframe), arguments: [serial], Decode.airframe)
    }

    func operatorRecord(_ id: String) throws -> Operator? {
        try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.operatorRecord), arguments: [id], Decode.operatorRecord)
    }

    func workshop() throws -> Workshop {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, capacity_per_year, country, currency, cost_recorded, timezone, code FROM workshop WHERE id = 1")) else { return Workshop() }
        return Workshop(name: row["name"], capacityPerYear: row["capacity_per_year"], country: row["country"], currency: row["currency"],
                        costRecorded: try row.decode(Bool.self, forColumn: "cost_recorded"), timezone: row["timezone"], code: row["code"])
    }

    func part(_ number: String) throws -> Part? {
        try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.part), arguments: [number]) { try PartRow(row: $0).part }
    }

    func bom(_ model: String) throws -> BOM? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT version, enforced FROM boms WHERE model = ? ORDER BY version DESC LIMIT 1"), arguments: [model]) else { return nil }
        let version: Int = try row.decode(forColumn: "version")
        return BOM(model: model, version: version, lines: try bomLines(model, version: version), enforced: try row.decode(forColumn: "enforced"))
    }

    func bomLines(_ model: String, version: Int) throws -> [BOMLine] {
        try Row.decodeAll(db.cachedStatement(sql: ReaderSQL.bomLines), arguments: [model, version]) { try BOMLineRow(row: $0).line }
    }

    func piece(_ serial: String) throws -> Piece? {
        try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.piece), arguments: [serial]) { try PieceRow(row: $0).piece }
    }

    func lot(part: String, lot: String) throws -> Lot? {
        try Row.decodeOne(db.cachedStatement(sql: ReaderSQL.lot), arguments: [part, lot]) { try LotRow(row: $0).lot }
    }

    func installedPieces(in airframe: String) throws -> [Piece] {
        try Row.decodeAll(db.cachedStatement(sql: ReaderSQL.installedPieces), arguments: [airframe]) { try PieceRow(row: $0).piece }
    }

    func holdings(in airframe: String) throws -> [LotHolding] {
        try Row.decodeAll(db.cachedStatement(sql: ReaderSQL.holdings), arguments: [airframe]) { try HoldingRow(row: $0).holding }
    }

    func installedOnBOM(_ part: String, in airframe: String) throws -> Int {
        let pieces = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM pieces WHERE airframe = ? AND part = ? AND off_bom = 0"), arguments: [airframe, part]) ?? 0
        let lots = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT coalesce(sum(qty - off_bom_qty), 0) FROM lot_holdings WHERE airframe = ? AND part = ?"),
            arguments: [airframe, part]) ?? 0
        return pieces + lots
    }

    func history(of mention: Mention) throws -> [RecordedEvent] { try events(naming: mention, kinds: "e.kind <> 'undo'") }

    /// The non-undone installs and removals that name a piece or lot, in log order: what a
    /// recall reads of its history (most of a motor's history is the flights it flew).
    func moves(of mention: Mention) throws -> [RecordedEvent] { try events(naming: mention, kinds: "e.kind IN ('install', 'remove')") }

    /// The non-undone events of the kinds `kinds` (a condition on `e.kind`) that name `mention`.
    private func events(naming mention: Mention, kinds: String) throws -> [RecordedEvent] {
        try Row.decodeAll(
            db.cachedStatement(sql: """
                SELECT \(EventRow.Columns.allCases.map { "e.\($0.rawValue)" }.joined(separator: ", "))
                FROM mentions m JOIN events e ON e.seq = m.seq
                WHERE m.ref = ? AND \(kinds) AND e.id NOT IN (SELECT event_id FROM undone)
                ORDER BY m.seq
                """),
            arguments: [mention.key], Decode.event
        )
    }

    func operatorMinutes(_ id: String, from: Timestamp, to: Timestamp) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT coalesce(sum(minutes), 0) FROM flights WHERE operator = ? AND occurred_at >= ? AND occurred_at < ?"),
            arguments: [id, from.storageText, to.storageText]) ?? 0
    }

    func mentions(of eventID: String) throws -> [Mention] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT ref FROM mentions WHERE seq = (SELECT seq FROM events WHERE id = ?) ORDER BY ref"),
            arguments: [eventID]
        ).map { key in
            guard let m = Mention(key: key) else { throw Read.fail("mentions", eventID, "ref", key) }
            return m
        }
    }

    func activeHistory(of serial: String) throws -> [RecordedEvent] {
        try Row.decodeAll(
            db.cachedStatement(sql: """
                \(EventRow.selectAll)
                WHERE subject = ? AND kind IN (\(Decode.airframeKindList)) AND kind <> 'undo'
                  AND id NOT IN (SELECT event_id FROM undone)
                ORDER BY seq
                """),
            arguments: [serial], Decode.event
        )
    }
}

/// The configuration tables of one transaction, in memory.
struct ConfigurationCache {
    var workshop: Workshop
    var staff: [String: Staff] = [:]
    var units: Set<String> = []
    /// The models read so far (nil: read and not there), filled by `LogWriter.cachedModel`.
    var models: [String: AirframeModel?] = [:]
}

/// The rules' questions answered from the writer's cache for configuration and from
/// SQLite for airframes, operators and history.
struct CachedReader: LedgerReader, FlightHistoryReader {
    let db: Database
    let writer: LogWriter
    var store: StoreReader { StoreReader(db: db) }

    func staffCount() throws -> Int { try writer.cachedConfiguration().staff.count }
    func adminCount() throws -> Int { try writer.cachedConfiguration().staff.values.filter { $0.has(.admin) }.count }
    func staff(_ id: String) throws -> Staff? { try writer.cachedConfiguration().staff[id] }
    func unitExists(_ name: String) throws -> Bool { try writer.cachedConfiguration().units.contains(name) }
    func model(_ name: String) throws -> AirframeModel? { try writer.cachedModel(name) }
    func workshop() throws -> Workshop { try writer.cachedConfiguration().workshop }
    func airframe(_ serial: String) throws -> Airframe? {
        if let known = writer.airframes[serial] { return known }
        let read = try store.airframe(serial)
        if let read { try writer.remember(read) }
        return read
    }
    func operatorRecord(_ id: String) throws -> Operator? { try store.operatorRecord(id) }
    func activeHistory(of serial: String) throws -> [RecordedEvent] { try store.activeHistory(of: serial) }
    func part(_ number: String) throws -> Part? { try writer.part(number) }
    func bom(_ model: String) throws -> BOM? { try writer.bom(model) }
    func piece(_ serial: String) throws -> Piece? { try writer.wornPieces[serial] ?? store.piece(serial) }
    func lot(part: String, lot: String) throws -> Lot? { try store.lot(part: part, lot: lot) }
    func installedPieces(in airframe: String) throws -> [Piece] { try writer.installedPieces(in: airframe) }
    func holdings(in airframe: String) throws -> [LotHolding] { try store.holdings(in: airframe) }
    func installedOnBOM(_ part: String, in airframe: String) throws -> Int { try store.installedOnBOM(part, in: airframe) }
    func history(of mention: Mention) throws -> [RecordedEvent] { try store.history(of: mention) }
    func mentions(of eventID: String) throws -> [Mention] { try store.mentions(of: eventID) }
    func operatorMinutes(_ id: String, from: Timestamp, to: Timestamp) throws -> Int { try store.operatorMinutes(id, from: from, to: to) }
}

/// Rows to core values, through the record types of `Records/`: a row that does not read is
/// an error (`HangarError.storage`) naming the table, the row and the column.
enum Decode {
    static let airframeKindList = EventKind.airframeKinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
    static let operatorKindList = EventKind.operatorKinds.map { "'\($0.rawValue)'" }.joined(separator: ",")

    /// A time read by an aggregate query, `what` naming where it comes from.
    static func time(_ text: String, _ what: String = "a time column") throws -> Timestamp {
        guard let t = Timestamp(storageText: text) else {
            throw HangarError.storage("\(what) holds '\(Names.printable(text))', which is not a stored time")
        }
        return t
    }


    /// A model's defect catalogue as stored: a JSON array of codes, or NULL for none.
    static func codesText(_ codes: [String]?) -> String? {
        guard let codes, let data = try? JSONEncoder().encode(codes) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func codes(_ text: String?, model: String) throws -> [String]? {
        guard let text else { return nil }
        if let codes = plainStrings(text) { return codes }
        guard let codes = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw Read.fail("models", model, "defect_codes", text)
        }
        return codes
    }

    /// A JSON array of strings as `codesText` writes it, when no string has an escape
    /// (`["MOTOR","PROP"]`), read without a JSONDecoder (whose first use is a good part of
    /// reading a model for one CLI write); nil for anything else, which the decoder reads.
    static func plainStrings(_ text: String) -> [String]? {
        let bytes = Array(text.utf8)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), backslash = UInt8(ascii: "\\")
        guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]"), !bytes.contains(backslash) else { return nil }
        var strings: [String] = []
        var i = 1
        let end = bytes.count - 1
        if i == end { return strings }
        while true {
            guard i < end, bytes[i] == quote, let close = bytes[(i + 1)..<end].firstIndex(of: quote) else { return nil }
            guard !bytes[(i + 1)..<close].contains(where: { $0 < 0x20 }) else { return nil }
            strings.append(String(decoding: bytes[(i + 1)..<close], as: UTF8.self))
            i = close + 1
            if i == end { return strings }
            guard bytes[i] == comma else { return nil }
            i += 1
        }
    }

    static func staff(_ row: Row) throws -> Staff { try StaffRow(row: row).staff }
    static func checklistItem(_ row: Row) throws -> ChecklistItem { try ChecklistItemRow(row: row).item }
    static func airframe(_ row: Row) throws -> Airframe { try AirframeRow(row: row).airframe }
    static func operatorRecord(_ row: Row) throws -> Operator { try OperatorRow(row: row).record }
    static func flight(_ row: Row) throws -> FlightRecord { try FlightRow(row: row).flight }
    static func event(_ row: Row) throws -> RecordedEvent { try EventRow(row: row).event }
}

/// The reader's queries, each made once: a column list is joined from its table's enum, and
/// the rules ask some of these for every line of an import.
enum ReaderSQL {
    static let staff = "\(StaffRow.selectAll) WHERE s.id = ?"
    static let checklist = "\(ChecklistItemRow.selectAll) WHERE model = ? AND version = ? ORDER BY position"
    static let airframe = "\(AirframeRow.selectAll) WHERE serial = ?"
    static let operatorRecord = "\(OperatorRow.selectAll) WHERE id = ?"
    static let part = "\(PartRow.selectAll) WHERE number = ?"
    static let bomLines = "\(BOMLineRow.selectAll) WHERE model = ? AND version = ? ORDER BY line"
    static let piece = "\(PieceRow.selectAll) WHERE serial = ?"
    static let lot = "\(LotRow.selectAll) WHERE part = ? AND lot = ?"
    static let installedPieces = "\(PieceRow.selectAll) WHERE airframe = ? ORDER BY serial"
    static let holdings = "\(HoldingRow.selectAll) WHERE airframe = ? ORDER BY part, lot"
    static let eventByID = "\(EventRow.selectAll) WHERE id = ?"
}
