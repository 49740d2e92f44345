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
}
