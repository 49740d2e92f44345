import HangarTestSupport
import Foundation
import GRDB
import HangarCore
import Testing
@testable import HangarStore

@Suite("Store")
struct StoreTests {
    @Test func synchronousIsFull() throws {
        let f = try StoreFixture()
        defer { f.remove() }
        #expect(try f.store.synchronousSetting() == 2)
        let reopened = try HangarStore(path: f.path)
        #expect(try reopened.synchronousSetting() == 2)
    }

    /// A short command opens the file on one connection: the file stays in WAL mode (a
    /// server beside it keeps reading while the command writes), writes are FULL-synced,
    /// and what it records is what a pooled opening reads and verifies.
    @Test func oneConnectionOpening() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let single = try HangarStore(path: f.path, concurrentReaders: false)
        #expect(try single.synchronousSetting() == 2)
        #expect(try single.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        let before = try f.store.eventCount()
        try single.record(
            EventInput(id: "one-connection", kind: .unitAdd, subject: "2nd Company", occurredAt: f.clock.adding(minutes: 5), actor: "boss"),
            now: f.now)
        #expect(try f.store.eventCount() == before + 1)
        #expect(try single.eventCount() == before + 1)
        #expect(try f.store.verify(anchor: nil).fault == nil)
    }

    /// `recordNow` reads its clock once the write lock is held: two writers on one airframe
    /// at the same moment are put in the lock's order, and neither is refused as earlier.
    @Test func eventsHappeningNowTakeTheLocksOrder() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let base = f.now.milliseconds
        let ticks = Ticks(), unlocked = Ticks()
        // A third connection tries the write lock whenever the clock is read: it must be held.
        var probeConfiguration = Configuration()
        probeConfiguration.busyMode = .immediateError
        let probe = try DatabaseQueue(path: f.path, configuration: probeConfiguration)
        let clock: @Sendable () -> Timestamp = {
            if (try? probe.inDatabase { db in try db.inTransaction(.immediate) { .rollback } }) != nil { _ = unlocked.next() }
            return Timestamp(milliseconds: base + ticks.next() * 60_000)
        }
        let writers = [try HangarStore(path: f.path, concurrentReaders: false), try HangarStore(path: f.path, concurrentReaders: false)]
        let failures = Ticks()
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for i in 0..<15 {
                let input = try? EventInput(id: "now-\(w)-\(i)", kind: .flight, subject: "AF-1", occurredAt: Timestamp(milliseconds: 0), actor: "tech",
                                            data: { var d = Fields(); d.minutes = 5; d.purpose = .operational; return d }())
                if (try? input.map { try writers[w].recordNow($0, clock: clock) }) == nil { _ = failures.next() }
            }
        }
        #expect(failures.count == 0)
        #expect(ticks.count >= 30)
        #expect(unlocked.count == 0, "the clock is read while the write lock is held")
        let times = try f.store.read { db in
            try String.fetchAll(db, sql: "SELECT occurred_at FROM events WHERE id LIKE 'now-%' ORDER BY seq")
        }
        #expect(times.count == 30)
        #expect(times == times.sorted(), "the times follow the order the events were written in")
        // A refused event happening now writes nothing.
        let before = try f.store.eventCount()
        #expect(throws: HangarError.self) {
            try writers[0].recordNow(EventInput(id: "now-x", kind: .flight, subject: "AF-404", occurredAt: Timestamp(milliseconds: 0), actor: "tech",
                                                data: { var d = Fields(); d.minutes = 5; d.purpose = .operational; return d }()), clock: clock)
        }
        #expect(try f.store.eventCount() == before)
        #expect(try f.store.verify(anchor: nil).fault == nil)
    }

    @Test func populatedWorkshopVerifies() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let report = try f.store.verify()
        #expect(report.ok, "\(report.fault ?? "")")
        #expect(report.checked.count == 5)
        #expect(report.checked.last == "report summaries equal a rebuild from the log")
        let af1 = try #require(try f.store.airframe("AF-1", now: f.now))
        #expect(af1.airframe.flightMinutes == 30)
        #expect(af1.airframe.unit == "1st Company")
        #expect(try f.store.history(of: "AF-1").filter { $0.undoneBy != nil }.count == 1)
        #expect(try f.store.operatorView("op1", now: f.now)?.record.state == .inTraining)
        #expect(try f.store.operatorView("op1", now: f.now)?.minutesLast90Days == 30)
    }

    @Test func aRejectedCommandChangesNothing() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let before = try f.export()
        let tablesBefore = try f.store.read { try HangarStore.loadProjections($0) }
        // Refused by the rules: a failing QC without defect, an event on a terminal state, an unknown actor.
        #expect(throws: HangarError.self) { try f.record(.register, "AF-3", by: "ghost") { $0.model = "FPV-7" } }
        #expect(throws: HangarError.self) { try f.record(.assignTraining, "AF-1", by: "insp") }
        #expect(throws: HangarError.self) { try f.record(.flight, "AF-1", by: "tech") { $0.minutes = 2000; $0.purpose = .operational } }
        #expect(try f.export() == before)
        #expect(try f.store.read { try HangarStore.loadProjections($0) } == tablesBefore)
    }

    // The limit only catches a hang: the wait itself is the 10 s busy timeout, but beside the
    // scale test on two cores the test can wait minutes for a thread before it starts.
    @Test("a write that waits too long for another says so in words, and writes nothing", .timeLimit(.minutes(10)))
    func aBusyFileIsExplained() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let before = try f.export()
        // Another process holds the write lock (as a long import would).
        let other = try DatabaseQueue(path: f.path)
        var error: HangarError?
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            error = #expect(throws: HangarError.self) { try f.record(.unitAdd, "2nd Company", by: "boss") }
            try db.execute(sql: "ROLLBACK")
        }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("busy with another write for 10 seconds"), "\(text)")
        #expect(!text.contains("locked"))
        #expect(try f.export() == before)
    }

    @Test func aBatchKeepsTheGoodEventsAndRefusesTheBadOnesAlone() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let count = try f.store.eventCount()
        func input(_ id: String, _ kind: EventKind, _ subject: String, by actor: String, _ set: (inout Fields) -> Void = { _ in }) throws -> HangarStore.Pending {
            var data = Fields()
            set(&data)
            return HangarStore.Pending(try EventInput(id: id, kind: kind, subject: subject, occurredAt: f.clock, actor: actor, data: data), happensNow: true)
        }
        let later = Timestamp(milliseconds: f.now.milliseconds + 60_000)
        let results = try f.store.recordBatch([
            try input("b1", .register, "AF-7", by: "tech") { $0.model = "FPV-7" },
            try input("b2", .register, "AF-7", by: "tech") { $0.model = "FPV-7" },      // already registered
            try input("b3", .assembled, "AF-7", by: "tech"),
            try input("b4", .unitAdd, "3rd Company", by: "ghost"),                      // unknown actor
            try input("b5", .register, "AF-8", by: "tech") { $0.model = "FPV-7" },
        ], clock: { later })
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true, false, true])
        #expect(try f.store.eventCount() == count + 3)
        // Each took its time from the clock when it was written, not the time it was sent with.
        #expect(try results[2].get().event.occurredAt == later)
        #expect(try results[4].get().event.seq == Int64(count + 3))
        #expect(try f.store.verify().ok)
    }

    /// A batch starts from the chain head and configuration the last batch committed
    /// (`BatchMemo`) only while nothing else has written the file.
    @Test func aBatchSeesWhatWasWrittenSinceTheLastBatchByAnyone() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        var n = 0
        func pending(_ kind: EventKind, _ subject: String, by actor: String, _ set: (inout Fields) -> Void = { _ in }) throws -> HangarStore.Pending {
            n += 1
            var data = Fields()
            set(&data)
            return HangarStore.Pending(try EventInput(id: "m\(n)", kind: kind, subject: subject, occurredAt: f.clock, actor: actor, data: data),
                                       happensNow: true)
        }
        func accepted(_ results: [Result<Decision, any Error>]) -> [Bool] { results.map { (try? $0.get()) != nil } }
        let later = { Timestamp(milliseconds: f.now.milliseconds + 60_000) }
        #expect(accepted(try f.store.recordBatch([try pending(.register, "AF-81", by: "tech") { $0.model = "FPV-7" }], clock: later)) == [true])
        // Another connection (another process: the command line) adds a person and writes events.
        let other = try HangarStore(path: f.path)
        try other.record(EventInput(id: "o1", kind: .staffAdd, subject: "newbie", occurredAt: f.clock, actor: "boss",
                                    data: { var d = Fields(); d.name = "New"; d.roles = [.technician]; return d }()), now: f.now)
        try other.record(EventInput(id: "o2", kind: .modelAdd, subject: "FPV-9", occurredAt: f.clock, actor: "boss",
                                    data: { var d = Fields(); d.checklist = [.check("motors")]; return d }()), now: f.now)
        // The next batch knows the person and the model, and chains after the other's events.
        #expect(accepted(try f.store.recordBatch([try pending(.register, "AF-82", by: "newbie") { $0.model = "FPV-9" }], clock: later)) == [true])
        // The same connection writes outside a batch (an import, a single write): also seen.
        try f.store.record(EventInput(id: "s1", kind: .staffAdd, subject: "second", occurredAt: f.clock, actor: "boss",
                                      data: { var d = Fields(); d.name = "Second"; d.roles = [.technician]; return d }()), now: f.now)
        #expect(accepted(try f.store.recordBatch([try pending(.register, "AF-83", by: "second") { $0.model = "FPV-7" }], clock: later)) == [true])
        // Within a batch: a person added, a refused event, then the new person writes.
        let results = try f.store.recordBatch([
            try pending(.staffAdd, "third", by: "boss") { $0.name = "Third"; $0.roles = [.technician] },
            try pending(.register, "AF-81", by: "tech") { $0.model = "FPV-7" },  // already registered
            try pending(.register, "AF-84", by: "third") { $0.model = "FPV-7" },
        ], clock: later)
        #expect(accepted(results) == [true, false, true])
        // And the batch after it still knows them all.
        #expect(accepted(try f.store.recordBatch([try pending(.register, "AF-85", by: "third") { $0.model = "FPV-9" }], clock: later)) == [true])
        #expect(try f.store.verify().ok)
        #expect(try other.verify().ok)
    }

    /// Batches and other writes on the same connection at once: none may start from a chain
    /// head or configuration another write has moved on from.
    @Test func batchesAndOtherWritesAtOnceKeepTheChainWhole() async throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let (store, at, now) = (f.store, f.clock, f.now)
        let count = try store.eventCount()
        let rounds = 400
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<rounds {
                    var data = Fields()
                    data.model = "FPV-7"
                    let input = try EventInput(id: "cb\(i)", kind: .register, subject: "AF-C\(i)", occurredAt: at, actor: "tech", data: data)
                    _ = try store.recordBatch([HangarStore.Pending(input, happensNow: true)], clock: { now })[0].get()
                }
            }
            group.addTask {
                for i in 0..<rounds {
                    try store.record(try EventInput(id: "cu\(i)", kind: .unitAdd, subject: "Unit \(i)", occurredAt: at, actor: "boss", data: Fields()),
                                     now: now)
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.eventCount() == count + 2 * rounds)
        #expect(try store.verify().ok)
    }

    @Test func aBatchWritesAnEventSentWithATokenOnlyWhileTheTokenIsStillItsAuthors() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        try f.store.addToken(hash: "token-of-tech", for: "tech", at: f.clock)
        try f.store.addToken(hash: "token-of-insp", for: "insp", at: f.clock)
        let count = try f.store.eventCount()
        func register(_ id: String, _ serial: String, token: String?) throws -> HangarStore.Pending {
            var data = Fields()
            data.model = "FPV-7"
            return HangarStore.Pending(try EventInput(id: id, kind: .register, subject: serial, occurredAt: f.clock, actor: "tech", data: data),
                                       happensNow: true, tokenHash: token)
        }
        let results = try f.store.recordBatch([
            try register("k1", "AF-71", token: "token-of-tech"),
            try register("k2", "AF-72", token: "token-of-insp"),   // someone else's token
            try register("k3", "AF-73", token: "no-such-token"),
            try register("k4", "AF-74", token: nil),               // not sent with a token (the CLI, a form)
        ], clock: { f.now })
        #expect(results.map { (try? $0.get()) != nil } == [true, false, false, true])
        for refused in [results[1], results[2]] {
            #expect(throws: TokenWithdrawn.self) { try refused.get() }
        }
        #expect(try f.store.eventCount() == count + 2)
        #expect(try f.store.airframe("AF-72", now: f.now) == nil)
        // Revoked between two writes: the second is refused, and nothing of it is written.
        #expect(try f.store.revokeTokens(of: "tech") == 1)
        let after = try f.store.recordBatch([try register("k5", "AF-75", token: "token-of-tech")], clock: { f.now })
        #expect(throws: TokenWithdrawn.self) { try after[0].get() }
        #expect(try f.store.eventCount() == count + 2)
        // The batch's statement journal was kept in memory only for the batch.
        #expect(try f.store.temporaryStorageSetting() == 0)
    }

    @Test func aFailureAfterTheEventIsWrittenRollsBackEverything() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let before = try f.export()
        // A projection change that SQLite refuses (CHECK on minutes) after the event row is appended.
        let input = try EventInput(id: "late-failure", kind: .unitAdd, subject: "2nd Company", occurredAt: f.clock, actor: "boss")
        #expect(throws: (any Error).self) {
            try f.store.transaction { db in
                let writer = try LogWriter(db)
                _ = try writer.record(input, now: f.now)
                try writer.apply(.flight(FlightRecord(eventID: "late-failure", serial: "AF-1", operatorID: nil, minutes: 9999, purpose: .operational, occurredAt: f.clock)))
            }
        }
        #expect(try f.export() == before)
        #expect(try f.store.units() == ["1st Company"])
    }

    @Test("verify finds a changed, deleted or inserted event row, and an edited projection",
          arguments: [
            ("UPDATE events SET data = replace(data, '45', '15') WHERE seq = 19", "event #19"),
            ("UPDATE events SET actor = 'insp' WHERE seq = 7", "event #7"),
            ("DELETE FROM events WHERE seq = 9", "event #9 is missing"),
            ("INSERT INTO events (seq, id, subject, kind, occurred_at, recorded_at, actor, data, hash) VALUES (21, 'forged', 'AF-2', 'assembled', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 'tech', '{}', 'x')", "event #21"),
            ("UPDATE airframes SET state = 'ready' WHERE serial = 'AF-1'", "table airframes, 'AF-1'"),
            ("DELETE FROM flights", "table flights lacks"),
            ("UPDATE flights SET minutes = 31", "minutes: the table has 31, the replay gives 30"),
            ("INSERT INTO flights SELECT id, 'AF-2', NULL, 5, 'operational', occurred_at FROM events WHERE seq = 19", "table flights has"),
            ("DELETE FROM airframes WHERE serial = 'AF-2'", "table airframes lacks 'AF-2'"),
            ("INSERT INTO airframes SELECT 'AF-9', model, batch, state, unit, flight_minutes, minutes_since_service, service_baseline_at, qc_attempts, first_pass_at, awaiting_qc_by, registered_at, state_since, last_event_at FROM airframes WHERE serial = 'AF-2'", "table airframes has 'AF-9'"),
            ("UPDATE airframes SET registered_at = 'soon' WHERE serial = 'AF-2'", "column registered_at holds 'soon'"),
            ("INSERT INTO staff_roles (staff_id, role) VALUES ('tech', 'admin')", "table staff, 'tech'"),
          ])
    func verifyFindsTampering(sql: String, expected: String) throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        #expect(try f.store.eventCount() == 20)
        try f.tamper(sql)
        let report = try HangarStore(path: f.path).verify()
        let fault = try #require(report.fault)
        #expect(fault.contains(expected), "\(fault)")
    }

    /// `verify` makes room for the airframes the table lists, but rows added behind Hangar's
    /// back cannot make it reserve more than the log has events; and it still names them.
    @Test func verifysRoomIsBoundedByTheLog() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        func room() throws -> (airframes: Int, rows: Int) {
            try DatabaseQueue(path: f.path).read { db in
                (try HangarStore.reservation(db, table: "airframes"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM airframes") ?? 0)
            }
        }
        let honest = try room()
        #expect(honest.airframes == honest.rows && honest.rows > 0 && honest.rows < 20, "\(honest)")
        try f.tamper("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            INSERT INTO airframes SELECT 'FAKE-' || i, model, batch, state, unit, flight_minutes, minutes_since_service, service_baseline_at,
                qc_attempts, first_pass_at, awaiting_qc_by, registered_at, state_since, last_event_at FROM n, airframes WHERE serial = 'AF-2'
            """)
        let tampered = try room()
        #expect(tampered.rows == honest.rows + 5000 && tampered.airframes == 20, "\(tampered)")
        let fault = try #require(try HangarStore(path: f.path).verify().fault)
        #expect(fault.contains("table airframes has 'FAKE-"), "\(fault)")
    }

    @Test func eventsCannotBeUpdatedThroughSQLWhileTheTriggersStand() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let queue = try DatabaseQueue(path: f.path)
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "UPDATE events SET actor = 'x' WHERE seq = 1") } }
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "DELETE FROM events WHERE seq = 1") } }
    }

    @Test func aNewerSchemaIsRefused() throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let queue = try DatabaseQueue(path: f.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        let error = #expect(throws: HangarError.self) { try HangarStore(path: f.path) }
        #expect(error?.description.contains("written by a newer version of Hangar") == true)
    }

    @Test func aMissingFileIsNotCreatedByReads() throws {
        let path = NSTemporaryDirectory() + "hangar-missing-\(UUID().uuidString).sqlite"
        let error = #expect(throws: HangarError.self) { try HangarStore(path: path) }
        #expect(error?.description.contains("no Hangar database at") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

@Suite("Import and export")
struct InterchangeTests {
    /// A new file at `path` holding the demo workshop's log, imported (the migration tests
    /// then take a later version's tables or indexes out of it).
    static func importedDemo(at path: String) throws -> HangarStore {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        let store = try HangarStore(path: path, create: true)
        _ = try store.importEvents(from: try FileHandle(forReadingFrom: seeds), now: Timestamp(milliseconds: 4_000_000_000_000))
        return store
    }
    func importText(_ text: String, into store: HangarStore, now: Timestamp) throws -> ImportSummary {
        let url = URL(fileURLWithPath: NSTemporaryDirectory() + "import-\(UUID().uuidString).ndjson")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try store.importEvents(from: try FileHandle(forReadingFrom: url), now: now)
    }

    /// Headquarters' replay takes a line its reader cannot read as one refused on replay,
    /// like a line the rules refuse, and the rest of the log still stands; a workshop's own
    /// import of the same file refuses it whole.
    @Test func aReplayCountsAnUnreadableLineAsRefused() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        var lines = try String(contentsOf: seeds, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.insert(#"{"id":"bad-1","at":"2026-03-04T09:00:00Z","by":"a.sadykova","subject":"PROP-5","event":"stock_adjust","qty_delta":1e400}"#,
                     at: lines.count / 2)
        let url = URL(fileURLWithPath: NSTemporaryDirectory() + "replay-\(UUID().uuidString).ndjson")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let now = Timestamp(milliseconds: 4_000_000_000_000)
        let hq = NSTemporaryDirectory() + "replay-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: hq + suffix) } }
        let summary = try HangarStore(path: hq, create: true).replayEvents(from: try FileHandle(forReadingFrom: url), now: now)
        #expect(summary.refused == 1 && summary.applied == lines.count - 1, "\(summary)")
        let own = NSTemporaryDirectory() + "replay-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: own + suffix) } }
        #expect(throws: HangarError.self) { try HangarStore(path: own, create: true).importEvents(from: try FileHandle(forReadingFrom: url), now: now) }
    }

    @Test func exportImportGivesTheSameChainAndProjections() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let exported = try f.export()
        let g = try StoreFixture()
        defer { g.remove() }
        let summary = try importText(exported.joined(separator: "\n") + "\n", into: g.store, now: f.now)
        #expect(summary.applied == exported.count)
        #expect(try g.export() == exported)
        #expect(try g.store.chainHead()?.hash == f.store.chainHead()?.hash)
        #expect(try g.store.verify().ok)
        #expect(try g.store.read { try HangarStore.loadProjections($0) } == f.store.read { try HangarStore.loadProjections($0) })
        // Importing the same file again skips every line.
        let again = try importText(exported.joined(separator: "\n"), into: g.store, now: f.now)
        #expect(again.applied == 0 && again.skipped == exported.count)
    }

    /// The summary tables and projections as rows, for comparing two files.
    func tables(_ store: HangarStore) throws -> [String] {
        try store.read { db in
            var rows: [String] = []
            for sql in [
                "SELECT day, metric, key, n FROM day_counts WHERE n <> 0 ORDER BY day, metric, key",
                "SELECT * FROM deliveries ORDER BY event_seq", "SELECT * FROM restorations ORDER BY event_seq",
                "SELECT kind, occurred_at, event_seq, event_id, serial FROM compliance_events ORDER BY event_seq, kind",
                "\(AirframeRow.selectAll) ORDER BY serial", "\(OperatorRow.selectAll) ORDER BY id", "\(FlightRow.selectAll) ORDER BY event_id",
            ] {
                rows += try Row.fetchAll(db, sql: sql).map { "\($0)" }
            }
            return rows
        }
    }

    @Test("an import writes the same tables as recording line by line: whole (summaries rebuilt once), in two parts (the second updating them line by line), and with airframes written out of a tiny memo")
    func importEqualsRecording() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        // More airframes, one of them lost, and a maintenance that restores one.
        for serial in ["AF-3", "AF-4", "AF-5"] {
            try f.record(.register, serial, by: "tech") { $0.model = "FPV-7" }
            try f.record(.assembled, serial, by: "tech")
            try f.record(.qc, serial, by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
        }
        try f.record(.maintenanceOpen, "AF-3", by: "tech") { $0.reason = "damage" }
        try f.record(.maintenanceClose, "AF-3", by: "tech")
        try f.record(.qc, "AF-3", by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
        try f.record(.issue, "AF-4", by: "boss") { $0.unit = "1st Company" }
        try f.record(.lost, "AF-4", by: "boss") { $0.reason = "crashed" }
        try f.record(.flight, "AF-1", by: "tech") { $0.minutes = 20; $0.purpose = .operational; $0.operator = "op1" }
        let lines = try f.export()
        let expected = try tables(f.store)
        #expect(expected.contains { $0.contains("restore_milliseconds") })

        let whole = try StoreFixture()
        defer { whole.remove() }
        _ = try importText(lines.joined(separator: "\n"), into: whole.store, now: f.now)
        #expect(try tables(whole.store) == expected)

        let halves = try StoreFixture()
        defer { halves.remove() }
        let cut = lines.count * 2 / 3
        _ = try importText(lines[..<cut].joined(separator: "\n"), into: halves.store, now: f.now)
        _ = try importText(lines[cut...].joined(separator: "\n"), into: halves.store, now: f.now)
        #expect(try tables(halves.store) == expected)
        #expect(try halves.store.verify().ok)

        let tiny = try StoreFixture()
        defer { tiny.remove() }
        let url = URL(fileURLWithPath: NSTemporaryDirectory() + "import-\(UUID().uuidString).ndjson")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try tiny.store.importEvents(from: try FileHandle(forReadingFrom: url), now: f.now, memoLimit: 2)
        #expect(try tables(tiny.store) == expected)
        #expect(try tiny.store.verify().ok)
    }

    /// The demo workshop's log, as lines.
    static func demoLines() throws -> [String] {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        return try String(contentsOf: seeds, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func eventCount(_ store: HangarStore) throws -> Int {
        try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") ?? -1 }
    }

    @Test("lines are read on a thread of their own, many chunks ahead: the first bad line is the one named, far into the file, and nothing is written")
    func theFirstBadLineIsNamedPastManyChunks() throws {
        let lines = try Self.demoLines()
        #expect(lines.count > 4 * ParsedLines.linesPerChunk)
        let now = Timestamp(milliseconds: 4_000_000_000_000)
        // Not JSON at line 1,701; a line the rules refuse (an unknown kind) later, at 2,602;
        // then more lines than the reader holds at once.
        let text = (lines[..<1700] + ["{\"at\": oops"] + lines[1700..<2600] + [#"{"event":"teleport"}"#] + lines[2600...])
            .joined(separator: "\n")
        let f = try StoreFixture()
        defer { f.remove() }
        let error = #expect(throws: HangarError.self) { try importText(text, into: f.store, now: now) }
        guard case let .atLine(line, _)? = error else {
            Issue.record("expected an error at a line, got \(String(describing: error))")
            return
        }
        #expect(line == 1701)
        #expect(try eventCount(f.store) == 0)

        // A line of more than 1 MiB after 3,000 good ones: named by its number, nothing written.
        let long = #"{"note":""# + String(repeating: "x", count: LineReader.maximumLine + 10) + #""}"#
        let tooLong = (lines[..<3000] + [long] + lines[3000...]).joined(separator: "\n")
        let tooLongError = #expect(throws: HangarError.self) { try importText(tooLong, into: f.store, now: now) }
        #expect(tooLongError?.description.hasPrefix("line 3001: ") == true)
        #expect(tooLongError?.description.contains("at most 1 MiB") == true)
        #expect(try eventCount(f.store) == 0)

        // The same lines without the bad ones, with blank lines between chunks: all applied,
        // blank lines counted but not events, and the chain the same as without them.
        var spaced = lines
        for at in [4000, 1536, 1024, 513, 512, 0] { spaced.insert(at % 2 == 0 ? "   " : "\t\r", at: at) }
        let summary = try importText(spaced.joined(separator: "\n") + "\n", into: f.store, now: now)
        #expect(summary.applied == lines.count)
        #expect(summary.lines == lines.count + 6)
        let plain = try StoreFixture()
        defer { plain.remove() }
        _ = try importText(lines.joined(separator: "\n"), into: plain.store, now: now)
        #expect(try f.store.chainHead()?.hash == plain.store.chainHead()?.hash)
        #expect(try f.store.verify().ok)
    }

    @Test("an import into an empty log builds the indexes no rule reads at its end: the same indexes as a new file after it, and after a failed one")
    func indexesBuiltAfterAnImportAreTheSchemasOwn() throws {
        func indexes(_ store: HangarStore) throws -> [String] {
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").map { "\($0)" }
            }
        }
        let fresh = try StoreFixture()
        defer { fresh.remove() }
        let expected = try indexes(fresh.store)
        for name in LogWriter.indexesBuiltAfter { #expect(expected.contains { $0.contains("name:\"\(name)\"") }, "\(name)") }
        let lines = try Self.demoLines()
        let now = Timestamp(milliseconds: 4_000_000_000_000)

        let failed = try StoreFixture()
        defer { failed.remove() }
        #expect(throws: HangarError.self) { try importText((lines + ["{oops"]).joined(separator: "\n"), into: failed.store, now: now) }
        #expect(try indexes(failed.store) == expected)
        #expect(try eventCount(failed.store) == 0)

        let whole = try StoreFixture()
        defer { whole.remove() }
        _ = try importText(lines.joined(separator: "\n"), into: whole.store, now: now)
        #expect(try indexes(whole.store) == expected)
        #expect(try whole.store.verify().ok)
        // The airframe lists and the report read the same rows through them as by a scan.
        try whole.store.read { db in
            for (indexed, scanned) in [
                ("SELECT serial FROM airframes INDEXED BY airframes_by_state WHERE state = 'in_service' ORDER BY serial",
                 "SELECT serial FROM airframes NOT INDEXED WHERE state = 'in_service' ORDER BY serial"),
                ("SELECT seq FROM events INDEXED BY events_by_kind_time WHERE kind = 'flight' AND occurred_at >= '2000' ORDER BY seq",
                 "SELECT seq FROM events NOT INDEXED WHERE kind = 'flight' AND occurred_at >= '2000' ORDER BY seq"),
            ] {
                let a = try Row.fetchAll(db, sql: indexed).map { "\($0)" }, b = try Row.fetchAll(db, sql: scanned).map { "\($0)" }
                #expect(!a.isEmpty && a == b, "\(indexed)")
            }
        }
        // Into a log that is not empty, nothing is dropped.
        let two = try StoreFixture()
        defer { two.remove() }
        _ = try importText(lines[..<100].joined(separator: "\n"), into: two.store, now: now)
        _ = try importText(lines.joined(separator: "\n"), into: two.store, now: now)
        #expect(try indexes(two.store) == expected)
    }

    @Test("the events that count come in log order, each chunk's data read on another thread: the same as read one by one, and a row that does not read named")
    func activeEventsReadInChunksAreTheLogInOrder() throws {
        let path = NSTemporaryDirectory() + "hangar-active-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let store = try Self.importedDemo(at: path)
        var chunked: [RecordedEvent] = []
        try store.forEachActiveEvent { chunked.append($0) }
        let plain = try store.read { db in
            try Row.fetchAll(db, sql: "\(EventRow.selectAll) WHERE kind <> 'undo' AND id NOT IN (SELECT event_id FROM undone) ORDER BY seq")
                .map { try EventRow(row: $0, forMetrics: true).event }
        }
        #expect(chunked.count > 3 * HangarStore.activeEventChunk)
        #expect(chunked == plain)
        let undone = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM undone") ?? 0 }
        #expect(undone > 0)
        #expect(chunked.count == plain.count && chunked.allSatisfy { $0.kind != .undo })

        // A row whose data is not its kind's fields, put in by hand in the third chunk: the
        // pass stops at it, naming it, after handing on the events before it.
        let victim = chunked[2 * HangarStore.activeEventChunk + 7]
        #expect(victim.kind != .qc)
        try store.transaction { db in
            try db.execute(sql: "DROP TRIGGER events_are_never_updated")
            try db.execute(sql: #"UPDATE events SET data = '{"minutes":"many"}', kind = 'flight' WHERE seq = ?"#, arguments: [victim.seq])
        }
        var before = 0
        let error = #expect(throws: HangarError.self) { try store.forEachActiveEvent { _ in before += 1 } }
        #expect(error?.description.contains("event #\(victim.seq): its data does not read as a 'flight' event") == true)
        #expect(before == 2 * HangarStore.activeEventChunk + 7)
    }

    @Test("an imported event's stored data is the canonical text of its fields, whether made while the line was read or after the rules filled it in")
    func importedDataIsCanonical() throws {
        let f = try StoreFixture()
        defer { f.remove() }
        _ = try importText(try Self.demoLines().joined(separator: "\n"), into: f.store, now: Timestamp(milliseconds: 4_000_000_000_000))
        let rows = try f.store.read { try Row.fetchAll($0, sql: "SELECT kind, data FROM events ORDER BY seq") }
        var kinds = Set<String>()
        var different = 0
        for row in rows {
            let kind: String = row["kind"], data: String = row["data"]
            let (body, note) = try EventLine.decodeData(Data(data.utf8), kind: try #require(EventKind(rawValue: kind)))
            if try EventLine.canonicalText(body, note: note) != data { different += 1 }
            kinds.insert(kind)
        }
        #expect(rows.count > 7000)
        #expect(different == 0)
        // QC runs (whose checklist limits the rules fill in) and flights (left as they came) among them.
        #expect(kinds.isSuperset(of: ["qc", "flight", "register", "assembled"]))
    }

    @Test("into an empty log, an id given twice in the file: the same event is skipped, a different one refused")
    func repeatedIDsWithinOneFile() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let lines = try f.export()
        let g = try StoreFixture()
        defer { g.remove() }
        let twice = try importText((lines + [lines[4], lines[9]]).joined(separator: "\n"), into: g.store, now: f.now)
        #expect(twice.applied == lines.count && twice.skipped == 2)
        #expect(try g.export() == lines)
        let h = try StoreFixture()
        defer { h.remove() }
        let changed = #"{"note":"entered twice","# + lines[9].dropFirst()
        #expect(changed != lines[9])
        #expect(throws: HangarError.self) { try importText((lines + [changed]).joined(separator: "\n"), into: h.store, now: f.now) }
        do {
            _ = try importText((lines + [changed]).joined(separator: "\n"), into: h.store, now: f.now)
        } catch {
            #expect("\(error)".contains("line \(lines.count + 1)") && "\(error)".contains("already in the log"), "\(error)")
        }
        #expect(try h.store.eventCount() == 0)
    }

    @Test func oneBadLineRejectsTheWholeFile() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let before = try f.export()
        let lines = [
            #"{"id":"n1","at":"2026-01-01T10:00:00Z","by":"tech","subject":"AF-9","event":"register","model":"FPV-7"}"#,
            #"{"id":"n2","at":"2026-01-01T10:01:00Z","by":"tech","subject":"AF-9","event":"assembled"}"#,
            #"{"id":"n3","at":"2026-01-01T10:02:00Z","by":"tech","subject":"AF-9","event":"qc","checks":{"motors":"pass"},"measures":{"hover_current_a":9}}"#,
            #"{"id":"n4","at":"2026-01-01T10:03:00Z","by":"tech","subject":"AF-10","event":"register","model":"FPV-7"}"#,
        ]
        let error = #expect(throws: HangarError.self) { try importText(lines.joined(separator: "\n"), into: f.store, now: f.now) }
        #expect(error?.description == "line 3: cannot record 'qc' for AF-9: tech lacks the role for it (qc needs: inspector)")
        #expect(try f.export() == before)
        #expect(try f.store.airframe("AF-9") == nil)
    }

    @Test func sameIdDifferentContentIsAConflict() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        var line = try f.export()[5]
        line = line.replacingOccurrences(of: "\"register\"", with: "\"assembled\"").replacingOccurrences(of: "\"model\":\"FPV-7\",", with: "")
        let error = #expect(throws: HangarError.self) { try importText(line, into: f.store, now: f.now) }
        #expect(error?.description.contains("already in the log (#6) with different content") == true)
    }

    @Test func computedFieldsAreCheckedOnImport() throws {
        var f = try StoreFixture()
        defer { f.remove() }
        try f.populate()
        let exported = try f.export()
        let qcLine = try #require(exported.first { $0.contains("\"outcome\":\"fail\"") })
        let tampered = exported.map { $0 == qcLine ? $0.replacingOccurrences(of: "\"attempt\":1", with: "\"attempt\":2") : $0 }
        let g = try StoreFixture()
        defer { g.remove() }
        let error = #expect(throws: HangarError.self) { try importText(tampered.joined(separator: "\n"), into: g.store, now: f.now) }
        #expect(error?.description.contains("attempt is 2 in the input but the rules compute 1") == true)
        #expect(try g.store.eventCount() == 0)
    }

    @Test("malformed lines are refused with the field named", arguments: [
        (#"{"id":"x","at":"2026-01-01T10:00:00","by":"boss","subject":"boss","event":"staff_add","name":"B","roles":["admin"]}"#, "invalid at"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"boss","event":"staff_add","name":"B","roles":["wizard"]}"#, "invalid role 'wizard'"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"boss","event":"teleport"}"#, "invalid event 'teleport'"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"boss","event":"staff_add","name":"B","roles":["admin"],"minutes":3}"#, "field 'minutes' does not belong to 'staff_add'"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"boss","event":"staff_add","name":"B","roles":["admin"],"colour":"red"}"#, "invalid field 'colour'"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"AF-1","event":"flight","minutes":30.0,"purpose":"operational"}"#, "minutes must be a JSON integer"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"AF-1","event":"qc","measures":{"hover_current_a":"9"}}"#, "a measure is a finite JSON number"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss","subject":"AF-1","event":"qc","measures":{"hover_current_a":true}}"#, "a measure is a finite JSON number"),
        (#"{"id":"x","at":"2026-01-01T10:00:00Z","by":"boss""#, "each line must be one JSON object"),
        (#"[1,2]"#, "each line must be one JSON object"),
    ])
    func malformedLines(line: String, expected: String) throws {
        let g = try StoreFixture()
        defer { g.remove() }
        let error = #expect(throws: HangarError.self) { try importText(line, into: g.store, now: g.now) }
        #expect(error?.description.hasPrefix("line 1: ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
        #expect(try g.store.eventCount() == 0)
    }

    /// v8 adds the supply summaries (stays, deliveries' prices and items as built): a file
    /// written before it gains them, built from its log as an import builds them.
    @Test func aFileFromBeforeTheSupplySummariesGainsThem() throws {
        let path = NSTemporaryDirectory() + "hangar-v7-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let tables = ["SELECT * FROM downtime ORDER BY open_seq", "SELECT * FROM delivery_items ORDER BY event_seq, origin, unit_cost",
                      "SELECT * FROM deliveries ORDER BY event_seq"]
        func read(_ store: HangarStore) throws -> [[String]] {
            try store.read { db in try tables.map { sql in try Row.fetchAll(db, sql: sql).map { "\($0)" } } }
        }
        var kept: [[String]] = []
        do {
            let store = try Self.importedDemo(at: path)
            kept = try read(store)
        }
        #expect(kept[0].count > 50 && kept[1].count > 50 && kept[2].contains { $0.contains("exw_price:") && !$0.contains("exw_price:NULL") })
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP INDEX deliveries_by_time; CREATE INDEX deliveries_by_time ON deliveries(occurred_at);
                DROP TABLE downtime; DROP TABLE delivery_items; ALTER TABLE deliveries DROP COLUMN exw_price;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v8:%' OR identifier LIKE 'v11:%';
                """)
        }
        try queue.close()
        let store = try HangarStore(path: path)
        #expect(try read(store) == kept)
        #expect(try store.verify().ok)
    }

    /// v9 writes the airframe beside each compliance event (the report counts them by airframe
    /// without looking each up in the log): a file written before it gains the column, filled
    /// from the log as an import fills it, and verifies.
    @Test func aFileFromBeforeTheComplianceSerialsGainsThem() throws {
        let path = NSTemporaryDirectory() + "hangar-v8-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let sql = "SELECT c.kind, c.event_seq, c.serial, e.subject FROM compliance_events c JOIN events e ON e.seq = c.event_seq ORDER BY c.event_seq, c.kind"
        var kept: [Row] = []
        do {
            let store = try Self.importedDemo(at: path)
            kept = try store.read { try Row.fetchAll($0, sql: sql) }
        }
        // The demo's are flights while due, each with its airframe.
        #expect(kept.count > 10 && kept.contains { ($0[0] as String) == "flights_while_due" })
        #expect(kept.allSatisfy { ($0[2] as String) == ($0[3] as String) && !($0[2] as String).isEmpty })
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE compliance_events DROP COLUMN serial; DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%'")
        }
        try queue.close()
        let store = try HangarStore(path: path)
        #expect(try store.read { try Row.fetchAll($0, sql: sql) } == kept)
        #expect(try store.verify().ok)
    }

    /// v10 indexes airframes by unit and state (the report counts each unit's airframes from
    /// the index alone): a file with the index on the unit only gains the state in it, and
    /// each unit's airframes read from it are those of the table.
    @Test func aFileFromBeforeTheUnitAndStateIndexGainsIt() throws {
        let path = NSTemporaryDirectory() + "hangar-v9-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        _ = try Self.importedDemo(at: path)  // and closed at once
        let columns = "SELECT name FROM pragma_index_info('airframes_by_unit') ORDER BY seqno"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP INDEX airframes_by_unit; CREATE INDEX airframes_by_unit ON airframes(unit);
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v10:%'
                """)
            #expect(try String.fetchAll(db, sql: columns) == ["unit"])
        }
        try queue.close()
        let store = try HangarStore(path: path)
        try store.read { db in
            #expect(try String.fetchAll(db, sql: columns) == ["unit", "state"])
            let byIndex = try Row.fetchAll(db, sql: "SELECT unit, state, count(*) FROM airframes INDEXED BY airframes_by_unit WHERE unit IS NOT NULL GROUP BY unit, state")
            let byTable = try Row.fetchAll(db, sql: "SELECT unit, state, count(*) FROM airframes NOT INDEXED WHERE unit IS NOT NULL GROUP BY unit, state ORDER BY unit, state")
            #expect(byIndex == byTable && byIndex.count >= 2, "\(byIndex)")
        }
        #expect(try store.verify().ok)
    }

    /// v11 gives the report's passes covering indexes: a file without them gains them, the
    /// due-for-service pass reads its partial index in serial order (no sort, no table), the
    /// period's deliveries and restorations come from their indexes alone, and what they
    /// read is what the tables hold.
    @Test func aFileFromBeforeTheCoveringIndexesGainsThem() throws {
        let path = NSTemporaryDirectory() + "hangar-v10-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        _ = try Self.importedDemo(at: path)  // and closed at once
        func columns(_ db: Database, _ index: String) throws -> [String] {
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [index])
        }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP INDEX airframes_for_service;
                DROP INDEX deliveries_by_time; CREATE INDEX deliveries_by_time ON deliveries(occurred_at);
                DROP INDEX restorations_by_time; CREATE INDEX restorations_by_time ON restorations(occurred_at);
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v11:%'
                """)
            #expect(try columns(db, "deliveries_by_time") == ["occurred_at"] && columns(db, "airframes_for_service").isEmpty)
        }
        try queue.close()
        let store = try HangarStore(path: path)
        try store.read { db in
            // At the log's last event: some airframes due, others not.
            let last = try String.fetchOne(db, sql: "SELECT max(occurred_at) FROM events") ?? ""
            let at = try #require(Timestamp(storageText: last))
            #expect(try columns(db, "airframes_for_service") == ["serial", "model", "minutes_since_service", "service_baseline_at"])
            #expect(try columns(db, "deliveries_by_time") == ["occurred_at", "build_milliseconds", "exw_price"])
            #expect(try columns(db, "restorations_by_time") == ["occurred_at", "restore_milliseconds"])
            func plan(_ sql: String) throws -> String {
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; ")
            }
            let due = try plan("""
                SELECT serial FROM airframes INDEXED BY airframes_for_service
                WHERE state NOT IN ('lost', 'written_off') AND service_baseline_at IS NOT NULL AND minutes_since_service >= 1 ORDER BY serial
                """)
            #expect(due.contains("airframes_for_service") && !due.contains("TEMP B-TREE"), "\(due)")
            for sql in ["SELECT occurred_at, build_milliseconds, exw_price, event_seq FROM deliveries WHERE occurred_at >= '2000' AND occurred_at < '2100'",
                        "SELECT occurred_at, restore_milliseconds FROM restorations WHERE occurred_at >= '2000' AND occurred_at < '2100'"] {
                #expect(try plan(sql).contains("COVERING INDEX"), "\(sql)")
            }
            // The due list read from the index is the airframes the service rule finds due.
            var settings: [String: ServiceInterval] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, service_minutes, service_days FROM models") {
                settings[row[0]] = ServiceInterval(minutes: row[1], days: row[2])
            }
            var expected: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT serial, model, state, minutes_since_service, service_baseline_at FROM airframes NOT INDEXED") {
                guard let state = AirframeState(rawValue: row[2]), !state.isTerminal, let interval = settings[row[1]] else { continue }
                let baseline = (row[4] as String?).flatMap { Timestamp(storageText: $0) }
                if ServiceRule.isDue(minutesSinceService: row[3], baseline: baseline, interval: interval, at: at) { expected.append(row[0]) }
            }
            let fleet = try Int.fetchOne(db, sql: "SELECT count(*) FROM airframes WHERE state NOT IN ('lost', 'written_off')") ?? 0
            #expect(expected.count > 3 && expected.count < fleet, "\(expected.count) of \(fleet)")
            #expect(Array(try HangarStore.dueForService(db, at: at)) == expected.sorted())
        }
        #expect(try store.verify().ok)
    }

    /// v4 moves roles from a comma-separated column of `staff` into `staff_roles`: a file
    /// written before it keeps every person's roles, and verifies.
    @Test func aFileFromBeforeTheRolesTableKeepsItsRoles() throws {
        let path = NSTemporaryDirectory() + "hangar-v3-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v3: report summaries")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO staff (id, name, roles) VALUES ('boss', 'Boss', 'admin,commander'), ('tech', 'Tech', 'technician')")
            }
        }
        let store = try HangarStore(path: path)
        #expect(try store.staffList().map { "\($0.id):\($0.roles.map(\.rawValue).joined(separator: "+"))" } == ["boss:commander+admin", "tech:technician"])
        let columns = try store.read { db in try db.columns(in: "staff").map(\.name) }
        #expect(!columns.contains("roles"))
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM staff_roles") } == 3)
    }
}

@Suite("Packed airframes")
struct PackedAirframesTests {
    @Test func storesReadsReplacesAndRemoves() {
        var packed = PackedAirframes()
        let t = Timestamp(milliseconds: 1_767_254_400_000)
        let a = Airframe(serial: "AF-1", model: "FPV-7", batch: "B-1", state: .inService, unit: "1st Company", flightMinutes: 75,
                         minutesSinceService: 30, serviceBaseline: t, qcAttempts: 2, firstPassAt: t, awaitingQCBy: nil,
                         registeredAt: t, stateSince: t.adding(minutes: 5), lastEventAt: t.adding(minutes: 9))
        var b = a
        b.serial = "AF-2"; b.batch = nil; b.unit = nil; b.serviceBaseline = nil; b.firstPassAt = nil; b.awaitingQCBy = "tech"; b.state = .awaitingQC
        packed["AF-1"] = a
        packed["AF-2"] = b
        #expect(packed["AF-1"] == a && packed["AF-2"] == b && packed.count == 2)
        var moved = a
        moved.flightMinutes = 80
        packed["AF-1"] = moved
        #expect(packed["AF-1"] == moved)
        packed["AF-1"] = nil
        #expect(packed["AF-1"] == nil && packed.count == 1 && packed.allSerials == ["AF-2"])
        var c = a
        c.serial = "AF-3"
        packed["AF-3"] = c  // takes the freed row
        #expect(packed["AF-3"] == c && packed["AF-2"] == b && packed.count == 2)
    }
    @Test func replayedStockReadsMovesRemovesAndComparesInKeyOrder() throws {
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            let stock = try ReplayedStock(db: db)
            let t = Timestamp(milliseconds: 1_767_254_400_000)
            let motor = Piece(serial: "M-1", part: "MOTOR", battery: false, status: .installed, airframe: "AF-1", offBOM: true, position: "front left",
                              lot: "L1", origin: "KZ", unitCost: 12_000, receiptID: "r-1", receivedAt: t, flightMinutes: 95, lastEventAt: t.adding(minutes: 3))
            let pack = Piece(serial: "B-1", part: "BAT", battery: true, status: .inStock, lot: nil, origin: "unknown", unitCost: nil,
                             receiptID: "r-2", receivedAt: t, cycles: 7, capacityMah: 4100, lastEventAt: t)
            try stock.set(motor)
            try stock.set(pack)
            #expect(try stock.piece("M-1") == motor && stock.piece("B-1") == pack && stock.pieceCount == 2)
            #expect(try stock.installed(in: "AF-1") == [motor] && stock.installed(in: "AF-2").isEmpty)
            var moved = motor
            moved.airframe = "AF-2"
            try stock.set(moved)
            #expect(try stock.installed(in: "AF-1").isEmpty && stock.installed(in: "AF-2") == [moved])
            var removed = moved
            removed.airframe = nil; removed.status = .scrapped; removed.position = nil; removed.offBOM = false
            try stock.set(removed)
            #expect(try stock.piece("M-1") == removed && stock.installed(in: "AF-2").isEmpty)
            try stock.removePiece("B-1")
            #expect(try stock.piece("B-1") == nil && stock.pieceCount == 1)

            let lot = Lot(part: "PROP", lot: "P1", origin: "KZ", unitCost: 300, receiptID: "r-3", receivedAt: t, onHand: 40, lastEventAt: t)
            try stock.set(lot)
            var fewer = lot
            fewer.onHand = 36
            try stock.set(fewer)
            #expect(try stock.lot(part: "PROP", lot: "P1") == fewer && stock.lot(part: "PROP", lot: "P2") == nil)
            try stock.removeLot(part: "PROP", lot: "P1")
            #expect(try stock.lot(part: "PROP", lot: "P1") == nil)

            // Holdings: a quantity of 0 removes the row, as the store does.
            try stock.set(LotHolding(airframe: "AF-1", part: "PROP", lot: "P2", qty: 4, offBOMQty: 0))
            try stock.set(LotHolding(airframe: "AF-1", part: "PROP", lot: "P1", qty: 2, offBOMQty: 1))
            try stock.set(LotHolding(airframe: "AF-2", part: "PROP", lot: "P1", qty: 4, offBOMQty: 0))
            try stock.set(LotHolding(airframe: "AF-2", part: "PROP", lot: "P1", qty: 0, offBOMQty: 0))
            #expect(try stock.holdings(in: "AF-1").map(\.lot) == ["P1", "P2"] && stock.holdings(in: "AF-2").isEmpty)

            // The comparison walks a stored copy and the replay side by side.
            try db.execute(sql: "CREATE TABLE stored AS SELECT * FROM \(ReplayedStock.pieces)")
            func difference() throws -> String? {
                try stock.firstDifference("pieces", stored: "stored", replayed: ReplayedStock.pieces, columns: PieceRow.columnList,
                                          keyColumns: ["serial"], decode: { try PieceRow(row: $0).piece }, describe: { "\($0.flightMinutes) against \($1.flightMinutes)" })
            }
            #expect(try difference() == nil)
            try db.execute(sql: "UPDATE stored SET flight_minutes = 96")
            #expect(try difference() == "table pieces, 'M-1': 96 against 95")
            try db.execute(sql: "UPDATE stored SET flight_minutes = 95")
            try db.execute(sql: "INSERT INTO stored SELECT 'A-0', part, battery, status, airframe, off_bom, position, lot, origin, unit_cost, receipt_id, received_at, flight_minutes, cycles, capacity_mah, last_event_at FROM stored")
            #expect(try difference() == "table pieces has 'A-0', which the log does not produce")
            try db.execute(sql: "DELETE FROM stored")
            #expect(try difference() == "table pieces lacks 'M-1', which the log produces")
            // Keys in SQLite's byte order: 'Z' (0x5A) before 'a' before 'É' (0xC3 0x89).
            #expect(ReplayedStock.precedes(["Z"], ["a"]) && ReplayedStock.precedes(["a"], ["É"]) && !ReplayedStock.precedes(["É"], ["z"]))
            #expect(ReplayedStock.precedes(["AF-1", "PROP", "P1"], ["AF-1", "PROP", "P2"]) && !ReplayedStock.precedes(["AF-2"], ["AF-10"]))
            try stock.drop()
            #expect(throws: (any Error).self) { try stock.piece("M-1") }
        }
    }
}

/// A counter several threads take numbers from.
final class Ticks: @unchecked Sendable {
    private let lock = NSLock()
    private var n: Int64 = 0
    var count: Int64 { lock.lock(); defer { lock.unlock() }; return n }
    func next() -> Int64 { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
