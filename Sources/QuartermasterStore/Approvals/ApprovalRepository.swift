import Foundation
import QuartermasterCore
import SQLKit

/// Cost centres, budgets and the commitment ledger, approval rules, purchasing policy, spending
/// limits, delegations and approvals. Every decision is taken inside one transaction that first
/// locks the row it changes (a budget, an approval), so two runs cannot both take the last money and
/// two approvers cannot both decide the same level.
public struct ApprovalRepository: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    // MARK: Cost centres

    public func costCentres(_ tenant: Tenant) async throws -> [CostCentreRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "cost_centres").columns("*").orderBy("code").all()
                .map(CostCentreRecord.init(row:))
        }
    }

    public func costCentre(_ tenant: Tenant, code: String) async throws -> CostCentreRecord? {
        try await costCentres(tenant).first { $0.code.lowercased() == code.lowercased() || $0.id == code }
    }

    public func createCostCentre(_ tenant: Tenant, code: String, name: String, ownerID: String?) async throws -> CostCentreRecord {
        let id = Identifier.make("cc")
        try await store.write { tx in
            let taken = try await TenantScope(tenant, tx.sql).select(from: "cost_centres").column("id")
                .where(SQLFunction("lower", args: SQLColumn("code")), .equal, SQLBind(code.lowercased())).first()
            if taken != nil { throw StoreError.conflict(field: "code", message: "a cost centre with code '\(code)' exists") }
            try await TenantScope(tenant, tx.sql).insert(
                into: "cost_centres", columns: ["id", "code", "name", "owner_id", "created_at"],
                values: [id, code, name, ownerID, Clock.nowMilliseconds()]
            ).run()
            try await tx.emit(organizationID: tenant.organizationID, type: "cost_centre.created", subject: code)
        }
        guard let record = try await costCentre(tenant, code: id) else { throw StoreError.notFound("cost centre") }
        return record
    }

    // MARK: Budgets and the commitment ledger

    static let budgetColumns = "b.*, c.code"

    public func budgets(_ tenant: Tenant) async throws -> [BudgetRecord] {
        try await store.read { sql in
            let rows = try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.budgetColumns) FROM budgets b JOIN cost_centres c ON c.id = b.cost_centre_id
                WHERE b.org_id = \(bind: tenant.organizationID) ORDER BY c.code, b.period_start
                """
            ).all()
            let balances = try await Self.balances(tenant, budgetID: nil, sql)
            return try rows.map { row in try BudgetRecord(row: row, balance: balances[try row.decode(column: "id", as: String.self)]) }
        }
    }

    public func budget(_ tenant: Tenant, id: String) async throws -> BudgetRecord? {
        try await store.read { sql in try await Self.budget(tenant, id: id, sql) }
    }

    static func budget(_ tenant: Tenant, id: String, _ sql: any SQLDatabase) async throws -> BudgetRecord? {
        guard
            let row = try await sql.raw(
                """
                SELECT \(unsafeRaw: budgetColumns) FROM budgets b JOIN cost_centres c ON c.id = b.cost_centre_id
                WHERE b.org_id = \(bind: tenant.organizationID) AND b.id = \(bind: id)
                """
            ).first()
        else { return nil }
        return try BudgetRecord(row: row, balance: try await balances(tenant, budgetID: id, sql)[id])
    }

    /// The cost centre's budget whose period contains `date` (the shortest period when several do).
    public func budget(_ tenant: Tenant, costCentre: String, on date: LocalDate) async throws -> BudgetRecord? {
        try await budgets(tenant)
            .filter {
                ($0.costCentreCode.lowercased() == costCentre.lowercased() || $0.costCentreID == costCentre) && $0.period.contains(date)
            }
            .min { $0.period.kind.months < $1.period.kind.months }
    }

    /// Balances per budget from the ledger: the amount, and the sums per stage.
    static func balances(_ tenant: Tenant, budgetID: String?, _ sql: any SQLDatabase) async throws -> [String: BudgetBalance] {
        // SUM of BIGINT is NUMERIC on PostgreSQL: cast back so both databases answer an integer.
        var query = SQLQueryString(
            """
            SELECT b.id, b.amount, e.stage, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total
            FROM budgets b LEFT JOIN budget_entries e ON e.budget_id = b.id
            WHERE b.org_id = \(bind: tenant.organizationID)
            """)
        if let budgetID { query.appendInterpolation(unsafeRaw: " AND b.id = "); query.appendInterpolation(bind: budgetID) }
        query.appendInterpolation(unsafeRaw: " GROUP BY b.id, b.amount, e.stage")
        let rows = try await sql.raw(query).all()
        var result: [String: BudgetBalance] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let amount = FixedDecimal(units: try row.decode(column: "amount", as: Int64.self))
            var balance = result[id] ?? BudgetBalance(amount: amount)
            if let stage = try row.decode(column: "stage", as: String?.self).flatMap(LedgerStage.init(rawValue:)) {
                balance[stage] = FixedDecimal(units: try row.decode(column: "total", as: Int64.self))
            }
            result[id] = balance
        }
        return result
    }

    public func createBudget(
        _ tenant: Tenant, costCentreID: String, period: BudgetPeriod, amount: FixedDecimal, currency: CurrencyCode, actions: BudgetActions
    ) async throws -> BudgetRecord {
        let id = Identifier.make("bud")
        try await store.write { tx in
            let taken = try await TenantScope(tenant, tx.sql).select(from: "budgets").column("id")
                .where("cost_centre_id", .equal, SQLBind(costCentreID)).where("period_kind", .equal, SQLBind(period.kind.rawValue))
                .where("period_start", .equal, SQLBind(period.start.description)).first()
            if taken != nil {
                throw StoreError.conflict(field: "period", message: "this cost centre already has a budget for \(period.label)")
            }
            try await TenantScope(tenant, tx.sql).insert(
                into: "budgets",
                columns: [
                    "id", "cost_centre_id", "period_kind", "period_start", "period_end", "amount", "currency", "actions", "version",
                    "created_at",
                ],
                values: [
                    id, costCentreID, period.kind.rawValue, period.start.description, period.lastDay.description, amount.units,
                    currency.code, AgentJSON.encode(actions), 0, Clock.nowMilliseconds(),
                ]
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "budget.created", subject: period.label,
                data: JSONText.encode(["budget_id": .string(id), "amount": .string(amount.text(minimumPlaces: 2))]))
        }
        guard let record = try await budget(tenant, id: id) else { throw StoreError.notFound("budget") }
        return record
    }

    /// Sets what request `requestID` holds in `stage` of the budget to `amount` (a re-quote adjusts,
    /// a repeat changes nothing), if the budget's action for the stage allows it. The budget row is
    /// locked first, so concurrent reservations are decided one after the other.
    public func reserve(
        _ tenant: Tenant, budgetID: String, requestID: String, amount: FixedDecimal, stage: LedgerStage = .requested
    ) async throws -> (budget: BudgetRecord, decision: BudgetDecision) {
        try await store.write { tx in
            guard let budget = try await Self.lockedBudget(tenant, id: budgetID, tx) else { throw StoreError.notFound("budget") }
            let held = try await Self.held(requestID: requestID, budgetID: budgetID, stage: stage, tx.sql)
            var without = budget.balance
            without[stage] = without[stage] - held
            let decision = BudgetLedger.decide(without, taking: amount, into: stage, actions: budget.actions)
            if decision.allowed, amount != held {
                try await Self.addEntry(
                    tenant, budgetID: budgetID, requestID: requestID, stage: stage, amount: amount - held,
                    note: held == .zero ? "reserved" : "re-quoted", tx)
            }
            return (budget, decision)
        }
    }

    /// Locks a budget's row (on PostgreSQL; SQLite has one writer at a time anyway), so moves of its
    /// money are decided one after another, and reads it with its balance.
    static func lockedBudget(_ tenant: Tenant, id: String, _ tx: Transaction) async throws -> BudgetRecord? {
        let locked = try await tx.sql.raw(
            """
            UPDATE budgets SET version = version + 1
            WHERE id = \(bind: id) AND org_id = \(bind: tenant.organizationID) RETURNING id
            """
        ).first()
        guard locked != nil else { return nil }
        return try await budget(tenant, id: id, tx.sql)
    }

    /// Moves a request's money on to the next stage (requested → committed when an order is issued,
    /// committed → spent when an invoice is paid): `amount` goes into `to`, releasing what the request
    /// holds in `from`, at most `releasingAtMost`, if the budget's action for `to` allows it. Nil when
    /// the request holds nothing in `from` (it was not charged to a budget); a refused decision writes
    /// nothing.
    static func move(
        _ tenant: Tenant, requestID: String, from: LedgerStage, to: LedgerStage, amount: FixedDecimal, releasingAtMost cap: FixedDecimal,
        note: String, _ tx: Transaction
    ) async throws -> (budget: BudgetRecord, decision: BudgetDecision)? {
        guard
            let budgetID = try await tx.sql.raw(
                "SELECT budget_id FROM budget_entries WHERE request_id = \(bind: requestID) AND stage = \(bind: from.rawValue) LIMIT 1"
            ).first()?.decode(column: "budget_id", as: String.self),
            let budget = try await lockedBudget(tenant, id: budgetID, tx)
        else { return nil }
        let releasing = min(try await held(requestID: requestID, budgetID: budgetID, stage: from, tx.sql), cap)
        let decision = BudgetLedger.decide(budget.balance, taking: amount, into: to, releasing: releasing, actions: budget.actions)
        guard decision.allowed else { return (budget, decision) }
        if releasing > .zero {
            try await addEntry(tenant, budgetID: budgetID, requestID: requestID, stage: from, amount: .zero - releasing, note: note, tx)
        }
        try await addEntry(tenant, budgetID: budgetID, requestID: requestID, stage: to, amount: amount, note: note, tx)
        return (budget, decision)
    }

    static func held(requestID: String, budgetID: String?, stage: LedgerStage, _ sql: any SQLDatabase) async throws -> FixedDecimal {
        var query = SQLQueryString(
            """
            SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS held FROM budget_entries
            WHERE request_id = \(bind: requestID) AND stage = \(bind: stage.rawValue)
            """)
        if let budgetID { query.appendInterpolation(unsafeRaw: " AND budget_id = "); query.appendInterpolation(bind: budgetID) }
        return FixedDecimal(units: try await sql.raw(query).first()?.decode(column: "held", as: Int64.self) ?? 0)
    }

    static func addEntry(
        _ tenant: Tenant, budgetID: String, requestID: String, stage: LedgerStage, amount: FixedDecimal, note: String, _ tx: Transaction
    ) async throws {
        try await TenantScope(tenant, tx.sql).insert(
            into: "budget_entries", columns: ["id", "budget_id", "request_id", "stage", "amount", "note", "created_at"],
            values: [Identifier.make("led"), budgetID, requestID, stage.rawValue, amount.units, note, Clock.nowMilliseconds()]
        ).run()
        try await tx.emit(
            organizationID: tenant.organizationID, type: "budget.\(stage.rawValue)", subject: note,
            data: JSONText.encode([
                "budget_id": .string(budgetID), "request_id": .string(requestID), "amount": .string(amount.text(minimumPlaces: 2)),
            ]))
    }

    /// Releases whatever a request holds at the requested stage (rejected, cancelled, re-sourced).
    static func releaseRequested(_ tenant: Tenant, requestID: String, note: String, _ tx: Transaction) async throws {
        let rows = try await tx.sql.raw(
            """
            SELECT budget_id, CAST(SUM(amount) AS BIGINT) AS held FROM budget_entries
            WHERE request_id = \(bind: requestID) AND stage = 'requested' GROUP BY budget_id
            """
        ).all()
        for row in rows {
            let held = FixedDecimal(units: try row.decode(column: "held", as: Int64.self))
            guard held != .zero else { continue }
            try await addEntry(
                tenant, budgetID: try row.decode(column: "budget_id", as: String.self), requestID: requestID, stage: .requested,
                amount: .zero - held, note: note, tx)
        }
    }

    public struct LedgerEntry: Sendable, Hashable {
        public let id: String
        public let requestID: String
        public let stage: LedgerStage
        public let amount: FixedDecimal
        public let note: String?
        public let createdAt: Int64
    }

    public func ledger(_ tenant: Tenant, budgetID: String) async throws -> [LedgerEntry] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "budget_entries").columns("*").where("budget_id", .equal, SQLBind(budgetID))
                .orderBy("created_at").orderBy("id").all().map { row in
                    LedgerEntry(
                        id: try row.decode(column: "id", as: String.self), requestID: try row.decode(column: "request_id", as: String.self),
                        stage: LedgerStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .requested,
                        amount: FixedDecimal(units: try row.decode(column: "amount", as: Int64.self)),
                        note: try row.decode(column: "note", as: String?.self),
                        createdAt: try row.decode(column: "created_at", as: Int64.self))
                }
        }
    }

    // MARK: Approval rules

    public func rules(_ tenant: Tenant) async throws -> [ApprovalRuleRecord] {
        try await store.read { sql in try await Self.rules(tenant, sql) }
    }

    static func rules(_ tenant: Tenant, _ sql: any SQLDatabase) async throws -> [ApprovalRuleRecord] {
        try await TenantScope(tenant, sql).select(from: "approval_rules").columns("*").orderBy("priority").orderBy("id").all()
            .map(ApprovalRuleRecord.init(row:))
    }

    /// Adds a rule after checking it with the organisation's other rules; nothing is written when the
    /// set would have problems (a contradiction, a loop, an unknown user).
    public func createRule(_ tenant: Tenant, _ draft: ApprovalRule) async throws -> ApprovalRuleRecord {
        var rule = draft
        rule.id = Identifier.make("rule")
        let created = rule
        try await store.write { tx in
            let existing = try await Self.rules(tenant, tx.sql).map(\.rule)
            let users = try await Self.memberIDs(tenant, tx.sql)
            let problems = ApprovalPolicy.problems(in: existing + [created], knownUsers: users)
            if !problems.isEmpty {
                let index = existing.count
                throw ValidationFailure(
                    problems.map { error in
                        FieldError(
                            field: error.field.replacingOccurrences(of: "rules[\(index)]", with: "rule"),
                            message: error.message)
                    })
            }
            let now = Clock.nowMilliseconds()
            try await TenantScope(tenant, tx.sql).insert(
                into: "approval_rules",
                columns: ["id", "name", "priority", "enabled", "conditions", "outcome", "created_at", "updated_at"],
                values: [
                    created.id, created.name, created.priority, created.enabled ? 1 : 0, AgentJSON.encode(created.conditions),
                    AgentJSON.encode(created.outcome), now, now,
                ]
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "approval_rule.created", subject: created.name,
                data: JSONText.encode(["rule_id": .string(created.id)]))
        }
        guard let record = try await rules(tenant).first(where: { $0.rule.id == created.id }) else {
            throw StoreError.notFound("approval rule")
        }
        return record
    }

    public func deleteRule(_ tenant: Tenant, id: String) async throws -> Bool {
        try await store.write { tx in
            let deleted = try await tx.sql.raw(
                "DELETE FROM approval_rules WHERE id = \(bind: id) AND org_id = \(bind: tenant.organizationID) RETURNING id"
            ).first()
            if deleted != nil {
                try await tx.emit(organizationID: tenant.organizationID, type: "approval_rule.deleted", subject: id)
            }
            return deleted != nil
        }
    }

    static func memberIDs(_ tenant: Tenant, _ sql: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await TenantScope(tenant, sql).select(from: "memberships").column("user_id").all()
                .map { try $0.decode(column: "user_id", as: String.self) })
    }

    // MARK: Purchasing policy, limits, delegations

    public func policy(_ tenant: Tenant) async throws -> PurchasingPolicy {
        try await store.read { sql in
            try await AgentJSON.decode(
                PurchasingPolicy.self,
                try TenantScope(tenant, sql).select(from: "purchasing_policies").column("policy").first()?
                    .decode(column: "policy", as: String.self)) ?? PurchasingPolicy()
        }
    }

    public func setPolicy(_ tenant: Tenant, _ policy: PurchasingPolicy, by userID: String?) async throws {
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            try await tx.sql.raw(
                """
                INSERT INTO purchasing_policies (org_id, policy, updated_at)
                VALUES (\(bind: tenant.organizationID), \(bind: AgentJSON.encode(policy)), \(bind: now))
                ON CONFLICT (org_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at
                """
            ).run()
            try await tx.emit(organizationID: tenant.organizationID, type: "policy.updated", subject: userID ?? "system")
        }
    }

    public func limits(_ tenant: Tenant) async throws -> [SpendingLimitRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "spending_limits").columns("*").orderBy("user_id").all()
                .map(SpendingLimitRecord.init(row:))
        }
    }

    public func setLimit(_ tenant: Tenant, userID: String, requestLimit: FixedDecimal?, approvalLimit: FixedDecimal?) async throws {
        try await store.write { tx in
            guard try await Self.memberIDs(tenant, tx.sql).contains(userID) else { throw StoreError.notFound("user") }
            try await tx.sql.raw(
                """
                INSERT INTO spending_limits (org_id, user_id, request_limit, approval_limit, updated_at)
                VALUES (\(bind: tenant.organizationID), \(bind: userID), \(bind: requestLimit?.units), \(bind: approvalLimit?.units),
                    \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (org_id, user_id) DO UPDATE SET request_limit = excluded.request_limit,
                    approval_limit = excluded.approval_limit, updated_at = excluded.updated_at
                """
            ).run()
            try await tx.emit(organizationID: tenant.organizationID, type: "spending_limit.updated", subject: userID)
        }
    }

    public func delegations(_ tenant: Tenant) async throws -> [DelegationRecord] {
        try await store.read { sql in try await Self.delegations(tenant, sql) }
    }

    static func delegations(_ tenant: Tenant, _ sql: any SQLDatabase) async throws -> [DelegationRecord] {
        try await TenantScope(tenant, sql).select(from: "delegations").columns("*").orderBy("starts_at").all()
            .map(DelegationRecord.init(row:))
    }

    /// Lets `to` approve for `from` between two instants; refused when it would close a loop with
    /// delegations that overlap it in time.
    public func createDelegation(
        _ tenant: Tenant, from: String, to: String, startsAt: Int64, endsAt: Int64
    ) async throws
        -> DelegationRecord
    {
        let id = Identifier.make("dlg")
        try await store.write { tx in
            let members = try await Self.memberIDs(tenant, tx.sql)
            var errors: [FieldError] = []
            if !members.contains(from) { errors.append(FieldError(field: "from_user", message: "no such user in this organisation")) }
            if !members.contains(to) { errors.append(FieldError(field: "to_user", message: "no such user in this organisation")) }
            if from == to { errors.append(FieldError(field: "to_user", message: "must differ from from_user")) }
            let overlapping = try await Self.delegations(tenant, tx.sql).filter { $0.startsAt < endsAt && startsAt < $0.endsAt }
            if Delegation.wouldLoop(from: from, to: to, existing: overlapping.map { ($0.fromUser, $0.toUser) }) {
                errors.append(
                    FieldError(field: "to_user", message: "would close a loop of delegations (approvals would route back to \(from))"))
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }
            try await TenantScope(tenant, tx.sql).insert(
                into: "delegations", columns: ["id", "from_user", "to_user", "starts_at", "ends_at", "created_at"],
                values: [id, from, to, startsAt, endsAt, Clock.nowMilliseconds()]
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "delegation.created", subject: from,
                data: JSONText.encode(["from_user": .string(from), "to_user": .string(to)]))
        }
        guard let record = try await delegations(tenant).first(where: { $0.id == id }) else { throw StoreError.notFound("delegation") }
        return record
    }

    /// A member as an approver: roles and approval limit.
    public func approver(_ tenant: Tenant, userID: String) async throws -> Approver? {
        try await store.read { sql in try await Self.approver(tenant, userID: userID, sql) }
    }

    static func approver(_ tenant: Tenant, userID: String, _ sql: any SQLDatabase) async throws -> Approver? {
        guard
            let row = try await sql.raw(
                """
                SELECT m.roles, l.approval_limit FROM memberships m
                LEFT JOIN spending_limits l ON l.org_id = m.org_id AND l.user_id = m.user_id
                WHERE m.org_id = \(bind: tenant.organizationID) AND m.user_id = \(bind: userID)
                """
            ).first()
        else { return nil }
        return Approver(
            id: userID, roles: RoleList.decode(try row.decode(column: "roles", as: String.self)),
            approvalLimit: try row.decode(column: "approval_limit", as: Int64?.self).map(FixedDecimal.init(units:)))
    }

    static func activeDelegations(_ tenant: Tenant, now: Int64, _ sql: any SQLDatabase) async throws -> [Delegation] {
        var result: [Delegation] = []
        for record in try await delegations(tenant, sql) where record.startsAt <= now && now < record.endsAt {
            if let from = try await approver(tenant, userID: record.fromUser, sql) {
                result.append(Delegation(from: from, to: record.toUser, startsAt: record.startsAt, endsAt: record.endsAt))
            }
        }
        return result
    }

    // MARK: Approvals

    /// Opens the approval for a run's generation, or returns the one already open for it.
    public func openApproval(
        _ tenant: Tenant, requestID: String, runID: String, generation: Int, plan: ApprovalPlan, amount: FixedDecimal,
        currency: CurrencyCode, lineCount: Int, requesterID: String?, holdHours: Int
    ) async throws -> ApprovalRecord {
        let now = Clock.nowMilliseconds()
        let flow = ApprovalFlow(plan: plan, amount: amount, lineCount: lineCount, requesterID: requesterID, now: now)
        return try await store.write { tx in
            try await tx.sql.raw(
                """
                INSERT INTO approvals (id, org_id, request_id, run_id, generation, status, amount, currency, rule_id, reason, flow,
                    created_at, updated_at, expires_at)
                VALUES (\(bind: Identifier.make("apv")), \(bind: tenant.organizationID), \(bind: requestID), \(bind: runID),
                    \(bind: generation), \(bind: flow.status.rawValue), \(bind: amount.units), \(bind: currency.code), \(bind: plan.ruleID),
                    \(bind: plan.reason), \(bind: AgentJSON.encode(flow)), \(bind: now), \(bind: now),
                    \(bind: now + Int64(holdHours) * 3_600_000))
                ON CONFLICT (run_id, generation) DO NOTHING
                """
            ).run()
            guard
                let record = try await TenantScope(tenant, tx.sql).select(from: "approvals").columns("*")
                    .where("run_id", .equal, SQLBind(runID)).where("generation", .equal, SQLBind(generation)).first()
                    .map(ApprovalRecord.init(row:))
            else { throw StoreError.notFound("approval") }
            if record.createdAt == now {
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "approval.requested", subject: plan.reason,
                    data: JSONText.encode([
                        "approval_id": .string(record.id), "request_id": .string(requestID),
                        "amount": .string(amount.text(minimumPlaces: 2)),
                    ]), runID: runID)
            }
            return record
        }
    }

    public func approval(_ tenant: Tenant, id: String) async throws -> ApprovalRecord? {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "approvals").columns("*").where("id", .equal, SQLBind(id)).first()
                .map(ApprovalRecord.init(row:))
        }
    }

    /// The newest approval of a run.
    public func latestApproval(_ tenant: Tenant, runID: String) async throws -> ApprovalRecord? {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "approvals").columns("*").where("run_id", .equal, SQLBind(runID))
                .orderBy("generation", .descending).first().map(ApprovalRecord.init(row:))
        }
    }

    /// Approvals of the organisation, newest first; `status` filters.
    public func approvals(_ tenant: Tenant, status: ApprovalStatus?, limit: Int = 200) async throws -> [ApprovalRecord] {
        try await store.read { sql in
            var query = TenantScope(tenant, sql).select(from: "approvals").columns("*")
            if let status { query = query.where("status", .equal, SQLBind(status.rawValue)) }
            return try await query.orderBy("created_at", .descending).limit(limit).all().map(ApprovalRecord.init(row:))
        }
    }

    /// Pending approvals that wait for `userID` now (directly or through a delegation).
    public func inbox(_ tenant: Tenant, userID: String) async throws -> [ApprovalRecord] {
        let now = Clock.nowMilliseconds()
        return try await store.read { sql in
            guard let actor = try await Self.approver(tenant, userID: userID, sql) else { return [] }
            let delegations = try await Self.activeDelegations(tenant, now: now, sql)
            return try await TenantScope(tenant, sql).select(from: "approvals").columns("*")
                .where("status", .equal, SQLBind(ApprovalStatus.pending.rawValue)).orderBy("created_at").all()
                .map(ApprovalRecord.init(row:))
                .filter { $0.flow.waits(for: actor, delegations: delegations, now: now) }
        }
    }

    public enum Verdict: Sendable {
        case approve(comment: String?)
        case reject(lines: [Int], action: RejectedLineAction, reason: String?)
    }

    public enum DecisionResult: Sendable {
        case applied(ApprovalRecord)
        case refused(ApprovalRefusal)
    }

    /// Applies an approver's decision. The approval row is locked first; a refused decision writes
    /// nothing. When the decision ends the approval, the run goes on in the same transaction.
    public func decide(_ tenant: Tenant, approvalID: String, userID: String, verdict: Verdict) async throws -> DecisionResult? {
        let result: DecisionResult?
        do {
            result = try await apply(tenant, approvalID: approvalID, userID: userID, verdict: verdict)
        } catch let refused as RefusedDecision {
            return .refused(refused.refusal)
        }
        guard case .applied(let record) = result else { return result }
        return try await approval(tenant, id: record.id).map(DecisionResult.applied)
    }

    private func apply(_ tenant: Tenant, approvalID: String, userID: String, verdict: Verdict) async throws -> DecisionResult? {
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            guard
                let record = try await tx.sql.raw(
                    """
                    UPDATE approvals SET updated_at = \(bind: now)
                    WHERE id = \(bind: approvalID) AND org_id = \(bind: tenant.organizationID) RETURNING *
                    """
                ).first().map(ApprovalRecord.init(row:))
            else { return nil }
            guard let actor = try await Self.approver(tenant, userID: userID, tx.sql) else {
                return .refused(.notAnApprover("a member of this organisation"))
            }
            let delegations = try await Self.activeDelegations(tenant, now: now, tx.sql)
            var flow = record.flow
            let applied: Result<ApprovalStatus, ApprovalRefusal> =
                switch verdict {
                case .approve(let comment): flow.approve(by: actor, comment: comment, delegations: delegations, now: now)
                case .reject(let lines, let action, let reason):
                    flow.reject(by: actor, lines: lines, action: action, reason: reason, delegations: delegations, now: now)
                }
            if case .failure(let refusal) = applied { throw RefusedDecision(refusal: refusal) }  // rolls back the lock's touch
            try await tx.sql.update("approvals").set("flow", to: SQLBind(AgentJSON.encode(flow)))
                .set("status", to: SQLBind(flow.status.rawValue))
                .set("decided_at", to: SQLBind(flow.status == .pending ? nil : now))
                .where("id", .equal, SQLBind(approvalID)).run()
            let last = flow.decisions.last
            try await tx.emit(
                organizationID: tenant.organizationID, type: "approval.\(last?.verdict == .reject ? "rejected" : "approved")",
                subject: userID,
                data: JSONText.encode([
                    "approval_id": .string(approvalID), "request_id": .string(record.requestID), "status": .string(flow.status.rawValue),
                    "on_behalf_of": last?.onBehalfOf.map(JSONText.string) ?? .null,
                ]), runID: record.runID)
            if flow.status != .pending {
                try await AgentRepository.approvalEnded(tenant, approval: record, flow: flow, by: userID, now: now, in: tx)
            }
            return .applied(record)
        }
    }

    struct RefusedDecision: Error {
        let refusal: ApprovalRefusal
    }

    /// Escalates pending approvals whose level has waited too long, and expires those whose price
    /// hold has run out (their runs go back to sourcing for a fresh quote). Returns how many changed.
    public func sweep(now: Int64 = Clock.nowMilliseconds()) async throws -> (escalated: Int, expired: Int) {
        let pending = try await store.read { sql in
            try await sql.select().columns("*").from("approvals").where("status", .equal, SQLBind(ApprovalStatus.pending.rawValue))
                .all().map { row in (try row.decode(column: "org_id", as: String.self), try ApprovalRecord(row: row)) }
        }
        var escalated = 0
        var expired = 0
        for (org, record) in pending {
            let tenant = Tenant(organizationID: org)
            var changedFlow = record.flow
            let expiring = record.expiresAt <= now
            if expiring { changedFlow.status = .expired }
            guard expiring || changedFlow.escalateIfDue(now: now) else { continue }
            let flow = changedFlow
            let changed = try await store.write { tx in
                let claimed = try await tx.sql.raw(
                    """
                    UPDATE approvals SET updated_at = \(bind: now), flow = \(bind: AgentJSON.encode(flow)),
                        status = \(bind: expiring ? ApprovalStatus.expired.rawValue : ApprovalStatus.pending.rawValue)
                    WHERE id = \(bind: record.id) AND status = 'pending' AND updated_at = \(bind: record.updatedAt) RETURNING id
                    """
                ).first()
                guard claimed != nil else { return false }
                if expiring {
                    try await AgentRepository.approvalEnded(tenant, approval: record, flow: flow, by: nil, now: now, in: tx)
                } else {
                    try await tx.emit(
                        organizationID: org, type: "approval.escalated", subject: flow.decisions.last?.comment ?? "",
                        data: JSONText.encode(["approval_id": .string(record.id), "request_id": .string(record.requestID)]),
                        runID: record.runID)
                }
                return true
            }
            if changed { if expiring { expired += 1 } else { escalated += 1 } }
        }
        return (escalated, expired)
    }
}
