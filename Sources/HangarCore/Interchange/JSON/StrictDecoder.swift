/// Decodes typed values (events, their fields) from a `JSONValue` with the messages a
/// person needs: which field, what was sent, what is allowed. Whole-number fields refuse
/// `10.0` and `1e1` (judged on the text as written), numbers must fit, a missing field is
/// named with its event. A `HangarError` thrown by a type's own decoding passes unchanged.
public struct StrictDecoder: Decoder {
    let value: JSONValue
    public let codingPath: [any CodingKey]
    /// The event being read, for "'register' needs model".
    let event: String
    /// Whether stored-only fields are skipped (`CodingUserInfoKey.skipsStoredOnly`).
    let skipsStoredOnly: Bool
    public var userInfo: [CodingUserInfoKey: Any] { skipsStoredOnly ? [.skipsStoredOnly: true] : [:] }

    public init(_ value: JSONValue, event: String, codingPath: [any CodingKey] = [], skipsStoredOnly: Bool = false) {
        self.value = value
        self.event = event
        self.codingPath = codingPath
        self.skipsStoredOnly = skipsStoredOnly
    }

    public func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(object) = value else { throw mismatch(value, at: codingPath, expected: "an object") }
        return KeyedDecodingContainer(Keyed<Key>(object: object, decoder: self))
    }

    public func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(items) = value else { throw mismatch(value, at: codingPath, expected: "a list") }
        return Unkeyed(items: items, decoder: self)
    }

    public func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ value: JSONValue, _ key: any CodingKey) -> StrictDecoder {
        StrictDecoder(value, event: event, codingPath: codingPath + [key], skipsStoredOnly: skipsStoredOnly)
    }

    // MARK: - Messages

    /// `checks.motors`, `checklist[0].min`.
    public static func pathText(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    /// The last named key of a path (`min` of `checklist[0].min`).
    static func name(_ path: [any CodingKey]) -> String {
        path.last(where: { $0.intValue == nil })?.stringValue ?? "value"
    }

    func mismatch(_ value: JSONValue, at path: [any CodingKey], expected: String) -> HangarError {
        let field = path.isEmpty ? "body" : Self.pathText(path)
        return .invalidValue(field: field, value: value.shown, allowed: "\(Self.name(path)) must be \(expected)")
    }

    func decodeString(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case let .string(s) = value else { throw mismatch(value, at: path(), expected: "a string") }
        return s
    }

    func decodeBool(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case let .bool(b) = value else { throw mismatch(value, at: path(), expected: "true or false") }
        return b
    }

    func decodeInteger<T: FixedWidthInteger>(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> T {
        let integer = "a JSON integer (no decimal point)"
        guard case let .number(text) = value else { throw mismatch(value, at: path(), expected: integer) }
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else {
            throw mismatch(value, at: path(), expected: integer)
        }
        // Whole, but too long for a count, minutes or a cost: said so, with the bound.
        guard let n = T(text) else { throw mismatch(value, at: path(), expected: "a JSON integer of at most 18 digits") }
        return n
    }

    func decodeDouble(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case let .number(text) = value, let x = Double(text), x.isFinite else {
            // The numbers of events that are not whole are measures and a measure's limits.
            throw HangarError.invalidValue(field: Self.pathText(path()), value: value.shown, allowed: "a measure is a finite JSON number")
        }
        return x
    }

    func decodeAny<T: Decodable>(_ type: T.Type, _ value: JSONValue, at path: [any CodingKey]) throws -> T {
        let decoder = StrictDecoder(value, event: event, codingPath: path, skipsStoredOnly: skipsStoredOnly)
        switch type {
        case is String.Type: return try decodeString(value, at: path) as! T
        case is Int.Type: return try decodeInteger(value, at: path) as Int as! T
        case is Int64.Type: return try decodeInteger(value, at: path) as Int64 as! T
        case is Double.Type: return try decodeDouble(value, at: path) as! T
        case is Bool.Type: return try decodeBool(value, at: path) as! T
        case is Float.Type: return Float(try decodeDouble(value, at: path)) as! T
        default:
            // Every other integer type here too: their own decoding asks this decoder for
            // themselves again, which must not come back to this line.
            if let integer = T.self as? any FixedWidthInteger.Type {
                func read<I: FixedWidthInteger>(_: I.Type) throws -> I { try decodeInteger(value, at: path) }
                return try read(integer) as! T
            }
            return try T(from: decoder)
        }
    }

    // MARK: - Containers

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let object: JSONObject
        let decoder: StrictDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { object.members.compactMap { Key(stringValue: $0.key) } }

        func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

        func find(_ key: Key) throws -> JSONValue {
            guard let value = object[key.stringValue] else {
                if codingPath.isEmpty { throw HangarError.missingField(event: decoder.event, field: key.stringValue) }
                throw HangarError.missingField(event: StrictDecoder.pathText(codingPath), field: key.stringValue)
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { object[key.stringValue] == .null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try decoder.decodeAny(type, try find(key), at: codingPath + [key])
        }

        // The common types without a dynamic cast, the path built only for a message.
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            let value = try find(key)
            if case let .string(s) = value { return s }
            return try decoder.decodeString(value, at: codingPath + [key])
        }

        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            try decoder.decodeInteger(try find(key), at: codingPath + [key])
        }

        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            try decoder.decodeDouble(try find(key), at: codingPath + [key])
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            try decoder.decodeBool(try find(key), at: codingPath + [key])
        }

        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let value = object[key.stringValue], value != .null else { return nil }
            if case let .string(s) = value { return s }
            return try decoder.decodeString(value, at: codingPath + [key])
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
            guard let value = object[key.stringValue], value != .null else { return nil }
            return try decoder.decodeInteger(value, at: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try decoder.child(try find(key), key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try decoder.child(try find(key), key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(try find(key), key) }
    }

    struct Index: CodingKey {
        var intValue: Int?
        var stringValue: String { "[\(intValue ?? 0)]" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        let decoder: StrictDecoder
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(items: [JSONValue], decoder: StrictDecoder) { self.items = items; self.decoder = decoder }

        mutating func next() throws -> (JSONValue, [any CodingKey]) {
            guard !isAtEnd else {
                throw HangarError.invalidValue(field: StrictDecoder.pathText(codingPath), value: "\(items.count) items", allowed: "more items")
            }
            defer { currentIndex += 1 }
            return (items[currentIndex], codingPath + [Index(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            if !isAtEnd, items[currentIndex] == .null { currentIndex += 1; return true }
            return false
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, path) = try next()
            return try decoder.decodeAny(type, value, at: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (value, path) = try next()
            return try StrictDecoder(value, event: decoder.event, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (value, path) = try next()
            return try StrictDecoder(value, event: decoder.event, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (value, path) = try next()
            return StrictDecoder(value, event: decoder.event, codingPath: path)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: StrictDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { decoder.value == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeAny(type, decoder.value, at: codingPath) }
    }
}

/// A string enum read strictly: an unknown value is refused with the values allowed.
public protocol StrictEnum: RawRepresentable<String>, CaseIterable, Decodable {
    /// What the message says is allowed, e.g. "purpose is training or operational".
    static var allowedText: String { get }
}

extension StrictEnum {
    public static var allowedText: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads the enum from a single string value.
    public static func strictlyDecoded(from decoder: any Decoder) throws -> Self {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let field = decoder.codingPath.isEmpty ? String(describing: Self.self) : StrictDecoder.pathText(decoder.codingPath)
            throw HangarError.invalidValue(field: field, value: Names.printable(raw), allowed: allowedText)
        }
        return value
    }
}
