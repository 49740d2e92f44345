import HangarTestSupport
import Foundation
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// Stock, install and recall on the web (DESIGN §11): a storekeeper receives scanned serials,
/// a technician installs one by scanning it on the airframe page, and recall finds it.
@Suite("Parts pages")
struct PartsPagesTests {
    func catalogue(_ f: ServerFixture) throws {
        f.clock.advance(minutes: 1)
        try f.store.record(EventInput(
            id: "part-1", subject: "MOTOR-2207", occurredAt: f.clock.now, actor: ServerFixture.id(.admin),
            body: .partAdd(PartDefinition(name: "Motor 2207", tracking: .serial, kind: .component, unitCost: 1000, origin: "KZ",
                                          reorderAt: 5, lifeMinutes: 3000))), now: f.clock.now)
        try f.setUp(.register, "P-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.register, "P-2", by: .technician) { $0.model = "FPV-7" }
    }

    @Test func receiveInstallFindByRecall() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try catalogue(f)
        try await f.app.test(.router) { client in
            let (store, storeCSRF) = try await client.signIn(ServerFixture.id(.storekeeper))
            // Two serials scanned into the receipt, one per line.
            var r = try await client.form("/parts/MOTOR-2207/events/stock_receive", cookie: store,
                                          "csrf=\(storeCSRF)&qty=2&lot=l2&serials=m-1%0D%0Am-2&origin=&cost=&supplier=KAI+plant&doc=DN-7")
            #expect(r.status == .ok)
            let partPage = String(buffer: r.body)
            #expect(partPage.contains("Recorded Stock receipt"), "the event by its name in words")
            #expect(partPage.contains("L2"))
            #expect(try f.store.piece("M-1")?.lot == "L2")
            // The storekeeper may not install.
            r = try await client.form("/airframes/P-1/events/install", cookie: store, "csrf=\(storeCSRF)&part=MOTOR-2207&component=M-1")
            #expect(r.status == .forbidden)

            let (tech, techCSRF) = try await client.signIn(ServerFixture.id(.technician))
            let before = String(buffer: try await client.page("/airframes/P-1", cookie: tech).body)
            #expect(before.contains("/events/install"))
            #expect(before.contains("Nothing recorded as installed"))
            r = try await client.form("/airframes/P-1/events/install", cookie: tech, "csrf=\(techCSRF)&part=MOTOR-2207&component=m-1&position=front+left")
            #expect(r.status == .ok)
            let after = String(buffer: r.body)
            #expect(after.contains("href=\"/components/M-1\""))
            #expect(after.contains("front left"))
            // The same piece into another airframe: refused, naming where it is.
            r = try await client.form("/airframes/P-2/events/install", cookie: tech, "csrf=\(techCSRF)&part=MOTOR-2207&component=M-1")
            #expect(r.status == .conflict)
            #expect(String(buffer: r.body).contains("M-1 is installed in airframe P-1"))

            let component = String(buffer: try await client.page("/components/M-1", cookie: tech).body)
            #expect(component.contains("href=\"/airframes/P-1\""))
            #expect(component.contains("still installed"))
            let recall = String(buffer: try await client.page("/recall?part=MOTOR-2207&lot=L2", cookie: tech).body)
            #expect(recall.contains("1 airframe(s)"))
            #expect(recall.contains("href=\"/airframes/P-1\""))
            #expect(!recall.contains("href=\"/airframes/P-2\""))
            let stock = String(buffer: try await client.page("/stock", cookie: tech).body)
            #expect(stock.contains("href=\"/parts/MOTOR-2207\""))
            #expect(stock.contains("<td>1 <span class=\"due\">reorder</span></td>"))  // 1 on hand, reorder at 5
            // Bad input on these pages is a message, never a crash.
            r = try await client.form("/parts/MOTOR-2207/events/stock_receive", cookie: store, "csrf=\(storeCSRF)&qty=x")
            #expect(r.status == .unprocessableContent)
            r = try await client.form("/parts/NOPE/events/stock_adjust", cookie: store, "csrf=\(storeCSRF)&serial=M-2&status=quarantine&reason=x")
            #expect(r.status == .notFound)
            let badRecall = try await client.page("/recall?part=MOTOR-2207&lot=L2&component=M-1", cookie: tech)
            #expect(badRecall.status == .unprocessableContent)
            #expect(try await client.page("/components/%ZZ", cookie: tech).status == .badRequest)
        }
    }
    /// An undo goes to the kind of subject its page is for. A part number that reads as an
    /// airframe's serial ("af-1" beside AF-1) undoes the part's receipt from the part page;
    /// a part page for an airframe, or an airframe page for a part, writes nothing.
    @Test func anUndoStaysWithItsPagesKindOfSubject() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try catalogue(f)
        f.clock.advance(minutes: 1)
        try f.store.record(EventInput(
            id: "part-2", subject: "p-1", occurredAt: f.clock.now, actor: ServerFixture.id(.admin),
            body: .partAdd(PartDefinition(name: "Prop", tracking: .lot, kind: .consumable, origin: "KZ"))), now: f.clock.now)
        try f.setUp(.assembled, "P-1", by: .technician)
        try f.setUp(.assembled, "P-2", by: .technician)
        try await f.app.test(.router) { client in
            let (store, storeCSRF) = try await client.signIn(ServerFixture.id(.storekeeper))
            var r = try await client.form("/parts/p-1/events/stock_receive", cookie: store, "csrf=\(storeCSRF)&qty=5&lot=L1")
            #expect(r.status == .ok)
            let (admin, adminCSRF) = try await client.signIn(ServerFixture.id(.admin))
            let events = try f.eventCount()
            // Neither page undoes the other's subject: refused, nothing written.
            r = try await client.form("/parts/P-2/events/undo", cookie: admin, "csrf=\(adminCSRF)&reason=wrong+page")
            #expect(r.status == .notFound)
            r = try await client.form("/airframes/MOTOR-2207/events/undo", cookie: admin, "csrf=\(adminCSRF)&reason=wrong+page&confirm=on")
            #expect(r.status != .ok)
            #expect(try f.eventCount() == events, "a refused undo writes nothing")
            // The part page's undo cancels the part's receipt, not airframe P-1's assembly.
            r = try await client.form("/parts/p-1/events/undo", cookie: admin, "csrf=\(adminCSRF)&reason=entered+twice")
            #expect(r.status == .ok, "\(String(buffer: r.body))")
            #expect(try f.store.airframe("P-1")?.airframe.state == .awaitingQC, "the airframe's assembly stands")
            #expect(try f.store.lots(of: "p-1").isEmpty, "the receipt is undone")
            // The lowest 64-bit number is refused like any count out of range, and the server stays up.
            r = try await client.form("/parts/p-1/events/stock_adjust", cookie: store,
                                      "csrf=\(storeCSRF)&lot=L1&qty_delta=-9223372036854775808&reason=x")
            #expect(r.status == .unprocessableContent || r.status == .notFound)
            // A lot's recall link keeps a part number with '&', '+' or '=' whole.
            r = try await client.form("/parts/MOTOR-2207/events/stock_receive", cookie: store, "csrf=\(storeCSRF)&qty=1&lot=L9&serials=M-9")
            #expect(r.status == .ok)
            // A not-found page is headed by its status; a control character asked for is not echoed.
            let missing = String(buffer: try await client.page("/parts/NOPE", cookie: store).body)
            #expect(missing.contains("<h1>") && !missing.contains("<h1></h1>"), "\(missing)")
            let recall = String(buffer: try await client.page("/recall?part=MOTOR-2207&lot=%00%1BL9", cookie: store).body)
            #expect(!recall.contains("\u{0}") && !recall.contains("\u{1B}"))
        }
        f.clock.advance(minutes: 1)
        try f.store.record(EventInput(
            id: "part-3", subject: "A&lot=X+1", occurredAt: f.clock.now, actor: ServerFixture.id(.admin),
            body: .partAdd(PartDefinition(name: "Odd", tracking: .lot, kind: .consumable, origin: "KZ"))), now: f.clock.now)
        try await f.app.test(.router) { client in
            let (store, storeCSRF) = try await client.signIn(ServerFixture.id(.storekeeper))
            let r = try await client.form("/parts/A%26lot=X+1/events/stock_receive", cookie: store, "csrf=\(storeCSRF)&qty=1&lot=L1")
            #expect(r.status == .ok)
            let page = String(buffer: r.body)
            #expect(page.contains("/recall?part=A%26lot%3DX%2B1&amp;lot=L1&amp;ever=on") || page.contains("/recall?part=A%26lot%3DX%2B1&lot=L1&ever=on"), "\(page)")
        }
    }
}
