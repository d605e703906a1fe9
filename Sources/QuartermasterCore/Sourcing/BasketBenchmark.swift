import Foundation

/// Seeded random baskets and a runner that times the optimiser on them (`quartermaster bench optimize`).
public enum BasketBenchmark {
    /// A realistic random basket: vendors with flat fees 5–60, most with a free-shipping threshold
    /// (50–500) and some with a minimum order value; each item offered by a random subset of vendors
    /// (larger distributors carry more) at prices dispersed around the item's base price by a vendor
    /// factor and per-offer noise; 10–40 % of offers with 1–3 price breaks; a quarter of offers with a
    /// limited stock (sometimes short of the line, forcing splits), some MOQs and order multiples.
    public static func instance(items itemCount: Int, vendors vendorCount: Int, seed: UInt64) -> BasketProblem {
        var random = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(itemCount * 1_000 + vendorCount))
        func cents(_ value: Double) -> FixedDecimal { FixedDecimal(units: Int64((max(value, 0.01) * 100).rounded()) * 100) }
        var vendors: [BasketVendor] = []
        var factor: [Double] = []
        var breadth: [Double] = []
        var leadBase: [Int] = []
        for v in 0..<vendorCount {
            let fee = FixedDecimal(units: Int64(random.int(5...60)) * FixedDecimal.scale - (random.chance(0.5) ? 100 : 0))
            let threshold = random.chance(0.7) ? FixedDecimal(random.int(1...10) * 50) : nil
            let minimum = random.chance(0.25) ? FixedDecimal(random.int(2...15) * 10) : nil
            vendors.append(
                BasketVendor(
                    id: "V\(String(v + 1).leftPadded(to: 3))", shippingFee: fee, freeShippingOver: threshold, minOrderValue: minimum))
            factor.append(0.9 + 0.25 * random.unit())
            breadth.append(0.2 + random.unit() * random.unit() * 2)
            leadBase.append(random.int(1...10))
        }
        let breakShare = 0.1 + 0.3 * random.unit()
        var items: [BasketItem] = []
        var offers: [BasketOffer] = []
        let maxOffers = max(2, min(vendorCount, vendorCount / 4 + 2))
        for i in 0..<itemCount {
            let sku = "SKU\(String(i + 1).leftPadded(to: 5))"
            let roll = random.unit()
            let quantity = roll < 0.6 ? random.int(1...20) : roll < 0.9 ? random.int(20...100) : random.int(100...500)
            items.append(BasketItem(sku: sku, quantity: quantity))
            let base = 0.5 * pow(400, random.unit())
            let count = random.int(min(2, vendorCount)...maxOffers)
            // Weighted sampling without replacement.
            var weights = breadth
            for _ in 0..<count {
                let total = weights.reduce(0, +)
                guard total > 0 else { break }
                var pick = random.unit() * total
                var v = 0
                while v < vendorCount - 1 && (weights[v] == 0 || pick >= weights[v]) {
                    pick -= weights[v]
                    v += 1
                }
                if weights[v] == 0 { v = weights.firstIndex(where: { $0 > 0 })! }
                weights[v] = 0
                let price = base * factor[v] * (0.92 + 0.18 * random.unit())
                var breaks: [BasketPriceBreak] = []
                if random.chance(breakShare) {
                    var discount = 1.0
                    for tier in [10, 25, 50, 100, 250].shuffledPrefix(random.int(1...3), &random).sorted() {
                        discount -= 0.03 + 0.05 * random.unit()
                        breaks.append(BasketPriceBreak(minQuantity: tier, unitPrice: cents(price * discount)))
                    }
                }
                var stock: Int? = nil
                if random.chance(0.25) { stock = max(1, Int(Double(quantity) * (0.3 + 2.7 * random.unit()))) }
                let moq = random.chance(0.2) ? random.pick([5, 10, 25]) : 1
                let multiple = random.chance(0.2) ? random.pick([2, 5, 10, 12]) : 1
                offers.append(
                    BasketOffer(
                        vendor: vendors[v].id, sku: sku, unitPrice: cents(price), stock: stock, moq: moq, orderMultiple: multiple,
                        leadTimeDays: leadBase[v] + random.int(0...5), priceBreaks: breaks))
            }
        }
        return BasketProblem(items: items, vendors: vendors, offers: offers)
    }

    /// Timing figures for one basket size.
    public struct Figures: Sendable, Hashable {
        public var items: Int
        public var vendors: Int
        public var instances: Int
        public var p50Seconds: Double
        public var p95Seconds: Double
        public var maxSeconds: Double
        /// Share of instances solved to proven optimality.
        public var provenShare: Double
        public var meanGap: Double
        public var maxGap: Double
        public var meanNodes: Double
    }

    /// Solves `instances` seeded baskets of the given size and summarises the times and gaps.
    public static func run(
        items: Int, vendors: Int, instances: Int, seed: UInt64 = 1, timeLimitSeconds: Double = 2, gapTolerance: Double? = nil
    ) -> Figures {
        var times: [Double] = []
        var proven = 0
        var gaps: [Double] = []
        var nodes = 0
        let clock = ContinuousClock()
        for k in 0..<instances {
            let problem = instance(items: items, vendors: vendors, seed: seed &+ UInt64(k))
            let start = clock.now
            let plan = try? BasketOptimizer.solve(
                problem, options: BasketOptions(timeLimitSeconds: timeLimitSeconds, explain: false, gapTolerance: gapTolerance))
            times.append((clock.now - start).inSeconds)
            guard let plan else { continue }
            if plan.status == .optimal { proven += 1 }
            gaps.append(plan.gap)
            nodes += plan.nodes
        }
        times.sort()
        func percentile(_ q: Double) -> Double {
            times.isEmpty ? 0 : times[min(times.count - 1, Int((Double(times.count) * q).rounded(.up)) - 1)]
        }
        return Figures(
            items: items, vendors: vendors, instances: instances, p50Seconds: percentile(0.5), p95Seconds: percentile(0.95),
            maxSeconds: times.last ?? 0, provenShare: instances == 0 ? 0 : Double(proven) / Double(instances),
            meanGap: gaps.isEmpty ? 0 : gaps.reduce(0, +) / Double(gaps.count), maxGap: gaps.max() ?? 0,
            meanNodes: instances == 0 ? 0 : Double(nodes) / Double(instances))
    }
}

extension Array {
    fileprivate func shuffledPrefix(_ n: Int, _ random: inout SplitMix64) -> [Element] {
        var copy = self
        for k in 0..<Swift.min(n, count) { copy.swapAt(k, random.int(k...(count - 1))) }
        return Array(copy.prefix(n))
    }
}
