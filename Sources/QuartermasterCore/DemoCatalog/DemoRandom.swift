extension SplitMix64 {
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
