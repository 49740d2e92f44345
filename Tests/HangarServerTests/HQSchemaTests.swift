import Foundation
import HangarCore
@testable import HangarHQPostgres
import HangarStore
import HangarTestSupport
import Testing

/// Headquarters on PostgreSQL keep each workshop's lines in a table of its own, part of
/// `hq_lines`, indexed only for what the lists read (schema 4); a store made with schema 1, 2
/// or 3 (one table of every line) is migrated when it is opened, its lines and lists unchanged.
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

    /// The workshops' tables of `hq_lines`, by name, each with its indexes' definitions.
    static func workshopTables(_ engine: PostgresHQ) async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in try await engine.fetch("""
            SELECT c.relname::text, pg_get_indexdef(x.indexrelid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_index x ON x.indrelid = c.oid WHERE i.inhparent = 'hq_lines'::regclass
            """, []) {
            out[row[0].text ?? "", default: []].append(row[1].text ?? "")
        }
        return out.mapValues { $0.sorted() }
    }

    /// Schema 3's one table of every workshop's lines in place of schema 4's (the lines kept).
    static let schema3 = [
        "CREATE TABLE hq_lines_v3 (\(PostgresHQ.lineColumnsDDL), PRIMARY KEY (origin, seq, id))",
        "INSERT INTO hq_lines_v3 SELECT * FROM hq_lines",
        "DROP TABLE hq_lines",
        "DROP TABLE hq_id_prints",
        "ALTER TABLE hq_lines_v3 RENAME TO hq_lines",
        "ALTER INDEX hq_lines_v3_pkey RENAME TO hq_lines_pkey",
        "CREATE INDEX hq_lines_by_id ON hq_lines USING hash (id)",
        "CREATE INDEX hq_lines_by_kind ON hq_lines (kind, subject) WHERE kind IN ("
            + HQStore.listedKinds.map { "'\($0)'" }.joined(separator: ", ") + ")",
        "UPDATE hq_meta SET value = '3' WHERE key = 'schema'",
    ]

    /// The indexes of schemas 1 and 2, as a store made before schema 3 has them (from schema 3's).
    static let olderIndexes = [
        1: ["ALTER TABLE hq_lines DROP CONSTRAINT hq_lines_pkey", "DROP INDEX hq_lines_by_id", "ALTER TABLE hq_lines ADD PRIMARY KEY (origin, id)",
            "DROP INDEX hq_lines_by_kind", "CREATE INDEX hq_lines_by_kind ON hq_lines (kind, subject)",
            "CREATE INDEX hq_lines_by_id ON hq_lines (id)", "CREATE INDEX hq_lines_by_seq ON hq_lines (origin, seq)",
            "UPDATE hq_meta SET value = '1' WHERE key = 'schema'"],
        2: ["ALTER TABLE hq_lines DROP CONSTRAINT hq_lines_pkey", "DROP INDEX hq_lines_by_id", "ALTER TABLE hq_lines ADD PRIMARY KEY (id, origin)",
            "CREATE INDEX hq_lines_by_seq ON hq_lines (origin, seq)", "UPDATE hq_meta SET value = '2' WHERE key = 'schema'"],
    ]

    @Test(arguments: [1, 2, 3]) func anOlderStoreIsMigratedWithItsListsUnchanged(version: Int) async throws {
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
            #expect(fresh.contains { $0.contains("hq_lines_by_id") && $0.contains("USING btree (id)") }, "\(fresh)")
            #expect(fresh.contains { $0.contains("hq_lines_by_kind") && $0.contains("WHERE") && $0.contains("'register'") }, "only the listed kinds: \(fresh)")
            #expect(fresh.count == 3 && !fresh.contains { $0.contains("hq_lines_by_seq") }, "\(fresh)")
            #expect(try await made.fetch("SELECT relkind::text FROM pg_class WHERE relname = 'hq_lines'", []).first?[0].text == "p",
                    "hq_lines is partitioned")
            // Two workshops claiming AF-1, and a third whose file is KZ-A's under its code
            // (every id at two workshops).
            let store = HQStore(engine: made)
            for code in ["KZ-A", "KZ-B", "KZ-C"] {
                let file = folder.appendingPathComponent("\(code).ndjson")
                var text = ""
                if code == "KZ-C" {
                    text = try String(contentsOf: folder.appendingPathComponent("KZ-A.ndjson"), encoding: .utf8)
                        .replacingOccurrences(of: "\"workshop\":\"KZ-A\"", with: "\"workshop\":\"KZ-C\"")
                } else {
                    let w = try HQServerTests.Fixture.workshop(code)
                    workshops.append(w)
                    try w.store.exportEvents { text += $0 + "\n" }
                }
                try Data(text.utf8).write(to: file)
                _ = try await store.merge(try FileHandle(forReadingFrom: file), name: file.path)
            }
            let before = try await store.conflicts()
            #expect(before.serialClaims.contains { $0.serial == "AF-1" && $0.workshops == ["KZ-A", "KZ-B", "KZ-C"] }, "\(before.serialClaims)")
            #expect(before.content.count > 5 && before.content.allSatisfy { Set(["KZ-A", "KZ-C"]).isSubset(of: $0.workshops) }, "\(before.content)")
            // Back to an older schema's table and indexes, the lines kept.
            for statement in Self.schema3 + (Self.olderIndexes[version] ?? []) { try await made.execute(statement, []) }
            #expect(try await made.fetch("SELECT relkind::text FROM pg_class WHERE relname = 'hq_lines'", []).first?[0].text == "r")
            #expect(try await made.fetch("SELECT count(*) FROM pg_class WHERE relname = 'hq_id_prints'", []).first?[0].int == 0)
            if version < 3 { #expect(try await Self.indexes(made) != fresh) }
            return (fresh, before)
        }

        try await Self.with(url, create: false) { reopened in
            let migrated = try await Self.indexes(reopened)
            #expect(migrated.sorted() == fresh.sorted(), "schema \(version) takes schema 4's indexes")
            #expect(try await reopened.fetch("SELECT value FROM hq_meta WHERE key = 'schema'", []).first?[0].text == "4")
            // Each workshop's lines in its table, with the three indexes.
            let tables = try await Self.workshopTables(reopened)
            #expect(tables.keys.sorted() == ["hq_lines KZ-A", "hq_lines KZ-B", "hq_lines KZ-C"], "\(tables)")
            #expect(tables.values.allSatisfy { $0.count == 3 }, "\(tables)")
            #expect(try await reopened.fetch("SELECT count(DISTINCT origin) FROM hq_id_prints", []).first?[0].int == 3, "the prints made")
            for code in ["KZ-A", "KZ-B", "KZ-C"] {
                let counts = try await reopened.fetch("""
                    SELECT (SELECT count(*) FROM "hq_lines \(code)"), (SELECT count(*) FROM "hq_lines \(code)" WHERE origin = '\(code)')
                    """, []).first
                #expect(counts?[0].int == counts?[1].int && (counts?[0].int ?? 0) > 0, "\(code): \(String(describing: counts))")
            }
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
            // KZ-A's first file joined `hq_lines` before its first chunk compared with the
            // lines held, KZ-B's when it had landed: each table with the three indexes.
            let tables = try await Self.workshopTables(postgres)
            #expect(tables.keys.sorted() == ["hq_lines KZ-A", "hq_lines KZ-B"], "\(tables)")
            #expect(tables.values.allSatisfy { $0.count == 3 && $0.contains { $0.contains("UNIQUE") && $0.contains("(origin, seq, id)") } },
                    "\(tables)")
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
    /// and whichever slice it falls in, in the first chunk or in one copied after others in
    /// the same `COPY`. Nothing of the file lands.
    @Test(arguments: [(200, 450, MergeChunks.standardChunk), (450, 200, MergeChunks.standardChunk), (500, 500, MergeChunks.standardChunk),
                      (40, 590, MergeChunks.standardChunk), (450, 200, 50), (590, 599, 50), (333, 333, 7)])
    func aRefusedLineIsNamedAsLineByLine(malformed: Int, otherWorkshop: Int, chunk: Int) async throws {
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
        try await Self.with(try TestPostgres.newDatabase("refused"), create: true, linesPerChunk: chunk) { postgres in
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
