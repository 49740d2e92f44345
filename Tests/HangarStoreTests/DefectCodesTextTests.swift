import Foundation
import Testing
@testable import HangarStore

/// A model's defect codes are stored as a JSON array of strings. The short reader for arrays
/// without escapes must read exactly what JSONDecoder reads, and give way to it otherwise.
struct DefectCodesTextTests {
    static func decoded(_ text: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    @Test func theShortReaderReadsWhatTheWriterWrites() throws {
        let lists: [[String]] = [[], ["MOTOR"], ["MOTOR", "PROP", "ESC_HOT"], ["a,b", " x ", "", "Қозғалтқыш", "двигатель"]]
        for codes in lists {
            let text = try #require(Decode.codesText(codes))
            #expect(Decode.plainStrings(text) == codes, "\(text)")
            #expect(try Decode.codes(text, model: "M") == codes)
        }
        // Escapes are left to the decoder, which still reads them.
        let escaped = try #require(Decode.codesText(["say \"hi\"", "back\\slash", "tab\t"]))
        #expect(Decode.plainStrings(escaped) == nil)
        #expect(try Decode.codes(escaped, model: "M") == ["say \"hi\"", "back\\slash", "tab\t"])
    }

    @Test func onAnyTextItIsTheDecoderOrGivesWay() {
        let alphabet = Array("[]\",ab \\\u{1}К")
        var generator = SystemRandomNumberGenerator()
        var read = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            var text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            if Bool.random(using: &generator) { text = "[" + text + "]" }
            guard let short = Decode.plainStrings(text) else { continue }
            read += 1
            #expect(short == Self.decoded(text), "\(text.debugDescription)")
        }
        #expect(read > 100)
        for bad in ["", "[", "]", "[\"a\"", "[\"a\",]", "[,]", "[\"a\" ]", "[\"a\"\"b\"]", "[\"\u{1}\"]", "[1]"] {
            #expect(Decode.plainStrings(bad) == nil, "\(bad.debugDescription)")
        }
    }
}
