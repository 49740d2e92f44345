import Foundation
@testable import HangarCore
import Testing

/// RFC 8785 canonical JSON, on the cases of its own appendix and section 3.2.
struct CanonicalJSONTests {
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("1", "1"), ("4.50", "4.5"), ("2e-3", "0.002"), ("0.000001", "0.000001"), ("1e-7", "1e-7"),
        ("1E30", "1e+30"), ("1e21", "1e+21"), ("1e20", "100000000000000000000"), ("123456789012345680000", "123456789012345680000"),
        ("333333333.33333329", "333333333.3333333"), ("-1.5", "-1.5"), ("11.0", "11"), ("5e-324", "5e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"), ("0.1", "0.1"), ("-0.0000033", "-0.0000033"),
    ])
    func numbersAsECMAScriptWritesThem(given: String, canonical: String) {
        #expect(CanonicalJSON.number(given) == canonical)
    }

    @Test func membersSortedByUTF16AndStringsEscapedMinimally() throws {
        let text = #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#
        let value = try JSONReader.read(Data(text.utf8))
        let keys = CanonicalJSON.text(value).matches(of: /"([^"]*)":"([^"]*)"/).map { String($0.2) }
        #expect(keys == ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"])
        let escaped = try JSONReader.read(Data(#"{"b":[1,"a\"\\\/\u0001\n\u00e9"],"a":{"z":null,"y":true}}"#.utf8))
        #expect(CanonicalJSON.text(escaped) == #"{"a":{"y":true,"z":null},"b":[1,"a\"\\/\u0001\né"]}"#)
    }

    /// The short way for plain decimals agrees with the whole layout, on random texts of
    /// every shape near its edges (length, leading and trailing zeros, sign).
    @Test func plainDecimalsTakeTheShortWayOnlyWhenItAgrees() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(next(10))) }) }
        var shortWays = 0
        for _ in 0..<20_000 {
            var text = next(4) == 0 ? "-" : ""
            text += next(5) == 0 ? "0" : digits(1 + next(22))
            if next(2) == 0 { text += "." + String(repeating: "0", count: next(8)) + digits(next(18)) }
            if CanonicalJSON.isAlreadyCanonical(text) {
                shortWays += 1
                #expect(CanonicalJSON.layout(text) == text, "\(text)")
            }
            #expect(CanonicalJSON.number(text) == CanonicalJSON.layout(text), "\(text)")
        }
        #expect(shortWays > 2_000, "the short way is taken often enough to be tested")
        for text in ["0", "-0", "1.50", "01", "1.", ".5", "1e5", "0.0000001", "1234567890123456", "-", "", "12a"] {
            #expect(!CanonicalJSON.isAlreadyCanonical(text), "\(text)")
        }
    }
}
