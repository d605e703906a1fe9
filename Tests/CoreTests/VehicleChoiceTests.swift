import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct VehicleChoiceTests {
    typealias F = FleetFixtures

    static func choose(
        _ items: [PackingItem], vehicles: [Vehicle], bookings: [FleetBooking] = [], capabilities: Set<String> = [],
        trip: TransportTrip = F.shortTrip, options: VehicleChoiceOptions = VehicleChoiceOptions()
    ) throws(VehicleChoiceRefusal) -> VehicleChoice {
        try VehicleChooser.choose(
            TransportLoad(items: items, requiredCapabilities: capabilities), trip: trip, on: F.tuesday,
            fleet: FleetAvailability(vehicles: vehicles, bookings: bookings), currency: F.eur, options: options)
    }

    static func refusal(
        _ items: [PackingItem], vehicles: [Vehicle], bookings: [FleetBooking] = [], capabilities: Set<String> = [],
        options: VehicleChoiceOptions = VehicleChoiceOptions(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> VehicleChoiceRefusal? {
        do {
            let choice = try choose(items, vehicles: vehicles, bookings: bookings, capabilities: capabilities, options: options)
            Issue.record("expected a refusal, got \(choice.vehicleIDs)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Every layout is valid (no overlap, supported, within payload), and together they carry every box.
    static func expectValid(_ choice: VehicleChoice, _ items: [PackingItem], sourceLocation: SourceLocation = #_sourceLocation) {
        for assignment in choice.assignments {
            #expect(assignment.layout.container == assignment.vehicle.packingContainer, sourceLocation: sourceLocation)
            #expect(assignment.weightKg <= assignment.vehicle.maxPayloadKg + 1e-9, sourceLocation: sourceLocation)
            #expect(assignment.boxCount > 0, "a chosen vehicle carries something", sourceLocation: sourceLocation)
        }
        let result = PackingResult(containers: choice.assignments.map(\.layout), unpacked: [], seconds: 0, statistics: PackingStatistics())
        let problem = PackingProblem(container: choice.assignments[0].vehicle.packingContainer, items: items)
        let violations = PackingVerifier.verify(result, problem: problem)
        #expect(violations.isEmpty, "\(violations.prefix(5))", sourceLocation: sourceLocation)
        let total = choice.assignments.reduce(FixedDecimal.zero) { $0 + $1.price.total.amount }
        #expect(choice.total == Money(total, F.eur), sourceLocation: sourceLocation)
    }

    // Prices on the 10 km trip: a default van 25 + 4.50 + 6.00 = 35.50; the truck 80 + 9 + 9 = 98.

    @Test func cheapestSingleVehicleWins() throws {
        let items = [F.cartons(10, weight: 20)]
        let choice = try Self.choose(
            items, vehicles: [F.truck("t1"), F.van("v-a"), F.van("v-b", perKm: "0.40"), F.van("v-c", perKm: "0.50")])
        #expect(choice.vehicleIDs == ["v-b"])
        #expect(choice.total == Money(F.decimal("35"), F.eur))
        #expect(choice.assignments[0].price.lines.map(\.amount) == [F.decimal("25"), F.decimal("4"), F.decimal("6")])
        #expect(choice.packingAttempts == 1)
        Self.expectValid(choice, items)
    }

    @Test func nearerDepotIsCheaperOnARoute() throws {
        let trip = TransportTrip(pickup: GeoPoint(latitude: 0, longitude: 0.2), delivery: GeoPoint(latitude: 0, longitude: 0.3))
        let items = [F.cartons(4, weight: 10)]
        let choice = try Self.choose(
            items, vehicles: [F.van("far", depot: GeoPoint(latitude: 0, longitude: -1)), F.van("near", depot: F.origin)], trip: trip)
        #expect(choice.vehicleIDs == ["near"])
        #expect(choice.assignments[0].price.legs.count == 3)
    }

    /// 20 cartons of 80 kg = 1,600 kg: no 1,000 kg van takes them; the two cheapest vans do. The
    /// truck that would take them alone is booked that day.
    @Test func tooHeavyForEverySingleVanButFitsTwo() throws {
        let items = [F.cartons(20, weight: 80)]
        let vans = [F.van("v1", perKm: "0.50"), F.van("v2", perKm: "0.45"), F.van("v3", perKm: "0.40"), F.truck("t1")]
        let booked = [F.fakeBooking("B1", vehicles: ["t1"], on: F.tuesday)]
        let choice = try Self.choose(items, vehicles: vans, bookings: booked)
        #expect(Set(choice.vehicleIDs) == ["v2", "v3"])
        #expect(choice.total == Money(F.decimal("70.5"), F.eur))  // 35.00 + 35.50
        #expect(choice.assignments.reduce(0) { $0 + $1.boxCount } == 20)
        #expect(choice.rejections == [VehicleRejection(vehicleID: "t1", code: "booked", message: "booked (B1)")])
        Self.expectValid(choice, items)

        // With the truck free, one vehicle that takes the load wins over a cheaper pair …
        let single = try Self.choose(items, vehicles: vans)
        #expect(single.vehicleIDs == ["t1"])
        #expect(single.total.amount == F.decimal("98"))
        // … unless price alone decides.
        var byPrice = VehicleChoiceOptions()
        byPrice.preferSingleVehicle = false
        let pair = try Self.choose(items, vehicles: vans, options: byPrice)
        #expect(Set(pair.vehicleIDs) == ["v2", "v3"])
    }

    @Test func cheaperTripleBeatsDearerPairOnlyWhenCheaper() throws {
        // 2,400 kg: no pair of 1,000 kg vans, so three vans; the 1,400 kg vans pair up.
        let items = [F.cartons(30, weight: 80)]
        let vans = [
            F.van("small-1"), F.van("small-2"), F.van("small-3"), F.van("big-1", fixed: "80", payload: 1_400),
            F.van("big-2", fixed: "80", payload: 1_400),
        ]
        let choice = try Self.choose(items, vehicles: vans)
        // Three small: 3 × 35.50 = 106.50; two big: 2 × 90.50 = 181.00; big + 2 small would be 161.50.
        #expect(Set(choice.vehicleIDs) == ["small-1", "small-2", "small-3"])
        #expect(choice.total.amount == F.decimal("106.5"))
        Self.expectValid(choice, items)
        var two = VehicleChoiceOptions()
        two.maxVehicles = 2
        let pair = try Self.choose(items, vehicles: vans, options: two)
        #expect(Set(pair.vehicleIDs) == ["big-1", "big-2"])
        Self.expectValid(pair, items)
    }

    @Test func oversizeItemFitsNothing() throws {
        let items = [F.cartons(1, weight: 10, id: "boardroom-table", size: (400, 100, 100)), F.cartons(2, weight: 5)]
        let refusal = try #require(Self.refusal(items, vehicles: [F.van("v1"), F.van("v2")]))
        #expect(
            refusal.reason
                == .itemsFitNoVehicle([
                    UnpackedItem(itemIndex: 0, item: "boardroom-table", reason: "larger than the cargo space", quantity: 1)
                ]))
        #expect(refusal.description == "boardroom-table: larger than the cargo space of any vehicle free on 2026-12-01")
        #expect(!refusal.isBadInput)
        // The 600 cm truck takes it.
        #expect(try Self.choose(items, vehicles: [F.van("v1"), F.truck("t1")]).vehicleIDs == ["t1"])
    }

    @Test func uprightItemTooTallForEveryVan() throws {
        // 150 × 60 × 175 "this side up": 175 cm does not stand in 170 cm vans, lying down is not allowed.
        let item = PackingItem(id: "wardrobe", length: 150, width: 60, height: 175, weight: 60, quantity: 1, verticalAxes: [2])
        let refusal = try #require(Self.refusal([item], vehicles: [F.van("v1")]))
        #expect(
            refusal.reason
                == .itemsFitNoVehicle([UnpackedItem(itemIndex: 0, item: "wardrobe", reason: "larger than the cargo space", quantity: 1)]))
        var lying = item
        lying.verticalAxes = [0, 1, 2]
        #expect(try Self.choose([lying], vehicles: [F.van("v1")]).vehicleIDs == ["v1"])
    }

    @Test func singleItemHeavierThanEveryPayload() throws {
        let items = [F.cartons(1, weight: 1_200, id: "safe")]
        let refusal = try #require(Self.refusal(items, vehicles: [F.van("v1"), F.van("v2")]))
        #expect(
            refusal.reason
                == .itemsFitNoVehicle([UnpackedItem(itemIndex: 0, item: "safe", reason: "heavier than the payload", quantity: 1)]))
    }

    @Test func loadHeavierThanTheLargestVehiclesTogether() throws {
        var two = VehicleChoiceOptions()
        two.maxVehicles = 2
        let refusal = try #require(
            Self.refusal([F.cartons(25, weight: 100)], vehicles: [F.van("v1"), F.van("v2"), F.van("v3")], options: two))
        #expect(refusal.reason == .tooHeavy(weightKg: 2_500, capacityKg: 2_000, vehicles: 2))
        #expect(refusal.description == "the load weighs 2500 kg; 2 vehicle(s) free on 2026-12-01 carry at most 2000 kg")
    }

    @Test func loadLargerThanTheLargestVehiclesTogether() throws {
        // 120 cartons of 96,000 cm³ = 11.52 m³ > 2 × 8.67 m³? No: 17.34. 200 cartons = 19.2 m³ is.
        let refusal = try #require(Self.refusal([F.cartons(200, weight: 1)], vehicles: [F.van("v1"), F.van("v2")]))
        #expect(refusal.reason == .tooLarge(volumeCm3: 19_200_000, capacityCm3: 17_340_000, vehicles: 2))
    }

    /// Three 1 m cubes, two vans of 1.5 m: the volume would do, the geometry does not.
    @Test func volumeFitsButGeometryDoesNot() throws {
        let cubes = [F.cartons(3, weight: 10, id: "cube", size: (100, 100, 100))]
        let vans = [F.van("v1", length: 150, width: 150, height: 150), F.van("v2", length: 150, width: 150, height: 150)]
        let refusal = try #require(Self.refusal(cubes, vehicles: vans))
        // Each van alone, two packing passes each (4), then the pair, two passes of two calls (4).
        #expect(refusal.reason == .doesNotFit(vehicles: 2, attempts: 8))
        var capped = VehicleChoiceOptions()
        capped.maxPackingAttempts = 3
        #expect(Self.refusal(cubes, vehicles: vans, options: capped)?.reason == .doesNotFit(vehicles: 2, attempts: 3))
        // Two cubes go, one per van.
        let two = try Self.choose([F.cartons(2, weight: 10, id: "cube", size: (100, 100, 100))], vehicles: vans)
        #expect(two.vehicleIDs.count == 2)
        #expect(two.assignments.map(\.boxCount) == [1, 1])
    }

    @Test func noVehicleFreeOnTheDate() throws {
        let vans = [
            F.van("v1"), F.van("v2", availability: AvailabilityCalendar(blocked: [BlockedPeriod(on: F.tuesday, reason: "maintenance")])),
            F.van("v3", availability: AvailabilityCalendar(weekdays: [.monday])),
        ]
        let refusal = try #require(
            Self.refusal([F.cartons(1, weight: 1)], vehicles: vans, bookings: [F.fakeBooking("B9", vehicles: ["v1"], on: F.tuesday)]))
        #expect(refusal.reason == .noVehicleAvailable)
        #expect(refusal.description == "no vehicle free on 2026-12-01")
        #expect(refusal.rejections.map(\.code) == ["booked", "blocked", "not_working"])
        #expect(Self.refusal([F.cartons(1, weight: 1)], vehicles: [])?.reason == .noVehicleAvailable)
    }

    @Test func requiredCapabilityAndCurrencyFilterVehicles() throws {
        let vans = [
            F.van("cheap"), F.van("lift", perKm: "0.60", capabilities: [VehicleCapability.tailLift]),
            F.van("dollar", perKm: "0.10", currency: F.usd),
        ]
        let choice = try Self.choose([F.cartons(2, weight: 30)], vehicles: vans, capabilities: [VehicleCapability.tailLift])
        #expect(choice.vehicleIDs == ["lift"])
        #expect(choice.rejections.map(\.code) == ["missing_capability", "other_currency"])
        let refusal = try #require(Self.refusal([F.cartons(1, weight: 1)], vehicles: [F.van("cheap")], capabilities: ["refrigerated"]))
        #expect(refusal.description == "no vehicle free on 2026-12-01 with refrigerated")
    }

    @Test func tiesGoToTheSmallerVehicleThenTheID() throws {
        let items = [F.cartons(2, weight: 10)]
        #expect(try Self.choose(items, vehicles: [F.van("a"), F.van("b", length: 250)]).vehicleIDs == ["b"])
        #expect(try Self.choose(items, vehicles: [F.van("a", payload: 1_200), F.van("b")]).vehicleIDs == ["b"])
        #expect(try Self.choose(items, vehicles: [F.van("b"), F.van("a")]).vehicleIDs == ["a"])
        // Equal-priced pairs: the smaller total space, then IDs.
        let heavy = [F.cartons(20, weight: 80)]
        let pair = try Self.choose(heavy, vehicles: [F.van("d"), F.van("c"), F.van("b", length: 290), F.van("a")])
        #expect(Set(pair.vehicleIDs) == ["a", "b"])
    }

    @Test func badLoadsAreRefusedAsBadInput() throws {
        let flat = PackingItem(id: "flat", length: 10, width: 0, height: 10, weight: 1, quantity: 1)
        let refusal = try #require(Self.refusal([flat, F.cartons(1, weight: 1)], vehicles: [F.van("v1")]))
        #expect(
            refusal.reason
                == .invalidItems([UnpackedItem(itemIndex: 0, item: "flat", reason: "invalid dimensions: width must be > 0", quantity: 1)]))
        #expect(refusal.isBadInput)
        #expect(Self.refusal([], vehicles: [F.van("v1")])?.reason == .emptyLoad)
        #expect(Self.refusal([F.cartons(0, weight: 1)], vehicles: [F.van("v1")])?.reason == .emptyLoad)
        let negative = F.cartons(-2, weight: 1)
        #expect(Self.refusal([negative], vehicles: [F.van("v1")])?.isBadInput == true)
        do {
            _ = try Self.choose([F.cartons(1, weight: 1)], vehicles: [F.van("v1")], trip: TransportTrip())
            Issue.record("expected a refusal")
        } catch {
            guard case .invalidTrip(let errors) = error.reason else { Issue.record("\(error)"); return }
            #expect(errors.map(\.field) == ["pickup", "delivery"])
        }
    }

    @Test func zeroQuantityLinesKeepTheirIndex() throws {
        let items = [F.cartons(0, weight: 1, id: "none"), F.cartons(3, weight: 5, id: "some")]
        let choice = try Self.choose(items, vehicles: [F.van("v1")])
        #expect(choice.assignments[0].layout.boxes.allSatisfy { $0.itemIndex == 1 && $0.item == "some" })
        Self.expectValid(choice, items)
    }

    @Test func sameInputSameChoice() throws {
        let items = [
            F.cartons(30, weight: 45), F.cartons(12, weight: 20, id: "monitor", size: (70, 25, 50)),
            F.cartons(6, weight: 30, id: "chair", size: (65, 65, 110)),
        ]
        let vans = (1...6).map { F.van("v\($0)", perKm: "0.\(40 + $0)", length: Double(250 + 10 * $0), payload: 700) }
        let first = try Self.choose(items, vehicles: vans)
        let second = try Self.choose(items, vehicles: vans.reversed())
        #expect(first == second)
        Self.expectValid(first, items)
    }

    /// 20 vehicles and 200 boxes of six kinds. The bound is loose for debug builds; the timing is printed.
    @Test func twentyVehiclesTwoHundredBoxesIsQuick() throws {
        let sizes: [(Double, Double, Double)] = [(60, 40, 40), (40, 30, 30), (80, 60, 50), (120, 80, 15), (50, 50, 50), (30, 20, 20)]
        let items = sizes.enumerated().map { index, size in
            PackingItem(
                id: "k\(index)", length: size.0, width: size.1, height: size.2, weight: 6 + Double(index) * 3,
                quantity: [50, 50, 20, 20, 30, 30][index])
        }
        var vehicles: [Vehicle] = []
        for index in 0..<20 {
            let lat = Double(index % 5) * 0.05
            if index % 4 == 0 {
                var truck = F.truck("t\(index)")
                truck.depot = GeoPoint(latitude: lat, longitude: 0)
                vehicles.append(truck)
            } else {
                vehicles.append(F.van("v\(index)", depot: GeoPoint(latitude: lat, longitude: 0.1), payload: 900 + Double(index) * 10))
            }
        }
        let trip = TransportTrip(
            pickup: GeoPoint(latitude: 0.1, longitude: 0.1), delivery: GeoPoint(latitude: 0.3, longitude: 0.2), loadingMinutes: 30,
            unloadingMinutes: 30)
        let clock = ContinuousClock()
        let start = clock.now
        let choice = try Self.choose(items, vehicles: vehicles, trip: trip)
        let elapsed = clock.now - start
        print(
            "20 vehicles, \(items.reduce(0) { $0 + $1.quantity }) boxes: \(choice.vehicleIDs) \(choice.total.amount) in \(elapsed.inMilliseconds) ms, \(choice.packingAttempts) packings"
        )
        Self.expectValid(choice, items)
        #expect(elapsed < .seconds(3))

        // The same load split over vans only (no truck free).
        let vansOnly = vehicles.filter { $0.type == .van }
        let start2 = clock.now
        let split = try Self.choose(items, vehicles: vansOnly, trip: trip)
        let elapsed2 = clock.now - start2
        print("15 vans: \(split.vehicleIDs) \(split.total.amount) in \(elapsed2.inMilliseconds) ms, \(split.packingAttempts) packings")
        Self.expectValid(split, items)
        #expect(split.vehicleIDs.count >= 2)
        #expect(elapsed2 < .seconds(3))
    }

    @Test func subsetsAreEnumeratedInOrder() {
        var seen: [[Int]] = []
        VehicleChooser.forEachSubset(of: 4, size: 2) { seen.append($0) }
        #expect(seen == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]])
        var count = 0
        VehicleChooser.forEachSubset(of: 20, size: 3) { _ in count += 1 }
        #expect(count == 1_140)
        VehicleChooser.forEachSubset(of: 2, size: 3) { _ in Issue.record("no subset larger than the set") }
    }
}
