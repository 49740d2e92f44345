import Foundation
import HangarAccess
import HangarCore
import HangarStore
import Hummingbird
import Logging
import NIOCore

/// Resolves who is asking: an API token (`Authorization: Bearer …`) or a session cookie.
/// Expired sessions are ended here. It never refuses: the route groups do that.
struct IdentifyMiddleware: RouterMiddleware {
    typealias Context = HangarRequestContext
    let signIn: SignInSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = try await identify(request)
        return try await next(request, context)
    }

    func identify(_ request: Request) async throws -> Identity? {
        let accounts = signIn.accounts
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let hash = Credentials.sha256(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
            guard let memo = signIn.tokenMemo, TokenMemo.serves(request.method.rawValue, request.uri.path) else {
                return try await accounts.staff(forTokenHash: hash).map { Identity(staff: $0, proof: .token(hash: hash)) }
            }
            if let staff = memo.staff(forTokenHash: hash) { return Identity(staff: staff, proof: .token(hash: hash)) }
            guard let staff = try await accounts.staff(forTokenHash: hash) else { return nil }
            memo.remember(staff, forTokenHash: hash)
            return Identity(staff: staff, proof: .token(hash: hash))
        }
        guard let cookie = request.cookies[signIn.cookies.session]?.value, !cookie.isEmpty else { return nil }
        let idHash = Credentials.sha256(cookie)
        let now = signIn.clock()
        guard let session = try await accounts.session(idHash: idHash) else { return nil }
        if now.milliseconds - session.lastSeenAt.milliseconds > signIn.idleTimeout || now.milliseconds - session.createdAt.milliseconds > signIn.absoluteTimeout {
            try await accounts.deleteSession(idHash: idHash)
            return nil
        }
        if now.milliseconds - session.lastSeenAt.milliseconds > 30_000 { try await accounts.touchSession(idHash: idHash, at: now) }
        return Identity(staff: session.staff, proof: .session(idHash: idHash, csrf: session.csrfToken))
    }
}

/// Pages need a signed-in person: others go to the sign-in page.
struct RequirePageSignIn: RouterMiddleware {
    typealias Context = HangarRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else {
            let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: "/signin?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"), type: .found)
        }
        return try await next(request, context)
    }
}

/// The API needs a token or a session: others get 401 with a JSON body.
struct RequireAPISignIn: RouterMiddleware {
    typealias Context = HangarRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { return APIResponse.signInFirst() }
        // A browser session writing through the API must carry its CSRF token in a header.
        if request.method != .get && request.method != .head, let csrf = identity.csrf, request.headers[.init("X-CSRF-Token")!] != csrf {
            return APIResponse.error(.forbidden, "missing or wrong X-CSRF-Token header for this session")
        }
        return try await next(request, context)
    }
}

/// Security headers on every response, every failure turned into an answer, and every
/// request counted in the metrics. Nothing a route throws reaches Hummingbird: the API
/// answers JSON `{"error": …}` with its status, pages a plain message; a failure that is
/// not a refusal (the database, a bug) is logged here and answered 500 without details.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = HangarRequestContext
    let metrics: ServerMetrics
    static let log = Logger(label: "hangar")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let isAPI = request.uri.path.hasPrefix("/api/")
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // A failure outside the routes' language (a path no route has, a malformed query)
            // is answered in the reader's language all the same: by cookie, then browser.
            let language = PageLanguage.choose(cookie: request.cookies[PageLanguage.cookieName]?.value, staff: nil,
                                               acceptLanguage: request.headers[.acceptLanguage])
            response = PageLanguage.$current.withValue(language) { Self.answer(error, to: request, isAPI: isAPI) }
        }
        metrics.observe(ContinuousClock.now - start, status: response.status.code)
        response.headers[.init("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        // same-origin: nothing leaves for other sites, and the browser's own forms keep a real
        // Origin (under no-referrer they are sent with `Origin: null`).
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// The answer to what a route threw.
    static func answer(_ error: any Error, to request: Request, isAPI: Bool) -> Response {
        var response: Response
        do {
            throw error
        } catch let error as HangarError {
            if isAPI {
                response = APIResponse.refusal(error)
            } else if case .storage = error {
                Self.log.error("a page failed in the database: \(error)")
                response = Page.plain(.internalServerError, PageLanguage.t("w.db_failed"))
            } else {
                response = Page.plain(Page.status(error), error.message(in: PageLanguage.current))
            }
        } catch let error as HTTPError {
            // Error pages say what went wrong in general terms and nothing about internals.
            var message = error.body ?? error.status.reasonPhrase
            if isAPI && error.status == .notFound && error.body == nil {
                message = "no such route: \(request.method.rawValue) \(request.uri.path) (the API's routes are in openapi.yaml)"
            } else if !isAPI && error.status == .notFound && error.body == nil {
                message = PageLanguage.t("w.no_page")
            }
            response = isAPI ? APIResponse.error(error.status, message) : Page.plain(error.status, message)
            for field in error.headers { response.headers.append(field) }
        } catch is NIOTooManyBytesError {
            let message = "the request's body is over the limit of 1 MiB"
            response = isAPI ? APIResponse.error(.contentTooLarge, message) : Page.plain(.contentTooLarge, PageLanguage.t("w.too_large"))
        } catch {
            Self.log.error("a request failed: \(String(reflecting: type(of: error)))")
            response = isAPI
                ? APIResponse.error(.internalServerError, "the server could not complete the request")
                : Page.plain(.internalServerError, PageLanguage.t("w.server_failed"))
        }
        return response
    }
}
