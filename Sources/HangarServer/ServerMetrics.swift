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
            descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer a request"),
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)])
    }

    func recorded(_ kind: EventKind) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "events_recorded", unitName: "total", helpText: "Events recorded, by kind"),
            labels: [("kind", kind.rawValue)])
            .increment()
    }

    func rejected(_ error: HangarError) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "rejections", unitName: "total", helpText: "Refused writes, by reason"),
            labels: [("reason", Self.reason(error))])
            .increment()
    }

    static func reason(_ error: HangarError) -> String {
        switch error {
        case .invalidValue: return "invalid_value"
        case .missingField: return "missing_field"
        case .unexpectedField: return "unexpected_field"
        case .notAllowedFrom: return "not_allowed_from_state"
        case .roleRequired: return "role_required"
        case let .rejected(_, _, rule): return rule.name
        case .notFound: return "not_found"
        case .noActor: return "no_actor"
        case let .atLine(_, inner), let .withSuggestions(inner, _): return reason(inner)
        case .storage: return "storage"
        }
    }

    func wip(_ counts: [(AirframeState, Int)]) {
        for (state, count) in counts {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "airframes", unitName: "", helpText: "Airframes per state"),
                labels: [("state", state.rawValue)]
            ).set(Double(count))
        }
    }

    /// Headquarters: one workshop's log replayed (whole, or its kept replay used again).
    func replayed(reused: Bool) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "hq_replays", unitName: "total",
                                             helpText: "Workshops' logs replayed at headquarters, and kept replays used again after a merge"),
            labels: [("kind", reused ? "kept" : "made")])
            .increment()
    }

    /// Headquarters: the workshops merged and the lines held (summed over them).
    func holding(workshops: Int, lines: Int) {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "hq_workshops", unitName: "", helpText: "Workshops merged at headquarters"))
            .set(Double(workshops))
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "hq_lines", unitName: "", helpText: "Lines held at headquarters"))
            .set(Double(lines))
    }

    /// One answered request: its time, and a count by status code.
    func observe(_ duration: Duration, status: Int) {
        latency.record(duration)
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "hangar", metricName: "requests", unitName: "total", helpText: "Requests answered, by status code"),
            labels: [("status", String(status))])
            .increment()
    }
}
