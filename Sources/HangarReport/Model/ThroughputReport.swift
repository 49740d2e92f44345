import HangarCore

public struct DefectCount: Equatable, Sendable {
    public var code: String
    public var count: Int
}

public struct BuildMetrics: Equatable, Sendable {
    public var registered = 0
    public var assembled = 0
    public var delivered = 0
    /// Handed to a unit (`issue` events): what a commander may call "delivered".
    public var issued = 0
    public var buildHoursP50: Double?
    public var buildHoursP85: Double?
}

public struct TestMetrics: Equatable, Sendable {
    public var qcRuns = 0
    public var qcPassed = 0
    public var qcFailed = 0
    public var firstPassYield: Double?
    public var defects: [DefectCount] = []
}

public struct TrainMetrics: Equatable, Sendable {
    public var enrolled = 0
    public var qualified = 0
    public var failed = 0
    public var withdrawn = 0
    public var passRate: Double?
    public var trainingFlightHours = 0.0
    public var unitsCovered = 0
}

public struct MaintainMetrics: Equatable, Sendable {
    public var openedScheduled = 0
    public var openedDefect = 0
    public var openedDamage = 0
    public var closed = 0
    public var restoreHoursP50: Double?
    public var mtbfFlightHours: Double?
}

public struct FleetMetrics: Equatable, Sendable {
    public var fleetSize = 0
    public var available = 0
    public var availability: Double?
    public var losses = 0
}

public struct CapacityMetrics: Equatable, Sendable {
    public var annualizedDeliveryRate = 0.0
    public var capacityUtilization: Double?
}

public struct ComplianceMetrics: Equatable, Sendable {
    public var flightsWhileDue = 0
    public var flightsByUnqualified = 0
    public var hastyQC = 0
    /// Flights that name no operator.
    public var flightsWithoutOperator = 0
}

/// The four loops of the cycle, in their reporting order.
public enum Loop: String, CaseIterable, Sendable { case build, test, train, maintain }

/// The metrics of one bucket, or of the whole period (`totals`).
public struct PeriodMetrics: Equatable, Sendable {
    public var start: Day
    public var end: Day
    public var build = BuildMetrics()
    public var test = TestMetrics()
    public var train = TrainMetrics()
    public var maintain = MaintainMetrics()
    public var fleet = FleetMetrics()
    public var capacity = CapacityMetrics()
    public var compliance = ComplianceMetrics()
    public var loopsActive: [Loop] = []
    /// Airframes per state at the end (for the cumulative-flow chart).
    public var stateCounts: [AirframeState: Int] = [:]
}

public struct OldestWIP: Equatable, Sendable {
    public var serial: String
    public var state: AirframeState
    public var hours: Double
}

/// Airframes a unit holds at `to` (DESIGN §8 snapshot, `snapshot.units`): not lost or
/// written off, and issued to the unit (the unit of the latest issue, cleared by a return
/// or a QC pass); `available` of those, the ones in ready, training or in service (the
/// fleet's rule, restricted to the unit).
public struct UnitHolding: Equatable, Sendable {
    public var unit: String
    public var held: Int
    public var available: Int

    public init(unit: String, held: Int, available: Int) {
        self.unit = unit
        self.held = held
        self.available = available
    }

    /// Every unit in `units` (zeros included) and every unit holding an airframe, sorted by unit.
    public static func list(units: some Sequence<String>, counts: [String: (held: Int, available: Int)]) -> [UnitHolding] {
        var all = counts
        for unit in units where all[unit] == nil { all[unit] = (0, 0) }
        return all.sorted { $0.key < $1.key }.map { UnitHolding(unit: $0.key, held: $0.value.held, available: $0.value.available) }
    }
}

public struct ComplianceEvents: Equatable, Sendable {
    public var flightsWhileDue = IDList()
    public var flightsByUnqualified = IDList()
    public var hastyQC = IDList()
    /// The same events counted by airframe serial: a commander asks which airframes, not
    /// which event ids (the text report and the printable page show them).
    public var flightsWhileDueBySerial = SerialCounts()
    public var flightsByUnqualifiedBySerial = SerialCounts()
    public var hastyQCBySerial = SerialCounts()

    public init(flightsWhileDue: IDList = IDList(), flightsByUnqualified: IDList = IDList(), hastyQC: IDList = IDList(),
                flightsWhileDueBySerial: SerialCounts = [:], flightsByUnqualifiedBySerial: SerialCounts = [:],
                hastyQCBySerial: SerialCounts = [:]) {
        self.flightsWhileDue = flightsWhileDue; self.flightsByUnqualified = flightsByUnqualified; self.hastyQC = hastyQC
        self.flightsWhileDueBySerial = flightsWhileDueBySerial
        self.flightsByUnqualifiedBySerial = flightsByUnqualifiedBySerial
        self.hastyQCBySerial = hastyQCBySerial
    }
}

/// The state of the workshop at `to`.
public struct Snapshot: Equatable, Sendable {
    public var at: Day
    /// All eight non-terminal states, zeros included.
    public var wip: [(state: AirframeState, count: Int)]
    public var oldestWIP: [OldestWIP]
    public var dueForService: IDList
    /// Unit → count, every unit, zeros included, sorted by unit.
    public var currentOperators: [(unit: String, count: Int)]
    public var lapsedOperators: [(unit: String, count: Int)]
    public var complianceEvents: ComplianceEvents
    /// Airframes held and available per unit, every unit, sorted by unit.
    public var units: [UnitHolding] = []

    public static func == (a: Snapshot, b: Snapshot) -> Bool {
        a.at == b.at && a.wip.map(\.state) == b.wip.map(\.state) && a.wip.map(\.count) == b.wip.map(\.count)
            && a.oldestWIP == b.oldestWIP && a.dueForService == b.dueForService
            && a.currentOperators.map(\.unit) == b.currentOperators.map(\.unit)
            && a.currentOperators.map(\.count) == b.currentOperators.map(\.count)
            && a.lapsedOperators.map(\.count) == b.lapsedOperators.map(\.count)
            && a.complianceEvents == b.complianceEvents && a.units == b.units
    }
}

public struct CycleSummary: Equatable, Sendable {
    public var bucketsAllFour: Int
    public var currentStreak: Int
}

/// What a forecast waits for (DESIGN §14): `more(N)`, N more deliveries after `to`
/// (`--target N`); `total(N)`, N delivered in all, counting those delivered before `to`
/// (`--target-total N`).
public enum ForecastGoal: Equatable, Hashable, Sendable {
    case more(Int)
    case total(Int)

    /// The N given.
    public var target: Int {
        switch self {
        case let .more(n), let .total(n): return n
        }
    }

    public var mode: ForecastMode {
        switch self {
        case .more: return .more
        case .total: return .total
        }
    }
}

/// `forecast.mode` in the JSON.
public enum ForecastMode: String, Equatable, Sendable { case more, total }

/// When `target` more airframes will have been delivered after `to` (mode `more`), or when
/// `target` will have been delivered in all (mode `total`).
public struct Forecast: Equatable, Sendable {
    /// The N given: more after `to`, or in total.
    public var target: Int
    public var mode: ForecastMode = .more
    /// Airframes delivered (first QC pass) before `to`, since the log began.
    public var deliveredSoFar = 0
    /// The deliveries after `to` the trials wait for: `target` in mode `more`;
    /// `target − deliveredSoFar` in mode `total`, 0 when that is already reached.
    public var more = 0
    public var trials: Int
    public var seed: UInt64
    /// Delivered per complete ISO week of the period, the sample the trials draw from.
    public var weeklyDelivered: [Int]
    public var p50Weeks: Int?
    public var p85Weeks: Int?
    public var p50Date: Day?
    public var p85Date: Day?
    /// Cumulative deliveries after `to`, per future week: 15th, 50th and 85th percentile of the trials.
    public var fan: [FanPoint]
    /// Why there are no dates, when there are none.
    public var note: String?

    /// In mode `total`: the target was reached before `to` (no trials are run).
    public var alreadyReached: Bool { mode == .total && more == 0 }
}

public struct FanPoint: Equatable, Sendable {
    public var week: Int
    public var p15: Int
    public var p50: Int
    public var p85: Int
}

/// The commander's throughput report (DESIGN §8).
public struct ThroughputReport: Equatable, Sendable {
    public var period: ReportPeriod
    public var workshopName: String?
    public var capacityPerYear: Int?
    public var buckets: [PeriodMetrics]
    public var totals: PeriodMetrics
    public var snapshot: Snapshot
    public var cycle: CycleSummary
    public var forecast: Forecast?
    /// Sustainment (DESIGN §11): attached by the report's source, the same whichever way it was made.
    public var supply: SupplyReport?
    /// When the snapshot was taken: the earlier of `to` and now (set by the report's source).
    public var takenAt: Timestamp?

    /// The deliveries the stated capacity (in force at `to`) implies for a bucket:
    /// capacity per year × the bucket's days / 365 (the delivered chart's target line).
    public func capacityTarget(_ bucket: PeriodMetrics) -> Double? {
        capacityPerYear.map { Double($0) * Double(bucket.end.index - bucket.start.index) / 365 }
    }
}
