/// The sourcing basket: what to buy, from whom it can be bought, and the rules of the purchase.
///
/// Semantics (all money is exact `FixedDecimal` arithmetic on ten-thousandths; quantities are base units):
/// - **Price breaks.** The unit price for a quantity `x` bought from one offer is the price of the break
///   with the largest `minQuantity ≤ x`, or the offer's `unitPrice` when no break applies. It applies to
///   the whole quantity bought from that vendor for that item. Line total = unit price × quantity.
/// - **MOQ / order multiple / stock.** A quantity bought from an offer is either 0 or a multiple of
///   `orderMultiple` that is ≥ `moq` and ≤ `stock` (no stock = unlimited).
/// - **Allocation of a line (split rule).** A line is bought from a single offer at the smallest valid
///   quantity ≥ the requested quantity, or — when `allowSplit` is true — from several offers where every
///   offer but one supplies its whole available stock (its largest valid quantity, which must be less
///   than the requested quantity, and together less than it) and the last offer ("top-up") supplies the
///   smallest valid quantity ≥ what remains. So a line is split only when stock is short, and the only
///   over-buying ever planned is what a MOQ or an order multiple forces: never to reach a price break, a
///   free-shipping threshold or a minimum order value. Costs count the quantity actually bought.
/// - **Shipping.** A vendor that is used charges `shippingFee` once, waived when its subtotal (the sum of
///   its line totals) is ≥ `freeShippingOver`.
/// - **Minimum order value.** A vendor that is used must reach `minOrderValue` with the lines planned
///   for it; the optimiser never over-buys to reach it (such a vendor is simply not used).
/// - **Need-by / blocked.** Offers with `leadTimeDays > needByDays` and offers of blocked vendors are
///   ignored. The basket's delivery is the largest lead time among the offers used.
/// - **Max vendors.** At most `maxVendors` vendors are used.
/// - **Objective.** Minimise the landed cost (items + shipping) where the item prices of preferred
///   vendors count `preferredBonus` lower (0.02 = 2 % lower; shipping counts in full). Ties are broken by
///   fewer vendors, then earlier delivery. Reported totals are always at real prices.
/// - **Budget.** A plan whose real total exceeds the budget is reported with status infeasible and the
///   reason "over budget by X" (the plan is still shown). Budget does not steer the optimisation.
/// - **Infeasible lines** (no offers, all blocked, too late, not enough stock, MOQ above stock) are
///   reported per line; the rest of the basket is still optimised.
public struct BasketProblem: Sendable, Hashable {
    public var items: [BasketItem]
    public var vendors: [BasketVendor]
    public var offers: [BasketOffer]
    public var budget: FixedDecimal?
    public var needByDays: Int?
    public var blockedVendors: [String]
    public var preferredVendors: [String]
    /// A fraction in [0, 1): preferred vendors' item prices count this much lower in the objective.
    public var preferredBonus: FixedDecimal
    public var maxVendors: Int?
    public var allowSplit: Bool

    public init(
        items: [BasketItem], vendors: [BasketVendor], offers: [BasketOffer], budget: FixedDecimal? = nil, needByDays: Int? = nil,
        blockedVendors: [String] = [], preferredVendors: [String] = [], preferredBonus: FixedDecimal = .zero, maxVendors: Int? = nil,
        allowSplit: Bool = true
    ) {
        self.items = items
        self.vendors = vendors
        self.offers = offers
        self.budget = budget
        self.needByDays = needByDays
        self.blockedVendors = blockedVendors
        self.preferredVendors = preferredVendors
        self.preferredBonus = preferredBonus
        self.maxVendors = maxVendors
        self.allowSplit = allowSplit
    }
}

/// A requisition line: `quantity` base units of `sku`.
public struct BasketItem: Sendable, Hashable {
    public var sku: String
    public var quantity: Int

    public init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// A vendor's shipping terms.
public struct BasketVendor: Sendable, Hashable {
    public var id: String
    public var shippingFee: FixedDecimal
    /// The fee is waived when the vendor subtotal is ≥ this.
    public var freeShippingOver: FixedDecimal?
    /// A used vendor's subtotal must be ≥ this.
    public var minOrderValue: FixedDecimal?

    public init(id: String, shippingFee: FixedDecimal = .zero, freeShippingOver: FixedDecimal? = nil, minOrderValue: FixedDecimal? = nil) {
        self.id = id
        self.shippingFee = shippingFee
        self.freeShippingOver = freeShippingOver
        self.minOrderValue = minOrderValue
    }
}

/// A quantity price: `unitPrice` applies to the whole quantity when it is ≥ `minQuantity`.
public struct BasketPriceBreak: Sendable, Hashable {
    public var minQuantity: Int
    public var unitPrice: FixedDecimal

    public init(minQuantity: Int, unitPrice: FixedDecimal) {
        self.minQuantity = minQuantity
        self.unitPrice = unitPrice
    }
}

/// One vendor's offer for one SKU.
public struct BasketOffer: Sendable, Hashable {
    public var vendor: String
    public var sku: String
    public var unitPrice: FixedDecimal
    /// Most that can be bought; nil = unlimited.
    public var stock: Int?
    public var moq: Int
    public var orderMultiple: Int
    public var leadTimeDays: Int
    public var priceBreaks: [BasketPriceBreak]

    public init(
        vendor: String, sku: String, unitPrice: FixedDecimal, stock: Int? = nil, moq: Int = 1, orderMultiple: Int = 1,
        leadTimeDays: Int = 0, priceBreaks: [BasketPriceBreak] = []
    ) {
        self.vendor = vendor
        self.sku = sku
        self.unitPrice = unitPrice
        self.stock = stock
        self.moq = moq
        self.orderMultiple = orderMultiple
        self.leadTimeDays = leadTimeDays
        self.priceBreaks = priceBreaks
    }

    /// The unit price for buying `quantity` from this offer (highest applicable break).
    public func unitPrice(forQuantity quantity: Int) -> FixedDecimal {
        var price = unitPrice
        var best = Int.min
        for priceBreak in priceBreaks where priceBreak.minQuantity <= quantity && priceBreak.minQuantity > best {
            best = priceBreak.minQuantity
            price = priceBreak.unitPrice
        }
        return price
    }

    /// The smallest quantity this offer may sell (a multiple of the order multiple, at least the MOQ and 1).
    public var minimumQuantity: Int {
        let step = max(orderMultiple, 1)
        let floor = max(moq, 1)
        return (floor + step - 1) / step * step
    }

    /// The smallest valid quantity ≥ `needed`, or nil when the stock does not allow it.
    public func smallestQuantity(atLeast needed: Int) -> Int? {
        let step = max(orderMultiple, 1)
        let quantity = max(minimumQuantity, (max(needed, 1) + step - 1) / step * step)
        if let stock, quantity > stock { return nil }
        return quantity
    }

    /// The largest valid quantity within the stock (nil for unlimited stock or when none is valid).
    public var largestQuantity: Int? {
        guard let stock else { return nil }
        let step = max(orderMultiple, 1)
        let quantity = stock / step * step
        return quantity >= minimumQuantity ? quantity : nil
    }
}

/// A problem the optimiser refuses, naming the offending field.
public struct BasketInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

extension BasketProblem {
    /// Amounts beyond this (in ten-thousandths) are refused so that exact Int64 arithmetic cannot overflow.
    static let maxAmountUnits: Int64 = 1_000_000_000_000_000  // 100 billion

    /// Throws for inputs that have no sensible reading (see `BasketInputError`).
    public func validate() throws(BasketInputError) {
        var skus = Set<String>()
        for (index, item) in items.enumerated() {
            if item.sku.isEmpty { throw BasketInputError(field: "items[\(index)].sku", message: "must not be empty") }
            if !skus.insert(item.sku).inserted {
                throw BasketInputError(field: "items[\(index)].sku", message: "duplicate sku \"\(item.sku)\"")
            }
            if item.quantity <= 0 {
                throw BasketInputError(field: "items[\(index)].qty", message: "must be a positive whole number, got \(item.quantity)")
            }
            if item.quantity > 1_000_000_000 { throw BasketInputError(field: "items[\(index)].qty", message: "too large") }
        }
        var vendorIDs = Set<String>()
        for (index, vendor) in vendors.enumerated() {
            if vendor.id.isEmpty { throw BasketInputError(field: "vendors[\(index)].id", message: "must not be empty") }
            if !vendorIDs.insert(vendor.id).inserted {
                throw BasketInputError(field: "vendors[\(index)].id", message: "duplicate vendor \"\(vendor.id)\"")
            }
            for (name, value) in [
                ("shipping_fee", vendor.shippingFee), ("free_shipping_over", vendor.freeShippingOver),
                ("min_order_value", vendor.minOrderValue),
            ] {
                guard let value else { continue }
                if value.units < 0 { throw BasketInputError(field: "vendors[\(index)].\(name)", message: "must not be negative") }
                if value.units > Self.maxAmountUnits { throw BasketInputError(field: "vendors[\(index)].\(name)", message: "too large") }
            }
        }
        var pairs = Set<[String]>()
        for (index, offer) in offers.enumerated() {
            let field = "offers[\(index)]"
            if !vendorIDs.contains(offer.vendor) {
                throw BasketInputError(field: "\(field).vendor", message: "unknown vendor \"\(offer.vendor)\"")
            }
            if !skus.contains(offer.sku) { throw BasketInputError(field: "\(field).sku", message: "unknown sku \"\(offer.sku)\"") }
            if !pairs.insert([offer.vendor, offer.sku]).inserted {
                throw BasketInputError(field: field, message: "second offer of vendor \"\(offer.vendor)\" for sku \"\(offer.sku)\"")
            }
            if offer.unitPrice.units < 0 { throw BasketInputError(field: "\(field).unit_price", message: "must not be negative") }
            if offer.unitPrice.units > Self.maxAmountUnits { throw BasketInputError(field: "\(field).unit_price", message: "too large") }
            if let stock = offer.stock, stock < 0 { throw BasketInputError(field: "\(field).stock", message: "must not be negative") }
            if offer.moq < 0 { throw BasketInputError(field: "\(field).moq", message: "must not be negative") }
            if offer.moq > 1_000_000_000 { throw BasketInputError(field: "\(field).moq", message: "too large") }
            if offer.orderMultiple < 1 { throw BasketInputError(field: "\(field).order_multiple", message: "must be at least 1") }
            if offer.orderMultiple > 1_000_000_000 { throw BasketInputError(field: "\(field).order_multiple", message: "too large") }
            if offer.leadTimeDays < 0 { throw BasketInputError(field: "\(field).lead_time_days", message: "must not be negative") }
            var breakQuantities = Set<Int>()
            for (b, priceBreak) in offer.priceBreaks.enumerated() {
                let breakField = "\(field).price_breaks[\(b)]"
                if priceBreak.minQuantity < 1 { throw BasketInputError(field: "\(breakField).min_qty", message: "must be at least 1") }
                if !breakQuantities.insert(priceBreak.minQuantity).inserted {
                    throw BasketInputError(field: "\(breakField).min_qty", message: "duplicate break quantity \(priceBreak.minQuantity)")
                }
                if priceBreak.unitPrice.units < 0 {
                    throw BasketInputError(field: "\(breakField).unit_price", message: "must not be negative")
                }
                if priceBreak.unitPrice.units > Self.maxAmountUnits {
                    throw BasketInputError(field: "\(breakField).unit_price", message: "too large")
                }
            }
        }
        for (index, id) in blockedVendors.enumerated() where !vendorIDs.contains(id) {
            throw BasketInputError(field: "blocked_vendors[\(index)]", message: "unknown vendor \"\(id)\"")
        }
        for (index, id) in preferredVendors.enumerated() where !vendorIDs.contains(id) {
            throw BasketInputError(field: "preferred_vendors[\(index)]", message: "unknown vendor \"\(id)\"")
        }
        if preferredBonus.units < 0 || preferredBonus.units >= FixedDecimal.scale {
            throw BasketInputError(field: "preferred_bonus", message: "must be a fraction in [0, 1)")
        }
        if let maxVendors, maxVendors < 1 { throw BasketInputError(field: "max_vendors", message: "must be at least 1") }
        if let needByDays, needByDays < 0 { throw BasketInputError(field: "need_by_days", message: "must not be negative") }
        if let budget, budget.units < 0 { throw BasketInputError(field: "budget", message: "must not be negative") }
        if items.count > 100_000 { throw BasketInputError(field: "items", message: "more than 100000 lines") }
        if vendors.count > 10_000 { throw BasketInputError(field: "vendors", message: "more than 10000 vendors") }
    }
}

/// What the optimiser may spend.
public struct BasketOptions: Sendable, Hashable {
    /// Wall-clock limit for the search; the best plan found and a proven bound are returned when it runs out.
    public var timeLimitSeconds: Double
    /// Stop after this many branch-and-bound nodes (nil = no limit).
    public var maxNodes: Int?
    /// Fill in `BasketPlan.explanations` and `BasketPlan.savings`.
    public var explain: Bool
    /// Stop as soon as the best plan is proven within this fraction of the lower bound (0.001 = 0.1 %); the
    /// plan is then reported as feasible with that bound. Nil = search until proven optimal or out of time.
    public var gapTolerance: Double?

    public init(timeLimitSeconds: Double = 2, maxNodes: Int? = nil, explain: Bool = true, gapTolerance: Double? = nil) {
        self.timeLimitSeconds = timeLimitSeconds
        self.maxNodes = maxNodes
        self.explain = explain
        self.gapTolerance = gapTolerance
    }
}

public enum BasketStatus: String, Sendable, Hashable {
    /// The plan is proven to be the best (every line bought, within budget).
    case optimal
    /// The best plan found within the limits; `lowerBound` says how far from optimal it can be.
    case feasible
    /// Some line cannot be bought, the constraints admit no plan, or the plan is over budget.
    case infeasible
}

/// The optimiser's answer.
public struct BasketPlan: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var sku: String
        public var vendor: String
        public var quantity: Int
        public var unitPrice: FixedDecimal
        public var lineTotal: FixedDecimal
        public var leadTimeDays: Int
    }

    public struct Shipping: Sendable, Hashable {
        public var vendor: String
        /// The fee charged (0 when waived).
        public var fee: FixedDecimal
        public var subtotal: FixedDecimal
    }

    public struct Infeasibility: Sendable, Hashable {
        /// The line concerned, nil for a reason about the whole basket.
        public var sku: String?
        public var reason: String
    }

    /// Why a line is bought where it is.
    public struct Explanation: Sendable, Hashable {
        public var sku: String
        /// e.g. "v1" or "v1+v2" for a split line.
        public var chosen: String
        public var chosenCost: FixedDecimal
        /// The best other allocation of this line (other vendors), nil when there is none.
        public var runnerUp: String?
        public var runnerUpCost: FixedDecimal?
        /// How much the whole basket (items and shipping, at real prices) would cost more with the runner-up,
        /// everything else unchanged.
        public var costDifference: FixedDecimal?
    }

    public struct Savings: Sendable, Hashable {
        /// Each line from its cheapest offer for the whole quantity (lowest line total), plus the shipping that
        /// results; nil when some line has no such offer.
        public var cheapestPerLineTotal: FixedDecimal?
        public var versusCheapestPerLine: FixedDecimal?
        /// The cheapest vendor that can supply every line alone, with its total.
        public var bestSingleVendor: String?
        public var bestSingleVendorTotal: FixedDecimal?
        public var versusBestSingleVendor: FixedDecimal?
    }

    public var status: BasketStatus
    /// Items + shipping at real prices.
    public var total: FixedDecimal
    /// The objective value (preferred vendors' item prices discounted); equals `total` without preferences.
    public var objective: FixedDecimal
    /// A proven lower bound on the objective of any plan (equals `objective` when optimal).
    public var lowerBound: FixedDecimal
    public var lines: [Line]
    public var shipping: [Shipping]
    public var infeasible: [Infeasibility]
    public var vendorsUsed: [String]
    public var deliveryDays: Int?
    public var explanations: [Explanation]
    public var savings: Savings?
    public var seconds: Double
    public var nodes: Int
    /// (objective − lower bound) / objective, 0 when proven.
    public var gap: Double {
        guard objective.units > 0 else { return 0 }
        return Double(max(0, objective.units - lowerBound.units)) / Double(objective.units)
    }
}
