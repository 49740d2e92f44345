import CHangarMemory
import Foundation
import GRDB
import GRDBSQLite
import HangarCore

/// The SQLite file of one workshop. Every write is one IMMEDIATE transaction: read what
/// the rules need, run the pure core, append the event with its hash, update the
/// projections, commit. All SQL of Hangar lives in this module.
public struct HangarStore: Sendable {
    let pool: any DatabaseWriter
    public let path: String
    /// The file `path` named when it was opened (device and inode), to notice a file
    /// deleted or replaced behind an open store (`isStillAtPath`).
    let opened: FileIdentity?
    /// What the server's last batch of writes left for the next (`recordBatch`).
    let batchMemo = BatchMemo()

    /// Opens (and with `create`, creates) the file and brings its schema up to date.
    /// A file written by a newer Hangar is refused.
    ///
    /// With `concurrentReaders` (the server, the report) reads run on connections of their
    /// own beside the writer. Without it one connection does everything: what a short
    /// command needs, and cheaper to open (no WAL set-up write). A new file always gets a
    /// pool, which puts it in WAL mode for good.
    public init(path: String, create: Bool = false, concurrentReaders: Bool = true) throws {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw HangarError.storage("no Hangar database at \(path) (create one with: hangar init --admin ID --name NAME, or give --db PATH)")
        }
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        config.foreignKeysEnabled = true
        do {
            if concurrentReaders || create {
                pool = try DatabasePool(path: path, configuration: config)
            } else {
                pool = try DatabaseQueue(path: path, configuration: config)
            }
        } catch {
            throw HangarError.storage("cannot open \(path) as a Hangar database: \(Self.message(error))")
        }
        opened = FileIdentity(path: path)
        let migrator = Schema.migrator
        try Self.storage {
            let upToDate = try pool.writeWithoutTransaction { db in
                // DatabasePool sets synchronous=NORMAL with WAL; a workshop record needs FULL.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // A larger page cache keeps a long import from spilling pages to the WAL early.
                try db.execute(sql: "PRAGMA cache_size = \(Self.pageCacheSize)")
                // Asked of sqlite_master directly: GRDB's tableExists first reads the whole
                // schema into a cache, a twentieth of a CLI write.
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hq_meta')") == true {
                    throw HangarError.storage("\(path) is a headquarters store: read it with hangar hq status|conflicts|report --hq \(path)")
                }
                if try migrator.hasBeenSuperseded(db) {
                    throw HangarError.storage(
                        "\(path) was written by a newer version of Hangar (its schema has migrations this binary does not know); use the newer hangar")
                }
                return try migrator.hasCompletedMigrations(db)
            }
            // A file already up to date (nearly every open) skips the migrator's own write.
            if !upToDate { try migrator.migrate(pool) }
        }
    }

    /// Closes the file's connections now (the last one to close checkpoints the WAL);
    /// the store is unusable afterwards.
    public func close() throws {
        try Self.storage { try pool.close() }
    }

    /// SQLite's page cache of the writing connection (negative: KiB), 32 MiB.
    static let pageCacheSize = -32768

    /// Sets the writing connection's page cache to `kib` KiB (at least 1 MiB): a report that
    /// reads a workshop's replay once, beside another, needs few pages kept.
    public func usePageCache(kib: Int) {
        try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(max(1024, kib))") }
    }

    /// Sets the writing connection's page cache back to its usual size and frees the pages
    /// every connection holds (they are read again as needed).
    public func releaseMemory() {
        try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(Self.pageCacheSize)") }
        if let pool = pool as? DatabasePool { pool.releaseMemory() } else if let queue = pool as? DatabaseQueue { queue.releaseMemory() }
    }

    /// Whether `path` still names the file this store opened. A file deleted or replaced
    /// while a server holds it open takes writes that nobody will ever read again: the
    /// server asks this before each write and in `/healthz`.
    public func isStillAtPath() -> Bool {
        guard let opened, let now = FileIdentity(path: path) else { return false }
        return opened == now
    }

    /// The value of `PRAGMA synchronous` on the writing connection (2 = FULL).
    public func synchronousSetting() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The value of `PRAGMA temp_store` on the writing connection (0 = the default, files).
    public func temporaryStorageSetting() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? -1 }
    }

    /// Runs `body` in one IMMEDIATE write transaction; rolls back on any error.
    ///
    /// `batch`: the server's batch of events (`recordBatch`), each in a savepoint of its
    /// own. SQLite copies each page an event changes into a statement journal, which past
    /// 64 KiB goes to a temporary file: a `write` system call per page (a tenth of the
    /// server's time under load). For this transaction the journal is kept in memory
    /// instead; a batch is at most `WriteQueue.batchLimit` events, and the journal is
    /// emptied at each release.
    ///
    /// `committed` runs once the transaction has committed, still holding the writing
    /// connection. What the last batch kept (`BatchMemo`) is forgotten by any other
    /// transaction and by a failed one; all three happen on the writing connection's turn,
    /// so no other write can come between a commit and what is kept of it.
    func transaction<T>(batch: Bool = false, _ body: (Database) throws -> T, committed: (T) -> Void = { _ in }) throws -> T {
        try Self.storage {
            try pool.writeWithoutTransaction { db in
                if !batch { batchMemo.forget() }
                if batch { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
                defer { if batch { try? db.execute(sql: "PRAGMA temp_store = DEFAULT") } }
                var result: T?
                do {
                    try db.inTransaction(.immediate) {
                        result = try body(db)
                        return .commit
                    }
                } catch {
                    batchMemo.forget()
                    throw error
                }
                committed(result!)
                return result!
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.storage { try pool.read { db in try body(db) } }
    }

    /// Turns SQLite errors into `HangarError.storage`; lets Hangar's own errors through.
    /// How long a write waits for another one to finish before giving up, in seconds.
    static let busyTimeout: TimeInterval = 10

    static func storage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as HangarError {
            throw error
        } catch {
            throw HangarError.storage("database error: \(message(error))")
        }
    }

    static func message(_ error: any Error) -> String {
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
                return "the workshop file stayed busy with another write for \(Int(busyTimeout)) seconds "
                    + "(a long import?); nothing was written, try again when it has finished"
            }
            return e.message ?? "\(e)"
        }
        return "\(error)"
    }

    // MARK: - Writing

    /// Records one event: the rules decide, then the event and its projection changes are
    /// written in one transaction. Returns the stored event and the decision.
    @discardableResult
    public func record(_ input: EventInput, now: Timestamp = Timestamp(Date())) throws -> Decision {
        try transaction { db in
            let writer = try LogWriter(db)
            return try writer.record(input, now: now)
        }
    }

    /// Records an event that happens now: its time is read from `clock` once the write
    /// lock is held, so two people recording on the same airframe at the same moment are
    /// put in the order the lock gives them, and neither is refused for being earlier.
    /// (One event in a plain transaction: no savepoint or statement journal set-up of a batch.)
    @discardableResult
    public func recordNow(_ input: EventInput, clock: () -> Timestamp) throws -> Decision {
        try transaction { db in
            let writer = try LogWriter(db)
            var input = input
            let now = clock()
            input.occurredAt = now
            return try writer.record(input, now: now)
        }
    }

    /// One entry of `recordBatch`: the event, and whether it happens now (see `recordNow`).
    /// `tokenHash`: the API token that sent it; the event is written only if, in the same
    /// transaction, that token still belongs to its author (else `TokenWithdrawn`).
    public struct Pending: Sendable {
        public var input: EventInput
        public var happensNow: Bool
        public var tokenHash: String?
        public init(_ input: EventInput, happensNow: Bool, tokenHash: String? = nil) {
            self.input = input
            self.happensNow = happensNow
            self.tokenHash = tokenHash
        }
    }

    /// Records several independent events in one transaction (one sync to disk), each in
    /// its own savepoint: a refused event is rolled back alone and the others stand. The
    /// results are only final once this returns: if the commit fails, every event failed.
    /// The server uses it to write what several people sent at the same moment together.
    ///
    /// The rules judge an event before anything of it is written, so a refused event leaves
    /// nothing to roll back: the batch is first written without savepoints (each costs a
    /// copy of every page its event changes). Only when an event fails after its rows began
    /// to be written (a storage error) is the whole transaction rolled back and the batch
    /// written again, each event in its own savepoint.
    public func recordBatch(_ batch: [Pending], clock: () -> Timestamp) throws -> [Result<Decision, any Error>] {
        var results: [Result<Decision, any Error>] = []
        var failedMidEvent = false
        do {
            try transaction(batch: true, { db in
                try recordBatch(batch, clock: clock, in: db, savepoints: false, results: &results, failedMidEvent: &failedMidEvent)
            }, committed: { kept in
                // The next batch may start from what this one ended with.
                batchMemo.keep(kept)
            })
            return results
        } catch where failedMidEvent {
            results = []
        }
        try transaction(batch: true, { db in
            try recordBatch(batch, clock: clock, in: db, savepoints: true, results: &results, failedMidEvent: &failedMidEvent)
        }, committed: { kept in batchMemo.keep(kept) })
        return results
    }

    /// An event of a batch written without savepoints failed after its rows began to be written.
    private struct FailedMidEvent: Error {}

    /// Records the batch's events in the open transaction; returns what the next batch may keep.
    /// `savepoints`: each event in its own, so one that fails while written is rolled back
    /// alone; without, such a failure throws (`failedMidEvent` set) and nothing stands.
    private func recordBatch(_ batch: [Pending], clock: () -> Timestamp, in db: Database, savepoints: Bool,
                             results: inout [Result<Decision, any Error>], failedMidEvent: inout Bool) throws -> BatchMemo.Kept? {
        let dataVersion = try BatchMemo.dataVersion(db)
        var writer = try LogWriter(db)
        if let memo = batchMemo.take(ifUnchangedAt: dataVersion) { writer.resume(from: memo) }
        // Not with savepoints: a rollback to one would leave the wear kept back by the events before.
        writer.deferWear = !savepoints
        for entry in batch {
            var decision: Decision?
            func write() throws {
                if let hash = entry.tokenHash,
                   try String.fetchOne(db.cachedStatement(sql: "SELECT staff_id FROM api_tokens WHERE token_hash = ?"), arguments: [hash])
                       != entry.input.actor {
                    throw TokenWithdrawn()
                }
                var input = entry.input
                let now = clock()
                if entry.happensNow { input.occurredAt = now }
                writer.eventWritesBegun = false
                decision = try writer.record(input, now: now)
            }
            do {
                if savepoints {
                    try db.inSavepoint {
                        try write()
                        return .commit
                    }
                } else {
                    try write()
                }
                results.append(.success(decision!))
                continue
            } catch let error as TokenWithdrawn {
                results.append(.failure(error))
                continue
            } catch {
                if !savepoints && writer.eventWritesBegun {
                    failedMidEvent = true
                    throw FailedMidEvent()
                }
                if let error = error as? HangarError {
                    results.append(.failure(error))
                } else {
                    results.append(.failure(HangarError.storage("database error: \(Self.message(error))")))
                }
                // Refused before a row of it was written (the rules), nothing to forget;
                // after a rollback to its savepoint, a new writer: nothing it did is remembered.
                if !savepoints { continue }
            }
            writer = try LogWriter(db)
        }
        do {
            try writer.flushWear()
        } catch {
            failedMidEvent = true
            throw error
        }
        return writer.kept(dataVersion: dataVersion)
    }
}

/// Appends events and applies projection changes inside one open transaction. It keeps
/// the chain head and the small configuration tables (staff, units, models, workshop) in
/// memory for the length of the transaction, so a long import does not ask SQLite for
/// them again for every line.
final class LogWriter {
    let db: Database
    private var head: (seq: Int64, hash: String)?
    private var configuration: ConfigurationCache?
    /// Airframe rows as this transaction last read or wrote them. A long import touches
    /// the same airframe again and again; the memo spares the reads, and tells `apply`
    /// when an update leaves the indexed columns (state, model, unit) as they were.
    /// Bounded: emptied when it reaches `memoLimit` entries.
    private(set) var airframes: [String: Airframe] = [:]
    static let defaultMemoLimit = 50_000
    var memoLimit = LogWriter.defaultMemoLimit

    /// An import (one transaction for the whole file) sets these. `deferSummaries`: the
    /// summary tables are rebuilt from the log once at the end (`finishImport`) instead of
    /// updated per event. `deferAirframes`: an airframe's row is written when it leaves the
    /// memo or at the end, not at every event (its first row, at registration, at once).
    var deferSummaries = false
    var deferAirframes = false
    /// Airframes whose memo entry is newer than their row.
    private var dirty: Set<String> = []
    /// The pieces installed in an airframe (its `pieces` rows by serial), as this transaction
    /// last read or wrote them: each flight asks for them, and a server batch often flies one
    /// airframe many times. Kept equal to the table, since every change of a piece passes
    /// through `apply` (`installedMemo`); a batch rolled back to a savepoint takes a new writer.
    private var installed: [String: [Piece]] = [:]
    /// For each piece in `installed`, the airframe whose entry holds it.
    private var installedHome: [String: String] = [:]
    /// At most this many airframes in `installed`; past it the memo starts again.
    static let installedMemoLimit = 4_096
    /// Set for a server batch written without savepoints: a flight's wear
    /// of the pieces aboard (minutes, cycles, last event) stays in `installed` and is written
    /// once per piece by `flushWear`, instead of ten rows again at every flight of the airframe.
    var deferWear = false
    /// Pieces worn since their row was written (with `deferWear`), as they now are.
    private(set) var wornPieces: [String: Piece] = [:]

    /// Writes the wear kept back by `deferWear`. Before any event but a flight is judged (the
    /// other rules read the pieces' table), before the memo forgets, and before the commit.
    func flushWear() throws {
        guard !wornPieces.isEmpty else { return }
        do {
            for (_, p) in wornPieces {
                try PieceRow.write(p, was: p, db)
            }
        } catch {
            // Some of the rows may stand in the transaction, some not.
            eventWritesBegun = true
            throw error
        }
        wornPieces.removeAll(keepingCapacity: true)
    }
    /// Parts and current BOMs as this transaction read them (an install asks for both):
    /// a `part` or `bom` change forgets its entry, read again when next asked for.
    private var parts: [String: Part?] = [:]
    private var boms: [String: BOM?] = [:]

    func part(_ number: String) throws -> Part? {
        if let known = parts[number] { return known }
        let read = try StoreReader(db: db).part(number)
        parts[number] = .some(read)
        return read
    }

    func bom(_ model: String) throws -> BOM? {
        if let known = boms[model] { return known }
        let read = try StoreReader(db: db).bom(model)
        boms[model] = .some(read)
        return read
    }

    func installedPieces(in airframe: String) throws -> [Piece] {
        if let known = installed[airframe] { return known }
        let read = try StoreReader(db: db).installedPieces(in: airframe)
        if installed.count >= Self.installedMemoLimit {
            try flushWear()
            installed.removeAll(keepingCapacity: true)
            installedHome.removeAll(keepingCapacity: true)
        }
        installed[airframe] = read
        for piece in read { installedHome[piece.serial] = airframe }
        return read
    }

    /// Keeps `installed` equal to the table when a piece's row becomes `piece` (nil: deleted),
    /// and returns the row as it was when the memo holds it (nil when it does not know).
    /// Each list is taken out of the memo while it changes, so it is changed in place.
    func installedMemo(_ serial: String, becomes piece: Piece?) -> Piece? {
        var was: Piece?
        if let home = installedHome[serial], var list = installed.removeValue(forKey: home) {
            if let i = list.firstIndex(where: { $0.serial == serial }) {
                was = list[i]
                if let piece, piece.airframe == home {
                    list[i] = piece
                    installed[home] = list
                    return was
                }
                list.remove(at: i)
            }
            installed[home] = list
            installedHome[serial] = nil
        }
        if let piece, let airframe = piece.airframe, var list = installed.removeValue(forKey: airframe) {
            // In the table's order (`ORDER BY serial`: bytes, serials being ASCII).
            let i = list.firstIndex { piece.serial.utf8.lexicographicallyPrecedes($0.serial.utf8) } ?? list.count
            list.insert(piece, at: i)
            installed[airframe] = list
            installedHome[serial] = airframe
        }
        return was
    }

    func remember(_ airframe: Airframe) throws {
        if airframes.count >= memoLimit && airframes[airframe.serial] == nil {
            try flushAirframes()
            airframes.removeAll(keepingCapacity: true)
        }
        airframes[airframe.serial] = airframe
    }

    /// Writes the rows of the airframes changed since they were last written.
    func flushAirframes() throws {
        for serial in dirty.sorted() {
            guard let a = airframes[serial] else { continue }
            try db.cachedStatement(sql: AirframeRow.upsert).execute(arguments: AirframeRow.arguments(a))
        }
        dirty.removeAll(keepingCapacity: true)
    }

    /// Indexes no rule reads while an import is judged (the report's kind-and-time index on
    /// events, the airframe lists'), for `dropIndexesBuiltAfter`.
    static let indexesBuiltAfter = ["events_by_kind_time", "airframes_by_state", "airframes_by_model", "airframes_by_unit", "airframes_for_service"]
    /// Their definitions, to build again at the end of the import.
    private var indexesToBuild: [String] = []

    /// For an import into an empty log: the indexes no rule reads meanwhile are dropped and
    /// built again at its end (`finishImport`), each in one sort of the rows, instead of kept
    /// as each row goes in. In the import's transaction: a failed import leaves them as they were.
    func dropIndexesBuiltAfter() throws {
        let names = Self.indexesBuiltAfter.map { "'\($0)'" }.joined(separator: ",")
        let indexes = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (\(names)) AND sql IS NOT NULL")
        for index in indexes {
            indexesToBuild.append(index["sql"])
            try db.execute(sql: "DROP INDEX \(index["name"] as String)")
        }
    }

    /// Ends an import: the deferred airframe rows, the indexes dropped for it, then the
    /// summaries rebuilt from the log.
    func finishImport() throws {
        try flushWear()
        try flushAirframes()
        airframes.removeAll()
        if deferSummaries {
            // The rebuild holds the fleet packed (~100 bytes an airframe, 100 MB at a national
            // fleet): the import's large page cache is given back first, so the two are not
            // held at once (a whole national log's import peaked at 279 MiB with both). The
            // indexes are built with the small cache too: SQLite sorts an index's entries in
            // as much memory as the cache (64 MiB more at a million events with the large one).
            try db.execute(sql: "PRAGMA cache_size = -\(HangarStore.replayPageCacheKiB)")
            // The cache's changed pages are written to the WAL now rather than at the commit
            // (the same writes, earlier): a changed page cannot be let go, a written one can.
            _ = sqlite3_db_cacheflush(db.sqliteConnection)
            db.releaseMemory()
            // What the cache and the import's airframes freed is handed back to the system,
            // not only kept by the allocator (a national import held 135 of its 142 MB here).
            _ = hangar_return_freed_memory()
        }
        for sql in indexesToBuild { try db.execute(sql: sql) }
        indexesToBuild = []
        if deferSummaries { try SummaryRebuild.run(db) }
    }

    init(_ db: Database) throws { self.db = db }

    /// The chain head and configuration this writer has read or written, for the next batch.
    func kept(dataVersion: Int64) -> BatchMemo.Kept? {
        guard let head, let configuration else { return nil }
        return BatchMemo.Kept(dataVersion: dataVersion, head: head, configuration: configuration)
    }

    /// Starts from what the last batch kept (nothing has written the file since).
    func resume(from kept: BatchMemo.Kept) {
        head = kept.head
        configuration = kept.configuration
    }

    var reader: CachedReader { CachedReader(db: db, writer: self) }

    /// Set by `record` once the rules have accepted its event and its rows start to be
    /// written: an error after that leaves part of the event in the transaction.
    var eventWritesBegun = false

    /// `lenient`: a line of a log replayed at headquarters (`Ledger.decide`'s `lenient`); a
    /// line the rules still refuse is `ReplayRefused`, before anything of it is written.
    /// `canonical`: the canonical text of `input`'s data, made while the line was read; used
    /// when the rules left the data as it came (they fill in what an import line may leave out).
    func record(_ input: EventInput, now: Timestamp, lenient: Bool = false, canonical: String? = nil) throws -> Decision {
        if input.kind != .flight { try flushWear() }
        var decision: Decision
        do {
            decision = try Ledger.decide(input, in: reader, now: now, lenient: lenient)
        } catch let error as HangarError where lenient {
            throw ReplayRefused(error: error)
        }
        let kind = decision.event.kind
        // The airframe as it stood before the event, for the report's summaries.
        let before = !deferSummaries && kind.subject == .airframe && kind != .register && kind != .undo
            ? try reader.airframe(decision.event.subject) : nil
        // Equal data is equal text: the rules never swap a string for a canonically equal one
        // of other bytes (they check names as given, upper-case codes and fill in fields).
        let sameData = canonical != nil && decision.event.body == input.body && decision.event.note == input.note
        eventWritesBegun = true
        decision.event = try append(decision.event, canonical: sameData ? canonical : nil)
        for change in decision.changes {
            if case let .mentions(list) = change {
                for m in list {
                    try db.cachedStatement(sql: "INSERT INTO mentions (ref, seq) VALUES (?, ?)").execute(arguments: [m.key, decision.event.seq])
                }
            } else {
                try apply(change)
            }
        }
        if !deferSummaries { try summarize(decision, before: before) }
        return decision
    }

    /// The configuration tables, read once per transaction.
    func cachedConfiguration() throws -> ConfigurationCache {
        if let configuration { return configuration }
        let store = StoreReader(db: db)
        var c = ConfigurationCache(workshop: try store.workshop())
        for row in try Row.fetchAll(db, sql: StaffRow.selectAll) { let m = try Decode.staff(row); c.staff[m.id] = m }
        c.units = Set(try String.fetchAll(db, sql: "SELECT name FROM units"))
        configuration = c
        return c
    }

    /// A model as the rules need it, read once (with its checklist and defect codes) when
    /// first asked for: one CLI write reads the one model of its airframe, not them all.
    func cachedModel(_ name: String) throws -> AirframeModel? {
        _ = try cachedConfiguration()
        if let known = configuration!.models[name] { return known }
        let read = try StoreReader(db: db).model(name)
        configuration!.models[name] = .some(read)
        return read
    }

    /// Appends an event at the end of the chain.
    /// `canonical`: the canonical text of its data, when already made.
    func append(_ event: RecordedEvent, canonical: String? = nil) throws -> RecordedEvent {
        var event = event
        if head == nil {
            let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"))
            head = (last?["seq"] as Int64? ?? 0, last?["hash"] ?? RecordedEvent.genesisHash)
        }
        event.seq = head!.seq + 1
        let dataJSON = try canonical ?? EventLine.canonicalText(event.body, note: event.note)
        let hash = Chain.hash(event.canonicalContent(previousHash: head!.hash, dataJSON: dataJSON))
        try db.cachedStatement(sql: """
            INSERT INTO events (seq, id, subject, kind, from_state, to_state, occurred_at, recorded_at, actor, data, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.seq, event.id, event.subject, event.kind.rawValue, event.fromState, event.toState,
                event.occurredAt.storageText, event.recordedAt.storageText, event.actor, dataJSON, hash,
            ])
        head = (event.seq, hash)
        return event
    }

    func apply(_ change: LedgerChange) throws {
        // A new time zone moves every event's local day: the summaries are rebuilt with it.
        var zoneChanged = false
        if case let .workshop(w) = change { zoneChanged = try reader.workshop().timezone != w.timezone }
        if configuration != nil {
            switch change {
            case let .workshop(w): configuration!.workshop = w
            case let .staff(m): configuration!.staff[m.id] = m
            case let .unit(u): configuration!.units.insert(u)
            case let .model(m): configuration!.models[m.name] = .some(m)
            default: break
            }
        }
        switch change {
        case let .workshop(w):
            try db.cachedStatement(sql: """
                INSERT INTO workshop (id, name, capacity_per_year, country, currency, cost_recorded, timezone, code) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, capacity_per_year = excluded.capacity_per_year,
                    country = excluded.country, currency = excluded.currency, cost_recorded = excluded.cost_recorded,
                    timezone = excluded.timezone, code = excluded.code
                """).execute(arguments: [w.name, w.capacityPerYear, w.country, w.currency, w.costRecorded, w.timezone, w.code])
            if zoneChanged && !deferSummaries {
                try flushAirframes()
                try SummaryRebuild.run(db)
            }
        case let .staff(s):
            try db.cachedStatement(sql: """
                INSERT INTO staff (id, name, lang) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, lang = excluded.lang
                """).execute(arguments: [s.id, s.name, s.lang?.rawValue])
            try db.cachedStatement(sql: "DELETE FROM staff_roles WHERE staff_id = ?").execute(arguments: [s.id])
            for role in s.roles {
                try db.cachedStatement(sql: "INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)").execute(arguments: [s.id, role.rawValue])
            }
        case let .unit(name):
            try db.cachedStatement(sql: "INSERT INTO units (name) VALUES (?)").execute(arguments: [name])
        case let .model(m):
            try db.cachedStatement(sql: """
                INSERT INTO models (name, service_minutes, service_days, checklist_version, exw_price, defect_codes) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET service_minutes = excluded.service_minutes,
                    service_days = excluded.service_days, checklist_version = excluded.checklist_version, exw_price = excluded.exw_price,
                    defect_codes = excluded.defect_codes
                """).execute(arguments: [m.name, m.serviceMinutes, m.serviceDays, m.checklistVersion, m.exwPrice, Decode.codesText(m.defectCodes)])
            for (position, item) in m.checklist.enumerated() {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO checklist_items (model, version, position, key, kind, unit, min, max, description)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        m.name, m.checklistVersion, position, item.key, item.kind.rawValue, item.unit, item.min, item.max, item.description,
                    ])
            }
        case let .airframe(a):
            if deferAirframes, airframes[a.serial] != nil {
                // Its row exists (the memo holds only read or written rows): written later.
                airframes[a.serial] = a
                dirty.insert(a.serial)
                return
            }
            if let before = airframes[a.serial], before.model == a.model, before.state == a.state, before.unit == a.unit {
                // Only unindexed columns change (a flight, a QC run that keeps the state…).
                try db.cachedStatement(sql: """
                    UPDATE airframes SET batch = ?, flight_minutes = ?, minutes_since_service = ?, service_baseline_at = ?,
                        qc_attempts = ?, first_pass_at = ?, awaiting_qc_by = ?, registered_at = ?, state_since = ?, last_event_at = ?
                    WHERE serial = ?
                    """).execute(arguments: [
                        a.batch, a.flightMinutes, a.minutesSinceService, a.serviceBaseline?.storageText, a.qcAttempts,
                        a.firstPassAt?.storageText, a.awaitingQCBy, a.registeredAt.storageText, a.stateSince.storageText,
                        a.lastEventAt.storageText, a.serial,
                    ])
            } else {
                try db.cachedStatement(sql: AirframeRow.upsert).execute(arguments: AirframeRow.arguments(a))
            }
            try remember(a)
        case let .operatorRecord(o):
            try db.cachedStatement(sql: """
                INSERT INTO operators (id, name, unit, state, last_event_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, unit = excluded.unit, state = excluded.state,
                    last_event_at = excluded.last_event_at
                """).execute(arguments: [o.id, o.name, o.unit, o.state.rawValue, o.lastEventAt.storageText])
        case let .flight(f):
            try db.cachedStatement(sql: """
                INSERT INTO flights (event_id, serial, operator, minutes, purpose, occurred_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [f.eventID, f.serial, f.operatorID, f.minutes, f.purpose.rawValue, f.occurredAt.storageText])
        case let .undo(eventID, undoID):
            try db.cachedStatement(sql: "INSERT INTO undone (event_id, undo_id) VALUES (?, ?)").execute(arguments: [eventID, undoID])
            try db.cachedStatement(sql: "DELETE FROM flights WHERE event_id = ?").execute(arguments: [eventID])
        case let .part(p):
            parts[p.number] = nil
            try db.cachedStatement(sql: PartRow.upsert).execute(arguments: PartRow.arguments(p))
        case let .bom(b):
            boms[b.model] = nil
            try db.cachedStatement(sql: "INSERT INTO boms (model, version, enforced) VALUES (?, ?, ?)").execute(arguments: [b.model, b.version, b.enforced])
            for (line, l) in b.lines.enumerated() {
                try db.cachedStatement(sql: "INSERT INTO bom_lines (model, version, line, part, qty, position) VALUES (?, ?, ?, ?, ?, ?)")
                    .execute(arguments: [b.model, b.version, line, l.part, l.qty, l.position])
            }
        case let .piece(p):
            let was = installedMemo(p.serial, becomes: p)
            if deferWear, let was, PieceRow.wornOnly(p, was: was) {
                wornPieces[p.serial] = p
                return
            }
            wornPieces[p.serial] = nil
            try PieceRow.write(p, was: was, db)
        case let .pieceGone(serial):
            _ = installedMemo(serial, becomes: nil)
            wornPieces[serial] = nil
            try db.cachedStatement(sql: PieceRow.delete).execute(arguments: [serial])
        case let .lot(l):
            try db.cachedStatement(sql: LotRow.upsert).execute(arguments: LotRow.arguments(l))
        case let .lotGone(part, lot):
            try db.cachedStatement(sql: LotRow.delete).execute(arguments: [part, lot])
        case let .holding(h):
            try HoldingRow.write(h, db)
        case .mentions:
            break  // written with the event's sequence number in `record`
        }
    }
}

/// An event sent with an API token that, when the event was to be written, no longer
/// belonged to its author (revoked): nothing of it was written.
public struct TokenWithdrawn: Error, Sendable {
    public init() {}
}

/// A file's device and inode number.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// From `stat(2)` itself: Foundation's file attributes also look up the owner's user and
    /// group names (reading /etc/passwd and /etc/group), a cost on every CLI write.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.device = UInt64(status.st_dev)
        self.inode = UInt64(status.st_ino)
    }
}

/// A line of a replayed log that the rules refused even without role and from-state checks
/// (nothing of it was written).
struct ReplayRefused: Error {
    let error: HangarError
}
