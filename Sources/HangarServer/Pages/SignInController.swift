import Foundation
import HangarAccess
import HangarCore
import HangarStore
import Hummingbird
import NIOPosix

/// Sign-in and sign-out: bcrypt passwords, a new 128-bit session id at every sign-in,
/// attempts limited per account and per address (counted before the password is checked,
/// so attempts sent together cannot slip past the limit), and a token on the sign-in form
/// itself, so another site cannot sign a visitor in under its own account.
struct SignInController {
    let signIn: SignInSettings
    // The sign-in form's token rides in a cookie too (`signIn.cookies.form`; double submit:
    // the form's hidden field must equal it; another site can neither read nor set it).

    func add(to router: Router<HangarRequestContext>) {
        router.get("signin") { request, context in
            if context.identity != nil { return Page.redirect("/dashboard") }
            let next = Self.safeNext(try Form.query(request).get("next"))
            return signInPage(request, context: ["next": next])
        }
        router.post("signin") { request, context in
            let form = try await Form.read(request)
            guard let token = request.cookies[signIn.cookies.form]?.value, token.count == 32, form["csrf"] == token else {
                return signInPage(request, context: ["next": Self.safeNext(form["next"]), "staff": form["staff"] ?? ""], status: .forbidden,
                                  flash: ("error", PageLanguage.t("w.signin_stale")))
            }
            let response = try await self.signIn(form, request: request, address: context.remoteAddress)
            // Signing in again replaces the session the browser had.
            if response.status == .found, case let .session(idHash, _)? = context.identity?.proof {
                try await signIn.accounts.deleteSession(idHash: idHash)
            }
            return response
        }
        router.post("signout") { request, context in
            let form = try await Form.read(request)
            if let identity = context.identity, case let .session(idHash, csrf) = identity.proof {
                guard form["csrf"] == csrf else { return Page.plain(.forbidden, PageLanguage.t("w.form_expired")) }
                try await signIn.accounts.deleteSession(idHash: idHash)
            }
            var response = Page.redirect("/signin")
            response.setCookie(Cookie(name: signIn.cookies.session, value: "", maxAge: 0, path: "/", secure: signIn.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
    }

    /// The sign-in page with its form token: the browser's, or a new one set as a cookie.
    func signInPage(_ request: Request, context: [String: Any], status: HTTPResponse.Status = .ok,
                    flash: (kind: String, text: String)? = nil) -> Response {
        let existing = request.cookies[signIn.cookies.form]?.value
        let token = existing.flatMap { $0.count == 32 && $0.allSatisfy(\.isHexDigit) ? $0 : nil } ?? Credentials.randomHex(bytes: 16)
        var context = context
        context["csrf"] = token
        var response = Page.render("signin", title: PageLanguage.t("w.title_signin"), context: context, identity: nil, status: status, flash: flash)
        if existing != token {
            response.setCookie(Cookie(name: signIn.cookies.form, value: token, path: "/signin", secure: signIn.secureCookies, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// Only a path of this server may follow a sign-in: the text must be printable ASCII
    /// without a backslash, start with one `/`, parse as a URL reference with no scheme and
    /// no host, and is then rebuilt from its parsed path and query. Anything else goes to
    /// the dashboard.
    static func safeNext(_ raw: String?) -> String {
        let home = "/dashboard"
        guard let raw, raw.count <= 2048, raw.hasPrefix("/"), !raw.hasPrefix("//"),
              raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }),
              let parts = URLComponents(string: raw), parts.scheme == nil, parts.host == nil, parts.user == nil,
              parts.port == nil, parts.fragment == nil else { return home }
        let path = parts.percentEncodedPath
        guard path.hasPrefix("/"), !path.hasPrefix("//") else { return home }
        let rebuilt = path + (parts.percentEncodedQuery.map { "?" + $0 } ?? "")
        return rebuilt.hasPrefix("/") && !rebuilt.hasPrefix("//") ? rebuilt : home
    }

    func signIn(_ form: Form, request: Request, address: String) async throws -> Response {
        let id = form["staff"] ?? ""
        let password = form.fields["password"] ?? ""
        let next = Self.safeNext(form["next"])
        let settings = self.signIn
        let accounts = settings.accounts
        let now = settings.clock()
        let since = Timestamp(milliseconds: now.milliseconds - settings.failureWindow)
        let accountKey = "account:\(id)", addressKey = "address:\(address)"
        // The attempt counts as a failure from here on, before bcrypt runs: forty attempts at
        // once see one another, and the ones past the limit are refused unjudged.
        let reserved = try await accounts.reserveLoginAttempt(
            keys: [(accountKey, settings.maxFailuresPerAccount), (addressKey, settings.maxFailuresPerAddress)], at: now, since: since)
        guard let reserved else {
            return signInPage(request, context: ["next": next, "staff": id], status: .tooManyRequests,
                              flash: ("error", PageLanguage.t("w.signin_locked")))
        }
        let decoy = settings.decoyHash
        let member = try await accounts.member(id)
        // bcrypt runs off the event loop, the decoy hash when the id is unknown or has no password.
        let staff = try await NIOThreadPool.singleton.runIfActive { () -> Staff? in
            guard let member, let hash = member.passwordHash else {
                _ = Credentials.verify(password, hash: decoy)
                return nil
            }
            return Credentials.verify(password, hash: hash) ? member.staff : nil
        }
        guard let staff else {
            return signInPage(request, context: ["next": next, "staff": id], status: .unauthorized,
                              flash: ("error", PageLanguage.t("w.signin_wrong")))
        }
        let sessionID = Credentials.randomHex(bytes: 16)
        let csrf = Credentials.randomHex(bytes: 16)
        try await accounts.forgiveLoginAttempt(rows: reserved, clearing: accountKey)
        // Sessions past their timeouts are cleared away as a new one starts (nothing else ends them).
        try await accounts.createSession(
            idHash: Credentials.sha256(sessionID), staffID: staff.id, csrfToken: csrf, at: now,
            seenBefore: Timestamp(milliseconds: now.milliseconds - settings.idleTimeout),
            createdBefore: Timestamp(milliseconds: now.milliseconds - settings.absoluteTimeout))
        var response = Page.redirect(next)
        response.setCookie(Cookie(
            name: signIn.cookies.session, value: sessionID, path: "/", secure: signIn.secureCookies, httpOnly: true, sameSite: .strict))
        // The sign-in form's token has served; the next sign-in gets a new one.
        response.setCookie(Cookie(name: signIn.cookies.form, value: "", maxAge: 0, path: "/signin", secure: signIn.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}
