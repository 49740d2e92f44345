import ArgumentParser
import Foundation
import HangarServer
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the workshop server: bench forms, the commander's dashboard, the JSON API.",
        discussion: "Staff sign in with a password set by 'hangar staff password ID'; scripts use a token from 'hangar staff token ID'. The server and the command line may use the same file at the same time.")
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Mark the session cookie Secure (when served behind TLS).") var secureCookies = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let env = ServerEnvironment(store: try store.open(concurrentReaders: true), secureCookies: secureCookies)
        Console.print("Hangar serving \(store.path) on http://\(host):\(port)/")
        try await buildApplication(env: env, host: host, port: port).runService()
    }
}
