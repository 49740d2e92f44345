import Foundation
import HangarAccess
import HangarCore
import HangarStore
import NIOPosix

/// What the server needs: the store, a clock, and its security settings. Time comes in
/// as a parameter so tests can move it.
public struct ServerEnvironment: Sendable {
    public var store: HangarStore
    public var clock: @Sendable () -> Timestamp
    /// bcrypt cost of new password hashes.
    public var bcryptCost: UInt8
    /// A session ends after this long without a request…
    public var idleTimeout: Int64
    /// …and this long after sign-in, whatever happens.
    public var absoluteTimeout: Int64
    /// Failed sign-ins allowed per account, and per address, within `failureWindow` milliseconds.
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    public var failureWindow: Int64
    /// Mark the session cookie Secure (behind TLS).
    public var secureCookies: Bool
    public let metrics: ServerMetrics
    /// Reports already built for the current log (see `ReportCache`).
    let reports = ReportCache()
    /// Writes, committed in groups (see `WriteQueue`).
    let writes: WriteQueue
    /// API tokens already found valid, for the event writes (see `TokenMemo`).
    let tokens = TokenMemo()
    /// A hash no password matches, checked when the staff id is unknown or has no password,
    /// so a wrong id takes as long to refuse as a wrong password (no account probing by timing).
    let decoyHash: String

    public init(
        store: HangarStore, clock: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) }, bcryptCost: UInt8 = 12,
        idleTimeout: Int64 = 30 * 60_000, absoluteTimeout: Int64 = 12 * 3_600_000, maxFailuresPerAccount: Int = 5,
        maxFailuresPerAddress: Int = 20, failureWindow: Int64 = 15 * 60_000, secureCookies: Bool = false
    ) {
        self.store = store
        self.clock = clock
        self.bcryptCost = bcryptCost
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.failureWindow = failureWindow
        self.secureCookies = secureCookies
        self.metrics = ServerMetrics()
        self.decoyHash = (try? Credentials.hashPassword(Credentials.randomHex(bytes: 16), cost: bcryptCost)) ?? ""
        self.writes = WriteQueue(store: store, clock: clock)
    }

    /// Sign-in over the workshop's own staff.
    var signIn: SignInSettings {
        SignInSettings(accounts: StoreAccounts(store: store), clock: clock, idleTimeout: idleTimeout, absoluteTimeout: absoluteTimeout,
                       maxFailuresPerAccount: maxFailuresPerAccount, maxFailuresPerAddress: maxFailuresPerAddress, failureWindow: failureWindow,
                       secureCookies: secureCookies, decoyHash: decoyHash, tokenMemo: tokens)
    }

    /// Runs blocking work (SQLite, bcrypt) off the event loop.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// Records an event through the rules, counting it (or its rejection) in the metrics.
    /// Records an event through the group-commit queue. `happensNow`: the event's time is
    /// taken when it is written (the person gave none), so simultaneous writes on one
    /// airframe are ordered by the queue instead of refusing each other.
    /// `tokenHash`: the API token the request came with; the write is refused
    /// (`TokenWithdrawn`) unless it still names the author when the event is written.
    func record(_ input: EventInput, happensNow: Bool = true, tokenHash: String? = nil) async throws -> Decision {
        do {
            let decision = try await writes.record(input, happensNow: happensNow, tokenHash: tokenHash)
            metrics.recorded(decision.event.kind)
            return decision
        } catch let error as HangarError {
            metrics.rejected(error)
            throw error
        }
    }
}
