import Foundation
import QuartermasterCore
import SQLKit

/// A purchase order as stored: the document (what was ordered, on which terms) and its state.
public struct PurchaseOrderRecord: Sendable, Hashable {
    public let id: String
    public let requestID: String
    public let order: PurchaseOrder
    public let state: PurchaseOrderState
    /// The vendor's reference once the order was submitted through its connector.
    public let vendorReference: String?
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        requestID = try row.decode(column: "request_id", as: String.self)
        guard let order = try AgentJSON.decode(PurchaseOrder.self, try row.decode(column: "document", as: String.self)),
            let state = try AgentJSON.decode(PurchaseOrderState.self, try row.decode(column: "state", as: String.self))
        else { throw StoreError.notFound("purchase order document") }
        self.order = order
        self.state = state
        vendorReference = try row.decode(column: "vendor_reference", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
    }
}

/// Purchase orders: created from an approved request's quote (one per vendor, numbered per
/// organisation and year), issued, cancelled. Nothing is ordered for a request that is not approved,
/// whoever asks; issuing moves the request's money from requested to committed in the ledger.
public struct PurchasingRepository: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case notApproved(String)
        case notAllowed(String)
        case overBudget(String)

        public var description: String {
            switch self {
            case .notApproved(let why), .notAllowed(let why), .overBudget(let why): why
            }
        }
    }

    // MARK: Profile

    public func profile(_ tenant: Tenant) async throws -> PurchasingProfile {
        try await store.read { sql in try await Self.profile(tenant, sql) }
    }

    static func profile(_ tenant: Tenant, _ sql: any SQLDatabase) async throws -> PurchasingProfile {
        try await AgentJSON.decode(
            PurchasingProfile.self,
            try TenantScope(tenant, sql).select(from: "purchasing_profiles").column("profile").first()?
                .decode(column: "profile", as: String.self)) ?? PurchasingProfile()
    }

    public func setProfile(_ tenant: Tenant, _ profile: PurchasingProfile, by userID: String?) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                INSERT INTO purchasing_profiles (org_id, profile, updated_at)
                VALUES (\(bind: tenant.organizationID), \(bind: AgentJSON.encode(profile)), \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (org_id) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at
                """
            ).run()
            try await tx.emit(organizationID: tenant.organizationID, type: "purchasing_profile.updated", subject: userID ?? "system")
        }
    }

    public func organizationName(_ tenant: Tenant) async throws -> String {
        try await store.read { sql in
            try await sql.raw("SELECT name FROM organizations WHERE id = \(bind: tenant.organizationID)").first()?
                .decode(column: "name", as: String.self) ?? tenant.organizationID
        }
    }

    // MARK: Reading

    public func orders(_ tenant: Tenant, requestID: String? = nil, limit: Int = 200) async throws -> [PurchaseOrderRecord] {
        try await store.read { sql in
            var query = TenantScope(tenant, sql).select(from: "purchase_orders").columns("*")
            if let requestID { query = query.where("request_id", .equal, SQLBind(requestID)) }
            return try await query.orderBy("created_at", .descending).orderBy("number", .descending).limit(limit).all()
                .map(PurchaseOrderRecord.init(row:))
        }
    }

    public func order(_ tenant: Tenant, id: String) async throws -> PurchaseOrderRecord? {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "purchase_orders").columns("*").where("id", .equal, SQLBind(id)).first()
                .map(PurchaseOrderRecord.init(row:))
        }
    }

    // MARK: Creating, issuing, cancelling

    /// Why a request may not be bought yet, or nil when it is approved.
    static func approvalRefusal(_ tenant: Tenant, requestID: String, _ sql: any SQLDatabase) async throws -> Refusal? {
        guard
            let row = try await sql.raw(
                """
                SELECT r.status, s.status AS approval FROM requests r
                LEFT JOIN run_steps s ON s.run_id = r.run_id AND s.name = 'approval'
                WHERE r.id = \(bind: requestID) AND r.org_id = \(bind: tenant.organizationID)
                """
            ).first()
        else { throw StoreError.notFound("request") }
        let status = try row.decode(column: "status", as: String.self)
        let approval = try row.decode(column: "approval", as: String?.self)
        if ["rejected", "cancelled", "failed"].contains(status) { return .notApproved("the request is \(status); nothing may be ordered") }
        guard approval == StepStatus.completed.rawValue else {
            return .notApproved("the request is not approved (\(status)); nothing may be ordered before approval")
        }
        return nil
    }

    /// The request's purchase orders, created (as drafts) on the first call; later calls return the
    /// same orders. `build` makes them from the numbers allocated, one per vendor of the quote.
    public func createOrders(
        _ tenant: Tenant, requestID: String,
        build: @Sendable (_ request: RequestRecord, _ numbers: [PurchaseOrderNumber], _ now: Int64) throws -> [PurchaseOrder]
    ) async throws -> Result<[PurchaseOrderRecord], Refusal> {
        try await store.write { tx -> Result<[PurchaseOrderRecord], Refusal> in
            if let refusal = try await Self.approvalRefusal(tenant, requestID: requestID, tx.sql) { return .failure(refusal) }
            let existing = try await TenantScope(tenant, tx.sql).select(from: "purchase_orders").columns("*")
                .where("request_id", .equal, SQLBind(requestID)).orderBy("number").all().map(PurchaseOrderRecord.init(row:))
            if !existing.isEmpty { return .success(existing) }
            guard
                let request = try await TenantScope(tenant, tx.sql).select(from: "requests").columns("*")
                    .where("id", .equal, SQLBind(requestID)).first().map(RequestRecord.init(row:)),
                let quote = request.quote, !quote.lines.isEmpty
            else { return .failure(.notAllowed("the request has no quote to order from")) }
            let now = Clock.nowMilliseconds()
            let count = PurchaseOrderBuilder.vendors(of: quote).count
            let year = LocalDate.at(now, in: TimeZone(identifier: "UTC")!).year
            let last =
                try await tx.sql.raw(
                    """
                    INSERT INTO po_counters (org_id, year, last) VALUES (\(bind: tenant.organizationID), \(bind: year), \(bind: count))
                    ON CONFLICT (org_id, year) DO UPDATE SET last = po_counters.last + \(bind: count)
                    RETURNING last
                    """
                ).first()?.decode(column: "last", as: Int.self) ?? count
            let numbers = ((last - count + 1)...last).compactMap { PurchaseOrderNumber(year: year, sequence: $0) }
            var created: [PurchaseOrderRecord] = []
            for order in try build(request, numbers, now) {
                let id = Identifier.make("po")
                let state = PurchaseOrderState(order: order)
                try await TenantScope(tenant, tx.sql).insert(
                    into: "purchase_orders",
                    columns: [
                        "id", "number", "version", "request_id", "vendor_id", "status", "currency", "total", "document", "state",
                        "created_at", "updated_at",
                    ],
                    values: [
                        id, order.number.text, order.version, requestID, order.vendorID, state.status.rawValue, order.currency.code,
                        order.total.units, AgentJSON.encode(order), AgentJSON.encode(state), now, now,
                    ]
                ).run()
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "purchase_order.created", subject: order.number.text,
                    data: JSONText.encode([
                        "purchase_order_id": .string(id), "request_id": .string(requestID), "vendor_id": .string(order.vendorID),
                    ]), runID: request.runID)
                guard
                    let record = try await TenantScope(tenant, tx.sql).select(from: "purchase_orders").columns("*")
                        .where("id", .equal, SQLBind(id)).first().map(PurchaseOrderRecord.init(row:))
                else { throw StoreError.notFound("purchase order") }
                created.append(record)
            }
            return .success(created)
        }
    }

    /// Issues a draft: the request must be approved and the order complete (parties with addresses,
    /// lines); the order's total moves from requested to committed in the request's budget.
    public func issue(_ tenant: Tenant, id: String, by userID: String?) async throws -> Result<PurchaseOrderRecord, Refusal>? {
        try await change(tenant, id: id) { record, tx in
            if let refusal = try await Self.approvalRefusal(tenant, requestID: record.requestID, tx.sql) { return .failure(refusal) }
            try record.order.validate()
            var state = record.state
            do { _ = try state.issue() } catch { return .failure(.notAllowed("\(error)")) }
            if let refusal = try await Self.commit(tenant, order: record.order, requestID: record.requestID, tx) {
                return .failure(refusal)
            }
            return .success(state)
        }
    }

    public func cancel(
        _ tenant: Tenant, id: String, reason: String, by userID: String?
    ) async throws -> Result<
        PurchaseOrderRecord, Refusal
    >? {
        try await change(tenant, id: id) { record, tx in
            var state = record.state
            let wasIssued = state.status != .draft
            do { _ = try state.cancel(reason: reason) } catch { return .failure(.notAllowed("\(error)")) }
            if wasIssued {
                try await Self.releaseCommitted(tenant, order: record.order, requestID: record.requestID, tx)
            }
            return .success(state)
        }
    }

    /// Locks the order's row, applies `body` and stores the new state; a refusal writes nothing.
    func change(
        _ tenant: Tenant, id: String,
        _ body: @Sendable (PurchaseOrderRecord, Transaction) async throws -> Result<PurchaseOrderState, Refusal>
    ) async throws -> Result<PurchaseOrderRecord, Refusal>? {
        struct Refused: Error { let refusal: Refusal }
        do {
            return try await store.write { tx -> Result<PurchaseOrderRecord, Refusal>? in
                let now = Clock.nowMilliseconds()
                guard
                    let record = try await tx.sql.raw(
                        """
                        UPDATE purchase_orders SET updated_at = \(bind: now)
                        WHERE id = \(bind: id) AND org_id = \(bind: tenant.organizationID) RETURNING *
                        """
                    ).first().map(PurchaseOrderRecord.init(row:))
                else { return nil }
                switch try await body(record, tx) {
                case .failure(let refusal): throw Refused(refusal: refusal)  // rolls back the ledger and the lock's touch
                case .success(let state):
                    guard
                        let updated = try await tx.sql.raw(
                            """
                            UPDATE purchase_orders SET status = \(bind: state.status.rawValue), state = \(bind: AgentJSON.encode(state))
                            WHERE id = \(bind: id) RETURNING *
                            """
                        ).first().map(PurchaseOrderRecord.init(row:))
                    else { throw StoreError.notFound("purchase order") }
                    try await tx.emit(
                        organizationID: tenant.organizationID, type: "purchase_order.\(state.status.rawValue)",
                        subject: record.order.number.text,
                        data: JSONText.encode(["purchase_order_id": .string(id), "request_id": .string(record.requestID)]))
                    return .success(updated)
                }
            }
        } catch let refused as Refused {
            return .failure(refused.refusal)
        }
    }

    /// Moves the order's total into the committed stage of the budget the request reserved in,
    /// releasing as much of the request's reservation.
    static func commit(_ tenant: Tenant, order: PurchaseOrder, requestID: String, _ tx: Transaction) async throws -> Refusal? {
        let moved = try await ApprovalRepository.move(
            tenant, requestID: requestID, from: .requested, to: .committed, amount: order.total, releasingAtMost: order.total,
            note: "purchase order \(order.number.text)", tx)
        guard let (budget, decision) = moved, case .refused(let by, let available) = decision else { return nil }
        return .overBudget(
            "issuing \(order.number.text) would take \(budget.costCentreCode) over budget by \(by.text(minimumPlaces: 2)) (available \(available.text(minimumPlaces: 2)))"
        )
    }

    static func releaseCommitted(_ tenant: Tenant, order: PurchaseOrder, requestID: String, _ tx: Transaction) async throws {
        guard
            let budgetID = try await tx.sql.raw(
                """
                SELECT budget_id FROM budget_entries WHERE request_id = \(bind: requestID) AND stage = 'committed'
                    AND note = \(bind: "purchase order \(order.number.text)") LIMIT 1
                """
            ).first()?.decode(column: "budget_id", as: String.self)
        else { return }
        try await ApprovalRepository.addEntry(
            tenant, budgetID: budgetID, requestID: requestID, stage: .committed, amount: .zero - order.total,
            note: "cancelled \(order.number.text)", tx)
    }
}
