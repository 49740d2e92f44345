import Testing
@testable import HangarStore

/// The chain's SHA-256 as lowercase hex, on FIPS 180-2's own examples and on texts beyond
/// ASCII (the hash covers the UTF-8 bytes).
struct ChainTests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func hashesAsSHA256Writes(text: String, hex: String) {
        #expect(Chain.hash(text) == hex)
    }

    @Test func hexHasTwoDigitsAByte() {
        #expect(Chain.hex([0x00, 0x0F, 0x10, 0xAB, 0xFF]) == "000f10abff")
        // The same text in other normalizations or scripts: its bytes decide.
        #expect(Chain.hash("Қайта") != Chain.hash("Кайта"))
        #expect(Chain.hash("Қайта").count == 64)
    }

    /// `follows` says what comparing `hash(previous + content)` with the hash says: for the
    /// right hash, one digit changed, upper case, too short or too long, and texts beyond ASCII.
    @Test func followsIsTheHashOfTheJoinedTexts() {
        var seed: UInt64 = 0xF011
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        let pieces = ["a", "{", "\"", "Ә", "🛩", "0", " ", "\\"]
        for _ in 0..<300 {
            let previous = (0..<next(70)).map { _ in pieces[next(pieces.count)] }.joined()
            let content = (0..<next(200)).map { _ in pieces[next(pieces.count)] }.joined()
            let right = Chain.hash(previous + content)
            var digits = Array(right)
            let k = next(64)
            digits[k] = digits[k] == "0" ? "1" : "0"
            for (hash, holds) in [(right, true), (String(digits), false), (right.uppercased(), right.uppercased() == right),
                                  (String(right.dropLast()), false), (right + "0", false), ("", false)] {
                #expect(Chain.follows(previous: previous, content: content, hash: hash) == holds)
                #expect((Chain.hash(previous + content) == hash) == holds)
            }
        }
    }
}
