/// Where an airframe is in the build → test → train → maintain cycle.
public enum AirframeState: String, CaseIterable, Codable, Sendable {
    case assembly, awaitingQC = "awaiting_qc", rework, ready, training
    case inService = "in_service", maintenance, awaitingParts = "awaiting_parts"
    case lost, writtenOff = "written_off"

    public var isTerminal: Bool { self == .lost || self == .writtenOff }

    /// States in which the airframe is still being worked on in the workshop.
    public var isWorkInProgress: Bool {
        switch self {
        case .assembly, .awaitingQC, .rework, .maintenance, .awaitingParts: return true
        default: return false
        }
    }

    /// States in which the airframe can fly.
    public var isAvailable: Bool { self == .ready || self == .training || self == .inService }

    public static let nonTerminal: [AirframeState] = allCases.filter { !$0.isTerminal }
}
