import Foundation
import Synchronization
import HangarCore
import HangarStore
import NIOCore

/// A file to merge, read and checked on a thread of its own a chunk of lines at a time, each
/// chunk already in `COPY`'s text format, while the database takes the chunk before it. At
/// most two chunks wait, so a file of any length holds little memory.
public final class MergeChunks: @unchecked Sendable {
    /// Lines checked, in file order, with their `COPY` rows.
    struct Chunk: Sendable {
        /// The lines as the slices that read them hold them (not copied into one array).
        var parts: [[HQLine]]
        var lines: FlattenSequence<[[HQLine]]> { parts.joined() }
        var count: Int
        var first: HQLine? { parts.first { !$0.isEmpty }?.first }
        /// The rows without a line number, for `hq_lines` itself.
        var rows: ByteBuffer
        /// Whether an id comes twice in this chunk.
        var repeatsAnID: Bool
        /// The number of the file's lines before this chunk.
        var before: Int64
    }

    /// Lines per chunk unless told otherwise (tests cut small files into many chunks).
    public static let standardChunk = 5_000
    let linesPerChunk: Int

    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private let room = DispatchSemaphore(value: 2)
    private var queue: [Result<Chunk?, any Error>] = []
    private var stopped = false
    private var found: (origin: String?, lines: Int, walk: HQStore.ChainWalk?) = (nil, 0, nil)
    /// The file's workshop and how many lines it holds, once `next` has returned nil.
    var origin: String? { lock.withLock { found.origin } }
    var lines: Int { lock.withLock { found.lines } }
    /// The file's lines walked as a chain, when they came in rising sequence order (what
    /// the store's walk finds where the file is all a workshop's lines), once `next` has returned nil.
    var walk: HQStore.ChainWalk? { lock.withLock { found.walk } }

    /// Starts reading `handle` on a thread of its own.
    init(handle: FileHandle, linesPerChunk: Int = MergeChunks.standardChunk) {
        self.linesPerChunk = max(1, linesPerChunk)
        let thread = Thread { [self] in read(handle) }
        thread.stackSize = 4 << 20
        thread.start()
    }

    private func read(_ handle: FileHandle) {
        var batches = HQLineBatches(handle: handle)
        var before: Int64 = 0
        var walk: HQStore.ChainWalk?
        while true {
            room.wait()
            if lock.withLock({ stopped }) { return }
            let result: Result<Chunk?, any Error> = Result {
                let raw = try batches.nextRaw(limit: linesPerChunk)
                guard !raw.isEmpty else { return nil }
                // Lines are read and encoded apart from each other: in slices side by side.
                let slices = Self.parse(raw)
                var rows = ByteBuffer()
                rows.reserveCapacity(raw.count * 512)
                for slice in slices {
                    for (offset, line) in slice.lines.enumerated() {
                        try batches.accept(line, number: raw[slice.start + offset].number)
                        if batches.lines == 1 { walk = HQStore.ChainWalk(origin: line.origin) }
                        if walk != nil, line.seq > walk!.lastSeq {
                            // The slice checked each link but its first (whose line before it had not read).
                            let link = slice.links[offset]
                            walk!.step(seq: line.seq, id: line.id, hash: line.hash) { previous in
                                link ?? Chain.follows(previous: previous, content: line.content, hash: line.hash)
                            }
                        } else {
                            walk = nil
                        }
                    }
                    // The first refused line, in file order, is the one named.
                    if let failure = slice.failure { throw failure }
                    var sliceRows = slice.rows
                    rows.writeBuffer(&sliceRows)
                }
                let parts = slices.map(\.lines)
                let count = parts.reduce(0) { $0 + $1.count }
                var ids = Set<String>(minimumCapacity: count)
                let repeats = parts.joined().contains { !ids.insert($0.id).inserted }
                defer { before += Int64(count) }
                return Chunk(parts: parts, count: count, rows: rows, repeatsAnID: repeats, before: before)
            }
            lock.withLock {
                if case .success(nil) = result { found = (batches.origin, batches.lines, walk) }
                queue.append(result)
            }
            ready.signal()
            if case .success(.some) = result { continue }
            return
        }
    }

    /// Lines read and encoded by one thread: from `start`, up to the first that fails.
    struct Slice: Sendable {
        var start: Int
        var lines: [HQLine] = []
        /// Per line, whether its hash follows the line before it in the slice (nil for the first).
        var links: [Bool?] = []
        var rows = ByteBuffer()
        var failure: (any Error)?
    }

    /// A line's fields in `PostgresHQ.lineColumns`' order.
    static func fields(_ line: HQLine) -> [String?] {
        [line.origin, line.id, String(line.seq), line.hash, line.kind, line.subject, line.occurredAt, line.recordedAt, line.content]
    }

    /// Threads that read lines side by side.
    static let parsers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// `raw` read and encoded in `parsers` slices at once, in order.
    static func parse(_ raw: [(number: Int, data: Data)]) -> [Slice] {
        let count = raw.count <= 256 ? 1 : parsers
        let size = (raw.count + count - 1) / count
        let done = Mutex([Slice?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { part in
            var slice = Slice(start: part * size)
            slice.rows.reserveCapacity(size * 512)
            for i in slice.start..<min(raw.count, slice.start + size) {
                do {
                    let line = try HQLineBatches.line(raw[i].data, number: raw[i].number)
                    CopyText.row(Self.fields(line), into: &slice.rows)
                    slice.links.append(slice.lines.last.map { Chain.follows(previous: $0.hash, content: line.content, hash: line.hash) })
                    slice.lines.append(line)
                } catch {
                    slice.failure = error
                    break
                }
            }
            done.withLock { $0[part] = slice }
        }
        return done.withLock { $0.compactMap { $0 } }
    }

    /// The next chunk; nil at the end of the file. A line that fails is thrown here.
    func next() async throws -> Chunk? {
        // Waiting blocks a thread: not one of the concurrency pool's.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { [ready] in
                ready.wait()
                done.resume()
            }
        }
        let result = lock.withLock { queue.removeFirst() }
        room.signal()
        return try result.get()
    }

    /// Stops the reading thread (the merge failed or ended): it reads no further chunk.
    func stop() {
        lock.withLock { stopped = true }
        room.signal()
    }

    /// The rows of `lines` with their line numbers first, for the staging table.
    static func numberedRows(_ chunk: Chunk) -> ByteBuffer {
        var rows = ByteBuffer()
        rows.reserveCapacity(chunk.count * 512)
        for (i, line) in chunk.lines.enumerated() {
            CopyText.row([String(chunk.before + Int64(i) + 1)] + Self.fields(line), into: &rows)
        }
        return rows
    }
}
