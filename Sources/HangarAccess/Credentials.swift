import Crypto
import Foundation
import HangarStore
import HummingbirdBcrypt

/// Secrets: passwords (bcrypt), API tokens and session ids (random, stored as SHA-256).
///
/// bcrypt reads only the first 72 bytes of its input, and a Cyrillic or Kazakh letter takes
/// two bytes in UTF-8: two long passwords that differ after the 72nd byte would both match.
/// So a password longer than 72 bytes is pre-hashed — bcrypt is given the base64 of its
/// SHA-256 (44 ASCII bytes, no zero byte) — and its stored hash is marked `sha256$` so
/// that checking takes the same road. Passwords of at most 72 bytes are hashed as they are.
public enum Credentials {
    public static let minimumPasswordLength = 12
    /// Characters (not bytes): enough for any passphrase, short enough to hash quickly.
    public static let maximumPasswordLength = 128
    /// bcrypt's input limit, in bytes.
    public static let bcryptInputLimit = 72
    static let prehashMark = "sha256$"

    public static func hashPassword(_ password: String, cost: UInt8) throws -> String {
        guard password.count >= minimumPasswordLength, password.count <= maximumPasswordLength else {
            throw CredentialError.weakPassword
        }
        if password.utf8.count > bcryptInputLimit {
            return prehashMark + Bcrypt.hash(prehash(password), cost: cost)
        }
        return Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches `hash`. Always one bcrypt computation, whichever road
    /// the hash took, so a mismatch of kinds takes as long to refuse as a wrong password.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard password.count <= maximumPasswordLength else { return false }
        let long = password.utf8.count > bcryptInputLimit
        if hash.hasPrefix(prehashMark) {
            // Only a long password was hashed this way: a short one never matches it.
            return Bcrypt.verify(prehash(password), hash: String(hash.dropFirst(prehashMark.count))) && long
        }
        // A plain hash holds at most 72 bytes: a longer password never matches it (bcrypt
        // alone would compare only its first 72 bytes).
        return Bcrypt.verify(long ? prehash(password) : password, hash: hash) && !long
    }

    /// The base64 of the SHA-256 of the password's UTF-8 bytes.
    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Array(password.utf8))).base64EncodedString()
    }

    /// `bytes` cryptographically random bytes as lowercase hex.
    public static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Chain.hex((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    public static func sha256(_ text: String) -> String { Chain.hash(text) }

    /// A new API token: shown once, stored hashed.
    public static func newToken() -> String { "hgr_" + randomHex(bytes: 32) }
}

public enum CredentialError: Error, CustomStringConvertible {
    case weakPassword
    public var description: String {
        "a password needs \(Credentials.minimumPasswordLength) to \(Credentials.maximumPasswordLength) characters"
    }
}
