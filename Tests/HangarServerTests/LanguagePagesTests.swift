import HangarTestSupport
import Foundation
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// DESIGN §13 on the web: the switch's cookie, then the staff member's setting, then the
/// browser's Accept-Language; local times on pages.
@Suite("Pages in three languages")
struct LanguagePagesTests {
    @Test func theSwitchSetsACookieThatOutranksStaffAndBrowser() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "AF-1", by: .technician) { $0.model = "FPV-7" }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.technician))
            // No choice anywhere: English.
            var page = String(buffer: try await client.page("/airframes/AF-1", cookie: cookie).body)
            #expect(page.contains(#"<html lang="en">"#))
            #expect(page.contains(">Airframes<"))
            #expect(page.contains(#"href="/lang/ru?back="#))

            // The browser asks for Kazakh.
            var r = try await client.executeRequest(uri: "/airframes/AF-1", method: .get, headers: [.cookie: cookie, .acceptLanguage: "kk-KZ,kk;q=0.9,ru;q=0.8"], body: nil)
            page = String(buffer: r.body)
            #expect(page.contains(#"<html lang="kk">"#))
            #expect(page.contains(Catalogue.text("p_airframes", .kk)))
            #expect(page.contains(Catalogue.text("state.assembly", .kk)), "states are labelled, not raw")

            // The switch: a cookie for a year, and back to where the person was.
            r = try await client.executeRequest(uri: "/lang/ru?back=%2Fairframes%2FAF-1", method: .get, headers: [.cookie: cookie], body: nil)
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/airframes/AF-1")
            let setCookie = r.headers[.setCookie] ?? ""
            #expect(setCookie.hasPrefix("hangar_lang=ru") && setCookie.contains("HttpOnly"), "\(setCookie)")
            let both = cookie + "; hangar_lang=ru"
            r = try await client.executeRequest(uri: "/airframes/AF-1", method: .get, headers: [.cookie: both, .acceptLanguage: "kk"], body: nil)
            page = String(buffer: r.body)
            #expect(page.contains(#"<html lang="ru">"#))
            #expect(page.contains(Catalogue.text("p_airframes", .ru)))
            #expect(page.contains(Catalogue.text("ev.assembled", .ru)), "event buttons are labelled in Russian")
            #expect(!page.contains(">Airframes<"))

            // A refusal on a page is worded in the page's language, with raw names kept.
            let csrf = String(page.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression).map { page[$0].dropFirst(19).dropLast() } ?? "")
            r = try await client.executeRequest(
                uri: "/airframes/AF-1/events/issue", method: .post,
                headers: [.cookie: both, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "csrf=\(csrf)&unit=Alpha"))
            #expect(r.status == .conflict)
            let refusal = String(buffer: r.body)
            #expect(refusal.contains("нельзя записать") && refusal.contains("assembly"), "\(refusal.prefix(400))")
        }
    }

    @Test func aStaffMembersSettingOutranksTheBrowser() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        f.clock.advance(minutes: 1)
        try f.store.record(EventInput(id: "lang-1", subject: ServerFixture.id(.commander), occurredAt: f.clock.now, actor: ServerFixture.id(.admin),
                                      body: .staffUpdate(StaffChange(lang: "kk"))), now: f.clock.now)
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            let r = try await client.executeRequest(uri: "/operators", method: .get, headers: [.cookie: cookie, .acceptLanguage: "ru"], body: nil)
            #expect(String(buffer: r.body).contains(#"<html lang="kk">"#))
        }
    }

    @Test func theSwitchOnlyGoesBackToThisSiteAndKnowsThreeLanguages() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            for back in ["https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example", "%2F%5Cevil.example", "javascript%3Aalert(1)", ""] {
                let r = try await client.executeRequest(uri: "/lang/kk?back=\(back)", method: .get, headers: [:], body: nil)
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/dashboard", "back=\(back)")
            }
            let r = try await client.executeRequest(uri: "/lang/de", method: .get, headers: [:], body: nil)
            #expect(r.status == .notFound)
            // The sign-in page speaks the switch's language before anyone signs in.
            let signin = try await client.executeRequest(uri: "/signin", method: .get, headers: [.cookie: "hangar_lang=kk"], body: nil)
            #expect(String(buffer: signin.body).contains(Catalogue.text("p_sign_in", .kk)))
            // A nonsense cookie or header is ignored, never an error.
            let odd = try await client.executeRequest(uri: "/signin", method: .get, headers: [.cookie: "hangar_lang=%00zz", .acceptLanguage: String(repeating: "q=;,", count: 500)], body: nil)
            #expect(odd.status == .ok)
            #expect(String(buffer: odd.body).contains(#"<html lang="en">"#))
        }
    }
}

/// The airframe list pages by 100, keeping its filters in the page links.
@Suite("Airframe list paging")
struct AirframeListPagingTests {
    @Test func pagesOfAHundredKeepTheFilters() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        for i in 1...230 { try f.setUp(.register, String(format: "PG-%04d", i), by: .technician) { $0.model = "FPV-7" } }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            func rows(_ html: String) -> Int { html.components(separatedBy: "<tr><td><a href=\"/airframes/PG-").count - 1 }
            var page = String(buffer: try await client.page("/airframes?model=FPV-7", cookie: cookie).body)
            #expect(page.contains("230 airframe"))
            #expect(page.contains("page 1 / 3"))
            #expect(rows(page) == 100)
            #expect(page.contains(#"href="/airframes?model=FPV-7&amp;page=2" rel="next""#), "the next page keeps the filter")
            #expect(!page.contains(#"rel="prev""#))
            page = String(buffer: try await client.page("/airframes?model=FPV-7&page=3", cookie: cookie).body)
            #expect(rows(page) == 30)
            #expect(page.contains("PG-0230") && !page.contains("PG-0001\""))
            #expect(page.contains(#"rel="prev""#) && !page.contains(#"rel="next""#))
            // Out of range or not a number: the nearest page, never an error.
            for odd in ["99", "0", "-4", "abc", "99999999999999999999"] {
                let r = try await client.page("/airframes?page=\(odd)", cookie: cookie)
                #expect(r.status == .ok, "page=\(odd)")
                #expect(rows(String(buffer: r.body)) > 0)
            }
        }
    }
}

/// The setup page: staff, units and models set up without the command line (admins only).
@Suite("Setup page")
struct AdminPagesTests {
    @Test func anAdminSetsUpStaffUnitsAndModels() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let (tech, _) = try await client.signIn(ServerFixture.id(.technician))
            #expect(try await client.page("/admin", cookie: tech).status == .forbidden)
            let (admin, csrf) = try await client.signIn(ServerFixture.id(.admin))
            let page = String(buffer: try await client.page("/admin", cookie: admin).body)
            #expect(page.contains(ServerFixture.id(.storekeeper)))
            #expect(page.contains(#"href="/admin""#), "the menu links the setup page for an admin")
            let before = try f.eventCount()
            var r = try await client.form("/admin/staff_add", cookie: admin,
                                          "csrf=\(csrf)&subject=z.serikova&name=%D0%96%D0%B0%D0%BD%D0%B0&role=technician&role=inspector&lang=kk")
            #expect(r.status == .ok)
            let added = try #require(try f.store.staff("z.serikova"))
            #expect(added.name == "Жана" && Set(added.roles) == [.inspector, .technician] && added.lang == .kk)
            r = try await client.form("/admin/staff_update", cookie: admin, "csrf=\(csrf)&subject=z.serikova&role=technician&lang=ru")
            #expect(try f.store.staff("z.serikova")?.roles == [.technician])
            #expect(try f.store.staff("z.serikova")?.lang == .ru)
            r = try await client.form("/admin/unit_add", cookie: admin, "csrf=\(csrf)&subject=Bravo")
            #expect(try f.store.units().contains("Bravo"))
            r = try await client.form("/admin/model_add", cookie: admin,
                                      "csrf=\(csrf)&subject=TRAINER-5&checks=motor_runup+failsafe_rth&measures=hover_current_a%3AA%3A5%3A9&service_minutes=400&defect_codes=MOTOR_VIBRATION")
            #expect(r.status == .ok)
            let model = try #require(try f.store.model("TRAINER-5"))
            #expect(model.checklist.map(\.key) == ["motor_runup", "failsafe_rth", "hover_current_a"])
            #expect(model.defectCodes == ["MOTOR_VIBRATION"])
            r = try await client.form("/admin/model_codes", cookie: admin, "csrf=\(csrf)&subject=TRAINER-5&defect_codes=")
            #expect(try f.store.model("TRAINER-5")?.defectCodes == nil)
            #expect(try f.eventCount() == before + 5)
            // Refused by the rules: nothing written, the reason on the page.
            r = try await client.form("/admin/staff_add", cookie: admin, "csrf=\(csrf)&subject=z.serikova&name=Again&role=technician")
            #expect(r.status == .conflict)
            #expect(String(buffer: r.body).contains("staff member z.serikova already exists"))
            r = try await client.form("/admin/staff_add", cookie: admin, "csrf=\(csrf)&subject=q.new&name=Q&role=pilot")
            #expect(r.status == .unprocessableContent)
            r = try await client.form("/admin/unknown", cookie: admin, "csrf=\(csrf)&subject=x")
            #expect(r.status == .unprocessableContent)
            r = try await client.form("/admin/unit_add", cookie: admin, "subject=Charlie")
            #expect(r.status == .forbidden, "no CSRF token")
            r = try await client.form("/admin/unit_add", cookie: tech, "csrf=\(csrf)&subject=Charlie")
            #expect(r.status == .forbidden)
            #expect(try f.eventCount() == before + 5)
            // The checklist item by item: a limit changed, an item added with its words, the
            // others kept; a removal refused without its confirmation, then made with it.
            r = try await client.form("/admin/model_item", cookie: admin,
                                      "csrf=\(csrf)&subject=TRAINER-5&key=hover_current_a&kind=measure&unit=A&min=5&max=9%2C5")
            #expect(r.status == .ok && String(buffer: r.body).contains("hover_current_a"), "the page says what changed")
            r = try await client.form("/admin/model_item", cookie: admin,
                                      "csrf=\(csrf)&subject=TRAINER-5&key=gps_lock&kind=check&description=Wait+for+a+3D+fix")
            var edited = try #require(try f.store.model("TRAINER-5"))
            #expect(edited.checklist.map(\.key) == ["motor_runup", "failsafe_rth", "hover_current_a", "gps_lock"])
            #expect(edited.checklist[2].max == 9.5 && edited.checklist[3].description == "Wait for a 3D fix")
            #expect(edited.checklistVersion == model.checklistVersion + 2)
            r = try await client.form("/admin/model_item_remove", cookie: admin, "csrf=\(csrf)&subject=TRAINER-5&key=failsafe_rth")
            #expect(r.status == .unprocessableContent && String(buffer: r.body).contains("confirmation"))
            #expect(try f.store.model("TRAINER-5")?.checklist.count == 4, "nothing dropped without the confirmation")
            r = try await client.form("/admin/model_item_remove", cookie: admin, "csrf=\(csrf)&subject=TRAINER-5&key=failsafe_rth&confirm=yes")
            edited = try #require(try f.store.model("TRAINER-5"))
            #expect(edited.checklist.map(\.key) == ["motor_runup", "hover_current_a", "gps_lock"])
            r = try await client.form("/admin/model_item", cookie: admin, "csrf=\(csrf)&subject=TRAINER-5&key=hover_current_a&kind=measure&min=x")
            #expect(r.status == .unprocessableContent)
            r = try await client.form("/admin/model_item_remove", cookie: admin, "csrf=\(csrf)&subject=NO-SUCH&key=a&confirm=yes")
            #expect(r.status == .notFound)
            #expect(try f.eventCount() == before + 8)
        }
    }
}

/// DESIGN §13: compliance counts on the dashboard with the airframes behind them (the JSON
/// report keeps event ids).
@Suite("Dashboard compliance")
struct DashboardComplianceTests {
    @Test func theDashboardNamesTheAirframesBehindEachCount() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "D-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "D-1", by: .technician)
        f.clock.advance(minutes: 30)
        try f.setUp(.qc, "D-1", by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
        try f.setUp(.issue, "D-1", by: .commander) { $0.unit = "Alpha" }
        // 600 minutes reach the service interval; the next flight is flown while due.
        try f.setUp(.flight, "D-1", by: .technician) { $0.minutes = 600; $0.purpose = .operational }
        try f.setUp(.flight, "D-1", by: .technician) { $0.minutes = 20; $0.purpose = .operational }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            let page = String(buffer: try await client.page("/dashboard", cookie: cookie).body)
            let table = try #require(page.firstMatch(of: /<table id="compliance">(.*?)<\/table>/.dotMatchesNewlines()).map { String($0.1) })
            #expect(table.contains(Catalogue.text("rh.flights_due", .en)))
            #expect(table.contains(#"<a href="/airframes/D-1">D-1</a> ×1"#), "\(table)")
            #expect(table.contains("<td>2</td>"), "both flights name no operator: \(table)")
        }
    }
}
