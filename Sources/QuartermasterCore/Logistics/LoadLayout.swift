/// Totals of a `LoadPlan` (JSON keys in snake case, like the rest of the logistics wire).
///
/// Weights: `netKg` is the goods (in cartons and loose), `packagingKg` the cartons' and pallets'
/// tares, `grossKg` their sum, which is the weight of the transport load.
public struct LoadSummary: Sendable, Hashable, Codable {
    public struct Rejected: Sendable, Hashable, Codable {
        public var item: String
        public var quantity: Int
        public var reason: String
    }

    /// Units of the valid items.
    public var itemUnits: Int
    public var unitsInCartons: Int
    public var looseUnits: Int
    public var cartons: Int
    public var cartonsByType: [String: Int]
    public var pallets: Int
    /// Boxes the vehicle takes: pallets, cartons not on a pallet, loose units.
    public var transportUnits: Int
    public var netKg: Double
    public var packagingKg: Double
    public var grossKg: Double
    /// The goods' own package volume.
    public var itemVolumeM3: Double
    /// What the transport units take (outer carton sizes, pallet base × loaded height).
    public var shippingVolumeM3: Double
    /// Lines whose sizes are category estimates (from `LoadAnalysis`).
    public var estimated: [String]
    public var loose: [LooseItem]
    public var leftOffPallets: [LeftOffCarton]
    public var rejected: [Rejected]
    public var packingCalls: Int

    init(cartons plan: CartonPlan, pallets: PalletPlan?, load: TransportLoad, estimated: [String]) {
        let rejectedIndices = Set(plan.rejected.compactMap(\.itemIndex))
        let valid = plan.items.enumerated().filter { !rejectedIndices.contains($0.offset) && $0.element.quantity > 0 }.map(\.element)
        itemUnits = valid.reduce(0) { $0 + $1.quantity }
        unitsInCartons = plan.cartons.reduce(0) { $0 + $1.itemCount }
        looseUnits = plan.loose.reduce(0) { $0 + $1.quantity }
        cartons = plan.cartons.count
        cartonsByType = plan.cartonsByType
        self.pallets = pallets?.pallets.count ?? 0
        transportUnits = load.boxCount
        let looseKg = plan.loose.reduce(0.0) { $0 + plan.items[$1.itemIndex].weight * Double($1.quantity) }
        netKg = plan.cartons.reduce(0) { $0 + $1.contentsKg } + looseKg
        packagingKg = plan.tareKg + (pallets?.pallets.reduce(0) { $0 + $1.type.tareKg } ?? 0)
        grossKg = load.weightKg
        itemVolumeM3 = valid.reduce(0) { $0 + $1.length * $1.width * $1.height * Double($1.quantity) } / 1_000_000
        shippingVolumeM3 = load.volumeCm3 / 1_000_000
        self.estimated = estimated
        loose = plan.loose
        leftOffPallets = pallets?.leftOff ?? []
        rejected = plan.rejected.map { Rejected(item: $0.item, quantity: $0.quantity, reason: $0.reason) }
        packingCalls = plan.packingCalls + (pallets?.packingCalls ?? 0)
    }

    enum CodingKeys: String, CodingKey {
        case itemUnits = "item_units", unitsInCartons = "units_in_cartons", looseUnits = "loose_units", cartons
        case cartonsByType = "cartons_by_type", pallets, transportUnits = "transport_units", netKg = "net_kg"
        case packagingKg = "packaging_kg", grossKg = "gross_kg", itemVolumeM3 = "item_volume_m3"
        case shippingVolumeM3 = "shipping_volume_m3", estimated, loose, leftOffPallets = "left_off_pallets", rejected
        case packingCalls = "packing_calls"
    }
}

/// The nested layout for the viewer: carton → pallet → vehicle. Every level uses the `pack` wire's
/// container shape (`PackingOutput.Container`: sizes, boxes with position and extents,
/// utilisation, centre of gravity), so one renderer draws all three; a box's `item` names what it
/// is: an item ID inside a carton, a carton ID on a pallet, a pallet, carton or loose unit
/// (`chair#1`) in a vehicle. A viewer drills down by looking the ID up in `cartons` or `pallets`.
public struct LoadLayout: Sendable, Hashable, Codable {
    public struct Carton: Sendable, Hashable, Codable {
        public var id: String
        public var type: String
        /// Outer size.
        public var length: Double
        public var width: Double
        public var height: Double
        public var tareKg: Double
        public var grossKg: Double
        /// The inner space and the items in it.
        public var layout: PackingOutput.Container

        enum CodingKeys: String, CodingKey {
            case id, type, length, width, height, tareKg = "tare_kg", grossKg = "gross_kg", layout
        }
    }

    public struct Pallet: Sendable, Hashable, Codable {
        public var id: String
        public var type: String
        public var length: Double
        public var width: Double
        public var deckHeight: Double
        /// Deck plus load.
        public var height: Double
        public var tareKg: Double
        public var grossKg: Double
        /// The space above the deck and the cartons on it.
        public var layout: PackingOutput.Container

        enum CodingKeys: String, CodingKey {
            case id, type, length, width, deckHeight = "deck_height", height, tareKg = "tare_kg", grossKg = "gross_kg", layout
        }
    }

    public struct Vehicle: Sendable, Hashable, Codable {
        public var id: String
        public var layout: PackingOutput.Container
    }

    public var cartons: [Carton]
    public var pallets: [Pallet]
    public var vehicles: [Vehicle]
    public var summary: LoadSummary
}
