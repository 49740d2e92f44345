import ArgumentParser
import Foundation
import HangarCore
import HangarStore

/// `--help` text from the transition table: allowed from-states, target, roles.
enum TableHelp {
    static func airframe(_ kind: EventKind, _ what: String) -> String {
        let t = AirframeLifecycle.transition(kind)
        let from = t.from.isEmpty ? ParserText.text("cli.help_new") : t.from.map(\.rawValue).joined(separator: ", ")
        let to: String
        switch t.target {
        case let .state(s): to = s.rawValue
        case .unchanged: to = ParserText.text("cli.help_unchanged")
        case .judged: to = ParserText.text("cli.help_judged")
        case .undone: to = ParserText.text("cli.help_undone")
        }
        let who: String
        switch t.authority {
        case let .roles(roles): who = roles.map(\.rawValue).joined(separator: ParserText.text("cli.help_or"))
        case .byFlightPurpose: who = ParserText.text("cli.help_by_flight_purpose")
        case .adminOrAuthor: who = ParserText.text("cli.help_admin_or_author")
        }
        return ParserText.text("cli.help_transition", ["what": tr(what), "from": from, "to": to, "who": who])
    }

    static func trainee(_ kind: EventKind, _ what: String) -> String {
        let t = OperatorLifecycle.transition(kind)
        let from = t.from.isEmpty ? ParserText.text("cli.help_new") : t.from.map(\.rawValue).joined(separator: ", ")
        return ParserText.text("cli.help_transition", [
            "what": tr(what), "from": from, "to": t.to.rawValue, "who": t.roles.map(\.rawValue).joined(separator: ParserText.text("cli.help_or")),
        ])
    }
}

/// The serial and the write options every airframe event takes.
struct SerialArguments: ParsableArguments {
    @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
    @OptionGroup var write: WriteOptions

    func record(_ body: EventBody) throws { try write.record(serial, body) }
}

struct AirframeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airframe", abstract: tr("Record and read the life of serial-numbered airframes."),
        subcommands: [
            Register.self, Assembled.self, QC.self, ReworkDone.self, AssignTraining.self, Issue.self, Return.self,
            Flight.self, MaintenanceOpen.self, AwaitParts.self, PartsReceived.self, MaintenanceClose.self,
            Lost.self, WriteOff.self, Undo.self, Install.self, Remove.self, Show.self, History.self, List.self,
        ])

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: TableHelp.airframe(.register, "Register a new airframe."))
        @Argument(help: ArgumentHelp(tr("Serial: 1-32 of A-Z 0-9 - _ . (stored upper-case)."))) var serial: String
        @Option(help: ArgumentHelp(tr("Its model (see: hangar model list)."))) var model: String
        @Option(help: ArgumentHelp(tr("Production batch."))) var batch: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .register(Registration(model: model, batch: batch)))
        }
    }

    struct Assembled: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assembled", abstract: TableHelp.airframe(.assembled, "Assembly finished; ready for QC."))
        @OptionGroup var airframe: SerialArguments
        func run() throws { try airframe.record(.assembled(Assembly())) }
    }

    struct QC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qc",
            abstract: TableHelp.airframe(.qc, "Record a QC run; the outcome is computed from the model's checklist."),
            discussion: tr("Every checklist item must be given. Four eyes: the inspector must not be who put the airframe into awaiting_qc. A failing run needs at least one --defect."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(name: .customLong("check"), help: ArgumentHelp(tr("A check result (repeatable)."), valueName: "key=pass|fail")) var checks: [String] = []
        @Option(name: .customLong("measure"), help: ArgumentHelp(tr("A measured value (repeatable)."), valueName: "key=value")) var measures: [String] = []
        @Option(name: .customLong("defect"), help: ArgumentHelp(tr("A defect code, e.g. MOTOR_VIBRATION (repeatable)."), valueName: "code")) var defects: [String] = []
        @OptionGroup var write: WriteOptions

        func run() throws {
            var checkResults: [String: CheckResult] = [:]
            for entry in checks {
                let (key, value) = try Self.split(entry, "--check", allowed: "give KEY=pass|fail")
                guard let result = CheckResult(rawValue: value) else {
                    throw HangarError.invalidValue(field: "--check \(key)", value: value, allowed: "a check is pass or fail")
                }
                guard checkResults.updateValue(result, forKey: key) == nil else {
                    throw HangarError.invalidValue(field: "--check", value: key, allowed: "give each item once")
                }
            }
            var values: [String: Double] = [:]
            for entry in measures {
                let (key, text) = try Self.split(entry, "--measure", allowed: "give KEY=NUMBER")
                guard let value = Double(text), value.isFinite else {
                    throw HangarError.invalidValue(field: "--measure \(key)", value: text, allowed: "a measure is a finite number")
                }
                guard values.updateValue(value, forKey: key) == nil else {
                    throw HangarError.invalidValue(field: "--measure", value: key, allowed: "give each item once")
                }
            }
            try write.record(serial, .qc(QCRun(
                checks: checkResults.isEmpty ? nil : checkResults, measures: values.isEmpty ? nil : values,
                defects: defects.isEmpty ? nil : defects)))
        }

        static func split(_ entry: String, _ option: String, allowed: String) throws -> (String, String) {
            guard let eq = entry.firstIndex(of: "=") else {
                throw HangarError.invalidValue(field: option, value: entry, allowed: allowed)
            }
            return (String(entry[..<eq]), String(entry[entry.index(after: eq)...]))
        }
    }

    struct ReworkDone: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rework-done", abstract: TableHelp.airframe(.reworkDone, "Rework finished; back to QC."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("What was done."))) var work: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .reworkDone(WorkDone(work: work)))
        }
    }

    struct AssignTraining: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign-training", abstract: TableHelp.airframe(.assignTraining, "Hand the airframe to operator training."))
        @OptionGroup var airframe: SerialArguments
        func run() throws { try airframe.record(.assignTraining) }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue", abstract: TableHelp.airframe(.issue, "Issue the airframe to a unit."),
            discussion: tr("Without --unit it goes back to the unit it was last issued to (after a repair, say)."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("The receiving unit (see: hangar unit list); default: the unit it was last issued to."))) var unit: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            var target = unit
            if target == nil {
                let serial = try Names.serial(serial)
                target = try write.store.open().lastIssuedUnit(of: serial)
                guard target != nil else {
                    throw HangarError.missingField(event: "issue", field: "--unit (\(serial) was never issued to a unit, so there is none to send it back to)")
                }
            }
            try write.record(serial, .issue(UnitIssue(unit: target!)))
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "return", abstract: TableHelp.airframe(.return, "Return the airframe to the workshop."))
        @OptionGroup var airframe: SerialArguments
        func run() throws { try airframe.record(.return) }
    }

    struct Flight: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "flight", abstract: TableHelp.airframe(.flight, "Log a flight."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("Flight minutes, 1-1440."))) var minutes: Int
        @Option(help: ArgumentHelp(tr("training or operational."))) var purpose: FlightPurpose
        @Option(name: .customLong("operator"), help: ArgumentHelp(tr("The operator flying (required for training)."), valueName: "id")) var operatorID: String?
        @Option(name: .customLong("battery"), help: ArgumentHelp(tr("A battery flown, from stock or installed (repeatable; installed batteries fly anyway)."), valueName: "serial"))
        var batteries: [String] = []
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .flight(HangarCore.Flight(
                minutes: minutes, purpose: purpose, operator: operatorID, batteries: batteries.isEmpty ? nil : batteries)))
        }
    }

    struct MaintenanceOpen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "maintenance-open", abstract: TableHelp.airframe(.maintenanceOpen, "Open maintenance."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("scheduled, defect or damage."))) var reason: MaintenanceReason
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .maintenanceOpen(MaintenanceOpening(reason: reason)))
        }
    }

    struct AwaitParts: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "await-parts", abstract: TableHelp.airframe(.awaitParts, "Maintenance waits for a part."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("The part awaited."))) var part: String
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .awaitParts(PartsWait(part: part)))
        }
    }

    struct PartsReceived: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "parts-received", abstract: TableHelp.airframe(.partsReceived, "The awaited part arrived."))
        @OptionGroup var airframe: SerialArguments
        func run() throws { try airframe.record(.partsReceived) }
    }

    struct MaintenanceClose: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "maintenance-close", abstract: TableHelp.airframe(.maintenanceClose, "Close maintenance; the airframe must pass QC again."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @Option(help: ArgumentHelp(tr("What was done."))) var work: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .maintenanceClose(WorkDone(work: work)))
        }
    }

    struct Lost: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "lost", abstract: TableHelp.airframe(.lost, "The airframe was lost."))
        @OptionGroup var airframe: SerialArguments
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        func run() throws { try airframe.record(.lost(Loss(reason: reason))) }
    }

    struct WriteOff: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "write-off", abstract: TableHelp.airframe(.writeOff, "Write the airframe off."))
        @OptionGroup var airframe: SerialArguments
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        func run() throws { try airframe.record(.writeOff(Loss(reason: reason))) }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: TableHelp.airframe(.undo, "Cancel the latest not-yet-undone event (registration excepted)."),
            discussion: tr("Nothing is deleted: the undo is an event of its own. Undo again to cancel the one before."))
        @OptionGroup var airframe: SerialArguments
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        func run() throws { try airframe.write.record(airframe.serial, .undo(HangarCore.Undo(reason: reason)), undoRoute: .airframe) }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: TableHelp.airframe(.install, "Install a component or a lot quantity; one event moves it out of stock and into the airframe."),
            discussion: tr("A serial-tracked part takes --component SERIAL, a lot-tracked one --lot LOT --qty N. A part off the model's BOM, or beyond its quantity, needs --off-bom REASON."))
        @Argument(help: ArgumentHelp(tr("Serial of the airframe."))) var serial: String
        @Option(help: ArgumentHelp(tr("Part number, e.g. MOTOR-2207."))) var part: String
        @Option(help: ArgumentHelp(tr("The component's serial (serial-tracked parts)."), valueName: "serial")) var component: String?
        @Option(help: ArgumentHelp(tr("The lot (lot-tracked parts)."))) var lot: String?
        @Option(help: ArgumentHelp(tr("How many of the lot."))) var qty: Int?
        @Option(help: ArgumentHelp(tr("Where on the airframe, e.g. M1."))) var position: String?
        @Option(name: .customLong("off-bom"), help: ArgumentHelp(tr("Why a part off the BOM goes in."), valueName: "reason")) var offBOM: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .install(Installation(part: part, component: component, lot: lot, qty: qty, position: position, offBOM: offBOM)))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: TableHelp.airframe(.remove, "Remove a component or a lot quantity: back to stock, to quarantine, or to scrap."))
        @Argument(help: ArgumentHelp(tr("Serial of the airframe."))) var serial: String
        @Option(help: ArgumentHelp(tr("Part number."))) var part: String
        @Option(help: ArgumentHelp(tr("The component's serial (serial-tracked parts)."), valueName: "serial")) var component: String?
        @Option(help: ArgumentHelp(tr("The lot (lot-tracked parts)."))) var lot: String?
        @Option(help: ArgumentHelp(tr("How many of the lot."))) var qty: Int?
        @Option(help: ArgumentHelp(tr("stock, quarantine or scrap (a lot: stock or scrap)."))) var disposition: Disposition
        @Option(help: ArgumentHelp(tr("Why."))) var reason: String
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(serial, .remove(Removal(part: part, component: component, lot: lot, qty: qty, disposition: disposition, reason: reason)))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: tr("Show an airframe: state, unit, flight minutes, service due."),
            discussion: tr("With --json the object carries the latest page of its history too (see 'airframe history')."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @OptionGroup var page: HistoryPaging
        @OptionGroup var read: ReadOptions
        func run() throws { try AirframeCommand.show(serial, read: read, page: page, historyInText: false) }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: tr("Show an airframe's events, undone ones marked, the latest page first asked."),
            discussion: tr("Prints the latest --limit events (1000 by default) in order; an airframe with more says how to read the page before."))
        @Argument(help: ArgumentHelp(tr("Serial."))) var serial: String
        @OptionGroup var page: HistoryPaging
        @OptionGroup var read: ReadOptions
        func run() throws { try AirframeCommand.show(serial, read: read, page: page, historyInText: true) }
    }

    /// Which page of a history: the latest `limit` events before `before`.
    struct HistoryPaging: ParsableArguments {
        @Option(help: ArgumentHelp(tr("At most this many events, the latest ones."))) var limit = 1000
        @Option(help: ArgumentHelp(tr("Only events before this sequence number (the '#' column): the page before."))) var before: Int64?

        func validate() throws {
            guard (1...1_000_000).contains(limit) else { throw ValidationError(tr("--limit must be from 1 to 1000000")) }
            if let before, before < 1 { throw ValidationError(tr("--before must be a sequence number, 1 or more")) }
        }
    }

    static func show(_ raw: String, read: ReadOptions, page: HistoryPaging, historyInText: Bool) throws {
        let serial = try Names.serial(raw)
        let store = try read.store.open()
        guard let view = try store.airframe(serial) else { throw HangarError.notFound(what: "airframe", name: serial) }
        if read.json {
            let history = try store.history(of: serial, limit: page.limit, beforeSeq: page.before)
            return Console.print(JSONOutput.text(AirframeJSON(view, history: history)))
        }
        Console.print(TextOutput.airframe(view, model: try store.model(view.airframe.model)))
        guard historyInText else { return }
        let history = try store.history(of: serial, limit: page.limit, beforeSeq: page.before)
        Console.print("\n" + TextOutput.history(history.entries))
        if history.earlier > 0, let first = history.entries.first {
            Console.print("(" + trf("{n} earlier events: {command}", ["n": String(history.earlier), "command": "hangar airframe history \(serial) --before \(first.event.seq)"]) + ")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List airframes, filtered."))
        @Option(help: ArgumentHelp(tr("Only in this state."))) var state: AirframeState?
        @Option(help: ArgumentHelp(tr("Only of this model."))) var model: String?
        @Option(help: ArgumentHelp(tr("Only issued to this unit."))) var unit: String?
        @Flag(help: ArgumentHelp(tr("Only airframes due for service."))) var due = false
        @OptionGroup var read: ReadOptions
        func run() throws {
            let views = try read.store.open().airframes(AirframeFilter(state: state, model: model, unit: unit, dueOnly: due))
            if read.json { return Console.print(JSONOutput.text(views.map { AirframeJSON($0) })) }
            Console.print(TextOutput.table(["serial", "model", "state", "unit", "flight min", "due"], views.map { v in
                let a = v.airframe
                return [a.serial, a.model, a.state.rawValue, a.unit ?? "-", String(a.flightMinutes), v.due ? tr("DUE") : ""]
            }))
            Console.print(trf(views.count == 1 ? "{n} airframe" : "{n} airframes", ["n": String(views.count)]))
        }
    }
}
