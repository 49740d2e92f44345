import ArgumentParser
import Foundation
import HangarCore
import HangarHQPostgres
import HangarReport
import HangarAccess
import HangarStore

/// Where the headquarters store is: `--hq`, else `$HANGAR_HQ`; neither is a usage error.
struct HQOptions: ParsableArguments {
    @Option(help: ArgumentHelp(tr("The headquarters store: a file path, or postgres://user[:password]@host[:port]/database (default: $HANGAR_HQ)."), valueName: "url"))
    var hq: String?

    func location() throws -> String {
        guard let location = hq ?? Environment.value("HANGAR_HQ"), !location.isEmpty else {
            throw ValidationError(tr("give --hq PATH or set $HANGAR_HQ"))
        }
        return location
    }

    /// The store, on PostgreSQL for a `postgres://` URL and on an SQLite file otherwise; the
    /// connection is let go when the body is done.
    func with<T>(create: Bool = false, _ body: (HQStore) async throws -> T) async throws -> T {
        try await Self.with(try location(), create: create, body)
    }

    static func with<T>(_ location: String, create: Bool = false, _ body: (HQStore) async throws -> T) async throws -> T {
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
        subcommands: [Init.self, Merge.self, Status.self, Conflicts.self, Report.self, HQStaffCommand.self])

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
            let location = try options.location()
            try await options.with { store in try await merge(into: store, cache: ReplayCache.existing(for: location)) }
        }

        func merge(into store: HQStore, cache: ReplayCache? = nil) async throws {
            var origins: Set<String> = []
            // Chains walked as their workshop's only file was merged: not read back to walk again.
            var walked: [String: HQStore.ChainFindings] = [:]
            for file in files {
                var directory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &directory), directory.boolValue {
                    throw HangarError.invalidValue(field: "file", value: Names.printable(file), allowed: "a file of NDJSON lines, not a directory")
                }
                guard let handle = FileHandle(forReadingAtPath: file) else { throw HangarError.notFound(what: "file", name: file) }
                let summary = try await store.merge(handle, name: file)
                walked[summary.origin] = origins.contains(summary.origin) ? nil : summary.walked
                origins.insert(summary.origin)
                Console.print(trf("{file}: workshop {workshop}, {lines} lines: {added} new, {held} already held, {conflicting} conflicting", [
                    "file": file, "workshop": summary.origin, "lines": String(summary.lines), "added": String(summary.added),
                    "held": String(summary.alreadyHeld), "conflicting": String(summary.conflicting),
                ]))
            }
            // Read before the list is made: a merge landing in between makes what is kept stale, never wrong.
            let listingState = cache == nil ? nil : try await store.listingState()
            let conflicts = try await store.conflicts(walking: origins, walked: walked)
            if let cache { await Self.update(cache, origins, store, conflicts: conflicts, at: listingState) }
            if conflicts.involves(origins) {
                Console.error(trf("listed for review: {n} (hangar hq conflicts)", ["n": String(HQStore.keys(conflicts).count)]))
                throw ExitCode(1)
            }
        }

        /// Once the files have landed, this user's kept replays of their workshops take the
        /// lines just merged (`ReplayCache.update`), and the status and conflicts just listed
        /// are kept with them, so the next `hq report` reads them rather than doing that work.
        /// A workshop without a kept replay, or one to be replayed whole, is left to that
        /// report; so is everything when this fails (the merge has landed: a warning).
        static func update(_ cache: ReplayCache, _ origins: Set<String>, _ store: HQStore, conflicts: HQStore.Conflicts, at listingState: String?) async {
            do {
                let folder = try Report.folder()
                defer { try? FileManager.default.removeItem(at: folder) }
                let updated = try await cache.exclusively {
                    if cache.keptListing(listingState) == nil {
                        cache.keep(statuses: try await store.status(given: conflicts), conflicts: conflicts, at: listingState)
                    }
                    return try await cache.update(origins, from: store, scratch: folder, parallel: ProcessInfo.processInfo.activeProcessorCount)
                }
                if !updated.isEmpty {
                    Console.print(trf("kept replays brought up to date for the next report: {workshops}", ["workshops": updated.joined(separator: ", ")]))
                }
            } catch {
                let reason = (error as? HangarError)?.message(in: CLILanguage.current) ?? "\(error)"
                Console.error("warning: " + trf("kept replays not brought up to date ({reason}); the next report does it", ["reason": reason]))
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
            abstract: tr("The national report over every workshop's lines, or one workshop's (--workshop): the same as its own hangar report."),
            discussion: tr("The JSON of the national report adds by_workshop (each workshop's buckets, totals and snapshot), standards (per model: the workshops using it, their checklist and BOM versions, and whether they agree) and workshops (each one's completeness)."))
        @Option(help: ArgumentHelp(tr("The workshop whose report this is."), valueName: "CODE")) var workshop: String?
        @Option(help: ArgumentHelp(tr("The national report's time zone, an IANA name such as Asia/Almaty (default: UTC)."), valueName: "zone"))
        var timezone: String?
        @OptionGroup var report: ReportOptions
        @OptionGroup var options: HQOptions

        func run() async throws {
            guard let workshop else { return try await national() }
            if timezone != nil {
                throw ValidationError(tr("--timezone is for the national report; a workshop's report keeps the workshop's own time zone"))
            }
            let code = try WorkshopCode.normalized(workshop)
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let cache = ReplayCache.standard(for: try options.location())
            try await options.with { store in
                // A kept replay is read while the cache is held: no other report replaces it meanwhile.
                func write(_ replayed: WorkshopReplay) throws {
                    Self.warn(code, replayed.refused, replayed.lines)
                    try report.write(from: replayed.store)
                }
                guard let cache else { return try write(try await WorkshopReplay.make(code, from: store, in: folder)) }
                try await cache.exclusively { try write(try await cache.replay(code, from: store, scratch: folder)) }
            }
        }

        /// Every workshop's log replayed on its own, its pass folded into the national one.
        func national() async throws {
            let zone = timezone ?? "UTC"
            guard TimeZone(identifier: zone) != nil else {
                throw HangarError.invalidValue(field: "--timezone", value: zone, allowed: "an IANA time zone name, such as Asia/Almaty or UTC")
            }
            CLILanguage.zone = zone
            let period = try report.period(zone: zone)
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let cache = ReplayCache.standard(for: try options.location())
            let national = try await options.with { store in
                let build = {
                    try await NationalReport.build(from: store, period: period, goal: report.goal, now: Timestamp(Date()), in: folder, cache: cache,
                                                   refusals: Self.warn)
                }
                guard let cache else { return try await build() }
                return try await cache.exclusively(build)
            }
            switch report.format {
            case .json: try report.emit { try national.json(to: &$0) }
            case .text:
                // In the terminal, the national report, then a line per workshop.
                let language = CLILanguage.current
                let rows = national.workshops.map { w in
                    [w.code, String(w.totals.build.delivered), w.totals.test.firstPassYield.map { LocalFormat.percent($0, language) } ?? "-",
                     w.totals.fleet.availability.map { LocalFormat.percent($0, language) } ?? "-", w.status.complete ? tr("yes") : tr("no")]
                }
                let table = TextOutput.table(["workshop", "delivered", "first-pass yield", "availability", "complete"], rows)
                try report.emit(report.rendered(national.report) + Array(("\n" + tr("By workshop") + "\n" + table + "\n").utf8))
            default: try report.emit(report.rendered(national.report))
            }
        }

        static func folder() throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-hq-\(UUID().uuidString)")
            // Every workshop's data passes through it: readable by this user only.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return folder
        }

        /// Says when a workshop's own rules refused part of its log on replay.
        static func warn(_ code: String, _ refused: Int, _ all: Int) {
            guard refused > 0 else { return }
            Console.error("warning: " + trf("{n} of {all} lines refused on replay: {code}'s log at headquarters is incomplete (hangar hq conflicts)",
                                            ["n": String(refused), "all": String(all), "code": code]))
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
