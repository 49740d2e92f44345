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
}
