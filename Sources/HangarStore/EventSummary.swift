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
        case let .reworkDone(done), let .maintenanceClose(done):
            if let w = done.work { parts.append("work: \(w)") }
        case let .issue(issue):
            parts.append("unit \(issue.unit)")
        case let .flight(f):
            parts.append("\(f.minutes) min")
            parts.append(f.purpose.rawValue)
            if let o = f.operator { parts.append("operator \(o)") }
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
