import Foundation
import HangarCore
import HangarHQPostgres
import HangarTestSupport
import Testing
@testable import HangarStore

/// Headquarters read files other people made: whatever a line holds, `merge` refuses the
/// file with an error or lands it; it never stops the process, and a refused file leaves
/// nothing behind. On both engines: an SQLite file, and PostgreSQL where `$HANGAR_TEST_PG`
/// names a cluster.
@Suite("HQ store: hostile lines")
struct HQStoreTests {
    static var engines: [String] { ProcessInfo.processInfo.environment["HANGAR_TEST_PG"].map { $0.isEmpty ? ["sqlite"] : ["sqlite", "postgres"] } ?? ["sqlite"] }

    /// A new, empty HQ store on the engine named.
    static func newStore(_ engine: String) async throws -> HQStore {
        if engine == "sqlite" {
            let path = NSTemporaryDirectory() + "hq-store-\(UUID().uuidString).sqlite"
            return HQStore(engine: try SQLiteHQ(path: path, create: true))
        }
        return HQStore(engine: try await PostgresHQ.open(url: try TestPostgres.newDatabase("store"), create: true))
    }

    static let valid = #"{"at":"2026-01-01T08:00:00Z","by":"tech","event":"register","format":2,"hash":"\#(String(repeating: "c", count: 64))","id":"id-1","model":"FPV-7","subject":"AF-1","workshop":"KZ-F","workshop_seq":1}"#

    static func merge(_ store: HQStore, _ bytes: [UInt8]) async throws -> Result<HQStore.MergeSummary, HangarError> {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hq-fuzz-\(UUID().uuidString).ndjson")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            return .success(try await store.merge(try FileHandle(forReadingFrom: url), name: url.path))
        } catch let error as HangarError {
            return .failure(error)
        }
    }

    @Test(arguments: engines) func mutatedLinesAreRefusedOrLandedNeverACrash(engine: String) async throws {
        let store = try await Self.newStore(engine)
        var seed: UInt64 = 0x5EED
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(truncatingIfNeeded: seed >> 33) }
        let base = Array(Self.valid.utf8)
        let alphabet = Array(#"{}[]":,0123456789-.eEtrufalsn\ "#.utf8) + [0x00, 0x0A, 0xFF, 0xC3, 0x80]
        var refused = 0, landed = 0
        for round in 0..<1500 {
            var bytes = base
            for _ in 0..<(1 + next() % 4) {
                switch next() % 4 {
                case 0: bytes[next() % bytes.count] = alphabet[next() % alphabet.count]
                case 1: bytes.insert(alphabet[next() % alphabet.count], at: next() % bytes.count)
                case 2 where bytes.count > 2: bytes.remove(at: next() % bytes.count)
                default: bytes = Array(bytes.prefix(max(1, next() % bytes.count)))
                }
            }
            let before = try await store.status()
            switch try await Self.merge(store, bytes + [0x0A]) {
            case .success: landed += 1
            case .failure(let error):
                refused += 1
                #expect(!error.message(in: .en).isEmpty)
                #expect(try await store.status() == before, "round \(round): a refused file leaves nothing")
            }
        }
        #expect(refused > 1000, "most mutations break the line (\(refused) refused, \(landed) landed)")
        // The store still answers, and lists whatever landed.
        _ = try await store.conflicts()
        await store.engine.close()
    }

    @Test(arguments: engines) func stampsAreCheckedOneByOne(engine: String) async throws {
        let store = try await Self.newStore(engine)
        let cases: [(String, String)] = [
            (#""workshop_seq":1"#, #""workshop_seq":0"#), (#""workshop_seq":1"#, #""workshop_seq":1.5"#),
            (#""workshop_seq":1"#, #""workshop_seq":"1""#), (#""workshop":"KZ-F""#, #""workshop":"K""#),
            (#""workshop":"KZ-F""#, #""workshop":7"#), (#""format":2"#, #""format":"2""#), (#""format":2"#, #""format":0"#),
            (#""hash":"cc"#, #""hash":"CC"#), (#""id":"id-1""#, #""id":"""#), (#""subject":"AF-1""#, #""subject":null"#),
        ]
        for (from, to) in cases {
            let line = Self.valid.replacingOccurrences(of: from, with: to)
            #expect(line != Self.valid)
            guard case .failure = try await Self.merge(store, Array((line + "\n").utf8)) else {
                Issue.record("accepted: \(to)")
                continue
            }
        }
        #expect(try await store.status().isEmpty)
        guard case .success(let summary) = try await Self.merge(store, Array((Self.valid + "\n").utf8)) else { Issue.record("the valid line"); return }
        #expect(summary.added == 1 && summary.origin == "KZ-F")
        await store.engine.close()
    }
    /// A workshop's export of `count` lines with its chain (each hash over the one before and
    /// the line without its stamp).
    static func chainedLines(_ origin: String, count: Int, id: (Int) -> String = { _ in "" }) -> [String] {
        var previous = LineStamp.chainStart
        return (1...count).map { n in
            let given = id(n)
            var fields = JSONObject([("at", .string("2026-01-01T08:00:00Z")), ("by", .string("tech")), ("event", .string("register")),
                                     ("id", .string(given.isEmpty ? "\(origin)-\(n)" : given)), ("model", .string("FPV-7")), ("subject", .string("AF-\(origin)-\(n)"))])
            let hash = Chain.hash(previous + CanonicalJSON.text(.object(fields)))
            previous = hash
            fields["format"] = .number("2")
            fields["hash"] = .string(hash)
            fields["workshop"] = .string(origin)
            fields["workshop_seq"] = .number(String(n))
            return CanonicalJSON.text(.object(fields))
        }
    }

    /// On PostgreSQL the chain of a workshop's first file is walked as the file is read; what
    /// that walk finds must be what walking the stored lines finds: intact, with a gap, with a
    /// tampered line, cut into small chunks or not. Lines out of sequence order are not walked there.
    @Test(arguments: [MergeChunks.standardChunk, 7]) func theChainWalkedWhileMergingIsTheStoredOnes(chunk: Int) async throws {
        guard let base = ProcessInfo.processInfo.environment["HANGAR_TEST_PG"], !base.isEmpty else { return }
        let lines = Self.chainedLines("KZ-C", count: 700)
        var gap = lines; gap.remove(at: 300)
        var tampered = lines; tampered[500] = tampered[500].replacingOccurrences(of: "FPV-7", with: "FPV-8")
        var both = gap; both[600] = both[600].replacingOccurrences(of: "FPV-7", with: "FPV-9")
        var unordered = lines; unordered.swapAt(10, 11)
        var loose = lines; loose[42] = loose[42].replacingOccurrences(of: ",", with: ", ")
        let cases: [(String, [String], Bool, Int, Int)] = [  // name, lines, walked while merging, gaps, broken chains
            ("intact", lines, true, 0, 0), ("gap", gap, true, 1, 0), ("tampered", tampered, true, 0, 1), ("both", both, true, 1, 0),
            ("unordered", unordered, false, 0, 0), ("loose", loose, true, 0, 0),
        ]
        for (name, file, walkedThere, gaps, broken) in cases {
            let store = HQStore(engine: try await PostgresHQ.open(url: try TestPostgres.newDatabase("walk"), create: true, linesPerChunk: chunk))
            guard case .success(let summary) = try await Self.merge(store, Array((file.joined(separator: "\n") + "\n").utf8)) else {
                Issue.record("\(name): refused")
                continue
            }
            let stored = try await store.conflicts()
            #expect(stored.gaps.count == gaps && stored.brokenChains.count == broken, "\(name): \(stored.gaps) \(stored.brokenChains)")
            #expect((summary.walked != nil) == walkedThere, "\(name)")
            if let walked = summary.walked {
                #expect(walked == HQStore.ChainFindings(gaps: stored.gaps, brokenChains: stored.brokenChains), "\(name)")
                #expect(try await store.conflicts(walking: ["KZ-C"], walked: ["KZ-C": walked]) == stored, "\(name)")
            }
            // A second file of the workshop is not its first: nothing walked there.
            guard case .success(let again) = try await Self.merge(store, Array((file.joined(separator: "\n") + "\n").utf8)) else {
                Issue.record("\(name): refused the second time")
                continue
            }
            #expect(again.walked == nil && again.added == 0, "\(name)")
            await store.engine.close()
        }
    }
    /// A workshop's chain, once walked, is kept with the workshop's state token: later lists
    /// take it while the token holds (seen here by changing what is kept) and walk again once
    /// a merge changed the workshop's lines, on both engines. PostgreSQL keeps the walk made
    /// while its first file was read; SQLite keeps the first list's.
    @Test(arguments: engines) func aWalkIsKeptWhileTheWorkshopsLinesAreUnchanged(engine: String) async throws {
        let store = try await Self.newStore(engine)
        var lines = Self.chainedLines("KZ-W", count: 40)
        lines.remove(at: 20)  // a gap: 21
        guard case .success = try await Self.merge(store, Array((lines.prefix(30).joined(separator: "\n") + "\n").utf8)) else {
            Issue.record("refused")
            return
        }
        let first = try await store.conflicts()
        #expect(first.gaps.map(\.key) == ["gap:KZ-W:21-21"])
        let kept = try await store.keptWalks()["KZ-W"]
        #expect(kept?.findings == HQStore.ChainFindings(gaps: first.gaps, brokenChains: []))
        #expect(kept?.state == (try await store.states())["KZ-W"])
        // What is kept is what is listed (a kept walk made to say otherwise is believed).
        let other = HQStore.ChainFindings(gaps: [HQStore.Gap(workshop: "KZ-W", from: 5, to: 6, reviewed: false)])
        try await store.engine.execute(HQStore.keepWalkSQL, try HQStore.keepWalkArguments("KZ-W", state: kept?.state ?? "", other))
        #expect(try await store.conflicts().gaps.map(\.key) == ["gap:KZ-W:5-6"])
        // Kept under a token that is no longer the workshop's: nothing is written.
        try await store.engine.execute(HQStore.keepWalkSQL, try HQStore.keepWalkArguments("KZ-W", state: "an older token", HQStore.ChainFindings()))
        #expect(try await store.conflicts().gaps.map(\.key) == ["gap:KZ-W:5-6"])
        // A merge that adds lines: walked again, and that walk kept.
        guard case .success(let more) = try await Self.merge(store, Array((lines.suffix(9).joined(separator: "\n") + "\n").utf8)), more.added == 9 else {
            Issue.record("the second file")
            return
        }
        #expect(try await store.conflicts().gaps.map(\.key) == ["gap:KZ-W:21-21"])
        let again = try await store.keptWalks()["KZ-W"]
        #expect(again?.state == (try await store.states())["KZ-W"] && again?.state != kept?.state)
        #expect(again?.findings.gaps.map(\.key) == ["gap:KZ-W:21-21"])
        await store.engine.close()
    }

    /// What a kept replay needs of the store, on both engines: a workshop's lines after a
    /// sequence number, with the highest written, and the lines up to one counted with the
    /// copies held out. Lines after it leave the count as it was; a gap filled before it and
    /// a line held out (a changed copy) each change it.
    @Test(arguments: engines) func aWorkshopsLinesAreCountedUpToASequenceNumber(engine: String) async throws {
        let store = try await Self.newStore(engine)
        let lines = Self.chainedLines("KZ-R", count: 40)
        func file(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
        func merge(_ lines: [String]) async throws {
            guard case .success = try await Self.merge(store, file(lines)) else {
                Issue.record("\(engine): refused")
                return
            }
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hq-after-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: out) }
        /// The lines after `seq`: how many, the highest, and their ids' numbers in order.
        func after(_ seq: Int64?) async throws -> (HQStore.LinesWritten, [Int]) {
            let written = try await store.write(linesOf: "KZ-R", to: out, after: seq)
            let numbers = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").compactMap {
                $0.split(separator: #""id":"KZ-R-"#).last.flatMap { Int($0.prefix { $0 != "\"" }) }
            }
            return (written, numbers)
        }
        #expect(try await store.identity() == nil, "\(engine): no identity before a line lands")
        // Lines 1-30 without 21.
        try await merge(Array(lines.prefix(30)).enumerated().filter { $0.offset != 20 }.map(\.element))
        let identity = try await store.identity()
        #expect(identity?.count == 36, "\(engine): \(identity ?? "none")")
        #expect(try await store.held(linesOf: "KZ-R", through: 30) == (29, 0), "\(engine)")
        #expect(try await store.held(linesOf: "KZ-R", through: 10) == (10, 0), "\(engine)")
        var (written, numbers) = try await after(10)
        #expect(written == HQStore.LinesWritten(lines: 19, lastSeq: 30) && numbers == Array(11...30).filter { $0 != 21 }, "\(engine): \(numbers)")
        (written, numbers) = try await after(nil)
        #expect(written == HQStore.LinesWritten(lines: 29, lastSeq: 30) && numbers == Array(1...30).filter { $0 != 21 }, "\(engine)")
        (written, numbers) = try await after(30)
        #expect(written == HQStore.LinesWritten(lines: 0, lastSeq: nil) && numbers.isEmpty, "\(engine)")
        // Lines after 30: counted after it only.
        try await merge(Array(lines[30..<40]))
        #expect(try await store.held(linesOf: "KZ-R", through: 30) == (29, 0), "\(engine)")
        (written, numbers) = try await after(30)
        #expect(written == HQStore.LinesWritten(lines: 10, lastSeq: 40) && numbers == Array(31...40), "\(engine)")
        // The gap filled: one more up to 30.
        try await merge([lines[20]])
        #expect(try await store.held(linesOf: "KZ-R", through: 30) == (30, 0), "\(engine)")
        // Line 5 arrives changed: both copies are held out.
        try await merge([lines[4].replacingOccurrences(of: "FPV-7", with: "FPV-8")])
        let held = try await store.held(linesOf: "KZ-R", through: 30), copies = try await store.copies(of: "KZ-R")
        #expect(held.lines == 29 && held.copies >= 1 && held.copies == copies, "\(engine): \(held)")
        #expect(try await store.held(linesOf: "KZ-OTHER", through: 30) == (0, 0), "\(engine)")
        #expect(try await store.identity() == identity, "\(engine): a store keeps its identity")
        let other = try await Self.newStore(engine)
        guard case .success = try await Self.merge(other, file(Array(lines.prefix(30)))) else { return }
        #expect(try await other.identity() != identity, "\(engine): another store has another")
        await other.engine.close()
        await store.engine.close()
    }

    /// A workshop's later export repeats the lines already merged, at their places: merging it
    /// adds only the new lines, and every copy that differs from the line held under its id is
    /// kept apart and listed, whether it sits at its place (found by the workshop's key) or at
    /// another (found by its id), on both engines and in chunks of a few lines. Merged again,
    /// it adds nothing and lists the same.
    @Test(arguments: ["sqlite", "postgres", "postgres-7"]) func aLaterExportAddsOnlyItsNewLines(engine: String) async throws {
        let store: HQStore
        switch engine {
        case "sqlite": store = try await Self.newStore("sqlite")
        default:
            guard Self.engines.contains("postgres") else { return }
            store = HQStore(engine: try await PostgresHQ.open(url: try TestPostgres.newDatabase("later"), create: true,
                                                              linesPerChunk: engine == "postgres" ? MergeChunks.standardChunk : 7))
        }
        let lines = Self.chainedLines("KZ-L", count: 700)
        func changed(_ n: Int) -> String { lines[n - 1].replacingOccurrences(of: "FPV-7", with: "FPV-8") }
        func file(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
        guard case .success(let first) = try await Self.merge(store, file(Array(lines.prefix(500)))), first.added == 500 else {
            Issue.record("\(engine): the first file")
            return
        }
        // The later export: every line to 700, line 100 changed at its place; then line 200 again
        // as it is, line 210 changed at its place, line 50 as it is but numbered 701, and line 60
        // changed and numbered 702.
        var later = lines
        later[99] = changed(100)
        later += [lines[199], changed(210), lines[49].replacingOccurrences(of: #""workshop_seq":50"#, with: #""workshop_seq":701"#),
                  changed(60).replacingOccurrences(of: #""workshop_seq":60"#, with: #""workshop_seq":702"#)]
        #expect(later[702].contains("701") && later[703].contains("FPV-8") && later[703].contains("702"))
        for round in 1...2 {
            guard case .success(let summary) = try await Self.merge(store, file(later)) else {
                Issue.record("\(engine): refused in round \(round)")
                return
            }
            let added = round == 1 ? 200 : 0
            #expect(summary == HQStore.MergeSummary(origin: "KZ-L", lines: 704, added: added, alreadyHeld: 704 - added - 3, conflicting: 3),
                    "\(engine), round \(round): \(summary)")
            let listed = try await store.conflicts()
            #expect(listed.content.map(\.id).sorted() == ["KZ-L-100", "KZ-L-210", "KZ-L-60"], "\(engine): \(listed.content)")
            #expect(listed.gaps.isEmpty && listed.brokenChains.isEmpty, "\(engine): the lines held are the first copies")
        }
        // What a replay reads is the log as first sent, in order, with the three ids in
        // conflict held out: none of the changed copies.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hq-later-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try await store.write(linesOf: "KZ-L", to: out) == 697)
        let written = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(!written.contains { $0.contains("FPV-8") })
        let ids = written.map { $0.split(separator: #""id":""#).last?.prefix { $0 != "\"" } ?? "" }
        #expect(ids == (1...700).filter { ![60, 100, 210].contains($0) }.map { "KZ-L-\($0)"[...] }, "\(engine)")
        await store.engine.close()
    }

    /// On PostgreSQL the ids at two workshops are found from each workshop's id prints, kept as
    /// its lines land: after random workshops drawing ids from one small pool, each merged as a
    /// first file of part of its lines (straight in, or staged where the file repeats an id)
    /// and then whole (held lines and new ones, staged), in chunks of a few lines, they are
    /// the ids the lines held give.
    @Test(arguments: [11, 12, 13]) func theIdsAtTwoWorkshopsFromPrintsAreTheLinesHeld(seed start: UInt64) async throws {
        guard Self.engines.contains("postgres") else { return }
        let engine = try await PostgresHQ.open(url: try TestPostgres.newDatabase("prints"), create: true, linesPerChunk: 7)
        let store = HQStore(engine: engine)
        var seed = start
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(truncatingIfNeeded: seed >> 33) % n }
        for code in ["KZ-P", "KZ-Q", "KZ-R", "KZ-S"] {
            let count = 20 + next(40)
            var used = Set<Int>()
            // Ids from a pool of 150, none twice in a workshop (a workshop's own ids are its own).
            let ids = (1...count).map { _ -> String in
                var k = next(150)
                while used.contains(k) { k = (k + 1) % 150 }
                used.insert(k)
                return "pool-\(k)"
            }
            let lines = Self.chainedLines(code, count: count) { ids[$0 - 1] }
            var first = Array(lines.prefix(count / 2))
            if next(2) == 0 { first.append(first[0]) }
            for file in [first, lines] {
                guard case .success = try await Self.merge(store, Array((file.joined(separator: "\n") + "\n").utf8)) else {
                    Issue.record("refused")
                    return
                }
            }
        }
        let expected = try await engine.fetch("SELECT id FROM hq_lines GROUP BY id HAVING count(*) > 1", []).compactMap { $0[0].text }.sorted()
        #expect(!expected.isEmpty)
        #expect(try await engine.idsAtTwoWorkshops() == expected)
        await engine.close()
    }

    /// Ids used by two workshops are listed with both, however many (found in one pass, then
    /// looked up 500 at a time), on both engines.
    @Test(arguments: engines) func anIdAtTwoWorkshopsIsListedWithBoth(engine: String) async throws {
        let store = try await Self.newStore(engine)
        let c = Self.chainedLines("KZ-C", count: 1200)
        // KZ-D's lines 1-700 carry KZ-C's ids 1-700 (an export of one log taken into another).
        let d = Self.chainedLines("KZ-D", count: 900).enumerated().map { n, line in
            n < 700 ? line.replacingOccurrences(of: "\"id\":\"KZ-D-", with: "\"id\":\"KZ-C-") : line
        }
        for file in [c, d] {
            guard case .success = try await Self.merge(store, Array((file.joined(separator: "\n") + "\n").utf8)) else { Issue.record("refused"); return }
        }
        let listed = try await store.conflicts().content.filter { $0.reason == "one id at two workshops" }
        #expect(listed.count == 700)
        #expect(listed.allSatisfy { $0.workshops == ["KZ-C", "KZ-D"] && $0.id.hasPrefix("KZ-C-") })
        #expect(listed.map(\.id) == (1...700).map { "KZ-C-\($0)" }.sorted())
        await store.engine.close()
    }
}
