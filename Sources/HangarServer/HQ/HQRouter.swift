import Foundation
import HangarCore
import HangarStore
import Hummingbird
import HummingbirdCore
import Logging

/// The headquarters server (`hangar serve --hq`): the national dashboard for commanders,
/// read-only. Its own accounts sign in; nothing but signing in and out is ever posted.
public func buildHQApplication(
    env: HQServerEnvironment, host: String = "127.0.0.1", port: Int = 8080, connections: ConnectionPolicy = ConnectionPolicy()
) -> some ApplicationProtocol {
    var logger = Logger(label: "hangar")
    logger.logLevel = .info
    let counts = ConnectionCounts(perAddress: connections.perAddress)
    return Application(
        router: buildHQRouter(env: env),
        server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(counts: counts, timeout: connections.requestTimeout)])),
        configuration: .init(
            address: .hostname(host, port: port), serverName: "Hangar",
            availableConnectionsDelegate: MaximumAvailableConnections(connections.total, logger: logger)),
        logger: logger)
}

public func buildHQRouter(env: HQServerEnvironment) -> Router<HangarRequestContext> {
    let router = Router(context: HangarRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(metrics: env.metrics))
    router.add(middleware: HeadquartersPages())
    router.add(middleware: SameOriginForms())
    router.add(middleware: IdentifyMiddleware(signIn: env.signIn))
    router.add(middleware: LanguageMiddleware(zone: { nil }))

    // Healthy while the store answers.
    let health: @Sendable (Request, HangarRequestContext) async throws -> Response = { request, _ in
        let ok = await env.hq.answers()
        let text = ok ? "ok\n" : "unhealthy: the headquarters store does not answer\n"
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
    SignInController(signIn: env.signIn).add(to: router)
    PageLanguage.add(to: router, secureCookies: env.secureCookies)

    let pages = router.group().add(middleware: RequirePageSignIn())
    pages.get("/") { _, _ in Page.redirect("/dashboard") }
    HQPages(env: env).add(to: pages)

    let api = router.group("api/v1").add(middleware: RequireAPISignIn())
    HQPages(env: env).addAPI(to: api)
    return router
}

/// Marks the pages as headquarters' (the layout's menu is theirs).
struct HeadquartersPages: RouterMiddleware {
    typealias Context = HangarRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await Page.$headquarters.withValue(true) { try await next(request, context) }
    }
}
