import ArgumentParser
import Foundation
import HangarCore
import HangarStore

/// The operator id and the write options every operator event takes.
struct OperatorArguments: ParsableArguments {
    @Argument(help: ArgumentHelp(tr("Operator id."))) var id: String
    @OptionGroup var write: WriteOptions

    func record(_ body: EventBody) throws { try write.record(id, body) }
}

struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: tr("Trainee pilots: enrolment, training, qualification."),
        subcommands: [Enroll.self, Start.self, Qualify.self, Fail.self, Withdraw.self, Retrain.self, Show.self, List.self])

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enroll", abstract: TableHelp.trainee(.enroll, "Enroll a trainee."))
        @Argument(help: ArgumentHelp(tr("Operator id (case-sensitive)."))) var id: String
        @Option(help: ArgumentHelp(tr("Full name."))) var name: String
        @Option(help: ArgumentHelp(tr("The unit that sends them."))) var unit: String
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(id, .enroll(Enrolment(name: name, unit: unit)))
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: TableHelp.trainee(.startTraining, "Start training (also implied by a first training flight)."))
        @OptionGroup var trainee: OperatorArguments
        func run() throws { try trainee.record(.startTraining) }
    }

    struct Qualify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "qualify", abstract: TableHelp.trainee(.qualify, "The trainee qualified."))
        @OptionGroup var trainee: OperatorArguments
        func run() throws { try trainee.record(.qualify) }
    }

    struct Fail: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fail", abstract: TableHelp.trainee(.fail, "The trainee failed."))
        @OptionGroup var trainee: OperatorArguments
        func run() throws { try trainee.record(.fail) }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: TableHelp.trainee(.withdraw, "The trainee left training."))
        @Argument(help: ArgumentHelp(tr("Operator id."))) var id: String
        @Option(help: ArgumentHelp(tr("Why (optional)."))) var reason: String?
        @OptionGroup var write: WriteOptions
        func run() throws {
            try write.record(id, .withdraw(Withdrawal(reason: reason)))
        }
    }

    struct Retrain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retrain", abstract: TableHelp.trainee(.retrain, "Back into training."))
        @OptionGroup var trainee: OperatorArguments
        func run() throws { try trainee.record(.retrain) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: tr("Show an operator: state, and whether current (60 flight minutes in the last 90 days)."))
        @Argument(help: ArgumentHelp(tr("Operator id."))) var id: String
        @OptionGroup var read: ReadOptions
        func run() throws {
            let store = try read.store.open()
            guard let view = try store.operatorView(id) else { throw HangarError.notFound(what: "operator", name: id) }
            let history = try store.operatorHistory(of: id)
            if read.json { return Console.print(JSONOutput.text(OperatorJSON(view, history: history))) }
            Console.print(TextOutput.operatorView(view))
            Console.print("")
            Console.print(TextOutput.table(["#", "occurred", "event", "by", "state"], history.map { e in
                [String(e.seq), CLILanguage.time(e.occurredAt), e.kind.rawValue, e.actor, (e.fromState.map { "\($0) → " } ?? "→ ") + (e.toState ?? "")]
            }))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List operators, filtered."))
        @Option(help: ArgumentHelp(tr("Only in this state."))) var state: OperatorState?
        @Option(help: ArgumentHelp(tr("Only of this unit."))) var unit: String?
        @OptionGroup var read: ReadOptions
        func run() throws {
            let views = try read.store.open().operators(state: state, unit: unit)
            if read.json { return Console.print(JSONOutput.text(views.map { OperatorJSON($0) })) }
            Console.print(TextOutput.table(["id", "full name", "unit", "state", "current"], views.map { v in
                [v.record.id, v.record.name, v.record.unit, v.record.state.rawValue, v.record.state == .qualified ? (v.current ? tr("current") : tr("lapsed")) : ""]
            }))
        }
    }
}
