import Crypto
import Foundation
import HangarCore
import HangarStore

#if canImport(Glibc)
import Glibc
#endif

/// Each workshop's replay kept between national reports. The report judges every workshop by
/// its own log, replayed (DESIGN §14); replaying is an import of every line, so a replay is
/// kept and used again while the workshop's lines at headquarters are unchanged.
///
/// "Unchanged" is decided by the store, not guessed: every merge that adds a line or a copy
/// of a workshop writes a new random token for that workshop in the same transaction
/// (`HQStore.markStateSQL`). A kept replay is used only when it was made at the token the
/// store holds now, by this very program (a newer `hangar` replays again). A workshop with no
/// token (merged before tokens existed) is replayed each time, as before.
///
/// The folder holds every workshop's data: it is made readable by its owner only. One
/// process at a time uses it (`exclusively`); another `hq report` waits.
public struct ReplayCache: Sendable {
    public let folder: URL

    /// What a kept replay was made from.
    struct Made: Codable, Equatable {
        var state: String
        var build: String
        var lines: Int
        var refused: Int
        /// When it was made (ISO-8601, UTC, to the millisecond).
        var at: String
        /// The store it was made from (`HQStore.identity`).
        var store: String
        /// The highest sequence number of the lines it replays (`HQStore.held`: while the
        /// lines up to it and the copies held out are as many as then, the log still begins
        /// with what it replays).
        var lastSeq: Int64
        /// How many copies of the workshop's lines were held out when it was made.
        var copies: Int
        /// When lines that follow it were last imported into it (`replay` of a tail), if ever.
        var extendedAt: String?
        /// Whether it was replayed without role or from-state checks (never extended: the
        /// whole log is replayed so again).
        var lenient: Bool
    }

    public init(folder: URL) { self.folder = folder }

    /// The cache of the store at `location`: under `$HANGAR_HQ_CACHE` (a folder; `off` keeps
    /// none), else `$XDG_CACHE_HOME/hangar/hq`, else `~/.cache/hangar/hq`, a folder per store
    /// named from its location (a password in a URL left out). Nil when there is none or it
    /// cannot be made: every report then replays every workshop.
    public static func standard(for location: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ReplayCache? {
        guard let folder = folder(for: location, environment: environment) else { return nil }
        let base = folder.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // An existing folder keeps whatever mode it had: make it the owner's again.
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        } catch {
            return nil
        }
        // A folder this user cannot write to (its lock cannot be made) is no cache.
        let lock = open(folder.appendingPathComponent("lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { return nil }
        close(lock)
        return ReplayCache(folder: folder)
    }

    /// The cache of the store at `location` when this user has one already (`standard`);
    /// nil otherwise, and nothing is made.
    public static func existing(for location: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ReplayCache? {
        guard let folder = folder(for: location, environment: environment), FileManager.default.fileExists(atPath: folder.path) else { return nil }
        return standard(for: location, environment: environment)
    }

    /// Where `standard` keeps the store's cache; nil when it keeps none (`off`).
    static func folder(for location: String, environment: [String: String]) -> URL? {
        let base: URL
        if let chosen = environment["HANGAR_HQ_CACHE"], !chosen.isEmpty {
            if chosen == "off" { return nil }
            base = URL(fileURLWithPath: chosen)
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg).appendingPathComponent("hangar/hq")
        } else {
            base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/hangar/hq")
        }
        return base.appendingPathComponent(storeKey(location))
    }

    /// A folder name for a store: the SHA-256 of its location (a URL without its password,
    /// a file by its absolute path), shortened.
    static func storeKey(_ location: String) -> String {
        var key = location
        if let scheme = location.range(of: "://") {
            let rest = location[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" }
            if let at = authority.lastIndex(of: "@") {
                let user = authority[..<at].prefix { $0 != ":" }
                key = String(location[..<scheme.upperBound]) + user + String(rest[at...])
            }
        } else {
            key = URL(fileURLWithPath: location).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return Chain.hex(SHA256.hash(data: Data(key.utf8)).prefix(12))
    }

    /// Runs `body` while this process alone holds the cache (an advisory lock on its folder).
    public func exclusively<T>(_ body: () async throws -> T) async throws -> T {
        let path = folder.appendingPathComponent("lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HangarError.storage("cannot open \(path): the replay cache's folder is not writable") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw HangarError.storage("cannot lock \(path)") }
        }
        return try await body()
    }

    /// The program that makes replays: a replay made by another build is made again.
    static let build: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "unknown" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)"
    }()

    func path(_ code: String) -> String { folder.appendingPathComponent("\(code).sqlite").path }
    func madeURL(_ code: String) -> URL { folder.appendingPathComponent("\(code).json") }

    /// What `code`'s kept replay was made from, if it was made by this program.
    func made(_ code: String) -> Made? {
        guard let data = try? Data(contentsOf: madeURL(code)), let made = try? JSONDecoder().decode(Made.self, from: data),
              made.build == Self.build, FileManager.default.fileExists(atPath: path(code))
        else { return nil }
        return made
    }

    /// Whether `code`'s replay made at `state` by this program is kept (without opening it).
    public func holds(_ code: String, state: String?) -> Bool {
        guard let state, let made = made(code) else { return false }
        return made.state == state
    }

    /// `code`'s kept replay, when it was made at `state` by this program.
    public func kept(_ code: String, state: String?) -> WorkshopReplay? {
        guard let state, let made = made(code), made.state == state, let store = try? HangarStore(path: path(code), create: false) else { return nil }
        return WorkshopReplay(code: code, store: store, path: path(code), refused: made.refused, lines: made.lines, kept: true, lenient: made.lenient)
    }

    /// A copy at `path` of `code`'s kept replay, when it was made at `state` by this program
    /// (the server starts from what `hq report` kept); nil otherwise. Call it while holding
    /// the cache (`exclusively`): the copy is then of a closed, whole database.
    public func copy(_ code: String, state: String, to path: String) -> WorkshopReplay? {
        guard let made = made(code), made.state == state else { return nil }
        do {
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: self.path(code) + suffix) {
                try FileManager.default.copyItem(atPath: self.path(code) + suffix, toPath: path + suffix)
            }
            let store = try HangarStore(path: path, create: false)
            return WorkshopReplay(code: code, store: store, path: path, refused: made.refused, lines: made.lines, lenient: made.lenient)
        } catch {
            WorkshopReplay.removeFiles(path)
            return nil
        }
    }

    /// A workshop's lines written out for its replay: the whole log, or only the lines after
    /// those its kept replay holds, when its log still begins with them.
    public struct Lines: Sendable {
        public let code: String
        public let url: URL
        public let count: Int
        let store: String?
        let lastSeq: Int64?
        let copies: Int
        /// The kept replay these lines follow; nil for the whole log.
        let follows: Made?
    }

    /// `code`'s lines for its replay at `state`: only those after its kept replay's when the
    /// same store still holds, up to that replay's last line, the lines it replays and no
    /// other (nothing held out since, no line added before its last), else the whole log. The
    /// lines the kept replay holds are compared by counting them, not written out again.
    public func lines(of code: String, state: String?, from hq: HQStore, scratch: URL) async throws -> Lines {
        if state != nil, let made = made(code), let tail = try await tail(of: code, after: made, from: hq, scratch: scratch) { return tail }
        return try await whole(code, from: hq, scratch: scratch)
    }

    /// The lines of `code` after those of its kept replay (`made`), when its log still begins
    /// with them (`lines(of:state:from:scratch:)`); nil otherwise.
    func tail(of code: String, after made: Made, from hq: HQStore, scratch: URL) async throws -> Lines? {
        guard !made.lenient, made.refused == 0, made.lines > 0, let store = try await hq.identity(), store == made.store else { return nil }
        let tail = scratch.appendingPathComponent("\(code)-\(UUID().uuidString)-tail.ndjson")
        // Counted after the tail is written: a line added before the replay's last one in
        // between is counted, and the whole log replayed.
        let written = try await hq.write(linesOf: code, to: tail, after: made.lastSeq)
        let held = try await hq.held(linesOf: code, through: made.lastSeq)
        guard held.lines == made.lines, held.copies == made.copies else {
            try? FileManager.default.removeItem(at: tail)
            return nil
        }
        return Lines(code: code, url: tail, count: written.lines, store: store, lastSeq: written.lastSeq ?? made.lastSeq, copies: held.copies, follows: made)
    }

    /// Brings the kept replays of `codes` up to date where they only need the lines merged
    /// since (`tail(of:after:from:scratch:)`), `parallel` at a time: what `hq merge` does once
    /// its files have landed, so that the next report reads kept replays. A workshop without a
    /// kept replay, or one to be replayed whole, is left to the next report. Call it while
    /// holding the cache (`exclusively`). The workshops brought up to date, in code order.
    public func update(_ codes: Set<String>, from hq: HQStore, scratch: URL, parallel: Int) async throws -> [String] {
        let states = try await hq.states()
        var tails: [(lines: Lines, state: String)] = []
        for code in codes.sorted() {
            guard let state = states[code], let made = made(code), made.state != state,
                  let tail = try await tail(of: code, after: made, from: hq, scratch: scratch)
            else { continue }
            tails.append((tail, state))
        }
        var updated: [String] = []
        for start in stride(from: 0, to: tails.count, by: max(1, parallel)) {
            let window = tails[start..<min(tails.count, start + max(1, parallel))]
            try await withThrowingTaskGroup(of: String?.self) { group in
                for (lines, state) in window {
                    group.addTask { try self.replay(lines, state: state, scratch: scratch) == nil ? nil : lines.code }
                }
                for try await code in group { if let code { updated.append(code) } }
            }
        }
        return updated.sorted()
    }

    /// `code`'s whole log for its replay.
    public func whole(_ code: String, from hq: HQStore, scratch: URL) async throws -> Lines {
        let log = scratch.appendingPathComponent("\(code)-\(UUID().uuidString).ndjson")
        // Counted first: a copy held out while the log is written makes the count differ next
        // time (and the whole log is replayed again), never the other way round.
        let store = try await hq.identity()
        let copies = try await hq.copies(of: code)
        let written = try await hq.write(linesOf: code, to: log, after: nil)
        return Lines(code: code, url: log, count: written.lines, store: store, lastSeq: written.lastSeq, copies: copies, follows: nil)
    }

    /// Replays `lines` (their file then removed) for their workshop and keeps the replay as
    /// made at `state`; without a state, replays into `scratch` and keeps nothing. Lines that
    /// follow the kept replay are imported into it, as the workshop's own import takes a
    /// file: all or none. Nil when it would not take them: then the whole log is to be
    /// replayed (`replay(_:state:from:scratch:)` does so).
    public func replay(_ lines: Lines, state: String?, scratch: URL) throws -> WorkshopReplay? {
        let code = lines.code
        guard let state else {
            return try WorkshopReplay.replay(log: lines.url, code: code, lines: lines.count, path: scratch.appendingPathComponent("\(code).sqlite").path)
        }
        if let made = lines.follows {
            defer { try? FileManager.default.removeItem(at: lines.url) }
            guard let store = try? HangarStore(path: path(code), create: false) else { return nil }
            if lines.count > 0 {
                guard let handle = try? FileHandle(forReadingFrom: lines.url),
                      (try? store.importEvents(from: handle, pageCacheKiB: HangarStore.replayPageCacheKiB)) != nil
                else { return nil }
            }
            var now = made
            now.state = state
            now.lines = made.lines + lines.count
            now.lastSeq = lines.lastSeq ?? made.lastSeq
            now.copies = lines.copies
            now.extendedAt = Timestamp(Date()).description
            guard (try? JSONEncoder().encode(now).write(to: madeURL(code), options: .atomic)) != nil else { return nil }
            return WorkshopReplay(code: code, store: store, path: path(code), refused: 0, lines: now.lines, kept: true)
        }
        forget(code)
        var replay = try WorkshopReplay.replay(log: lines.url, code: code, lines: lines.count, path: path(code))
        // A store without its identity (no merge since it was made) keeps the replay for this
        // state only: a later merge replays it whole.
        let made = Made(state: state, build: Self.build, lines: replay.lines, refused: replay.refused, at: Timestamp(Date()).description,
                        store: lines.store ?? "", lastSeq: lines.lastSeq ?? 0, copies: lines.copies, lenient: replay.lenient)
        // Written last: a replay cut short leaves no record, and is made again next time.
        try JSONEncoder().encode(made).write(to: madeURL(code), options: .atomic)
        replay.kept = true
        return replay
    }

    /// Replays `lines` (`replay(_:state:scratch:)`), the whole log when the kept replay
    /// would not take them.
    public func replay(_ lines: Lines, state: String?, from hq: HQStore, scratch: URL) async throws -> WorkshopReplay {
        if let replay = try replay(lines, state: state, scratch: scratch) { return replay }
        let whole = try await whole(lines.code, from: hq, scratch: scratch)
        guard let replay = try replay(whole, state: state, scratch: scratch) else {
            throw HangarError.storage("the replay of \(lines.code) could not be made")
        }
        return replay
    }

    /// `code`'s replay from the store: the kept one when current, else made now.
    public func replay(_ code: String, from hq: HQStore, scratch: URL) async throws -> WorkshopReplay {
        let state = try await hq.states()[code]
        if let kept = kept(code, state: state) {
            guard kept.lines > 0 else { throw HangarError.notFound(what: "workshop", name: code) }
            return kept
        }
        let lines = try await lines(of: code, state: state, from: hq, scratch: scratch)
        guard lines.count > 0 || lines.follows != nil else {
            try? FileManager.default.removeItem(at: lines.url)
            throw HangarError.notFound(what: "workshop", name: code)
        }
        return try await replay(lines, state: state, from: hq, scratch: scratch)
    }

    /// What `listing.json` holds: the status and the definition conflicts at a listing
    /// state, what a national report reads of the list (the serial claims of a national
    /// store run to a hundred thousand: kept, they made every report read megabytes).
    struct Listing: Codable {
        var state: String
        var statuses: [HQStore.OriginStatus]
        var definitionConflicts: [HQStore.DefinitionConflict]
        enum CodingKeys: String, CodingKey { case state, statuses, definitionConflicts = "definition_conflicts" }
    }

    var listingURL: URL { folder.appendingPathComponent("listing.json") }

    /// The status and the definition conflicts worked out at `state` (`HQStore.listingState`), if kept.
    public func keptListing(_ state: String?) -> (statuses: [HQStore.OriginStatus], definitionConflicts: [HQStore.DefinitionConflict])? {
        guard let state, let data = try? Data(contentsOf: listingURL), let listing = try? JSONDecoder().decode(Listing.self, from: data),
              listing.state == state
        else { return nil }
        return (listing.statuses, listing.definitionConflicts)
    }

    /// Keeps the status and the definition conflicts worked out at `state` (none kept without one).
    public func keep(statuses: [HQStore.OriginStatus], conflicts: HQStore.Conflicts, at state: String?) {
        guard let state else { return }
        let listing = Listing(state: state, statuses: statuses, definitionConflicts: conflicts.definitionConflicts)
        try? JSONEncoder().encode(listing).write(to: listingURL, options: .atomic)
    }

    /// Drops the kept replays of workshops the store no longer holds (another store made
    /// in the same place).
    public func prune(keeping codes: Set<String>) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files where file.hasSuffix(".json") && file != "listing.json" {
            let code = String(file.dropLast(".json".count))
            if !codes.contains(code) { forget(code) }
        }
    }

    /// Drops `code`'s kept replay.
    func forget(_ code: String) {
        try? FileManager.default.removeItem(at: madeURL(code))
        WorkshopReplay.removeFiles(path(code))
    }
}
