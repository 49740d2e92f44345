/// Where a long document is written: handed on in pieces of about `limit` bytes as it is
/// made (a national report runs to a hundred megabytes, none of which need be held whole),
/// or gathered whole when there is nowhere to hand it. Appending never throws: the first
/// error handing a piece on is kept, later pieces are dropped, and `finish` throws it.
public struct ByteStream {
    public private(set) var buffer: [UInt8] = []
    let limit: Int
    let sink: (([UInt8]) throws -> Void)?
    var failure: (any Error)?

    /// Gathers everything: `finish` returns it.
    public init() {
        limit = .max
        sink = nil
    }

    /// The size of the pieces handed on, unless told otherwise.
    public static let pieceSize = 1 << 20

    /// Hands pieces of at least `limit` bytes (the last one shorter) to `sink`.
    public init(limit: Int = pieceSize, sink: @escaping ([UInt8]) throws -> Void) {
        self.limit = max(1, limit)
        self.sink = sink
    }

    public mutating func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { handOn() }
    }

    public mutating func append(_ text: String) {
        append(contentsOf: text.utf8)
    }

    public mutating func reserve(_ count: Int) {
        if sink == nil { buffer.reserveCapacity(count) }
    }

    mutating func handOn() {
        guard let sink else { return }
        if failure == nil {
            do { try sink(buffer) } catch { failure = error }
        }
        // The piece handed on may still be held by the sink: keeping the capacity then means
        // a new buffer as large. One appended far past the limit is not kept.
        buffer.removeAll(keepingCapacity: buffer.capacity <= 2 * limit)
    }

    /// Hands on what is left; returns everything when gathering, else nothing.
    public mutating func finish() throws -> [UInt8] {
        if sink != nil, !buffer.isEmpty { handOn() }
        if let failure { throw failure }
        return buffer
    }
}
