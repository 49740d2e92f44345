/// Every rule of the workshop that can refuse an event, one case each. A refusal names
/// its rule (`HangarError.rejected(event:subject:rule:)`), so callers and tests can tell
/// which rule refused without reading prose; the sentence a person reads is derived here.
public enum Rule: Equatable, Sendable, CustomStringConvertible {
    /// Dated more than `Ledger.futureTolerance` after the recording clock.
    case datedInTheFuture(at: Timestamp, now: Timestamp)
    /// While the log has no staff, only an admin adding themself is accepted.
    case firstEventMustBeAnAdmin
    /// The author is not a known staff member.
    case unknownStaff(String)
    /// Events of one subject are in time order; `subject` says whose ("airframe", "operator").
    case outOfTimeOrder(at: Timestamp, latest: Timestamp, subject: String)
    /// A computed field given in an imported line differs from what the rules compute.
    case computedDiffers(field: String, given: String, computed: String)
    /// The airframe must be registered first.
    case notRegistered(serial: String)
    case alreadyRegistered(model: String, state: AirframeState)
    /// Only an undo is allowed on a lost or written-off airframe.
    case terminal(AirframeState)
    /// The inspector of a QC run did not do the work that put the airframe into awaiting_qc.
    case fourEyes(inspector: String)
    /// The results do not fit the model's checklist.
    case checklist(QCProblem, model: String, version: Int)
    /// A failing run carries at least one defect code.
    case failingRunNeedsDefect(failedItems: [String])
    /// Registration cannot be undone.
    case nothingToUndo
    case notEnrolled(id: String)
    case alreadyEnrolled(id: String, state: OperatorState)
    case staffExists(String)
    /// The workshop keeps at least one admin.
    case lastAdmin(String)
    /// An update must change something; `what` says what may be given.
    case nothingToChange(what: String)
    case unitExists(String)
    case modelExists(String)
    /// Capacity alone cannot be set before the workshop has a name.
    case workshopUnnamed
    /// An imported event id is already in the log with other content.
    case idConflict(id: String, seq: Int64)

    /// The rule's name in metrics and machine-readable answers.
    public var name: String {
        switch self {
        case .datedInTheFuture: return "dated_in_the_future"
        case .firstEventMustBeAnAdmin: return "first_event_must_be_an_admin"
        case .unknownStaff: return "unknown_staff"
        case .outOfTimeOrder: return "out_of_time_order"
        case .computedDiffers: return "computed_differs"
        case .notRegistered: return "not_registered"
        case .alreadyRegistered: return "already_registered"
        case .terminal: return "terminal_state"
        case .fourEyes: return "four_eyes"
        case .checklist: return "checklist"
        case .failingRunNeedsDefect: return "failing_run_needs_defect"
        case .nothingToUndo: return "nothing_to_undo"
        case .notEnrolled: return "not_enrolled"
        case .alreadyEnrolled: return "already_enrolled"
        case .staffExists: return "staff_exists"
        case .lastAdmin: return "last_admin"
        case .nothingToChange: return "nothing_to_change"
        case .unitExists: return "unit_exists"
        case .modelExists: return "model_exists"
        case .workshopUnnamed: return "workshop_unnamed"
        case .idConflict: return "id_conflict"
        }
    }

    public var description: String {
        switch self {
        case let .datedInTheFuture(at, now):
            return "it is dated \(at), more than 5 minutes after now (\(now))"
        case .firstEventMustBeAnAdmin:
            return "the workshop has no staff yet: the first event must be an admin adding themself (hangar init --admin ID --name NAME)"
        case let .unknownStaff(id):
            return "'\(Names.printable(id))' is not a known staff member (see: hangar staff list)"
        case let .outOfTimeOrder(at, latest, subject):
            return "it is dated \(at), before the \(subject)'s latest event at \(latest) (events must be recorded in time order)"
        case let .computedDiffers(field, given, computed):
            return "\(field) is \(given) in the input but the rules compute \(computed)"
        case let .notRegistered(serial):
            return "no airframe \(serial) is registered (register it first)"
        case let .alreadyRegistered(model, state):
            return "it is already registered (model \(model), in '\(state.rawValue)')"
        case let .terminal(state):
            return "it is '\(state.rawValue)' (only undo is allowed on a lost or written-off airframe)"
        case let .fourEyes(inspector):
            return "four eyes: \(inspector) recorded the work that put it into awaiting_qc; another inspector must test it"
        case let .checklist(problem, model, version):
            return "\(problem) [\(model) checklist v\(version)]"
        case let .failingRunNeedsDefect(failed):
            return "the run fails (\(failed.joined(separator: ", "))); a failing run needs at least one defect code (--defect CODE)"
        case .nothingToUndo:
            return "nothing to undo: only its registration remains (registration cannot be undone; use write-off)"
        case let .notEnrolled(id):
            return "no operator \(id) is enrolled (enroll them first)"
        case let .alreadyEnrolled(id, state):
            return "operator \(id) is already enrolled (in '\(state.rawValue)')"
        case let .staffExists(id):
            return "staff member \(id) already exists"
        case let .lastAdmin(id):
            return "\(id) is the only admin; the workshop must keep at least one (add another admin first)"
        case let .nothingToChange(what):
            return "give \(what)"
        case let .unitExists(name):
            return "unit \(name) already exists"
        case let .modelExists(name):
            return "model \(name) already exists"
        case .workshopUnnamed:
            return "it has no name yet: give --name"
        case let .idConflict(id, seq):
            return "event id \(id) is already in the log (#\(seq)) with different content"
        }
    }
}
