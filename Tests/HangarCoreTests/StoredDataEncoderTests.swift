import Foundation
@testable import HangarCore
import Testing

/// The stored `data` of an event (which the hash chain covers) is written by
/// `StoredDataEncoder`; every log so far was written by Foundation's `JSONEncoder`. The two
/// must give the same bytes, or a replayed or verified log would no longer match its chain.
struct StoredDataEncoderTests {
    static let root: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root
    }()

    func expectSameBytes(_ body: EventBody, note: String?, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try EventLine.canonicalText(body, note: note)
        let foundation = try EventLine.foundationJSON(body, note: note)
        // Bytes, not strings: Swift's == takes canonically equivalent texts as equal.
        #expect(Array(ours.utf8) == Array(foundation), "\(ours) against \(String(decoding: foundation, as: UTF8.self))",
                sourceLocation: sourceLocation)
    }

    /// Every event of the demo workshop as the rules recorded it (QC runs with their
    /// checklist's limits, computed attempts and outcomes, every sustainment event).
    @Test func everyRecordedEventOfTheDemoWorkshop() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("seeds/demo-workshop.ndjson"), encoding: .utf8)
        var state = WorkshopState()
        var kinds: Set<EventKind> = []
        var recorded = 0
        for line in text.split(separator: "\n") {
            let input = try EventLine.parse(Data(line.utf8))
            let decision = try Ledger.decide(input, in: state, now: Timestamp(milliseconds: 4_000_000_000_000))
            try expectSameBytes(decision.event.body, note: decision.event.note)
            state.apply(decision)
            kinds.insert(decision.event.kind)
            recorded += 1
        }
        #expect(recorded > 5000)
        #expect(kinds.count > 25, "the demo shows most kinds of event: \(kinds.count)")
    }

    /// Every line of every fixture that reads as an event, as it was given.
    @Test func everyFixtureLineThatReads() throws {
        var read = 0
        let files = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent("Fixtures").path)!
        for case let file as String in files where file.hasSuffix(".ndjson") {
            // (The bad-input corpus holds bytes that are not UTF-8: read as bytes.)
            let bytes = try Data(contentsOf: Self.root.appendingPathComponent("Fixtures").appendingPathComponent(file))
            for line in bytes.split(separator: 0x0A) {
                guard let input = try? EventLine.parse(Data(line)) else { continue }
                try expectSameBytes(input.body, note: input.note)
                read += 1
            }
        }
        #expect(read > 150)
    }

    /// Strings at every escape, numbers of every form, keys that sort differently by bytes,
    /// numerically or without case.
    @Test func escapesNumbersAndKeyOrder() throws {
        var controls = ""
        for c in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(c))) }
        let texts = [controls, #""\/"#, "\u{7F}\u{80}\u{2028}\u{2029}\u{FEFF}й😀", "a\u{0301}", "Қазақ тілі — русский", ""]
        for text in texts {
            try expectSameBytes(.lost(Loss(reason: text)), note: text)
        }
        let numbers: [Double] = [0, -0.0, 1, 17.1, 0.1, 1e21, 1e-7, 1e15, 1e16, 123456789012345678, 5e-324, 1.7976931348623157e308,
                                 0.30000000000000004, -2.5, 100, 9007199254740993, 1e-5, 0.0001]
        var measures: [String: Double] = [:]
        for (i, x) in numbers.enumerated() { measures["m\(i)"] = x }
        let checks: [String: CheckResult] = ["a10": .pass, "a9": .fail, "a_b": .pass, "ab": .pass, "aB": .fail, "B": .pass, "_x": .pass, "0": .fail]
        let limits = [ChecklistItem.measure("m1", unit: "A", min: 0.5, max: 1e16), ChecklistItem(key: "a9", kind: .check, description: "Ä\n\"x\"")]
        try expectSameBytes(.qc(QCRun(checks: checks, measures: measures, defects: ["Z", "A_1"], checklistVersion: 3, attempt: 2,
                                      outcome: .fail, limits: limits)), note: nil)
        var seed: UInt64 = 0x2545F4914F6CDD1D
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(bitPattern: seed & 0x7FEF_FFFF_FFFF_FFFF) * (seed & 1 == 0 ? 1 : -1)
            let y = Double(Int64(bitPattern: seed) % 1_000_000) / [1, 10, 100, 1000][Int(seed >> 60) & 3]
            try expectSameBytes(.qc(QCRun(measures: ["x": x, "y": y])), note: nil)
        }
    }

    @Test("checklist limits written once per list are never another list's text: lists Swift calls equal but written differently, and more lists than are kept")
    func checklistLimitsKeptByTheirExactBytes() throws {
        let composed = "Vérifier", decomposed = "Ve\u{301}rifier"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        func list(_ description: String, min: Double, extra: Int) -> [ChecklistItem] {
            [ChecklistItem(key: "hover_current_a", kind: .measure, unit: "A", min: min, max: 14, description: description), .check("motors")]
                + (0..<extra).map { .check("c\($0)") }
        }
        // Two lists Swift's == takes as equal (a canonically equal description, 0 and -0),
        // then more different lists than are kept, then the first ones again.
        let lists = [list(composed, min: 0, extra: 0), list(decomposed, min: 0, extra: 0), list(composed, min: -0.0, extra: 0)]
            + (1...12).map { list(composed, min: 8, extra: $0) }
        #expect(lists[0] == lists[1] && lists[0] == lists[2])
        for round in 0..<3 {
            for (i, items) in lists.enumerated() {
                try expectSameBytes(.qc(QCRun(checks: ["motors": .pass], checklistVersion: round + 1, outcome: .pass, limits: items)),
                                    note: i % 2 == 0 ? nil : "run \(i)")
            }
        }
        let first = try EventLine.canonicalText(.qc(QCRun(limits: lists[0])), note: nil)
        let second = try EventLine.canonicalText(.qc(QCRun(limits: lists[1])), note: nil)
        #expect(first.utf8.count != second.utf8.count)
        #expect(try EventLine.canonicalText(.qc(QCRun(limits: lists[2])), note: nil).contains(#""min":-0"#))
    }

    @Test func aNumberThatIsNotFiniteIsRefusedAsBefore() {
        #expect(throws: HangarError.self) { try EventLine.canonicalText(.qc(QCRun(measures: ["x": .nan])), note: nil) }
        #expect(throws: HangarError.self) { try EventLine.canonicalText(.qc(QCRun(measures: ["x": .infinity])), note: nil) }
    }

    /// Every path of the encoder (nested containers, other integer types, `Float`, nil,
    /// a super encoder), against `JSONEncoder` on the same value.
    @Test func everyContainerPath() throws {
        struct Inner: Encodable { var z: UInt8 = 255; var a: Int32 = -7; var f: Float = 0.1; var none: String? = nil }
        struct Outer: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: AnyKey.self)
                try c.encode(Inner(), forKey: AnyKey("inner"))
                try c.encodeNil(forKey: AnyKey("nil"))
                var nested = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("nested"))
                try nested.encode(Int64.min, forKey: AnyKey("min"))
                try nested.encode(UInt64.max, forKey: AnyKey("max"))
                var list = c.nestedUnkeyedContainer(forKey: AnyKey("list"))
                try list.encode("x")
                try list.encodeNil()
                try list.encode([2.5, 3])
                var inList = list.nestedContainer(keyedBy: AnyKey.self)
                try inList.encode(true, forKey: AnyKey("b"))
                try Inner().encode(to: c.superEncoder(forKey: AnyKey("super")))
                var single = c.superEncoder(forKey: AnyKey("single")).singleValueContainer()
                try single.encode(42)
                var inListSingle = list.superEncoder().singleValueContainer()
                try inListSingle.encode("s")
                var again = encoder.container(keyedBy: AnyKey.self)
                try again.encode(["k": [1, 2]], forKey: AnyKey("again"))
            }
        }
        let foundation = try EventLine.encoder(interchange: false).encode(Outer())
        #expect(Array(try StoredDataEncoder.encode(Outer()).utf8) == Array(foundation), "\(String(decoding: foundation, as: UTF8.self))")
    }
}
