import Foundation

/// Distances over the Earth's surface.
///
/// The great-circle (haversine) distance on a sphere of the mean Earth radius (IUGG, 6371.0088 km)
/// is within 0.5% of the ellipsoidal distance, far less than the road factor's own error. Roads are
/// longer than the straight line: the great-circle distance is multiplied by a road factor (1.3 by
/// default; 1.2 for motorway country, 1.4–1.5 for mountains or cities with rivers) unless the caller
/// gives the distance itself.
public enum GreatCircle {
    public static let earthRadiusKm = 6371.0088
    public static let defaultRoadFactor = FixedDecimal(units: 13_000)

    /// The great-circle distance in kilometres (not rounded).
    public static func kilometres(from a: GeoPoint, to b: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let phi1 = a.latitude * radians
        let phi2 = b.latitude * radians
        let dPhi = (b.latitude - a.latitude) * radians
        let dLambda = (b.longitude - a.longitude) * radians
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        let c = 2 * atan2(h.squareRoot(), max(0, 1 - h).squareRoot())
        return earthRadiusKm * c
    }

    /// The road distance: great-circle × `roadFactor`, rounded half-even to whole metres, as an
    /// exact decimal of kilometres (three places used). Rounding here, once per leg, is what makes
    /// every later figure exact and reproducible from the numbers shown.
    public static func roadKilometres(from a: GeoPoint, to b: GeoPoint, roadFactor: FixedDecimal = defaultRoadFactor) -> FixedDecimal {
        let factor = Double(roadFactor.units) / Double(FixedDecimal.scale)
        let metres = (kilometres(from: a, to: b) * factor * 1000).rounded(.toNearestOrEven)
        return FixedDecimal(units: Int64(metres) * (FixedDecimal.scale / 1000))
    }
}

/// One delivery trip, as priced: the vehicle leaves its depot, drives to the pickup, to the
/// delivery address, and back to its depot. Or, when `distanceKm` is given, that distance is the
/// whole trip (the caller measured it with a router, or agreed it with the customer) and no
/// coordinates are needed.
public struct TransportTrip: Sendable, Hashable, Codable {
    public var pickup: GeoPoint?
    public var delivery: GeoPoint?
    /// The whole trip's distance, replacing the route through the coordinates.
    public var distanceKm: FixedDecimal?
    public var roadFactor: FixedDecimal
    /// Time to load at the pickup and unload at the delivery, charged per hour like driving. Each
    /// vehicle of a split load is charged the full times (conservative: a person loads every vehicle).
    public var loadingMinutes: Int
    public var unloadingMinutes: Int

    public init(
        pickup: GeoPoint? = nil, delivery: GeoPoint? = nil, distanceKm: FixedDecimal? = nil,
        roadFactor: FixedDecimal = GreatCircle.defaultRoadFactor, loadingMinutes: Int = 0, unloadingMinutes: Int = 0
    ) {
        self.pickup = pickup
        self.delivery = delivery
        self.distanceKm = distanceKm
        self.roadFactor = roadFactor
        self.loadingMinutes = loadingMinutes
        self.unloadingMinutes = unloadingMinutes
    }

    public var handlingMinutes: Int { loadingMinutes + unloadingMinutes }

    /// Every problem at once: a distance or both coordinates, nothing negative.
    public func validate() throws(ValidationFailure) {
        var validator = Validator()
        if let distanceKm {
            if distanceKm < .zero { validator.fail("distance_km", "must be >= 0") }
        } else {
            if pickup == nil { validator.fail("pickup", "is required without distance_km") }
            if delivery == nil { validator.fail("delivery", "is required without distance_km") }
        }
        for problem in pickup?.problems ?? [] { validator.fail("pickup.\(problem.field)", problem.message) }
        for problem in delivery?.problems ?? [] { validator.fail("delivery.\(problem.field)", problem.message) }
        if roadFactor < FixedDecimal(1) || roadFactor > FixedDecimal(5) { validator.fail("road_factor", "must be between 1 and 5") }
        if !(0...1_440).contains(loadingMinutes) { validator.fail("loading_minutes", "must be between 0 and 1440") }
        if !(0...1_440).contains(unloadingMinutes) { validator.fail("unloading_minutes", "must be between 0 and 1440") }
        try validator.check()
    }

    enum CodingKeys: String, CodingKey {
        case pickup, delivery, distanceKm = "distance_km", roadFactor = "road_factor", loadingMinutes = "loading_minutes"
        case unloadingMinutes = "unloading_minutes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pickup = try container.decodeIfPresent(GeoPoint.self, forKey: .pickup)
        delivery = try container.decodeIfPresent(GeoPoint.self, forKey: .delivery)
        distanceKm = try container.decodeIfPresent(FixedDecimal.self, forKey: .distanceKm)
        roadFactor = try container.decodeIfPresent(FixedDecimal.self, forKey: .roadFactor) ?? GreatCircle.defaultRoadFactor
        loadingMinutes = try container.decodeIfPresent(Int.self, forKey: .loadingMinutes) ?? 0
        unloadingMinutes = try container.decodeIfPresent(Int.self, forKey: .unloadingMinutes) ?? 0
    }
}

/// One leg of a priced route.
public struct TripLeg: Sendable, Hashable, Codable {
    public enum Stop: String, Sendable, Hashable, Codable { case depot, pickup, delivery }
    public var from: Stop
    public var to: Stop
    public var distanceKm: FixedDecimal

    public init(from: Stop, to: Stop, distanceKm: FixedDecimal) {
        self.from = from
        self.to = to
        self.distanceKm = distanceKm
    }

    enum CodingKeys: String, CodingKey { case from, to, distanceKm = "distance_km" }
}

/// One line of a price: `amount` = `quantity` × `unitPrice`, rounded half-even to four places.
public struct PriceLine: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case fixed, distance, time }
    public var kind: Kind
    public var description: String
    public var quantity: FixedDecimal
    /// `trip`, `km` or `h`.
    public var unit: String
    public var unitPrice: FixedDecimal
    public var amount: FixedDecimal

    public init(kind: Kind, description: String, quantity: FixedDecimal, unit: String, unitPrice: FixedDecimal) {
        self.kind = kind
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.amount = quantity.multipliedHalfEven(by: unitPrice)
    }

    enum CodingKeys: String, CodingKey { case kind, description, quantity, unit, unitPrice = "unit_price", amount }
}

/// What one vehicle costs for one trip, line by line.
public struct TransportPrice: Sendable, Hashable, Codable {
    public enum DistanceSource: String, Sendable, Hashable, Codable {
        /// Depot → pickup → delivery → depot, great-circle × road factor per leg.
        case route
        /// The distance the caller gave.
        case given
    }

    public var vehicleID: String
    public var currency: CurrencyCode
    public var distanceSource: DistanceSource
    /// Empty when the distance was given.
    public var legs: [TripLeg]
    public var distanceKm: FixedDecimal
    /// Distance over average speed, half-even to four places (for reading; the time line uses the
    /// exact sum of driving and handling time, rounded once).
    public var drivingHours: FixedDecimal
    public var handlingMinutes: Int
    public var lines: [PriceLine]
    /// The lines' amounts added up, four places.
    public var subtotal: FixedDecimal
    /// The subtotal rounded half-even to the currency's minor unit (cents for most).
    public var total: Money

    enum CodingKeys: String, CodingKey {
        case vehicleID = "vehicle_id", currency, distanceSource = "distance_source", legs, distanceKm = "distance_km"
        case drivingHours = "driving_hours", handlingMinutes = "handling_minutes", lines, subtotal, total
    }
}

/// Prices a trip for a vehicle. Pure and exact:
///
/// 1. Distance: the given `distance_km`, or the three legs depot → pickup → delivery → depot, each
///    great-circle × road factor rounded half-even to whole metres, then added.
/// 2. Lines, each `quantity × unit price` rounded half-even to four places:
///    - fixed: 1 trip × the vehicle's fixed cost;
///    - distance: the kilometres × cost per km;
///    - time: (kilometres ÷ average speed + (loading + unloading minutes) ÷ 60) hours, computed
///      exactly and rounded half-even to four places once, × cost per hour.
/// 3. Subtotal: the lines added (exact). Total: the subtotal rounded half-even to the currency's
///    minor unit (two places for EUR and USD, none for JPY, three for KWD).
///
/// So anyone can check a price from the breakdown alone: multiply, round each line to four
/// places, add, round once to cents. Banker's rounding at the end keeps a fleet's totals unbiased.
public enum TransportPricing {
    public static func price(_ vehicle: Vehicle, for trip: TransportTrip) throws(ValidationFailure) -> TransportPrice {
        try trip.validate()
        if vehicle.averageSpeedKmh <= .zero {
            throw ValidationFailure([FieldError(field: "average_speed_kmh", message: "must be > 0")])
        }
        let legs: [TripLeg]
        let distance: FixedDecimal
        let source: TransportPrice.DistanceSource
        if let given = trip.distanceKm {
            legs = []
            distance = given
            source = .given
        } else if let pickup = trip.pickup, let delivery = trip.delivery {
            let factor = trip.roadFactor
            legs = [
                TripLeg(
                    from: .depot, to: .pickup, distanceKm: GreatCircle.roadKilometres(from: vehicle.depot, to: pickup, roadFactor: factor)),
                TripLeg(
                    from: .pickup, to: .delivery, distanceKm: GreatCircle.roadKilometres(from: pickup, to: delivery, roadFactor: factor)),
                TripLeg(
                    from: .delivery, to: .depot,
                    distanceKm: GreatCircle.roadKilometres(from: delivery, to: vehicle.depot, roadFactor: factor)),
            ]
            distance = legs.reduce(.zero) { $0 + $1.distanceKm }
            source = .route
        } else {
            throw ValidationFailure([FieldError(field: "distance_km", message: "is required without pickup and delivery")])
        }

        // Hours, exact: km / speed + minutes / 60 = (60·K + M·S) / (60·S) with K and S in
        // ten-thousandths; in ten-thousandths of an hour that is 10⁴·(60·K + M·S) / (60·S).
        let k = Int128(distance.units)
        let s = Int128(vehicle.averageSpeedKmh.units)
        let m = Int128(trip.handlingMinutes)
        let scale = Int128(FixedDecimal.scale)
        let hours = FixedDecimal(units: Int64(divideHalfEven(scale * (60 * k + m * s), 60 * s)))
        let driving = FixedDecimal(units: Int64(divideHalfEven(scale * k, s)))

        let lines = [
            PriceLine(
                kind: .fixed, description: "fixed cost per trip", quantity: FixedDecimal(1), unit: "trip", unitPrice: vehicle.fixedCost),
            PriceLine(kind: .distance, description: "\(distance.text()) km", quantity: distance, unit: "km", unitPrice: vehicle.costPerKm),
            PriceLine(
                kind: .time, description: "\(driving.text()) h driving + \(trip.handlingMinutes) min loading and unloading",
                quantity: hours, unit: "h", unitPrice: vehicle.costPerHour),
        ]
        let subtotal = lines.reduce(FixedDecimal.zero) { $0 + $1.amount }
        return TransportPrice(
            vehicleID: vehicle.id, currency: vehicle.currency, distanceSource: source, legs: legs, distanceKm: distance,
            drivingHours: driving, handlingMinutes: trip.handlingMinutes, lines: lines, subtotal: subtotal,
            total: Money(subtotal.roundedHalfEven(toPlaces: vehicle.currency.minorUnitDigits), vehicle.currency))
    }

    /// `numerator / denominator` rounded half to even (denominator > 0).
    static func divideHalfEven(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        var quotient = numerator / denominator
        var remainder = numerator % denominator
        if remainder < 0 {
            quotient -= 1
            remainder += denominator
        }
        let twice = 2 * remainder
        if twice > denominator || (twice == denominator && quotient % 2 != 0) { quotient += 1 }
        return quotient
    }
}

extension FixedDecimal {
    /// `self × other`, rounded half-even to four places.
    public func multipliedHalfEven(by other: FixedDecimal) -> FixedDecimal {
        FixedDecimal(units: Int64(TransportPricing.divideHalfEven(Int128(units) * Int128(other.units), Int128(Self.scale))))
    }

    /// Rounded half-even to `places` decimals (0 to 4).
    public func roundedHalfEven(toPlaces places: Int) -> FixedDecimal {
        let clamped = Swift.max(0, Swift.min(Self.places, places))
        var step: Int64 = 1
        for _ in 0..<(Self.places - clamped) { step *= 10 }
        return FixedDecimal(units: Int64(TransportPricing.divideHalfEven(Int128(units), Int128(step))) * step)
    }
}

extension CurrencyCode {
    /// Decimal places of the currency's minor unit (ISO 4217): 2 unless listed.
    public var minorUnitDigits: Int {
        switch code {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF": 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": 3
        default: 2
        }
    }
}
