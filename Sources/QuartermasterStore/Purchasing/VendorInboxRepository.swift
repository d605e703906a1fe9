import Foundation
import QuartermasterCore
import SQLKit

/// Where a vendor's message came from.
public enum VendorMessageSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// A JSON webhook from an HTTP JSON vendor.
    case webhook
    /// A cXML ConfirmationRequest or ShipNoticeRequest.
    case cxml
    /// A vendor user's action in the supplier portal.
    case portal
    /// The status polling job's reading of the vendor's order.
    case poll
}

/// What a vendor tells us about its orders: an acknowledgement or a ship notice.
public enum VendorNotice: Sendable, Hashable {
    case acknowledgement(OrderConfirmation)
    case shipment(ShipNotice)

    public var kind: String {
        switch self {
        case .acknowledgement: "acknowledgement"
        case .shipment: "shipment"
        }
    }

    /// The orders it is about, each once, in order.
    public var orderNumbers: [PurchaseOrderNumber] {
        switch self {
        case .acknowledgement(let confirmation): [confirmation.orderNumber]
        case .shipment(let notice):
            notice.portions.map(\.orderNumber).reduce(into: []) { numbers, number in
                if !numbers.contains(number) { numbers.append(number) }
            }
        }
    }
}

/// What became of a vendor's message.
public struct VendorInboxOutcome: Sendable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Applied to the orders it names.
        case applied
        /// Refused with the reason; nothing changed.
        case refused
    }

    public let status: Status
    public let reason: String?
    /// The refusal is about the order's state (409) rather than the message's content (422).
    public let isConflict: Bool
    /// The message (same source and event ID) had been received before; this is its first outcome.
    public let isRepeat: Bool
    /// The orders as they now stand (empty when refused or repeated).
    public let orders: [PurchaseOrderRecord]

    init(status: Status, reason: String?, isConflict: Bool, isRepeat: Bool, orders: [PurchaseOrderRecord]) {
        self.status = status
        self.reason = reason
        self.isConflict = isConflict
        self.isRepeat = isRepeat
        self.orders = orders
    }

    /// A message received before: what became of it then.
    init(repeating previous: VendorInboxRecord) {
        self.init(
            status: previous.status == Status.applied.rawValue ? .applied : .refused, reason: previous.reason, isConflict: false,
            isRepeat: true, orders: [])
    }
}

/// A shipment as the vendor described it.
public struct ShipmentRecord: Sendable, Hashable {
    public let orderID: String
    public let shipmentID: String
    public let carrier: String?
    public let trackingNumber: String?
    public let shippedAt: Int64?
    public let deliveryAt: Int64?
    public let lines: [LineQuantity]
    public let source: String
    public let updatedAt: Int64

    init(row: any SQLRow) throws {
        orderID = try row.decode(column: "po_id", as: String.self)
        shipmentID = try row.decode(column: "shipment_id", as: String.self)
        carrier = try row.decode(column: "carrier", as: String?.self)
        trackingNumber = try row.decode(column: "tracking_number", as: String?.self)
        shippedAt = try row.decode(column: "shipped_at", as: Int64?.self)
        deliveryAt = try row.decode(column: "delivery_at", as: Int64?.self)
        lines = try AgentJSON.decode([LineQuantity].self, try row.decode(column: "lines", as: String.self)) ?? []
        source = try row.decode(column: "source", as: String.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
    }
}

/// One entry of the vendor inbox.
public struct VendorInboxRecord: Sendable, Hashable {
    public let id: String
    public let vendorID: String
    public let source: String
    public let eventID: String
    public let kind: String
    public let orderNumber: String?
    public let status: String
    public let reason: String?
    public let createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        vendorID = try row.decode(column: "vendor_id", as: String.self)
        source = try row.decode(column: "source", as: String.self)
        eventID = try row.decode(column: "event_id", as: String.self)
        kind = try row.decode(column: "kind", as: String.self)
        orderNumber = try row.decode(column: "order_number", as: String?.self)
        status = try row.decode(column: "status", as: String.self)
        reason = try row.decode(column: "reason", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// The vendor inbox: every acknowledgement and ship notice a vendor sends, however it arrives, is
/// recorded under its event ID with its outcome, and applied to the orders it names at most once.
/// A message that contradicts an order (lines it does not have, more shipped than ordered, an
/// older version, another vendor's order) changes nothing and is kept, refused, with the reason.
extension PurchasingRepository {
    private struct Refused: Error {
        let reason: String
        let isConflict: Bool
    }

    public func receive(
        _ tenant: Tenant, vendorID: String, source: VendorMessageSource, eventID: String, notice: VendorNotice, body: String
    ) async throws -> VendorInboxOutcome {
        let firstNumber = notice.orderNumbers.first?.text
        do {
            return try await store.write { tx -> VendorInboxOutcome in
                if let previous = try await Self.inboxEntry(vendorID: vendorID, source: source, eventID: eventID, tx.sql) {
                    return VendorInboxOutcome(repeating: previous)
                }
                let now = Clock.nowMilliseconds()
                var updated: [PurchaseOrderRecord] = []
                for number in notice.orderNumbers {
                    guard
                        let record = try await tx.sql.raw(
                            """
                            UPDATE purchase_orders SET updated_at = \(bind: now)
                            WHERE org_id = \(bind: tenant.organizationID) AND number = \(bind: number.text)
                                AND vendor_id = \(bind: vendorID) RETURNING *
                            """
                        ).first().map(PurchaseOrderRecord.init(row:))
                    else { throw Refused(reason: "no purchase order \(number.text) was placed with this vendor", isConflict: false) }
                    var state = record.state
                    var review: [Int] = []
                    do throws(PurchaseOrderRefusal) {
                        switch notice {
                        case .acknowledgement(let confirmation):
                            if case .review(let lines) = try state.acknowledge(confirmation) { review = lines }
                        case .shipment(let shipment):
                            if shipment.operation == .delete {
                                _ = try state.withdrawShipment(shipment.shipmentID)
                            } else {
                                _ = try state.ship(shipmentID: shipment.shipmentID, shipment.lines(for: number))
                            }
                        }
                    } catch {
                        throw Refused(reason: "\(number.text): \(error.description)", isConflict: error.isConflict)
                    }
                    guard
                        let saved = try await tx.sql.raw(
                            """
                            UPDATE purchase_orders SET status = \(bind: state.status.rawValue), state = \(bind: AgentJSON.encode(state))
                            WHERE id = \(bind: record.id) RETURNING *
                            """
                        ).first().map(PurchaseOrderRecord.init(row:))
                    else { throw StoreError.notFound("purchase order") }
                    if case .shipment(let shipment) = notice {
                        try await Self.recordShipment(
                            tenant, orderID: record.id, shipment, lines: shipment.lines(for: number), source: source, now: now, tx)
                    }
                    var data: [String: JSONText] = [
                        "purchase_order_id": .string(record.id), "request_id": .string(record.requestID),
                        "source": .string(source.rawValue), "notice": .string(notice.kind),
                    ]
                    if !review.isEmpty { data["review_lines"] = .array(review.map { .int(Int64($0)) }) }
                    try await tx.emit(
                        organizationID: tenant.organizationID, type: "purchase_order.\(state.status.rawValue)", subject: number.text,
                        data: JSONText.encode(data))
                    updated.append(saved)
                }
                try await Self.insertInbox(
                    tenant, vendorID: vendorID, source: source, eventID: eventID, kind: notice.kind, orderNumber: firstNumber,
                    status: .applied, reason: nil, body: body, tx)
                return VendorInboxOutcome(status: .applied, reason: nil, isConflict: false, isRepeat: false, orders: updated)
            }
        } catch let error where isUniqueViolation(error) {
            // The same message arrived twice at once and the other delivery recorded it first:
            // this one rolled back; answer with what became of the first.
            guard
                let previous = try await store.read({ sql in
                    try await Self.inboxEntry(vendorID: vendorID, source: source, eventID: eventID, sql)
                })
            else { throw error }
            return VendorInboxOutcome(repeating: previous)
        } catch let refused as Refused {
            // Nothing was applied; the message is kept with the reason, once.
            var isRepeat = true
            do {
                isRepeat = try await store.write { tx -> Bool in
                    if try await Self.inboxEntry(vendorID: vendorID, source: source, eventID: eventID, tx.sql) != nil { return true }
                    try await Self.insertInbox(
                        tenant, vendorID: vendorID, source: source, eventID: eventID, kind: notice.kind, orderNumber: firstNumber,
                        status: .refused, reason: refused.reason, body: body, tx)
                    return false
                }
            } catch let error where isUniqueViolation(error) {
                isRepeat = true  // recorded by a concurrent delivery of the same message
            }
            return VendorInboxOutcome(
                status: .refused, reason: refused.reason, isConflict: refused.isConflict, isRepeat: isRepeat, orders: [])
        }
    }

    /// An invoice a vendor sent through its connector: recorded against the vendor's order and
    /// matched like any invoice (held ones are kept with their reasons), and the message kept in
    /// the inbox. A redelivery (same event ID, or the same invoice number) records nothing new.
    public func receiveInvoice(
        _ tenant: Tenant, vendorID: String, source: VendorMessageSource, eventID: String, orderNumber: PurchaseOrderNumber,
        invoiceNumber: String, lines: [InvoiceLine], charges: FixedDecimal, body: String
    ) async throws -> VendorInboxOutcome {
        if let previous = try await store.read({ sql in
            try await Self.inboxEntry(vendorID: vendorID, source: source, eventID: eventID, sql)
        }) {
            return VendorInboxOutcome(repeating: previous)
        }
        let orderID = try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "purchase_orders").column("id").where(
                "number", .equal, SQLBind(orderNumber.text)
            )
            .where("vendor_id", .equal, SQLBind(vendorID)).first()?.decode(column: "id", as: String.self)
        }
        var outcome: VendorInboxOutcome
        if let orderID {
            switch try await invoice(tenant, orderID: orderID, number: invoiceNumber, lines: lines, charges: charges, by: nil) {
            case .success(let (order, invoice)):
                outcome = VendorInboxOutcome(
                    status: .applied, reason: invoice.status == .held ? invoice.reasons.joined(separator: "; ") : nil, isConflict: false,
                    isRepeat: false, orders: [order])
            case .failure(let refusal):
                outcome = VendorInboxOutcome(status: .refused, reason: refusal.description, isConflict: true, isRepeat: false, orders: [])
            case nil:
                outcome = VendorInboxOutcome(
                    status: .refused, reason: "no purchase order \(orderNumber.text)", isConflict: false, isRepeat: false, orders: [])
            }
        } else {
            outcome = VendorInboxOutcome(
                status: .refused, reason: "no purchase order \(orderNumber.text) was placed with this vendor", isConflict: false,
                isRepeat: false, orders: [])
        }
        let recorded = outcome
        try await store.write { tx in
            if try await Self.inboxEntry(vendorID: vendorID, source: source, eventID: eventID, tx.sql) != nil { return }
            try await Self.insertInbox(
                tenant, vendorID: vendorID, source: source, eventID: eventID, kind: "invoice", orderNumber: orderNumber.text,
                status: recorded.status, reason: recorded.reason, body: body, tx)
        }
        return outcome
    }

    /// Records a message that could not even be read (malformed, unauthenticated content is never
    /// recorded): kept refused with the reason, under its event ID.
    public func refuseUnreadable(
        _ tenant: Tenant, vendorID: String, source: VendorMessageSource, eventID: String, reason: String, body: String
    ) async throws {
        try await store.write { tx in
            if try await Self.inboxEntry(vendorID: vendorID, source: source, eventID: eventID, tx.sql) != nil { return }
            try await Self.insertInbox(
                tenant, vendorID: vendorID, source: source, eventID: eventID, kind: "unreadable", orderNumber: nil, status: .refused,
                reason: reason, body: body, tx)
        }
    }

    public func inbox(_ tenant: Tenant, vendorID: String? = nil, limit: Int = 200) async throws -> [VendorInboxRecord] {
        try await store.read { sql in
            var query = TenantScope(tenant, sql).select(from: "vendor_inbox").columns("*")
            if let vendorID { query = query.where("vendor_id", .equal, SQLBind(vendorID)) }
            return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all()
                .map(VendorInboxRecord.init(row:))
        }
    }

    public func shipments(_ tenant: Tenant, orderID: String) async throws -> [ShipmentRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "po_shipments").columns("*").where("po_id", .equal, SQLBind(orderID))
                .orderBy("updated_at").orderBy("shipment_id").all().map(ShipmentRecord.init(row:))
        }
    }

    static func inboxEntry(
        vendorID: String, source: VendorMessageSource, eventID: String, _ sql: any SQLDatabase
    ) async throws -> VendorInboxRecord? {
        try await sql.select().column("*").from("vendor_inbox").where("vendor_id", .equal, SQLBind(vendorID))
            .where("source", .equal, SQLBind(source.rawValue)).where("event_id", .equal, SQLBind(eventID)).first()
            .map(VendorInboxRecord.init(row:))
    }

    private static func insertInbox(
        _ tenant: Tenant, vendorID: String, source: VendorMessageSource, eventID: String, kind: String, orderNumber: String?,
        status: VendorInboxOutcome.Status, reason: String?, body: String, _ tx: Transaction
    ) async throws {
        let id = Identifier.make("vmsg")
        try await TenantScope(tenant, tx.sql).insert(
            into: "vendor_inbox",
            columns: ["id", "vendor_id", "source", "event_id", "kind", "order_number", "status", "reason", "body", "created_at"],
            values: [
                id, vendorID, source.rawValue, eventID, kind, orderNumber, status.rawValue, reason, String(body.prefix(1 << 20)),
                Clock.nowMilliseconds(),
            ]
        ).run()
        if status == .refused {
            var data: [String: JSONText] = [
                "vendor_id": .string(vendorID), "source": .string(source.rawValue), "message_id": .string(id),
                "reason": .string(reason ?? ""),
            ]
            if let orderNumber { data["order_number"] = .string(orderNumber) }
            try await tx.emit(
                organizationID: tenant.organizationID, type: "vendor_message.refused", subject: orderNumber ?? vendorID,
                data: JSONText.encode(data))
        }
    }

    private static func recordShipment(
        _ tenant: Tenant, orderID: String, _ shipment: ShipNotice, lines: [LineQuantity], source: VendorMessageSource, now: Int64,
        _ tx: Transaction
    ) async throws {
        guard shipment.operation != .delete else {
            try await tx.sql.delete(from: "po_shipments").where("po_id", .equal, SQLBind(orderID))
                .where("shipment_id", .equal, SQLBind(shipment.shipmentID)).run()
            return
        }
        try await tx.sql.raw(
            """
            INSERT INTO po_shipments (po_id, shipment_id, org_id, carrier, tracking_number, shipped_at, delivery_at, lines, source, updated_at)
            VALUES (\(bind: orderID), \(bind: shipment.shipmentID), \(bind: tenant.organizationID), \(bind: shipment.carrier),
                \(bind: shipment.trackingNumber), \(bind: shipment.shipmentDate), \(bind: shipment.deliveryDate),
                \(bind: AgentJSON.encode(lines)), \(bind: source.rawValue), \(bind: now))
            ON CONFLICT (po_id, shipment_id) DO UPDATE SET carrier = excluded.carrier, tracking_number = excluded.tracking_number,
                shipped_at = excluded.shipped_at, delivery_at = excluded.delivery_at, lines = excluded.lines,
                source = excluded.source, updated_at = excluded.updated_at
            """
        ).run()
    }
}
