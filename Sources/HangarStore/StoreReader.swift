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
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Decode.staffColumns) FROM staff s WHERE s.id = ?"), arguments: [id]).map(Decode.staff)
    }

    func unitExists(_ name: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM units WHERE name = ?)"), arguments: [name]) ?? false
    }

    func model(_ name: String) throws -> AirframeModel? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM models WHERE name = ?"), arguments: [name]) else {
            return nil
        }
        let version: Int = row["checklist_version"]
        return AirframeModel(
            name: row["name"], serviceMinutes: row["service_minutes"], serviceDays: row["service_days"],
            checklistVersion: version, checklist: try checklist(name, version: version))
    }

    func checklist(_ model: String, version: Int) throws -> [ChecklistItem] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM checklist_items WHERE model = ? AND version = ? ORDER BY position"),
            arguments: [model, version]
        ).map(Decode.checklistItem)
    }

    func airframe(_ serial: String) throws -> Airframe? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM airframes WHERE serial = ?"), arguments: [serial]).map(Decode.airframe)
    }

    func operatorRecord(_ id: String) throws -> Operator? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM operators WHERE id = ?"), arguments: [id]).map(Decode.operatorRecord)
    }

    func workshop() throws -> Workshop {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM workshop WHERE id = 1")) else { return Workshop() }
        return Workshop(name: row["name"], capacityPerYear: row["capacity_per_year"])
    }

    func activeHistory(of serial: String) throws -> [RecordedEvent] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT * FROM events
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
        if let read { writer.remember(read) }
        return read
    }
    func operatorRecord(_ id: String) throws -> Operator? { try store.operatorRecord(id) }
    func activeHistory(of serial: String) throws -> [RecordedEvent] { try store.activeHistory(of: serial) }
}

/// Rows to core values.
enum Decode {
    static let airframeKindList = EventKind.airframeKinds.map { "'\($0.rawValue)'" }.joined(separator: ",")
    static let operatorKindList = EventKind.operatorKinds.map { "'\($0.rawValue)'" }.joined(separator: ",")

    static func time(_ text: String) -> Timestamp {
        // An unreadable time (a hand-edited row) reads as the earliest moment, so that
        // `verify` reports the difference instead of the program stopping.
        Timestamp(storageText: text) ?? Timestamp(milliseconds: Int64.min / 2)
    }

    static func optionalTime(_ text: String?) -> Timestamp? { text.map(time) }

    /// The columns `staff(_:)` reads, from `staff s`: its roles gathered from `staff_roles`.
    static let staffColumns = "s.id, s.name, (SELECT group_concat(r.role, ',') FROM staff_roles r WHERE r.staff_id = s.id) AS roles"

    static func staff(_ row: Row) -> Staff {
        let roles: String = row["roles"] ?? ""
        return Staff(id: row["id"], name: row["name"], roles: roles.split(separator: ",").compactMap { Role(rawValue: String($0)) }.sorted())
    }

    static func checklistItem(_ row: Row) -> ChecklistItem {
        ChecklistItem(
            key: row["key"], kind: ChecklistItem.Kind(rawValue: row["kind"]) ?? .check,
            unit: row["unit"], min: row["min"], max: row["max"])
    }

    /// An `airframes` row, by position in `SELECT *` (the v1 column order), which is faster
    /// than by name on the write path.
    static func airframe(_ row: Row) -> Airframe {
        Airframe(
            serial: row[0], model: row[1], batch: row[2],
            state: AirframeState(rawValue: row[3]) ?? .assembly, unit: row[4],
            flightMinutes: row[5], minutesSinceService: row[6],
            serviceBaseline: optionalTime(row[7]), qcAttempts: row[8],
            firstPassAt: optionalTime(row[9]), awaitingQCBy: row[10],
            registeredAt: time(row[11]), stateSince: time(row[12]),
            lastEventAt: time(row[13]))
    }

    static func operatorRecord(_ row: Row) -> Operator {
        Operator(
            id: row["id"], name: row["name"], unit: row["unit"],
            state: OperatorState(rawValue: row["state"]) ?? .enrolled, lastEventAt: time(row["last_event_at"]))
    }

    static func flight(_ row: Row) -> FlightRecord {
        FlightRecord(
            eventID: row["event_id"], serial: row["serial"], operatorID: row["operator"], minutes: row["minutes"],
            purpose: FlightPurpose(rawValue: row["purpose"]) ?? .operational, occurredAt: time(row["occurred_at"]))
    }

    static func event(_ row: Row) throws -> RecordedEvent {
        let kindName: String = row["kind"]
        guard let kind = EventKind(rawValue: kindName) else {
            throw HangarError.storage("event #\(row["seq"] as Int64): unknown kind '\(kindName)'")
        }
        let dataText: String = row["data"]
        let fields: (body: EventBody, note: String?)
        do {
            fields = try EventLine.decodeData(Data(dataText.utf8), kind: kind)
        } catch {
            throw HangarError.storage("event #\(row["seq"] as Int64): its data does not read as a '\(kind.rawValue)' event: \(error)")
        }
        return RecordedEvent(
            seq: row["seq"], id: row["id"], subject: row["subject"], fromState: row["from_state"],
            toState: row["to_state"], occurredAt: time(row["occurred_at"]), recordedAt: time(row["recorded_at"]),
            actor: row["actor"], body: fields.body, note: fields.note)
    }
}
