/// Runs the packer on one container with a list of passes and keeps the best layout, counting
/// every packer call against a budget. Shared by the carton and pallet planners.
///
/// The passes are tried in order until one places every box; otherwise the layout with the most
/// packed volume wins (then the most weight, then the earlier pass). Passes with a work budget
/// (`maxEvaluations`, as in `VehicleChoiceOptions.defaultPackingPasses`) finish far inside their
/// time limit, so the outcome does not depend on the machine.
struct PackingPasses {
    let passes: [PackingOptions]
    /// Packer calls left.
    private(set) var budget: Int
    /// Packer calls made.
    private(set) var calls = 0

    init(_ passes: [PackingOptions], budget: Int) {
        self.passes = passes.isEmpty ? VehicleChoiceOptions.defaultPackingPasses : passes
        self.budget = max(0, budget)
    }

    var exhausted: Bool { budget <= 0 }

    /// The best layout of `items` in `container`. With the budget spent, only the first pass runs
    /// (the caller still needs an answer; it bounds how often it asks).
    mutating func fill(_ container: PackingContainer, items: [PackingItem]) -> PackedContainer {
        let wanted = items.reduce(0) { $0 + max(0, $1.quantity) }
        var best: PackedContainer?
        for (index, pass) in passes.enumerated() where index == 0 || budget > 0 {
            budget -= 1
            calls += 1
            let layout =
                Packer.solve(PackingProblem(container: container, items: items, options: pass)).containers.first
                ?? PackedContainer(container: container, boxes: [])
            if layout.boxes.count == wanted { return layout }
            if let current = best {
                let (volume, currentVolume) = (layout.packedVolume, current.packedVolume)
                if volume > currentVolume * (1 + 1e-12) || (volume >= currentVolume * (1 - 1e-12) && layout.weight > current.weight) {
                    best = layout
                }
            } else {
                best = layout
            }
        }
        return best ?? PackedContainer(container: container, boxes: [])
    }
}

/// Identical units (same size, weight, turning and load limit) packed as one `PackingItem` with a
/// quantity: the packer builds blocks of identical boxes, and a load of 30 cartons stays 3 item
/// types rather than 30. `members` keeps which unit is which: the k-th box of a group placed
/// (in layout order) is its k-th member not placed before.
struct UnitGroups {
    private(set) var items: [PackingItem] = []
    private(set) var members: [[String]] = []

    /// `id` names the group after its first member and how many alike follow (`carton-2+3`).
    init(_ units: [(id: String, item: PackingItem)]) {
        var index: [PackingItem: Int] = [:]
        for (id, unit) in units {
            var key = unit
            key.id = ""
            key.quantity = 1
            if let existing = index[key] {
                members[existing].append(id)
                items[existing].quantity += 1
            } else {
                index[key] = items.count
                var item = unit
                item.id = id
                item.quantity = 1
                items.append(item)
                members.append([id])
            }
        }
        for position in items.indices where members[position].count > 1 {
            items[position].id = "\(members[position][0])+\(members[position].count - 1)"
        }
    }

    /// The unit IDs of a layout's boxes, in box order, for boxes whose `itemIndex` points into
    /// `items`; `taken` counts the members of each group already handed out (across layouts).
    func unitIDs(of layout: PackedContainer, taken: inout [Int]) -> [String] {
        if taken.count < members.count { taken += [Int](repeating: 0, count: members.count - taken.count) }
        return layout.boxes.map { box in
            guard members.indices.contains(box.itemIndex), taken[box.itemIndex] < members[box.itemIndex].count else { return box.item }
            defer { taken[box.itemIndex] += 1 }
            return members[box.itemIndex][taken[box.itemIndex]]
        }
    }
}
