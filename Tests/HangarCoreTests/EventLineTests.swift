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
        #expect(LineCheck.hasDuplicateKey(Self.line(text), parsed: try! JSONSerialization.jsonObject(with: Self.line(text))))
        #expect(throws: HangarError.invalidValue(field: "line", value: key, allowed: "a key may appear only once in an object")) {
            try EventLine.parse(Self.line(text))
        }
    }

    @Test func colonsQuotesAndBracesInsideTextAreNotKeys() throws {
        let text = #"{"id":"x","at":"2026-03-04T09:00:00Z","by":"t","subject":"A-1","event":"register","model":"M","note":"at 10:30, \"a:b\" {c:d} [e]"}"#
        #expect(!LineCheck.hasDuplicateKey(Self.line(text), parsed: try JSONSerialization.jsonObject(with: Self.line(text))))
        #expect(LineCheck.duplicateKey(in: Self.line(text)) == nil)
        #expect(try EventLine.parse(Self.line(text)).data.note == #"at 10:30, "a:b" {c:d} [e]"#)
    }
}
