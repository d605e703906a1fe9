import Foundation

// Domain model of the 3D packing engine (issue 7, "Load analysis and packing").
//
// Coordinates: x runs along the container's length, y along its width, z is vertical (up).
// A box is placed by its lowest corner (x, y, z) and its placed extents (dx, dy, dz).

/// A rectangular cargo space: a carton, the usable volume above a pallet, a container or a vehicle body.
public struct PackingContainer: Sendable, Hashable {
    /// Extent along x.
    public var length: Double
    /// Extent along y.
    public var width: Double
    /// Extent along z (vertical).
    public var height: Double
    /// Maximum payload; `nil` means unlimited.
    public var maxWeight: Double?

    public init(length: Double, width: Double, height: Double, maxWeight: Double? = nil) {
        self.length = length
        self.width = width
        self.height = height
        self.maxWeight = maxWeight
    }

    public var volume: Double { length * width * height }
}

/// One line of cargo: `quantity` identical boxes.
public struct PackingItem: Sendable, Hashable {
    public var id: String
    /// The item's own axis 0.
    public var length: Double
    /// The item's own axis 1.
    public var width: Double
    /// The item's own axis 2 (the one that points up when the item stands upright).
    public var height: Double
    /// Weight of one box (0 when unknown).
    public var weight: Double
    public var quantity: Int
    /// Which of the item's own axes (0 length, 1 width, 2 height) may point up. `[2]` is "this side up".
    public var verticalAxes: [Int]
    /// Maximum weight that may rest on top of one box of this item (directly or through other boxes).
    /// `nil` means unlimited; `0` means nothing may be stacked on it. The engine is conservative:
    /// a box resting on several boxes is assumed to put its full weight on each of them.
    public var maxLoadOnTop: Double?

    public init(
        id: String, length: Double, width: Double, height: Double, weight: Double = 0, quantity: Int = 1,
        verticalAxes: [Int] = [0, 1, 2], maxLoadOnTop: Double? = nil
    ) {
        self.id = id
        self.length = length
        self.width = width
        self.height = height
        self.weight = weight
        self.quantity = quantity
        self.verticalAxes = verticalAxes
        self.maxLoadOnTop = maxLoadOnTop
    }

    /// The item's own dimensions indexed by axis (0 length, 1 width, 2 height).
    public var dimensions: [Double] { [length, width, height] }
}

/// Which search the engine runs.
public enum PackingStrategy: String, Sendable, Hashable, CaseIterable {
    /// Block building with beam search and greedy look-ahead, bounded by the time limit (default).
    case search
    /// One greedy block-building pass, no look-ahead (fast).
    case greedy
    /// Baseline for comparison: single boxes, largest volume first, each at the first fitting space.
    case largestFirst
}

public struct PackingOptions: Sendable, Hashable {
    /// Wall-clock budget for one call. The search itself stops at `searchTimeFraction` of it so that
    /// decoding, encoding and start-up stay inside the budget (0.85: 1.7 s of 2 s; expanding, verifying and
    /// encoding a layout take a few milliseconds).
    public var timeLimitSeconds: Double
    public var searchTimeFraction: Double
    /// Deterministic work budget: the number of greedy completions the search may run (`nil`: time only).
    /// With a budget and a generous time limit the result is identical on every machine.
    public var maxEvaluations: Int?
    /// At most this many boxes are placed per container (protects the output size for huge quantities).
    public var maxBoxesPerContainer: Int
    /// At most this many candidate blocks are generated.
    public var maxBlocks: Int
    public var strategy: PackingStrategy

    public init(
        timeLimitSeconds: Double = 2, searchTimeFraction: Double = 0.85, maxEvaluations: Int? = nil,
        maxBoxesPerContainer: Int = 20_000, maxBlocks: Int = 12_000, strategy: PackingStrategy = .search
    ) {
        self.timeLimitSeconds = timeLimitSeconds
        self.searchTimeFraction = searchTimeFraction
        self.maxEvaluations = maxEvaluations
        self.maxBoxesPerContainer = maxBoxesPerContainer
        self.maxBlocks = maxBlocks
        self.strategy = strategy
    }
}

/// One container and the cargo to load into it.
public struct PackingProblem: Sendable, Hashable {
    public var container: PackingContainer
    public var items: [PackingItem]
    public var options: PackingOptions

    public init(container: PackingContainer, items: [PackingItem], options: PackingOptions = PackingOptions()) {
        self.container = container
        self.items = items
        self.options = options
    }
}

public struct PackingPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}

/// One placed box.
public struct PackedBox: Sendable, Hashable {
    /// Index of the item in `PackingProblem.items`.
    public var itemIndex: Int
    public var item: String
    public var x: Double
    public var y: Double
    public var z: Double
    public var dx: Double
    public var dy: Double
    public var dz: Double
    /// Which of the item's own axes lies along x, y and z: `[0, 1, 2]` is the item as described.
    public var orientation: [Int]
    public var weight: Double

    public init(
        itemIndex: Int, item: String, x: Double, y: Double, z: Double, dx: Double, dy: Double, dz: Double,
        orientation: [Int], weight: Double
    ) {
        self.itemIndex = itemIndex
        self.item = item
        self.x = x
        self.y = y
        self.z = z
        self.dx = dx
        self.dy = dy
        self.dz = dz
        self.orientation = orientation
        self.weight = weight
    }

    public var volume: Double { dx * dy * dz }
}

public struct PackedContainer: Sendable, Hashable {
    public var container: PackingContainer
    public var boxes: [PackedBox]

    public init(container: PackingContainer, boxes: [PackedBox]) {
        self.container = container
        self.boxes = boxes
    }

    public var packedVolume: Double { boxes.reduce(0) { $0 + $1.volume } }
    public var weight: Double { boxes.reduce(0) { $0 + $1.weight } }

    /// Packed volume over container volume (0 for a degenerate container).
    public var volumeUtilization: Double {
        let volume = container.volume
        guard volume.isFinite, volume > 0 else { return 0 }
        return packedVolume / volume
    }

    /// Weight over payload, `nil` without a payload limit.
    public var weightUtilization: Double? {
        guard let maxWeight = container.maxWeight, maxWeight > 0 else { return nil }
        return weight / maxWeight
    }

    /// Centre of gravity of the load: weighted by box weight, or by volume when no box has a weight.
    public var centerOfGravity: PackingPoint? {
        PackingMath.centerOfGravity(boxes)
    }
}

/// Reasons reported for boxes that were not packed.
public enum PackingReason {
    public static let tooLarge = "too large for the container"
    public static let exceedsPayload = "exceeds payload"
    public static let noSpaceLeft = "no space left"
    public static let noAllowedOrientation = "no allowed orientation"
    public static let boxLimitReached = "box limit reached"
    public static let invalidContainer = "invalid container"

    public static func invalidDimension(_ name: String, missing: Bool = false) -> String {
        missing ? "invalid dimensions: \(name) is missing" : "invalid dimensions: \(name) must be > 0"
    }

    public static let invalidWeight = "invalid weight: must be >= 0"
    public static let invalidQuantity = "invalid quantity: must be a whole number >= 0"
    public static let invalidMaxLoad = "invalid max_load_on_top: must be >= 0"
}

/// Boxes of one item that were not packed, with the reason.
public struct UnpackedItem: Sendable, Hashable {
    public var itemIndex: Int?
    public var item: String
    public var reason: String
    public var quantity: Int

    public init(itemIndex: Int?, item: String, reason: String, quantity: Int) {
        self.itemIndex = itemIndex
        self.item = item
        self.reason = reason
        self.quantity = quantity
    }
}

/// Search statistics (for benchmarks and logs).
public struct PackingStatistics: Sendable, Hashable {
    public var blocks: Int = 0
    public var evaluations: Int = 0
    public var beamWidthReached: Int = 0
    public var greedyUtilization: Double = 0

    public init() {}
}

public struct PackingResult: Sendable, Hashable {
    public var containers: [PackedContainer]
    public var unpacked: [UnpackedItem]
    public var seconds: Double
    public var statistics: PackingStatistics

    public init(containers: [PackedContainer], unpacked: [UnpackedItem], seconds: Double, statistics: PackingStatistics) {
        self.containers = containers
        self.unpacked = unpacked
        self.seconds = seconds
        self.statistics = statistics
    }

    public var packedVolume: Double { containers.reduce(0) { $0 + $1.packedVolume } }
    public var weight: Double { containers.reduce(0) { $0 + $1.weight } }
    public var boxCount: Int { containers.reduce(0) { $0 + $1.boxes.count } }

    /// Packed volume over the total volume of the containers used.
    public var utilization: Double {
        let volume = containers.reduce(0) { $0 + $1.container.volume }
        guard volume.isFinite, volume > 0 else { return 0 }
        return packedVolume / volume
    }

    public var weightUtilization: Double? {
        let limits = containers.compactMap(\.container.maxWeight)
        guard !containers.isEmpty, limits.count == containers.count else { return nil }
        let total = limits.reduce(0, +)
        return total > 0 ? weight / total : nil
    }

    public var centerOfGravity: PackingPoint? {
        containers.count == 1 ? containers[0].centerOfGravity : nil
    }

    public var unpackedCount: Int { unpacked.reduce(0) { $0 + $1.quantity } }
}

enum PackingMath {
    static func centerOfGravity(_ boxes: [PackedBox]) -> PackingPoint? {
        guard !boxes.isEmpty else { return nil }
        let totalWeight = boxes.reduce(0) { $0 + $1.weight }
        let byWeight = totalWeight > 0
        var sx = 0.0
        var sy = 0.0
        var sz = 0.0
        var total = 0.0
        for box in boxes {
            let mass = byWeight ? box.weight : box.volume
            sx += mass * (box.x + box.dx / 2)
            sy += mass * (box.y + box.dy / 2)
            sz += mass * (box.z + box.dz / 2)
            total += mass
        }
        guard total > 0 else { return nil }
        return PackingPoint(x: sx / total, y: sy / total, z: sz / total)
    }
}
