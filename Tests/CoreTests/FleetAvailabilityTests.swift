import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct FleetAvailabilityTests {
    typealias F = FleetFixtures

    @Test func weekdaysFollowLocalDate() {
        #expect(Weekday(F.tuesday) == .tuesday)
        #expect(Weekday(F.saturday) == .saturday)
        #expect(Weekday(F.date("2026-12-07")) == .monday)
        #expect(Weekday(F.date("2026-12-06")) == .sunday)
    }

    @Test func calendarWeekdaysExtraDatesAndBlocks() {
        let calendar = AvailabilityCalendar(
            weekdays: Weekday.workdays, extraDates: [F.saturday, F.date("2026-12-10")],
            blocked: [BlockedPeriod(from: F.date("2026-12-09"), through: F.date("2026-12-11"), reason: "maintenance")])
        #expect(calendar.isOpen(on: F.tuesday))
        #expect(calendar.isOpen(on: F.saturday), "an extra date opens a Saturday")
        #expect(calendar.unavailability(on: F.date("2026-12-06")) == .notWorking(.sunday))
        for day in ["2026-12-09", "2026-12-10", "2026-12-11"] {
            #expect(!calendar.isOpen(on: F.date(day)), "\(day): a block wins, even over an extra date")
        }
        #expect(calendar.isOpen(on: F.date("2026-12-08")))
        #expect(calendar.isOpen(on: F.date("2026-12-14")))
        #expect(
            calendar.unavailability(on: F.date("2026-12-10"))?.description == "blocked (maintenance) from 2026-12-09 through 2026-12-11")
        #expect(AvailabilityCalendar().isOpen(on: F.date("2026-12-06")), "the default calendar works every day")
    }

    @Test func bookingsBlockTheirVehiclesOnTheirDateOnly() throws {
        var cancelled = F.fakeBooking("B2", vehicles: ["v2"], on: F.tuesday)
        _ = try cancelled.state.cancel(at: 1, reason: "not needed")
        var recalled = F.fakeBooking("B3", vehicles: ["v3"], on: F.tuesday)
        _ = try recalled.state.dispatch(at: 1)
        _ = try recalled.state.cancel(at: 2, reason: "goods not ready")
        let fleet = FleetAvailability(
            vehicles: [F.van("v1"), F.van("v2"), F.van("v3"), F.van("v4", availability: AvailabilityCalendar(weekdays: Weekday.workdays))],
            bookings: [F.fakeBooking("B1", vehicles: ["v1", "v4"], on: F.tuesday), cancelled, recalled])
        #expect(fleet.available(on: F.tuesday).map(\.id) == ["v2"])
        #expect(fleet.unavailability(of: "v1", on: F.tuesday) == .booked(bookingID: "B1"))
        #expect(fleet.unavailability(of: "v3", on: F.tuesday) == .booked(bookingID: "B3"), "recalled after dispatch keeps the day")
        #expect(fleet.available(on: F.date("2026-12-02")).map(\.id) == ["v1", "v2", "v3", "v4"])
        #expect(fleet.available(on: F.saturday).map(\.id) == ["v1", "v2", "v3"])
        #expect(fleet.unavailability(of: "nope", on: F.tuesday) == .unknownVehicle("nope"))
        #expect(fleet.day(F.tuesday).map { $0.unavailability?.code } == ["booked", nil, "booked", "booked"])
    }

    @Test func calendarReasonComesBeforeABooking() {
        let blocked = AvailabilityCalendar(blocked: [BlockedPeriod(on: F.tuesday, reason: "inspection")])
        let fleet = FleetAvailability(
            vehicles: [F.van("v1", availability: blocked)], bookings: [F.fakeBooking("B1", vehicles: ["v1"], on: F.tuesday)])
        #expect(fleet.unavailability(of: "v1", on: F.tuesday)?.code == "blocked")
    }

    @Test func vehicleJSONUsesSnakeCaseAndRoundTrips() throws {
        let json = """
            {"id": "van-1", "name": "Sprinter 1", "type": "van",
             "cargo_space": {"length_cm": 430, "width_cm": 175, "height_cm": 190},
             "max_payload_kg": 1200, "currency": "EUR", "fixed_cost": 35, "cost_per_km": "0.42", "cost_per_hour": 28.5,
             "average_speed_kmh": 45, "depot": {"latitude": 52.52, "longitude": 13.405},
             "capabilities": ["tail_lift"],
             "availability": {"weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                              "blocked": [{"from": "2026-12-24", "through": "2026-12-26", "reason": "holiday"}]}}
            """
        let vehicle = try JSONDecoder().decode(Vehicle.self, from: Data(json.utf8))
        #expect(vehicle.cargoSpace == CargoSpace(lengthCm: 430, widthCm: 175, heightCm: 190))
        #expect(vehicle.costPerKm == F.decimal("0.42"))
        #expect(vehicle.costPerHour == F.decimal("28.5"))
        #expect(vehicle.capabilities == [VehicleCapability.tailLift])
        #expect(vehicle.availability.weekdays == Weekday.workdays)
        #expect(vehicle.availability.extraDates.isEmpty)
        #expect(!vehicle.availability.isOpen(on: F.date("2026-12-25")))
        try vehicle.validate()

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(vehicle)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "name", "type", "cargo_space", "max_payload_kg", "currency", "fixed_cost", "cost_per_km", "cost_per_hour",
                "average_speed_kmh", "depot", "capabilities", "availability",
            ])
        #expect(try JSONDecoder().decode(Vehicle.self, from: data) == vehicle)
        // Money stays exact through JSON.
        #expect(String(decoding: data, as: UTF8.self).contains("\"cost_per_km\":0.42"))
    }

    @Test func vehicleValidationNamesEveryField() {
        var vehicle = F.van("v1", fixed: "-1", speed: "0", length: 0, payload: -5)
        vehicle.depot = GeoPoint(latitude: 0, longitude: 200)
        vehicle.capabilities = ["Tail Lift"]
        vehicle.availability.blocked = [BlockedPeriod(from: F.saturday, through: F.tuesday, reason: "typo")]
        do {
            try vehicle.validate()
            Issue.record("expected a validation failure")
        } catch {
            #expect(
                error.errors.map(\.field) == [
                    "cargo_space.length_cm", "max_payload_kg", "fixed_cost", "average_speed_kmh", "depot.longitude", "capabilities",
                    "availability.blocked[0].through",
                ])
        }
    }
}
