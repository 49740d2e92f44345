/// The airframe state machine of DESIGN §3, as one table of data plus `evolve`, the pure
/// function that applies an accepted event to an airframe's record. The checks that
/// need more than the table (QC outcome, four eyes, undo) live in `Ledger`.
public enum AirframeLifecycle {
    /// Where an event takes the airframe.
    public enum Target: Equatable, Sendable {
        case state(AirframeState)
        /// `flight`: the state does not change.
        case unchanged
        /// `qc`: `ready` on a pass, `rework` on a fail.
        case judged
        /// `undo`: the from-state of the undone event.
        case undone
    }

    /// Who may record an event.
    public enum Authority: Equatable, Sendable {
        case roles([Role])
        /// Training flights need an instructor; operational flights any staff member.
        case byFlightPurpose
        /// An admin, or the author of the undone event.
        case adminOrAuthor

        public var text: String {
            switch self {
            case let .roles(roles): return roles.map(\.rawValue).joined(separator: " or ")
            case .byFlightPurpose: return "instructor (training flight) or any staff member (operational flight)"
            case .adminOrAuthor: return "admin, or the author of the undone event"
            }
        }
    }

    public struct Transition: Equatable, Sendable {
        public var event: EventKind
        /// States the event is allowed from; empty for `register` (a new airframe).
        public var from: [AirframeState]
        public var target: Target
        public var authority: Authority
    }

    private static let anyButNew = AirframeState.allCases
    private static let flying: [AirframeState] = [.training, .inService]

    /// The transition table. One row per airframe event.
    public static let table: [Transition] = [
        Transition(event: .register, from: [], target: .state(.assembly), authority: .roles([.technician])),
        Transition(event: .assembled, from: [.assembly], target: .state(.awaitingQC), authority: .roles([.technician])),
        Transition(event: .qc, from: [.awaitingQC], target: .judged, authority: .roles([.inspector])),
        Transition(event: .reworkDone, from: [.rework], target: .state(.awaitingQC), authority: .roles([.technician])),
        Transition(event: .assignTraining, from: [.ready], target: .state(.training), authority: .roles([.instructor])),
        Transition(event: .issue, from: [.ready], target: .state(.inService), authority: .roles([.admin, .commander])),
        Transition(event: .return, from: flying, target: .state(.ready), authority: .roles([.instructor, .admin, .commander])),
        Transition(event: .flight, from: flying, target: .unchanged, authority: .byFlightPurpose),
        Transition(event: .maintenanceOpen, from: [.ready, .training, .inService], target: .state(.maintenance), authority: .roles([.technician])),
        Transition(event: .awaitParts, from: [.maintenance], target: .state(.awaitingParts), authority: .roles([.technician])),
        Transition(event: .partsReceived, from: [.awaitingParts], target: .state(.maintenance), authority: .roles([.technician])),
        Transition(event: .maintenanceClose, from: [.maintenance], target: .state(.awaitingQC), authority: .roles([.technician])),
        Transition(event: .lost, from: flying, target: .state(.lost), authority: .roles([.instructor, .admin, .commander])),
        Transition(event: .writeOff, from: AirframeState.nonTerminal, target: .state(.writtenOff), authority: .roles([.admin])),
        Transition(event: .undo, from: anyButNew, target: .undone, authority: .adminOrAuthor),
        Transition(event: .install, from: [.assembly, .rework, .maintenance], target: .unchanged, authority: .roles([.technician])),
        // Stripping a written-off airframe for parts is allowed (DESIGN §14).
        Transition(event: .remove, from: [.assembly, .rework, .maintenance, .writtenOff], target: .unchanged, authority: .roles([.technician])),
    ]

    private static let byKind: [EventKind: Transition] = Dictionary(uniqueKeysWithValues: table.map { ($0.event, $0) })

    public static func transition(_ kind: EventKind) -> Transition {
        guard let t = byKind[kind] else { preconditionFailure("\(kind) is not an airframe event") }
        return t
    }

    /// The events the table allows from `state` (for buttons and help).
    public static func events(allowedFrom state: AirframeState) -> [EventKind] {
        table.filter { $0.from.contains(state) }.map(\.event)
    }

    /// Whether `staff` may record `kind` at all (for buttons): by role, by flight purpose
    /// (any staff member may log an operational flight), or for undo as an admin or the
    /// author of the event it would cancel. The full rules still run when it is recorded.
    public static func permits(_ kind: EventKind, to staff: Staff, undoTargetAuthor: String? = nil) -> Bool {
        switch transition(kind).authority {
        case let .roles(roles): return roles.contains(where: staff.has)
        case .byFlightPurpose: return true
        case .adminOrAuthor: return staff.has(.admin) || (undoTargetAuthor != nil && undoTargetAuthor == staff.id)
        }
    }

    /// Applies an accepted event to the airframe's record. No validation: `Ledger` decided.
    /// `undo` is not applied here: it is a replay without the undone event.
    public static func evolve(_ airframe: Airframe?, _ event: RecordedEvent) -> Airframe {
        let t = event.occurredAt
        guard var a = airframe else {
            guard case let .register(registration) = event.body else {
                preconditionFailure("the first event of an airframe is its registration (the rules decided otherwise)")
            }
            return Airframe(
                serial: event.subject, model: registration.model, batch: registration.batch, state: .assembly,
                unit: nil, flightMinutes: 0, minutesSinceService: 0, serviceBaseline: nil, qcAttempts: 0,
                firstPassAt: nil, awaitingQCBy: nil, registeredAt: t, stateSince: t, lastEventAt: t)
        }
        let before = a.state
        switch event.body {
        case .assembled, .reworkDone:
            a.state = .awaitingQC
            a.awaitingQCBy = event.actor
        case .maintenanceClose:
            a.state = .awaitingQC
            a.awaitingQCBy = event.actor
            a.serviceBaseline = t
            a.minutesSinceService = 0
        case let .qc(run):
            // A replayed run keeps its own attempt (an earlier one may lie in a gap of the log HQ holds).
            a.qcAttempts = max(a.qcAttempts + 1, run.attempt ?? 0)
            if run.outcome == .pass {
                a.state = .ready
                a.unit = nil
                if a.firstPassAt == nil {
                    a.firstPassAt = t
                    if a.serviceBaseline == nil { a.serviceBaseline = t; a.minutesSinceService = 0 }
                }
            } else {
                a.state = .rework
            }
        case .assignTraining: a.state = .training
        case let .issue(issue):
            a.state = .inService
            a.unit = issue.unit
        case .return:
            a.state = .ready
            a.unit = nil
        case let .flight(flight):
            let minutes = flight.minutes
            a.flightMinutes += minutes
            if a.serviceBaseline != nil { a.minutesSinceService += minutes }
        case .maintenanceOpen, .partsReceived: a.state = .maintenance
        case .awaitParts: a.state = .awaitingParts
        case .install, .remove: break  // the pieces move; the airframe's state does not
        case .lost: a.state = .lost
        case .writeOff: a.state = .writtenOff
        case .register, .undo:
            preconditionFailure("\(event.kind) is not applied by evolve")
        default:
            preconditionFailure("\(event.kind) is not an airframe event")
        }
        if a.state != before { a.stateSince = t }
        if t > a.lastEventAt { a.lastEventAt = t }
        return a
    }

    /// Rebuilds an airframe from its non-undone events (registration first, no undos).
    public static func replay(_ events: [RecordedEvent]) -> Airframe? {
        var airframe: Airframe?
        for event in events { airframe = evolve(airframe, event) }
        return airframe
    }
}
