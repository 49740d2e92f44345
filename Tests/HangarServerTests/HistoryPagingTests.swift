import HangarTestSupport
import Foundation
import HangarCore
import HangarStore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// An airframe's history is read a page at a time (issue 13: `airframe show` of an
/// airframe with 200,000 events), through the store, the API and the airframe page.
@Suite("History a page at a time")
struct HistoryPagingTests {
    /// P-1: registered, assembled, passed, issued, twelve flights, the last one undone.
    func seed(_ f: ServerFixture) throws {
        try f.setUp(.register, "P-1", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "P-1", by: .technician)
        try f.setUp(.qc, "P-1", by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 11] }
        try f.setUp(.issue, "P-1", by: .commander) { $0.unit = "Alpha" }
        for minutes in 1...12 { try f.setUp(.flight, "P-1", by: .commander) { $0.minutes = minutes; $0.purpose = .operational } }
        try f.setUp(.undo, "P-1", by: .commander) { $0.reason = "wrong airframe" }
    }

    @Test func theStoreReadsTheLatestPageAndCountsTheRest() throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        let all = try f.store.history(of: "P-1")
        #expect(all.count == 17)
        let page = try f.store.history(of: "P-1", limit: 3)
        #expect(page.entries.map(\.event.seq) == all.suffix(3).map(\.event.seq))
        #expect(page.earlier == 14)
        #expect(page.entries.last?.event.kind == .undo)
        #expect(page.entries[1].undoneBy == page.entries[2].event.id, "the undone flight is marked")
        let before = try f.store.history(of: "P-1", limit: 3, beforeSeq: page.entries[0].event.seq)
        #expect(before.entries.map(\.event.seq) == all.dropLast(3).suffix(3).map(\.event.seq))
        #expect(before.earlier == 11)
        let first = try f.store.history(of: "P-1", limit: 100, beforeSeq: all[2].event.seq)
        #expect(first.entries.map(\.event.kind) == [.register, .assembled] && first.earlier == 0)
        // The undo target is the latest flight not undone.
        #expect(try f.store.undoTarget(of: "P-1")?.id == all[14].event.id)
        #expect(try f.store.history(of: "NOPE", limit: 10).entries.isEmpty)
    }

    @Test func theAPIAndThePagePage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try seed(f)
        try await f.app.test(.router) { client in
            let token = f.tokens["commander-1"]
            let r = try await client.api(.get, "/api/v1/airframes/P-1?limit=2", token: token)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]
            #expect((object?["history"] as? [Any])?.count == 2)
            #expect(object?["history_earlier"] as? Int == 15)
            let whole = try JSONSerialization.jsonObject(with: Data(buffer: try await client.api(.get, "/api/v1/airframes/P-1", token: token).body)) as? [String: Any]
            #expect((whole?["history"] as? [Any])?.count == 17 && whole?["history_earlier"] as? Int == 0)
            for bad in ["limit=0", "limit=x", "before=-1", "limit=1e3"] {
                #expect(try await client.api(.get, "/api/v1/airframes/P-1?\(bad)", token: token).status == .unprocessableContent, "\(bad)")
            }
            let (cookie, _) = try await client.signIn(ServerFixture.id(.commander))
            let all = try f.store.history(of: "P-1")
            let page = String(buffer: try await client.page("/airframes/P-1?before=\(all[3].event.seq)", cookie: cookie).body)
            #expect(page.contains("<td>\(all[2].event.seq)</td>") && !page.contains("<td>\(all[3].event.seq)</td>"))
            // Undo still offers the latest flight that is not undone.
            let latest = String(buffer: try await client.page("/airframes/P-1", cookie: cookie).body)
            #expect(latest.contains("Undo flight by commander-1"))
        }
    }
}
