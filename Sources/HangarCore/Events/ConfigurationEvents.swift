/// `workshop_set`: the workshop's name is the subject; its yearly capacity, country and currency.
public struct WorkshopSetting: KeyedEventPayload {
    public var capacityPerYear: Int?
    public var country: String?
    public var currency: String?
    /// The IANA time zone people read and type times in (DESIGN §13).
    public var timezone: String?
    /// The workshop's code at headquarters (DESIGN §12), set once.
    public var code: String?
    public init(capacityPerYear: Int? = nil, country: String? = nil, currency: String? = nil, timezone: String? = nil, code: String? = nil) {
        self.capacityPerYear = capacityPerYear; self.country = country; self.currency = currency; self.timezone = timezone
        self.code = code
    }
    public enum CodingKeys: String, CodingKey, CaseIterable { case capacityPerYear = "capacity_per_year", country, currency, timezone, code }
}

/// `staff_add`: a new staff member's name and roles.
public struct StaffAddition: KeyedEventPayload {
    public var name: String
    public var roles: [Role]
    /// The language the person reads pages in (`en`, `ru`, `kk`); none means the browser's.
    public var lang: String?
    public init(name: String, roles: [Role], lang: String? = nil) { self.name = name; self.roles = roles; self.lang = lang }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, roles, lang }
}

/// `staff_update`: a new name, new roles, or both.
public struct StaffChange: KeyedEventPayload {
    public var name: String?
    public var roles: [Role]?
    public var lang: String?
    public init(name: String? = nil, roles: [Role]? = nil, lang: String? = nil) { self.name = name; self.roles = roles; self.lang = lang }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, roles, lang }
}

/// `model_add`: a model's QC checklist and service interval.
public struct ModelDefinition: KeyedEventPayload {
    public var checklist: [ChecklistItem]
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    /// The ex-works price, in minor units of the workshop's currency.
    public var exwPrice: Int?
    /// The defect codes QC runs of this model may give (none: any code).
    public var defectCodes: [String]?
    public init(checklist: [ChecklistItem], serviceMinutes: Int? = nil, serviceDays: Int? = nil, exwPrice: Int? = nil, defectCodes: [String]? = nil) {
        self.checklist = checklist; self.serviceMinutes = serviceMinutes; self.serviceDays = serviceDays; self.exwPrice = exwPrice
        self.defectCodes = defectCodes
    }
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case checklist, serviceMinutes = "service_minutes", serviceDays = "service_days", exwPrice = "exw_price", defectCodes = "defect_codes"
    }
}

/// `model_update`: a new checklist (a new version), a new service interval, or both.
public struct ModelChange: KeyedEventPayload {
    public var checklist: [ChecklistItem]?
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    /// A new ex-works price; `null` clears it.
    public var exwPrice: FieldUpdate<Int>
    /// A new defect catalogue (replacing the old one); `null` removes it (any code again).
    public var defectCodes: FieldUpdate<[String]>
    public init(
        checklist: [ChecklistItem]? = nil, serviceMinutes: Int? = nil, serviceDays: Int? = nil, exwPrice: FieldUpdate<Int> = .keep,
        defectCodes: FieldUpdate<[String]> = .keep
    ) {
        self.checklist = checklist; self.serviceMinutes = serviceMinutes; self.serviceDays = serviceDays; self.exwPrice = exwPrice
        self.defectCodes = defectCodes
    }
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case checklist, serviceMinutes = "service_minutes", serviceDays = "service_days", exwPrice = "exw_price", defectCodes = "defect_codes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        checklist = try c.decodeIfPresent([ChecklistItem].self, forKey: .checklist)
        serviceMinutes = try c.decodeIfPresent(Int.self, forKey: .serviceMinutes)
        serviceDays = try c.decodeIfPresent(Int.self, forKey: .serviceDays)
        exwPrice = try c.decodeUpdate(Int.self, forKey: .exwPrice)
        defectCodes = try c.decodeUpdate([String].self, forKey: .defectCodes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(checklist, forKey: .checklist)
        try c.encodeIfPresent(serviceMinutes, forKey: .serviceMinutes)
        try c.encodeIfPresent(serviceDays, forKey: .serviceDays)
        try c.encodeUpdate(exwPrice, forKey: .exwPrice)
        try c.encodeUpdate(defectCodes, forKey: .defectCodes)
    }
}
