/// A vehicle of the organisation's own fleet (issue 7, "Fleet, pricing, booking").
///
/// Units are fixed by the field names, so nobody has to guess: centimetres for the cargo space,
/// kilograms for the payload, kilometres and hours for the costs, degrees for the depot. Costs are
/// exact decimals (`FixedDecimal`, four places) in one `currency`; only the physical measures are
/// `Double`, as in the packer.
///
/// The availability calendar travels with the vehicle (`availability`): which weekdays it works,
/// which dates it is blocked (maintenance, holidays), which extra dates it works. Bookings are kept
/// apart (`FleetBooking`), since they change every day and the calendar does not.
public struct Vehicle: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var type: VehicleType
    public var cargoSpace: CargoSpace
    public var maxPayloadKg: Double
    /// The currency of the three costs below.
    public var currency: CurrencyCode
    /// Charged once per trip, whatever its length (driver call-out, insurance, tolls flat rate).
    public var fixedCost: FixedDecimal
    public var costPerKm: FixedDecimal
    /// Charged for driving time and for loading and unloading time.
    public var costPerHour: FixedDecimal
    /// Average road speed used to turn a distance into driving hours. Must be > 0.
    public var averageSpeedKmh: FixedDecimal
    public var depot: GeoPoint
    /// Free-form capability tags, lower case with underscores (`tail_lift`, `refrigerated`,
    /// `hazmat`, `pallet_jack`). A load may require some; see `VehicleCapability`.
    public var capabilities: Set<String>
    public var availability: AvailabilityCalendar

    public init(
        id: String, name: String, type: VehicleType, cargoSpace: CargoSpace, maxPayloadKg: Double, currency: CurrencyCode,
        fixedCost: FixedDecimal, costPerKm: FixedDecimal, costPerHour: FixedDecimal, averageSpeedKmh: FixedDecimal,
        depot: GeoPoint, capabilities: Set<String> = [], availability: AvailabilityCalendar = AvailabilityCalendar()
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.cargoSpace = cargoSpace
        self.maxPayloadKg = maxPayloadKg
        self.currency = currency
        self.fixedCost = fixedCost
        self.costPerKm = costPerKm
        self.costPerHour = costPerHour
        self.averageSpeedKmh = averageSpeedKmh
        self.depot = depot
        self.capabilities = capabilities
        self.availability = availability
    }

    /// The cargo space as the packer sees it: length along x, width along y, height up, the payload
    /// as the weight limit.
    public var packingContainer: PackingContainer {
        PackingContainer(length: cargoSpace.lengthCm, width: cargoSpace.widthCm, height: cargoSpace.heightCm, maxWeight: maxPayloadKg)
    }

    /// Every problem with the vehicle at once, with JSON paths (`cargo_space.length_cm`).
    public func validate() throws(ValidationFailure) {
        var validator = Validator()
        validator.text("id", id, maxLength: 100)
        validator.text("name", name, maxLength: 200)
        if type.rawValue.isEmpty { validator.fail("type", "must not be empty") }
        for (field, value) in [("length_cm", cargoSpace.lengthCm), ("width_cm", cargoSpace.widthCm), ("height_cm", cargoSpace.heightCm)]
        where !(value.isFinite && value > 0) {
            validator.fail("cargo_space.\(field)", "must be > 0")
        }
        if !(maxPayloadKg.isFinite && maxPayloadKg > 0) { validator.fail("max_payload_kg", "must be > 0") }
        for (field, value) in [("fixed_cost", fixedCost), ("cost_per_km", costPerKm), ("cost_per_hour", costPerHour)] where value < .zero {
            validator.fail(field, "must be >= 0")
        }
        if averageSpeedKmh <= .zero { validator.fail("average_speed_kmh", "must be > 0") }
        for problem in depot.problems { validator.fail("depot.\(problem.field)", problem.message) }
        for capability in capabilities.sorted() where !VehicleCapability.isWellFormed(capability) {
            validator.fail("capabilities", "\"\(capability)\" must be lower case letters, digits and underscores")
        }
        for problem in availability.problems { validator.fail("availability.\(problem.field)", problem.message) }
        try validator.check()
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, cargoSpace = "cargo_space", maxPayloadKg = "max_payload_kg", currency, fixedCost = "fixed_cost"
        case costPerKm = "cost_per_km", costPerHour = "cost_per_hour", averageSpeedKmh = "average_speed_kmh", depot, capabilities
        case availability
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(VehicleType.self, forKey: .type)
        cargoSpace = try container.decode(CargoSpace.self, forKey: .cargoSpace)
        maxPayloadKg = try container.decode(Double.self, forKey: .maxPayloadKg)
        currency = try container.decode(CurrencyCode.self, forKey: .currency)
        fixedCost = try container.decode(FixedDecimal.self, forKey: .fixedCost)
        costPerKm = try container.decode(FixedDecimal.self, forKey: .costPerKm)
        costPerHour = try container.decode(FixedDecimal.self, forKey: .costPerHour)
        averageSpeedKmh = try container.decode(FixedDecimal.self, forKey: .averageSpeedKmh)
        depot = try container.decode(GeoPoint.self, forKey: .depot)
        capabilities = try container.decodeIfPresent(Set<String>.self, forKey: .capabilities) ?? []
        availability = try container.decodeIfPresent(AvailabilityCalendar.self, forKey: .availability) ?? AvailabilityCalendar()
    }

    /// Capabilities are written sorted, so the same vehicle always gives the same JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(cargoSpace, forKey: .cargoSpace)
        try container.encode(maxPayloadKg, forKey: .maxPayloadKg)
        try container.encode(currency, forKey: .currency)
        try container.encode(fixedCost, forKey: .fixedCost)
        try container.encode(costPerKm, forKey: .costPerKm)
        try container.encode(costPerHour, forKey: .costPerHour)
        try container.encode(averageSpeedKmh, forKey: .averageSpeedKmh)
        try container.encode(depot, forKey: .depot)
        try container.encode(capabilities.sorted(), forKey: .capabilities)
        try container.encode(availability, forKey: .availability)
    }
}

/// The kind of vehicle. Open-ended (a fleet may have kinds we did not list); the common ones are
/// named so that code and tests do not spell them by hand.
public struct VehicleType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let cargoBike = VehicleType(rawValue: "cargo_bike")
    public static let van = VehicleType(rawValue: "van")
    public static let boxTruck = VehicleType(rawValue: "box_truck")
    public static let flatbed = VehicleType(rawValue: "flatbed")
    public static let refrigeratedTruck = VehicleType(rawValue: "refrigerated_truck")
    public static let articulatedLorry = VehicleType(rawValue: "articulated_lorry")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Capability tags a load may require.
public enum VehicleCapability {
    public static let tailLift = "tail_lift"
    public static let refrigerated = "refrigerated"
    public static let palletJack = "pallet_jack"
    public static let hazmat = "hazmat"

    /// `tail_lift`: lower-case ASCII letters, digits and underscores, 1 to 50 characters.
    public static func isWellFormed(_ tag: String) -> Bool {
        (1...50).contains(tag.count) && tag.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// The inside of the cargo body, in centimetres: length along the vehicle, width across, height up.
public struct CargoSpace: Sendable, Hashable, Codable {
    public var lengthCm: Double
    public var widthCm: Double
    public var heightCm: Double

    public init(lengthCm: Double, widthCm: Double, heightCm: Double) {
        self.lengthCm = lengthCm
        self.widthCm = widthCm
        self.heightCm = heightCm
    }

    /// Cubic centimetres.
    public var volumeCm3: Double { lengthCm * widthCm * heightCm }

    enum CodingKeys: String, CodingKey {
        case lengthCm = "length_cm", widthCm = "width_cm", heightCm = "height_cm"
    }
}

/// A point on the Earth in decimal degrees (WGS 84).
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Latitude in [-90, 90], longitude in [-180, 180], both finite.
    public var problems: [FieldError] {
        var problems: [FieldError] = []
        if !(latitude.isFinite && (-90...90).contains(latitude)) {
            problems.append(FieldError(field: "latitude", message: "must be between -90 and 90"))
        }
        if !(longitude.isFinite && (-180...180).contains(longitude)) {
            problems.append(FieldError(field: "longitude", message: "must be between -180 and 180"))
        }
        return problems
    }
}
