import Foundation
import GRDB
import HangarCore

/// Answers the rules' questions from SQLite, inside the caller's transaction.
struct StoreReader: LedgerReader {
    let db: Database

    func staffCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM staff")) ?? 0
    }

    func adminCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM staff_roles WHERE role = 'admin'")) ?? 0
    }

    func staff(_ id: String) throws -> Staff? {
        try Row.fetchOne(db.cachedStatement(sql: "\(StaffRow.selectAll) WHERE s.id = ?"), arguments: [id]).map(Decode.staff)
    }

    func unitExists(_ name: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM units WHERE name = ?)"), arguments: [name]) ?? false
    }

    func model(_ name: String) throws -> AirframeModel? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, service_minutes, service_days, checklist_version FROM models WHERE name = ?"), arguments: [name]) else {
            return nil
        }
        let version: Int = row["checklist_version"]
        return AirframeModel(
            name: row["name"], serviceMinutes: row["service_minutes"], serviceDays: row["service_days"],
            checklistVersion: version, checklist: try checklist(name, version: version))
    }

    func checklist(_ model: String, version: Int) throws -> [ChecklistItem] {
        try Row.fetchAll(
            db.cachedStatement(sql: "\(ChecklistItemRow.selectAll) WHERE model = ? AND version = ? ORDER BY position"),
            arguments: [model, version]
        ).map(Decode.checklistItem)
    }

    func airframe(_ serial: String) throws -> Airframe? {
        try Row.fetchOne(db.cachedStatement(sql: "\(AirframeRow.selectAll) WHERE serial = ?"), arguments: [serial]).map(Decode.airframe)
    }

    func operatorRecord(_ id: String) throws -> Operator? {
        try Row.fetchOne(db.cachedStatement(sql: "\(OperatorRow.selectAll) WHERE id = ?"), arguments: [id]).map(Decode.operatorRecord)
    }

    func workshop() throws -> Workshop {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, capacity_per_year FROM workshop WHERE id = 1")) else { return Workshop() }
        return Workshop(name: row["name"], capacityPerYear: row["capacity_per_year"])
    }

    func activeHistory(of serial: String) throws -> [RecordedEvent] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                \(EventRow.selectAll)
                WHERE subject = ? AND kind IN (\(Decode.airframeKindList)) AND kind <> 'undo'
                  AND id NOT IN (SELECT event_id FROM undone)
                ORDER BY seq
                """),
            arguments: [serial]
        ).map(Decode.event)
    }
}

/// The configuration tables of one transaction, in memory.
struct ConfigurationCache {
    var workshop: Workshop
    var staff: [String: Staff] = [:]
    var units: Set<String> = []
    var models: [String: AirframeModel] = [:]
}

/// The rules' questions answered from the writer's cache for configuration and from
/// SQLite for airframes, operators and history.
struct CachedReader: LedgerReader {
    let db: Database
    let writer: LogWriter
    var store: StoreReader { StoreReader(db: db) }

    func staffCount() throws -> Int { try writer.cachedConfiguration().staff.count }
    func adminCount() throws -> Int { try writer.cachedConfiguration().staff.values.filter { $0.has(.admin) }.count }
    func staff(_ id: String) throws -> Staff? { try writer.cachedConfiguration().staff[id] }
    func unitExists(_ name: String) throws -> Bool { try writer.cachedConfiguration().units.contains(name) }
    func model(_ name: String) throws -> AirframeModel? { try writer.cachedConfiguration().models[name] }
    func workshop() throws -> Workshop { try writer.cachedConfiguration().workshop }
    func airframe(_ serial: String) throws -> Airframe? {
        if let known = writer.airframes[serial] { return known }
        let read = try store.airframe(serial)
        if let read { try writer.remember(read) }
        return read
    }
    func operatorRecord(_ id: String) throws -> Operator? { try store.operatorRecord(id) }
    func activeHistory(of serial: String) throws -> [RecordedEvent] { try store.activeHistory(of: serial) }
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


    static func staff(_ row: Row) throws -> Staff { try StaffRow(row: row).staff }
    static func checklistItem(_ row: Row) throws -> ChecklistItem { try ChecklistItemRow(row: row).item }
    static func airframe(_ row: Row) throws -> Airframe { try AirframeRow(row: row).airframe }
    static func operatorRecord(_ row: Row) throws -> Operator { try OperatorRow(row: row).record }
    static func flight(_ row: Row) throws -> FlightRecord { try FlightRow(row: row).flight }
    static func event(_ row: Row) throws -> RecordedEvent { try EventRow(row: row).event }
}
