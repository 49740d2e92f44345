import GRDB
import HangarCore
import HangarReport
import Testing
@testable import HangarStore

/// The summaries' rebuild follows component life in a TEMP table (`WatchedPiecesOnDisk`); a
/// report's pass follows it in memory. Fed the same random events, both must say the same
/// flights took off with a component at its life, and hold the same pieces aboard.
@Suite("Component life followed on disk")
struct WatchedPiecesOnDiskTests {
    @Test(arguments: 1...6 as ClosedRange<UInt64>)
    func onDiskAndInMemoryAgree(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            let followed: Set<String>? = seed.isMultiple(of: 2) ? ["MOTOR"] : nil
            var memory = ComponentLifeWatch(followed: followed)
            var disk = ComponentLifeWatch(followed: followed, pieces: try WatchedPiecesOnDisk(db: db))
            var seq: Int64 = 0
            func event(_ subject: String, _ body: EventBody) -> RecordedEvent {
                seq += 1
                let at = Timestamp(milliseconds: 1_767_254_400_000 + seq * 60_000)
                return RecordedEvent(seq: seq, id: "e\(seq)", subject: subject, fromState: nil, toState: nil,
                                     occurredAt: at, recordedAt: at, actor: "tech", body: body)
            }
            let setup = [
                event("MOTOR", .partAdd(PartDefinition(name: "Motor", tracking: .serial, kind: .component, lifeMinutes: 90))),
                event("FRAME", .partAdd(PartDefinition(name: "Frame", tracking: .serial, kind: .component))),
                event("BAT", .partAdd(PartDefinition(name: "Pack", tracking: .serial, kind: .battery, lifeMinutes: 120))),
            ]
            for e in setup { #expect(try disk.apply(e) == memory.apply(e)) }
            let parts = ["M1": "MOTOR", "M2": "MOTOR", "M3": "MOTOR", "M4": "MOTOR", "F1": "FRAME", "F2": "FRAME", "B1": "BAT", "B2": "BAT", "B3": "BAT"]
            let airframes = ["AF-1", "AF-2", "AF-3"]
            var whereIs: [String: String] = [:]
            var dueFlights = 0
            for _ in 0..<400 {
                let serial = parts.keys.sorted()[Int.random(in: 0..<parts.count, using: &random)]
                let airframe = airframes[Int.random(in: 0..<airframes.count, using: &random)]
                let e: RecordedEvent
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<3 where whereIs[serial] == nil:
                    e = event(airframe, .install(Installation(part: parts[serial]!, component: serial)))
                    whereIs[serial] = airframe
                case 0..<5:
                    guard let from = whereIs[serial] else { continue }
                    e = event(from, .remove(Removal(part: parts[serial]!, component: serial, disposition: .stock, reason: "swap")))
                    whereIs[serial] = nil
                default:
                    let named = ["B1", "B2", "B3"].filter { _ in Bool.random(using: &random) }
                    e = event(airframe, .flight(Flight(minutes: Int.random(in: 5...40, using: &random), purpose: .training, batteries: named)))
                }
                let due = try disk.apply(e)
                #expect(due == memory.apply(e), "event \(seq): \(e.body)")
                if due { dueFlights += 1 }
            }
            for airframe in airframes {
                #expect(try disk.pieces.aboard(airframe) == memory.pieces.aboard(airframe))
            }
            #expect(dueFlights > 0, "the random flights reach a motor's life at least once")
            try disk.pieces.drop()
            #expect(throws: (any Error).self) { try disk.pieces.aboard("AF-1") }
        }
    }
}
