/// A long list of short ASCII identifiers (event ids, serials) kept in one buffer instead
/// of one string each: a national fleet's report lists hundreds of thousands of them.
/// Reads as a collection of `String`.
public struct IDList: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The identifiers' bytes, one after another.
    public private(set) var bytes: [UInt8] = []
    /// Where each identifier ends in `bytes`.
    private var ends: [Int] = []

    public init() {}
    public init(_ ids: some Sequence<String>) { for id in ids { append(id) } }
    public init(arrayLiteral ids: String...) { self.init(ids) }

    public mutating func append(_ id: String) {
        bytes.append(contentsOf: id.utf8)
        ends.append(bytes.count)
    }

    /// Appends an identifier given as bytes (as SQLite returns text).
    public mutating func append(utf8 id: some Collection<UInt8>) {
        if id.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: id) }
        ends.append(bytes.count)
    }

    /// Appends every identifier of `other`, each after `prefix`.
    public mutating func append(contentsOf other: IDList, prefix: [UInt8] = []) {
        if prefix.isEmpty {
            let base = bytes.count
            bytes.append(contentsOf: other.bytes)
            ends.append(contentsOf: other.ends.lazy.map { $0 + base })
            return
        }
        // Room made once (growing at least twofold, as appending would), then each id copied
        // as a run of bytes: a national report prefixes millions of them.
        let added = other.bytes.count + prefix.count * other.count
        if bytes.count + added > bytes.capacity { bytes.reserveCapacity(Swift.max(bytes.count + added, 2 * bytes.capacity)) }
        if ends.count + other.count > ends.capacity { ends.reserveCapacity(Swift.max(ends.count + other.count, 2 * ends.capacity)) }
        other.bytes.withUnsafeBufferPointer { source in
            var start = 0
            for end in other.ends {
                bytes.append(contentsOf: prefix)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<end]))
                ends.append(bytes.count)
                start = end
            }
        }
    }

    public mutating func reserve(ids: Int, bytes count: Int) {
        ends.reserveCapacity(ids)
        bytes.reserveCapacity(count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The byte range of identifier `i` in `bytes`.
    public func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    public subscript(i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    public var description: String { "[" + map { "\"\($0)\"" }.joined(separator: ", ") + "]" }

    public static func == (a: IDList, b: IDList) -> Bool { a.bytes == b.bytes && a.ends == b.ends }
}
