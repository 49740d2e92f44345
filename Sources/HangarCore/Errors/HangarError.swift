import Foundation
import HangarLanguage

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

    public var description: String { message(in: .en) }

    /// What was not found, worded: "lot of P-1" and "component of P-1" keep their part number.
    static func thing(_ what: String, _ language: Language) -> String {
        for prefix in ["lot of ", "component of "] where what.hasPrefix(prefix) {
            let key = "thing." + prefix.dropLast().replacingOccurrences(of: " ", with: "_")
            return Catalogue.text(key, language, ["part": String(what.dropFirst(prefix.count))])
        }
        let key = "thing." + what.replacingOccurrences(of: " ", with: "_")
        return Catalogue.table(language)[key] ?? Catalogue.table(.en)[key] ?? what
    }

    /// The message in a person's language; `error:` is added by whoever prints it.
    public func message(in language: Language) -> String {
        func t(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text("error." + key, language, args) }
        switch self {
        case let .invalidValue(field, value, allowed):
            return t("invalid_value", ["field": Fragments.translate(field, language), "value": value, "allowed": Fragments.translate(allowed, language)])
        case let .missingField(event, field):
            // A field's name stays raw; a note after it ("operator (a training flight …)") is translated.
            let named = Fragments.translate(field, language)
            return event.isEmpty ? t("line_needs_field", ["field": named]) : t("event_needs_field", ["event": event, "field": named])
        case let .unexpectedField(event, field, allowed):
            let list = allowed.isEmpty ? Catalogue.text("error.no_fields", language) : allowed.joined(separator: ", ")
            return t("unexpected_field", ["field": field, "event": event, "fields": list])
        case let .notAllowedFrom(event, subject, state, allowed):
            return t("not_allowed_from", ["event": event, "subject": subject, "state": state, "states": allowed.joined(separator: ", ")])
        case let .roleRequired(event, subject, actor, needs):
            // Roles stay raw (they are typed as --role values); the "or" between them is worded.
            let roles = needs.components(separatedBy: " or ")
            let worded = roles.count > 1 && roles.allSatisfy { Role(rawValue: $0) != nil }
                ? roles.joined(separator: Catalogue.text("error.or", language)) : Fragments.translate(needs, language)
            return t("role_required", ["event": event, "subject": subject, "actor": actor, "needs": worded])
        case let .rejected(event, subject, rule):
            return t("rejected", ["event": event, "subject": subject, "why": rule.message(in: language)])
        case let .notFound(what, name):
            return t("not_found", ["what": HangarError.thing(what, language), "name": Names.printable(name)])
        case .noActor:
            return t("no_actor")
        case let .atLine(line, inner):
            return t("at_line", ["line": String(line), "why": inner.message(in: language)])
        case let .storage(message):
            return Fragments.translate(message, language)
        case let .withSuggestions(inner, near):
            let names = near.map { language == .en ? "'\(Names.printable($0))'" : "«\(Names.printable($0))»" }
                .joined(separator: Catalogue.text("error.or", language))
            return t("did_you_mean", ["why": inner.message(in: language), "names": names])
        }
    }
}
