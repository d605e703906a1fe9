import Foundation
import Testing

@testable import QuartermasterCore

/// Shared items and checks for the carton, pallet and load tests.
enum Hierarchy {
    /// A4 ream: 30 × 21 × 5 cm, 2.5 kg, may lie any way.
    static func reams(_ count: Int) -> PackingItem {
        PackingItem(id: "paper", length: 30, width: 21, height: 5, weight: 2.5, quantity: count)
    }

    /// Toner cartridge: 40 × 15 × 15 cm, 1.5 kg, this side up.
    static func toner(_ count: Int) -> PackingItem {
        PackingItem(id: "toner", length: 40, width: 15, height: 15, weight: 1.5, quantity: count, verticalAxes: [2])
    }

    /// An office chair in its box: 70 × 65 × 60 cm, 16 kg, this side up — larger than every standard carton.
    static func chairs(_ count: Int) -> PackingItem {
        PackingItem(id: "chair", length: 70, width: 65, height: 60, weight: 16, quantity: count, verticalAxes: [2])
    }

    static let officeOrder = [reams(40), toner(6), chairs(2)]

    /// Every carton layout keeps the packer's rules, stays in its rating, and packed plus loose
    /// plus rejected units account for every ordered unit.
    static func expectValid(_ plan: CartonPlan, sourceLocation: SourceLocation = #_sourceLocation) {
        var packed = [Int](repeating: 0, count: plan.items.count)
        for carton in plan.cartons {
            let violations = PackingVerifier.verify(carton.layout, items: plan.items)
            #expect(violations.isEmpty, "\(carton.id): \(violations)", sourceLocation: sourceLocation)
            #expect(carton.layout.container == carton.type.inside, sourceLocation: sourceLocation)
            #expect(carton.grossKg <= carton.type.maxGrossWeightKg + 1e-9, sourceLocation: sourceLocation)
            #expect(!carton.layout.boxes.isEmpty, sourceLocation: sourceLocation)
            for box in carton.layout.boxes { packed[box.itemIndex] += 1 }
        }
        var other = [Int](repeating: 0, count: plan.items.count)
        for entry in plan.loose { other[entry.itemIndex] += entry.quantity }
        for entry in plan.rejected { if let index = entry.itemIndex { other[index] += entry.quantity } }
        for (index, item) in plan.items.enumerated() where item.quantity > 0 {
            #expect(packed[index] + other[index] == item.quantity, "\(item.id)", sourceLocation: sourceLocation)
        }
    }

    static func expectValid(_ plan: PalletPlan, sourceLocation: SourceLocation = #_sourceLocation) {
        var seen = Set<String>()
        for pallet in plan.pallets {
            let violations = PackingVerifier.verify(pallet.layout, items: plan.units)
            #expect(violations.isEmpty, "\(pallet.id): \(violations)", sourceLocation: sourceLocation)
            #expect(pallet.outerHeightCm <= plan.type.maxTotalHeightCm + 1e-9, sourceLocation: sourceLocation)
            #expect(pallet.loadKg <= plan.type.maxPayloadKg + 1e-9, sourceLocation: sourceLocation)
            #expect(pallet.cartonIDs.count == pallet.layout.boxes.count, sourceLocation: sourceLocation)
            for id in pallet.cartonIDs { #expect(seen.insert(id).inserted, "\(id) on two pallets", sourceLocation: sourceLocation) }
        }
        for entry in plan.leftOff { #expect(seen.insert(entry.cartonID).inserted, sourceLocation: sourceLocation) }
    }
}

@Suite struct CartonPlannerTests {
    typealias H = Hierarchy

    @Test func aSmallOrderGoesIntoTheSmallestCartonThatTakesIt() throws {
        let plan = try CartonPlanner.plan(items: [H.reams(2)])
        H.expectValid(plan)
        #expect(plan.cartons.map(\.type.name) == ["small"])
        #expect(plan.loose.isEmpty)
    }

    @Test func fewestCartonsFirstThenTheSmallerLastCarton() throws {
        // 12 reams weigh 30 kg: a large carton holds 29.2 kg (11 reams), so two cartons; the
        // twelfth ream needs only a small one.
        let plan = try CartonPlanner.plan(items: [H.reams(12)])
        H.expectValid(plan)
        #expect(plan.cartons.count == 2)
        #expect(plan.cartons.map(\.itemCount) == [11, 1])
        #expect(plan.cartons.map(\.type.name) == ["large", "small"])
    }

    @Test func anItemTooLargeForEveryCartonShipsLooseWithTheReason() throws {
        let plan = try CartonPlanner.plan(items: [H.reams(3), H.chairs(2)])
        H.expectValid(plan)
        #expect(plan.loose == [LooseItem(itemIndex: 1, item: "chair", quantity: 2, reason: CartonReason.tooLarge)])
        #expect(plan.cartons.allSatisfy { $0.layout.boxes.allSatisfy { $0.item == "paper" } })
    }

    @Test func anItemHeavierThanEveryCartonMayHoldShipsLoose() throws {
        let anvil = PackingItem(id: "anvil", length: 20, width: 10, height: 10, weight: 40)
        let plan = try CartonPlanner.plan(items: [anvil])
        #expect(plan.cartons.isEmpty)
        #expect(plan.loose.map(\.reason) == [CartonReason.tooHeavy])
    }

    @Test func orientationLimitsAreKeptAndAnItemFittingOnlyTurnedShipsLoose() throws {
        // 55 cm tall, this side up: no carton is that high inside, although the large one is 60 cm long.
        let lamp = PackingItem(id: "lamp", length: 20, width: 20, height: 55, weight: 3, verticalAxes: [2])
        var turnable = lamp
        turnable.id = "pole"
        turnable.verticalAxes = [0, 1, 2]
        let plan = try CartonPlanner.plan(items: [lamp, turnable])
        H.expectValid(plan)
        #expect(plan.loose.map(\.item) == ["lamp"])
        #expect(plan.cartons.count == 1)
        #expect(plan.cartons[0].verticalAxes == [0, 1, 2], "contents that may turn any way let the carton turn")
    }

    @Test func thisSideUpContentsMakeTheCartonThisSideUp() throws {
        let plan = try CartonPlanner.plan(items: [H.toner(2)])
        #expect(plan.cartons.map(\.verticalAxes) == [[2]])
        #expect(plan.cartons[0].asPackingItem(upright: false).verticalAxes == [2])
    }

    @Test func grossWeightAndOuterSizeIncludeTheCarton() throws {
        let plan = try CartonPlanner.plan(items: [H.reams(5)])
        H.expectValid(plan)
        for carton in plan.cartons {
            let contents = carton.layout.boxes.reduce(0.0) { $0 + $1.weight }
            #expect(abs(carton.grossKg - (contents + carton.type.tareKg)) < 1e-9)
            let box = carton.asPackingItem(upright: true)
            #expect(box.length == carton.type.innerLengthCm + 2 * carton.type.wallCm)
            #expect(box.height == carton.type.innerHeightCm + 2 * carton.type.wallCm)
            #expect(box.weight == carton.grossKg)
        }
    }

    @Test func fragileContentsLimitWhatTheCartonCarries() throws {
        var glasses = PackingItem(id: "glasses", length: 20, width: 20, height: 10, weight: 1, quantity: 2, maxLoadOnTop: 5)
        glasses.verticalAxes = [2]
        let plan = try CartonPlanner.plan(items: [glasses])
        H.expectValid(plan)
        #expect(plan.cartons.count == 1)
        // 5 kg allowed on a glass less the other glass already in the carton.
        #expect(plan.cartons[0].maxLoadOnTopKg == 4)
    }

    @Test func theCartonLimitSendsTheRestLooseAndTheBudgetIsKept() throws {
        let plan = try CartonPlanner.plan(
            items: [H.reams(40)], options: CartonPlanningOptions(maxPackingCalls: 3, maxCartons: 2))
        H.expectValid(plan)
        #expect(plan.cartons.count == 2)
        #expect(plan.loose.map(\.reason) == [CartonReason.cartonLimit])
        #expect(plan.loose.first?.quantity == 40 - plan.cartons.reduce(0) { $0 + $1.itemCount })
        // 3 calls for the budget, then one per carton at most.
        #expect(plan.packingCalls <= 3 + 2)
    }

    @Test func badItemsAreRejectedAndBadCartonSetsRefused() throws {
        let flat = PackingItem(id: "flat", length: 10, width: 0, height: 10)
        let plan = try CartonPlanner.plan(items: [flat, H.reams(1)])
        #expect(plan.rejected.map(\.item) == ["flat"])
        #expect(plan.rejected.first?.reason == PackingReason.invalidDimension("width"))
        H.expectValid(plan)

        let broken = CartonSet([
            CartonType(name: "a", innerLengthCm: 0, innerWidthCm: 10, innerHeightCm: 10, maxGrossWeightKg: 1, tareKg: 2),
            CartonType(name: "a", innerLengthCm: 10, innerWidthCm: 10, innerHeightCm: 10, maxGrossWeightKg: 5, tareKg: 0.1),
        ])
        do {
            _ = try CartonPlanner.plan(items: [H.reams(1)], cartons: broken)
            Issue.record("expected a validation failure")
        } catch {
            #expect(
                error.errors.map(\.field) == ["types[0].inner_length_cm", "types[0].max_gross_weight_kg", "types[1].name"])
        }
        #expect(throws: ValidationFailure.self) { try CartonPlanner.plan(items: [], cartons: CartonSet([])) }
    }

    @Test func aCustomSetIsUsedAndTheOrderOfTheSetDoesNotMatter() throws {
        let types = [
            CartonType(name: "tube", innerLengthCm: 100, innerWidthCm: 12, innerHeightCm: 12, maxGrossWeightKg: 10, tareKg: 0.3),
            CartonType(name: "cube", innerLengthCm: 35, innerWidthCm: 35, innerHeightCm: 35, maxGrossWeightKg: 25, tareKg: 0.5),
        ]
        let poster = PackingItem(id: "poster", length: 90, width: 8, height: 8, weight: 0.5, quantity: 2)
        let items = [poster, H.reams(4)]
        let one = try CartonPlanner.plan(items: items, cartons: CartonSet(types))
        let other = try CartonPlanner.plan(items: items, cartons: CartonSet(types.reversed()))
        H.expectValid(one)
        #expect(one == other)
        // A tube's 12 × 12 cm section takes one poster; the reams go into the cube.
        #expect(one.cartonsByType == ["tube": 2, "cube": 1])
    }
}

@Suite struct PalletPlannerTests {
    typealias H = Hierarchy

    @Test func cartonsGoOnPalletsWithinHeightAndPayload() throws {
        let cartons = try CartonPlanner.plan(items: [H.reams(200), H.toner(30)])
        H.expectValid(cartons)
        let plan = PalletPlanner.plan(cartons: cartons.cartons)
        H.expectValid(plan)
        #expect(plan.leftOff.isEmpty)
        #expect(plan.pallets.flatMap(\.cartonIDs).sorted() == cartons.cartons.map(\.id).sorted())
        for pallet in plan.pallets {
            let onIt: Double = pallet.cartonIDs.reduce(0.0) { sum, id in
                sum + (cartons.cartons.first { $0.id == id }?.grossKg ?? .nan)
            }
            #expect(abs(pallet.grossKg - (onIt + PalletType.eur.tareKg)) < 1e-6)
            // Cartons stay upright: only turned about the vertical axis.
            for box in pallet.layout.boxes { #expect(box.orientation[2] == 2) }
        }
    }

    @Test func thePayloadSplitsTheLoadOverPallets() throws {
        let cartons = try CartonPlanner.plan(items: [H.reams(44)])
        var light = PalletType.eur
        light.maxPayloadKg = 60  // two full large cartons (about 30 kg each)
        let plan = PalletPlanner.plan(cartons: cartons.cartons, pallet: light)
        H.expectValid(plan)
        #expect(cartons.cartons.count == 4)
        #expect(plan.pallets.count == 2)
        #expect(plan.pallets.allSatisfy { $0.loadKg <= 60 })
    }

    @Test func cartonsTooTallOrTooHeavyAreLeftOffWithTheReason() throws {
        let cartons = try CartonPlanner.plan(items: [H.reams(11), H.reams(1)])
        var low = PalletType.eur
        low.maxTotalHeightCm = 14.4 + 30  // 30 cm of load height: the large carton (41 cm) is too tall
        low.maxPayloadKg = 2  // less than the small carton's 2.75 kg
        let plan = PalletPlanner.plan(cartons: cartons.cartons, pallet: low)
        H.expectValid(plan)
        let reasons = Dictionary(uniqueKeysWithValues: plan.leftOff.map { ($0.cartonID, $0.reason) })
        #expect(reasons.count == 2)
        #expect(reasons.values.contains("too large for the pallet's load space (120 × 80 × 30 cm)"))
        #expect(reasons.values.contains("heavier than the pallet's payload of 2 kg"))
        #expect(plan.pallets.isEmpty)
    }

    @Test func tippingIsAllowedOnlyWhenToldAndTheContentsAllowIt() throws {
        let cartons = try CartonPlanner.plan(items: [H.reams(3)])
        let upright = PalletPlanner.plan(cartons: cartons.cartons)
        let free = PalletPlanner.plan(cartons: cartons.cartons, options: PalletPlanningOptions(cartonsUpright: false))
        #expect(upright.units.map(\.verticalAxes) == [[2]])
        #expect(free.units.map(\.verticalAxes) == [[0, 1, 2]])
    }

    @Test func anInvalidPalletLeavesEveryCartonOffWithTheReason() throws {
        let cartons = try CartonPlanner.plan(items: [H.reams(3)])
        var broken = PalletType.eur
        broken.widthCm = -1
        let plan = PalletPlanner.plan(cartons: cartons.cartons, pallet: broken)
        #expect(plan.pallets.isEmpty)
        #expect(plan.leftOff.map(\.reason) == ["invalid pallet: width_cm must be > 0"])
    }
}

@Suite struct LoadBuilderTests {
    typealias H = Hierarchy

    @Test func anOfficeOrderBecomesCartonsAndLooseChairsWithWeightsThatAddUp() throws {
        let plan = try LoadBuilder.build(items: H.officeOrder)
        H.expectValid(plan.cartons)
        let summary = plan.summary
        #expect(summary.itemUnits == 48)
        #expect(summary.unitsInCartons == 46)
        #expect(summary.looseUnits == 2)
        #expect(summary.loose.map(\.reason) == [CartonReason.tooLarge])
        let net = 40 * 2.5 + 6 * 1.5 + 2 * 16.0
        #expect(abs(summary.netKg - net) < 1e-9)
        #expect(abs(summary.packagingKg - plan.cartons.tareKg) < 1e-9)
        #expect(abs(summary.grossKg - (net + summary.packagingKg)) < 1e-9)
        #expect(abs(plan.load.weightKg - summary.grossKg) < 1e-9)
        #expect(summary.transportUnits == summary.cartons + 2)
        #expect(plan.units.last == TransportUnits(kind: .item, ids: ["chair#1", "chair#2"]))
        #expect(plan.units.map(\.ids.count) == plan.load.items.map(\.quantity))
        #expect(summary.shippingVolumeM3 >= summary.itemVolumeM3)
    }

    @Test func palletsAreTheTransportUnitsAndAreNotStackedByDefault() throws {
        let plan = try LoadBuilder.build(items: [H.reams(120), H.toner(20), H.chairs(2)], pallet: .eur)
        let pallets = try #require(plan.pallets)
        H.expectValid(pallets)
        #expect(!pallets.pallets.isEmpty)
        let palletItems = zip(plan.load.items, plan.units).filter { $0.1.kind == .pallet }.map(\.0)
        #expect(palletItems.reduce(0) { $0 + $1.quantity } == pallets.pallets.count)
        #expect(palletItems.allSatisfy { $0.maxLoadOnTop == 0 && $0.verticalAxes == [2] })
        #expect(!plan.units.contains { $0.kind == .carton }, "every carton is on a pallet")
        let tares = plan.cartons.tareKg + Double(pallets.pallets.count) * PalletType.eur.tareKg
        #expect(abs(plan.summary.packagingKg - tares) < 1e-9)
        #expect(abs(plan.load.weightKg - (plan.summary.netKg + tares)) < 1e-6)
        #expect(abs(plan.summary.netKg - (120 * 2.5 + 20 * 1.5 + 2 * 16)) < 1e-9)
    }

    @Test func cartonsLeftOffThePalletsTravelAsCartons() throws {
        var low = PalletType.eur
        low.maxTotalHeightCm = 14.4 + 30
        let plan = try LoadBuilder.build(items: [H.reams(11)], pallet: low)
        #expect(plan.summary.pallets == 0)
        #expect(plan.summary.leftOffPallets.count == 1)
        #expect(plan.units == [TransportUnits(kind: .carton, ids: ["carton-1"])])
    }

    @Test func theSameInputGivesTheSameOutput() throws {
        let items = [
            H.reams(90), H.toner(14), H.chairs(2), PackingItem(id: "mugs", length: 12, width: 9, height: 10, weight: 0.4, quantity: 24),
        ]
        let one = try LoadBuilder.build(items: items, pallet: .eur)
        let two = try LoadBuilder.build(items: items, pallet: .eur)
        #expect(one == two)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(one.layout()) == encoder.encode(two.layout()))
    }

    @Test func anOfficeOrderIsPlannedInUnderAHundredMilliseconds() throws {
        _ = try LoadBuilder.build(items: H.officeOrder, pallet: .eur)  // warm-up
        let clock = ContinuousClock()
        let start = clock.now
        let plan = try LoadBuilder.build(items: H.officeOrder, pallet: .eur)
        let elapsed = clock.now - start
        #expect(elapsed < .milliseconds(100), "took \(elapsed)")
        #expect(plan.summary.cartons > 0)
    }

    @Test func estimatesFromTheLoadAnalysisArePassedThrough() throws {
        let lines = [
            LoadAnalysis.Line(
                id: "line-1", description: "A4 paper", quantity: 10,
                specs: ["package_length_cm": 30, "package_width_cm": 21, "package_height_cm": 5, "package_weight_kg": 2.5],
                category: ["Paper"]),
            LoadAnalysis.Line(id: "line-2", description: "Chair", quantity: 1, specs: [:], category: ["Chairs"]),
        ]
        let plan = try LoadBuilder.build(LoadAnalysis.analyse(lines))
        #expect(plan.summary.estimated == ["line-2"])
        #expect(plan.summary.looseUnits == 1)
    }

    @Test func theNestedLayoutNamesEveryUnitOnceFromVehicleToCarton() throws {
        let plan = try LoadBuilder.build(items: [H.reams(60), H.toner(8), H.chairs(2)], pallet: .eur)
        let van = Vehicle(
            id: "van-1", name: "Van", type: .van, cargoSpace: CargoSpace(lengthCm: 300, widthCm: 170, heightCm: 170),
            maxPayloadKg: 1_000, currency: CurrencyCode("EUR")!, fixedCost: FixedDecimal(25), costPerKm: FixedDecimal(1),
            costPerHour: FixedDecimal(30), averageSpeedKmh: FixedDecimal(50), depot: GeoPoint(latitude: 0, longitude: 0))
        let choice = try VehicleChooser.choose(
            plan.load, trip: TransportTrip(distanceKm: FixedDecimal(10)), on: LocalDate(iso: "2026-12-01")!,
            fleet: FleetAvailability(vehicles: [van]), currency: CurrencyCode("EUR")!)
        for assignment in choice.assignments {
            #expect(PackingVerifier.verify(assignment.layout, items: plan.load.items).isEmpty)
        }
        let layout = plan.layout(choice)
        let inVehicles = layout.vehicles.flatMap { $0.layout.boxes.map(\.item) }
        #expect(inVehicles.sorted() == plan.units.flatMap(\.ids).sorted())
        #expect(Set(layout.pallets.map(\.id)).isSubset(of: Set(inVehicles)))
        #expect(inVehicles.contains("chair#1") && inVehicles.contains("chair#2"))
        let onPallets = layout.pallets.flatMap { $0.layout.boxes.map(\.item) }
        #expect(onPallets.sorted() == layout.cartons.map(\.id).sorted())
        let inCartons: [String] = layout.cartons.flatMap { $0.layout.boxes.map(\.item) }
        #expect(inCartons.filter { $0 == "paper" }.count == 60)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(layout)
        #expect(try JSONDecoder().decode(LoadLayout.self, from: data) == layout)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains("\"cartons_by_type\""))
        #expect(json.contains("\"deck_height\":14.4"))
    }
}
