/// Something an accepted event should make a person look twice at: it is recorded, and the
/// CLI and the pages say so at once (the report counts the same things afterwards).
public enum Warning: Equatable, Sendable, CustomStringConvertible {
    /// A flight on an airframe already due for service (`minutes`, `days`, `component:SERIAL`).
    case dueForService(serial: String, reasons: [String])
    /// A flight by an operator not entitled to it (DESIGN §8's compliance rule).
    case operatorNotEntitled(id: String, state: OperatorState, minutesInWindow: Int, purpose: FlightPurpose)
    /// An operational flight that names no operator: nobody's entitlement can be judged.
    case noOperator(serial: String)

    public var description: String { message(in: .en) }

    public func message(in language: Language) -> String {
        switch self {
        case let .dueForService(serial, reasons):
            return Catalogue.text("warning.due_for_service", language, ["serial": serial, "reasons": Catalogue.dueReasons(reasons, language)])
        case let .operatorNotEntitled(id, state, minutes, purpose):
            return purpose == .training
                ? Catalogue.text("warning.not_entitled_training", language, ["id": id, "state": state.rawValue])
                : Catalogue.text("warning.not_entitled_operational", language, ["id": id, "state": state.rawValue, "minutes": LocalFormat.integer(minutes, language)])
        case let .noOperator(serial):
            return Catalogue.text("warning.no_operator", language, ["serial": serial])
        }
    }
}

/// Readers that can sum an operator's flight minutes (for the entitlement warning).
public protocol FlightHistoryReader {
    /// Minutes of the operator's non-undone flights dated in [from, to).
    func operatorMinutes(_ id: String, from: Timestamp, to: Timestamp) throws -> Int
}
