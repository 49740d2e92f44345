import Foundation
import HangarCore

/// An import's lines, read, parsed and given their data's canonical text on a thread of
/// their own, a chunk at a time, while the import's transaction judges and writes the chunk
/// before. The lines come out in file order, each with its number; a line that does not
/// parse comes out as its error, so the import still names the first bad line and stops
/// there. At most `waiting` chunks wait, so a file of any length holds little memory.
final class ParsedLines: @unchecked Sendable {
    /// One line of the file.
    enum Line {
        /// Spaces, tabs and carriage returns only: not an event.
        case blank
        /// An event line, with its data's canonical text when it could be made (nil: the
        /// writer makes it, and names what is wrong).
        case event(EventInput, LineStamp, canonical: String?)
        /// The line's parse error, not yet given its line number.
        case refused(any Error)
    }

    static let linesPerChunk = 512
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    /// Made empty and then given its slots: libdispatch stops the process when a semaphore
    /// is freed holding less than it was made with, as this one may after a stop.
    private let room = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Chunks read and not yet taken; `nil` after the last; an error of the reading itself
    /// (a line over 1 MiB, the file unreadable) after the lines before it.
    private var queue: [Result<[Line]?, any Error>] = []
    private var stopped = false

    /// Starts reading `handle` on a thread of its own. `forEach` must be called once: it
    /// takes the lines and, when it returns or throws, stops the thread and waits for it.
    init(handle: FileHandle, waiting: Int = 4) {
        for _ in 0..<max(1, waiting) { room.signal() }
        let thread = Thread { [self] in
            read(handle)
            finished.signal()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Hands `lines` (or the end, or an error) to the taker, once there is room; false when
    /// the taker has stopped.
    private func hand(_ result: Result<[Line]?, any Error>) -> Bool {
        room.wait()
        let taken = lock.withLock { () -> Bool in
            guard !stopped else { return false }
            queue.append(result)
            return true
        }
        if taken { ready.signal() }
        return taken
    }

    private struct Stop: Error {}

    private func read(_ handle: FileHandle) {
        var chunk: [Line] = []
        chunk.reserveCapacity(Self.linesPerChunk)
        do {
            try LineReader(handle: handle).forEach { data in
                chunk.append(Self.parse(data))
                if chunk.count == Self.linesPerChunk {
                    guard hand(.success(chunk)) else { throw Stop() }
                    chunk = []
                    chunk.reserveCapacity(Self.linesPerChunk)
                }
            }
            if !chunk.isEmpty, !hand(.success(chunk)) { return }
            _ = hand(.success(nil))
        } catch is Stop {
            return
        } catch {
            if !chunk.isEmpty, !hand(.success(chunk)) { return }
            _ = hand(.failure(error))
        }
    }

    /// One line, as the import reads it.
    static func parse(_ data: Data) -> Line {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
        do {
            let (input, stamp) = try EventLine.parseStamped(data)
            return .event(input, stamp, canonical: try? EventLine.canonicalText(input.body, note: input.note))
        } catch {
            return .refused(error)
        }
    }

    /// Gives every line in file order, numbered from 1, to `body`; rethrows an error of the
    /// reading (already naming its line) when the lines before it are done.
    func forEach(_ body: (Int, Line) throws -> Void) throws {
        defer { stop() }
        var number = 0
        while true {
            ready.wait()
            let next = lock.withLock { queue.removeFirst() }
            room.signal()
            switch next {
            case let .failure(error):
                throw error
            case .success(nil):
                return
            case let .success(lines?):
                for line in lines {
                    number += 1
                    try body(number, line)
                }
            }
        }
    }

    /// Stops the reading thread (a waiting hand-over sees it) and waits until it has ended,
    /// so nothing reads the handle after the import returns.
    private func stop() {
        lock.withLock { stopped = true }
        room.signal()
        finished.wait()
    }
}
