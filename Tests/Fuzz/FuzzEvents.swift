// A libFuzzer target for the NDJSON event decoder and every rule in front of the core.
// Not a SwiftPM target: scripts/fuzz compiles it together with Sources/HangarCore using
// `swiftc -sanitize=fuzzer,address` and runs it for a fixed time.
import Foundation

/// The workshop of Fixtures/bad/_base.ndjson, built once: fuzzed lines are judged against it,
/// so a line that gets past the decoder reaches the rules of a real workshop.
let baseWorkshop: WorkshopState = {
    var state = WorkshopState()
    let path = ProcessInfo.processInfo.environment["HANGAR_FUZZ_BASE"] ?? "Fixtures/bad/_base.ndjson"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("fuzz: cannot read \(path) (set HANGAR_FUZZ_BASE)\n".utf8))
        exit(2)
    }
    for line in text.split(separator: "\n") {
        do {
            let input = try EventLine.parse(Data(line.utf8))
            state.apply(try Ledger.decide(input, in: state, now: fuzzNow))
        } catch {
            FileHandle.standardError.write(Data("fuzz: the base workshop is refused: \(error)\n".utf8))
            exit(2)
        }
    }
    return state
}()

let fuzzNow = Timestamp(milliseconds: 1_780_000_000_000)  // 2026-05-28: after the base, before "the future"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvents(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var state = baseWorkshop
    let data = Data(bytes: bytes, count: count)
    for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
        guard let input = try? EventLine.parse(Data(line)) else { continue }
        // What the decoder accepted must survive a round trip through the interchange format.
        if let decision = try? Ledger.decide(input, in: state, now: fuzzNow) {
            let line = try? EventLine.format(decision.event)
            precondition(line != nil, "an accepted event cannot be written as a line")
            let again = try? EventLine.parse(Data(line!.utf8))
            precondition(again != nil, "an accepted event does not parse again after export")
            // The stored data of an accepted event reads back as the same typed fields.
            let stored = try? EventLine.canonicalJSON(decision.event.body, note: decision.event.note)
            // ...in the very bytes Foundation's JSONEncoder writes (every existing log's form).
            precondition(stored == (try? EventLine.foundationJSON(decision.event.body, note: decision.event.note)),
                         "an accepted event's stored data is not written as JSONEncoder writes it")
            let read = stored.flatMap { try? EventLine.decodeData($0, kind: decision.event.kind) }
            precondition(read?.body == decision.event.body && read?.note == decision.event.note,
                         "an accepted event's stored data does not read back as the same event")
            state.apply(decision)
        }
    }
    return 0
}
