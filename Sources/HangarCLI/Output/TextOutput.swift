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
                let mark = v.passed ? "ok  " : "FAIL"  // fixed-width marks, as on a printed checklist
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

    /// Labels and values, one a line, the values aligned after the longest label (in the
    /// language of this run) and at least at `minWidth`.
    static func fields(_ rows: [(label: String, value: String)], minWidth: Int = 0) -> String {
        let labels = rows.map { tr($0.label) }
        let width = max(minWidth, (labels.map(\.count).max() ?? 0) + 2)
        return zip(labels, rows).map { pad($0, width) + $1.value.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: width)) }
            .joined(separator: "\n")
    }

    /// A plain table with a header row (its English words, read in the language of this run)
    /// and aligned columns.
    static func table(_ english: [String], _ rows: [[String]]) -> String {
        let header = english.map(tr)
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : pad(c, widths[i]) }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }

    static func airframe(_ v: AirframeView, model: AirframeModel?) -> String {
        let a = v.airframe
        var rows: [(label: String, value: String)] = [
            ("state", trf("{state} since {time}", ["state": a.state.rawValue, "time": CLILanguage.time(a.stateSince)])),
            ("unit", a.unit ?? "-"),
            ("flight minutes", trf("{all} in all, {since} since service", ["all": String(a.flightMinutes), "since": String(a.minutesSinceService)]) + serviceLimits(model)),
            ("due for service", v.due ? tr("YES") + (v.dueReasons.isEmpty ? "" : " (\(Catalogue.dueReasons(v.dueReasons, CLILanguage.current)))") : tr("no")),
            ("QC runs", "\(a.qcAttempts)" + (a.firstPassAt.map { ", " + trf("first pass {time}", ["time": CLILanguage.time($0)]) } ?? "")),
            ("registered", CLILanguage.time(a.registeredAt)),
        ]
        if !v.pieces.isEmpty || !v.holdings.isEmpty {
            let items = v.pieces.map { "\($0.part) \($0.serial)" + ($0.position.map { " @\($0)" } ?? "") + " " + trf("{n} min", ["n": String($0.flightMinutes)]) + ($0.offBOM ? " (" + tr("off BOM") + ")" : "") }
                + v.holdings.map { "\($0.part) " + trf("lot {lot} × {qty}", ["lot": $0.lot, "qty": String($0.qty)]) + ($0.offBOMQty > 0 ? " (" + trf("{n} off BOM", ["n": String($0.offBOMQty)]) + ")" : "") }
            rows.append(("installed", items.joined(separator: "\n")))
        }
        let next = AirframeLifecycle.events(allowedFrom: a.state).map(\.commandName)
        if !next.isEmpty { rows.append(("next", next.joined(separator: ", "))) }
        return "\(a.serial)  \(a.model)" + (a.batch.map { "  " + trf("batch {batch}", ["batch": $0]) } ?? "") + "\n" + fields(rows)
    }

    static func serviceLimits(_ model: AirframeModel?) -> String {
        guard let m = model else { return "" }
        var parts: [String] = []
        if let minutes = m.serviceMinutes { parts.append(trf("every {n} min", ["n": String(minutes)])) }
        if let days = m.serviceDays { parts.append(trf("every {n} days", ["n": String(days)])) }
        return parts.isEmpty ? "" : " (" + trf("service {when}", ["when": parts.joined(separator: tr(" or "))]) + ")"
    }

    static func history(_ entries: [HistoryEntry]) -> String {
        table(["#", "occurred", "event", "by", "state", "details"], entries.map { h in
            let e = h.event
            var state = ""
            if let to = e.toState { state = (e.fromState.map { "\($0) → " } ?? "→ ") + to }
            var details = EventSummary.text(e, language: CLILanguage.current)
            if let undoneBy = h.undoneBy { details = "[" + trf("UNDONE by {id}", ["id": String(undoneBy.prefix(8))]) + "] " + details }
            return [String(e.seq), CLILanguage.time(e.occurredAt), e.kind.rawValue, e.actor, state, details]
        })
    }

    static func operatorView(_ v: OperatorView) -> String {
        let o = v.record
        return "\(o.id)  \(o.name)\n" + fields([
            ("unit", o.unit),
            ("state", o.state.rawValue),
            ("current", (v.current ? tr("yes") : tr("no")) + " (" + trf("{n} flight minutes in the last 90 days; 60 needed", ["n": String(v.minutesLast90Days)]) + ")"),
        ])
    }
}
