/// Local content (DESIGN §11, §14): management indicators, not a certificate of origin.
/// Each share is nil on a zero denominator; count, cost and value shares are nil without a
/// workshop country.
public struct LocalContent: Equatable, Sendable {
    /// Domestic items over items of known origin.
    public var countShare: Double?
    /// Cost of domestic items over the cost of items of known origin and cost.
    public var costShare: Double?
    /// (Σ ex-works price − Σ foreign cost) / Σ ex-works price, over airframes with a price (CT-KZ style).
    public var valueShare: Double?
    /// Items of unknown origin or cost over all items.
    public var unknownShare: Double?

    public init(countShare: Double?, costShare: Double?, valueShare: Double?, unknownShare: Double?) {
        self.countShare = countShare; self.costShare = costShare; self.valueShare = valueShare; self.unknownShare = unknownShare
    }

    /// One line of an airframe's as-built configuration: a piece (count 1) or a lot quantity.
    public struct Item: Equatable, Sendable {
        public var origin: String
        public var cost: Int?
        public var count: Int
        public init(origin: String, cost: Int?, count: Int) { self.origin = origin; self.cost = cost; self.count = count }
    }

    /// An airframe as delivered: its items, and its model's ex-works price at its first pass.
    public struct Delivery: Equatable, Sendable {
        public var items: [Item]
        public var price: Int?
        public init(items: [Item], price: Int?) { self.items = items; self.price = price }
    }

    /// The four shares, pooling the integer sums over the airframes and dividing once; nil
    /// when no airframe has items. Unknown origin is not foreign; a foreign item without a
    /// cost adds nothing to the foreign cost (it counts as unknown).
    public static func of(_ deliveries: [Delivery], country: String?) -> LocalContent? {
        guard deliveries.contains(where: { !$0.items.isEmpty }) else { return nil }
        var items = 0, known = 0, domestic = 0, unknown = 0, costKnown = 0, costDomestic = 0, priced = 0, foreignOfPriced = 0
        for d in deliveries {
            for item in d.items {
                items += item.count
                if item.origin == Origin.unknown || item.cost == nil { unknown += item.count }
                guard item.origin != Origin.unknown else { continue }
                known += item.count
                let isDomestic = item.origin == country
                if isDomestic { domestic += item.count }
                if let cost = item.cost {
                    costKnown += cost * item.count
                    if isDomestic { costDomestic += cost * item.count }
                    if !isDomestic, d.price != nil { foreignOfPriced += cost * item.count }
                }
            }
            if let price = d.price { priced += price }
        }
        func share(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }
        let withCountry = country != nil
        return LocalContent(
            countShare: withCountry ? share(domestic, known) : nil,
            costShare: withCountry ? share(costDomestic, costKnown) : nil,
            valueShare: withCountry && priced > 0 ? Double(priced - foreignOfPriced) / Double(priced) : nil,
            unknownShare: share(unknown, items))
    }
}
