import Foundation
import HangarCore
import Hummingbird

/// The language of the page being made (DESIGN §13): the language switch's cookie, then the
/// signed-in person's own setting, then the browser's `Accept-Language`, else English. Set
/// for the whole request by `LanguageMiddleware`, read where text is rendered.
enum PageLanguage {
    @TaskLocal static var current: Language = .en
    /// The address of the page being made (path and query), where the switch comes back to.
    @TaskLocal static var here: String = "/dashboard"
    /// The workshop's time zone (nil: UTC), for the times pages show.
    @TaskLocal static var zone: String? = nil

    /// A moment as people read it: local time to the minute, in the page's language.
    static func time(_ t: Timestamp) -> String { LocalTime.show(t, zone: zone, current) }

    static let cookieName = "hangar_lang"

    static func choose(cookie: String?, staff: Staff?, acceptLanguage: String?) -> Language {
        if let cookie, let language = Language(code: cookie) { return language }
        if let language = staff?.lang { return language }
        if let header = acceptLanguage, let language = Language.fromAcceptLanguage(String(header.prefix(512))) { return language }
        return .en
    }

    /// Text of `key` in the page's language.
    static func t(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text(key, current, args) }

    /// The catalogue of the page's language, for templates (`{{t.p_…}}`).
    static func table() -> [String: Any] { Catalogue.table(current) }

    /// A local path to come back to: only `/…` (not `//…`, no backslash), else the dashboard.
    static func safeBack(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.utf8.count <= 2000,
              raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/dashboard" }
        return raw
    }

    /// `/lang/ru?back=/airframes`: sets the switch's cookie for a year and goes back.
    static func add(to router: Router<HangarRequestContext>, secureCookies: Bool) {
        router.get("lang/:code") { request, context in
            guard let code = context.parameters.get("code"), let language = Language(code: code) else {
                return Page.plain(.notFound, PageLanguage.t("w.no_language"))
            }
            let back = safeBack(try Form.query(request).get("back"))
            var response = Response(status: .seeOther, headers: [.location: back])
            response.setCookie(Cookie(name: cookieName, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }
}

struct LanguageMiddleware: RouterMiddleware {
    typealias Context = HangarRequestContext
    /// The time zone pages show times in (nil: UTC).
    let zone: @Sendable () async -> String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = PageLanguage.choose(
            cookie: request.cookies[PageLanguage.cookieName]?.value, staff: context.identity?.staff,
            acceptLanguage: request.headers[.acceptLanguage])
        let here = request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
        // Pages show local times; the API, health and metrics speak UTC and skip the read.
        let path = request.uri.path
        let isPage = !(path.hasPrefix("/api/") || path == "/healthz" || path == "/metrics")
        let zone = isPage ? await self.zone() : nil
        return try await PageLanguage.$current.withValue(language) {
            try await PageLanguage.$here.withValue(here) {
                try await PageLanguage.$zone.withValue(zone) {
                    try await LocalTime.$readersZone.withValue(zone) { try await next(request, context) }
                }
            }
        }
    }
}
