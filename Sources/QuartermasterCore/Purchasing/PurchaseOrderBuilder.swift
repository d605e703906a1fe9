/// Where an organisation's purchase orders come from and go to: the buyer, who is billed, where
/// goods are delivered by default, and the terms it buys on.
public struct PurchasingProfile: Sendable, Hashable, Codable {
    public var buyer: Party?
    public var billTo: Party?
    public var shipTo: Party?
    public var paymentTerms: PaymentTerms
    public var incoterms: Incoterms?
    /// Printed on every order ("Quote the PO number on every invoice").
    public var terms: [String]
    /// Over-receipt and invoice-matching tolerances.
    public var tolerances: MatchTolerances

    public init(
        buyer: Party? = nil, billTo: Party? = nil, shipTo: Party? = nil, paymentTerms: PaymentTerms = .net30, incoterms: Incoterms? = nil,
        terms: [String] = [], tolerances: MatchTolerances = MatchTolerances()
    ) {
        self.tolerances = tolerances
        self.buyer = buyer
        self.billTo = billTo
        self.shipTo = shipTo
        self.paymentTerms = paymentTerms
        self.incoterms = incoterms
        self.terms = terms
    }

    enum CodingKeys: String, CodingKey {
        case buyer, billTo = "bill_to", shipTo = "ship_to", paymentTerms = "payment_terms", incoterms, terms, tolerances
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        buyer = try container.decodeIfPresent(Party.self, forKey: .buyer)
        billTo = try container.decodeIfPresent(Party.self, forKey: .billTo)
        shipTo = try container.decodeIfPresent(Party.self, forKey: .shipTo)
        paymentTerms = try container.decodeIfPresent(PaymentTerms.self, forKey: .paymentTerms) ?? .net30
        incoterms = try container.decodeIfPresent(Incoterms.self, forKey: .incoterms)
        terms = try container.decodeIfPresent([String].self, forKey: .terms) ?? []
        tolerances = try container.decodeIfPresent(MatchTolerances.self, forKey: .tolerances) ?? MatchTolerances()
    }
}

/// Turns an approved quote into purchase orders: one per vendor, its lines in quote order, the
/// vendor's shipping fee as the order's shipping charge.
public enum PurchaseOrderBuilder {
    /// The vendors of a quote in the order their orders are numbered (by first appearance).
    public static func vendors(of quote: Quote) -> [String] {
        var seen: Set<String> = []
        return quote.lines.map(\.vendorID).filter { seen.insert($0).inserted }
    }

    /// The orders for `quote`. `numbers` gives one number per vendor, in `vendors(of:)` order;
    /// `suppliers` the vendors as parties. A party the organisation has not described yet is left
    /// with its name only: the draft is kept, and issuing it reports what is missing.
    public static func orders(
        for quote: Quote, requestID: String, requisition: Requisition, profile: PurchasingProfile, organizationName: String,
        suppliers: [String: Party], numbers: [PurchaseOrderNumber], orderDate: Int64
    ) -> [PurchaseOrder] {
        let vendors = vendors(of: quote)
        precondition(numbers.count == vendors.count, "one number per vendor")
        let unnamed = PostalAddress(street: [], city: "", countryCode: "")
        let (buyer, billTo, shipTo) = parties(requisition: requisition, profile: profile, organizationName: organizationName)
        let needBy = requisition.needBy.flatMap { LocalDate(iso: $0) }
        return zip(vendors, numbers).map { vendorID, number in
            let lines = quote.lines.filter { $0.vendorID == vendorID }
            let fee = quote.shipping.first { $0.vendorID == vendorID }?.fee ?? .zero
            let supplier = suppliers[vendorID] ?? Party(id: vendorID, name: lines.first?.vendorName ?? vendorID, address: unnamed)
            return PurchaseOrder(
                number: number, orderDate: orderDate, vendorID: vendorID, requestID: requestID, currency: quote.currency, buyer: buyer,
                billTo: billTo, shipTo: shipTo, supplier: supplier, paymentTerms: profile.paymentTerms,
                incoterms: profile.incoterms, shipping: fee > .zero ? PurchaseOrderCharge(amount: fee, description: "Shipping") : nil,
                lines: lines.enumerated().map { index, line in
                    PurchaseOrderLine(
                        lineNumber: index + 1, buyerPartID: line.variantSKU, supplierPartID: line.vendorSKU, description: line.title,
                        quantity: line.quantity, unit: UnitOfMeasure(line.unit) ?? .each, unitPrice: line.unitPrice,
                        requestedDeliveryDate: needBy, costCentre: requisition.costCentre)
                },
                terms: profile.terms)
        }
    }

    /// The buyer, bill-to and ship-to parties from the profile as it stands (the organisation's
    /// name alone where the profile says nothing; the requisition's delivery place when the
    /// profile has no ship-to).
    static func parties(
        requisition: Requisition, profile: PurchasingProfile, organizationName: String
    ) -> (buyer: Party, billTo: Party, shipTo: Party) {
        let unnamed = PostalAddress(street: [], city: "", countryCode: "")
        let buyer = profile.buyer ?? Party(name: organizationName, address: unnamed)
        var shipTo = profile.shipTo ?? buyer
        if let place = requisition.deliverTo, !place.isEmpty, profile.shipTo == nil {
            shipTo = Party(name: "\(organizationName) — \(place)", address: unnamed)
        }
        return (buyer, profile.billTo ?? buyer, shipTo)
    }

    /// A draft written again with the parties and terms as they stand now (the profile or the
    /// vendor's address may have been completed since it was drafted); lines, number and version
    /// are kept.
    public static func refreshed(
        _ order: PurchaseOrder, requisition: Requisition, profile: PurchasingProfile, organizationName: String, supplier: Party?
    ) -> PurchaseOrder {
        var next = order
        (next.buyer, next.billTo, next.shipTo) = parties(requisition: requisition, profile: profile, organizationName: organizationName)
        if let supplier { next.supplier = supplier }
        next.paymentTerms = profile.paymentTerms
        next.incoterms = profile.incoterms
        next.terms = profile.terms
        return next
    }
}
