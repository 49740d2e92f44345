import Foundation
import Testing

/// What a first week of use found on the command line (issue 15): the version, usage
/// errors that exit 64 and say so, a mistyped command named with its near match, and
/// repeated options that all count.
@Suite("usage")
struct UsageTests {
    @Test func versionAndUsageErrors() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let version = try cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.out.hasPrefix("hangar 0."))
        let typo = try cli.run(["airframe", "qcc", "AF-1"])
        #expect(typo.status == 64)
        #expect(typo.err.hasPrefix("error: unknown command 'qcc' for 'hangar airframe' (did you mean 'qc'?); its commands: register,"))
        let root = try cli.run(["airfram", "list"])
        #expect(root.status == 64)
        #expect(root.err.contains("(did you mean 'airframe'?)"))
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        // A write without an author is a usage error.
        let anonymous = try cli.run(["unit", "add", "Alpha"])
        #expect(anonymous.status == 64)
        #expect(anonymous.err.hasPrefix("error: who is recording?"))
        // --role repeats, like --check and --measure.
        try cli.ok(["staff", "add", "t.omarov", "--name", "Timur Omarov", "--role", "technician", "--role", "storekeeper,inspector"], as: "boss")
        let staff = try cli.ok(["staff", "list", "--json"]).out
        #expect(staff.contains("\"inspector\"") && staff.contains("\"storekeeper\"") && staff.contains("\"technician\""))
        try cli.ok(["staff", "update", "t.omarov", "--role", "technician", "--role", "instructor"], as: "boss")
        let updated = try cli.ok(["staff", "list", "--json"]).out
        #expect(updated.contains("\"instructor\"") && !updated.contains("\"storekeeper\""))
    }

    /// A repaired airframe comes back ready without a unit; `issue` without `--unit` sends it
    /// back to the unit it was last issued to (the event still carries the unit).
    @Test func issueWithoutAUnitSendsItBack() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        try cli.ok(["staff", "add", "tech", "--name", "Tech", "--role", "technician"], as: "boss")
        try cli.ok(["staff", "add", "insp", "--name", "Insp", "--role", "inspector"], as: "boss")
        for unit in ["Alpha", "Bravo"] { try cli.ok(["unit", "add", unit], as: "boss") }
        try cli.ok(["model", "add", "M", "--check", "motors"], as: "boss")
        let typo = try cli.run(["airframe", "register", "X1", "--model", "m"], as: "tech")
        #expect(typo.status == 1)
        #expect(typo.err == "error: no model 'm' (did you mean 'M'?)\n")
        let who = try cli.run(["airframe", "register", "X1", "--model", "M"], as: "tehc")
        #expect(who.err.hasSuffix("(did you mean 'tech'?)\n"))
        try cli.ok(["airframe", "register", "X1", "--model", "M"], as: "tech")
        let unit = try cli.run(["airframe", "issue", "X1", "--unit", "alpha"], as: "boss")
        #expect(unit.err.contains("(did you mean 'Alpha'?)") || unit.err.contains("allowed from"))
        let never = try cli.run(["airframe", "issue", "X1"], as: "boss")
        #expect(never.status == 1)
        #expect(never.err.contains("X1 was never issued to a unit"))
        try cli.ok(["airframe", "assembled", "X1"], as: "tech")
        try cli.ok(["airframe", "qc", "X1", "--check", "motors=pass"], as: "insp")
        try cli.ok(["airframe", "issue", "X1", "--unit", "Bravo"], as: "boss")
        try cli.ok(["airframe", "maintenance-open", "X1", "--reason", "damage"], as: "tech")
        try cli.ok(["airframe", "maintenance-close", "X1"], as: "tech")
        try cli.ok(["airframe", "qc", "X1", "--check", "motors=pass"], as: "insp")
        #expect(try cli.ok(["airframe", "show", "X1", "--json"]).out.contains("\"unit\" : null"))
        let back = try cli.ok(["airframe", "issue", "X1"], as: "boss")
        #expect(back.out.hasPrefix("issue X1: ready → in_service"))
        #expect(try cli.ok(["airframe", "show", "X1", "--json"]).out.contains("\"unit\" : \"Bravo\""))
        #expect(try cli.ok(["export"]).out.split(separator: "\n").filter { $0.contains("\"event\":\"issue\"") && $0.contains("\"unit\":\"Bravo\"") }.count == 2)
    }

    /// Flights the rules accept but a commander would question are recorded with a warning
    /// at once, and flights that name no operator are counted in the report.
    @Test func flightsWarnAtTheMomentOfRecording() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        try cli.ok(["staff", "add", "tech", "--name", "Tech", "--role", "technician", "--role", "instructor"], as: "boss")
        try cli.ok(["staff", "add", "insp", "--name", "Insp", "--role", "inspector"], as: "boss")
        try cli.ok(["unit", "add", "Alpha"], as: "boss")
        try cli.ok(["model", "add", "M", "--check", "motors", "--service-minutes", "30"], as: "boss")
        try cli.ok(["airframe", "register", "X1", "--model", "M"], as: "tech")
        try cli.ok(["airframe", "assembled", "X1"], as: "tech")
        try cli.ok(["airframe", "qc", "X1", "--check", "motors=pass"], as: "insp")
        try cli.ok(["airframe", "issue", "X1", "--unit", "Alpha"], as: "boss")
        let first = try cli.ok(["airframe", "flight", "X1", "--minutes", "40", "--purpose", "operational"], as: "tech")
        #expect(first.err == "warning: the flight on X1 names no operator (--operator ID): it is counted as a flight without one\n")
        let due = try cli.ok(["airframe", "flight", "X1", "--minutes", "10", "--purpose", "operational"], as: "tech")
        #expect(due.err.hasPrefix("warning: X1 is due for service (minutes); the flight counts as flown while due\n"))
        try cli.ok(["operator", "enroll", "op1", "--name", "Olena", "--unit", "Alpha"], as: "tech")
        let untrained = try cli.ok(["airframe", "flight", "X1", "--minutes", "10", "--purpose", "operational", "--operator", "op1"], as: "tech")
        #expect(untrained.err.contains("warning: operator op1 is enrolled with 0 minutes in the last 90 days: operational flights need a qualified, current operator"))
        let report = try cli.ok(["report", "--format", "json"]).out
        #expect(report.contains("\"flights_without_operator\" : 2"))
    }

    /// One --measure no longer replaces a five-item checklist: items are edited one by one,
    /// the change is shown first, and dropping takes --remove-item or --replace-checklist.
    @Test func aChecklistIsEditedItemByItem() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["init", "--admin", "boss", "--name", "Boss"])
        try cli.ok(["model", "add", "M", "--check", "a", "--check", "b", "--check", "d", "--measure", "c:A:1:5"], as: "boss")
        let tighten = try cli.ok(["model", "update", "M", "--measure", "c:A:1:4"], as: "boss")
        #expect(tighten.out.hasPrefix("M checklist v1 → v2:\n  ~ c: 1–5 A → 1–4 A\n"))
        var shown = try cli.ok(["model", "show", "M", "--json"]).out
        #expect(shown.contains("\"checklist_version\" : 2"))
        for key in ["\"a\"", "\"b\"", "\"d\""] { #expect(shown.contains(key)) }
        let drop = try cli.ok(["model", "update", "M", "--remove-item", "b"], as: "boss")
        #expect(drop.out.contains("  - b (pass/fail)"))
        shown = try cli.ok(["model", "show", "M", "--json"]).out
        #expect(!shown.contains("\"b\"") && shown.contains("\"checklist_version\" : 3"))
        let unknown = try cli.run(["model", "update", "M", "--remove-item", "zz"], as: "boss")
        #expect(unknown.status == 1 && unknown.err.contains("items are a, d, c"))
        let replaced = try cli.ok(["model", "update", "M", "--check", "x", "--replace-checklist"], as: "boss")
        #expect(replaced.out.contains("  + x (pass/fail)") && replaced.out.contains("  - a (pass/fail)"))
    }

    @Test func aModelsDefectCatalogueAndItemDescriptions() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["model", "update", "FPV-7", "--defect-code", "MOTOR_VIBRATION,gps_no_fix", "--describe", "motors=Run every motor up"], as: "boss")
        let model = try cli.json(["model", "show", "FPV-7"])
        #expect(model["defect_codes"] as? [String] == ["MOTOR_VIBRATION", "GPS_NO_FIX"])
        let items = try #require(model["checklist"] as? [[String: Any]])
        #expect(items.first { $0["key"] as? String == "motors" }?["description"] as? String == "Run every motor up")
        #expect(items.count == 3, "describing an item keeps the others")
        try cli.ok(["airframe", "register", "AF-0009", "--model", "FPV-7"], as: "tech")
        try cli.ok(["airframe", "assembled", "AF-0009"], as: "tech")
        let refused = try cli.run(["airframe", "qc", "AF-0009", "--check", "motors=fail", "--check", "gps_lock=pass",
                                   "--measure", "hover_current_a=10", "--defect", "MOTOR_VIBE"], as: "insp")
        #expect(refused.status == 1)
        #expect(refused.err.contains("MOTOR_VIBE is not in the FPV-7 defect catalogue (its codes: MOTOR_VIBRATION, GPS_NO_FIX)"), "\(refused.err)")
        try cli.ok(["airframe", "qc", "AF-0009", "--check", "motors=fail", "--check", "gps_lock=pass",
                    "--measure", "hover_current_a=10", "--defect", "motor_vibration"], as: "insp")
        let bad = try cli.run(["model", "update", "FPV-7", "--describe", "nothing=here"], as: "boss")
        #expect(bad.status == 1 && bad.err.contains("--describe"), "\(bad.err)")
        try cli.ok(["model", "update", "FPV-7", "--any-defect-code"], as: "boss")
        #expect(try cli.json(["model", "show", "FPV-7"])["defect_codes"] is NSNull)
        // The catalogue travels in the log.
        #expect(try cli.ok(["export"]).out.contains(#""defect_codes":["MOTOR_VIBRATION","GPS_NO_FIX"]"#))
    }
    /// Contradictory or impossible stock requests are usage errors, and write nothing: a
    /// setting cleared and set at once, a piece "adjusted" into an airframe, a time with
    /// trailing text or an offset that is not one.
    @Test func contradictoryStockRequestsAndMalformedTimesAreRefused() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.setUpWorkshop()
        try cli.ok(["staff", "add", "store", "--name", "Store", "--role", "storekeeper"], as: "boss")
        try cli.ok(["part", "add", "MOTOR-2207", "--name", "Motor", "--tracking", "serial", "--kind", "component", "--cost", "100"], as: "boss")
        try cli.ok(["stock", "receive", "MOTOR-2207", "--qty", "1", "--serial", "M-1"], as: "store")
        let before = try cli.ok(["export"]).out
        let both = try cli.run(["part", "update", "MOTOR-2207", "--clear", "cost", "--cost", "5"], as: "boss")
        #expect(both.status == 64 && both.err.contains("--clear cost and --cost VALUE contradict each other"), "\(both.err)")
        let installed = try cli.run(["stock", "adjust", "MOTOR-2207", "--serial", "M-1", "--status", "installed", "--reason", "x"], as: "store")
        #expect(installed.status == 64 && installed.err.contains("in_stock") && !installed.err.contains("CHECK constraint"), "\(installed.err)")
        for at in ["2026-11-20T10:00:00Zjunk", "2026-11-20T10:00:00+05:99", "2026-11-20T10:00:00+0500", "2026-11-20T10:00:00z"] {
            let r = try cli.run(["part", "add", "NEW-T", "--name", "n", "--tracking", "lot", "--kind", "consumable", "--at", at], as: "boss")
            #expect(r.status == 1 && r.err.hasPrefix("error: invalid --at"), "\(at): \(r.err)")
        }
        // A directory given as the file to import, and a local day that does not exist: said so.
        let directory = try cli.run(["import", cli.directory.path])
        #expect(directory.status == 1 && directory.err.contains("not a directory") && !directory.err.contains("NSCocoaErrorDomain"), "\(directory.err)")
        try cli.ok(["workshop", "set", "--name", "W", "--timezone", "Asia/Almaty"], as: "boss")
        let noSuchDay = try cli.run(["part", "add", "NEW-T", "--name", "n", "--tracking", "lot", "--kind", "consumable", "--at", "2026-02-29 10:00"], as: "boss")
        #expect(noSuchDay.status == 1 && noSuchDay.err.contains("that day or time does not exist"), "\(noSuchDay.err)")
        #expect(try cli.ok(["export"]).out.split(separator: "\n").count == before.split(separator: "\n").count + 1, "only the workshop's setting written")
        // A well-formed offset still reads.
        try cli.ok(["part", "add", "NEW-T", "--name", "n", "--tracking", "lot", "--kind", "consumable", "--at", "2026-11-20T10:00:00.5+05:00"], as: "boss")
    }
}
