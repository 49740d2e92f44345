import ArgumentParser
import Foundation
import HangarAccess
import HangarServer
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: tr("Run the workshop server: bench forms, the commander's dashboard, the JSON API."),
        discussion: tr("Staff sign in with a password set by 'hangar staff password ID'; scripts use a token from 'hangar staff token ID'. The server and the command line may use the same file at the same time."))
    @Option(help: ArgumentHelp(tr("Address to listen on."))) var host = "127.0.0.1"
    @Option(help: ArgumentHelp(tr("Port to listen on."))) var port = 8080
    @Flag(help: ArgumentHelp(tr("Mark the session cookie Secure (when served behind TLS)."))) var secureCookies = false
    @Option(help: ArgumentHelp(tr("Seconds a connection may take to send a whole request (and may stay idle between requests).")))
    var requestTimeout = 15
    @Option(help: ArgumentHelp(tr("Open connections allowed from one address; more are closed at once.")))
    var connectionsPerAddress = 256
    @Option(help: ArgumentHelp(tr("Serve the headquarters' national dashboard from this store instead (a file path or postgres://…; accounts from hangar hq staff)."), valueName: "url"))
    var hq: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let hq, hq.isEmpty { throw ValidationError(tr("--hq needs the headquarters store: a file path or a postgres:// URL")) }
        guard (1...3600).contains(requestTimeout) else {
            throw ValidationError(tr("--request-timeout must be a whole number of seconds from 1 to 3600"))
        }
        guard (1...100_000).contains(connectionsPerAddress) else {
            throw ValidationError(tr("--connections-per-address must be from 1 to 100000"))
        }
    }

    func run() async throws {
        if let hq { return try await serveHeadquarters(hq) }
        let env = ServerEnvironment(store: try store.open(concurrentReaders: true), secureCookies: secureCookies)
        Console.print(trf("Hangar serving {path} on {url}", ["path": store.path, "url": "http://\(host):\(port)/"]))
        let connections = ConnectionPolicy(requestTimeout: .seconds(Int64(requestTimeout)), perAddress: connectionsPerAddress)
        try await buildApplication(env: env, host: host, port: port, connections: connections).runService()
    }

    /// The national dashboard, read-only, for the headquarters' own accounts.
    func serveHeadquarters(_ location: String) async throws {
        try await HQOptions.with(location) { hq in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-hq-serve-\(UUID().uuidString)")
            // Every workshop's data is replayed in it: readable by this user only.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: folder) }
            let env = HQServerEnvironment(hq: hq, folder: folder, cache: ReplayCache.standard(for: location), secureCookies: secureCookies)
            Console.print(trf("Hangar headquarters serving {path} on {url}", ["path": hq.location, "url": "http://\(host):\(port)/"]))
            // Each workshop's log is replayed before the first commander asks, and again
            // after each merge as soon as it lands (the store is asked every 30 seconds).
            let watch = Task { await env.keepReplaysCurrent(every: .seconds(30)) }
            defer { watch.cancel() }
            let connections = ConnectionPolicy(requestTimeout: .seconds(Int64(requestTimeout)), perAddress: connectionsPerAddress)
            try await buildHQApplication(env: env, host: host, port: port, connections: connections).runService()
        }
    }
}
