import HangarCore
import HangarStore

/// Human text for the terminal.
enum TextOutput {
    static func t(_ key: String, _ args: [String: String] = [:]) -> String { Catalogue.text(key, CLILanguage.current, args) }

    static func confirmation(_ d: Decision) -> String {
        let e = d.event
        var line = "\(e.kind.rawValue) \(e.subject)"
        switch (e.fromState, e.toState) {
        case let (from?, to?) where from != to: line += ": \(from) → \(to)"
        case let (nil, to?): line += ": → \(to)"
        case let (_, to?): line += ": " + t("cli.stays", ["state": to])
        default: break
        }
        line += "  " + t("cli.event_ref", ["seq": String(e.seq), "id": e.id])
        if let j = d.judgement, case let .qc(run) = e.body {
            line += "\n" + t("cli.qc_attempt", ["attempt": String(run.attempt ?? 0), "version": String(run.checklistVersion ?? 0), "outcome": j.outcome.rawValue.uppercased()])
            for v in j.verdicts {
                let mark = v.passed ? "ok  " : "FAIL"
                line += "\n  \(mark) \(pad(v.item.key, 22)) \(pad(v.value, 12)) \(t("cli.limits")) \(v.item.limitsText)"
                if let why = v.why { line += "  — \(why)" }
            }
            if let defects = run.defects { line += "\n  \(t("cli.defects")): \(defects.joined(separator: ", "))" }
        }
        if case let .undo(undo) = e.body, let undone = undo.undoes { line += "\n" + t("cli.undid", ["id": undone]) }
        return line
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// A plain table with a header row and aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : pad(c, widths[i]) }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }

    static func airframe(_ v: AirframeView, model: AirframeModel?) -> String {
        let a = v.airframe
        var lines = [
            "\(a.serial)  \(a.model)\(a.batch.map { "  batch \($0)" } ?? "")",
            "state            \(a.state.rawValue) since \(CLILanguage.time(a.stateSince))",
            "unit             \(a.unit ?? "-")",
            "flight minutes   \(a.flightMinutes) in all, \(a.minutesSinceService) since service\(serviceLimits(model))",
            "due for service  \(v.due ? "YES" + (v.dueReasons.isEmpty ? "" : " (\(v.dueReasons.joined(separator: ", ")))") : "no")",
            "QC runs          \(a.qcAttempts)\(a.firstPassAt.map { ", first pass \(CLILanguage.time($0))" } ?? "")",
            "registered       \(CLILanguage.time(a.registeredAt))",
        ]
        if !v.pieces.isEmpty || !v.holdings.isEmpty {
            let items = v.pieces.map { "\($0.part) \($0.serial)" + ($0.position.map { " @\($0)" } ?? "") + " \($0.flightMinutes) min" + ($0.offBOM ? " (off BOM)" : "") }
                + v.holdings.map { "\($0.part) lot \($0.lot) × \($0.qty)" + ($0.offBOMQty > 0 ? " (\($0.offBOMQty) off BOM)" : "") }
            lines.append("installed        " + items.joined(separator: "\n                 "))
        }
        let next = AirframeLifecycle.events(allowedFrom: a.state).map(\.commandName)
        if !next.isEmpty { lines.append("next             \(next.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    static func serviceLimits(_ model: AirframeModel?) -> String {
        guard let m = model else { return "" }
        var parts: [String] = []
        if let minutes = m.serviceMinutes { parts.append("every \(minutes) min") }
        if let days = m.serviceDays { parts.append("every \(days) days") }
        return parts.isEmpty ? "" : " (service \(parts.joined(separator: " or ")))"
    }

    static func history(_ entries: [HistoryEntry]) -> String {
        table(["#", "occurred", "event", "by", "state", "details"], entries.map { h in
            let e = h.event
            var state = ""
            if let to = e.toState { state = (e.fromState.map { "\($0) → " } ?? "→ ") + to }
            var details = EventSummary.text(e)
            if let undoneBy = h.undoneBy { details = "[UNDONE by \(undoneBy.prefix(8))] " + details }
            return [String(e.seq), CLILanguage.time(e.occurredAt), e.kind.rawValue, e.actor, state, details]
        })
    }

    static func operatorView(_ v: OperatorView) -> String {
        let o = v.record
        return [
            "\(o.id)  \(o.name)",
            "unit     \(o.unit)",
            "state    \(o.state.rawValue)",
            "current  \(v.current ? "yes" : "no") (\(v.minutesLast90Days) flight minutes in the last 90 days; 60 needed)",
        ].joined(separator: "\n")
    }
}
