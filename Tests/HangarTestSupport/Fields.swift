import Foundation
import HangarCore

/// Tests write events as a flat bag of fields (`Fields { $0.model = "FPV-7" }`), turned into
/// the typed `EventBody` of a kind through the same strict decoder that reads import lines
/// and API bodies, so a test's event is exactly what a line with those fields would give.
public struct Fields: Codable, Equatable, Sendable {
    public var model: String?
    public var batch: String?
    public var unit: String?
    public var minutes: Int?
    public var purpose: FlightPurpose?
    public var `operator`: String?
    public var reason: String?
    public var part: String?
    public var work: String?
    public var name: String?
    public var roles: [Role]?
    public var capacityPerYear: Int?
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    public var checklist: [ChecklistItem]?
    public var checks: [String: CheckResult]?
    public var measures: [String: Double]?
    public var defects: [String]?
    public var checklistVersion: Int?
    public var attempt: Int?
    public var outcome: QCOutcome?
    public var limits: [ChecklistItem]?
    public var undoes: String?
    public var component: String?
    public var lot: String?
    public var qty: Int?
    public var disposition: Disposition?
    public var note: String?

    public init() {}

    public static func with(_ set: (inout Fields) -> Void) -> Fields {
        var fields = Fields()
        set(&fields)
        return fields
    }

    enum CodingKeys: String, CodingKey {
        case model, batch, unit, minutes, purpose, `operator`, reason, part, work, name, roles
        case capacityPerYear = "capacity_per_year", serviceMinutes = "service_minutes"
        case serviceDays = "service_days", checklist, checks, measures, defects
        case checklistVersion = "checklist_version", attempt, outcome, limits, undoes, component, lot, qty, disposition, note
    }

    /// The typed fields of an event of `kind`; throws what a line with these fields would.
    public func body(_ kind: EventKind) throws -> EventBody {
        var copy = self
        copy.note = nil
        let json = try JSONEncoder().encode(copy)
        guard case let .object(object) = try JSONReader.read(json) else { fatalError("an object encodes as an object") }
        for key in object.keys where !(kind.payloadType?.fieldNames.contains(key) ?? false) {
            throw HangarError.unexpectedField(event: kind.rawValue, field: key, allowed: kind.inputFields)
        }
        return try EventBody(kind: kind, from: StrictDecoder(.object(object), event: kind.rawValue))
    }

    /// The fields of a typed body (and a note).
    public init(_ body: EventBody, note: String?) {
        let encoder = JSONEncoder()
        var object = (try? JSONReader.read(try encoder.encode(Wrapper(body: body)))) ?? .object(JSONObject())
        if case var .object(o) = object, let note { o["note"] = .string(note); object = .object(o) }
        self = (try? JSONDecoder().decode(Fields.self, from: try encoder.encode(Reencoded(value: object)))) ?? Fields()
    }

    struct Wrapper: Encodable {
        let body: EventBody
        func encode(to encoder: any Encoder) throws {
            _ = encoder.container(keyedBy: CodingKeys.self)
            try body.encode(to: encoder)
        }
    }

    struct Reencoded: Encodable {
        let value: JSONValue
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch value {
            case .null: try c.encodeNil()
            case let .bool(b): try c.encode(b)
            case let .number(text): try c.encode(Double(text)!)
            case let .string(s): try c.encode(s)
            case let .array(items): try c.encode(items.map(Reencoded.init))
            case let .object(o):
                try c.encode(Dictionary(uniqueKeysWithValues: o.members.map { ($0.key, Reencoded(value: $0.value)) }))
            }
        }
    }
}

extension EventInput {
    /// An input from flat fields (the note among them).
    public init(id: String, kind: EventKind, subject: String, occurredAt: Timestamp, recordedAt: Timestamp? = nil,
                actor: String, data: Fields = Fields()) throws {
        self.init(id: id, subject: subject, occurredAt: occurredAt, recordedAt: recordedAt, actor: actor,
                  body: try data.body(kind), note: data.note)
    }

    public var data: Fields { Fields(body, note: note) }
}

extension RecordedEvent {
    /// The event's fields and note as a flat bag, for assertions.
    public var data: Fields { Fields(body, note: note) }
}
