import Synchronization

/// The command line's `--help` in the reader's language. The commands declare their help in
/// English (so the code reads as the help does) and read it through `translate`; the Russian
/// and Kazakh texts are tables keyed by that English (`Tables/Help.ru.swift`, `Help.kk.swift`).
/// The parser's own headings and usage-error messages are translated by `parserText`.
public enum HelpText {
    /// Every English help text asked for, while a test collects them. Locked: tests in other
    /// suites build help pages on other threads at the same time (an unlocked set shared that
    /// way corrupted the heap of a test run).
    public static let collected = Mutex<Set<String>?>(nil)

    /// Starts collecting every English text asked for from now on.
    public static func startCollecting() { collected.withLock { $0 = [] } }

    /// Stops collecting and returns what was asked for since `startCollecting`.
    public static func stopCollecting() -> Set<String> {
        collected.withLock { seen in
            defer { seen = nil }
            return seen ?? []
        }
    }

    /// Whether a language's table holds a translation of this English text.
    public static func isTranslated(_ english: String, _ language: Language) -> Bool {
        switch language {
        case .en: return true
        case .ru: return Tables.helpRU[english] != nil
        case .kk: return Tables.helpKK[english] != nil
        }
    }

    public static func translate(_ english: String, _ language: Language) -> String {
        collected.withLock { _ = $0?.insert(english) }
        let table: [String: String]
        switch language {
        case .en: return english
        case .ru: table = Tables.helpRU
        case .kk: table = Tables.helpKK
        }
        return table[english] ?? english
    }
}
