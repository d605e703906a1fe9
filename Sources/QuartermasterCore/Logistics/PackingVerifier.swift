import Foundation

/// One broken rule in a layout.
public struct PackingViolation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case degenerate, outOfBounds, overlap, unsupported, orientation, overweight, overload, quantity
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Independent checks of a layout: every box has positive extents, lies inside the container, overlaps no
/// other box, rests with its whole base on the floor or on tops of boxes exactly below it, is turned only
/// as its item allows; the payload and the per-item load limits hold; no item is packed more often than
/// ordered. Used by the tests and the benchmark on every layout.
public enum PackingVerifier {
    /// Checks one container. `items` (indexed by `PackedBox.itemIndex`) enables the orientation, quantity
    /// and load checks. `tolerance` defaults to 1e-6 of the container's largest side.
    public static func verify(
        _ packed: PackedContainer, items: [PackingItem]? = nil, tolerance: Double? = nil
    ) -> [PackingViolation] {
        let container = packed.container
        let boxes = packed.boxes
        let tol = tolerance ?? max(container.length, container.width, container.height, 1) * 1e-6
        var violations: [PackingViolation] = []
        func describe(_ index: Int) -> String {
            let b = boxes[index]
            return "box \(index) (\(b.item)) at (\(b.x), \(b.y), \(b.z)) size (\(b.dx), \(b.dy), \(b.dz))"
        }

        for (index, box) in boxes.enumerated() {
            let values = [box.x, box.y, box.z, box.dx, box.dy, box.dz]
            if !values.allSatisfy(\.isFinite) || box.dx <= 0 || box.dy <= 0 || box.dz <= 0 {
                violations.append(PackingViolation(.degenerate, describe(index)))
                continue
            }
            if box.x < -tol || box.y < -tol || box.z < -tol || box.x + box.dx > container.length + tol
                || box.y + box.dy > container.width + tol || box.z + box.dz > container.height + tol
            {
                violations.append(PackingViolation(.outOfBounds, describe(index)))
            }
        }

        // Overlaps: sweep along x.
        let byX = boxes.indices.sorted { boxes[$0].x < boxes[$1].x }
        for (position, i) in byX.enumerated() {
            let a = boxes[i]
            var next = position + 1
            while next < byX.count {
                let j = byX[next]
                let b = boxes[j]
                if b.x >= a.x + a.dx - tol { break }
                if overlap(a.x, a.dx, b.x, b.dx) > tol && overlap(a.y, a.dy, b.y, b.dy) > tol && overlap(a.z, a.dz, b.z, b.dz) > tol {
                    violations.append(PackingViolation(.overlap, "\(describe(i)) and \(describe(j))"))
                }
                next += 1
            }
        }

        // Full support: the base must be covered by tops lying at its height (tops at one height are disjoint
        // when boxes do not overlap, so the covered area is the sum of the intersections).
        let byTop = boxes.indices.sorted { boxes[$0].z + boxes[$0].dz < boxes[$1].z + boxes[$1].dz }
        let tops = byTop.map { boxes[$0].z + boxes[$0].dz }
        var restsOn = [[Int]](repeating: [], count: boxes.count)
        for (index, box) in boxes.enumerated() where box.z > tol {
            var low = 0
            var high = tops.count
            while low < high {
                let mid = (low + high) / 2
                if tops[mid] < box.z - tol { low = mid + 1 } else { high = mid }
            }
            var covered = 0.0
            var cursor = low
            while cursor < tops.count && tops[cursor] <= box.z + tol {
                let other = boxes[byTop[cursor]]
                let area = overlap(box.x, box.dx, other.x, other.dx) * overlap(box.y, box.dy, other.y, other.dy)
                if byTop[cursor] != index && overlap(box.x, box.dx, other.x, other.dx) > tol
                    && overlap(box.y, box.dy, other.y, other.dy) > tol
                {
                    covered += area
                    restsOn[index].append(byTop[cursor])
                }
                cursor += 1
            }
            let base = box.dx * box.dy
            if covered < base - tol * (box.dx + box.dy) - base * 1e-9 {
                violations.append(
                    PackingViolation(
                        .unsupported, "\(describe(index)): \(String(format: "%.4f", covered / base * 100))% of its base supported"))
            }
        }

        // Payload.
        if let maxWeight = container.maxWeight {
            let weight = packed.weight
            if weight > maxWeight + max(1e-9, maxWeight * 1e-9) {
                violations.append(PackingViolation(.overweight, "load \(weight) exceeds max_weight \(maxWeight)"))
            }
        }

        guard let items else { return violations }

        // Orientation and quantity.
        var counts = [Int](repeating: 0, count: items.count)
        for (index, box) in boxes.enumerated() {
            guard items.indices.contains(box.itemIndex) else {
                violations.append(PackingViolation(.quantity, "\(describe(index)): unknown item index \(box.itemIndex)"))
                continue
            }
            counts[box.itemIndex] += 1
            let item = items[box.itemIndex]
            if !orientationAllowed(box, item: item, tolerance: tol) {
                violations.append(PackingViolation(.orientation, "\(describe(index)): not an allowed orientation of \(item.id)"))
            }
            if abs(box.weight - item.weight) > 1e-9 * max(1, item.weight) {
                violations.append(PackingViolation(.overweight, "\(describe(index)): weight differs from the item's"))
            }
        }
        for (index, item) in items.enumerated() where counts[index] > max(0, item.quantity) {
            violations.append(PackingViolation(.quantity, "\(item.id): \(counts[index]) packed, \(item.quantity) ordered"))
        }

        // Load on top: the weight of every box resting on a box, directly or through others.
        var carried = [[Int]](repeating: [], count: boxes.count)
        for (upper, lowers) in restsOn.enumerated() {
            for lower in lowers { carried[lower].append(upper) }
        }
        for (index, box) in boxes.enumerated() {
            guard items.indices.contains(box.itemIndex), let limit = items[box.itemIndex].maxLoadOnTop else { continue }
            var seen = Set<Int>()
            var stack = carried[index]
            var load = 0.0
            while let next = stack.popLast() {
                guard seen.insert(next).inserted else { continue }
                load += boxes[next].weight
                stack.append(contentsOf: carried[next])
            }
            if load > limit + max(1e-9, limit * 1e-9) {
                violations.append(PackingViolation(.overload, "\(describe(index)) carries \(load), max_load_on_top \(limit)"))
            }
        }
        return violations
    }

    /// Checks every container of a result against its problem, and that packed plus unpacked boxes account
    /// for every ordered box.
    public static func verify(_ result: PackingResult, problem: PackingProblem) -> [PackingViolation] {
        var violations: [PackingViolation] = []
        var packed = [Int](repeating: 0, count: problem.items.count)
        for container in result.containers {
            violations += verify(container, items: problem.items)
            for box in container.boxes where problem.items.indices.contains(box.itemIndex) { packed[box.itemIndex] += 1 }
        }
        var unpacked = [Int](repeating: 0, count: problem.items.count)
        for entry in result.unpacked {
            if let index = entry.itemIndex, problem.items.indices.contains(index) { unpacked[index] += entry.quantity }
        }
        for (index, item) in problem.items.enumerated() where item.quantity > 0 && packed[index] + unpacked[index] != item.quantity {
            violations.append(
                PackingViolation(
                    .quantity, "\(item.id): \(packed[index]) packed + \(unpacked[index]) unpacked != \(item.quantity) ordered"))
        }
        return violations
    }

    static func overlap(_ a: Double, _ da: Double, _ b: Double, _ db: Double) -> Double {
        max(0, min(a + da, b + db) - max(a, b))
    }

    static func orientationAllowed(_ box: PackedBox, item: PackingItem, tolerance: Double) -> Bool {
        let dims = item.dimensions
        let allowed = Set(item.verticalAxes)
        func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance }
        if box.orientation.count == 3 {
            let axes = box.orientation
            guard Set(axes) == [0, 1, 2] else { return false }
            return same(dims[axes[0]], box.dx) && same(dims[axes[1]], box.dy) && same(dims[axes[2]], box.dz) && allowed.contains(axes[2])
        }
        for up in allowed where (0...2).contains(up) && same(dims[up], box.dz) {
            let others = [0, 1, 2].filter { $0 != up }
            if (same(dims[others[0]], box.dx) && same(dims[others[1]], box.dy))
                || (same(dims[others[1]], box.dx) && same(dims[others[0]], box.dy))
            {
                return true
            }
        }
        return false
    }
}

extension PackingVerifier {
    /// Checks a wire response against its request (ignores the `orientation` key, infers it from extents).
    public static func verify(_ output: PackingOutput, input: PackingInput) -> [PackingViolation] {
        let (problem, _) = Packer.problem(from: input)
        var index: [String: Int] = [:]
        for (position, item) in problem.items.enumerated() where index[item.id] == nil { index[item.id] = position }
        var violations: [PackingViolation] = []
        for container in output.containers {
            let boxes = container.boxes.map { box in
                let itemIndex = index[box.item] ?? -1
                return PackedBox(
                    itemIndex: itemIndex, item: box.item, x: box.x, y: box.y, z: box.z, dx: box.dx, dy: box.dy, dz: box.dz,
                    orientation: [], weight: itemIndex >= 0 ? problem.items[itemIndex].weight : 0)
            }
            let packed = PackedContainer(
                container: PackingContainer(
                    length: container.length, width: container.width, height: container.height,
                    maxWeight: input.container.maxWeight),
                boxes: boxes)
            violations += verify(packed, items: problem.items)
        }
        return violations
    }
}
