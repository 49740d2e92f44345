import HangarCore

extension SupplyBuilder {
    /// The national supply group (DESIGN §12, §14), from each workshop's pass once built
    /// (`builder` is the pass after `build(usage:)`, `report` what that gave). Hours, waits and
    /// consumption are sums (waits count airframes per workshop). Local content judges each
    /// delivered airframe's items against its own workshop's country; the count share is
    /// unknown when a workshop has no country, and the cost and value shares also when the
    /// workshops' currencies differ. Stock, life and battery lists are each workshop's own,
    /// their serials, airframes and stocked parts under the workshop's code.
    public static func national(_ parts: [(code: String, builder: SupplyBuilder, report: SupplyReport)], currenciesAgree: Bool) -> SupplyReport? {
        guard let first = parts.first else { return nil }
        let local = "local"  // not a country code (two capital letters): stands for "the airframe's own workshop's country"
        let everyCountry = parts.allSatisfy { $0.builder.countries.last != nil }
        var buckets = Array(repeating: Accumulator(), count: first.builder.buckets.count)
        var totals = Accumulator()
        var lowStock: [LowStock] = [], lifeLimited: [LifeLimited] = [], worn: [WornBattery] = []
        func fold(_ a: Accumulator, into n: inout Accumulator, code: String, country: String?) {
            n.nmcm += a.nmcm
            n.nmcs += a.nmcs
            for (key, w) in a.waits {
                // Each workshop's airframes are its own: counted, not gathered under its code.
                n.waits[key, default: (w.part, w.catalogued, 0, [], 0)].milliseconds += w.milliseconds
                n.waits[key, default: (w.part, w.catalogued, 0, [], 0)].counted += w.airframes.count + w.counted
            }
            n.consumed.merge(a.consumed, uniquingKeysWith: +)
            for d in a.deliveries {
                n.deliveries.append(LocalContent.Delivery(
                    items: d.items.map { LocalContent.Item(origin: $0.origin == country ? local : $0.origin, cost: $0.cost, count: $0.count) },
                    price: d.price))
            }
        }
        for (code, builder, report) in parts {
            let country = builder.countries.last?.code
            for i in buckets.indices where i < builder.buckets.count { fold(builder.buckets[i], into: &buckets[i], code: code, country: country) }
            fold(builder.totals, into: &totals, code: code, country: country)
            let p = code + "/"
            lowStock += report.lowStock.map { var s = $0; s.part = p + s.part; return s }
            lifeLimited += report.lifeLimitedDue.map { var l = $0; l.serial = p + l.serial; l.airframe = l.airframe.map { p + $0 }; return l }
            worn += report.batteriesWorn.map { var b = $0; b.serial = p + b.serial; return b }
        }
        func metrics(_ a: Accumulator) -> SupplyMetrics {
            var m = Self.metrics(a, country: everyCountry ? local : nil)
            if everyCountry, !currenciesAgree, var content = m.localContent {
                content.costShare = nil
                content.valueShare = nil
                m.localContent = content
            }
            return m
        }
        return SupplyReport(buckets: buckets.map(metrics), totals: metrics(totals), lowStock: lowStock, lifeLimitedDue: lifeLimited, batteriesWorn: worn)
    }
}
