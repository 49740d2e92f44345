extension Ledger {
    static func decideOperator(_ input: EventInput, actor: Staff, reader: some LedgerReader, lenient: Bool = false) throws -> Decision {
        var input = input
        let transition = OperatorLifecycle.transition(input.kind)
        let existing = try reader.operatorRecord(input.subject)
        guard let trainee = existing else {
            guard case var .enroll(enrolment) = input.body else {
                throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .notEnrolled(id: input.subject))
            }
            try requireRole(transition.roles, actor, input)
            let name = try Names.name(enrolment.name, field: "name")
            let unit = enrolment.unit
            guard try reader.unitExists(unit) else { throw HangarError.notFound(what: "unit", name: unit) }
            enrolment.name = name
            input.body = .enroll(enrolment)
            let record = Operator(id: input.subject, name: name, unit: unit, state: .enrolled, lastEventAt: input.occurredAt)
            return Decision(
                event: stored(input, from: nil, to: OperatorState.enrolled.rawValue),
                changes: [.operatorRecord(record)], judgement: nil)
        }
        guard input.kind != .enroll else {
            throw HangarError.rejected(event: input.kind.rawValue, subject: input.subject, rule: .alreadyEnrolled(id: input.subject, state: trainee.state))
        }
        guard transition.from.contains(trainee.state) || lenient else {
            throw HangarError.notAllowedFrom(
                event: input.kind.rawValue, subject: input.subject, state: trainee.state.rawValue,
                allowed: transition.from.map(\.rawValue))
        }
        try requireTimeOrder(input, after: trainee.lastEventAt, of: "operator")
        try requireRole(transition.roles, actor, input)
        if case let .withdraw(withdrawal) = input.body, let reason = withdrawal.reason {
            input.body = .withdraw(Withdrawal(reason: try Names.text(reason, field: "reason")))
        }
        var next = trainee
        next.state = transition.to
        next.lastEventAt = input.occurredAt
        return Decision(
            event: stored(input, from: trainee.state.rawValue, to: next.state.rawValue),
            changes: [.operatorRecord(next)], judgement: nil)
    }
}
