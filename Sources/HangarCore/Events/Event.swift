/// What someone asks to record: from the command line, an import line or the server.
public struct EventInput: Equatable, Sendable {
    public var id: String
    public var subject: String
    public var occurredAt: Timestamp
    /// When it was first recorded, if it comes from another log (import); else now.
    public var recordedAt: Timestamp?
    public var actor: String
    /// The kind of event and its fields.
    public var body: EventBody
    /// A free-text remark any event may carry.
    public var note: String?
    /// For an undo given on a page or command of one kind of subject (an airframe's, a
    /// part's, a battery's): that kind alone, so a part number that reads as an airframe's
    /// serial undoes the part's stock event. Not part of the event; nil where any may be meant
    /// (an NDJSON line, the API), which `undoes` decides between.
    public var undoRoute: EventKind.Subject?

    public var kind: EventKind { body.kind }

    public init(id: String, subject: String, occurredAt: Timestamp, recordedAt: Timestamp? = nil,
                actor: String, body: EventBody, note: String? = nil) {
        self.id = id; self.subject = subject; self.occurredAt = occurredAt
        self.recordedAt = recordedAt; self.actor = actor; self.body = body; self.note = note
    }
}

/// An event as it stands in the log.
public struct RecordedEvent: Equatable, Sendable {
    public var seq: Int64
    public var id: String
    public var subject: String
    public var fromState: String?
    public var toState: String?
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var actor: String
    public var body: EventBody
    public var note: String?

    public var kind: EventKind { body.kind }

    public init(seq: Int64, id: String, subject: String, fromState: String?, toState: String?,
                occurredAt: Timestamp, recordedAt: Timestamp, actor: String, body: EventBody, note: String? = nil) {
        self.seq = seq; self.id = id; self.subject = subject
        self.fromState = fromState; self.toState = toState; self.occurredAt = occurredAt
        self.recordedAt = recordedAt; self.actor = actor; self.body = body; self.note = note
    }

    /// The text the hash chain covers, given the canonical JSON of the event's data:
    /// every stored column but the hash, one per line, after the previous event's hash.
    public func canonicalContent(previousHash: String, dataJSON: String) -> String {
        [previousHash, String(seq), id, kind.rawValue, subject, fromState ?? "", toState ?? "",
         occurredAt.storageText, recordedAt.storageText, actor, dataJSON].joined(separator: "\n")
    }

    /// The hash before the first event.
    public static let genesisHash = String(repeating: "0", count: 64)
}
