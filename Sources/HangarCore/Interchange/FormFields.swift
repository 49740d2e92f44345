/// The fields of an `application/x-www-form-urlencoded` body or of a URL's query string,
/// decoded by a parser that refuses what it cannot read instead of trapping: anything a
/// client sends (a stray `%`, `%zz`, raw bytes, text that is not UTF-8) is either a list
/// of (name, value) pairs or a `FormFields.Refusal` that says what was wrong.
public struct FormFields: Sendable, Equatable {
    /// The pairs in the order they were sent; a name may repeat.
    public var pairs: [(name: String, value: String)]

    public init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

    /// Which bytes may stand unencoded.
    public enum Strictness: Sendable {
        /// A form body as browsers write it: letters, digits and `-._~*!'()+,;:@/?$`; a space is `+`.
        /// Anything else (a space, `"`, `|`, `{`, a byte over 0x7F, a control byte) must be `%XX`.
        case body
        /// A query string as browsers and people write it: any printable ASCII but `#`;
        /// control bytes, spaces and bytes over 0x7F must still be `%XX`.
        case query
    }

    /// Why a body or query could not be read.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based byte offset of the problem.
        public var offset: Int
        public var reason: String
        public var description: String { "byte \(offset): \(reason)" }
    }

    /// At most this many pairs (a page's largest form has a few dozen).
    public static let maximumPairs = 1_000

    public static func == (a: FormFields, b: FormFields) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// Decodes `bytes`. `+` is a space; `%XX` is the byte XX; the decoded bytes of each name
    /// and value must be UTF-8. Empty pieces between `&`s are skipped.
    public static func decode<Bytes: Collection>(_ bytes: Bytes, strictness: Strictness) throws(Refusal) -> FormFields
    where Bytes.Element == UInt8 {
        var pairs: [(name: String, value: String)] = []
        var name: [UInt8] = [], value: [UInt8] = []
        var inValue = false
        var offset = 0
        var iterator = bytes.makeIterator()
        var pieceStart = 1

        func finish() throws(Refusal) {
            defer { name.removeAll(keepingCapacity: true); value.removeAll(keepingCapacity: true); inValue = false }
            if name.isEmpty && !inValue { return }
            guard pairs.count < maximumPairs else {
                throw Refusal(offset: offset, reason: "more than \(maximumPairs) fields")
            }
            guard let n = String(validating: name, as: UTF8.self) else {
                throw Refusal(offset: pieceStart, reason: "a field name is not UTF-8 once decoded")
            }
            guard let v = String(validating: value, as: UTF8.self) else {
                throw Refusal(offset: pieceStart, reason: "the value of '\(printable(n))' is not UTF-8 once decoded")
            }
            pairs.append((n, v))
        }

        while let byte = iterator.next() {
            offset += 1
            switch byte {
            case UInt8(ascii: "&"):
                try finish()
                pieceStart = offset + 1
            case UInt8(ascii: "=") where !inValue:
                inValue = true
            case UInt8(ascii: "+"):
                if inValue { value.append(0x20) } else { name.append(0x20) }
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw Refusal(offset: offset, reason: "'%' must be followed by two hexadecimal digits")
                }
                offset += 2
                if inValue { value.append(high << 4 | low) } else { name.append(high << 4 | low) }
            default:
                guard allowedRaw(byte, strictness) else {
                    throw Refusal(offset: offset, reason: "byte \(hex(byte)) must be percent-encoded")
                }
                if inValue { value.append(byte) } else { name.append(byte) }
            }
        }
        try finish()
        return FormFields(pairs: pairs)
    }

    /// The first value named `name`, if any.
    public subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value named `name`, in order.
    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    static func allowedRaw(_ byte: UInt8, _ strictness: Strictness) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
             UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "$"):
            return true
        default:
            // The query form also takes the printable ASCII a browser leaves as typed.
            return strictness == .query && byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "#")
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    static func printable(_ s: String) -> String { Names.printable(String(s.prefix(40))) }

    /// Percent-decodes one path segment strictly (`+` stays a plus): nil when a `%` is not
    /// followed by two hex digits, when the result is not UTF-8, or when it holds a control character.
    public static func decodePathSegment(_ raw: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return text
    }
}
