import HangarCore

/// One line describing an event's fields, for histories in the terminal and on pages.
public enum EventSummary {
    public static func text(_ e: RecordedEvent) -> String {
        var parts: [String] = []
        switch e.body {
        case let .register(r):
            parts.append("model \(r.model)")
            if let b = r.batch { parts.append("batch \(b)") }
        case let .qc(run):
            if let o = run.outcome { parts.append("\(o.rawValue.uppercased()) (attempt \(run.attempt ?? 0), checklist v\(run.checklistVersion ?? 0))") }
            if let defects = run.defects { parts.append("defects \(defects.joined(separator: ","))") }
            // What failed, and with what value, judged again against the limits it was recorded with.
            if run.outcome == .fail, let limits = run.limits,
               let judged = try? QCJudgement.judge(checklist: limits, checks: run.checks ?? [:], measures: run.measures ?? [:]) {
                let failed = judged.verdicts.filter { !$0.passed }.map { v in
                    v.item.kind == .check ? "\(v.item.key) failed" : "\(v.item.key) \(v.value) (limits \(v.item.limitsText))"
                }
                if !failed.isEmpty { parts.append("failed: " + failed.joined(separator: ", ")) }
            }
        case let .reworkDone(done), let .maintenanceClose(done):
            if let w = done.work { parts.append("work: \(w)") }
        case let .issue(issue):
            parts.append("unit \(issue.unit)")
        case let .flight(f):
            parts.append("\(f.minutes) min")
            parts.append(f.purpose.rawValue)
            if let o = f.operator { parts.append("operator \(o)") }
            if let b = f.batteries { parts.append("batteries \(b.joined(separator: ","))") }
        case let .assembled(a):
            if case let .some(.some(v)) = a.bomVersion { parts.append("BOM v\(v)") }
        case let .install(i):
            parts.append([i.part, i.component, i.lot.map { "lot \($0)" }, i.qty.map { "× \($0)" }].compactMap { $0 }.joined(separator: " "))
            if let p = i.position { parts.append("at \(p)") }
            if let r = i.offBOM { parts.append("off BOM: \(r)") }
        case let .remove(r):
            parts.append([r.part, r.component, r.lot.map { "lot \($0)" }, r.qty.map { "× \($0)" }].compactMap { $0 }.joined(separator: " "))
            parts.append("to \(r.disposition.rawValue)")
            parts.append("reason: \(r.reason)")
        case let .stockReceive(r):
            parts.append("\(r.qty) received")
            if let l = r.lot { parts.append("lot \(l)") }
            if let s = r.serials { parts.append(s.count <= 4 ? s.joined(separator: ",") : "\(s.first!)…\(s.last!)") }
            if let o = r.origin { parts.append("origin \(o)") }
            if let c = r.unitCost { parts.append("cost \(c)") }
            if let s = r.supplier { parts.append("from \(s)") }
            if let d = r.doc { parts.append("doc \(d)") }
        case let .stockAdjust(a):
            if let l = a.lot, let d = a.qtyDelta { parts.append("lot \(l) \(d > 0 ? "+" : "")\(d)") }
            if let s = a.serial, let st = a.status { parts.append("\(s) → \(st.rawValue)") }
            parts.append("reason: \(a.reason)")
        case let .batteryCheck(c):
            parts.append("\(c.capacityMah) mAh")
            if let n = c.cycles { parts.append("counter \(n) cycles") }
        case let .maintenanceOpen(opening):
            parts.append("reason: \(opening.reason.rawValue)")
        case let .awaitParts(wait):
            parts.append("part: \(wait.part)")
        case let .lost(loss), let .writeOff(loss):
            parts.append("reason: \(loss.reason)")
        case let .undo(undo):
            parts.append("reason: \(undo.reason)")
            if let u = undo.undoes { parts.append("undoes \(u.prefix(8))") }
        case let .enroll(enrolment):
            parts.append("unit \(enrolment.unit)")
        case let .withdraw(withdrawal):
            if let r = withdrawal.reason { parts.append("reason: \(r)") }
        default:
            break
        }
        if let n = e.note { parts.append("note: \(n)") }
        return parts.joined(separator: "; ")
    }
}
