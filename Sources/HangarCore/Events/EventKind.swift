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
    case partAdd = "part_add", partUpdate = "part_update", bomSet = "bom_set"
    // Airframe (sustainment)
    case install, remove
    // Stock (the subject is a part number)
    case stockReceive = "stock_receive", stockAdjust = "stock_adjust"
    // A battery (the subject is its serial)
    case batteryCheck = "battery_check"

    /// What the subject names: an airframe serial, an operator id, a configuration item
    /// (workshop, staff, unit, model or part), a part number (stock events), or a piece's
    /// serial (a battery check).
    public enum Subject: Sendable { case airframe, `operator`, configuration, part, piece }

    public var subject: Subject {
        switch self {
        case .enroll, .startTraining, .qualify, .fail, .withdraw, .retrain: return .operator
        case .workshopSet, .staffAdd, .staffUpdate, .unitAdd, .modelAdd, .modelUpdate, .partAdd, .partUpdate, .bomSet: return .configuration
        case .stockReceive, .stockAdjust: return .part
        case .batteryCheck: return .piece
        default: return .airframe
        }
    }

    public static let airframeKinds = allCases.filter { $0.subject == .airframe }
    public static let operatorKinds = allCases.filter { $0.subject == .operator }

    /// The name on the command line (`rework-done`).
    public var commandName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}
