import Foundation
import HangarCore

/// A value headquarters read back from their store: every column is text or a whole number.
public enum HQValue: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case null

    public var text: String? {
        switch self {
        case .text(let s): s
        case .int(let i): String(i)
        case .null: nil
        }
    }

    public var int: Int64? {
        switch self {
        case .int(let i): i
        case .text(let s): Int64(s)
        case .null: nil
        }
    }
}

/// The engine under a headquarters store (DESIGN §12): an SQLite file or a PostgreSQL
/// database. Both hold the same tables (`hq_meta`, `hq_lines`, `hq_copies`, `hq_acks`); the
/// lists and counts are worked out above the engine, from the same SQL on both (written with
/// `?` placeholders), so both engines give the same answers.
public protocol HQEngine: Sendable {
    /// Where the store is, as people gave it (a password left out).
    var location: String { get }
    /// A query giving `(serial, origin)` for every component serial a receipt claims.
    var receivedSerialsSQL: String { get }
    /// An aggregate giving a group's distinct `origin`s joined by commas, in any order.
    var originsJoinedSQL: String { get }
    /// Merges one format-2 export in one transaction: the whole file is refused for a line
    /// that is not a stamped JSON object or names another workshop; otherwise every line
    /// lands, and a different copy of a held line is kept apart (`hq_copies`).
    func merge(_ handle: FileHandle, name: String) async throws -> HQStore.MergeSummary
    /// The ids held by more than one workshop, sorted (nearly always none).
    func idsAtTwoWorkshops() async throws -> [String]
    /// Every row of a query.
    func fetch(_ sql: String, _ arguments: [HQValue]) async throws -> [[HQValue]]
    /// The rows of a query one at a time, without holding them all.
    func forEach(_ sql: String, _ arguments: [HQValue], _ body: ([HQValue]) throws -> Void) async throws
    /// A statement that writes (one transaction of its own).
    func execute(_ sql: String, _ arguments: [HQValue]) async throws
    /// Lets go of the connection.
    func close() async
}

extension HQEngine {
    /// Every line held grouped by id, in one pass.
    public func idsAtTwoWorkshops() async throws -> [String] {
        try await fetch("SELECT id FROM hq_lines GROUP BY id HAVING count(*) > 1 ORDER BY id", []).compactMap { $0[0].text }
    }
}
