import Foundation

/// The NDJSON interchange format (DESIGN §7): one event per line, the same fields
/// `hangar export` writes and `hangar import` reads.
public enum EventLine {
    static let envelopeKeys: Set<String> = ["id", "at", "by", "subject", "event", "recorded"]

    /// Parses one line into an event to record. Refuses malformed JSON, unknown or
    /// ill-typed fields and fields that do not belong to the event.
    public static func parse(_ line: Data) throws -> EventInput { try parseStamped(line).input }

    /// A line's event and its stamp (format, workshop code and sequence, chain hash).
    public static func parseStamped(_ line: Data) throws -> (input: EventInput, stamp: LineStamp) {
        guard case var .object(fields) = try JSONReader.read(line) else {
            throw HangarError.invalidValue(field: "line", value: preview(line), allowed: "each line must be one JSON object, {...}")
        }
        let stamp = try LineStamp.take(from: &fields)
        return (try input(from: fields), stamp)
    }

    /// A stored event as a format-2 line: the canonical JSON (RFC 8785) of its fields with the
    /// stamp, and the chain hash over the previous hash and the line without its stamp.
    public static func formatStamped(_ event: RecordedEvent, workshop: String?, previousHash: String,
                                     sha256: (String) -> String) throws -> (line: String, hash: String) {
        guard case var .object(fields) = try JSONReader.read(Data(try format(event).utf8)) else {
            throw HangarError.invalidValue(field: "event \(event.id)", value: "", allowed: "an event whose fields can be written as JSON")
        }
        let hash = sha256(previousHash + CanonicalJSON.text(.object(fields)))
        fields["format"] = .number(String(LineStamp.currentFormat))
        fields["hash"] = .string(hash)
        if let workshop {
            fields["workshop"] = .string(workshop)
            fields["workshop_seq"] = .number(String(event.seq))
        }
        return (CanonicalJSON.text(.object(fields)), hash)
    }

    /// An event to record from the object of a line (or of an API request, which the server
    /// completes with the author, a new id and the time).
    public static func input(from fields: JSONObject) throws -> EventInput {
        guard let eventValue = fields["event"] else { throw HangarError.missingField(event: "", field: "event") }
        guard case let .string(kindName) = eventValue else {
            throw HangarError.invalidValue(field: "event", value: eventValue.shown, allowed: "event must be a string")
        }
        guard let kind = EventKind(rawValue: kindName) else {
            throw HangarError.invalidValue(
                field: "event", value: Names.printable(kindName),
                allowed: "events are " + EventKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let allowed = kind.inputFields
        for key in fields.keys.sorted() where !envelopeKeys.contains(key) && key != "note" && !allowed.contains(key) {
            if EventKind.allFieldNames.contains(key) {
                throw HangarError.unexpectedField(event: kind.rawValue, field: key, allowed: allowed)
            }
            throw HangarError.invalidValue(field: "field", value: Names.printable(key), allowed: "not a field of the interchange format")
        }
        let decoder = StrictDecoder(.object(fields), event: kind.rawValue)
        let body = try EventBody(kind: kind, from: decoder)
        let envelope = try Envelope(from: decoder)
        return EventInput(
            id: envelope.id, subject: envelope.subject, occurredAt: try Timestamp.parse(envelope.at, field: "at"),
            recordedAt: try envelope.recorded.map { try Timestamp.parse($0, field: "recorded") },
            actor: envelope.by, body: body, note: envelope.note)
    }

    /// The fields every line has, and the note any event may carry.
    struct Envelope: Codable {
        var id: String
        var at: String
        var recorded: String?
        var by: String
        var subject: String
        var event: String
        var note: String?
    }

    /// A stored event as a line: its envelope, note and fields (stored-only fields left out).
    struct Line: Encodable {
        let event: RecordedEvent

        func encode(to encoder: any Encoder) throws {
            try Envelope(
                id: event.id, at: event.occurredAt.iso8601, recorded: event.recordedAt.iso8601, by: event.actor,
                subject: event.subject, event: event.kind.rawValue, note: event.note
            ).encode(to: encoder)
            try event.body.encode(to: encoder)
        }
    }

    /// The fields of a stored event and its note, as the `data` column holds them.
    struct StoredData: Encodable {
        let body: EventBody
        let note: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encodeIfPresent(note, forKey: AnyKey("note"))
            try body.encode(to: encoder)
        }
    }

    static func encoder(interchange: Bool) -> JSONEncoder { interchange ? lineEncoder : dataEncoder }

    /// Configured once; encoding with them is safe from any thread (they are not changed).
    static let lineEncoder = makeEncoder(interchange: true)
    static let dataEncoder = makeEncoder(interchange: false)

    static func makeEncoder(interchange: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if interchange { encoder.userInfo[.interchangeLine] = true }
        return encoder
    }

    /// Writes a stored event as one line (no newline), keys sorted, `limits` left out
    /// (the checklist version names them).
    public static func format(_ event: RecordedEvent) throws -> String {
        do {
            return String(decoding: try encoder(interchange: true).encode(Line(event: event)), as: UTF8.self)
        } catch {
            throw HangarError.invalidValue(field: "event \(event.id)", value: "\(error)", allowed: "an event whose fields can be written as JSON")
        }
    }

    /// The canonical JSON of an event's fields and note: sorted keys, absent fields left out.
    /// The hash chain covers this text.
    public static func canonicalJSON(_ body: EventBody, note: String?) throws -> Data {
        Data(try canonicalText(body, note: note).utf8)
    }

    /// `canonicalJSON` as text (the same bytes `JSONEncoder` writes with `dataEncoder`'s
    /// settings, by `StoredDataEncoder`).
    public static func canonicalText(_ body: EventBody, note: String?) throws -> String {
        do {
            return try StoredDataEncoder.encode(StoredData(body: body, note: note))
        } catch {
            throw HangarError.invalidValue(field: "event data", value: "\(error)", allowed: "fields that can be written as JSON (finite numbers)")
        }
    }

    /// The stored data as Foundation's `JSONEncoder` writes it: what `canonicalText` must
    /// equal, byte for byte (tests and the fuzzer compare them).
    static func foundationJSON(_ body: EventBody, note: String?) throws -> Data {
        do {
            return try encoder(interchange: false).encode(StoredData(body: body, note: note))
        } catch {
            throw HangarError.invalidValue(field: "event data", value: "\(error)", allowed: "fields that can be written as JSON (finite numbers)")
        }
    }

    /// The fields and note of a stored event of `kind` from its `data` column. A column that
    /// does not read as that kind's fields is an error, never a default.
    /// `forMetrics`: stored-only fields (QC's `limits`) are left out, which is cheaper.
    public static func decodeData(_ json: Data, kind: EventKind, forMetrics: Bool = false) throws -> (body: EventBody, note: String?) {
        guard case let .object(fields) = try JSONReader.read(json) else {
            throw HangarError.invalidValue(field: "data", value: preview(json), allowed: "an event's data is a JSON object")
        }
        let decoder = StrictDecoder(.object(fields), event: kind.rawValue, skipsStoredOnly: forMetrics)
        let note: String?
        if case let .string(text)? = fields["note"] { note = text } else if fields["note"] == nil { note = nil } else {
            throw HangarError.invalidValue(field: "note", value: fields["note"]!.shown, allowed: "note must be a string")
        }
        return (try EventBody(kind: kind, from: decoder), note)
    }

    public static func preview(_ line: Data) -> String {
        Names.printable(String(decoding: line.prefix(60), as: UTF8.self))
    }
}
