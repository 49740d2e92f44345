/// The operator state machine of DESIGN §4, as a table.
public enum OperatorLifecycle {
    public struct Transition: Equatable, Sendable {
        public var event: EventKind
        /// Allowed from-states; empty for `enroll` (a new operator).
        public var from: [OperatorState]
        public var to: OperatorState
        public var roles: [Role]
    }

    public static let table: [Transition] = [
        Transition(event: .enroll, from: [], to: .enrolled, roles: [.instructor, .admin]),
        Transition(event: .startTraining, from: [.enrolled], to: .inTraining, roles: [.instructor]),
        Transition(event: .qualify, from: [.inTraining], to: .qualified, roles: [.instructor]),
        Transition(event: .fail, from: [.inTraining], to: .failed, roles: [.instructor]),
        Transition(event: .withdraw, from: [.enrolled, .inTraining], to: .withdrawn, roles: [.instructor, .admin]),
        Transition(event: .retrain, from: [.failed, .qualified], to: .inTraining, roles: [.instructor]),
    ]

    private static let byKind: [EventKind: Transition] = Dictionary(uniqueKeysWithValues: table.map { ($0.event, $0) })

    public static func transition(_ kind: EventKind) -> Transition {
        guard let t = byKind[kind] else { preconditionFailure("\(kind) is not an operator event") }
        return t
    }

    public static func permits(_ kind: EventKind, to staff: Staff) -> Bool {
        transition(kind).roles.contains(where: staff.has)
    }

    public static func events(allowedFrom state: OperatorState) -> [EventKind] {
        table.filter { $0.from.contains(state) }.map(\.event)
    }
}
