/// Flight purpose.
public enum FlightPurpose: String, Codable, Sendable, CaseIterable, StrictEnum {
    case training, operational
    public static var allowedText: String { "purpose is training or operational" }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// Why an airframe went into maintenance.
public enum MaintenanceReason: String, Codable, Sendable, CaseIterable, StrictEnum {
    case scheduled, defect, damage
    public static var allowedText: String { "maintenance reasons are " + allCases.map(\.rawValue).joined(separator: ", ") }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// `register`: a new serial of a model, perhaps from a production batch.
public struct Registration: KeyedEventPayload {
    public var model: String
    public var batch: String?
    public init(model: String, batch: String? = nil) { self.model = model; self.batch = batch }
    public enum CodingKeys: String, CodingKey, CaseIterable { case model, batch }
}

/// `qc`: what the inspector found, and what the rules computed from it.
public struct QCRun: KeyedEventPayload {
    public var checks: [String: CheckResult]?
    public var measures: [String: Double]?
    public var defects: [String]?
    // Computed by the rules (an import may give them; they must agree):
    public var checklistVersion: Int?
    public var attempt: Int?
    public var outcome: QCOutcome?
    /// The checklist items (with their limits) the run was judged against; stored, not exported
    /// (the checklist version names them).
    public var limits: [ChecklistItem]?

    public init(checks: [String: CheckResult]? = nil, measures: [String: Double]? = nil, defects: [String]? = nil,
                checklistVersion: Int? = nil, attempt: Int? = nil, outcome: QCOutcome? = nil, limits: [ChecklistItem]? = nil) {
        self.checks = checks; self.measures = measures; self.defects = defects
        self.checklistVersion = checklistVersion; self.attempt = attempt; self.outcome = outcome; self.limits = limits
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case checks, measures, defects, checklistVersion = "checklist_version", attempt, outcome, limits
    }
    public static var storedOnly: Set<String> { ["limits"] }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        checks = try c.decodeIfPresent([String: CheckResult].self, forKey: .checks)
        measures = try c.decodeIfPresent([String: Double].self, forKey: .measures)
        defects = try c.decodeIfPresent([String].self, forKey: .defects)
        checklistVersion = try c.decodeIfPresent(Int.self, forKey: .checklistVersion)
        attempt = try c.decodeIfPresent(Int.self, forKey: .attempt)
        outcome = try c.decodeIfPresent(QCOutcome.self, forKey: .outcome)
        // The checklist a run was judged against is for the record; metrics do not read it.
        limits = decoder.userInfo[.skipsStoredOnly] as? Bool == true ? nil : try c.decodeIfPresent([ChecklistItem].self, forKey: .limits)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(checks, forKey: .checks)
        try c.encodeIfPresent(measures, forKey: .measures)
        try c.encodeIfPresent(defects, forKey: .defects)
        try c.encodeIfPresent(checklistVersion, forKey: .checklistVersion)
        try c.encodeIfPresent(attempt, forKey: .attempt)
        try c.encodeIfPresent(outcome, forKey: .outcome)
        if encoder.userInfo[.interchangeLine] as? Bool != true { try c.encodeIfPresent(limits, forKey: .limits) }
    }

    /// The fields a person supplied, normalised: computed fields dropped, defect codes
    /// upper-cased, empty maps as absent. Two lines with the same id are the same run when these agree.
    public var supplied: QCRun {
        let codes = defects?.map { $0.uppercased() }
        return QCRun(checks: checks?.isEmpty == true ? nil : checks, measures: measures?.isEmpty == true ? nil : measures,
                     defects: codes?.isEmpty == true ? nil : codes)
    }
}

/// `rework_done` and `maintenance_close`: what was done.
public struct WorkDone: KeyedEventPayload {
    public var work: String?
    public init(work: String? = nil) { self.work = work }
    public enum CodingKeys: String, CodingKey, CaseIterable { case work }
}

/// `issue`: the unit the airframe goes to.
public struct UnitIssue: KeyedEventPayload {
    public var unit: String
    public init(unit: String) { self.unit = unit }
    public enum CodingKeys: String, CodingKey, CaseIterable { case unit }
}

/// `flight`: minutes flown, why, by whom, and the batteries named (besides those installed).
public struct Flight: KeyedEventPayload {
    public var minutes: Int
    public var purpose: FlightPurpose
    public var `operator`: String?
    public var batteries: [String]?
    public init(minutes: Int, purpose: FlightPurpose, operator: String? = nil, batteries: [String]? = nil) {
        self.minutes = minutes; self.purpose = purpose; self.operator = `operator`; self.batteries = batteries
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case minutes, purpose, `operator`, batteries }
}

/// `maintenance_open`: why the airframe comes in.
public struct MaintenanceOpening: KeyedEventPayload {
    public var reason: MaintenanceReason
    public init(reason: MaintenanceReason) { self.reason = reason }
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }
}

/// `await_parts`: the part the repair waits for.
public struct PartsWait: KeyedEventPayload {
    public var part: String
    public init(part: String) { self.part = part }
    public enum CodingKeys: String, CodingKey, CaseIterable { case part }
}

/// `lost` and `write_off`: what happened.
public struct Loss: KeyedEventPayload {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }
}

/// `undo`: why, and (computed) the id of the event it cancels.
public struct Undo: KeyedEventPayload {
    public var reason: String
    public var undoes: String?
    public init(reason: String, undoes: String? = nil) { self.reason = reason; self.undoes = undoes }
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason, undoes }
}
