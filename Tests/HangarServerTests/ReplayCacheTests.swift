import Crypto
import Foundation
import Testing

@testable import HangarAccess
@testable import HangarStore

/// The pieces of `ReplayCache` a report cannot show: how a log is digested and cut where the
/// kept replay ends, and how a store's folder is named.
@Suite("replay cache")
struct ReplayCacheTests {
    static func hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// A log longer than one read (a megabyte), cut before, inside and after its second read:
    /// the digest of the lines before the cut, of the whole file, and the lines after the
    /// cut copied, each worked out here from the text.
    @Test(arguments: [0, 1, 17_000, 20_000, 29_999, 30_000])
    func aLogIsDigestedAndCutAtALine(prefixLines: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-replay-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = (1...30_000).map { #"{"event":"flight","subject":"AF-\#($0)","minutes":\#($0 % 97),"pad":"\#(String(repeating: "x", count: $0 % 41))"}"# + "\n" }
        let all = Data(lines.joined().utf8)
        #expect(all.count > 2 << 20, "the log takes more than two reads")
        let log = folder.appendingPathComponent("log.ndjson"), tail = folder.appendingPathComponent("tail.ndjson")
        try all.write(to: log)
        let digests = try ReplayCache.digest(of: log, prefixLines: prefixLines, tail: tail)
        let head = Data(lines.prefix(prefixLines).joined().utf8), rest = Data(lines.dropFirst(prefixLines).joined().utf8)
        #expect(digests.prefix == Self.hex(head))
        #expect(digests.whole == Self.hex(all))
        #expect(try Data(contentsOf: tail) == rest)
        // Without a cut: the whole digest only.
        let whole = try ReplayCache.digest(of: log)
        #expect(whole.prefix == nil && whole.whole == Self.hex(all))
    }

    /// A log shorter than the kept replay's lines has no prefix to compare.
    @Test func aShorterLogHasNoPrefix() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-replay-short-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: log) }
        try Data("a\nb\n".utf8).write(to: log)
        #expect(try ReplayCache.digest(of: log, prefixLines: 3).prefix == nil)
    }

    /// A store's folder is named from its place without the password: the same database with
    /// another password is the same store; another database, user or file is another.
    @Test func aStoresFolderIsNamedWithoutItsPassword() {
        let key = ReplayCache.storeKey
        #expect(key("postgres://hq:one@db.local:5432/national") == key("postgres://hq:two@db.local:5432/national"))
        #expect(key("postgres://hq:one@db.local:5432/national") == key("postgres://hq@db.local:5432/national"))
        #expect(key("postgres://hq@db.local:5432/national") != key("postgres://hq@db.local:5432/other"))
        #expect(key("postgres://hq@db.local:5432/national") != key("postgres://audit@db.local:5432/national"))
        #expect(key("/srv/hq/a.sqlite") != key("/srv/hq/b.sqlite"))
        #expect(key("/srv/hq/./a.sqlite") == key("/srv/hq/a.sqlite"))
        #expect(!key("postgres://hq:secret@db.local/national").contains("secret") && key("x").count == 24)
    }

    /// `off` keeps nothing; a chosen folder holds a folder per store, its owner's only.
    @Test func theCacheFolderIsChosenAndClosed() throws {
        #expect(ReplayCache.standard(for: "/srv/hq.sqlite", environment: ["HANGAR_HQ_CACHE": "off"]) == nil)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-replay-base-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let cache = try #require(ReplayCache.standard(for: "/srv/hq.sqlite", environment: ["HANGAR_HQ_CACHE": base.path]))
        #expect(cache.folder.deletingLastPathComponent().standardizedFileURL.path.trimmingCharacters(in: ["/"]) == base.standardizedFileURL.path.trimmingCharacters(in: ["/"]))
        #expect(try FileManager.default.attributesOfItem(atPath: cache.folder.path)[.posixPermissions] as? Int == 0o700)
        let xdg = try #require(ReplayCache.standard(for: "/srv/hq.sqlite", environment: ["XDG_CACHE_HOME": base.path]))
        #expect(xdg.folder.path.hasPrefix(base.appendingPathComponent("hangar/hq").path))
    }
    /// A kept listing gives back, at its own state only, the statuses and the definition
    /// conflicts a national report reads; the rest of the list (a national store's hundred
    /// thousand serial claims) is not kept, so a report does not read it.
    @Test func aKeptListingGivesItsStatusesAndDefinitions() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-replay-listing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let cache = try #require(ReplayCache.standard(for: "/srv/hq.sqlite", environment: ["HANGAR_HQ_CACHE": base.path]))
        let statuses = [HQStore.OriginStatus(workshop: "KZ-A", events: 12, lastSeq: 12, lastRecorded: "2026-01-01T08:00:00.000Z", chainVerified: true, complete: true)]
        var conflicts = HQStore.Conflicts()
        conflicts.serialClaims = (1...500).map { HQStore.SerialClaim(serial: "AF-\($0)", kind: "airframe", workshops: ["KZ-A", "KZ-B"], reviewed: false) }
        conflicts.definitionConflicts = [HQStore.DefinitionConflict(model: "FPV-7", what: "bom", workshops: ["KZ-A", "KZ-B"], reviewed: true)]
        cache.keep(statuses: statuses, conflicts: conflicts, at: "s1")
        let kept = try #require(cache.keptListing("s1"))
        #expect(kept.statuses == statuses && kept.definitionConflicts == conflicts.definitionConflicts)
        #expect(cache.keptListing("s2") == nil && cache.keptListing(nil) == nil)
        let text = String(decoding: try Data(contentsOf: cache.folder.appendingPathComponent("listing.json")), as: UTF8.self)
        #expect(!text.contains("AF-1") && text.contains("FPV-7"), "\(text)")
    }
}
