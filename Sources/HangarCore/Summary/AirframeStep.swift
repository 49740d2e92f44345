/// What the report's supply group reads of an airframe event of `AirframeStep.kinds`
/// (registrations, QC runs, maintenance, waits for parts, losses): when, the state it moved
/// the airframe to, and its one field that counts there (a registration's model, the part
/// awaited, a QC run's outcome). The store streams these from their columns and that one
/// field, without reading the rest of their data; a recorded event makes the same step.
public struct AirframeStep: Sendable, Equatable {
    public var subject: String
    public var kind: EventKind
    public var at: Timestamp
    public var toState: String?
    /// `register`: the model; `await_parts`: the part; `qc`: `pass` or `fail`.
    public var detail: String?

    /// The kinds read as steps.
    public static let kinds: Set<EventKind> = [.register, .qc, .maintenanceOpen, .awaitParts, .partsReceived, .maintenanceClose, .lost, .writeOff]

    /// The data field `detail` is, by kind.
    public static let detailField: [EventKind: String] = [
        .register: Registration.CodingKeys.model.rawValue, .awaitParts: PartsWait.CodingKeys.part.rawValue,
        .qc: QCRun.CodingKeys.outcome.rawValue,
    ]

    public init(subject: String, kind: EventKind, at: Timestamp, toState: String?, detail: String?) {
        self.subject = subject; self.kind = kind; self.at = at; self.toState = toState; self.detail = detail
    }

    /// The step an event of `kinds` is; nil for any other event.
    public init?(_ e: RecordedEvent) {
        guard Self.kinds.contains(e.kind) else { return nil }
        var detail: String?
        switch e.body {
        case let .register(r): detail = r.model
        case let .awaitParts(w): detail = w.part
        case let .qc(run): detail = run.outcome?.rawValue
        default: break
        }
        self.init(subject: e.subject, kind: e.kind, at: e.occurredAt, toState: e.toState, detail: detail)
    }
}
