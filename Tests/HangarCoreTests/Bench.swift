import HangarTestSupport
import HangarCore

/// A small workshop in memory for the core's tests: staff of every role, one model, one
/// unit, one operator. Times advance one minute per event unless given.
struct Bench {
    var state = WorkshopState()
    var clock = Timestamp(milliseconds: 1_767_254_400_000)  // 2026-01-01T08:00:00Z
    var counter = 0

    static let checklist: [ChecklistItem] = [
        .check("motors"), .check("compass"), .measure("hover_current_a", unit: "A", min: 8, max: 14),
    ]

    init(serviceMinutes: Int? = 600, serviceDays: Int? = 90) {
        try! record(.staffAdd, "boss", by: "boss", name: "Boss", roles: [.admin])
        for (id, roles) in [
            ("tech", [Role.technician]), ("tech2", [.technician]), ("insp", [.inspector]), ("insp2", [.inspector]),
            ("instr", [.instructor]), ("cmdr", [.commander]), ("all", Role.allCases),
        ] {
            try! record(.staffAdd, id, by: "boss", name: id.capitalized, roles: roles)
        }
        var d = Fields()
        try! record(.unitAdd, "1st Company", by: "boss", d)
        d.checklist = Self.checklist
        d.serviceMinutes = serviceMinutes
        d.serviceDays = serviceDays
        try! record(.modelAdd, "FPV-7", by: "boss", d)
        d = Fields()
        d.name = "Oleh"
        d.unit = "1st Company"
        try! record(.enroll, "op1", by: "instr", d)
    }

    mutating func nextID() -> String { counter += 1; return "e\(counter)" }

    @discardableResult
    mutating func record(_ kind: EventKind, _ subject: String, by actor: String, _ data: Fields = Fields(),
                         at: Timestamp? = nil, now: Timestamp? = nil) throws -> Decision {
        if at == nil { clock = clock.adding(minutes: 1) }
        let input = try EventInput(id: nextID(), kind: kind, subject: subject, occurredAt: at ?? clock, actor: actor, data: data)
        return try state.record(input, now: now ?? (at.map { max($0, clock) } ?? clock))
    }

    @discardableResult
    mutating func record(_ kind: EventKind, _ subject: String, by actor: String, name: String, roles: [Role]) throws -> Decision {
        var d = Fields()
        d.name = name
        d.roles = roles
        return try record(kind, subject, by: actor, d)
    }

    /// Passing or failing QC data for the bench model.
    static func qc(pass: Bool = true, current: Double = 11.2) -> Fields {
        var d = Fields()
        d.checks = ["motors": .pass, "compass": pass ? .pass : .fail]
        d.measures = ["hover_current_a": current]
        if !pass { d.defects = ["compass_drift"] }
        return d
    }

    static func flight(_ minutes: Int, _ purpose: FlightPurpose = .operational, operator op: String? = nil) -> Fields {
        var d = Fields()
        d.minutes = minutes
        d.purpose = purpose
        d.operator = op
        return d
    }

    static func field(_ set: (inout Fields) -> Void) -> Fields {
        var d = Fields()
        set(&d)
        return d
    }

    /// Registers `serial` and takes it through assembly and a first QC pass to `ready`.
    mutating func readyAirframe(_ serial: String = "AF-1") throws {
        try record(.register, serial, by: "tech", Self.field { $0.model = "FPV-7" })
        try record(.assembled, serial, by: "tech")
        try record(.qc, serial, by: "insp", Self.qc())
    }

    func airframe(_ serial: String = "AF-1") -> Airframe { state.airframe(serial)! }
}

func rejection(_ body: () throws -> Void) -> HangarError? {
    do { try body() } catch let e as HangarError { return e } catch { return nil }
    return nil
}
