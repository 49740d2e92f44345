import Foundation
import GRDB
import HangarCore

/// A row of `airframes`: the airframe projection.
struct AirframeRow: ColumnTable {
    static let databaseTableName = "airframes"
    enum Columns: String, CaseIterable, ColumnExpression {
        case serial, model, batch, state, unit
        case flightMinutes = "flight_minutes", minutesSinceService = "minutes_since_service"
        case serviceBaselineAt = "service_baseline_at", qcAttempts = "qc_attempts", firstPassAt = "first_pass_at"
        case awaitingQCBy = "awaiting_qc_by", registeredAt = "registered_at", stateSince = "state_since", lastEventAt = "last_event_at"
    }

    var airframe: Airframe

    init(row: Row) throws {
        let serial: String = try row.decode(forColumn: Columns.serial)
        func time(_ c: Columns) throws -> Timestamp { try Read.time((try row.decode(String.self, forColumn: c)), "airframes", serial, c.rawValue) }
        func optionalTime(_ c: Columns) throws -> Timestamp? { try Read.time((try row.decode(String?.self, forColumn: c)), "airframes", serial, c.rawValue) }
        airframe = Airframe(
            serial: serial, model: try row.decode(forColumn: Columns.model), batch: try row.decode(forColumn: Columns.batch),
            state: try Read.value(AirframeState.self, try row.decode(forColumn: Columns.state), "airframes", serial, "state"), unit: try row.decode(forColumn: Columns.unit),
            flightMinutes: try row.decode(forColumn: Columns.flightMinutes), minutesSinceService: try row.decode(forColumn: Columns.minutesSinceService),
            serviceBaseline: try optionalTime(.serviceBaselineAt), qcAttempts: try row.decode(forColumn: Columns.qcAttempts),
            firstPassAt: try optionalTime(.firstPassAt), awaitingQCBy: try row.decode(forColumn: Columns.awaitingQCBy),
            registeredAt: try time(.registeredAt), stateSince: try time(.stateSince), lastEventAt: try time(.lastEventAt))
    }

    /// The values in the order of `Columns`.
    static func arguments(_ a: Airframe) -> StatementArguments {
        [a.serial, a.model, a.batch, a.state.rawValue, a.unit, a.flightMinutes, a.minutesSinceService,
         a.serviceBaseline?.storageText, a.qcAttempts, a.firstPassAt?.storageText, a.awaitingQCBy,
         a.registeredAt.storageText, a.stateSince.storageText, a.lastEventAt.storageText]
    }

    /// Inserts the airframe or replaces every column of its row.
    static let upsert = """
        INSERT INTO airframes (\(columnList)) VALUES (\(placeholders))
        ON CONFLICT(serial) DO UPDATE SET \(Columns.allCases.dropFirst().map { "\($0.rawValue) = excluded.\($0.rawValue)" }.joined(separator: ", "))
        """
}

/// A row of `operators`.
struct OperatorRow: ColumnTable {
    static let databaseTableName = "operators"
    enum Columns: String, CaseIterable, ColumnExpression { case id, name, unit, state, lastEventAt = "last_event_at" }

    var record: Operator

    init(row: Row) throws {
        let id: String = try row.decode(forColumn: Columns.id)
        record = Operator(
            id: id, name: try row.decode(forColumn: Columns.name), unit: try row.decode(forColumn: Columns.unit),
            state: try Read.value(OperatorState.self, try row.decode(forColumn: Columns.state), "operators", id, "state"),
            lastEventAt: try Read.time((try row.decode(String.self, forColumn: Columns.lastEventAt)), "operators", id, "last_event_at"))
    }
}

/// A row of `flights`: a non-undone flight.
struct FlightRow: ColumnTable {
    static let databaseTableName = "flights"
    enum Columns: String, CaseIterable, ColumnExpression {
        case eventID = "event_id", serial, `operator`, minutes, purpose, occurredAt = "occurred_at"
    }

    var flight: FlightRecord

    init(row: Row) throws {
        let id: String = try row.decode(forColumn: Columns.eventID)
        flight = FlightRecord(
            eventID: id, serial: try row.decode(forColumn: Columns.serial), operatorID: try row.decode(forColumn: Columns.operator), minutes: try row.decode(forColumn: Columns.minutes),
            purpose: try Read.value(FlightPurpose.self, try row.decode(forColumn: Columns.purpose), "flights", id, "purpose"),
            occurredAt: try Read.time((try row.decode(String.self, forColumn: Columns.occurredAt)), "flights", id, "occurred_at"))
    }
}

/// A row of `checklist_items`: one item of one version of a model's checklist.
struct ChecklistItemRow: ColumnTable {
    static let databaseTableName = "checklist_items"
    enum Columns: String, CaseIterable, ColumnExpression { case model, version, position, key, kind, unit, min, max, description }

    var model: String
    var version: Int
    var item: ChecklistItem

    init(row: Row) throws {
        model = try row.decode(forColumn: Columns.model)
        version = try row.decode(forColumn: Columns.version)
        let key: String = try row.decode(forColumn: Columns.key)
        item = ChecklistItem(
            key: key, kind: try Read.value(ChecklistItem.Kind.self, try row.decode(forColumn: Columns.kind), "checklist_items", "\(model) v\(version) \(key)", "kind"),
            unit: try row.decode(forColumn: Columns.unit), min: try row.decode(forColumn: Columns.min), max: try row.decode(forColumn: Columns.max),
            description: try row.decode(forColumn: Columns.description))
    }
}

/// A staff member: a row of `staff` with the roles of `staff_roles`.
struct StaffRow: FetchableRecord {
    /// The columns read, from `staff s` (joins name it so): its roles gathered from `staff_roles`.
    static let columns = "s.id, s.name, s.lang, (SELECT group_concat(r.role, ',') FROM staff_roles r WHERE r.staff_id = s.id) AS roles"
    static let selectAll = "SELECT \(columns) FROM staff s"

    var staff: Staff

    init(row: Row) throws {
        let id: String = try row.decode(forColumn: "id")
        let roles: String = try row.decode(String?.self, forColumn: "roles") ?? ""
        staff = Staff(
            id: id, name: try row.decode(forColumn: "name"),
            roles: try roles.split(separator: ",").map { try Read.value(Role.self, String($0), "staff_roles", id, "role") }.sorted(),
            lang: try row.decode(String?.self, forColumn: "lang").map { try Read.value(Language.self, $0, "staff", id, "lang") })
    }
}

/// A row of `events`.
struct EventRow: ColumnTable {
    static let databaseTableName = "events"
    enum Columns: String, CaseIterable, ColumnExpression {
        case seq, id, subject, kind, fromState = "from_state", toState = "to_state"
        case occurredAt = "occurred_at", recordedAt = "recorded_at", actor, data, hash
    }

    var event: RecordedEvent
    /// The `data` column as stored (the hash covers this text).
    var dataText: String
    var hash: String

    init(row: Row) throws { try self.init(row: row, forMetrics: false) }

    /// `forMetrics`: QC's `limits` are not read (see `EventLine.decodeData`).
    init(row: Row, forMetrics: Bool) throws {
        let columns = try StoredEventColumns(row: row)
        dataText = columns.data
        hash = columns.hash
        event = try columns.event(forMetrics: forMetrics)
    }
}

/// An event row's columns as stored, before its data is read: taken from SQLite on the
/// connection's thread, and made into a `RecordedEvent` on any thread.
struct StoredEventColumns: Sendable {
    var seq: Int64
    var kind: String
    var id: String
    var subject: String
    var fromState: String?
    var toState: String?
    var occurredAt: String
    var recordedAt: String
    var actor: String
    var data: String
    var hash: String

    init(row: Row) throws {
        typealias Columns = EventRow.Columns
        seq = try row.decode(forColumn: Columns.seq)
        kind = try row.decode(forColumn: Columns.kind)
        id = try row.decode(forColumn: Columns.id)
        subject = try row.decode(forColumn: Columns.subject)
        fromState = try row.decode(forColumn: Columns.fromState)
        toState = try row.decode(forColumn: Columns.toState)
        occurredAt = try row.decode(forColumn: Columns.occurredAt)
        recordedAt = try row.decode(forColumn: Columns.recordedAt)
        actor = try row.decode(forColumn: Columns.actor)
        data = try row.decode(forColumn: Columns.data)
        hash = try row.decode(forColumn: Columns.hash)
    }

    /// The event, its data read as its kind's fields (`forMetrics`: without QC's `limits`).
    func event(forMetrics: Bool) throws -> RecordedEvent {
        let label = "#\(seq)"
        guard let kind = EventKind(rawValue: kind) else { throw Read.fail("events", label, "kind", self.kind) }
        let fields: (body: EventBody, note: String?)
        do {
            fields = try EventLine.decodeData(Data(data.utf8), kind: kind, forMetrics: forMetrics)
        } catch {
            throw HangarError.storage("event #\(seq): its data does not read as a '\(kind.rawValue)' event: \(error)")
        }
        return RecordedEvent(
            seq: seq, id: id, subject: subject, fromState: fromState, toState: toState,
            occurredAt: try Read.time(occurredAt, "events", label, "occurred_at"),
            recordedAt: try Read.time(recordedAt, "events", label, "recorded_at"),
            actor: actor, body: fields.body, note: fields.note)
    }
}
