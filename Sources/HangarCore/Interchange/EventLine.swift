import Foundation

/// The NDJSON interchange format (DESIGN §7): one event per line, the same fields
/// `hangar export` writes and `hangar import` reads.
public enum EventLine {
    static let envelopeKeys: Set<String> = ["id", "at", "by", "subject", "event", "recorded"]
    /// The fields whose values are whole numbers.
    static let integerKeys = ["minutes", "capacity_per_year", "service_minutes", "service_days", "checklist_version", "attempt"]

    /// Parses one line into an event to record. Refuses malformed JSON, unknown or
    /// ill-typed fields and fields that do not belong to the event.
    public static func parse(_ line: Data) throws -> EventInput {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: line, options: [])
        } catch {
            try LineCheck.checkBytes(line)
            throw LineCheck.explain(error, line: line)
        }
        guard let fields = object as? [String: Any] else {
            throw HangarError.invalidValue(field: "line", value: preview(line), allowed: "each line must be one JSON object, {...}")
        }
        if LineCheck.hasDuplicateKey(line, parsed: fields) {
            // The keys written outnumber the keys kept: one was given twice, perhaps spelt differently.
            let key = LineCheck.duplicateKey(in: line) ?? "(a key written two ways)"
            throw HangarError.invalidValue(field: "line", value: Names.printable(key), allowed: "a key may appear only once in an object")
        }
        guard fields["event"] != nil else { throw HangarError.missingField(event: "", field: "event") }
        let kindName = try string(fields, "event")
        guard let kind = EventKind(rawValue: kindName) else {
            throw HangarError.invalidValue(
                field: "event", value: Names.printable(kindName),
                allowed: "events are " + EventKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let (required, optional) = kind.fields
        let allowed = Set((required + optional + [.note]).map(\.rawValue))
        for key in fields.keys.sorted() where !envelopeKeys.contains(key) && !allowed.contains(key) {
            if EventField(rawValue: key) != nil {
                throw HangarError.unexpectedField(event: kind.rawValue, field: key, allowed: (required + optional).map(\.rawValue))
            }
            throw HangarError.invalidValue(field: "field", value: Names.printable(key), allowed: "not a field of the interchange format")
        }
        try checkWholeNumbers(line, fields)
        var data = EventData()
        data.model = try optionalString(fields, "model")
        data.batch = try optionalString(fields, "batch")
        data.unit = try optionalString(fields, "unit")
        data.minutes = try optionalInteger(fields, "minutes")
        if let p = try optionalString(fields, "purpose") {
            guard let purpose = FlightPurpose(rawValue: p) else {
                throw HangarError.invalidValue(field: "purpose", value: Names.printable(p), allowed: "purpose is training or operational")
            }
            data.purpose = purpose
        }
        data.operator = try optionalString(fields, "operator")
        data.reason = try optionalString(fields, "reason")
        data.part = try optionalString(fields, "part")
        data.work = try optionalString(fields, "work")
        data.name = try optionalString(fields, "name")
        data.note = try optionalString(fields, "note")
        data.undoes = try optionalString(fields, "undoes")
        if let value = fields["roles"] {
            guard let names = value as? [Any], let strings = names as? [String], names.allSatisfy({ $0 is String }) else {
                throw HangarError.invalidValue(field: "roles", value: "\(value)", allowed: "roles is a list of role names")
            }
            data.roles = try Role.normalize(strings)
        }
        data.capacityPerYear = try optionalInteger(fields, "capacity_per_year")
        data.serviceMinutes = try optionalInteger(fields, "service_minutes")
        data.serviceDays = try optionalInteger(fields, "service_days")
        data.checklistVersion = try optionalInteger(fields, "checklist_version")
        data.attempt = try optionalInteger(fields, "attempt")
        if let o = try optionalString(fields, "outcome") {
            guard let outcome = QCOutcome(rawValue: o) else {
                throw HangarError.invalidValue(field: "outcome", value: Names.printable(o), allowed: "outcome is pass or fail")
            }
            data.outcome = outcome
        }
        if let value = fields["checklist"] { data.checklist = try checklist(value) }
        if let value = fields["checks"] {
            guard let object = value as? [String: Any] else {
                throw HangarError.invalidValue(field: "checks", value: "\(value)", allowed: "checks is an object of item: \"pass\" or \"fail\"")
            }
            var checks: [String: CheckResult] = [:]
            for (key, v) in object {
                guard let s = v as? String, let result = CheckResult(rawValue: s) else {
                    throw HangarError.invalidValue(field: "checks.\(key)", value: "\(v)", allowed: "a check is exactly \"pass\" or \"fail\"")
                }
                checks[key] = result
            }
            data.checks = checks
        }
        if let value = fields["measures"] {
            guard let object = value as? [String: Any] else {
                throw HangarError.invalidValue(field: "measures", value: "\(value)", allowed: "measures is an object of item: number")
            }
            var measures: [String: Double] = [:]
            for (key, v) in object { measures[key] = try number(v, field: "measures.\(key)") }
            data.measures = measures
        }
        if let value = fields["defects"] {
            guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
                throw HangarError.invalidValue(field: "defects", value: "\(value)", allowed: "defects is a list of codes")
            }
            data.defects = list.map { $0 as! String }
        }

        let recorded = try optionalString(fields, "recorded").map { try Timestamp.parse($0, field: "recorded") }
        return EventInput(
            id: try string(fields, "id"), kind: kind, subject: try string(fields, "subject"),
            occurredAt: try Timestamp.parse(try string(fields, "at"), field: "at"), recordedAt: recorded,
            actor: try string(fields, "by"), data: data)
    }

    /// Refuses a whole-number field written with a decimal point or an exponent (`10.0`,
    /// `1e1`), which a JSON parser may hand over as the integer it equals. `fields` is the
    /// parsed object of `json`; only the fields present are looked for in the text.
    public static func checkWholeNumbers(_ json: Data, _ fields: [String: Any]) throws {
        for key in integerKeys where fields[key] != nil {
            if let text = LineCheck.topLevelNumberText(key, in: json), text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                throw HangarError.invalidValue(field: key, value: text, allowed: "\(key) must be a JSON integer (no decimal point)")
            }
        }
    }

    /// The first key given twice in one object of `json`, if any (JSON parsers keep the last).
    public static func duplicateKey(in json: Data) -> String? { LineCheck.duplicateKey(in: json) }

    /// Writes a stored event as one line (no newline), keys sorted, `limits` left out
    /// (the checklist version names them).
    public static func format(_ event: RecordedEvent) -> String {
        var data = event.data
        data.limits = nil
        var object = (try? JSONSerialization.jsonObject(with: canonicalJSON(data))) as? [String: Any] ?? [:]
        object["id"] = event.id
        object["at"] = event.occurredAt.iso8601
        object["recorded"] = event.recordedAt.iso8601
        object["by"] = event.actor
        object["subject"] = event.subject
        object["event"] = event.kind.rawValue
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The canonical JSON of an event's data: sorted keys, absent fields left out.
    public static func canonicalJSON(_ data: EventData) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(data)) ?? Data("{}".utf8)
    }

    public static func decodeData(_ json: Data) throws -> EventData {
        try JSONDecoder().decode(EventData.self, from: json)
    }

    // MARK: - Typed field access

    static func preview(_ line: Data) -> String {
        Names.printable(String(decoding: line.prefix(60), as: UTF8.self))
    }

    static func string(_ fields: [String: Any], _ key: String) throws -> String {
        guard let value = fields[key] else { throw HangarError.missingField(event: (fields["event"] as? String) ?? "line", field: key) }
        guard let s = value as? String else {
            throw HangarError.invalidValue(field: key, value: "\(value)", allowed: "\(key) must be a string")
        }
        return s
    }

    static func optionalString(_ fields: [String: Any], _ key: String) throws -> String? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let s = value as? String else {
            throw HangarError.invalidValue(field: key, value: "\(value)", allowed: "\(key) must be a string")
        }
        return s
    }

    static func optionalInteger(_ fields: [String: Any], _ key: String) throws -> Int? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let n = value as? NSNumber, !isBool(n), integerTypes.contains(String(cString: n.objCType)) else {
            throw HangarError.invalidValue(field: key, value: shown(value), allowed: "\(key) must be a JSON integer (no decimal point)")
        }
        return n.intValue
    }

    static func number(_ value: Any, field: String) throws -> Double {
        guard let n = value as? NSNumber, !isBool(n), n.doubleValue.isFinite else {
            throw HangarError.invalidValue(field: field, value: shown(value), allowed: "a measure is a finite JSON number")
        }
        return n.doubleValue
    }

    static func optionalNumber(_ object: [String: Any], _ key: String, field: String) throws -> Double? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return try number(value, field: field)
    }

    /// A JSON value as the line wrote it, for a message: strings quoted, booleans as words.
    static func shown(_ value: Any) -> String {
        if let s = value as? String { return "\"" + Names.printable(s) + "\"" }
        if let n = value as? NSNumber, isBool(n) { return n.boolValue ? "true" : "false" }
        return Names.printable("\(value)")
    }

    static let integerTypes: Set<String> = ["q", "l", "i", "s", "Q", "L", "I", "S"]

    static func isBool(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c" || type(of: n) == type(of: NSNumber(value: true))
    }

    static func checklist(_ value: Any) throws -> [ChecklistItem] {
        guard let list = value as? [Any] else {
            throw HangarError.invalidValue(field: "checklist", value: "\(value)", allowed: "checklist is a list of items")
        }
        return try list.enumerated().map { index, entry in
            guard let item = entry as? [String: Any] else {
                throw HangarError.invalidValue(field: "checklist[\(index)]", value: "\(entry)", allowed: "an item is an object")
            }
            for key in item.keys where !["key", "kind", "unit", "min", "max"].contains(key) {
                throw HangarError.invalidValue(field: "checklist[\(index)]", value: key, allowed: "item fields are key, kind, unit, min, max")
            }
            let kindName = try string(item, "kind")
            guard let kind = ChecklistItem.Kind(rawValue: kindName) else {
                throw HangarError.invalidValue(field: "checklist[\(index)].kind", value: kindName, allowed: "kind is check or measure")
            }
            return ChecklistItem(
                key: try string(item, "key"), kind: kind, unit: try optionalString(item, "unit"),
                min: try optionalNumber(item, "min", field: "checklist[\(index)].min"),
                max: try optionalNumber(item, "max", field: "checklist[\(index)].max"))
        }
    }
}
