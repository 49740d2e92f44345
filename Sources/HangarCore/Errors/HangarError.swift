/// Every way Hangar refuses something, with a message a person can act on.
/// The command line prints `error: ` followed by `description`.
public indirect enum HangarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value that is not allowed: names the field, what was given and what is allowed.
    case invalidValue(field: String, value: String, allowed: String)
    /// An event lacks a field it needs.
    case missingField(event: String, field: String)
    /// An event carries a field that does not belong to it.
    case unexpectedField(event: String, field: String, allowed: [String])
    /// The subject is in a state from which this event is not allowed.
    case notAllowedFrom(event: String, subject: String, state: String, allowed: [String])
    /// The acting staff member lacks the role this event needs.
    case roleRequired(event: String, subject: String, actor: String, needs: String)
    /// A rule of the workshop refuses the event: which one, and so why.
    case rejected(event: String, subject: String, rule: Rule)
    /// Something asked for by name does not exist.
    case notFound(what: String, name: String)
    /// Writing needs a known acting staff member.
    case noActor
    /// A line of an import file was refused.
    case atLine(Int, HangarError)
    /// The database could not be used as asked.
    case storage(String)
    /// An error about a name that does not exist, with the names close to it.
    case withSuggestions(HangarError, near: [String])

    public var description: String {
        switch self {
        case let .invalidValue(field, value, allowed):
            return "invalid \(field) '\(value)': \(allowed)"
        case let .missingField(event, field):
            return event.isEmpty ? "the line needs the field '\(field)'" : "'\(event)' needs \(field)"
        case let .unexpectedField(event, field, allowed):
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            return "field '\(field)' does not belong to '\(event)' (its fields: \(list))"
        case let .notAllowedFrom(event, subject, state, allowed):
            return "cannot record '\(event)' for \(subject): it is in '\(state)' (\(event) is allowed from: \(allowed.joined(separator: ", ")))"
        case let .roleRequired(event, subject, actor, needs):
            return "cannot record '\(event)' for \(subject): \(actor) lacks the role for it (\(event) needs: \(needs))"
        case let .rejected(event, subject, rule):
            return "cannot record '\(event)' for \(subject): \(rule)"
        case let .notFound(what, name):
            return "no \(what) '\(Names.printable(name))'"
        case .noActor:
            return "who is recording? give --as STAFF_ID or set HANGAR_USER (every write names its author)"
        case let .atLine(line, inner):
            return "line \(line): \(inner.description)"
        case let .storage(message):
            return message
        case let .withSuggestions(inner, near):
            return inner.description + " (did you mean " + near.map { "'\(Names.printable($0))'" }.joined(separator: " or ") + "?)"
        }
    }
}
