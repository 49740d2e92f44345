/// Every message people read, keyed, in English, Russian and Kazakh. A message is a template
/// with named placeholders (`{serial}`); a counted message has one entry per CLDR category
/// (`key#one`, `key#few`, `key#many`, `key#other`), chosen by the number as displayed.
/// Callers pass values already formatted for the language (numbers, dates); serials, ids,
/// event and state names go in raw (DESIGN §13).
public enum Catalogue {
    /// The table of one language: every key it words.
    public static func table(_ language: Language) -> [String: String] {
        switch language {
        case .en: return english
        case .ru: return russian
        case .kk: return kazakh
        }
    }

    static let english: [String: String] = merge(Tables.errorsEN, Tables.cliEN, Tables.pagesEN, Tables.reportEN, Tables.termsEN, Tables.webEN)
    static let russian: [String: String] = merge(Tables.errorsRU, Tables.cliRU, Tables.pagesRU, Tables.reportRU, Tables.termsRU, Tables.webRU)
    static let kazakh: [String: String] = merge(Tables.errorsKK, Tables.cliKK, Tables.pagesKK, Tables.reportKK, Tables.termsKK, Tables.webKK)

    private static func merge(_ tables: [String: String]...) -> [String: String] {
        var all: [String: String] = [:]
        for table in tables { all.merge(table) { first, _ in first } }
        return all
    }

    /// The message `key` in `language` with its placeholders filled; `count` (as displayed)
    /// chooses the plural form. A key missing in a language falls back to English, then to
    /// the key itself (the catalogue test makes sure neither happens).
    public static func text(_ key: String, _ language: Language, _ args: [String: String] = [:], count: String? = nil) -> String {
        let template: String
        if let count {
            let category = PluralCategory.of(count, in: language)
            template = table(language)["\(key)#\(category.rawValue)"] ?? table(language)["\(key)#other"]
                ?? english["\(key)#other"] ?? key
        } else {
            template = table(language)[key] ?? english[key] ?? key
        }
        return fill(template, args)
    }

    /// Replaces each `{name}` by its value; an unknown placeholder is left as written.
    public static func fill(_ template: String, _ args: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = args[name] { out += value } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// The placeholder names of a template, for the catalogue test.
    public static func placeholders(_ template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// The message tables, one file per part of Hangar and language.
enum Tables {}
