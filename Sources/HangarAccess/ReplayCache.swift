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
        /// The SHA-256 (hex) of the log it replays, as written (a line each, in sequence order).
        var digest: String
        /// When lines were last added to it (`extend`), if ever.
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
        let base: URL
        if let chosen = environment["HANGAR_HQ_CACHE"], !chosen.isEmpty {
            if chosen == "off" { return nil }
            base = URL(fileURLWithPath: chosen)
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg).appendingPathComponent("hangar/hq")
        } else {
            base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/hangar/hq")
        }
        let folder = base.appendingPathComponent(storeKey(location))
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

    /// Replays the `lines` lines of `log` (then removed) for `code` and keeps the replay as
    /// made at `state`; without a state, replays into `scratch` and keeps nothing. When the
    /// log only adds lines after those of the kept replay, the kept replay takes them
    /// (`extend`) instead of everything being replayed.
    public func replay(_ code: String, state: String?, log: URL, lines: Int, scratch: URL) throws -> WorkshopReplay {
        guard let state else {
            return try WorkshopReplay.replay(log: log, code: code, lines: lines, path: scratch.appendingPathComponent("\(code).sqlite").path)
        }
        if let extended = extend(code, state: state, log: log, lines: lines) { return extended }
        forget(code)
        let digest = try Self.digest(of: log).whole
        var replay = try WorkshopReplay.replay(log: log, code: code, lines: lines, path: path(code))
        let made = Made(state: state, build: Self.build, lines: replay.lines, refused: replay.refused, at: Timestamp(Date()).description,
                        digest: digest, lenient: replay.lenient)
        // Written last: a replay cut short leaves no record, and is made again next time.
        try JSONEncoder().encode(made).write(to: madeURL(code), options: .atomic)
        replay.kept = true
        return replay
    }

    /// The kept replay of `code` with the lines of `log` after its own imported, when `log`
    /// begins with exactly the lines it replays (nothing held out since, no gap filled
    /// before its last line) and its own import took them; nil otherwise (then
    /// everything is replayed). The new lines are imported as the workshop's own import
    /// takes a file: all or none.
    func extend(_ code: String, state: String, log: URL, lines: Int) -> WorkshopReplay? {
        guard let made = made(code), !made.lenient, made.refused == 0, made.lines > 0, lines >= made.lines else { return nil }
        let tail = log.deletingLastPathComponent().appendingPathComponent("\(code)-\(UUID().uuidString)-tail.ndjson")
        defer { try? FileManager.default.removeItem(at: tail) }
        guard let digests = try? Self.digest(of: log, prefixLines: made.lines, tail: tail), digests.prefix == made.digest,
              let store = try? HangarStore(path: path(code), create: false)
        else { return nil }
        if lines > made.lines {
            guard let handle = try? FileHandle(forReadingFrom: tail), (try? store.importEvents(from: handle, pageCacheKiB: HangarStore.replayPageCacheKiB)) != nil else { return nil }
        }
        var now = made
        now.state = state
        now.lines = lines
        now.digest = digests.whole
        now.extendedAt = Timestamp(Date()).description
        guard (try? JSONEncoder().encode(now).write(to: madeURL(code), options: .atomic)) != nil else { return nil }
        try? FileManager.default.removeItem(at: log)
        return WorkshopReplay(code: code, store: store, path: path(code), refused: 0, lines: lines, kept: true)
    }

    /// The SHA-256 (hex) of a file, and of its first `prefixLines` lines; the lines after
    /// those are copied to `tail`. Read a megabyte at a time.
    static func digest(of url: URL, prefixLines: Int? = nil, tail: URL? = nil) throws -> (prefix: String?, whole: String) {
        let input = try FileHandle(forReadingFrom: url)
        defer { try? input.close() }
        var output: FileHandle?
        if let tail {
            guard FileManager.default.createFile(atPath: tail.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw HangarError.storage("cannot write \(tail.path)")
            }
            output = try FileHandle(forWritingTo: tail)
        }
        defer { try? output?.close() }
        var hasher = SHA256()
        var prefix: String?
        var seen = 0
        func hex(_ h: SHA256) -> String { Chain.hex(h.finalize()) }
        if prefixLines == 0 { prefix = hex(hasher) }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            var rest = chunk[...]
            if prefix == nil, let wanted = prefixLines {
                let offset: Int? = rest.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress else { return nil }
                    var at = 0
                    while at < bytes.count, let hit = memchr(base + at, 0x0A, bytes.count - at) {
                        at = UnsafeRawPointer(hit) - base + 1
                        seen += 1
                        if seen == wanted { return at }
                    }
                    return nil
                }
                if let offset {
                    let cut = rest.startIndex + offset
                    hasher.update(data: rest[..<cut])
                    prefix = hex(hasher)
                    rest = rest[cut...]
                } else {
                    hasher.update(data: rest)
                    continue
                }
            }
            hasher.update(data: rest)
            if prefix != nil, !rest.isEmpty { try output?.write(contentsOf: rest) }
        }
        return (prefix, hex(hasher))
    }

    /// `code`'s replay from the store: the kept one when current, else made now.
    public func replay(_ code: String, from hq: HQStore, scratch: URL) async throws -> WorkshopReplay {
        let state = try await hq.states()[code]
        if let kept = kept(code, state: state) {
            guard kept.lines > 0 else { throw HangarError.notFound(what: "workshop", name: code) }
            return kept
        }
        let log = scratch.appendingPathComponent("\(code).ndjson")
        let lines = try await hq.write(linesOf: code, to: log)
        guard lines > 0 else {
            try? FileManager.default.removeItem(at: log)
            throw HangarError.notFound(what: "workshop", name: code)
        }
        return try replay(code, state: state, log: log, lines: lines, scratch: scratch)
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
