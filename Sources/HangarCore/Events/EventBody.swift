/// What an event says beyond its envelope: its kind, with that kind's fields as a type.
/// The rules, the store, the interchange line, the API and the report all read it by
/// pattern (`case let .flight(f)`), so a field an event needs is there by construction.
public enum EventBody: Equatable, Sendable {
    // Airframe
    case register(Registration)
    case assembled(Assembly)
    case qc(QCRun)
    case reworkDone(WorkDone)
    case assignTraining
    case issue(UnitIssue)
    case `return`
    case flight(Flight)
    case maintenanceOpen(MaintenanceOpening)
    case awaitParts(PartsWait)
    case partsReceived
    case maintenanceClose(WorkDone)
    case lost(Loss)
    case writeOff(Loss)
    case undo(Undo)
    // Operator
    case enroll(Enrolment)
    case startTraining
    case qualify
    case fail
    case withdraw(Withdrawal)
    case retrain
    // Configuration
    case workshopSet(WorkshopSetting)
    case staffAdd(StaffAddition)
    case staffUpdate(StaffChange)
    case unitAdd
    case modelAdd(ModelDefinition)
    case modelUpdate(ModelChange)
    case partAdd(PartDefinition)
    case partUpdate(PartChange)
    case bomSet(BOMSetting)
    // Sustainment
    case install(Installation)
    case remove(Removal)
    case stockReceive(StockReceipt)
    case stockAdjust(StockAdjustment)
    case batteryCheck(BatteryCheck)

    public var kind: EventKind {
        switch self {
        case .register: .register
        case .assembled: .assembled
        case .qc: .qc
        case .reworkDone: .reworkDone
        case .assignTraining: .assignTraining
        case .issue: .issue
        case .return: .return
        case .flight: .flight
        case .maintenanceOpen: .maintenanceOpen
        case .awaitParts: .awaitParts
        case .partsReceived: .partsReceived
        case .maintenanceClose: .maintenanceClose
        case .lost: .lost
        case .writeOff: .writeOff
        case .undo: .undo
        case .enroll: .enroll
        case .startTraining: .startTraining
        case .qualify: .qualify
        case .fail: .fail
        case .withdraw: .withdraw
        case .retrain: .retrain
        case .workshopSet: .workshopSet
        case .staffAdd: .staffAdd
        case .staffUpdate: .staffUpdate
        case .unitAdd: .unitAdd
        case .modelAdd: .modelAdd
        case .modelUpdate: .modelUpdate
        case .partAdd: .partAdd
        case .partUpdate: .partUpdate
        case .bomSet: .bomSet
        case .install: .install
        case .remove: .remove
        case .stockReceive: .stockReceive
        case .stockAdjust: .stockAdjust
        case .batteryCheck: .batteryCheck
        }
    }

    /// The payload, if the kind has fields.
    public var payload: (any EventPayload)? {
        switch self {
        case let .register(p): return p
        case let .qc(p): return p
        case let .reworkDone(p), let .maintenanceClose(p): return p
        case let .issue(p): return p
        case let .flight(p): return p
        case let .maintenanceOpen(p): return p
        case let .awaitParts(p): return p
        case let .lost(p), let .writeOff(p): return p
        case let .undo(p): return p
        case let .enroll(p): return p
        case let .withdraw(p): return p
        case let .workshopSet(p): return p
        case let .staffAdd(p): return p
        case let .staffUpdate(p): return p
        case let .modelAdd(p): return p
        case let .modelUpdate(p): return p
        case let .assembled(p): return p
        case let .partAdd(p): return p
        case let .partUpdate(p): return p
        case let .bomSet(p): return p
        case let .install(p): return p
        case let .remove(p): return p
        case let .stockReceive(p): return p
        case let .stockAdjust(p): return p
        case let .batteryCheck(p): return p
        case .assignTraining, .return, .partsReceived, .startTraining, .qualify, .fail, .retrain, .unitAdd: return nil
        }
    }

    /// Reads the fields of an event of `kind` from `decoder` (an object holding them).
    public init(kind: EventKind, from decoder: any Decoder) throws {
        func read<P: EventPayload>(_ type: P.Type) throws -> P { try P(from: decoder) }
        switch kind {
        case .register: self = .register(try read(Registration.self))
        case .assembled: self = .assembled(try read(Assembly.self))
        case .qc: self = .qc(try read(QCRun.self))
        case .reworkDone: self = .reworkDone(try read(WorkDone.self))
        case .assignTraining: self = .assignTraining
        case .issue: self = .issue(try read(UnitIssue.self))
        case .return: self = .return
        case .flight: self = .flight(try read(Flight.self))
        case .maintenanceOpen: self = .maintenanceOpen(try read(MaintenanceOpening.self))
        case .awaitParts: self = .awaitParts(try read(PartsWait.self))
        case .partsReceived: self = .partsReceived
        case .maintenanceClose: self = .maintenanceClose(try read(WorkDone.self))
        case .lost: self = .lost(try read(Loss.self))
        case .writeOff: self = .writeOff(try read(Loss.self))
        case .undo: self = .undo(try read(Undo.self))
        case .enroll: self = .enroll(try read(Enrolment.self))
        case .startTraining: self = .startTraining
        case .qualify: self = .qualify
        case .fail: self = .fail
        case .withdraw: self = .withdraw(try read(Withdrawal.self))
        case .retrain: self = .retrain
        case .workshopSet: self = .workshopSet(try read(WorkshopSetting.self))
        case .staffAdd: self = .staffAdd(try read(StaffAddition.self))
        case .staffUpdate: self = .staffUpdate(try read(StaffChange.self))
        case .unitAdd: self = .unitAdd
        case .modelAdd: self = .modelAdd(try read(ModelDefinition.self))
        case .modelUpdate: self = .modelUpdate(try read(ModelChange.self))
        case .partAdd: self = .partAdd(try read(PartDefinition.self))
        case .partUpdate: self = .partUpdate(try read(PartChange.self))
        case .bomSet: self = .bomSet(try read(BOMSetting.self))
        case .install: self = .install(try read(Installation.self))
        case .remove: self = .remove(try read(Removal.self))
        case .stockReceive: self = .stockReceive(try read(StockReceipt.self))
        case .stockAdjust: self = .stockAdjust(try read(StockAdjustment.self))
        case .batteryCheck: self = .batteryCheck(try read(BatteryCheck.self))
        }
    }

    /// Writes the fields into `encoder`'s object (nothing for a kind without fields).
    public func encode(to encoder: any Encoder) throws {
        try payload?.encode(to: encoder)
    }

    /// The fields as a person supplied them (computed ones dropped, QC normalised, roles
    /// sorted): two events with the same id are the same event when these agree.
    public var supplied: EventBody {
        switch self {
        case let .qc(run): return .qc(run.supplied)
        case let .undo(u): return .undo(Undo(reason: u.reason))
        case let .staffAdd(s): return .staffAdd(StaffAddition(name: s.name, roles: s.roles.sorted(), lang: s.lang?.lowercased()))
        case let .staffUpdate(s): return .staffUpdate(StaffChange(name: s.name, roles: s.roles?.sorted(), lang: s.lang?.lowercased()))
        case .assembled: return .assembled(Assembly())
        case var .flight(f):
            f.batteries = f.batteries.map { $0.map { $0.uppercased() } }
            if f.batteries?.isEmpty == true { f.batteries = nil }
            return .flight(f)
        case var .install(i):
            i.component = i.component?.uppercased(); i.lot = i.lot?.uppercased()
            return .install(i)
        case var .remove(r):
            r.component = r.component?.uppercased(); r.lot = r.lot?.uppercased()
            return .remove(r)
        case var .stockReceive(r):
            r.lot = r.lot?.uppercased(); r.serials = r.serials?.map { $0.uppercased() }
            r.origin = r.origin.map { $0.lowercased() == Origin.unknown ? Origin.unknown : $0.uppercased() }
            return .stockReceive(r)
        case var .stockAdjust(a):
            a.lot = a.lot?.uppercased(); a.serial = a.serial?.uppercased()
            return .stockAdjust(a)
        default: return self
        }
    }
}

extension EventKind {
    /// The type of this kind's fields, nil for a kind without fields.
    public var payloadType: (any EventPayload.Type)? {
        switch self {
        case .register: return Registration.self
        case .qc: return QCRun.self
        case .reworkDone, .maintenanceClose: return WorkDone.self
        case .issue: return UnitIssue.self
        case .flight: return Flight.self
        case .maintenanceOpen: return MaintenanceOpening.self
        case .awaitParts: return PartsWait.self
        case .lost, .writeOff: return Loss.self
        case .undo: return Undo.self
        case .enroll: return Enrolment.self
        case .withdraw: return Withdrawal.self
        case .workshopSet: return WorkshopSetting.self
        case .staffAdd: return StaffAddition.self
        case .staffUpdate: return StaffChange.self
        case .modelAdd: return ModelDefinition.self
        case .modelUpdate: return ModelChange.self
        case .assembled: return Assembly.self
        case .partAdd: return PartDefinition.self
        case .partUpdate: return PartChange.self
        case .bomSet: return BOMSetting.self
        case .install: return Installation.self
        case .remove: return Removal.self
        case .stockReceive: return StockReceipt.self
        case .stockAdjust: return StockAdjustment.self
        case .batteryCheck: return BatteryCheck.self
        case .assignTraining, .return, .partsReceived, .startTraining, .qualify, .fail, .retrain, .unitAdd: return nil
        }
    }

    /// The fields an input of this kind may give (besides `note`), in the order messages list them.
    public var inputFields: [String] {
        guard let type = payloadType else { return [] }
        return type.fieldNames.filter { !type.storedOnly.contains($0) }
    }

    /// Every field name of every kind.
    public static let allFieldNames: Set<String> = Set(allCases.flatMap { $0.payloadType?.fieldNames ?? [] } + ["note"])
}
