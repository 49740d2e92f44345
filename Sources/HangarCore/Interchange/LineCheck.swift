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

    /// The first key that appears twice in one JSON object of the line.
    static func duplicateKey(in line: Data) -> String? {
        // One frame per open container: objects remember their keys and whether the next
        // string is a key.
        struct Frame { var isObject: Bool; var expectingKey: Bool; var keys: Set<[UInt8]> }
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
                        if !top.keys.insert(current).inserted { return String(decoding: current, as: UTF8.self) }
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
}
