import HangarLanguage
/// A check's recorded value.
public enum CheckResult: String, Codable, Sendable, CaseIterable, StrictEnum {
    case pass, fail
    public static var allowedText: String { "a check is exactly \"pass\" or \"fail\"" }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// A QC run's computed outcome.
public enum QCOutcome: String, Codable, Sendable, CaseIterable, StrictEnum {
    case pass, fail
    public static var allowedText: String { "outcome is pass or fail" }
    public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
}

/// The verdict on one checklist item.
public struct ItemVerdict: Equatable, Sendable {
    public var item: ChecklistItem
    public var value: String
    public var passed: Bool
    /// Why it failed, in words (nil when it passed).
    public var why: String?
}

/// The judgement of a QC run against a model's checklist. The outcome is computed, never typed.
public struct QCJudgement: Equatable, Sendable {
    public var verdicts: [ItemVerdict]
    public var outcome: QCOutcome

    /// Judges results against `checklist`: every item must be present with a value of
    /// its kind; unknown keys are refused. Pass iff every check passes and every measure
    /// lies within [min, max], bounds included.
    public static func judge(
        checklist: [ChecklistItem], checks: [String: CheckResult], measures: [String: Double]
    ) throws -> QCJudgement {
        let byKey = Dictionary(uniqueKeysWithValues: checklist.map { ($0.key, $0) })
        let keys = checklist.map(\.key).joined(separator: ", ")
        for key in checks.keys.sorted() {
            guard let item = byKey[key] else { throw QCProblem.unknownItem(key, known: keys) }
            if item.kind == .measure { throw QCProblem.wrongType(key, expected: .measure) }
        }
        for key in measures.keys.sorted() {
            guard let item = byKey[key] else { throw QCProblem.unknownItem(key, known: keys) }
            if item.kind == .check { throw QCProblem.wrongType(key, expected: .check) }
        }
        let missing = checklist.filter { item in
            item.kind == .check ? checks[item.key] == nil : measures[item.key] == nil
        }.map(\.key)
        if !missing.isEmpty { throw QCProblem.missingItems(missing) }

        var verdicts: [ItemVerdict] = []
        for item in checklist {
            switch item.kind {
            case .check:
                let result = checks[item.key]!
                verdicts.append(ItemVerdict(
                    item: item, value: result.rawValue, passed: result == .pass,
                    why: result == .pass ? nil : "checked as fail"))
            case .measure:
                let value = measures[item.key]!
                guard value.isFinite else { throw QCProblem.notFinite(item.key) }
                var why: String?
                if let lo = item.min, value < lo { why = "\(ChecklistItem.number(value)) is below the minimum \(ChecklistItem.number(lo))" }
                if let hi = item.max, value > hi { why = "\(ChecklistItem.number(value)) is above the maximum \(ChecklistItem.number(hi))" }
                let shown = ChecklistItem.number(value) + (item.unit.map { " \($0)" } ?? "")
                verdicts.append(ItemVerdict(item: item, value: shown, passed: why == nil, why: why))
            }
        }
        return QCJudgement(verdicts: verdicts, outcome: verdicts.allSatisfy(\.passed) ? .pass : .fail)
    }
}

/// Why QC results cannot be judged.
public enum QCProblem: Error, Equatable, CustomStringConvertible {
    case unknownItem(String, known: String)
    case wrongType(String, expected: ChecklistItem.Kind)
    case missingItems([String])
    case notFinite(String)

    public var description: String { message(in: .en) }

    public func message(in language: Language) -> String {
        func t(_ key: String, _ args: [String: String]) -> String { Catalogue.text("qc." + key, language, args) }
        switch self {
        case let .unknownItem(key, known):
            return t("unknown_item", ["item": key, "items": known])
        case let .wrongType(key, .measure):
            return t("is_a_measure", ["item": key])
        case let .wrongType(key, .check):
            return t("is_a_check", ["item": key])
        case let .missingItems(keys):
            return t("missing_items", ["items": keys.joined(separator: ", ")])
        case let .notFinite(key):
            return t("not_finite", ["item": key])
        }
    }
}
