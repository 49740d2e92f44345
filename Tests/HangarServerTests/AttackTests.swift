import HangarTestSupport
import Foundation
import HangarAccess
import HangarCore
import HangarReport
import HangarStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import HangarServer

/// What an attacker's probe of `hangar serve` found (issue 12), each as a request that
/// must be answered, not trap, and answered as SECURITY.md says.
@Suite("An attacker's requests")
struct AttackTests {
    func seed(_ f: ServerFixture) throws {
        try f.setUp(.register, "P-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "P-1", by: .technician)
        try f.setUp(.enroll, "op-1", by: .instructor) { $0.name = "Olena"; $0.unit = "Alpha" }
    }

    /// Form bodies that are not strictly percent-encoded.
    static let badBodies: [[UInt8]] = [
        Array("staff=a&password=100%".utf8), Array("staff=%zz&password=x".utf8), Array("staff=a b&password=x".utf8),
        Array("staff=a&password=".utf8) + [0xD0, 0x9A], Array("staff=\"a\"&password=x".utf8), Array("staff=a|b".utf8),
        Array("staff={a}".utf8), Array("staff=%".utf8), Array("staff=%4".utf8), Array("staff=%C3%28".utf8),  // not UTF-8 once decoded
        Array("staff=a\r\npassword=b".utf8),
    ]

    @Test func malformedFormsAre400OnEveryFormRouteAndTheServerStaysUp() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.technician))
            let routes = ["/signin", "/signout", "/airframes", "/airframes/P-1/qc", "/airframes/P-1/events/rework_done",
                          "/operators", "/operators/op-1/events/start_training"]
            for route in routes {
                // Sign-in and sign-out read their form before anyone is known; the rest once signed in.
                for (signedIn, body) in [false, true].flatMap({ s in Self.badBodies.map { (s, $0) } })
                where signedIn || route == "/signin" || route == "/signout" {
                    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                    if signedIn { headers[.cookie] = cookie }
                    let r = try await client.executeRequest(uri: route, method: .post, headers: headers, body: ByteBuffer(bytes: body))
                    #expect(r.status == .badRequest, "\(route) with \(String(decoding: body, as: UTF8.self)): \(r.status)")
                    #expect(r.headers[.init("Content-Security-Policy")!] != nil)
                }
                // A cross-site page can post text/plain without a preflight: not a form here.
                let plain = try await client.executeRequest(
                    uri: route, method: .post, headers: [.contentType: "text/plain", .cookie: cookie], body: ByteBuffer(string: "staff=a&x=y"))
                #expect(plain.status == .unsupportedMediaType, "\(route) text/plain: \(plain.status)")
            }
            #expect(try await client.page("/healthz", cookie: nil).status == .ok)
            let metrics = String(buffer: try await client.page("/metrics", cookie: nil).body)
            #expect(metrics.contains(#"hangar_requests_total{status="400"}"#))
        }
    }

    @Test func signInThrottlingHoldsForAttemptsSentAtOnce() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await client.signInForm("staff=technician-1&password=wrong-password-x").status }
                }
                var all: [HTTPResponse.Status] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.count(where: { $0 == .unauthorized }) == 5, "\(statuses)")
            #expect(statuses.count(where: { $0 == .tooManyRequests }) == 35)
            // The right password is refused too until the window has passed.
            #expect(try await client.signInForm("staff=technician-1&password=password-of-technician-1").status == .tooManyRequests)
            f.clock.advance(minutes: 16)
            #expect(try await client.signInForm("staff=technician-1&password=password-of-technician-1").status == .found)
            // A success forgives its own attempt: five more wrong ones are still judged.
            for _ in 0..<4 { #expect(try await client.signInForm("staff=technician-1&password=wrong-password-x").status == .unauthorized) }
        }
    }

    @Test func afterSignInOnlyAPathOfThisServerIsFollowed() async throws {
        #expect(SignInController.safeNext("/airframes?state=ready") == "/airframes?state=ready")
        #expect(SignInController.safeNext("/operators/op-1") == "/operators/op-1")
        for bad in ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/\r\n/evil.example", "//evil.example", "/ /evil.example",
                    "https://evil.example/", "/x\\y", "/\u{0}x", "javascript:alert(1)", "/%0a/x#frag", "", "evil.example"] {
            #expect(SignInController.safeNext(bad) == "/dashboard", "\(bad.debugDescription)")
        }
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            for next in ["%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%5Cevil.example", "%2F%0D%0A%2Fevil.example"] {
                let r = try await client.signInForm("staff=commander-1&password=password-of-commander-1&next=\(next)")
                #expect(r.status == .found)
                #expect(r.headers[.location] == "/dashboard", "next=\(next) went to \(r.headers[.location] ?? "")")
            }
            let page = String(buffer: try await client.page("/signin?next=%2F%09%2Fevil.example", cookie: nil).body)
            #expect(page.contains(#"name="next" value="/dashboard""#))
        }
    }

    /// Each of `" ' < > &` followed by a combining mark, which makes it one character with the mark.
    static let combining: [String] = ["\"", "'", "<", ">", "&"].flatMap { c in ["\u{301}", "\u{20DD}", "\u{FE0F}"].map { c + $0 } }

    /// Whether `html` has one of the five characters raw before a combining mark.
    static func rawBeforeMark(_ html: String) -> String? {
        let bytes = Array(html.utf8)
        for mark in ["\u{301}", "\u{20DD}", "\u{FE0F}"] {
            let m = Array(mark.utf8)
            for c in [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&")] {
                let needle = [c] + m
                if bytes.count >= needle.count, (0...(bytes.count - needle.count)).contains(where: { Array(bytes[$0..<$0 + needle.count]) == needle }) {
                    return String(decoding: needle, as: UTF8.self)
                }
            }
        }
        return nil
    }

    @Test func quotesBeforeCombiningMarksAreEscapedOnEveryPage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        let evil = Self.combining.joined(separator: " ")
        // Stored: free text keeps all five; ids and names take quotes and ampersands.
        try f.setUp(.unitAdd, "Unit \"\u{301} &\u{301} '\u{301}", by: .admin)
        try f.setUp(.register, "X-1", by: .technician) { $0.model = "FPV-7"; $0.note = evil; $0.batch = "B\"\u{301}'\u{301}&\u{301}" }
        try f.setUp(.assembled, "X-1", by: .technician) { $0.note = evil }
        try f.setUp(.enroll, "op-\"\u{301}'\u{301}", by: .instructor) { $0.name = "Eve \"\u{301} &\u{301}"; $0.unit = "Unit \"\u{301} &\u{301} '\u{301}" }
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.technician))
            let q = Self.combining.joined().addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let pages = ["/dashboard?from=\(q)", "/airframes?q=\(q)&model=\(q)&unit=\(q)", "/airframes/X-1", "/airframes/X-1/qc", "/airframes/new",
                         "/operators?unit=\(q)", "/operators/\(Page.path("op-\"\u{301}'\u{301}"))", "/report?format=html", "/signin?next=%2F\(q)",
                         "/airframes/\(q)", "/no-such-page-\(q)"]
            for page in pages {
                let html = String(buffer: try await client.page(page, cookie: page.hasPrefix("/signin") ? nil : cookie).body)
                #expect(Self.rawBeforeMark(html) == nil, "\(page) lets \(Self.rawBeforeMark(html) ?? "") through")
            }
            // Form echoes: the registration form and the QC form send back what was typed.
            let register = try await client.form("/airframes", cookie: cookie, "csrf=\(csrf)&serial=\(q)&model=FPV-7&batch=\(q)")
            #expect(Self.rawBeforeMark(String(buffer: register.body)) == nil)
            let qc = try await client.form("/airframes/X-1/qc", cookie: cookie, "csrf=\(csrf)&measure.hover_current_a=\(q)&defects=\(q)")
            #expect(Self.rawBeforeMark(String(buffer: qc.body)) == nil)
        }
        #expect(HTMLEscaping.escape("\"\u{301}") == "&quot;\u{301}")
        #expect(HTMLEscaping.escape("a<b>&'\"") == "a&lt;b&gt;&amp;&#39;&quot;")
    }

    @Test func apiErrorsAreJSONWithHeadersAndCounted() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let token = f.tokens["commander-1"]
            for (uri, status) in [("/api/v1/airframes?state=bogus", HTTPResponse.Status.unprocessableContent),
                                  ("/api/v1/operators?state=bogus", .unprocessableContent),
                                  ("/api/v1/airframes/not%20a%20serial!", .unprocessableContent),
                                  ("/api/v1/airframes/%zz", .badRequest), ("/api/v1/models/%C3%28", .badRequest),
                                  ("/api/v1/airframes?state=%", .badRequest), ("/api/v1/report?every=fortnight", .unprocessableContent),
                                  ("/api/v1/report?from=2000-01-01&to=2026-01-01", .unprocessableContent),
                                  ("/api/v1/no-such-thing", .notFound), ("/api/v2/airframes", .notFound)] {
                let r = try await client.api(.get, uri, token: token)
                #expect(r.status == status, "\(uri): \(r.status)")
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true, "\(uri)")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]
                #expect((body?["error"] as? String)?.isEmpty == false, "\(uri): \(String(buffer: r.body))")
                #expect(r.headers[.init("X-Content-Type-Options")!] == "nosniff")
            }
            let metrics = String(buffer: try await client.page("/metrics", cookie: nil).body)
            #expect(metrics.contains(#"hangar_requests_total{status="422"}"#))
            #expect(metrics.contains(#"hangar_requests_total{status="404"}"#))
            // Pages answer the same mistakes with a page, not a trap.
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            #expect(try await client.page("/airframes?state=%", cookie: cookie).status == .badRequest)
            #expect(try await client.page("/operators/%zz", cookie: cookie).status == .badRequest)
        }
    }

    @Test func pathParametersArePercentDecoded() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.modelAdd, "Mavic 3", by: .admin) { $0.checklist = [.check("motors")] }
        try f.setUp(.enroll, "op-7/б?x", by: .instructor) { $0.name = "Operator Seven"; $0.unit = "Alpha" }
        try await f.app.test(.router) { client in
            let model = try await client.api(.get, "/api/v1/models/Mavic%203", token: f.tokens["commander-1"])
            #expect(model.status == .ok)
            #expect(String(buffer: model.body).contains(#""name":"Mavic 3""#))
            let op = try await client.api(.get, "/api/v1/operators/op-7%2F%D0%B1%3Fx", token: f.tokens["commander-1"])
            #expect(op.status == .ok, "\(String(buffer: op.body))")
            // The operators page links to the operator, and the link opens.
            let (cookie, _) = try await client.signIn(ServerFixture.id(.instructor))
            let list = String(buffer: try await client.page("/operators", cookie: cookie).body)
            let link = "/operators/" + Page.path("op-7/б?x")
            #expect(list.contains("href=\"\(link)\""), "\(link)")
            #expect(try await client.page(link, cookie: cookie).status == .ok)
        }
    }

    @Test func keysAndNumbersAreJudgedAsWritten() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let token = f.tokens["technician-1"]
            for body in [#"{"event":"register","subject":"D-1","model":"FPV-7","mod\u0065l":"FPV-8"}"#,
                         #"{"ev\u0065nt":"assembled","event":"register","subject":"D-1","model":"FPV-7"}"#,
                         #"{"event":"register","subject":"D-1","model":"FPV-7","n\u006fte":"a","note":"b"}"#] {
                let r = try await client.api(.post, "/api/v1/events", token: token, json: body)
                #expect(r.status == .unprocessableContent, "\(body): \(r.status)")
                #expect(String(buffer: r.body).contains("a key may appear only once"))
            }
            try f.setUp(.register, "D-2", by: .technician) { $0.model = "FPV-7" }
            try f.setUp(.assembled, "D-2", by: .technician)
            try f.setUp(.qc, "D-2", by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 11] }
            try f.setUp(.issue, "D-2", by: .commander) { $0.unit = "Alpha" }
            for minutes in ["10.0", "1e1", "10E0", "1.0e1"] {
                let r = try await client.api(.post, "/api/v1/events", token: f.tokens["commander-1"],
                                             json: #"{"event":"flight","subject":"D-2","minutes":\#(minutes),"purpose":"operational"}"#)
                #expect(r.status == .unprocessableContent, "minutes \(minutes): \(r.status)")
                #expect(String(buffer: r.body).contains("must be a JSON integer"))
            }
            let ok = try await client.api(.post, "/api/v1/events", token: f.tokens["commander-1"],
                                          json: #"{"event":"flight","subject":"D-2","minutes":10,"purpose":"operational"}"#)
            #expect(ok.status == .created)
        }
    }

    @Test func crossSiteFormPostsAreRefused() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            // Sign-in: another site's page, or a form without this server's token.
            for headers: HTTPFields in [[.origin: "http://evil.example"], [.init("Sec-Fetch-Site")!: "cross-site"],
                                        [.init("Sec-Fetch-Site")!: "same-site"], [.origin: "null"]] {
                let r = try await client.signInForm("staff=commander-1&password=password-of-commander-1", headers: headers)
                #expect(r.status == .forbidden, "\(headers)")
                #expect(r.headers[.setCookie]?.contains("hangar_session=") != true)
            }
            let noToken = try await client.executeRequest(
                uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "staff=commander-1&password=password-of-commander-1"))
            #expect(noToken.status == .forbidden)
            #expect(noToken.headers[.setCookie]?.contains("hangar_session=") != true)
            // The same site is fine, even when its browser sends `Origin: null` beside it.
            let same = try await client.signInForm("staff=commander-1&password=password-of-commander-1",
                                                   headers: [.init("Sec-Fetch-Site")!: "same-origin"])
            #expect(same.status == .found)
            let sameNull = try await client.signInForm("staff=commander-1&password=password-of-commander-1",
                                                       headers: [.init("Sec-Fetch-Site")!: "same-origin", .origin: "null"])
            #expect(sameNull.status == .found)
            // Every other form too, even with the right session and token.
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.technician))
            let before = try f.eventCount()
            let r = try await client.executeRequest(
                uri: "/airframes/P-1/events/maintenance_open", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie, .origin: "https://evil.example"],
                body: ByteBuffer(string: "csrf=\(csrf)&reason=defect"))
            #expect(r.status == .forbidden)
            #expect(try f.eventCount() == before)
        }
    }

    @Test func aDatabaseRemovedOrReplacedWhileServingIsNoticed() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let token = f.tokens["technician-1"]
            #expect(try await client.api(.post, "/api/v1/events", token: token, json: #"{"event":"register","subject":"R-1","model":"FPV-7"}"#).status == .created)
            let moved = f.path + ".moved"
            try FileManager.default.moveItem(atPath: f.path, toPath: moved)
            defer { try? FileManager.default.removeItem(atPath: moved) }
            let health = try await client.page("/healthz", cookie: nil)
            #expect(health.status == .serviceUnavailable)
            #expect(String(buffer: health.body).hasPrefix("unhealthy"))
            let write = try await client.api(.post, "/api/v1/events", token: token, json: #"{"event":"register","subject":"R-2","model":"FPV-7"}"#)
            #expect(write.status == .serviceUnavailable)
            #expect(String(buffer: write.body).contains("removed or replaced"))
            // Another file put at the path is not the one the server holds either.
            #expect(FileManager.default.createFile(atPath: f.path, contents: Data("not the workshop".utf8)))
            #expect(try await client.page("/healthz", cookie: nil).status == .serviceUnavailable)
            #expect(try await client.api(.post, "/api/v1/events", token: token, json: #"{"event":"register","subject":"R-3","model":"FPV-7"}"#).status == .serviceUnavailable)
        }
    }

    @Test func smallerItems() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let head = try await client.executeRequest(uri: "/healthz", method: .head, headers: [:], body: nil)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let unknown = try await client.api(.get, "/api/v1/nothing-here", token: nil)
            #expect(unknown.status == .notFound || unknown.status == .unauthorized)
            #expect(unknown.headers[.contentType]?.hasPrefix("application/json") == true)
            // Found by Schemathesis: an oversized body, a loose boolean, null for a field, 401 without a challenge.
            let token = f.tokens["technician-1"]
            let huge = #"{"event":"unit_add","subject":"X","note":""# + String(repeating: "x", count: 1 << 20) + #""}"#
            let tooLarge = try await client.api(.post, "/api/v1/events", token: f.tokens["admin-1"], json: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(try await client.api(.get, "/api/v1/airframes?due=maybe", token: token).status == .unprocessableContent)
            #expect(try await client.api(.get, "/api/v1/airframes?due=false", token: token).status == .ok)
            let null = try await client.api(.post, "/api/v1/events", token: token, json: #"{"event":"register","subject":"N-1","model":"FPV-7","batch":null}"#)
            #expect(null.status == .unprocessableContent)
            #expect(String(buffer: null.body).contains("leave an optional field out"))
            let nested = try await client.api(.post, "/api/v1/events", token: f.tokens["admin-1"],
                                              json: #"{"event":"model_update","subject":"FPV-7","checklist":[{"key":"m","kind":"measure","min":0,"max":null}]}"#)
            #expect(nested.status == .unprocessableContent)
            #expect(String(buffer: nested.body).contains("checklist[0].max"))
            let anonymous = try await client.api(.get, "/api/v1/me", token: nil)
            #expect(anonymous.status == .unauthorized && anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            // Names in messages are shown without their control characters.
            let rlo = try await client.api(.get, "/api/v1/models/a%E2%80%AEb", token: token)
            #expect(rlo.status == .notFound && !String(buffer: rlo.body).contains("\u{202E}"))
        }
    }
}

@Suite("Passwords longer than bcrypt reads")
struct LongPasswordTests {
    @Test func passwordsDifferingAfterByte72AreDifferent() throws {
        // 40 Cyrillic letters are 80 bytes: the two differ only in their last letter.
        let base = String(repeating: "пароль", count: 6) + "ключ"
        let a = base + "а", b = base + "б"
        #expect(a.utf8.count > 72 && b.utf8.count > 72)
        #expect(Array(a.utf8.prefix(72)) == Array(b.utf8.prefix(72)))
        let hash = try Credentials.hashPassword(a, cost: 4)
        #expect(hash.hasPrefix("sha256$"))
        #expect(Credentials.verify(a, hash: hash))
        #expect(!Credentials.verify(b, hash: hash))
        // A short password keeps its plain bcrypt hash, and still verifies.
        let short = try Credentials.hashPassword("twelve-chars", cost: 4)
        #expect(short.hasPrefix("$2"))
        #expect(Credentials.verify("twelve-chars", hash: short))
        // A hash of a password's first 72 bytes never accepts the longer password.
        let cut = String(decoding: Array(a.utf8.prefix(72)), as: UTF8.self)
        let cutHash = try Credentials.hashPassword(cut, cost: 4)
        #expect(Credentials.verify(cut, hash: cutHash))
        #expect(!Credentials.verify(a, hash: cutHash))
        #expect(!Credentials.verify(cut, hash: hash))
        #expect(throws: CredentialError.self) { try Credentials.hashPassword(String(repeating: "я", count: 129), cost: 4) }
        #expect(throws: CredentialError.self) { try Credentials.hashPassword("short", cost: 4) }
        // A token's stored SHA-256, as FIPS 180-2 gives it (lower-case hex).
        #expect(Credentials.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Credentials.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
