import Foundation
import Testing

@testable import QuartermasterCore

/// Fast options for tests (debug builds are slow): a small deterministic work budget.
private func quick(_ problem: PackingProblem, evaluations: Int = 60, strategy: PackingStrategy = .search) -> PackingProblem {
    var problem = problem
    problem.options.maxEvaluations = evaluations
    problem.options.timeLimitSeconds = 30
    problem.options.strategy = strategy
    return problem
}

private func decode(_ json: String) throws -> PackingInput {
    try JSONDecoder().decode(PackingInput.self, from: Data(json.utf8))
}

private func expectValid(_ result: PackingResult, _ problem: PackingProblem, sourceLocation: SourceLocation = #_sourceLocation) {
    let violations = PackingVerifier.verify(result, problem: problem)
    #expect(violations.isEmpty, "\(violations.prefix(5))", sourceLocation: sourceLocation)
}

@Suite struct PackingContractTests {
    static let sample = """
        {"container": {"length": 300, "width": 200, "height": 150, "max_weight": 1000},
         "items": [
           {"id": "desk-lamp", "length": 40, "width": 30, "height": 20, "weight": 3, "quantity": 10, "orientations": "any"},
           {"id": "monitor", "length": 60, "width": 20, "height": 45, "weight": 7.5, "quantity": 4, "orientations": "upright"},
           {"id": "binder", "length": 31.5, "width": 28, "height": 6, "weight": 1.2, "quantity": 12, "orientations": [1, 2]}
         ],
         "time_limit_seconds": 1}
        """

    @Test func decodesTheContract() throws {
        let input = try decode(Self.sample)
        #expect(input.container.length == 300)
        #expect(input.container.maxWeight == 1000)
        #expect(input.timeLimitSeconds == 1)
        #expect(input.items.count == 3)
        #expect(input.items[0].orientations == .any)
        #expect(input.items[1].orientations == .upright)
        #expect(input.items[2].orientations == .verticalAxes([1, 2]))
        #expect(input.items[2].length == 31.5)
    }

    @Test func outputHasExactlyTheContractKeysAndRoundTrips() throws {
        let input = try decode(Self.sample)
        let output = Packer.pack(input)
        let data = try Packer.encode(output)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["containers", "utilization", "unpacked", "seconds"] { #expect(json[key] != nil, "missing \(key)") }
        let containers = try #require(json["containers"] as? [[String: Any]])
        #expect(containers.count == 1)
        for key in ["length", "width", "height", "boxes"] { #expect(containers[0][key] != nil, "missing container \(key)") }
        let boxes = try #require(containers[0]["boxes"] as? [[String: Any]])
        #expect(boxes.count == 26)
        for box in boxes {
            for key in ["item", "x", "y", "z", "dx", "dy", "dz"] { #expect(box[key] != nil, "missing box \(key)") }
            #expect(box["item"] is String)
        }
        let utilization = try #require(json["utilization"] as? Double)
        #expect(utilization > 0 && utilization <= 1)
        // Sorted keys, as the CLI prints them.
        let text = String(decoding: data, as: UTF8.self)
        let first = try #require(text.range(of: "\"containers\""))
        let last = try #require(text.range(of: "\"utilization\"", options: .backwards))
        #expect(first.lowerBound < last.lowerBound)
        // Codable round trip.
        let decoded = try JSONDecoder().decode(PackingOutput.self, from: data)
        #expect(decoded == output)
        #expect(PackingVerifier.verify(decoded, input: input).isEmpty)
    }

    @Test func utilizationIsPackedVolumeOverContainerVolume() throws {
        let input = try decode(Self.sample)
        let output = Packer.pack(input)
        let volume = output.containers[0].boxes.reduce(0.0) { $0 + $1.dx * $1.dy * $1.dz }
        #expect(abs(output.utilization - volume / (300 * 200 * 150)) < 1e-12)
        #expect(output.unpacked.isEmpty)
        #expect(output.seconds >= 0 && output.seconds < 2)
    }

    @Test func extrasWeightAndCentreOfGravity() throws {
        let output = Packer.pack(try decode(Self.sample))
        let weight = try #require(output.weight)
        #expect(abs(weight - (10 * 3 + 4 * 7.5 + 12 * 1.2)) < 1e-9)
        #expect(abs((output.weightUtilization ?? 0) - weight / 1000) < 1e-12)
        let centre = try #require(output.centerOfGravity)
        #expect(centre.x > 0 && centre.x < 300 && centre.y > 0 && centre.y < 200 && centre.z > 0 && centre.z < 150)
    }

    @Test func uprightItemsKeepTheirHeightVertical() throws {
        let input = try decode(
            """
            {"container": {"length": 200, "width": 120, "height": 100},
             "items": [{"id": "tv", "length": 50, "width": 10, "height": 35, "quantity": 30, "orientations": "upright"},
                       {"id": "axis0", "length": 20, "width": 30, "height": 40, "quantity": 8, "orientations": [0]}]}
            """)
        let output = Packer.pack(input)
        for box in output.containers[0].boxes where box.item == "tv" { #expect(box.dz == 35) }
        for box in output.containers[0].boxes where box.item == "axis0" { #expect(box.dz == 20) }
        #expect(PackingVerifier.verify(output, input: input).isEmpty)
    }
}

@Suite struct PackingBadInputTests {
    private func reasons(_ json: String) throws -> [String: Set<String>] {
        let output = Packer.pack(try decode(json))
        var result: [String: Set<String>] = [:]
        for entry in output.unpacked { result[entry.item, default: []].insert(entry.reason) }
        return result
    }

    @Test func invalidItemsAreReportedNotPacked() throws {
        let reasons = try reasons(
            """
            {"container": {"length": 100, "width": 100, "height": 100, "max_weight": 50},
             "items": [
               {"id": "zero", "length": 0, "width": 10, "height": 10},
               {"id": "negative", "length": 10, "width": -5, "height": 10},
               {"id": "missing", "length": 10, "width": 10},
               {"id": "huge", "length": 150, "width": 10, "height": 10, "orientations": "upright"},
               {"id": "heavy", "length": 10, "width": 10, "height": 10, "weight": 80},
               {"id": "stuck", "length": 10, "width": 10, "height": 10, "orientations": []},
               {"id": "odd", "length": 10, "width": 10, "height": 10, "orientations": "sideways"},
               {"id": "none", "length": 10, "width": 10, "height": 10, "quantity": 0},
               {"id": "minus", "length": 10, "width": 10, "height": 10, "quantity": -2},
               {"id": "ok", "length": 10, "width": 10, "height": 10, "quantity": 2, "weight": 1}
             ]}
            """)
        #expect(reasons["zero"] == ["invalid dimensions: length must be > 0"])
        #expect(reasons["negative"] == ["invalid dimensions: width must be > 0"])
        #expect(reasons["missing"] == ["invalid dimensions: height is missing"])
        #expect(reasons["huge"] == [PackingReason.tooLarge])
        #expect(reasons["heavy"] == [PackingReason.exceedsPayload])
        #expect(reasons["stuck"] == [PackingReason.noAllowedOrientation])
        #expect(reasons["odd"]?.first?.hasPrefix(PackingReason.noAllowedOrientation) == true)
        #expect(reasons["none"] == nil)
        #expect(reasons["minus"] == [PackingReason.invalidQuantity])
        #expect(reasons["ok"] == nil)
    }

    @Test func longItemTurnedToFitIsNotTooLarge() throws {
        // 150 long does not fit along x = 100 but fits along the container's height when allowed.
        let output = Packer.pack(
            try decode(
                """
                {"container": {"length": 100, "width": 100, "height": 160},
                 "items": [{"id": "pole", "length": 150, "width": 10, "height": 10, "orientations": "any"}]}
                """))
        #expect(output.unpacked.isEmpty)
        #expect(output.containers[0].boxes.first?.dz == 150)
    }

    @Test func emptyAndDegenerateRequestsDoNotCrash() throws {
        let empty = Packer.pack(try decode(#"{"container": {"length": 10, "width": 10, "height": 10}, "items": []}"#))
        #expect(empty.containers.count == 1 && empty.containers[0].boxes.isEmpty && empty.utilization == 0)
        let noItems = Packer.pack(try decode(#"{"container": {"length": 10, "width": 10, "height": 10}}"#))
        #expect(noItems.unpacked.isEmpty)
        let badContainer = Packer.pack(
            try decode(
                #"{"container": {"length": 0, "width": 10, "height": 10}, "items": [{"id": "a", "length": 1, "width": 1, "height": 1}]}"#))
        #expect(badContainer.unpacked.first?.reason.hasPrefix(PackingReason.invalidContainer) == true)
        #expect(badContainer.utilization == 0)
        _ = try Packer.encode(badContainer)
        let noContainer = Packer.pack(try decode(#"{"items": [{"id": "a", "length": 1, "width": 1, "height": 1}]}"#))
        #expect(noContainer.unpacked.count == 1)
        _ = try Packer.encode(noContainer)
    }

    @Test func hugeQuantityIsCappedAndReported() throws {
        let input = try decode(
            """
            {"container": {"length": 120, "width": 80, "height": 100},
             "items": [{"id": "cube", "length": 10, "width": 10, "height": 10, "quantity": 1e6}], "time_limit_seconds": 2}
            """)
        let clock = ContinuousClock()
        let start = clock.now
        let output = Packer.pack(input)
        #expect(clock.now - start < .seconds(10))
        let boxes = output.containers[0].boxes.count
        #expect(boxes == 12 * 8 * 10)
        let unpacked = output.unpacked.reduce(0) { $0 + ($1.quantity ?? 1) }
        #expect(boxes + unpacked == 1_000_000)
        #expect(output.unpacked.count <= Packer.maxListedUnpackedPerItem + 1)
        #expect(output.unpacked.allSatisfy { $0.reason == PackingReason.noSpaceLeft })
        #expect(PackingVerifier.verify(output, input: input).isEmpty)
    }

    @Test func boxLimitIsReported() {
        var problem = PackingProblem(
            container: PackingContainer(length: 100, width: 100, height: 100),
            items: [PackingItem(id: "tiny", length: 1, width: 1, height: 1, quantity: 5_000)])
        problem.options.maxBoxesPerContainer = 1_000
        let result = Packer.solve(quick(problem, evaluations: 5))
        #expect(result.boxCount <= 1_000)
        #expect(result.unpacked.contains { $0.reason == PackingReason.boxLimitReached })
        expectValid(result, problem)
    }
}

@Suite struct PackingLayoutTests {
    @Test(arguments: 1...12)
    func randomInstancesGiveValidLayouts(seed: Int) {
        let problem = PackingInstances.random(
            seed: UInt64(seed), types: 3 + seed % 6, fragile: seed % 3 == 0, payload: seed % 4 == 1)
        for strategy in PackingStrategy.allCases {
            let result = Packer.solve(quick(problem, evaluations: 30, strategy: strategy))
            expectValid(result, problem)
            #expect(result.containers.count == 1)
            #expect(result.utilization >= 0 && result.utilization <= 1)
        }
    }

    @Test func everyBoxIsFullySupportedOnABischoffRatcliffInstance() {
        let problem = PackingInstances.bischoffRatcliff(class: 3, instance: 1)
        let result = Packer.solve(quick(problem, evaluations: 40))
        expectValid(result, problem)
        #expect(result.utilization > 0.8)
    }

    @Test func payloadIsRespected() {
        let problem = PackingProblem(
            container: PackingContainer(length: 200, width: 100, height: 100, maxWeight: 100),
            items: [
                PackingItem(id: "brick", length: 20, width: 10, height: 10, weight: 9, quantity: 20),
                PackingItem(id: "foam", length: 50, width: 50, height: 50, weight: 0.5, quantity: 4),
            ])
        let result = Packer.solve(quick(problem))
        expectValid(result, problem)
        #expect(result.weight <= 100)
        #expect(result.unpacked.contains { $0.item == "brick" && $0.reason == PackingReason.exceedsPayload })
        #expect(!result.unpacked.contains { $0.item == "foam" })
    }

    @Test func nothingRestsOnItemsThatTakeNoLoad() {
        let problem = PackingProblem(
            container: PackingContainer(length: 100, width: 100, height: 100),
            items: [
                PackingItem(id: "eggs", length: 50, width: 50, height: 30, weight: 2, quantity: 4, verticalAxes: [2], maxLoadOnTop: 0),
                PackingItem(id: "paper", length: 50, width: 50, height: 20, weight: 10, quantity: 12, verticalAxes: [2]),
            ])
        let result = Packer.solve(quick(problem))
        expectValid(result, problem)
        let boxes = result.containers[0].boxes
        for egg in boxes where egg.item == "eggs" {
            let onTop = boxes.contains { other in
                abs(other.z - (egg.z + egg.dz)) < 1e-9 && PackingVerifier.overlap(other.x, other.dx, egg.x, egg.dx) > 0
                    && PackingVerifier.overlap(other.y, other.dy, egg.y, egg.dy) > 0
            }
            #expect(!onTop)
        }
        #expect(result.boxCount == 16)
    }

    @Test func limitedLoadOnTopIsRespected() {
        let problem = PackingProblem(
            container: PackingContainer(length: 60, width: 60, height: 200),
            items: [
                PackingItem(id: "crate", length: 60, width: 60, height: 20, weight: 10, quantity: 10, verticalAxes: [2], maxLoadOnTop: 30)
            ])
        let result = Packer.solve(quick(problem))
        expectValid(result, problem)
        #expect(result.boxCount == 4)  // one crate carries at most three others
    }

    @Test func heavierItemsEndUpLower() {
        let problem = PackingProblem(
            container: PackingContainer(length: 100, width: 100, height: 100),
            items: [
                PackingItem(id: "light", length: 50, width: 50, height: 50, weight: 1, quantity: 4, verticalAxes: [2]),
                PackingItem(id: "heavy", length: 50, width: 50, height: 50, weight: 20, quantity: 4, verticalAxes: [2]),
            ])
        let result = Packer.solve(quick(problem))
        expectValid(result, problem)
        let heavy = result.containers[0].boxes.filter { $0.item == "heavy" }
        #expect(heavy.count == 4 && heavy.allSatisfy { $0.z == 0 })
    }

    @Test func resultsAreDeterministicForAWorkBudget() {
        let problem = quick(PackingInstances.bischoffRatcliff(class: 5, instance: 3), evaluations: 50)
        let first = Packer.solve(problem)
        let second = Packer.solve(problem)
        #expect(first.containers == second.containers)
        #expect(first.unpacked == second.unpacked)
    }

    @Test func timeLimitedSearchOnTwoThreadsGivesValidLayouts() {
        for (brClass, instance) in [(2, 1), (6, 2)] {
            var problem = PackingInstances.bischoffRatcliff(class: brClass, instance: instance)
            // Long enough that the search gets past its greedy start even when the whole test
            // suite shares this machine's two cores (0.4 s was not, once, under CI's load).
            problem.options.timeLimitSeconds = 1.5
            let result = Packer.solve(problem)
            expectValid(result, problem)
            #expect(result.utilization >= result.statistics.greedyUtilization - 1e-12)
            #expect(result.statistics.evaluations > 1)
        }
        let tiny = PackingProblem(
            container: PackingContainer(length: 100, width: 100, height: 100),
            items: [PackingItem(id: "cube", length: 50, width: 50, height: 50, quantity: 8)],
            options: PackingOptions(timeLimitSeconds: 5))
        let result = Packer.solve(tiny)
        #expect(result.boxCount == 8)
        #expect(result.seconds < 4)  // everything packed: the workers stop at once
    }

    @Test func beamKeepsOneChildPerScoreFirst() {
        let state = PackSearch(
            engine: PackEngine(
                container: PackingContainer(length: 10, width: 10, height: 10), types: [], maxBoxes: 10, maxBlocks: 10),
            deadline: ContinuousClock.now, maxEvaluations: 1
        ).best
        let children = [5.0, 5, 5, 4, 4, 3].enumerated().map { (score: $1, order: $0, state: state) }
        #expect(PackSearch.distinctFirst(children, width: 4) == [0, 1, 3, 5])
        #expect(PackSearch.distinctFirst(children, width: 3) == [0, 3, 5])
        #expect(PackSearch.distinctFirst(children, width: 8) == [0, 1, 2, 3, 4, 5])
    }

    @Test func manyContainersTakeEverything() {
        let problem = PackingProblem(
            container: PackingContainer(length: 120, width: 80, height: 80, maxWeight: 400),
            items: [
                PackingItem(id: "A", length: 40, width: 30, height: 20, weight: 5, quantity: 40),
                PackingItem(id: "B", length: 60, width: 40, height: 40, weight: 12, quantity: 15, verticalAxes: [2]),
            ],
            options: PackingOptions(timeLimitSeconds: 30, maxEvaluations: 30))
        let result = Packer.solveMany(problem, containers: [problem.container])
        #expect(result.containers.count >= 2)
        #expect(result.unpacked.isEmpty)
        #expect(result.boxCount == 55)
        for container in result.containers {
            #expect(PackingVerifier.verify(container, items: problem.items).isEmpty)
            #expect(container.weight <= 400)
        }
    }
}

@Suite struct PackingVerifierTests {
    private let items = [PackingItem(id: "a", length: 10, width: 20, height: 30, weight: 1, quantity: 5, verticalAxes: [2])]

    private func box(_ x: Double, _ y: Double, _ z: Double, _ dx: Double = 10, _ dy: Double = 20, _ dz: Double = 30) -> PackedBox {
        PackedBox(itemIndex: 0, item: "a", x: x, y: y, z: z, dx: dx, dy: dy, dz: dz, orientation: [], weight: 1)
    }

    private func kinds(_ boxes: [PackedBox], maxWeight: Double? = nil) -> Set<PackingViolation.Kind> {
        let packed = PackedContainer(container: PackingContainer(length: 100, width: 100, height: 100, maxWeight: maxWeight), boxes: boxes)
        return Set(PackingVerifier.verify(packed, items: items).map(\.kind))
    }

    @Test func acceptsAValidStack() {
        #expect(kinds([box(0, 0, 0), box(0, 0, 30), box(10, 0, 0)]).isEmpty)
    }

    @Test func detectsBrokenLayouts() {
        #expect(kinds([box(0, 0, 0), box(5, 0, 0)]) == [.overlap])
        #expect(kinds([box(95, 0, 0)]) == [.outOfBounds])
        #expect(kinds([box(0, 0, 10)]) == [.unsupported])
        // Supported at the centre but not fully: still unsupported.
        #expect(kinds([box(0, 0, 0), box(5, 0, 30)]) == [.unsupported])
        #expect(kinds([box(0, 0, 0, 30, 20, 10)]) == [.orientation])
        #expect(kinds([box(0, 0, 0), box(10, 0, 0)], maxWeight: 1.5) == [.overweight])
        #expect(kinds((0..<6).map { box(Double($0) * 10, 0, 0) }) == [.quantity])
    }
}

@Suite struct PackingInstanceTests {
    @Test(arguments: 1...7)
    func bischoffRatcliffInstancesFollowTheScheme(brClass: Int) {
        let problem = PackingInstances.bischoffRatcliff(class: brClass, instance: 4)
        #expect(problem.items.count == PackingInstances.bischoffRatcliffTypes[brClass - 1])
        let volume = problem.items.reduce(0.0) { $0 + $1.length * $1.width * $1.height * Double($1.quantity) }
        #expect(volume <= 587 * 233 * 220)
        #expect(volume > 0.9 * 587 * 233 * 220)
        for item in problem.items {
            #expect(item.length >= item.width && item.width >= item.height)
            #expect((20...120).contains(item.length) && (20...100).contains(item.width) && (20...80).contains(item.height))
            #expect(item.verticalAxes.contains(2))
            #expect(item.quantity >= 1)
        }
        #expect(PackingInstances.bischoffRatcliff(class: brClass, instance: 4) == problem)
    }
}
