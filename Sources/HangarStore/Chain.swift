import Crypto

/// The SHA-256 hash chain over the event log.
enum Chain {
    static func hash(_ content: String) -> String {
        let digest = SHA256.hash(data: Array(content.utf8))
        return digest.map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }
}
