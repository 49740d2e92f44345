import Foundation
import HangarCore
import Prometheus

/// Prometheus metrics: events recorded by kind, rejections by reason, WIP per state,
/// request latency.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let latency: DurationHistogram

    init() {
        latency = registry.makeDurationHistogram(
            name: "hangar_request_duration_seconds",
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)],
            help: "Time to answer a request")
    }

    func recorded(_ kind: EventKind) {
        registry.makeCounter(name: "hangar_events_recorded_total", labels: [("kind", kind.rawValue)], help: "Events recorded, by kind")
            .increment()
    }

    func rejected(_ error: HangarError) {
        registry.makeCounter(name: "hangar_rejections_total", labels: [("reason", Self.reason(error))], help: "Refused writes, by reason")
            .increment()
    }

    static func reason(_ error: HangarError) -> String {
        switch error {
        case .invalidValue: return "invalid_value"
        case .missingField: return "missing_field"
        case .unexpectedField: return "unexpected_field"
        case .notAllowedFrom: return "not_allowed_from_state"
        case .roleRequired: return "role_required"
        case .rejected: return "rule"
        case .notFound: return "not_found"
        case .noActor: return "no_actor"
        case let .atLine(_, inner): return reason(inner)
        case .storage: return "storage"
        }
    }

    func wip(_ counts: [(AirframeState, Int)]) {
        for (state, count) in counts {
            registry.makeGauge(name: "hangar_airframes", labels: [("state", state.rawValue)], help: "Airframes per state").set(Double(count))
        }
    }

    func observe(_ duration: Duration) { latency.record(duration) }
}
