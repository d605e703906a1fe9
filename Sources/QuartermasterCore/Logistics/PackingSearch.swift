import Foundation
import Synchronization

/// Beam search over block placements, each partial packing scored by completing it greedily
/// (a greedy look-ahead); the best complete packing met anywhere (every greedy completion is one) is kept.
/// Two phases share the time:
///  1. whole-container beams, widened (1, 2, 4, ...), each width run once per greedy policy (`policies`),
///  2. from `wholeShare` of the time on, beams that keep the first part of the best packing and search
///     its last blocks again (tail beams), widened the same way.
/// On the Bischoff & Ratcliff-like benchmark (6 instances per class, measured one change at a time) the
/// tail search gained about 0.1 points, the floor-first policies about 0.1 and the wide-beam policies
/// about 0.05.
///
/// The beams are tasks handed out in that order by a `PackSchedule`. With a time limit, `workers` threads
/// (two, on a machine with two cores or more) take them in turn, each the next one not yet taken, and share
/// the best packing at once: two idle cores get through the same sequence about twice as fast, and on a busy
/// machine the second thread simply takes fewer tasks (nothing is split in advance, so nothing waits for
/// it). With a work budget (`maxEvaluations`) one thread runs them, so the result does not depend on
/// timing or on the machine.
///
/// Within a beam, the children kept are the best of each distinct score first (`distinctFirst`), and a
/// node's first child reuses the node's score (`beam(width:from:)`).
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
    /// Moves tried per beam node. 16 rather than 8: +0.08 to +0.14 points on the benchmark (at a fixed work
    /// budget and with a time limit); 5 lost 0.36, 24 was no better than 16.
    var branching = 16
    /// Widest beam tried (memory: a level holds up to `maxWidth × branching` partial packings, per worker;
    /// two workers × 4,096 × 16 hold as many as one worker × 16,384 × 8 did before).
    var maxWidth = 4_096
    /// Threads of a time-limited search (a work budget always runs on one).
    var workers = min(2, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// Shared by the workers: the best packing and the next task.
    private var schedule: PackSchedule?

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
            || (schedule?.isDone ?? false)
    }

    /// Completes the state greedily, keeps it if it is the best so far, returns its volume.
    @discardableResult
    func evaluate(_ state: PackState) -> Double {
        var completed = state
        engine.greedyComplete(&completed)
        evaluations += 1
        if PackSearch.isBetter(completed, than: best) {
            best = completed
            schedule?.offer(completed)
        }
        return completed.volume
    }

    /// More volume or, at equal volume, heavier items lower.
    static func isBetter(_ state: PackState, than best: PackState) -> Bool {
        let tie = abs(state.volume - best.volume) <= 1e-9 * max(1, best.volume)
        return (!tie && state.volume > best.volume) || (tie && state.moment < best.moment * (1 - 1e-12))
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
    /// the best packing (tail beams).
    var wholeShare = 0.5

    /// Loaded-volume fractions at which the best packing is cut before its tail is searched again.
    var cuts: [Double] = [0.9, 0.8, 0.7, 0.6]

    func runSearch() {
        runGreedy()
        let timed = maxEvaluations == Int.max
        let count = timed ? max(1, workers) : 1
        let started = clock.now
        let plan = PackSchedule.Plan(
            policies: policies, widePolicies: widePolicies, wideWidth: wideWidth, maxWidth: maxWidth, cuts: cuts,
            wholeDeadline: started + (deadline - started) * wholeShare,
            wholeEvaluations: timed ? Int.max : Int(Double(maxEvaluations) * wholeShare) - evaluations)
        let schedule = PackSchedule(plan: plan, best: best)
        let (base, deadline, target, branching) = (engine, self.deadline, self.target, self.branching)
        let budget = timed ? Int.max : max(0, maxEvaluations - evaluations)
        PackSearch.parallel(count, until: deadline) { _ in
            let worker = PackSearch(engine: base, deadline: deadline, maxEvaluations: budget, target: target)
            worker.branching = branching
            worker.schedule = schedule
            worker.work()
        }
        evaluations += schedule.evaluations
        best = schedule.best
        beamWidthReached = schedule.wholeWidth
    }

    private init(engine: PackEngine, deadline: ContinuousClock.Instant, maxEvaluations: Int, target: Double) {
        self.engine = engine
        self.deadline = deadline
        self.maxEvaluations = maxEvaluations
        self.target = target
        best = engine.initialState()
    }

    /// A worker's loop: takes the next task until there is none, running each as one beam.
    private func work() {
        guard let schedule else { return }
        let base = engine
        defer { engine = base }
        var finished: PackSchedule.Task?
        var truncated = false
        var reported = 0
        while !isFinished, let task = schedule.next(after: finished, truncated: truncated, evaluations: evaluations - reported) {
            reported = evaluations
            best = schedule.best
            engine.spaceRule = task.policy.rule
            engine.lossWeight = base.lossWeight * task.policy.lossWeight
            let root = task.cut.map { prefix(of: best, keeping: $0) } ?? engine.initialState()
            truncated = beam(width: task.width, from: root)
            finished = isFinished ? nil : task
        }
        schedule.count(evaluations - reported)
        if isFinished { schedule.stop() }
    }

    /// Runs `body(0)` on this thread and `body(1)`, ..., `body(count - 1)` on Dispatch's pool, and waits for
    /// those until `deadline` (plus 10 ms) at most. Every worker hands its results over as it goes (to the
    /// schedule) and stops at its first look at the clock after the deadline; one that a busy machine kept
    /// from running that long ends on its own, after the call has returned.
    static func parallel(_ count: Int, until deadline: ContinuousClock.Instant, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 1..<max(1, count) {
            group.enter()
            DispatchQueue.global().async {
                body(index)
                group.leave()
            }
        }
        body(0)
        guard count > 1 else { return }
        let left = ContinuousClock().now.duration(to: deadline).components
        let milliseconds = max(0, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000) + 10
        _ = group.wait(timeout: .now() + .milliseconds(Int(min(milliseconds, 86_400_000))))
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
    ///
    /// A node's first move is the one its greedy completion made, so that child completes to the same
    /// packing as the node itself: it takes the node's score without a look-ahead (about one look-ahead in
    /// eight saved, same result).
    @discardableResult
    private func beam(width: Int, from root: PackState) -> Bool {
        var truncated = false
        var level: [(score: Double?, state: PackState)] = [(nil, root)]
        while !level.isEmpty {
            var children: [(score: Double, order: Int, state: PackState)] = []
            for (known, var node) in level {
                let moves = engine.nextMoves(&node, limit: branching)
                for (index, move) in moves.enumerated() {
                    var child = node
                    engine.apply(move, to: &child)
                    if index == 0, let known {
                        children.append((known, children.count, child))
                        continue
                    }
                    let score = evaluate(child)
                    children.append((score, children.count, child))
                    if isFinished { return true }
                }
            }
            children.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
            truncated = truncated || children.count > width
            level = PackSearch.distinctFirst(children, width: width).map { (children[$0].score, children[$0].state) }
        }
        return truncated
    }

    /// The indices (in order) of the `width` children kept from `children`, sorted best first: first the best
    /// child of every score, then the others in order. Children with equal scores mostly complete to the same
    /// packing (the same blocks reached in another order, or the same greedy completion): kept together, they
    /// fill the beam with one region of the search. Measured on the benchmark at a fixed work budget (12,000
    /// look-aheads, 140 instances): +0.14 points; "at most two per score": +0.06; strict (only distinct
    /// scores, the beam left narrower): as good as this.
    static func distinctFirst(_ children: [(score: Double, order: Int, state: PackState)], width: Int) -> [Int] {
        guard children.count > width else { return Array(children.indices) }
        var picked: [Int] = []
        picked.reserveCapacity(width)
        var taken = [Bool](repeating: false, count: children.count)
        for index in children.indices where picked.count < width {
            if index == 0 || children[index].score != children[index - 1].score {
                picked.append(index)
                taken[index] = true
            }
        }
        for index in children.indices where picked.count < width && !taken[index] { picked.append(index) }
        picked.sort()
        return picked
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

/// The beams of one search, in order, for the threads that run them, and the best packing they found.
///
/// Whole-container beams come first: width 1 with every policy, then width 2, and so on, until
/// `wholeDeadline` (or `wholeEvaluations`) is passed or a width has had every beam complete without
/// dropping a node (the tree was searched completely: stop). Then tail beams: for each width (from the
/// last whole width on), each cut, each policy, a beam from the best packing known when it starts, cut.
final class PackSchedule: Sendable {
    struct Plan: Sendable {
        var policies: [PackPolicy]
        var widePolicies: [PackPolicy]
        var wideWidth: Int
        var maxWidth: Int
        var cuts: [Double]
        var wholeDeadline: ContinuousClock.Instant
        var wholeEvaluations: Int

        func policies(at width: Int) -> [PackPolicy] {
            width >= wideWidth ? policies + widePolicies : policies
        }
    }

    struct Task: Sendable {
        var width: Int
        var policy: PackPolicy
        /// Tail beams: the fraction of the best packing kept; `nil` for a whole-container beam.
        var cut: Double?
    }

    private struct Progress: Sendable {
        var best: PackState
        var tail = false
        var width = 1
        /// Next task of the current width: policy index, or cut index × policies + policy index.
        var index = 0
        var evaluations = 0
        /// Whole-container beams per width: finished, and whether any had to drop nodes.
        var finished: [Int: Int] = [:]
        var truncated: Set<Int> = []
        /// Widest width whose whole-container beams all finished.
        var wholeWidth = 0
        var exhausted = false
    }

    let plan: Plan
    private let progress: Mutex<Progress>
    private let done = Atomic<Bool>(false)

    init(plan: Plan, best: PackState) {
        self.plan = plan
        progress = Mutex(Progress(best: best))
    }

    var best: PackState { progress.withLock { $0.best } }
    var wholeWidth: Int { progress.withLock { $0.wholeWidth } }
    /// Look-aheads reported by the workers.
    var evaluations: Int { progress.withLock { $0.evaluations } }

    func count(_ evaluations: Int) {
        progress.withLock { $0.evaluations += evaluations }
    }
    /// Set when the tree has been searched completely: running beams may stop.
    var isDone: Bool { done.load(ordering: .relaxed) }

    func offer(_ candidate: PackState) {
        progress.withLock { progress in
            if PackSearch.isBetter(candidate, than: progress.best) { progress.best = candidate }
        }
    }

    /// Records the task a worker finished (`nil` if none or if it was cut short) and the evaluations it made
    /// since its last call, and hands out the next task.
    func next(after finished: Task?, truncated: Bool, evaluations: Int) -> Task? {
        let clock = ContinuousClock()
        return progress.withLock { progress in
            progress.evaluations += evaluations
            if let finished, finished.cut == nil {
                progress.finished[finished.width, default: 0] += 1
                if truncated { progress.truncated.insert(finished.width) }
                let count = plan.policies(at: finished.width).count
                if progress.finished[finished.width] == count {
                    progress.wholeWidth = max(progress.wholeWidth, finished.width)
                    // Every beam of this width kept all its nodes: wider beams cannot do better.
                    if !progress.truncated.contains(finished.width) || finished.width >= plan.maxWidth { progress.exhausted = true }
                }
            }
            if progress.exhausted {
                done.store(true, ordering: .relaxed)
                return nil
            }
            if !progress.tail {
                let policies = plan.policies(at: progress.width)
                if progress.index >= policies.count {
                    // Never start a width beyond the widest one worth running.
                    guard progress.width < plan.maxWidth else { return nil }
                    progress.width *= 2
                    progress.index = 0
                }
                // The phase ends between widths (every policy runs each width it starts).
                if progress.index == 0 && (clock.now >= plan.wholeDeadline || progress.evaluations >= plan.wholeEvaluations) {
                    progress.tail = true
                    progress.width = max(1, progress.width / 2)
                    progress.index = 0
                } else {
                    let policy = plan.policies(at: progress.width)[progress.index]
                    progress.index += 1
                    return Task(width: progress.width, policy: policy, cut: nil)
                }
            }
            let policies = plan.policies(at: progress.width)
            if progress.index >= policies.count * plan.cuts.count {
                progress.width *= 2
                progress.index = 0
            }
            guard progress.width <= plan.maxWidth, !plan.cuts.isEmpty else { return nil }
            let current = plan.policies(at: progress.width)
            let task = Task(
                width: progress.width, policy: current[progress.index % current.count],
                cut: plan.cuts[progress.index / current.count])
            progress.index += 1
            return task
        }
    }

    /// Ends the search for every worker (the best possible packing was found).
    func stop() { done.store(true, ordering: .relaxed) }
}
