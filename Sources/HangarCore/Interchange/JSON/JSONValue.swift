/// A JSON value as a line or a request body wrote it: numbers keep their text (so that
/// `10.0` is not mistaken for the integer 10) and objects keep their keys in order.
/// Read by `JSONReader`, turned into typed events by `StrictDecoder`.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number as written, already checked against JSON's grammar and to be finite.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as the sender wrote it, for a message: strings quoted, containers summarised.
    public var shown: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(text): return Names.printable(text)
        case let .string(s): return "\"" + Names.printable(s) + "\""
        case .array: return "[…]"
        case .object: return "{…}"
        }
    }

    /// Where the value holds a null (`key`, `key[2].min`…), or nil when it holds none.
    public func nullPath(at path: String = "") -> String? {
        switch self {
        case .null: return path.isEmpty ? "body" : path
        case let .object(object):
            for (key, value) in object.members.sorted(by: { $0.key < $1.key }) {
                if let found = value.nullPath(at: path.isEmpty ? key : path + "." + key) { return found }
            }
        case let .array(items):
            for (index, item) in items.enumerated() {
                if let found = item.nullPath(at: path + "[\(index)]") { return found }
            }
        default: break
        }
        return nil
    }
}

/// A JSON object: its members in the order written (a key appears once: the reader refuses
/// a key given twice).
public struct JSONObject: Equatable, Sendable {
    public var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)] = []) { self.members = members }

    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    public var keys: [String] { members.map(\.key) }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
