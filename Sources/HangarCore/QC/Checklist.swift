/// One line of a model's QC checklist: a pass/fail check, or a measure with limits.
public struct ChecklistItem: Codable, Equatable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable, StrictEnum {
        case check, measure
        public static var allowedText: String { "kind is check or measure" }
        public init(from decoder: any Decoder) throws { self = try Self.strictlyDecoded(from: decoder) }
    }

    public var key: String
    public var kind: Kind
    public var unit: String?
    public var min: Double?
    public var max: Double?
    /// What to do, in words, for whoever does it (the key stays the item's name).
    public var description: String?

    public init(key: String, kind: Kind, unit: String? = nil, min: Double? = nil, max: Double? = nil, description: String? = nil) {
        self.key = key; self.kind = kind; self.unit = unit; self.min = min; self.max = max; self.description = description
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case key, kind, unit, min, max, description }

    /// Read strictly: an item has no other fields.
    public init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
            throw HangarError.invalidValue(
                field: StrictDecoder.pathText(decoder.codingPath), value: Names.printable(key.stringValue),
                allowed: "item fields are key, kind, unit, min, max, description")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(String.self, forKey: .key), kind: try c.decode(Kind.self, forKey: .kind),
                  unit: try c.decodeIfPresent(String.self, forKey: .unit), min: try c.decodeIfPresent(Double.self, forKey: .min),
                  max: try c.decodeIfPresent(Double.self, forKey: .max), description: try c.decodeIfPresent(String.self, forKey: .description))
    }

    public static func check(_ key: String) -> ChecklistItem { ChecklistItem(key: key, kind: .check) }
    public static func measure(_ key: String, unit: String? = nil, min: Double? = nil, max: Double? = nil) -> ChecklistItem {
        ChecklistItem(key: key, kind: .measure, unit: unit, min: min, max: max)
    }

    /// `8 ≤ x ≤ 14 A`, `≥ 8 A`, `pass/fail`.
    public var limitsText: String {
        guard kind == .measure else { return "pass/fail" }
        let u = unit.map { " \($0)" } ?? ""
        switch (min, max) {
        case let (lo?, hi?): return "\(Self.number(lo))–\(Self.number(hi))\(u)"
        case let (lo?, nil): return "≥ \(Self.number(lo))\(u)"
        case let (nil, hi?): return "≤ \(Self.number(hi))\(u)"
        case (nil, nil): return "any value\(u)"
        }
    }

    public static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// Parses the command line's `KEY:UNIT:MIN:MAX` (unit, min and max may be empty).
    public static func parseMeasureSpec(_ spec: String) throws -> ChecklistItem {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 else {
            throw HangarError.invalidValue(
                field: "measure", value: spec,
                allowed: "give KEY:UNIT:MIN:MAX, e.g. hover_current_a:A:8:14 (unit, min or max may be empty)")
        }
        func bound(_ s: String, _ name: String) throws -> Double? {
            if s.isEmpty { return nil }
            guard let v = Double(s), v.isFinite else {
                throw HangarError.invalidValue(field: "measure \(name)", value: s, allowed: "give a number")
            }
            return v
        }
        return ChecklistItem(
            key: parts[0], kind: .measure, unit: parts[1].isEmpty ? nil : parts[1],
            min: try bound(parts[2], "min"), max: try bound(parts[3], "max"))
    }
}

/// The checklist rules: at least one item, unique keys, sane keys and limits.
public enum ChecklistRules {
    /// A model's defect catalogue: codes normalised, unique, at least one, at most 500.
    public static func defectCatalogue(_ codes: [String]) throws -> [String] {
        guard !codes.isEmpty, codes.count <= 500 else {
            throw HangarError.invalidValue(field: "defect_codes", value: "\(codes.count) codes", allowed: "a defect catalogue has 1-500 codes")
        }
        var seen: Set<String> = []
        var result: [String] = []
        for raw in codes {
            let code = try Names.defectCode(raw)
            guard seen.insert(code).inserted else {
                throw HangarError.invalidValue(field: "defect_codes", value: code, allowed: "each code once")
            }
            result.append(code)
        }
        return result
    }

    public static func validate(_ items: [ChecklistItem]) throws -> [ChecklistItem] {
        guard !items.isEmpty else {
            throw HangarError.invalidValue(field: "checklist", value: "[]", allowed: "a checklist has at least one item")
        }
        var seen: Set<String> = []
        var result: [ChecklistItem] = []
        for var item in items {
            item.key = try checklistKey(item.key)
            guard seen.insert(item.key).inserted else {
                throw HangarError.invalidValue(field: "checklist", value: item.key, allowed: "item keys must be unique")
            }
            if let u = item.unit { item.unit = try Names.name(u, field: "unit of \(item.key)") }
            if let d = item.description { item.description = try Names.text(d, field: "description of \(item.key)", limit: 300) }
            switch item.kind {
            case .check:
                guard item.unit == nil, item.min == nil, item.max == nil else {
                    throw HangarError.invalidValue(
                        field: "checklist item", value: item.key, allowed: "a check has no unit or limits")
                }
            case .measure:
                guard item.min != nil || item.max != nil else {
                    throw HangarError.invalidValue(
                        field: "measure", value: item.key, allowed: "a measure needs a min, a max or both")
                }
                for bound in [item.min, item.max].compactMap({ $0 }) where !bound.isFinite {
                    throw HangarError.invalidValue(field: "measure", value: item.key, allowed: "limits must be finite numbers")
                }
                if let lo = item.min, let hi = item.max, lo > hi {
                    throw HangarError.invalidValue(
                        field: "measure", value: item.key,
                        allowed: "min (\(ChecklistItem.number(lo))) must not exceed max (\(ChecklistItem.number(hi)))")
                }
            }
            result.append(item)
        }
        return result
    }

    /// Item keys: 1–64 characters of `a–z A–Z 0–9 _ - .`.
    public static func checklistKey(_ raw: String) throws -> String {
        let ok = !raw.isEmpty && raw.utf8.count <= 64 && raw.utf8.allSatisfy { b in
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == 0x2D || b == 0x5F || b == 0x2E
        }
        guard ok else {
            throw HangarError.invalidValue(
                field: "checklist key", value: Names.printable(raw),
                allowed: "a key is 1-64 characters of a-z, A-Z, 0-9, '_', '-' and '.'")
        }
        return raw
    }
}
