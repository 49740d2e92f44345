import Foundation

/// What is wrong with a line that is not one well-formed JSON object, said so that a
/// person can find it: bytes that are not UTF-8, raw control characters, where the JSON
/// parser stopped, and keys given twice (JSON parsers silently keep the last one, which
/// would let one line say two things).
enum LineCheck {
    /// Refuses a line whose bytes are not UTF-8 or hold a raw control character.
    static func checkBytes(_ line: Data) throws {
        var column = 0, offset = 0
        var iterator = line.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                column += 1
                offset += encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    throw HangarError.invalidValue(
                        field: "character at column \(column)", value: hex(UInt8(scalar.value)),
                        allowed: "a line may not hold a raw control character (text fields refuse them even escaped)")
                }
            case .emptyInput:
                return
            case .error:
                let byte = line[line.index(line.startIndex, offsetBy: offset)]
                throw HangarError.invalidValue(
                    field: "byte at column \(column + 1)", value: hex(byte), allowed: "a line must be UTF-8 text")
            }
        }
    }

    static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    /// Explains a failure of the JSON parser.
    static func explain(_ error: any Error, line: Data) -> HangarError {
        let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        let reason: String
        if detail.contains("not representable") {
            reason = "a number is out of range (JSON numbers must be finite)"
        } else if detail.contains("end of file") || detail.contains("Unexpected end") {
            reason = "the line ends before its JSON object does (truncated?)"
        } else if detail.contains("did not start with array or object") {
            reason = "it is a bare JSON value"
        } else if detail.contains("nested") {
            reason = "it is nested too deeply"
        } else if let range = detail.range(of: "around character "),
                  let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) {
            let shown = String(decoding: line.dropFirst(offset).prefix(12), as: UTF8.self)
            let hint = shown.hasPrefix("NaN") || shown.hasPrefix("Inf") || shown.hasPrefix("-Inf") ? "; NaN and Infinity are not JSON numbers" : ""
            reason = "not valid JSON at column \(offset + 1) ('\(Names.printable(shown))'\(hint))"
        } else {
            reason = "not valid JSON (\(detail))"
        }
        return .invalidValue(field: "line", value: EventLine.preview(line), allowed: "each line must be one JSON object: \(reason)")
    }

    /// Whether some object of the line gives a key twice. Cheap enough for every line of an
    /// import: the keys written (colons outside strings) against the keys the parser kept;
    /// only when they differ is the line scanned again to name the key (`duplicateKey`).
    static func hasDuplicateKey(_ line: Data, parsed: Any) -> Bool {
        var written = 0
        var inString = false, escaped = false
        line.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes {
                if inString {
                    if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                } else if byte == 0x22 {
                    inString = true
                } else if byte == 0x3A {
                    written += 1
                }
            }
        }
        return written != keyCount(parsed)
    }

    static func keyCount(_ value: Any) -> Int {
        if let object = value as? [String: Any] { return object.count + object.values.reduce(0) { $0 + keyCount($1) } }
        if let list = value as? [Any] { return list.reduce(0) { $0 + keyCount($1) } }
        return 0
    }

    /// The first key that appears twice in one JSON object of the line. Keys are compared
    /// as the parser reads them: escapes decoded (`"ev\u0065nt"` is `"event"`) and as Swift
    /// strings (canonically equivalent spellings are one key, as they are to the parser).
    static func duplicateKey(in line: Data) -> String? {
        // One frame per open container: objects remember their keys and whether the next
        // string is a key.
        struct Frame { var isObject: Bool; var expectingKey: Bool; var keys: Set<String> }
        var stack: [Frame] = []
        var inString = false, escaped = false
        var current: [UInt8] = []
        for byte in line {
            if inString {
                if escaped { escaped = false; current.append(byte); continue }
                if byte == 0x5C { escaped = true; current.append(byte); continue }
                if byte == 0x22 {
                    inString = false
                    if var top = stack.last, top.isObject, top.expectingKey {
                        let key = decodeString(current)
                        if !top.keys.insert(key).inserted { return key }
                        top.expectingKey = false
                        stack[stack.count - 1] = top
                    }
                    continue
                }
                current.append(byte)
                continue
            }
            switch byte {
            case 0x22: inString = true; current.removeAll(keepingCapacity: true)
            case 0x7B: stack.append(Frame(isObject: true, expectingKey: true, keys: []))
            case 0x5B: stack.append(Frame(isObject: false, expectingKey: false, keys: []))
            case 0x7D, 0x5D: _ = stack.popLast()
            case 0x2C: if stack.last?.isObject == true { stack[stack.count - 1].expectingKey = true }
            default: break
            }
        }
        return nil
    }

    /// The raw text of the number given for `key` in the line's top-level object, if its
    /// value is a number: the parser reads `10.0` and `1e1` as the integer 10, so whether a
    /// whole number was written with a decimal point or an exponent is read here.
    static func topLevelNumberText(_ key: String, in line: Data) -> String? {
        var depth = 0
        var inString = false, escaped = false
        var expectingKey = false, lastKey: String?
        var current: [UInt8] = []
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            index = line.index(after: index)
            if inString {
                if escaped { escaped = false; current.append(byte); continue }
                if byte == 0x5C { escaped = true; current.append(byte); continue }
                if byte == 0x22 {
                    inString = false
                    if depth == 1 && expectingKey { lastKey = decodeString(current); expectingKey = false }
                    continue
                }
                current.append(byte)
                continue
            }
            switch byte {
            case 0x22: inString = true; current.removeAll(keepingCapacity: true)
            case 0x7B, 0x5B:
                depth += 1
                if depth == 1 { expectingKey = byte == 0x7B }
            case 0x7D, 0x5D: depth -= 1
            case 0x2C: if depth == 1 { expectingKey = true; lastKey = nil }
            case 0x3A where depth == 1 && lastKey == key:
                var text: [UInt8] = []
                while index < line.endIndex {
                    let b = line[index]
                    if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { if text.isEmpty { index = line.index(after: index); continue } else { break } }
                    guard b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 || (0x30...0x39).contains(b) else { break }
                    text.append(b)
                    index = line.index(after: index)
                }
                return text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
            default: break
            }
        }
        return nil
    }

    /// The text of a JSON string's body (between its quotes) with its escapes decoded:
    /// `\" \\ \/ \b \f \n \r \t` and `\uXXXX`, surrogate pairs joined; a lone surrogate or
    /// a malformed escape becomes U+FFFD (the parser has refused such a line already).
    static func decodeString(_ body: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flushRaw() {
            if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
        }
        func hex4(_ i: Int) -> UInt32? {
            guard i + 4 <= body.count else { return nil }
            var value: UInt32 = 0
            for b in body[i..<i + 4] {
                guard let digit = FormFields.hexValue(b) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        var i = 0
        while i < body.count {
            let byte = body[i]
            guard byte == 0x5C, i + 1 < body.count else { raw.append(byte); i += 1; continue }
            flushRaw()
            let next = body[i + 1]
            i += 2
            switch next {
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                guard let unit = hex4(i) else { scalars.append("\u{FFFD}"); continue }
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 6 <= body.count, body[i] == 0x5C, body[i + 1] == UInt8(ascii: "u"),
                   let low = hex4(i + 2), (0xDC00...0xDFFF).contains(low) {
                    i += 6
                    scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}")
                } else {
                    scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                }
            default: scalars.append(Unicode.Scalar(next))
            }
        }
        flushRaw()
        return String(scalars)
    }
}
