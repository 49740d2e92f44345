import Foundation

/// The English fragments the rules put inside a refusal (what is allowed, where a piece is,
/// what an event needs), in the reader's language. The rules word them in English where
/// they are decided; the Russian and Kazakh texts are tables keyed by that English
/// (`Tables/Fragments.ru.swift`, `Fragments.kk.swift`), with `{name}` templates for the
/// fragments that carry a value. A fragment without a translation stays English.
public enum Fragments {
    public static func translate(_ english: String, _ language: Language) -> String {
        guard language != .en else { return english }
        let table = language == .ru ? Tables.fragmentsRU : Tables.fragmentsKK
        if let text = table[english] { return text }
        for template in templates {
            guard let match = try? template.regex.wholeMatch(in: english), let translated = table[template.english] else { continue }
            var args: [String: String] = [:]
            for (i, name) in template.names.enumerated() {
                guard let range = match.output[i + 1].range else { continue }
                // A reason or an expected form inside a sentence is itself one of the fragments.
                args[name] = ["reason", "expected"].contains(name) ? translate(String(english[range]), language) : String(english[range])
            }
            return Catalogue.fill(translated, args)
        }
        return english
    }

    /// Whether a language's table holds this English fragment (plain or template).
    public static func isTranslated(_ english: String, _ language: Language) -> Bool {
        switch language {
        case .en: return true
        case .ru: return Tables.fragmentsRU[english] != nil
        case .kk: return Tables.fragmentsKK[english] != nil
        }
    }

    /// The `{name}` templates (for the catalogue test).
    public static var templateTexts: [String] { Tables.fragmentTemplates }

    /// A fragment's translation as written in a language's table.
    public static func translationText(_ english: String, _ language: Language) -> String? {
        switch language {
        case .en: return english
        case .ru: return Tables.fragmentsRU[english]
        case .kk: return Tables.fragmentsKK[english]
        }
    }

    struct Template: @unchecked Sendable {
        var english: String
        var names: [String]
        var regex: Regex<AnyRegexOutput>
    }

    /// The English table's `{name}` keys as patterns: each placeholder matches some text.
    static let templates: [Template] = Tables.fragmentTemplates.compactMap { english in
        let names = english.matches(of: /\{([a-z0-9_]+)\}/).map { String($0.1) }
        guard !names.isEmpty else { return nil }
        var pattern = ""
        var rest = Substring(english)
        while let m = rest.firstMatch(of: /\{[a-z0-9_]+\}/) {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<m.range.lowerBound])) + "(.+?)"
            rest = rest[m.range.upperBound...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest))
        guard let regex = try? Regex(pattern) else { return nil }
        return Template(english: english, names: names, regex: regex)
    }
}
