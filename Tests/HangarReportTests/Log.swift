import HangarTestSupport
import HangarCore
import HangarReport

/// A hand-built log: events recorded through the real rules at given times, then fed to
/// the report as the store would (undone events and undos left out).
struct Log {
    var state = WorkshopState()
    var events: [RecordedEvent] = []
    var n = 0

    static func at(_ text: String) -> Timestamp { try! Timestamp.parse(text) }

    init(serviceMinutes: Int? = nil, serviceDays: Int? = nil, capacity: Int? = 520) {
        let t = Self.at("2025-12-01T08:00:00Z")
        add(.staffAdd, "boss", "boss", t) { $0.name = "Boss"; $0.roles = [.admin, .commander] }
        add(.staffAdd, "tech", "boss", t) { $0.name = "Tech"; $0.roles = [.technician] }
        add(.staffAdd, "insp", "boss", t) { $0.name = "Insp"; $0.roles = [.inspector] }
        add(.staffAdd, "instr", "boss", t) { $0.name = "Instr"; $0.roles = [.instructor] }
        add(.unitAdd, "Alpha", "boss", t)
        add(.unitAdd, "Bravo", "boss", t)
        if let capacity { add(.workshopSet, "Test Workshop", "boss", t) { $0.capacityPerYear = capacity } }
        add(.modelAdd, "M1", "boss", t) {
            $0.checklist = [.check("motors")]
            $0.serviceMinutes = serviceMinutes
            $0.serviceDays = serviceDays
        }
    }

    mutating func add(_ kind: EventKind, _ subject: String, _ actor: String, _ t: Timestamp, _ set: (inout Fields) -> Void = { _ in }) {
        n += 1
        var data = Fields()
        set(&data)
        do {
            let input = try EventInput(id: "e\(n)", kind: kind, subject: subject, occurredAt: t, actor: actor, data: data)
            let d = try state.record(input, now: t)
            var event = d.event
            event.seq = Int64(n)
            events.append(event)
        } catch {
            preconditionFailure("test log refused \(kind) \(subject) at \(t): \(error)")
        }
    }

    mutating func register(_ s: String, _ t: String) { add(.register, s, "tech", Self.at(t)) { $0.model = "M1" } }
    mutating func assembled(_ s: String, _ t: String) { add(.assembled, s, "tech", Self.at(t)) }
    mutating func pass(_ s: String, _ t: String) { add(.qc, s, "insp", Self.at(t)) { $0.checks = ["motors": .pass] } }
    mutating func fail(_ s: String, _ t: String, _ defects: [String] = ["X"]) {
        add(.qc, s, "insp", Self.at(t)) { $0.checks = ["motors": .fail]; $0.defects = defects }
    }
    mutating func rework(_ s: String, _ t: String) { add(.reworkDone, s, "tech", Self.at(t)) }
    mutating func undo(_ s: String, _ t: String) { add(.undo, s, "boss", Self.at(t)) { $0.reason = "mistake" } }
    mutating func issue(_ s: String, _ t: String, unit: String = "Alpha") { add(.issue, s, "boss", Self.at(t)) { $0.unit = unit } }
    mutating func fly(_ s: String, _ t: String, _ minutes: Int, operator op: String? = nil, training: Bool = false) {
        add(.flight, s, training ? "instr" : "boss", Self.at(t)) {
            $0.minutes = minutes
            $0.purpose = training ? .training : .operational
            $0.operator = op
        }
    }
    mutating func open(_ s: String, _ t: String, _ reason: String) { add(.maintenanceOpen, s, "tech", Self.at(t)) { $0.reason = reason } }
    mutating func close(_ s: String, _ t: String) { add(.maintenanceClose, s, "tech", Self.at(t)) }
    mutating func lost(_ s: String, _ t: String) { add(.lost, s, "boss", Self.at(t)) { $0.reason = "gone" } }

    /// Registered, assembled and passed at the given times.
    mutating func delivered(_ s: String, registered: String, assembled a: String, passed p: String) {
        register(s, registered)
        assembled(s, a)
        pass(s, p)
    }

    /// Records a typed event (the sustainment events' fields are not in `Fields`).
    mutating func body(_ body: EventBody, _ subject: String, _ actor: String, _ t: String) {
        n += 1
        do {
            let d = try state.record(EventInput(id: "e\(n)", subject: subject, occurredAt: Self.at(t), actor: actor, body: body), now: Self.at(t))
            var event = d.event
            event.seq = Int64(n)
            events.append(event)
        } catch {
            preconditionFailure("test log refused \(body.kind) \(subject) at \(t): \(error)")
        }
    }

    /// The supply group over these events, the snapshot taken at `now`, with each piece's
    /// flight usage worked out from the events (as the store's flights and mentions give it).
    func supply(from: String, to: String, now: String, every: Bucketing = .week) -> SupplyReport {
        let period = try! ReportPeriod(from: try! Day.parse(from, field: "from"), to: try! Day.parse(to, field: "to"), every: every)
        var builder = SupplyBuilder(period: period, takenAt: Self.at(now))
        let active = events.filter { $0.kind != .undo && state.undone[$0.id] == nil }
        for e in active where SupplyBuilder.kinds.contains(e.kind) { builder.add(e) }
        var usage: [String: SupplyBuilder.Usage] = [:]
        let takenAt = min(Self.at(now), period.to.start)
        for e in active where e.occurredAt < takenAt {
            guard case let .flight(f) = e.body else { continue }
            for case let .piece(serial) in state.mentions(of: e.id) {
                usage[serial, default: SupplyBuilder.Usage(minutes: 0, flightSeqs: [])].minutes += f.minutes
                usage[serial, default: SupplyBuilder.Usage(minutes: 0, flightSeqs: [])].flightSeqs.append(e.seq)
            }
        }
        return builder.build(usage: usage)
    }

    func report(from: String, to: String, every: Bucketing = .week, target: Int? = nil) -> ThroughputReport {
        let period = try! ReportPeriod(from: try! Day.parse(from, field: "from"), to: try! Day.parse(to, field: "to"), every: every)
        var builder = ReportBuilder(period: period, target: target)
        for e in events where e.kind != .undo && state.undone[e.id] == nil { builder.add(e) }
        return builder.build()
    }
}
