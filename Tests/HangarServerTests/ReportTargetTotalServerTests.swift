import HangarTestSupport
import Foundation
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// `target_total` on the report's query string (DESIGN §14) and the dashboard's table of
/// airframes held by each unit.
@Suite("Report target_total and held by unit on the server")
struct ReportTargetTotalServerTests {
    /// Three delivered airframes: two issued to Alpha, one of them into maintenance; a unit
    /// Bravo with none.
    static func workshop() throws -> ServerFixture {
        let f = try ServerFixture()
        try f.setUp(.unitAdd, "Bravo", by: .admin)
        for serial in ["T-1", "T-2", "T-3"] {
            try DashboardSharingTests.deliver(f, serial)
        }
        try f.setUp(.issue, "T-1", by: .commander) { $0.unit = "Alpha" }
        try f.setUp(.issue, "T-2", by: .commander) { $0.unit = "Alpha" }
        try f.setUp(.maintenanceOpen, "T-2", by: .technician) { $0.reason = "damage" }
        return f
    }

    static func object(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }

    @Test func theAPIForecastsATotalAndRefusesBothTargets() async throws {
        let f = try Self.workshop()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let token = f.tokens["commander-1"]
            let total = try await client.api(.get, "/api/v1/report?target_total=10", token: token)
            #expect(total.status == .ok)
            let forecast = try #require(try Self.object(total.body)["forecast"] as? [String: Any])
            #expect(forecast["mode"] as? String == "total" && forecast["target"] as? Int == 10)
            #expect(forecast["delivered_so_far"] as? Int == 3 && forecast["more"] as? Int == 7)
            // The same N as "more" is another report (the cache keeps them apart).
            let more = try await client.api(.get, "/api/v1/report?target=10", token: token)
            let moreForecast = try #require(try Self.object(more.body)["forecast"] as? [String: Any])
            #expect(moreForecast["mode"] as? String == "more" && moreForecast["more"] as? Int == 10)
            let reached = try #require(try Self.object(try await client.api(.get, "/api/v1/report?target_total=3", token: token).body)["forecast"] as? [String: Any])
            #expect(reached["more"] as? Int == 0 && (reached["note"] as? String)?.hasPrefix("already reached") == true)
            let both = try await client.api(.get, "/api/v1/report?target=5&target_total=10", token: token)
            #expect(both.status == .unprocessableContent)
            #expect(String(buffer: both.body).contains("not both"))
            for bad in ["0", "10000001", "x", "1.5"] {
                #expect(try await client.api(.get, "/api/v1/report?target_total=\(bad)", token: token).status == .unprocessableContent, "\(bad)")
            }
            // An empty value counts as absent.
            #expect(try await client.api(.get, "/api/v1/report?target=5&target_total=", token: token).status == .ok)
            let units = try #require((try Self.object(total.body)["snapshot"] as? [String: Any])?["units"] as? [[String: Any]])
            #expect(units.map { $0["unit"] as? String } == ["Alpha", "Bravo"])
            #expect(units.map { $0["held"] as? Int } == [2, 0] && units.map { $0["available"] as? Int } == [1, 0])
        }
    }

    @Test func theDashboardShowsHeldByUnitAndATotalForecast() async throws {
        let f = try Self.workshop()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let commander = try await client.signIn("commander-1")
            let page = String(buffer: try await client.page("/dashboard", cookie: commander.cookie).body)
            #expect(page.contains("<h2>Held by unit</h2>"))
            #expect(page.contains("<tr><td>Alpha</td><td>2</td><td>1</td></tr><tr><td>Bravo</td><td>0</td><td>0</td></tr>"))
            #expect(page.contains(#"name="target_total" min="1" value="""#))
            #expect(page.contains("Forecast for 100 more airframes:"))
            let total = String(buffer: try await client.page("/dashboard?target_total=12", cookie: commander.cookie).body)
            #expect(total.contains("Forecast for 12 airframes in total (3 delivered before "))
            #expect(total.contains(", 9 more):"))
            #expect(total.contains(#"name="target_total" min="1" value="12""#) && total.contains(#"name="target" min="1" value="""#))
            #expect(total.contains("target_total=12"))
            let reached = String(buffer: try await client.page("/dashboard?target_total=2", cookie: commander.cookie).body)
            #expect(reached.contains("Already reached: 3 delivered before "))
            let both = try await client.page("/dashboard?target=5&target_total=12", cookie: commander.cookie)
            #expect(both.status == .unprocessableContent)
        }
    }
}
