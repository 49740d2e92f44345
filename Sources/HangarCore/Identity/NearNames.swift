/// Names close to one that was not found: the same but for letter case, or a typing slip
/// away (edit distance at most a quarter of its length, at least 1). For "did you mean".
public enum NearNames {
    public static func closest(to name: String, among names: [String], limit: Int = 3) -> [String] {
        let folded = name.lowercased()
        let sameButCase = names.filter { $0.lowercased() == folded && $0 != name }
        if !sameButCase.isEmpty { return Array(sameButCase.prefix(limit)) }
        let allowed = max(1, name.count / 4)
        return names.map { ($0, distance($0.lowercased(), folded)) }
            .filter { $0.1 <= allowed && $0.0 != name }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }

    /// Edit distance: insertions, deletions, substitutions, and two neighbours swapped
    /// (the commonest slip), each 1.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
