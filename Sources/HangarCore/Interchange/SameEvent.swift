extension EventLine {
    /// Whether an incoming event is the one already stored under its id (then import
    /// skips it); a different event under the same id is a conflict. The fields compared
    /// are those a person supplied (`EventBody.supplied`), and the note.
    public static func isSame(_ input: EventInput, as stored: RecordedEvent) -> Bool {
        let subject = input.kind.subject == .airframe ? input.subject.uppercased() : input.subject
        return input.kind == stored.kind && subject == stored.subject && input.occurredAt == stored.occurredAt
            && input.actor == stored.actor && input.body.supplied == stored.body.supplied && input.note == stored.note
    }
}
