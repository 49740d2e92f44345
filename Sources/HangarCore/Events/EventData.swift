/// Flight purpose.
public enum FlightPurpose: String, Codable, Sendable, CaseIterable { case training, operational }

/// Why an airframe went into maintenance.
public enum MaintenanceReason: String, Codable, Sendable, CaseIterable { case scheduled, defect, damage }

/// The event-specific fields of an event. Stored as JSON (sorted keys) in the `data`
/// column; the same names appear in the NDJSON interchange format.
public struct EventData: Codable, Equatable, Sendable {
    public var model: String?
    public var batch: String?
    public var unit: String?
    public var minutes: Int?
    public var purpose: FlightPurpose?
    public var `operator`: String?
    public var reason: String?
    public var part: String?
    public var work: String?
    public var name: String?
    public var roles: [Role]?
    public var capacityPerYear: Int?
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    public var checklist: [ChecklistItem]?
    public var checks: [String: CheckResult]?
    public var measures: [String: Double]?
    public var defects: [String]?
    // Computed by the rules (QC and undo):
    public var checklistVersion: Int?
    public var attempt: Int?
    public var outcome: QCOutcome?
    /// The checklist items (with their limits) the QC run was judged against.
    public var limits: [ChecklistItem]?
    /// The id of the event an undo cancels.
    public var undoes: String?
    public var note: String?

    public init() {}

    /// Data with some fields set: `EventData.with { $0.reason = "…" }`.
    public static func with(_ set: (inout EventData) -> Void) -> EventData {
        var data = EventData()
        set(&data)
        return data
    }

    enum CodingKeys: String, CodingKey {
        case model, batch, unit, minutes, purpose, `operator`, reason, part, work, name, roles
        case capacityPerYear = "capacity_per_year", serviceMinutes = "service_minutes"
        case serviceDays = "service_days", checklist, checks, measures, defects
        case checklistVersion = "checklist_version", attempt, outcome, limits, undoes, note
    }

    /// Whether a field is present.
    public func has(_ field: EventField) -> Bool {
        switch field {
        case .model: return model != nil
        case .batch: return batch != nil
        case .unit: return unit != nil
        case .minutes: return minutes != nil
        case .purpose: return purpose != nil
        case .operator: return self.operator != nil
        case .reason: return reason != nil
        case .part: return part != nil
        case .work: return work != nil
        case .name: return name != nil
        case .roles: return roles != nil
        case .capacityPerYear: return capacityPerYear != nil
        case .serviceMinutes: return serviceMinutes != nil
        case .serviceDays: return serviceDays != nil
        case .checklist: return checklist != nil
        case .checks: return checks != nil
        case .measures: return measures != nil
        case .defects: return defects != nil
        case .checklistVersion: return checklistVersion != nil
        case .attempt: return attempt != nil
        case .outcome: return outcome != nil
        case .undoes: return undoes != nil
        case .note: return note != nil
        }
    }
}
