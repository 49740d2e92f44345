import Foundation
import Testing

/// Someone with the file and the `sqlite3` shell edits it behind Hangar's back (dropping the
/// triggers that refuse UPDATE and DELETE first); `hangar verify` must name the first
/// damaged event or projection every time, and an anchor kept elsewhere catches a log
/// rebuilt from scratch with a fresh, self-consistent chain.
@Suite("tampering with the sqlite3 shell")
struct TamperTests {
    static let unlock = "DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted;"

    static let sqlite3: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs SQL on the file with the sqlite3 shell.
    static func shell(_ db: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(sqlite3, "sqlite3 is not installed (scripts/setup installs it)"))
        process.arguments = [db, sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 refused: \(sql)")
    }

    /// A small workshop: 23 events (a motor installed in AF-50 among them).
    static func workshop() throws -> CLI {
        let cli = try CLI()
        try cli.ok(["import", CLI.fixtures.appendingPathComponent("bad/_base.ndjson").path])
        return cli
    }

    @Test("verify names the first damaged event or projection", arguments: [
        ("a changed field", "UPDATE events SET data = json_set(data, '$.model', 'FPV-9') WHERE seq = 7", "event #7 (base-07)"),
        ("a changed actor", "UPDATE events SET actor = 'boss' WHERE seq = 11", "event #11 (base-11)"),
        ("a changed time", "UPDATE events SET occurred_at = '2026-03-02T08:00:00.000Z' WHERE seq = 8", "event #8 (base-08)"),
        ("a deleted row", "DELETE FROM events WHERE seq = 5", "event #5 is missing"),
        ("an inserted row", "INSERT INTO events (seq, id, subject, kind, from_state, to_state, occurred_at, recorded_at, actor, data, hash) "
            + "SELECT 24, 'forged', 'AF-2', 'lost', 'in_service', 'lost', '2026-03-05T00:00:00.000Z', recorded_at, 'boss', '{\"reason\":\"x\"}', hash FROM events WHERE seq = 23",
         "event #24 (forged)"),
        ("two rows swapped", "UPDATE events SET seq = -9 WHERE seq = 9; UPDATE events SET seq = 9 WHERE seq = 10; UPDATE events SET seq = 10 WHERE seq = -9",
         "event #9 (base-10)"),
        ("the log truncated", "DELETE FROM events WHERE seq > 10", "projection mismatch"),
        ("an edited projection", "UPDATE airframes SET state = 'ready' WHERE serial = 'AF-1'", "projection mismatch: table airframes, 'AF-1'"),
        ("an unreadable time in a projection", "UPDATE airframes SET state_since = 'yesterday' WHERE serial = 'AF-1'",
         "projection unreadable: table airframes, row 'AF-1': column state_since holds 'yesterday'"),
        ("a deleted projection row", "DELETE FROM operators", "projection mismatch"),
        ("an edited report count", "UPDATE day_counts SET n = n + 5 WHERE metric = 'registered'", "report summary mismatch: table day_counts has"),
        ("a deleted delivery", "DELETE FROM deliveries", "report summary mismatch: table deliveries lacks"),
        ("a forged compliance event", "INSERT INTO compliance_events (kind, event_seq, event_id, occurred_at) VALUES ('hasty_qc', 3, 'base-03', '2026-03-01T08:00:00.000Z')",
         "report summary mismatch: table compliance_events has"),
        ("a piece's minutes edited", "UPDATE pieces SET flight_minutes = 99 WHERE serial = 'M-1'", "projection mismatch: table pieces, 'M-1': flightMinutes"),
        ("a piece moved to another airframe", "UPDATE pieces SET airframe = 'AF-51' WHERE serial = 'M-1'", "projection mismatch: table pieces, 'M-1': airframe"),
        ("a piece deleted", "DELETE FROM pieces WHERE serial = 'M-1'", "projection mismatch: table pieces lacks 'M-1'"),
        ("a piece forged", "INSERT INTO pieces SELECT 'M-0', part, battery, status, airframe, off_bom, position, lot, origin, unit_cost, receipt_id, "
            + "received_at, flight_minutes, cycles, capacity_mah, last_event_at FROM pieces WHERE serial = 'M-1'",
         "projection mismatch: table pieces has 'M-0', which the log does not produce"),
        ("a forged stay in maintenance", "INSERT INTO downtime (open_seq, serial, state, since_ms, catalogued) VALUES (3, 'AF-51', 'maintenance', 0, 0)",
         "report summary mismatch: table downtime has"),
        ("a lot's count edited", "UPDATE lots SET on_hand = 99 WHERE lot = 'P1'", "projection mismatch: table lots, 'PROP P1': onHand: the table has 99, the replay gives"),
        ("a mention deleted", "DELETE FROM mentions WHERE ref = 'c M-1'", "projection mismatch: table mentions"),
    ])
    func damageIsNamed(what: String, sql: String, expected: String) throws {
        let cli = try Self.workshop()
        defer { cli.remove() }
        try Self.shell(cli.db, Self.unlock + sql)
        let result = try cli.run(["verify"])
        #expect(result.status == 1, "\(what) went unnoticed")
        #expect(result.err.hasPrefix("error: verify failed: "), "\(result.err)")
        #expect(result.err.contains(expected), "\(what): \(result.err)")
        #expect(!result.out.contains("all checks passed"))
    }

    @Test("verify names an edited or deleted lot quantity in an airframe", arguments: [
        ("UPDATE lot_holdings SET qty = qty + 1", "projection mismatch: table lot_holdings, 'AF-50 PROP P1': qty: the table has 5, the replay gives 4"),
        ("DELETE FROM lot_holdings", "projection mismatch: table lot_holdings lacks 'AF-50 PROP P1', which the log produces"),
        ("INSERT INTO lot_holdings VALUES ('AF-1', 'PROP', 'P1', 1, 0)", "projection mismatch: table lot_holdings has 'AF-1 PROP P1', which the log does not produce"),
    ])
    func lotQuantityDamageIsNamed(sql: String, expected: String) throws {
        let cli = try Self.workshop()
        defer { cli.remove() }
        try cli.ok(["airframe", "install", "AF-50", "--part", "PROP", "--lot", "P1", "--qty", "4"], as: "tech")
        #expect(try cli.ok(["verify"]).out.contains("all checks passed"))
        try Self.shell(cli.db, Self.unlock + sql)
        let result = try cli.run(["verify"])
        #expect(result.status == 1 && result.err.contains(expected), "\(result.err)")
    }

    @Test func anAnchorCatchesTruncationAndARebuiltChain() throws {
        let cli = try Self.workshop()
        defer { cli.remove() }
        let first = try cli.ok(["verify"]).out
        let anchorLine = try #require(first.split(separator: "\n").first { $0.hasPrefix("anchor: ") })
        let anchor = String(anchorLine.dropFirst("anchor: ".count))
        #expect(anchor.hasPrefix("23:"))
        #expect(try cli.ok(["verify", "--anchor", anchor]).out.contains("ok: anchor: event #23 still has the hash"))

        // A whole log rebuilt by hand: exported, one fact changed, imported into a new file.
        // Its chain is self-consistent, so only the anchor can tell.
        let exported = try cli.ok(["export"]).out
        let forged = exported.replacingOccurrences(of: "\"model\":\"FPV-7\",\"recorded\"", with: "\"batch\":\"B-9\",\"model\":\"FPV-7\",\"recorded\"")
        #expect(forged != exported)
        let rebuilt = cli.directory.appendingPathComponent("rebuilt.sqlite").path
        _ = try cli.run(["import", "-", "--db", rebuilt], stdin: forged)
        #expect(try cli.run(["verify", "--db", rebuilt]).status == 0)
        let caught = try cli.run(["verify", "--db", rebuilt, "--anchor", anchor])
        #expect(caught.status == 1)
        #expect(caught.err.contains("event #23 has the hash"), "\(caught.err)")
        #expect(caught.err.contains("the log was rewritten"))

        // The last events removed (and the projections rebuilt to match, as a careful forger would).
        let cut = cli.directory.appendingPathComponent("cut.sqlite").path
        let firstTen = exported.split(separator: "\n").prefix(10).joined(separator: "\n") + "\n"
        _ = try cli.run(["import", "-", "--db", cut], stdin: firstTen)
        #expect(try cli.run(["verify", "--db", cut]).status == 0)
        let short = try cli.run(["verify", "--db", cut, "--anchor", anchor])
        #expect(short.status == 1)
        #expect(short.err.contains("the log ends at #10: events were removed from the end"), "\(short.err)")

        // A malformed anchor is a usage mistake with a clear message, not a fault in the file.
        let bad = try cli.run(["verify", "--anchor", "13-abc"])
        #expect(bad.status == 1)
        #expect(bad.err.hasPrefix("error: invalid anchor '13-abc': SEQ:HASH as printed by hangar verify"))
    }
}
