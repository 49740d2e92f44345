import Foundation
import Synchronization
import HangarCore
import HangarStore
import NIOCore

/// A file to merge, read and checked on a thread of its own a chunk of lines at a time, each
/// chunk already in `COPY`'s text format, while the database takes the chunk before it. At
/// most two chunks wait, so a file of any length holds little memory.
public final class MergeChunks: @unchecked Sendable {
    /// What the merge keeps of a checked line besides its `COPY` row.
    struct Line: Sendable {
        var origin: String
        var id: String
        var seq: Int64
        var hash: String
        /// The id's print (`IDPrint`), made on the reading threads.
        var print: UInt64
    }

    /// Lines checked, in file order, with their `COPY` rows.
    struct Chunk: Sendable {
        /// The lines as the slices that read them hold them (not copied into one array).
        var parts: [[Line]]
        var lines: FlattenSequence<[[Line]]> { parts.joined() }
        var count: Int
        var origin: String
        /// The rows without a line number, for `hq_lines` itself: one a line, in order.
        var rows: ByteBuffer
        /// Whether an id may come twice in this chunk (two of its prints are equal).
        var repeatsAnID: Bool
        /// The number of the file's lines before this chunk.
        var before: Int64
    }

    /// Lines per chunk unless told otherwise (tests cut small files into many chunks).
    public static let standardChunk = 5_000
    let linesPerChunk: Int

    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    /// Made empty and then given its two slots: libdispatch stops the process when a
    /// semaphore is freed holding less than it was made with, as this one does when a merge
    /// stops with chunks still waiting.
    private let room = DispatchSemaphore(value: 0)
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
        room.signal()
        room.signal()
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
                        try batches.accept(origin: line.origin, number: raw[slice.start + offset].number)
                        if batches.lines == 1 { walk = HQStore.ChainWalk(origin: line.origin) }
                        if walk != nil, line.seq > walk!.lastSeq {
                            // The slice checked each link but its first (whose line before it had not read).
                            let link = slice.links[offset]
                            walk!.step(seq: line.seq, id: line.id, hash: line.hash) { previous in
                                link ?? slice.firstContent.withUnsafeBytes { content in
                                    var previous = previous, hash = line.hash
                                    return previous.withUTF8 { previous in
                                        hash.withUTF8 { Chain.follows(previous: UnsafeRawBufferPointer(previous), content: content, hash: UnsafeRawBufferPointer($0)) }
                                    }
                                }
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
                var prints = Set<UInt64>(minimumCapacity: count)
                let repeats = parts.joined().contains { !prints.insert($0.print).inserted }
                defer { before += Int64(count) }
                return Chunk(parts: parts, count: count, origin: batches.origin ?? "", rows: rows, repeatsAnID: repeats, before: before)
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
        var lines: [Line] = []
        /// Per line, whether its hash follows the line before it in the slice (nil for the first).
        var links: [Bool?] = []
        /// The first line's content, for its link to the slice before.
        var firstContent: [UInt8] = []
        var rows = ByteBuffer()
        var failure: (any Error)?
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
            var content: [UInt8] = []
            for i in slice.start..<min(raw.count, slice.start + size) {
                do {
                    try read(raw[i].data, number: raw[i].number, into: &slice, content: &content)
                } catch {
                    slice.failure = error
                    break
                }
            }
            done.withLock { $0[part] = slice }
        }
        return done.withLock { $0.compactMap { $0 } }
    }

    /// One line read into `slice`: its row written, its link to the line before checked.
    /// A canonical line (`HQLine.places`) is written straight from its bytes, with no text
    /// made but its id, hash and workshop; any other is read the long way (`HQLine(reading:)`),
    /// which also says what is wrong. Both write the same row (tests hold them to it).
    static func read(_ data: Data, number: Int, into slice: inout Slice, content: inout [UInt8]) throws {
        let first = slice.lines.isEmpty
        let previousHash = slice.lines.last?.hash
        var link: Bool?
        var line: Line?
        data.withUnsafeBytes { bytes in
            guard let places = HQLine.places(bytes) else { return }
            func text(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }
            let length = places.contentLength
            if content.count < length { content = [UInt8](repeating: 0, count: max(length, 2 * content.count)) }
            content.withUnsafeMutableBytes { out in
                let body = UnsafeRawBufferPointer(rebasing: out[0..<places.writeContent(of: bytes, into: out)])
                // The row in `PostgresHQ.lineColumns`' order, as `fields` gives it: every field
                // is part of the line or its content, and none more than doubles when escaped.
                slice.rows.writeWithUnsafeMutableBytes(minimumWritableBytes: 4 * bytes.count + 16) { row in
                    var n = 0
                    for range in [places.origin, places.id, places.seqText, places.hash, places.kind, places.subject, places.at] {
                        CopyText.field(text(range), to: row, at: &n)
                        row[n] = 0x09
                        n += 1
                    }
                    if let recorded = places.recorded {
                        CopyText.field(text(recorded), to: row, at: &n)
                    } else {
                        row[n] = UInt8(ascii: "\\")
                        row[n + 1] = UInt8(ascii: "N")
                        n += 2
                    }
                    row[n] = 0x09
                    n += 1
                    CopyText.field(body, to: row, at: &n)
                    row[n] = 0x0A
                    return n + 1
                }
                if first {
                    slice.firstContent = Array(body)
                } else if var previous = previousHash {
                    link = previous.withUTF8 { Chain.follows(previous: UnsafeRawBufferPointer($0), content: body, hash: text(places.hash)) }
                }
            }
            let id = text(places.id)
            line = Line(origin: String(decoding: text(places.origin), as: UTF8.self), id: String(decoding: id, as: UTF8.self),
                        seq: places.seq, hash: String(decoding: text(places.hash), as: UTF8.self), print: IDPrint.print(of: id))
        }
        if line == nil {
            let long: HQLine
            do {
                long = try HQLine(reading: data)
            } catch let error as HangarError {
                throw HangarError.atLine(number, error)
            }
            CopyText.row(fields(long), into: &slice.rows)
            if first {
                slice.firstContent = Array(long.content.utf8)
            } else if let previous = previousHash {
                link = Chain.follows(previous: previous, content: long.content, hash: long.hash)
            }
            line = Line(origin: long.origin, id: long.id, seq: long.seq, hash: long.hash, print: IDPrint.print(of: long.id))
        }
        slice.links.append(link)
        slice.lines.append(line!)
    }

    /// A line's fields in `PostgresHQ.lineColumns`' order.
    static func fields(_ line: HQLine) -> [String?] {
        [line.origin, line.id, String(line.seq), line.hash, line.kind, line.subject, line.occurredAt, line.recordedAt, line.content]
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

    /// The chunk's rows with their line numbers first, for the staging table.
    static func numberedRows(_ chunk: Chunk) -> ByteBuffer {
        var rows = ByteBuffer()
        rows.reserveCapacity(chunk.rows.readableBytes + chunk.count * 8)
        var number = chunk.before
        // A row ends at its newline: a newline in a field is written escaped.
        chunk.rows.withUnsafeReadableBytes { all in
            var start = 0
            while start < all.count {
                let end = all[start...].firstIndex(of: 0x0A) ?? all.count - 1
                number += 1
                rows.writeString(String(number))
                rows.writeInteger(UInt8(0x09))
                rows.writeBytes(UnsafeRawBufferPointer(rebasing: all[start...end]))
                start = end + 1
            }
        }
        return rows
    }
}
