/// A chain head kept outside the database (`SEQ:HASH`, as `hangar verify` prints it).
/// A later verify checks that event SEQ still carries HASH: a log rewritten from the
/// first event with a fresh, self-consistent chain cannot pass that.
public struct ChainAnchor: Equatable, Sendable, CustomStringConvertible {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// Parses `SEQ:HASH`: a sequence number from 1 and 64 lowercase hex digits.
    public init(parsing text: String) throws(HangarError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1,
              parts[1].utf8.count == 64, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw .invalidValue(field: "anchor", value: text, allowed: "SEQ:HASH as printed by hangar verify (a sequence number, a colon, 64 lowercase hex digits)")
        }
        self.seq = seq
        self.hash = String(parts[1])
    }

    public var description: String { "\(seq):\(hash)" }
}
