import Hummingbird
import HangarCore
import NIOCore

/// Who is asking, and how they proved it.
public struct Identity: Sendable {
    public enum Proof: Sendable {
        /// A browser session: its hashed id and the CSRF token its forms must carry.
        case session(idHash: String, csrf: String)
        /// An API token, by its hash (a write checks it again in its own transaction).
        case token(hash: String)
    }
    public var staff: Staff
    public var proof: Proof

    public var csrf: String? {
        if case let .session(_, csrf) = proof { return csrf }
        return nil
    }

    /// The hash of the API token the request came with, if it came with one.
    public var tokenHash: String? {
        if case let .token(hash) = proof { return hash }
        return nil
    }
}

/// The request context of every route: the signed-in person, if any, and the peer address.
public struct HangarRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}
