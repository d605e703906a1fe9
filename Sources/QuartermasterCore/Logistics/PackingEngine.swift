import Foundation

// Block-building engine.
//
// The free volume of a partial packing is kept as a list of maximal empty cuboids ("spaces"). One step:
//  1. take the space whose corner is nearest to a corner of the container (sorted distance triple,
//     compared lexicographically; ties: larger space) or, with `PackSpaceRule.floorFirst`, the lowest
//     space, nearest a vertical edge first,
//  2. put a block on its floor: a cuboid of identical boxes in one orientation (nx × ny × nz), or two such
//     blocks joined without any gap (see PackingGeneralBlocks.swift), chosen by a fitness that rewards
//     volume and penalises the part of the space that sums of the box extents cannot fill (a 1D knapsack
//     per axis, `PackReach`). The block goes to the space's corner nearest a container corner or, above
//     the floor, to a corner of a supporting top face,
//  3. split every space the block cuts into up to six maximal pieces, drop pieces that are contained in
//     other spaces or too small for any remaining box.
// A block may only be placed where its whole footprint is supported: on the container floor or on top
// faces of placed blocks lying exactly at the block's bottom (checked on a compressed grid of the
// space's floor, `anchors(for:state:)`). Blocks are internally stable, so every box of the result is
// fully supported. A space whose floor offers no supported position for any block is dropped.

struct PackEngine: Sendable {
    let length: Double
    let width: Double
    let height: Double
    let eps: Double
    let types: [PackBoxType]
    let blocks: [PackBlock]
    /// The hot fields of `blocks`, same order (no reference-counted members: fast to scan).
    let info: [PackBlockInfo]
    /// (dx, dy, dz, volume) of `blocks`, same order: what the scan for moves reads of every block.
    let shapes: [SIMD4<Double>]
    let reachX: PackReach
    let reachY: PackReach
    let reachZ: PackReach
    let hasLoadLimits: Bool
    let hasWeights: Bool
    let maxBoxes: Int
    let minExtent: Double
    let payload: Double
    /// Weight of the "unfillable volume" penalty in the block fitness.
    var lossWeight: Double = 1.0
    /// Weight of the "heavier items lower" bonus in the block fitness.
    var heavyBonus: Double = 0.1
    /// Which space is filled next.
    var spaceRule: PackSpaceRule = .nearestCorner

    init(container: PackingContainer, types: [PackBoxType], maxBoxes: Int, maxBlocks: Int, singlesOnly: Bool = false) {
        length = container.length
        width = container.width
        height = container.height
        eps = max(container.length, container.width, container.height) * 1e-9
        self.types = types
        self.maxBoxes = maxBoxes
        payload = container.maxWeight ?? .infinity
        hasLoadLimits = types.contains { $0.maxLoad.isFinite }
        let maxWeight = types.map(\.weight).max() ?? 0
        hasWeights = maxWeight > 0 && types.contains { $0.weight != maxWeight }
        var smallest = Double.infinity
        var extentsX: [Double] = []
        var extentsY: [Double] = []
        var extentsZ: [Double] = []
        var integral = [container.length, container.width, container.height].allSatisfy(PackEngine.isSmallInteger)
        for type in types {
            for orientation in type.orientations {
                smallest = min(smallest, orientation.dx, orientation.dy, orientation.dz)
                extentsX.append(orientation.dx)
                extentsY.append(orientation.dy)
                extentsZ.append(orientation.dz)
                integral = integral && [orientation.dx, orientation.dy, orientation.dz].allSatisfy(PackEngine.isSmallInteger)
            }
        }
        minExtent = smallest
        reachX = PackReach(extents: extentsX, length: container.length, integral: integral)
        reachY = PackReach(extents: extentsY, length: container.width, integral: integral)
        reachZ = PackReach(extents: extentsZ, length: container.height, integral: integral)
        blocks = PackEngine.makeBlocks(
            container: container, types: types, maxBlocks: maxBlocks, maxWeight: maxWeight, singlesOnly: singlesOnly)
        info = blocks.map { block in
            let single = block.needs.count == 1
            return PackBlockInfo(
                dx: block.dx, dy: block.dy, dz: block.dz, volume: block.volume, weight: block.weight, heaviness: block.heaviness,
                type: single ? Int32(block.needs[0].type) : -1, count: Int32(block.needs.reduce(0) { $0 + $1.count }))
        }
        shapes = blocks.map { SIMD4($0.dx, $0.dy, $0.dz, $0.volume) }
    }

    private static func isSmallInteger(_ value: Double) -> Bool {
        value == value.rounded() && value <= 100_000
    }

    // MARK: - Blocks

    /// Counts tried along one axis: all up to 24, then a geometric selection (keeps the block list small
    /// for huge quantities of small boxes).
    static func counts(upTo limit: Int) -> [Int] {
        guard limit >= 1 else { return [] }
        if limit <= 24 { return Array(1...limit) }
        var values = Array(1...12)
        var value = 12.0
        while true {
            value *= 1.3
            let next = Int(value)
            if next >= limit { break }
            if let last = values.last, next > last { values.append(next) }
        }
        values.append(limit)
        return values
    }

    static func makeBlocks(
        container: PackingContainer, types: [PackBoxType], maxBlocks: Int, maxWeight: Double, singlesOnly: Bool
    ) -> [PackBlock] {
        struct Key: Hashable {
            var type: Int
            var dx: Double
            var dy: Double
            var dz: Double
        }
        var seen = Set<Key>()
        var blocks: [PackBlock] = []
        let slack = max(container.length, container.width, container.height) * 1e-9
        for (typeIndex, type) in types.enumerated() where type.available > 0 {
            for (orientationIndex, orientation) in type.orientations.enumerated() {
                let nxMax = min(Int((container.length + slack) / orientation.dx), type.available)
                let nyMax = min(Int((container.width + slack) / orientation.dy), type.available)
                var nzMax = min(Int((container.height + slack) / orientation.dz), type.available)
                if type.maxLoad.isFinite && type.weight > 0 {
                    nzMax = min(nzMax, 1 + Int((type.maxLoad / type.weight + 1e-9).rounded(.down)))
                }
                let xs = singlesOnly ? Array(counts(upTo: nxMax).prefix(1)) : counts(upTo: nxMax)
                let ys = singlesOnly ? Array(counts(upTo: nyMax).prefix(1)) : counts(upTo: nyMax)
                let zs = singlesOnly ? Array(counts(upTo: nzMax).prefix(1)) : counts(upTo: nzMax)
                for nx in xs {
                    for ny in ys where nx * ny <= type.available {
                        for nz in zs where nx * ny * nz <= type.available {
                            let dx = Double(nx) * orientation.dx
                            let dy = Double(ny) * orientation.dy
                            let dz = Double(nz) * orientation.dz
                            guard seen.insert(Key(type: typeIndex, dx: dx, dy: dy, dz: dz)).inserted else { continue }
                            let count = nx * ny * nz
                            let part = PackBlockPart(
                                type: typeIndex, orientation: orientationIndex, ox: 0, oy: 0, oz: 0, nx: nx, ny: ny, nz: nz)
                            let capacity = type.maxLoad.isFinite ? type.maxLoad - Double(nz - 1) * type.weight : .infinity
                            blocks.append(
                                PackBlock(
                                    dx: dx, dy: dy, dz: dz, volume: Double(count) * type.volume,
                                    weight: Double(count) * type.weight, needs: [PackNeed(type: typeIndex, count: count)],
                                    parts: [part], tops: [PackRect(x0: 0, y0: 0, x1: dx, y1: dy, z: dz)],
                                    topCapacity: capacity, heaviness: maxWeight > 0 ? type.weight / maxWeight : 0))
                        }
                    }
                }
            }
        }
        if !singlesOnly && blocks.count <= 3_000 {
            // Only perfectly filled joins: in tests, joins leaving even 0.5% of their cuboid empty made the
            // search worse (the volume-driven ranking then prefers huge, slightly hollow blocks).
            blocks = addGeneralBlocks(
                to: blocks, container: container, available: types.map(\.available), limit: min(maxBlocks, 4_000),
                minFill: 1, rounds: 2)
        }
        blocks.sort { a, b in
            if a.volume != b.volume { return a.volume > b.volume }
            if a.dz != b.dz { return a.dz < b.dz }
            if a.dx != b.dx { return a.dx > b.dx }
            if a.dy != b.dy { return a.dy > b.dy }
            return (a.needs.first?.type ?? 0) < (b.needs.first?.type ?? 0)
        }
        if blocks.count > maxBlocks {
            // Keep the largest blocks and every single box (the smallest building blocks).
            let isSingle: (PackBlock) -> Bool = { $0.needs.count == 1 && $0.needs[0].count == 1 }
            let singles = blocks.filter(isSingle)
            let others = blocks.filter { !isSingle($0) }.prefix(max(0, maxBlocks - singles.count))
            blocks = (Array(others) + singles).sorted { $0.volume > $1.volume }
        }
        return blocks
    }

    // MARK: - State

    func initialState() -> PackState {
        let space = PackSpace(x0: 0, y0: 0, z0: 0, x1: length, y1: width, z1: height)
        let remaining = types.map(\.available)
        var state = PackState(spaces: [], remaining: remaining, remainingWeight: payload)
        if isUsable(space, remaining: remaining) { state.spaces.append(space) }
        return state
    }

    /// Whether some remaining box fits into the space in some allowed orientation.
    func isUsable(_ space: PackSpace, remaining: [Int]) -> Bool {
        let sx = space.dx + eps
        let sy = space.dy + eps
        let sz = space.dz + eps
        if min(sx, sy, sz) < minExtent { return false }
        for (index, type) in types.enumerated() where remaining[index] > 0 {
            for orientation in type.orientations where orientation.dx <= sx && orientation.dy <= sy && orientation.dz <= sz {
                return true
            }
        }
        return false
    }

    // MARK: - Space selection

    @inline(__always)
    private func sortedTriple(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double, Double) {
        var x = a
        var y = b
        var z = c
        if x > y { swap(&x, &y) }
        if y > z { swap(&y, &z) }
        if x > y { swap(&x, &y) }
        return (x, y, z)
    }

    @inline(__always)
    func spaceKey(_ space: PackSpace) -> (Double, Double, Double) {
        let ax = min(space.x0, length - space.x1)
        let ay = min(space.y0, width - space.y1)
        switch spaceRule {
        case .floorFirst: return (space.z0, min(ax, ay), max(ax, ay))
        case .nearestCorner: return sortedTriple(ax, ay, space.z0)
        }
    }

    func selectSpace(_ state: PackState) -> Int? {
        var bestIndex: Int?
        var bestKey = (Double.infinity, Double.infinity, Double.infinity)
        var bestVolume = -1.0
        for (index, space) in state.spaces.enumerated() {
            let key = spaceKey(space)
            let volume = space.volume
            if key < bestKey || (key == bestKey && volume > bestVolume) {
                bestKey = key
                bestVolume = volume
                bestIndex = index
            }
        }
        return bestIndex
    }

    /// The four bottom corners of a space, nearest to a container corner first (ties: the order low/low,
    /// low/high, high/low, high/high), as corner numbers: x on the low side for 0 and 1, y for 0 and 2.
    @inline(__always)
    func cornerOrder(_ space: PackSpace) -> (Int, Int, Int, Int) {
        @inline(__always)
        func key(_ corner: Int) -> (Double, Double, Double) {
            let ax = corner < 2 ? space.x0 : length - space.x1
            let ay = corner % 2 == 0 ? space.y0 : width - space.y1
            return sortedTriple(ax, ay, space.z0)
        }
        @inline(__always)
        func order(_ a: inout Int, _ b: inout Int) {
            let (ka, kb) = (key(a), key(b))
            if kb < ka || (kb == ka && b < a) { swap(&a, &b) }
        }
        var (c0, c1, c2, c3) = (0, 1, 2, 3)
        order(&c0, &c1)
        order(&c2, &c3)
        order(&c0, &c2)
        order(&c1, &c3)
        order(&c1, &c2)
        return (c0, c1, c2, c3)
    }

    // MARK: - Support

    /// A point of a space's floor from which blocks may be placed, extending towards +x/-x and +y/-y, with
    /// the footprints it fully supports: `full`, or the stair of steps `first..<end` of `PackAnchors.reach`
    /// and `.depth` (reach along x, supported depth along y), reach increasing, depth decreasing.
    struct Anchor {
        var x: Double
        var y: Double
        var positiveX: Bool
        var positiveY: Bool
        var full: Bool
        var first: Int
        var end: Int
    }

    /// The anchors of one space and the steps of their stairs (one pair of arrays for all of them: building
    /// the anchors allocated two arrays per anchor before, a fifth of the search time with `Set` hashing).
    struct PackAnchors {
        var anchors: [Anchor] = []
        var reach: [Double] = []
        var depth: [Double] = []

        /// Whether the footprint dx × dy, anchored at `anchor`, is fully supported.
        @inline(__always)
        func supports(_ anchor: Int, _ dx: Double, _ dy: Double, eps: Double) -> Bool {
            let item = anchors[anchor]
            if item.full { return true }
            var step = item.first
            while step < item.end {
                if reach[step] >= dx - eps { return depth[step] >= dy - eps }
                step += 1
            }
            return false
        }
    }

    /// Anchors of a space: its bottom corners (nearest a container corner first) and, above the floor, the
    /// corners of the supporting top faces, each with the footprints it fully supports.
    func anchors(for space: PackSpace, state: PackState) -> PackAnchors {
        var result = PackAnchors()
        let corners = cornerOrder(space)
        if space.z0 <= eps {
            let corner = corners.0
            result.anchors.append(
                Anchor(
                    x: corner < 2 ? space.x0 : space.x1, y: corner % 2 == 0 ? space.y0 : space.y1,
                    positiveX: corner < 2, positiveY: corner % 2 == 0, full: true, first: 0, end: 0))
            return result
        }
        // Rectangles (clipped to the space's floor) that support the floor of `space`.
        var rects: [PackRect] = []
        var xs = [space.x0, space.x1]
        var ys = [space.y0, space.y1]
        for top in state.tops where abs(top.rect.z - space.z0) <= eps {
            let r = top.rect
            let x0 = max(r.x0, space.x0)
            let x1 = min(r.x1, space.x1)
            let y0 = max(r.y0, space.y0)
            let y1 = min(r.y1, space.y1)
            if x1 - x0 > eps && y1 - y0 > eps {
                rects.append(PackRect(x0: x0, y0: y0, x1: x1, y1: y1, z: r.z))
                xs.append(x0)
                xs.append(x1)
                ys.append(y0)
                ys.append(y1)
            }
        }
        if rects.isEmpty { return result }
        PackEngine.sortUnique(&xs, eps: eps)
        PackEngine.sortUnique(&ys, eps: eps)
        let columns = xs.count - 1
        let rows = ys.count - 1
        var covered = [Bool](repeating: false, count: max(0, columns * rows))
        for r in rects {
            // The cells whose midpoints lie inside r.
            for column in 0..<columns {
                let xm = (xs[column] + xs[column + 1]) / 2
                guard r.x0 < xm && xm < r.x1 else { continue }
                for row in 0..<rows {
                    let ym = (ys[row] + ys[row + 1]) / 2
                    if r.y0 < ym && ym < r.y1 { covered[column * rows + row] = true }
                }
            }
        }
        @inline(__always)
        func index(_ values: [Double], _ value: Double) -> Int {
            var best = 0
            for position in values.indices where abs(values[position] - value) < abs(values[best] - value) {
                best = position
            }
            return best
        }
        // Candidate anchor grid points: (column line, row line, +x?, +y?): the space's corners, then the
        // corners of the supporting rectangles nearest a container corner first.
        var points: [(Int, Int, Bool, Bool)] = []
        points.reserveCapacity(4 + 4 * rects.count)
        for corner in [corners.0, corners.1, corners.2, corners.3] {
            points.append((corner < 2 ? 0 : columns, corner % 2 == 0 ? 0 : rows, corner < 2, corner % 2 == 0))
        }
        var extra: [(key: (Double, Double, Double), point: (Int, Int, Bool, Bool))] = []
        extra.reserveCapacity(4 * rects.count)
        for r in rects {
            let ix0 = index(xs, r.x0)
            let ix1 = index(xs, r.x1)
            let iy0 = index(ys, r.y0)
            let iy1 = index(ys, r.y1)
            for (ix, px) in [(ix0, true), (ix1, false)] {
                for (iy, py) in [(iy0, true), (iy1, false)] {
                    let ax = px ? xs[ix] : length - xs[ix]
                    let ay = py ? ys[iy] : width - ys[iy]
                    extra.append((sortedTriple(ax, ay, space.z0), (ix, iy, px, py)))
                }
            }
        }
        extra.sort { $0.key < $1.key }
        for item in extra { points.append(item.point) }
        var seen: [Int] = []
        seen.reserveCapacity(points.count)
        for (ix, iy, px, py) in points {
            let code = ((ix * (rows + 1) + iy) * 2 + (px ? 1 : 0)) * 2 + (py ? 1 : 0)
            if seen.contains(code) { continue }
            seen.append(code)
            let first = result.reach.count
            var depthSoFar = Double.infinity
            var column = px ? ix : ix - 1
            while column >= 0 && column < columns {
                var depth = 0.0
                var row = py ? iy : iy - 1
                while row >= 0 && row < rows && covered[column * rows + row] {
                    depth = py ? ys[row + 1] - ys[iy] : ys[iy] - ys[row]
                    row += py ? 1 : -1
                }
                depthSoFar = min(depthSoFar, depth)
                if depthSoFar <= eps { break }
                result.reach.append(px ? xs[column + 1] - xs[ix] : xs[ix] - xs[column])
                result.depth.append(depthSoFar)
                column += px ? 1 : -1
            }
            if result.reach.count > first {
                result.anchors.append(
                    Anchor(x: xs[ix], y: ys[iy], positiveX: px, positiveY: py, full: false, first: first, end: result.reach.count))
            }
        }
        return result
    }

    /// Sorts the values and drops each one within `eps` of the previous kept one.
    static func sortUnique(_ values: inout [Double], eps: Double) {
        values.sort()
        var kept = 0
        for index in values.indices {
            if kept > 0 && values[index] - values[kept - 1] <= eps { continue }
            values[kept] = values[index]
            kept += 1
        }
        values.removeLast(values.count - kept)
    }

    /// Placements whose top faces carry a footprint at height z.
    func supporters(x0: Double, y0: Double, x1: Double, y1: Double, z: Double, state: PackState) -> [Int] {
        guard z > eps else { return [] }
        var result: [Int] = []
        for top in state.tops where abs(top.rect.z - z) <= eps {
            let r = top.rect
            if min(r.x1, x1) - max(r.x0, x0) > eps && min(r.y1, y1) - max(r.y0, y0) > eps && !result.contains(top.placement) {
                result.append(top.placement)
            }
        }
        return result
    }

    /// Whether every box below the footprint (directly or through other boxes) can carry `weight` more.
    func loadFits(_ weight: Double, on supporters: [Int], state: PackState) -> Bool {
        var stack = supporters
        var visited = Set<Int>()
        while let placement = stack.popLast() {
            guard visited.insert(placement).inserted else { continue }
            if state.capacity[placement] < weight - 1e-9 * max(1, weight) { return false }
            stack.append(contentsOf: state.supporters[placement])
        }
        return true
    }

    // MARK: - Moves

    /// Up to `limit` best moves for the next space (dropping spaces that cannot take any block).
    func nextMoves(_ state: inout PackState, limit: Int) -> [PackCandidate] {
        while let index = selectSpace(state) {
            let moves = moves(into: state.spaces[index], state: state, limit: limit)
            if !moves.isEmpty { return moves }
            state.spaces.remove(at: index)
        }
        return []
    }

    func moves(into space: PackSpace, state: PackState, limit: Int, onlyType: Int? = nil) -> [PackCandidate] {
        let anchors = anchors(for: space, state: state)
        if anchors.anchors.isEmpty { return [] }
        let sx = space.dx + eps
        let sy = space.dy + eps
        let sz = space.dz + eps
        let spaceVolume = space.volume
        let remainingWeight = state.remainingWeight + 1e-9 * max(1, state.remainingWeight.isFinite ? state.remainingWeight : 1)
        let boxRoom = maxBoxes - state.boxes
        let z = space.z0
        let weighted = hasWeights
        let zFactor = 1 - z / height
        var best: [PackCandidate] = []
        best.reserveCapacity(limit + 1)
        var worstKept = -Double.infinity
        let bound = weighted ? 1 + max(0, heavyBonus) : 1.0
        // `worstKept` stays -infinity until `limit` moves are kept.
        let room = SIMD4<Double>(sx, sy, sz, .infinity)
        state.remaining.withUnsafeBufferPointer { remaining in
            info.withUnsafeBufferPointer { table in
                shapes.withUnsafeBufferPointer { shapes in
                    for index in firstBlock(fittingVolume: sx * sy * sz)..<table.count {
                        let shape = shapes[index]
                        // Blocks come by decreasing volume and no fitness exceeds `bound × volume`.
                        if shape.w * bound <= worstKept { break }
                        if any(shape .> room) { continue }
                        let block = table[index]
                        if block.type >= 0 {
                            if remaining[Int(block.type)] < Int(block.count) { continue }
                            if let onlyType, onlyType != Int(block.type) { continue }
                        } else {
                            if onlyType != nil { continue }
                            if !blocks[index].needs.allSatisfy({ remaining[$0.type] >= $0.count }) { continue }
                        }
                        if block.weight > remainingWeight || Int(block.count) > boxRoom { continue }
                        // Fitness first: cheap, and most blocks are not among the best.
                        let rx = reachX.reach(space.dx - block.dx)
                        let ry = reachY.reach(space.dy - block.dy)
                        let rz = reachZ.reach(space.dz - block.dz)
                        let fillable = min(spaceVolume, (block.dx + rx) * (block.dy + ry) * (block.dz + rz))
                        var fitness = block.volume - lossWeight * (spaceVolume - fillable)
                        if weighted { fitness += heavyBonus * block.volume * block.heaviness * zFactor }
                        if best.count >= limit && fitness <= worstKept { continue }
                        var chosen = -1
                        for anchorIndex in 0..<anchors.anchors.count where anchors.supports(anchorIndex, block.dx, block.dy, eps: eps) {
                            chosen = anchorIndex
                            break
                        }
                        if chosen < 0 { continue }
                        let anchor = anchors.anchors[chosen]
                        let x = anchor.positiveX ? anchor.x : anchor.x - block.dx
                        let y = anchor.positiveY ? anchor.y : anchor.y - block.dy
                        if hasLoadLimits && z > eps {
                            let below = supporters(x0: x, y0: y, x1: x + block.dx, y1: y + block.dy, z: z, state: state)
                            if !loadFits(block.weight, on: below, state: state) { continue }
                        }
                        let candidate = PackCandidate(block: index, x: x, y: y, z: z, fitness: fitness)
                        if limit > 1,
                            let twin = best.firstIndex(where: {
                                let other = table[$0.block]
                                return other.dx == block.dx && other.dy == block.dy && other.dz == block.dz
                            })
                        {
                            // Same shape as a kept move: keep the fitter one only (diversity of the branches).
                            if best[twin].fitness >= fitness { continue }
                            best.remove(at: twin)
                        }
                        var position = best.count
                        while position > 0 && best[position - 1].fitness < fitness { position -= 1 }
                        best.insert(candidate, at: position)
                        if best.count > limit { best.removeLast() }
                        if best.count >= limit { worstKept = best[best.count - 1].fitness }
                    }
                }
            }
        }
        return best
    }

    /// The first block (blocks come by decreasing volume) whose box volume does not exceed `volume`, the
    /// volume of a space's extents with their tolerance: a larger block cannot fit, its bounding cuboid being
    /// at least as large. Late in a packing most spaces are small, so skipping the large blocks by binary
    /// search saves most of the scan (about a third more look-aheads per second).
    @inline(__always)
    func firstBlock(fittingVolume volume: Double) -> Int {
        var low = 0
        var high = info.count
        while low < high {
            let middle = (low + high) / 2
            if info[middle].volume > volume { low = middle + 1 } else { high = middle }
        }
        return low
    }

    // MARK: - Applying a move

    func apply(_ move: PackCandidate, to state: inout PackState) {
        let block = blocks[move.block]
        for need in block.needs {
            state.remaining[need.type] -= need.count
            state.boxes += need.count
        }
        state.remainingWeight -= block.weight
        state.volume += block.volume
        state.moment += block.weight * (move.z + block.dz / 2)
        let placement = state.placements.count
        state.placements.append(PackPlacement(block: move.block, x: move.x, y: move.y, z: move.z))
        if block.topCapacity > 0 {
            for top in block.tops where move.z + top.z < height - eps {
                let rect = PackRect(
                    x0: move.x + top.x0, y0: move.y + top.y0, x1: move.x + top.x1, y1: move.y + top.y1, z: move.z + top.z)
                state.tops.append(PackTop(rect: rect, placement: placement))
            }
        }
        if hasLoadLimits {
            let below = supporters(
                x0: move.x, y0: move.y, x1: move.x + block.dx, y1: move.y + block.dy, z: move.z, state: state)
            state.supporters.append(below)
            state.capacity.append(block.topCapacity)
            var stack = below
            var visited = Set<Int>()
            while let index = stack.popLast() {
                guard visited.insert(index).inserted else { continue }
                state.capacity[index] -= block.weight
                stack.append(contentsOf: state.supporters[index])
            }
        }
        let region = PackSpace(
            x0: move.x, y0: move.y, z0: move.z, x1: move.x + block.dx, y1: move.y + block.dy, z1: move.z + block.dz)
        updateSpaces(&state, occupied: region)
    }

    /// Cuts the region `r` out of the spaces: every space it overlaps is replaced by its up to six maximal
    /// pieces around `r`, unless a piece is too small for any remaining box or lies inside another space.
    ///
    /// A piece touches `r` and overlaps it across the other two axes, so a space that contains it and was not
    /// cut itself must touch `r` too: only those (`near`) are compared with the pieces.
    func updateSpaces(_ state: inout PackState, occupied r: PackSpace) {
        var kept: [PackSpace] = []
        kept.reserveCapacity(state.spaces.count + 8)
        var near: [Int] = []
        var fresh: [PackSpace] = []
        let remaining = state.remaining
        func add(_ piece: PackSpace) {
            if isUsable(piece, remaining: remaining) { fresh.append(piece) }
        }
        let margin = 2 * eps
        for s in state.spaces {
            guard s.intersects(r, eps: eps) else {
                if s.x0 <= r.x1 + margin && s.x1 >= r.x0 - margin && s.y0 <= r.y1 + margin && s.y1 >= r.y0 - margin
                    && s.z0 <= r.z1 + margin && s.z1 >= r.z0 - margin
                {
                    near.append(kept.count)
                }
                kept.append(s)
                continue
            }
            if r.x0 > s.x0 + eps { add(PackSpace(x0: s.x0, y0: s.y0, z0: s.z0, x1: r.x0, y1: s.y1, z1: s.z1)) }
            if r.x1 < s.x1 - eps { add(PackSpace(x0: r.x1, y0: s.y0, z0: s.z0, x1: s.x1, y1: s.y1, z1: s.z1)) }
            if r.y0 > s.y0 + eps { add(PackSpace(x0: s.x0, y0: s.y0, z0: s.z0, x1: s.x1, y1: r.y0, z1: s.z1)) }
            if r.y1 < s.y1 - eps { add(PackSpace(x0: s.x0, y0: r.y1, z0: s.z0, x1: s.x1, y1: s.y1, z1: s.z1)) }
            if r.z0 > s.z0 + eps { add(PackSpace(x0: s.x0, y0: s.y0, z0: s.z0, x1: s.x1, y1: s.y1, z1: r.z0)) }
            if r.z1 < s.z1 - eps { add(PackSpace(x0: s.x0, y0: s.y0, z0: r.z1, x1: s.x1, y1: s.y1, z1: s.z1)) }
        }
        for (index, candidate) in fresh.enumerated() {
            var dominated = false
            for k in near where kept[k].contains(candidate, eps: eps) {
                dominated = true
                break
            }
            if !dominated {
                for (other, space) in fresh.enumerated() where other != index && space.contains(candidate, eps: eps) {
                    // Identical pieces: keep the first one only.
                    if candidate.contains(space, eps: eps) && other > index { continue }
                    dominated = true
                    break
                }
            }
            if !dominated { kept.append(candidate) }
        }
        state.spaces = kept
    }

    // MARK: - Greedy completion

    func greedyComplete(_ state: inout PackState) {
        while true {
            let moves = nextMoves(&state, limit: 1)
            guard let move = moves.first else { return }
            apply(move, to: &state)
        }
    }
}
