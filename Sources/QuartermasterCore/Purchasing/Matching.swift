/// One line of a goods receipt: how many arrived, how many were accepted, and why the rest were not.
public struct ReceiptLine: Sendable, Hashable, Codable {
    public var lineNumber: Int
    public var received: Int
    public var rejected: Int
    public var reason: String?

    public init(lineNumber: Int, received: Int, rejected: Int = 0, reason: String? = nil) {
        self.lineNumber = lineNumber
        self.received = received
        self.rejected = rejected
        self.reason = reason
    }

    public var accepted: Int { received - rejected }

    enum CodingKeys: String, CodingKey {
        case lineNumber = "line_number", received, rejected, reason
    }
}

/// Tolerances for receiving and matching. Over-receipt is shared by all receipts of a line.
public struct MatchTolerances: Sendable, Hashable, Codable {
    /// Accepted quantity may exceed the ordered by this percentage (rounded down).
    public var overReceiptPercent: Int
    /// An invoiced quantity may exceed the accepted by this percentage.
    public var quantityPercent: Int
    /// An invoiced unit price may exceed the ordered by this percentage.
    public var pricePercent: Int
    /// The invoice total may exceed what the order and receipts justify by this much in all.
    public var amount: FixedDecimal

    public init(overReceiptPercent: Int = 0, quantityPercent: Int = 0, pricePercent: Int = 2, amount: FixedDecimal = FixedDecimal(5)) {
        self.overReceiptPercent = overReceiptPercent
        self.quantityPercent = quantityPercent
        self.pricePercent = pricePercent
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case overReceiptPercent = "over_receipt_percent", quantityPercent = "quantity_percent", pricePercent = "price_percent", amount
    }

    static func allowance(_ base: Int, percent: Int) -> Int { base + base * max(0, percent) / 100 }
}

/// Checks a receipt against an order and what earlier receipts accepted.
public enum Receiving {
    /// Field errors in `lines`, given each line's ordered quantity and what was accepted before.
    public static func problems(
        _ lines: [ReceiptLine], ordered: [Int: Int], acceptedBefore: [Int: Int], tolerances: MatchTolerances
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if lines.isEmpty { errors.append(FieldError(field: "lines", message: "must list at least one line")) }
        var seen: Set<Int> = []
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            guard let quantity = ordered[line.lineNumber] else {
                errors.append(FieldError(field: "\(field).line", message: "the order has no line \(line.lineNumber)"))
                continue
            }
            if !seen.insert(line.lineNumber).inserted {
                errors.append(FieldError(field: "\(field).line", message: "repeats line \(line.lineNumber)"))
            }
            if line.received < 1 { errors.append(FieldError(field: "\(field).quantity", message: "must be at least 1")) }
            if line.rejected < 0 || line.rejected > line.received {
                errors.append(FieldError(field: "\(field).rejected", message: "must be between 0 and the quantity received"))
            } else if line.rejected > 0, (line.reason ?? "").trimmingWhitespace().isEmpty {
                errors.append(FieldError(field: "\(field).reason", message: "is required when goods are rejected"))
            }
            let limit = MatchTolerances.allowance(quantity, percent: tolerances.overReceiptPercent)
            let total = (acceptedBefore[line.lineNumber] ?? 0) + line.accepted
            if total > limit {
                errors.append(
                    FieldError(
                        field: "\(field).quantity",
                        message:
                            "\(total) accepted in all is more than the \(quantity) ordered"
                            + (limit > quantity ? " plus the \(tolerances.overReceiptPercent)% tolerance (\(limit))" : "")))
            }
        }
        return errors
    }
}

/// One line of a vendor's invoice.
public struct InvoiceLine: Sendable, Hashable, Codable {
    public var lineNumber: Int
    public var quantity: Int
    public var unitPrice: FixedDecimal

    public init(lineNumber: Int, quantity: Int, unitPrice: FixedDecimal) {
        self.lineNumber = lineNumber
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    public var total: FixedDecimal { unitPrice * quantity }

    enum CodingKeys: String, CodingKey {
        case lineNumber = "line_number", quantity, unitPrice = "unit_price"
    }
}

/// The three-way match of an invoice against its order (prices) and receipts (quantities).
public struct InvoiceMatch: Sendable, Hashable {
    public var matched: Bool
    /// Why it is held: one reason per problem.
    public var reasons: [String]
    /// What the order and receipts justify: accepted quantities at ordered prices, plus shipping and tax.
    public var expected: FixedDecimal

    /// Matches `lines` (plus `charges`: shipping and tax invoiced) against `order` and the accepted
    /// quantities per line.
    public static func match(
        _ lines: [InvoiceLine], charges: FixedDecimal, order: PurchaseOrder, accepted: [Int: Int], tolerances: MatchTolerances
    ) -> InvoiceMatch {
        var reasons: [String] = []
        var expected = order.shippingAmount + order.taxAmount
        var invoiced = charges
        for line in lines {
            invoiced = invoiced + line.total
            guard let ordered = order.line(line.lineNumber) else {
                reasons.append("line \(line.lineNumber) is not on \(order.number.text)")
                continue
            }
            let received = accepted[line.lineNumber] ?? 0
            expected = expected + ordered.unitPrice * min(line.quantity, received)
            if line.quantity > MatchTolerances.allowance(received, percent: tolerances.quantityPercent) {
                reasons.append("line \(line.lineNumber): \(line.quantity) invoiced but \(received) accepted")
            }
            let priceLimit = ordered.unitPrice + FixedDecimal(units: ordered.unitPrice.units * Int64(max(0, tolerances.pricePercent)) / 100)
            if line.unitPrice > priceLimit {
                reasons.append(
                    "line \(line.lineNumber): unit price \(line.unitPrice.text(minimumPlaces: 2)) is above the ordered \(ordered.unitPrice.text(minimumPlaces: 2))"
                        + (tolerances.pricePercent > 0 ? " plus \(tolerances.pricePercent)%" : ""))
            }
        }
        if invoiced > expected + tolerances.amount {
            reasons.append(
                "the invoice total \(invoiced.text(minimumPlaces: 2)) is \((invoiced - expected).text(minimumPlaces: 2)) above what the order and receipts justify (\(expected.text(minimumPlaces: 2)))"
            )
        }
        return InvoiceMatch(matched: reasons.isEmpty, reasons: reasons, expected: expected)
    }
}
