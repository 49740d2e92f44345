import HangarTestSupport
import Foundation
import GRDB
import HangarCore
@testable import HangarStore

/// A workshop in a temporary database file, filled through the real write path.
struct StoreFixture {
    let path: String
    let store: HangarStore
    var clock = Timestamp(milliseconds: 1_767_254_400_000)  // 2026-01-01T08:00:00Z
    var counter = 0

    init() throws {
        path = NSTemporaryDirectory() + "hangar-test-\(UUID().uuidString).sqlite"
        store = try HangarStore(path: path, create: true)
    }

    var now: Timestamp { clock.adding(days: 1) }

    @discardableResult
    mutating func record(_ kind: EventKind, _ subject: String, by actor: String, _ set: (inout Fields) -> Void = { _ in }) throws -> Decision {
        clock = clock.adding(minutes: 1)
        counter += 1
        var data = Fields()
        set(&data)
        return try store.record(
            EventInput(id: "ev-\(counter)", kind: kind, subject: subject, occurredAt: clock, actor: actor, data: data), now: now)
    }

    /// Staff, a unit, a model, and two airframes through QC, one issued and flown.
    mutating func populate() throws {
        try record(.staffAdd, "boss", by: "boss") { $0.name = "Boss"; $0.roles = [.admin, .commander] }
        try record(.staffAdd, "tech", by: "boss") { $0.name = "Tech"; $0.roles = [.technician] }
        try record(.staffAdd, "insp", by: "boss") { $0.name = "Insp"; $0.roles = [.inspector, .instructor] }
        try record(.unitAdd, "1st Company", by: "boss")
        try record(.modelAdd, "FPV-7", by: "boss") {
            $0.checklist = [.check("motors"), .measure("hover_current_a", unit: "A", min: 8, max: 14)]
            $0.serviceMinutes = 600
        }
        for serial in ["AF-1", "AF-2"] {
            try record(.register, serial, by: "tech") { $0.model = "FPV-7" }
            try record(.assembled, serial, by: "tech")
            try record(.qc, serial, by: "insp") { $0.checks = ["motors": .fail]; $0.measures = ["hover_current_a": 9]; $0.defects = ["MOTOR"] }
            try record(.reworkDone, serial, by: "tech")
            try record(.qc, serial, by: "insp") { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 9] }
        }
        try record(.enroll, "op1", by: "insp") { $0.name = "Oleh"; $0.unit = "1st Company" }
        try record(.issue, "AF-1", by: "boss") { $0.unit = "1st Company" }
        try record(.flight, "AF-1", by: "insp") { $0.minutes = 30; $0.purpose = .training; $0.operator = "op1" }
        try record(.flight, "AF-1", by: "tech") { $0.minutes = 45; $0.purpose = .operational }
        try record(.undo, "AF-1", by: "boss") { $0.reason = "duplicate entry" }
    }

    func export() throws -> [String] {
        var lines: [String] = []
        try store.exportEvents { lines.append($0) }
        return lines
    }

    /// Runs SQL on the file behind Hangar's back, as a tamperer with the sqlite3 shell would.
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_never_updated; DROP TRIGGER IF EXISTS events_are_never_deleted;")
            try db.execute(sql: sql)
        }
    }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
