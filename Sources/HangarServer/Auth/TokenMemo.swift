import HangarCore
import NIOConcurrencyHelpers

/// API tokens already found valid, by their hash, for the one route that checks them again
/// itself: `POST /api/v1/events`. A write carries its token's hash to the writer, which
/// looks it up in the same transaction as the event (`HangarStore.Pending.tokenHash`): a
/// token revoked a moment before is refused there, and nothing is written. So the memo
/// spares each write a read on a connection of its own (a tenth of the server's time under
/// load) without letting a revoked token write. Every other route looks the token up.
final class TokenMemo: Sendable {
    private let known = NIOLockedValueBox<[String: Staff]>([:])
    /// At most this many tokens are remembered; past it the memo starts again.
    static let limit = 4096

    func staff(forTokenHash hash: String) -> Staff? { known.withLockedValue { $0[hash] } }

    func remember(_ staff: Staff, forTokenHash hash: String) {
        known.withLockedValue { memo in
            if memo.count >= Self.limit { memo.removeAll(keepingCapacity: true) }
            memo[hash] = staff
        }
    }

    func forget(tokenHash hash: String) { known.withLockedValue { _ = $0.removeValue(forKey: hash) } }

    /// Whether the request is the one the memo serves.
    static func serves(_ method: String, _ path: String) -> Bool { method == "POST" && path == "/api/v1/events" }
}
