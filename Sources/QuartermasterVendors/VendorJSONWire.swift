import Foundation
import QuartermasterCore

/// The HTTP JSON vendor contract's bodies (docs/VENDOR-API.md), shared by the connector and the
/// simulator. Amounts are decimal strings ("12.50"), times ISO 8601 in UTC, dates `YYYY-MM-DD`.
public enum VendorJSONWire {
    /// `POST /orders`: a new order or a change order (the whole new version).
    public struct OrderDocument: Sendable, Hashable, Codable {
        public var operation: String
        public var poNumber: String
        public var version: Int
        public var orderDate: String
        public var requisitionID: String?
        public var currency: String
        public var buyer: Party
        public var billTo: Party
        public var shipTo: Party
        public var supplier: Party
        public var paymentTerms: PaymentTerms
        public var incoterms: Incoterms?
        public var lines: [Line]
        public var shipping: Charge?
        public var tax: Charge?
        public var subtotal: String
        public var total: String
        public var terms: [String]

        public struct Line: Sendable, Hashable, Codable {
            public var lineNumber: Int
            public var buyerPartID: String?
            public var supplierPartID: String
            public var description: String
            public var quantity: Int
            public var unit: String
            public var unitPrice: String
            public var lineTotal: String
            public var requestedDeliveryDate: String?
            public var costCentre: String?
            public var unspsc: String?

            enum CodingKeys: String, CodingKey {
                case lineNumber = "line_number", buyerPartID = "buyer_part_id", supplierPartID = "supplier_part_id", description
                case quantity, unit, unitPrice = "unit_price", lineTotal = "line_total"
                case requestedDeliveryDate = "requested_delivery_date", costCentre = "cost_centre", unspsc
            }
        }

        public struct Charge: Sendable, Hashable, Codable {
            public var amount: String
            public var description: String
        }

        /// The document for `order`'s current version.
        public init(_ order: PurchaseOrder, operation: VendorOperation) {
            func amount(_ value: FixedDecimal) -> String { value.text(minimumPlaces: 2) }
            self.operation = operation.rawValue
            poNumber = order.number.text
            version = order.version
            orderDate = ISO8601DateTime.format(order.orderDate)
            requisitionID = order.requestID
            currency = order.currency.code
            buyer = order.buyer
            billTo = order.billTo
            shipTo = order.shipTo
            supplier = order.supplier
            paymentTerms = order.paymentTerms
            incoterms = order.incoterms
            lines = order.lines.map { line in
                Line(
                    lineNumber: line.lineNumber, buyerPartID: line.buyerPartID, supplierPartID: line.supplierPartID,
                    description: line.description, quantity: line.quantity, unit: line.unit.code, unitPrice: amount(line.unitPrice),
                    lineTotal: amount(line.lineTotal), requestedDeliveryDate: line.requestedDeliveryDate?.iso, costCentre: line.costCentre,
                    unspsc: line.unspsc)
            }
            shipping = order.shipping.map { Charge(amount: amount($0.amount), description: $0.description) }
            tax = order.tax.map { Charge(amount: amount($0.amount), description: $0.description) }
            subtotal = amount(order.subtotal)
            total = amount(order.total)
            terms = order.terms
        }

        enum CodingKeys: String, CodingKey {
            case operation, poNumber = "po_number", version, orderDate = "order_date", requisitionID = "requisition_id", currency
            case buyer, billTo = "bill_to", shipTo = "ship_to", supplier, paymentTerms = "payment_terms", incoterms, lines
            case shipping, tax, subtotal, total, terms
        }

        /// Reads an order as the contract writes it: payment terms (net 30) and printed terms may be absent.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            operation = try container.decode(String.self, forKey: .operation)
            poNumber = try container.decode(String.self, forKey: .poNumber)
            version = try container.decode(Int.self, forKey: .version)
            orderDate = try container.decode(String.self, forKey: .orderDate)
            requisitionID = try container.decodeIfPresent(String.self, forKey: .requisitionID)
            currency = try container.decode(String.self, forKey: .currency)
            buyer = try container.decode(Party.self, forKey: .buyer)
            billTo = try container.decode(Party.self, forKey: .billTo)
            shipTo = try container.decode(Party.self, forKey: .shipTo)
            supplier = try container.decode(Party.self, forKey: .supplier)
            paymentTerms = try container.decodeIfPresent(PaymentTerms.self, forKey: .paymentTerms) ?? .net30
            incoterms = try container.decodeIfPresent(Incoterms.self, forKey: .incoterms)
            lines = try container.decode([Line].self, forKey: .lines)
            shipping = try container.decodeIfPresent(Charge.self, forKey: .shipping)
            tax = try container.decodeIfPresent(Charge.self, forKey: .tax)
            subtotal = try container.decode(String.self, forKey: .subtotal)
            total = try container.decode(String.self, forKey: .total)
            terms = try container.decodeIfPresent([String].self, forKey: .terms) ?? []
        }
    }

    /// The vendor's order, as answered by `POST /orders`, `GET /orders/{id}` and the cancel call.
    public struct Order: Sendable, Hashable, Codable {
        public var id: String
        public var poNumber: String
        public var version: Int
        /// `received`, `acknowledged`, `partially_shipped`, `shipped`, `cancelled` or `rejected`.
        public var status: String
        public var createdAt: String
        /// Per line, once acknowledged: `accepted`, `rejected`, `backordered` or `changed` (`pending` before).
        /// A line may appear more than once when split (6 accepted, 4 backordered).
        public var lines: [LineStatus]
        public var shipments: [Shipment]
        public var reason: String?

        public init(
            id: String, poNumber: String, version: Int, status: String, createdAt: String, lines: [LineStatus], shipments: [Shipment],
            reason: String? = nil
        ) {
            self.id = id
            self.poNumber = poNumber
            self.version = version
            self.status = status
            self.createdAt = createdAt
            self.lines = lines
            self.shipments = shipments
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case id, poNumber = "po_number", version, status, createdAt = "created_at", lines, shipments, reason
        }
    }

    public struct LineStatus: Sendable, Hashable, Codable {
        public var lineNumber: Int
        public var status: String
        public var quantity: Int
        public var unitPrice: String?
        public var deliveryDate: String?
        public var comment: String?

        public init(
            lineNumber: Int, status: String, quantity: Int, unitPrice: String? = nil, deliveryDate: String? = nil, comment: String? = nil
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

    public struct Shipment: Sendable, Hashable, Codable {
        public var id: String
        public var carrier: String?
        public var trackingNumber: String?
        public var shippedAt: String
        public var lines: [LineQuantity]

        public init(id: String, carrier: String?, trackingNumber: String?, shippedAt: String, lines: [LineQuantity]) {
            self.id = id
            self.carrier = carrier
            self.trackingNumber = trackingNumber
            self.shippedAt = shippedAt
            self.lines = lines
        }

        enum CodingKeys: String, CodingKey {
            case id, carrier, trackingNumber = "tracking_number", shippedAt = "shipped_at", lines
        }
    }

    /// `POST /orders/{id}/cancel`.
    public struct CancelDocument: Sendable, Hashable, Codable {
        public var poNumber: String
        public var version: Int
        public var reason: String?

        public init(poNumber: String, version: Int, reason: String? = nil) {
            self.poNumber = poNumber
            self.version = version
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case poNumber = "po_number", version, reason
        }
    }

    /// `GET /orders?po_number=…`.
    public struct OrderList: Sendable, Hashable, Codable {
        public var orders: [Order]

        public init(orders: [Order]) { self.orders = orders }
    }

    /// Every error answer: `{"error": {"code": "…", "message": "…"}}`.
    public struct ErrorDocument: Sendable, Hashable, Codable {
        public struct Detail: Sendable, Hashable, Codable {
            public var code: String
            public var message: String
        }

        public var error: Detail

        public init(code: String, message: String) { error = Detail(code: code, message: message) }
    }

    /// A webhook the vendor POSTs to us: `order.acknowledged` (with `lines`) or `order.shipped`
    /// (with `shipment`).
    public struct Event: Sendable, Hashable, Codable {
        public struct OrderReference: Sendable, Hashable, Codable {
            public var id: String
            public var poNumber: String
            public var version: Int

            public init(id: String, poNumber: String, version: Int) {
                self.id = id
                self.poNumber = poNumber
                self.version = version
            }

            enum CodingKeys: String, CodingKey {
                case id, poNumber = "po_number", version
            }
        }

        /// An invoice for the order (`order.invoiced`): amounts as decimal strings.
        public struct Invoice: Sendable, Hashable, Codable {
            public struct Line: Sendable, Hashable, Codable {
                public var lineNumber: Int
                public var quantity: Int
                public var unitPrice: String

                enum CodingKeys: String, CodingKey {
                    case lineNumber = "line_number", quantity, unitPrice = "unit_price"
                }
            }
            public var number: String
            public var lines: [Line]
            public var shipping: String?
            public var tax: String?
        }

        public var id: String
        public var type: String
        public var createdAt: String
        public var order: OrderReference
        public var lines: [LineStatus]?
        public var shipment: Shipment?
        public var invoice: Invoice?

        public init(
            id: String, type: String, createdAt: String, order: OrderReference, lines: [LineStatus]? = nil, shipment: Shipment? = nil
        ) {
            self.id = id
            self.type = type
            self.createdAt = createdAt
            self.order = order
            self.lines = lines
            self.shipment = shipment
        }

        enum CodingKeys: String, CodingKey {
            case id, type, createdAt = "created_at", order, lines, shipment, invoice
        }
    }

    // MARK: Coding

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Sorted keys: a retry sends the same bytes.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func encode(_ value: some Encodable) -> [UInt8] {
        // The wire types hold only strings, numbers and arrays of them: encoding cannot fail.
        Array(try! encoder.encode(value))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(VendorError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw .malformed(describe(error))
        } catch {
            throw .malformed("\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the body" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

// MARK: To domain values

extension VendorJSONWire.LineStatus {
    /// The domain answer, or nil while the line is pending.
    func confirmation(currency: CurrencyCode?) throws(VendorError) -> LineConfirmation? {
        if status == "pending" { return nil }
        guard let kind = LineConfirmation.Status(rawValue: status) else { throw .malformed("line \(lineNumber): unknown status \(status)") }
        guard quantity >= 0 else { throw .malformed("line \(lineNumber): negative quantity \(quantity)") }
        var price: Money?
        if let unitPrice {
            guard let amount = FixedDecimal(parsing: unitPrice), let currency else {
                throw .malformed("line \(lineNumber): unit price \(unitPrice) is not an amount")
            }
            price = Money(amount, currency)
        }
        var date: LocalDate?
        if let deliveryDate {
            guard let day = LocalDate(iso: deliveryDate) else { throw .malformed("line \(lineNumber): delivery date \(deliveryDate)") }
            date = day
        }
        return LineConfirmation(
            lineNumber: lineNumber, status: kind, quantity: quantity, unitPrice: price, deliveryDate: date, comment: comment)
    }
}

extension VendorJSONWire.Shipment {
    func notice(orderNumber: PurchaseOrderNumber) throws(VendorError) -> ShipNotice {
        guard let shipped = ISO8601DateTime.parse(shippedAt) else { throw .malformed("shipment \(id): shipped_at \(shippedAt)") }
        for line in lines where line.quantity < 0 { throw .malformed("shipment \(id): negative quantity on line \(line.lineNumber)") }
        return ShipNotice(
            shipmentID: id, noticeDate: shipped, shipmentDate: shipped, carrier: carrier, trackingNumber: trackingNumber,
            portions: [ShipNotice.Portion(orderNumber: orderNumber, lines: lines)])
    }
}

extension VendorJSONWire.Order {
    /// The order as a domain status; `currency` reads the vendor's prices.
    func status(currency: CurrencyCode? = nil) throws(VendorError) -> VendorOrderStatus {
        guard let number = PurchaseOrderNumber(poNumber) else { throw .malformed("po_number \(poNumber) is not a purchase order number") }
        guard let stage = VendorOrderStatus.Stage(rawValue: status) else { throw .malformed("unknown order status \(status)") }
        var answers: [LineConfirmation] = []
        for line in lines {
            if let answer = try line.confirmation(currency: currency) { answers.append(answer) }
        }
        let created = ISO8601DateTime.parse(createdAt) ?? 0
        let confirmation =
            answers.isEmpty
            ? nil : OrderConfirmation(orderNumber: number, orderVersion: version, confirmationID: id, noticeDate: created, lines: answers)
        var notices: [ShipNotice] = []
        for shipment in shipments { notices.append(try shipment.notice(orderNumber: number)) }
        return VendorOrderStatus(
            reference: id, orderNumber: number, version: version, stage: stage, confirmation: confirmation, shipments: notices,
            reason: reason)
    }
}
