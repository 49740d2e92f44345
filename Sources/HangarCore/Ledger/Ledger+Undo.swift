/// Undo of stock events and battery checks, and which subject an undo names (DESIGN §14, S12).
extension Ledger {
    /// The event an undo of this subject would cancel, by route.
    static func undoTarget(_ subject: String, route: EventKind.Subject, reader: some LedgerReader) throws -> RecordedEvent? {
        switch route {
        case .airframe:
            return try reader.activeHistory(of: subject).last.flatMap { $0.kind == .register ? nil : $0 }
        case .piece:
            return try reader.history(of: .piece(subject)).last { $0.kind == .batteryCheck && $0.subject == subject }
        case .part:
            return try reader.history(of: .part(subject)).last { $0.subject == subject && $0.kind.subject == .part }
        case .operator, .configuration:
            return nil
        }
    }

    /// An undo's subject is tried as an airframe serial, then a battery serial, then a part
    /// number; `undoes`, when given, chooses among them.
    static func undoSubject(_ input: EventInput, reader: some LedgerReader) throws -> (String, EventKind.Subject) {
        let raw = input.subject
        var candidates: [(String, EventKind.Subject)] = []
        if let serial = try? Names.serial(raw) {
            if try reader.airframe(serial) != nil { candidates.append((serial, .airframe)) }
            if let piece = try reader.piece(serial), piece.battery { candidates.append((serial, .piece)) }
        }
        if try reader.part(raw) != nil { candidates.append((raw, .part)) }
        if let route = input.undoRoute {
            if let chosen = candidates.first(where: { $0.1 == route }) { return chosen }
            switch route {
            case .part: throw HangarError.notFound(what: "part", name: raw)
            case .piece: throw HangarError.notFound(what: "battery", name: raw)
            default: return (try Names.serial(raw), .airframe)  // judged as an airframe, which names the problem
            }
        }
        guard let first = candidates.first else {
            // Not a known battery or part: judged as an airframe, which names the problem.
            return (try Names.serial(raw), .airframe)
        }
        if case let .undo(undo) = input.body, let undoes = undo.undoes, candidates.count > 1 {
            for candidate in candidates where try undoTarget(candidate.0, route: candidate.1, reader: reader)?.id == undoes {
                return candidate
            }
        }
        return first
    }

    static func decideSubjectUndo(_ input: EventInput, route: EventKind.Subject, actor: Staff, reader: some LedgerReader) throws -> Decision {
        var input = input
        guard case var .undo(undo) = input.body else { preconditionFailure("an undo route carries an undo") }
        undo.reason = try Names.text(undo.reason, field: "reason")
        let what = route == .piece ? "battery check" : "stock event"
        guard let target = try undoTarget(input.subject, route: route, reader: reader) else {
            throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .nothingToUndoFor(subject: input.subject, what: what))
        }
        guard actor.has(.admin) || actor.id == target.actor else {
            throw HangarError.roleRequired(
                event: input.kind.rawValue, subject: input.subject, actor: actor.id,
                needs: "admin, or \(target.actor) who recorded the '\(target.kind.rawValue)' being undone")
        }
        if route == .piece, let piece = try reader.piece(input.subject) {
            try requireTimeOrder(input, after: piece.lastEventAt, of: "battery")
        } else if let latest = try reader.part(input.subject)?.lastStockEventAt {
            try requireTimeOrder(input, after: latest, of: "part's stock")
        }
        try requireComputed(undo.undoes, target.id, "undoes", input)
        undo.undoes = target.id
        input.body = .undo(undo)
        let given = try undoMentions(of: target, undoAt: input.occurredAt, reader: reader)
        return Decision(event: stored(input, from: nil, to: nil), changes: given + [.undo(eventID: target.id, undoID: input.id)], judgement: nil)
    }
}
