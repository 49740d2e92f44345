/// The id Hangar gives an event it records: a time-ordered UUID (version 7 of RFC 9562),
/// in lower case. Its first 48 bits are the Unix time in milliseconds, the rest random
/// (74 bits) but for the version and variant.
///
/// Why not a purely random UUID: every event row carries its id in a unique index (and a
/// flight's row in another). Random ids land each new event on some random page of those
/// indexes, so under load every event dirties pages of its own, written to the WAL at
/// commit and again at the checkpoint. Ids made at nearly the same moment sort together and
/// share the last pages. Ids from other programs (an import) are kept as they are.
public enum EventID {
    /// A new id for an event recorded at `now`.
    public static func make(at now: Timestamp, using random: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let milliseconds = UInt64(clamping: max(0, now.milliseconds))
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - i))) }
        let low = random.next() as UInt64, high = random.next() as UInt64
        for i in 6..<14 { bytes[i] = UInt8(truncatingIfNeeded: low >> (8 * (i - 6))) }
        for i in 14..<16 { bytes[i] = UInt8(truncatingIfNeeded: high >> (8 * (i - 14))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // variant 10
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A new id for an event recorded at `now`, from the system's random source.
    public static func make(at now: Timestamp) -> String {
        var random = SystemRandomNumberGenerator()
        return make(at: now, using: &random)
    }
}
