extension EventLine {
    /// Whether an incoming event is the one already stored under its id (then import
    /// skips it); a different event under the same id is a conflict. The fields compared
    /// are those a person supplied (`EventBody.supplied`), and the note.
    public static func isSame(_ input: EventInput, as stored: RecordedEvent) -> Bool {
        let subject = input.kind.subject == .airframe || input.kind.subject == .piece ? input.subject.uppercased() : input.subject
        var given = input.body.supplied
        // A receipt stores its resolved origin and cost: a line that left them out gave the defaults.
        if case var .stockReceive(r) = given, case let .stockReceive(kept) = stored.body {
            if r.origin == nil { r.origin = kept.origin }
            if r.unitCost == nil { r.unitCost = kept.unitCost }
            given = .stockReceive(r)
        }
        let undoSubjectMatches = input.kind == .undo && input.subject.uppercased() == stored.subject.uppercased()
        return input.kind == stored.kind && (subject == stored.subject || undoSubjectMatches) && input.occurredAt == stored.occurredAt
            && input.actor == stored.actor && given == stored.body.supplied && input.note == stored.note
    }
}
