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
    // Sustainment (DESIGN §11, §14)
    case partExists(String)
    /// A part's tracking and kind never change after `part_add`.
    case partFixed(field: String, was: String)
    /// A life limit or rating that the part's tracking or kind does not take.
    case settingNotForPart(field: String, tracking: PartTracking, kind: PartKind)
    /// The currency is set only while no cost has been recorded.
    case currencyLocked(current: String?)
    /// A serial already used by an airframe or a piece.
    case serialInUse(serial: String, by: String)
    case lotExists(part: String, lot: String)
    /// The form of a stock or install line does not fit the part's tracking.
    case trackingMismatch(part: String, tracking: PartTracking, needs: String)
    case piecePartMismatch(serial: String, part: String, given: String)
    /// The piece is not where the event needs it: `whereabouts` says where it is.
    case pieceUnavailable(serial: String, whereabouts: String)
    case notABattery(serial: String, part: String)
    case lotShort(part: String, lot: String, onHand: Int, wanted: Int)
    case notInstalledHere(what: String, airframe: String, whereabouts: String)
    case notOnBOM(part: String, model: String, version: Int)
    case aboveBOM(part: String, model: String, version: Int, total: Int, installed: Int)
    case bomIncomplete(model: String, version: Int, missing: [BOMShortfall])
    /// A piece at or past a life limit (`measure` is minutes or cycles).
    case lifeReached(serial: String, measure: String, used: Int, limit: Int)
    /// A battery's latest check shows less than 80% of its rating.
    case batteryWorn(serial: String, capacityMah: Int, ratedMah: Int)
    case namedTwice(serial: String)
    case sameStatus(serial: String, status: PieceStatus)
    case scrappedIsFinal(serial: String)
    /// Undoing would contradict a later event (stock below zero, a piece's later event).
    case undoBlocked(by: String, kind: EventKind, why: String)
    /// Nothing of this subject is left to undo.
    case nothingToUndoFor(subject: String, what: String)

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
        case .partExists: return "part_exists"
        case .partFixed: return "part_fixed"
        case .settingNotForPart: return "setting_not_for_part"
        case .currencyLocked: return "currency_locked"
        case .serialInUse: return "serial_in_use"
        case .lotExists: return "lot_exists"
        case .trackingMismatch: return "tracking_mismatch"
        case .piecePartMismatch: return "piece_part_mismatch"
        case .pieceUnavailable: return "piece_unavailable"
        case .notABattery: return "not_a_battery"
        case .lotShort: return "lot_short"
        case .notInstalledHere: return "not_installed_here"
        case .notOnBOM: return "not_on_bom"
        case .aboveBOM: return "above_bom"
        case .bomIncomplete: return "bom_incomplete"
        case .lifeReached: return "life_reached"
        case .batteryWorn: return "battery_worn"
        case .namedTwice: return "named_twice"
        case .sameStatus: return "same_status"
        case .scrappedIsFinal: return "scrapped_is_final"
        case .undoBlocked: return "undo_blocked"
        case .nothingToUndoFor: return "nothing_to_undo"
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
            return "it is dated \(at), before the \(subject)'s latest event at \(latest) (events must be recorded in time order"
                + (subject == "airframe" ? "; to correct an event at its real time, undo it with --at no earlier than its time, then record the correction" : "") + ")"
        case let .computedDiffers(field, given, computed):
            return "\(field) is \(given) in the input but the rules compute \(computed)"
        case let .notRegistered(serial):
            return "no airframe \(serial) is registered (register it first)"
        case let .alreadyRegistered(model, state):
            return "it is already registered (model \(model), in '\(state.rawValue)')"
        case let .terminal(state):
            return state == .writtenOff
                ? "it is 'written_off' (only undo, and remove to strip it for parts, are allowed on a written-off airframe)"
                : "it is '\(state.rawValue)' (only undo is allowed on a lost airframe)"
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
        case let .partExists(number):
            return "part \(number) is already in the catalogue (change it with part update)"
        case let .partFixed(field, was):
            return "a part's \(field) never changes after part_add (it is \(was))"
        case let .settingNotForPart(field, tracking, kind) where field == "kind battery":
            return "a battery is serial-tracked (each pack has its own serial); this part is \(tracking.rawValue)-tracked, kind \(kind.rawValue)"
        case let .settingNotForPart(field, tracking, kind):
            let takes = field == "life_minutes" ? "serial-tracked parts" : "batteries (which are serial-tracked)"
            return "\(field) is only for \(takes); this part is \(tracking.rawValue)-tracked, kind \(kind.rawValue)"
        case let .currencyLocked(current):
            return "costs are already recorded in \(current ?? "no currency"); the currency can only be set before the first cost"
        case let .serialInUse(serial, by):
            return "serial \(serial) is already used by \(by) (airframe and piece serials share one namespace)"
        case let .lotExists(part, lot):
            return "lot \(lot) of \(part) was already received (a lot id is new per part)"
        case let .trackingMismatch(part, tracking, needs):
            return "\(part) is \(tracking.rawValue)-tracked: \(needs)"
        case let .piecePartMismatch(serial, part, given):
            return "\(serial) is a piece of \(part), not of \(given)"
        case let .pieceUnavailable(serial, whereabouts):
            return "\(serial) is \(whereabouts)"
        case let .notABattery(serial, part):
            return "\(serial) is not a battery (it is a piece of \(part))"
        case let .lotShort(part, lot, onHand, wanted):
            return "lot \(lot) of \(part) has \(onHand) on hand, \(wanted) wanted (stock never goes below zero)"
        case let .notInstalledHere(what, airframe, whereabouts):
            return "\(what) is not installed in \(airframe) (\(whereabouts))"
        case let .notOnBOM(part, model, version):
            return "\(part) is not on the \(model) BOM v\(version) (give --off-bom REASON to install it anyway)"
        case let .aboveBOM(part, model, version, total, installed):
            return "\(installed) of \(part) already installed, the \(model) BOM v\(version) lists \(total) (give --off-bom REASON for more)"
        case let .bomIncomplete(model, version, missing):
            return "the \(model) BOM v\(version) is enforced and not fully installed; missing: " + missing.map(\.description).joined(separator: ", ")
        case let .lifeReached(serial, measure, used, limit):
            return "\(serial) has reached its life limit (\(used) of \(limit) \(measure))"
        case let .batteryWorn(serial, capacity, rated):
            return "battery \(serial) is worn: its latest check measured \(capacity) mAh of \(rated) rated (below 80% health)"
        case let .namedTwice(serial):
            return "battery \(serial) is named twice"
        case let .sameStatus(serial, status):
            return "\(serial) is already '\(status.rawValue)'"
        case let .scrappedIsFinal(serial):
            return "\(serial) is scrapped, which is final"
        case let .undoBlocked(by, kind, why):
            return "undoing it would contradict a later event: \(why) ('\(kind.rawValue)' \(by)); undo that first"
        case let .nothingToUndoFor(subject, what):
            return "nothing to undo: \(subject) has no \(what) left to undo"
        }
    }
}
