import Foundation
import HangarAccess
import HangarCore
import HangarReport
import HangarStore
import NIOPosix

/// What the headquarters server needs (DESIGN §12, §14): the HQ store, its own accounts
/// (commanders only), a clock, and the national reports already built.
public struct HQServerEnvironment: Sendable {
    public let hq: HQStore
    public var clock: @Sendable () -> Timestamp
    public var idleTimeout: Int64
    public var absoluteTimeout: Int64
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    public var failureWindow: Int64
    public var secureCookies: Bool
    /// How long a page waits for the replay of a merge before it shows the picture before
    /// that merge, marked as such.
    public var replayPatience: Duration = .seconds(5)
    public let metrics: ServerMetrics
    let accounts: HQAccounts
    let reports: NationalCache
    let decoyHash: String

    /// `folder`: where each workshop's log is replayed (a directory the server may fill and empty).
    /// `cache`: `hq report`'s kept replays, copied in instead of replaying when still current.
    public init(
        hq: HQStore, folder: URL, cache: ReplayCache? = nil, clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }, bcryptCost: UInt8 = 12,
        idleTimeout: Int64 = 30 * 60_000, absoluteTimeout: Int64 = 12 * 3_600_000, maxFailuresPerAccount: Int = 5,
        maxFailuresPerAddress: Int = 20, failureWindow: Int64 = 15 * 60_000, secureCookies: Bool = false
    ) {
        self.hq = hq
        self.clock = clock
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.failureWindow = failureWindow
        self.secureCookies = secureCookies
        self.metrics = ServerMetrics()
        self.accounts = HQAccounts(store: hq)
        self.reports = NationalCache(hq: hq, folder: folder, cache: cache, metrics: metrics)
        self.decoyHash = (try? Credentials.hashPassword(Credentials.randomHex(bytes: 16), cost: bcryptCost)) ?? ""
    }

    var signIn: SignInSettings {
        SignInSettings(accounts: accounts, clock: clock, idleTimeout: idleTimeout, absoluteTimeout: absoluteTimeout,
                       maxFailuresPerAccount: maxFailuresPerAccount, maxFailuresPerAddress: maxFailuresPerAddress, failureWindow: failureWindow,
                       secureCookies: secureCookies, decoyHash: decoyHash, cookies: ("hangar_hq_session", "hangar_hq_signin"))
    }

    /// Replays what each merge brings as soon as it lands (the store is asked every
    /// `interval` whether one did: one row read), so that commanders' pages show it without
    /// anyone asking first. Runs until its task is cancelled.
    public func keepReplaysCurrent(every interval: Duration) async {
        while !Task.isCancelled {
            _ = try? await reports.replays()
            try? await Task.sleep(for: interval)
        }
    }
}

/// Blocking work (SQLite, building a report) off the event loop: on `NIOThreadPool.singleton`
/// (where sign-in's bcrypt runs too), or on `pool`.
func offLoop<T: Sendable>(on pool: NIOThreadPool = .singleton, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await pool.runIfActive(body)
}

/// Where workshops' logs are replayed and the national passes made: threads of their own,
/// one fewer than the cores (at least one), so that a long replay after a merge never holds
/// up a commander's sign-in or a page read from what is already made.
let replayThreads: NIOThreadPool = {
    let pool = NIOThreadPool(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount - 1))
    pool.start()
    return pool
}()

/// Every workshop's log replayed once per state of the HQ store (a merge makes a new state),
/// and the national reports made from them, by period. Requests that come while a replay or
/// a report is being made wait for that one instead of starting their own. After a merge, a
/// workshop whose lines are unchanged (its state token at headquarters, `HQStore.states`)
/// keeps the replay it had; only the workshops merged into are replayed again.
actor NationalCache {
    /// One workshop's replay, its database removed when the last state that uses it is gone.
    final class Kept: Sendable {
        let replay: WorkshopReplay
        /// The workshop's state token when its lines were read (nil: none, replayed each time).
        let state: String?

        init(_ replay: WorkshopReplay, state: String?) {
            self.replay = replay
            self.state = state
        }

        deinit { replay.remove() }
    }

    /// The workshops replayed at one state of the store. Each replay goes with the last
    /// request or state that still reads it, never under one.
    final class Replays: Sendable {
        let version: Int64
        let statuses: [HQStore.OriginStatus]
        let byCode: [String: Kept]
        let differing: Set<String>

        init(version: Int64, statuses: [HQStore.OriginStatus], byCode: [String: Kept], differing: Set<String>) {
            self.version = version
            self.statuses = statuses
            self.byCode = byCode
            self.differing = differing
        }
    }

    struct Key: Hashable {
        var version: Int64
        var from: Int64
        var to: Int64
        var every: String
        var goal: ForecastGoal?
    }

    let hq: HQStore
    let folder: URL
    private var listed: (version: String, task: Task<Listing, any Error>)?
    private var current: (version: Int64, task: Task<Replays, any Error>)?
    /// Whether `current` is still being made: one replay at a time.
    private var replaying = false
    /// When the last replay started.
    private var startedAt = ContinuousClock.now
    /// The newest replays made: what pages show while a newer state is being replayed.
    private var ready: Replays?
    /// The last replay that failed, until another is started.
    private var failed: (version: Int64, error: any Error)?
    /// Awaited at the start of every replay (tests only).
    private var gate: (@Sendable () async -> Void)?
    private var reports: [Key: Task<NationalReport, any Error>] = [:]
    private var recent: [Key] = []
    let capacity = 8

    let metrics: ServerMetrics?
    let cache: ReplayCache?

    init(hq: HQStore, folder: URL, cache: ReplayCache? = nil, metrics: ServerMetrics? = nil) {
        self.hq = hq
        self.folder = folder
        self.cache = cache
        self.metrics = metrics
    }

    /// Each workshop's status and what merging listed for review: worked out once per state
    /// of the store (they walk every workshop's chain), not once per page.
    struct Listing: Sendable {
        var statuses: [HQStore.OriginStatus]
        var conflicts: HQStore.Conflicts
    }

    func listing() async throws -> Listing {
        let version = try await hq.versions().listed
        if let listed, listed.version == version { return try await listed.task.value }
        let hq = self.hq
        let task = Task { () throws -> Listing in
            let conflicts = try await hq.conflicts()
            return Listing(statuses: try await hq.status(given: conflicts), conflicts: conflicts)
        }
        listed = (version, task)
        do {
            return try await task.value
        } catch {
            if listed?.version == version { listed = nil }
            throw error
        }
    }

    /// The replays of the store as it is now. One replay runs at a time: a request that
    /// comes while one is being made waits for it, even when a merge has landed since (the
    /// first request after it starts the newer one); a state is never replaced by an older one.
    func replays() async throws -> Replays {
        let (version, task) = start(try await hq.version())
        let result = await task.result
        finish(version, result)
        return try result.get()
    }

    /// What a page shows: the replays of the store as it is now when they are made within
    /// `patience` of the replay's start; else the last ones made (`behind`), while the newer
    /// ones are made for the pages after it (a week's merge replays for minutes at the national scale, and a
    /// commander's page must not wait for it). Nil when no replay was ever made yet and the
    /// first is still being made.
    func picture(patience: Duration) async throws -> (replays: Replays, behind: Bool)? {
        let version = try await hq.version()
        let started = start(version)
        // Patience counts from the replay's start: the pages that come while it has been
        // running longer get the last picture at once.
        let deadline = startedAt.advanced(by: patience)
        while true {
            if let ready, ready.version >= version { return (ready, false) }
            if let failed, failed.version == started.version {
                // The replay failed: the last one made, else the failure.
                if let ready { return (ready, true) }
                throw failed.error
            }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return ready.map { ($0, true) }
    }

    /// Lets a test hold every replay at its start.
    func hold(with gate: (@Sendable () async -> Void)?) { self.gate = gate }

    /// The replay of the store at `version`: the one being made (even of an older state), the
    /// one made at that version, or a new one started from the last made (the workshops whose
    /// lines are unchanged keep their replays). It ends in `finish` whether anyone waits for it or not.
    private func start(_ version: Int64) -> (version: Int64, task: Task<Replays, any Error>) {
        if let current, current.version == version || replaying || version < current.version { return current }
        let (hq, folder, metrics, cache, gate) = (self.hq, self.folder, self.metrics, self.cache, self.gate)
        let previous = ready
        let task = Task { () throws -> Replays in
            await gate?()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var byCode: [String: Kept] = [:]
            // The tokens are read before any line: lines merged in between make a replay
            // newer than its token says, never older (it is made again at the next state).
            let states = try await hq.states()
            let listing = try await self.listing()
            // Each workshop's lines are read from the store one after another, and
            // replayed side by side (the replays are independent).
            try await withThrowingTaskGroup(of: Kept.self) { group in
                for status in listing.statuses {
                    let code = status.workshop, state = states[code]
                    if let kept = previous?.byCode[code], let state, kept.state == state {
                        byCode[code] = kept
                        metrics?.replayed(reused: true)
                        continue
                    }
                    let name = "\(code)-\(UUID().uuidString)"
                    // What `hq report` kept at this token is copied in, not replayed again.
                    if let cache, let state,
                       let copied = try? await cache.exclusively({ cache.copy(code, state: state, to: folder.appendingPathComponent("\(name).sqlite").path) }) {
                        byCode[code] = Kept(copied, state: state)
                        metrics?.replayed(reused: true)
                        continue
                    }
                    metrics?.replayed(reused: false)
                    if let cache, let state {
                        // Through `hq report`'s cache: its kept replay takes only the lines
                        // merged since (or the workshop is replayed whole into it), and is
                        // copied here; a later `hq report` finds it current too.
                        let target = folder.appendingPathComponent("\(name).sqlite").path
                        group.addTask {
                            try await cache.exclusively {
                                let lines = try await cache.lines(of: code, state: state, from: hq, scratch: folder)
                                let taken = try await offLoop(on: replayThreads) { try cache.replay(lines, state: state, scratch: folder) != nil }
                                if !taken {
                                    // The kept replay would not take the new lines: the whole log.
                                    let whole = try await cache.whole(code, from: hq, scratch: folder)
                                    _ = try await offLoop(on: replayThreads) { try cache.replay(whole, state: state, scratch: folder) }
                                }
                                return try await offLoop(on: replayThreads) {
                                    guard let copied = cache.copy(code, state: state, to: target) else {
                                        throw HangarError.storage("the replay of \(code) could not be copied to \(target)")
                                    }
                                    return Kept(copied, state: state)
                                }
                            }
                        }
                        continue
                    }
                    let log = folder.appendingPathComponent("\(name).ndjson")
                    let lines = try await hq.write(linesOf: code, to: log)
                    group.addTask {
                        try await offLoop(on: replayThreads) {
                            Kept(try WorkshopReplay.replay(log: log, code: code, lines: lines, path: folder.appendingPathComponent("\(name).sqlite").path),
                                 state: state)
                        }
                    }
                }
                for try await kept in group { byCode[kept.replay.code] = kept }
            }
            return Replays(version: version, statuses: listing.statuses, byCode: byCode, differing: NationalReport.differingModels(listing.conflicts))
        }
        current = (version, task)
        replaying = true
        startedAt = .now
        failed = nil
        Task { self.finish(version, await task.result) }
        return (version, task)
    }

    /// A replay of `version` has ended: made, it is what pages show from now on (the reports
    /// of older states go); failed, the next request starts again.
    private func finish(_ version: Int64, _ result: Result<Replays, any Error>) {
        guard let current, current.version == version, replaying else { return }
        replaying = false
        switch result {
        case .success(let made):
            if (ready?.version ?? .min) < version { ready = made }
            for key in reports.keys where key.version < version { reports[key] = nil }
            recent.removeAll { $0.version < version }
        case .failure(let error):
            self.current = nil
            failed = (version, error)
        }
    }

    /// The national report over `period`, made once per state of the store: over `replays`
    /// (a page's picture), else over the store as it is now.
    func national(period: ReportPeriod, goal: ForecastGoal?, now: Timestamp, over chosen: Replays? = nil) async throws -> NationalReport {
        let replays: Replays
        if let chosen { replays = chosen } else { replays = try await self.replays() }
        let key = Key(version: replays.version, from: period.from.index, to: period.to.index, every: period.every.rawValue, goal: goal)
        if let task = reports[key] {
            touch(key)
            return try await task.value
        }
        let task = Task { () throws -> NationalReport in
            // Each workshop's passes side by side, folded in code order.
            var parts: [String: NationalReport.Assembly.Part] = [:]
            try await withThrowingTaskGroup(of: NationalReport.Assembly.Part.self) { group in
                for status in replays.statuses {
                    guard let replay = replays.byCode[status.workshop]?.replay else { continue }
                    group.addTask {
                        try await offLoop(on: replayThreads) {
                            try NationalReport.Assembly.part(status, replay: replay.store, refused: replay.refused, period: period, goal: goal, now: now)
                        }
                    }
                }
                for try await part in group { parts[part.code] = part }
            }
            var assembly = NationalReport.Assembly(period: period, goal: goal, now: now)
            for status in replays.statuses { if let part = parts[status.workshop] { assembly.add(part) } }
            return assembly.finish(differing: replays.differing)
        }
        reports[key] = task
        touch(key)
        do {
            return try await task.value
        } catch {
            reports[key] = nil
            throw error
        }
    }

    private func touch(_ key: Key) {
        recent.removeAll { $0 == key }
        recent.append(key)
        while recent.count > capacity { reports[recent.removeFirst()] = nil }
    }

    /// Removes every replay (the server is stopping).
    func removeAll() {
        try? FileManager.default.removeItem(at: folder)
    }
}
