import Foundation
import HangarCore
import HangarStore
import Hummingbird
import HummingbirdCore
import Logging

/// Builds the Hummingbird application: public routes (sign-in, health, metrics), pages that
/// need a signed-in person, and the JSON API.
public func buildApplication(
    env: ServerEnvironment, host: String = "127.0.0.1", port: Int = 8080, connections: ConnectionPolicy = ConnectionPolicy()
) -> some ApplicationProtocol {
    application(router: buildRouter(env: env), host: host, port: port, connections: connections)
}

/// The HTTP server around a router: connection limits, the request timeout, logging. The
/// workshop's server and the headquarters' (`buildHQApplication`) are the same server.
func application(
    router: Router<HangarRequestContext>, host: String, port: Int, connections: ConnectionPolicy
) -> some ApplicationProtocol {
    var logger = Logger(label: "hangar")
    logger.logLevel = .info
    let counts = ConnectionCounts(perAddress: connections.perAddress)
    return Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(counts: counts, timeout: connections.requestTimeout)])),
        configuration: .init(
            address: .hostname(host, port: port), serverName: "Hangar",
            availableConnectionsDelegate: MaximumAvailableConnections(connections.total, logger: logger)),
        logger: logger)
}

/// `/healthz` for GET and HEAD: 200 "ok" while `healthy` says so, else 503 with `problem`.
func addHealth(to router: Router<HangarRequestContext>, problem: String, healthy: @escaping @Sendable () async -> Bool) {
    let health: @Sendable (Request, HangarRequestContext) async throws -> Response = { request, _ in
        let ok = await healthy()
        let text = ok ? "ok\n" : "unhealthy: " + problem + "\n"
        var response = Response(status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: text)))
        if request.method == .head {
            response.headers[.contentLength] = String(text.utf8.count)
            response.body = .init()
        }
        return response
    }
    router.get("healthz", use: health)
    router.head("healthz", use: health)
}

public func buildRouter(env: ServerEnvironment) -> Router<HangarRequestContext> {
    let router = Router(context: HangarRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(metrics: env.metrics))
    router.add(middleware: SameOriginForms())
    router.add(middleware: IdentifyMiddleware(signIn: env.signIn))
    let store = env.store
    router.add(middleware: LanguageMiddleware(zone: { (try? await env.blocking { try store.workshop().timezone }) ?? nil }))

    // Healthy while the database file the server opened is still the one at its path.
    addHealth(to: router, problem: DatabaseUnavailable.message) { env.store.isStillAtPath() }
    router.get("metrics") { _, _ in
        let store = env.store
        let counts = try await env.blocking { try store.fleetByState() }
        env.metrics.wip(counts)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: env.metrics.registry.emitToString())))
    }
    SignInController(signIn: env.signIn).add(to: router)
    PageLanguage.add(to: router, secureCookies: env.secureCookies)

    let pages = router.group().add(middleware: RequirePageSignIn())
    pages.get("/") { _, _ in Page.redirect("/dashboard") }
    AirframePages(env: env).add(to: pages)
    OperatorPages(env: env).add(to: pages)
    DashboardPage(env: env).add(to: pages)
    PartsPages(env: env).add(to: pages)
    AdminPages(env: env).add(to: pages)

    let api = router.group("api/v1").add(middleware: RequireAPISignIn())
    APIController(env: env).add(to: api)
    return router
}
