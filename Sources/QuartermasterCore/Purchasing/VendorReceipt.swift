/// The vendor's answer to a submission: its reference for the order, whether it accepted the order
/// at once or only received it (an acknowledgement follows), and the answer as it came.
public struct VendorReceipt: Sendable, Hashable, Codable {
    public enum Acceptance: String, Sendable, Hashable, Codable {
        /// The vendor holds the order and will acknowledge it later.
        case received
        /// The vendor accepted it (or the change or cancellation) already.
        case accepted
    }

    /// The vendor's own reference for the order (its order ID; our order number for cXML vendors).
    public var reference: String
    public var acceptance: Acceptance
    /// The vendor's per-line answer when it gave one with the receipt.
    public var confirmation: OrderConfirmation?
    /// Whether the vendor recognised the idempotency key from an earlier submission.
    public var isRepeat: Bool
    /// The answer's body, as text, for the record.
    public var raw: String

    public init(reference: String, acceptance: Acceptance, confirmation: OrderConfirmation? = nil, isRepeat: Bool = false, raw: String) {
        self.reference = reference
        self.acceptance = acceptance
        self.confirmation = confirmation
        self.isRepeat = isRepeat
        self.raw = raw
    }

    enum CodingKeys: String, CodingKey {
        case reference, acceptance, confirmation, isRepeat = "is_repeat", raw
    }
}

/// Where a vendor says an order stands, with its per-line answers and shipments when known: the
/// owner applies them to `PurchaseOrderState` (`acknowledge`, `ship`) like any other notice.
public struct VendorOrderStatus: Sendable, Hashable, Codable {
    public enum Stage: String, Sendable, Hashable, Codable {
        case received, acknowledged
        case partiallyShipped = "partially_shipped", shipped
        case cancelled, rejected
    }

    public var reference: String
    public var orderNumber: PurchaseOrderNumber
    /// The order version the vendor holds.
    public var version: Int
    public var stage: Stage
    /// The vendor's answer per line, once it acknowledged the order.
    public var confirmation: OrderConfirmation?
    public var shipments: [ShipNotice]
    /// Why the order was cancelled or rejected.
    public var reason: String?

    public init(
        reference: String, orderNumber: PurchaseOrderNumber, version: Int, stage: Stage, confirmation: OrderConfirmation? = nil,
        shipments: [ShipNotice] = [], reason: String? = nil
    ) {
        self.reference = reference
        self.orderNumber = orderNumber
        self.version = version
        self.stage = stage
        self.confirmation = confirmation
        self.shipments = shipments
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case reference, orderNumber = "order_number", version, stage, confirmation, shipments, reason
    }
}
