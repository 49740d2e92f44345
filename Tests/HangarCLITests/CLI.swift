import Foundation
import Testing

/// Runs the built `hangar` binary as a person would, in a temporary folder.
struct CLI {
    let directory: URL
    var db: String { directory.appendingPathComponent("hangar.sqlite").path }

    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hangar").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(".build/debug/hangar").path
    }()

    static let fixtures: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent("Fixtures")
    }()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    /// Runs `hangar ARGS` with HANGAR_DB set to this folder's database.
    @discardableResult
    func run(_ args: [String], as user: String? = nil, stdin: String? = nil, env: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["HANGAR_DB"] = db
        // English unless a test asks otherwise, whatever the machine's $LANG.
        environment["HANGAR_LANG"] = "en"
        environment["HANGAR_USER"] = user
        // Headquarters' kept replays in this folder, not the machine's cache.
        environment["HANGAR_HQ_CACHE"] = directory.appendingPathComponent("hq-cache").path
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        process.currentDirectoryURL = directory
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent("out-\(id)"), errURL = directory.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let stdin {
            let inURL = directory.appendingPathComponent("in-\(id)")
            try Data(stdin.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let out = try String(contentsOf: outURL, encoding: .utf8), err = try String(contentsOf: errURL, encoding: .utf8)
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return Result(status: process.terminationStatus, out: out, err: err)
    }

    /// Runs and requires success.
    @discardableResult
    func ok(_ args: [String], as user: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let r = try run(args, as: user)
        #expect(r.status == 0, "hangar \(args.joined(separator: " ")) failed: \(r.err)", sourceLocation: sourceLocation)
        return r
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try ok(args + ["--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    /// An admin, staff of every role, a unit and a model.
    func setUpWorkshop() throws {
        try ok(["init", "--admin", "boss", "--name", "Kateryna Bondar"])
        try ok(["staff", "add", "tech", "--name", "Timur Omarov", "--role", "technician"], as: "boss")
        try ok(["staff", "add", "insp", "--name", "Iryna Hrytsenko", "--role", "inspector"], as: "boss")
        try ok(["staff", "add", "instr", "--name", "Viktor Tkachenko", "--role", "instructor"], as: "boss")
        try ok(["staff", "add", "cmdr", "--name", "Petro Kravets", "--role", "commander"], as: "boss")
        try ok(["unit", "add", "1st UAS Company"], as: "boss")
        try ok(["model", "add", "FPV-7", "--service-minutes", "600", "--service-days", "90",
                "--check", "motors", "--check", "gps_lock", "--measure", "hover_current_a:A:8:14"], as: "boss")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
