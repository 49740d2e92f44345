// A libFuzzer target for the decoders of what browsers and other clients send the server:
// form bodies, query strings and path segments (`FormFields`). Not a SwiftPM target:
// scripts/fuzz compiles it together with Sources/HangarCore. No input may trap; whatever
// decodes must come back the same after being encoded again.
import Foundation

/// Encodes text the way a browser writes a form: letters, digits and `-._*` as they are,
/// a space as `+`, every other byte as `%XX`.
func formEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        case 0x20: out += "+"
        default: out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzForms(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = UnsafeBufferPointer(start: bytes, count: count)
    for strictness in [FormFields.Strictness.body, .query] {
        guard let fields = try? FormFields.decode(input, strictness: strictness) else { continue }
        precondition(fields.pairs.count <= FormFields.maximumPairs, "more pairs than the limit")
        let encoded = fields.pairs.map { formEncode($0.name) + "=" + formEncode($0.value) }.joined(separator: "&")
        let again = try? FormFields.decode(Array(encoded.utf8), strictness: .body)
        precondition(again == fields, "a decoded form does not survive encoding again")
        if strictness == .body {
            // What a form body accepts, a query accepts too, and reads the same.
            precondition((try? FormFields.decode(input, strictness: .query)) == fields, "body and query disagree")
        }
    }
    if let segment = FormFields.decodePathSegment(Substring(decoding: input, as: UTF8.self)) {
        precondition(!segment.unicodeScalars.contains { $0.value < 0x20 }, "a control character in a path segment")
    }
    return 0
}
