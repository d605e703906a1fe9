/// How `PalletPlanner` stacks cartons.
public struct PalletPlanningOptions: Sendable, Hashable {
    public var packingPasses: [PackingOptions]
    /// Each pallet costs at most `packingPasses.count` packer calls; past the budget, one.
    public var maxPackingCalls: Int
    /// The most pallets one plan builds; cartons beyond are left off ("pallet limit reached").
    public var maxPallets: Int
    /// Cartons keep their top up ("this side up"), turning only about the vertical axis. With
    /// `false` a carton may also be tipped when everything inside it may be.
    public var cartonsUpright: Bool

    public init(
        packingPasses: [PackingOptions] = VehicleChoiceOptions.defaultPackingPasses, maxPackingCalls: Int = 200,
        maxPallets: Int = 60, cartonsUpright: Bool = true
    ) {
        self.packingPasses = packingPasses
        self.maxPackingCalls = maxPackingCalls
        self.maxPallets = maxPallets
        self.cartonsUpright = cartonsUpright
    }
}

/// One loaded pallet.
public struct PackedPallet: Sendable, Hashable {
    /// `pallet-1`, `pallet-2`, … in the order they were loaded.
    public var id: String
    public var type: PalletType
    /// The cartons in the space above the deck (z = 0 is the deck's top); `itemIndex` points into
    /// `PalletPlan.units`.
    public var layout: PackedContainer
    /// The carton on each box of `layout`, in box order.
    public var cartonIDs: [String]

    public var loadKg: Double { layout.weight }
    public var grossKg: Double { layout.weight + type.tareKg }
    /// Deck plus the highest carton.
    public var outerHeightCm: Double { type.deckHeightCm + (layout.boxes.map { $0.z + $0.dz }.max() ?? 0) }

    /// The loaded pallet as one box for a vehicle: its base, its loaded height, its gross weight,
    /// turned only about the vertical axis. `maxLoadOnTop` 0 (the default) keeps other cargo off it.
    public func asPackingItem(maxLoadOnTop: Double? = 0) -> PackingItem {
        PackingItem(
            id: id, length: type.lengthCm, width: type.widthCm, height: outerHeightCm, weight: grossKg, quantity: 1, verticalAxes: [2],
            maxLoadOnTop: maxLoadOnTop)
    }
}

/// A carton that is not on any pallet, with why.
public struct LeftOffCarton: Sendable, Hashable, Codable {
    public var cartonID: String
    public var reason: String

    public init(cartonID: String, reason: String) {
        self.cartonID = cartonID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case cartonID = "carton_id", reason }
}

public struct PalletPlan: Sendable, Hashable {
    public var type: PalletType
    /// The cartons as the packer saw them: identical cartons grouped into one item with a quantity.
    public var units: [PackingItem]
    public var pallets: [PackedPallet]
    public var leftOff: [LeftOffCarton]
    public var packingCalls: Int

    public var grossKg: Double { pallets.reduce(0) { $0 + $1.grossKg } }
}

/// Stacks packed cartons onto pallets of one type, one pallet after another.
///
/// Each pallet takes as much of what remains as the packer places in the space above its deck
/// (base × load height, the payload as its weight limit), best of the packing passes, so the
/// rules of the packer hold on every pallet: no overhang, no overlap, every carton fully supported,
/// cartons' own stacking limits kept. `Packer.solveMany` is not used: it shares its time by the
/// clock, which would make the split depend on the machine.
public enum PalletPlanner {
    public static func plan(
        cartons: [PackedCarton], pallet: PalletType = .eur, options: PalletPlanningOptions = PalletPlanningOptions()
    ) -> PalletPlan {
        let groups = UnitGroups(cartons.map { ($0.id, $0.asPackingItem(upright: options.cartonsUpright)) })
        var plan = PalletPlan(type: pallet, units: groups.items, pallets: [], leftOff: [], packingCalls: 0)
        do throws(ValidationFailure) {
            try pallet.validate()
        } catch {
            let why = error.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            plan.leftOff = cartons.map { LeftOffCarton(cartonID: $0.id, reason: "invalid pallet: \(why)") }
            return plan
        }
        var remaining = groups.items
        var passes = PackingPasses(options.packingPasses, budget: options.maxPackingCalls)
        var taken: [Int] = []
        let space = pallet.space
        while remaining.contains(where: { $0.quantity > 0 && CartonPlanner.fits($0, space) }),
            plan.pallets.count < max(0, options.maxPallets)
        {
            let layout = passes.fill(space, items: remaining)
            guard !layout.boxes.isEmpty else { break }
            for box in layout.boxes { remaining[box.itemIndex].quantity -= 1 }
            plan.pallets.append(
                PackedPallet(
                    id: "pallet-\(plan.pallets.count + 1)", type: pallet, layout: layout,
                    cartonIDs: groups.unitIDs(of: layout, taken: &taken)))
        }
        plan.packingCalls = passes.calls

        // What stayed behind: the group's members not handed out, with the reason.
        if taken.count < groups.members.count { taken += [Int](repeating: 0, count: groups.members.count - taken.count) }
        let size = "\(format(pallet.lengthCm)) × \(format(pallet.widthCm)) × \(format(pallet.loadHeightCm)) cm"
        for (index, unit) in remaining.enumerated() where unit.quantity > 0 {
            let reason: String
            switch Packer.validate(unit, in: space) {
            case .invalid(let why) where why == PackingReason.exceedsPayload:
                reason = "heavier than the pallet's payload of \(format(pallet.maxPayloadKg)) kg"
            case .invalid:
                reason = "too large for the pallet's load space (\(size))"
            default:
                reason = plan.pallets.count >= options.maxPallets ? "pallet limit reached" : PackingReason.noSpaceLeft
            }
            for id in groups.members[index].dropFirst(taken[index]) { plan.leftOff.append(LeftOffCarton(cartonID: id, reason: reason)) }
        }
        return plan
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
