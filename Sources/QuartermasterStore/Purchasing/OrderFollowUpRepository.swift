import Foundation
import QuartermasterCore
import SQLKit

/// One message between buyer and vendor about an order.
public struct OrderMessageRecord: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable, Codable {
        case buyer, vendor
    }

    public let id: String
    public let orderID: String
    public let side: Side
    public let authorID: String?
    public let authorName: String
    public let body: String
    public let createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        orderID = try row.decode(column: "po_id", as: String.self)
        side = Side(rawValue: try row.decode(column: "side", as: String.self)) ?? .buyer
        authorID = try row.decode(column: "author_id", as: String?.self)
        authorName = try row.decode(column: "author_name", as: String.self)
        body = try row.decode(column: "body", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// Following an order once it is out: the vendor a vendor user acts for, the orders that vendor
/// may see, messages between buyer and vendor, and change orders.
extension PurchasingRepository {
    /// The vendor a user acts for (a vendor user), with its name; nil for everyone else.
    public func vendorOf(_ tenant: Tenant, userID: String) async throws -> (id: String, name: String)? {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT v.id, v.name FROM vendor_users u JOIN vendors v ON v.id = u.vendor_id
                WHERE u.org_id = \(bind: tenant.organizationID) AND u.user_id = \(bind: userID)
                """
            ).first().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "name", as: String.self)) }
        }
    }

    /// The orders a vendor sees: every version it was sent, never drafts.
    public func vendorOrders(_ tenant: Tenant, vendorID: String, limit: Int = 200) async throws -> [PurchaseOrderRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "purchase_orders").columns("*").where("vendor_id", .equal, SQLBind(vendorID))
                .where("status", .notEqual, SQLBind(PurchaseOrderState.Status.draft.rawValue)).orderBy("created_at", .descending)
                .orderBy("number", .descending).limit(limit).all().map(PurchaseOrderRecord.init(row:))
        }
    }

    /// One of the vendor's orders; nil when it does not exist, is another vendor's, or is a draft.
    public func vendorOrder(_ tenant: Tenant, vendorID: String, id: String) async throws -> PurchaseOrderRecord? {
        guard let record = try await order(tenant, id: id), record.order.vendorID == vendorID, record.state.status != .draft else {
            return nil
        }
        return record
    }

    // MARK: Messages

    public func messages(_ tenant: Tenant, orderID: String) async throws -> [OrderMessageRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "po_messages").columns("*").where("po_id", .equal, SQLBind(orderID))
                .orderBy("created_at").orderBy("id").limit(1_000).all().map(OrderMessageRecord.init(row:))
        }
    }

    /// Adds a message to the order's conversation, signed with the author's name; nil when the
    /// order does not exist.
    public func postMessage(
        _ tenant: Tenant, orderID: String, side: OrderMessageRecord.Side, authorID: String, body: String
    ) async throws -> OrderMessageRecord? {
        try await store.write { tx -> OrderMessageRecord? in
            guard
                let number = try await TenantScope(tenant, tx.sql).select(from: "purchase_orders").column("number")
                    .where("id", .equal, SQLBind(orderID)).first()?.decode(column: "number", as: String.self)
            else { return nil }
            let id = Identifier.make("pom")
            let authorName =
                try await tx.sql.raw("SELECT name FROM users WHERE id = \(bind: authorID)").first()?.decode(column: "name", as: String.self)
                ?? authorID
            try await TenantScope(tenant, tx.sql).insert(
                into: "po_messages", columns: ["id", "po_id", "side", "author_id", "author_name", "body", "created_at"],
                values: [id, orderID, side.rawValue, authorID, authorName, body, Clock.nowMilliseconds()]
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "purchase_order.message", subject: number,
                data: JSONText.encode([
                    "purchase_order_id": .string(orderID), "message_id": .string(id), "side": .string(side.rawValue),
                    "author": .string(authorName),
                ]))
            return try await tx.sql.select().column("*").from("po_messages").where("id", .equal, SQLBind(id)).first()
                .map(OrderMessageRecord.init(row:))
        }
    }

    // MARK: Drafts and change orders

    /// Replaces a draft's document (same number, version and lines, refreshed parties); nothing
    /// happens once the order left the draft state.
    public func replaceDraft(_ tenant: Tenant, id: String, _ order: PurchaseOrder) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                UPDATE purchase_orders SET document = \(bind: AgentJSON.encode(order)), updated_at = \(bind: Clock.nowMilliseconds())
                WHERE id = \(bind: id) AND org_id = \(bind: tenant.organizationID) AND status = 'draft'
                """
            ).run()
        }
    }

    /// Makes the next version of an issued order with new quantities (a line set to 0 is dropped),
    /// keeping what shipped: the vendor is sent a change order and acknowledges again. The
    /// commitment in the budget follows the new total (an increase is checked like an issue).
    public func changeOrder(
        _ tenant: Tenant, id: String, quantities: [Int: Int], reason: String, by userID: String?
    ) async throws -> Result<PurchaseOrderRecord, Refusal>? {
        try await change(tenant, id: id) { record, tx in
            let current = record.order
            for lineNumber in quantities.keys where current.line(lineNumber) == nil {
                throw ValidationFailure([FieldError(field: "lines", message: "the order has no line \(lineNumber)")])
            }
            let revised = current.revised(at: Clock.nowMilliseconds()) { order in
                order.lines = order.lines.compactMap { line in
                    var line = line
                    if let quantity = quantities[line.lineNumber] { line.quantity = quantity }
                    return line.quantity > 0 ? line : nil
                }
                if !reason.isEmpty { order.terms.append("Change order v\(current.version + 1): \(reason)") }
            }
            guard !revised.lines.isEmpty else {
                return .failure(.notAllowed("a change order cannot remove every line; cancel the order instead"))
            }
            guard revised.lines != current.lines else { return .failure(.notAllowed("the change order changes no quantity")) }
            var state = record.state
            do throws(PurchaseOrderRefusal) { _ = try state.change(to: revised) } catch {
                if error.isConflict { return .failure(.notAllowed(error.description)) }
                throw ValidationFailure([FieldError(field: "lines", message: error.description)])
            }
            let delta = revised.total - current.total
            if delta > .zero {
                let moved = try await ApprovalRepository.move(
                    tenant, requestID: record.requestID, from: .requested, to: .committed, amount: delta, releasingAtMost: delta,
                    note: "purchase order \(current.number.text) v\(revised.version)", tx)
                if let (budget, decision) = moved, case .refused(let by, _) = decision {
                    return .failure(
                        .overBudget(
                            "the change would take \(budget.costCentreCode) over budget by \(by.text(minimumPlaces: 2))"))
                }
            } else if delta < .zero,
                let budgetID = try await tx.sql.raw(
                    """
                    SELECT budget_id FROM budget_entries WHERE request_id = \(bind: record.requestID) AND stage = 'committed' LIMIT 1
                    """
                ).first()?.decode(column: "budget_id", as: String.self)
            {
                try await ApprovalRepository.addEntry(
                    tenant, budgetID: budgetID, requestID: record.requestID, stage: .committed, amount: delta,
                    note: "purchase order \(current.number.text) v\(revised.version)", tx)
            }
            try await tx.sql.update("purchase_orders").set("document", to: SQLBind(AgentJSON.encode(revised)))
                .set("version", to: SQLBind(revised.version)).set("total", to: SQLBind(revised.total.units))
                .where("id", .equal, SQLBind(id)).run()
            return .success(state)
        }
    }
}
