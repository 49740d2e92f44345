import Foundation
import HangarCore

/// The stable JSON shapes of DESIGN §6, shared by `--json` on the command line and the
/// server's API.
public enum JSONOutput {
    public static func text(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public static func orNull(_ value: Any?) -> Any { value ?? NSNull() }

    public static func airframe(_ v: AirframeView, history: [HistoryEntry]?) -> [String: Any] {
        let a = v.airframe
        var object: [String: Any] = [
            "serial": a.serial, "model": a.model, "batch": orNull(a.batch), "state": a.state.rawValue,
            "unit": orNull(a.unit), "flight_minutes": a.flightMinutes, "minutes_since_service": a.minutesSinceService,
            "due": v.due, "qc_attempts": a.qcAttempts, "first_pass_at": orNull(a.firstPassAt?.iso8601),
            "registered_at": a.registeredAt.iso8601, "state_since": a.stateSince.iso8601,
        ]
        if let history { object["history"] = history.map(event) }
        return object
    }

    public static func event(_ h: HistoryEntry) -> [String: Any] {
        var object = event(h.event)
        object["undone"] = h.undoneBy != nil
        object["undone_by"] = orNull(h.undoneBy)
        return object
    }

    public static func event(_ e: RecordedEvent) -> [String: Any] {
        var data = e.data
        data.limits = nil
        var object = (try? JSONSerialization.jsonObject(with: EventLine.canonicalJSON(data))) as? [String: Any] ?? [:]
        object["seq"] = e.seq
        object["id"] = e.id
        object["event"] = e.kind.rawValue
        object["at"] = e.occurredAt.iso8601
        object["recorded"] = e.recordedAt.iso8601
        object["by"] = e.actor
        object["from"] = orNull(e.fromState)
        object["to"] = orNull(e.toState)
        return object
    }

    public static func operatorView(_ v: OperatorView, history: [RecordedEvent]?) -> [String: Any] {
        let o = v.record
        var object: [String: Any] = [
            "id": o.id, "name": o.name, "unit": o.unit, "state": o.state.rawValue, "current": v.current,
            "minutes_last_90_days": v.minutesLast90Days,
        ]
        if let history { object["history"] = history.map(event) }
        return object
    }

    public static func model(_ m: AirframeModel) -> [String: Any] {
        [
            "name": m.name, "service_minutes": orNull(m.serviceMinutes), "service_days": orNull(m.serviceDays),
            "checklist_version": m.checklistVersion, "checklist": m.checklist.map(item),
        ]
    }

    public static func item(_ i: ChecklistItem) -> [String: Any] {
        var object: [String: Any] = ["key": i.key, "kind": i.kind.rawValue]
        if let u = i.unit { object["unit"] = u }
        if let lo = i.min { object["min"] = lo }
        if let hi = i.max { object["max"] = hi }
        return object
    }

    public static func staff(_ s: Staff) -> [String: Any] {
        ["id": s.id, "name": s.name, "roles": s.roles.map(\.rawValue)]
    }
}
