import Foundation
import HangarCore
import HangarStore
import Hummingbird

/// Sign-in and sign-out: bcrypt passwords, a new 128-bit session id at every sign-in,
/// attempts limited per account and per address.
struct SignInController {
    let env: ServerEnvironment

    func add(to router: Router<HangarRequestContext>) {
        router.get("signin") { request, context in
            if context.identity != nil { return Page.redirect("/dashboard") }
            return Page.render("signin", title: "Sign in", context: ["next": Self.safeNext(request.uri.queryParameters.get("next"))], identity: nil)
        }
        router.post("signin") { request, context in
            let form = try await Form.read(request)
            let response = try await signIn(form, address: context.remoteAddress)
            // Signing in again replaces the session the browser had.
            if response.status == .found, case let .session(idHash, _)? = context.identity?.proof {
                let store = env.store
                try await env.blocking { try store.deleteSession(idHash: idHash) }
            }
            return response
        }
        router.post("signout") { request, context in
            let form = try await Form.read(request)
            if let identity = context.identity, case let .session(idHash, csrf) = identity.proof {
                guard form["csrf"] == csrf else { return Page.plain(.forbidden, "The form is out of date: reload the page and try again.") }
                let store = env.store
                try await env.blocking { try store.deleteSession(idHash: idHash) }
            }
            var response = Page.redirect("/signin")
            response.setCookie(Cookie(name: IdentifyMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: env.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
    }

    /// Only local paths may follow a sign-in.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return "/dashboard" }
        return raw
    }

    func signIn(_ form: Form, address: String) async throws -> Response {
        let id = form["staff"] ?? ""
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        let env = self.env
        let store = env.store
        let now = env.clock()
        let since = Timestamp(milliseconds: now.milliseconds - env.failureWindow)
        let accountKey = "account:\(id)", addressKey = "address:\(address)"
        let throttled = try await env.blocking {
            try store.loginFailures(key: accountKey, since: since) >= env.maxFailuresPerAccount
                || store.loginFailures(key: addressKey, since: since) >= env.maxFailuresPerAddress
        }
        if throttled {
            return Page.render("signin", title: "Sign in", context: ["next": next, "staff": id], identity: nil, status: .tooManyRequests,
                               flash: ("error", "Too many failed sign-ins. Wait 15 minutes, or ask an admin to set a new password."))
        }
        let decoy = env.decoyHash
        let staff = try await env.blocking { () -> Staff? in
            guard let member = try store.staff(id), let hash = try store.passwordHash(for: id) else {
                _ = Credentials.verify(password, hash: decoy)
                return nil
            }
            return Credentials.verify(password, hash: hash) ? member : nil
        }
        guard let staff else {
            try await env.blocking {
                try store.recordLoginFailure(keys: [accountKey, addressKey], at: now, forgetBefore: since)
            }
            return Page.render("signin", title: "Sign in", context: ["next": next, "staff": id], identity: nil, status: .unauthorized,
                               flash: ("error", "Unknown staff id or wrong password."))
        }
        let sessionID = Credentials.randomHex(bytes: 16)
        let csrf = Credentials.randomHex(bytes: 16)
        try await env.blocking {
            try store.clearLoginFailures(key: accountKey)
            try store.createSession(idHash: Credentials.sha256(sessionID), staffID: staff.id, csrfToken: csrf, at: now)
        }
        var response = Page.redirect(next)
        response.setCookie(Cookie(
            name: IdentifyMiddleware.cookieName, value: sessionID, path: "/", secure: env.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}
