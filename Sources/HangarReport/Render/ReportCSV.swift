import CSV
import Foundation
import HangarCore

/// `--format csv`: one row per bucket, one column per scalar metric, with a header row.
public enum ReportCSV {
    public static let columns: [(String, @Sendable (PeriodMetrics) -> String)] = [
        ("start", { "\($0.start)" }), ("end", { "\($0.end)" }),
        ("registered", { "\($0.build.registered)" }), ("assembled", { "\($0.build.assembled)" }),
        ("delivered", { "\($0.build.delivered)" }),
        ("build_hours_p50", { cell($0.build.buildHoursP50) }), ("build_hours_p85", { cell($0.build.buildHoursP85) }),
        ("qc_runs", { "\($0.test.qcRuns)" }), ("qc_passed", { "\($0.test.qcPassed)" }), ("qc_failed", { "\($0.test.qcFailed)" }),
        ("first_pass_yield", { cell($0.test.firstPassYield) }),
        ("enrolled", { "\($0.train.enrolled)" }), ("qualified", { "\($0.train.qualified)" }),
        ("failed", { "\($0.train.failed)" }), ("withdrawn", { "\($0.train.withdrawn)" }),
        ("pass_rate", { cell($0.train.passRate) }), ("training_flight_hours", { cell($0.train.trainingFlightHours) }),
        ("units_covered", { "\($0.train.unitsCovered)" }),
        ("maintenance_opened_scheduled", { "\($0.maintain.openedScheduled)" }),
        ("maintenance_opened_defect", { "\($0.maintain.openedDefect)" }),
        ("maintenance_opened_damage", { "\($0.maintain.openedDamage)" }),
        ("maintenance_closed", { "\($0.maintain.closed)" }), ("restore_hours_p50", { cell($0.maintain.restoreHoursP50) }),
        ("mtbf_flight_hours", { cell($0.maintain.mtbfFlightHours) }),
        ("fleet_size", { "\($0.fleet.fleetSize)" }), ("available", { "\($0.fleet.available)" }),
        ("availability", { cell($0.fleet.availability) }), ("losses", { "\($0.fleet.losses)" }),
        ("annualized_delivery_rate", { cell($0.capacity.annualizedDeliveryRate) }),
        ("capacity_utilization", { cell($0.capacity.capacityUtilization) }),
        ("flights_while_due", { "\($0.compliance.flightsWhileDue)" }),
        ("flights_by_unqualified", { "\($0.compliance.flightsByUnqualified)" }), ("hasty_qc", { "\($0.compliance.hastyQC)" }),
        ("loops_active", { $0.loopsActive.map(\.rawValue).joined(separator: " ") }),
        ("top_defect", { text($0.test.defects.first?.code ?? "") }),
        // Added later: at the end, so earlier columns keep their places.
        ("issued", { "\($0.build.issued)" }), ("flights_without_operator", { "\($0.compliance.flightsWithoutOperator)" }),
    ]

    /// The supply group's scalars (DESIGN §11), after the columns above.
    public static let supplyColumns: [(String, @Sendable (SupplyMetrics?) -> String)] = [
        ("nmcm_hours", { cell($0?.nmcmHours) }), ("nmcs_hours", { cell($0?.nmcsHours) }),
        ("local_count_share", { cell($0?.localContent?.countShare) }), ("local_cost_share", { cell($0?.localContent?.costShare) }),
        ("local_value_share", { cell($0?.localContent?.valueShare) }), ("local_unknown_share", { cell($0?.localContent?.unknownShare) }),
        ("top_awaited_part", { text($0?.awaitingPartsByPart.first?.part ?? "") }),
    ]

    /// The forecast on the total row (DESIGN §14: `forecast.mode` is a CSV column too).
    static let forecastColumns: [(String, @Sendable (Forecast) -> String)] = [
        ("forecast_mode", { $0.mode.rawValue }),
        ("forecast_target", { "\($0.target)" }),
        ("forecast_p50_date", { $0.p50Date.map { "\($0)" } ?? "" }),
        ("forecast_p85_date", { $0.p85Date.map { "\($0)" } ?? "" }),
    ]

    /// A cell of text someone typed (a part awaited is free text): one that a spreadsheet
    /// would take for a formula (starting with =, +, -, @, a tab or a carriage return) is
    /// written after an apostrophe, which shows it as the text it is.
    static func text(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }

    /// An empty cell for a missing value; a number with at most four decimals, a dot
    /// separator whatever the language (JSON keeps them unrounded).
    static func cell(_ x: Double?) -> String {
        guard let x else { return "" }
        let r = (x * 10_000).rounded() / 10_000
        if r == r.rounded() && abs(r) < 1e15 { return String(Int64(r)) }
        var text = String(format: "%.4f", r)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    public static func render(_ r: ThroughputReport) -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        guard let writer = try? CSVWriter(stream: stream) else { return "" }
        try? writer.write(row: columns.map(\.0) + supplyColumns.map(\.0) + forecastColumns.map(\.0))
        let noForecast = forecastColumns.map { _ in "" }
        for (i, bucket) in r.buckets.enumerated() {
            let supply = r.supply?.buckets[i]
            try? writer.write(row: columns.map { $0.1(bucket) } + supplyColumns.map { $0.1(supply) } + noForecast)
        }
        // The whole period, as the last row: `start` reads "total"; the forecast (a value of
        // the period, not of a bucket) is on this row only.
        var totals = columns.map { $0.1(r.totals) } + supplyColumns.map { $0.1(r.supply?.totals) }
            + (r.forecast.map { f in forecastColumns.map { $0.1(f) } } ?? noForecast)
        totals[0] = "total"
        try? writer.write(row: totals)
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
