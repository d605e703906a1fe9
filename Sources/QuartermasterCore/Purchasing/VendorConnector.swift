/// How a purchase order reaches a vendor, whatever the vendor speaks (its JSON API, cXML, the
/// supplier portal): place an order, a change or a cancellation, and ask where an order stands.
///
/// Every submission carries an idempotency key: submitting again with the same key must return
/// the same vendor order, never place a second one. The caller records the submission as an intent
/// under that key before calling and the receipt after, so a submission interrupted at any moment
/// is finished later by submitting again with the same key (see `VendorError.outcomeIsUnknown`).
public protocol VendorConnector: Sendable {
    /// Sends `order` (its current version) as a new order, a change order or a cancellation.
    func submit(_ order: PurchaseOrder, operation: VendorOperation, idempotencyKey: String) async throws(VendorError) -> VendorReceipt

    /// Where the vendor's order `reference` (from a receipt) stands.
    func status(of reference: String) async throws(VendorError) -> VendorOrderStatus
}

/// What a submission asks of the vendor.
public enum VendorOperation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Place the order (version 1).
    case new
    /// Replace the order with its current version (a change order).
    case change
    /// Cancel the order.
    case cancel
}

/// The idempotency key of a submission: the same order number, version and operation always give
/// the same key, so a retry after a crash is recognised by the vendor as the same submission.
public enum VendorIdempotencyKey {
    /// `org-acme:PO-2026-000123:v2:change`. `scope` keeps the keys of organisations apart, since
    /// order numbers are unique only within one organisation.
    public static func make(scope: String, order: PurchaseOrder, operation: VendorOperation) -> String {
        "\(scope):\(order.number.text):v\(order.version):\(operation.rawValue)"
    }
}
