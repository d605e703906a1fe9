/// How `LoadBuilder` builds a load.
public struct LoadBuildOptions: Sendable, Hashable {
    public var cartons: CartonPlanningOptions
    public var pallets: PalletPlanningOptions
    /// Load on top a loaded pallet may carry in a vehicle; 0 (default) keeps pallets unstacked,
    /// `nil` lets the packer stack them freely.
    public var palletMaxLoadOnTop: Double?
    /// Cartons that travel without a pallet keep their top up in the vehicle too.
    public var cartonsUpright: Bool
    /// Passed to the vehicle chooser with the load.
    public var requiredCapabilities: Set<String>

    public init(
        cartons: CartonPlanningOptions = CartonPlanningOptions(), pallets: PalletPlanningOptions = PalletPlanningOptions(),
        palletMaxLoadOnTop: Double? = 0, cartonsUpright: Bool = true, requiredCapabilities: Set<String> = []
    ) {
        self.cartons = cartons
        self.pallets = pallets
        self.palletMaxLoadOnTop = palletMaxLoadOnTop
        self.cartonsUpright = cartonsUpright
        self.requiredCapabilities = requiredCapabilities
    }
}

/// What one item of a `TransportLoad` is.
public enum TransportUnitKind: String, Sendable, Hashable, Codable {
    case pallet, carton, item
}

/// The units behind one item of a `TransportLoad`: `quantity` of them, identical, in order.
public struct TransportUnits: Sendable, Hashable, Codable {
    public var kind: TransportUnitKind
    /// `pallet-1`, `carton-3`, or for loose items the item's ID and a running number (`chair#2`).
    public var ids: [String]
}

/// Items → cartons → (optionally) pallets → the load a vehicle chooser takes.
public struct LoadPlan: Sendable, Hashable {
    public var cartons: CartonPlan
    /// `nil` when the load is not palletised.
    public var pallets: PalletPlan?
    /// Pallets, then cartons not on a pallet, then loose items, as boxes (outer sizes, gross weights).
    public var load: TransportLoad
    /// Parallel to `load.items`.
    public var units: [TransportUnits]
    public var summary: LoadSummary

    /// The nested layout for a viewer. `vehicles` are layouts of `load` (from `VehicleChooser`),
    /// whose `itemIndex` points into `load.items`; each box is named after the unit it carries.
    public func layout(vehicles: [(id: String, layout: PackedContainer)] = []) -> LoadLayout {
        var taken = [Int](repeating: 0, count: units.count)
        let placed = vehicles.map { vehicle -> LoadLayout.Vehicle in
            var container = Packer.output(container: vehicle.layout)
            for (position, box) in vehicle.layout.boxes.enumerated() where units.indices.contains(box.itemIndex) {
                let ids = units[box.itemIndex].ids
                if taken[box.itemIndex] < ids.count {
                    container.boxes[position].item = ids[taken[box.itemIndex]]
                    taken[box.itemIndex] += 1
                }
            }
            return LoadLayout.Vehicle(id: vehicle.id, layout: container)
        }
        return LoadLayout(
            cartons: cartons.cartons.map { carton in
                LoadLayout.Carton(
                    id: carton.id, type: carton.type.name, length: carton.type.outerLengthCm, width: carton.type.outerWidthCm,
                    height: carton.type.outerHeightCm, tareKg: carton.type.tareKg, grossKg: carton.grossKg,
                    layout: Packer.output(container: carton.layout))
            },
            pallets: (pallets?.pallets ?? []).map { pallet in
                var container = Packer.output(container: pallet.layout)
                for (position, id) in pallet.cartonIDs.enumerated() where container.boxes.indices.contains(position) {
                    container.boxes[position].item = id
                }
                return LoadLayout.Pallet(
                    id: pallet.id, type: pallet.type.name, length: pallet.type.lengthCm, width: pallet.type.widthCm,
                    deckHeight: pallet.type.deckHeightCm, height: pallet.outerHeightCm, tareKg: pallet.type.tareKg,
                    grossKg: pallet.grossKg, layout: container)
            },
            vehicles: placed, summary: summary)
    }

    /// The nested layout with the vehicles a chooser picked for `load`.
    public func layout(_ choice: VehicleChoice) -> LoadLayout {
        layout(vehicles: choice.assignments.map { ($0.vehicle.id, $0.layout) })
    }
}

/// Builds a `LoadPlan`: `CartonPlanner`, then `PalletPlanner` when a pallet type is given.
///
/// Units that ship loose (too large or too heavy for every carton) and cartons left off the pallets
/// travel as they are: they are in the load, never dropped. Only items the packer cannot read are
/// left out (`summary.rejected`); a vehicle could not take them either.
public enum LoadBuilder {
    public static func build(
        items: [PackingItem], cartons: CartonSet = .standard, pallet: PalletType? = nil, estimated: [String] = [],
        options: LoadBuildOptions = LoadBuildOptions()
    ) throws(ValidationFailure) -> LoadPlan {
        let cartonPlan = try CartonPlanner.plan(items: items, cartons: cartons, options: options.cartons)
        var palletPlan: PalletPlan?
        if let pallet {
            try pallet.validate()
            palletPlan = PalletPlanner.plan(cartons: cartonPlan.cartons, pallet: pallet, options: options.pallets)
        }

        var loadItems: [PackingItem] = []
        var units: [TransportUnits] = []
        // Pallets, grouped like cartons (identical loaded pallets are one item with a quantity).
        if let palletPlan {
            let groups = UnitGroups(palletPlan.pallets.map { ($0.id, $0.asPackingItem(maxLoadOnTop: options.palletMaxLoadOnTop)) })
            loadItems += groups.items
            units += groups.members.map { TransportUnits(kind: .pallet, ids: $0) }
        }
        let onPallets = Set(palletPlan?.pallets.flatMap(\.cartonIDs) ?? [])
        let bare = cartonPlan.cartons.filter { !onPallets.contains($0.id) }
        let cartonGroups = UnitGroups(bare.map { ($0.id, $0.asPackingItem(upright: options.cartonsUpright)) })
        loadItems += cartonGroups.items
        units += cartonGroups.members.map { TransportUnits(kind: .carton, ids: $0) }
        // Loose units of one item are one load item, whatever their reasons.
        var looseCount: [Int: Int] = [:]
        for entry in cartonPlan.loose { looseCount[entry.itemIndex, default: 0] += entry.quantity }
        for index in looseCount.keys.sorted() {
            var item = items[index]
            item.quantity = looseCount[index] ?? 0
            loadItems.append(item)
            units.append(TransportUnits(kind: .item, ids: (1...item.quantity).map { "\(item.id)#\($0)" }))
        }

        let load = TransportLoad(items: loadItems, requiredCapabilities: options.requiredCapabilities)
        let summary = LoadSummary(cartons: cartonPlan, pallets: palletPlan, load: load, estimated: estimated)
        return LoadPlan(cartons: cartonPlan, pallets: palletPlan, load: load, units: units, summary: summary)
    }

    /// From a load analysis: its items, and its estimates passed through to the summary.
    public static func build(
        _ analysis: LoadAnalysis.Result, cartons: CartonSet = .standard, pallet: PalletType? = nil,
        options: LoadBuildOptions = LoadBuildOptions()
    ) throws(ValidationFailure) -> LoadPlan {
        try build(items: analysis.items, cartons: cartons, pallet: pallet, estimated: analysis.estimated, options: options)
    }
}
