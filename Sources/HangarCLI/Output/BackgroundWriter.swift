import Foundation

/// Writes a long output's pieces on a thread of its own, so the next piece is made while
/// one is written (a national report is a hundred megabytes). At most `waiting` pieces
/// wait to be written; the first failure is kept and thrown at the next piece or at `finish`,
/// and nothing after it is written.
final class BackgroundWriter: @unchecked Sendable {
    private let write: ([UInt8]) throws -> Void
    private let queue = DispatchQueue(label: "hangar.output")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: (any Error)?

    init(waiting: Int = 2, write: @escaping ([UInt8]) throws -> Void) {
        self.write = write
        slots = DispatchSemaphore(value: max(1, waiting))
    }

    private var failed: (any Error)? { lock.withLock { failure } }

    /// Queues `piece` to be written; throws an earlier piece's failure.
    func enqueue(_ piece: [UInt8]) throws {
        if let failed { throw failed }
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.failed == nil else { return }
            do {
                try self.write(piece)
            } catch {
                self.lock.withLock { self.failure = error }
            }
        }
    }

    /// Waits until every queued piece is written; throws the first failure.
    func finish() throws {
        queue.sync {}
        if let failed { throw failed }
    }
}
