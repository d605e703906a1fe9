// Packaging for the packing hierarchy (issue 7, §1): the carton sizes items are packed into and
// the pallet cartons are stacked on. Centimetres and kilograms throughout, like `PackingItem`.

/// One size of shipping carton.
///
/// Weights follow the box maker's certificate: a carton is rated for a *gross* weight (contents
/// plus the carton itself), so the contents may weigh at most `maxGrossWeightKg - tareKg`.
/// The outer size is the inner size plus one wall on each side (`wallCm`), which is what a pallet
/// or a vehicle has to find room for.
public struct CartonType: Sendable, Hashable, Codable {
    /// Unique within a set; shown to people ("medium").
    public var name: String
    /// Inner dimensions: the room for items.
    public var innerLengthCm: Double
    public var innerWidthCm: Double
    public var innerHeightCm: Double
    /// The most the packed carton may weigh, contents and carton together.
    public var maxGrossWeightKg: Double
    /// The empty carton.
    public var tareKg: Double
    /// Wall thickness added on every side (single-wall corrugated board is about 0.4 cm, double-wall
    /// about 0.7 cm).
    public var wallCm: Double
    /// The most weight a packed carton of this size may carry on top (its stacking strength);
    /// `nil`: the planners do not limit stacking.
    public var maxLoadOnTopKg: Double?

    public init(
        name: String, innerLengthCm: Double, innerWidthCm: Double, innerHeightCm: Double, maxGrossWeightKg: Double,
        tareKg: Double, wallCm: Double = 0.5, maxLoadOnTopKg: Double? = nil
    ) {
        self.name = name
        self.innerLengthCm = innerLengthCm
        self.innerWidthCm = innerWidthCm
        self.innerHeightCm = innerHeightCm
        self.maxGrossWeightKg = maxGrossWeightKg
        self.tareKg = tareKg
        self.wallCm = wallCm
        self.maxLoadOnTopKg = maxLoadOnTopKg
    }

    /// The weight the contents may have.
    public var maxContentsKg: Double { max(0, maxGrossWeightKg - tareKg) }

    /// The room inside, as the packer sees it (x along the inner length, z up).
    public var inside: PackingContainer {
        PackingContainer(length: innerLengthCm, width: innerWidthCm, height: innerHeightCm, maxWeight: maxContentsKg)
    }

    public var outerLengthCm: Double { innerLengthCm + 2 * wallCm }
    public var outerWidthCm: Double { innerWidthCm + 2 * wallCm }
    public var outerHeightCm: Double { innerHeightCm + 2 * wallCm }
    public var innerVolumeCm3: Double { innerLengthCm * innerWidthCm * innerHeightCm }
    public var outerVolumeCm3: Double { outerLengthCm * outerWidthCm * outerHeightCm }

    enum CodingKeys: String, CodingKey {
        case name
        case innerLengthCm = "inner_length_cm", innerWidthCm = "inner_width_cm", innerHeightCm = "inner_height_cm"
        case maxGrossWeightKg = "max_gross_weight_kg", tareKg = "tare_kg", wallCm = "wall_cm"
        case maxLoadOnTopKg = "max_load_on_top_kg"
    }
}

/// The carton sizes a shipper stocks. The planner chooses among them per carton.
public struct CartonSet: Sendable, Hashable, Codable {
    public var types: [CartonType]

    public init(_ types: [CartonType]) {
        self.types = types
    }

    /// A common stock of three single-wall shipping cartons (0.5 cm walls). The medium and large
    /// ones are pallet modules outside (40 × 30 and 60 × 40 cm, ISO 3394), so they tile a EUR
    /// pallet without gaps (8 and 4 per layer); the small one takes three A4 reams flat. The large
    /// one stays under the 31.5 kg a parcel carrier accepts and one person may lift.
    public static let standard = CartonSet([
        CartonType(name: "small", innerLengthCm: 31, innerWidthCm: 22, innerHeightCm: 16, maxGrossWeightKg: 10, tareKg: 0.25),
        CartonType(name: "medium", innerLengthCm: 39, innerWidthCm: 29, innerHeightCm: 29, maxGrossWeightKg: 20, tareKg: 0.45),
        CartonType(name: "large", innerLengthCm: 59, innerWidthCm: 39, innerHeightCm: 39, maxGrossWeightKg: 30, tareKg: 0.8),
    ])

    /// Every problem at once, with JSON paths (`types[1].inner_width_cm`).
    public func validate() throws(ValidationFailure) {
        var validator = Validator()
        if types.isEmpty { validator.fail("types", "must not be empty") }
        var names = Set<String>()
        for (index, type) in types.enumerated() {
            let path = "types[\(index)]"
            let name = validator.text("\(path).name", type.name, maxLength: 100)
            if !name.isEmpty, !names.insert(name).inserted { validator.fail("\(path).name", "\"\(name)\" is used twice") }
            for (field, value) in [
                ("inner_length_cm", type.innerLengthCm), ("inner_width_cm", type.innerWidthCm), ("inner_height_cm", type.innerHeightCm),
            ] where !(value.isFinite && value > 0) {
                validator.fail("\(path).\(field)", "must be > 0")
            }
            if !(type.tareKg.isFinite && type.tareKg >= 0) { validator.fail("\(path).tare_kg", "must be >= 0") }
            if !(type.maxGrossWeightKg.isFinite && type.maxGrossWeightKg > type.tareKg) {
                validator.fail("\(path).max_gross_weight_kg", "must be more than the tare")
            }
            if !(type.wallCm.isFinite && type.wallCm >= 0) { validator.fail("\(path).wall_cm", "must be >= 0") }
            if let load = type.maxLoadOnTopKg, !(load >= 0) { validator.fail("\(path).max_load_on_top_kg", "must be >= 0") }
        }
        try validator.check()
    }
}

/// A pallet: its base, how high it may be loaded, what it may carry.
///
/// Cartons stay within the base (no overhang). The load height is the total height allowed
/// (a common limit for trucks and racking) minus the pallet's own deck height.
public struct PalletType: Sendable, Hashable, Codable {
    public var name: String
    public var lengthCm: Double
    public var widthCm: Double
    /// The pallet itself (a EUR pallet is 14.4 cm high).
    public var deckHeightCm: Double
    /// Pallet plus load.
    public var maxTotalHeightCm: Double
    /// The load, without the pallet's tare.
    public var maxPayloadKg: Double
    public var tareKg: Double

    public init(
        name: String, lengthCm: Double, widthCm: Double, deckHeightCm: Double, maxTotalHeightCm: Double, maxPayloadKg: Double,
        tareKg: Double
    ) {
        self.name = name
        self.lengthCm = lengthCm
        self.widthCm = widthCm
        self.deckHeightCm = deckHeightCm
        self.maxTotalHeightCm = maxTotalHeightCm
        self.maxPayloadKg = maxPayloadKg
        self.tareKg = tareKg
    }

    /// EUR (EPAL 1) pallet, 120 × 80 cm, loaded to 180 cm and 1,000 kg: well inside its rated
    /// 1,500 kg, the limit most forwarders quote for a standard pallet place.
    public static let eur = PalletType(
        name: "EUR", lengthCm: 120, widthCm: 80, deckHeightCm: 14.4, maxTotalHeightCm: 180, maxPayloadKg: 1_000, tareKg: 25)

    public var loadHeightCm: Double { maxTotalHeightCm - deckHeightCm }

    /// The room above the deck, as the packer sees it.
    public var space: PackingContainer {
        PackingContainer(length: lengthCm, width: widthCm, height: loadHeightCm, maxWeight: maxPayloadKg)
    }

    public func validate() throws(ValidationFailure) {
        var validator = Validator()
        validator.text("name", name, maxLength: 100)
        for (field, value) in [("length_cm", lengthCm), ("width_cm", widthCm), ("max_payload_kg", maxPayloadKg)]
        where !(value.isFinite && value > 0) {
            validator.fail(field, "must be > 0")
        }
        for (field, value) in [("deck_height_cm", deckHeightCm), ("tare_kg", tareKg)] where !(value.isFinite && value >= 0) {
            validator.fail(field, "must be >= 0")
        }
        if !(maxTotalHeightCm.isFinite && maxTotalHeightCm > deckHeightCm) {
            validator.fail("max_total_height_cm", "must be more than the deck height")
        }
        try validator.check()
    }

    enum CodingKeys: String, CodingKey {
        case name, lengthCm = "length_cm", widthCm = "width_cm", deckHeightCm = "deck_height_cm"
        case maxTotalHeightCm = "max_total_height_cm", maxPayloadKg = "max_payload_kg", tareKg = "tare_kg"
    }
}
