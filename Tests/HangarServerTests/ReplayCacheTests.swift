import Foundation
import Testing

@testable import HangarAccess
@testable import HangarStore

/// The pieces of `ReplayCache` a report cannot show: how a store's folder is named and
/// chosen, and what a kept listing gives back.
@Suite("replay cache")
struct ReplayCacheTests {
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
