import Crypto
import Foundation

/// The SHA-256 hash chain over the event log.
public enum Chain {
    public static func hash(_ content: String) -> String {
        var content = content
        let digest = content.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return hex(digest)
    }

    /// Whether `hash` is the hash of `previous` followed by `content` (as `hash(previous +
    /// content)` says), without joining the texts or writing the digest out.
    public static func follows(previous: String, content: String, hash: String) -> Bool {
        var previous = previous, content = content, hash = hash
        return previous.withUTF8 { previous in
            content.withUTF8 { content in
                hash.withUTF8 { follows(previous: UnsafeRawBufferPointer(previous), content: UnsafeRawBufferPointer(content), hash: UnsafeRawBufferPointer($0)) }
            }
        }
    }

    /// `follows` of texts given as their UTF-8 bytes.
    public static func follows(previous: UnsafeRawBufferPointer, content: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer) -> Bool {
        guard hash.count == 64 else { return false }
        var hasher = SHA256()
        hasher.update(bufferPointer: previous)
        hasher.update(bufferPointer: content)
        let digest = hasher.finalize()
        var i = 0
        for b in digest {
            guard hash[i] == digits[Int(b >> 4)], hash[i + 1] == digits[Int(b & 0x0F)] else { return false }
            i += 2
        }
        return true
    }

    /// Lowercase hexadecimal, two digits a byte (every line's hash is written and checked
    /// this way: it is done without a string per byte).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
