import ArgumentParser
import Foundation
import HangarCore
import HangarStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: tr("Apply an NDJSON event file, all or nothing."),
        discussion: tr("Each line goes through the same rules as the command line. The first bad line rejects the whole file (its line number and reason are printed) and nothing is written. Events whose id is already in the log are skipped when identical. Creates the database if it does not exist."))
    @Argument(help: ArgumentHelp(tr("The file, or - for standard input."))) var file: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        let handle: FileHandle
        if file == "-" {
            handle = .standardInput
        } else {
            var directory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &directory), directory.boolValue {
                throw HangarError.invalidValue(field: "file", value: Names.printable(file), allowed: "a file of NDJSON lines, not a directory")
            }
            guard let h = FileHandle(forReadingAtPath: file) else { throw HangarError.notFound(what: "file", name: file) }
            handle = h
        }
        let existed = FileManager.default.fileExists(atPath: store.path)
        let summary: ImportSummary
        do {
            summary = try store.open(create: true).importEvents(from: handle)
        } catch {
            // Nothing was written; a file this command created is not left behind.
            if !existed {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.path + suffix) }
            }
            throw error
        }
        Console.print(trf(summary.applied == 1 ? "imported {n} event, skipped {skipped} already present" : "imported {n} events, skipped {skipped} already present",
                          ["n": String(summary.applied), "skipped": String(summary.skipped)]))
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: tr("Write the event log as NDJSON on standard output."))
    @Option(help: ArgumentHelp(tr("Only events after this sequence number."), valueName: "seq")) var since: Int64 = 0
    @OptionGroup var store: StoreOptions

    func run() throws {
        var buffer = Data()
        try store.open().exportEvents(since: since) { line in
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
            if buffer.count > 1 << 16 {
                FileHandle.standardOutput.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(buffer)
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: tr("Check integrity, the hash chain, and that a replay of the log equals the projections."),
        discussion: tr("""
            Prints what it checked and the first fault (exit 1), and last the chain head as SEQ:HASH.
            Keep that line somewhere the database's editors cannot reach (printed, mailed, in another \
            system); `hangar verify --anchor SEQ:HASH` later proves that the first SEQ events are \
            still the ones you anchored, even if someone rewrote the whole chain.
            """))
    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("anchor"), help: ArgumentHelp(tr("A chain head kept from an earlier verify."), valueName: "seq:hash"))
    var anchorText: String?

    func run() throws {
        let anchor = try anchorText.map { text throws(HangarError) in try ChainAnchor(parsing: text) }
        // Verify rebuilds the summaries into TEMP tables on a reading connection.
        let opened = try store.open(concurrentReaders: true)
        let report = try opened.verify(anchor: anchor)
        for line in report.checked { Console.print("ok: " + Fragments.translate(line, CLILanguage.current)) }
        if let fault = report.fault { throw HangarError.storage(trf("verify failed: {fault}", ["fault": fault])) }
        Console.print(tr("verify: all checks passed"))
        if let head = try opened.chainHead() {
            Console.print("anchor: \(ChainAnchor(seq: head.seq, hash: head.hash))")
        }
    }
}
