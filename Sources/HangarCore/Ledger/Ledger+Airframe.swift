extension Ledger {
    static func decideAirframe(_ input: EventInput, actor: Staff, reader: some LedgerReader, lenient: Bool = false) throws -> Decision {
        var input = input
        let kind = input.kind
        let transition = AirframeLifecycle.transition(kind)
        let existing = try reader.airframe(input.subject)

        // The table: does the event apply to this airframe in this state?
        guard let airframe = existing else {
            guard case let .register(registration) = input.body else {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .notRegistered(serial: input.subject))
            }
            try requireRole([.technician], actor, input)
            return try decideRegister(input, registration, reader: reader)
        }
        guard kind != .register else {
            throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .alreadyRegistered(model: airframe.model, state: airframe.state))
        }
        guard transition.from.contains(airframe.state) || lenient else {
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
            if case let .flight(flight) = input.body, flight.purpose == .training { try requireRole([.instructor], actor, input) }
        case .adminOrAuthor: break  // checked with the undone event below
        }

        let from = airframe.state.rawValue
        var extra: [LedgerChange] = []
        var judgement: QCJudgement?
        var warnings: [Warning] = []

        // The data, and the rules that need more than the table.
        switch input.body {
        case var .qc(run):
            guard actor.id != airframe.awaitingQCBy || lenient else {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .fourEyes(inspector: actor.id))
            }
            guard let model = try reader.model(airframe.model) else {
                throw HangarError.notFound(what: "model", name: airframe.model)
            }
            let result: QCJudgement?
            do {
                result = try QCJudgement.judge(
                    checklist: model.checklist, checks: run.checks ?? [:], measures: run.measures ?? [:])
            } catch let problem as QCProblem {
                // A replayed run made against a checklist HQ does not hold (its update may lie
                // in a gap) keeps the outcome its workshop gave it.
                guard lenient, run.outcome != nil, run.checklistVersion != model.checklistVersion else {
                    throw HangarError.rejected(
                        event: kind.rawValue, subject: input.subject, rule: .checklist(problem, model: model.name, version: model.checklistVersion))
                }
                result = nil
            }
            let outcome = lenient ? run.outcome ?? result?.outcome ?? .fail : result?.outcome ?? .fail
            let defects = try (run.defects ?? []).map(Names.defectCode)
            if let catalogue = model.defectCodes, let unknown = defects.first(where: { !catalogue.contains($0) }) {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject,
                                           rule: .defectNotInCatalogue(code: unknown, model: model.name, codes: catalogue))
            }
            if outcome == .fail && defects.isEmpty {
                let failed = (result?.verdicts ?? []).filter { !$0.passed }.map(\.item.key)
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .failingRunNeedsDefect(failedItems: failed))
            }
            if lenient {
                // A replayed line keeps what its workshop computed: an earlier run, or the
                // model's update, may lie in a gap of the log HQ holds.
                run.checklistVersion = run.checklistVersion ?? model.checklistVersion
                run.attempt = max(run.attempt ?? 0, airframe.qcAttempts + 1)
            } else {
                try requireComputed(run.checklistVersion, model.checklistVersion, "checklist_version", input)
                try requireComputed(run.attempt, airframe.qcAttempts + 1, "attempt", input)
                try requireComputed(run.outcome, outcome, "outcome", input)
                run.checklistVersion = model.checklistVersion
                run.attempt = airframe.qcAttempts + 1
            }
            run.outcome = outcome
            run.defects = defects.isEmpty ? nil : defects
            if run.checks?.isEmpty == true { run.checks = nil }
            if run.measures?.isEmpty == true { run.measures = nil }
            run.limits = model.checklist
            input.body = .qc(run)
            judgement = result

        case var .reworkDone(done):
            if let work = done.work { done.work = try Names.text(work, field: "work") }
            input.body = .reworkDone(done)

        case var .maintenanceClose(done):
            if let work = done.work { done.work = try Names.text(work, field: "work") }
            input.body = .maintenanceClose(done)

        case let .assembled(assembly):
            try decideAssembled(&input, assembly, airframe: airframe, reader: reader)

        case let .install(installation):
            extra += try decideInstall(&input, installation, airframe: airframe, reader: reader, lenient: lenient)

        case let .remove(removal):
            extra += try decideRemove(&input, removal, airframe: airframe, reader: reader, lenient: lenient)

        case let .issue(issue):
            guard try reader.unitExists(issue.unit) else { throw HangarError.notFound(what: "unit", name: issue.unit) }

        case let .flight(flight):
            let minutes = flight.minutes
            guard (1...1440).contains(minutes) else {
                throw HangarError.invalidValue(field: "minutes", value: String(minutes), allowed: "flight minutes are a whole number from 1 to 1440")
            }
            if flight.purpose == .training && flight.operator == nil {
                throw HangarError.missingField(event: "flight", field: "operator (a training flight names its trainee)")
            }
            let model = try reader.model(airframe.model)
            let pieces = try reader.installedPieces(in: airframe.serial)
            var limits: [String: Int?] = [:]
            for p in pieces where limits[p.part] == nil { limits[p.part] = try reader.part(p.part)?.lifeMinutes }
            let reasons = ServiceRule.dueReasons(airframe, model: model, installed: pieces, lifeMinutes: { limits[$0] ?? nil }, at: input.occurredAt)
            if !reasons.isEmpty { warnings.append(.dueForService(serial: airframe.serial, reasons: reasons)) }
            if flight.operator == nil && flight.purpose == .operational { warnings.append(.noOperator(serial: airframe.serial)) }
            if let operatorID = flight.operator {
                guard var trainee = try reader.operatorRecord(operatorID) else {
                    throw HangarError.notFound(what: "operator", name: operatorID)
                }
                if let history = reader as? any FlightHistoryReader {
                    let window = Currency.window(endingAt: input.occurredAt)
                    let minutes = try history.operatorMinutes(operatorID, from: window.from, to: window.to)
                    if FlightEntitlement.isUnqualified(purpose: flight.purpose, state: trainee.state, minutesInWindow: minutes) {
                        warnings.append(.operatorNotEntitled(id: operatorID, state: trainee.state, minutesInWindow: minutes, purpose: flight.purpose))
                    }
                }
                if flight.purpose == .training && trainee.state == .enrolled {
                    trainee.state = .inTraining
                    if input.occurredAt > trainee.lastEventAt { trainee.lastEventAt = input.occurredAt }
                    extra.append(.operatorRecord(trainee))
                }
            }
            extra += try flightPieces(&input, flight, airframe: airframe, installed: pieces, reader: reader, lenient: lenient)
            if case let .flight(named) = input.body {
                extra.append(.flight(FlightRecord(eventID: input.id, serial: input.subject, named, at: input.occurredAt)))
            }

        case var .awaitParts(wait):
            wait.part = try Names.text(wait.part, field: "part")
            input.body = .awaitParts(wait)

        case var .lost(loss):
            loss.reason = try Names.text(loss.reason, field: "reason")
            input.body = .lost(loss)

        case var .writeOff(loss):
            loss.reason = try Names.text(loss.reason, field: "reason")
            input.body = .writeOff(loss)

        case var .undo(undo):
            undo.reason = try Names.text(undo.reason, field: "reason")
            var history = try reader.activeHistory(of: input.subject)
            guard let target = history.last, target.kind != .register else {
                throw HangarError.rejected(event: kind.rawValue, subject: input.subject, rule: .nothingToUndo)
            }
            guard actor.has(.admin) || actor.id == target.actor else {
                throw HangarError.roleRequired(
                    event: kind.rawValue, subject: input.subject, actor: actor.id,
                    needs: "admin, or \(target.actor) who recorded the '\(target.kind.rawValue)' being undone")
            }
            try requireComputed(undo.undoes, target.id, "undoes", input)
            undo.undoes = target.id
            input.body = .undo(undo)
            history.removeLast()
            guard var restored = AirframeLifecycle.replay(history) else {
                preconditionFailure("an airframe's history starts with its registration")
            }
            restored.lastEventAt = max(airframe.lastEventAt, input.occurredAt)
            let given = try undoMentions(of: target, undoAt: input.occurredAt, reader: reader)
            return Decision(
                event: stored(input, from: from, to: restored.state.rawValue),
                changes: [.airframe(restored)] + given + [.undo(eventID: target.id, undoID: input.id)], judgement: nil)

        default:
            break
        }

        let event = stored(input, from: from, to: nil)
        let next = AirframeLifecycle.evolve(airframe, event)
        var recorded = event
        recorded.toState = next.state.rawValue
        return Decision(event: recorded, changes: [.airframe(next)] + extra, judgement: judgement, warnings: warnings)
    }

    static func decideRegister(_ input: EventInput, _ registration: Registration, reader: some LedgerReader) throws -> Decision {
        var input = input
        var registration = registration
        guard try reader.model(registration.model) != nil else { throw HangarError.notFound(what: "model", name: registration.model) }
        if let piece = try reader.piece(input.subject) {
            throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .serialInUse(serial: input.subject, by: "a piece of \(piece.part)"))
        }
        if let batch = registration.batch { registration.batch = try Names.text(batch, field: "batch", limit: 64) }
        input.body = .register(registration)
        var event = stored(input, from: nil, to: nil)
        let airframe = AirframeLifecycle.evolve(nil, event)
        event.toState = airframe.state.rawValue
        return Decision(event: event, changes: [.airframe(airframe)], judgement: nil)
    }
}
