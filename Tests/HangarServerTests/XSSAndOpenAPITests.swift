import HangarTestSupport
import Foundation
import HangarAccess
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

@Suite("Escaping and the API document")
struct XSSAndOpenAPITests {
    @Test func markupPeopleTypedComesBackEscapedOnEveryPage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        let evil = "<script>alert(1)</script>"
        // Names refuse '<' and '>' (see the bad-input corpus); free text keeps them.
        #expect(throws: (any Error).self) { try f.setUp(.unitAdd, "Alpha <img src=x onerror=alert(2)>", by: .admin) }
        try f.setUp(.unitAdd, "Alpha & \"Bravo\"", by: .admin)
        try f.setUp(.register, "X-1", by: .technician) { $0.model = "FPV-7"; $0.note = evil; $0.batch = "<b>B1</b>" }
        try f.setUp(.assembled, "X-1", by: .technician) { $0.note = "<img src=x onerror=alert(2)>" }
        try f.setUp(.enroll, "op-x", by: .instructor) { $0.name = "Eve \"O'Hara\" & Co"; $0.unit = "Alpha & \"Bravo\"" }
        try f.setUp(.staffAdd, "mallory", by: .admin) { $0.name = "Mallory & Co"; $0.roles = [.commander] }
        try f.store.setPasswordHash(try Credentials.hashPassword("password-of-mallory", cost: 4), for: "mallory", at: f.clock.now)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn("mallory")
            for page in ["/dashboard", "/airframes", "/airframes/X-1", "/airframes/X-1/qc", "/airframes/new", "/operators", "/operators/op-x",
                         "/report?format=html"] {
                let html = String(buffer: try await client.page(page, cookie: cookie).body)
                #expect(!html.contains("<script"), "\(page) lets a script through")
                #expect(!html.contains("<img src=x"), "\(page) lets markup through")
                #expect(!html.contains("<b>B1"), "\(page) lets markup through")
            }
            let airframe = String(buffer: try await client.page("/airframes/X-1", cookie: cookie).body)
            #expect(airframe.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(airframe.contains("&lt;img src=x onerror=alert(2)&gt;"))
            let operatorPage = String(buffer: try await client.page("/operators/op-x", cookie: cookie).body)
            #expect(operatorPage.contains("Eve &quot;O&#39;Hara&quot; &amp; Co") || operatorPage.contains("Eve &quot;O&#x27;Hara&quot; &amp; Co"), "\(operatorPage)")
            #expect(operatorPage.contains("Alpha &amp; &quot;Bravo&quot;"))
        }
    }

    /// The (method, path) pairs of openapi.yaml.
    static func documented() throws -> Set<String> {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let text = try String(contentsOf: root.appendingPathComponent("Sources/HangarServer/openapi.yaml"), encoding: .utf8)
        var result: Set<String> = []
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /") && line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            else if !line.hasPrefix("  ") { path = nil }
            for method in ["get", "post", "put", "delete", "patch"] where line == "    \(method):" {
                if let path { result.insert("\(method.uppercased()) \(path)") }
            }
        }
        return result
    }

    @Test func theDocumentAndTheRoutesAgree() async throws {
        let documented = try Self.documented()
        let routed = Set(APIController.routes.map { "\($0.0.rawValue) \($0.1)" })
        #expect(documented == routed)
        #expect(documented.count == 12)
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            for entry in documented {
                let parts = entry.split(separator: " ")
                let method: HTTPRequest.Method = parts[0] == "POST" ? .post : .get
                let uri = String(parts[1]).replacingOccurrences(of: "{name}", with: "FPV-7")
                    .replacingOccurrences(of: "{serial}", with: "AF-1").replacingOccurrences(of: "{id}", with: "op-1")
                // Without a token every documented route answers 401 (a missing route would be 404)…
                let anonymous = try await client.api(method, uri, token: nil, json: method == .post ? "{}" : nil)
                #expect(anonymous.status == .unauthorized, "\(entry)")
                // …and with one it answers something other than 404 "no such route".
                let signed = try await client.api(method, uri, token: f.tokens["admin-1"], json: method == .post ? #"{"event":"unit_add","subject":"Bravo"}"# : nil)
                #expect(signed.status.code < 500, "\(entry)")
                #expect(String(buffer: signed.body).hasPrefix("{") || String(buffer: signed.body).hasPrefix("["), "\(entry) answers JSON")
            }
        }
    }
}
