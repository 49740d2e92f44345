import Foundation
import NIOCore
import Testing
@testable import HangarHQPostgres

/// Workshops' id prints: stored sorted, read back as written, and the prints held by more
/// than one workshop found by walking them side by side, as grouping them all would find.
@Suite("HQ id prints")
struct IDPrintsTests {
    @Test(arguments: [1, 2, 3, 4]) func thePrintsAtTwoWorkshopsAreWhatGroupingFinds(seed start: UInt64) {
        var seed = start
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        // Few prints to draw from (some repeated within a workshop), the largest value among them.
        let pool: [UInt64] = (0..<40).map { UInt64($0) * 0x0400_0000_0000_0000 + UInt64($0 % 3) } + [.max, 0]
        let workshops = 1 + next(6)
        var stored: [ByteBuffer] = []
        var expected: [UInt64: [Int: [Int64]]] = [:]
        for k in 0..<workshops {
            let prints = (0..<next(30)).map { n in IDPrint(print: pool[next(pool.count)], seq: Int64(n + 1)) }.sorted()
            let buffer = IDPrint.encode(prints)
            #expect(IDPrint.decode(buffer) == prints)
            stored.append(buffer)
            for p in prints { expected[p.print, default: [:]][k, default: []].append(p.seq) }
        }
        expected = expected.filter { $0.value.count > 1 }
        var found: [UInt64: [Int: [Int64]]] = [:]
        var order: [UInt64] = []
        IDPrint.sharedPrints(stored) { print, holders in
            order.append(print)
            found[print] = Dictionary(uniqueKeysWithValues: holders)
        }
        #expect(found == expected)
        #expect(order == order.sorted() && Set(order).count == order.count, "in rising order, each once")
    }

    @Test func bytesThatAreNotWholePrintsAreRefused() {
        var buffer = IDPrint.encode([IDPrint(print: 7, seq: 1)])
        buffer.writeInteger(UInt8(1))
        #expect(IDPrint.decode(buffer) == nil)
        #expect(IDPrint.decode(ByteBuffer()) == [])
    }

    /// The print of an id is fixed (stored prints must match the ids' prints in a later run).
    @Test func anIdsPrintIsFixed() {
        #expect(IDPrint.print(of: "") == 0xcbf2_9ce4_8422_2325)
        #expect(IDPrint.print(of: "a") == 0xaf63_dc4c_8601_ec8c)
        #expect(IDPrint.print(of: "7e83d4fa-8eac-4d15-8c19-2343b744a4fb") != IDPrint.print(of: "7e83d4fa-8eac-4d15-8c19-2343b744a4fc"))
    }
}
