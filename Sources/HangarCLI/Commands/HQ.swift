import ArgumentParser
import Foundation
import HangarCore
import HangarHQPostgres
import HangarStore

/// Where the headquarters store is: `--hq`, else `$HANGAR_HQ`; neither is a usage error.
struct HQOptions: ParsableArguments {
    @Option(help: ArgumentHelp(tr("The headquarters store: a file path, or postgres://user[:password]@host[:port]/database (default: $HANGAR_HQ)."), valueName: "url"))
    var hq: String?

    func location() throws -> String {
        guard let location = hq ?? ProcessInfo.processInfo.environment["HANGAR_HQ"], !location.isEmpty else {
            throw ValidationError(tr("give --hq PATH or set $HANGAR_HQ"))
        }
        return location
    }

    /// The store, on PostgreSQL for a `postgres://` URL and on an SQLite file otherwise; the
    /// connection is let go when the body is done.
    func with<T>(create: Bool = false, _ body: (HQStore) async throws -> T) async throws -> T {
        let location = try location()
        let engine: any HQEngine
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            engine = try await PostgresHQ.open(url: location, create: create)
        } else {
            engine = try SQLiteHQ(path: location, create: create)
        }
        let store = HQStore(engine: engine)
        do {
            let value = try await body(store)
            await engine.close()
            return value
        } catch {
            await engine.close()
            throw error
        }
    }
}

/// `hangar hq`: many workshops' exports merged at headquarters (DESIGN §12).
struct HQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hq", abstract: tr("Headquarters: many workshops' exports merged, their conflicts listed."),
        subcommands: [Init.self, Merge.self, Status.self, Conflicts.self, Report.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init", abstract: tr("Create or migrate the headquarters store."))
        @OptionGroup var options: HQOptions
        func run() async throws {
            try await options.with(create: true) { store in
                Console.print(trf("headquarters store {path} is ready", ["path": store.location]))
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge", abstract: tr("Merge workshops' format-2 exports: each file in one transaction, conflicts listed, never resolved."),
            discussion: tr("Exit status 1 when a file is refused whole (malformed, another format, two workshops) or when anything listed by hangar hq conflicts involves a workshop of these files."))
        @Argument(help: ArgumentHelp(tr("Export files (hangar export of a workshop whose code is set)."), valueName: "file")) var files: [String]
        @OptionGroup var options: HQOptions
        func run() async throws {
            guard !files.isEmpty else { throw ValidationError(tr("give at least one export file")) }
            try await options.with { store in try await merge(into: store) }
        }

        func merge(into store: HQStore) async throws {
            var origins: Set<String> = []
            for file in files {
                guard let handle = FileHandle(forReadingAtPath: file) else { throw HangarError.notFound(what: "file", name: file) }
                let summary = try await store.merge(handle, name: file)
                origins.insert(summary.origin)
                Console.print(trf("{file}: workshop {workshop}, {lines} lines: {added} new, {held} already held, {conflicting} conflicting", [
                    "file": file, "workshop": summary.origin, "lines": String(summary.lines), "added": String(summary.added),
                    "held": String(summary.alreadyHeld), "conflicting": String(summary.conflicting),
                ]))
            }
            let conflicts = try await store.conflicts(walking: origins)
            if conflicts.involves(origins) {
                Console.error(trf("listed for review: {n} (hangar hq conflicts)", ["n": String(HQStore.keys(conflicts).count)]))
                throw ExitCode(1)
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: tr("Per workshop: events held, last sequence number and time, whether its chain is verified and complete."))
        @OptionGroup var options: HQOptions
        @Flag(help: ArgumentHelp(tr("Print JSON (stable field names, ISO-8601 UTC times) instead of text."))) var json = false
        func run() async throws {
            let rows = try await options.with { try await $0.status() }
            if json { return Console.print(JSONOutput.text(rows)) }
            Console.print(TextOutput.table(["workshop", "events", "last seq", "last recorded", "chain", "complete"], rows.map { r in
                [r.workshop, String(r.events), String(r.lastSeq), r.lastRecorded.flatMap { try? Timestamp.parse($0) }.map { LocalTime.show($0, zone: nil, CLILanguage.current) } ?? "-", r.chainVerified ? tr("verified") : tr("NOT VERIFIED"),
                 r.complete ? tr("yes") : tr("no")]
            }))
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: tr("One workshop's report from the lines headquarters hold: its log replayed through the rules, the same as its own hangar report."))
        @Option(help: ArgumentHelp(tr("The workshop whose report this is."), valueName: "CODE")) var workshop: String?
        @OptionGroup var report: ReportOptions
        @OptionGroup var options: HQOptions

        func run() async throws {
            guard let workshop else {
                throw HangarError.invalidValue(field: "--workshop", value: "", allowed: "the national report over all workshops is not built yet: give --workshop CODE")
            }
            let code = try WorkshopCode.normalized(workshop)
            let lines = try await options.with { try await $0.lines(of: code) }
            guard !lines.isEmpty else { throw HangarError.notFound(what: "workshop", name: code) }
            // The workshop's log replayed into a file of its own, then its report as `hangar report` makes it.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-hq-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let log = folder.appendingPathComponent("log.ndjson")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
            let replayPath = folder.appendingPathComponent("replay.sqlite").path
            var replay = try HangarStore(path: replayPath, create: true)
            do {
                _ = try replay.importEvents(from: try FileHandle(forReadingFrom: log))
            } catch is HangarError {
                // An incomplete log (a gap, a copy held out) breaks the all-or-nothing import:
                // replay it line by line instead, and say how many lines the rules refused.
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: replayPath + suffix) }
                replay = try HangarStore(path: replayPath, create: true)
                var refused = 0
                for line in lines {
                    do {
                        _ = try replay.record(try EventLine.parse(Data(line.utf8)), now: Timestamp(Date()))
                    } catch is HangarError {
                        refused += 1
                    }
                }
                Console.error("warning: " + trf("{n} of {all} lines refused on replay: {code}'s log at headquarters is incomplete (hangar hq conflicts)",
                                                ["n": String(refused), "all": String(lines.count), "code": code]))
            }
            try report.write(from: replay)
        }
    }

    struct Conflicts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conflicts", abstract: tr("List what merging found: content conflicts, serial claims, definition conflicts, gaps, broken chains."))
        @OptionGroup var options: HQOptions
        @Flag(help: ArgumentHelp(tr("Print JSON (stable field names, ISO-8601 UTC times) instead of text."))) var json = false
        @Option(help: ArgumentHelp(tr("Mark a listed item reviewed (its key as listed); nothing is deleted."), valueName: "item")) var ack: String?
        func run() async throws {
            if let ack {
                try await options.with { try await $0.acknowledge(ack, at: Timestamp(Date())) }
                return Console.print(trf("{item} marked reviewed", ["item": ack]))
            }
            let c = try await options.with { try await $0.conflicts() }
            if json { return Console.print(JSONOutput.text(c)) }
            let keys = HQStore.keys(c)
            if keys.isEmpty { return Console.print(tr("nothing listed")) }
            var reviewed: [Bool] = c.content.map(\.reviewed) + c.serialClaims.map(\.reviewed) + c.definitionConflicts.map(\.reviewed)
            reviewed += c.gaps.map(\.reviewed) + c.brokenChains.map(\.reviewed)
            let what: [String] = c.content.map { "\($0.reason): \($0.workshops.joined(separator: ", "))" }
                + c.serialClaims.map { $0.workshops.joined(separator: ", ") }
                + c.definitionConflicts.map { $0.workshops.joined(separator: ", ") }
                + c.gaps.map { _ in "" } + c.brokenChains.map { "\($0.reason) (\($0.id))" }
            Console.print(TextOutput.table(["item", "workshops", "reviewed"], zip(keys, zip(what, reviewed)).map { [$0, $1.0, $1.1 ? tr("yes") : ""] }))
        }
    }
}
