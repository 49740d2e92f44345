extension EventData {
    /// The fields a person supplied, normalised: computed fields dropped, defect codes
    /// upper-cased, empty QC maps treated as absent. Two lines with the same id are the
    /// same event when these agree.
    public var suppliedFields: EventData {
        var d = self
        d.checklistVersion = nil
        d.attempt = nil
        d.outcome = nil
        d.limits = nil
        d.undoes = nil
        d.defects = d.defects.map { $0.map { $0.uppercased() } }
        if d.defects?.isEmpty == true { d.defects = nil }
        if d.checks?.isEmpty == true { d.checks = nil }
        if d.measures?.isEmpty == true { d.measures = nil }
        if let roles = d.roles { d.roles = roles.sorted() }
        return d
    }
}

extension EventLine {
    /// Whether an incoming event is the one already stored under its id (then import
    /// skips it); a different event under the same id is a conflict.
    public static func isSame(_ input: EventInput, as stored: RecordedEvent) -> Bool {
        let subject = input.kind.subject == .airframe ? input.subject.uppercased() : input.subject
        return input.kind == stored.kind && subject == stored.subject && input.occurredAt == stored.occurredAt
            && input.actor == stored.actor && input.data.suppliedFields == stored.data.suppliedFields
    }
}
