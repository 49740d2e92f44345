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
    application(router: buildHQRouter(env: env), host: host, port: port, connections: connections)
}

public func buildHQRouter(env: HQServerEnvironment) -> Router<HangarRequestContext> {
    let router = Router(context: HangarRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(metrics: env.metrics))
    router.add(middleware: HeadquartersPages())
    router.add(middleware: SameOriginForms())
    router.add(middleware: IdentifyMiddleware(signIn: env.signIn))
    router.add(middleware: LanguageMiddleware(zone: { nil }))

    // Healthy while the store answers.
    addHealth(to: router, problem: "the headquarters store does not answer") { await env.hq.answers() }
    // Requests, replays, and how much is held: counts only (no workshop named), as the
    // workshop server's /metrics gives states, not serials.
    router.get("metrics") { _, _ in
        let statuses = try await env.reports.listing().statuses
        env.metrics.holding(workshops: statuses.count, lines: statuses.reduce(0) { $0 + $1.events })
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: env.metrics.registry.emitToString())))
    }
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
