import Foundation
import HangarCore
import Testing

/// A random source that replays fixed words, so an id's random part is known.
private struct Replay: RandomNumberGenerator {
    var words: [UInt64]
    var position = 0
    mutating func next() -> UInt64 {
        defer { position += 1 }
        return words[position % words.count]
    }
}

@Suite struct EventIDTests {
    @Test func anIdIsAVersion7UUIDWhoseFirstBitsAreTheTime() throws {
        // 2026-12-06T10:00:00.123Z
        let now = Timestamp(milliseconds: 1_796_551_200_123)
        var zeros = Replay(words: [0])
        var ones = Replay(words: [.max])
        let low = EventID.make(at: now, using: &zeros)
        let high = EventID.make(at: now, using: &ones)
        // The time, in hexadecimal, then version 7 and variant 10 around all-zero or all-one random bits.
        let time = String(String(UInt64(now.milliseconds), radix: 16).leftPadded(to: 12))
        let timeDashed = String(time.prefix(8)) + "-" + String(time.suffix(4))
        #expect(low == timeDashed + "-7000-8000-000000000000")
        #expect(high == timeDashed + "-7fff-bfff-ffffffffffff")
        // Foundation reads it as a UUID, and says the same.
        #expect(UUID(uuidString: low)?.uuidString.lowercased() == low)
    }

    @Test func idsSortByTheTimeTheyWereMadeAndDiffer() {
        var random = SystemRandomNumberGenerator()
        let pattern = #/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/#
        var previous = ""
        var seen = Set<String>()
        // A day of milliseconds, in uneven steps, across a change of the leading hex digit.
        var ms: Int64 = 0x0FFF_FFFF_0000
        for step in 0..<2_000 {
            ms += Int64(1 + (step * 7919) % 50_000)
            let id = EventID.make(at: Timestamp(milliseconds: ms), using: &random)
            #expect(id.wholeMatch(of: pattern) != nil, "\(id)")
            #expect(id > previous, "\(id) after \(previous)")
            #expect(seen.insert(id).inserted)
            previous = id
        }
        // Two ids of the same millisecond differ in their random part.
        let now = Timestamp(milliseconds: ms)
        #expect(EventID.make(at: now) != EventID.make(at: now))
        // A time before 1970 (a clock set wrong) still gives a well-formed id.
        #expect(EventID.make(at: Timestamp(milliseconds: -5), using: &random).hasPrefix("00000000-0000-7"))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
