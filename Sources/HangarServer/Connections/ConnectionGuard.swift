import Foundation
import HummingbirdCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// How many connections the server holds, and for how long it waits for a request.
/// Without these, connections that send nothing, or send a byte now and then, are kept
/// for ever: enough of them use up the process's file descriptors and nothing answers,
/// `/healthz` included.
public struct ConnectionPolicy: Sendable {
    /// A request must arrive whole (head, body and end) within this time of the connection
    /// opening or of the previous answer; otherwise the connection is closed. This also
    /// closes idle keep-alive connections.
    public var requestTimeout: TimeAmount
    /// At most this many open connections from one address; more are closed at once.
    public var perAddress: Int
    /// At most this many open connections in all; beyond it new ones wait in the listen
    /// queue until one closes (Hummingbird's `MaximumAvailableConnections`).
    public var total: Int

    public init(requestTimeout: TimeAmount = .seconds(15), perAddress: Int = 256, total: Int = ConnectionPolicy.defaultTotal) {
        self.requestTimeout = requestTimeout
        self.perAddress = perAddress
        self.total = total
    }

    /// Half of the file descriptors the process may open (the database and the log need
    /// their share), at least 64 and at most 4096.
    public static var defaultTotal: Int {
        max(64, min(4096, descriptorLimit() / 2))
    }

    static func descriptorLimit() -> Int {
        var limit = rlimit()
        #if os(Linux)
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        #else
        guard getrlimit(RLIMIT_NOFILE, &limit) == 0 else { return 1024 }
        #endif
        return Int(clamping: limit.rlim_cur)
    }
}

/// Open connections per address, shared by every connection's `ConnectionGuard`.
public final class ConnectionCounts: Sendable {
    private let counts = NIOLockedValueBox<[String: Int]>([:])
    let perAddress: Int

    public init(perAddress: Int) { self.perAddress = perAddress }

    /// Counts a new connection from `address`; false (and not counted) when it has its limit.
    func open(_ address: String) -> Bool {
        counts.withLockedValue { counts in
            let now = counts[address, default: 0]
            guard now < perAddress else { return false }
            counts[address] = now + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLockedValue { counts in
            let left = counts[address, default: 1] - 1
            counts[address] = left > 0 ? left : nil
        }
    }

    /// Open connections from `address` (for tests).
    public func count(_ address: String) -> Int { counts.withLockedValue { $0[address, default: 0] } }
}

/// One per connection, after the HTTP decoder: closes a connection that is over its
/// address's limit, or that has not delivered a whole request within the timeout.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let counts: ConnectionCounts
    let timeout: TimeAmount
    private var address: String?
    private var deadline: Scheduled<Void>?
    /// Requests received whole, and answers sent. While more requests have been received
    /// than answered, the server is working and nothing is awaited from the client; else the
    /// client owes a request (or the rest of one answered early, e.g. refused before its body
    /// was read) and the clock runs.
    private var received = 0
    private var answered = 0

    init(counts: ConnectionCounts, timeout: TimeAmount) {
        self.counts = counts
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { opened(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context)
        context.fireChannelActive()
    }

    private func opened(_ context: ChannelHandlerContext) {
        guard address == nil else { return }
        let peer = context.channel.remoteAddress?.ipAddress ?? "local"
        guard counts.open(peer) else {
            context.close(promise: nil)
            return
        }
        address = peer
        awaitRequest(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    private func stop() {
        deadline?.cancel()
        deadline = nil
        if let address { counts.close(address) }
        address = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            received += 1
            if received > answered {
                deadline?.cancel()
                deadline = nil
            } else {
                awaitRequest(context)  // the end of a request answered early: now the next one is owed
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            answered += 1
            if answered >= received { awaitRequest(context) }
        }
        context.write(data, promise: promise)
    }

    private func awaitRequest(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }
}
