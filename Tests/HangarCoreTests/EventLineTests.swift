import HangarTestSupport
import Foundation
import Testing
@testable import HangarCore

@Suite("Reading a line")
struct EventLineTests {
    static func line(_ text: String) -> Data { Data(text.utf8) }

    @Test("a key given twice is refused at any depth, and named", arguments: [
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","event":"register","model":"M","model":"N"}"#, "model"),
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"i","subject":"A-1","event":"qc","checks":{"motors":"pass","motors":"fail"}}"#, "motors"),
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"b","subject":"M","event":"model_add","checklist":[{"key":"a","kind":"check","kind":"measure"}]}"#, "kind"),
    ])
    func duplicateKeys(text: String, key: String) {
        #expect(throws: HangarError.invalidValue(field: "line", value: key, allowed: "a key may appear only once in an object")) {
            try EventLine.parse(Self.line(text))
        }
    }

    @Test func colonsQuotesAndBracesInsideTextAreNotKeys() throws {
        let text = #"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","event":"register","model":"M","note":"at 10:30, \"a:b\" {c:d} [e]"}"#
        #expect(try EventLine.parse(Self.line(text)).note == #"at 10:30, "a:b" {c:d} [e]"#)
    }

    @Test("a key given twice in two spellings is still given twice", arguments: [
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","ev\u0065nt":"flight","event":"register","model":"M"}"#, "event"),
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","event":"register","model":"M","\u006dodel":"N"}"#, "model"),
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","event":"register","model":"M","mod\u0065\u006C":"N"}"#, "model"),
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"i","subject":"A-1","event":"qc","checks":{"mot\/ors":"pass","mot/ors":"fail"}}"#, "mot/ors"),
        (#"{"id":"x","at":"2026-03-04T09:00:00Z","by":"i","subject":"A-1","event":"qc","checks":{"caf\u00e9":"pass","cafe\u0301":"fail"}}"#, "café"),
    ])
    func duplicateKeysWrittenWithEscapes(text: String, key: String) {
        #expect(throws: HangarError.invalidValue(field: "line", value: key, allowed: "a key may appear only once in an object")) {
            try EventLine.parse(Self.line(text))
        }
    }

    @Test func jsonStringEscapesDecode() throws {
        #expect(try JSONReader.read(Self.line(#"["a\"b\\c\/d\n\u0041\ud83d\ude00"]"#)) == .array([.string("a\"b\\c/d\nA😀")]))
        // A lone surrogate, a short escape and an unknown escape are not JSON.
        for text in [#"["\ud83d"]"#, #"["\ude00x"]"#, #"["\u12"]"#, #"["\q"]"#] {
            #expect(throws: HangarError.self) { try JSONReader.read(Self.line(text)) }
        }
    }

    @Test("numbers keep their text; leading zeros, NaN and out-of-range are refused")
    func numbers() throws {
        #expect(try JSONReader.read(Self.line("[10.0, -0, 1e1, 12345678901234567890]"))
                == .array([.number("10.0"), .number("-0"), .number("1e1"), .number("12345678901234567890")]))
        for text in ["[01]", "[1.]", "[.5]", "[-]", "[1e]", "[NaN]", "[1e999]", "[+1]"] {
            #expect(throws: HangarError.self, "\(text)") { try JSONReader.read(Self.line(text)) }
        }
    }

    @Test("a whole number written with a point or an exponent is refused", arguments: ["10.0", "1e1", "1E1", "1.5", "-0.0"])
    func wholeNumbers(minutes: String) {
        let text = #"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","event":"flight","purpose":"operational","minutes":\#(minutes)}"#
        #expect(throws: HangarError.invalidValue(field: "minutes", value: minutes, allowed: "minutes must be a JSON integer (no decimal point)")) {
            try EventLine.parse(Self.line(text))
        }
    }

    @Test func aNestedNumberIsNotTheTopLevelOne() throws {
        let text = #"{"id":"x","at":"2026-03-04T09:00:00Z","by":"b","subject":"M","event":"model_add","checklist":[{"key":"minutes","kind":"measure","min":1.5}],"service_minutes": 600}"#
        guard case let .modelAdd(model) = try EventLine.parse(Self.line(text)).body else { Issue.record("not a model_add"); return }
        #expect(model.serviceMinutes == 600)
        #expect(model.checklist == [.measure("minutes", min: 1.5)])
    }

    @Test("every integer and floating type reads from the strict decoder without asking for itself again")
    func primitiveTypes() throws {
        struct All: Decodable { var a: Int8; var b: UInt16; var c: Int32; var d: UInt64; var e: Float; var f: Int64; var g: Bool }
        let json = try JSONReader.read(Data(#"{"a":-5,"b":7,"c":-70000,"d":18446744073709551615,"e":1.5,"f":9,"g":true}"#.utf8))
        let all = try All(from: StrictDecoder(json, event: "test"))
        #expect(all.a == -5 && all.b == 7 && all.c == -70000 && all.d == .max && all.e == 1.5 && all.f == 9 && all.g)
        #expect(throws: HangarError.self) {
            try All(from: StrictDecoder(try JSONReader.read(Data(#"{"a":300,"b":7,"c":1,"d":1,"e":1,"f":1,"g":true}"#.utf8)), event: "test"))
        }
    }

    @Test("a line and its stored data read back as the same typed event")
    func roundTrip() throws {
        let text = #"{"at":"2026-03-04T09:00:00Z","attempt":2,"by":"i","checklist_version":1,"checks":{"motors":"fail"},"defects":["MOTOR"],"event":"qc","id":"x","measures":{"amps":11.25},"note":"n","outcome":"fail","recorded":"2026-03-04T09:00:00Z","subject":"A-1"}"#
        let input = try EventLine.parse(Self.line(text))
        let event = RecordedEvent(seq: 1, id: input.id, subject: input.subject, fromState: nil, toState: nil, occurredAt: input.occurredAt,
                                  recordedAt: input.recordedAt!, actor: input.actor, body: input.body, note: input.note)
        let formatted = try EventLine.format(event)
        #expect(formatted == text)
        let stored = try EventLine.decodeData(try EventLine.canonicalJSON(input.body, note: input.note), kind: .qc)
        #expect(stored.body == input.body && stored.note == "n")
        #expect(throws: HangarError.self) { try EventLine.decodeData(Data(#"{"minutes":"x","purpose":"training"}"#.utf8), kind: .flight) }
        #expect(throws: HangarError.self) { try EventLine.decodeData(Data(#"{"reason":"sabotage"}"#.utf8), kind: .maintenanceOpen) }
    }
}

@Suite("Reading forms and queries")
struct FormFieldsTests {
    func decode(_ text: String, _ strictness: FormFields.Strictness = .body) throws(FormFields.Refusal) -> [String] {
        try FormFields.decode(Array(text.utf8), strictness: strictness).pairs.map { "\($0.name)=\($0.value)" }
    }

    @Test func wellFormedBodies() throws {
        #expect(try decode("staff=t.omarov&password=a+b%2Bc&next=%2Fairframes%3Fstate%3Dready") ==
                ["staff=t.omarov", "password=a b+c", "next=/airframes?state=ready"])
        #expect(try decode("a=%D0%9A%D0%B0&&b&=c&d=") == ["a=Ка", "b=", "=c", "d="])
        #expect(try decode("") == [])
        #expect(try decode("check.motors=pass&check.motors=fail") == ["check.motors=pass", "check.motors=fail"])
        #expect(try decode("x=%e2%82%ac") == ["x=€"])
    }

    @Test("a body that is not strictly encoded is refused, with where", arguments: [
        ("a=100%", 6), ("a=%zz", 3), ("a=%4", 3), ("a b=1", 2), ("a=\"x\"", 3), ("a=x|y", 4), ("a={x}", 3), ("a=%C3%28", 1),
        ("a=1&b=%FF", 5), ("a=\r\n", 3), ("%=1", 1),
    ])
    func refusedBodies(text: String, offset: Int) {
        #expect(throws: FormFields.Refusal.self) { try decode(text) }
        do { _ = try decode(text) } catch { #expect(error.offset == offset, "\(text.debugDescription): \(error)") }
    }

    @Test func rawBytesOverASCIIAreRefused() {
        #expect(throws: FormFields.Refusal.self) { try FormFields.decode([0x61, 0x3D, 0xD0, 0x9A], strictness: .body) }
        #expect(throws: FormFields.Refusal.self) { try FormFields.decode([0x61, 0x3D, 0xD0, 0x9A], strictness: .query) }
    }

    @Test func queriesTakeWhatBrowsersLeaveAsTyped() throws {
        #expect(try decode("q=a|b{c}^`\"", .query) == ["q=a|b{c}^`\""])
        #expect(throws: FormFields.Refusal.self) { try decode("q=a|b", .body) }
        #expect(throws: FormFields.Refusal.self) { try decode("q=a b", .query) }
        #expect(throws: FormFields.Refusal.self) { try decode("q=%", .query) }
    }

    @Test func tooManyFieldsAreRefused() throws {
        let many = Array(repeating: "a=1", count: FormFields.maximumPairs + 1).joined(separator: "&")
        #expect(throws: FormFields.Refusal.self) { try decode(many) }
        #expect(try decode(Array(repeating: "a=1", count: FormFields.maximumPairs).joined(separator: "&")).count == FormFields.maximumPairs)
    }

    @Test func pathSegments() {
        #expect(FormFields.decodePathSegment("Mavic%203") == "Mavic 3")
        #expect(FormFields.decodePathSegment("op-7%2F%D0%B1") == "op-7/б")
        #expect(FormFields.decodePathSegment("a+b") == "a+b")
        #expect(FormFields.decodePathSegment("%zz") == nil)
        #expect(FormFields.decodePathSegment("%C3%28") == nil)
        #expect(FormFields.decodePathSegment("a%0Ab") == nil)
    }
}
