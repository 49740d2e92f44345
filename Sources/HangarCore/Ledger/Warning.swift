/// Something an accepted event should make a person look twice at: it is recorded, and the
/// CLI and the pages say so at once (the report counts the same things afterwards).
public enum Warning: Equatable, Sendable, CustomStringConvertible {
    /// A flight on an airframe already due for service (`minutes`, `days`, `component:SERIAL`).
    case dueForService(serial: String, reasons: [String])
    /// A flight by an operator not entitled to it (DESIGN §8's compliance rule).
    case operatorNotEntitled(id: String, state: OperatorState, minutesInWindow: Int, purpose: FlightPurpose)
    /// An operational flight that names no operator: nobody's entitlement can be judged.
    case noOperator(serial: String)

    public var description: String {
        switch self {
        case let .dueForService(serial, reasons):
            return "\(serial) is due for service (\(reasons.joined(separator: ", "))); the flight counts as flown while due"
        case let .operatorNotEntitled(id, state, minutes, purpose):
            return purpose == .training
                ? "operator \(id) is \(state.rawValue): not entitled to training flights"
                : "operator \(id) is \(state.rawValue) with \(minutes) minutes in the last 90 days: operational flights need a qualified, current operator (60 minutes in 90 days)"
        case let .noOperator(serial):
            return "the flight on \(serial) names no operator (--operator ID): it is counted as a flight without one"
        }
    }
}

/// Readers that can sum an operator's flight minutes (for the entitlement warning).
public protocol FlightHistoryReader {
    /// Minutes of the operator's non-undone flights dated in [from, to).
    func operatorMinutes(_ id: String, from: Timestamp, to: Timestamp) throws -> Int
}
