/// How hard `CartonPlanner` tries.
public struct CartonPlanningOptions: Sendable, Hashable {
    /// Packer passes per carton candidate (see `PackingPasses`): fast and deterministic by default.
    public var packingPasses: [PackingOptions]
    /// The most packer calls one plan may make. Each carton tries every size with everything left
    /// and with each item alone, so a plan costs up to cartons × sizes × (1 + items) × passes calls;
    /// past the budget each further carton is the largest size with the first pass only (one call),
    /// so a plan always ends, and the same input always gives the same plan.
    public var maxPackingCalls: Int
    /// The most cartons one plan opens; units beyond ship loose ("carton limit reached").
    public var maxCartons: Int
    /// Per carton and size, at most this many items are also tried alone.
    public var maxSingleItemTrials: Int

    public init(
        packingPasses: [PackingOptions] = VehicleChoiceOptions.defaultPackingPasses, maxPackingCalls: Int = 600,
        maxCartons: Int = 500, maxSingleItemTrials: Int = 6
    ) {
        self.packingPasses = packingPasses
        self.maxPackingCalls = maxPackingCalls
        self.maxCartons = maxCartons
        self.maxSingleItemTrials = maxSingleItemTrials
    }
}

/// One packed carton.
public struct PackedCarton: Sendable, Hashable {
    /// `carton-1`, `carton-2`, … in the order the planner filled them.
    public var id: String
    public var type: CartonType
    /// The items inside, in the carton's inner space; `itemIndex` points into `CartonPlan.items`.
    public var layout: PackedContainer
    /// Which of the carton's own axes may point up once packed: all three when every item inside may
    /// be turned any way, else only its height ("this side up" inherited from the contents).
    public var verticalAxes: [Int]
    /// The most weight that may rest on the packed carton: the carton's stacking strength and, for
    /// fragile contents, their own limit less everything else in the carton (assumed, conservatively,
    /// to rest on them already). `nil`: no limit.
    public var maxLoadOnTopKg: Double?

    public var contentsKg: Double { layout.weight }
    public var grossKg: Double { layout.weight + type.tareKg }
    public var itemCount: Int { layout.boxes.count }

    /// The packed carton as one box for a pallet or a vehicle (outer size, gross weight).
    /// `upright` keeps its top up whatever the contents allow.
    public func asPackingItem(upright: Bool) -> PackingItem {
        PackingItem(
            id: id, length: type.outerLengthCm, width: type.outerWidthCm, height: type.outerHeightCm, weight: grossKg, quantity: 1,
            verticalAxes: upright ? [2] : verticalAxes, maxLoadOnTop: maxLoadOnTopKg)
    }
}

/// Units of one item that ship without a carton.
public struct LooseItem: Sendable, Hashable, Codable {
    public var itemIndex: Int
    public var item: String
    public var quantity: Int
    public var reason: String

    public init(itemIndex: Int, item: String, quantity: Int, reason: String) {
        self.itemIndex = itemIndex
        self.item = item
        self.quantity = quantity
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case itemIndex = "item_index", item, quantity, reason }
}

/// Reasons the carton planner gives.
public enum CartonReason {
    public static let tooLarge = "too large for any carton"
    public static let tooHeavy = "heavier than any carton may hold"
    public static let cartonLimit = "carton limit reached"
    public static let noCarton = "no carton takes it"
}

public struct CartonPlan: Sendable, Hashable {
    /// The items as given; layouts' and loose entries' `itemIndex` point here.
    public var items: [PackingItem]
    public var cartons: [PackedCarton]
    /// Valid units that ship without a carton, with why.
    public var loose: [LooseItem]
    /// Items the packer cannot read (zero or negative sizes, negative weight or quantity, no allowed
    /// orientation), with its reason: they are neither packed nor shipped.
    public var rejected: [UnpackedItem]
    public var packingCalls: Int

    public var cartonsByType: [String: Int] { cartons.reduce(into: [:]) { $0[$1.type.name, default: 0] += 1 } }
    public var grossKg: Double { cartons.reduce(0) { $0 + $1.grossKg } }
    public var tareKg: Double { cartons.reduce(0) { $0 + $1.type.tareKg } }
    public var outerVolumeCm3: Double { cartons.reduce(0) { $0 + $1.type.outerVolumeCm3 } }
}

/// Packs items into cartons chosen from a `CartonSet`.
///
/// Greedy, one carton at a time, deterministic:
///
/// 1. Items the packer cannot read are rejected; units that fit no carton size (in any orientation
///    they allow), or outweigh what every size may hold, ship loose with that reason.
/// 2. For the next carton every size is packed with what remains, smallest inner volume first.
///    The first size that takes everything closes the plan (the smallest such carton: least volume
///    for the last carton). Otherwise the size that packs the most volume wins (then the most
///    weight, then the smaller size): fuller cartons mean fewer cartons.
///
/// So the count of cartons comes first and their volume second, as a heuristic: a plan is not
/// proved minimal, but every carton's layout is the packer's, checked by its rules (no overlap,
/// every item fully supported, the contents' weight within the carton's rating).
public enum CartonPlanner {
    public static func plan(
        items: [PackingItem], cartons: CartonSet = .standard, options: CartonPlanningOptions = CartonPlanningOptions()
    ) throws(ValidationFailure) -> CartonPlan {
        try cartons.validate()
        var remaining = items
        var loose: [LooseItem] = []
        var rejected: [UnpackedItem] = []
        let sizes = cartons.types.sorted { a, b in
            if a.innerVolumeCm3 != b.innerVolumeCm3 { return a.innerVolumeCm3 < b.innerVolumeCm3 }
            if a.maxContentsKg != b.maxContentsKg { return a.maxContentsKg < b.maxContentsKg }
            return a.name < b.name
        }

        // 1. What no carton can take.
        let unbounded = PackingContainer(length: 1e9, width: 1e9, height: 1e9)
        for (index, item) in items.enumerated() {
            if case .invalid(let reason) = Packer.validate(item, in: unbounded) {
                rejected.append(UnpackedItem(itemIndex: index, item: item.id, reason: reason, quantity: max(1, abs(item.quantity))))
                remaining[index].quantity = 0
                continue
            }
            guard item.quantity > 0, !sizes.contains(where: { fits(item, $0.inside) }) else { continue }
            let fitsByShape = sizes.contains { size in
                var inside = size.inside
                inside.maxWeight = nil
                return fits(item, inside)
            }
            loose.append(
                LooseItem(
                    itemIndex: index, item: item.id, quantity: item.quantity,
                    reason: fitsByShape ? CartonReason.tooHeavy : CartonReason.tooLarge))
            remaining[index].quantity = 0
        }

        // 2. Cartons, one at a time.
        var passes = PackingPasses(options.packingPasses, budget: options.maxPackingCalls)
        let reference = sizes.last?.inside ?? PackingContainer(length: 1, width: 1, height: 1)
        var packed: [PackedCarton] = []
        while remaining.contains(where: { $0.quantity > 0 }), packed.count < max(0, options.maxCartons) {
            var best: (size: CartonType, layout: PackedContainer, score: Double)?
            let candidates = passes.exhausted ? Array(sizes.suffix(1)) : sizes
            let wanted = remaining.reduce(0) { $0 + $1.quantity }
            let open = remaining.indices.filter { remaining[$0].quantity > 0 }
            sizes: for size in candidates where open.contains(where: { fits(remaining[$0], size.inside) }) {
                // Everything that remains, then (with several items left) each item alone: a
                // carton of one heavy item often holds more of the load than a mixed one.
                var contents = [remaining]
                if open.count > 1, !passes.exhausted {
                    for index in open.prefix(options.maxSingleItemTrials) where fits(remaining[index], size.inside) {
                        contents.append(remaining.indices.map { $0 == index ? remaining[$0] : zeroed(remaining[$0]) })
                    }
                }
                for (trial, items) in contents.enumerated() where trial == 0 || !passes.exhausted {
                    let layout = passes.fill(size.inside, items: items)
                    if trial == 0, layout.boxes.count == wanted {
                        best = (size, layout, .infinity)
                        break sizes
                    }
                    let score = share(layout, of: reference)
                    if let current = best, score <= current.score * (1 + 1e-12) { continue }
                    best = (size, layout, score)
                }
            }
            guard let best, !best.layout.boxes.isEmpty else { break }
            for box in best.layout.boxes { remaining[box.itemIndex].quantity -= 1 }
            packed.append(carton(number: packed.count + 1, size: best.size, layout: best.layout, items: items))
        }
        for (index, item) in remaining.enumerated() where item.quantity > 0 {
            let reason = packed.count >= options.maxCartons ? CartonReason.cartonLimit : CartonReason.noCarton
            loose.append(LooseItem(itemIndex: index, item: item.id, quantity: item.quantity, reason: reason))
        }
        loose.sort { ($0.itemIndex, $0.reason) < ($1.itemIndex, $1.reason) }
        return CartonPlan(items: items, cartons: packed, loose: loose, rejected: rejected, packingCalls: passes.calls)
    }

    /// How much of a full carton's worth of load a layout takes: each box counts with its share of
    /// the reference (largest) carton's volume or weight, whichever is larger. Weight-bound items
    /// (paper) and volume-bound ones (toner) are so compared on one scale.
    static func share(_ layout: PackedContainer, of reference: PackingContainer) -> Double {
        let volume = max(reference.volume, 1e-9)
        let weight = max(reference.maxWeight ?? 0, 1e-9)
        return layout.boxes.reduce(0.0) { $0 + max($1.volume / volume, $1.weight / weight) }
    }

    static func zeroed(_ item: PackingItem) -> PackingItem {
        var item = item
        item.quantity = 0
        return item
    }

    /// One unit of `item` fits `container` in some orientation it allows, within its payload.
    static func fits(_ item: PackingItem, _ container: PackingContainer) -> Bool {
        var one = item
        one.quantity = 1
        if case .valid = Packer.validate(one, in: container) { return true }
        return false
    }

    static func carton(number: Int, size: CartonType, layout: PackedContainer, items: [PackingItem]) -> PackedCarton {
        let contents = Set(layout.boxes.map(\.itemIndex)).sorted()
        let turnable = contents.allSatisfy { Set(items[$0].verticalAxes.filter { (0...2).contains($0) }).count == 3 }
        var limit = size.maxLoadOnTopKg
        let contentsKg = layout.weight
        for box in layout.boxes {
            guard let own = items[box.itemIndex].maxLoadOnTop else { continue }
            let left = max(0, own - (contentsKg - box.weight))
            limit = min(limit ?? left, left)
        }
        return PackedCarton(
            id: "carton-\(number)", type: size, layout: layout, verticalAxes: turnable ? [0, 1, 2] : [2], maxLoadOnTopKg: limit)
    }
}
