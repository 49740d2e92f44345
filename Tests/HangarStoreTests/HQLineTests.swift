import Foundation
@testable import HangarCore
import Testing
@testable import HangarStore

/// Headquarters read a canonical line without a JSON tree (`HQLine.canonical`); whatever it
/// takes that way must be exactly what the long way (`HQLine(reading:)`) makes of it, and what
/// the long way refuses it must not take.
@Suite("HQ lines: the quick way equals the long way")
struct HQLineTests {
    struct Seeded {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    static let texts = ["AF-1", "Алия Нурланова", "Әскери бөлім", "🛩 x", "tab\there", "line\nbreak", "quote\"s", "back\\slash",
                        "\u{1}", "\u{7F}", "\u{2028}", "", "plain", "é", "e\u{301}", "\u{0}"]
    static let numbers = ["0", "1", "-3", "2.5", "0.001", "1e3", "12345678901234567890", "1.50", "-0", "0.0000001", "1E-7", "123456789012345"]
    static let keys = ["model", "note", "minutes", "items", "roles", "lang", "name", "ключ", "a b", "", "Z", "é"]

    static func value(_ r: inout Seeded, depth: Int) -> JSONValue {
        switch r.next(depth > 2 ? 4 : 7) {
        case 0: return .string(r.pick(texts))
        case 1: return .number(r.pick(numbers))
        case 2: return r.pick([.bool(true), .bool(false), .null])
        case 3: return .string(r.pick(texts) + r.pick(texts))
        case 4: return .array((0..<r.next(4)).map { _ in value(&r, depth: depth + 1) })
        default:
            var members: [(key: String, value: JSONValue)] = []
            for key in keys where r.next(3) == 0 { members.append((key, value(&r, depth: depth + 1))) }
            return .object(JSONObject(members))
        }
    }

    /// A line as an export writes it, with random fields beside the envelope and stamp.
    static func line(_ r: inout Seeded) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [
            ("at", .string("2026-01-0\(1 + r.next(9))T08:00:00Z")), ("by", .string(r.pick(["tech", "a.nurlanova"]))),
            ("event", .string(r.pick(["register", "qc_run", "flight", "stock_receive", "note", "maintain"]))),
            ("format", .number("2")), ("hash", .string(String(repeating: r.pick(["c", "0", "f"]), count: 64))),
            ("id", .string(r.next(8) == 0 ? r.pick(texts) : "id-\(r.next(1000))")),
            ("subject", .string(r.next(8) == 0 ? r.pick(texts) : "AF-\(r.next(1000))")),
            ("workshop", .string(r.pick(["KZ-F", "KZ-36AAB-W1", "kz-f"]))), ("workshop_seq", .number(r.pick(["1", "42", "7"]))),
        ]
        if r.next(2) == 0 { members.append(("recorded", .string(r.next(6) == 0 ? "" : "2026-01-01T09:00:00Z"))) }
        if r.next(4) == 0 { members.append(("serials", .array([.string("M-1"), .string(r.pick(texts))]))) }
        for key in keys where r.next(4) == 0 { members.append((key, value(&r, depth: 1))) }
        return JSONObject(members)
    }

    /// Whatever the quick way takes, the long way takes too, as the same line.
    static func agree(_ data: Data) -> Bool? {
        guard let quick = HQLine.canonical(data) else { return nil }
        let long = try? HQLine(reading: data)
        #expect(long == quick, "\(String(decoding: data, as: UTF8.self))")
        return long == quick
    }

    @Test func canonicalLinesReadTheQuickWayAsTheLongWay() throws {
        var r = Seeded(state: 0xC0FFEE)
        var quick = 0, lines = 0
        for _ in 0..<3000 {
            let text = CanonicalJSON.text(.object(Self.line(&r)))
            lines += 1
            if Self.agree(Data(text.utf8)) != nil { quick += 1 }
        }
        // Most generated lines are plain enough for the quick way (it must not give up on all).
        #expect(quick > lines / 10, "\(quick) of \(lines) read the quick way")
    }

    @Test func mutatedLinesAreNeverTakenWhereTheLongWayRefuses() throws {
        var r = Seeded(state: 0xBADF00D)
        let alphabet = Array(#"{}[]":,0123456789-.eEtrufalsn\u/ "#.utf8) + [0x00, 0x0A, 0x7F, 0xFF, 0xC0, 0xC3, 0x80, 0xED, 0xA0, 0xF4, 0x90]
        var taken = 0
        for _ in 0..<6000 {
            var bytes = Array(CanonicalJSON.text(.object(Self.line(&r))).utf8)
            for _ in 0..<(1 + r.next(3)) {
                switch r.next(4) {
                case 0: bytes[r.next(bytes.count)] = r.pick(alphabet)
                case 1: bytes.insert(r.pick(alphabet), at: r.next(bytes.count))
                case 2 where bytes.count > 2: bytes.remove(at: r.next(bytes.count))
                default: bytes.swapAt(r.next(bytes.count), r.next(bytes.count))
                }
            }
            if Self.agree(Data(bytes)) == true { taken += 1 }
        }
        #expect(taken > 0, "some mutations stay canonical lines")
    }

    @Test func whatTheScanAcceptsIsItsOwnCanonicalText() throws {
        var r = Seeded(state: 0x5CA7)
        var accepted = 0
        for _ in 0..<3000 {
            let value = Self.value(&r, depth: 0)
            guard case .object = value else { continue }
            for text in [CanonicalJSON.text(value), Self.loose(value)] {
                let data = Data(text.utf8)
                guard data.withUnsafeBytes({ CanonicalScan.members($0) }) != nil else { continue }
                accepted += 1
                #expect(CanonicalJSON.text(try JSONReader.read(data)) == text)
            }
        }
        #expect(accepted > 100)
    }

    /// A value's JSON in the order given and with spaces: not canonical.
    static func loose(_ value: JSONValue) -> String {
        switch value {
        case .object(let o): "{ " + o.members.map { CanonicalJSON.text(.string($0.key)) + ": " + loose($0.value) }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(loose).joined(separator: ",") + "]"
        default: CanonicalJSON.text(value)
        }
    }

    @Test(arguments: [
        (#"{"a":1}"#, true), (#"{"a":0}"#, true), (#"{"a":-0}"#, false), (#"{"a":1.50}"#, false), (#"{"a":1e3}"#, false),
        (#"{"a":01}"#, false), (#"{"a":"\u0041"}"#, false), (#"{"a":"\/"}"#, false), (#"{"a":"\u001F"}"#, false),
        (#"{"a":"\u001f"}"#, true), (#"{"a":"\u000a"}"#, false), (#"{"a":"\n"}"#, true), (#"{"b":1,"a":2}"#, false),
        (#"{"a":1,"a":2}"#, false), (#"{"a":1, "b":2}"#, false), (#"{"a":1} "#, false), (#"{"a":[1,{"c":2,"d":[]}]}"#, true),
        (#"{"a":[1,{"d":2,"c":[]}]}"#, false), (#"{"é":1}"#, false), (#"{"a":truee}"#, false), (#"{"a":"x"#, false),
    ]) func scanCases(text: String, accepted: Bool) throws {
        let data = Data(text.utf8)
        #expect((data.withUnsafeBytes { CanonicalScan.members($0) } != nil) == accepted, "\(text)")
    }

    /// Any bytes in a string: taken exactly when they are UTF-8 (no overlong form, no
    /// surrogate, nothing past U+10FFFF) without a quote, backslash or control character.
    @Test func stringBytesAreTakenExactlyWhenTheyAreUTF8() throws {
        var r = Seeded(state: 0x17F8)
        let pieces: [[UInt8]] = [[0x41], [0xC3, 0xA9], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
                                 [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
                                 [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xC3], [0xE2, 0x82]]
        for _ in 0..<2000 {
            let body = (0..<(1 + r.next(4))).flatMap { _ in r.pick(pieces) }
            let data = Data(Array(#"{"a":""#.utf8) + body + Array(#""}"#.utf8))
            let valid = String(validating: body, as: UTF8.self) != nil
            #expect((data.withUnsafeBytes { CanonicalScan.members($0) } != nil) == valid, "\(body)")
        }
    }

    /// The scan passes over eight bytes of a string at once only where each is printable
    /// ASCII other than a quote or a backslash: every byte value at every place, among others.
    @Test func eightPlainBytesAreOnlyPrintableASCII() throws {
        func plain(_ b: UInt8) -> Bool { (0x20...0x7E).contains(b) && b != 0x22 && b != 0x5C }
        for place in 0..<8 {
            for b in 0...255 {
                for filler: UInt8 in [0x61, 0x20, 0x7E, 0x21, 0x5D] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[place] = UInt8(b)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(CanonicalScan.Scan.plainASCII(word) == plain(UInt8(b)), "byte \(b) at \(place)")
                }
            }
        }
        var r = Seeded(state: 0xA5C11)
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in UInt8(r.next(256)) }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(CanonicalScan.Scan.plainASCII(word) == bytes.allSatisfy(plain), "\(bytes)")
        }
    }

    @Test func anExportLineIsReadTheQuickWay() throws {
        let text = #"{"at":"2026-01-01T08:00:00Z","by":"a.nurlanova","event":"staff_add","format":2,"hash":"\#(String(repeating: "ab", count: 32))","id":"ef53","name":"Алия Нурланова","recorded":"2026-01-01T08:01:00Z","roles":["commander","admin"],"subject":"a.nurlanova","workshop":"KZ-W01","workshop_seq":12}"#
        let line = try #require(HQLine.canonical(Data(text.utf8)))
        #expect(line.origin == "KZ-W01" && line.seq == 12 && line.id == "ef53" && line.kind == "staff_add" && line.recordedAt == "2026-01-01T08:01:00Z")
        #expect(line.content == #"{"at":"2026-01-01T08:00:00Z","by":"a.nurlanova","event":"staff_add","id":"ef53","name":"Алия Нурланова","recorded":"2026-01-01T08:01:00Z","roles":["commander","admin"],"subject":"a.nurlanova"}"#)
        #expect(try HQLine(reading: Data(text.utf8)) == line)
    }
}
