import Foundation
import HangarCore
import HangarStore
import Hummingbird
import Logging

/// Builds the Hummingbird application: public routes (sign-in, health, metrics), pages that
/// need a signed-in person, and the JSON API.
public func buildApplication(env: ServerEnvironment, host: String = "127.0.0.1", port: Int = 8080) -> some ApplicationProtocol {
    var logger = Logger(label: "hangar")
    logger.logLevel = .info
    return Application(
        router: buildRouter(env: env),
        configuration: .init(address: .hostname(host, port: port), serverName: "Hangar"),
        logger: logger)
}

public func buildRouter(env: ServerEnvironment) -> Router<HangarRequestContext> {
    let router = Router(context: HangarRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(metrics: env.metrics))
    router.add(middleware: IdentifyMiddleware(env: env))

    router.get("healthz") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }
    router.get("metrics") { _, _ in
        let store = env.store
        let counts = try await env.blocking { try store.fleetByState() }
        env.metrics.wip(counts)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: env.metrics.registry.emitToString())))
    }
    SignInController(env: env).add(to: router)

    let pages = router.group().add(middleware: RequirePageSignIn())
    pages.get("/") { _, _ in Page.redirect("/dashboard") }
    AirframePages(env: env).add(to: pages)
    OperatorPages(env: env).add(to: pages)
    DashboardPage(env: env).add(to: pages)

    let api = router.group("api/v1").add(middleware: RequireAPISignIn())
    APIController(env: env).add(to: api)
    return router
}
