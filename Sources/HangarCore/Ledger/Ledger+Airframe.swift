extension Ledger {
    static func decideAirframe(_ input: EventInput, actor: Staff, reader: some LedgerReader) throws -> Decision {
        var input = input
        let kind = input.kind
        let transition = AirframeLifecycle.transition(kind)
        let existing = try reader.airframe(input.subject)

        // The table: does the event apply to this airframe in this state?
        guard let airframe = existing else {
            guard kind == .register else {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .notRegistered(serial: input.subject))
            }
            try requireRole([.technician], actor, input)
            return try decideRegister(input, reader: reader)
        }
        guard kind != .register else {
            throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .alreadyRegistered(model: airframe.model, state: airframe.state))
        }
        guard transition.from.contains(airframe.state) else {
            if airframe.state.isTerminal {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .terminal(airframe.state))
            }
            throw HangarError.notAllowedFrom(
                event: kind.rawValue, subject: input.subject, state: airframe.state.rawValue,
                allowed: transition.from.map(\.rawValue))
        }
        try requireTimeOrder(input, after: airframe.lastEventAt, of: "airframe")

        // Who may record it.
        switch transition.authority {
        case let .roles(roles): try requireRole(roles, actor, input)
        case .byFlightPurpose:
            if input.data.purpose == .training { try requireRole([.instructor], actor, input) }
        case .adminOrAuthor: break  // checked with the undone event below
        }

        let from = airframe.state.rawValue
        var extra: [LedgerChange] = []
        var judgement: QCJudgement?

        // The data, and the rules that need more than the table.
        switch kind {
        case .qc:
            guard actor.id != airframe.awaitingQCBy else {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .fourEyes(inspector: actor.id))
            }
            guard let model = try reader.model(airframe.model) else {
                throw HangarError.notFound(what: "model", name: airframe.model)
            }
            let result: QCJudgement
            do {
                result = try QCJudgement.judge(
                    checklist: model.checklist, checks: input.data.checks ?? [:], measures: input.data.measures ?? [:])
            } catch let problem as QCProblem {
                throw HangarError.rejected(
                    event: kind.rawValue, subject: input.subject, rule: .checklist(problem, model: model.name, version: model.checklistVersion))
            }
            let defects = try (input.data.defects ?? []).map(Names.defectCode)
            if result.outcome == .fail && defects.isEmpty {
                let failed = result.verdicts.filter { !$0.passed }.map(\.item.key)
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .failingRunNeedsDefect(failedItems: failed))
            }
            try requireComputed(input.data.checklistVersion, model.checklistVersion, "checklist_version", input)
            try requireComputed(input.data.attempt, airframe.qcAttempts + 1, "attempt", input)
            try requireComputed(input.data.outcome, result.outcome, "outcome", input)
            input.data.defects = defects.isEmpty ? nil : defects
            if input.data.checks?.isEmpty == true { input.data.checks = nil }
            if input.data.measures?.isEmpty == true { input.data.measures = nil }
            input.data.checklistVersion = model.checklistVersion
            input.data.attempt = airframe.qcAttempts + 1
            input.data.outcome = result.outcome
            input.data.limits = model.checklist
            judgement = result

        case .reworkDone, .maintenanceClose:
            if let work = input.data.work { input.data.work = try Names.text(work, field: "work") }

        case .issue:
            let unit = input.data.unit!
            guard try reader.unitExists(unit) else { throw HangarError.notFound(what: "unit", name: unit) }

        case .flight:
            let minutes = input.data.minutes!
            guard (1...1440).contains(minutes) else {
                throw HangarError.invalidValue(field: "minutes", value: String(minutes), allowed: "flight minutes are a whole number from 1 to 1440")
            }
            if input.data.purpose == .training && input.data.operator == nil {
                throw HangarError.missingField(event: "flight", field: "operator (a training flight names its trainee)")
            }
            if let operatorID = input.data.operator {
                guard var trainee = try reader.operatorRecord(operatorID) else {
                    throw HangarError.notFound(what: "operator", name: operatorID)
                }
                if input.data.purpose == .training && trainee.state == .enrolled {
                    trainee.state = .inTraining
                    if input.occurredAt > trainee.lastEventAt { trainee.lastEventAt = input.occurredAt }
                    extra.append(.operatorRecord(trainee))
                }
            }
            extra.append(.flight(FlightRecord(
                eventID: input.id, serial: input.subject, operatorID: input.data.operator, minutes: minutes,
                purpose: input.data.purpose!, occurredAt: input.occurredAt)))

        case .maintenanceOpen:
            let reason = input.data.reason!
            guard MaintenanceReason(rawValue: reason) != nil else {
                throw HangarError.invalidValue(
                    field: "reason", value: Names.printable(reason),
                    allowed: "maintenance reasons are " + MaintenanceReason.allCases.map(\.rawValue).joined(separator: ", "))
            }

        case .awaitParts:
            input.data.part = try Names.text(input.data.part!, field: "part")

        case .lost, .writeOff:
            input.data.reason = try Names.text(input.data.reason!, field: "reason")

        case .undo:
            input.data.reason = try Names.text(input.data.reason!, field: "reason")
            var history = try reader.activeHistory(of: input.subject)
            guard let target = history.last, target.kind != .register else {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .nothingToUndo)
            }
            guard actor.has(.admin) || actor.id == target.actor else {
                throw HangarError.roleRequired(
                    event: kind.rawValue, subject: input.subject, actor: actor.id,
                    needs: "admin, or \(target.actor) who recorded the '\(target.kind.rawValue)' being undone")
            }
            try requireComputed(input.data.undoes, target.id, "undoes", input)
            input.data.undoes = target.id
            history.removeLast()
            guard var restored = AirframeLifecycle.replay(history) else {
                preconditionFailure("an airframe's history starts with its registration")
            }
            restored.lastEventAt = max(airframe.lastEventAt, input.occurredAt)
            return Decision(
                event: stored(input, from: from, to: restored.state.rawValue),
                changes: [.airframe(restored), .undo(eventID: target.id, undoID: input.id)], judgement: nil)

        default:
            break
        }

        let event = stored(input, from: from, to: nil)
        let next = AirframeLifecycle.evolve(airframe, event)
        var recorded = event
        recorded.toState = next.state.rawValue
        return Decision(event: recorded, changes: [.airframe(next)] + extra, judgement: judgement)
    }

    static func decideRegister(_ input: EventInput, reader: some LedgerReader) throws -> Decision {
        var input = input
        let modelName = input.data.model!
        guard try reader.model(modelName) != nil else { throw HangarError.notFound(what: "model", name: modelName) }
        if let batch = input.data.batch { input.data.batch = try Names.text(batch, field: "batch", limit: 64) }
        var event = stored(input, from: nil, to: nil)
        let airframe = AirframeLifecycle.evolve(nil, event)
        event.toState = airframe.state.rawValue
        return Decision(event: event, changes: [.airframe(airframe)], judgement: nil)
    }
}
