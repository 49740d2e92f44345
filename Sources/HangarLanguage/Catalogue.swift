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

    static let english = merged(.en), russian = merged(.ru), kazakh = merged(.kk)

    private static func merged(_ language: Language) -> [String: String] {
        var all: [String: String] = [:]
        for part in Part.allCases { all.merge(part.table(language)) { first, _ in first } }
        return all
    }

    /// The message `key` in `language` with its placeholders filled; `count` (as displayed)
    /// chooses the plural form. A key missing in a language falls back to English, then to
    /// the key itself (the catalogue test makes sure neither happens).
    public static func text(_ key: String, _ language: Language, _ args: [String: String] = [:], count: String? = nil) -> String {
        let template: String
        if let count {
            let category = PluralCategory.of(count, in: language)
            template = lookup("\(key)#\(category.rawValue)", language) ?? lookup("\(key)#other", language)
                ?? lookup("\(key)#other", .en) ?? key
        } else {
            template = lookup(key, language) ?? lookup(key, .en) ?? key
        }
        return fill(template, args)
    }

    /// `key` in the part tables of `language`, which no key is in twice (the catalogue test
    /// checks it). Looked up table by table rather than in `table(language)`: a short
    /// command that says one line builds only the tables it reads (the command line's
    /// first), not the whole merged catalogue.
    static func lookup(_ key: String, _ language: Language) -> String? {
        for part in Part.allCases {
            if let template = part.table(language)[key] { return template }
        }
        return nil
    }

    /// The catalogue's part tables, in the order they are searched.
    public enum Part: CaseIterable, Sendable {
        case cli, errors, terms, report, pages, web

        public func table(_ language: Language) -> [String: String] {
            switch (self, language) {
            case (.cli, .en): Tables.cliEN
            case (.cli, .ru): Tables.cliRU
            case (.cli, .kk): Tables.cliKK
            case (.errors, .en): Tables.errorsEN
            case (.errors, .ru): Tables.errorsRU
            case (.errors, .kk): Tables.errorsKK
            case (.terms, .en): Tables.termsEN
            case (.terms, .ru): Tables.termsRU
            case (.terms, .kk): Tables.termsKK
            case (.report, .en): Tables.reportEN
            case (.report, .ru): Tables.reportRU
            case (.report, .kk): Tables.reportKK
            case (.pages, .en): Tables.pagesEN
            case (.pages, .ru): Tables.pagesRU
            case (.pages, .kk): Tables.pagesKK
            case (.web, .en): Tables.webEN
            case (.web, .ru): Tables.webRU
            case (.web, .kk): Tables.webKK
            }
        }
    }

    /// Why an airframe is due for service, as `ServiceRule.dueReasons` gives them ("days",
    /// "minutes", "component:SERIAL"), in words of the language, joined by commas.
    public static func dueReasons(_ reasons: [String], _ language: Language) -> String {
        reasons.map { reason in
            if reason.hasPrefix("component:") { return text("due.component", language, ["serial": String(reason.dropFirst(10))]) }
            return lookup("due." + reason, language) ?? reason
        }.joined(separator: ", ")
    }

    /// Replaces each `{name}` by its value; an unknown placeholder is left as written.
    public static func fill(_ template: String, _ args: [String: String]) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out.append(contentsOf: rest[..<open])
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = args[name] { out += value } else { out.append(contentsOf: rest[open...close]) }
            rest = rest[rest.index(after: close)...]
        }
        out.append(contentsOf: rest)
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
