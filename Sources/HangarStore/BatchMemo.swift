import GRDB
import Synchronization

/// What one server batch leaves for the next (`HangarStore.recordBatch`): the chain head
/// and the configuration tables (workshop, staff, units, models) as its transaction
/// committed them. Read again for every batch, they cost a handful of queries each time.
///
/// They are used only while nothing else has written the file: SQLite's `data_version`
/// of the writing connection, read inside the next batch's transaction (which holds the
/// write lock), changes when any other connection or process has committed. A transaction
/// on this connection that is not a batch (an import, sign-in bookkeeping, a migration)
/// forgets them first, and so does a batch that fails.
final class BatchMemo: Sendable {
    struct Kept {
        var dataVersion: Int64
        var head: (seq: Int64, hash: String)
        var configuration: ConfigurationCache
    }

    private let kept = Mutex<Kept?>(nil)

    /// What the last batch kept, if nothing else has written since (`dataVersion` read now).
    func take(ifUnchangedAt dataVersion: Int64) -> Kept? {
        kept.withLock { kept in
            defer { kept = nil }
            return kept?.dataVersion == dataVersion ? kept : nil
        }
    }

    func keep(_ value: Kept?) { kept.withLock { $0 = value } }

    func forget() { kept.withLock { $0 = nil } }

    static func dataVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? -1
    }
}
