import Foundation

/// Entry points of the 3D packing engine.
///
/// - `Packer.solve(_:)`: one container, domain types.
/// - `Packer.solveMany(_:containers:maxContainers:)`: a sequence of containers filled one after another.
/// - `Packer.pack(_:)`: the CLI/wire contract (`PackingInput` → `PackingOutput`).
public enum Packer {
    /// Packs the problem's items into its single container.
    public static func solve(_ problem: PackingProblem) -> PackingResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = solveOne(problem, start: start)
        result.seconds = (clock.now - start).inSeconds
        return result
    }

    /// Fills `containers` one after another (the last one is reused until `maxContainers` is reached) until
    /// every item is placed or nothing more fits. The time limit of `problem.options` covers the whole call.
    public static func solveMany(
        _ problem: PackingProblem, containers: [PackingContainer], maxContainers: Int = 50
    ) -> PackingResult {
        let clock = ContinuousClock()
        let start = clock.now
        guard let lastContainer = containers.last, maxContainers > 0 else {
            var result = solveOne(PackingProblem(container: problem.container, items: [], options: problem.options), start: start)
            result.containers = []
            result.unpacked = problem.items.enumerated().compactMap { index, item in
                item.quantity > 0
                    ? UnpackedItem(itemIndex: index, item: item.id, reason: PackingReason.noSpaceLeft, quantity: item.quantity) : nil
            }
            return result
        }
        var items = problem.items
        var packed: [PackedContainer] = []
        var statistics = PackingStatistics()
        var lastUnpacked: [UnpackedItem] = []
        let totalBudget = problem.options.timeLimitSeconds
        var index = 0
        while index < maxContainers {
            let container = index < containers.count ? containers[index] : lastContainer
            let elapsed = (clock.now - start).inSeconds
            let remainingVolume = items.reduce(0.0) { sum, item in
                sum + max(0, item.length * item.width * item.height) * Double(max(0, item.quantity))
            }
            let expected = max(1, min(Double(maxContainers - index), (remainingVolume / max(container.volume, 1e-300)).rounded(.up)))
            var options = problem.options
            options.timeLimitSeconds = max(0.01, (totalBudget - elapsed) / expected)
            let result = solveOne(PackingProblem(container: container, items: items, options: options), start: clock.now)
            statistics.evaluations += result.statistics.evaluations
            statistics.blocks = max(statistics.blocks, result.statistics.blocks)
            lastUnpacked = result.unpacked
            guard let filled = result.containers.first, !filled.boxes.isEmpty else { break }
            packed.append(filled)
            var used = [Int](repeating: 0, count: items.count)
            for box in filled.boxes { used[box.itemIndex] += 1 }
            for itemIndex in items.indices { items[itemIndex].quantity = max(0, items[itemIndex].quantity - used[itemIndex]) }
            index += 1
            if result.unpacked.isEmpty { break }
            // Items that cannot go into any later container (too large, invalid) end the loop early.
            let retryable = result.unpacked.contains { entry in
                entry.reason == PackingReason.noSpaceLeft || entry.reason == PackingReason.exceedsPayload
                    || entry.reason == PackingReason.boxLimitReached
            }
            if !retryable { break }
        }
        var result = PackingResult(containers: packed, unpacked: lastUnpacked, seconds: 0, statistics: statistics)
        result.seconds = (clock.now - start).inSeconds
        return result
    }

    // MARK: - One container

    static func solveOne(_ problem: PackingProblem, start: ContinuousClock.Instant) -> PackingResult {
        let options = problem.options
        let container = problem.container
        var unpacked: [UnpackedItem] = []
        var statistics = PackingStatistics()

        if let reason = containerProblem(container) {
            for (index, item) in problem.items.enumerated() where item.quantity != 0 {
                unpacked.append(
                    UnpackedItem(itemIndex: index, item: item.id, reason: reason, quantity: max(1, abs(item.quantity))))
            }
            return PackingResult(
                containers: [PackedContainer(container: container, boxes: [])], unpacked: unpacked, seconds: 0,
                statistics: statistics)
        }

        let maxBoxes = max(0, options.maxBoxesPerContainer)
        var types: [PackBoxType] = []
        var cappedByLimit: [Int: Int] = [:]
        for (index, item) in problem.items.enumerated() {
            switch validate(item, in: container) {
            case .skip:
                continue
            case .invalid(let reason):
                unpacked.append(UnpackedItem(itemIndex: index, item: item.id, reason: reason, quantity: max(1, item.quantity)))
            case .valid(let orientations):
                let volume = item.length * item.width * item.height
                let fitting = Int(min(1e9, ((container.volume / volume) * (1 + 1e-9)).rounded(.down)))
                var available = min(item.quantity, fitting)
                if available > maxBoxes {
                    cappedByLimit[index] = available - maxBoxes
                    available = maxBoxes
                }
                types.append(
                    PackBoxType(
                        itemIndex: index, volume: volume, weight: item.weight, maxLoad: item.maxLoadOnTop ?? .infinity,
                        available: available, orientations: orientations))
            }
        }

        let singles = options.strategy == .largestFirst
        let engine = PackEngine(
            container: container, types: types, maxBoxes: maxBoxes, maxBlocks: max(1, options.maxBlocks), singlesOnly: singles)
        statistics.blocks = engine.blocks.count
        let limit = options.timeLimitSeconds.isFinite ? max(0, options.timeLimitSeconds) : 3600
        let fraction = min(1, max(0.05, options.searchTimeFraction))
        let deadline = start + .milliseconds(Int64(limit * fraction * 1000))
        let search = PackSearch(engine: engine, deadline: deadline, maxEvaluations: options.maxEvaluations ?? Int.max)
        switch options.strategy {
        case .search: search.runSearch()
        case .greedy: search.runGreedy()
        case .largestFirst: search.runLargestFirst()
        }
        let state = search.best
        statistics.evaluations = search.evaluations
        statistics.beamWidthReached = search.beamWidthReached
        statistics.greedyUtilization = search.greedyVolume / container.volume

        let boxes = expand(state, engine: engine, items: problem.items)
        var packedCount = [Int](repeating: 0, count: problem.items.count)
        for box in boxes { packedCount[box.itemIndex] += 1 }
        let boxLimitHit = state.boxes >= maxBoxes
        for type in types {
            let item = problem.items[type.itemIndex]
            var left = item.quantity - packedCount[type.itemIndex]
            guard left > 0 else { continue }
            if let limited = cappedByLimit[type.itemIndex] {
                unpacked.append(
                    UnpackedItem(itemIndex: type.itemIndex, item: item.id, reason: PackingReason.boxLimitReached, quantity: limited))
                left -= limited
            }
            guard left > 0 else { continue }
            let reason: String
            if type.weight > state.remainingWeight + 1e-9 * max(1, type.weight) {
                reason = PackingReason.exceedsPayload
            } else if boxLimitHit {
                reason = PackingReason.boxLimitReached
            } else {
                reason = PackingReason.noSpaceLeft
            }
            unpacked.append(UnpackedItem(itemIndex: type.itemIndex, item: item.id, reason: reason, quantity: left))
        }
        unpacked.sort { ($0.itemIndex ?? -1, $0.reason) < ($1.itemIndex ?? -1, $1.reason) }
        return PackingResult(
            containers: [PackedContainer(container: container, boxes: boxes)], unpacked: unpacked, seconds: 0,
            statistics: statistics)
    }

    static func containerProblem(_ container: PackingContainer) -> String? {
        for (name, value) in [("length", container.length), ("width", container.width), ("height", container.height)]
        where !(value.isFinite && value > 0) {
            return "\(PackingReason.invalidContainer): \(name) must be > 0"
        }
        if !container.volume.isFinite { return "\(PackingReason.invalidContainer): volume is too large" }
        if let maxWeight = container.maxWeight, !(maxWeight >= 0) {
            return "\(PackingReason.invalidContainer): max_weight must be >= 0"
        }
        return nil
    }

    enum Validation {
        case skip
        case invalid(String)
        case valid([PackOrientation])
    }

    static func validate(_ item: PackingItem, in container: PackingContainer) -> Validation {
        if item.quantity < 0 { return .invalid(PackingReason.invalidQuantity) }
        if item.quantity == 0 { return .skip }
        for (name, value) in [("length", item.length), ("width", item.width), ("height", item.height)]
        where !(value.isFinite && value > 0) {
            return .invalid(PackingReason.invalidDimension(name))
        }
        if !(item.weight.isFinite && item.weight >= 0) { return .invalid(PackingReason.invalidWeight) }
        if let load = item.maxLoadOnTop, !(load >= 0) { return .invalid(PackingReason.invalidMaxLoad) }
        let axes = Array(Set(item.verticalAxes.filter { (0...2).contains($0) })).sorted()
        if axes.isEmpty { return .invalid(PackingReason.noAllowedOrientation) }
        let dims = item.dimensions
        let slack = max(container.length, container.width, container.height) * 1e-9
        var orientations: [PackOrientation] = []
        for up in axes {
            let others = [0, 1, 2].filter { $0 != up }
            for (along, across) in [(others[0], others[1]), (others[1], others[0])] {
                let orientation = PackOrientation(
                    dx: dims[along], dy: dims[across], dz: dims[up], axisX: along, axisY: across, axisZ: up)
                if orientations.contains(where: { $0.dx == orientation.dx && $0.dy == orientation.dy && $0.dz == orientation.dz }) {
                    continue
                }
                if orientation.dx <= container.length + slack && orientation.dy <= container.width + slack
                    && orientation.dz <= container.height + slack
                {
                    orientations.append(orientation)
                }
            }
        }
        if orientations.isEmpty { return .invalid(PackingReason.tooLarge) }
        if let maxWeight = container.maxWeight, item.weight > maxWeight * (1 + 1e-12) {
            return .invalid(PackingReason.exceedsPayload)
        }
        return .valid(orientations)
    }

    /// Expands block placements into boxes (coordinates rounded to 1e-9 to hide floating-point noise).
    static func expand(_ state: PackState, engine: PackEngine, items: [PackingItem]) -> [PackedBox] {
        var boxes: [PackedBox] = []
        boxes.reserveCapacity(state.boxes)
        for placement in state.placements {
            let block = engine.blocks[placement.block]
            for part in block.parts {
                let type = engine.types[part.type]
                let orientation = type.orientations[part.orientation]
                let item = items[type.itemIndex]
                for k in 0..<part.nz {
                    for j in 0..<part.ny {
                        for i in 0..<part.nx {
                            boxes.append(
                                PackedBox(
                                    itemIndex: type.itemIndex, item: item.id,
                                    x: tidy(placement.x + part.ox + Double(i) * orientation.dx),
                                    y: tidy(placement.y + part.oy + Double(j) * orientation.dy),
                                    z: tidy(placement.z + part.oz + Double(k) * orientation.dz),
                                    dx: orientation.dx, dy: orientation.dy, dz: orientation.dz,
                                    orientation: [orientation.axisX, orientation.axisY, orientation.axisZ], weight: type.weight))
                        }
                    }
                }
            }
        }
        return boxes
    }

    @inline(__always)
    static func tidy(_ value: Double) -> Double {
        guard abs(value) < 1e6 else { return value }
        return (value * 1e9).rounded() / 1e9
    }
}
