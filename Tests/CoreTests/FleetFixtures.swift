import Foundation

@testable import QuartermasterCore

/// Vehicles, dates and loads shared by the fleet tests.
enum FleetFixtures {
    static let eur = CurrencyCode("EUR")!
    static let usd = CurrencyCode("USD")!

    static func decimal(_ text: String) -> FixedDecimal { FixedDecimal(parsing: text)! }
    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// Tuesday 2026-12-01.
    static let tuesday = date("2026-12-01")
    /// Saturday 2026-12-05.
    static let saturday = date("2026-12-05")

    static let origin = GeoPoint(latitude: 0, longitude: 0)

    /// A van: 300 × 170 × 170 cm, 1,000 kg, 25 + 0.45/km + 30/h at 50 km/h.
    static func van(
        _ id: String, depot: GeoPoint = origin, fixed: String = "25", perKm: String = "0.45", perHour: String = "30",
        speed: String = "50", length: Double = 300, width: Double = 170, height: Double = 170, payload: Double = 1_000,
        capabilities: Set<String> = [], availability: AvailabilityCalendar = AvailabilityCalendar(), currency: CurrencyCode = eur
    ) -> Vehicle {
        Vehicle(
            id: id, name: "Van \(id)", type: .van, cargoSpace: CargoSpace(lengthCm: length, widthCm: width, heightCm: height),
            maxPayloadKg: payload, currency: currency, fixedCost: decimal(fixed), costPerKm: decimal(perKm), costPerHour: decimal(perHour),
            averageSpeedKmh: decimal(speed), depot: depot, capabilities: capabilities, availability: availability)
    }

    /// A box truck: 600 × 240 × 240 cm, 3,500 kg, 80 + 0.90/km + 45/h at 50 km/h.
    static func truck(_ id: String, capabilities: Set<String> = [VehicleCapability.tailLift]) -> Vehicle {
        var vehicle = van(
            id, fixed: "80", perKm: "0.90", perHour: "45", length: 600, width: 240, height: 240, payload: 3_500, capabilities: capabilities)
        vehicle.type = .boxTruck
        vehicle.name = "Truck \(id)"
        return vehicle
    }

    /// A 10 km trip with no handling time.
    static let shortTrip = TransportTrip(distanceKm: FixedDecimal(10))

    static func cartons(
        _ count: Int, weight: Double, id: String = "carton", size: (Double, Double, Double) = (60, 40, 40)
    )
        -> PackingItem
    {
        PackingItem(id: id, length: size.0, width: size.1, height: size.2, weight: weight, quantity: count)
    }

    static func fakeBooking(_ id: String, vehicles: [String], on date: LocalDate) -> FleetBooking {
        let price = try! TransportPricing.price(van("x"), for: shortTrip)
        return FleetBooking(
            id: id, idempotencyKey: "key-\(id)", offerID: "offer-\(id)", date: date, trip: shortTrip,
            vehicles: vehicles.map { .init(vehicleID: $0, price: price) }, total: Money(FixedDecimal(1), eur),
            state: BookingState(bookedAt: 0))
    }
}
