import HangarTestSupport
import HangarAccess
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import NIOEmbedded
import Testing
@testable import HangarServer

/// The connection guard on an embedded channel whose clock the test moves.
@Suite("Slow and idle connections")
struct ConnectionGuardTests {
    func connected(_ counts: ConnectionCounts, address: String = "127.0.0.2") throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ConnectionGuard(counts: counts, timeout: .seconds(10)))
        try channel.connect(to: SocketAddress(ipAddress: address, port: 40000)).wait()
        return channel
    }

    static let head = HTTPRequestPart.head(HTTPRequest(method: .get, scheme: "http", authority: "hangar", path: "/healthz"))

    @Test func aConnectionThatSendsNoWholeRequestIsClosed() throws {
        let counts = ConnectionCounts(perAddress: 10)
        let silent = try connected(counts)
        #expect(counts.count("127.0.0.2") == 1)
        silent.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(silent.isActive)
        silent.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!silent.isActive, "a connection that sent nothing for 11 s is still open")
        #expect(counts.count("127.0.0.2") == 0)

        // Half a request, then nothing: the same.
        let slow = try connected(counts)
        try slow.writeInbound(Self.head)
        slow.embeddedEventLoop.advanceTime(by: .seconds(11))
        #expect(!slow.isActive, "a request that never ends keeps its connection")
    }

    @Test func aRequestReceivedWholeIsNotTimedWhileItIsAnswered() throws {
        let counts = ConnectionCounts(perAddress: 10)
        let channel = try connected(counts)
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))  // a long report
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        // Answered: now the next request is awaited, for the same time.
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "an idle keep-alive connection is never closed")
    }

    /// A request answered before its body was read (a refusal) does not stop the clock: the
    /// rest of it, and then the next request, are still owed in time.
    @Test func aRequestAnsweredEarlyKeepsTheClockRunning() throws {
        let counts = ConnectionCounts(perAddress: 10)
        let channel = try connected(counts)
        try channel.writeInbound(Self.head)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .unsupportedMediaType)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        try channel.writeInbound(HTTPRequestPart.end(nil))  // the rest of the refused request
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "after an early answer the connection escapes the timeout")
    }

    @Test func connectionsOverTheAddressLimitAreClosedAtOnce() throws {
        let counts = ConnectionCounts(perAddress: 2)
        let a = try connected(counts), b = try connected(counts)
        let c = try connected(counts)
        #expect(a.isActive && b.isActive)
        #expect(!c.isActive, "a third connection from one address is kept")
        let other = try connected(counts, address: "127.0.0.1")
        #expect(other.isActive, "another address is refused for the first one's connections")
        _ = try a.close().wait()
        #expect(counts.count("127.0.0.2") == 1)
        let d = try connected(counts)
        #expect(d.isActive)
    }
}
