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
            #expect(page.contains("the run fails (motors) for Q-1; a failing qc needs at least one defect code in the box below"))
            #expect(!page.contains("--defect"))
            #expect(try f.eventCount() == before)
        }
    }
}
