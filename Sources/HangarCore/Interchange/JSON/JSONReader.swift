import Foundation

/// Reads one JSON text (RFC 8259) strictly, in one pass, into a `JSONValue`: no trailing
/// text, no NaN or Infinity, numbers that fit a Double, UTF-8 only, no raw control
/// characters, nesting at most `maximumDepth`, and no key given twice in one object (keys
/// compared as decoded, `"ev\u0065nt"` is `"event"`). What is wrong is said so that a
/// person can find it: the column, the text there, the key given twice.
public enum JSONReader {
    /// Deeper than any event needs; a guard against stack exhaustion.
    public static let maximumDepth = 64

    /// Reads `text` as one JSON object or array (a bare value is refused, as a line must be
    /// an object). Throws `HangarError.invalidValue(field: "line", …)`.
    public static func read(_ text: Data) throws -> JSONValue {
        do {
            return try text.withUnsafeBytes { bytes in
                var parser = Parser(bytes: bytes)
                return try parser.document()
            }
        } catch let failure as Failure {
            if case .duplicateKey(let key) = failure.problem {
                throw HangarError.invalidValue(field: "line", value: Names.printable(key), allowed: "a key may appear only once in an object")
            }
            // Bytes that are not UTF-8 or a raw control character are named first, by column.
            try LineCheck.checkBytes(text)
            throw explain(failure, text: text)
        }
    }

    struct Failure: Error {
        enum Problem { case unexpected, truncated, bare, tooDeep, outOfRange, duplicateKey(String) }
        var problem: Problem
        var offset: Int
    }

    static func explain(_ failure: Failure, text: Data) -> HangarError {
        let reason: String
        switch failure.problem {
        case .truncated: reason = "the line ends before its JSON object does (truncated?)"
        case .bare: reason = "it is a bare JSON value"
        case .tooDeep: reason = "it is nested too deeply"
        case .outOfRange: reason = "a number is out of range (JSON numbers must be finite)"
        case .duplicateKey: reason = "a key may appear only once in an object"
        case .unexpected:
            let shown = String(decoding: text.dropFirst(failure.offset).prefix(12), as: UTF8.self)
            let hint = shown.hasPrefix("NaN") || shown.hasPrefix("Inf") || shown.hasPrefix("-Inf") ? "; NaN and Infinity are not JSON numbers" : ""
            reason = "not valid JSON at column \(failure.offset + 1) ('\(Names.printable(shown))'\(hint))"
        }
        return .invalidValue(field: "line", value: EventLine.preview(text), allowed: "each line must be one JSON object: \(reason)")
    }

    struct Parser {
        let bytes: UnsafeRawBufferPointer
        var i = 0
        var depth = 0
        /// The first key given twice; reported once the whole text has parsed (a syntax
        /// error later in the text is the one to name, as the text is not JSON at all).
        var duplicate: String?

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func document() throws -> JSONValue {
            skipSpace()
            guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
            guard bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") else { throw Failure(problem: .bare, offset: i) }
            let value = try self.value()
            skipSpace()
            guard i == bytes.count else { throw Failure(problem: .unexpected, offset: i) }
            if let duplicate { throw Failure(problem: .duplicateKey(duplicate), offset: 0) }
            return value
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0A, 0x0D: i += 1
                default: return
                }
            }
        }

        mutating func value() throws -> JSONValue {
            skipSpace()
            guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw Failure(problem: .unexpected, offset: i)
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let start = i
            for k in 0..<word.utf8CodeUnitCount {
                guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
                guard bytes[i] == word.utf8Start[k] else { throw Failure(problem: .unexpected, offset: start) }
                i += 1
            }
        }

        mutating func enter() throws {
            depth += 1
            if depth > JSONReader.maximumDepth { throw Failure(problem: .tooDeep, offset: i) }
        }

        mutating func object() throws -> JSONValue {
            try enter()
            i += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(JSONObject(members)) }
            while true {
                skipSpace()
                guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
                guard bytes[i] == UInt8(ascii: "\"") else { throw Failure(problem: .unexpected, offset: i) }
                let key = try string()
                if duplicate == nil && members.contains(where: { $0.key == key }) { duplicate = key }
                skipSpace()
                guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
                guard bytes[i] == UInt8(ascii: ":") else { throw Failure(problem: .unexpected, offset: i) }
                i += 1
                members.append((key, try value()))
                skipSpace()
                guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return .object(JSONObject(members)) }
                throw Failure(problem: .unexpected, offset: i)
            }
        }

        mutating func array() throws -> JSONValue {
            try enter()
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
                throw Failure(problem: .unexpected, offset: i)
            }
        }

        /// A string's body, escapes decoded; `i` is at its opening quote.
        mutating func string() throws -> String {
            let open = i
            i += 1
            let start = i
            // Fast path: no escapes.
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
                    i += 1
                    guard let s = String(validating: raw, as: UTF8.self) else { throw Failure(problem: .unexpected, offset: open) }
                    return s
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { throw Failure(problem: .unexpected, offset: i) }
                i += 1
            }
            guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
            var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: utf8, as: UTF8.self) else { throw Failure(problem: .unexpected, offset: open) }
                    return s
                }
                if b < 0x20 { throw Failure(problem: .unexpected, offset: i) }
                if b != UInt8(ascii: "\\") { utf8.append(b); i += 1; continue }
                let escape = i
                i += 1
                guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
                switch bytes[i] {
                case UInt8(ascii: "\""): utf8.append(0x22)
                case UInt8(ascii: "\\"): utf8.append(0x5C)
                case UInt8(ascii: "/"): utf8.append(0x2F)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var unit = try hex4(at: i + 1, escape: escape)
                    i += 4
                    if (0xD800...0xDBFF).contains(unit) {
                        // A high surrogate must be followed by a low one.
                        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else {
                            throw Failure(problem: .unexpected, offset: escape)
                        }
                        let low = try hex4(at: i + 3, escape: escape)
                        guard (0xDC00...0xDFFF).contains(low) else { throw Failure(problem: .unexpected, offset: escape) }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw Failure(problem: .unexpected, offset: escape)
                    }
                    guard let scalar = Unicode.Scalar(unit) else { throw Failure(problem: .unexpected, offset: escape) }
                    utf8.append(contentsOf: UTF8.encode(scalar)!)
                default:
                    throw Failure(problem: .unexpected, offset: escape)
                }
                i += 1
            }
            throw Failure(problem: .truncated, offset: i)
        }

        func hex4(at position: Int, escape: Int) throws -> UInt32 {
            guard position + 4 <= bytes.count else { throw Failure(problem: .truncated, offset: bytes.count) }
            var value: UInt32 = 0
            for k in position..<position + 4 {
                guard let digit = FormFields.hexValue(bytes[k]) else { throw Failure(problem: .unexpected, offset: escape) }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        /// A number's text: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, finite as a Double.
        mutating func number() throws -> String {
            let start = i
            func digits() -> Int {
                let from = i
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
                return i - from
            }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count else { throw Failure(problem: .truncated, offset: i) }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
            } else if digits() == 0 {
                throw Failure(problem: .unexpected, offset: start)
            }
            var simple = true
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                simple = false
                i += 1
                guard digits() > 0 else { throw Failure(problem: i < bytes.count ? .unexpected : .truncated, offset: start) }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                simple = false
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw Failure(problem: i < bytes.count ? .unexpected : .truncated, offset: start) }
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if !simple || text.utf8.count > 15 {
                guard let value = Double(text), value.isFinite else { throw Failure(problem: .outOfRange, offset: start) }
            }
            return text
        }
    }
}
