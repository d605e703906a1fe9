import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct CarrierConnectorTests {
    typealias F = FleetFixtures

    static func request(_ items: [PackingItem] = [F.cartons(10, weight: 20)], on date: LocalDate = F.tuesday) -> TransportRequest {
        TransportRequest(load: TransportLoad(items: items), trip: F.shortTrip, date: date, currency: F.eur)
    }

    static func fleet() -> InternalFleet {
        InternalFleet(vehicles: [F.van("v1"), F.van("v2", perKm: "0.50"), F.truck("t1")])
    }

    @Test func quoteOffersTheCheapestVehicleWithAStableID() throws {
        let fleet = Self.fleet()
        let offers = try fleet.quote(Self.request())
        #expect(offers.count == 1)
        let offer = try #require(offers.first)
        #expect(offer.vehicles.map(\.vehicleID) == ["v1"])
        #expect(offer.total == Money(F.decimal("35.5"), F.eur))
        #expect(offer.id == "internal:2026-12-01:v1:35.50")
        #expect(offer.vehicles[0].layout?.boxes.count == 10)
        #expect(try fleet.quote(Self.request()) == offers)
    }

    @Test func bookingHoldsTheVehicleAndIsIdempotent() throws {
        var fleet = Self.fleet()
        let offer = try #require(try fleet.quote(Self.request()).first)
        let booking = try fleet.book(offer, idempotencyKey: "run-1:logistics:1", at: 1_000)
        #expect(booking.id == "FB-000001")
        #expect(booking.state.status == .booked)
        #expect(booking.vehicleIDs == ["v1"])
        #expect(booking.total == offer.total)
        // The same key again: the same booking, nothing new.
        #expect(try fleet.book(offer, idempotencyKey: "run-1:logistics:1", at: 2_000) == booking)
        #expect(fleet.bookings.count == 1)
        // Another key for the same offer: the van is taken.
        #expect(throws: CarrierError.vehicleTaken(vehicleID: "v1", date: F.tuesday, reason: "booked (FB-000001)")) {
            try fleet.book(offer, idempotencyKey: "run-2:logistics:1", at: 3_000)
        }
        // A new quote goes to the next cheapest van.
        let next = try #require(try fleet.quote(Self.request()).first)
        #expect(next.vehicles.map(\.vehicleID) == ["v2"])
        #expect(next.total.amount == F.decimal("36"))
        // Reusing the first key for that other offer is refused.
        #expect(throws: CarrierError.idempotencyKeyReused("run-1:logistics:1")) {
            try fleet.book(next, idempotencyKey: "run-1:logistics:1", at: 4_000)
        }
        #expect(CarrierError.idempotencyKeyReused("k").httpStatus == 409)
        // The next day the first van is free again.
        #expect(try fleet.quote(Self.request(on: F.date("2026-12-02"))).first?.vehicles.map(\.vehicleID) == ["v1"])
    }

    @Test func cancellingBeforeDispatchFreesTheVehicle() throws {
        var fleet = Self.fleet()
        let offer = try #require(try fleet.quote(Self.request()).first)
        let booking = try fleet.book(offer, idempotencyKey: "k1", at: 1_000)
        let (cancelled, action) = try fleet.move(booking.id, to: .cancelled, at: 2_000, reason: "order withdrawn")
        #expect(action == .releaseVehicles)
        #expect(cancelled.state.status == .cancelled)
        let again = try fleet.book(offer, idempotencyKey: "k2", at: 3_000)
        #expect(again.id == "FB-000002")
        #expect(again.vehicleIDs == ["v1"])
    }

    @Test func statusMovesThroughTheFleet() throws {
        var fleet = Self.fleet()
        let offer = try #require(try fleet.quote(Self.request()).first)
        let booking = try fleet.book(offer, idempotencyKey: "k1", at: 1_000)
        #expect(throws: CarrierError.refused(.notAllowed(event: .deliver, from: .booked, to: nil))) {
            try fleet.move(booking.id, to: .delivered, at: 1_500)
        }
        #expect(try fleet.move(booking.id, to: .dispatched, at: 2_000).action == .none)
        #expect(try fleet.move(booking.id, to: .dispatched, at: 2_500).booking.state.dispatchedAt == 2_000)
        #expect(try fleet.move(booking.id, to: .delivered, at: 3_000).action == .chargeTrip)
        #expect(fleet.booking(booking.id)?.state.status == .delivered)
        #expect(throws: CarrierError.unknownBooking("FB-999")) { try fleet.move("FB-999", to: .dispatched, at: 1) }
        #expect(CarrierError.refused(.notAllowed(event: .deliver, from: .booked, to: nil)).httpStatus == 409)
    }

    @Test func refusesForeignOrEmptyOffersAndExplainsNoVehicle() throws {
        var fleet = Self.fleet()
        var offer = try #require(try fleet.quote(Self.request()).first)
        offer.carrierID = "dhl-freight"
        #expect(throws: CarrierError.otherCarrier("dhl-freight")) { try fleet.book(offer, idempotencyKey: "k", at: 1) }
        offer.carrierID = InternalFleet.carrierID
        offer.vehicles = []
        #expect(throws: CarrierError.emptyOffer) { try fleet.book(offer, idempotencyKey: "k", at: 1) }
        do {
            _ = try fleet.quote(Self.request([F.cartons(1, weight: 5_000, id: "press")]))
            Issue.record("expected no vehicle")
        } catch {
            guard case .noVehicle(let refusal) = error else { Issue.record("\(error)"); return }
            #expect(refusal.description == "press: heavier than the payload of any vehicle free on 2026-12-01")
            #expect(error.httpStatus == 409)
        }
    }

    @Test func bookingJSONRoundTrips() throws {
        var fleet = Self.fleet()
        let offer = try #require(try fleet.quote(Self.request()).first)
        let booking = try fleet.book(offer, idempotencyKey: "k1", at: 1_000)
        let data = try JSONEncoder().encode(booking)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"idempotency_key\"") && text.contains("\"offer_id\"") && text.contains("\"vehicle_id\""))
        #expect(try JSONDecoder().decode(FleetBooking.self, from: data) == booking)
        // A fleet rebuilt from stored bookings sees the van taken.
        let rebuilt = InternalFleet(vehicles: fleet.vehicles, bookings: [try JSONDecoder().decode(FleetBooking.self, from: data)])
        #expect(try rebuilt.quote(Self.request()).first?.vehicles.map(\.vehicleID) == ["v2"])
    }

    /// Through the protocol: ten concurrent bookings of one offer under different keys, one wins.
    @Test func concurrentBookingsCannotShareAVehicle() async throws {
        let carrier = InternalFleetCarrier(fleet: Self.fleet(), now: { 42 })
        let connector: any CarrierConnector = carrier
        let offer = try #require(try await connector.quote(Self.request()).first)
        let outcomes = await withTaskGroup(of: Result<CarrierBooking, CarrierError>.self) { group in
            for index in 0..<10 {
                group.addTask {
                    do throws(CarrierError) {
                        return .success(try await connector.book(offer, idempotencyKey: "key-\(index)"))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var outcomes: [Result<CarrierBooking, CarrierError>] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        let booked = outcomes.compactMap { try? $0.get() }
        #expect(booked.count == 1)
        #expect(booked.first?.vehicleIDs == ["v1"])
        #expect(booked.first?.carrierID == "internal")
        let reference = try #require(booked.first?.reference)
        #expect(try await connector.status(of: reference).status == .booked)
        #expect(try await carrier.move(reference, to: .dispatched).status == .dispatched)
        let cancelled = try await connector.cancel(reference, reason: "receiver closed")
        #expect(cancelled.status == .cancelled)
        #expect(await carrier.fleet.booking(reference)?.state.cancelledAt == 42)
        do throws(CarrierError) {
            _ = try await connector.status(of: "nope")
            Issue.record("expected unknown booking")
        } catch {
            #expect(error == .unknownBooking("nope"))
        }
        // Cancelled after dispatch: the van stays taken that day.
        let next = try #require(try await connector.quote(Self.request()).first)
        #expect(next.vehicles.map(\.vehicleID) == ["v2"])
    }
}
