import ArgumentParser
import Foundation
import HangarCore
import HangarReport
import HangarAccess
import HangarStore

extension Bucketing: ExpressibleByArgument {}

enum ReportFormat: String, CaseIterable, ExpressibleByArgument { case text, json, csv, html }

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: tr("The commander's throughput report: build, test, train, maintain, fleet, forecast."),
        discussion: tr("The period is [--from, --to) in the workshop's local days (UTC days while it has no time zone); --to defaults to tomorrow, --from to the start of twelve whole buckets (the bucket holding the day before --to and the eleven before it). Buckets are ISO weeks (from Monday) or calendar months, clipped to the period; the text headline compares the last whole bucket with the one before."))

    @OptionGroup var report: ReportOptions
    @OptionGroup var store: StoreOptions

    func run() throws { try report.write(from: try store.open(concurrentReaders: true)) }
}

/// The report's period, format and forecast: `hangar report` and `hangar hq report --workshop`.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp(tr("First day of the period, YYYY-MM-DD (default: twelve whole buckets before --to)."), valueName: "date")) var from: String?
    @Option(help: ArgumentHelp(tr("Day after the period, YYYY-MM-DD (default: tomorrow, local)."), valueName: "date")) var to: String?
    @Option(help: ArgumentHelp(tr("Bucket size."))) var every: Bucketing = .week
    @Option(help: ArgumentHelp(tr("Output format."))) var format: ReportFormat = .text
    @Option(help: ArgumentHelp(tr("Forecast when N more airframes will have been delivered after --to."), valueName: "N")) var target: Int?
    @Option(name: .customLong("target-total"),
            help: ArgumentHelp(tr("Forecast when N airframes will have been delivered in total, those before --to included (not with --target)."), valueName: "N"))
    var targetTotal: Int?
    @Option(help: ArgumentHelp(tr("Write to this file instead of standard output."), valueName: "file")) var out: String?

    func validate() throws {
        if let target, !(1...10_000_000).contains(target) { throw ValidationError(tr("--target must be from 1 to 10000000")) }
        if let targetTotal, !(1...10_000_000).contains(targetTotal) { throw ValidationError(tr("--target-total must be from 1 to 10000000")) }
        if target != nil && targetTotal != nil {
            throw ValidationError(tr("give --target N (N more after --to) or --target-total N (N in total), not both"))
        }
    }

    /// What the forecast waits for (DESIGN §14).
    var goal: ForecastGoal? { targetTotal.map(ForecastGoal.total) ?? target.map(ForecastGoal.more) }

    /// The period these options name, in a time zone's local days (nil: UTC).
    func period(zone: String?) throws -> ReportPeriod {
        let today = LocalDays(zone: zone).day(Timestamp(Date()))
        let defaults = ReportPeriod.defaults(today: today)
        let toDay = try to.map { try Day.parse($0, field: "--to") } ?? defaults.to
        let fromDay = try from.map { try Day.parse($0, field: "--from") } ?? ReportPeriod.defaultFrom(to: toDay, every: every)
        return try ReportPeriod(from: fromDay, to: toDay, every: every, timezone: zone)
    }

    func write(from opened: HangarStore) throws {
        // With a time zone, --from/--to and the buckets are the workshop's local days.
        let zone = try opened.workshop().timezone
        CLILanguage.zone = zone
        let report = try ReportSource.report(from: opened, period: try period(zone: zone), goal: goal)
        switch format {
        // JSON, the long one (tens of megabytes for a national fleet), is written a piece
        // at a time as it is made, never held whole.
        case .json: try emit { ReportJSON.write(report, to: &$0) }
        default: try emit(rendered(report))
        }
    }

    /// A report in the chosen format.
    func rendered(_ report: ThroughputReport) -> [UInt8] {
        switch format {
        case .text: Array(ReportText.render(report, language: CLILanguage.current).utf8)
        case .json: ReportJSON.bytes(report)
        case .csv: Array(ReportCSV.render(report).utf8)
        case .html: Array(ReportHTML.render(report, language: CLILanguage.current).utf8)
        }
    }

    /// Writes to `--out`, or to standard output.
    func emit(_ bytes: [UInt8]) throws {
        // In pieces: appended whole, the stream's buffer would be a second copy of it.
        try emit { stream in
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + ByteStream.pieceSize)
                stream.append(contentsOf: bytes[start..<end])
                start = end
            }
        }
    }

    /// Writes what `write` makes to `--out`, or to standard output, a piece at a time as it
    /// is made (a national report need not be held whole).
    /// Each piece is written on a thread of its own while the next is made.
    func emit(_ write: (inout ByteStream) throws -> Void) throws {
        guard let out else {
            let writer = BackgroundWriter { try FileHandle.standardOutput.write(contentsOf: $0) }
            var stream = ByteStream { try writer.enqueue($0) }
            try write(&stream)
            _ = try stream.finish()
            try writer.finish()
            return
        }
        guard FileManager.default.createFile(atPath: out, contents: nil),
              let handle = FileHandle(forWritingAtPath: out) else {
            throw HangarError.storage("cannot write \(out): the file cannot be created there")
        }
        let writer = BackgroundWriter { try handle.write(contentsOf: $0) }
        var stream = ByteStream { try writer.enqueue($0) }
        try write(&stream)
        do {
            _ = try stream.finish()
            try writer.finish()
            try handle.close()
        } catch {
            throw HangarError.storage("cannot write \(out): \(error.localizedDescription)")
        }
    }
}
