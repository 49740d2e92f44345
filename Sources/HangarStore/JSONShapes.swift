import Foundation
import HangarCore

/// The stable JSON shapes of DESIGN §6, shared by `--json` on the command line and the
/// server's API: one Encodable type per shape, keys sorted when written, absent values
/// written as null where the shape names them.
public enum JSONOutput {
    /// Pretty-printed, for the terminal.
    public static func text(_ value: some Encodable) -> String { write(value, pretty) }

    /// One line, for the API.
    public static func compact(_ value: some Encodable) -> String { write(value, oneLine) }

    /// Configured once and never changed: safe to share between threads.
    static let pretty = makeEncoder([.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    static let oneLine = makeEncoder([.sortedKeys, .withoutEscapingSlashes])

    static func makeEncoder(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.userInfo[.interchangeLine] = true
        return encoder
    }

    static func write(_ value: some Encodable, _ encoder: JSONEncoder) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Every shape holds finite numbers and text only; this is a bug, said as one.
            return #"{"error":"the answer could not be written as JSON"}"#
        }
    }
}

/// The workshop's settings.
public struct WorkshopJSON: Encodable, Sendable {
    public var workshop: Workshop
    public init(_ workshop: Workshop) { self.workshop = workshop }
    enum CodingKeys: String, CodingKey { case name, capacityPerYear = "capacity_per_year", country, currency, timezone, code }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workshop.name, forKey: .name)
        try c.encode(workshop.capacityPerYear, forKey: .capacityPerYear)
        try c.encode(workshop.country, forKey: .country)
        try c.encode(workshop.currency, forKey: .currency)
        try c.encode(workshop.timezone, forKey: .timezone)
        try c.encode(workshop.code, forKey: .code)
    }
}

/// A staff member.
public struct StaffJSON: Encodable, Sendable {
    public var id: String
    public var name: String
    public var roles: [Role]
    public var lang: String?
    public init(_ s: Staff) { id = s.id; name = s.name; roles = s.roles; lang = s.lang?.rawValue }
}

/// A model with its checklist.
public struct ModelJSON: Encodable, Sendable {
    public var model: AirframeModel
    public init(_ model: AirframeModel) { self.model = model }
    enum CodingKeys: String, CodingKey {
        case name, serviceMinutes = "service_minutes", serviceDays = "service_days", checklistVersion = "checklist_version", checklist
        case exwPrice = "exw_price", defectCodes = "defect_codes"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model.name, forKey: .name)
        try c.encode(model.serviceMinutes, forKey: .serviceMinutes)
        try c.encode(model.serviceDays, forKey: .serviceDays)
        try c.encode(model.checklistVersion, forKey: .checklistVersion)
        try c.encode(model.checklist, forKey: .checklist)
        try c.encode(model.exwPrice, forKey: .exwPrice)
        try c.encode(model.defectCodes, forKey: .defectCodes)
    }
}

/// An airframe, with a page of its history when asked for one.
public struct AirframeJSON: Encodable, Sendable {
    public var view: AirframeView
    public var history: [HistoryEntry]?
    /// How many earlier events the page leaves out.
    public var historyEarlier: Int?
    public init(_ view: AirframeView, history: HistoryPage? = nil) {
        self.view = view
        self.history = history?.entries
        self.historyEarlier = history?.earlier
    }
    enum CodingKeys: String, CodingKey {
        case serial, model, batch, state, unit, flightMinutes = "flight_minutes", minutesSinceService = "minutes_since_service"
        case due, qcAttempts = "qc_attempts", firstPassAt = "first_pass_at", registeredAt = "registered_at"
        case stateSince = "state_since", history, historyEarlier = "history_earlier"
        case dueReasons = "due_reasons", installed, localContent = "local_content"
    }
    public func encode(to encoder: any Encoder) throws {
        let a = view.airframe
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(a.serial, forKey: .serial)
        try c.encode(a.model, forKey: .model)
        try c.encode(a.batch, forKey: .batch)
        try c.encode(a.state.rawValue, forKey: .state)
        try c.encode(a.unit, forKey: .unit)
        try c.encode(a.flightMinutes, forKey: .flightMinutes)
        try c.encode(a.minutesSinceService, forKey: .minutesSinceService)
        try c.encode(view.due, forKey: .due)
        try c.encode(a.qcAttempts, forKey: .qcAttempts)
        try c.encode(a.firstPassAt?.iso8601, forKey: .firstPassAt)
        try c.encode(a.registeredAt.iso8601, forKey: .registeredAt)
        try c.encode(a.stateSince.iso8601, forKey: .stateSince)
        try c.encode(view.dueReasons, forKey: .dueReasons)
        try c.encode(view.pieces.map { InstalledJSON(part: $0.part, component: $0.serial, lot: $0.lot, qty: 1, position: $0.position, offBOM: $0.offBOM, flightMinutes: $0.flightMinutes) }
            + view.holdings.map { InstalledJSON(part: $0.part, component: nil, lot: $0.lot, qty: $0.qty, position: nil, offBOM: $0.offBOMQty > 0, flightMinutes: nil) },
            forKey: .installed)
        try c.encode(view.localContent.map(LocalContentJSON.init), forKey: .localContent)
        try c.encodeIfPresent(history?.map { EventJSON($0.event, undoneBy: .some($0.undoneBy)) }, forKey: .history)
        try c.encodeIfPresent(historyEarlier, forKey: .historyEarlier)
    }
}

/// An event as the API and `--json` show it: its envelope (with sequence and states), its
/// note and fields; in a history, whether it was undone and by which event.
public struct EventJSON: Encodable, Sendable {
    public var event: RecordedEvent
    /// In a history: `.some(id)` of the undo, or `.some(nil)` if it stands; nil outside one.
    public var undoneBy: String??
    public init(_ event: RecordedEvent, undoneBy: String?? = nil) {
        self.event = event
        self.undoneBy = undoneBy
    }
    enum CodingKeys: String, CodingKey {
        case seq, id, event, at, recorded, by, from, to, note, undone, undoneBy = "undone_by"
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event.seq, forKey: .seq)
        try c.encode(event.id, forKey: .id)
        try c.encode(event.kind.rawValue, forKey: .event)
        try c.encode(event.occurredAt.iso8601, forKey: .at)
        try c.encode(event.recordedAt.iso8601, forKey: .recorded)
        try c.encode(event.actor, forKey: .by)
        try c.encode(event.fromState, forKey: .from)
        try c.encode(event.toState, forKey: .to)
        try c.encodeIfPresent(event.note, forKey: .note)
        if let undoneBy {
            try c.encode(undoneBy != nil, forKey: .undone)
            try c.encode(undoneBy, forKey: .undoneBy)
        }
        try event.body.encode(to: encoder)
    }
}

/// An operator, with their history when asked for it.
public struct OperatorJSON: Encodable, Sendable {
    public var view: OperatorView
    public var history: [RecordedEvent]?
    public init(_ view: OperatorView, history: [RecordedEvent]? = nil) {
        self.view = view
        self.history = history
    }
    enum CodingKeys: String, CodingKey {
        case id, name, unit, state, current, minutesLast90Days = "minutes_last_90_days", history
    }
    public func encode(to encoder: any Encoder) throws {
        let o = view.record
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(o.id, forKey: .id)
        try c.encode(o.name, forKey: .name)
        try c.encode(o.unit, forKey: .unit)
        try c.encode(o.state.rawValue, forKey: .state)
        try c.encode(view.current, forKey: .current)
        try c.encode(view.minutesLast90Days, forKey: .minutesLast90Days)
        try c.encodeIfPresent(history?.map { EventJSON($0) }, forKey: .history)
    }
}

/// The verdict on one checklist item of a QC run just recorded.
public struct VerdictJSON: Encodable, Sendable {
    public var verdict: ItemVerdict
    public init(_ verdict: ItemVerdict) { self.verdict = verdict }
    enum CodingKeys: String, CodingKey { case key, value, passed, limits, why }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verdict.item.key, forKey: .key)
        try c.encode(verdict.value, forKey: .value)
        try c.encode(verdict.passed, forKey: .passed)
        try c.encode(verdict.item.limitsText, forKey: .limits)
        try c.encode(verdict.why, forKey: .why)
    }
}
