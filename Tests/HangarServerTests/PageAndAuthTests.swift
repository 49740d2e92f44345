import HangarTestSupport
import Foundation
import HangarAccess
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

@Suite("Pages and sign-in")
struct PageAndAuthTests {
    static let pages = ["/dashboard", "/airframes", "/airframes/new", "/airframes/P-1", "/airframes/P-1/qc", "/operators", "/operators/op-1",
                        "/report?format=csv", "/report?format=json", "/report?format=html"]

    func seed(_ f: ServerFixture) throws {
        try f.setUp(.register, "P-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "P-1", by: .technician)
        try f.setUp(.enroll, "op-1", by: .instructor) { $0.name = "Olena"; $0.unit = "Alpha" }
    }

    @Test func everyPageForEveryRoleAndNoneWithoutSignIn() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            for page in Self.pages {
                let anonymous = try await client.page(page, cookie: nil)
                #expect(anonymous.status == .found, "\(page) without sign-in")
                #expect(anonymous.headers[.location]?.hasPrefix("/signin?next=") == true)
            }
            for role in Role.allCases {
                let (cookie, csrf) = try await client.signIn(ServerFixture.id(role))
                #expect(!csrf.isEmpty)
                for page in Self.pages {
                    let response = try await client.page(page, cookie: cookie)
                    #expect(response.status == .ok, "\(page) as \(role): \(response.status)")
                }
            }
        }
    }

    @Test func theAirframePageShowsOnlyWhatStateAndRoleAllow() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            let (inspector, _) = try await client.signIn(ServerFixture.id(.inspector))
            let page = String(buffer: try await client.page("/airframes/P-1", cookie: inspector).body)
            #expect(page.contains("action=\"/airframes/P-1/qc\""))
            #expect(!page.contains("/events/write_off"))
            #expect(!page.contains("/events/undo"))
            let (technician, _) = try await client.signIn(ServerFixture.id(.technician))
            let techPage = String(buffer: try await client.page("/airframes/P-1", cookie: technician).body)
            #expect(!techPage.contains("action=\"/airframes/P-1/qc\""))
            #expect(techPage.contains("/events/undo"))  // the technician wrote the latest event
            let (admin, _) = try await client.signIn(ServerFixture.id(.admin))
            let adminPage = String(buffer: try await client.page("/airframes/P-1", cookie: admin).body)
            #expect(adminPage.contains("/events/write_off") && adminPage.contains("/events/undo"))
            #expect(!adminPage.contains("/events/assembled"))
        }
    }

    @Test func formsRecordWithTheSignedInPersonAndRefuseOthers() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            // Register: technicians only.
            for role in Role.allCases {
                let (cookie, csrf) = try await client.signIn(ServerFixture.id(role))
                let before = try f.eventCount()
                let r = try await client.form("/airframes", cookie: cookie, "csrf=\(csrf)&serial=F-\(role.rawValue)&model=FPV-7&batch=")
                if role == .technician {
                    #expect(r.status == .found)
                    #expect(r.headers[.location] == "/airframes/F-TECHNICIAN")
                    #expect(try f.lastEvent()?.actor == ServerFixture.id(role))
                } else {
                    #expect(r.status == .forbidden, "register by \(role)")
                    #expect(try f.eventCount() == before)
                }
            }
            // QC through the form: inspectors only (tried last: their run changes the state);
            // the verdict names the failing item and why.
            for role in Role.allCases.filter({ $0 != .inspector }) + [.inspector] {
                let (cookie, csrf) = try await client.signIn(ServerFixture.id(role))
                let before = try f.eventCount()
                let r = try await client.form("/airframes/P-1/qc", cookie: cookie,
                                              "csrf=\(csrf)&check.motors=pass&measure.hover_current_a=15.5&defects=HOVER_HIGH")
                if role == .inspector {
                    #expect(r.status == .ok)
                    let html = String(buffer: r.body)
                    #expect(html.contains("FAIL"))
                    #expect(html.contains("15.5 is above the maximum 14"))
                    #expect(try f.lastEvent()?.actor == ServerFixture.id(.inspector))
                } else {
                    #expect(r.status == .forbidden, "qc by \(role)")
                    #expect(try f.eventCount() == before)
                }
            }
            // Enrolment through the operators page: instructors and admins.
            for role in Role.allCases {
                let (cookie, csrf) = try await client.signIn(ServerFixture.id(role))
                let before = try f.eventCount()
                let r = try await client.form("/operators", cookie: cookie, "csrf=\(csrf)&id=new-\(role.rawValue)&name=New+Trainee&unit=Alpha")
                if [.instructor, .admin].contains(role) {
                    #expect(r.status == .found, "enroll by \(role)")
                    #expect(try f.lastEvent()?.actor == ServerFixture.id(role))
                } else {
                    #expect(r.status == .forbidden, "enroll by \(role)")
                    #expect(try f.eventCount() == before)
                }
            }
            // An action button on the airframe page: write-off, admins only (tried last).
            for role in Role.allCases.filter({ $0 != .admin }) + [.admin] {
                let (cookie, csrf) = try await client.signIn(ServerFixture.id(role))
                let before = try f.eventCount()
                let r = try await client.form("/airframes/F-TECHNICIAN/events/write_off", cookie: cookie, "csrf=\(csrf)&reason=cracked+frame&confirm=on")
                if role == .admin {
                    #expect(r.status == .ok)
                    #expect(String(buffer: r.body).contains("Recorded Write off: Assembly → Written off."))
                } else {
                    #expect(r.status == .forbidden, "write_off by \(role)")
                    #expect(try f.eventCount() == before)
                }
            }
            // Without the confirm box, a write-off is not recorded.
            try f.setUp(.register, "F-UNSURE", by: .technician) { $0.model = "FPV-7" }
            let (adminCookie, adminCSRF) = try await client.signIn(ServerFixture.id(.admin))
            let unsure = try f.eventCount()
            let r = try await client.form("/airframes/F-UNSURE/events/write_off", cookie: adminCookie, "csrf=\(adminCSRF)&reason=cracked+frame")
            #expect(r.status == .unprocessableContent)
            #expect(String(buffer: r.body).contains("needs the confirm box ticked"))
            #expect(try f.eventCount() == unsure)
            // Operator steps: instructors only (tried last).
            for role in Role.allCases.filter({ $0 != .instructor }) + [.instructor] {
                let (cookie, csrf) = try await client.signIn(ServerFixture.id(role))
                let before = try f.eventCount()
                let r = try await client.form("/operators/op-1/events/start_training", cookie: cookie, "csrf=\(csrf)")
                if role == .instructor {
                    #expect(r.status == .ok)
                    #expect(try f.lastEvent()?.kind == "start_training")
                } else {
                    #expect(r.status == .forbidden, "start_training by \(role)")
                    #expect(try f.eventCount() == before)
                }
            }
        }
    }

    @Test func missingOrWrongCSRFIsRefused() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.inspector))
            let before = try f.eventCount()
            for fields in ["check.motors=pass&measure.hover_current_a=10", "csrf=\(String(csrf.reversed()))&check.motors=pass&measure.hover_current_a=10"] {
                let r = try await client.form("/airframes/P-1/qc", cookie: cookie, fields)
                #expect(r.status == .forbidden)
            }
            // A browser session writing through the API needs the token in a header.
            let api = try await client.executeRequest(
                uri: "/api/v1/events", method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"event":"qc","subject":"P-1","checks":{"motors":"pass"},"measures":{"hover_current_a":10}}"#))
            #expect(api.status == .forbidden)
            #expect(try f.eventCount() == before)
        }
    }

    @Test func sessionsExpireAndSignOutEndsThem() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            // Idle expiry: 30 minutes without a request.
            let (idle, _) = try await client.signIn(ServerFixture.id(.commander))
            #expect(try await client.page("/dashboard", cookie: idle).status == .ok)
            let (forgotten, _) = try await client.signIn(ServerFixture.id(.technician))
            f.clock.advance(minutes: 31)
            #expect(try await client.page("/dashboard", cookie: idle).status == .found)
            // Absolute expiry: 12 hours after sign-in, however active.
            func stored(_ cookie: String) throws -> Bool {
                try f.store.session(idHash: Credentials.sha256(String(cookie.split(separator: "=").last ?? ""))) != nil
            }
            #expect(try stored(forgotten), "a session nobody came back to is still kept")
            let (busy, _) = try await client.signIn(ServerFixture.id(.commander))
            // The next sign-in cleared it away (past its idle timeout), and kept its own.
            #expect(try !stored(forgotten))
            #expect(try stored(busy))
            for _ in 0..<25 {
                f.clock.advance(minutes: 29)
                _ = try await client.page("/airframes", cookie: busy)
            }
            #expect(try await client.page("/airframes", cookie: busy).status == .found)
            // Sign-out ends the session on the server: the old cookie no longer works.
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.commander))
            let out = try await client.form("/signout", cookie: cookie, "csrf=\(csrf)")
            #expect(out.status == .found)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.page("/dashboard", cookie: cookie).status == .found)
            // Cookie flags, and a new id at every sign-in.
            let a = try await client.signIn(ServerFixture.id(.commander)).cookie
            let b = try await client.signIn(ServerFixture.id(.commander)).cookie
            #expect(a != b)
            let raw = try await client.signInForm("staff=commander-1&password=password-of-commander-1")
            let setCookie = raw.headers[.setCookie] ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            #expect((setCookie.split(separator: ";").first?.split(separator: "=").last?.count ?? 0) == 32)  // 128 bits in hex
        }
    }

    @Test func tooManyBadPasswordsAreThrottled() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            for _ in 0..<5 {
                let r = try await client.signInForm("staff=technician-1&password=wrong-password")
                #expect(r.status == .unauthorized)
            }
            let blocked = try await client.signInForm("staff=technician-1&password=password-of-technician-1")
            #expect(blocked.status == .tooManyRequests)
            f.clock.advance(minutes: 16)
            let later = try await client.signInForm("staff=technician-1&password=password-of-technician-1")
            #expect(later.status == .found)
        }
    }

    @Test func theAPIWithoutSignInIs401AndTokensWork() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let anonymous = try await client.api(.get, "/api/v1/airframes", token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(String(buffer: anonymous.body).hasPrefix(#"{"error":"#))
            #expect(try await client.api(.get, "/api/v1/airframes", token: "hgr_not-a-token").status == .unauthorized)
            let me = try await client.api(.get, "/api/v1/me", token: f.tokens["commander-1"])
            #expect(String(buffer: me.body) == #"{"id":"commander-1","name":"Commander One","roles":["commander"]}"#)
            // Reads, and the same error texts as the command line.
            let r = try await client.api(.post, "/api/v1/events", token: f.tokens["inspector-1"],
                                         json: #"{"event":"qc","subject":"NOPE-1","checks":{"motors":"pass"}}"#)
            #expect(r.status == .conflict)
            #expect(String(buffer: r.body) == #"{"error":"cannot record 'qc' for NOPE-1: no airframe NOPE-1 is registered (register it first)"}"#)
            let bad = try await client.api(.post, "/api/v1/events", token: f.tokens["technician-1"],
                                           json: #"{"event":"register","subject":"X-1","model":"FPV-7","by":"admin-1"}"#)
            #expect(bad.status == .unprocessableContent)
            // An event must say it is JSON: a form or plain text is refused before it is read.
            let asForm = try await client.executeRequest(
                uri: "/api/v1/events", method: .post,
                headers: [.authorization: "Bearer \(f.tokens["technician-1"]!)", .contentType: "text/plain"],
                body: ByteBuffer(string: #"{"event":"register","subject":"X-2","model":"FPV-7"}"#))
            #expect(asForm.status == .unsupportedMediaType)
            #expect(String(buffer: asForm.body).contains("application/json"))
            let register = try await client.api(.post, "/api/v1/events", token: f.tokens["technician-1"],
                                                json: #"{"event":"register","subject":"x-1","model":"FPV-7"}"#)
            #expect(register.status == .created)
            let show = try await client.api(.get, "/api/v1/airframes/X-1", token: f.tokens["commander-1"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: show.body)) as? [String: Any])
            #expect(object["state"] as? String == "assembly" && object["due"] as? Bool == false)
            #expect(try await client.api(.get, "/api/v1/airframes/X-404", token: f.tokens["commander-1"]).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/report?every=fortnight", token: f.tokens["commander-1"]).status == .unprocessableContent)
            let report = try await client.api(.get, "/api/v1/report?from=2025-12-01&to=2026-01-05", token: f.tokens["commander-1"])
            #expect(String(buffer: report.body).contains(#""every":"week""#))
        }
    }

    @Test func everyAPIReadForEveryRole() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            for role in Role.allCases {
                for uri in ["/api/v1/me", "/api/v1/workshop", "/api/v1/staff", "/api/v1/units", "/api/v1/models", "/api/v1/models/FPV-7",
                            "/api/v1/airframes?state=awaiting_qc", "/api/v1/airframes/P-1", "/api/v1/operators", "/api/v1/operators/op-1",
                            "/api/v1/report?target=10"] {
                    let r = try await client.api(.get, uri, token: f.tokens[ServerFixture.id(role)])
                    #expect(r.status == .ok, "\(uri) as \(role)")
                }
            }
            let list = try await client.api(.get, "/api/v1/airframes?state=awaiting_qc", token: f.tokens["commander-1"])
            #expect(String(buffer: list.body).contains(#""serial":"P-1""#))
        }
    }

    /// Event writes remember a token found valid (`TokenMemo`) and check it again in the
    /// write's own transaction: a token revoked after it wrote once writes nothing more.
    @Test func aTokenRevokedAfterItWroteCannotWriteAgain() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let token = f.tokens["technician-1"]
            let first = try await client.api(.post, "/api/v1/events", token: token, json: #"{"event":"register","subject":"TW-1","model":"FPV-7"}"#)
            #expect(first.status == .created, "\(String(buffer: first.body))")
            // The id the server gave is a time-ordered UUID (version 7).
            #expect(String(buffer: first.body).contains(#/"id":"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/#))
            let count = try f.eventCount()
            // A token still valid: a body that does not read is refused for what it is.
            let garbled = try await client.api(.post, "/api/v1/events", token: token, json: "{not json")
            #expect(garbled.status == .unprocessableContent)
            #expect(try f.store.revokeTokens(of: "technician-1") == 1)
            // Remembered, then revoked: a body that does not read, a rule's refusal and a wrong
            // type each get 401, as they did before tokens were remembered. Each case has a
            // token of its own, remembered by one write before it is revoked.
            let refusals: [(json: String, type: String)] = [
                ("{not json", "application/json"), (#"{"event":"register","subject":"TW-1","model":"FPV-7"}"#, "application/json"),
                (#"{"event":"register","subject":"TW-9","model":"FPV-7"}"#, "text/plain"),
            ]
            for (i, refusal) in refusals.enumerated() {
                let own = Credentials.newToken()
                try f.store.addToken(hash: Credentials.sha256(own), for: "inspector-1", at: f.clock.now)
                let remembered = try await client.api(.post, "/api/v1/events", token: own, json: #"{"event":"unit_add","subject":"Unit \#(i)"}"#)
                #expect(remembered.status == .forbidden, "\(String(buffer: remembered.body))")  // an inspector adds no unit
                #expect(try f.store.revokeTokens(of: "inspector-1") >= 1)
                let r = try await client.executeRequest(uri: "/api/v1/events", method: .post,
                                                        headers: [.authorization: "Bearer \(own)", .contentType: refusal.type],
                                                        body: ByteBuffer(string: refusal.json))
                #expect(r.status == .unauthorized, "\(refusal): \(String(buffer: r.body))")
                #expect(r.headers[.wwwAuthenticate] == #"Bearer realm="hangar""#)
            }
            for serial in ["TW-2", "TW-3"] {
                let r = try await client.api(.post, "/api/v1/events", token: token, json: #"{"event":"register","subject":"\#(serial)","model":"FPV-7"}"#)
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate] == #"Bearer realm="hangar""#)
                #expect(String(buffer: r.body).contains("sign in first"))
            }
            #expect(try f.eventCount() == count)
            #expect(try await client.api(.get, "/api/v1/airframes/TW-2", token: f.tokens["commander-1"]).status == .notFound)
            // Another person's token still writes, under that person's name.
            let other = try await client.api(.post, "/api/v1/events", token: f.tokens["admin-1"],
                                             json: #"{"event":"unit_add","subject":"9th Company"}"#)
            #expect(other.status == .created, "\(String(buffer: other.body))")
            #expect(String(buffer: other.body).contains(#""by":"admin-1""#))
            #expect(try f.eventCount() == count + 1)
        }
    }

    @Test func errorPagesLeakNothingAndSignInOnlyRedirectsHome() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            for (uri, status) in [("/no-such-page", HTTPResponse.Status.notFound), ("/airframes/NOPE-1", .notFound), ("/operators/nobody", .notFound)] {
                let r = try await client.page(uri, cookie: cookie)
                #expect(r.status == status, "\(uri)")
                let body = String(buffer: r.body)
                for leak in ["/work/", ".swift", "GRDB", "SQLite error", "Hummingbird", "Fatal", "Error Domain"] {
                    #expect(!body.contains(leak), "\(uri) shows \(leak): \(body)")
                }
                #expect(r.headers[.init("Content-Security-Policy")!] != nil)
            }
            let garbage = try await client.api(.post, "/api/v1/events", token: f.tokens["technician-1"], json: "{not json")
            #expect(garbage.status == .unprocessableContent)
            let twice = try await client.api(.post, "/api/v1/events", token: f.tokens["technician-1"],
                                             json: #"{"event":"register","subject":"D-1","model":"FPV-7","model":"FPV-9"}"#)
            #expect(twice.status == .unprocessableContent)
            #expect(String(buffer: twice.body).contains("a key may appear only once"))
            // A revoked token stops working at once.
            #expect(try await client.api(.get, "/api/v1/me", token: f.tokens["technician-1"]).status == .ok)
            #expect(try f.store.revokeTokens(of: "technician-1") == 1)
            #expect(try await client.api(.get, "/api/v1/me", token: f.tokens["technician-1"]).status == .unauthorized)
            #expect(String(buffer: garbage.body).hasPrefix(#"{"error":"invalid body"#), "\(String(buffer: garbage.body))")
            // An unknown id and a wrong password get the same answer.
            let unknown = try await client.signInForm("staff=nobody-at-all&password=whatever-password")
            let wrong = try await client.signInForm("staff=technician-1&password=whatever-password")
            #expect(unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(String(buffer: unknown.body).contains("Unknown staff id or wrong password."))
            // (each page carries its own sign-in form token)
            func withoutToken(_ html: String) -> String {
                html.replacingOccurrences(of: #"name="csrf" value="[0-9a-f]+""#, with: "TOKEN", options: .regularExpression)
            }
            #expect(withoutToken(String(buffer: unknown.body))
                    == withoutToken(String(buffer: wrong.body)).replacingOccurrences(of: "technician-1", with: "nobody-at-all"))
            // A new password ends the sessions the person had.
            #expect(try await client.page("/dashboard", cookie: cookie).status == .ok)
            try f.store.setPasswordHash(try Credentials.hashPassword("a-brand-new-password", cost: 4), for: "commander-1", at: f.clock.now)
            #expect(try await client.page("/dashboard", cookie: cookie).status == .found)
            try f.store.setPasswordHash(try Credentials.hashPassword(ServerFixture.password("commander-1"), cost: 4), for: "commander-1", at: f.clock.now)
            // After sign-in, only a path on this server is followed.
            for next in ["//evil.example/x", "https://evil.example/", "/\\evil.example"] {
                let r = try await client.signInForm(
                    "staff=commander-1&password=password-of-commander-1&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
                #expect(r.status == .found)
                #expect(r.headers[.location] == "/dashboard", "next=\(next) went to \(r.headers[.location] ?? "")")
            }
        }
    }

    @Test func healthMetricsAndHeaders() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let health = try await client.page("/healthz", cookie: nil)
            #expect(health.status == .ok && String(buffer: health.body) == "ok\n")
            #expect(health.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(health.headers[.cacheControl] == "no-store")
            #expect(health.headers[.contentType]?.contains("charset=utf-8") == true)
            #expect(health.headers[.init("X-Frame-Options")!] == "DENY" && health.headers[.init("Referrer-Policy")!] == "same-origin")
            #expect(health.headers[.init("Access-Control-Allow-Origin")!] == nil)
            #expect(health.headers[.init("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            _ = try await client.api(.post, "/api/v1/events", token: f.tokens["technician-1"], json: #"{"event":"register","subject":"M-1","model":"FPV-7"}"#)
            _ = try await client.api(.post, "/api/v1/events", token: f.tokens["commander-1"], json: #"{"event":"register","subject":"M-2","model":"FPV-7"}"#)
            let metrics = String(buffer: try await client.page("/metrics", cookie: nil).body)
            #expect(metrics.contains(#"hangar_events_recorded_total{kind="register"} 1"#))
            #expect(metrics.contains(#"hangar_rejections_total{reason="role_required"} 1"#))
            #expect(metrics.contains(#"hangar_airframes{state="assembly"} 1"#))
            #expect(metrics.contains("hangar_request_duration_seconds_bucket"))
        }
    }
}
