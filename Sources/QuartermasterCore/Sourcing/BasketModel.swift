/// The solver's internal form of a `BasketProblem`: every line's possible allocations ("patterns") with
/// their costs in exact integer objective units.
///
/// Objective units: a real amount of `u` ten-thousandths on vendor `v` counts `u × weight[v] × vendorScale`,
/// a shipping fee `u × weightScale × vendorScale`, and every used vendor adds 1 (the fewer-vendors
/// tie-break, which can never outweigh one real unit because `vendorScale` exceeds the vendor count).
struct BasketModel {
    /// Items that can be bought (index into `problem.items` for each).
    var itemSource: [Int] = []
    var quantity: [Int] = []
    /// Vendors that may be used (index into `problem.vendors`).
    var vendorSource: [Int] = []
    var feeObj: [Int64] = []
    var feeReal: [Int64] = []
    /// Free-shipping threshold in real units (Int64.max = none).
    var threshold: [Int64] = []
    /// Minimum order value in real units (0 = none).
    var minOrder: [Int64] = []
    var weight: [Int64] = []
    var weightScale: Int64 = 1
    var vendorScale: Int64 = 1
    var maxVendors: Int = .max

    // Patterns, grouped by item: item i owns patterns itemStart[i]..<itemStart[i + 1].
    var itemStart: [Int] = [0]
    var patItem: [Int32] = []
    var patObj: [Int64] = []
    var patReal: [Int64] = []
    var patLead: [Int] = []
    /// Pattern p owns portions patStart[p]..<patStart[p + 1].
    var patStart: [Int] = [0]
    var porVendor: [Int32] = []
    var porQty: [Int] = []
    var porOffer: [Int] = []
    var porPrice: [Int64] = []
    var porReal: [Int64] = []
    var porObj: [Int64] = []
    /// min(quantity, line quantity): how much of the line the portion covers (the Lagrangian bound's share
    /// for split allocations that cost nothing; others share by cost).
    var porCredit: [Int64] = []
    /// Portions of each vendor, ordered by item.
    var vendorPortions: [[Int32]] = []
    /// Patterns containing each vendor.
    var vendorPatterns: [[Int32]] = []
    /// Lines that cannot be bought, with the reason.
    var rejected: [(item: Int, reason: String)] = []
    /// True when some line had more split allocations than are enumerated (optimality is then not claimed).
    var truncated = false
    /// Largest possible real total (for overflow checks).
    var maxReal: Int64 = 0

    static let maxPatternsPerItem = 4_000

    var itemCount: Int { quantity.count }
    var vendorCount: Int { vendorSource.count }
    var patternCount: Int { patObj.count }

    init(_ problem: BasketProblem) throws(BasketInputError) {
        try problem.validate()
        let blocked = Set(problem.blockedVendors)
        let preferred = Set(problem.preferredVendors)
        var vendorIndex: [String: Int] = [:]
        for (index, vendor) in problem.vendors.enumerated() where !blocked.contains(vendor.id) {
            vendorIndex[vendor.id] = vendorSource.count
            vendorSource.append(index)
        }
        let bonus = problem.preferredBonus.units
        weightScale = bonus > 0 ? FixedDecimal.scale : 1
        vendorScale = Int64(vendorSource.count + 1)
        for source in vendorSource {
            let vendor = problem.vendors[source]
            weight.append(preferred.contains(vendor.id) ? weightScale - bonus : weightScale)
            feeReal.append(vendor.shippingFee.units)
            feeObj.append(vendor.shippingFee.units * weightScale * vendorScale)
            threshold.append(vendor.freeShippingOver?.units ?? .max)
            minOrder.append(vendor.minOrderValue?.units ?? 0)
        }
        if let limit = problem.maxVendors { maxVendors = limit }
        var offersBySku: [String: [Int]] = [:]
        for (index, offer) in problem.offers.enumerated() { offersBySku[offer.sku, default: []].append(index) }
        vendorPortions = Array(repeating: [], count: vendorSource.count)
        vendorPatterns = Array(repeating: [], count: vendorSource.count)

        for (itemIndex, item) in problem.items.enumerated() {
            let all = offersBySku[item.sku] ?? []
            if all.isEmpty {
                rejected.append((itemIndex, "no offers"))
                continue
            }
            let unblocked = all.filter { vendorIndex[problem.offers[$0].vendor] != nil }
            if unblocked.isEmpty {
                rejected.append((itemIndex, "all offers are from blocked vendors"))
                continue
            }
            let timely = unblocked.filter { problem.needByDays == nil || problem.offers[$0].leadTimeDays <= problem.needByDays! }
            if timely.isEmpty {
                let fastest = unblocked.map { problem.offers[$0].leadTimeDays }.min() ?? 0
                rejected.append((itemIndex, "too late: the fastest offer takes \(fastest) days, needed within \(problem.needByDays ?? 0)"))
                continue
            }
            let patterns = Self.allocations(
                quantity: item.quantity, offers: timely.map { problem.offers[$0] }, allowSplit: problem.allowSplit)
            if patterns.truncated { truncated = true }
            if patterns.list.isEmpty {
                rejected.append(
                    (itemIndex, Self.stockReason(item: item, offers: timely.map { problem.offers[$0] }, split: problem.allowSplit)))
                continue
            }
            let i = quantity.count
            itemSource.append(itemIndex)
            quantity.append(item.quantity)
            var worst: Int64 = 0
            for pattern in patterns.list {
                let p = patObj.count
                var obj: Int64 = 0
                var real: Int64 = 0
                var lead = 0
                for (local, qty) in pattern {
                    let offerIndex = timely[local]
                    let offer = problem.offers[offerIndex]
                    let v = vendorIndex[offer.vendor]!
                    let price = offer.unitPrice(forQuantity: qty).units
                    let (line, overflow) = price.multipliedReportingOverflow(by: Int64(qty))
                    if overflow || line > BasketProblem.maxAmountUnits {
                        throw BasketInputError(field: "items[\(itemIndex)]", message: "line total too large")
                    }
                    let portionObj = line * weight[v] * vendorScale
                    porVendor.append(Int32(v))
                    porQty.append(qty)
                    porOffer.append(offerIndex)
                    porPrice.append(price)
                    porReal.append(line)
                    porObj.append(portionObj)
                    porCredit.append(Int64(min(qty, item.quantity)))
                    vendorPortions[v].append(Int32(porVendor.count - 1))
                    vendorPatterns[v].append(Int32(p))
                    obj += portionObj
                    real += line
                    lead = max(lead, offer.leadTimeDays)
                }
                patItem.append(Int32(i))
                patObj.append(obj)
                patReal.append(real)
                patLead.append(lead)
                patStart.append(porVendor.count)
                worst = max(worst, real)
            }
            itemStart.append(patObj.count)
            maxReal += worst
            if maxReal > BasketProblem.maxAmountUnits { throw BasketInputError(field: "items", message: "basket total too large") }
        }
        let fees = feeReal.reduce(0, +)
        let limit = Int64(1) << 60
        if (maxReal + fees) > limit / (weightScale * vendorScale) {
            throw BasketInputError(field: "items", message: "basket total too large for exact arithmetic")
        }
    }

    /// Every allocation of `quantity` over `offers` allowed by the split rule, as (offer index, quantity)
    /// lists in offer order.
    static func allocations(quantity: Int, offers: [BasketOffer], allowSplit: Bool) -> (list: [[(Int, Int)]], truncated: Bool) {
        var list: [[(Int, Int)]] = []
        var seen = Set<[Int]>()
        func add(_ allocation: [(Int, Int)]) {
            let sorted = allocation.sorted { $0.0 < $1.0 }
            let key = sorted.flatMap { [$0.0, $0.1] }
            if seen.insert(key).inserted { list.append(sorted) }
        }
        for (index, offer) in offers.enumerated() {
            if let x = offer.smallestQuantity(atLeast: quantity) { add([(index, x)]) }
        }
        guard allowSplit else { return (list, false) }
        let short = offers.indices.compactMap { index -> (Int, Int)? in
            guard let largest = offers[index].largestQuantity, largest < quantity else { return nil }
            return (index, largest)
        }
        var truncated = false
        var chosen: [(Int, Int)] = []
        var inSet = Array(repeating: false, count: offers.count)
        func extend(from start: Int, sum: Int) {
            if truncated { return }
            if !chosen.isEmpty {
                let remaining = quantity - sum
                for (index, offer) in offers.enumerated() where !inSet[index] {
                    if let x = offer.smallestQuantity(atLeast: remaining) { add(chosen + [(index, x)]) }
                }
                if list.count > maxPatternsPerItem {
                    truncated = true
                    return
                }
            }
            var next = start
            while next < short.count {
                let (index, largest) = short[next]
                if sum + largest < quantity {
                    chosen.append((index, largest))
                    inSet[index] = true
                    extend(from: next + 1, sum: sum + largest)
                    inSet[index] = false
                    chosen.removeLast()
                }
                next += 1
            }
        }
        extend(from: 0, sum: 0)
        return (list, truncated)
    }

    static func stockReason(item: BasketItem, offers: [BasketOffer], split: Bool) -> String {
        let usable = offers.filter { offer in offer.stock.map { offer.minimumQuantity <= $0 } ?? true }
        if usable.isEmpty {
            let moq = offers.map(\.minimumQuantity).min() ?? 0
            return "no stock: every offer's minimum order quantity (\(moq) at least) exceeds its stock"
        }
        let available = usable.reduce(0) { $0 + ($1.largestQuantity ?? 0) }
        if split {
            return "not enough stock: \(available) available in total, \(item.quantity) needed"
        }
        let single = usable.map { $0.largestQuantity ?? 0 }.max() ?? 0
        return "not enough stock: at most \(single) from one vendor, \(item.quantity) needed (splitting not allowed)"
    }
}
