import Hummingbird

/// Refuses a form posted from another site, on every form (sign-in included), before the
/// route reads it: a browser says where a post comes from in `Sec-Fetch-Site`, and in
/// `Origin`. A post whose `Sec-Fetch-Site` is not `same-origin` (or `none`: the person
/// typed it) is answered 403; a browser too old to send `Sec-Fetch-Site` is judged by
/// `Origin`, which must be this server's (`null` is refused). `Sec-Fetch-Site` comes first
/// because a browser may send `Origin: null` for its own site's forms under some referrer
/// policies. A client that is
/// not a browser sends neither and is judged by the form's own token, as before. The API
/// is not a form: its writes carry a bearer token or an `X-CSRF-Token` header, which no
/// other site can make a browser send.
struct SameOriginForms: RouterMiddleware {
    typealias Context = HangarRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .post, !request.uri.path.hasPrefix("/api/"), !Self.isSameOrigin(request) {
            return Page.plain(.forbidden, PageLanguage.t("w.cross_site"))
        }
        return try await next(request, context)
    }

    static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.init("Sec-Fetch-Site")!]?.lowercased() {
            return site == "same-origin" || site == "none"
        }
        if let origin = request.headers[.origin] {
            // "null" (a sandboxed or file page) and any other site are refused.
            guard let authority = request.head.authority, !authority.isEmpty else { return false }
            let lowered = origin.lowercased()
            return lowered == "http://" + authority.lowercased() || lowered == "https://" + authority.lowercased()
        }
        return true
    }
}
