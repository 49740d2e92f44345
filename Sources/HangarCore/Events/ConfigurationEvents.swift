/// `workshop_set`: the workshop's name is the subject; its yearly capacity.
public struct WorkshopSetting: KeyedEventPayload {
    public var capacityPerYear: Int?
    public init(capacityPerYear: Int? = nil) { self.capacityPerYear = capacityPerYear }
    public enum CodingKeys: String, CodingKey, CaseIterable { case capacityPerYear = "capacity_per_year" }
}

/// `staff_add`: a new staff member's name and roles.
public struct StaffAddition: KeyedEventPayload {
    public var name: String
    public var roles: [Role]
    public init(name: String, roles: [Role]) { self.name = name; self.roles = roles }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, roles }
}

/// `staff_update`: a new name, new roles, or both.
public struct StaffChange: KeyedEventPayload {
    public var name: String?
    public var roles: [Role]?
    public init(name: String? = nil, roles: [Role]? = nil) { self.name = name; self.roles = roles }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, roles }
}

/// `model_add`: a model's QC checklist and service interval.
public struct ModelDefinition: KeyedEventPayload {
    public var checklist: [ChecklistItem]
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    public init(checklist: [ChecklistItem], serviceMinutes: Int? = nil, serviceDays: Int? = nil) {
        self.checklist = checklist; self.serviceMinutes = serviceMinutes; self.serviceDays = serviceDays
    }
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case checklist, serviceMinutes = "service_minutes", serviceDays = "service_days"
    }
}

/// `model_update`: a new checklist (a new version), a new service interval, or both.
public struct ModelChange: KeyedEventPayload {
    public var checklist: [ChecklistItem]?
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    public init(checklist: [ChecklistItem]? = nil, serviceMinutes: Int? = nil, serviceDays: Int? = nil) {
        self.checklist = checklist; self.serviceMinutes = serviceMinutes; self.serviceDays = serviceDays
    }
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case checklist, serviceMinutes = "service_minutes", serviceDays = "service_days"
    }
}
