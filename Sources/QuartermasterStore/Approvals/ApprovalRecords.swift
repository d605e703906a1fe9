import Foundation
import QuartermasterCore
import SQLKit

public struct CostCentreRecord: Sendable, Hashable {
    public let id: String
    public let code: String
    public let name: String
    public let ownerID: String?
    public let createdAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        code = try row.decode(column: "code", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        ownerID = try row.decode(column: "owner_id", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

/// A budget with its balances from the commitment ledger.
public struct BudgetRecord: Sendable, Hashable {
    public let id: String
    public let costCentreID: String
    public let costCentreCode: String
    public let period: BudgetPeriod
    public let currency: CurrencyCode
    public let actions: BudgetActions
    public let balance: BudgetBalance
    public let createdAt: Int64

    init(row: any SQLRow, balance: BudgetBalance?) throws {
        id = try row.decode(column: "id", as: String.self)
        costCentreID = try row.decode(column: "cost_centre_id", as: String.self)
        costCentreCode = try row.decode(column: "code", as: String.self)
        let kind = BudgetPeriodKind(rawValue: try row.decode(column: "period_kind", as: String.self)) ?? .month
        let start = LocalDate(iso: try row.decode(column: "period_start", as: String.self)) ?? LocalDate(daysSinceEpoch: 0)
        period = BudgetPeriod(kind, containing: start)
        currency = CurrencyCode(try row.decode(column: "currency", as: String.self)) ?? CurrencyCode("USD")!
        actions = try AgentJSON.decode(BudgetActions.self, try row.decode(column: "actions", as: String.self)) ?? BudgetActions()
        let amount = FixedDecimal(units: try row.decode(column: "amount", as: Int64.self))
        self.balance = balance ?? BudgetBalance(amount: amount)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

public struct ApprovalRuleRecord: Sendable, Hashable {
    public let rule: ApprovalRule
    public let createdAt: Int64

    init(row: any SQLRow) throws {
        let conditions =
            try AgentJSON.decode(ApprovalConditions.self, try row.decode(column: "conditions", as: String.self)) ?? ApprovalConditions()
        guard let outcome = try AgentJSON.decode(ApprovalOutcome.self, try row.decode(column: "outcome", as: String.self)) else {
            throw StoreError.notFound("approval rule outcome")
        }
        rule = ApprovalRule(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            priority: try row.decode(column: "priority", as: Int.self), enabled: try row.decode(column: "enabled", as: Int.self) != 0,
            conditions: conditions, outcome: outcome)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
    }
}

public struct SpendingLimitRecord: Sendable, Hashable {
    public let userID: String
    public let requestLimit: FixedDecimal?
    public let approvalLimit: FixedDecimal?

    init(row: any SQLRow) throws {
        userID = try row.decode(column: "user_id", as: String.self)
        requestLimit = try row.decode(column: "request_limit", as: Int64?.self).map(FixedDecimal.init(units:))
        approvalLimit = try row.decode(column: "approval_limit", as: Int64?.self).map(FixedDecimal.init(units:))
    }
}

public struct DelegationRecord: Sendable, Hashable {
    public let id: String
    public let fromUser: String
    public let toUser: String
    public let startsAt: Int64
    public let endsAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        fromUser = try row.decode(column: "from_user", as: String.self)
        toUser = try row.decode(column: "to_user", as: String.self)
        startsAt = try row.decode(column: "starts_at", as: Int64.self)
        endsAt = try row.decode(column: "ends_at", as: Int64.self)
    }
}

/// An approval as stored: the flow (levels and decisions) and the request it decides.
public struct ApprovalRecord: Sendable, Hashable {
    public let id: String
    public let requestID: String
    public let runID: String
    public let generation: Int
    public let status: ApprovalStatus
    public let amount: FixedDecimal
    public let currency: CurrencyCode
    public let ruleID: String?
    public let reason: String
    public let flow: ApprovalFlow
    public let createdAt: Int64
    public let updatedAt: Int64
    public let expiresAt: Int64
    public let decidedAt: Int64?

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        requestID = try row.decode(column: "request_id", as: String.self)
        runID = try row.decode(column: "run_id", as: String.self)
        generation = try row.decode(column: "generation", as: Int.self)
        status = ApprovalStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled
        amount = FixedDecimal(units: try row.decode(column: "amount", as: Int64.self))
        currency = CurrencyCode(try row.decode(column: "currency", as: String.self)) ?? CurrencyCode("USD")!
        ruleID = try row.decode(column: "rule_id", as: String?.self)
        reason = try row.decode(column: "reason", as: String.self)
        guard let flow = try AgentJSON.decode(ApprovalFlow.self, try row.decode(column: "flow", as: String.self)) else {
            throw StoreError.notFound("approval flow")
        }
        self.flow = flow
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
        expiresAt = try row.decode(column: "expires_at", as: Int64.self)
        decidedAt = try row.decode(column: "decided_at", as: Int64?.self)
    }
}
