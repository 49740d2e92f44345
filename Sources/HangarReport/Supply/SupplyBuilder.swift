import HangarCore

/// The `supply` group of the report (DESIGN §11, §14) in one pass over the events that
/// concern it (`SupplyBuilder.kinds`: not undone, not undos, in log order), and the flight
/// usage of each piece before the snapshot (the store's flights and mentions). Pure.
/// Both ways a report is made (summaries, or one pass) attach this same result.
public struct SupplyBuilder: Sendable {
    /// The events the builder reads when it follows the airframes' steps (`init(period:takenAt:)`).
    public static let kinds: [EventKind] = [
        .register, .workshopSet, .modelAdd, .modelUpdate, .partAdd, .partUpdate, .stockReceive, .stockAdjust, .install,
        .remove, .batteryCheck, .qc, .maintenanceOpen, .awaitParts, .partsReceived, .maintenanceClose, .lost, .writeOff,
    ]

    /// The events it reads when its stock lists come from the store rewound to the period's
    /// end (`HangarStore.stockRewound`): the catalogue, the country and the losses.
    public static let settingKinds: [EventKind] = [.workshopSet, .partAdd, .partUpdate, .lost, .writeOff]

    /// A piece's flights before the snapshot: total minutes, and each flight's sequence
    /// number (a battery's cycles count the flights after its latest counter check).
    public struct Usage: Sendable {
        public var minutes: Int
        public var flightSeqs: [Int64]
        public init(minutes: Int, flightSeqs: [Int64]) { self.minutes = minutes; self.flightSeqs = flightSeqs }
    }

    let period: ReportPeriod
    let from: Int64, to: Int64, takenAt: Int64
    let ends: [Int64]
    var buckets: [Accumulator]
    var totals = Accumulator()

    /// Part settings in log order with their times (for "in force at t"), and the current ones.
    var partHistory: [String: [(at: Int64, part: Part)]] = [:]
    var parts: [String: Part] = [:]
    var countries: [(at: Int64, code: String)] = []
    var prices: [String: Int] = [:]
    var models: [String: String] = [:]
    /// Pieces, lots and what each airframe carries.
    var trail = StockTrail()
    var terminal: Set<String> = []
    var delivered: Set<String> = []
    /// Airframes in maintenance or awaiting parts: since when, and the part awaited.
    var down: [String: (state: AirframeState, since: Int64, part: String?, catalogued: Bool)] = [:]
    /// False when the stays and deliveries come from the summaries (`add(_: DowntimeStay)`,
    /// `addDelivery`) rather than from the airframes' steps.
    var followsSteps = true

    /// Per bucket: sums behind the shares, hours, waits by part, consumption.
    struct Accumulator {
        var items = 0, knownOrigin = 0, domestic = 0, unknown = 0
        var costKnown = 0, costDomestic = 0
        var priced = 0, foreignCostOfPriced = 0
        var deliveredWithItems = 0
        /// Milliseconds (exact, whatever the order they are added in).
        var nmcm: Int64 = 0, nmcs: Int64 = 0
        /// By part: the airframes that waited, each once (`airframes`), and at headquarters
        /// those of other workshops counted (`counted`: no two workshops share an airframe).
        var waits: [String: (part: String, catalogued: Bool, milliseconds: Int64, airframes: Set<String>, counted: Int)] = [:]
        var consumed: [String: Int] = [:]
        /// Delivered airframes' items, judged against the country at `to` when concluded.
        var deliveries: [LocalContent.Delivery] = []
    }

    public init(period: ReportPeriod, takenAt: Timestamp) {
        self.period = period
        from = period.instant(period.from).milliseconds
        to = period.instant(period.to).milliseconds
        self.takenAt = min(takenAt.milliseconds, to)
        ends = period.buckets.map { period.instant($0.end).milliseconds }
        buckets = Array(repeating: Accumulator(), count: ends.count)
    }

    /// A builder fed by the summaries: the stays (`add(_: DowntimeStay)`) and the deliveries
    /// with their items as built (`addDelivery`), and the events of `settingKinds`.
    public static func fromSummaries(period: ReportPeriod, takenAt: Timestamp) -> SupplyBuilder {
        var b = SupplyBuilder(period: period, takenAt: takenAt)
        b.followsSteps = false
        return b
    }

    /// A stay from the summaries: its hours in each bucket (it ends at the period's end at
    /// the latest, as a stay still open then does).
    public mutating func add(_ stay: DowntimeStay) {
        guard stay.since < to else { return }
        downtime(stay.serial, (stay.state, stay.since, stay.part, stay.catalogued), until: min(stay.until ?? to, to))
    }

    /// A first QC pass from the summaries, with the airframe's items then and its model's price.
    public mutating func addDelivery(at t: Int64, _ delivery: LocalContent.Delivery) {
        guard let b = bucket(t) else { return }
        buckets[b].deliveries.append(delivery)
        totals.deliveries.append(delivery)
    }

    func bucket(_ t: Int64) -> Int? {
        guard t >= from && t < to else { return nil }
        return ends.firstIndex { t < $0 }
    }

    public mutating func add(_ e: RecordedEvent) {
        if let step = AirframeStep(e) { return add(step) }
        let t = e.occurredAt.milliseconds
        guard t < to else { return }
        let b = bucket(t)
        trail.apply(e)
        switch e.body {
        case let .workshopSet(w): if let c = w.country { countries.append((t, c)) }
        case let .modelAdd(d): prices[e.subject] = d.exwPrice
        case let .modelUpdate(c): prices[e.subject] = c.exwPrice.applied(to: prices[e.subject])
        case let .partAdd(d):
            setPart(Part(number: e.subject, name: d.name, tracking: d.tracking, kind: d.kind, unitCost: d.unitCost,
                         origin: d.origin ?? Origin.unknown, reorderAt: d.reorderAt, lifeMinutes: d.lifeMinutes,
                         lifeCycles: d.lifeCycles, ratedMah: d.ratedMah), at: t)
        case let .partUpdate(c):
            guard var p = parts[e.subject] else { break }
            if let name = c.name { p.name = name }
            p.unitCost = c.unitCost.applied(to: p.unitCost)
            p.origin = c.origin.applied(to: p.origin) ?? Origin.unknown
            p.reorderAt = c.reorderAt.applied(to: p.reorderAt)
            p.lifeMinutes = c.lifeMinutes.applied(to: p.lifeMinutes)
            p.lifeCycles = c.lifeCycles.applied(to: p.lifeCycles)
            p.ratedMah = c.ratedMah.applied(to: p.ratedMah)
            setPart(p, at: t)
        case let .install(i) where followsSteps:
            if let b { buckets[b].consumed[i.part, default: 0] += i.count; totals.consumed[i.part, default: 0] += i.count }
        case let .remove(r) where followsSteps:
            if r.disposition == .stock, let b {
                buckets[b].consumed[r.part, default: 0] -= r.count
                totals.consumed[r.part, default: 0] -= r.count
            }
        default:
            break
        }
        if e.kind.subject == .airframe { moved(e.subject, to: e.toState, at: t, awaiting: nil) }
    }

    /// An airframe event of `stepKinds`, as the store streams it (or as `add` makes it of a
    /// recorded event).
    public mutating func add(_ step: AirframeStep) {
        let t = step.at.milliseconds
        guard t < to else { return }
        switch step.kind {
        case .register: if let model = step.detail { models[step.subject] = model }
        case .qc where step.detail == QCOutcome.pass.rawValue:
            if delivered.insert(step.subject).inserted, let b = bucket(t) { deliver(step.subject, in: b) }
        default: break
        }
        moved(step.subject, to: step.toState, at: t, awaiting: step.kind == .awaitParts ? step.detail : nil)
    }

    /// Not mission capable: time in maintenance and awaiting parts (`awaiting`), by state.
    mutating func moved(_ serial: String, to state: String?, at t: Int64, awaiting: String?) {
        guard let to = state.flatMap(AirframeState.init(rawValue:)) else { return }
        if to.isTerminal { terminal.insert(serial) }
        guard followsSteps else { return }
        if let d = down[serial] { downtime(serial, d, until: t) }
        switch to {
        case .maintenance: down[serial] = (.maintenance, t, nil, false)
        case .awaitingParts: down[serial] = (.awaitingParts, t, awaiting, awaiting.map { parts[$0] != nil } ?? false)
        default: down[serial] = nil
        }
    }

    mutating func setPart(_ p: Part, at t: Int64) {
        parts[p.number] = p
        partHistory[p.number, default: []].append((t, p))
    }

    /// A first QC pass: the airframe's items as built, for local content.
    mutating func deliver(_ serial: String, in b: Int) {
        let delivery = LocalContent.Delivery(items: trail.asBuilt(serial), price: models[serial].flatMap { prices[$0] })
        buckets[b].deliveries.append(delivery)
        totals.deliveries.append(delivery)
    }

    /// Hours down between `since` and `until`, clipped to each bucket and to the snapshot.
    mutating func downtime(_ serial: String, _ d: (state: AirframeState, since: Int64, part: String?, catalogued: Bool), until: Int64) {
        var start = max(d.since, from)
        let end = min(until, takenAt)
        guard start < end else { return }
        // The wait's key made once for the stay, not once for each week it spans.
        let part = d.part ?? "(unknown)"
        let key = d.state == .maintenance ? "" : "\(d.catalogued ? 1 : 0) " + part
        func add(_ acc: inout Accumulator, _ span: Int64) {
            if d.state == .maintenance { acc.nmcm += span } else {
                acc.nmcs += span
                // In place: a copy of the wait would copy its set of airframes.
                acc.waits[key, default: (part, d.catalogued, 0, [], 0)].milliseconds += span
                acc.waits[key, default: (part, d.catalogued, 0, [], 0)].airframes.insert(serial)
            }
        }
        // The first bucket ending after `start` (the ends rise), found by halving.
        var i = 0, past = ends.count
        while i < past {
            let middle = (i + past) / 2
            if ends[middle] > start { past = middle } else { i = middle + 1 }
        }
        while i < ends.count {
            let stop = min(ends[i], end)
            guard start < stop else { break }
            add(&buckets[i], stop - start)
            add(&totals, stop - start)
            start = stop
            if stop == end { break }
            i += 1
        }
    }

    /// The settings of a part in force at the snapshot: the latest set before it.
    func partInForce(_ number: String) -> Part? {
        partHistory[number]?.last { $0.at < takenAt }?.part
    }

    /// What the stock lists are judged by, from the events read before the period's end: each
    /// part's settings in force at the snapshot, the workshop's country, and the airframes
    /// lost or written off (their pieces are not listed).
    public var stockSettings: (parts: [Part], country: String?, terminal: Set<String>) {
        (parts.keys.sorted().compactMap(partInForce), countries.last?.code, terminal)
    }

    /// The group, from the pass's own stock (its events before the period's end) and each
    /// piece's flights before the snapshot.
    public mutating func build(usage: [String: Usage]) -> SupplyReport {
        var stock = StockAtSnapshot()
        (stock.parts, stock.country, _) = stockSettings
        // One pass over the pieces and one over the lots, not one per part.
        var inStock: [String: Int] = [:], inLots: [String: Int] = [:]
        for p in trail.pieces.values where p.status == .inStock { inStock[p.part, default: 0] += 1 }
        for l in trail.lots.values { inLots[l.part, default: 0] += l.onHand }
        for part in stock.parts {
            stock.onHand[part.number] = (part.tracking == .serial ? inStock[part.number] : inLots[part.number]) ?? 0
        }
        for (serial, p) in trail.pieces where p.status != .scrapped && !(p.airframe.map(terminal.contains) ?? false) {
            let use = usage[serial]
            let since = trail.counterCheck[serial] ?? Int64.min
            let cycles = (trail.counterCheck[serial] == nil ? 0 : p.cycles) + (use?.flightSeqs.filter { $0 > since }.count ?? 0)
            stock.pieces.append(PieceUse(serial: serial, part: p.part, airframe: p.airframe, battery: p.battery,
                                         minutes: use?.minutes ?? 0, cycles: cycles, capacityMah: p.capacityMah))
        }
        return build(stock: stock)
    }

    /// The group, with the stock lists from `stock` (the projections, or the pass's own).
    public mutating func build(stock: StockAtSnapshot) -> SupplyReport {
        for (serial, d) in down.sorted(by: { $0.key < $1.key }) { downtime(serial, d, until: to) }
        down = [:]
        countries = stock.country.map { [(to, $0)] } ?? []
        let country = stock.country
        let periodDays = Double(to - from) / 86_400_000
        let concluded = buckets.map { Self.metrics($0, country: country) }
        let totalMetrics = Self.metrics(totals, country: country)
        // Low stock at the snapshot, with weeks of cover at the period's mean use.
        var lowStock: [LowStock] = []
        for part in stock.parts.sorted(by: { $0.number < $1.number }) {
            guard let reorderAt = part.reorderAt else { continue }
            let onHand = stock.onHand[part.number] ?? 0
            guard onHand <= reorderAt else { continue }
            let weekly = Double(totals.consumed[part.number] ?? 0) * 7 / max(periodDays, 1)
            lowStock.append(LowStock(part: part.number, onHand: onHand, reorderAt: reorderAt, weeksOfCover: weekly > 0 ? Double(onHand) / weekly : nil))
        }
        let settings = Dictionary(stock.parts.map { ($0.number, $0) }, uniquingKeysWith: { $1 })
        var lifeLimited: [LifeLimited] = []
        var worn: [WornBattery] = []
        for p in stock.pieces.sorted(by: { $0.serial < $1.serial }) {
            guard let part = settings[p.part] else { continue }
            if let limit = part.lifeMinutes, p.minutes * 10 >= limit * 9 {
                lifeLimited.append(LifeLimited(serial: p.serial, part: p.part, airframe: p.airframe, measure: "minutes", used: p.minutes, limit: limit))
            }
            guard p.battery else { continue }
            if let limit = part.lifeCycles, p.cycles * 10 >= limit * 9 {
                lifeLimited.append(LifeLimited(serial: p.serial, part: p.part, airframe: p.airframe, measure: "cycles", used: p.cycles, limit: limit))
            }
            let health = Piece.health(capacityMah: p.capacityMah, ratedMah: part.ratedMah)
            if (part.lifeCycles.map { p.cycles >= $0 } ?? false) || (health.map { $0 < 0.8 } ?? false) {
                worn.append(WornBattery(serial: p.serial, part: p.part, cycles: p.cycles, health: health))
            }
        }
        return SupplyReport(buckets: concluded, totals: totalMetrics, lowStock: lowStock, lifeLimitedDue: lifeLimited, batteriesWorn: worn)
    }

    /// Parts consumed from the summaries' day counts (installs minus removals to stock), at `t`.
    public mutating func addConsumed(_ part: String, _ qty: Int, at t: Int64) {
        guard let b = bucket(t) else { return }
        buckets[b].consumed[part, default: 0] += qty
        totals.consumed[part, default: 0] += qty
    }

    static func metrics(_ a: Accumulator, country: String?) -> SupplyMetrics {
        var m = SupplyMetrics()
        m.nmcmHours = Double(a.nmcm) / 3_600_000
        m.nmcsHours = Double(a.nmcs) / 3_600_000
        m.awaitingPartsByPart = a.waits.values.filter { $0.milliseconds > 0 }
            .map { PartWait(part: $0.part, catalogued: $0.catalogued, airframes: $0.airframes.count + $0.counted, hours: Double($0.milliseconds) / 3_600_000) }
            .sorted { ($1.hours, $0.part, $0.catalogued ? 1 : 0) < ($0.hours, $1.part, $1.catalogued ? 1 : 0) }
        m.partsConsumed = a.consumed.filter { $0.value != 0 }.map { PartQuantity(part: $0.key, qty: $0.value) }
            .sorted { ($1.qty, $0.part) < ($0.qty, $1.part) }
        m.localContent = LocalContent.of(a.deliveries, country: country)
        return m
    }
}
