import Foundation
import Testing

@testable import QuartermasterCore

/// Generated orders (fixed seeds): whatever the mix, every layout at every level keeps the packer's
/// rules and every unit is accounted for exactly once.
@Suite struct RandomLoadTests {
    static func order(seed: UInt64) -> [PackingItem] {
        var random = SplitMix64(seed: seed)
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + Double(random.next() % 10_000) / 10_000 * (high - low)
        }
        let lines = 2 + Int(random.next() % 6)
        return (0..<lines).map { line in
            let upright = random.next() % 3 == 0
            let fragile = random.next() % 5 == 0
            return PackingItem(
                id: "item-\(line)", length: uniform(3, 75), width: uniform(3, 45), height: uniform(2, 45), weight: uniform(0.05, 12),
                quantity: 1 + Int(random.next() % 25), verticalAxes: upright ? [2] : [0, 1, 2], maxLoadOnTop: fragile ? uniform(1, 20) : nil
            )
        }
    }

    @Test(arguments: 1...12 as ClosedRange<UInt64>)
    func everyLevelIsValidAndEveryUnitAccountedFor(seed: UInt64) throws {
        let items = Self.order(seed: seed)
        let plan = try LoadBuilder.build(items: items, pallet: .eur)
        Hierarchy.expectValid(plan.cartons)
        let pallets = try #require(plan.pallets)
        Hierarchy.expectValid(pallets)
        #expect(pallets.pallets.count + pallets.leftOff.count > 0 || plan.cartons.cartons.isEmpty)
        // Every carton is on exactly one pallet or travels as a carton.
        let traveling = plan.units.filter { $0.kind == .carton }.flatMap(\.ids)
        #expect((pallets.pallets.flatMap(\.cartonIDs) + traveling).sorted() == plan.cartons.cartons.map(\.id).sorted())
        // Weights: goods plus tares is what the vehicle carries.
        let goods = items.reduce(0.0) { $0 + $1.weight * Double($1.quantity) }
        #expect(abs(plan.summary.netKg - goods) < 1e-6)
        #expect(abs(plan.load.weightKg - (goods + plan.summary.packagingKg)) < 1e-6)
    }
}
