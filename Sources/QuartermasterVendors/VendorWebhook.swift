import Crypto
import QuartermasterCore

/// A webhook from an HTTP JSON vendor, read into what `PurchaseOrderState` takes: an
/// acknowledgement or a ship notice. The event ID lets the receiver ignore a delivery it already
/// applied (vendors deliver at least once).
public struct VendorWebhook: Sendable, Hashable {
    public enum Event: Sendable, Hashable {
        case acknowledged(OrderConfirmation)
        case shipped(ShipNotice)
        case invoiced(VendorInvoice)
    }

    /// An invoice a vendor sent through its connector.
    public struct VendorInvoice: Sendable, Hashable {
        public var orderNumber: PurchaseOrderNumber
        public var number: String
        public var lines: [InvoiceLine]
        public var shipping: FixedDecimal
        public var tax: FixedDecimal
    }

    public var eventID: String
    /// The vendor's order ID.
    public var reference: String
    public var event: Event

    /// The header carrying `sha256=<hex HMAC-SHA256 of the body>` when a secret is agreed.
    public static let signatureHeader = "vendor-signature"

    /// Reads a webhook body. Contradictions with our order (unknown lines, more shipped than
    /// ordered) are left to `PurchaseOrderState`, which refuses them with a reason.
    public static func parse(_ bytes: some Collection<UInt8>, currency: CurrencyCode? = nil) throws(VendorError) -> VendorWebhook {
        let wire = try VendorJSONWire.decode(VendorJSONWire.Event.self, from: bytes)
        guard let number = PurchaseOrderNumber(wire.order.poNumber) else {
            throw .malformed("po_number \(wire.order.poNumber) is not a purchase order number")
        }
        switch wire.type {
        case "order.acknowledged":
            guard let lines = wire.lines, !lines.isEmpty else { throw .malformed("order.acknowledged without lines") }
            var answers: [LineConfirmation] = []
            for line in lines {
                guard let answer = try line.confirmation(currency: currency) else {
                    throw .malformed("line \(line.lineNumber) is still pending")
                }
                answers.append(answer)
            }
            let confirmation = OrderConfirmation(
                orderNumber: number, orderVersion: wire.order.version, confirmationID: wire.id,
                noticeDate: ISO8601DateTime.parse(wire.createdAt) ?? 0, lines: answers)
            return VendorWebhook(eventID: wire.id, reference: wire.order.id, event: .acknowledged(confirmation))
        case "order.shipped":
            guard let shipment = wire.shipment else { throw .malformed("order.shipped without shipment") }
            return VendorWebhook(eventID: wire.id, reference: wire.order.id, event: .shipped(try shipment.notice(orderNumber: number)))
        case "order.invoiced":
            guard let invoice = wire.invoice else { throw .malformed("order.invoiced without invoice") }
            let invoiceNumber = invoice.number.trimmingWhitespace()
            guard !invoiceNumber.isEmpty, invoiceNumber.count <= 100 else { throw .malformed("invoice number must be 1 to 100 characters") }
            guard !invoice.lines.isEmpty else { throw .malformed("the invoice has no lines") }
            var lines: [InvoiceLine] = []
            for line in invoice.lines {
                guard let price = FixedDecimal(parsing: line.unitPrice), price >= .zero, line.quantity >= 1 else {
                    throw .malformed("invoice line \(line.lineNumber): quantity must be at least 1 and unit_price an amount")
                }
                lines.append(InvoiceLine(lineNumber: line.lineNumber, quantity: line.quantity, unitPrice: price))
            }
            func amount(_ text: String?, _ field: String) throws(VendorError) -> FixedDecimal {
                guard let text else { return .zero }
                guard let value = FixedDecimal(parsing: text), value >= .zero else {
                    throw .malformed("invoice \(field) \(text) is not an amount")
                }
                return value
            }
            let vendorInvoice = VendorInvoice(
                orderNumber: number, number: invoiceNumber, lines: lines, shipping: try amount(invoice.shipping, "shipping"),
                tax: try amount(invoice.tax, "tax"))
            return VendorWebhook(eventID: wire.id, reference: wire.order.id, event: .invoiced(vendorInvoice))
        default:
            throw .malformed("unknown event type \(wire.type)")
        }
    }

    /// `sha256=<hex>` for `body` under `secret`.
    public static func signature(for body: some Collection<UInt8>, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(body), using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// Whether `header` is the signature of `body` under `secret` (compared in constant time).
    public static func verify(_ body: some Collection<UInt8>, signature header: String?, secret: String) -> Bool {
        guard let header else { return false }
        return constantTimeEqual(Array(signature(for: body, secret: secret).utf8), Array(header.utf8))
    }

    /// Whether two secrets are equal, in a time that does not depend on where they differ.
    public static func constantTimeEqual(_ expected: [UInt8], _ given: [UInt8]) -> Bool {
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
