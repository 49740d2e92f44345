import Foundation

/// The languages Hangar speaks to people (DESIGN §13): English, Russian and Kazakh
/// (Cyrillic). Machine formats (JSON, CSV keys, NDJSON, event and command names) stay English.
public enum Language: String, CaseIterable, Sendable, Hashable {
    case en, ru, kk

    /// An exact choice (`--lang`, a staff setting, a form): `en`, `ru` or `kk`, any case.
    public init?(code: String) {
        guard let language = Language(rawValue: code.lowercased()) else { return nil }
        self = language
    }

    /// An environment value (`$HANGAR_LANG`, `$LANG`, an `Accept-Language` tag) maps by its
    /// prefix: `ru*` is Russian, `kk*` Kazakh, anything else English.
    public init(environmentValue value: String) {
        let lower = value.lowercased()
        if lower.hasPrefix("ru") { self = .ru } else if lower.hasPrefix("kk") { self = .kk } else { self = .en }
    }

    /// The command line's choice: `--lang`, then `$HANGAR_LANG`, then `$LANG`, else English.
    /// Returns nil for a `--lang` that is not one of the three (a usage error).
    public static func forCommandLine(flag: String?, environment: [String: String]) -> Language? {
        forCommandLine(flag: flag) { environment[$0] }
    }

    /// The same, with each environment variable read by `variable` (the command line reads
    /// the two it needs, not a dictionary of all).
    public static func forCommandLine(flag: String?, variable: (String) -> String?) -> Language? {
        if let flag { return Language(code: flag) }
        if let value = variable("HANGAR_LANG"), !value.isEmpty { return Language(environmentValue: value) }
        if let value = variable("LANG"), !value.isEmpty { return Language(environmentValue: value) }
        return .en
    }

    /// The first of the three named by an `Accept-Language` header, by its quality weights;
    /// nil when it names none of them.
    public static func fromAcceptLanguage(_ header: String) -> Language? {
        var best: (Language, Double)?
        for (index, item) in header.split(separator: ",").prefix(32).enumerated() {
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters(in: .whitespaces).lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let p = parameter.trimmingCharacters(in: .whitespaces)
                if p.hasPrefix("q="), let q = Double(p.dropFirst(2)), q.isFinite { quality = q }
            }
            let language: Language? = tag.hasPrefix("ru") ? .ru : tag.hasPrefix("kk") ? .kk : tag.hasPrefix("en") ? .en : nil
            guard let language, quality > 0 else { continue }
            // Earlier tags win ties, as browsers list them in preference order.
            let score = quality - Double(index) * 1e-6
            if best == nil || score > best!.1 { best = (language, score) }
        }
        return best?.0
    }

    /// The name of the language in itself, for the language switch.
    public var ownName: String {
        switch self {
        case .en: return "English"
        case .ru: return "Русский"
        case .kk: return "Қазақша"
        }
    }
}
