/// An organisation's preferences and restrictions on what the agent may buy: preferred and blocked
/// vendors, brand lists, an eco-label requirement, maximum unit prices per category, and how long a
/// quote's prices are held while it waits for approval.
public struct PurchasingPolicy: Sendable, Hashable, Codable {
    public var preferredVendors: [String]
    /// The bonus a preferred vendor gets when choosing offers, as a percentage of its prices.
    public var preferredVendorBonusPercent: Int
    public var blockedVendors: [String]
    /// When not empty, only these brands may be bought.
    public var allowedBrands: [String]
    public var blockedBrands: [String]
    public var ecoLabelRequired: Bool
    /// Category path or prefix ("Furniture > Chairs") → the most one unit may cost.
    public var maxUnitPrice: [String: FixedDecimal]
    public var priceHoldHours: Int

    public init(
        preferredVendors: [String] = [], preferredVendorBonusPercent: Int = 0, blockedVendors: [String] = [], allowedBrands: [String] = [],
        blockedBrands: [String] = [], ecoLabelRequired: Bool = false, maxUnitPrice: [String: FixedDecimal] = [:], priceHoldHours: Int = 72
    ) {
        self.preferredVendors = preferredVendors
        self.preferredVendorBonusPercent = preferredVendorBonusPercent
        self.blockedVendors = blockedVendors
        self.allowedBrands = allowedBrands
        self.blockedBrands = blockedBrands
        self.ecoLabelRequired = ecoLabelRequired
        self.maxUnitPrice = maxUnitPrice
        self.priceHoldHours = priceHoldHours
    }

    enum CodingKeys: String, CodingKey {
        case preferredVendors = "preferred_vendors", preferredVendorBonusPercent = "preferred_vendor_bonus_percent"
        case blockedVendors = "blocked_vendors", allowedBrands = "allowed_brands", blockedBrands = "blocked_brands"
        case ecoLabelRequired = "eco_label_required", maxUnitPrice = "max_unit_price", priceHoldHours = "price_hold_hours"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PurchasingPolicy()
        preferredVendors = try container.decodeIfPresent([String].self, forKey: .preferredVendors) ?? []
        preferredVendorBonusPercent =
            try container.decodeIfPresent(Int.self, forKey: .preferredVendorBonusPercent) ?? defaults.preferredVendorBonusPercent
        blockedVendors = try container.decodeIfPresent([String].self, forKey: .blockedVendors) ?? []
        allowedBrands = try container.decodeIfPresent([String].self, forKey: .allowedBrands) ?? []
        blockedBrands = try container.decodeIfPresent([String].self, forKey: .blockedBrands) ?? []
        ecoLabelRequired = try container.decodeIfPresent(Bool.self, forKey: .ecoLabelRequired) ?? false
        maxUnitPrice = try container.decodeIfPresent([String: FixedDecimal].self, forKey: .maxUnitPrice) ?? [:]
        priceHoldHours = try container.decodeIfPresent(Int.self, forKey: .priceHoldHours) ?? defaults.priceHoldHours
    }

    /// Field errors in a policy an administrator submitted.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if !(0...50).contains(preferredVendorBonusPercent) {
            errors.append(FieldError(field: "preferred_vendor_bonus_percent", message: "must be between 0 and 50"))
        }
        if !(1...24 * 90).contains(priceHoldHours) {
            errors.append(FieldError(field: "price_hold_hours", message: "must be between 1 and 2160 (90 days)"))
        }
        for vendor in preferredVendors where blockedVendors.contains(where: { $0.lowercased() == vendor.lowercased() }) {
            errors.append(FieldError(field: "preferred_vendors", message: "'\(vendor.prefix(40))' is also blocked"))
        }
        for brand in allowedBrands where blockedBrands.contains(where: { $0.lowercased() == brand.lowercased() }) {
            errors.append(FieldError(field: "allowed_brands", message: "'\(brand.prefix(40))' is also blocked"))
        }
        for (category, price) in maxUnitPrice.sorted(by: { $0.key < $1.key }) {
            if price <= .zero { errors.append(FieldError(field: "max_unit_price.\(category)", message: "must be above zero")) }
            if category.trimmingWhitespace().isEmpty {
                errors.append(FieldError(field: "max_unit_price", message: "category names must not be empty"))
            }
        }
        return errors
    }

    /// Why this offer may not be bought under the policy, or nil when it may.
    public func violation(
        vendorID: String, vendorName: String, brand: String?, category: [String], ecoLabel: Bool, unitPrice: FixedDecimal
    )
        -> String?
    {
        func listed(_ list: [String], _ values: String?...) -> Bool {
            list.contains { item in values.contains { $0?.lowercased() == item.lowercased() } }
        }
        if listed(blockedVendors, vendorID, vendorName) { return "vendor \(vendorName) is blocked by the organisation's policy" }
        if let brand, listed(blockedBrands, brand) { return "brand \(brand) is blocked by the organisation's policy" }
        if !allowedBrands.isEmpty, !listed(allowedBrands, brand) {
            return "brand \(brand ?? "unknown") is not on the organisation's brand list"
        }
        if ecoLabelRequired, !ecoLabel { return "the organisation requires an eco label" }
        for (prefix, limit) in maxUnitPrice where unitPrice > limit && ApprovalConditions.category(category, isIn: prefix) {
            return
                "unit price \(unitPrice.text(minimumPlaces: 2)) is above the organisation's maximum of \(limit.text(minimumPlaces: 2)) for \(prefix)"
        }
        return nil
    }

    /// Whether a vendor is preferred by the policy.
    public func prefers(vendorID: String, vendorName: String) -> Bool {
        preferredVendors.contains { $0.lowercased() == vendorID.lowercased() || $0.lowercased() == vendorName.lowercased() }
    }
}
