/// A vendor's terms that matter to a basket: shipping and minimum order.
public struct SourcingVendor: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var currency: CurrencyCode
    public var shippingFee: FixedDecimal
    public var freeShippingOver: FixedDecimal?
    public var minOrderValue: FixedDecimal?
    public var leadTimeDays: Int

    public init(
        id: String, name: String, currency: CurrencyCode, shippingFee: FixedDecimal = .zero, freeShippingOver: FixedDecimal? = nil,
        minOrderValue: FixedDecimal? = nil, leadTimeDays: Int = 3
    ) {
        self.id = id
        self.name = name
        self.currency = currency
        self.shippingFee = shippingFee
        self.freeShippingOver = freeShippingOver
        self.minOrderValue = minOrderValue
        self.leadTimeDays = leadTimeDays
    }

    enum CodingKeys: String, CodingKey {
        case id, name, currency, shippingFee = "shipping_fee", freeShippingOver = "free_shipping_over", minOrderValue = "min_order_value",
            leadTimeDays = "lead_time_days"
    }
}

/// One offer that could fill a requisition line, as found by catalog matching.
public struct SourcingCandidate: Sendable, Hashable, Codable {
    public var productID: String
    public var title: String
    public var variantSKU: String
    public var vendorID: String
    public var vendorSKU: String
    public var price: FixedDecimal
    public var currency: CurrencyCode
    public var priceBreaks: [PriceBreak]
    public var stock: Int?
    public var moq: Int
    public var orderMultiple: Int
    public var leadTimeDays: Int?
    public var unit: String
    public var packSize: Int
    /// Match score 0–1 and why it matched.
    public var score: Double
    public var reasons: [String]
    public var brand: String?
    public var category: [String]?
    public var ecoLabel: Bool?

    public init(result: MatchResult, offer: MatchCandidate.Offer) {
        productID = result.productID
        title = result.title
        variantSKU = result.variant.sku
        vendorID = offer.vendorID
        vendorSKU = offer.vendorSKU
        price = offer.terms.price
        currency = offer.terms.currency
        priceBreaks = offer.terms.priceBreaks
        stock = offer.terms.stock
        moq = offer.terms.moq
        orderMultiple = offer.terms.orderMultiple
        leadTimeDays = offer.terms.leadTimeDays
        unit = offer.terms.unit.code
        packSize = offer.terms.packSize
        score = result.score
        reasons = result.reasons
        brand = result.brand
        category = result.category
        ecoLabel = result.ecoLabel
    }

    /// Offer units that fill `line`, rounded up to the MOQ and order multiple. A line counted in
    /// packs of unknown size ("2 boxes of pens") is filled pack for pack by an offer sold in the same
    /// kind of pack; otherwise base units are covered (3 pens → one box of 12).
    public func units(for line: RequisitionLine) -> Int {
        let packs = line.packSize == nil && line.unit != "EA" && line.unit == unit
        return units(forBase: packs ? line.quantity * max(1, packSize) : line.baseQuantity)
    }

    /// Offer units needed to cover `baseQuantity` base units, rounded up to the MOQ and order multiple.
    public func units(forBase baseQuantity: Int) -> Int {
        let pack = max(1, packSize)
        var units = max((baseQuantity + pack - 1) / pack, moq)
        let multiple = max(1, orderMultiple)
        if units % multiple != 0 { units += multiple - units % multiple }
        return units
    }

    /// The unit price when buying `units` (the best break reached).
    public func unitPrice(forUnits units: Int) -> FixedDecimal {
        var best = price
        for priceBreak in priceBreaks where units >= priceBreak.minQuantity && priceBreak.price < best { best = priceBreak.price }
        return best
    }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id", title, variantSKU = "variant_sku", vendorID = "vendor_id", vendorSKU = "vendor_sku", price,
            currency, priceBreaks = "price_breaks", stock, moq, orderMultiple = "order_multiple", leadTimeDays = "lead_time_days", unit,
            packSize = "pack_size", score, reasons, brand, category, ecoLabel = "eco_label"
    }
}

/// The candidates found for one requisition line (the search step's output, per line).
public struct LineCandidates: Sendable, Hashable, Codable {
    public var line: Int
    public var candidates: [SourcingCandidate]
    /// Why nothing fits, when `candidates` is empty.
    public var reason: String?

    public init(line: Int, candidates: [SourcingCandidate], reason: String? = nil) {
        self.line = line
        self.candidates = candidates
        self.reason = reason
    }
}

/// The priced plan a run proposes: which offer fills each line, shipping per vendor, totals, and why.
public struct Quote: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var line: Int
        public var description: String
        public var productID: String
        public var title: String
        public var variantSKU: String
        public var vendorID: String
        public var vendorName: String
        public var vendorSKU: String
        /// Offer units bought (packs when the offer is a pack).
        public var quantity: Int
        public var unit: String
        public var packSize: Int
        public var unitPrice: FixedDecimal
        public var lineTotal: FixedDecimal
        public var leadTimeDays: Int?
        public var reasons: [String]
        public var alternatives: [Alternative]
        public var brand: String? = nil
        public var category: [String]? = nil

        enum CodingKeys: String, CodingKey {
            case line, description, productID = "product_id", title, variantSKU = "variant_sku", vendorID = "vendor_id",
                vendorName = "vendor_name", vendorSKU = "vendor_sku", quantity, unit, packSize = "pack_size", unitPrice = "unit_price",
                lineTotal = "line_total", leadTimeDays = "lead_time_days", reasons, alternatives, brand, category
        }
    }

    public struct Alternative: Sendable, Hashable, Codable {
        public var vendorID: String
        public var vendorName: String
        public var title: String
        public var quantity: Int
        public var unitPrice: FixedDecimal
        public var lineTotal: FixedDecimal

        enum CodingKeys: String, CodingKey {
            case vendorID = "vendor_id", vendorName = "vendor_name", title, quantity, unitPrice = "unit_price", lineTotal = "line_total"
        }
    }

    public struct Shipping: Sendable, Hashable, Codable {
        public var vendorID: String
        public var vendorName: String
        public var subtotal: FixedDecimal
        public var fee: FixedDecimal

        enum CodingKeys: String, CodingKey {
            case vendorID = "vendor_id", vendorName = "vendor_name", subtotal, fee
        }
    }

    public struct Unfilled: Sendable, Hashable, Codable {
        public var line: Int
        public var description: String
        public var reason: String
    }

    public var currency: CurrencyCode
    public var lines: [Line]
    public var shipping: [Shipping]
    public var unfilled: [Unfilled]
    public var itemsTotal: FixedDecimal
    public var shippingTotal: FixedDecimal
    public var total: FixedDecimal
    /// How the offers were chosen.
    public var method: String
    /// Budget left after this purchase, when the requisition has a budget.
    public var budgetRemaining: FixedDecimal?
    public var notes: [String]
    /// The cost centre's budget for the period, checked by the policy step.
    public var budget: BudgetNote? = nil

    enum CodingKeys: String, CodingKey {
        case currency, lines, shipping, unfilled, itemsTotal = "items_total", shippingTotal = "shipping_total", total, method,
            budgetRemaining = "budget_remaining", notes, budget
    }
}

/// The budget a quote was checked against: what the period holds, what was available before this
/// purchase and what remains after it.
public struct BudgetNote: Sendable, Hashable, Codable {
    public var budgetID: String
    public var costCentre: String
    public var period: String
    public var amount: FixedDecimal
    public var availableBefore: FixedDecimal
    public var remaining: FixedDecimal
    public var currency: CurrencyCode
    /// Set when the purchase takes the budget below zero (the stage's action was warn or ignore).
    public var overBy: FixedDecimal?

    public init(
        budgetID: String, costCentre: String, period: String, amount: FixedDecimal, availableBefore: FixedDecimal, remaining: FixedDecimal,
        currency: CurrencyCode, overBy: FixedDecimal?
    ) {
        self.budgetID = budgetID
        self.costCentre = costCentre
        self.period = period
        self.amount = amount
        self.availableBefore = availableBefore
        self.remaining = remaining
        self.currency = currency
        self.overBy = overBy
    }

    enum CodingKeys: String, CodingKey {
        case budgetID = "budget_id", costCentre = "cost_centre", period, amount, availableBefore = "available_before", remaining, currency
        case overBy = "over_by"
    }
}

/// Turns a choice of one candidate per line into a priced quote (shipping per vendor, totals,
/// alternatives), and makes the simple choice: the cheapest feasible offer per line.
public enum QuoteBuilder {
    /// Whether a candidate may be used at all, or why not.
    public static func rejection(
        _ candidate: SourcingCandidate, line: RequisitionLine, requisition: Requisition, vendors: [String: SourcingVendor],
        leadTimeLimit: Int?
    ) -> String? {
        guard let vendor = vendors[candidate.vendorID] else { return "vendor unknown" }
        let blocked = Set(requisition.preferences.blockedVendors.map { $0.lowercased() })
        if blocked.contains(vendor.id.lowercased()) || blocked.contains(vendor.name.lowercased()) { return "\(vendor.name) is blocked" }
        let units = candidate.units(for: line)
        if let stock = candidate.stock, stock < units { return "\(vendor.name) has \(stock) in stock, \(units) needed" }
        if let limit = leadTimeLimit, (candidate.leadTimeDays ?? vendor.leadTimeDays) > limit {
            return "\(vendor.name) delivers in \(candidate.leadTimeDays ?? vendor.leadTimeDays) days, \(limit) available"
        }
        return nil
    }

    public static func cheapestPerLine(
        requisition: Requisition, candidates: [LineCandidates], vendors: [SourcingVendor], currency: CurrencyCode, leadTimeLimit: Int?
    ) -> Quote {
        let byID = Dictionary(vendors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var choices: [Choice] = []
        var unfilled: [Quote.Unfilled] = []
        for (index, line) in requisition.lines.enumerated() {
            let found = candidates.first(where: { $0.line == index })
            var best: (SourcingCandidate, FixedDecimal)?
            var reasons: [String] = []
            for candidate in found?.candidates ?? [] {
                if let reason = rejection(candidate, line: line, requisition: requisition, vendors: byID, leadTimeLimit: leadTimeLimit) {
                    reasons.append(reason)
                    continue
                }
                let units = candidate.units(for: line)
                let cost = candidate.unitPrice(forUnits: units) * units
                if best == nil || cost < best!.1 { best = (candidate, cost) }
            }
            if let best {
                choices.append(Choice(line: index, candidate: best.0, units: best.0.units(for: line)))
            } else {
                let reason = found?.reason ?? (reasons.isEmpty ? "no matching offer" : reasons.prefix(3).joined(separator: "; "))
                unfilled.append(Quote.Unfilled(line: index, description: line.description, reason: reason))
            }
        }
        return price(
            requisition: requisition, choices: choices, candidates: candidates, vendors: byID, currency: currency, unfilled: unfilled,
            method: "cheapest feasible offer per line")
    }

    /// One offer bought for one line (a line split across vendors has several).
    public struct Choice: Sendable, Hashable {
        public var line: Int
        public var candidate: SourcingCandidate
        /// Offer units bought.
        public var units: Int
        public var note: String?
        public init(line: Int, candidate: SourcingCandidate, units: Int, note: String? = nil) {
            self.line = line
            self.candidate = candidate
            self.units = units
            self.note = note
        }
    }

    /// Prices the choices (exactly, from the offers' own prices and breaks).
    public static func price(
        requisition: Requisition, choices: [Choice], candidates: [LineCandidates], vendors: [String: SourcingVendor],
        currency: CurrencyCode, unfilled: [Quote.Unfilled], method: String
    ) -> Quote {
        var lines: [Quote.Line] = []
        var subtotals: [String: FixedDecimal] = [:]
        for choice in choices.sorted(by: { ($0.line, $0.candidate.vendorID) < ($1.line, $1.candidate.vendorID) }) {
            let index = choice.line
            let line = requisition.lines[index]
            let chosen = choice.candidate
            let units = choice.units
            let unitPrice = chosen.unitPrice(forUnits: units)
            let total = unitPrice * units
            subtotals[chosen.vendorID, default: .zero] = subtotals[chosen.vendorID, default: .zero] + total
            let alternatives = (candidates.first(where: { $0.line == index })?.candidates ?? [])
                .filter { $0 != chosen }
                .map { candidate -> Quote.Alternative in
                    let units = candidate.units(for: line)
                    let price = candidate.unitPrice(forUnits: units)
                    return Quote.Alternative(
                        vendorID: candidate.vendorID, vendorName: vendors[candidate.vendorID]?.name ?? candidate.vendorID,
                        title: candidate.title, quantity: units, unitPrice: price, lineTotal: price * units)
                }
                .sorted { $0.lineTotal < $1.lineTotal }
            lines.append(
                Quote.Line(
                    line: index, description: line.description, productID: chosen.productID, title: chosen.title,
                    variantSKU: chosen.variantSKU, vendorID: chosen.vendorID, vendorName: vendors[chosen.vendorID]?.name ?? chosen.vendorID,
                    vendorSKU: chosen.vendorSKU, quantity: units, unit: chosen.unit, packSize: chosen.packSize, unitPrice: unitPrice,
                    lineTotal: total, leadTimeDays: chosen.leadTimeDays ?? vendors[chosen.vendorID]?.leadTimeDays,
                    reasons: chosen.reasons + (choice.note.map { [$0] } ?? []),
                    alternatives: Array(alternatives.prefix(4)), brand: chosen.brand, category: chosen.category))
        }
        var shipping: [Quote.Shipping] = []
        for (vendorID, subtotal) in subtotals.sorted(by: { $0.key < $1.key }) {
            let vendor = vendors[vendorID]
            var fee = vendor?.shippingFee ?? .zero
            if let threshold = vendor?.freeShippingOver, subtotal >= threshold { fee = .zero }
            shipping.append(Quote.Shipping(vendorID: vendorID, vendorName: vendor?.name ?? vendorID, subtotal: subtotal, fee: fee))
        }
        let itemsTotal = lines.reduce(FixedDecimal.zero) { $0 + $1.lineTotal }
        let shippingTotal = shipping.reduce(FixedDecimal.zero) { $0 + $1.fee }
        let total = itemsTotal + shippingTotal
        var notes: [String] = []
        for line in Set(lines.map(\.line)).sorted() where lines.filter({ $0.line == line }).count > 1 {
            notes.append("line \(line + 1) is split across vendors: not enough stock at one")
        }
        for entry in shipping {
            if let minimum = vendors[entry.vendorID]?.minOrderValue, entry.subtotal < minimum {
                notes.append(
                    "\(entry.vendorName)'s minimum order is \(minimum.text(minimumPlaces: 2)); this order is \(entry.subtotal.text(minimumPlaces: 2))"
                )
            }
        }
        var remaining: FixedDecimal?
        if let budget = requisition.budget {
            remaining = budget.amount - total
            if total > budget.amount {
                notes.append(
                    "over the budget of \(budget.amount.text(minimumPlaces: 2)) by \((total - budget.amount).text(minimumPlaces: 2))")
            }
        }
        return Quote(
            currency: currency, lines: lines, shipping: shipping, unfilled: unfilled, itemsTotal: itemsTotal, shippingTotal: shippingTotal,
            total: total, method: method, budgetRemaining: remaining, notes: notes)
    }
}
