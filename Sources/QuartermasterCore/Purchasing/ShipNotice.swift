/// A vendor's notice that goods left (an advance ship notice): which lines of which orders, how
/// many, with which carrier. A shipment ID identifies the notice; a later notice with the same ID
/// replaces it (`update`) or withdraws it (`delete`).
public struct ShipNotice: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case new, update, delete
    }

    /// The lines of one order in the shipment.
    public struct Portion: Sendable, Hashable, Codable {
        public var orderNumber: PurchaseOrderNumber
        public var lines: [LineQuantity]

        public init(orderNumber: PurchaseOrderNumber, lines: [LineQuantity]) {
            self.orderNumber = orderNumber
            self.lines = lines
        }

        enum CodingKeys: String, CodingKey {
            case orderNumber = "order_number", lines
        }
    }

    public var shipmentID: String
    public var operation: Operation
    /// When the vendor sent the notice, when the goods left and when they should arrive
    /// (milliseconds since the epoch, UTC).
    public var noticeDate: Int64
    public var shipmentDate: Int64?
    public var deliveryDate: Int64?
    public var carrier: String?
    public var trackingNumber: String?
    public var portions: [Portion]

    public init(
        shipmentID: String, operation: Operation = .new, noticeDate: Int64, shipmentDate: Int64? = nil, deliveryDate: Int64? = nil,
        carrier: String? = nil, trackingNumber: String? = nil, portions: [Portion]
    ) {
        self.shipmentID = shipmentID
        self.operation = operation
        self.noticeDate = noticeDate
        self.shipmentDate = shipmentDate
        self.deliveryDate = deliveryDate
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.portions = portions
    }

    /// The quantities shipped against one order (empty when the notice does not mention it).
    public func lines(for orderNumber: PurchaseOrderNumber) -> [LineQuantity] {
        portions.filter { $0.orderNumber == orderNumber }.flatMap(\.lines)
    }

    enum CodingKeys: String, CodingKey {
        case shipmentID = "shipment_id", operation, noticeDate = "notice_date", shipmentDate = "shipment_date"
        case deliveryDate = "delivery_date", carrier, trackingNumber = "tracking_number", portions
    }
}

/// A quantity of one order line: shipped in a shipment, or received in a receipt.
public struct LineQuantity: Sendable, Hashable, Codable {
    public var lineNumber: Int
    public var quantity: Int

    public init(lineNumber: Int, quantity: Int) {
        self.lineNumber = lineNumber
        self.quantity = quantity
    }

    enum CodingKeys: String, CodingKey {
        case lineNumber = "line_number", quantity
    }
}
