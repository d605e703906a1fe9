/// SplitMix64: a tiny, fast, portable pseudo-random generator, so the demo catalog is the same on every platform.
struct DemoRandom: Sendable {
    private var state: UInt64

    init(state: UInt64) { self.state = state }

    /// A generator for one stream of one product: independent of how many products are generated.
    init(seed: UInt64, item: Int, stream: UInt64) {
        let a = DemoRandom.mix(seed &+ 0x243F_6A88_85A3_08D3)
        let b = DemoRandom.mix(a ^ (UInt64(truncatingIfNeeded: item) &* 0x9E37_79B9_7F4A_7C15))
        state = DemoRandom.mix(b &+ stream &* 0xD1B5_4A32_D192_ED03)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return DemoRandom.mix(state)
    }

    /// A uniform integer in `range` (the modulo bias is irrelevant for demo data).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// A uniform number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func double(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }

    /// Picks `index` with a probability proportional to `weights[index]`.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var roll = int(0...(total - 1))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// Between `low` and `high` distinct values of `values`, in their original order.
    mutating func some<T>(_ values: [T], _ low: Int, _ high: Int) -> [T] {
        let count = min(values.count, int(low...high))
        var chosen = Set<Int>()
        while chosen.count < count { chosen.insert(int(0...(values.count - 1))) }
        return values.indices.filter { chosen.contains($0) }.map { values[$0] }
    }

    /// A price in cents between two dollar amounts, ending in 9 like a shelf price.
    mutating func cents(_ low: Double, _ high: Double) -> Int { DemoMoney.shelf(double(low, high) * 100) }
}

/// Money as integer cents, written as text with exactly two decimals.
enum DemoMoney {
    static func text(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }

    /// Rounds to cents and makes small prices end in 9 (e.g. 12.49), large ones in .99 or .00.
    static func shelf(_ cents: Double) -> Int {
        let rounded = max(19, Int(cents.rounded()))
        if rounded < 10_000 { return rounded - rounded % 10 + 9 }
        return rounded - rounded % 100 + (rounded % 200 < 100 ? 99 : 0)
    }

    static func scale(_ cents: Int, _ factor: Double) -> Int { max(9, Int((Double(cents) * factor).rounded())) }
}
