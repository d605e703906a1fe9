import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct TransportPricingTests {
    typealias F = FleetFixtures
    static func decimal(_ text: String) -> FixedDecimal { F.decimal(text) }

    @Test func haversineMatchesTheSphericalFormula() {
        // One degree of longitude on the equator is 2πR / 360.
        let degree = GreatCircle.kilometres(from: F.origin, to: GeoPoint(latitude: 0, longitude: 1))
        #expect(abs(degree - 6371.0088 * Double.pi / 180) < 1e-9)
        // Paris → London, about 343.56 km as the crow flies.
        let paris = GeoPoint(latitude: 48.8566, longitude: 2.3522)
        let london = GeoPoint(latitude: 51.5074, longitude: -0.1278)
        #expect(abs(GreatCircle.kilometres(from: paris, to: london) - 343.5565) < 0.001)
        #expect(GreatCircle.kilometres(from: paris, to: paris) == 0)
        // Symmetric, and antipodes are half the circumference.
        #expect(GreatCircle.kilometres(from: london, to: paris) == GreatCircle.kilometres(from: paris, to: london))
        let antipode = GreatCircle.kilometres(from: GeoPoint(latitude: 0, longitude: 0), to: GeoPoint(latitude: 0, longitude: 180))
        #expect(abs(antipode - 6371.0088 * Double.pi) < 1e-6)
    }

    @Test func roadDistanceAppliesTheFactorAndRoundsToMetres() {
        let oneDegree = GeoPoint(latitude: 0, longitude: 1)
        // 111,195.08 m × 1.3 = 144,553.60 m → 144.554 km.
        #expect(GreatCircle.roadKilometres(from: F.origin, to: oneDegree) == Self.decimal("144.554"))
        #expect(GreatCircle.roadKilometres(from: F.origin, to: oneDegree, roadFactor: FixedDecimal(1)) == Self.decimal("111.195"))
        // Berlin → Munich: 504.4 km straight, 655,740.84 m by road factor → 655.741 km.
        let berlin = GeoPoint(latitude: 52.52, longitude: 13.405)
        let munich = GeoPoint(latitude: 48.1351, longitude: 11.582)
        #expect(GreatCircle.roadKilometres(from: berlin, to: munich) == Self.decimal("655.741"))
    }

    /// 42.5 km given, 15 + 15 min handling: 25 + 42.5 × 0.45 + (42.5 / 50 + 0.5) h × 30.
    @Test func givenDistancePricedByHand() throws {
        let trip = TransportTrip(distanceKm: Self.decimal("42.5"), loadingMinutes: 15, unloadingMinutes: 15)
        let price = try TransportPricing.price(F.van("v1"), for: trip)
        #expect(price.distanceSource == .given)
        #expect(price.legs.isEmpty)
        #expect(price.lines.map(\.kind) == [.fixed, .distance, .time])
        #expect(price.lines.map(\.amount) == [Self.decimal("25"), Self.decimal("19.125"), Self.decimal("40.5")])
        #expect(price.lines[2].quantity == Self.decimal("1.35"))
        #expect(price.drivingHours == Self.decimal("0.85"))
        #expect(price.handlingMinutes == 30)
        #expect(price.subtotal == Self.decimal("84.625"))
        // 84.625 → half-even → 84.62 (2 is even).
        #expect(price.total == Money(Self.decimal("84.62"), F.eur))
    }

    /// Depot (0, 0) → pickup (0, 1) → delivery (0, 2) → depot: 144.554 + 144.554 + 289.107 km.
    @Test func routeThroughDepotPickupDeliveryPricedByHand() throws {
        let trip = TransportTrip(
            pickup: GeoPoint(latitude: 0, longitude: 1), delivery: GeoPoint(latitude: 0, longitude: 2), loadingMinutes: 20,
            unloadingMinutes: 10)
        let price = try TransportPricing.price(F.van("v1"), for: trip)
        #expect(price.distanceSource == .route)
        #expect(price.legs.map(\.distanceKm) == [Self.decimal("144.554"), Self.decimal("144.554"), Self.decimal("289.107")])
        #expect(price.legs.map(\.from) == [.depot, .pickup, .delivery])
        #expect(price.legs.map(\.to) == [.pickup, .delivery, .depot])
        #expect(price.distanceKm == Self.decimal("578.215"))
        // 578.215 × 0.45 = 260.19675 → 260.1968 (half-even: 7 is odd, goes up).
        #expect(price.lines[1].amount == Self.decimal("260.1968"))
        // 578.215 / 50 = 11.5643 h + 0.5 h = 12.0643 h × 30 = 361.929.
        #expect(price.drivingHours == Self.decimal("11.5643"))
        #expect(price.lines[2].quantity == Self.decimal("12.0643"))
        #expect(price.lines[2].amount == Self.decimal("361.929"))
        #expect(price.subtotal == Self.decimal("647.1258"))
        #expect(price.total.amount == Self.decimal("647.13"))
    }

    @Test func hoursAreRoundedOnceToFourPlaces() throws {
        // 10 km at 60 km/h = 0.16666… h → 0.1667 h × 30 = 5.001 (not 5.00).
        let price = try TransportPricing.price(F.van("v1", fixed: "0", speed: "60"), for: F.shortTrip)
        #expect(price.lines[2].quantity == Self.decimal("0.1667"))
        #expect(price.lines[2].amount == Self.decimal("5.001"))
        #expect(price.subtotal == Self.decimal("9.501"))
        #expect(price.total.amount == Self.decimal("9.5"))
    }

    @Test func totalRoundsHalfToEven() throws {
        let zero = TransportTrip(distanceKm: .zero)
        for (fixed, expected) in [("10.005", "10"), ("10.015", "10.02"), ("10.025", "10.02"), ("10.0051", "10.01"), ("10.0049", "10")] {
            let price = try TransportPricing.price(F.van("v1", fixed: fixed), for: zero)
            #expect(price.total.amount == Self.decimal(expected), "\(fixed)")
        }
        // Yen have no minor unit; dinars three places.
        let yen = try TransportPricing.price(F.van("v1", fixed: "1234.5", currency: CurrencyCode("JPY")!), for: zero)
        #expect(yen.total.amount == Self.decimal("1234"))
        let dinar = try TransportPricing.price(F.van("v1", fixed: "12.3455", currency: CurrencyCode("KWD")!), for: zero)
        #expect(dinar.total.amount == Self.decimal("12.346"))
    }

    @Test func linesAreQuantityTimesUnitPrice() throws {
        let trip = TransportTrip(distanceKm: Self.decimal("123.4567"), loadingMinutes: 7, unloadingMinutes: 11)
        let price = try TransportPricing.price(F.van("v1", fixed: "19.99", perKm: "0.3333", perHour: "41.17", speed: "67.5"), for: trip)
        for line in price.lines {
            // In 10⁻⁸: the rounded amount is within half a unit of the fourth place of the exact product.
            let exact = Int128(line.quantity.units) * Int128(line.unitPrice.units)
            let difference = Int128(line.amount.units) * 10_000 - exact
            #expect(difference <= 5_000 && difference >= -5_000)
        }
        #expect(price.subtotal == price.lines.reduce(.zero) { $0 + $1.amount })
    }

    @Test func refusesIncompleteOrImpossibleTrips() {
        #expect(throws: ValidationFailure.self) { try TransportPricing.price(F.van("v1"), for: TransportTrip()) }
        do {
            _ = try TransportPricing.price(
                F.van("v1"),
                for: TransportTrip(
                    pickup: GeoPoint(latitude: 91, longitude: 0), delivery: F.origin, roadFactor: Self.decimal("0.9"), loadingMinutes: -1))
            Issue.record("expected a validation failure")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["pickup.latitude", "road_factor", "loading_minutes"])
        }
        #expect(throws: ValidationFailure.self) {
            try TransportPricing.price(F.van("v1"), for: TransportTrip(distanceKm: FixedDecimal(-1)))
        }
        #expect(throws: ValidationFailure.self) { try TransportPricing.price(F.van("v1", speed: "0"), for: F.shortTrip) }
    }

    @Test func tripDecodesWithDefaults() throws {
        let json =
            #"{"pickup": {"latitude": 48.85, "longitude": 2.35}, "delivery": {"latitude": 48.9, "longitude": 2.4}, "loading_minutes": 15}"#
        let trip = try JSONDecoder().decode(TransportTrip.self, from: Data(json.utf8))
        #expect(trip.roadFactor == Self.decimal("1.3"))
        #expect(trip.loadingMinutes == 15)
        #expect(trip.unloadingMinutes == 0)
        #expect(trip.distanceKm == nil)
        let given = try JSONDecoder().decode(TransportTrip.self, from: Data(#"{"distance_km": "42.5"}"#.utf8))
        #expect(given.distanceKm == Self.decimal("42.5"))
    }

    @Test func priceEncodesWithSnakeCaseKeys() throws {
        let price = try TransportPricing.price(F.van("v1"), for: F.shortTrip)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(price), as: UTF8.self)
        for key in [
            "\"vehicle_id\"", "\"distance_km\"", "\"driving_hours\"", "\"handling_minutes\"", "\"unit_price\"", "\"distance_source\"",
        ] {
            #expect(text.contains(key), "\(key) in \(text)")
        }
        #expect(try JSONDecoder().decode(TransportPrice.self, from: encoder.encode(price)) == price)
    }
}
