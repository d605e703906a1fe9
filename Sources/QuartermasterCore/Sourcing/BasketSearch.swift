/// A complete assignment (one pattern per line) with incrementally maintained vendor subtotals and cost.
/// Cost is (violations, objective): violations count vendors under their minimum order value and vendors
/// beyond `maxVendors`; a plan is feasible when violations are 0.
struct BasketAssignment {
    var choice: [Int]
    var subtotal: [Int64]
    var count: [Int32]
    var used = 0
    var objective: Int64 = 0
    var vendorViolations = 0

    init(model: BasketModel) {
        choice = Array(repeating: -1, count: model.itemCount)
        subtotal = Array(repeating: 0, count: model.vendorCount)
        count = Array(repeating: 0, count: model.vendorCount)
    }

    @inline(__always)
    static func term(_ model: BasketModel, _ v: Int, _ sub: Int64, _ count: Int32) -> (Int, Int64) {
        if count == 0 { return (0, 0) }
        var obj: Int64 = 1
        if sub < model.threshold[v] { obj += model.feeObj[v] }
        return (sub < model.minOrder[v] ? 1 : 0, obj)
    }

    var violations: Int { vendorViolations + max(0, used - maxVendorsCache) }
    var maxVendorsCache = Int.max

    mutating func set(_ model: BasketModel, item: Int, pattern: Int) {
        let old = choice[item]
        if old == pattern { return }
        if old >= 0 { change(model, pattern: old, sign: -1) }
        if pattern >= 0 { change(model, pattern: pattern, sign: 1) }
        choice[item] = pattern
    }

    private mutating func change(_ model: BasketModel, pattern p: Int, sign: Int64) {
        objective += sign * model.patObj[p]
        for r in model.patStart[p]..<model.patStart[p + 1] {
            let v = Int(model.porVendor[r])
            let before = Self.term(model, v, subtotal[v], count[v])
            let wasUsed = count[v] > 0
            subtotal[v] += sign * model.porReal[r]
            count[v] += Int32(sign)
            let after = Self.term(model, v, subtotal[v], count[v])
            objective += after.1 - before.1
            vendorViolations += after.0 - before.0
            let isUsed = count[v] > 0
            if wasUsed != isUsed { used += isUsed ? 1 : -1 }
        }
    }

    /// Cost of moving `item` to `pattern` relative to now: (Δviolations, Δobjective).
    mutating func delta(_ model: BasketModel, item: Int, pattern: Int) -> (Int, Int64) {
        let old = choice[item]
        let v0 = violations
        let o0 = objective
        set(model, item: item, pattern: pattern)
        let result = (violations - v0, objective - o0)
        set(model, item: item, pattern: old)
        return result
    }

    func maxLead(_ model: BasketModel) -> Int {
        var lead = 0
        for p in choice where p >= 0 { lead = max(lead, model.patLead[p]) }
        return lead
    }
}

@inline(__always)
func basketBetter(_ a: (Int, Int64), _ b: (Int, Int64)) -> Bool {
    a.0 != b.0 ? a.0 < b.0 : a.1 < b.1
}

/// A segment of the lower convex hull of one line's cover options (from `start`, -1 = taking nothing, to `end`).
struct CoverSegment {
    var dr: Int64
    var da: Int64
    var item: Int
    var start: Int
    var end: Int
}

struct CoverEntry {
    var dr: Int64
    var da: Int64
    var cap: Int64
    var item: Int
    var first: Int
    var end: Int
}

/// Flat, pointer-based copies of each vendor's portions (ordered by item) and the Lagrangian scratch
/// buffers, so the bound's inner loops run without array uniqueness or exclusivity checks.
final class BasketScratch {
    let vendorOffset: UnsafeMutablePointer<Int>
    let portionItem: UnsafeMutablePointer<Int32>
    let portionPattern: UnsafeMutablePointer<Int32>
    let portionObj: UnsafeMutablePointer<Int64>
    /// The portion's share of its line's multiplier is `portionCredit / portionQuantity` (1 / 1 for a
    /// whole-line allocation; see `init`).
    let portionCredit: UnsafeMutablePointer<Int64>
    let portionReal: UnsafeMutablePointer<Int64>
    let portionQuantity: UnsafeMutablePointer<Int64>
    /// The same share as a Double (the subgradient, and the fast path of `earned`).
    let portionShare: UnsafeMutablePointer<Double>
    /// Reduced cost of each portion at the current multipliers (filled by `lagrangian()`).
    let portionReduced: UnsafeMutablePointer<Int64>
    let groupChosenR: UnsafeMutablePointer<Int64>
    let groupChosenA: UnsafeMutablePointer<Int64>
    let groupStart: UnsafeMutablePointer<Int>
    let groupItem: UnsafeMutablePointer<Int>
    let optionDr: UnsafeMutablePointer<Int64>
    let optionDa: UnsafeMutablePointer<Int64>
    let entries: UnsafeMutablePointer<CoverEntry>
    let segments: UnsafeMutablePointer<CoverSegment>
    let hull: UnsafeMutablePointer<Int>
    /// Credit share change of each cover option (its portion's share minus the group's chosen share).
    let optionShare: UnsafeMutablePointer<Double>
    /// The cover's solution (line, share of the line it adds) for the subgradient: the last `cover` call's in
    /// `solItem`/`solShare`, the paid mode's kept in `paidItem`/`paidShare`.
    let solItem: UnsafeMutablePointer<Int>
    let solShare: UnsafeMutablePointer<Double>
    let paidItem: UnsafeMutablePointer<Int>
    let paidShare: UnsafeMutablePointer<Double>
    let path: UnsafeMutablePointer<Int>
    let bestPath: UnsafeMutablePointer<Int>
    let groupShare: UnsafeMutablePointer<Double>
    let total: Int
    let groups: Int
    let uInt: UnsafeMutablePointer<Int64>
    let gradient: UnsafeMutablePointer<Double>
    /// Split allocations (more than one portion): split s owns `splitPortion[splitOffset[s]..<splitOffset[s + 1]]`
    /// (portion indices), for line `splitItem[s]`.
    let splitCount: Int
    let splitOffset: UnsafeMutablePointer<Int>
    let splitPortion: UnsafeMutablePointer<Int>
    let splitItem: UnsafeMutablePointer<Int>
    /// Each portion's integer adjustment of its earned share (a split allocation's adjustments sum to zero).
    let portionAdjust: UnsafeMutablePointer<Int64>
    /// How much of each portion the relaxation takes (for the split adjustments' subgradient).
    let portionTaken: UnsafeMutablePointer<Double>
    let groupChosenK: UnsafeMutablePointer<Int>
    let optionK: UnsafeMutablePointer<Int>
    let optionBaseK: UnsafeMutablePointer<Int>
    let solK: UnsafeMutablePointer<Int>
    let solBaseK: UnsafeMutablePointer<Int>
    let solFraction: UnsafeMutablePointer<Double>
    let paidK: UnsafeMutablePointer<Int>
    let paidBaseK: UnsafeMutablePointer<Int>
    let paidFraction: UnsafeMutablePointer<Double>
    /// The scratch index of each model portion.
    let scratchOf: [Int]
    /// Lower bound on how much the Lagrangian rises when the portion is forced (see `reducedCostFixing`).
    let portionIncrease: UnsafeMutablePointer<Int64>

    init(model: BasketModel) {
        var patternOf = Array(repeating: Int32(0), count: model.porVendor.count)
        var scratchIndex = Array(repeating: 0, count: model.porVendor.count)
        for p in 0..<model.patternCount {
            for r in model.patStart[p]..<model.patStart[p + 1] { patternOf[r] = Int32(p) }
        }
        let n = model.porVendor.count
        total = n
        var largest = 0
        for list in model.vendorPortions { largest = max(largest, list.count) }
        groups = largest + 1
        vendorOffset = .allocate(capacity: model.vendorCount + 1)
        portionItem = .allocate(capacity: max(n, 1))
        portionPattern = .allocate(capacity: max(n, 1))
        portionObj = .allocate(capacity: max(n, 1))
        portionCredit = .allocate(capacity: max(n, 1))
        portionReal = .allocate(capacity: max(n, 1))
        portionQuantity = .allocate(capacity: max(n, 1))
        portionReduced = .allocate(capacity: max(n, 1))
        portionShare = .allocate(capacity: max(n, 1))
        groupChosenR = .allocate(capacity: groups)
        groupChosenA = .allocate(capacity: groups)
        groupStart = .allocate(capacity: groups)
        groupItem = .allocate(capacity: groups)
        optionDr = .allocate(capacity: groups)
        optionDa = .allocate(capacity: groups)
        entries = .allocate(capacity: groups)
        segments = .allocate(capacity: groups)
        hull = .allocate(capacity: groups)
        optionShare = .allocate(capacity: groups)
        solItem = .allocate(capacity: groups)
        solShare = .allocate(capacity: groups)
        paidItem = .allocate(capacity: groups)
        paidShare = .allocate(capacity: groups)
        path = .allocate(capacity: groups)
        bestPath = .allocate(capacity: groups)
        groupShare = .allocate(capacity: groups)
        uInt = .allocate(capacity: max(model.itemCount, 1))
        uInt.initialize(repeating: 0, count: max(model.itemCount, 1))
        gradient = .allocate(capacity: max(model.itemCount, 1))
        gradient.initialize(repeating: 0, count: max(model.itemCount, 1))
        portionAdjust = .allocate(capacity: max(n, 1))
        portionAdjust.initialize(repeating: 0, count: max(n, 1))
        portionIncrease = .allocate(capacity: max(n, 1))
        portionIncrease.initialize(repeating: 0, count: max(n, 1))
        portionTaken = .allocate(capacity: max(n, 1))
        portionTaken.initialize(repeating: 0, count: max(n, 1))
        groupChosenK = .allocate(capacity: groups)
        optionK = .allocate(capacity: groups)
        optionBaseK = .allocate(capacity: groups)
        solK = .allocate(capacity: groups)
        solBaseK = .allocate(capacity: groups)
        solFraction = .allocate(capacity: groups)
        paidK = .allocate(capacity: groups)
        paidBaseK = .allocate(capacity: groups)
        paidFraction = .allocate(capacity: groups)
        var k = 0
        for v in 0..<model.vendorCount {
            vendorOffset[v] = k
            for r32 in model.vendorPortions[v] {
                let r = Int(r32)
                let p = Int(patternOf[r])
                portionItem[k] = model.patItem[p]
                portionPattern[k] = Int32(p)
                portionObj[k] = model.porObj[r]
                // The share of the line's multiplier the portion earns is credit / quantity (the "quantity"
                // field holds the denominator). A whole-line allocation earns it all. A split allocation's
                // portions share it in proportion to their cost, so together they earn exactly the whole, and
                // a portion helps the relaxation only when the whole split allocation would (a portion's
                // share of the quantity would let a cheap stock-limited portion pair with a fraction of an
                // expensive one, a much weaker bound). Shares by quantity when the allocation costs nothing.
                let single = model.patStart[p + 1] - model.patStart[p] == 1
                if single {
                    portionCredit[k] = 1
                    portionQuantity[k] = 1
                } else if model.patObj[p] > 0 {
                    portionCredit[k] = model.porObj[r]
                    portionQuantity[k] = model.patObj[p]
                } else {
                    portionCredit[k] = model.porCredit[r]
                    portionQuantity[k] = Int64(model.quantity[Int(model.patItem[p])])
                }
                portionReal[k] = model.porReal[r]
                portionShare[k] = Double(portionCredit[k]) / Double(portionQuantity[k])
                scratchIndex[r] = k
                k += 1
            }
        }
        vendorOffset[model.vendorCount] = k
        var offsets = [0]
        var portions: [Int] = []
        var items: [Int] = []
        for p in 0..<model.patternCount where model.patStart[p + 1] - model.patStart[p] > 1 {
            for r in model.patStart[p]..<model.patStart[p + 1] { portions.append(scratchIndex[r]) }
            offsets.append(portions.count)
            items.append(Int(model.patItem[p]))
        }
        scratchOf = scratchIndex
        splitCount = items.count
        splitOffset = .allocate(capacity: offsets.count)
        splitOffset.initialize(from: offsets, count: offsets.count)
        splitPortion = .allocate(capacity: max(portions.count, 1))
        splitPortion.initialize(from: portions, count: portions.count)
        splitItem = .allocate(capacity: max(items.count, 1))
        splitItem.initialize(from: items, count: items.count)
    }

    deinit {
        for pointer in [vendorOffset, groupStart, groupItem] as [UnsafeMutablePointer<Int>] { pointer.deallocate() }
        for pointer in [portionItem, portionPattern] as [UnsafeMutablePointer<Int32>] { pointer.deallocate() }
        for pointer in [
            portionObj, portionCredit, portionReal, portionQuantity, portionReduced, groupChosenR, groupChosenA, optionDr, optionDa,
        ]
            as [UnsafeMutablePointer<Int64>]
        {
            pointer.deallocate()
        }
        entries.deallocate()
        segments.deallocate()
        hull.deallocate()
        for pointer in [optionShare, solShare, paidShare, groupShare, portionShare] { pointer.deallocate() }
        for pointer in [solItem, paidItem, path, bestPath] { pointer.deallocate() }
        for pointer in [splitOffset, splitPortion, splitItem, groupChosenK, optionK, optionBaseK, solK, solBaseK, paidK, paidBaseK] {
            pointer.deallocate()
        }
        for pointer in [portionTaken, solFraction, paidFraction] { pointer.deallocate() }
        portionAdjust.deallocate()
        portionIncrease.deallocate()
        uInt.deallocate()
        gradient.deallocate()
    }
}

/// Branch and bound over vendor decisions (closed / open, shipping paid / waived) and line allocations,
/// bounded by a Lagrangian relaxation of the "every line covered" constraints that decomposes by vendor.
struct BasketSearch {
    let model: BasketModel
    let nI: Int
    let nV: Int
    let deadline: ContinuousClock.Instant
    let maxNodes: Int
    let clock = ContinuousClock()

    // Node state (changed on the way down, restored on the way up).
    enum VendorState: UInt8 { case free, open, closed }
    enum FeeState: UInt8 { case free, paid, waived }
    var vendorState: [VendorState]
    var feeState: [FeeState]
    /// Number of reasons a pattern is excluded at this node (0 = active).
    var blockedCount: [Int32]
    var activeCount: [Int32]
    /// Items required to use a vendor (count per vendor), and per item the required vendor (-1 none).
    var requiredCount: [Int32]
    var requiredVendor: [Int32]

    // Incumbent.
    var best: [Int] = []
    var bestObjective: Int64 = .max
    var bestLead: Int = .max
    var leadFloor = 0
    var nodes = 0
    var abandonedBound: Int64 = .max
    var stopped = false

    // Lagrangian scratch.
    var u: [Double]
    /// Step scale of each line's multiplier (its cheapest allocation plus three of the largest shipping fee):
    /// subgradient steps are proportional to it, so dear lines move more, cheap ones still by fee amounts.
    var lineScale: [Double]
    /// Largest multiplier of each line (see `init`).
    var lineCap: [Double]
    var mu: Double = 0
    /// Adjustments of the split allocations' portion shares (index as `scratch.splitPortion`): a split
    /// allocation's portions earn its line's multiplier by cost share plus these, which sum to zero over the
    /// allocation (see `lagrangian`). They tie the portions together: the subgradient moves share from a
    /// portion the relaxation takes to the allocation's portions it leaves.
    var delta: [Double]
    var deltaGradient: [Double]
    var uInt: UnsafeMutablePointer<Int64> { scratch.uInt }
    var gradient: UnsafeMutablePointer<Double> { scratch.gradient }
    var vendorOpenValue: [Int64]
    var vendorOpensInRelaxation: [Bool]
    var vendorCoverShort: [Bool]
    var vendorPaidValue: [Int64]
    var vendorWaivedValue: [Int64]
    let scratch: BasketScratch
    var coverItem: Int = -1
    var vendorCoverItem: [Int] = []

    var work: BasketAssignment

    init(model: BasketModel, deadline: ContinuousClock.Instant, maxNodes: Int) {
        self.model = model
        nI = model.itemCount
        nV = model.vendorCount
        self.deadline = deadline
        self.maxNodes = maxNodes
        vendorState = Array(repeating: .free, count: nV)
        feeState = Array(repeating: .free, count: nV)
        blockedCount = Array(repeating: 0, count: model.patternCount)
        activeCount = (0..<model.itemCount).map { Int32(model.itemStart[$0 + 1] - model.itemStart[$0]) }
        requiredCount = Array(repeating: 0, count: nV)
        requiredVendor = Array(repeating: -1, count: model.itemCount)
        u = Array(repeating: 0, count: model.itemCount)
        lineScale = Array(repeating: 1, count: model.itemCount)
        lineCap = Array(repeating: 1, count: model.itemCount)
        vendorOpenValue = Array(repeating: 0, count: nV)
        vendorOpensInRelaxation = Array(repeating: false, count: nV)
        vendorCoverShort = Array(repeating: false, count: nV)
        vendorPaidValue = Array(repeating: .max, count: nV)
        vendorCoverItem = Array(repeating: -1, count: nV)
        vendorWaivedValue = Array(repeating: .max, count: nV)
        scratch = BasketScratch(model: model)
        delta = Array(repeating: 0, count: scratch.splitOffset[scratch.splitCount])
        deltaGradient = delta
        work = BasketAssignment(model: model)
        work.maxVendorsCache = model.maxVendors
        vendorLimit = model.maxVendors
        for i in 0..<nI {
            var lead = Int.max
            for p in model.itemStart[i]..<model.itemStart[i + 1] { lead = min(lead, model.patLead[p]) }
            leadFloor = max(leadFloor, lead)
            var cheapest = Int64.max
            for p in model.itemStart[i]..<model.itemStart[i + 1] { cheapest = min(cheapest, model.patObj[p]) }
            u[i] = Double(cheapest)
            lineScale[i] = Double(cheapest) + 3 * Double(model.feeObj.max() ?? 0) + 1
            var dearest = Int64(0)
            for p in model.itemStart[i]..<model.itemStart[i + 1] { dearest = max(dearest, model.patObj[p]) }
            lineCap[i] = Double(dearest)
        }
        // A line's multiplier never usefully exceeds the dearest whole plan (every line's dearest allocation,
        // every fee and minimum order value). The cap keeps the bound's Int64 sums (every line's multiplier
        // at every vendor) from overflowing; any multipliers give a valid bound, so capping is always safe.
        var cap = Double(model.feeObj.reduce(0, +)) + Double(nV) * Double(model.vendorScale)
        for i in 0..<nI { cap += lineCap[i] }
        for v in 0..<nV { cap += Double(model.minOrder[v]) * Double(model.weightScale * model.vendorScale) }
        cap = min(cap, Double(Int64(1) << 61) / Double(max(nI, 1) * (nV + 1)))
        for i in 0..<nI { lineCap[i] = cap }
    }

    // MARK: - Incumbent

    mutating func offer(_ assignment: BasketAssignment) {
        guard assignment.violations == 0 else { return }
        let lead = assignment.maxLead(model)
        if assignment.objective < bestObjective || (assignment.objective == bestObjective && lead < bestLead) {
            bestObjective = assignment.objective
            bestLead = lead
            best = assignment.choice
        }
    }

    @inline(__always) func active(_ p: Int) -> Bool { blockedCount[p] == 0 }

    // MARK: - Local search

    /// Greedy: every item on its cheapest active pattern whose vendors are all in `open` (any active pattern
    /// when there is none), then local search.
    func construct(open: [Bool]) -> BasketAssignment {
        var a = BasketAssignment(model: model)
        a.maxVendorsCache = model.maxVendors
        for i in 0..<nI {
            var bestP = -1
            var bestInside = false
            for p in model.itemStart[i]..<model.itemStart[i + 1] where active(p) {
                var inside = true
                for r in model.patStart[p]..<model.patStart[p + 1] where !open[Int(model.porVendor[r])] {
                    inside = false
                    break
                }
                if bestP < 0 || (inside && !bestInside)
                    || (inside == bestInside
                        && (model.patObj[p] < model.patObj[bestP]
                            || (model.patObj[p] == model.patObj[bestP] && model.patLead[p] < model.patLead[bestP])))
                {
                    bestP = p
                    bestInside = inside
                }
            }
            a.set(model, item: i, pattern: bestP)
        }
        improve(&a)
        return a
    }

    /// Lagrangian heuristic: every line on the allocation the relaxation takes most of (the cheapest among
    /// equals; the cheapest active allocation inside the relaxation's open vendors when it takes none), then
    /// local search. Uses `portionTaken` from the last `lagrangian()` call.
    func constructFromRelaxation() -> BasketAssignment {
        var a = BasketAssignment(model: model)
        a.maxVendorsCache = model.maxVendors
        let s = scratch
        var open = vendorOpensInRelaxation
        for v in 0..<nV where vendorState[v] == .open || requiredCount[v] > 0 { open[v] = true }
        for i in 0..<nI {
            var bestP = -1
            var bestScore = -1.0
            for p in model.itemStart[i]..<model.itemStart[i + 1] where active(p) {
                var taken = 0.0
                var inside = true
                for r in model.patStart[p]..<model.patStart[p + 1] {
                    taken += min(1, max(0, s.portionTaken[s.scratchOf[r]]))
                    if !open[Int(model.porVendor[r])] { inside = false }
                }
                let parts = Double(model.patStart[p + 1] - model.patStart[p])
                // Fully taken first, then inside the open vendors, then by share taken.
                let score = (taken >= parts - 1e-9 ? 4.0 : 0) + (inside ? 2.0 : 0) + taken / parts
                if bestP < 0 || score > bestScore + 1e-12
                    || (abs(score - bestScore) <= 1e-12
                        && (model.patObj[p] < model.patObj[bestP]
                            || (model.patObj[p] == model.patObj[bestP] && model.patLead[p] < model.patLead[bestP])))
                {
                    bestP = p
                    bestScore = score
                }
            }
            a.set(model, item: i, pattern: bestP)
        }
        improve(&a)
        return a
    }

    func improve(_ a: inout BasketAssignment) {
        var rounds = 0
        while rounds < 50 {
            rounds += 1
            var changed = itemMoves(&a)
            if closeMoves(&a) { changed = true }
            if openMoves(&a) { changed = true }
            if !changed { break }
        }
    }

    /// Moves single lines to better patterns until none helps.
    func itemMoves(_ a: inout BasketAssignment) -> Bool {
        var any = false
        var pass = 0
        while pass < 20 {
            pass += 1
            var changed = false
            for i in 0..<nI {
                let current = a.choice[i]
                var bestP = current
                var bestD: (Int, Int64) = (0, 0)
                var bestLead = model.patLead[current]
                for p in model.itemStart[i]..<model.itemStart[i + 1] where p != current && active(p) {
                    let d = a.delta(model, item: i, pattern: p)
                    if basketBetter(d, bestD) || (d == bestD && model.patLead[p] < bestLead) {
                        bestD = d
                        bestP = p
                        bestLead = model.patLead[p]
                    }
                }
                if bestP != current {
                    a.set(model, item: i, pattern: bestP)
                    changed = true
                }
            }
            if !changed { break }
            any = true
        }
        return any
    }

    /// Tries emptying each used vendor (its lines to their best other pattern).
    func closeMoves(_ a: inout BasketAssignment) -> Bool {
        var any = false
        for v in 0..<nV where a.count[v] > 0 {
            let before = (a.violations, a.objective)
            var undo: [(Int, Int)] = []
            var ok = true
            for pIndex in model.vendorPatterns[v] {
                let p = Int(pIndex)
                let i = Int(model.patItem[p])
                guard a.choice[i] == p else { continue }
                var bestP = -1
                var bestD: (Int, Int64) = (Int.max, .max)
                for q in model.itemStart[i]..<model.itemStart[i + 1] where q != p && active(q) {
                    var usesV = false
                    for r in model.patStart[q]..<model.patStart[q + 1] where Int(model.porVendor[r]) == v { usesV = true }
                    if usesV { continue }
                    let d = a.delta(model, item: i, pattern: q)
                    if basketBetter(d, bestD) {
                        bestD = d
                        bestP = q
                    }
                }
                if bestP < 0 {
                    ok = false
                    break
                }
                undo.append((i, p))
                a.set(model, item: i, pattern: bestP)
            }
            if ok && basketBetter((a.violations, a.objective), before) {
                any = true
                continue
            }
            for (i, p) in undo.reversed() { a.set(model, item: i, pattern: p) }
        }
        return any
    }

    /// Tries opening each unused vendor: lines move to it where that is cheaper before shipping.
    func openMoves(_ a: inout BasketAssignment) -> Bool {
        var any = false
        for v in 0..<nV where a.count[v] == 0 && vendorState[v] != .closed {
            let before = (a.violations, a.objective)
            var undo: [(Int, Int)] = []
            for pIndex in model.vendorPatterns[v] {
                let p = Int(pIndex)
                guard active(p) else { continue }
                let i = Int(model.patItem[p])
                let current = a.choice[i]
                if model.patObj[p] < model.patObj[current] {
                    undo.append((i, current))
                    a.set(model, item: i, pattern: p)
                }
            }
            if undo.isEmpty { continue }
            _ = itemMovesLimited(&a, items: undo.map(\.0))
            if basketBetter((a.violations, a.objective), before) {
                any = true
                continue
            }
            for (i, p) in undo.reversed() { a.set(model, item: i, pattern: p) }
        }
        return any
    }

    func itemMovesLimited(_ a: inout BasketAssignment, items: [Int]) -> Bool {
        var any = false
        for i in items {
            let current = a.choice[i]
            var bestP = current
            var bestD: (Int, Int64) = (0, 0)
            for p in model.itemStart[i]..<model.itemStart[i + 1] where p != current && active(p) {
                let d = a.delta(model, item: i, pattern: p)
                if basketBetter(d, bestD) {
                    bestD = d
                    bestP = p
                }
            }
            if bestP != current {
                a.set(model, item: i, pattern: bestP)
                any = true
            }
        }
        return any
    }

    // MARK: - Lagrangian bound

    /// One evaluation of the Lagrangian function at the current multipliers (rounded down to integers).
    /// Returns nil when the node is infeasible. Fills `gradient`, `vendorOpensInRelaxation`.
    mutating func lagrangian() -> Int64? {
        let muInt = Int64(mu.rounded(.down))
        var total: Int64 = 0
        for i in 0..<nI {
            let value = max(0, Int64(u[i].rounded(.down)))
            uInt[i] = value
            total += value
            gradient[i] = 1
        }
        // Reduced cost of every portion: its cost less its share of the line's multiplier (rounded up, so the
        // relaxation's value never exceeds the exact one).
        let sc0 = scratch
        // Split adjustments as integers summing to exactly zero per allocation (the last portion takes the
        // rest), so every allocation's portions together still earn at least the line's multiplier. Each is
        // capped so that no portion's adjustment exceeds a quarter of the multiplier cap (Int64 safety).
        for sIndex in 0..<sc0.splitCount {
            let lo = sc0.splitOffset[sIndex]
            let hi = sc0.splitOffset[sIndex + 1]
            let adjustCap = lineCap[sc0.splitItem[sIndex]] / Double(4 * (hi - lo))
            var sum: Int64 = 0
            for j in lo..<(hi - 1) {
                let a = Int64(min(max(delta[j], -adjustCap), adjustCap).rounded(.down))
                sc0.portionAdjust[sc0.splitPortion[j]] = a
                sum += a
            }
            sc0.portionAdjust[sc0.splitPortion[hi - 1]] = -sum
        }
        for k in 0..<sc0.total {
            let i = Int(sc0.portionItem[k])
            let q = sc0.portionQuantity[k]
            let credit = sc0.portionCredit[k]
            sc0.portionTaken[k] = 0
            sc0.portionReduced[k] =
                sc0.portionObj[k] - Self.earned(uInt[i], credit, q, sc0.portionShare[k]) - sc0.portionAdjust[k]
        }
        var openCount = 0
        for v in 0..<nV {
            vendorOpensInRelaxation[v] = false
            vendorCoverShort[v] = false
            if vendorState[v] == .closed { continue }
            let forced = vendorState[v] == .open || requiredCount[v] > 0
            guard let value = vendorValue(v, mu: muInt) else {
                if forced { return nil }
                vendorOpenValue[v] = .max
                continue
            }
            vendorOpenValue[v] = value
            if forced || value < 0 {
                total += value
                vendorOpensInRelaxation[v] = true
                openCount += 1
                let sc = scratch
                for g in 0..<groupCount where sc.groupChosenA[g] >= 0 {
                    gradient[sc.groupItem[g]] -= sc.groupShare[g]
                    sc.portionTaken[sc.groupChosenK[g]] += 1
                }
                for j in 0..<coverCount {
                    gradient[sc.solItem[j]] -= sc.solShare[j]
                    sc.portionTaken[sc.solK[j]] += sc.solFraction[j]
                    if sc.solBaseK[j] >= 0 { sc.portionTaken[sc.solBaseK[j]] -= sc.solFraction[j] }
                }
            }
        }
        if vendorLimit < nV {
            total -= muInt * Int64(vendorLimit)
            muGradient = Double(openCount - vendorLimit)
        } else {
            muGradient = 0
        }
        return total
    }

    var muGradient: Double = 0
    /// The vendor count the relaxation's multiplier `mu` prices: `maxVendors`, or fewer while proving that no
    /// plan with fewer vendors than the incumbent ties its cost (`fewerVendorsExcluded`).
    var vendorLimit = Int.max
    /// Step scale of `mu`.
    var muScale = 1.0
    /// Covers over at most this many lines are solved exactly (others: the linear relaxation).
    var exactCoverLines = 64
    var coverCount = 0
    var groupCount = 0

    /// The vendor's best open value (fixed cost + shipping choice + reduced costs of the lines it takes), or
    /// nil when no open choice is feasible. Leaves the vendor's line groups in `scratch` (`groupCount`).
    mutating func vendorValue(_ v: Int, mu: Int64) -> Int64? {
        let s = scratch
        let lo = s.vendorOffset[v]
        let hi = s.vendorOffset[v + 1]
        var g = 0
        var r0: Int64 = 0
        var s0: Int64 = 0
        var k = lo
        while k < hi {
            let item = s.portionItem[k]
            let i = Int(item)
            let start = k
            var bestR = Int64.max
            var bestA: Int64 = 0
            var bestShare = 0.0
            var bestK = -1
            var any = false
            while k < hi && s.portionItem[k] == item {
                let p = Int(s.portionPattern[k])
                let real = s.portionReal[k]
                let reduced = s.portionReduced[k]
                let share = s.portionShare[k]
                k += 1
                if blockedCount[p] != 0 { continue }
                any = true
                if reduced < bestR || (reduced == bestR && real > bestA) {
                    bestR = reduced
                    bestA = real
                    bestShare = share
                    bestK = k - 1
                }
            }
            guard any else { continue }
            s.groupStart[g] = start
            s.groupItem[g] = i
            if bestR < 0 || requiredVendor[i] == Int32(v) {
                s.groupChosenR[g] = bestR
                s.groupChosenA[g] = bestA
                s.groupShare[g] = bestShare
                s.groupChosenK[g] = bestK
                r0 += bestR
                s0 += bestA
            } else {
                s.groupChosenR[g] = 0
                s.groupChosenA[g] = -1
                s.groupShare[g] = 0
                s.groupChosenK[g] = -1
            }
            g += 1
        }
        s.groupStart[g] = hi
        groupCount = g
        let fixed = 1 + mu
        let threshold = model.threshold[v]
        let minOrder = model.minOrder[v]
        var paid = Int64.max
        var waived = Int64.max
        var paidCover = 0
        var waivedCover = 0
        if feeState[v] != .waived {
            if minOrder > 0 && s0 < minOrder {
                if let extra = cover(v, need: minOrder - s0) {
                    paid = fixed + model.feeObj[v] + r0 + extra
                    paidCover = coverCount
                    for j in 0..<coverCount {
                        s.paidItem[j] = s.solItem[j]
                        s.paidShare[j] = s.solShare[j]
                        s.paidK[j] = s.solK[j]
                        s.paidBaseK[j] = s.solBaseK[j]
                        s.paidFraction[j] = s.solFraction[j]
                    }
                }
            } else {
                paid = fixed + model.feeObj[v] + r0
            }
        }
        if feeState[v] != .paid && threshold != .max {
            let need = max(threshold, minOrder)
            if s0 >= need {
                waived = fixed + r0
            } else if let extra = cover(v, need: need - s0) {
                waived = fixed + r0 + extra
                waivedCover = coverCount
                if waived < paid {
                    vendorCoverShort[v] = true
                    vendorCoverItem[v] = coverItem
                }
            }
        }
        vendorPaidValue[v] = paid
        vendorWaivedValue[v] = waived
        // The winning mode's cover lines, for the subgradient.
        if paid <= waived {
            coverCount = paidCover
            for j in 0..<paidCover {
                s.solItem[j] = s.paidItem[j]
                s.solShare[j] = s.paidShare[j]
                s.solK[j] = s.paidK[j]
                s.solBaseK[j] = s.paidBaseK[j]
                s.solFraction[j] = s.paidFraction[j]
            }
        } else {
            coverCount = waivedCover
        }
        let bestValue = min(paid, waived)
        return bestValue == .max ? nil : bestValue
    }

    /// Lower bound on the extra reduced cost needed to add `need` to the vendor's subtotal (fractional
    /// knapsack over the lines' options, each at its best cost-per-subtotal ratio). Nil if unreachable.
    mutating func cover(_ v: Int, need: Int64) -> Int64? {
        let s = scratch
        var entries = 0
        var options = 0
        var capacity: Int64 = 0
        for g in 0..<groupCount {
            let i = s.groupItem[g]
            let baseR = s.groupChosenA[g] >= 0 ? s.groupChosenR[g] : 0
            let baseA = max(s.groupChosenA[g], 0)
            var bestDr: Int64 = 0
            var bestDa: Int64 = 0
            let baseK = s.groupChosenA[g] >= 0 ? s.groupChosenK[g] : -1
            var cap: Int64 = 0
            let first = options
            let baseShare = s.groupChosenA[g] >= 0 ? s.groupShare[g] : 0
            for k in s.groupStart[g]..<s.groupStart[g + 1] {
                if blockedCount[Int(s.portionPattern[k])] != 0 { continue }
                // Capped at the need: no option adds more than is missing (a stronger linear relaxation).
                let da = min(s.portionReal[k] - baseA, need)
                if da <= 0 { continue }
                let dr = max(0, s.portionReduced[k] - baseR)
                cap = max(cap, da)
                let share = s.portionShare[k] - baseShare
                s.optionDr[options] = dr
                s.optionDa[options] = da
                s.optionShare[options] = share
                s.optionK[options] = k
                s.optionBaseK[options] = baseK
                options += 1
                // dr/da < bestDr/bestDa
                if bestDa == 0 || Int128(dr) * Int128(bestDa) < Int128(bestDr) * Int128(da) {
                    bestDr = dr
                    bestDa = da
                }
            }
            if cap > 0 {
                s.entries[entries] = CoverEntry(dr: bestDr, da: bestDa, cap: cap, item: i, first: first, end: options)
                entries += 1
                capacity += cap
            }
        }
        if capacity < need { return nil }
        // The linear relaxation (each line at most one option, fractionally): every line's options reduce to the
        // lower convex hull of (added subtotal, extra cost) from "nothing"; its segments, cheapest ratio first.
        var segmentCount = 0
        for j in 0..<entries {
            let entry = s.entries[j]
            var h = 0
            var lastDa: Int64 = 0
            var lastDr: Int64 = 0
            // Options by added subtotal (insertion sort: a line has few options).
            for a in (entry.first + 1)..<max(entry.end, entry.first + 1) {
                let da = s.optionDa[a]
                let dr = s.optionDr[a]
                let share = s.optionShare[a]
                let k = s.optionK[a]
                let baseK = s.optionBaseK[a]
                var b = a - 1
                while b >= entry.first && (s.optionDa[b] > da || (s.optionDa[b] == da && s.optionDr[b] > dr)) {
                    s.optionDa[b + 1] = s.optionDa[b]
                    s.optionDr[b + 1] = s.optionDr[b]
                    s.optionShare[b + 1] = s.optionShare[b]
                    s.optionK[b + 1] = s.optionK[b]
                    s.optionBaseK[b + 1] = s.optionBaseK[b]
                    b -= 1
                }
                s.optionDa[b + 1] = da
                s.optionDr[b + 1] = dr
                s.optionShare[b + 1] = share
                s.optionK[b + 1] = k
                s.optionBaseK[b + 1] = baseK
            }
            for o in entry.first..<entry.end {
                let da = s.optionDa[o]
                let dr = s.optionDr[o]
                if h > 0 && s.optionDa[s.hull[h - 1]] == da { continue }
                while h > 0 {
                    let bDa = s.optionDa[s.hull[h - 1]]
                    let bDr = s.optionDr[s.hull[h - 1]]
                    let aDa = h > 1 ? s.optionDa[s.hull[h - 2]] : 0
                    let aDr = h > 1 ? s.optionDr[s.hull[h - 2]] : 0
                    // Pop B when it lies on or above the line from A to this option.
                    let cross = Int128(bDa - aDa) * Int128(dr - aDr) - Int128(bDr - aDr) * Int128(da - aDa)
                    if cross > 0 { break }
                    h -= 1
                }
                s.hull[h] = o
                h += 1
            }
            for t in 0..<h {
                let o = s.hull[t]
                let start = t > 0 ? s.hull[t - 1] : -1
                lastDa = start >= 0 ? s.optionDa[start] : 0
                lastDr = start >= 0 ? s.optionDr[start] : 0
                s.segments[segmentCount] = CoverSegment(
                    dr: s.optionDr[o] - lastDr, da: s.optionDa[o] - lastDa, item: entry.item, start: start, end: o)
                segmentCount += 1
            }
        }
        var segmentBuffer = UnsafeMutableBufferPointer(start: s.segments, count: segmentCount)
        segmentBuffer.sort { (a: CoverSegment, b: CoverSegment) -> Bool in
            Int128(a.dr) * Int128(b.da) < Int128(b.dr) * Int128(a.da)
        }
        var remaining = need
        var extra: Int64 = 0
        coverItem = -1
        coverCount = 0
        for segment in segmentBuffer {
            let take = min(segment.da, remaining)
            let fraction = Double(take) / Double(segment.da)
            coverItem = segment.item
            s.solItem[coverCount] = segment.item
            let startShare = segment.start >= 0 ? s.optionShare[segment.start] : 0
            s.solShare[coverCount] = fraction * (s.optionShare[segment.end] - startShare)
            s.solK[coverCount] = s.optionK[segment.end]
            s.solBaseK[coverCount] = segment.start >= 0 ? s.optionK[segment.start] : s.optionBaseK[segment.end]
            s.solFraction[coverCount] = fraction
            coverCount += 1
            extra += Int64(Int128(segment.dr) * Int128(take) / Int128(segment.da))
            remaining -= take
            if remaining == 0 { break }
        }
        if remaining > 0 { return nil }
        if extra > 0 && entries <= exactCoverLines {
            // The exact search takes the lines in ratio order (its fractional bound relies on it).
            var buffer = UnsafeMutableBufferPointer(start: s.entries, count: entries)
            buffer.sort { (a: CoverEntry, b: CoverEntry) -> Bool in
                Int128(a.dr) * Int128(b.da) < Int128(b.dr) * Int128(a.da)
            }
            let (value, count) = Self.exactCover(s, entries: entries, need: need, lp: extra)
            if count >= 0 {
                coverCount = 0
                for j in 0..<count {
                    let o = s.bestPath[j]
                    if o < 0 { continue }
                    s.solItem[coverCount] = s.entries[j].item
                    s.solShare[coverCount] = s.optionShare[o]
                    s.solK[coverCount] = s.optionK[o]
                    s.solBaseK[coverCount] = s.optionBaseK[o]
                    s.solFraction[coverCount] = 1
                    coverCount += 1
                }
            }
            return value
        }
        return extra
    }

    /// The exact least extra reduced cost to add `need` to the subtotal (depth-first over the candidate
    /// lines in ratio order, bounded by the fractional fill); the fractional value `lp` if the search is
    /// too large.
    /// Also returns how many entries the best solution's `bestPath` covers (-1 when the fractional value is
    /// returned); `bestPath[j]` is the option taken for entry j, -1 for none.
    static func exactCover(_ s: BasketScratch, entries n: Int, need: Int64, lp: Int64) -> (Int64, Int) {
        var bestDepth = -1
        var best = Int64.max
        var budget = 4_000
        let entries = s.entries
        func fractional(_ k: Int, _ need: Int64) -> Int64? {
            var remaining = need
            var extra: Int64 = 0
            var j = k
            while j < n && remaining > 0 {
                let entry = entries[j]
                let take = min(entry.cap, remaining)
                extra += Int64(Int128(entry.dr) * Int128(take) / Int128(entry.da))
                remaining -= take
                j += 1
            }
            return remaining > 0 ? nil : extra
        }
        func walk(_ k: Int, _ need: Int64, _ cost: Int64) {
            if need <= 0 {
                if cost < best {
                    best = cost
                    bestDepth = k
                    for j in 0..<k { s.bestPath[j] = s.path[j] }
                }
                return
            }
            budget -= 1
            if k == n || budget < 0 { return }
            guard let rest = fractional(k, need), cost + rest < best else { return }
            let entry = entries[k]
            for o in entry.first..<entry.end {
                s.path[k] = o
                walk(k + 1, need - s.optionDa[o], cost + s.optionDr[o])
            }
            s.path[k] = -1
            walk(k + 1, need, cost)
        }
        walk(0, need, 0)
        if budget < 0 || best == .max { return (lp, -1) }
        return (max(best, lp), bestDepth)
    }

    /// Subgradient ascent from the current multipliers. Returns the best bound found (nil = infeasible).
    mutating func bound(iterations: Int, target: Int64?) -> Int64? {
        var bestBound = Int64.min
        var bestU = u
        var bestMu = mu
        var bestDelta = delta
        let sc = scratch
        var step = 1.0
        var sinceImprovement = 0
        for iteration in 0..<iterations {
            if iteration & 7 == 7 && clock.now >= deadline {
                stopped = true
                break
            }
            guard let value = lagrangian() else { return nil }
            if value > bestBound {
                bestBound = value
                bestU = u
                bestMu = mu
                bestDelta = delta
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
                if sinceImprovement >= 10 {
                    step *= 0.5
                    sinceImprovement = 0
                }
            }
            if let target, bestBound >= target { break }
            var norm = muScale * muGradient * muGradient
            for i in 0..<nI { norm += lineScale[i] * gradient[i] * gradient[i] }
            // Split adjustments: the subgradient of a portion's adjustment is minus what the relaxation takes of
            // it, projected onto "sum zero over the allocation".
            for sIndex in 0..<sc.splitCount {
                let lo = sc.splitOffset[sIndex]
                let hi = sc.splitOffset[sIndex + 1]
                var mean = 0.0
                for j in lo..<hi { mean += sc.portionTaken[sc.splitPortion[j]] }
                mean /= Double(hi - lo)
                let scale = lineScale[sc.splitItem[sIndex]]
                for j in lo..<hi {
                    let g = mean - sc.portionTaken[sc.splitPortion[j]]
                    deltaGradient[j] = g
                    norm += scale * g * g
                }
            }
            if norm == 0 { break }
            let goal = target.map { Double($0) } ?? Double(bestBound) * 1.01 + 1
            let gap = max(goal - Double(bestBound), Double(abs(bestBound)) * 1e-5 + 1)
            let t = step * gap / norm
            for i in 0..<nI { u[i] = min(max(0, u[i] + t * lineScale[i] * gradient[i]), lineCap[i]) }
            mu = max(0, mu + t * muScale * muGradient)
            for sIndex in 0..<sc.splitCount {
                let scale = t * lineScale[sc.splitItem[sIndex]]
                for j in sc.splitOffset[sIndex]..<sc.splitOffset[sIndex + 1] where deltaGradient[j] != 0 {
                    delta[j] += scale * deltaGradient[j]
                }
            }
            if step < 1e-6 { break }
        }
        u = bestU
        mu = bestMu
        delta = bestDelta
        // Leave the relaxation's solution (and vendor values) at the best multipliers.
        guard bestBound != .min, let value = lagrangian() else { return bestBound == .min ? .min : nil }
        return value
    }

    /// What a portion earns of its line's multiplier `u`: at least u × credit / quantity (rounding up keeps
    /// the relaxation below the exact value). Doubles are exact enough below 2^50 with a margin of 2.
    @inline(__always)
    static func earned(_ u: Int64, _ credit: Int64, _ quantity: Int64, _ share: Double) -> Int64 {
        if credit == quantity { return u }
        if u < 1 << 50 { return Int64((Double(u) * share).rounded(.up)) + 2 }
        return Int64((Int128(u) * Int128(credit) + Int128(quantity) - 1) / Int128(quantity))
    }

    /// Reduced-cost fixing of line allocations, at the multipliers of the last `lagrangian()` call (whose value
    /// is `value`). Every plan x of the node costs at least value + Σ_v (W_v(x) − L_v) + the line slack, where
    /// W_v(x) is vendor v's reduced cost under x and L_v its term in the Lagrangian (every term ≥ 0). A plan
    /// using allocation p has W_v(x) ≥ V_v(p's portion forced) at each of p's vendors, and that is at least
    /// both V_v (a restriction) and the fee choice plus the chosen portions with p's portion replacing the
    /// line's (dropping the knapsack for the threshold or minimum order, which is ≥ 0). Allocations whose
    /// plans would all be prunable are excluded.
    mutating func reducedCostFixing(value: Int64) -> [Change] {
        guard bestObjective != .max, value != .min else { return [] }
        let s = scratch
        let muInt = Int64(mu.rounded(.down))
        let impossible = Int64(1) << 62
        for v in 0..<nV where vendorState[v] != .closed {
            let lo = s.vendorOffset[v]
            let hi = s.vendorOffset[v + 1]
            let forced = vendorState[v] == .open || requiredCount[v] > 0
            let open = vendorOpenValue[v]
            guard open != .max, vendorValue(v, mu: muInt) != nil else {
                for k in lo..<hi { s.portionIncrease[k] = impossible }
                continue
            }
            let inRelaxation = forced || open < 0
            let base = inRelaxation ? open : 0
            var fee = Int64.max
            if feeState[v] != .waived { fee = model.feeObj[v] }
            if feeState[v] != .paid && model.threshold[v] != .max { fee = 0 }
            var r0: Int64 = 0
            for g in 0..<groupCount where s.groupChosenA[g] >= 0 { r0 += s.groupChosenR[g] }
            for k in lo..<hi { s.portionIncrease[k] = open - base }
            guard fee != .max else { continue }
            let fixedPart = 1 + muInt + fee + r0
            for g in 0..<groupCount {
                let chosen = s.groupChosenA[g] >= 0 ? s.groupChosenR[g] : 0
                for k in s.groupStart[g]..<s.groupStart[g + 1] {
                    let forcedValue = max(open, fixedPart - chosen + s.portionReduced[k])
                    s.portionIncrease[k] = forcedValue - base
                }
            }
        }
        var changes: [Change] = []
        for i in 0..<nI where activeCount[i] > 1 {
            let u = uInt[i]
            for p in model.itemStart[i]..<model.itemStart[i + 1] where active(p) {
                var increase = -u
                for r in model.patStart[p]..<model.patStart[p + 1] {
                    let k = s.scratchOf[r]
                    let add = s.portionIncrease[k]
                    if add >= impossible {
                        increase = impossible
                        break
                    }
                    // The line slack: what the portions earn beyond the line's multiplier (≥ 0 in total).
                    increase += add + (s.portionObj[k] - s.portionReduced[k])
                }
                if increase >= impossible || prunable(value + max(0, increase)) { changes.append(.exclude(p)) }
            }
        }
        return changes
    }

    // MARK: - Branching

    enum Change {
        case vendor(Int, VendorState)
        case fee(Int, FeeState)
        case require(Int, Int)
        case forbid(Int, Int)
        /// Only pattern p for line i.
        case fix(Int, Int)
        /// Not pattern p.
        case exclude(Int)
        /// No allocation delivering in this many days or later.
        case late(Int)
    }

    mutating func adjustPatterns(_ patterns: some Sequence<Int>, by delta: Int32) -> Bool {
        var feasible = true
        for p in patterns {
            let wasActive = blockedCount[p] == 0
            blockedCount[p] += delta
            let isActive = blockedCount[p] == 0
            if wasActive != isActive {
                let i = Int(model.patItem[p])
                activeCount[i] += isActive ? 1 : -1
                if activeCount[i] == 0 { feasible = false }
            }
        }
        return feasible
    }

    func patterns(of i: Int, containing v: Int, _ contains: Bool) -> [Int] {
        (model.itemStart[i]..<model.itemStart[i + 1]).filter { p in
            var has = false
            for r in model.patStart[p]..<model.patStart[p + 1] where Int(model.porVendor[r]) == v { has = true }
            return has == contains
        }
    }

    /// Applies a branching decision; returns false when it leaves some line without an allocation.
    mutating func apply(_ change: Change, sign: Int32) -> Bool {
        switch change {
        case .vendor(let v, let state):
            vendorState[v] = sign > 0 ? state : .free
            if state == .closed { return adjustPatterns(model.vendorPatterns[v].lazy.map { Int($0) }, by: sign) }
            return true
        case .fee(let v, let state):
            feeState[v] = sign > 0 ? state : .free
            return true
        case .require(let i, let v):
            requiredVendor[i] = sign > 0 ? Int32(v) : -1
            requiredCount[v] += sign
            return adjustPatterns(patterns(of: i, containing: v, false), by: sign)
        case .forbid(let i, let v):
            return adjustPatterns(patterns(of: i, containing: v, true), by: sign)
        case .fix(let i, let p):
            return adjustPatterns((model.itemStart[i]..<model.itemStart[i + 1]).lazy.filter { $0 != p }, by: sign)
        case .exclude(let p):
            return adjustPatterns(CollectionOfOne(p), by: sign)
        case .late(let days):
            let leads = model.patLead
            return adjustPatterns((0..<leads.count).lazy.filter { leads[$0] >= days }, by: sign)
        }
    }

    mutating func shouldStop() -> Bool {
        if stopped { return true }
        if gapTolerance > 0 && rootBound != .min && bestObjective != .max
            && Double(bestObjective - rootBound) <= gapTolerance * Double(bestObjective)
        {
            // Close enough: the root bound stays the proven bound.
            stopped = true
            abandonedBound = min(abandonedBound, rootBound)
            return true
        }
        if nodes >= maxNodes || (nodes & 7 == 0 && clock.now >= deadline) { stopped = true }
        return stopped
    }

    /// Every plan's objective is `grid × m + vendors` with 1 ≤ vendors ≤ nV: the smallest such value ≥ `bound`.
    func rounded(_ bound: Int64) -> Int64 {
        guard grid > Int64(nV) + 1, bound > 0 else { return bound }
        let m = bound / grid
        let rest = bound - m * grid
        if rest <= 1 { return m * grid + 1 }
        if rest <= Int64(nV) { return bound }
        return (m + 1) * grid + 1
    }

    var grid: Int64 = 1
    var nodeLeadFloor = 0

    /// The latest delivery any plan in the node must have (every line uses one of its active patterns).
    func computeLeadFloor() -> Int {
        var floor = leadFloor
        for i in 0..<nI {
            var lead = Int.max
            for p in model.itemStart[i]..<model.itemStart[i + 1] where blockedCount[p] == 0 { lead = min(lead, model.patLead[p]) }
            if lead != .max { floor = max(floor, lead) }
        }
        return floor
    }

    func prunable(_ raw: Int64) -> Bool {
        let bound = raw == .min || raw == .max ? raw : rounded(raw)
        return bound > bestObjective || (bound == bestObjective && bestLead <= nodeLeadFloor)
    }

    /// Vendor-count-aware pruning. `value` is the Lagrangian value at the current multipliers (vendor values
    /// current); `open` / `closed` add one more vendor decision. Every plan x of the node costs at least
    /// value + Σ(−V) over the relaxation's open vendors x leaves closed + Σ V over the other vendors x opens
    /// (the vendor subproblems are independent), and its objective is `grid × m + vendors(x)`. So for each
    /// vendor count j the cheapest way to use j vendors gives a bound that can be rounded to that count's
    /// grid — which proves the fewer-vendors tie-break that the plain bound (fractional vendor openings, far
    /// below the resolution of the multipliers) almost never reaches.
    /// With `ignoringDelivery`, a plan as good as the incumbent counts as dominated whatever its delivery.
    func dominated(value: Int64, open extraOpen: Int = -1, closed extraClosed: Int = -1, ignoringDelivery: Bool = false) -> Bool {
        if bestObjective == .max || value == .min { return false }
        if value == .max { return true }
        var base = value
        var forced = 0
        var negative: [Int64] = []
        var positive: [Int64] = []
        for v in 0..<nV where vendorState[v] != .closed {
            let value = vendorOpenValue[v]
            let isForced = vendorState[v] == .open || requiredCount[v] > 0
            if v == extraClosed {
                if isForced || value == .max { if isForced { return true } else { continue } }
                if vendorOpensInRelaxation[v] { base += -value }
                continue
            }
            if isForced {
                forced += 1
                continue
            }
            if value == .max {
                if v == extraOpen { return true }
                continue
            }
            if v == extraOpen {
                forced += 1
                if !vendorOpensInRelaxation[v] { base += value }
                continue
            }
            if vendorOpensInRelaxation[v] { negative.append(-value) } else { positive.append(value) }
        }
        negative.sort()
        positive.sort()
        var negativeSum = [Int64(0)]
        for x in negative { negativeSum.append(negativeSum.last! + x) }
        var positiveSum = [Int64(0)]
        for x in positive { positiveSum.append(positiveSum.last! + x) }
        let limit = min(nV, model.maxVendors)
        let m = negative.count
        var j = max(forced, 1)
        while j <= limit {
            let free = j - forced
            let low = max(0, free - positive.count)
            let high = min(m, free)
            if low <= high {
                var cheapest = Int64.max
                for t in low...high { cheapest = min(cheapest, negativeSum[m - t] + positiveSum[free - t]) }
                let bound = base + cheapest
                // The smallest objective ≥ bound with j vendors.
                let target = bound - Int64(j)
                let steps = target <= 0 ? 0 : (target + grid - 1) / grid
                let objective = steps * grid + Int64(j)
                if objective < bestObjective || (objective == bestObjective && !ignoringDelivery && bestLead > nodeLeadFloor) {
                    return false
                }
            }
            j += 1
        }
        return true
    }

    mutating func run() {
        var g: Int64 = 0
        func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? abs(a) : gcd(b, a % b) }
        for value in model.porObj { g = gcd(g, value) }
        for value in model.feeObj { g = gcd(g, value) }
        grid = max(g, 1)
        // Warm start: greedy over all vendors, then local search.
        let start = construct(open: Array(repeating: true, count: nV))
        offer(start)
        search(parentBound: .min, depth: 0)
    }

    var rootBound: Int64 = .min

    /// The bound worth reaching: the incumbent, or (with a gap tolerance) a little inside the tolerance.
    var boundTarget: Int64? {
        if bestObjective == .max { return nil }
        if gapTolerance > 0 { return bestObjective - Int64(0.8 * gapTolerance * Double(bestObjective)) }
        return bestObjective
    }
    /// Relative gap at which the search stops (0 = prove optimality).
    var gapTolerance = 0.0
    mutating func search(parentBound: Int64, depth: Int) {
        if shouldStop() {
            abandonedBound = min(abandonedBound, parentBound)
            return
        }
        nodes += 1
        nodeLeadFloor = computeLeadFloor()
        let savedU = u
        let savedMu = mu
        let savedDelta = delta
        defer {
            u = savedU
            mu = savedMu
            delta = savedDelta
        }
        let iterations = depth == 0 ? 300 : 8
        guard let relaxed = bound(iterations: iterations, target: boundTarget) else { return }
        var nodeBound = max(relaxed == .min ? relaxed : rounded(relaxed), parentBound)
        if depth == 0 { rootBound = nodeBound }
        if prunable(nodeBound) || dominated(value: relaxed) { return }
        // Within the gap tolerance (or out of time) already: no probing or search below the root.
        if depth == 0 && shouldStop() {
            abandonedBound = min(abandonedBound, nodeBound)
            return
        }

        // Lagrangian probing: decisions whose other side cannot beat the incumbent are fixed.
        var fixed: [Change] = []
        defer { for change in fixed.reversed() { _ = apply(change, sign: -1) } }
        var value = relaxed
        var rounds = 0
        while relaxed != .min && rounds < 4 {
            rounds += 1
            let start = fixed.count
            for v in 0..<nV where vendorState[v] == .free && requiredCount[v] == 0 {
                let open = vendorOpenValue[v]
                if open == .max {
                    fixed.append(.vendor(v, .closed))
                } else if open >= 0 {
                    if prunable(value + open) || dominated(value: value, open: v) {
                        fixed.append(.vendor(v, .closed))
                    }
                } else if prunable(value - open) || dominated(value: value, closed: v) {
                    fixed.append(.vendor(v, .open))
                }
            }
            for v in 0..<nV where feeState[v] == .free && model.threshold[v] != .max && vendorState[v] != .closed {
                guard vendorState[v] == .open || requiredCount[v] > 0 else { continue }
                let open = min(vendorPaidValue[v], vendorWaivedValue[v])
                if vendorPaidValue[v] == .max || prunable(value - open + vendorPaidValue[v]) {
                    fixed.append(.fee(v, .waived))
                } else if vendorWaivedValue[v] == .max || prunable(value - open + vendorWaivedValue[v]) {
                    fixed.append(.fee(v, .paid))
                }
            }
            if fixed.count == start { fixed += reducedCostFixing(value: value) }
            if fixed.count == start { break }
            for k in start..<fixed.count where !apply(fixed[k], sign: 1) {
                // Some line lost every allocation: the node is infeasible. Undo is done by the defer (apply
                // counts are symmetric), so drop the changes not yet applied.
                fixed.removeSubrange((k + 1)...)
                return
            }
            nodeLeadFloor = computeLeadFloor()
            guard let again = bound(iterations: 15, target: boundTarget) else { return }
            value = again
            nodeBound = max(nodeBound, again == .min ? again : rounded(again))
            if prunable(nodeBound) || dominated(value: again) { return }
        }
        if depth == 0 { rootBound = nodeBound }

        // Nothing here is cheaper than the incumbent, so only an equally good plan delivering earlier could
        // beat it: drop the allocations that deliver no earlier (the incumbent's own among them), which lets
        // the bound rise above the incumbent. Not reflected in the reported bound (`rootBound` is set above).
        var tied = false
        if !leadCut && bestObjective != .max && relaxed != .min {
            tied = rounded(value) >= bestObjective || dominated(value: value, ignoringDelivery: true)
            if !tied && fewerVendorsExcluded(value: value) {
                // Only a plan with the incumbent's cost and vendor count could still win, by delivering earlier.
                if bestLead <= nodeLeadFloor { return }
                tied = true
            }
        }
        if tied && bestLead > nodeLeadFloor {
            let change = Change.late(bestLead)
            fixed.append(change)
            leadCut = true
            defer { leadCut = false }
            if !apply(change, sign: 1) { return }
            nodeLeadFloor = computeLeadFloor()
            guard let again = bound(iterations: 15, target: boundTarget) else { return }
            value = again
            nodeBound = max(nodeBound, again == .min ? again : rounded(again))
            if prunable(nodeBound) || dominated(value: again) { return }
            searchChildren(nodeBound: nodeBound, parentBound: parentBound, depth: depth)
            return
        }
        searchChildren(nodeBound: nodeBound, parentBound: parentBound, depth: depth)
    }

    /// At a node whose bound already reaches the incumbent's cost (only ties remain): whether no plan with fewer
    /// vendors than the incumbent can cost as little. The multiplier search is rerun with the vendor count limited
    /// to one less than the incumbent's (`mu` prices the limit); every such plan costs at least that bound, and
    /// its objective (cost grid + vendors) cannot equal the incumbent's, so a bound ≥ the incumbent excludes them.
    /// Multipliers and the relaxation's solution are restored afterwards.
    mutating func fewerVendorsExcluded(value: Int64) -> Bool {
        guard bestObjective != .max, grid > Int64(nV) + 1, value != .min else { return false }
        let level = bestObjective / grid
        let vendors = Int(bestObjective - level * grid)
        // The cost level must be proven: every plan here costs at least the incumbent's grid step.
        guard rounded(value) > level * grid, vendors >= 1 else { return false }
        if vendors == 1 { return true }
        let savedU = u
        let savedMu = mu
        let savedDelta = delta
        vendorLimit = min(model.maxVendors, vendors - 1)
        muScale = 3 * Double(model.feeObj.max() ?? 0) + Double(model.vendorScale)
        mu = 0
        let limited = bound(iterations: 30, target: bestObjective)
        vendorLimit = model.maxVendors
        muScale = 1
        u = savedU
        mu = savedMu
        delta = savedDelta
        _ = lagrangian()
        guard let limited else { return true }
        return limited != .min && limited >= bestObjective
    }

    /// True below a node whose allocations were cut to those delivering earlier than the incumbent.
    var leadCut = false

    mutating func searchChildren(nodeBound startBound: Int64, parentBound: Int64, depth: Int) {
        var nodeBound = startBound
        // Heuristic inside the node: a plan built from the relaxation.
        let local = constructFromRelaxation()
        offer(local)
        if prunable(nodeBound) { return }

        // Fully fixed node: the single assignment has been evaluated.
        var allFixed = true
        for i in 0..<nI where activeCount[i] > 1 {
            allFixed = false
            break
        }
        if allFixed { return }
        nodeBound = max(nodeBound, parentBound)

        let children = branching(local: local)
        let floorHere = nodeLeadFloor
        for change in children {
            if apply(change, sign: 1) { search(parentBound: nodeBound, depth: depth + 1) }
            _ = apply(change, sign: -1)
            nodeLeadFloor = floorHere
            if prunable(nodeBound) { break }
        }
    }

    /// The children to explore, most promising first.
    func branching(local: BasketAssignment) -> [Change] {
        // 1. A vendor the relaxation opens or the heuristic uses, still undecided.
        var pick = -1
        var pickScore = Int64.min
        for v in 0..<nV where vendorState[v] == .free && requiredCount[v] == 0 {
            let inRelax = vendorOpensInRelaxation[v]
            let inLocal = local.count[v] > 0
            if inRelax == inLocal { continue }
            // Prefer disagreement between relaxation and heuristic, then the largest relaxation value.
            var score = vendorOpenValue[v] == .max ? 0 : -vendorOpenValue[v]
            if inRelax != inLocal { score = score / 2 + (Int64(1) << 58) }
            if score > pickScore {
                pickScore = score
                pick = v
            }
        }
        if pick >= 0 {
            let openFirst = local.count[pick] > 0
            return openFirst
                ? [.vendor(pick, .open), .vendor(pick, .closed)] : [.vendor(pick, .closed), .vendor(pick, .open)]
        }
        // 2. Shipping state of an open vendor with a threshold.
        for v in 0..<nV where feeState[v] == .free && model.threshold[v] != .max && vendorState[v] != .closed {
            let isOpen = vendorState[v] == .open || requiredCount[v] > 0 || vendorOpensInRelaxation[v]
            if !isOpen { continue }
            let paysLocally = local.count[v] > 0 && local.subtotal[v] < model.threshold[v]
            if vendorCoverShort[v] || paysLocally {
                return paysLocally ? [.fee(v, .paid), .fee(v, .waived)] : [.fee(v, .waived), .fee(v, .paid)]
            }
        }
        // 3. A line that fills a free-shipping threshold only fractionally in the relaxation.
        for v in 0..<nV where vendorCoverShort[v] && vendorOpensInRelaxation[v] {
            let i = vendorCoverItem[v]
            guard i >= 0, requiredVendor[i] < 0 else { continue }
            var with = 0
            var without = 0
            for p in model.itemStart[i]..<model.itemStart[i + 1] where active(p) {
                var has = false
                for r in model.patStart[p]..<model.patStart[p + 1] where Int(model.porVendor[r]) == v { has = true }
                if has { with += 1 } else { without += 1 }
            }
            if with > 0 && without > 0 { return [.require(i, v), .forbid(i, v)] }
        }
        // 4. A line the relaxation does not cover exactly once.
        var item = -1
        var itemScore = -1.0
        for i in 0..<nI where activeCount[i] > 1 && gradient[i] != 0 {
            let score = abs(gradient[i]) * max(u[i], 1)
            if score > itemScore {
                itemScore = score
                item = i
            }
        }
        if item < 0 {
            for i in 0..<nI where activeCount[i] > 1 {
                item = i
                break
            }
        }
        guard item >= 0 else { return [] }
        // A vendor that splits the line's active patterns, preferring the heuristic's choice.
        var candidates: [Int] = []
        let chosen = local.choice[item]
        if chosen >= 0 { for r in model.patStart[chosen]..<model.patStart[chosen + 1] { candidates.append(Int(model.porVendor[r])) } }
        for p in model.itemStart[item]..<model.itemStart[item + 1] where active(p) {
            for r in model.patStart[p]..<model.patStart[p + 1] { candidates.append(Int(model.porVendor[r])) }
        }
        for v in candidates {
            var with = 0
            var without = 0
            for p in model.itemStart[item]..<model.itemStart[item + 1] where active(p) {
                var has = false
                for r in model.patStart[p]..<model.patStart[p + 1] where Int(model.porVendor[r]) == v { has = true }
                if has { with += 1 } else { without += 1 }
            }
            if with > 0 && without > 0 {
                var usedByChoice = false
                if chosen >= 0 {
                    for r in model.patStart[chosen]..<model.patStart[chosen + 1] where Int(model.porVendor[r]) == v { usedByChoice = true }
                }
                return usedByChoice ? [.require(item, v), .forbid(item, v)] : [.forbid(item, v), .require(item, v)]
            }
        }
        // Same vendors, different quantities: branch on the pattern itself.
        var pattern = chosen
        if pattern < 0 || !active(pattern) {
            pattern = (model.itemStart[item]..<model.itemStart[item + 1]).first(where: { active($0) }) ?? -1
        }
        guard pattern >= 0 else { return [] }
        return [.fix(item, pattern), .exclude(pattern)]
    }
}
