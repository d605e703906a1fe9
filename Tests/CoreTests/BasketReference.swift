@testable import QuartermasterCore

/// Independent reference for the basket optimiser: the allocation rule, a plan checker and an exhaustive
/// search, written from the documented semantics without the solver's code.
enum BasketReference {
    /// Exact key of a plan: weighted objective (real units × weight scale), vendors used, delivery days.
    struct Key: Hashable, Comparable, CustomStringConvertible {
        var weighted: Int64
        var vendors: Int
        var lead: Int
        static func < (a: Key, b: Key) -> Bool {
            (a.weighted, a.vendors, a.lead) < (b.weighted, b.vendors, b.lead)
        }
        var description: String { "(\(weighted), \(vendors) vendors, \(lead) days)" }
    }

    static func price(_ offer: BasketOffer, _ quantity: Int) -> Int64 {
        var best = 0
        var price = offer.unitPrice.units
        for b in offer.priceBreaks where quantity >= b.minQuantity && b.minQuantity > best {
            best = b.minQuantity
            price = b.unitPrice.units
        }
        return price
    }

    static func valid(_ offer: BasketOffer, _ quantity: Int) -> Bool {
        quantity >= 1 && quantity >= offer.moq && quantity % offer.orderMultiple == 0 && quantity <= (offer.stock ?? Int.max)
    }

    static func largest(_ offer: BasketOffer) -> Int? {
        guard let stock = offer.stock else { return nil }
        var x = stock
        while x >= 1 {
            if valid(offer, x) { return x }
            x -= 1
        }
        return nil
    }

    /// Does buying `quantities[k]` from `offers[k]` follow the allocation rule for a line of `need`?
    static func followsRule(need: Int, offers: [BasketOffer], quantities: [Int], allowSplit: Bool) -> Bool {
        let used = quantities.indices.filter { quantities[$0] > 0 }
        if used.isEmpty { return false }
        for k in used where !valid(offers[k], quantities[k]) { return false }
        if !allowSplit && used.count != 1 { return false }
        for top in used {
            var others = 0
            var ok = true
            for k in used where k != top {
                guard let largest = largest(offers[k]), quantities[k] == largest else {
                    ok = false
                    break
                }
                others += largest
            }
            if !ok || others >= need { continue }
            let remaining = need - others
            let x = quantities[top]
            if x < remaining { continue }
            // No smaller valid quantity that still covers the remainder.
            var smaller = false
            var y = x - 1
            while y >= remaining {
                if valid(offers[top], y) {
                    smaller = true
                    break
                }
                y -= 1
            }
            if !smaller { return true }
        }
        return false
    }

    /// All allocations of one line: lists of (offer index into `offers`, quantity).
    static func allocations(need: Int, offers: [BasketOffer], allowSplit: Bool) -> [[(Int, Int)]] {
        var candidates: [[Int]] = []
        for offer in offers {
            var list = [0]
            let cap = min(offer.stock ?? Int.max, need + offer.orderMultiple + offer.moq)
            if cap >= 1 { for x in 1...cap where valid(offer, x) { list.append(x) } }
            if let l = largest(offer), !list.contains(l) { list.append(l) }
            candidates.append(list)
        }
        var result: [[(Int, Int)]] = []
        var current = Array(repeating: 0, count: offers.count)
        func walk(_ k: Int) {
            if k == offers.count {
                if followsRule(need: need, offers: offers, quantities: current, allowSplit: allowSplit) {
                    result.append(current.indices.filter { current[$0] > 0 }.map { ($0, current[$0]) })
                }
                return
            }
            for x in candidates[k] {
                current[k] = x
                walk(k + 1)
            }
            current[k] = 0
        }
        walk(0)
        return result
    }

    struct Result {
        var key: Key
        var total: Int64
        /// Per usable item (index into problem.items): (offer index, quantity).
        var plan: [Int: [(Int, Int)]]
    }

    /// Exhaustive search. Returns the usable items, the items with no allocation, and the best plan (nil when
    /// no combination is feasible).
    static func solve(_ problem: BasketProblem) -> (unbuyable: [Int], best: Result?) {
        let blocked = Set(problem.blockedVendors)
        let preferred = Set(problem.preferredVendors)
        let scale: Int64 = problem.preferredBonus.units > 0 ? 10_000 : 1
        func weight(_ vendor: String) -> Int64 { preferred.contains(vendor) ? scale - problem.preferredBonus.units : scale }
        var options: [(item: Int, choices: [(cost: Int64, parts: [(Int, Int)])])] = []
        var unbuyable: [Int] = []
        for (index, item) in problem.items.enumerated() {
            let offerIndices = problem.offers.indices.filter {
                let o = problem.offers[$0]
                return o.sku == item.sku && !blocked.contains(o.vendor) && o.leadTimeDays <= (problem.needByDays ?? Int.max)
            }
            let allocations = allocations(
                need: item.quantity, offers: offerIndices.map { problem.offers[$0] }, allowSplit: problem.allowSplit)
            if allocations.isEmpty {
                unbuyable.append(index)
                continue
            }
            var choices: [(Int64, [(Int, Int)])] = []
            for allocation in allocations {
                var cost: Int64 = 0
                var parts: [(Int, Int)] = []
                for (local, x) in allocation {
                    let offer = problem.offers[offerIndices[local]]
                    cost += price(offer, x) * Int64(x) * weight(offer.vendor)
                    parts.append((offerIndices[local], x))
                }
                choices.append((cost, parts))
            }
            choices.sort { $0.0 < $1.0 }
            options.append((index, choices))
        }
        var suffixMin = Array(repeating: Int64(0), count: options.count + 1)
        for k in stride(from: options.count - 1, through: 0, by: -1) { suffixMin[k] = suffixMin[k + 1] + options[k].choices[0].cost }
        var best: Result?
        var picked: [[(Int, Int)]] = []
        func walk(_ k: Int, _ cost: Int64) {
            if let best, cost + suffixMin[k] > best.key.weighted { return }
            if k == options.count {
                var plan: [Int: [(Int, Int)]] = [:]
                for (n, parts) in picked.enumerated() { plan[options[n].item] = parts }
                guard let (key, total) = evaluate(problem, plan: plan) else { return }
                if best == nil || key < best!.key { best = Result(key: key, total: total, plan: plan) }
                return
            }
            for choice in options[k].choices {
                picked.append(choice.parts)
                walk(k + 1, cost + choice.cost)
                picked.removeLast()
            }
        }
        walk(0, 0)
        return (unbuyable, best)
    }

    /// Key and real total of a plan, nil when it breaks a minimum order value or max_vendors.
    static func evaluate(_ problem: BasketProblem, plan: [Int: [(Int, Int)]]) -> (Key, Int64)? {
        let preferred = Set(problem.preferredVendors)
        let scale: Int64 = problem.preferredBonus.units > 0 ? 10_000 : 1
        var subtotal: [String: Int64] = [:]
        var weighted: Int64 = 0
        var total: Int64 = 0
        var lead = 0
        for (_, parts) in plan {
            for (o, x) in parts {
                let offer = problem.offers[o]
                let line = price(offer, x) * Int64(x)
                subtotal[offer.vendor, default: 0] += line
                total += line
                weighted += line * (preferred.contains(offer.vendor) ? scale - problem.preferredBonus.units : scale)
                lead = max(lead, offer.leadTimeDays)
            }
        }
        if let limit = problem.maxVendors, subtotal.count > limit { return nil }
        for vendor in problem.vendors {
            guard let sub = subtotal[vendor.id] else { continue }
            if let minimum = vendor.minOrderValue, sub < minimum.units { return nil }
            if let over = vendor.freeShippingOver, sub >= over.units { continue }
            total += vendor.shippingFee.units
            weighted += vendor.shippingFee.units * scale
        }
        return (Key(weighted: weighted, vendors: subtotal.count, lead: lead), total)
    }

    /// Checks a solver plan against the problem; returns the violations found (empty = valid) and its key.
    static func check(_ problem: BasketProblem, _ plan: BasketPlan) -> (problems: [String], key: Key?) {
        var issues: [String] = []
        let blocked = Set(problem.blockedVendors)
        var bySku: [String: [(Int, Int)]] = [:]
        var lineSum: Int64 = 0
        for line in plan.lines {
            guard let o = problem.offers.firstIndex(where: { $0.sku == line.sku && $0.vendor == line.vendor }) else {
                issues.append("no offer for \(line.sku) from \(line.vendor)")
                continue
            }
            let offer = problem.offers[o]
            if blocked.contains(line.vendor) { issues.append("blocked vendor \(line.vendor) used") }
            if let needBy = problem.needByDays, offer.leadTimeDays > needBy { issues.append("\(line.sku) from \(line.vendor) too late") }
            if !valid(offer, line.quantity) { issues.append("\(line.sku) from \(line.vendor): invalid quantity \(line.quantity)") }
            if line.unitPrice.units != price(offer, line.quantity) { issues.append("\(line.sku): wrong unit price \(line.unitPrice)") }
            if line.lineTotal.units != line.unitPrice.units * Int64(line.quantity) { issues.append("\(line.sku): wrong line total") }
            if bySku[line.sku]?.contains(where: { problem.offers[$0.0].vendor == line.vendor }) == true {
                issues.append("\(line.sku): vendor \(line.vendor) twice")
            }
            bySku[line.sku, default: []].append((o, line.quantity))
            lineSum += line.lineTotal.units
        }
        var plannedItems: [Int: [(Int, Int)]] = [:]
        for (index, item) in problem.items.enumerated() {
            guard let parts = bySku[item.sku] else { continue }
            let offers = parts.map { problem.offers[$0.0] }
            if !followsRule(need: item.quantity, offers: offers, quantities: parts.map(\.1), allowSplit: problem.allowSplit) {
                issues.append("\(item.sku): allocation \(parts.map(\.1)) breaks the allocation rule")
            }
            plannedItems[index] = parts
        }
        let infeasibleSkus = Set(plan.infeasible.compactMap(\.sku))
        for item in problem.items where bySku[item.sku] == nil && !infeasibleSkus.contains(item.sku) && !plan.lines.isEmpty {
            issues.append("\(item.sku) neither bought nor reported infeasible")
        }
        // Shipping.
        var subtotal: [String: Int64] = [:]
        for line in plan.lines { subtotal[line.vendor, default: 0] += line.lineTotal.units }
        var fees: Int64 = 0
        for vendor in problem.vendors {
            guard let sub = subtotal[vendor.id] else { continue }
            let fee = (vendor.freeShippingOver.map { sub >= $0.units } ?? false) ? 0 : vendor.shippingFee.units
            fees += fee
            if let entry = plan.shipping.first(where: { $0.vendor == vendor.id }) {
                if entry.fee.units != fee { issues.append("\(vendor.id): fee \(entry.fee) should be \(FixedDecimal(units: fee))") }
            } else {
                issues.append("\(vendor.id): no shipping entry")
            }
        }
        if plan.shipping.count != subtotal.count { issues.append("shipping lists \(plan.shipping.count) vendors, \(subtotal.count) used") }
        if plan.total.units != lineSum + fees { issues.append("total \(plan.total) should be \(FixedDecimal(units: lineSum + fees))") }
        if plan.lines.isEmpty { return (issues, nil) }
        guard let (key, _) = evaluate(problem, plan: plannedItems) else {
            issues.append("plan breaks a minimum order value or max_vendors")
            return (issues, nil)
        }
        return (issues, key)
    }

    /// A small random basket for the exhaustive comparison.
    static func randomProblem(seed: UInt64) -> BasketProblem {
        var random = SplitMix64(seed: seed)
        let itemCount = random.int(1...8)
        let vendorCount = random.int(1...4)
        func money(_ range: ClosedRange<Int>) -> FixedDecimal {
            // Mostly whole amounts (ties), sometimes cents.
            random.chance(0.5)
                ? FixedDecimal(random.int(range))
                : FixedDecimal(units: Int64(random.int(range.lowerBound * 100...range.upperBound * 100)) * 100)
        }
        var vendors: [BasketVendor] = []
        for v in 0..<vendorCount {
            vendors.append(
                BasketVendor(
                    id: "v\(v)", shippingFee: random.chance(0.15) ? .zero : money(1...15),
                    freeShippingOver: random.chance(0.6) ? money(5...80) : nil, minOrderValue: random.chance(0.3) ? money(3...40) : nil))
        }
        var items: [BasketItem] = []
        var offers: [BasketOffer] = []
        for i in 0..<itemCount {
            let sku = "s\(i)"
            let quantity = random.int(1...10)
            items.append(BasketItem(sku: sku, quantity: quantity))
            for v in 0..<vendorCount where random.chance(0.7) {
                var breaks: [BasketPriceBreak] = []
                let price = money(1...12)
                if random.chance(0.3) {
                    breaks.append(
                        BasketPriceBreak(minQuantity: random.int(2...8), unitPrice: FixedDecimal(units: max(0, price.units - 10_000))))
                    if random.chance(0.3) {
                        breaks.append(
                            BasketPriceBreak(minQuantity: random.int(9...12), unitPrice: FixedDecimal(units: max(0, price.units - 15_000))))
                    }
                }
                offers.append(
                    BasketOffer(
                        vendor: "v\(v)", sku: sku, unitPrice: price, stock: random.chance(0.35) ? random.int(0...10) : nil,
                        moq: random.chance(0.2) ? random.int(2...5) : 1, orderMultiple: random.chance(0.2) ? random.int(2...4) : 1,
                        leadTimeDays: random.int(1...9), priceBreaks: breaks))
            }
        }
        var problem = BasketProblem(items: items, vendors: vendors, offers: offers)
        if random.chance(0.25) { problem.maxVendors = random.int(1...3) }
        if random.chance(0.15) { problem.needByDays = random.int(3...9) }
        if random.chance(0.1) && vendorCount > 1 { problem.blockedVendors = ["v\(random.int(0...(vendorCount - 1)))"] }
        if random.chance(0.2) {
            problem.preferredVendors = ["v\(random.int(0...(vendorCount - 1)))"]
            problem.preferredBonus = FixedDecimal(units: Int64(random.int(1...10)) * 100)
        }
        if random.chance(0.15) { problem.allowSplit = false }
        if random.chance(0.15) { problem.budget = money(20...200) }
        return problem
    }
}
