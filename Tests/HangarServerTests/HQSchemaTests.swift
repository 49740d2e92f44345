import Foundation
import HangarCore
import HangarHQPostgres
import HangarStore
import HangarTestSupport
import Testing

/// Headquarters on PostgreSQL index only what the lists read (schema 2); a store made with
/// schema 1 is migrated when it is opened, its lines and lists unchanged.
@Suite("headquarters on PostgreSQL: schema")
struct HQSchemaTests {
    static func indexes(_ engine: PostgresHQ) async throws -> [String] {
        try await engine.fetch("SELECT indexdef FROM pg_indexes WHERE tablename = 'hq_lines' ORDER BY indexname", []).compactMap { $0[0].text }
    }

    @Test func aSchemaOneStoreIsMigratedWithItsListsUnchanged() async throws {
        guard TestPostgres.cluster != nil else { return }
        let url = try TestPostgres.newDatabase("schema")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hq-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let made = try await PostgresHQ.open(url: url, create: true)
        let fresh = try await Self.indexes(made)
        #expect(fresh.contains { $0.contains("hq_lines_pkey") && $0.contains("(id, origin)") }, "\(fresh)")
        #expect(fresh.contains { $0.contains("hq_lines_by_kind") && $0.contains("WHERE") && $0.contains("'register'") }, "only the listed kinds: \(fresh)")
        #expect(!fresh.contains { $0.contains("hq_lines_by_id") })
        // Back to schema 1's indexes, as a store made before this one has them.
        for statement in [
            "ALTER TABLE hq_lines DROP CONSTRAINT hq_lines_pkey", "ALTER TABLE hq_lines ADD PRIMARY KEY (origin, id)",
            "DROP INDEX hq_lines_by_kind", "CREATE INDEX hq_lines_by_kind ON hq_lines (kind, subject)",
            "CREATE INDEX hq_lines_by_id ON hq_lines (id)", "UPDATE hq_meta SET value = '1' WHERE key = 'schema'",
        ] { try await made.execute(statement, []) }
        // Two workshops claiming AF-1, merged under schema 1.
        let old = HQStore(engine: made)
        var workshops: [ServerFixture] = []
        for code in ["KZ-A", "KZ-B"] {
            let w = try HQServerTests.Fixture.workshop(code)
            workshops.append(w)
            let file = folder.appendingPathComponent("\(code).ndjson")
            var text = ""
            try w.store.exportEvents { text += $0 + "\n" }
            try Data(text.utf8).write(to: file)
            _ = try await old.merge(try FileHandle(forReadingFrom: file), name: file.path)
        }
        defer { workshops.forEach { $0.remove() } }
        let before = try await old.conflicts()
        #expect(before.serialClaims.map(\.serial) == ["AF-1"])
        await made.close()

        let reopened = try await PostgresHQ.open(url: url, create: false)
        let migrated = try await Self.indexes(reopened)
        #expect(migrated.sorted() == fresh.sorted(), "schema 1 takes schema 2's indexes")
        #expect(try await reopened.fetch("SELECT value FROM hq_meta WHERE key = 'schema'", []).first?[0].text == "2")
        let store = HQStore(engine: reopened)
        #expect(try await store.conflicts() == before)
        // A merge after the migration: the same file again is already held.
        let again = folder.appendingPathComponent("KZ-A.ndjson")
        let summary = try await store.merge(try FileHandle(forReadingFrom: again), name: again.path)
        #expect(summary.added == 0 && summary.alreadyHeld == summary.lines && summary.lines > 0)
        await reopened.close()
    }
}
