import HangarLanguage

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
    /// The model has a defect catalogue and the code is not in it.
    case defectNotInCatalogue(code: String, model: String, codes: [String])
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
    /// The workshop's code is set once (headquarters know its log by it).
    case workshopCodeFixed(code: String)
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
        case .defectNotInCatalogue: return "defect_not_in_catalogue"
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
        case .workshopCodeFixed: return "workshop_code_fixed"
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

    public var description: String { message(in: .en) }

    /// The sentence a person reads, in their language (the catalogue words it; values stay raw).
    public func message(in language: Language) -> String {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text("rule." + key, language, args) }
        switch self {
        case let .datedInTheFuture(at, now):
            return t("dated_in_the_future", ["at": LocalTime.showPrecisely(at, language), "now": LocalTime.showPrecisely(now, language)])
        case .firstEventMustBeAnAdmin:
            return t("first_event_must_be_an_admin")
        case let .unknownStaff(id):
            return t("unknown_staff", ["id": Names.printable(id)])
        case let .outOfTimeOrder(at, latest, subject):
            let whose = Catalogue.text("subject." + subject, language)
            return t(subject == "airframe" ? "out_of_time_order_airframe" : "out_of_time_order", ["at": LocalTime.showPrecisely(at, language), "latest": LocalTime.showPrecisely(latest, language), "subject": whose])
        case let .computedDiffers(field, given, computed):
            return t("computed_differs", ["field": field, "given": given, "computed": computed])
        case let .notRegistered(serial):
            return t("not_registered", ["serial": serial])
        case let .alreadyRegistered(model, state):
            return t("already_registered", ["model": model, "state": state.rawValue])
        case let .terminal(state):
            return state == .writtenOff ? t("terminal_written_off") : t("terminal_lost", ["state": state.rawValue])
        case let .fourEyes(inspector):
            return t("four_eyes", ["inspector": inspector])
        case let .checklist(problem, model, version):
            return t("checklist", ["problem": problem.message(in: language), "model": model, "version": String(version)])
        case let .defectNotInCatalogue(code, model, codes):
            return t("defect_not_in_catalogue", ["code": code, "model": model, "codes": codes.joined(separator: ", ")])
        case let .failingRunNeedsDefect(failed):
            return t("failing_run_needs_defect", ["items": failed.joined(separator: ", ")])
        case .nothingToUndo:
            return t("nothing_to_undo")
        case let .notEnrolled(id):
            return t("not_enrolled", ["id": id])
        case let .alreadyEnrolled(id, state):
            return t("already_enrolled", ["id": id, "state": state.rawValue])
        case let .staffExists(id):
            return t("staff_exists", ["id": id])
        case let .lastAdmin(id):
            return t("last_admin", ["id": id])
        case let .nothingToChange(what):
            return t("nothing_to_change", ["what": Fragments.translate(what, language)])
        case let .unitExists(name):
            return t("unit_exists", ["name": name])
        case let .modelExists(name):
            return t("model_exists", ["name": name])
        case .workshopUnnamed:
            return t("workshop_unnamed")
        case let .idConflict(id, seq):
            return t("id_conflict", ["id": id, "seq": String(seq)])
        case let .partExists(number):
            return t("part_exists", ["part": number])
        case let .partFixed(field, was):
            return t("part_fixed", ["field": field, "was": was])
        case let .settingNotForPart(field, tracking, kind) where field == "kind battery":
            return t("battery_is_serial_tracked", ["tracking": tracking.rawValue, "kind": kind.rawValue])
        case let .settingNotForPart(field, tracking, kind):
            return t(field == "life_minutes" ? "setting_only_serial" : "setting_only_battery", ["field": field, "tracking": tracking.rawValue, "kind": kind.rawValue])
        case let .workshopCodeFixed(code):
            return t("workshop_code_fixed", ["code": code])
        case let .currencyLocked(current):
            return current.map { t("currency_locked", ["currency": $0]) } ?? t("currency_locked_none")
        case let .serialInUse(serial, by):
            return t("serial_in_use", ["serial": serial, "by": Fragments.translate(by, language)])
        case let .lotExists(part, lot):
            return t("lot_exists", ["part": part, "lot": lot])
        case let .trackingMismatch(part, tracking, needs):
            return t(tracking == .serial ? "tracking_mismatch_serial" : "tracking_mismatch_lot", ["part": part, "needs": Fragments.translate(needs, language)])
        case let .piecePartMismatch(serial, part, given):
            return t("piece_part_mismatch", ["serial": serial, "part": part, "given": given])
        case let .pieceUnavailable(serial, whereabouts):
            return t("piece_unavailable", ["serial": serial, "whereabouts": Fragments.translate(whereabouts, language)])
        case let .notABattery(serial, part):
            return t("not_a_battery", ["serial": serial, "part": part])
        case let .lotShort(part, lot, onHand, wanted):
            return t("lot_short", ["part": part, "lot": lot, "on_hand": LocalFormat.integer(onHand, language), "wanted": LocalFormat.integer(wanted, language)])
        case let .notInstalledHere(what, airframe, whereabouts):
            return t("not_installed_here", ["what": Fragments.translate(what, language), "airframe": airframe,
                                            "whereabouts": Fragments.translate(whereabouts, language)])
        case let .notOnBOM(part, model, version):
            return t("not_on_bom", ["part": part, "model": model, "version": String(version)])
        case let .aboveBOM(part, model, version, total, installed):
            return t("above_bom", ["part": part, "model": model, "version": String(version), "total": String(total), "installed": String(installed)])
        case let .bomIncomplete(model, version, missing):
            return t("bom_incomplete", ["model": model, "version": String(version), "missing": missing.map(\.description).joined(separator: ", ")])
        case let .lifeReached(serial, measure, used, limit):
            let unit = Catalogue.text("measure." + measure, language)
            return t("life_reached", ["serial": serial, "used": LocalFormat.integer(used, language), "limit": LocalFormat.integer(limit, language), "measure": unit])
        case let .batteryWorn(serial, capacity, rated):
            return t("battery_worn", ["serial": serial, "capacity": LocalFormat.integer(capacity, language), "rated": LocalFormat.integer(rated, language)])
        case let .namedTwice(serial):
            return t("named_twice", ["serial": serial])
        case let .sameStatus(serial, status):
            return t("same_status", ["serial": serial, "status": status.rawValue])
        case let .scrappedIsFinal(serial):
            return t("scrapped_is_final", ["serial": serial])
        case let .undoBlocked(by, kind, why):
            return t("undo_blocked", ["why": Fragments.translate(why, language), "kind": kind.rawValue, "by": by])
        case let .nothingToUndoFor(subject, what):
            return t("nothing_to_undo_for", ["subject": subject, "what": Fragments.translate(what, language)])
        }
    }
}
