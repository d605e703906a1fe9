import Foundation

/// Beam search over block placements, each partial packing scored by completing it greedily
/// (a greedy look-ahead); the best complete packing met anywhere (every greedy completion is one) is kept.
/// Two phases share the time:
///  1. whole-container beams, widened (1, 2, 4, ...), each width run once per greedy policy (`policies`),
///  2. from `wholeShare` of the time on, beams that keep the first part of the best packing and search
///     its last blocks again (`improveTail`), widened the same way.
/// On the Bischoff & Ratcliff-like benchmark (6 instances per class, measured one change at a time) the
/// tail search gained about 0.1 points, the floor-first policies about 0.1 and the wide-beam policies
/// about 0.05.
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

    /// Greedy policies (space rule, weight of the unfillable-volume penalty); every beam width is run once
    /// with each. Different policies find different packings; the best one is kept.
    var policies: [PackPolicy] = [
        PackPolicy(rule: .nearestCorner, lossWeight: 1), PackPolicy(rule: .nearestCorner, lossWeight: 2),
        PackPolicy(rule: .floorFirst, lossWeight: 1), PackPolicy(rule: .floorFirst, lossWeight: 2),
    ]

    /// Policies added once the beam is `wideWidth` wide: by then a wider beam rarely finds anything new on
    /// this instance (few box types, cheap look-ahead), while another policy often does. Run from the start,
    /// they would cost the many-type instances a doubling of the beam, which is worth more there.
    var widePolicies: [PackPolicy] = [
        PackPolicy(rule: .nearestCorner, lossWeight: 4), PackPolicy(rule: .floorFirst, lossWeight: 4),
    ]
    var wideWidth = 32

    /// Share of the search time spent on whole-container beams; the rest goes to re-searching the top of
    /// the best packing (`improveTail`).
    var wholeShare = 0.5

    /// Loaded-volume fractions at which the best packing is cut before its tail is searched again.
    var cuts: [Double] = [0.9, 0.8, 0.7, 0.6]

    func runSearch() {
        runGreedy()
        let base = engine
        let started = clock.now
        let wholeDeadline = started + (deadline - started) * wholeShare
        // With a work budget the phases are split by evaluations too, so results stay machine-independent.
        let wholeEvaluations = maxEvaluations == Int.max ? Int.max : Int(Double(maxEvaluations) * wholeShare)
        var width = 1
        var exhausted = false
        while !isFinished && clock.now < wholeDeadline && evaluations < wholeEvaluations {
            var truncated = false
            for policy in policies(at: width) where !isFinished {
                use(policy, base: base)
                truncated = beam(width: width, from: engine.initialState()) || truncated
            }
            beamWidthReached = width
            // A beam that never had to drop a node searched the whole tree: wider beams cannot do better.
            if !truncated || width >= maxWidth {
                exhausted = true
                break
            }
            width *= 2
        }
        if !exhausted { improveTail(base: base, width: max(1, width / 2)) }
        engine = base
    }

    private func policies(at width: Int) -> [PackPolicy] {
        width >= wideWidth ? policies + widePolicies : policies
    }

    private func use(_ policy: PackPolicy, base: PackEngine) {
        engine.spaceRule = policy.rule
        engine.lossWeight = base.lossWeight * policy.lossWeight
    }

    /// Re-searches the end of the best packing: keeps its first blocks (by loaded volume, see `cuts`), rebuilt
    /// from scratch, and runs beams from there. The last blocks of a packing are placed into small, partly
    /// supported spaces where the greedy look-ahead is weakest, and a beam started near them searches that
    /// region far more thoroughly than a whole-container beam of the same cost.
    private func improveTail(base: PackEngine, width startWidth: Int) {
        var width = startWidth
        while !isFinished && width <= maxWidth {
            for cut in cuts where !isFinished {
                for policy in policies(at: width) where !isFinished {
                    use(policy, base: base)
                    beam(width: width, from: prefix(of: best, keeping: cut))
                }
            }
            width *= 2
        }
    }

    /// The state after the first placements of `state` holding at most `fraction` of its volume, rebuilt by
    /// applying them again in their order (every one was supported when first placed, so it still is).
    func prefix(of state: PackState, keeping fraction: Double) -> PackState {
        var result = engine.initialState()
        let limit = state.volume * fraction * (1 + 1e-12)
        for placement in state.placements {
            if result.volume + engine.info[placement.block].volume > limit { break }
            engine.apply(PackCandidate(block: placement.block, x: placement.x, y: placement.y, z: placement.z, fitness: 0), to: &result)
        }
        return result
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
