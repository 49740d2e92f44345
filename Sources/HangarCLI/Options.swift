import ArgumentParser
import Foundation
import HangarCore
import HangarStore

/// Where the database is.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: dbHelp) var db: String?

    static var dbHelp: ArgumentHelp { ArgumentHelp(tr("The workshop's database file (default: $HANGAR_DB, else ./hangar.sqlite)."), valueName: "path") }

    init() {}

    init(db: String?) { self.db = db }

    var path: String { db ?? Environment.value("HANGAR_DB") ?? "hangar.sqlite" }

    /// Opens the file on one connection; `concurrentReaders` for the server and the report,
    /// which read on several at once.
    /// `readZone`: reads the workshop's time zone for the times the command prints (a write
    /// prints none unless it is refused, and reads it then).
    func open(create: Bool = false, concurrentReaders: Bool = false, readZone: Bool = true) throws -> HangarStore {
        let store = try HangarStore(path: path, create: create, concurrentReaders: concurrentReaders)
        if readZone { CLILanguage.zone = try? store.workshop().timezone }
        return store
    }
}

/// Options of every write.
struct WriteOptions: ParsableArguments {
    /// `--db` as `StoreOptions` has it, declared here rather than as an option group of
    /// its own: each nested group is one more type argument-parser reflects on at every
    /// write (see `LeafParse`).
    @Option(name: .long, help: StoreOptions.dbHelp) var db: String?

    var store: StoreOptions { StoreOptions(db: db) }

    @Option(name: .customLong("as"), help: ArgumentHelp(tr("The acting staff id (default: $HANGAR_USER). Required."), valueName: "id"))
    var actor: String?

    @Option(help: ArgumentHelp(tr("When it happened: 2026-01-22 14:00 in the workshop's time zone, or ISO-8601 with an offset, e.g. 2026-01-22T09:00:00Z (default: now)."), valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp(tr("A note kept with the event."), valueName: "text"))
    var note: String?

    func actorID() throws -> String {
        guard let id = actor ?? Environment.value("HANGAR_USER"), !id.isEmpty else { throw HangarError.noActor }
        return id
    }

    /// The event as given; `--at` without an offset is read in the workshop's time zone.
    func input(_ subject: String, _ body: EventBody, now: Timestamp, zone: String? = nil, undoRoute: EventKind.Subject? = nil) throws -> EventInput {
        let occurred = try at.map { try LocalTime.parse($0, zone: zone, field: "--at") } ?? now
        var input = EventInput(id: EventID.make(at: now), subject: subject, occurredAt: occurred, actor: try actorID(), body: body, note: note)
        input.undoRoute = undoRoute
        return input
    }

    /// Records one event and prints what happened; `undoRoute`: the kind of subject an undo
    /// command is for (`airframe undo`, `part undo`, `battery undo`).
    @discardableResult
    func record(_ subject: String, _ body: EventBody, undoRoute: EventKind.Subject? = nil) throws -> Decision {
        let store = try store.open(readZone: false)
        defer { ProcessEnd.close(store) }
        do {
            let event = try input(subject, body, now: Timestamp(Date()), zone: at == nil ? nil : try store.workshop().timezone, undoRoute: undoRoute)
            return try record(event, in: store)
        } catch let error as HangarError {
            // A refusal may name times: in the workshop's zone.
            CLILanguage.zone = try? store.workshop().timezone
            throw Suggestions.add(to: error, from: store)
        }
    }

    private func record(_ event: EventInput, in store: HangarStore) throws -> Decision {
        // Without --at the event happens now: its time is taken once the write lock is held.
        let decision = at == nil
            ? try store.recordNow(event, clock: { Timestamp(Date()) })
            : try store.record(event, now: Timestamp(Date()))
        Console.print(TextOutput.confirmation(decision))
        for warning in decision.warnings { Console.error("warning: " + warning.message(in: CLILanguage.current)) }
        return decision
    }
}

/// A short command's store at its end: the connection is closed (SQLite checkpoints the
/// WAL as on any last close) and the store kept until the process exits, which it does
/// next. Its deinit would only unregister GRDB's notification observers — a sixtieth of
/// a CLI write spent on a process about to end.
enum ProcessEnd {
    nonisolated(unsafe) private static var kept: [HangarStore] = []

    static func close(_ store: HangarStore) {
        try? store.close()
        kept.append(store)
    }
}

/// Options of every read.
struct ReadOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Flag(help: ArgumentHelp(tr("Print JSON (stable field names, ISO-8601 UTC times) instead of text.")))
    var json = false
}

extension AirframeState: ExpressibleByArgument {}
extension OperatorState: ExpressibleByArgument {}
extension FlightPurpose: ExpressibleByArgument {}
extension MaintenanceReason: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
extension Disposition: ExpressibleByArgument {}
extension PartTracking: ExpressibleByArgument {}
extension PartKind: ExpressibleByArgument {}
extension PieceStatus: ExpressibleByArgument {
    /// A piece goes into an airframe by `install`, never by an adjustment: not offered here.
    public init?(argument: String) {
        guard let status = PieceStatus(rawValue: argument), status != .installed else { return nil }
        self = status
    }
    public static var allValueStrings: [String] { allCases.filter { $0 != .installed }.map(\.rawValue) }
}

/// "Did you mean": a name that was not found, with the known names close to it (a model,
/// unit, operator, staff member or part typed in another case or with a slip).
enum Suggestions {
    static func add(to error: HangarError, from store: HangarStore) -> HangarError {
        let name: String, candidates: [String]
        do {
            switch error {
            case let .notFound(what, n):
                name = n
                switch what {
                case "model": candidates = try store.models().map(\.name)
                case "unit": candidates = try store.units()
                case "operator": candidates = try store.operators(now: Timestamp(Date())).map(\.record.id)
                case "staff member": candidates = try store.staffList().map(\.id)
                case "part": candidates = try store.parts().map(\.number)
                default: return error
                }
            case let .rejected(_, _, .unknownStaff(id)):
                name = id
                candidates = try store.staffList().map(\.id)
            default:
                return error
            }
        } catch {
            return error as? HangarError ?? .storage("\(error)")
        }
        let near = NearNames.closest(to: name, among: candidates)
        return near.isEmpty ? error : .withSuggestions(error, near: near)
    }
}
