/// An optional setting in an update event: left as it is (the key is absent), cleared
/// (`null`), or set to a value. `part_update` and `model_update` use it where `null` clears.
public enum FieldUpdate<Value: Codable & Equatable & Sendable>: Equatable, Sendable {
    case keep
    case clear
    case set(Value)

    /// The value after the update, given the value before.
    public func applied(to old: Value?) -> Value? {
        switch self {
        case .keep: return old
        case .clear: return nil
        case let .set(value): return value
        }
    }

    public var isKeep: Bool { self == .keep }

    /// The new value, when one is given.
    public var value: Value? {
        if case let .set(value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    /// Reads an update field: absent keeps, `null` clears, a value sets.
    public func decodeUpdate<V>(_ type: V.Type, forKey key: Key) throws -> FieldUpdate<V> {
        guard contains(key) else { return .keep }
        if try decodeNil(forKey: key) { return .clear }
        return .set(try decode(V.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Writes an update field: nothing to keep, `null` to clear, the value to set.
    public mutating func encodeUpdate<V>(_ update: FieldUpdate<V>, forKey key: Key) throws {
        switch update {
        case .keep: break
        case .clear: try encodeNil(forKey: key)
        case let .set(value): try encode(value, forKey: key)
        }
    }
}
