import Foundation
import GRDB
import HangarCore

/// What an import did.
public struct ImportSummary: Equatable, Sendable {
    public var applied = 0
    public var skipped = 0
    public var lines = 0
    /// Lines a replay (`replaying`) left out: the rules refused them even without role and
    /// from-state checks.
    public var refused = 0
}

extension HangarStore {
    /// Applies an NDJSON event stream, all or nothing: one transaction for the whole file.
    /// The first bad line rejects everything with its line number and reason. An event
    /// whose id is already in the log is skipped when identical, refused when different.
    /// `pageCacheKiB`: the page cache of the import's connection while it runs.
    public func importEvents(from handle: FileHandle, now: Timestamp = Timestamp(Date()),
                             pageCacheKiB: Int = HangarStore.importPageCacheKiB) throws -> ImportSummary {
        try importEvents(from: handle, now: now, memoLimit: LogWriter.defaultMemoLimit, pageCacheKiB: pageCacheKiB)
    }

    /// A long import touches index pages all over a growing file: a larger page cache for its
    /// connection (used only as the file grows) keeps them from being read again.
    public static let importPageCacheKiB = 65536
    /// Headquarters replay two workshops at once beside their own work: a smaller cache each
    /// keeps a national report's peak memory down, for a few percent of the replay's time.
    public static let replayPageCacheKiB = 16384

    /// Replays a workshop's log at headquarters (DESIGN §14) into this empty store: the
    /// transitions without role or from-state checks, and a line the rules still refuse (an
    /// airframe whose registration lies in a gap) left out and counted, not the whole file.
    public func replayEvents(from handle: FileHandle, now: Timestamp = Timestamp(Date()),
                             pageCacheKiB: Int = HangarStore.importPageCacheKiB) throws -> ImportSummary {
        try importEvents(from: handle, now: now, memoLimit: LogWriter.defaultMemoLimit, replaying: true, pageCacheKiB: pageCacheKiB)
    }

    /// `memoLimit`: how many airframes the writer holds before it writes them out (tests
    /// make it small to exercise the write-out).
    func importEvents(from handle: FileHandle, now: Timestamp, memoLimit: Int, replaying: Bool = false,
                      pageCacheKiB: Int = HangarStore.importPageCacheKiB) throws -> ImportSummary {
        // A file at least as long as the log (by a rough count of its lines: events are
        // about 250 bytes) rebuilds the summaries from the log once, at the end, instead of
        // updating them line by line: the same tables (verify compares them with a rebuild),
        // in a fraction of the time. Its airframe rows are written once each, at the end.
        let size = Self.fileSize(handle)
        // The connection goes back to its usual cache after, and gives back what the import
        // held (a server or a national report keeps the store open).
        defer { releaseMemory() }
        return try transaction { db in
            let writer = try LogWriter(db)
            let existing = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
            writer.deferSummaries = existing == 0 || size.map { $0 / 250 >= existing } ?? false
            writer.deferAirframes = true
            writer.memoLimit = memoLimit
            try db.execute(sql: "PRAGMA cache_size = -\(max(1024, pageCacheKiB))")
            if existing == 0 { try writer.dropIndexesBuiltAfter() }
            // Into an empty log, an id can only be given twice within the file: the events
            // table's unique id says so when it is, and only then is the first one read.
            let lookUpFirst = existing > 0
            var summary = ImportSummary()
            var lineNumber = 0
            // A workshop file holds one workshop's lines (DESIGN §14): lines stamped with
            // another code go to headquarters; lines without a code are this workshop's.
            var ownCode = try StoreReader(db: db).workshop().code
            var fileCode: String?
            func checkWorkshop(_ code: String?) throws {
                guard let code else { return }
                if let fileCode, fileCode != code {
                    throw HangarError.invalidValue(field: "workshop", value: code, allowed: "one workshop's lines in a file (this file is \(fileCode)'s)")
                }
                fileCode = code
                if let ownCode, ownCode != code {
                    throw HangarError.invalidValue(field: "workshop", value: code,
                                                   allowed: "this workshop is \(ownCode): another workshop's export goes to headquarters (hangar hq merge)")
                }
            }
            func alreadyThere(_ input: EventInput) throws -> Bool {
                guard let existing = try Row.decodeOne(
                    db.cachedStatement(sql: ReaderSQL.eventByID), arguments: [input.id], Decode.event
                ) else { return false }
                guard EventLine.isSame(input, as: existing) else {
                    throw HangarError.rejected(
                        event: input.kind.rawValue, subject: input.subject, rule: .idConflict(id: input.id, seq: existing.seq))
                }
                return true
            }
            // Lines are read and parsed on a thread of their own while this one judges and
            // writes them (`ParsedLines`), in file order.
            try ParsedLines(handle: handle).forEach { number, line in
                lineNumber = number
                summary.lines = lineNumber
                do {
                    let input: EventInput, stamp: LineStamp, canonical: String?
                    switch line {
                    case .blank: return
                    case let .refused(error):
                        // Headquarters replays lines a workshop's chain vouched for: one the
                        // reader cannot take is refused on replay like one the rules refuse,
                        // and the rest of the log still stands.
                        guard replaying else { throw error }
                        summary.refused += 1
                        return
                    case let .event(i, s, c): (input, stamp, canonical) = (i, s, c)
                    }
                    try checkWorkshop(stamp.workshop)
                    if lookUpFirst, try alreadyThere(input) {
                        summary.skipped += 1
                        return
                    }
                    do {
                        _ = try writer.record(input, now: now, lenient: replaying, canonical: canonical)
                    } catch is ReplayRefused {
                        summary.refused += 1
                        return
                    } catch where !lookUpFirst {
                        // Refused by the rules (a repeated line usually is) or by the events
                        // table's unique id (the event row is the first thing written): if the
                        // id was given earlier in the file, that decides; nothing of this line stands.
                        guard try alreadyThere(input) else { throw error }
                        summary.skipped += 1
                        return
                    }
                    summary.applied += 1
                    if case let .workshopSet(setting) = input.body, setting.code != nil {
                        ownCode = try StoreReader(db: db).workshop().code
                        if let ownCode, let fileCode, ownCode != fileCode {
                            throw HangarError.invalidValue(field: "workshop", value: fileCode,
                                                           allowed: "this workshop is \(ownCode): another workshop's export goes to headquarters (hangar hq merge)")
                        }
                    }
                } catch let error as HangarError {
                    throw HangarError.atLine(lineNumber, error)
                } catch {
                    throw HangarError.atLine(lineNumber, .storage("database error: \(Self.message(error))"))
                }
            }
            do {
                try writer.finishImport()
            } catch let error as HangarError {
                throw error
            } catch {
                throw HangarError.storage("database error: \(Self.message(error))")
            }
            return summary
        }
    }

    /// The size of the file behind `handle`, nil for a pipe or a terminal.
    static func fileSize(_ handle: FileHandle) -> Int64? {
        var info = stat()
        guard fstat(handle.fileDescriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Writes the log as NDJSON, one event per line, from sequence number `since` + 1.
    /// Format 2 (DESIGN §14): every line carries `"format": 2` and its place in the export's
    /// hash chain, and — once the workshop has a code — the code and the line's sequence
    /// number, on earlier lines too. From `since` on, the chain still starts at the first line.
    public func exportEvents(since: Int64 = 0, write: (String) throws -> Void) throws {
        try read { db in
            let code = try StoreReader(db: db).workshop().code
            var previous = LineStamp.chainStart
            let cursor = try Row.fetchCursor(db, sql: "\(EventRow.selectAll) ORDER BY seq")
            while let row = try cursor.next() {
                let event = try Decode.event(row)
                let (line, hash) = try EventLine.formatStamped(event, workshop: code, previousHash: previous, sha256: Chain.hash)
                previous = hash
                if event.seq > since { try write(line) }
            }
        }
    }
}

/// Reads a file line by line in chunks, without loading it whole.
public struct LineReader {
    let handle: FileHandle

    public init(handle: FileHandle) { self.handle = handle }
    static let chunkSize = 1 << 20
    static let maximumLine = 1 << 20

    public func forEach(_ body: (Data) throws -> Void) throws {
        var buffer = Data()
        var lineNumber = 0
        while true {
            let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            if chunk.isEmpty { break }
            buffer.append(chunk)
            var start = buffer.startIndex
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                if newline - start > Self.maximumLine { throw Self.tooLong(lineNumber, bytes: "\(newline - start) bytes") }
                try body(buffer[start..<newline])
                start = buffer.index(after: newline)
            }
            buffer = Data(buffer[start...])
            if buffer.count > Self.maximumLine { throw Self.tooLong(lineNumber + 1, bytes: "more than \(Self.maximumLine) bytes") }
        }
        if !buffer.isEmpty { try body(buffer) }
    }

    static func tooLong(_ line: Int, bytes: String) -> HangarError {
        .atLine(line, .invalidValue(field: "line", value: bytes, allowed: "a line is at most 1 MiB (1048576 bytes)"))
    }
}
