import Foundation

// General blocks: two blocks joined side by side (along x or y) or one on top of the other, kept when
// the boxes fill at least `minFill` of the joint bounding cuboid. A block stacked on another must rest
// with its whole base on the lower block's flat, full top, so general blocks are stable too. Only the
// top faces at the block's full height are kept as support for later blocks (anything lower lies inside
// the block's bounding cuboid, which counts as occupied).

extension PackEngine {
    struct BlockKey: Hashable {
        var dx: Double
        var dy: Double
        var dz: Double
        var needs: [PackNeed]
    }

    static func key(_ block: PackBlock) -> BlockKey {
        BlockKey(dx: block.dx, dy: block.dy, dz: block.dz, needs: block.needs)
    }

    /// Whether the block's top faces at its full height cover its whole footprint.
    static func hasFullTop(_ block: PackBlock) -> Bool {
        let area = block.tops.reduce(0.0) { $0 + ($1.x1 - $1.x0) * ($1.y1 - $1.y0) }
        return area >= block.dx * block.dy * (1 - 1e-9)
    }

    static func merge(_ a: [PackNeed], _ b: [PackNeed]) -> [PackNeed] {
        var result = a
        for need in b {
            if let index = result.firstIndex(where: { $0.type == need.type }) {
                result[index].count += need.count
            } else {
                result.append(need)
            }
        }
        return result.sorted { $0.type < $1.type }
    }

    /// Joins `b` to `a` along `axis` (0 x, 1 y, 2 z); `nil` when the result is not allowed.
    static func combine(
        _ a: PackBlock, _ b: PackBlock, axis: Int, container: PackingContainer, available: [Int], minFill: Double
    ) -> PackBlock? {
        let dx: Double
        let dy: Double
        let dz: Double
        var offset = (0.0, 0.0, 0.0)
        switch axis {
        case 0:
            dx = a.dx + b.dx
            dy = max(a.dy, b.dy)
            dz = max(a.dz, b.dz)
            offset.0 = a.dx
        case 1:
            dx = max(a.dx, b.dx)
            dy = a.dy + b.dy
            dz = max(a.dz, b.dz)
            offset.1 = a.dy
        default:
            guard b.dx <= a.dx, b.dy <= a.dy, hasFullTop(a), a.topCapacity >= b.weight else { return nil }
            dx = a.dx
            dy = a.dy
            dz = a.dz + b.dz
            offset.2 = a.dz
        }
        guard dx <= container.length, dy <= container.width, dz <= container.height else { return nil }
        let volume = a.volume + b.volume
        guard volume >= minFill * dx * dy * dz else { return nil }
        let needs = merge(a.needs, b.needs)
        for need in needs where need.count > available[need.type] { return nil }
        var parts = a.parts
        for part in b.parts {
            var moved = part
            moved.ox += offset.0
            moved.oy += offset.1
            moved.oz += offset.2
            parts.append(moved)
        }
        var tops: [PackRect] = []
        for top in a.tops where top.z >= dz { tops.append(top) }
        for top in b.tops where top.z + offset.2 >= dz {
            tops.append(
                PackRect(x0: top.x0 + offset.0, y0: top.y0 + offset.1, x1: top.x1 + offset.0, y1: top.y1 + offset.1, z: top.z + offset.2))
        }
        let capacity: Double
        if axis == 2 {
            capacity = min(b.topCapacity, a.topCapacity - b.weight)
        } else {
            capacity = min(a.topCapacity, b.topCapacity)
        }
        return PackBlock(
            dx: dx, dy: dy, dz: dz, volume: volume, weight: a.weight + b.weight, needs: needs, parts: parts, tops: tops,
            topCapacity: capacity, heaviness: (a.heaviness * a.volume + b.heaviness * b.volume) / max(volume, .leastNormalMagnitude))
    }

    /// Adds general blocks to `simple` (rounds of pairwise joins) until `limit` blocks exist.
    static func addGeneralBlocks(
        to simple: [PackBlock], container: PackingContainer, available: [Int], limit: Int, minFill: Double, rounds: Int
    ) -> [PackBlock] {
        struct Shape {
            var dx: Double
            var dy: Double
            var dz: Double
            var volume: Double
        }
        var all = simple
        var shapes = simple.map { Shape(dx: $0.dx, dy: $0.dy, dz: $0.dz, volume: $0.volume) }
        var keys = Set(simple.map(key))
        var frontierStart = 0
        for _ in 0..<rounds {
            var fresh: [PackBlock] = []
            let count = all.count
            outer: for i in 0..<count {
                let a = shapes[i]
                for j in max(frontierStart, i)..<count {
                    let b = shapes[j]
                    let volume = a.volume + b.volume
                    let needed = volume / minFill
                    // Quick bounds before building anything.
                    var axes: [Int] = []
                    let highest = max(a.dz, b.dz)
                    if (a.dx + b.dx) * max(a.dy, b.dy) * highest <= needed && a.dx + b.dx <= container.length { axes.append(0) }
                    if max(a.dx, b.dx) * (a.dy + b.dy) * highest <= needed && a.dy + b.dy <= container.width { axes.append(1) }
                    if a.dz + b.dz <= container.height {
                        if b.dx <= a.dx && b.dy <= a.dy && a.dx * a.dy * (a.dz + b.dz) <= needed { axes.append(2) }
                        if a.dx <= b.dx && a.dy <= b.dy && b.dx * b.dy * (a.dz + b.dz) <= needed { axes.append(3) }
                    }
                    for axis in axes {
                        let (lower, upper) = axis == 3 ? (all[j], all[i]) : (all[i], all[j])
                        guard
                            let joined = combine(
                                lower, upper, axis: min(axis, 2), container: container, available: available, minFill: minFill)
                        else { continue }
                        if keys.insert(key(joined)).inserted {
                            fresh.append(joined)
                            if all.count + fresh.count >= 60_000 { break outer }
                        }
                    }
                }
            }
            if fresh.isEmpty { break }
            frontierStart = all.count
            all += fresh
            shapes += fresh.map { Shape(dx: $0.dx, dy: $0.dy, dz: $0.dz, volume: $0.volume) }
            if all.count >= 60_000 { break }
        }
        let general = all[simple.count...].sorted { a, b in
            let fa = a.volume / (a.dx * a.dy * a.dz)
            let fb = b.volume / (b.dx * b.dy * b.dz)
            if fa != fb { return fa > fb }
            return a.volume > b.volume
        }
        return simple + general.prefix(max(0, limit - simple.count))
    }
}
