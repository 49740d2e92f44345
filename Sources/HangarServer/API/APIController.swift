import Foundation
import HangarAccess
import HangarCore
import HangarReport
import HangarStore
import Hummingbird

/// The JSON API under /api/v1: everything the command line can record and read, through
/// the same rules, with the same error texts. Documented in openapi.yaml.
struct APIController {
    let env: ServerEnvironment

    /// Every API route, as (method, path) — the OpenAPI test checks this list and the file agree.
    static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/v1/me"), (.get, "/api/v1/workshop"), (.get, "/api/v1/staff"), (.get, "/api/v1/units"),
        (.get, "/api/v1/models"), (.get, "/api/v1/models/{name}"), (.get, "/api/v1/airframes"),
        (.get, "/api/v1/airframes/{serial}"), (.get, "/api/v1/operators"), (.get, "/api/v1/operators/{id}"),
        (.get, "/api/v1/report"), (.post, "/api/v1/events"),
    ]

    func add(to group: RouterGroup<HangarRequestContext>) {
        group.get("me") { _, context in
            APIResponse.json(StaffJSON(context.identity!.staff))
        }
        group.get("workshop") { _, _ in
            try await read { store in
                WorkshopJSON(try store.workshop())
            }
        }
        group.get("staff") { _, _ in try await read { try $0.staffList().map(StaffJSON.init) } }
        group.get("units") { _, _ in try await read { try $0.units() } }
        group.get("models") { _, _ in try await read { try $0.models().map(ModelJSON.init) } }
        group.get("models/:name") { _, context in
            let name = try context.parameters.decoded("name")
            return try await read { store in
                guard let m = try store.model(name) else { throw HangarError.notFound(what: "model", name: name) }
                return ModelJSON(m)
            }
        }
        group.get("airframes") { request, _ in
            let q = try Form.query(request)
            let state = try q.get("state").map { try Self.parse(AirframeState.self, $0, "state") }
            let due = try q.get("due").flatMap { $0.isEmpty ? nil : $0 }.map { raw -> Bool in
                guard raw == "true" || raw == "false" else {
                    throw HangarError.invalidValue(field: "due", value: Names.printable(raw), allowed: "due is true or false")
                }
                return raw == "true"
            } ?? false
            let filter = AirframeFilter(state: state, model: q.get("model"), unit: q.get("unit"), dueOnly: due)
            let now = env.clock()
            return try await read { try $0.airframes(filter, now: now).map { AirframeJSON($0) } }
        }
        group.get("airframes/:serial") { request, context in
            let serial = try Names.serial(try context.parameters.decoded("serial"))
            let q = try Form.query(request)
            let limit = try Self.wholeNumber(q.get("limit"), "limit", in: 1...1_000_000) ?? 1000
            let before = try Self.wholeNumber(q.get("before"), "before", in: 1...Int.max).map(Int64.init)
            let now = env.clock()
            return try await read { store in
                guard let view = try store.airframe(serial, now: now) else { throw HangarError.notFound(what: "airframe", name: serial) }
                return AirframeJSON(view, history: try store.history(of: serial, limit: limit, beforeSeq: before))
            }
        }
        group.get("operators") { request, _ in
            let q = try Form.query(request)
            let state = try q.get("state").map { try Self.parse(OperatorState.self, $0, "state") }
            let unit = q.get("unit")
            let now = env.clock()
            return try await read { try $0.operators(state: state, unit: unit, now: now).map { OperatorJSON($0) } }
        }
        group.get("operators/:id") { _, context in
            let id = try context.parameters.decoded("id")
            let now = env.clock()
            return try await read { store in
                guard let view = try store.operatorView(id, now: now) else { throw HangarError.notFound(what: "operator", name: id) }
                return OperatorJSON(view, history: try store.operatorHistory(of: id))
            }
        }
        group.get("report") { request, _ in
            do {
                let store = env.store
                let zone = try await env.blocking { try store.workshop().timezone }
                let query = try ReportQuery(try Form.query(request), now: env.clock(), zone: zone)
                let body = try await query.body(env, format: "api-json") { String(decoding: ReportJSON.bytes($0, pretty: false), as: UTF8.self) }
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
            } catch let error as HangarError {
                return APIResponse.refusal(error)
            }
        }
        group.post("events") { request, context in
            // A write refused before the writer checked its token (its type, size or fields, or
            // a rule) may carry a remembered token revoked since: that gets 401, as it would
            // have before the token was remembered, not the refusal.
            do {
                let response = try await Self.postEvent(request, context: context, env: env)
                guard response.status != .created, response.status != .unauthorized else { return response }
                return try await Self.withdrawnTokenAnswer(context, env) ?? response
            } catch {
                if let answer = try await Self.withdrawnTokenAnswer(context, env) { return answer }
                throw error
            }
        }
    }

    /// 401 when the request's API token no longer belongs to its bearer (revoked), after
    /// forgetting it; nil for a session or a token still valid.
    static func withdrawnTokenAnswer(_ context: HangarRequestContext, _ env: ServerEnvironment) async throws -> Response? {
        guard let identity = context.identity, let hash = identity.tokenHash,
              try await env.signIn.accounts.staff(forTokenHash: hash)?.id != identity.staff.id else { return nil }
        env.tokens.forget(tokenHash: hash)
        return APIResponse.signInFirst()
    }

    /// `POST /api/v1/events`: the event judged and written, or the refusal.
    static func postEvent(_ request: Request, context: HangarRequestContext, env: ServerEnvironment) async throws -> Response {
        // The media type itself, before any parameters (`; charset=utf-8`): not a prefix match,
        // which would take application/jsonx.
        guard let type = request.headers[.contentType],
              type.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/json" else {
            return APIResponse.error(.unsupportedMediaType, "send the event as Content-Type: application/json")
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        do {
            let identity = context.identity!
            let (input, happensNow) = try Self.eventInput(Data(buffer: body), actor: identity.staff.id, now: env.clock())
            let decision = try await env.record(input, happensNow: happensNow, tokenHash: identity.tokenHash)
            return APIResponse.json(RecordedJSON(event: EventJSON(decision.event), verdicts: decision.judgement?.verdicts.map(VerdictJSON.init)),
                                    status: .created)
        } catch let error as HangarError {
            return APIResponse.refusal(error)
        } catch is TokenWithdrawn {
            // Revoked (or given to someone else) since it was last seen: not written.
            if let hash = context.identity?.tokenHash { env.tokens.forget(tokenHash: hash) }
            return APIResponse.signInFirst()
        }
    }

    /// A whole-number query value in `range`, or nil when absent or empty.
    static func wholeNumber(_ raw: String?, _ field: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard raw.allSatisfy(\.isASCII), let n = Int(raw), range.contains(n) else {
            throw HangarError.invalidValue(field: field, value: Names.printable(raw),
                                           allowed: "\(field) is a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    static func parse<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ raw: String, _ field: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw HangarError.invalidValue(field: field, value: Names.printable(raw), allowed: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// An event from a request body: the interchange format without `id` and `by` (the
    /// server names the signed-in author and a new id); `at` defaults to now. The body is
    /// read once, strictly, and decoded as the line would be: nothing is written out again.
    static func eventInput(_ body: Data, actor: String, now: Timestamp) throws -> (EventInput, happensNow: Bool) {
        let value: JSONValue
        do {
            value = try JSONReader.read(body)
        } catch let HangarError.invalidValue(field, shown, allowed) {
            // The reader speaks of lines; an API body is one object.
            throw HangarError.invalidValue(
                field: field == "line" ? "body" : field, value: shown,
                allowed: allowed.replacingOccurrences(of: "each line must be one JSON object", with: "send one JSON object"))
        }
        guard case var .object(object) = value else {
            throw HangarError.invalidValue(field: "body", value: EventLine.preview(body), allowed: "send one JSON object")
        }
        // An optional field is left out, not sent as null (the document has no nullable fields),
        // at any depth (a checklist item's bound too).
        if let path = value.nullPath() {
            throw HangarError.invalidValue(field: Names.printable(path), value: "null", allowed: "leave an optional field out instead of sending null")
        }
        for key in ["id", "by", "recorded"] {
            if let given = object[key] {
                throw HangarError.invalidValue(field: key, value: given.shown, allowed: "the server sets \(key) (the signed-in author, a new id, now)")
            }
        }
        object["id"] = .string(EventID.make(at: now))
        object["by"] = .string(actor)
        let happensNow = object["at"] == nil
        if happensNow { object["at"] = .string(now.iso8601) }
        return (try EventLine.input(from: object), happensNow)
    }

    /// Runs a read off the event loop and answers JSON, or the refusal.
    func read(_ body: @escaping @Sendable (HangarStore) throws -> any Encodable & Sendable) async throws -> Response {
        let store = env.store
        do {
            let value = try await env.blocking { try body(store) }
            return APIResponse.json(value)
        } catch let error as HangarError {
            return APIResponse.refusal(error)
        }
    }
}

/// The answer to a recorded event: the event, and the verdicts of a QC run.
struct RecordedJSON: Encodable, Sendable {
    var event: EventJSON
    var verdicts: [VerdictJSON]?
}

/// The report's parameters from a query string: from, to, every, and target (N more after
/// `to`) or target_total (N delivered in all), not both.
struct ReportQuery {
    var period: ReportPeriod
    var target: Int?
    var targetTotal: Int?

    /// What the forecast waits for, if anything.
    var goal: ForecastGoal? { targetTotal.map(ForecastGoal.total) ?? target.map(ForecastGoal.more) }

    /// `zone`: the workshop's time zone; days, weeks and months are then local (DESIGN §13).
    init(_ q: Form, now: Timestamp, zone: String?) throws {
        let today = LocalDays(zone: zone).day(now)
        let defaults = ReportPeriod.defaults(today: today)
        let to = try q.get("to").flatMap { $0.isEmpty ? nil : $0 }.map { try Day.parse($0, field: "to") } ?? defaults.to
        let every = try q.get("every").flatMap { $0.isEmpty ? nil : $0 }.map { try APIController.parse(Bucketing.self, $0, "every") } ?? .week
        let from = try q.get("from").flatMap { $0.isEmpty ? nil : $0 }.map { try Day.parse($0, field: "from") } ?? ReportPeriod.defaultFrom(to: to, every: every)
        period = try ReportPeriod(from: from, to: to, every: every, timezone: zone)
        func whole(_ field: String) throws -> Int? {
            guard let t = q.get(field), !t.isEmpty else { return nil }
            guard let n = Int(t), (1...10_000_000).contains(n) else {
                throw HangarError.invalidValue(field: field, value: t, allowed: "a whole number from 1 to 10000000")
            }
            return n
        }
        target = try whole("target")
        targetTotal = try whole("target_total")
        if let total = targetTotal, target != nil {
            throw HangarError.invalidValue(field: "target_total", value: String(total),
                                           allowed: "give target (more after the period) or target_total (in total), not both")
        }
    }

    func run(_ env: ServerEnvironment) async throws -> ThroughputReport {
        try await env.reports.report(try await key(env), build: builder(env))
    }

    /// The report rendered by `render`, kept with the report so that many viewers share one rendering.
    func body(_ env: ServerEnvironment, format: String, render: @escaping @Sendable (ThroughputReport) throws -> String) async throws -> ByteBuffer {
        try await env.reports.body(try await key(env), format: format, build: builder(env)) { report in
            try await env.blocking { ByteBuffer(string: try render(report)) }
        }
    }

    /// Building a report after an event was added is harmless: the key only ever
    /// understates the log it was built from, and the next request has a newer key.
    func key(_ env: ServerEnvironment) async throws -> ReportCache.Key {
        let store = env.store
        let last = try await env.blocking { try store.lastSequence() }
        return ReportCache.Key(from: period.from.index, to: period.to.index, every: period.every.rawValue, target: target, lastSequence: last,
                               targetTotal: targetTotal)
    }

    func builder(_ env: ServerEnvironment) -> @Sendable () async throws -> ThroughputReport {
        let (period, goal, store) = (self.period, self.goal, env.store)
        return {
            try await env.blocking {
                try ReportSource.report(from: store, period: period, goal: goal)
            }
        }
    }
}
