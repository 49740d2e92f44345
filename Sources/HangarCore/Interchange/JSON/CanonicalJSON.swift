/// RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: members sorted by their
/// keys' UTF-16 code units, no insignificant whitespace, strings escaped minimally, numbers
/// as ECMAScript writes them. The export's hash chain covers this text (DESIGN §14).
public enum CanonicalJSON {
    public static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(text): out += number(text)
        case let .string(s): string(s, to: &out)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case let .object(object):
            out += "{"
            // UTF-8 bytes sort as UTF-16 code units do below U+E000: ASCII keys (every key
            // Hangar writes) are compared as bytes, which is much cheaper.
            let sorted = object.members.allSatisfy({ $0.key.utf8.allSatisfy { $0 < 0x80 } })
                ? object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                : object.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out += "," }
                string(member.key, to: &out)
                out += ":"
                write(member.value, to: &out)
            }
            out += "}"
        }
    }

    static func string(_ s: String, to out: inout String) {
        out += "\""
        // Most texts need no escape: whole, at once (in UTF-8 these bytes are only ever the
        // ASCII characters themselves).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A number as ECMAScript's `Number.prototype.toString` writes it (the shortest digits
    /// that read back as the same double; exponent form below 1e-6 and from 1e21).
    public static func number(_ text: String) -> String {
        isAlreadyCanonical(text) ? text : layout(text)
    }

    /// `number`, worked out in full: the double's shortest digits, laid out.
    static func layout(_ text: String) -> String {
        guard let x = Double(text), x.isFinite else { return text }
        if x == 0 { return "0" }
        // Swift's description is the shortest round-trip digits too; only the layout differs.
        var digits = "", exponent = 0, negative = false
        var described = Substring(x.description)
        if described.hasPrefix("-") { negative = true; described = described.dropFirst() }
        var mantissa = described, exp = 0
        if let e = described.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = described[..<e]
            exp = Int(described[described.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        digits = whole + fraction
        exponent = exp + whole.count  // the decimal point sits after `exponent` digits
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); exponent -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let k = digits.count, n = exponent
        var result: String
        if k <= n && n <= 21 {
            result = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            result = digits[..<i] + "." + digits[i...]
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            result = String(digits.first!) + (k > 1 ? "." + digits.dropFirst() : "") + "e" + sign + String(abs(e))
        }
        return (negative ? "-" : "") + result
    }

    /// Plain decimal text that ECMAScript would write back unchanged: `-?(0|[1-9]d*)(.d*[1-9])?`,
    /// not zero, at most 15 significant digits (every such decimal is its double's shortest
    /// round-trip form), at most 21 before the point and fewer than 6 zeros after "0.".
    /// Nearly every number in an event (minutes, counts, measures) is one.
    static func isAlreadyCanonical(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let first = bytes.first, (0x30...0x39).contains(first) else { return false }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[bytes.index(after: $0)...] } ?? bytes[bytes.endIndex...]
        guard whole.allSatisfy({ (0x30...0x39).contains($0) }), fraction.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        if point != nil && (fraction.isEmpty || fraction.last == UInt8(ascii: "0")) { return false }
        guard whole.count <= 21 else { return false }
        if first == UInt8(ascii: "0") {
            guard whole.count == 1, !fraction.isEmpty else { return false }  // "0", "-0", "01": the long way
            let zeros = fraction.prefix { $0 == UInt8(ascii: "0") }.count
            return zeros < 6 && fraction.count - zeros <= 15
        }
        return whole.count + fraction.count <= 15
    }
}
