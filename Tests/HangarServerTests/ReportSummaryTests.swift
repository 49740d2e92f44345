import HangarTestSupport
import Foundation
import HangarAccess
import GRDB
import HangarCore
import HangarReport
import Testing
@testable import HangarServer
@testable import HangarStore

/// The report read from the summary tables must be the report of one pass over the log,
/// on the demo workshop and on random workshops full of undos, rejected events, events
/// recorded out of time order across airframes, and changed service settings.
@Suite("Report summaries equal the one-pass report")
struct ReportSummaryTests {
    static func periods(endingAfter last: Timestamp) throws -> [ReportPeriod] {
        let end = Day(last).adding(days: 1)
        return [
            try ReportPeriod(from: end.adding(days: -84), to: end, every: .week),
            try ReportPeriod(from: end.adding(days: -200), to: end.adding(days: 3), every: .month),
            try ReportPeriod(from: end.adding(days: -30), to: end.adding(days: 100), every: .week),
        ]
    }

    @discardableResult
    static func compare(_ store: HangarStore, _ period: ReportPeriod, goal: ForecastGoal? = .more(40),
                        now: Timestamp = Timestamp(milliseconds: 4_000_000_000_000)) throws -> ThroughputReport {
        let summary = try #require(try store.logSummary(from: period.from, to: period.to, days: period.local), "the summaries answer a period after the last event")
        var fast = ReportBuilder.assemble(summary, period: period, goal: goal, now: now)
        fast.supply = try ReportSource.supplyPass(store, summary: summary, period: period, now: now).report
        fast.takenAt = min(now, period.instant(period.to))
        let slow = try ReportSource.fromLog(store, period: period, goal: goal, now: now)
        let (a, b) = (ReportJSON.render(fast).split(separator: "\n"), ReportJSON.render(slow).split(separator: "\n"))
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(first == nil && a.count == b.count,
                "period \(period.from)..<\(period.to) by \(period.every): line \(first?.offset ?? min(a.count, b.count)) reads \(first.map { String($0.element.0) } ?? "") from the summaries, \(first.map { String($0.element.1) } ?? "") from the log")
        let same = fast == slow
        #expect(same, "the reports differ beyond their JSON")
        // As the report command reads it: the stock part at the same time as the summaries.
        let together = try ReportSource.report(from: store, period: period, goal: goal, now: now)
        #expect(together == fast, "the report read with its stock part beside the summaries differs")
        // As it is read for a period that too many airframes have later events after: the
        // same summaries, the fleet's snapshot rewound airframe by airframe.
        let farPast = try ReportSource.report(from: store, period: period, goal: goal, now: now, laterLimit: -1)
        #expect(farPast == slow, "the report of a period far in the past differs from the one-pass report")
        return slow
    }

    /// The summary tables, sorted, for comparing an incremental build with a rebuild.
    static func tables(_ store: HangarStore) throws -> [String] {
        try store.read { db in
            var out: [String] = []
            for sql in [
                "SELECT day, metric, key, n FROM day_counts WHERE n <> 0 ORDER BY day, metric, key",
                "SELECT * FROM deliveries ORDER BY event_seq",
                "SELECT * FROM restorations ORDER BY event_seq",
                "SELECT * FROM compliance_events ORDER BY kind, event_seq",
                "SELECT * FROM downtime ORDER BY open_seq",
                "SELECT * FROM delivery_items ORDER BY event_seq, origin, unit_cost",
            ] {
                out += try Row.fetchAll(db, sql: sql).map { "\($0)" }
            }
            return out
        }
    }

    @Test func theDemoWorkshop() throws {
        let path = NSTemporaryDirectory() + "hangar-summary-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try HangarStore(path: path, create: true)
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/demo-workshop.ndjson")
        let summary = try store.importEvents(from: try FileHandle(forReadingFrom: seeds), now: Timestamp(milliseconds: 4_000_000_000_000))
        #expect(summary.applied > 1000)
        let last = try store.read { db in try String.fetchOne(db, sql: "SELECT max(occurred_at) FROM events") }
        for period in try Self.periods(endingAfter: Decode.time(try #require(last))) {
            try Self.compare(store, period)
        }
        let report = try #require(try store.logSummary(from: Day(year: 2026, month: 1, day: 1), to: Day(year: 2027, month: 1, day: 1)))
        #expect(report.deliveries.count > 100)
        // Periods ending before the last event: the airframes with later events are rebuilt.
        for (from, to) in [((2026, 6, 1), (2026, 9, 1)), ((2026, 7, 6), (2026, 8, 3)), ((2026, 1, 1), (2026, 7, 15))] {
            try Self.compare(store, try ReportPeriod(
                from: Day(year: from.0, month: from.1, day: from.2), to: Day(year: to.0, month: to.1, day: to.2), every: .week))
        }
        let incremental = try Self.tables(store)
        try store.transaction { db in try SummaryRebuild.run(db) }
        #expect(try Self.tables(store) == incremental)
    }

    /// A flight changes whether the operator's later flights were flown current, on any
    /// airframe, whenever it is recorded; so does its undo, and a state change of the
    /// operator recorded after flights dated later.
    /// Airframes A and B issued to U1 at `start`, and op1 put in training 20 minutes after.
    static func twoIssuedAndAnOperatorInTraining(_ w: RandomWorkshop, at start: Timestamp) {
        for serial in ["A", "B"] {
            #expect(w.record(.register, serial, by: "tech1", at: start) { $0.model = "M3" })
            #expect(w.record(.assembled, serial, by: "tech1", at: start))
            #expect(w.record(.qc, serial, by: "insp1", at: start.adding(minutes: 5)) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
            #expect(w.record(.issue, serial, by: "boss", at: start.adding(minutes: 10)) { $0.unit = "U1" })
        }
        #expect(w.record(.startTraining, "op1", by: "insp1", at: start.adding(minutes: 20)))
    }

    @Test func flightsRecordedLateChangeLaterFlightsEntitlement() throws {
        let w = try RandomWorkshop(seed: 99)
        defer { w.remove() }
        try w.run(steps: 0)
        let start = w.clock
        func unqualified() throws -> [String] {
            try w.store.read { db in
                try String.fetchAll(db, sql: "SELECT event_id FROM compliance_events WHERE kind = 'flights_by_unqualified' ORDER BY event_seq")
            }
        }
        Self.twoIssuedAndAnOperatorInTraining(w, at: start)
        // Flown on day 10 while still in training: not entitled.
        #expect(w.record(.flight, "B", by: "tech1", at: start.adding(days: 10)) { $0.minutes = 20; $0.purpose = .operational; $0.operator = "op1" })
        let onB = "r-\(w.counter)"
        #expect(try unqualified() == [onB])
        // Qualified on day 2, recorded only now: still not current on day 10 (no minutes).
        #expect(w.record(.qualify, "op1", by: "insp1", at: start.adding(days: 2)))
        #expect(try unqualified() == [onB])
        // A 70-minute flight on day 5 on the other airframe, recorded late: current on day
        // 10 (that flight itself was flown without 60 minutes in the 90 days before it).
        #expect(w.record(.flight, "A", by: "tech1", at: start.adding(days: 5)) { $0.minutes = 70; $0.purpose = .operational; $0.operator = "op1" })
        #expect(try unqualified() == ["r-\(w.counter)"])
        // That flight undone: B's flight is again by an operator who was not current.
        #expect(w.record(.undo, "A", by: "boss", at: start.adding(days: 11)) { $0.reason = "wrong airframe" })
        #expect(try unqualified() == [onB])
        let end = Day(start.adding(days: 12)).adding(days: 1)
        try Self.compare(w.store, try ReportPeriod(from: end.adding(days: -28), to: end, every: .week))
    }

    /// With a time zone, days, weeks and months are local (DESIGN §13): the summaries kept
    /// with each event, a rebuild after the zone changes and one pass over the log agree.
    @Test(arguments: ["Asia/Almaty", "America/New_York"])
    func localDaysInAZone(zone: String) throws {
        let w = try RandomWorkshop(seed: 11)
        defer { w.remove() }
        try w.run(steps: 600)
        let utcTables = try Self.tables(w.store)
        try w.store.record(EventInput(id: "tz-1", subject: "Random Workshop", occurredAt: w.clock, actor: "boss",
                                      body: .workshopSet(WorkshopSetting(timezone: zone))), now: w.clock)
        #expect(try w.store.workshop().timezone == zone)
        let zonedTables = try Self.tables(w.store)
        #expect(zonedTables != utcTables, "a new zone moves events to their local days")
        try w.run(steps: 600)
        let end = Day(w.clock).adding(days: 1)
        for every in [Bucketing.week, .month] {
            try Self.compare(w.store, try ReportPeriod(from: end.adding(days: -120), to: end, every: every, timezone: zone))
        }
        let incremental = try Self.tables(w.store)
        try w.store.transaction { db in try SummaryRebuild.run(db) }
        #expect(try Self.tables(w.store) == incremental)
        // A QC pass near local midnight counts in its local week, not the UTC one: east of
        // Greenwich just after local midnight (still Sunday in UTC), west of it just before.
        let days = LocalDays(zone: zone)
        let monday = days.day(w.clock).adding(days: 14).mondayOnOrBefore
        let east = Day(days.start(monday)) < monday
        let passed = east ? days.start(monday).adding(minutes: 30) : days.start(monday).adding(minutes: -30)
        #expect(days.day(passed) != Day(passed), "in \(zone) the local day is not the UTC day at \(passed)")
        #expect(w.record(.register, "TZ-1", by: "tech1", at: passed.adding(hours: -3)) { $0.model = "M3" })
        #expect(w.record(.assembled, "TZ-1", by: "tech1", at: passed.adding(hours: -2)))
        #expect(w.record(.qc, "TZ-1", by: "insp1", at: passed) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
        let period = try ReportPeriod(from: monday.adding(days: -7), to: monday.adding(days: 7), every: .week, timezone: zone)
        let local = try ReportSource.fromLog(w.store, period: period, target: nil, now: passed.adding(days: 30))
        let utc = try ReportSource.fromLog(w.store, period: try ReportPeriod(from: monday.adding(days: -7), to: monday.adding(days: 7), every: .week),
                                           target: nil, now: passed.adding(days: 30))
        #expect(local.buckets.map(\.build.delivered) == (east ? [0, 1] : [1, 0]))
        #expect(utc.buckets.map(\.build.delivered) == (east ? [1, 0] : [0, 1]))
        #expect(ReportJSON.render(local).contains(zone) && !ReportJSON.render(utc).contains(zone))
        try Self.compare(w.store, period)
    }

    /// Headquarters has a workshop give itself its code long after the periods it reports
    /// on. That later `workshop_set` leaves the report's stock lists to the projections; a
    /// later one that sets the country does not (the lists judge origins by the country at
    /// the snapshot). Both ways, the report from the summaries is the one-pass report.
    @Test func aWorkshopCodeSetAfterThePeriodKeepsTheStockListsFromTheProjections() throws {
        let w = try RandomWorkshop(seed: 4)
        defer { w.remove() }
        try w.run(steps: 2500)
        let period = try Self.periods(endingAfter: w.clock)[0]
        let takenAt = period.instant(period.to)
        #expect(try w.store.stockAtSnapshot(takenAt) != nil, "nothing is dated after the period yet")
        func set(_ n: Int, _ setting: WorkshopSetting) throws {
            try w.store.record(EventInput(id: "later-\(n)", subject: "Random Workshop", occurredAt: takenAt.adding(minutes: Int64(60 * n)),
                                          actor: "boss", body: .workshopSet(setting)), now: Timestamp(milliseconds: 4_000_000_000_000))
        }
        try set(1, WorkshopSetting(code: "KZ-R04"))
        #expect(try w.store.workshop().code == "KZ-R04")
        #expect(try w.store.stockAtSnapshot(takenAt) != nil, "a code set later leaves the lists to the projections")
        let lists = try #require(try Self.compare(w.store, period).supply)
        #expect(!lists.lowStock.isEmpty && !lists.batteriesWorn.isEmpty, "the lists compared are not empty")
        try set(2, WorkshopSetting(country: "KZ"))
        #expect(try w.store.stockAtSnapshot(takenAt) == nil, "a country set later sends the lists to the pass over the events")
        try Self.compare(w.store, period)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func randomWorkshops(seed: UInt64) throws {
        let w = try RandomWorkshop(seed: seed)
        defer { w.remove() }
        try w.run(steps: 2500)
        #expect(w.undone > 50, "the random workshop undoes events (\(w.undone))")
        #expect(w.accepted > 1500)
        for (i, period) in try Self.periods(endingAfter: w.clock).enumerated() {
            let report = try Self.compare(w.store, period)
            Self.unitsAgreeWithTheSnapshot(report)
            guard i == 1 else { continue }
            // The supply group the summaries must match is not empty: stays, waits for
            // catalogued and other parts, and local content of airframes delivered with parts.
            let supply = try #require(report.supply).totals
            #expect(supply.nmcmHours > 0 && supply.nmcsHours > 0)
            #expect(Set(supply.awaitingPartsByPart.map(\.catalogued)) == [true, false], "\(supply.awaitingPartsByPart)")
            #expect(supply.localContent?.unknownShare != nil, "local content of the deliveries with parts")
            #expect(!supply.partsConsumed.isEmpty)
            // The stock lists (read from the projections here: nothing is dated after the period).
            let lists = try #require(report.supply)
            #expect(!lists.lowStock.isEmpty && !lists.lifeLimitedDue.isEmpty && !lists.batteriesWorn.isEmpty,
                    "\(lists.lowStock.count) low, \(lists.lifeLimitedDue.count) near their life, \(lists.batteriesWorn.count) worn")
            #expect(Set(lists.lowStock.map(\.part)) == ["MOTOR", "PROP"], "\(lists.lowStock)")
        }
        // Periods ending inside the log, where many airframes and operators have later events.
        // Their stock lists come from the projections rewound to the period's end (later
        // stock events follow it), and are not empty.
        let first = Day(Timestamp(milliseconds: 1_767_254_400_000))
        var rewoundLists: [String: Int] = [:]
        for weeks in [3, 7, 11, 16] {
            let end = first.adding(days: Int64(weeks * 7 + Int(seed)))
            let period = try ReportPeriod(from: end.adding(days: -42), to: end, every: .week)
            let report = try Self.compare(w.store, period)
            #expect(try w.store.stockAtSnapshot(period.instant(period.to)) == nil, "later stock events")
            let pieces = try Self.bothWaysOfRewinding(w.store, period)
            rewoundLists["battery cycles", default: 0] += pieces.filter(\.battery).reduce(0) { $0 + $1.cycles }
            let lists = try #require(report.supply)
            rewoundLists["low", default: 0] += lists.lowStock.count
            rewoundLists["life", default: 0] += lists.lifeLimitedDue.count
            rewoundLists["worn", default: 0] += lists.batteriesWorn.count
            rewoundLists["on hand", default: 0] += lists.lowStock.reduce(0) { $0 + $1.onHand }
            Self.unitsAgreeWithTheSnapshot(report)
            #expect(report.snapshot.units.map(\.unit) == ["U1", "U2", "U3"])
            // A total: what was delivered before `to` and a few more (then already reached).
            let soFar = try #require(report.forecast).deliveredSoFar
            #expect(soFar > 0)
            let total = try #require(try Self.compare(w.store, period, goal: .total(soFar + 25)).forecast)
            #expect(total.mode == .total && total.more == 25 && total.deliveredSoFar == soFar)
            let more = try #require(try Self.compare(w.store, period, goal: .more(25)).forecast)
            #expect(total.p50Date == more.p50Date && total.p85Date == more.p85Date && total.fan == more.fan)
            #expect(try #require(try Self.compare(w.store, period, goal: .total(soFar)).forecast).alreadyReached)
        }
        #expect(rewoundLists.values.allSatisfy { $0 > 0 } && rewoundLists.count == 5, "\(rewoundLists)")
        let held = try Self.compare(w.store, try Self.periods(endingAfter: w.clock)[0]).snapshot.units
        #expect(held.contains { $0.held > $0.available } && held.contains { $0.available > 0 },
                "the random workshop leaves airframes with units, in service and in maintenance (\(held))")
        let flagged = try w.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT kind) FROM compliance_events") ?? 0
        }
        #expect(flagged == 3, "every kind of compliance event occurs")
        let misfiled = try w.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM compliance_events c JOIN events e ON e.seq = c.event_seq WHERE c.serial <> e.subject") ?? -1
        }
        #expect(misfiled == 0, "each compliance event names its own airframe")
        let incremental = try Self.tables(w.store)
        try w.store.transaction { db in try SummaryRebuild.run(db) }
        #expect(try Self.tables(w.store) == incremental, "a rebuild from the log gives the tables kept with each event")
        // Parts moved, flew and were undone: every projection equals a replay of the log.
        #expect(w.partsAccepted > 100, "the random workshop moves parts (\(w.partsAccepted))")
        // Each piece's flights, read in the store's order, are those of the plain join.
        for before in [w.clock, Timestamp(milliseconds: w.clock.milliseconds - 40 * 86_400_000)] {
            let plain = try w.store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT m.ref, m.seq, f.minutes FROM mentions m JOIN events e ON e.seq = m.seq AND e.kind = 'flight'
                    JOIN flights f ON f.event_id = e.id WHERE f.occurred_at < ? ORDER BY m.seq
                    """, arguments: [before.storageText])
            }
            var expected: [String: String] = [:], minutes: [String: Int] = [:], seqs: [String: [Int64]] = [:]
            for row in plain {
                guard case let .piece(serial)? = Mention(key: row[0]) else { continue }
                minutes[serial, default: 0] += row[2] as Int
                seqs[serial, default: []].append(row[1])
            }
            for (serial, m) in minutes { expected[serial] = "\(m) \(seqs[serial]!)" }
            let usage = try w.store.pieceUsage(before: before).mapValues { "\($0.minutes) \($0.flightSeqs)" }
            #expect(usage == expected && !usage.isEmpty, "\(usage.count) pieces against \(expected.count)")
        }
        let verified = try w.store.verify()
        #expect(verified.ok, "\(verified.fault ?? "")")
    }
}

extension ReportSummaryTests {
    /// Units carry in-service airframes only once issued, and lose them at a return or a
    /// QC pass: what is available by unit is all that is in service.
    static func unitsAgreeWithTheSnapshot(_ r: ThroughputReport) {
        let inService = r.snapshot.wip.first { $0.state == .inService }?.count ?? 0
        #expect(r.snapshot.units.reduce(0) { $0 + $1.available } == inService)
        let notInWorkshop = r.snapshot.wip.filter { $0.state != .ready && $0.state != .training && $0.state != .assembly }.reduce(0) { $0 + $1.count }
        #expect(r.snapshot.units.reduce(0) { $0 + $1.held } <= notInWorkshop)
        #expect(r.snapshot.units.map(\.unit) == r.snapshot.units.map(\.unit).sorted())
    }

    /// The hand-worked workshop of HeldByUnitAndTargetTotalTests, through the store: two
    /// units, airframes issued, returned, lost, in maintenance, an issue undone and one after
    /// the period. The summaries (which rebuild the airframes with later events) and the log agree.
    @Test func heldByUnitThroughTheStore() throws {
        let w = try RandomWorkshop(seed: 7)
        defer { w.remove() }
        try w.run(steps: 0)
        func at(_ text: String) -> Timestamp { try! Timestamp.parse(text) }
        func deliver(_ s: String, _ day: String) {
            #expect(w.record(.register, s, by: "tech1", at: at(day + "T08:00:00Z")) { $0.model = "M3" })
            #expect(w.record(.assembled, s, by: "tech1", at: at(day + "T09:00:00Z")))
            #expect(w.record(.qc, s, by: "insp1", at: at(day + "T10:00:00Z")) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
        }
        func issue(_ s: String, _ unit: String, _ time: String) { #expect(w.record(.issue, s, by: "boss", at: at(time)) { $0.unit = unit }) }
        deliver("J", "2025-12-20")
        for s in ["A", "B", "C", "D", "E"] { deliver(s, "2026-01-05") }
        issue("A", "U1", "2026-01-06T08:00:00Z")
        issue("B", "U1", "2026-01-06T08:00:00Z")
        #expect(w.record(.maintenanceOpen, "B", by: "tech1", at: at("2026-01-07T08:00:00Z")) { $0.reason = "defect" })
        issue("C", "U2", "2026-01-06T08:00:00Z")
        #expect(w.record(.return, "C", by: "boss", at: at("2026-01-08T08:00:00Z")))
        issue("D", "U2", "2026-01-06T08:00:00Z")
        #expect(w.record(.lost, "D", by: "boss", at: at("2026-01-09T08:00:00Z")) { $0.reason = "gone" })
        issue("E", "U2", "2026-01-06T08:00:00Z")
        #expect(w.record(.maintenanceOpen, "E", by: "tech1", at: at("2026-01-07T08:00:00Z")) { $0.reason = "scheduled" })
        #expect(w.record(.maintenanceClose, "E", by: "tech1", at: at("2026-01-08T08:00:00Z")))
        for s in ["F", "G", "H", "I"] { deliver(s, "2026-01-12") }
        issue("H", "U2", "2026-01-13T08:00:00Z")
        #expect(w.record(.undo, "H", by: "boss", at: at("2026-01-13T12:00:00Z")) { $0.reason = "wrong unit" })
        issue("I", "U2", "2026-01-13T08:00:00Z")
        issue("G", "U1", "2026-01-20T08:00:00Z")
        // Taken back to the workshop after the period: still held by U2 at its end.
        #expect(w.record(.return, "I", by: "boss", at: at("2026-01-22T08:00:00Z")))
        let period = try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 19), every: .week)
        let report = try Self.compare(w.store, period, goal: .total(19))
        #expect(report.snapshot.units == [
            UnitHolding(unit: "U1", held: 2, available: 1), UnitHolding(unit: "U2", held: 2, available: 1),
            UnitHolding(unit: "U3", held: 0, available: 0),
        ])
        let f = try #require(report.forecast)
        #expect(f.deliveredSoFar == 10 && f.more == 9 && f.weeklyDelivered == [5, 4] && f.p50Weeks == 2 && f.p85Weeks == 3)
        // After the last event: G is with U1, I back in the workshop.
        let end = Day(year: 2026, month: 1, day: 26)
        let now = try Self.compare(w.store, try ReportPeriod(from: end.adding(days: -21), to: end, every: .week))
        #expect(now.snapshot.units.map(\.held) == [3, 1, 0] && now.snapshot.units.map(\.available) == [2, 0, 0])
    }
}

extension ReportSummaryTests {
    /// Component life makes an airframe due (DESIGN §14): a flight with a piece at its life
    /// counts in `flights_while_due` in both ways a report is made, and in a rebuild, until
    /// the piece is removed. A 100-minute part flies 60 + 60 (the second starts at 60: not
    /// due), then 30 (starts at 120: due); removed, the airframe flies clean again.
    @Test func flightsWithAComponentAtItsLife() throws {
        let w = try RandomWorkshop(seed: 9)
        defer { w.remove() }
        try w.run(steps: 0)
        func at(_ text: String) -> Timestamp { try! Timestamp.parse(text) }
        func record(_ subject: String, _ time: String, by actor: String = "tech1", _ body: EventBody) -> String? {
            w.record(subject, time, by: actor, body, refusalExpected: true)
        }
        func fly(_ time: String, _ minutes: Int) -> String? {
            record("L1", time, .flight(HangarCore.Flight(minutes: minutes, purpose: .operational, operator: nil)))
        }
        #expect(record("SHORT", "2026-01-01T08:00:00Z", by: "boss", .partAdd(PartDefinition(name: "Short-lived", tracking: .serial, kind: .component, lifeMinutes: 100))) != nil)
        #expect(record("SHORT", "2026-01-02T08:00:00Z", by: "store1", .stockReceive(StockReceipt(qty: 1, serials: ["SH-1"]))) != nil)
        #expect(w.record(.register, "L1", by: "tech1", at: at("2026-01-05T08:00:00Z")) { $0.model = "M3" })
        #expect(record("L1", "2026-01-05T09:00:00Z", .install(Installation(part: "SHORT", component: "SH-1"))) != nil)
        #expect(w.record(.assembled, "L1", by: "tech1", at: at("2026-01-05T10:00:00Z")))
        #expect(w.record(.qc, "L1", by: "insp1", at: at("2026-01-05T11:00:00Z")) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
        #expect(w.record(.issue, "L1", by: "boss", at: at("2026-01-05T12:00:00Z")) { $0.unit = "U1" })
        let first = fly("2026-01-06T08:00:00Z", 60), second = fly("2026-01-06T10:00:00Z", 60), third = fly("2026-01-07T08:00:00Z", 30)
        #expect(first != nil && second != nil && third != nil)
        #expect(w.record(.maintenanceOpen, "L1", by: "tech1", at: at("2026-01-08T08:00:00Z")) { $0.reason = "scheduled" })
        #expect(record("L1", "2026-01-08T09:00:00Z", .remove(Removal(part: "SHORT", component: "SH-1", disposition: .scrap, reason: "life reached"))) != nil)
        #expect(w.record(.maintenanceClose, "L1", by: "tech1", at: at("2026-01-08T10:00:00Z")))
        #expect(w.record(.qc, "L1", by: "insp1", at: at("2026-01-08T11:00:00Z")) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
        #expect(w.record(.issue, "L1", by: "boss", at: at("2026-01-08T12:00:00Z")) { $0.unit = "U1" })
        #expect(fly("2026-01-09T08:00:00Z", 20) != nil)
        let period = try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 12), every: .week)
        let report = try Self.compare(w.store, period)
        #expect(report.totals.compliance.flightsWhileDue == 1)
        #expect(Array(report.snapshot.complianceEvents.flightsWhileDue) == [third!])
        #expect(report.snapshot.complianceEvents.flightsWhileDueBySerial == ["L1": 1], "the text report and the printable page name the airframe")
        #expect(ReportText.render(report).contains("flights while due on L1 ×1"))
        let incremental = try Self.tables(w.store)
        try w.store.transaction { db in try SummaryRebuild.run(db) }
        #expect(try Self.tables(w.store) == incremental, "a rebuild flags the same flight")
    }

    /// Compliance ids are listed in log order, not by time: a flight recorded late but dated
    /// before one already flagged comes after it (the summaries read them by time).
    @Test func complianceIdsInLogOrder() throws {
        let w = try RandomWorkshop(seed: 99)
        defer { w.remove() }
        try w.run(steps: 0)
        let start = w.clock
        Self.twoIssuedAndAnOperatorInTraining(w, at: start)
        // Flown by an operator in training on day 10, then (recorded after) on day 5.
        var flown: [String] = []
        for (serial, day) in [("B", Int64(10)), ("A", 5)] {
            #expect(w.record(.flight, serial, by: "tech1", at: start.adding(days: day)) { $0.minutes = 20; $0.purpose = .operational; $0.operator = "op1" })
            flown.append("r-\(w.counter)")
        }
        let period = try ReportPeriod(from: Day(year: 2026, month: 1, day: 1), to: Day(year: 2026, month: 2, day: 2), every: .week)
        let report = try Self.compare(w.store, period)
        #expect(Array(report.snapshot.complianceEvents.flightsByUnqualified) == flown)
        #expect(report.snapshot.complianceEvents.flightsByUnqualifiedBySerial == ["A": 1, "B": 1])
    }

    /// Pieces in a lost or written-off airframe leave the lists of components at their life
    /// and of worn batteries (DESIGN §14, S19); stripped from the write-off into stock or
    /// quarantine, they come back. The summaries' report equals the one-pass report before and after the strip.
    @Test func piecesOfLostAndWrittenOffAirframes() throws {
        let w = try RandomWorkshop(seed: 11)
        defer { w.remove() }
        try w.run(steps: 0)
        func at(_ text: String) -> Timestamp { try! Timestamp.parse(text) }
        func record(_ subject: String, _ time: String, by actor: String = "tech1", _ body: EventBody) { w.record(subject, time, by: actor, body) }
        record("WORN", "2026-01-01T08:00:00Z", by: "boss", .partAdd(PartDefinition(name: "Worn motor", tracking: .serial, kind: .component, lifeMinutes: 50)))
        record("CELL", "2026-01-01T08:01:00Z", by: "boss", .partAdd(PartDefinition(name: "Cell", tracking: .serial, kind: .battery, lifeCycles: 10, ratedMah: 5000)))
        record("WORN", "2026-01-02T08:00:00Z", by: "store1", .stockReceive(StockReceipt(qty: 3, serials: ["W-1", "W-2", "W-3"])))
        record("CELL", "2026-01-02T08:01:00Z", by: "store1", .stockReceive(StockReceipt(qty: 4, serials: ["C-1", "C-2", "C-3", "C-4"])))
        for (n, airframe) in ["A1", "A2", "A3"].enumerated() {
            #expect(w.record(.register, airframe, by: "tech1", at: at("2026-01-05T08:0\(n):00Z")) { $0.model = "M3" })
            record(airframe, "2026-01-05T09:0\(n):00Z", .install(Installation(part: "WORN", component: "W-\(n + 1)")))
            record(airframe, "2026-01-05T09:1\(n):00Z", .install(Installation(part: "CELL", component: "C-\(n + 1)")))
            #expect(w.record(.assembled, airframe, by: "tech1", at: at("2026-01-05T10:0\(n):00Z")))
            #expect(w.record(.qc, airframe, by: "insp1", at: at("2026-01-05T11:0\(n):00Z")) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
            #expect(w.record(.issue, airframe, by: "boss", at: at("2026-01-05T12:0\(n):00Z")) { $0.unit = "U1" })
            record(airframe, "2026-01-06T08:0\(n):00Z", .flight(HangarCore.Flight(minutes: 60, purpose: .operational, operator: nil)))
        }
        for cell in ["C-1", "C-2", "C-3", "C-4"] { record(cell, "2026-01-07T08:00:00Z", .batteryCheck(BatteryCheck(capacityMah: 3000))) }
        #expect(w.record(.writeOff, "A1", by: "boss", at: at("2026-01-08T08:00:00Z")) { $0.reason = "crashed" })
        #expect(w.record(.lost, "A2", by: "boss", at: at("2026-01-08T09:00:00Z")) { $0.reason = "gone" })
        #expect(w.record(.writeOff, "A3", by: "boss", at: at("2026-01-08T10:00:00Z")) { $0.reason = "crashed" })
        let before = try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 10), every: .week)
        // Stripped for parts, after the first period's end.
        // A piece past its life does not go back to stock: to quarantine.
        record("A1", "2026-01-12T08:00:00Z", .remove(Removal(part: "WORN", component: "W-1", disposition: .quarantine, reason: "strip")))
        record("A1", "2026-01-12T08:01:00Z", .remove(Removal(part: "CELL", component: "C-1", disposition: .stock, reason: "strip")))
        let after = try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 19), every: .week)

        let early = try #require(try Self.compare(w.store, before).supply)
        #expect(early.lifeLimitedDue.isEmpty, "W-1 and W-3 are in written-off airframes, W-2 in a lost one: \(early.lifeLimitedDue)")
        #expect(early.batteriesWorn.map(\.serial) == ["C-4"], "\(early.batteriesWorn)")
        let late = try #require(try Self.compare(w.store, after).supply)
        #expect(late.lifeLimitedDue.map(\.serial) == ["W-1"] && late.lifeLimitedDue.first?.airframe == nil, "\(late.lifeLimitedDue)")
        #expect(Set(late.batteriesWorn.map(\.serial)) == ["C-1", "C-4"], "\(late.batteriesWorn)")
        #expect(late.totals.partsConsumed.map(\.qty).reduce(0, +) == 5, "six installed, one stripped back to stock: \(late.totals.partsConsumed)")
        let incremental = try Self.tables(w.store)
        try w.store.transaction { db in try SummaryRebuild.run(db) }
        #expect(try Self.tables(w.store) == incremental)
        #expect(try w.store.verify().ok)
    }
}

/// A workshop driven at random through the real write path. Most attempts are valid;
/// the ones the rules refuse are simply not recorded.
final class RandomWorkshop {
    var rng: SplitMix
    let path: String
    let store: HangarStore
    var clock = Timestamp(milliseconds: 1_767_254_400_000)  // 2026-01-01T08:00:00Z
    var counter = 0
    var accepted = 0
    var undone = 0
    var serials: [String] = []
    let operators = (1...10).map { "op\($0)" }
    /// Pieces received so far (motors, batteries) and lots of propellers.
    var motors: [String] = []
    var batteries: [String] = []
    var lots: [String] = []
    var partsAccepted = 0

    init(seed: UInt64) throws {
        rng = SplitMix(seed: seed)
        path = NSTemporaryDirectory() + "hangar-random-\(UUID().uuidString).sqlite"
        store = try HangarStore(path: path, create: true)
    }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) / 10_000 < p }

    /// Records a typed event dated `time` (ISO-8601): its id, or nil when the rules refuse it
    /// (then recorded as an issue of the test unless `refusalExpected`).
    @discardableResult
    func record(_ subject: String, _ time: String, by actor: String = "tech1", _ body: EventBody, refusalExpected: Bool = false) -> String? {
        counter += 1
        do {
            let input = EventInput(id: "typed-\(counter)", subject: subject, occurredAt: try Timestamp.parse(time), actor: actor, body: body)
            try store.record(input, now: Timestamp(milliseconds: 4_000_000_000_000))
            return input.id
        } catch {
            if !refusalExpected { Issue.record("\(body.kind) \(subject) at \(time): \(error)") }
            return nil
        }
    }

    @discardableResult
    func record(_ kind: EventKind, _ subject: String, by actor: String, at: Timestamp? = nil,
                         _ set: (inout Fields) -> Void = { _ in }) -> Bool {
        counter += 1
        var data = Fields()
        set(&data)
        do {
            let input = try EventInput(id: "r-\(counter)", kind: kind, subject: subject, occurredAt: at ?? clock, actor: actor, data: data)
            try store.record(input, now: Timestamp(milliseconds: 4_000_000_000_000))
            accepted += 1
            if kind == .undo { undone += 1 }
            if [.install, .remove, .stockReceive, .stockAdjust, .batteryCheck].contains(kind) { partsAccepted += 1 }
            return true
        } catch {
            return false
        }
    }

    func run(steps: Int) throws {
        record(.staffAdd, "boss", by: "boss") { $0.name = "Boss"; $0.roles = [.admin, .commander] }
        for (id, roles) in [("tech1", [Role.technician]), ("tech2", [.technician]), ("insp1", [.inspector, .instructor]), ("insp2", [.inspector, .instructor])] {
            record(.staffAdd, id, by: "boss") { $0.name = id; $0.roles = roles }
        }
        record(.workshopSet, "Random Workshop", by: "boss") { $0.capacityPerYear = 400 }
        for unit in ["U1", "U2", "U3"] { record(.unitAdd, unit, by: "boss") }
        let checklist: [ChecklistItem] = [.check("motors"), .measure("current", unit: "A", min: 8, max: 14)]
        record(.modelAdd, "M1", by: "boss") { $0.checklist = checklist; $0.serviceMinutes = 240; $0.serviceDays = 30 }
        record(.modelAdd, "M2", by: "boss") { $0.checklist = checklist; $0.serviceDays = 12 }
        record(.modelAdd, "M3", by: "boss") { $0.checklist = checklist }
        for id in operators {
            let unit = pick(["U1", "U2", "U3"])
            record(.enroll, id, by: "insp1") { $0.name = id; $0.unit = unit }
        }
        record(.staffAdd, "store1", by: "boss") { $0.name = "Store"; $0.roles = [.storekeeper] }
        try partsCatalogue()
        for _ in 0..<steps {
            // Time moves on; now and then an event is dated a little in the past (other
            // airframes may already be later: only each subject's own order is enforced).
            clock = clock.adding(minutes: Int64(rng.next() % 150))
            let at = chance(0.15) ? clock.adding(minutes: -Int64(rng.next() % 8000)) : clock
            let roll = rng.next() % 100
            if roll < 8 || serials.count < 5 {
                let serial = "R-\(serials.count + 1)"
                let model = pick(["M1", "M1", "M2", "M3"])
                if record(.register, serial, by: pick(["tech1", "tech2"]), at: at, { $0.model = model }) { serials.append(serial) }
            } else if roll < 16 {
                operatorStep(at: at)
            } else if roll < 18 {
                let minutes = 120 + Int(rng.next() % 240)
                record(.modelUpdate, pick(["M1", "M2", "M3"]), by: "boss", at: at) { $0.serviceMinutes = minutes }
            } else if roll < 22 {
                stockStep(at: at)
            } else {
                try airframeStep(serial: pick(serials), at: at)
            }
        }
    }

    /// A motor with a life, propellers by lot, batteries; a BOM for M1 (not enforced).
    func partsCatalogue() throws {
        func add(_ number: String, _ body: EventBody) {
            counter += 1
            let input = EventInput(id: "r-\(counter)", subject: number, occurredAt: clock, actor: "boss", body: body)
            if (try? store.record(input, now: Timestamp(milliseconds: 4_000_000_000_000))) != nil { accepted += 1 }
        }
        add("MOTOR", .partAdd(PartDefinition(name: "Motor", tracking: .serial, kind: .component, unitCost: 100, origin: "KZ", reorderAt: 1000, lifeMinutes: 60)))
        add("PROP", .partAdd(PartDefinition(name: "Prop", tracking: .lot, kind: .consumable, origin: "CN", reorderAt: 200)))
        add("BAT", .partAdd(PartDefinition(name: "Battery", tracking: .serial, kind: .battery, lifeCycles: 4, ratedMah: 5000)))
        add("M1", .bomSet(BOMSetting(lines: [BOMLine(part: "MOTOR", qty: 4), BOMLine(part: "PROP", qty: 4)])))
    }

    /// Receipts, adjustments, battery checks and their undos.
    func stockStep(at: Timestamp) {
        counter += 1
        let roll = rng.next() % 10
        var body: EventBody
        var subject: String
        switch roll {
        case 0, 1, 2:
            let new = (0..<4).map { "MO-\(counter)-\($0)" }
            body = .stockReceive(StockReceipt(qty: 4, lot: chance(0.5) ? "ML-\(counter)" : nil, serials: new))
            subject = "MOTOR"
            motors += new
        case 3:
            let lot = "PL-\(counter)"
            body = .stockReceive(StockReceipt(qty: 8 + Int(rng.next() % 20), lot: lot))
            subject = "PROP"
            lots.append(lot)
        case 4:
            let new = (0..<2).map { "BA-\(counter)-\($0)" }
            body = .stockReceive(StockReceipt(qty: 2, serials: new))
            subject = "BAT"
            batteries += new
        case 5:
            guard !lots.isEmpty else { return }
            body = .stockAdjust(StockAdjustment(lot: pick(lots), qtyDelta: chance(0.5) ? -1 : 2, reason: "count"))
            subject = "PROP"
        case 6:
            guard !motors.isEmpty else { return }
            body = .stockAdjust(StockAdjustment(serial: pick(motors), status: pick([.quarantine, .inStock, .scrapped]), reason: "check"))
            subject = "MOTOR"
        case 7:
            guard !batteries.isEmpty else { return }
            body = .batteryCheck(BatteryCheck(capacityMah: 3800 + Int(rng.next() % 1400), cycles: chance(0.2) ? 0 : nil))
            subject = pick(batteries)
        default:
            body = .undo(Undo(reason: "wrong"))
            subject = chance(0.5) || batteries.isEmpty ? pick(["MOTOR", "PROP", "BAT"]) : pick(batteries)
        }
        let actor = pick(["store1", "tech1", "boss"])
        let input = EventInput(id: "r-\(counter)", subject: subject, occurredAt: at, actor: actor, body: body)
        if (try? store.record(input, now: Timestamp(milliseconds: 4_000_000_000_000))) != nil {
            accepted += 1
            partsAccepted += 1
            if body.kind == .undo { undone += 1 }
        }
    }

    func operatorStep(at: Timestamp) {
        let id = pick(operators)
        let kind = pick([EventKind.startTraining, .qualify, .qualify, .fail, .withdraw, .retrain])
        record(kind, id, by: pick(["insp1", "insp2"]), at: at)
    }

    func airframeStep(serial: String, at: Timestamp) throws {
        guard let view = try store.airframe(serial) else { return }
        let state = view.airframe.state
        if chance(0.08) {
            record(.undo, serial, by: "boss", at: at) { $0.reason = "mistake" }
            return
        }
        var kinds = AirframeLifecycle.events(allowedFrom: state).filter { $0 != .undo && $0 != .register }
        if state == .training || state == .inService {
            kinds += Array(repeating: .flight, count: 6)
            if !chance(0.15) { kinds.removeAll { $0 == .lost } }
        }
        if !chance(0.1) { kinds.removeAll { $0 == .writeOff } }
        guard !kinds.isEmpty else { return }
        let kind = pick(kinds)
        let tech = pick(["tech1", "tech2"])
        let inspector = pick(["insp1", "insp2"])
        switch kind {
        case .qc:
            let pass = chance(0.7)
            let motorFails = !pass && chance(0.5)
            let current = pass || motorFails ? 11.0 : pick([3.0, 20.0])
            let defects = pass ? (chance(0.1) ? ["NOTE"] : []) : [pick(["MOTOR", "FRAME", "GPS"])]
            // Now and then a hasty inspection, seconds after the work.
            let when = chance(0.1) ? view.airframe.stateSince : at
            record(.qc, serial, by: inspector, at: when) {
                $0.checks = ["motors": motorFails ? .fail : .pass]
                $0.measures = ["current": current]
                $0.defects = defects
            }
        case .flight:
            let training = chance(0.5)
            let minutes = 1 + Int(rng.next() % 45)
            let op: String? = training || chance(0.8) ? pick(operators) : nil
            let battery: String? = chance(0.4) && !batteries.isEmpty ? pick(batteries) : nil
            let flightBody = EventBody.flight(HangarCore.Flight(
                minutes: minutes, purpose: training ? .training : .operational, operator: op, batteries: battery.map { [$0] }))
            counter += 1
            let input = EventInput(id: "r-\(counter)", subject: serial, occurredAt: at, actor: training ? inspector : tech, body: flightBody)
            if (try? store.record(input, now: Timestamp(milliseconds: 4_000_000_000_000))) != nil { accepted += 1 }
        case .issue:
            let unit = pick(["U1", "U2", "U3"])
            record(.issue, serial, by: "boss", at: at) { $0.unit = unit }
        case .assignTraining:
            record(kind, serial, by: inspector, at: at)
        case .return, .lost, .writeOff:
            record(kind, serial, by: "boss", at: at) { $0.reason = kind == .return ? nil : "gone" }
        case .maintenanceOpen:
            let reason = pick(MaintenanceReason.allCases).rawValue
            record(kind, serial, by: tech, at: at) { $0.reason = reason }
        case .awaitParts:
            record(kind, serial, by: tech, at: at) { $0.part = chance(0.5) ? "MOTOR" : "motor" }  // a catalogued part number, or free text
        case .install:
            if chance(0.6), !motors.isEmpty {
                let motor = pick(motors)
                record(kind, serial, by: tech, at: at) { $0.part = "MOTOR"; $0.component = motor }
            } else if !lots.isEmpty {
                let lot = pick(lots), qty = 1 + Int(rng.next() % 4)
                record(kind, serial, by: tech, at: at) { $0.part = "PROP"; $0.lot = lot; $0.qty = qty }
            }
        case .remove:
            let disposition = pick([Disposition.stock, .stock, .quarantine, .scrap])
            if let piece = view.pieces.first {
                record(kind, serial, by: tech, at: at) { $0.part = piece.part; $0.component = piece.serial; $0.disposition = disposition; $0.reason = "worn" }
            } else if let holding = view.holdings.first {
                record(kind, serial, by: tech, at: at) {
                    $0.part = holding.part; $0.lot = holding.lot; $0.qty = 1; $0.disposition = disposition == .quarantine ? .scrap : disposition; $0.reason = "chipped"
                }
            }
        default:
            record(kind, serial, by: tech, at: at)
        }
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ReportSummaryTests {
    /// The snapshot's list of components near their life reads its own index (minutes ≥
    /// ⌈life × 9 / 10⌉): 9 minutes of a 10-minute part is 90% and listed, 9 of 11 is not,
    /// 10 of 11 is; the one-pass report draws the same line.
    /// The summaries answer a period while no more than the limit of airframes have events
    /// dated at or after its end; the report asks first, and reads the log otherwise.
    @Test func theSummariesAnswerWhileFewAirframesHaveLaterEvents() throws {
        let w = try RandomWorkshop(seed: 8)
        defer { w.remove() }
        try w.run(steps: 600)
        let end = Day(Timestamp(milliseconds: 1_767_254_400_000)).adding(days: 30)
        let period = try ReportPeriod(from: end.adding(days: -28), to: end, every: .week)
        let later = try w.store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(DISTINCT subject) FROM events WHERE subject IN (SELECT serial FROM airframes) AND occurred_at >= ?
                """, arguments: [period.instant(period.to).storageText]) ?? 0
        }
        #expect(later > 3, "airframes with events after the period (\(later))")
        #expect(try w.store.summariesAnswer(to: period.to, laterLimit: later))
        #expect(try w.store.logSummary(from: period.from, to: period.to, laterLimit: later) != nil)
        #expect(try !w.store.summariesAnswer(to: period.to, laterLimit: later - 1))
        #expect(try w.store.logSummary(from: period.from, to: period.to, laterLimit: later - 1) == nil)
        // Past the limit, the same summaries with the snapshot rewound airframe by airframe.
        let now = Timestamp(milliseconds: 4_000_000_000_000)
        let answered = ReportBuilder.assemble(try w.store.summaryAtAnyEnd(from: period.from, to: period.to, laterLimit: later),
                                              period: period, goal: .more(10), now: now)
        let rewound = ReportBuilder.assemble(try w.store.summaryAtAnyEnd(from: period.from, to: period.to, laterLimit: later - 1),
                                             period: period, goal: .more(10), now: now)
        #expect(rewound == answered)
        #expect(answered.snapshot.dueForService.count > 0 && answered.snapshot.oldestWIP.count > 0,
                "\(answered.snapshot.dueForService.count) due, \(answered.snapshot.oldestWIP.count) in work")
    }

    @Test func theNinetyPercentLineFromTheIndex() throws {
        let w = try RandomWorkshop(seed: 9)
        defer { w.remove() }
        try w.run(steps: 0)
        func at(_ text: String) -> Timestamp { try! Timestamp.parse(text) }
        func record(_ subject: String, _ time: String, by actor: String = "tech1", _ body: EventBody) -> Bool { w.record(subject, time, by: actor, body) != nil }
        #expect(record("TEN", "2026-01-01T08:00:00Z", by: "boss", .partAdd(PartDefinition(name: "Ten", tracking: .serial, kind: .component, lifeMinutes: 10))))
        #expect(record("ELEVEN", "2026-01-01T08:01:00Z", by: "boss", .partAdd(PartDefinition(name: "Eleven", tracking: .serial, kind: .component, lifeMinutes: 11))))
        #expect(record("TEN", "2026-01-02T08:00:00Z", by: "store1", .stockReceive(StockReceipt(qty: 1, serials: ["T-1"]))))
        #expect(record("ELEVEN", "2026-01-02T08:01:00Z", by: "store1", .stockReceive(StockReceipt(qty: 2, serials: ["E-1", "E-2"]))))
        for (airframe, pieces, minutes, hour) in [("L1", [("TEN", "T-1"), ("ELEVEN", "E-1")], 9, 10), ("L2", [("ELEVEN", "E-2")], 10, 11)] {
            #expect(w.record(.register, airframe, by: "tech1", at: at("2026-01-05T\(hour):00:00Z")) { $0.model = "M3" })
            for (part, serial) in pieces {
                #expect(record(airframe, "2026-01-05T\(hour):10:00Z", .install(Installation(part: part, component: serial))))
            }
            #expect(w.record(.assembled, airframe, by: "tech1", at: at("2026-01-05T\(hour):20:00Z")))
            #expect(w.record(.qc, airframe, by: "insp1", at: at("2026-01-05T\(hour):30:00Z")) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
            #expect(w.record(.issue, airframe, by: "boss", at: at("2026-01-05T\(hour):40:00Z")) { $0.unit = "U1" })
            #expect(record(airframe, "2026-01-06T\(hour):00:00Z", .flight(HangarCore.Flight(minutes: minutes, purpose: .operational, operator: nil))))
        }
        let stock = try #require(try w.store.stockAtSnapshot(at("2026-02-01T00:00:00Z")), "no event after the snapshot")
        #expect(Set(stock.pieces.filter { !$0.battery }.map(\.serial)) == ["T-1", "E-2"])
        let period = try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 12), every: .week)
        let report = try Self.compare(w.store, period)
        let near = report.supply.map { $0.lifeLimitedDue.filter { $0.measure == "minutes" }.map { "\($0.serial) \($0.used)/\($0.limit)" } }
        #expect(near.map(Set.init) == ["T-1 9/10", "E-2 10/11"])
    }
}

extension ReportSummaryTests {
    /// The listed pieces read both ways a rewind reads them (each replayed from its events,
    /// or its row now less its later flights) are the same pieces, minutes and cycles (a
    /// component's cycles are not read: only a battery's count).
    @discardableResult
    static func bothWaysOfRewinding(_ store: HangarStore, _ period: ReportPeriod) throws -> [PieceUse] {
        let end = period.instant(period.to)
        var builder = SupplyBuilder.fromSummaries(period: period, takenAt: end)
        try store.forEachEvent(of: SupplyBuilder.settingKinds, step: { builder.add($0) }, event: { builder.add($0) })
        let (parts, country, terminal) = builder.stockSettings
        func listed(_ replaying: Bool) throws -> (pieces: [PieceUse], onHand: [String: Int]) {
            let stock = try store.stockRewound(to: end, takenAt: end, parts: parts, country: country, terminal: terminal, replayingListed: replaying)
            return (stock.pieces.map { var p = $0; if !p.battery { p.cycles = 0 }; return p }, stock.onHand)
        }
        let (replayed, read) = (try listed(true), try listed(false))
        #expect(replayed.pieces == read.pieces && replayed.onHand == read.onHand)
        return replayed.pieces
    }

    /// The stock lists of a period that later stock events follow, worked by hand: the
    /// projections are rewound to the period's end, and the one-pass report agrees.
    /// - Battery C-1 (a life of 10 cycles) flies 3 flights, is checked with its counter set
    ///   to 8, flies once more: 9 cycles at the end, at 90% of its life. After it: 1 more
    ///   flight (10: worn now), a check without a counter, and a removal to quarantine.
    /// - C-2 is in stock at the end, quarantined after; C-3 and C-4 are received after: on
    ///   hand 1 at the end (C-2), 2 now (C-3, C-4).
    /// - Rotor R-1 (a life of 130 minutes) flies the same 4 flights of 30 minutes before the
    ///   end: 120, listed at 92%; 150 now.
    /// - Lot P1 of 40 props, 8 installed before the end: 32 on hand then; 4 more installed,
    ///   2 adjusted away and a second lot of 50 received after: 76 now.
    @Test func stockListsRewoundToThePeriodsEnd() throws {
        let w = try RandomWorkshop(seed: 12)
        defer { w.remove() }
        try w.run(steps: 0)
        func at(_ text: String) -> Timestamp { try! Timestamp.parse(text) }
        func record(_ subject: String, _ time: String, by actor: String = "tech1", _ body: EventBody) { w.record(subject, time, by: actor, body) }
        func fly(_ time: String) { record("A1", time, .flight(HangarCore.Flight(minutes: 30, purpose: .operational, operator: nil))) }
        record("CELL", "2026-01-01T08:00:00Z", by: "boss",
               .partAdd(PartDefinition(name: "Cell", tracking: .serial, kind: .battery, reorderAt: 5, lifeCycles: 10, ratedMah: 5000)))
        record("ROTOR", "2026-01-01T08:02:00Z", by: "boss", .partAdd(PartDefinition(name: "Rotor", tracking: .serial, kind: .component, lifeMinutes: 130)))
        record("ROTOR", "2026-01-02T08:02:00Z", by: "store1", .stockReceive(StockReceipt(qty: 1, serials: ["R-1"])))
        record("PROPS", "2026-01-01T08:01:00Z", by: "boss", .partAdd(PartDefinition(name: "Props", tracking: .lot, kind: .consumable, reorderAt: 100)))
        record("CELL", "2026-01-02T08:00:00Z", by: "store1", .stockReceive(StockReceipt(qty: 2, serials: ["C-1", "C-2"])))
        record("PROPS", "2026-01-02T08:01:00Z", by: "store1", .stockReceive(StockReceipt(qty: 40, lot: "P1")))
        #expect(w.record(.register, "A1", by: "tech1", at: at("2026-01-05T08:00:00Z")) { $0.model = "M3" })
        record("A1", "2026-01-05T09:00:00Z", .install(Installation(part: "CELL", component: "C-1")))
        record("A1", "2026-01-05T09:01:00Z", .install(Installation(part: "PROPS", lot: "P1", qty: 8)))
        record("A1", "2026-01-05T09:02:00Z", .install(Installation(part: "ROTOR", component: "R-1")))
        #expect(w.record(.assembled, "A1", by: "tech1", at: at("2026-01-05T10:00:00Z")))
        #expect(w.record(.qc, "A1", by: "insp1", at: at("2026-01-05T11:00:00Z")) { $0.checks = ["motors": .pass]; $0.measures = ["current": 10] })
        #expect(w.record(.issue, "A1", by: "boss", at: at("2026-01-05T12:00:00Z")) { $0.unit = "U1" })
        for hour in ["08", "10", "12"] { fly("2026-01-06T\(hour):00:00Z") }
        record("C-1", "2026-01-07T08:00:00Z", .batteryCheck(BatteryCheck(capacityMah: 4500, cycles: 8)))
        fly("2026-01-08T08:00:00Z")
        // After the period's end (2026-01-10).
        fly("2026-01-12T08:00:00Z")
        record("C-1", "2026-01-12T12:00:00Z", .batteryCheck(BatteryCheck(capacityMah: 4800)))
        #expect(w.record(.maintenanceOpen, "A1", by: "tech1", at: at("2026-01-13T09:00:00Z")) { $0.reason = "scheduled" })
        record("A1", "2026-01-13T10:00:00Z", .remove(Removal(part: "CELL", component: "C-1", disposition: .quarantine, reason: "at its life")))
        record("A1", "2026-01-13T10:01:00Z", .install(Installation(part: "PROPS", lot: "P1", qty: 4)))
        record("CELL", "2026-01-14T08:00:00Z", by: "store1", .stockAdjust(StockAdjustment(serial: "C-2", status: .quarantine, reason: "swollen")))
        record("CELL", "2026-01-14T08:01:00Z", by: "store1", .stockReceive(StockReceipt(qty: 2, serials: ["C-3", "C-4"])))
        record("PROPS", "2026-01-14T08:02:00Z", by: "store1", .stockAdjust(StockAdjustment(lot: "P1", qtyDelta: -2, reason: "broken")))
        record("PROPS", "2026-01-14T08:03:00Z", by: "store1", .stockReceive(StockReceipt(qty: 50, lot: "P2")))

        let period = try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 10), every: .week)
        #expect(try w.store.stockAtSnapshot(period.instant(period.to)) == nil, "stock events follow the period")
        try Self.bothWaysOfRewinding(w.store, period)
        let lists = try #require(try Self.compare(w.store, period).supply)
        func low(_ s: SupplyReport) -> [String] { s.lowStock.filter { ["CELL", "PROPS"].contains($0.part) }.map { "\($0.part) \($0.onHand)" } }
        #expect(low(lists) == ["CELL 1", "PROPS 32"], "\(lists.lowStock)")
        #expect(lists.lifeLimitedDue.map { "\($0.serial) \($0.measure) \($0.used)/\($0.limit)" } == ["C-1 cycles 9/10", "R-1 minutes 120/130"], "\(lists.lifeLimitedDue)")
        #expect(lists.batteriesWorn.isEmpty, "\(lists.batteriesWorn)")
        let now = try #require(try Self.compare(w.store, try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 19), every: .week)).supply)
        #expect(low(now) == ["CELL 2", "PROPS 76"], "\(now.lowStock)")
        #expect(now.batteriesWorn.map { "\($0.serial) \($0.cycles)" } == ["C-1 10"], "\(now.batteriesWorn)")
        #expect(now.lifeLimitedDue.map { "\($0.serial) \($0.measure) \($0.used)/\($0.limit)" } == ["C-1 cycles 10/10", "R-1 minutes 150/130"], "\(now.lifeLimitedDue)")
        // Asked for at 07:00 on the 12th, before its last flight: the pieces and lots as the
        // events before `to` leave them, their flights counted before the snapshot only.
        let early = try #require(try Self.compare(w.store, try ReportPeriod(from: Day(year: 2026, month: 1, day: 5), to: Day(year: 2026, month: 1, day: 19), every: .week),
                                                  now: at("2026-01-12T07:00:00Z")).supply)
        #expect(low(early) == ["CELL 2", "PROPS 76"], "\(early.lowStock)")
        #expect(early.lifeLimitedDue.map { "\($0.serial) \($0.measure) \($0.used)/\($0.limit)" } == ["C-1 cycles 9/10", "R-1 minutes 120/130"], "\(early.lifeLimitedDue)")
        #expect(early.batteriesWorn.isEmpty, "\(early.batteriesWorn)")
    }
}
