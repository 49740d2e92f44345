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

    /// The data fields an event of this kind may carry (besides `note`), and which are required.
    public var fields: (required: [EventField], optional: [EventField]) {
        switch self {
        case .register: return ([.model], [.batch])
        case .assembled, .assignTraining, .return, .partsReceived: return ([], [])
        case .qc: return ([], [.checks, .measures, .defects, .checklistVersion, .attempt, .outcome])
        case .reworkDone, .maintenanceClose: return ([], [.work])
        case .issue: return ([.unit], [])
        case .flight: return ([.minutes, .purpose], [.operator])
        case .maintenanceOpen: return ([.reason], [])
        case .awaitParts: return ([.part], [])
        case .lost, .writeOff: return ([.reason], [])
        case .undo: return ([.reason], [.undoes])
        case .enroll: return ([.name, .unit], [])
        case .startTraining, .qualify, .fail, .retrain: return ([], [])
        case .withdraw: return ([], [.reason])
        case .workshopSet: return ([], [.capacityPerYear])
        case .staffAdd: return ([.name, .roles], [])
        case .staffUpdate: return ([], [.name, .roles])
        case .unitAdd: return ([], [])
        case .modelAdd: return ([.checklist], [.serviceMinutes, .serviceDays])
        case .modelUpdate: return ([], [.checklist, .serviceMinutes, .serviceDays])
        }
    }
}

/// The names of the data fields of events, as they appear in NDJSON and the `data` column.
public enum EventField: String, CaseIterable, Sendable {
    case model, batch, unit, minutes, purpose, `operator`, reason, part, work, name, roles
    case capacityPerYear = "capacity_per_year", serviceMinutes = "service_minutes"
    case serviceDays = "service_days", checklist, checks, measures, defects
    case checklistVersion = "checklist_version", attempt, outcome, undoes, note
}
