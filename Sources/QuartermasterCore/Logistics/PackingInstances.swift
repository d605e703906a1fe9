import Foundation

/// Test instances.
public enum PackingInstances {
    /// Box types per class BR1 ... BR7.
    public static let bischoffRatcliffTypes = [3, 5, 8, 10, 12, 15, 20]

    /// A container-loading instance generated like the Bischoff & Ratcliff (1995) classes BR1–BR7:
    /// container 587 × 233 × 220; per box type three dimensions drawn uniformly from 30–120, 25–100 and
    /// 20–80 (d = a + ⌊r · (b − a + 1)⌋), sorted so that length ≥ width ≥ height; a dimension may be vertical
    /// when it is less than twice the smallest one (L = 2); one box of each type, then boxes of random types
    /// are added while the total box volume stays within the container's volume.
    /// The published sets use the authors' own random number generator and seeds; this uses SplitMix64 seeded
    /// from (class, instance), so the instances follow the same distribution but are not the published ones.
    public static func bischoffRatcliff(class brClass: Int, instance: Int) -> PackingProblem {
        let typeCount = bischoffRatcliffTypes[min(max(brClass, 1), bischoffRatcliffTypes.count) - 1]
        var random = SplitMix64(seed: 0xB15C_0FF0 &+ UInt64(brClass) &* 1_000_003 &+ UInt64(instance) &* 7_919)
        let lower = [30, 25, 20]
        let upper = [120, 100, 80]
        let container = PackingContainer(length: 587, width: 233, height: 220)
        var dims: [[Int]] = []
        var counts: [Int] = []
        var volumes: [Int] = []
        for _ in 0..<typeCount {
            var d = (0..<3).map { lower[$0] + Int(random.unit() * Double(upper[$0] - lower[$0] + 1)) }
            d.sort(by: >)
            dims.append(d)
            counts.append(1)
            volumes.append(d[0] * d[1] * d[2])
        }
        let capacity = 587 * 233 * 220
        var cargo = volumes.reduce(0, +)
        while true {
            let k = min(typeCount - 1, Int(random.unit() * Double(typeCount)))
            if cargo + volumes[k] > capacity { break }
            cargo += volumes[k]
            counts[k] += 1
        }
        let items = (0..<typeCount).map { i in
            let smallest = Double(dims[i].min() ?? 1)
            let vertical = (0..<3).filter { Double(dims[i][$0]) / smallest < 2 }
            return PackingItem(
                id: "T\(i + 1)", length: Double(dims[i][0]), width: Double(dims[i][1]), height: Double(dims[i][2]), weight: 0,
                quantity: counts[i], verticalAxes: vertical)
        }
        return PackingProblem(container: container, items: items)
    }

    /// A random mixed instance for tests: weights, orientation limits, optional payload and load limits,
    /// occasionally non-integer dimensions.
    public static func random(seed: UInt64, types: Int = 6, fragile: Bool = false, payload: Bool = false) -> PackingProblem {
        var random = SplitMix64(seed: seed)
        let container = PackingContainer(
            length: Double(random.int(scaledIn: 120...400)), width: Double(random.int(scaledIn: 80...240)),
            height: Double(random.int(scaledIn: 80...240)))
        let decimals = random.unit() < 0.3
        var items: [PackingItem] = []
        var totalWeight = 0.0
        for index in 0..<types {
            func side(_ range: ClosedRange<Int>) -> Double {
                let base = Double(random.int(scaledIn: range))
                return decimals ? base + Double(random.int(scaledIn: 0...3)) * 0.25 : base
            }
            let axesChoice = random.int(scaledIn: 0...3)
            let vertical: [Int] = [[0, 1, 2], [2], [1, 2], [0]][axesChoice]
            let weight = Double(random.int(scaledIn: 1...50))
            let quantity = random.int(scaledIn: 1...25)
            totalWeight += weight * Double(quantity)
            let load: Double? = fragile && random.unit() < 0.5 ? Double(random.int(scaledIn: 0...80)) : nil
            items.append(
                PackingItem(
                    id: "R\(index + 1)", length: side(15...90), width: side(15...80), height: side(10...70), weight: weight,
                    quantity: quantity, verticalAxes: vertical, maxLoadOnTop: load))
        }
        var problem = PackingProblem(container: container, items: items)
        if payload { problem.container.maxWeight = (totalWeight * 0.4).rounded() }
        return problem
    }
}
