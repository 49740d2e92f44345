/// Events counted by airframe serial: a compliance list by airframe (a commander asks which
/// airframes, not which event ids; the text report and the printable page name the leading
/// ones and say how many in all). A national report keeps only each workshop's leading
/// airframes one by one and counts the rest: a national fleet has hundreds of thousands.
public struct SerialCounts: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    /// The airframes held one by one, with their counts.
    public private(set) var counts: [String: Int]
    /// Airframes counted in `count` but not held one by one.
    public private(set) var untold = 0

    /// How many leading airframes the reports name.
    public static let shown = 5

    public init(_ counts: [String: Int] = [:]) {
        self.counts = counts
    }

    public init(dictionaryLiteral elements: (String, Int)...) {
        self.init(Dictionary(elements, uniquingKeysWith: +))
    }

    /// The airframes with at least one event.
    public var count: Int { counts.count + untold }
    public var isEmpty: Bool { count == 0 }

    public subscript(serial: String) -> Int? { counts[serial] }

    /// Counts one more event of `serial`.
    public mutating func add(_ serial: String) {
        counts[serial, default: 0] += 1
    }

    /// The airframes most often in the list: serial and count, the most first, then by serial.
    public func leading(_ limit: Int) -> [(serial: String, count: Int)] {
        Self.leading(counts, limit)
    }

    static func leading(_ counts: [String: Int], _ limit: Int) -> [(serial: String, count: Int)] {
        counts.map { (serial: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.serial < $1.serial }
            .prefix(max(0, limit)).map { $0 }
    }

    /// Adds another workshop's counts, each serial under `prefix` (its code and a slash, so no
    /// two workshops' serials meet), holding only the `limit` leading airframes of all one
    /// by one: the leading of all are among each workshop's leading, as one workshop's serials
    /// keep their order under one prefix.
    public mutating func fold(_ other: SerialCounts, prefix: String, keeping limit: Int = SerialCounts.shown) {
        let all = count + other.count
        var candidates = counts
        for (serial, n) in other.leading(limit) { candidates[prefix + serial] = n }
        counts = Dictionary(uniqueKeysWithValues: Self.leading(candidates, limit).map { ($0.serial, $0.count) })
        untold = all - counts.count
    }
}
