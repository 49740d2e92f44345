import Foundation
import Testing

/// The corpus in Fixtures/bad: each `NAME.ndjson` is a valid line followed by a bad one, to
/// be imported on top of `_base.ndjson`; `NAME.error` is the exact message expected on
/// stderr (`*` stands for any text, used where the message shows the clock).
@Suite("bad input corpus")
struct BadInputTests {
    static let folder = CLI.fixtures.appendingPathComponent("bad")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".ndjson") && !$0.hasPrefix("_") }.map { String($0.dropLast(7)) }.sorted()
    }()

    @Test func theCorpusCoversWhatTheIssueLists() {
        #expect(Self.cases.count >= 60)
        for name in Self.cases {
            #expect(FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent(name + ".error").path), "\(name) has no .error")
        }
    }

    @Test("each bad line is refused by name, with exit 1, and nothing is written", arguments: cases)
    func refused(name: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["import", Self.folder.appendingPathComponent("_base.ndjson").path])
        let before = try cli.ok(["export"]).out
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(name + ".error"), encoding: .utf8)
        let result = try cli.run(["import", Self.folder.appendingPathComponent(name + ".ndjson").path])
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.hasPrefix("error: line 2: "), "\(result.err)")
        #expect(Self.matches(result.err, expected), "got: \(result.err)\nexpected: \(expected)")
        #expect(try cli.ok(["export"]).out == before)
    }

    @Test func theGlobMatcherIsExact() {
        #expect(Self.matches("error: a (12:00)\n", "error: a (*)\n"))
        #expect(!Self.matches("error: a (12:00)\n", "error: b (*)\n"))
        #expect(!Self.matches("error: a\nmore\n", "error: a\n"))
        #expect(Self.matches("plain\n", "plain\n"))
    }

    /// `text` equals `pattern`, where each `*` in the pattern stands for any run of characters.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "*")
        guard parts.count > 1 else { return text == pattern }
        guard text.hasPrefix(parts[0]), text.hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = text.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.count >= parts[parts.count - 1].count
    }
}
