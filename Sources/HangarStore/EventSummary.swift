import HangarCore

/// One line describing an event's data, for histories in the terminal and on pages.
public enum EventSummary {
    public static func text(_ e: RecordedEvent) -> String {
        let d = e.data
        var parts: [String] = []
        if let m = d.model { parts.append("model \(m)") }
        if let b = d.batch { parts.append("batch \(b)") }
        if let u = d.unit { parts.append("unit \(u)") }
        if let m = d.minutes { parts.append("\(m) min") }
        if let p = d.purpose { parts.append(p.rawValue) }
        if let o = d.operator { parts.append("operator \(o)") }
        if let o = d.outcome { parts.append("\(o.rawValue.uppercased()) (attempt \(d.attempt ?? 0), checklist v\(d.checklistVersion ?? 0))") }
        if let defects = d.defects { parts.append("defects \(defects.joined(separator: ","))") }
        if let r = d.reason { parts.append("reason: \(r)") }
        if let p = d.part { parts.append("part: \(p)") }
        if let w = d.work { parts.append("work: \(w)") }
        if let u = d.undoes { parts.append("undoes \(u.prefix(8))") }
        if let n = d.note { parts.append("note: \(n)") }
        return parts.joined(separator: "; ")
    }
}
