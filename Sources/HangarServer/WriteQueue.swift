import HangarCore
import HangarStore
import Hummingbird
import NIOPosix

/// Group commit for the server. Each write must be on disk before it is acknowledged
/// (synchronous=FULL), and each transaction costs a sync and a turn at the write lock; so
/// while one transaction is being written, the events that arrive wait, and then go
/// together in the next one, each in its own savepoint (`HangarStore.recordBatch`). One
/// person alone waits for one transaction, as before; many at once share them. Every
/// event still passes the rules one after the other, in the order it arrived.
actor WriteQueue {
    private struct Waiting {
        var entry: HangarStore.Pending
        var continuation: CheckedContinuation<Decision, any Error>
    }

    private var waiting: [Waiting] = []
    private var writing = false
    private let store: HangarStore
    private let clock: @Sendable () -> Timestamp
    /// At most this many events in one transaction.
    static let batchLimit = 256

    init(store: HangarStore, clock: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.clock = clock
    }

    func record(_ input: EventInput, happensNow: Bool, tokenHash: String? = nil) async throws -> Decision {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(entry: HangarStore.Pending(input, happensNow: happensNow, tokenHash: tokenHash), continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.batchLimit))
            waiting.removeFirst(batch.count)
            let entries = batch.map(\.entry)
            let (store, clock) = (self.store, self.clock)
            // A file deleted or replaced under the server would take writes and lose them at
            // the next start: refuse them instead (503), and /healthz says so.
            guard store.isStillAtPath() else {
                for item in batch { item.continuation.resume(throwing: DatabaseUnavailable.error(store.path)) }
                continue
            }
            do {
                let results = try await NIOThreadPool.singleton.runIfActive { try store.recordBatch(entries, clock: clock) }
                for (item, result) in zip(batch, results) { item.continuation.resume(with: result) }
            } catch {
                for item in batch { item.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}

/// The server's database file is gone from its path or was replaced: writes are refused.
enum DatabaseUnavailable {
    static let message = "the workshop's database file was removed or replaced while the server was running; "
        + "nothing was written. Restart the server on the right file."

    static func error(_ path: String) -> HTTPError { HTTPError(.serviceUnavailable, message: message) }
}
