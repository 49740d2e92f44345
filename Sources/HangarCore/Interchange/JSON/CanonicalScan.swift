/// Checks in one pass, without building a tree, that a line is already the RFC 8785 text that
/// `CanonicalJSON` writes for it (what `hangar export` writes), and gives the places of its
/// top-level members. It knows a subset: keys of printable ASCII without escapes, numbers that
/// `CanonicalJSON.number` keeps as they are. Any text outside that subset, valid or not, gives
/// nil, and the caller reads it the long way (`JSONReader`), which accepts or refuses it; a
/// text this accepts, `JSONReader` reads into a value whose canonical text is the same bytes.
public enum CanonicalScan {
    /// A top-level member: byte offsets of its key (without quotes) and of its value (a
    /// string's with its quotes); `plain` when the value is a string without escapes.
    public struct Member: Sendable {
        public var key: Range<Int>
        public var value: Range<Int>
        public var plain: Bool
        /// The whole member, `"key":value`.
        public var text: Range<Int> { (key.lowerBound - 1)..<value.upperBound }
    }

    /// The members of a canonical object `bytes`, in their (sorted) order; nil if the text is
    /// not one, or not in the subset this reads.
    public static func members(_ bytes: UnsafeRawBufferPointer) -> [Member]? {
        var scan = Scan(bytes: bytes)
        var top: [Member]? = []
        top?.reserveCapacity(16)
        guard scan.object(depth: 1, members: &top), scan.i == bytes.count else { return nil }
        return top
    }

    struct Scan {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }

        mutating func value(depth: Int) -> Bool {
            guard !atEnd else { return false }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                var none: [Member]? = nil
                return object(depth: depth + 1, members: &none)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return false
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        /// An object whose keys come in strictly rising byte order (so none twice).
        mutating func object(depth: Int, members: inout [Member]?) -> Bool {
            guard depth <= JSONReader.maximumDepth, !atEnd, bytes[i] == UInt8(ascii: "{") else { return false }
            i += 1
            if !atEnd && bytes[i] == UInt8(ascii: "}") { i += 1; return true }
            var previous: Range<Int>? = nil
            while true {
                guard let key = key(), previous.map({ Self.rises(bytes, from: $0, to: key) }) ?? true else { return false }
                previous = key
                guard !atEnd, bytes[i] == UInt8(ascii: ":") else { return false }
                i += 1
                let start = i
                var plain = false
                if !atEnd && bytes[i] == UInt8(ascii: "\"") {
                    guard let escaped = string() else { return false }
                    plain = !escaped
                } else if !value(depth: depth) {
                    return false
                }
                members?.append(Member(key: key, value: start..<i, plain: plain))
                guard !atEnd else { return false }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return true }
                return false
            }
        }

        mutating func array(depth: Int) -> Bool {
            guard depth <= JSONReader.maximumDepth else { return false }
            i += 1
            if !atEnd && bytes[i] == UInt8(ascii: "]") { i += 1; return true }
            while true {
                guard value(depth: depth) else { return false }
                guard !atEnd else { return false }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return true }
                return false
            }
        }

        /// A key of printable ASCII other than quote and backslash; its bytes without quotes.
        mutating func key() -> Range<Int>? {
            guard !atEnd, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            while !atEnd {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return start..<i
                }
                guard b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\\") else { return nil }
                i += 1
            }
            return nil
        }

        /// Whether key `b` comes strictly after key `a`, byte by byte (for ASCII, as RFC 8785's
        /// UTF-16 order).
        static func rises(_ bytes: UnsafeRawBufferPointer, from a: Range<Int>, to b: Range<Int>) -> Bool {
            var x = a.lowerBound, y = b.lowerBound
            while x < a.upperBound && y < b.upperBound {
                if bytes[x] != bytes[y] { return bytes[x] < bytes[y] }
                x += 1
                y += 1
            }
            return x == a.upperBound && y < b.upperBound
        }

        /// A string escaped as RFC 8785 escapes (only `"`, `\` and control characters, in
        /// their short forms where they have one, else `\u00xx` in lowercase), valid UTF-8.
        /// Whether it held an escape; nil if it is not such a string.
        mutating func string() -> Bool? {
            i += 1
            var escaped = false
            while !atEnd {
                // Eight printable ASCII bytes, none a quote or a backslash, are passed over at once.
                if i + 8 <= bytes.count, Self.plainASCII(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    i += 1
                    return escaped
                case UInt8(ascii: "\\"):
                    escaped = true
                    guard i + 1 < bytes.count else { return nil }
                    switch bytes[i + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i += 2
                    case UInt8(ascii: "u"):
                        // Only the controls without a short form: \u0000-\u001f but 08, 09, 0a, 0c, 0d.
                        guard i + 5 < bytes.count, bytes[i + 2] == UInt8(ascii: "0"), bytes[i + 3] == UInt8(ascii: "0"),
                              let high = Self.lowerHex(bytes[i + 4]), let low = Self.lowerHex(bytes[i + 5]), high <= 1 else { return nil }
                        let unit = high << 4 | low
                        if unit == 0x08 || unit == 0x09 || unit == 0x0A || unit == 0x0C || unit == 0x0D { return nil }
                        i += 6
                    default:
                        return nil
                    }
                case 0..<0x20:
                    return nil
                case 0..<0x80:
                    i += 1
                default:
                    guard let next = Self.scalarEnd(bytes, at: i) else { return nil }
                    i = next
                }
            }
            return nil
        }

        /// Whether each of eight bytes is printable ASCII (0x20-0x7E) other than `"` and `\\`:
        /// none ends a string, starts an escape or a sequence of more than one byte, or is a
        /// control character. (0x7F passes through `string` as any ASCII byte; it is left to the
        /// byte-by-byte way here only because the test is simpler without it.)
        static func plainASCII(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            // A byte below 0x20, or with its high bit (0x80 and above), or 0x7F.
            let below = (word &- ones &* 0x20) & ~word & highs
            let high = word & highs
            let plusOne = (word & ~highs) &+ ones  // 0x7F becomes 0x80 with no carry into the next byte
            let del = plusOne & highs & ~word
            func zeroIn(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
            let quote = zeroIn(word ^ (ones &* 0x22)), backslash = zeroIn(word ^ (ones &* 0x5C))
            return below | high | del | quote | backslash == 0
        }

        static func lowerHex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            default: nil
            }
        }

        /// Where the well-formed UTF-8 sequence of more than one byte at `i` ends (Unicode
        /// table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF); nil if none is.
        static func scalarEnd(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int? {
            let lead = bytes[i]
            let count: Int
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: count = 1; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: count = 2; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: count = 3; scalar = UInt32(lead & 0x07)
            default: return nil
            }
            guard i + count < bytes.count else { return nil }
            for k in 1...count {
                let b = bytes[i + k]
                guard b & 0xC0 == 0x80 else { return nil }
                scalar = scalar << 6 | UInt32(b & 0x3F)
            }
            if count == 2 && (scalar < 0x800 || (0xD800...0xDFFF).contains(scalar)) { return nil }
            if count == 3 && (scalar < 0x10000 || scalar > 0x10FFFF) { return nil }
            return i + count + 1
        }

        /// A number `CanonicalJSON.number` writes as it is: "0", or plain decimal text that is
        /// `CanonicalJSON.isAlreadyCanonical`.
        mutating func number() -> Bool {
            let start = i
            while !atEnd {
                switch bytes[i] {
                case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"): i += 1
                default: return Self.canonicalNumber(bytes, start..<i)
                }
            }
            return Self.canonicalNumber(bytes, start..<i)
        }

        static func canonicalNumber(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
            if range.count == 1 && bytes[range.lowerBound] == UInt8(ascii: "0") { return true }
            // The usual number, a whole one of up to 15 digits without a leading zero, is
            // canonical as `isAlreadyCanonical` says, without a string made of it.
            if (1...15).contains(range.count), bytes[range.lowerBound] != UInt8(ascii: "0"),
               range.allSatisfy({ bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }) {
                return true
            }
            // Only '-', '.' and digits are here; a second '-' or '.' fails the check.
            return CanonicalJSON.isAlreadyCanonical(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        }
    }
}
