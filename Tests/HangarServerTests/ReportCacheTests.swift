import HangarTestSupport
import Foundation
import HangarAccess
import HangarCore
import HangarReport
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

@Suite("Reports kept for the current log")
struct ReportCacheTests {
    static func registered(_ body: ByteBuffer) throws -> Int {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        return try #require((totals["build"] as? [String: Any])?["registered"] as? Int)
    }

    @Test func theSameReportUntilTheLogGrowsThenANewOne() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "K-1", by: .technician) { $0.model = "FPV-7" }
        try await f.app.test(.router) { client in
            let token = f.tokens["commander-1"]
            let first = try await client.api(.get, "/api/v1/report", token: token)
            #expect(try Self.registered(first.body) == 1)
            let again = try await client.api(.get, "/api/v1/report", token: token)
            #expect(String(buffer: again.body) == String(buffer: first.body))
            #expect(await f.env.reports.count == 1)
            // A new event: the next report counts it.
            try f.setUp(.register, "K-2", by: .technician) { $0.model = "FPV-7" }
            let after = try await client.api(.get, "/api/v1/report", token: token)
            #expect(try Self.registered(after.body) == 2)
            #expect(await f.env.reports.count == 2)
            // Another period is another report.
            _ = try await client.api(.get, "/api/v1/report?every=month", token: token)
            #expect(await f.env.reports.count == 3)
        }
    }

    @Test func concurrentRequestsShareOneBuildAndOldReportsAreDropped() async throws {
        let cache = ReportCache(capacity: 2)
        let builds = Counter()
        let key = ReportCache.Key(from: 0, to: 7, every: "week", target: nil, lastSequence: 1)
        let period = try ReportPeriod(from: Day(index: 0), to: Day(index: 7), every: .week)
        try await withThrowingTaskGroup(of: ThroughputReport.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await cache.report(key) {
                        builds.add()
                        try await Task.sleep(for: .milliseconds(50))
                        return ReportBuilder(period: period, target: nil).build()
                    }
                }
            }
            for try await _ in group {}
        }
        #expect(builds.value == 1)
        for n in 2...4 {
            var other = key
            other.lastSequence = Int64(n)
            _ = try await cache.report(other) { ReportBuilder(period: period, target: nil).build() }
        }
        #expect(await cache.count == 2)
        // A failed build is not kept.
        var failing = key
        failing.lastSequence = 99
        await #expect(throws: HangarError.self) { try await cache.report(failing) { throw HangarError.storage("disk gone") } }
        #expect(await cache.count == 2)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

@Suite("Writes sent at the same moment")
struct GroupCommitTests {
    @Test func manyPeopleOnOneAirframeAtOnceAreAllRecordedInOrder() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "G-1", by: .technician) { $0.model = "FPV-7" }
        let before = try f.eventCount()
        try await f.app.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<24 {
                    group.addTask {
                        // One of them names an airframe that does not exist: refused alone.
                        let subject = n == 7 ? "NOPE-7" : "G-1"
                        let body = n % 2 == 0 ? #"{"event":"maintenance_open","subject":"\#(subject)","reason":"scheduled"}"#
                                              : #"{"event":"register","subject":"G-\#(n + 100)","model":"FPV-7"}"#
                        return try await client.api(.post, "/api/v1/events", token: f.tokens["technician-1"], json: body).status
                    }
                }
                var all: [HTTPResponse.Status] = []
                for try await s in group { all.append(s) }
                return all
            }
            // maintenance_open needs an airframe in service; G-1 is in assembly, so every
            // one of those is refused by the rules, each on its own, and the registers stand.
            #expect(statuses.filter { $0 == .created }.count == 12)
            #expect(statuses.filter { $0 == .conflict }.count == 12)
        }
        #expect(try f.eventCount() == before + 12)
        #expect(try f.store.verify().ok)
    }

    @Test func simultaneousFlightsOnOneAirframeAreNeverRefusedForTheirTime() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try f.setUp(.register, "G-2", by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, "G-2", by: .technician)
        try f.setUp(.qc, "G-2", by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
        try f.setUp(.issue, "G-2", by: .commander) { $0.unit = "Alpha" }
        let before = try f.eventCount()
        try await f.app.test(.router) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        try await client.api(.post, "/api/v1/events", token: f.tokens["commander-1"],
                                             json: #"{"event":"flight","subject":"G-2","minutes":5,"purpose":"operational"}"#).status
                    }
                }
                for try await status in group { #expect(status == .created) }
            }
        }
        #expect(try f.eventCount() == before + 32)
        #expect(try f.store.verify().ok)
    }
}

@Suite("The dashboard for many viewers")
struct DashboardSharingTests {
    static func deliver(_ f: ServerFixture, _ serial: String) throws {
        try f.setUp(.register, serial, by: .technician) { $0.model = "FPV-7" }
        try f.setUp(.assembled, serial, by: .technician)
        try f.setUp(.qc, serial, by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
    }

    @Test func oneRenderingSharedEachViewerInTheirOwnLayoutAndTheDueListCut() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        for i in 1...101 {
            let serial = String(format: "D-%03d", i)
            try Self.deliver(f, serial)
            try f.setUp(.issue, serial, by: .commander) { $0.unit = "Alpha" }
            try f.setUp(.flight, serial, by: .technician) { $0.minutes = 600; $0.purpose = .operational }
        }
        try await f.app.test(.router) { client in
            let commander = try await client.signIn("commander-1")
            let admin = try await client.signIn("admin-1")
            let first = String(buffer: try await client.page("/dashboard", cookie: commander.cookie).body)
            let second = String(buffer: try await client.page("/dashboard", cookie: admin.cookie).body)
            #expect(first.contains("Commander One") && !first.contains("Admin One"))
            #expect(second.contains("Admin One") && !second.contains("Commander One"))
            for page in [first, second] {
                let due = try #require(page.range(of: "Due for service (101)</h2>"))
                let list = page[due.upperBound...].components(separatedBy: "</p>").first ?? ""
                #expect(list.contains(#"<a href="/airframes/D-100">D-100</a>"#))
                #expect(!list.contains(#"<a href="/airframes/D-101">"#), "only the first hundred are listed")
                #expect(list.contains("… and 1 more"))
            }
            #expect(await f.env.reports.count == 1, "both viewers were served from one report")
            // The next event: a newly delivered airframe is on the next page anyone loads.
            #expect(!first.contains("NEW-1"))
            try Self.deliver(f, "NEW-1")
            let after = String(buffer: try await client.page("/dashboard", cookie: commander.cookie).body)
            #expect(after.contains(#"<a href="/airframes/NEW-1">NEW-1</a>"#))
        }
    }
}
