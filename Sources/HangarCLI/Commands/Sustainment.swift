import ArgumentParser
import Foundation
import HangarCore
import HangarStore

/// `hangar part`: the catalogue.
struct PartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "part", abstract: tr("The parts catalogue: part numbers, tracking, cost, origin, life limits."),
        subcommands: [Add.self, Update.self, List.self, Show.self])

    struct Settings: ParsableArguments {
        @Option(help: ArgumentHelp(tr("Cost of one piece, in minor units of the workshop's currency."), valueName: "minor-units")) var cost: Int?
        @Option(help: ArgumentHelp(tr("Default origin: ISO 3166-1 alpha-2 (KZ) or unknown."), valueName: "CC")) var origin: String?
        @Option(help: ArgumentHelp(tr("Reorder when on-hand falls to this."), valueName: "n")) var reorderAt: Int?
        @Option(help: ArgumentHelp(tr("Life in flight minutes (serial-tracked parts)."), valueName: "minutes")) var lifeMinutes: Int?
        @Option(help: ArgumentHelp(tr("Life in cycles (batteries)."), valueName: "n")) var lifeCycles: Int?
        @Option(help: ArgumentHelp(tr("Rated capacity in mAh (batteries)."), valueName: "mAh")) var ratedMah: Int?
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: tr("Add a part number to the catalogue. Admin."))
        @Argument(help: ArgumentHelp(tr("Part number, e.g. MOTOR-2207 (exact case)."))) var number: String
        @Option(help: ArgumentHelp(tr("What it is."))) var name: String
        @Option(help: ArgumentHelp(tr("serial (each piece has a serial) or lot (counted by receipt lot)."))) var tracking: PartTracking
        @Option(help: ArgumentHelp(tr("component, battery or consumable."))) var kind: PartKind
        @OptionGroup var settings: Settings
        @OptionGroup var write: WriteOptions
        func run() throws {
            let s = settings
            try write.record(number, .partAdd(PartDefinition(
                name: name, tracking: tracking, kind: kind, unitCost: s.cost, origin: s.origin, reorderAt: s.reorderAt,
                lifeMinutes: s.lifeMinutes, lifeCycles: s.lifeCycles, ratedMah: s.ratedMah)))
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: tr("Change a part's name or settings (tracking and kind never change). Admin."),
            discussion: tr("Give --clear SETTING to remove a setting (cost, origin, reorder-at, life-minutes, life-cycles, rated-mah)."))
        @Argument(help: ArgumentHelp(tr("Part number."))) var number: String
        @Option(help: ArgumentHelp(tr("New name."))) var name: String?
        @OptionGroup var settings: Settings
        @Option(name: .customLong("clear"), help: ArgumentHelp(tr("A setting to remove (repeatable)."), valueName: "setting")) var clear: [String] = []
        @OptionGroup var write: WriteOptions
        func validate() throws {
            // A setting both cleared and given a value: which was meant is not for us to guess.
            let s = settings
            let given: [(String, Bool)] = [("cost", s.cost != nil), ("origin", s.origin != nil), ("reorder-at", s.reorderAt != nil),
                                           ("life-minutes", s.lifeMinutes != nil), ("life-cycles", s.lifeCycles != nil), ("rated-mah", s.ratedMah != nil)]
            for (name, set) in given where set && clear.contains(name) {
                throw ValidationError(trf("--clear {name} and --{name} VALUE contradict each other: give one of them", ["name": name]))
            }
        }
        func run() throws {
            let names = ["cost", "origin", "reorder-at", "life-minutes", "life-cycles", "rated-mah"]
            for c in clear where !names.contains(c) {
                throw HangarError.invalidValue(field: "--clear", value: c, allowed: "settings are " + names.joined(separator: ", "))
            }
            let s = settings
            func update(_ value: Int?, _ name: String) -> FieldUpdate<Int> { clear.contains(name) ? .clear : value.map { .set($0) } ?? .keep }
            try write.record(number, .partUpdate(PartChange(
                name: name, unitCost: update(s.cost, "cost"),
                origin: clear.contains("origin") ? .clear : s.origin.map { .set($0) } ?? .keep,
                reorderAt: update(s.reorderAt, "reorder-at"), lifeMinutes: update(s.lifeMinutes, "life-minutes"),
                lifeCycles: update(s.lifeCycles, "life-cycles"), ratedMah: update(s.ratedMah, "rated-mah"))))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the catalogue."))
        @OptionGroup var read: ReadOptions
        func run() throws {
            let parts = try read.store.open().parts()
            if read.json { return Console.print(JSONOutput.text(parts.map(PartJSON.init))) }
            Console.print(TextOutput.table(["part", "name", "tracking", "kind", "cost", "origin", "reorder at", "life"], parts.map { p in
                [p.number, p.name, p.tracking.rawValue, p.kind.rawValue, p.unitCost.map(String.init) ?? "-", p.origin,
                 p.reorderAt.map(String.init) ?? "-", PartCommand.lifeText(p)]
            }))
            Console.print(trf(parts.count == 1 ? "{n} part" : "{n} parts", ["n": String(parts.count)]))
        }
    }

    static func lifeText(_ p: Part) -> String {
        let items = [p.lifeMinutes.map { trf("{n} min", ["n": String($0)]) }, p.lifeCycles.map { trf("{n} cycles", ["n": String($0)]) },
                     p.ratedMah.map { trf("{n} mAh rated", ["n": String($0)]) }].compactMap { $0 }
        return items.isEmpty ? "-" : items.joined(separator: ", ")
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show a part: settings, stock and lots."))
        @Argument(help: ArgumentHelp(tr("Part number."))) var number: String
        @OptionGroup var read: ReadOptions
        func run() throws {
            let store = try read.store.open()
            guard let part = try store.part(number) else { throw HangarError.notFound(what: "part", name: number) }
            if read.json { return Console.print(JSONOutput.text(PartJSON(part))) }
            let level = try store.stockLevels().first { $0.part.number == number }
            Console.print("\(part.number)  \(part.name)\n" + TextOutput.fields([
                ("tracking", trf("{tracking}, kind {kind}", ["tracking": part.tracking.rawValue, "kind": part.kind.rawValue])),
                ("cost", part.unitCost.map(String.init) ?? tr("(not set)")),
                ("origin", part.origin),
                ("life", PartCommand.lifeText(part)),
                ("on hand", "\(level?.onHand ?? 0)" + (part.reorderAt.map { " (" + trf("reorder at {n}", ["n": String($0)]) + ")" } ?? "")
                    + (level?.low == true ? "  " + tr("LOW") : "")),
            ], minWidth: 11))
            let lots = try store.lots(of: number)
            if !lots.isEmpty {
                Console.print("\n" + TextOutput.table(["lot", "received", "origin", "cost", "on hand"], lots.map { l in
                    [l.lot, CLILanguage.time(l.receivedAt), l.origin, l.unitCost.map(String.init) ?? "-", part.tracking == .lot ? String(l.onHand) : tr("(serials)")]
                }))
            }
        }
    }
}

/// `hangar bom`: a model's bill of materials.
struct BOMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bom", abstract: tr("A model's bill of materials (versioned like its checklist)."),
        subcommands: [Set.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: tr("Set a new BOM version for a model. Admin."),
            discussion: tr("The lines given are the whole BOM. With --enforced, 'assembled' is refused until every line is installed."))
        @Argument(help: ArgumentHelp(tr("Model name."))) var model: String
        @Option(name: .customLong("line"), help: ArgumentHelp(tr("A line (repeatable), e.g. MOTOR-2207:4 or CAM-1:1:nose."), valueName: "part:qty[:position]"))
        var lines: [String] = []
        @Flag(help: ArgumentHelp(tr("Refuse 'assembled' until the BOM is installed in full."))) var enforced = false
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(model, .bomSet(BOMSetting(lines: try lines.map(BOMLine.parse), enforced: enforced ? true : nil)))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show a model's current BOM."))
        @Argument(help: ArgumentHelp(tr("Model name."))) var model: String
        @OptionGroup var read: ReadOptions
        func run() throws {
            guard let bom = try read.store.open().bom(model) else { throw HangarError.notFound(what: "BOM for model", name: model) }
            if read.json { return Console.print(JSONOutput.text(BOMJSON(bom))) }
            Console.print(trf("{model} BOM v{version}", ["model": bom.model, "version": String(bom.version)]) + (bom.enforced ? " (" + tr("enforced") + ")" : ""))
            Console.print(TextOutput.table(["part", "qty", "position"], bom.lines.map { [$0.part, String($0.qty), $0.position ?? "-"] }))
        }
    }
}

/// `hangar stock`: receipts, adjustments, levels.
struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock", abstract: tr("Spares: receive, adjust, list what to reorder."),
        subcommands: [Receive.self, Adjust.self, List.self, Undo.self])

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receive", abstract: tr("Receive pieces of a part. Storekeeper or technician."),
            discussion: tr("A serial-tracked part takes exactly --qty serials (--serial, repeatable); a lot-tracked part a --lot. Origin and cost default to the part's."))
        @Argument(help: ArgumentHelp(tr("Part number."))) var part: String
        @Option(help: ArgumentHelp(tr("How many."))) var qty: Int
        @Option(help: ArgumentHelp(tr("The receipt's lot (required for lot-tracked parts)."))) var lot: String?
        @Option(name: .customLong("serial"), help: ArgumentHelp(tr("A piece's serial (repeatable)."), valueName: "serial")) var serials: [String] = []
        @Option(help: ArgumentHelp(tr("ISO 3166-1 alpha-2, or unknown (default: the part's)."), valueName: "CC")) var origin: String?
        @Option(help: ArgumentHelp(tr("Cost of one piece in minor units (default: the part's)."), valueName: "minor-units")) var cost: Int?
        @Option(help: ArgumentHelp(tr("Who supplied it."))) var supplier: String?
        @Option(help: ArgumentHelp(tr("The delivery note."))) var doc: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(part, .stockReceive(StockReceipt(
                qty: qty, lot: lot, serials: serials.isEmpty ? nil : serials, origin: origin, unitCost: cost, supplier: supplier, doc: doc)))
        }
    }

    struct Adjust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adjust", abstract: tr("Correct a lot's count, or change a piece's status. Storekeeper or admin."))
        @Argument(help: ArgumentHelp(tr("Part number."))) var part: String
        @Option(help: ArgumentHelp(tr("The lot (lot-tracked parts)."))) var lot: String?
        @Option(parsing: .unconditional, help: ArgumentHelp(tr("Signed change of the lot's count, e.g. -2."), valueName: "n")) var qtyDelta: Int?
        @Option(help: ArgumentHelp(tr("The piece (serial-tracked parts)."), valueName: "serial")) var serial: String?
        @Option(help: ArgumentHelp(tr("in_stock, quarantine or scrapped."))) var status: PieceStatus?
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(part, .stockAdjust(StockAdjustment(lot: lot, qtyDelta: qtyDelta, serial: serial, status: status, reason: reason)))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: tr("Stock per part; --low for what to reorder and how many weeks it covers."))
        @Flag(help: ArgumentHelp(tr("Only parts at or below their reorder point."))) var low = false
        @OptionGroup var read: ReadOptions
        func run() throws {
            let levels = try read.store.open().stockLevels().filter { !low || $0.low }
            if read.json { return Console.print(JSONOutput.text(levels.map(StockJSON.init))) }
            Console.print(TextOutput.table(["part", "name", "on hand", "quarantined", "reorder at", "use/week", "weeks of cover", "low"], levels.map { l in
                [l.part.number, l.part.name, String(l.onHand), String(l.quarantined), l.part.reorderAt.map(String.init) ?? "-",
                 LocalFormat.number(l.weeklyUse, digits: 1, CLILanguage.current),
                 l.weeksOfCover.map { LocalFormat.number($0, digits: 1, CLILanguage.current) } ?? "-", l.low ? tr("LOW") : ""]
            }))
            Console.print(trf(levels.count == 1 ? "{n} part" : "{n} parts", ["n": String(levels.count)]) + (low ? " " + tr("at or below reorder point") : "")
                + " (" + trf("use/week over the last {n} weeks", ["n": String(StockLevel.usageWeeks)]) + ")")
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo", abstract: tr("Cancel the part's latest stock event (receipt or adjustment). Admin or its author."))
        @Argument(help: ArgumentHelp(tr("Part number."))) var part: String
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        @OptionGroup var write: WriteOptions
        func run() throws { try write.record(part, .undo(HangarCore.Undo(reason: reason)), undoRoute: .part) }
    }
}

/// `hangar component show`.
struct ComponentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "component", abstract: tr("A serial-tracked piece: where it is and every airframe it has been in."),
        subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Where it is, every install interval, minutes, cycles, health."))
        @Argument(help: ArgumentHelp(tr("The piece's serial."))) var serial: String
        @OptionGroup var read: ReadOptions
        func run() throws {
            let serial = try Names.serial(serial)
            guard let view = try read.store.open().component(serial) else { throw HangarError.notFound(what: "component", name: serial) }
            if read.json { return Console.print(JSONOutput.text(ComponentJSON(view))) }
            let p = view.piece
            var rows: [(label: String, value: String)] = [
                ("status", p.status.rawValue + (p.airframe.map { " " + trf("in {airframe}", ["airframe": $0]) } ?? "")
                    + (p.position.map { " " + trf("at {position}", ["position": $0]) } ?? "") + (p.offBOM ? " (" + tr("off BOM") + ")" : "")),
                ("flight minutes", "\(p.flightMinutes)" + (view.part?.lifeMinutes.map { " " + trf("of {n} life", ["n": String($0)]) } ?? "")),
                ("received", CLILanguage.time(p.receivedAt) + (p.lot.map { ", " + trf("lot {lot}", ["lot": $0]) } ?? "")
                    + ", " + trf("origin {origin}", ["origin": p.origin]) + (p.unitCost.map { ", " + trf("cost {cost}", ["cost": String($0)]) } ?? "")),
            ]
            if p.battery {
                rows.append(("cycles", "\(p.cycles)" + (view.part?.lifeCycles.map { " " + trf("of {n} life", ["n": String($0)]) } ?? "")))
                rows.append(("health", view.health.map { LocalFormat.percent($0, CLILanguage.current) } ?? tr(p.capacityMah == nil ? "(no check yet)" : "(no rated capacity)")))
            }
            Console.print("\(p.serial)  \(p.part)\(view.part.map { "  \($0.name)" } ?? "")\n" + TextOutput.fields(rows))
            if !view.intervals.isEmpty {
                Console.print("\n" + TextOutput.table(["airframe", "installed", "removed", "minutes"], view.intervals.map { s in
                    [s.airframe, CLILanguage.time(s.installedAt), s.removedAt.map { CLILanguage.time($0) } ?? tr("(installed)"), String(s.minutes)]
                }))
            }
        }
    }
}

/// `hangar battery check|undo`.
struct BatteryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "battery", abstract: tr("Battery checks: measured capacity and cycle count."),
        subcommands: [Check.self, Undo.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: tr("Record a battery's measured capacity. Technician or instructor."))
        @Argument(help: ArgumentHelp(tr("The battery's serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("Measured capacity."), valueName: "mAh")) var capacity: Int
        @Option(help: ArgumentHelp(tr("The battery's own cycle counter, if it has one (resets the count)."))) var cycles: Int?
        @OptionGroup var write: WriteOptions
        func run() throws { try write.record(serial, .batteryCheck(BatteryCheck(capacityMah: capacity, cycles: cycles))) }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undo", abstract: tr("Cancel the battery's latest check. Admin or its author."))
        @Argument(help: ArgumentHelp(tr("The battery's serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        @OptionGroup var write: WriteOptions
        func run() throws { try write.record(serial, .undo(HangarCore.Undo(reason: reason)), undoRoute: .piece) }
    }
}

/// `hangar recall`: which airframes carry a component or a lot.
struct RecallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recall", abstract: tr("Which airframes carry a component or pieces of a lot (lost and written-off ones included)."),
        discussion: tr("Without --ever only airframes holding it now; with --ever every span it was installed."))
    @Option(help: ArgumentHelp(tr("Part number."))) var part: String
    @Option(help: ArgumentHelp(tr("A receipt lot of the part."))) var lot: String?
    @Option(help: ArgumentHelp(tr("One piece."), valueName: "serial")) var component: String?
    @Flag(help: ArgumentHelp(tr("Past install spans too."))) var ever = false
    @OptionGroup var read: ReadOptions

    func validate() throws {
        if (lot == nil) == (component == nil) { throw ValidationError(tr("give --lot LOT or --component SERIAL")) }
    }

    func run() throws {
        let rows = try read.store.open().recall(
            part: part, lot: try lot.map(Names.lot), component: try component.map(Names.serial), ever: ever)
        if read.json { return Console.print(JSONOutput.text(rows.map(RecallJSON.init))) }
        Console.print(TextOutput.table(["airframe", "state", "unit", "installed", "removed", "qty now"], rows.map { r in
            [r.serial, r.state?.rawValue ?? "-", r.unit ?? "-", CLILanguage.time(r.installedAt), r.removedAt.map { CLILanguage.time($0) } ?? "-", String(r.qty)]
        }))
        let airframes = Set(rows.map(\.serial)).count
        Console.print(trf(airframes == 1 ? "{n} airframe" : "{n} airframes", ["n": String(airframes)]))
    }
}
