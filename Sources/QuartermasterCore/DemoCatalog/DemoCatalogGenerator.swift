/// A deterministic, seeded office-supplies catalog sold by five vendors with different pricing models.
///
/// Product `i` depends only on the seed and `i`, so a catalog of N products is a prefix of a larger one.
/// Product content (title, brand, GTIN, MPN, specs, category) is the same in every vendor's feed;
/// each vendor has its own SKUs, prices, stock, lead times, minimums and units.
public struct DemoCatalogGenerator: Sendable {
    public let products: Int
    public let seed: UInt64

    /// - Parameter products: distinct products (GTINs), at most 900,000.
    public init(products: Int = 2_400, seed: UInt64 = 20_261_121) {
        precondition((0...900_000).contains(products), "products must be between 0 and 900,000")
        self.products = products
        self.seed = seed
    }

    /// The five vendors: marketplace, office supplier, warehouse club and two local suppliers, in this order.
    public var vendors: [DemoVendor] { DemoVendorProfile.all.map(\.vendor) }

    /// Calls `body` with each JSON Lines record (one line of JSON text, no trailing newline) of the vendor's feed,
    /// stable order.
    public func forEachRecord(vendor index: Int, _ body: (String) throws -> Void) rethrows {
        precondition(DemoVendorProfile.all.indices.contains(index), "vendor index out of range")
        let profile = DemoVendorProfile.all[index]
        for item in 0..<products {
            var pick = SplitMix64(seed: seed, item: item, stream: 0)
            let kindIndex = DemoKind.pick(&pick)
            guard sellers(item: item, kind: DemoKind.all[kindIndex])[index] else { continue }
            let product = DemoProduct(index: item, kindIndex: kindIndex, seed: seed)
            var random = SplitMix64(seed: seed, item: item, stream: 10 + UInt64(index))
            try body(profile.record(for: product, random: &random))
        }
    }

    /// Which vendors sell product `item`: each decides by its coverage of the category; at least one always does.
    func sellers(item: Int, kind: DemoKind) -> [Bool] {
        var random = SplitMix64(seed: seed, item: item, stream: 1)
        var chosen = DemoVendorProfile.all.map { random.chance($0.coverage(kind.top)) }
        if !chosen.contains(true) { chosen[random.chance(0.7) ? 0 : 1] = true }
        return chosen
    }
}
