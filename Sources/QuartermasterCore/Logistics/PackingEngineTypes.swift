import Foundation

// Internal building blocks of the packing engine: box types, blocks, empty spaces and the search state.

/// One allowed way to place a box type: its extents along x, y, z and which own axis lies along each.
struct PackOrientation: Sendable, Hashable {
    var dx: Double
    var dy: Double
    var dz: Double
    var axisX: Int
    var axisY: Int
    var axisZ: Int
}

/// A packable item (after validation), with the number of boxes the engine may use.
struct PackBoxType: Sendable {
    var itemIndex: Int
    var volume: Double
    var weight: Double
    /// Weight allowed on top of one box; `.infinity` when unlimited.
    var maxLoad: Double
    /// Boxes the engine may use (the quantity, capped by what can fit and by the box limit).
    var available: Int
    var orientations: [PackOrientation]
}

/// A sub-block of a block: `nx × ny × nz` boxes of one type in one orientation, at an offset in the block.
struct PackBlockPart: Sendable {
    var type: Int
    var orientation: Int
    var ox: Double
    var oy: Double
    var oz: Double
    var nx: Int
    var ny: Int
    var nz: Int
}

/// A cuboid arrangement of boxes placed as a unit. Every box of a block rests on the block's floor or on
/// a box of the same block with its whole base, so a block is stable whenever its footprint is supported.
struct PackBlock: Sendable {
    var dx: Double
    var dy: Double
    var dz: Double
    /// Volume of the boxes (not of the bounding cuboid).
    var volume: Double
    var weight: Double
    /// Number of boxes used per type, as (type, count) pairs.
    var needs: [PackNeed]
    var parts: [PackBlockPart]
    /// Top faces relative to the block's origin (what later blocks may rest on).
    var tops: [PackRect]
    /// Weight the block's top may still carry (`.infinity` when unlimited).
    var topCapacity: Double
    /// 0...1, how heavy the block's boxes are relative to the heaviest item (for "heavier items lower").
    var heaviness: Double
}

/// The fields of a block the move generator reads for every block.
struct PackBlockInfo: Sendable {
    var dx: Double
    var dy: Double
    var dz: Double
    var volume: Double
    var weight: Double
    var heaviness: Double
    /// The box type for single-type blocks, -1 for mixed blocks.
    var type: Int32
    /// Number of boxes.
    var count: Int32
}

struct PackNeed: Sendable, Hashable {
    var type: Int
    var count: Int
}

/// An axis-aligned rectangle in the horizontal plane at height `z`.
struct PackRect: Sendable, Hashable {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
    var z: Double
}

/// A top face of a placed block, with the index of the placement it belongs to.
struct PackTop: Sendable {
    var rect: PackRect
    var placement: Int
}

/// A maximal empty cuboid.
struct PackSpace: Sendable, Hashable {
    var x0: Double
    var y0: Double
    var z0: Double
    var x1: Double
    var y1: Double
    var z1: Double

    var dx: Double { x1 - x0 }
    var dy: Double { y1 - y0 }
    var dz: Double { z1 - z0 }
    var volume: Double { (x1 - x0) * (y1 - y0) * (z1 - z0) }

    @inline(__always)
    func intersects(_ other: PackSpace, eps: Double) -> Bool {
        x0 < other.x1 - eps && other.x0 < x1 - eps && y0 < other.y1 - eps && other.y0 < y1 - eps
            && z0 < other.z1 - eps && other.z0 < z1 - eps
    }

    @inline(__always)
    func contains(_ other: PackSpace, eps: Double) -> Bool {
        x0 <= other.x0 + eps && y0 <= other.y0 + eps && z0 <= other.z0 + eps && x1 >= other.x1 - eps
            && y1 >= other.y1 - eps && z1 >= other.z1 - eps
    }
}

/// Which empty space the engine fills next. Each rule grows the load differently, so the search runs
/// several and keeps the best packing.
enum PackSpaceRule: Sendable, Hashable {
    /// The space whose corner is nearest a container corner (distances sorted, compared lexicographically):
    /// columns and walls grow from all eight corners at once.
    case nearestCorner
    /// The lowest space first, then the one nearest a vertical edge: layers from the floor up, so tops
    /// stay level and later boxes find full support more often.
    case floorFirst
}

/// One greedy policy of the search: how the next space is chosen and how much the block fitness
/// penalises the part of the space that cannot be filled any more.
struct PackPolicy: Sendable, Hashable {
    var rule: PackSpaceRule
    var lossWeight: Double
}

/// A block placed at (x, y, z).
struct PackPlacement: Sendable {
    var block: Int
    var x: Double
    var y: Double
    var z: Double
}

/// A candidate move: put `block` at (x, y, z).
struct PackCandidate: Sendable {
    var block: Int
    var x: Double
    var y: Double
    var z: Double
    var fitness: Double
}

/// A partial packing.
struct PackState: Sendable {
    var spaces: [PackSpace]
    var remaining: [Int]
    var remainingWeight: Double
    var placements: [PackPlacement] = []
    var tops: [PackTop] = []
    var volume: Double = 0
    var boxes: Int = 0
    /// Sum of weight × height of the centre (lower is better: heavier items lower).
    var moment: Double = 0
    /// Per placement: weight its top may still carry (only maintained when some item limits it).
    var capacity: [Double] = []
    /// Per placement: the placements it rests on (only maintained when some item limits the load).
    var supporters: [[Int]] = []
}

/// Sorted lists of the lengths that sums of box extents can reach along one axis, for "how much of this
/// gap can still be filled" estimates (a one-dimensional knapsack over the box extents).
struct PackReach: Sendable {
    var grid: Double
    var table: [Double]

    init(extents: [Double], length: Double, integral: Bool) {
        let cells = integral ? Int(length.rounded(.down)) : 4096
        let grid = integral ? 1.0 : max(length / Double(cells), .leastNonzeroMagnitude)
        self.grid = grid
        var steps = Set<Int>()
        for extent in extents where extent > 0 {
            let step = Int((extent / grid - 1e-9).rounded(.up))
            if step >= 1 && step <= cells { steps.insert(step) }
        }
        let sortedSteps = steps.sorted()
        var reachable = [Bool](repeating: false, count: cells + 1)
        reachable[0] = true
        if !sortedSteps.isEmpty {
            for value in 0...cells where reachable[value] {
                for step in sortedSteps {
                    let next = value + step
                    if next > cells { break }
                    reachable[next] = true
                }
            }
        }
        var table = [Double](repeating: 0, count: cells + 1)
        var last = 0.0
        for value in 0...cells {
            if reachable[value] { last = Double(value) * grid }
            table[value] = last
        }
        self.table = table
    }

    /// The longest run of box extents that fits into `length`.
    @inline(__always)
    func reach(_ length: Double) -> Double {
        guard length > 0 else { return 0 }
        let index = Int(length / grid + 1e-9)
        return index >= table.count ? table[table.count - 1] : table[index]
    }
}
