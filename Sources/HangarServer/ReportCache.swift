import HangarReport
import NIOCore

/// Reports the server has built, by their parameters and the length of the log. A report
/// is a function of the log and its parameters, and the log only grows, so while no event
/// is added every viewer of the same period gets the report of the first, without another
/// pass over the log; the next event makes a new key. Requests that arrive while a report
/// is being built wait for that one build instead of starting their own.
actor ReportCache {
    struct Key: Hashable {
        var from: Int64
        var to: Int64
        var every: String
        var target: Int?
        var lastSequence: Int64
        /// `target_total` (a forecast of a total rather than of more).
        var targetTotal: Int? = nil
    }

    private var building: [Key: Task<ThroughputReport, any Error>] = [:]
    /// Each report as a response body, per format: many viewers, one rendering.
    private var bodies: [Key: [String: ByteBuffer]] = [:]
    private var recent: [Key] = []
    let capacity: Int

    init(capacity: Int = 16) { self.capacity = capacity }

    func report(_ key: Key, build: @escaping @Sendable () async throws -> ThroughputReport) async throws -> ThroughputReport {
        if let task = building[key] {
            if recent.contains(key) { touch(key) }
            return try await task.value
        }
        let task = Task { try await build() }
        building[key] = task
        do {
            let report = try await task.value
            touch(key)
            return report
        } catch {
            building[key] = nil
            throw error
        }
    }

    private func touch(_ key: Key) {
        recent.removeAll { $0 == key }
        recent.append(key)
        while recent.count > capacity {
            let old = recent.removeFirst()
            building[old] = nil
            bodies[old] = nil
        }
    }

    /// The report of `key` rendered as `format`, rendered once.
    func body(_ key: Key, format: String, build: @escaping @Sendable () async throws -> ThroughputReport,
              render: @escaping @Sendable (ThroughputReport) async throws -> ByteBuffer) async throws -> ByteBuffer {
        if let body = bodies[key]?[format] { return body }
        let report = try await self.report(key, build: build)
        let body = try await render(report)
        if building[key] != nil { bodies[key, default: [:]][format] = body }
        return body
    }

    /// How many reports are kept (for tests).
    var count: Int { building.count }
}
