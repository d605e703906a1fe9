/// A purchase order to one vendor, as sent: who buys from whom, what, delivered where, on which
/// terms. Each change sent to the vendor is a new version of the same number; the order's progress
/// (acknowledged, shipped, received…) lives in `PurchaseOrderState`.
///
/// Amounts are in `currency`, as exact decimals.
public struct PurchaseOrder: Sendable, Hashable, Codable {
    public var number: PurchaseOrderNumber
    /// 1 for the original order, one more for each change order.
    public var version: Int
    /// When this version was issued, in milliseconds since the epoch (UTC).
    public var orderDate: Int64
    /// The vendor the order goes to (its platform ID).
    public var vendorID: String
    /// The purchase request this order fills, when it came from one.
    public var requestID: String?
    public var currency: CurrencyCode
    public var buyer: Party
    public var billTo: Party
    public var shipTo: Party
    public var supplier: Party
    public var paymentTerms: PaymentTerms
    public var incoterms: Incoterms?
    public var shipping: PurchaseOrderCharge?
    public var tax: PurchaseOrderCharge?
    public var lines: [PurchaseOrderLine]
    /// Terms and conditions printed on the order and sent as comments, one paragraph each.
    public var terms: [String]

    public init(
        number: PurchaseOrderNumber, version: Int = 1, orderDate: Int64, vendorID: String, requestID: String? = nil,
        currency: CurrencyCode, buyer: Party, billTo: Party, shipTo: Party, supplier: Party, paymentTerms: PaymentTerms = .net30,
        incoterms: Incoterms? = nil, shipping: PurchaseOrderCharge? = nil, tax: PurchaseOrderCharge? = nil,
        lines: [PurchaseOrderLine], terms: [String] = []
    ) {
        self.number = number
        self.version = version
        self.orderDate = orderDate
        self.vendorID = vendorID
        self.requestID = requestID
        self.currency = currency
        self.buyer = buyer
        self.billTo = billTo
        self.shipTo = shipTo
        self.supplier = supplier
        self.paymentTerms = paymentTerms
        self.incoterms = incoterms
        self.shipping = shipping
        self.tax = tax
        self.lines = lines
        self.terms = terms
    }

    /// The sum of the line totals.
    public var subtotal: FixedDecimal { lines.reduce(.zero) { $0 + $1.lineTotal } }
    public var shippingAmount: FixedDecimal { shipping?.amount ?? .zero }
    public var taxAmount: FixedDecimal { tax?.amount ?? .zero }
    /// What the buyer owes: lines, shipping and tax.
    public var total: FixedDecimal { subtotal + shippingAmount + taxAmount }

    public func money(_ amount: FixedDecimal) -> Money { Money(amount, currency) }

    public func line(_ lineNumber: Int) -> PurchaseOrderLine? { lines.first { $0.lineNumber == lineNumber } }

    /// The next version: a copy with `version + 1`, issued at `orderDate`, changed by `edit`. Line
    /// numbers identify lines across versions; a line dropped from the order is removed.
    public func revised(at orderDate: Int64, _ edit: (inout PurchaseOrder) -> Void) -> PurchaseOrder {
        var next = self
        edit(&next)
        next.number = number
        next.version = version + 1
        next.orderDate = orderDate
        return next
    }

    /// Checks what a vendor needs to act on the order; every problem at once, with its field.
    public func validate() throws(ValidationFailure) {
        var check = Validator()
        if version < 1 { check.fail("version", "must be at least 1") }
        check.text("vendor_id", vendorID, maxLength: 200)
        for (field, party) in [("buyer", buyer), ("bill_to", billTo), ("ship_to", shipTo), ("supplier", supplier)] {
            check.text("\(field).name", party.name, maxLength: 200)
            if !party.address.street.contains(where: { !$0.trimmingWhitespace().isEmpty }) {
                check.fail("\(field).address.street", "must have at least one line")
            }
            check.text("\(field).address.city", party.address.city, maxLength: 100)
            let country = party.address.countryCode
            if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                check.fail("\(field).address.country_code", "must be an ISO 3166 two-letter code")
            }
            if let email = party.contact?.email, !EmailAddress.isPlausible(email) {
                check.fail("\(field).contact.email", "is not a valid email address")
            }
        }
        if paymentTerms.netDays < 0 { check.fail("payment_terms.net_days", "must not be negative") }
        if shippingAmount < .zero { check.fail("shipping.amount", "must not be negative") }
        if taxAmount < .zero { check.fail("tax.amount", "must not be negative") }
        if lines.isEmpty { check.fail("lines", "must have at least one line") }
        var seen: Set<Int> = []
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            if line.lineNumber < 1 { check.fail("\(field).line_number", "must be at least 1") }
            if !seen.insert(line.lineNumber).inserted { check.fail("\(field).line_number", "repeats line \(line.lineNumber)") }
            check.text("\(field).supplier_part_id", line.supplierPartID, maxLength: 100)
            check.text("\(field).description", line.description, maxLength: 2000)
            if line.quantity < 1 { check.fail("\(field).quantity", "must be at least 1") }
            if line.unitPrice < .zero { check.fail("\(field).unit_price", "must not be negative") }
        }
        try check.check()
    }

    enum CodingKeys: String, CodingKey {
        case number, version, orderDate = "order_date", vendorID = "vendor_id", requestID = "request_id", currency, buyer
        case billTo = "bill_to", shipTo = "ship_to", supplier, paymentTerms = "payment_terms", incoterms, shipping, tax, lines, terms
    }
}

/// One thing ordered: which item (in the buyer's and the supplier's part numbers), how many of
/// which unit, at what price, wanted when, charged to which cost centre.
public struct PurchaseOrderLine: Sendable, Hashable, Codable {
    /// 1-based, stable across versions: a vendor's confirmation or ship notice names lines by it.
    public var lineNumber: Int
    public var buyerPartID: String?
    public var supplierPartID: String
    public var description: String
    /// Whole units of `unit` (packs when the unit is a pack).
    public var quantity: Int
    /// UN/CEFACT unit code (`EA`, `RM`, `BX`, `PK`).
    public var unit: UnitOfMeasure
    public var unitPrice: FixedDecimal
    public var requestedDeliveryDate: LocalDate?
    public var costCentre: String?
    /// UNSPSC commodity code, when known.
    public var unspsc: String?

    public init(
        lineNumber: Int, buyerPartID: String? = nil, supplierPartID: String, description: String, quantity: Int,
        unit: UnitOfMeasure = .each, unitPrice: FixedDecimal, requestedDeliveryDate: LocalDate? = nil, costCentre: String? = nil,
        unspsc: String? = nil
    ) {
        self.lineNumber = lineNumber
        self.buyerPartID = buyerPartID
        self.supplierPartID = supplierPartID
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.requestedDeliveryDate = requestedDeliveryDate
        self.costCentre = costCentre
        self.unspsc = unspsc
    }

    public var lineTotal: FixedDecimal { unitPrice * quantity }

    enum CodingKeys: String, CodingKey {
        case lineNumber = "line_number", buyerPartID = "buyer_part_id", supplierPartID = "supplier_part_id", description, quantity
        case unit, unitPrice = "unit_price", requestedDeliveryDate = "requested_delivery_date", costCentre = "cost_centre", unspsc
    }
}
