/// Chooses where to buy each line of a basket at the least landed cost (see `BasketProblem` for the exact
/// semantics).
///
/// Method: every line's possible allocations are enumerated (single offers, and splits that exhaust
/// short stock). A greedy plan improved by local search (move a line, empty a vendor, open a vendor) is
/// the warm start. Branch and bound then decides vendors (closed / used), their shipping (paid / waived)
/// and, last, line allocations; each node is bounded by a Lagrangian relaxation of the "every line
/// covered" constraints (one multiplier per line; a split allocation's portions share it in proportion to
/// their cost plus adjustments that sum to zero over the allocation, which tie its portions together), which
/// splits into one small problem per vendor: take the lines with negative reduced cost, pay the fee or reach
/// the free-shipping threshold (the cheapest way to add the missing subtotal: an exact knapsack over the lines,
/// or its linear relaxation — each line's options reduced to their lower convex hull, capped at the need),
/// respect the minimum order value, and open only if that beats staying closed; `maxVendors` gets its own
/// multiplier. Multipliers follow subgradient steps (the lines a vendor takes to reach its threshold count as
/// covered; steps scaled per line; Polyak steps from the best value). Each node also builds a plan from the
/// relaxation (every line on the allocation it takes, then local search). Vendors are fixed open or closed when
/// the other side cannot beat the incumbent, counting for each possible number of vendors the cheapest way to
/// use that many; allocations are excluded when forcing them raises the bound past the incumbent (reduced-cost
/// fixing). Once a node's bound reaches the incumbent's cost, the multipliers are rerun with the vendor count
/// limited to one less than the incumbent's (proving the fewer-vendors tie-break), and a node that can only
/// tie the incumbent keeps only allocations delivering earlier. All bounds are exact integer arithmetic, so
/// "optimal" is a proof, and a stopped search still reports a valid lower bound.
public enum BasketOptimizer {

    /// Solves the basket. Throws `BasketInputError` for input that cannot be read sensibly (negative
    /// prices, duplicate SKUs, offers for unknown items or vendors, …); lines that cannot be bought are
    /// reported in `BasketPlan.infeasible` instead.
    public static func solve(_ problem: BasketProblem, options: BasketOptions = BasketOptions()) throws(BasketInputError) -> BasketPlan {
        let clock = ContinuousClock()
        let start = clock.now
        let model = try BasketModel(problem)
        let limit = max(0, min(options.timeLimitSeconds.isFinite ? options.timeLimitSeconds : 3600, 3600))
        let deadline = start.advanced(by: .milliseconds(Int64(limit * 1000)))
        var search = BasketSearch(model: model, deadline: deadline, maxNodes: options.maxNodes ?? .max)
        if let tolerance = options.gapTolerance, tolerance > 0, tolerance.isFinite { search.gapTolerance = tolerance }
        if model.itemCount > 0 { search.run() }
        var infeasible = model.rejected.map { BasketPlan.Infeasibility(sku: problem.items[$0.item].sku, reason: $0.reason) }

        var simpleBound: Int64 = 0
        for i in 0..<model.itemCount {
            var cheapest = Int64.max
            for p in model.itemStart[i]..<model.itemStart[i + 1] { cheapest = min(cheapest, model.patObj[p]) }
            simpleBound += cheapest
        }
        let completed = !search.stopped
        var boundObj = max(simpleBound, search.rootBound)
        if completed {
            if search.bestObjective != .max { boundObj = max(boundObj, search.bestObjective) }
        } else {
            boundObj = max(boundObj, min(search.bestObjective, search.abandonedBound))
        }

        var assignment = BasketAssignment(model: model)
        assignment.maxVendorsCache = model.maxVendors
        let found = model.itemCount == 0 || !search.best.isEmpty
        if found && model.itemCount > 0 {
            for i in 0..<model.itemCount { assignment.set(model, item: i, pattern: search.best[i]) }
        }
        if !found {
            var reason = "no plan satisfies the vendors' minimum order values"
            if let limit = problem.maxVendors { reason += " with at most \(limit) vendor\(limit == 1 ? "" : "s")" }
            if !completed { reason = "no feasible plan found within the time limit (" + reason + " was not disproved)" }
            infeasible.append(BasketPlan.Infeasibility(sku: nil, reason: reason))
        }
        var plan = BasketPlan(
            status: .optimal, total: .zero, objective: .zero, lowerBound: .zero, lines: [], shipping: [], infeasible: [],
            vendorsUsed: [], deliveryDays: nil, explanations: [], savings: nil, seconds: 0, nodes: search.nodes)
        if found { fill(&plan, problem: problem, model: model, assignment: assignment) }
        let scale = model.vendorScale * model.weightScale
        plan.lowerBound = FixedDecimal(units: floorDiv(boundObj, scale))
        if found && model.itemCount > 0 {
            let weighted = (assignment.objective - Int64(assignment.used)) / model.vendorScale
            plan.objective = FixedDecimal(units: floorDiv(weighted, model.weightScale))
            if completed && !model.truncated { plan.lowerBound = plan.objective }
        }
        if let budget = problem.budget, found, plan.total > budget {
            infeasible.append(BasketPlan.Infeasibility(sku: nil, reason: "over budget by \((plan.total - budget).text())"))
        }
        plan.infeasible = infeasible
        if !infeasible.isEmpty {
            plan.status = .infeasible
        } else {
            plan.status = completed && !model.truncated ? .optimal : .feasible
        }
        if options.explain && found && model.itemCount > 0 {
            plan.explanations = explanations(problem: problem, model: model, assignment: &assignment)
            plan.savings = savings(problem: problem, model: model, total: plan.total)
        }
        plan.seconds = (clock.now - start).inSeconds
        return plan
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func fill(_ plan: inout BasketPlan, problem: BasketProblem, model: BasketModel, assignment: BasketAssignment) {
        var total: Int64 = 0
        var lead = 0
        for i in 0..<model.itemCount {
            let p = assignment.choice[i]
            let sku = problem.items[model.itemSource[i]].sku
            for r in model.patStart[p]..<model.patStart[p + 1] {
                let v = Int(model.porVendor[r])
                let offer = problem.offers[model.porOffer[r]]
                plan.lines.append(
                    BasketPlan.Line(
                        sku: sku, vendor: problem.vendors[model.vendorSource[v]].id, quantity: model.porQty[r],
                        unitPrice: FixedDecimal(units: model.porPrice[r]), lineTotal: FixedDecimal(units: model.porReal[r]),
                        leadTimeDays: offer.leadTimeDays))
                total += model.porReal[r]
                lead = max(lead, offer.leadTimeDays)
            }
        }
        for v in 0..<model.vendorCount where assignment.count[v] > 0 {
            let fee = assignment.subtotal[v] < model.threshold[v] ? model.feeReal[v] : 0
            let id = problem.vendors[model.vendorSource[v]].id
            plan.shipping.append(
                BasketPlan.Shipping(vendor: id, fee: FixedDecimal(units: fee), subtotal: FixedDecimal(units: assignment.subtotal[v])))
            plan.vendorsUsed.append(id)
            total += fee
        }
        plan.total = FixedDecimal(units: total)
        plan.deliveryDays = model.itemCount > 0 ? lead : nil
    }

    /// Real (items + shipping) change of moving line `i` to pattern `q`, everything else unchanged.
    static func realDelta(model: BasketModel, assignment: BasketAssignment, item i: Int, pattern q: Int) -> Int64 {
        let p = assignment.choice[i]
        var delta = model.patReal[q] - model.patReal[p]
        var vendors: [Int] = []
        for r in model.patStart[p]..<model.patStart[p + 1] { vendors.append(Int(model.porVendor[r])) }
        for r in model.patStart[q]..<model.patStart[q + 1] where !vendors.contains(Int(model.porVendor[r])) {
            vendors.append(Int(model.porVendor[r]))
        }
        for v in vendors {
            var sub = assignment.subtotal[v]
            var count = assignment.count[v]
            let before = count > 0 && sub < model.threshold[v] ? model.feeReal[v] : 0
            for r in model.patStart[p]..<model.patStart[p + 1] where Int(model.porVendor[r]) == v {
                sub -= model.porReal[r]
                count -= 1
            }
            for r in model.patStart[q]..<model.patStart[q + 1] where Int(model.porVendor[r]) == v {
                sub += model.porReal[r]
                count += 1
            }
            let after = count > 0 && sub < model.threshold[v] ? model.feeReal[v] : 0
            delta += after - before
        }
        return delta
    }

    static func patternName(problem: BasketProblem, model: BasketModel, _ p: Int) -> String {
        (model.patStart[p]..<model.patStart[p + 1]).map { problem.vendors[model.vendorSource[Int(model.porVendor[$0])]].id }
            .joined(separator: "+")
    }

    static func vendorSet(model: BasketModel, _ p: Int) -> [Int32] {
        (model.patStart[p]..<model.patStart[p + 1]).map { model.porVendor[$0] }.sorted()
    }

    static func explanations(problem: BasketProblem, model: BasketModel, assignment: inout BasketAssignment) -> [BasketPlan.Explanation] {
        var result: [BasketPlan.Explanation] = []
        for i in 0..<model.itemCount {
            let p = assignment.choice[i]
            let chosenSet = vendorSet(model: model, p)
            var runner = -1
            var runnerKey: (Int, Int64) = (Int.max, .max)
            var runnerOtherVendors = false
            for q in model.itemStart[i]..<model.itemStart[i + 1] where q != p {
                let other = vendorSet(model: model, q) != chosenSet
                let d = assignment.delta(model, item: i, pattern: q)
                if (other && !runnerOtherVendors) || (other == runnerOtherVendors && basketBetter(d, runnerKey)) {
                    runner = q
                    runnerKey = d
                    runnerOtherVendors = other
                }
            }
            var explanation = BasketPlan.Explanation(
                sku: problem.items[model.itemSource[i]].sku, chosen: patternName(problem: problem, model: model, p),
                chosenCost: FixedDecimal(units: model.patReal[p]), runnerUp: nil, runnerUpCost: nil, costDifference: nil)
            if runner >= 0 {
                explanation.runnerUp = patternName(problem: problem, model: model, runner)
                explanation.runnerUpCost = FixedDecimal(units: model.patReal[runner])
                explanation.costDifference = FixedDecimal(units: realDelta(model: model, assignment: assignment, item: i, pattern: runner))
            }
            result.append(explanation)
        }
        return result
    }

    /// Real total of a plan given as one pattern per line (shipping from the resulting subtotals), and
    /// whether it respects minimum order values.
    static func realTotal(model: BasketModel, patterns: [Int]) -> (total: Int64, meetsMinimums: Bool) {
        var subtotal = Array(repeating: Int64(0), count: model.vendorCount)
        var used = Array(repeating: false, count: model.vendorCount)
        var total: Int64 = 0
        for p in patterns {
            for r in model.patStart[p]..<model.patStart[p + 1] {
                let v = Int(model.porVendor[r])
                subtotal[v] += model.porReal[r]
                used[v] = true
                total += model.porReal[r]
            }
        }
        var meets = true
        for v in 0..<model.vendorCount where used[v] {
            if subtotal[v] < model.threshold[v] { total += model.feeReal[v] }
            if subtotal[v] < model.minOrder[v] { meets = false }
        }
        return (total, meets)
    }

    static func savings(problem: BasketProblem, model: BasketModel, total: FixedDecimal) -> BasketPlan.Savings {
        var savings = BasketPlan.Savings()
        // Cheapest single offer per line.
        var naive: [Int] = []
        for i in 0..<model.itemCount {
            var bestP = -1
            var bestSingle = false
            for p in model.itemStart[i]..<model.itemStart[i + 1] {
                let single = model.patStart[p + 1] - model.patStart[p] == 1
                if bestP < 0 || (single && !bestSingle) || (single == bestSingle && model.patReal[p] < model.patReal[bestP]) {
                    bestP = p
                    bestSingle = single
                }
            }
            naive.append(bestP)
        }
        if model.itemCount > 0 {
            let baseline = realTotal(model: model, patterns: naive).total
            savings.cheapestPerLineTotal = FixedDecimal(units: baseline)
            savings.versusCheapestPerLine = FixedDecimal(units: baseline - total.units)
        }
        // Best single vendor that can supply every line alone (and meets its minimum order value).
        var bestVendor = -1
        var bestTotal = Int64.max
        for v in 0..<model.vendorCount where model.itemCount > 0 {
            var patterns: [Int] = []
            for i in 0..<model.itemCount {
                guard
                    let p = (model.itemStart[i]..<model.itemStart[i + 1]).first(where: {
                        model.patStart[$0 + 1] - model.patStart[$0] == 1 && Int(model.porVendor[model.patStart[$0]]) == v
                    })
                else { break }
                patterns.append(p)
            }
            guard patterns.count == model.itemCount else { continue }
            let (cost, meets) = realTotal(model: model, patterns: patterns)
            if meets && (model.maxVendors >= 1) && cost < bestTotal {
                bestTotal = cost
                bestVendor = v
            }
        }
        if bestVendor >= 0 {
            savings.bestSingleVendor = problem.vendors[model.vendorSource[bestVendor]].id
            savings.bestSingleVendorTotal = FixedDecimal(units: bestTotal)
            savings.versusBestSingleVendor = FixedDecimal(units: bestTotal - total.units)
        }
        return savings
    }
}
