/// Every kind of event in the log: airframe, operator and configuration events.
public enum EventKind: String, CaseIterable, Codable, Sendable {
    // Airframe
    case register, assembled, qc, reworkDone = "rework_done", assignTraining = "assign_training"
    case issue, `return`, flight, maintenanceOpen = "maintenance_open", awaitParts = "await_parts"
    case partsReceived = "parts_received", maintenanceClose = "maintenance_close", lost
    case writeOff = "write_off", undo
    // Operator
    case enroll, startTraining = "start_training", qualify, fail, withdraw, retrain
    // Configuration
    case workshopSet = "workshop_set", staffAdd = "staff_add", staffUpdate = "staff_update"
    case unitAdd = "unit_add", modelAdd = "model_add", modelUpdate = "model_update"

    public enum Subject: Sendable { case airframe, `operator`, configuration }

    public var subject: Subject {
        switch self {
        case .enroll, .startTraining, .qualify, .fail, .withdraw, .retrain: return .operator
        case .workshopSet, .staffAdd, .staffUpdate, .unitAdd, .modelAdd, .modelUpdate: return .configuration
        default: return .airframe
        }
    }

    public static let airframeKinds = allCases.filter { $0.subject == .airframe }
    public static let operatorKinds = allCases.filter { $0.subject == .operator }

    /// The name on the command line (`rework-done`).
    public var commandName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}
