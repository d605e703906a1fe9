/// When the buyer pays: net days after the invoice, with an optional early-payment discount
/// ("2% 10, Net 30": 2% off when paid within 10 days, otherwise the full amount within 30).
public struct PaymentTerms: Sendable, Hashable, Codable, CustomStringConvertible {
    public var netDays: Int
    public var discountPercent: FixedDecimal?
    public var discountDays: Int?

    public init(netDays: Int, discountPercent: FixedDecimal? = nil, discountDays: Int? = nil) {
        self.netDays = netDays
        self.discountPercent = discountPercent
        self.discountDays = discountDays
    }

    public static let net30 = PaymentTerms(netDays: 30)

    public var description: String {
        let net = netDays == 0 ? "Due on receipt" : "Net \(netDays)"
        guard let discountPercent, let discountDays else { return net }
        return "\(discountPercent.text())% \(discountDays), \(net)"
    }

    enum CodingKeys: String, CodingKey {
        case netDays = "net_days", discountPercent = "discount_percent", discountDays = "discount_days"
    }
}

/// An Incoterms 2020 rule and its named place: who pays carriage and where risk passes.
public struct Incoterms: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        case exw = "EXW", fca = "FCA", cpt = "CPT", cip = "CIP", dap = "DAP", dpu = "DPU", ddp = "DDP"
        case fas = "FAS", fob = "FOB", cfr = "CFR", cif = "CIF"

        public var name: String {
            switch self {
            case .exw: "Ex Works"
            case .fca: "Free Carrier"
            case .cpt: "Carriage Paid To"
            case .cip: "Carriage and Insurance Paid To"
            case .dap: "Delivered at Place"
            case .dpu: "Delivered at Place Unloaded"
            case .ddp: "Delivered Duty Paid"
            case .fas: "Free Alongside Ship"
            case .fob: "Free on Board"
            case .cfr: "Cost and Freight"
            case .cif: "Cost, Insurance and Freight"
            }
        }

        /// Whether the seller pays the main carriage (C and D rules) rather than the buyer (E and F rules).
        public var sellerPaysCarriage: Bool {
            switch self {
            case .exw, .fca, .fas, .fob: false
            case .cpt, .cip, .dap, .dpu, .ddp, .cfr, .cif: true
            }
        }
    }

    public var rule: Rule
    /// The named place ("Lisbon warehouse", "Port of Rotterdam").
    public var place: String

    public init(_ rule: Rule, place: String) {
        self.rule = rule
        self.place = place
    }

    /// `DAP Lisbon (Incoterms 2020)`, the way the rule is quoted in contracts.
    public var description: String { "\(rule.rawValue) \(place) (Incoterms 2020)" }
}

/// An amount added to the order with what it is for: shipping, or a tax.
public struct PurchaseOrderCharge: Sendable, Hashable, Codable {
    public var amount: FixedDecimal
    /// "Standard delivery", "VAT 23%".
    public var description: String

    public init(amount: FixedDecimal, description: String) {
        self.amount = amount
        self.description = description
    }
}
