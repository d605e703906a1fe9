/// SplitMix64: a tiny, fast, portable pseudo-random generator, the same on every platform (the demo
/// catalog, packing instances and benchmark baskets are reproducible from their seeds).
public struct SplitMix64: Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public init(seed: UInt64) { self.state = seed }

    /// A generator for one stream of one product: independent of how many products are generated.
    public init(seed: UInt64, item: Int, stream: UInt64) {
        let a = SplitMix64.mix(seed &+ 0x243F_6A88_85A3_08D3)
        let b = SplitMix64.mix(a ^ (UInt64(truncatingIfNeeded: item) &* 0x9E37_79B9_7F4A_7C15))
        state = SplitMix64.mix(b &+ stream &* 0xD1B5_4A32_D192_ED03)
    }

    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// A uniform integer in `range` (the modulo bias is irrelevant for demo data).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    /// A uniform number in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    public mutating func double(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    public mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }

    /// Picks `index` with a probability proportional to `weights[index]`.
    public mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var roll = int(0...(total - 1))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// Between `low` and `high` distinct values of `values`, in their original order.
    public mutating func some<T>(_ values: [T], _ low: Int, _ high: Int) -> [T] {
        let count = min(values.count, int(low...high))
        var chosen = Set<Int>()
        while chosen.count < count { chosen.insert(int(0...(values.count - 1))) }
        return values.indices.filter { chosen.contains($0) }.map { values[$0] }
    }

    /// A uniform integer in `range` by scaling a unit draw (no modulo), as the packing instances use.
    public mutating func int(scaledIn range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(unit() * Double(range.upperBound - range.lowerBound + 1))
    }
}
