import Foundation

/// Numbers as people of each language write them (DESIGN §13): a decimal comma and
/// no-break-space grouping in Russian and Kazakh (ICU's CLDR data), plain digits in English.
/// CSV and JSON never use these.
public enum LocalFormat {
    private static func locale(_ language: Language) -> Locale {
        switch language {
        case .en: return Locale(identifier: "en_US_POSIX")
        case .ru: return Locale(identifier: "ru_RU")
        case .kk: return Locale(identifier: "kk_KZ")
        }
    }

    /// A whole number.
    public static func integer<T: BinaryInteger>(_ value: T, _ language: Language) -> String {
        language == .en ? String(value) : Int64(value).formatted(.number.locale(locale(language)))
    }

    /// A number with exactly `digits` fraction digits.
    public static func number(_ value: Double, digits: Int, _ language: Language) -> String {
        guard value.isFinite else { return "—" }
        return value.formatted(.number.locale(locale(language)).precision(.fractionLength(digits)).grouping(language == .en ? .never : .automatic))
    }

    /// A share (0.853) as a percentage with `digits` fraction digits: `85%`, `85 %` in Russian.
    public static func percent(_ share: Double, digits: Int = 0, _ language: Language) -> String {
        guard share.isFinite else { return "—" }
        return share.formatted(.percent.locale(locale(language)).precision(.fractionLength(digits)).grouping(language == .en ? .never : .automatic))
    }

    /// A calendar date given as year, month, day: `2026-12-02`, or `02.12.2026` in Russian and Kazakh.
    public static func date(year: Int, month: Int, day: Int, _ language: Language) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(year)
        return language == .en ? "\(y)-\(two(month))-\(two(day))" : "\(two(day)).\(two(month)).\(y)"
    }
}
