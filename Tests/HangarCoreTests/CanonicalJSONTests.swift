import Foundation
import HangarCore
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
}
