/// The rules of the workshop in one place. `decide` takes an event someone asks to
/// record, what the workshop knows now, and the clock; it returns the event as it will be
/// stored with its projection changes, or throws a `HangarError` saying why not.
/// It performs no I/O: the caller runs it inside its transaction and writes the result.
public enum Ledger {
    /// How far in the future an event may be dated.
    public static let futureTolerance: Int64 = 5 * 60_000

    /// `lenient`: headquarters' replay of a workshop's log (DESIGN §14) applies the
    /// transitions without role or from-state checks: whoever recorded a line may have been
    /// added in a line HQ does not hold, and the state before it may lie in a gap. That goes
    /// for a piece's status too (install, remove, a battery on a flight, a stock adjustment),
    /// and a QC run keeps the attempt, checklist version and outcome its workshop computed.
    /// Every other rule holds.
    public static func decide(_ input: EventInput, in reader: some LedgerReader, now: Timestamp, lenient: Bool = false) throws -> Decision {
        let id = try eventID(input.id)
        var input = input
        input.id = id
        if let note = input.note { input.note = try Names.text(note, field: "note") }
        let recordedAt = input.recordedAt ?? now
        // An undo's subject is an airframe, a battery or a part (S12).
        var route = input.kind.subject
        if input.kind == .undo {
            (input.subject, route) = try undoSubject(input, reader: reader)
        } else {
            switch input.kind.subject {
            case .airframe, .piece:
                input.subject = try Names.serial(input.subject)
            case .operator:
                input.subject = try Names.identifier(input.subject, field: "operator id")
            case .part:
                input.subject = try Names.partNumber(input.subject)
            case .configuration:
                break
            }
        }
        // A replay at headquarters reads another machine's log: its clock is not ours. A line
        // recorded elsewhere (`recorded`) was judged by that machine's clock then, as
        // `verify` judges it again: no more than 5 minutes before it happened, and not
        // recorded later than now.
        if !lenient {
            guard input.occurredAt.milliseconds <= now.milliseconds + futureTolerance else {
                throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .datedInTheFuture(at: input.occurredAt, now: now))
            }
            if let recorded = input.recordedAt {
                guard input.occurredAt.milliseconds <= recorded.milliseconds + futureTolerance else {
                    throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .datedInTheFuture(at: input.occurredAt, now: recorded))
                }
                guard recorded.milliseconds <= now.milliseconds + futureTolerance else {
                    throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .datedInTheFuture(at: recorded, now: now))
                }
            }
        }

        // Bootstrap: the first event is an admin adding themself.
        if lenient {
            // Who recorded the line is not judged: the actor may do anything.
        } else if try reader.staffCount() == 0 {
            guard case let .staffAdd(first) = input.body, first.roles.contains(.admin), input.actor == input.subject else {
                throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .firstEventMustBeAnAdmin)
            }
        } else {
            guard try reader.staff(input.actor) != nil else {
                throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .unknownStaff(input.actor))
            }
        }
        let actor: Staff
        if lenient {
            actor = Staff(id: input.actor, name: input.actor, roles: Role.allCases)
        } else if let known = try reader.staff(input.actor) {
            actor = known
        } else if case let .staffAdd(first) = input.body {
            actor = Staff(id: input.actor, name: first.name, roles: [.admin])  // the bootstrap admin, adding themself
        } else {
            throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .unknownStaff(input.actor))
        }

        var decision: Decision
        switch route {
        case .airframe: decision = try decideAirframe(input, actor: actor, reader: reader, lenient: lenient)
        case .operator: decision = try decideOperator(input, actor: actor, reader: reader, lenient: lenient)
        case .configuration: decision = try decideConfiguration(input, actor: actor, reader: reader)
        case .part, .piece:
            if input.kind == .undo {
                decision = try decideSubjectUndo(input, route: route, actor: actor, reader: reader)
            } else if route == .part {
                decision = try decideStock(input, actor: actor, reader: reader, lenient: lenient)
            } else {
                decision = try decideBatteryCheck(input, actor: actor, reader: reader)
            }
        }
        decision.event.recordedAt = recordedAt
        return decision
    }

    /// Event ids: 1–64 printable ASCII characters.
    static func eventID(_ raw: String) throws -> String {
        guard !raw.isEmpty, raw.utf8.count <= 64, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HangarError.invalidValue(field: "id", value: Names.printable(raw), allowed: "an event id is 1-64 printable ASCII characters")
        }
        return raw
    }

    static func requireRole(_ roles: [Role], _ actor: Staff, _ input: EventInput) throws {
        guard roles.contains(where: actor.has) else {
            throw HangarError.roleRequired(
                event: input.kind.rawValue, subject: input.subject, actor: actor.id,
                needs: roles.map(\.rawValue).joined(separator: " or "))
        }
    }

    static func requireTimeOrder(_ input: EventInput, after latest: Timestamp, of what: String) throws {
        guard input.occurredAt >= latest else {
            throw HangarError.rejected(
                event: input.kind.rawValue, subject: input.subject, rule: .outOfTimeOrder(at: input.occurredAt, latest: latest, subject: what))
        }
    }

    /// A computed field given in the input (import) must equal what the rules compute.
    static func requireComputed<T: Equatable>(_ given: T?, _ computed: T, _ field: String, _ input: EventInput) throws {
        if let given, given != computed {
            throw HangarError.rejected(
                event: input.kind.rawValue, subject: input.subject, rule: .computedDiffers(field: field, given: "\(given)", computed: "\(computed)"))
        }
    }

    static func stored(_ input: EventInput, from: String?, to: String?) -> RecordedEvent {
        RecordedEvent(
            seq: 0, id: input.id, subject: input.subject, fromState: from, toState: to,
            occurredAt: input.occurredAt, recordedAt: input.recordedAt ?? input.occurredAt,
            actor: input.actor, body: input.body, note: input.note)
    }
}
