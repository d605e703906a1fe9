import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

struct ApproveInput: StrictDecodable {
    static let fields: Set<String> = ["comment"]
    let comment: String?
}

struct RejectInput: StrictDecodable {
    static let fields: Set<String> = ["lines", "reason", "action"]
    /// Requisition line numbers (0-based, as `line` in the quote); empty or absent rejects the whole request.
    let lines: [Int]?
    let reason: String?
    /// What to do with rejected lines: `resource` (default) or `drop`.
    let action: RejectedLineAction?
}

struct CostCentreInput: StrictDecodable {
    static let fields: Set<String> = ["code", "name", "owner_id"]
    let code: String?
    let name: String?
    let owner_id: String?
}

struct CreateBudgetInput: StrictDecodable {
    static let fields: Set<String> = ["cost_centre", "period", "start", "amount", "currency", "actions"]
    /// The cost centre's id or code.
    let cost_centre: String?
    let period: BudgetPeriodKind?
    /// The first day of the period (YYYY-MM-DD); absent means the current period.
    let start: String?
    let amount: FixedDecimal?
    let currency: String?
    let actions: BudgetActions?
}

struct RuleInput: StrictDecodable {
    static let fields: Set<String> = ["name", "priority", "enabled", "conditions", "outcome"]
    let name: String?
    let priority: Int?
    let enabled: Bool?
    let conditions: ApprovalConditions?
    let outcome: ApprovalOutcome?
}

struct LimitInput: StrictDecodable {
    static let fields: Set<String> = ["user_id", "request_limit", "approval_limit"]
    let user_id: String?
    let request_limit: FixedDecimal?
    let approval_limit: FixedDecimal?
}

struct DelegationInput: StrictDecodable {
    static let fields: Set<String> = ["from_user", "to_user", "starts_at", "ends_at"]
    /// Defaults to the caller; only an admin may delegate for someone else.
    let from_user: String?
    let to_user: String?
    /// ISO 8601 instants.
    let starts_at: String?
    let ends_at: String?
}

struct CostCentreDTO: ResponseEncodable {
    let id: String
    let code: String
    let name: String
    let owner_id: String?
    let created_at: String

    init(_ record: CostCentreRecord) {
        id = record.id
        code = record.code
        name = record.name
        owner_id = record.ownerID
        created_at = Instant.iso8601(record.createdAt)
    }
}

struct BudgetDTO: ResponseEncodable {
    struct Entry: Encodable, Sendable {
        let id: String
        let request_id: String
        let stage: LedgerStage
        let amount: FixedDecimal
        let note: String?
        let created_at: String
    }
    let id: String
    let cost_centre_id: String
    let cost_centre: String
    let period: BudgetPeriodKind
    let label: String
    let start: String
    let end: String
    let currency: String
    let amount: FixedDecimal
    let requested: FixedDecimal
    let committed: FixedDecimal
    let spent: FixedDecimal
    let available: FixedDecimal
    let actions: BudgetActions
    let ledger: [Entry]?

    init(_ record: BudgetRecord, ledger: [ApprovalRepository.LedgerEntry]? = nil) {
        id = record.id
        cost_centre_id = record.costCentreID
        cost_centre = record.costCentreCode
        period = record.period.kind
        label = record.period.label
        start = record.period.start.description
        end = record.period.lastDay.description
        currency = record.currency.code
        amount = record.balance.amount
        requested = record.balance.requested
        committed = record.balance.committed
        spent = record.balance.spent
        available = record.balance.available
        actions = record.actions
        self.ledger = ledger?.map {
            Entry(
                id: $0.id, request_id: $0.requestID, stage: $0.stage, amount: $0.amount, note: $0.note,
                created_at: Instant.iso8601($0.createdAt))
        }
    }
}

struct RuleDTO: ResponseEncodable {
    let id: String
    let name: String
    let priority: Int
    let enabled: Bool
    let conditions: ApprovalConditions
    let outcome: ApprovalOutcome
    let created_at: String

    init(_ record: ApprovalRuleRecord) {
        id = record.rule.id
        name = record.rule.name
        priority = record.rule.priority
        enabled = record.rule.enabled
        conditions = record.rule.conditions
        outcome = record.rule.outcome
        created_at = Instant.iso8601(record.createdAt)
    }
}

struct LimitDTO: ResponseEncodable {
    let user_id: String
    let request_limit: FixedDecimal?
    let approval_limit: FixedDecimal?

    init(_ record: SpendingLimitRecord) {
        user_id = record.userID
        request_limit = record.requestLimit
        approval_limit = record.approvalLimit
    }
}

struct DelegationDTO: ResponseEncodable {
    let id: String
    let from_user: String
    let to_user: String
    let starts_at: String
    let ends_at: String

    init(_ record: DelegationRecord) {
        id = record.id
        from_user = record.fromUser
        to_user = record.toUser
        starts_at = Instant.iso8601(record.startsAt)
        ends_at = Instant.iso8601(record.endsAt)
    }
}

/// An approval with what it decides: the request, the amount and the quote's lines.
struct ApprovalDTO: ResponseEncodable {
    struct Line: Encodable, Sendable {
        let line: Int
        let description: String
        let title: String
        let vendor_id: String
        let vendor_name: String
        let quantity: Int
        let unit: String
        let unit_price: FixedDecimal
        let line_total: FixedDecimal
    }
    struct Level: Encodable, Sendable {
        let index: Int
        let roles: [Role]
        let users: [String]
        let mode: ApprovalLevel.Mode
        let escalated: Bool
        let summary: String
    }
    struct Decision: Encodable, Sendable {
        let verdict: ApprovalDecision.Verdict
        let user_id: String?
        let on_behalf_of: String?
        let level: Int
        let comment: String?
        let lines: [Int]
        let line_action: RejectedLineAction?
        let at: String
    }
    struct RequestSummary: Encodable, Sendable {
        let id: String
        let title: String
        let created_by: String?
        let cost_centre: String?
        let status: String
    }

    let id: String
    let status: ApprovalStatus
    let request_id: String
    let run_id: String
    let amount: FixedDecimal
    let currency: String
    let reason: String
    let rule_id: String?
    let current_level: Int?
    let levels: [Level]
    let decisions: [Decision]
    let request: RequestSummary?
    let lines: [Line]
    let shipping_total: FixedDecimal?
    let budget: BudgetNote?
    let created_at: String
    let expires_at: String
    let decided_at: String?

    init(_ record: ApprovalRecord, request: RequestRecord?) {
        id = record.id
        status = record.status
        request_id = record.requestID
        run_id = record.runID
        amount = record.amount
        currency = record.currency.code
        reason = record.reason
        rule_id = record.ruleID
        current_level = record.status == .pending ? record.flow.current : nil
        levels = record.flow.levels.enumerated().map { index, level in
            Level(
                index: index, roles: level.roles, users: level.users, mode: level.mode, escalated: record.flow.escalated.contains(index),
                summary: level.summary)
        }
        decisions = record.flow.decisions.map {
            Decision(
                verdict: $0.verdict, user_id: $0.user, on_behalf_of: $0.onBehalfOf, level: $0.level, comment: $0.comment, lines: $0.lines,
                line_action: $0.lineAction, at: Instant.iso8601($0.at))
        }
        self.request = request.map {
            RequestSummary(id: $0.id, title: $0.title, created_by: $0.createdBy, cost_centre: $0.requisition?.costCentre, status: $0.status)
        }
        lines = (request?.quote?.lines ?? []).map {
            Line(
                line: $0.line, description: $0.description, title: $0.title, vendor_id: $0.vendorID, vendor_name: $0.vendorName,
                quantity: $0.quantity, unit: $0.unit, unit_price: $0.unitPrice,
                line_total: $0.lineTotal)
        }
        shipping_total = request?.quote?.shippingTotal
        budget = request?.quote?.budget
        created_at = Instant.iso8601(record.createdAt)
        expires_at = Instant.iso8601(record.expiresAt)
        decided_at = record.decidedAt.map(Instant.iso8601)
    }
}
