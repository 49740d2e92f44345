import Foundation
import Testing
@testable import HangarCore

@Suite("IDList")
struct IDListTests {
    /// Lists appended one after another, each under a prefix (as the national report joins
    /// the workshops' lists, each id under its workshop's code) or none, read back as the
    /// strings joined the plain way; the lists and their lengths are random, empty ids and
    /// empty lists included.
    @Test func listsAppendedUnderPrefixesReadAsTheirStrings() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var joined = IDList(), expected: [String] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let ids = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                    String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "AF-0123456789xyz".randomElement(using: &generator)! })
                }
                let prefix = Bool.random(using: &generator) ? "" : "KZ-W\(Int.random(in: 1...99, using: &generator))/"
                joined.append(contentsOf: IDList(ids), prefix: Array(prefix.utf8))
                expected += ids.map { prefix + $0 }
            }
            #expect(Array(joined) == expected)
            #expect(joined == IDList(expected))
        }
    }
}
