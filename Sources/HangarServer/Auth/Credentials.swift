import Crypto
import Foundation
import HummingbirdBcrypt

/// Secrets: passwords (bcrypt), API tokens and session ids (random, stored as SHA-256).
public enum Credentials {
    public static let minimumPasswordLength = 12

    public static func hashPassword(_ password: String, cost: UInt8) throws -> String {
        guard password.count >= minimumPasswordLength, password.count <= 72 else {
            throw CredentialError.weakPassword
        }
        return Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// `bytes` cryptographically random bytes as lowercase hex.
    public static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let b = UInt8.random(in: 0...255, using: &generator)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }

    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// A new API token: shown once, stored hashed.
    public static func newToken() -> String { "hgr_" + randomHex(bytes: 32) }
}

public enum CredentialError: Error, CustomStringConvertible {
    case weakPassword
    public var description: String {
        "a password needs \(Credentials.minimumPasswordLength) to 72 characters"
    }
}
