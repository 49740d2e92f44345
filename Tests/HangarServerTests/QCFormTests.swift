import HangarTestSupport
import Foundation
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// The QC form speaks to a tablet user, not to the command line.
@Suite("QC form")
struct QCFormTests {
    @Test func aFailingRunWithoutADefectCodeAsksForOneInTheBox() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "Q-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "Q-1", by: .technician)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.inspector))
            let before = try f.eventCount()
            let r = try await client.form("/airframes/Q-1/qc", cookie: cookie, "csrf=\(csrf)&check.motors=fail&measure.hover_current_a=11&defects=")
            #expect(r.status == .unprocessableContent)
            let page = String(buffer: r.body)
            #expect(page.contains("The run fails (motors): a failing QC run needs at least one defect code below."))
            #expect(!page.contains("--defect"))
            #expect(try f.eventCount() == before)
        }
    }
}

/// What the second probe of the pages found: numbers read strictly (a decimal comma yes,
/// hexadecimal and a dropped interval no), formula-like text kept as text in the CSV, an
/// unknown report format refused, the media type matched whole, and an error page before
/// any route in the reader's language.
@Suite("Forms and formats read strictly")
struct StrictFormsTests {
    @Test func numbersFormatsAndErrorPages() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "Q-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "Q-1", by: .technician)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.inspector))
            let before = try f.eventCount()
            // Hexadecimal is no measure: refused with what is allowed, nothing written.
            var r = try await client.form("/airframes/Q-1/qc", cookie: cookie, "csrf=\(csrf)&check.motors=pass&measure.hover_current_a=0x1p3")
            #expect(r.status == .unprocessableContent && String(buffer: r.body).contains("a number such as 14, -2 or 12,5"))
            #expect(try f.eventCount() == before)
            // A decimal comma is read as Russian and Kazakh staff write it.
            r = try await client.form("/airframes/Q-1/qc", cookie: cookie, "csrf=\(csrf)&check.motors=pass&measure.hover_current_a=11%2C5")
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(try f.eventCount() == before + 1)

            let (admin, adminCSRF) = try await client.signIn(ServerFixture.id(.admin))
            r = try await client.form("/admin/model_add", cookie: admin, "csrf=\(adminCSRF)&subject=XM3&checks=a1&service_minutes=99999999999999999999")
            #expect(r.status == .unprocessableContent, "a service interval that is no whole number is refused, not dropped")
            #expect(try f.store.model("XM3") == nil)

            r = try await client.page("/report?format=xml", cookie: admin)
            #expect(r.status == .unprocessableContent && String(buffer: r.body).contains("html, text, csv or json"))
            let wrongType = try await client.executeRequest(uri: "/api/v1/events", method: .post,
                                                            headers: [.authorization: "Bearer \(f.tokens[ServerFixture.id(.technician)]!)", .contentType: "application/jsonx"],
                                                            body: ByteBuffer(string: #"{"event":"flight","subject":"Q-1","minutes":5,"purpose":"operational"}"#))
            #expect(wrongType.status == .unsupportedMediaType)
            // A path no route has, asked in Russian: the page says so in Russian.
            let missing = try await client.executeRequest(uri: "/nowhere", method: .get, headers: [.cookie: "\(admin); hangar_lang=ru"], body: nil)
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("Такой страницы нет."), "\(String(buffer: missing.body))")
        }
    }
}

/// A model's defect catalogue and item descriptions on the QC form (issue: one fault under two
/// names in the Pareto; raw keys on the form).
@Suite("Defect catalogue")
struct DefectCatalogueTests {
    @Test func theFormOffersTheCatalogueAndTheCoreRefusesOtherCodes() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        f.clock.advance(minutes: 1)
        try f.store.record(EventInput(
            id: "cat-1", subject: "FPV-7", occurredAt: f.clock.now, actor: ServerFixture.id(.admin),
            body: .modelUpdate(ModelChange(
                checklist: [ChecklistItem(key: "motors", kind: .check, description: "Run every motor up to full throttle"),
                            .measure("hover_current_a", unit: "A", min: 8, max: 14)],
                defectCodes: .set(["motor_vibration", "GPS_NO_FIX"])))), now: f.clock.now)
        #expect(try f.store.model("FPV-7")?.defectCodes == ["MOTOR_VIBRATION", "GPS_NO_FIX"])
        try f.setUp(.register, "Q-3", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "Q-3", by: .technician)
        try await f.app.test(.router) { client in
            let (cookie, csrf) = try await client.signIn(ServerFixture.id(.inspector))
            let form = String(buffer: try await client.page("/airframes/Q-3/qc", cookie: cookie).body)
            #expect(form.contains("Run every motor up to full throttle"))
            #expect(form.contains(#"name="defect" value="MOTOR_VIBRATION""#))
            #expect(!form.contains(#"name="defects""#), "no free text where a catalogue exists")
            // A code from elsewhere is refused by the rules, naming the catalogue.
            let before = try f.eventCount()
            var r = try await client.form("/airframes/Q-3/qc", cookie: cookie, "csrf=\(csrf)&check.motors=fail&measure.hover_current_a=11&defect=PROP_CRACK")
            #expect(r.status == .conflict || r.status == .unprocessableContent)
            #expect(String(buffer: r.body).contains("PROP_CRACK is not in the FPV-7 defect catalogue (its codes: MOTOR_VIBRATION, GPS_NO_FIX)"))
            #expect(try f.eventCount() == before)
            r = try await client.form("/airframes/Q-3/qc", cookie: cookie, "csrf=\(csrf)&check.motors=fail&measure.hover_current_a=11&defect=MOTOR_VIBRATION")
            #expect(r.status == .ok)
            #expect(String(buffer: r.body).contains("MOTOR_VIBRATION"))
            #expect(try f.eventCount() == before + 1)
        }
        // Clearing the catalogue allows any code again.
        f.clock.advance(minutes: 1)
        try f.store.record(EventInput(id: "cat-2", subject: "FPV-7", occurredAt: f.clock.now, actor: ServerFixture.id(.admin),
                                      body: .modelUpdate(ModelChange(defectCodes: .clear))), now: f.clock.now)
        #expect(try f.store.model("FPV-7")?.defectCodes == nil)
        #expect(try f.store.model("FPV-7")?.checklist.first?.description == "Run every motor up to full throttle")
    }
}

/// The operator page shows flight time as hours and minutes, and the flights themselves.
@Suite("Operator page")
struct OperatorPageTests {
    @Test func flightsAndTimeAreShown() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.enroll, "op-9", by: .instructor) { $0.name = "Olena"; $0.unit = "Alpha" }
        try f.setUp(.register, "Q-2", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "Q-2", by: .technician)
        try f.setUp(.qc, "Q-2", by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
        try f.setUp(.assignTraining, "Q-2", by: .instructor)
        try f.setUp(.flight, "Q-2", by: .instructor) { $0.minutes = 95; $0.purpose = .training; $0.operator = "op-9" }
        try f.setUp(.flight, "Q-2", by: .instructor) { $0.minutes = 30; $0.purpose = .training; $0.operator = "op-9" }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.instructor))
            let page = String(buffer: try await client.page("/operators/op-9", cookie: cookie).body)
            #expect(page.contains("2 h 5 min in 2 flights"))
            #expect(page.contains("<td>1 h 35 min</td>") && page.contains("<td>30 min</td>"))
            #expect(page.contains("href=\"/airframes/Q-2\""))
            // In Russian: units with a no-break space, and the count's CLDR plural form.
            func russian() async throws -> String {
                String(buffer: try await client.page("/operators/op-9", cookie: cookie + "; hangar_lang=ru").body)
            }
            #expect(try await russian().contains("2\u{00A0}ч 5\u{00A0}мин за 2 полёта"))
            for (minutes, n, form) in [(10, 3, "полёта"), (10, 4, "полёта"), (10, 5, "полётов")] {
                try f.setUp(.flight, "Q-2", by: .instructor) { $0.minutes = minutes; $0.purpose = .training; $0.operator = "op-9" }
                #expect(try await russian().contains("за \(n) \(form)"), "\(n) \(form)")
            }
        }
    }
}

/// The airframe list leaves lost and written-off airframes out unless asked.
@Suite("Airframe list")
struct AirframeListTests {
    @Test func goneAirframesOnlyWhenAsked() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "L-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.register, "L-2", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.writeOff, "L-2", by: .admin) { $0.reason = "cracked frame" }
        try await f.app.test(.router) { client in
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            let list = String(buffer: try await client.page("/airframes", cookie: cookie).body)
            #expect(list.contains("href=\"/airframes/L-1\"") && !list.contains("href=\"/airframes/L-2\""))
            let all = String(buffer: try await client.page("/airframes?gone=on", cookie: cookie).body)
            #expect(all.contains("href=\"/airframes/L-2\""))
            let byState = String(buffer: try await client.page("/airframes?state=written_off", cookie: cookie).body)
            #expect(byState.contains("href=\"/airframes/L-2\"") && !byState.contains("href=\"/airframes/L-1\""))
        }
    }
}
