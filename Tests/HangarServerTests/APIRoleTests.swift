import HangarTestSupport
import Foundation
import HangarAccess
import HangarCore
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HangarServer

/// One case of the role matrix: how to bring a subject to where the event applies, the
/// request body, and the roles DESIGN §3–§4 and §10 allow to record it.
struct RoleCase: Sendable, CustomStringConvertible {
    var name: String
    var allowed: Set<Role>
    var prepare: @Sendable (ServerFixture, String) throws -> Void
    var body: @Sendable (String) -> String
    var description: String { name }
}

private let ready: @Sendable (ServerFixture, String) throws -> Void = { f, s in
    try f.setUp(.register, s, by: .technician) { $0.model = "FPV-7" }
    try f.setUp(.assembled, s, by: .technician)
    try f.setUp(.qc, s, by: .inspector) { $0.checks = ["motors": .pass]; $0.measures = ["hover_current_a": 10] }
}

private func then(_ first: @escaping @Sendable (ServerFixture, String) throws -> Void, _ kind: EventKind, by role: Role,
                  _ set: @escaping @Sendable (inout Fields) -> Void = { _ in }) -> @Sendable (ServerFixture, String) throws -> Void {
    { f, s in try first(f, s); try f.setUp(kind, s, by: role, set) }
}

private let none: @Sendable (ServerFixture, String) throws -> Void = { _, _ in }
private let enrolled: @Sendable (ServerFixture, String) throws -> Void = { f, s in
    try f.setUp(.enroll, s, by: .instructor) { $0.name = "Trainee \(s)"; $0.unit = "Alpha" }
}

let roleCases: [RoleCase] = [
    RoleCase(name: "register", allowed: [.technician], prepare: none, body: { #"{"event":"register","subject":"\#($0)","model":"FPV-7"}"# }),
    RoleCase(name: "assembled", allowed: [.technician], prepare: { f, s in try f.setUp(.register, s, by: .technician) { $0.model = "FPV-7" } },
             body: { #"{"event":"assembled","subject":"\#($0)"}"# }),
    RoleCase(name: "qc", allowed: [.inspector],
             prepare: { f, s in try f.setUp(.register, s, by: .technician) { $0.model = "FPV-7" }; try f.setUp(.assembled, s, by: .technician) },
             body: { #"{"event":"qc","subject":"\#($0)","checks":{"motors":"pass"},"measures":{"hover_current_a":11.2}}"# }),
    RoleCase(name: "rework_done", allowed: [.technician],
             prepare: { f, s in
                 try f.setUp(.register, s, by: .technician) { $0.model = "FPV-7" }
                 try f.setUp(.assembled, s, by: .technician)
                 try f.setUp(.qc, s, by: .inspector) { $0.checks = ["motors": .fail]; $0.measures = ["hover_current_a": 10]; $0.defects = ["M"] }
             },
             body: { #"{"event":"rework_done","subject":"\#($0)"}"# }),
    RoleCase(name: "assign_training", allowed: [.instructor], prepare: ready, body: { #"{"event":"assign_training","subject":"\#($0)"}"# }),
    RoleCase(name: "issue", allowed: [.admin, .commander], prepare: ready, body: { #"{"event":"issue","subject":"\#($0)","unit":"Alpha"}"# }),
    RoleCase(name: "return", allowed: [.instructor, .admin, .commander], prepare: then(ready, .assignTraining, by: .instructor),
             body: { #"{"event":"return","subject":"\#($0)"}"# }),
    RoleCase(name: "operational flight", allowed: Set(Role.allCases), prepare: then(ready, .issue, by: .commander) { $0.unit = "Alpha" },
             body: { #"{"event":"flight","subject":"\#($0)","minutes":30,"purpose":"operational"}"# }),
    RoleCase(name: "training flight", allowed: [.instructor],
             prepare: { f, s in try then(ready, .assignTraining, by: .instructor)(f, s); try enrolled(f, "op-" + s) },
             body: { #"{"event":"flight","subject":"\#($0)","minutes":30,"purpose":"training","operator":"op-\#($0)"}"# }),
    RoleCase(name: "maintenance_open", allowed: [.technician], prepare: ready,
             body: { #"{"event":"maintenance_open","subject":"\#($0)","reason":"defect"}"# }),
    RoleCase(name: "await_parts", allowed: [.technician], prepare: then(ready, .maintenanceOpen, by: .technician) { $0.reason = "damage" },
             body: { #"{"event":"await_parts","subject":"\#($0)","part":"arm"}"# }),
    RoleCase(name: "parts_received", allowed: [.technician],
             prepare: then(then(ready, .maintenanceOpen, by: .technician) { $0.reason = "damage" }, .awaitParts, by: .technician) { $0.part = "arm" },
             body: { #"{"event":"parts_received","subject":"\#($0)"}"# }),
    RoleCase(name: "maintenance_close", allowed: [.technician], prepare: then(ready, .maintenanceOpen, by: .technician) { $0.reason = "scheduled" },
             body: { #"{"event":"maintenance_close","subject":"\#($0)"}"# }),
    RoleCase(name: "lost", allowed: [.instructor, .admin, .commander], prepare: then(ready, .assignTraining, by: .instructor),
             body: { #"{"event":"lost","subject":"\#($0)","reason":"no signal"}"# }),
    RoleCase(name: "write_off", allowed: [.admin], prepare: { f, s in try f.setUp(.register, s, by: .technician) { $0.model = "FPV-7" } },
             body: { #"{"event":"write_off","subject":"\#($0)","reason":"scrap"}"# }),
    RoleCase(name: "undo (admin or the author)", allowed: [.admin, .technician],
             prepare: { f, s in try f.setUp(.register, s, by: .technician) { $0.model = "FPV-7" }; try f.setUp(.assembled, s, by: .technician) },
             body: { #"{"event":"undo","subject":"\#($0)","reason":"mistake"}"# }),
    RoleCase(name: "enroll", allowed: [.instructor, .admin], prepare: none,
             body: { #"{"event":"enroll","subject":"\#($0)","name":"New Trainee","unit":"Alpha"}"# }),
    RoleCase(name: "start_training", allowed: [.instructor], prepare: enrolled, body: { #"{"event":"start_training","subject":"\#($0)"}"# }),
    RoleCase(name: "qualify", allowed: [.instructor], prepare: then(enrolled, .startTraining, by: .instructor),
             body: { #"{"event":"qualify","subject":"\#($0)"}"# }),
    RoleCase(name: "fail", allowed: [.instructor], prepare: then(enrolled, .startTraining, by: .instructor),
             body: { #"{"event":"fail","subject":"\#($0)"}"# }),
    RoleCase(name: "withdraw", allowed: [.instructor, .admin], prepare: enrolled, body: { #"{"event":"withdraw","subject":"\#($0)"}"# }),
    RoleCase(name: "retrain", allowed: [.instructor], prepare: then(then(enrolled, .startTraining, by: .instructor), .fail, by: .instructor),
             body: { #"{"event":"retrain","subject":"\#($0)"}"# }),
    RoleCase(name: "unit_add", allowed: [.admin], prepare: none, body: { #"{"event":"unit_add","subject":"Unit \#($0)"}"# }),
    RoleCase(name: "staff_add", allowed: [.admin], prepare: none, body: { #"{"event":"staff_add","subject":"s-\#($0)","name":"N","roles":["technician"]}"# }),
    RoleCase(name: "model_add", allowed: [.admin], prepare: none,
             body: { #"{"event":"model_add","subject":"M-\#($0)","checklist":[{"key":"motors","kind":"check"}]}"# }),
    RoleCase(name: "workshop_set", allowed: [.admin], prepare: none, body: { _ in #"{"event":"workshop_set","subject":"Workshop","capacity_per_year":600}"# }),
]

@Suite("API: every write with every role")
struct APIRoleTests {
    @Test(arguments: roleCases)
    func roleMatrix(_ c: RoleCase) async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.app.test(.router) { client in
            for (i, role) in Role.allCases.enumerated() {
                let subject = "S\(i)-\(c.name.prefix(3).uppercased())"
                try c.prepare(f, subject)
                let before = try f.eventCount()
                let response = try await client.api(.post, "/api/v1/events", token: f.tokens[ServerFixture.id(role)], json: c.body(subject))
                let body = String(buffer: response.body)
                if c.allowed.contains(role) {
                    #expect(response.status == .created, "\(c.name) by \(role): \(body)")
                    #expect(try f.eventCount() == before + 1)
                    #expect(try f.lastEvent()?.actor == ServerFixture.id(role), "the event is recorded with the signed-in staff id")
                } else {
                    #expect(response.status == .forbidden, "\(c.name) by \(role) must be refused: \(body)")
                    #expect(body.hasPrefix(#"{"error":"cannot record"#))
                    #expect(try f.eventCount() == before, "nothing recorded")
                }
            }
        }
    }
}
