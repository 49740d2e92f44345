/// One line of a model's bill of materials.
public struct BOMLine: Codable, Equatable, Hashable, Sendable {
    public var part: String
    public var qty: Int
    public var position: String?

    public init(part: String, qty: Int, position: String? = nil) { self.part = part; self.qty = qty; self.position = position }

    enum CodingKeys: String, CodingKey, CaseIterable { case part, qty, position }

    /// Read strictly: a line has no other fields.
    public init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
            throw HangarError.invalidValue(
                field: StrictDecoder.pathText(decoder.codingPath), value: Names.printable(key.stringValue),
                allowed: "BOM line fields are part, qty, position")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(part: try c.decode(String.self, forKey: .part), qty: try c.decode(Int.self, forKey: .qty),
                  position: try c.decodeIfPresent(String.self, forKey: .position))
    }

    /// Parses the command line's `PART:QTY[:POSITION]`.
    public static func parse(_ spec: String) throws -> BOMLine {
        let parts = spec.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let qty = Int(parts[1]) else {
            throw HangarError.invalidValue(field: "line", value: Names.printable(spec), allowed: "give PART:QTY[:POSITION], e.g. MOTOR-2207:4 or CAM-1:1:nose")
        }
        return BOMLine(part: parts[0], qty: qty, position: parts.count == 3 ? parts[2] : nil)
    }

    public var text: String { "\(part) × \(qty)" + (position.map { " (\($0))" } ?? "") }
}

/// A version of a model's bill of materials.
public struct BOM: Equatable, Sendable {
    public var model: String
    public var version: Int
    public var lines: [BOMLine]
    /// Whether `assembled` waits until every line is installed.
    public var enforced: Bool

    public init(model: String, version: Int, lines: [BOMLine], enforced: Bool) {
        self.model = model; self.version = version; self.lines = lines; self.enforced = enforced
    }

    /// The total quantity of a part over the lines (0 when not on the BOM).
    public func total(of part: String) -> Int { lines.filter { $0.part == part }.reduce(0) { $0 + $1.qty } }

    public func contains(_ part: String) -> Bool { lines.contains { $0.part == part } }

    /// The parts installed short of their lines: per part, the lines' total against what is
    /// installed on the BOM (`installed[part]`, off-BOM pieces not counted).
    public func shortfalls(installed: [String: Int]) -> [BOMShortfall] {
        var seen: Set<String> = []
        var result: [BOMShortfall] = []
        for line in lines where seen.insert(line.part).inserted {
            let needed = total(of: line.part), have = installed[line.part] ?? 0
            if have < needed { result.append(BOMShortfall(part: line.part, needed: needed, installed: have)) }
        }
        return result
    }
}

/// A part installed short of the BOM.
public struct BOMShortfall: Equatable, Sendable, CustomStringConvertible {
    public var part: String
    public var needed: Int
    public var installed: Int
    public var description: String { "\(part) \(installed)/\(needed)" }
}

/// The BOM rules: at least one line, known parts (checked by the ledger), quantities ≥ 1,
/// unique (part, position).
public enum BOMRules {
    public static func validate(_ lines: [BOMLine]) throws -> [BOMLine] {
        guard !lines.isEmpty else {
            throw HangarError.invalidValue(field: "lines", value: "", allowed: "a BOM has at least one line (--line PART:QTY[:POSITION])")
        }
        var seen: Set<String> = []
        return try lines.map { line in
            var line = line
            line.part = try Names.partNumber(line.part)
            guard (1...100_000).contains(line.qty) else {
                throw HangarError.invalidValue(field: "qty", value: String(line.qty), allowed: "a BOM line's qty is a whole number from 1 to 100000")
            }
            if let position = line.position { line.position = try Names.text(position, field: "position", limit: 64) }
            guard seen.insert(line.part + "\u{1F}" + (line.position ?? "")).inserted else {
                throw HangarError.invalidValue(
                    field: "line", value: line.text, allowed: "each (part, position) appears once on a BOM")
            }
            return line
        }
    }
}
