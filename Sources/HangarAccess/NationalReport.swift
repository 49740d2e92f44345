import Foundation
import CHangarMemory
import HangarCore
import HangarReport
import HangarStore

/// The national report (DESIGN §12, §14): each workshop's log replayed on its own, its own
/// report made from the replay's summary tables (or a pass over the log where they cannot
/// answer) and folded into the national one; with each workshop's own report, its
/// completeness and the models it uses. The command line (`hangar hq report`) and the
/// headquarters server (`hangar serve --hq`) both make it here.
public struct NationalReport: Sendable {
    /// A model as one workshop defines it.
    public struct ModelUse: Sendable, Equatable {
        public var name: String
        public var checklistVersion: Int
        public var bomVersion: Int?
        public var airframes: Int
    }

    /// One workshop's part of the national report.
    public struct Workshop: Sendable {
        public var status: HQStore.OriginStatus
        /// Lines its own rules refused when the log was replayed (a gap, a copy held out).
        public var refusedOnReplay: Int
        /// Its own report's totals over the national period.
        public var totals: PeriodMetrics
        /// Its own report's `buckets`, `snapshot` and `totals` (with its supply group) as they
        /// stand in `by_workshop`: written when the report was made, so the report itself,
        /// with its lists, need not be kept until the national one is written.
        public var groups: Groups
        public var models: [ModelUse]
        /// Whether its report came from its replay's summary tables (else a pass over the log).
        public var fromSummaries = false
        public var code: String { status.workshop }
    }

    public var report: ThroughputReport
    /// In code order.
    public var workshops: [Workshop]
    /// Models defined differently by two workshops (DESIGN §12 definition conflicts).
    public var differing: Set<String>

    /// A workshop's groups as `by_workshop` holds them: in memory, or in a file (a national
    /// fleet's workshops hold megabytes each, written when the national report is).
    public enum Groups: Sendable {
        case text([UInt8])
        case file(URL)

        /// Writes `text` to `file` when there is one.
        static func keep(_ text: [UInt8], in file: URL?) throws -> Groups {
            guard let file else { return .text(text) }
            do {
                try Data(text).write(to: file)
            } catch {
                throw HangarError.storage("cannot write \(file.path): \(error.localizedDescription)")
            }
            return .file(file)
        }

        func write(to out: inout ByteStream) throws {
            switch self {
            case let .text(text): out.append(contentsOf: text)
            case let .file(url):
                guard let handle = FileHandle(forReadingAtPath: url.path) else {
                    throw HangarError.storage("cannot read \(url.path): a workshop's part of the report is gone")
                }
                defer { try? handle.close() }
                while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { out.append(contentsOf: piece) }
            }
        }
    }

    /// Per model: whether every workshop defines it alike, and each one's versions.
    public var standards: [(model: String, uniform: Bool, workshops: [(code: String, use: ModelUse)])] {
        var byModel: [String: [(code: String, use: ModelUse)]] = [:]
        for w in workshops { for m in w.models { byModel[m.name, default: []].append((w.code, m)) } }
        return byModel.keys.sorted().map { ($0, !differing.contains($0), byModel[$0]!) }
    }

    /// The report's JSON (`hangar report --format json`) with `by_workshop`, `standards` and `workshops`.
    public func json() throws -> [UInt8] {
        var out = ByteStream()
        try json(to: &out)
        return try out.finish()
    }

    /// Writes the report's JSON into `out`, a piece at a time.
    public func json(to out: inout ByteStream) throws {
        let extra: [String: Any] = [
            "standards": standards.reduce(into: [String: Any]()) { out, s in
                out[s.model] = ["uniform": s.uniform, "workshops": s.workshops.map { w -> [String: Any] in
                    ["workshop": w.code, "checklist_version": w.use.checklistVersion, "bom_version": w.use.bomVersion.map { $0 as Any } ?? NSNull(),
                     "airframes": w.use.airframes]
                }] as [String: Any]
            },
            "workshops": workshops.map { w -> [String: Any] in
                ["workshop": w.code, "events": w.status.events, "complete": w.status.complete, "chain_verified": w.status.chainVerified,
                 "refused_on_replay": w.refusedOnReplay]
            },
        ]
        // The national report's own document, left open after its last member.
        ReportJSON.write(report, open: true, to: &out)
        // `by_workshop`: each workshop's own report's three groups, as its text was written.
        out.append(",\n  \"by_workshop\" : {")
        for (n, w) in workshops.enumerated() {
            out.append((n == 0 ? "\n" : ",\n") + "    \"\(w.code)\" : {")
            try w.groups.write(to: &out)
            out.append("\n    }")
        }
        out.append(workshops.isEmpty ? "}" : "\n  }")
        for key in extra.keys.sorted() {
            let value = try JSONSerialization.data(withJSONObject: extra[key]!, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            out.append(",\n  \"\(key)\" : ")
            var indented: [UInt8] = []
            for byte in value {
                indented.append(byte)
                if byte == 0x0A { indented += [0x20, 0x20] }
            }
            out.append(contentsOf: indented)
        }
        out.append("\n}\n")
    }

    /// A workshop's own report's `buckets`, `snapshot` and `totals` as `by_workshop` holds
    /// them: cut from its text as the encoder writes it (not parsed and written again), each
    /// group's lines six spaces further in. The cut is made before the long id lists (a
    /// workshop's run to a hundred thousand ids) are written in, three levels deeper.
    static func groups(of own: ThroughputReport) -> [UInt8] {
        let marked = ReportJSON.Marked(own)
        var out = ByteStream()
        for (i, g) in members(["buckets", "snapshot", "totals"], of: marked.text, indent: 6).enumerated() {
            out.append((i == 0 ? "\n" : ",\n") + "      \"\(g.key)\" : ")
            marked.fill(g.value, deeper: 3, into: &out)
        }
        return out.buffer
    }

    /// The members `keys` of the top level of a JSON object pretty-printed as `ReportJSON`
    /// writes it (a member per line at two spaces, deeper lines indented further, no line
    /// break inside a string), in the order written; each value's text with its lines after
    /// the first indented by `indent` more spaces. A key not at the top level is not found.
    static func members(_ keys: Set<String>, of text: [UInt8], indent: Int) -> [(key: String, value: [UInt8])] {
        var found: [(key: String, value: [UInt8])] = []
        var current: (key: String, value: [UInt8])?
        func close() {
            guard var member = current else { return }
            if member.value.last == UInt8(ascii: ",") { member.value.removeLast() }
            found.append(member)
            current = nil
        }
        let pad = [UInt8](repeating: 0x20, count: indent)
        var start = 0
        while start <= text.count {
            let end = text[start...].firstIndex(of: 0x0A) ?? text.count
            let line = text[start..<end]
            defer { start = end + 1 }
            if line.starts(with: Self.memberStart), let quote = line.dropFirst(3).firstIndex(of: UInt8(ascii: "\"")) {
                close()
                let key = String(decoding: text[(start + 3)..<quote], as: UTF8.self)
                let rest = text[(quote + 1)..<end]
                if keys.contains(key), rest.starts(with: Self.memberColon) { current = (key, Array(rest.dropFirst(3))) }
            } else if line.first == UInt8(ascii: "}") {
                close()
            } else if current != nil {
                current!.value.append(0x0A)
                if !line.isEmpty { current!.value += pad }
                current!.value += line
            }
        }
        close()
        return found
    }

    static let memberStart = Array("  \"".utf8)
    static let memberColon = Array(" : ".utf8)

    /// Folds workshops in, one at a time, so only one workshop's replay need exist at once.
    public struct Assembly {
        let period: ReportPeriod
        let goal: ForecastGoal?
        let now: Timestamp
        var fold: NationalFold
        var supplies: [(code: String, builder: SupplyBuilder, report: SupplyReport)] = []
        var currencies: Set<String> = []
        var workshops: [Workshop] = []

        public init(period: ReportPeriod, goal: ForecastGoal?, now: Timestamp) {
            self.period = period
            self.goal = goal
            self.now = now
            fold = NationalFold(period: period, goal: goal, now: now)
        }

        /// One workshop's report over its replayed log, made apart from the others (in
        /// parallel), then folded in with `add`.
        public struct Part: Sendable {
            var share: ReportBuilder.Share
            var supply: (builder: SupplyBuilder, report: SupplyReport)
            var currency: String
            var workshop: Workshop
            public var code: String { workshop.code }
        }

        /// The workshop's report over the log `replay` holds: from the replay's summary tables
        /// when they answer the period in its calendar (the workshop keeps the national report's
        /// time zone), else from one pass over the log; `summaries: false` always makes the pass.
        /// `groupsIn`: a file for its part of `by_workshop` (else kept in memory).
        public static func part(_ status: HQStore.OriginStatus, replay: HangarStore, refused: Int, period: ReportPeriod, goal: ForecastGoal?,
                                now: Timestamp, summaries: Bool = true, groupsIn file: URL? = nil) throws -> Part {
            let share: ReportBuilder.Share
            let supply: (builder: SupplyBuilder, report: SupplyReport)
            let workshop = try replay.workshop()
            var fromSummaries = false
            if summaries, LocalDays(zone: workshop.timezone).sameDays(as: period.local) {
                let summary = try replay.summaryAtAnyEnd(from: period.from, to: period.to, days: period.local)
                share = ReportBuilder.share(summary, period: period, goal: goal, now: now)
                supply = try ReportSource.supplyPass(replay, summary: summary, period: period, now: now)
                fromSummaries = true
            } else {
                let passes = try ReportSource.passes(replay, period: period, goal: goal, now: now)
                share = passes.builder.share()
                supply = passes.supply
            }
            var own = share.report
            own.supply = supply.report
            own.takenAt = min(now, period.instant(period.to))
            let airframes = try replay.airframeCountsByModel()
            let models = try replay.models().map { model in
                ModelUse(name: model.name, checklistVersion: model.checklistVersion, bomVersion: try replay.bom(model.name)?.version,
                         airframes: airframes[model.name] ?? 0)
            }
            return Part(share: share, supply: supply, currency: workshop.currency ?? "",
                        workshop: Workshop(status: status, refusedOnReplay: refused, totals: own.totals,
                                           groups: try Groups.keep(NationalReport.groups(of: own), in: file),
                                           models: models, fromSummaries: fromSummaries))
        }

        /// Adds a workshop whose log `replay` holds (workshops come in code order).
        public mutating func add(_ status: HQStore.OriginStatus, replay: HangarStore, refused: Int) throws {
            add(try Self.part(status, replay: replay, refused: refused, period: period, goal: goal, now: now))
        }

        /// Folds a workshop's passes in (workshops come in code order).
        public mutating func add(_ part: Part) {
            fold.add(part.workshop.code, part.share)
            supplies.append((part.workshop.code, part.supply.builder, part.supply.report))
            currencies.insert(part.currency)
            workshops.append(part.workshop)
        }

        /// The national report. Its fold and its supply group are independent and each takes a
        /// national store tens of milliseconds (percentiles over every workshop's times, every
        /// workshop's stays): made at once, on two cores.
        public func finish(differing: Set<String>) -> NationalReport {
            let (fold, supplies, agree) = (fold, supplies, currencies.count <= 1)
            var (national, supply) = BothAtOnce.run({ fold.finish() }, { SupplyBuilder.national(supplies, currenciesAgree: agree) })
            national.takenAt = min(now, period.instant(period.to))
            national.supply = supply
            return NationalReport(report: national, workshops: workshops, differing: differing)
        }
    }

    /// Models two workshops define differently (what `standards` calls not uniform).
    public static func differingModels(_ conflicts: HQStore.Conflicts) -> Set<String> {
        differingModels(conflicts.definitionConflicts)
    }

    public static func differingModels(_ definitionConflicts: [HQStore.DefinitionConflict]) -> Set<String> {
        Set(definitionConflicts.filter { $0.what != "part" }.map(\.model))
    }

    /// Hands what the workshops just made freed back to the system: each was made on a thread
    /// of its own, and the C allocator otherwise keeps each thread's freed megabytes for it,
    /// so the report's footprint grew with every workshop (a store of two national-size
    /// workshops: 189 MiB at its peak without this, 169 MiB with it).
    static func giveBackFreedMemory() {
        _ = hangar_return_freed_memory()
    }

    /// A log of more lines than this is replayed with no other replay made beside it: each
    /// import held 60–80 MB at a million lines, measured (DESIGN §9: 256 MiB for the whole
    /// report).
    static let replayAloneLines = 400_000

    /// The workshops in groups made at once: up to `parallel` each, and among the replays to
    /// make (`toReplay`), one of a long log has none beside it. In code order.
    static func windows(_ statuses: [HQStore.OriginStatus], parallel: Int,
                        toReplay: (HQStore.OriginStatus) -> Bool) -> [[HQStore.OriginStatus]] {
        var windows: [[HQStore.OriginStatus]] = [], current: [HQStore.OriginStatus] = []
        var replays = 0, long = false
        for status in statuses {
            let replay = toReplay(status), isLong = replay && status.events > replayAloneLines
            if current.count >= max(1, parallel) || (replay && replays > 0 && (isLong || long)) {
                windows.append(current)
                current = []
                replays = 0
                long = false
            }
            current.append(status)
            if replay { replays += 1 }
            long = long || isLong
        }
        if !current.isEmpty { windows.append(current) }
        return windows
    }

    /// A workshop's part made from its replay (then removed, unless kept), its groups kept in
    /// a file of `folder`.
    static func part(_ status: HQStore.OriginStatus, of replay: WorkshopReplay, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp,
                     summaries: Bool, folder: URL) throws -> Assembly.Part {
        defer { replay.remove() }
        replay.store.usePageCache(kib: partPageCacheKiB)
        return try Assembly.part(status, replay: replay.store, refused: replay.refused, period: period, goal: goal, now: now,
                                 summaries: summaries, groupsIn: folder.appendingPathComponent("\(status.workshop).groups.json"))
    }

    /// The page cache each workshop's replay is read with while its part is made (two or more
    /// at once): its summaries are read once, in order.
    static let partPageCacheKiB = 4096

    /// The national report over every workshop the store holds, each replayed in a file of
    /// its own in `folder` and removed once folded in (its part of `by_workshop` is kept
    /// there until the report is written: `folder` must outlast the writing); `parallel` workshops at a time (one per
    /// core by default). `refusals` hears of a workshop whose log its own rules refused in
    /// part: its code, the lines refused, and all its lines.
    ///
    /// With a `cache`, a workshop whose lines are unchanged since its kept replay is not
    /// replayed again, and the replays made are kept. `summaries: false` makes every
    /// workshop's report by a pass over its log (tests compare the two ways).
    public static func build(
        from store: HQStore, period: ReportPeriod, goal: ForecastGoal?, now: Timestamp, in folder: URL, cache: ReplayCache? = nil, summaries: Bool = true,
        parallel: Int = ProcessInfo.processInfo.activeProcessorCount, refusals: (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws -> NationalReport {
        var assembly = Assembly(period: period, goal: goal, now: now)
        // The tokens are read before any line: lines merged in between make a replay newer
        // than its token says, never older (it is made again next time).
        let states = cache == nil ? [:] : try await store.states()
        // The status and the list walk every workshop's chain: kept too, by the same rule.
        let listingState = cache == nil ? nil : try await store.listingState()
        let definitionConflicts: [HQStore.DefinitionConflict], statuses: [HQStore.OriginStatus]
        if let kept = cache?.keptListing(listingState) {
            (statuses, definitionConflicts) = kept
        } else {
            let conflicts = try await store.conflicts()
            statuses = try await store.status(given: conflicts)
            definitionConflicts = conflicts.definitionConflicts
            cache?.keep(statuses: statuses, conflicts: conflicts, at: listingState)
        }
        cache?.prune(keeping: Set(statuses.map(\.workshop)))
        // With a cache, every replay to make is made first and kept, before any workshop's
        // part: the parts are then made from kept replays, as a later report makes them. So no
        // replay's import (60-80 MB at a million lines) runs beside what the fold already
        // holds of the workshops before it: a national first report peaked at 254 MiB with
        // the two interleaved, its last replay beside nine workshops' lists. With nothing else
        // held, `parallel` replays run at once, long logs too: the national first report
        // took 702 s and peaked at 191 MiB with two at once (1,229 s and 198 MiB one long log
        // at a time).
        if let cache {
            let toReplay = statuses.filter { states[$0.workshop] != nil && !cache.holds($0.workshop, state: states[$0.workshop]) }
            // `parallel` at a time, long logs too (not `windows`, which keeps a long one alone).
            let batch = max(1, parallel)
            for start in stride(from: 0, to: toReplay.count, by: batch) {
                let window = toReplay[start..<min(toReplay.count, start + batch)]
                var logs: [ReplayCache.Lines] = []
                for status in window {
                    logs.append(try await cache.lines(of: status.workshop, state: states[status.workshop], from: store, scratch: folder))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for item in logs {
                        group.addTask { _ = try await cache.replay(item, state: states[item.code], from: store, scratch: folder) }
                    }
                    try await group.waitForAll()
                }
                Self.giveBackFreedMemory()
            }
        }
        enum Source: Sendable {
            case kept(WorkshopReplay)
            case log(URL, lines: Int)
            case lines(ReplayCache.Lines, through: ReplayCache)
        }
        // Every replay kept (the usual case with a cache, after the replays above): up to
        // `parallel` workshops' parts at once, the next begun as soon as one ends, each folded
        // in code order once those before it are (windows of two waited for the slower of
        // each pair, then folded while nothing else ran).
        if let cache, statuses.allSatisfy({ cache.holds($0.workshop, state: states[$0.workshop]) }) {
            try await withThrowingTaskGroup(of: (Int, Assembly.Part, Int, Int).self) { group in
                var begun = 0, folded = 0
                var done: [Int: (part: Assembly.Part, refused: Int, lines: Int)] = [:]
                func begin() {
                    let n = begun, status = statuses[n]
                    begun += 1
                    group.addTask {
                        let code = status.workshop
                        let replay: WorkshopReplay
                        if let kept = cache.kept(code, state: states[code]) {
                            replay = kept
                        } else {
                            // Gone since it was made (another report dropped it): made again.
                            let lines = try await cache.lines(of: code, state: states[code], from: store, scratch: folder)
                            replay = try await cache.replay(lines, state: states[code], from: store, scratch: folder)
                        }
                        let part = try Self.part(status, of: replay, period: period, goal: goal, now: now, summaries: summaries, folder: folder)
                        return (n, part, replay.refused, replay.lines)
                    }
                }
                while begun < min(max(1, parallel), statuses.count) { begin() }
                while let (n, part, refused, lines) = try await group.next() {
                    done[n] = (part, refused, lines)
                    if begun < statuses.count { begin() }
                    while let next = done.removeValue(forKey: folded) {
                        if next.refused > 0 { refusals(next.part.workshop.code, next.refused, next.lines) }
                        assembly.add(next.part)
                        folded += 1
                        Self.giveBackFreedMemory()
                    }
                }
            }
            return assembly.finish(differing: differingModels(definitionConflicts))
        }
        let windows = Self.windows(statuses, parallel: parallel) { status in
            cache?.holds(status.workshop, state: states[status.workshop]) != true
        }
        for window in windows {
            var logs: [(status: HQStore.OriginStatus, source: Source)] = []
            for status in window {
                let code = status.workshop
                if let kept = cache?.kept(code, state: states[code]) {
                    logs.append((status, .kept(kept)))
                    continue
                }
                if let cache {
                    logs.append((status, .lines(try await cache.lines(of: code, state: states[code], from: store, scratch: folder), through: cache)))
                    continue
                }
                let log = folder.appendingPathComponent("\(code).ndjson")
                logs.append((status, .log(log, lines: try await store.write(linesOf: code, to: log))))
            }
            let parts = try await withThrowingTaskGroup(of: (Int, Assembly.Part, Int, Int).self) { group in
                for (n, item) in logs.enumerated() {
                    group.addTask {
                        let code = item.status.workshop
                        let replay: WorkshopReplay
                        switch item.source {
                        case let .kept(kept): replay = kept
                        case let .log(log, lines):
                            replay = try WorkshopReplay.replay(log: log, code: code, lines: lines,
                                                               path: folder.appendingPathComponent("\(code).sqlite").path)
                        case let .lines(lines, cache):
                            replay = try await cache.replay(lines, state: states[code], from: store, scratch: folder)
                        }
                        let part = try Self.part(item.status, of: replay, period: period, goal: goal, now: now, summaries: summaries, folder: folder)
                        return (n, part, replay.refused, replay.lines)
                    }
                }
                var done: [(Int, Assembly.Part, Int, Int)] = []
                for try await result in group { done.append(result) }
                return done.sorted { $0.0 < $1.0 }
            }
            for (_, part, refused, lines) in parts {
                if refused > 0 { refusals(part.workshop.code, refused, lines) }
                assembly.add(part)
            }
            Self.giveBackFreedMemory()
        }
        return assembly.finish(differing: differingModels(definitionConflicts))
    }
}

/// One workshop's log at headquarters replayed into a database of its own, as its own
/// import would take it; when its rules refuse the log whole (a gap, a copy held out), line
/// by line applying the transitions without role or from-state checks (DESIGN §14),
/// counting the lines still refused (an airframe whose registration lies in a gap).
public struct WorkshopReplay: Sendable {
    public let code: String
    public let store: HangarStore
    public let path: String
    public let refused: Int
    public let lines: Int
    /// Kept in a `ReplayCache` for later reports: `remove` leaves it.
    public var kept = false
    /// Replayed line by line without role or from-state checks (its own import refused it).
    public var lenient = false

    /// Replays `code`'s lines in a file of `folder`; a workshop with no line is `notFound`.
    public static func make(_ code: String, from hq: HQStore, in folder: URL) async throws -> WorkshopReplay {
        let log = folder.appendingPathComponent("\(code).ndjson")
        let lines = try await hq.write(linesOf: code, to: log)
        guard lines > 0 else {
            try? FileManager.default.removeItem(at: log)
            throw HangarError.notFound(what: "workshop", name: code)
        }
        return try replay(log: log, code: code, lines: lines, path: folder.appendingPathComponent("\(code).sqlite").path)
    }

    /// Replays the `lines` lines of `log` (then removed) into a new database at `path` (an
    /// empty one for a workshop whose every line is held out as a copy).
    public static func replay(log: URL, code: String, lines: Int, path: String) throws -> WorkshopReplay {
        defer { try? FileManager.default.removeItem(at: log) }
        do {
            let store = try HangarStore(path: path, create: true)
            _ = try store.importEvents(from: try FileHandle(forReadingFrom: log), pageCacheKiB: HangarStore.replayPageCacheKiB)
            return WorkshopReplay(code: code, store: store, path: path, refused: 0, lines: lines)
        } catch is HangarError {
            removeFiles(path)
            let store = try HangarStore(path: path, create: true)
            let summary = try store.replayEvents(from: try FileHandle(forReadingFrom: log), pageCacheKiB: HangarStore.replayPageCacheKiB)
            return WorkshopReplay(code: code, store: store, path: path, refused: summary.refused, lines: lines, lenient: true)
        }
    }

    /// Deletes the replay's database, unless it is kept.
    public func remove() {
        guard !kept else { return }
        Self.removeFiles(path)
    }

    static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
