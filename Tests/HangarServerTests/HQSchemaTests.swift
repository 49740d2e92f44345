import Foundation
import HangarCore
import HangarHQPostgres
import HangarStore
import HangarTestSupport
import Testing

/// Headquarters on PostgreSQL index only what the lists read, the cheapest way to add to
/// (schema 3); a store made with schema 1 or 2 is migrated when it is opened, its lines and
/// lists unchanged.
@Suite("headquarters on PostgreSQL: schema")
struct HQSchemaTests {
    static func indexes(_ engine: PostgresHQ) async throws -> [String] {
        try await engine.fetch("SELECT indexdef FROM pg_indexes WHERE tablename = 'hq_lines' ORDER BY indexname", []).compactMap { $0[0].text }
    }

    /// Runs `body` on a store of `url`, closed after whatever `body` threw (a connection
    /// must be closed before it goes).
    static func with<T>(_ url: String, create: Bool, linesPerChunk: Int = MergeChunks.standardChunk,
                        _ body: (PostgresHQ) async throws -> T) async throws -> T {
        let engine = try await PostgresHQ.open(url: url, create: create, linesPerChunk: linesPerChunk)
        do {
            let value = try await body(engine)
            await engine.close()
            return value
        } catch {
            await engine.close()
            throw error
        }
    }

    /// The indexes of schemas 1 and 2, as a store made before schema 3 has them.
    static let olderIndexes = [
        1: ["ALTER TABLE hq_lines DROP CONSTRAINT hq_lines_pkey", "DROP INDEX hq_lines_by_id", "ALTER TABLE hq_lines ADD PRIMARY KEY (origin, id)",
            "DROP INDEX hq_lines_by_kind", "CREATE INDEX hq_lines_by_kind ON hq_lines (kind, subject)",
            "CREATE INDEX hq_lines_by_id ON hq_lines (id)", "CREATE INDEX hq_lines_by_seq ON hq_lines (origin, seq)",
            "UPDATE hq_meta SET value = '1' WHERE key = 'schema'"],
        2: ["ALTER TABLE hq_lines DROP CONSTRAINT hq_lines_pkey", "DROP INDEX hq_lines_by_id", "ALTER TABLE hq_lines ADD PRIMARY KEY (id, origin)",
            "CREATE INDEX hq_lines_by_seq ON hq_lines (origin, seq)", "UPDATE hq_meta SET value = '2' WHERE key = 'schema'"],
    ]

    @Test(arguments: [1, 2]) func anOlderStoreIsMigratedWithItsListsUnchanged(version: Int) async throws {
        guard TestPostgres.cluster != nil else { return }
        let url = try TestPostgres.newDatabase("schema")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hq-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var workshops: [ServerFixture] = []
        defer { workshops.forEach { $0.remove() } }
        let (fresh, before) = try await Self.with(url, create: true) { made in
            let fresh = try await Self.indexes(made)
            #expect(fresh.contains { $0.contains("hq_lines_pkey") && $0.contains("(origin, seq, id)") }, "\(fresh)")
            #expect(fresh.contains { $0.contains("hq_lines_by_id") && $0.contains("USING hash (id)") }, "\(fresh)")
            #expect(fresh.contains { $0.contains("hq_lines_by_kind") && $0.contains("WHERE") && $0.contains("'register'") }, "only the listed kinds: \(fresh)")
            #expect(fresh.count == 3 && !fresh.contains { $0.contains("hq_lines_by_seq") }, "\(fresh)")
            // Back to an older schema's indexes.
            for statement in Self.olderIndexes[version]! { try await made.execute(statement, []) }
            #expect(try await Self.indexes(made) != fresh)
            // Two workshops claiming AF-1, merged under the older schema.
            let old = HQStore(engine: made)
            for code in ["KZ-A", "KZ-B"] {
                let w = try HQServerTests.Fixture.workshop(code)
                workshops.append(w)
                let file = folder.appendingPathComponent("\(code).ndjson")
                var text = ""
                try w.store.exportEvents { text += $0 + "\n" }
                try Data(text.utf8).write(to: file)
                _ = try await old.merge(try FileHandle(forReadingFrom: file), name: file.path)
            }
            let before = try await old.conflicts()
            #expect(before.serialClaims.map(\.serial) == ["AF-1"])
            return (fresh, before)
        }

        try await Self.with(url, create: false) { reopened in
            let migrated = try await Self.indexes(reopened)
            #expect(migrated.sorted() == fresh.sorted(), "schema \(version) takes schema 3's indexes")
            #expect(try await reopened.fetch("SELECT value FROM hq_meta WHERE key = 'schema'", []).first?[0].text == "3")
            let store = HQStore(engine: reopened)
            #expect(try await store.conflicts() == before)
            // A merge after the migration: the same file again is already held.
            let again = folder.appendingPathComponent("KZ-A.ndjson")
            let summary = try await store.merge(try FileHandle(forReadingFrom: again), name: again.path)
            #expect(summary.added == 0 && summary.alreadyHeld == summary.lines && summary.lines > 0)
        }
    }

    /// A merge into PostgreSQL, cut into chunks of five lines, holds what the SQLite engine
    /// holds after the same files: an id repeated in a later chunk with other content (a
    /// conflict), an id repeated verbatim within a chunk and across chunks (already held), the
    /// same file merged twice.
    @Test func aMergeInChunksHoldsWhatTheFileEngineHolds() async throws {
        guard TestPostgres.cluster != nil else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hq-chunks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        var written = 0
        for code in ["KZ-A", "KZ-B"] {
            let w = try HQServerTests.Fixture.workshop(code)
            defer { w.remove() }
            var lines: [String] = []
            try w.store.exportEvents { lines.append($0) }
            #expect(lines.count > 12, "several chunks")
            if code == "KZ-A" {
                written = lines.count
                // The second line again with another time (a different copy), the fourth line
                // twice in a row (one chunk), and the third line again at the end.
                let other = lines[1].replacingOccurrences(of: "\"at\":\"", with: "\"at\":\"1")
                #expect(other != lines[1])
                lines.insert(lines[3], at: 4)
                lines += [other, lines[2]]
            }
            let file = folder.appendingPathComponent("\(code).ndjson")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            files.append(file)
        }
        let held = try await Self.with(try TestPostgres.newDatabase("chunks"), create: true, linesPerChunk: 5) { postgres in
            let engines: [any HQEngine] = [try SQLiteHQ(path: folder.appendingPathComponent("hq.sqlite").path, create: true), postgres]
            var held: [[String]] = []
            for engine in engines {
                let store = HQStore(engine: engine)
                var summaries: [String] = []
                for file in files + files {
                    let s = try await store.merge(try FileHandle(forReadingFrom: file), name: file.path)
                    summaries.append("\(s.origin) \(s.lines) \(s.added) \(s.alreadyHeld) \(s.conflicting)")
                }
                var rows = summaries
                for sql in ["SELECT origin, id, seq, hash, content FROM hq_lines ORDER BY origin, id",
                            "SELECT origin, id, seq, hash, content FROM hq_copies ORDER BY origin, id, seq"] {
                    rows += try await engine.fetch(sql, []).map { $0.map { $0.text ?? $0.int.map(String.init) ?? "null" }.joined(separator: "|") }
                }
                rows += HQStore.keys(try await store.conflicts())
                held.append(rows)
            }
            return held
        }
        // KZ-A's file: every line once, the verbatim repeats already held, the other copy a conflict;
        // the second time, all held (the conflict again).
        #expect(held[0].first == "KZ-A \(written + 3) \(written) 2 1", "\(held[0])")
        #expect(held[0][2] == "KZ-A \(written + 3) 0 \(written + 2) 1", "\(held[0])")
        #expect(held[0].contains { $0.hasPrefix("content:") }, "the other copy of the second line is listed: \(held[0])")
        #expect(held[0] == held[1], "SQLite \(held[0])\nPostgreSQL \(held[1])")
    }

    /// A file read in slices side by side names the same refused line as one read line by
    /// line: the first in file order, whether it fails to read or names another workshop,
    /// and whichever slice it falls in. Nothing of the file lands.
    @Test(arguments: [(200, 450), (450, 200), (500, 500), (40, 590)])
    func aRefusedLineIsNamedAsLineByLine(malformed: Int, otherWorkshop: Int) async throws {
        guard TestPostgres.cluster != nil else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hq-refused-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let w = try HQServerTests.Fixture.workshop("KZ-A")
        defer { w.remove() }
        var base: [String] = []
        try w.store.exportEvents { base.append($0) }
        // 600 lines: the workshop's own, each with an id of its own.
        var lines = (0..<600).map { i -> String in
            let line = base[i % base.count]
            guard let range = line.range(of: #""id":"[^"]*""#, options: .regularExpression) else { return line }
            return line.replacingCharacters(in: range, with: "\"id\":\"line-\(i)\"")
        }
        lines[otherWorkshop] = lines[otherWorkshop].replacingOccurrences(of: "\"workshop\":\"KZ-A\"", with: "\"workshop\":\"KZ-B\"")
        if malformed != otherWorkshop { lines[malformed] = "{\"event\": " }
        let file = folder.appendingPathComponent("refused.ndjson")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        var refusals: [String] = []
        let sqlite = try SQLiteHQ(path: folder.appendingPathComponent("hq.sqlite").path, create: true)
        try await Self.with(try TestPostgres.newDatabase("refused"), create: true) { postgres in
            for engine in [sqlite, postgres] as [any HQEngine] {
                let store = HQStore(engine: engine)
                do {
                    _ = try await store.merge(try FileHandle(forReadingFrom: file), name: file.path)
                    refusals.append("merged")
                } catch {
                    refusals.append("\(error)")
                }
                let held = try await engine.fetch("SELECT count(*) FROM hq_lines", []).first?[0].int
                #expect(held == 0, "nothing lands")
            }
        }
        let first = min(malformed, otherWorkshop) + 1
        #expect(refusals[0].hasPrefix("line \(first): ") && refusals[0] == refusals[1], "\(refusals)")
    }
}
