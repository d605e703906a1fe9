import Foundation
import QuartermasterCore
import SQLKit

public struct ReceiptRecord: Sendable, Hashable {
    public let id: String
    public let purchaseOrderID: String
    public let lines: [ReceiptLine]
    public let receivedBy: String?
    public let createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        purchaseOrderID = try row.decode(column: "po_id", as: String.self)
        lines = try AgentJSON.decode([ReceiptLine].self, try row.decode(column: "lines", as: String.self)) ?? []
        receivedBy = try row.decode(column: "received_by", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

public struct InvoiceRecord: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Matched the order and its receipts: released to pay, the budget moved to spent.
        case matched
        /// Does not match (yet): the reasons say why.
        case held
    }
    public let id: String
    public let purchaseOrderID: String
    public let number: String
    public let status: Status
    public let lines: [InvoiceLine]
    public let charges: FixedDecimal
    public let total: FixedDecimal
    public let expected: FixedDecimal
    public let currency: CurrencyCode
    public let reasons: [String]
    public let createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        purchaseOrderID = try row.decode(column: "po_id", as: String.self)
        number = try row.decode(column: "number", as: String.self)
        status = Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .held
        lines = try AgentJSON.decode([InvoiceLine].self, try row.decode(column: "lines", as: String.self)) ?? []
        charges = FixedDecimal(units: try row.decode(column: "charges", as: Int64.self))
        total = FixedDecimal(units: try row.decode(column: "total", as: Int64.self))
        expected = FixedDecimal(units: try row.decode(column: "expected", as: Int64.self))
        currency = CurrencyCode(try row.decode(column: "currency", as: String.self)) ?? CurrencyCode("USD")!
        reasons = try AgentJSON.decode([String].self, try row.decode(column: "reasons", as: String.self)) ?? []
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// Receipts and invoices against purchase orders: goods received per line (accepted and rejected,
/// within the over-receipt tolerance), and invoices matched three ways against the order's prices
/// and the receipts' quantities. A matched invoice moves its amount from committed to spent.
extension PurchasingRepository {
    public func receipts(_ tenant: Tenant, orderID: String) async throws -> [ReceiptRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "receipts").columns("*").where("po_id", .equal, SQLBind(orderID))
                .orderBy("created_at").orderBy("id").all().map(ReceiptRecord.init(row:))
        }
    }

    public func invoices(_ tenant: Tenant, orderID: String?) async throws -> [InvoiceRecord] {
        try await store.read { sql in
            var query = TenantScope(tenant, sql).select(from: "invoices").columns("*")
            if let orderID { query = query.where("po_id", .equal, SQLBind(orderID)) }
            return try await query.orderBy("created_at", .descending).limit(500).all().map(InvoiceRecord.init(row:))
        }
    }

    static func accepted(orderID: String, _ sql: any SQLDatabase) async throws -> [Int: Int] {
        var totals: [Int: Int] = [:]
        for row in try await sql.raw("SELECT lines FROM receipts WHERE po_id = \(bind: orderID)").all() {
            for line in try AgentJSON.decode([ReceiptLine].self, try row.decode(column: "lines", as: String.self)) ?? [] {
                totals[line.lineNumber, default: 0] += line.accepted
            }
        }
        return totals
    }

    /// Records a receipt. Quantities beyond what is expected (within the tolerance) are kept on the
    /// receipt; the order counts a line received once its expected quantity is accepted.
    public func receive(
        _ tenant: Tenant, orderID: String, lines: [ReceiptLine], by userID: String?
    ) async throws -> Result<
        (PurchaseOrderRecord, ReceiptRecord), Refusal
    >? {
        let receiptID = Identifier.make("rcp")
        let result = try await change(tenant, id: orderID) { record, tx in
            let tolerances = try await Self.profile(tenant, tx.sql).tolerances
            let before = try await Self.accepted(orderID: orderID, tx.sql)
            let ordered = Dictionary(record.state.lines.map { ($0.lineNumber, $0.expected) }, uniquingKeysWith: { first, _ in first })
            let problems = Receiving.problems(lines, ordered: ordered, acceptedBefore: before, tolerances: tolerances)
            if !problems.isEmpty { throw ValidationFailure(problems) }
            var state = record.state
            // What the order counts: accepted goods, up to what is still expected on each line.
            let counted = lines.map { line -> LineQuantity in
                let stateLine = state.lines.first { $0.lineNumber == line.lineNumber }
                let open = max(0, (stateLine?.expected ?? 0) - (stateLine?.received ?? 0))
                return LineQuantity(lineNumber: line.lineNumber, quantity: min(line.accepted, open))
            }
            if counted.contains(where: { $0.quantity > 0 }) {
                do { _ = try state.receive(receiptID: receiptID, counted) } catch { return .failure(.notAllowed("\(error)")) }
            } else if [.draft, .cancelled, .closed].contains(state.status) {
                return .failure(.notAllowed("nothing can be received on a \(state.status.rawValue) order"))
            }
            try await TenantScope(tenant, tx.sql).insert(
                into: "receipts", columns: ["id", "po_id", "lines", "received_by", "created_at"],
                values: [receiptID, orderID, AgentJSON.encode(lines), userID, Clock.nowMilliseconds()]
            ).run()
            return .success(state)
        }
        switch result {
        case nil: return nil
        case .failure(let refusal): return .failure(refusal)
        case .success(let order):
            guard let receipt = try await receipts(tenant, orderID: orderID).first(where: { $0.id == receiptID }) else { return nil }
            return .success((order, receipt))
        }
    }

    /// Records a vendor's invoice and matches it. Held invoices are kept with their reasons (and
    /// leave the order as it was); a matched one moves the order to matched and the money to spent.
    public func invoice(
        _ tenant: Tenant, orderID: String, number: String, lines: [InvoiceLine], charges: FixedDecimal, by userID: String?
    ) async throws -> Result<(PurchaseOrderRecord, InvoiceRecord), Refusal>? {
        let invoiceID = Identifier.make("inv")
        let result = try await change(tenant, id: orderID) { record, tx in
            let taken = try await TenantScope(tenant, tx.sql).select(from: "invoices").column("id")
                .where("po_id", .equal, SQLBind(orderID)).where("number", .equal, SQLBind(number)).first()
            if taken != nil { return .failure(.notAllowed("invoice \(number) was already recorded for \(record.order.number.text)")) }
            let tolerances = try await Self.profile(tenant, tx.sql).tolerances
            let accepted = try await Self.accepted(orderID: orderID, tx.sql)
            var match = InvoiceMatch.match(lines, charges: charges, order: record.order, accepted: accepted, tolerances: tolerances)
            var state = record.state
            if state.status != .received {
                match.matched = false
                match.reasons.insert(
                    "the order is \(state.status.rawValue), not received: goods must be received before they are paid", at: 0)
            } else if match.matched {
                do {
                    _ = try state.invoice(invoiceID: invoiceID)
                    _ = try state.match()
                } catch { return .failure(.notAllowed("\(error)")) }
            }
            let total = lines.reduce(charges) { $0 + $1.total }
            if match.matched,
                let refusal = try await Self.spend(tenant, order: record.order, requestID: record.requestID, amount: total, tx)
            {
                return .failure(refusal)
            }
            try await TenantScope(tenant, tx.sql).insert(
                into: "invoices",
                columns: [
                    "id", "po_id", "number", "status", "lines", "charges", "total", "expected", "currency", "reasons", "created_by",
                    "created_at",
                ],
                values: [
                    invoiceID, orderID, number, (match.matched ? InvoiceRecord.Status.matched : .held).rawValue, AgentJSON.encode(lines),
                    charges.units, total.units, match.expected.units, record.order.currency.code, AgentJSON.encode(match.reasons), userID,
                    Clock.nowMilliseconds(),
                ]
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "invoice.\(match.matched ? "matched" : "held")", subject: number,
                data: JSONText.encode([
                    "invoice_id": .string(invoiceID), "purchase_order_id": .string(orderID),
                    "reasons": .array(match.reasons.map(JSONText.string)),
                ]))
            return .success(state)
        }
        switch result {
        case nil: return nil
        case .failure(let refusal): return .failure(refusal)
        case .success(let order):
            guard let invoice = try await invoices(tenant, orderID: orderID).first(where: { $0.id == invoiceID }) else { return nil }
            return .success((order, invoice))
        }
    }

    /// Moves a matched invoice's amount into the spent stage, releasing the order's commitment.
    static func spend(
        _ tenant: Tenant, order: PurchaseOrder, requestID: String, amount: FixedDecimal, _ tx: Transaction
    ) async throws
        -> Refusal?
    {
        let moved = try await ApprovalRepository.move(
            tenant, requestID: requestID, from: .committed, to: .spent, amount: amount, releasingAtMost: order.total,
            note: "invoice for \(order.number.text)", tx)
        guard let (budget, decision) = moved, case .refused(let by, _) = decision else { return nil }
        return .overBudget("paying \(order.number.text) would take \(budget.costCentreCode) over budget by \(by.text(minimumPlaces: 2))")
    }
}
