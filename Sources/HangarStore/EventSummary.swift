import HangarCore

/// One line describing an event's fields, for histories in the terminal and on pages, in
/// the reader's language (its phrases are `{name}` templates of the fragment tables).
public enum EventSummary {
    public static func text(_ e: RecordedEvent) -> String { text(e, language: .en) }

    public static func text(_ e: RecordedEvent, language: Language) -> String {
        func w(_ template: String, _ args: [String: String] = [:]) -> String {
            Catalogue.fill(Fragments.translationText(template, language) ?? template, args)
        }
        var parts: [String] = []
        switch e.body {
        case let .register(r):
            parts.append(w("model {model}", ["model": r.model]))
            if let b = r.batch { parts.append(w("batch {batch}", ["batch": b])) }
        case let .qc(run):
            if let o = run.outcome { parts.append(w("{outcome} (attempt {attempt}, checklist v{version})", ["outcome": o.rawValue.uppercased(), "attempt": String(run.attempt ?? 0), "version": String(run.checklistVersion ?? 0)])) }
            if let defects = run.defects { parts.append(w("defects {codes}", ["codes": defects.joined(separator: ",")])) }
            // What failed, and with what value, judged again against the limits it was recorded with.
            if run.outcome == .fail, let limits = run.limits,
               let judged = try? QCJudgement.judge(checklist: limits, checks: run.checks ?? [:], measures: run.measures ?? [:]) {
                let failed = judged.verdicts.filter { !$0.passed }.map { v in
                    v.item.kind == .check ? w("{key} failed", ["key": v.item.key]) : w("{key} {value} (limits {limits})", ["key": v.item.key, "value": v.value, "limits": v.item.limitsText])
                }
                if !failed.isEmpty { parts.append(w("failed: {items}", ["items": failed.joined(separator: ", ")])) }
            }
        case let .reworkDone(done), let .maintenanceClose(done):
            if let work = done.work { parts.append(w("work: {work}", ["work": work])) }
        case let .issue(issue):
            parts.append(w("unit {unit}", ["unit": issue.unit]))
        case let .flight(f):
            parts.append(w("{n} min", ["n": String(f.minutes)]))
            parts.append(f.purpose.rawValue)
            if let o = f.operator { parts.append(w("operator {id}", ["id": o])) }
            if let b = f.batteries { parts.append(w("batteries {serials}", ["serials": b.joined(separator: ",")])) }
        case let .assembled(a):
            if case let .some(.some(v)) = a.bomVersion { parts.append(w("BOM v{version}", ["version": String(v)])) }
        case let .install(i):
            parts.append([i.part, i.component, i.lot.map { w("lot {lot}", ["lot": $0]) }, i.qty.map { "× \($0)" }].compactMap { $0 }.joined(separator: " "))
            if let p = i.position { parts.append(w("at {position}", ["position": p])) }
            if let r = i.offBOM { parts.append(w("off BOM: {reason}", ["reason": r])) }
        case let .remove(r):
            parts.append([r.part, r.component, r.lot.map { w("lot {lot}", ["lot": $0]) }, r.qty.map { "× \($0)" }].compactMap { $0 }.joined(separator: " "))
            parts.append(w("to {disposition}", ["disposition": r.disposition.rawValue]))
            parts.append(w("reason: {reason}", ["reason": r.reason]))
        case let .stockReceive(r):
            parts.append(w("{n} received", ["n": String(r.qty)]))
            if let l = r.lot { parts.append(w("lot {lot}", ["lot": l])) }
            if let s = r.serials { parts.append(s.count <= 4 ? s.joined(separator: ",") : "\(s.first!)…\(s.last!)") }
            if let o = r.origin { parts.append(w("origin {origin}", ["origin": o])) }
            if let c = r.unitCost { parts.append(w("cost {cost}", ["cost": String(c)])) }
            if let s = r.supplier { parts.append(w("from {supplier}", ["supplier": s])) }
            if let d = r.doc { parts.append(w("doc {doc}", ["doc": d])) }
        case let .stockAdjust(a):
            if let l = a.lot, let d = a.qtyDelta { parts.append(w("lot {lot}", ["lot": l]) + " \(d > 0 ? "+" : "")\(d)") }
            if let s = a.serial, let st = a.status { parts.append("\(s) → \(st.rawValue)") }
            parts.append(w("reason: {reason}", ["reason": a.reason]))
        case let .batteryCheck(c):
            parts.append(w("{n} mAh", ["n": String(c.capacityMah)]))
            if let n = c.cycles { parts.append(w("counter {n} cycles", ["n": String(n)])) }
        case let .maintenanceOpen(opening):
            parts.append(w("reason: {reason}", ["reason": opening.reason.rawValue]))
        case let .awaitParts(wait):
            parts.append(w("part: {part}", ["part": wait.part]))
        case let .lost(loss), let .writeOff(loss):
            parts.append(w("reason: {reason}", ["reason": loss.reason]))
        case let .undo(undo):
            parts.append(w("reason: {reason}", ["reason": undo.reason]))
            if let u = undo.undoes { parts.append(w("undoes {id}", ["id": String(u.prefix(8))])) }
        case let .enroll(enrolment):
            parts.append(w("unit {unit}", ["unit": enrolment.unit]))
        case let .withdraw(withdrawal):
            if let r = withdrawal.reason { parts.append(w("reason: {reason}", ["reason": r])) }
        default:
            break
        }
        if let n = e.note { parts.append(w("note: {note}", ["note": n])) }
        return parts.joined(separator: "; ")
    }
}
