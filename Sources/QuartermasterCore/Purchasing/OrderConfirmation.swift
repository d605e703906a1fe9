/// A vendor's answer to a purchase order (an acknowledgement), line by line, however it arrived:
/// a cXML ConfirmationRequest, the JSON API, or the supplier portal.
public struct OrderConfirmation: Sendable, Hashable, Codable {
    public var orderNumber: PurchaseOrderNumber
    /// The version confirmed, when the vendor says; a confirmation of an older version is stale.
    public var orderVersion: Int?
    /// The vendor's reference for this confirmation.
    public var confirmationID: String?
    /// When the vendor confirmed, in milliseconds since the epoch (UTC).
    public var noticeDate: Int64
    /// Set when the vendor accepted or rejected the whole order without naming lines.
    public var wholeOrder: LineConfirmation.Status?
    /// Per-line answers. A line may appear several times when split (6 accepted, 4 backordered).
    public var lines: [LineConfirmation]
    public var comment: String?

    public init(
        orderNumber: PurchaseOrderNumber, orderVersion: Int? = nil, confirmationID: String? = nil, noticeDate: Int64,
        wholeOrder: LineConfirmation.Status? = nil, lines: [LineConfirmation] = [], comment: String? = nil
    ) {
        self.orderNumber = orderNumber
        self.orderVersion = orderVersion
        self.confirmationID = confirmationID
        self.noticeDate = noticeDate
        self.wholeOrder = wholeOrder
        self.lines = lines
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case orderNumber = "order_number", orderVersion = "order_version", confirmationID = "confirmation_id"
        case noticeDate = "notice_date", wholeOrder = "whole_order", lines, comment
    }
}

/// What a vendor said about (part of) one order line.
public struct LineConfirmation: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Will ship as ordered.
        case accepted
        /// Will not ship.
        case rejected
        /// Will ship later than asked (`deliveryDate` says when, if known).
        case backordered
        /// Will ship with a different quantity, price or date.
        case changed
    }

    public var lineNumber: Int
    public var status: Status
    /// How many units this answer covers (the new quantity when changed).
    public var quantity: Int
    /// The vendor's price when it differs from the order's.
    public var unitPrice: Money?
    /// When the vendor expects to deliver.
    public var deliveryDate: LocalDate?
    public var comment: String?

    public init(
        lineNumber: Int, status: Status, quantity: Int, unitPrice: Money? = nil, deliveryDate: LocalDate? = nil,
        comment: String? = nil
    ) {
        self.lineNumber = lineNumber
        self.status = status
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.deliveryDate = deliveryDate
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case lineNumber = "line_number", status, quantity, unitPrice = "unit_price", deliveryDate = "delivery_date", comment
    }
}
