/// The installation itself.
public struct Workshop: Equatable, Sendable {
    public var name: String?
    public var capacityPerYear: Int?
    /// ISO 3166-1 alpha-2: what "domestic" means for local content.
    public var country: String?
    /// ISO 4217: the unit of every cost and price (in minor units).
    public var currency: String?
    /// Whether any cost or price has been given (then the currency is fixed).
    public var costRecorded: Bool
    /// The IANA time zone people read and type times in; nil is UTC, and `--at` needs an offset.
    public var timezone: String?
    /// The code headquarters know the workshop by (`KZ-36AAB-W1`); set once, never changed.
    public var code: String?
    public init(
        name: String? = nil, capacityPerYear: Int? = nil, country: String? = nil, currency: String? = nil, costRecorded: Bool = false,
        timezone: String? = nil, code: String? = nil
    ) {
        self.name = name; self.capacityPerYear = capacityPerYear; self.country = country; self.currency = currency
        self.costRecorded = costRecorded; self.timezone = timezone; self.code = code
    }
}

/// A person who records events.
public struct Staff: Equatable, Sendable {
    public var id: String
    public var name: String
    public var roles: [Role]
    /// The language chosen for the person's pages, if any.
    public var lang: Language?
    public init(id: String, name: String, roles: [Role], lang: Language? = nil) { self.id = id; self.name = name; self.roles = roles; self.lang = lang }
    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// An airframe type, with its current checklist and service interval.
public struct AirframeModel: Equatable, Sendable {
    public var name: String
    public var serviceMinutes: Int?
    public var serviceDays: Int?
    public var checklistVersion: Int
    public var checklist: [ChecklistItem]
    /// The ex-works price, in minor units of the workshop's currency.
    public var exwPrice: Int?
    /// The defect codes its QC runs may give; nil: any code.
    public var defectCodes: [String]?
    public init(
        name: String, serviceMinutes: Int?, serviceDays: Int?, checklistVersion: Int, checklist: [ChecklistItem], exwPrice: Int? = nil,
        defectCodes: [String]? = nil
    ) {
        self.name = name; self.serviceMinutes = serviceMinutes; self.serviceDays = serviceDays
        self.checklistVersion = checklistVersion; self.checklist = checklist; self.exwPrice = exwPrice; self.defectCodes = defectCodes
    }
}

/// The current record of one airframe: a projection of its non-undone events.
public struct Airframe: Equatable, Sendable {
    public var serial: String
    public var model: String
    public var batch: String?
    public var state: AirframeState
    public var unit: String?
    /// Lifetime flight minutes.
    public var flightMinutes: Int
    /// Flight minutes since the service baseline; what `due` is judged on.
    public var minutesSinceService: Int
    /// The last `maintenance_close`, or the first QC pass; nil before the first pass.
    public var serviceBaseline: Timestamp?
    /// Non-undone QC runs so far.
    public var qcAttempts: Int
    public var firstPassAt: Timestamp?
    /// Author of the event that put the airframe into `awaiting_qc` (four eyes).
    public var awaitingQCBy: String?
    public var registeredAt: Timestamp
    /// When the current state was entered (last non-undone state change).
    public var stateSince: Timestamp
    /// The latest `occurred_at` of any of its events, undone ones and undos included.
    public var lastEventAt: Timestamp

    public init(serial: String, model: String, batch: String?, state: AirframeState, unit: String?,
                flightMinutes: Int, minutesSinceService: Int, serviceBaseline: Timestamp?, qcAttempts: Int,
                firstPassAt: Timestamp?, awaitingQCBy: String?, registeredAt: Timestamp,
                stateSince: Timestamp, lastEventAt: Timestamp) {
        self.serial = serial; self.model = model; self.batch = batch; self.state = state; self.unit = unit
        self.flightMinutes = flightMinutes; self.minutesSinceService = minutesSinceService
        self.serviceBaseline = serviceBaseline; self.qcAttempts = qcAttempts; self.firstPassAt = firstPassAt
        self.awaitingQCBy = awaitingQCBy; self.registeredAt = registeredAt; self.stateSince = stateSince
        self.lastEventAt = lastEventAt
    }
}

/// A trainee pilot.
public struct Operator: Equatable, Sendable {
    public var id: String
    public var name: String
    public var unit: String
    public var state: OperatorState
    public var lastEventAt: Timestamp
    public init(id: String, name: String, unit: String, state: OperatorState, lastEventAt: Timestamp) {
        self.id = id; self.name = name; self.unit = unit; self.state = state; self.lastEventAt = lastEventAt
    }
}

/// A non-undone flight, kept for currency and flight hours.
public struct FlightRecord: Equatable, Sendable {
    public var eventID: String
    public var serial: String
    public var operatorID: String?
    public var minutes: Int
    public var purpose: FlightPurpose
    public var occurredAt: Timestamp
    public init(eventID: String, serial: String, operatorID: String?, minutes: Int, purpose: FlightPurpose, occurredAt: Timestamp) {
        self.eventID = eventID; self.serial = serial; self.operatorID = operatorID
        self.minutes = minutes; self.purpose = purpose; self.occurredAt = occurredAt
    }

    /// The flight record of a flight event (`eventID` and `serial` its id and subject).
    public init(eventID: String, serial: String, _ flight: Flight, at occurredAt: Timestamp) {
        self.init(eventID: eventID, serial: serial, operatorID: flight.operator, minutes: flight.minutes,
                  purpose: flight.purpose, occurredAt: occurredAt)
    }

    /// The flight record of a recorded event, nil if it is not a flight.
    public init?(_ event: RecordedEvent) {
        guard case let .flight(flight) = event.body else { return nil }
        self.init(eventID: event.id, serial: event.subject, flight, at: event.occurredAt)
    }
}
