import Foundation

/// Beam search over block placements, each partial packing scored by completing it greedily
/// (a greedy look-ahead). The beam is widened (1, 2, 4, ...) while time is left; the best complete
/// packing met anywhere (every greedy completion is one) is kept.
final class PackSearch {
    var engine: PackEngine
    let clock = ContinuousClock()
    let deadline: ContinuousClock.Instant
    let maxEvaluations: Int
    /// Volume that cannot be beaten: all usable boxes, or the container.
    let target: Double
    private(set) var evaluations = 0
    private(set) var best: PackState
    private(set) var greedyVolume = 0.0
    private(set) var beamWidthReached = 0
    /// Moves tried per beam node.
    var branching = 8
    /// Widest beam tried (memory: a level holds up to `maxWidth × branching` partial packings).
    var maxWidth = 16_384

    init(engine: PackEngine, deadline: ContinuousClock.Instant, maxEvaluations: Int) {
        self.engine = engine
        self.deadline = deadline
        self.maxEvaluations = maxEvaluations
        let boxVolume = engine.types.reduce(0.0) { $0 + Double($1.available) * $1.volume }
        target = min(boxVolume, engine.length * engine.width * engine.height)
        best = engine.initialState()
    }

    /// Everything packed: done, unless weights differ and a few more tries may put heavier items lower.
    var isFinished: Bool {
        evaluations >= maxEvaluations || clock.now >= deadline
            || (best.volume >= target * (1 - 1e-12) && (!engine.hasWeights || evaluations >= 64))
    }

    /// Completes the state greedily, keeps it if it is the best so far, returns its volume.
    @discardableResult
    func evaluate(_ state: PackState) -> Double {
        var completed = state
        engine.greedyComplete(&completed)
        evaluations += 1
        let tie = abs(completed.volume - best.volume) <= 1e-9 * max(1, best.volume)
        if (!tie && completed.volume > best.volume) || (tie && completed.moment < best.moment * (1 - 1e-12)) { best = completed }
        return completed.volume
    }

    func runGreedy() {
        greedyVolume = evaluate(engine.initialState())
    }

    /// Weights of the unfillable-volume penalty; every beam width is run once with each (different greedy
    /// policies find different packings; the best one is kept).
    var lossWeights: [Double] = [1, 2]

    func runSearch() {
        runGreedy()
        let base = engine
        var width = 1
        while !isFinished {
            var truncated = false
            for weight in lossWeights where !isFinished {
                engine.lossWeight = base.lossWeight * weight
                truncated = beam(width: width, from: engine.initialState()) || truncated
            }
            beamWidthReached = width
            // A beam that never had to drop a node searched the whole tree: wider beams cannot do better.
            if !truncated || width >= maxWidth { break }
            width *= 2
        }
        engine = base
    }

    /// Runs one beam search; returns whether some level had more children than the beam could keep.
    @discardableResult
    private func beam(width: Int, from root: PackState) -> Bool {
        var truncated = false
        var level = [root]
        while !level.isEmpty {
            var children: [(score: Double, order: Int, state: PackState)] = []
            for var node in level {
                let moves = engine.nextMoves(&node, limit: branching)
                for move in moves {
                    var child = node
                    engine.apply(move, to: &child)
                    let score = evaluate(child)
                    children.append((score, children.count, child))
                    if isFinished { return true }
                }
            }
            children.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
            truncated = truncated || children.count > width
            level = children.prefix(width).map(\.state)
        }
        return truncated
    }

    /// Baseline: single boxes, largest volume first, each into the first space (nearest a container corner)
    /// where it fits and is fully supported.
    func runLargestFirst() {
        var state = engine.initialState()
        let order = engine.types.indices.sorted { engine.types[$0].volume > engine.types[$1].volume }
        for type in order {
            placing: while state.remaining[type] > 0 {
                let keyed = state.spaces.enumerated().map { index, space in
                    (index, [min(space.x0, engine.length - space.x1), min(space.y0, engine.width - space.y1), space.z0].sorted())
                }
                let sorted = keyed.sorted { a, b in a.1.lexicographicallyPrecedes(b.1) }
                for (index, _) in sorted {
                    if let move = engine.moves(into: state.spaces[index], state: state, limit: 1, onlyType: type).first {
                        engine.apply(move, to: &state)
                        continue placing
                    }
                }
                break
            }
        }
        evaluations = 1
        best = state
        greedyVolume = state.volume
    }
}
