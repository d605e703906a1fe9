import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// Approvals (the inbox, approve, reject), and what decides them: cost centres, budgets and their
/// ledger, approval rules, the purchasing policy, spending limits and delegations. Every check is
/// made on the server: the requester cannot approve their own request, nobody approves above their
/// limit or for another organisation, and a decision is taken once.
struct ApprovalController: Sendable {
    let agent: AgentServices

    var repository: ApprovalRepository { agent.approvals }

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("approvals", use: inbox)
        group.get("approvals/{id}", use: get)
        group.post("approvals/{id}/approve", use: approve)
        group.post("approvals/{id}/reject", use: reject)
        group.get("cost-centres", use: costCentres)
        group.post("cost-centres", use: createCostCentre)
        group.get("budgets", use: budgets)
        group.post("budgets", use: createBudget)
        group.get("budgets/{id}", use: budget)
        group.get("approval-rules", use: rules)
        group.post("approval-rules", use: createRule)
        group.delete("approval-rules/{id}", use: deleteRule)
        group.get("purchasing-policy", use: policy)
        group.put("purchasing-policy", use: setPolicy)
        group.get("spending-limits", use: limits)
        group.post("spending-limits", use: setLimit)
        group.get("delegations", use: delegations)
        group.post("delegations", use: createDelegation)
    }

    // MARK: Approvals

    /// What waits for the caller; `?status=pending|approved|rejected|expired|cancelled|all` lists the
    /// organisation's approvals instead (admins, approvers and finance).
    @Sendable func inbox(_ request: Request, context: TenantContext) async throws -> ListDTO<ApprovalDTO> {
        let query = FormQuery(request.uri.query)
        let records: [ApprovalRecord]
        if let status = query.get("status"), !status.isEmpty {
            try context.require(.admin, .approver, .finance)
            if status == "all" {
                records = try await repository.approvals(context.tenant, status: nil)
            } else if let known = ApprovalStatus(rawValue: status) {
                records = try await repository.approvals(context.tenant, status: known)
            } else {
                throw Problem.validation([
                    FieldError(field: "status", message: "must be one of all, pending, approved, rejected, expired, cancelled")
                ])
            }
        } else {
            records = try await repository.inbox(context.tenant, userID: context.principal.userID)
        }
        var items: [ApprovalDTO] = []
        for record in records {
            items.append(ApprovalDTO(record, request: try await agent.repository.request(context.tenant, id: record.requestID)))
        }
        return ListDTO(items: items, next_cursor: nil)
    }

    func approval(_ context: TenantContext) async throws -> ApprovalRecord {
        let id = try context.parameters.require("id")
        guard let record = try await repository.approval(context.tenant, id: id) else { throw Problem.notFound("approval") }
        return record
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> ApprovalDTO {
        let record = try await approval(context)
        return ApprovalDTO(record, request: try await agent.repository.request(context.tenant, id: record.requestID))
    }

    @Sendable func approve(_ request: Request, context: TenantContext) async throws -> ApprovalDTO {
        let input = try await request.decode(as: ApproveInput.self, context: context)
        if let comment = input.comment, comment.count > 2_000 {
            throw Problem.validation([FieldError(field: "comment", message: "must be at most 2000 characters")])
        }
        return try await decide(context, .approve(comment: input.comment?.trimmingWhitespace()))
    }

    @Sendable func reject(_ request: Request, context: TenantContext) async throws -> ApprovalDTO {
        let input = try await request.decode(as: RejectInput.self, context: context)
        var validator = Validator()
        if let reason = input.reason, reason.count > 2_000 { validator.fail("reason", "must be at most 2000 characters") }
        if let lines = input.lines, lines.count > 200 { validator.fail("lines", "must list at most 200 lines") }
        try validator.check()
        return try await decide(
            context, .reject(lines: input.lines ?? [], action: input.action ?? .resource, reason: input.reason?.trimmingWhitespace()))
    }

    func decide(_ context: TenantContext, _ verdict: ApprovalRepository.Verdict) async throws -> ApprovalDTO {
        let id = try context.parameters.require("id")
        let result = try await repository.decide(context.tenant, approvalID: id, userID: context.principal.userID, verdict: verdict)
        switch result {
        case nil: throw Problem.notFound("approval")
        case .refused(.invalidLines(let lines)):
            throw Problem.validation([
                FieldError(field: "lines", message: ApprovalRefusal.invalidLines(lines).description)
            ])
        case .refused(let refusal):
            throw refusal.isConflict ? Problem.conflict(refusal.description) : Problem.forbidden(refusal.description)
        case .applied(let record):
            agent.wake.signal()
            return ApprovalDTO(record, request: try await agent.repository.request(context.tenant, id: record.requestID))
        }
    }

    // MARK: Cost centres and budgets

    @Sendable func costCentres(_ request: Request, context: TenantContext) async throws -> ListDTO<CostCentreDTO> {
        ListDTO(items: try await repository.costCentres(context.tenant).map(CostCentreDTO.init), next_cursor: nil)
    }

    @Sendable func createCostCentre(_ request: Request, context: TenantContext) async throws -> EditedResponse<CostCentreDTO> {
        try context.require(.admin, .finance)
        let input = try await request.decode(as: CostCentreInput.self, context: context)
        var validator = Validator()
        let code = validator.text("code", input.code, maxLength: 40)
        let name = validator.text("name", input.name, maxLength: 200)
        if !code.isEmpty, code.contains(where: { $0.isWhitespace || $0 == "/" }) {
            validator.fail("code", "must not contain spaces or slashes")
        }
        try validator.check()
        let record = try await repository.createCostCentre(context.tenant, code: code, name: name, ownerID: input.owner_id)
        return EditedResponse(status: .created, response: CostCentreDTO(record))
    }

    @Sendable func budgets(_ request: Request, context: TenantContext) async throws -> ListDTO<BudgetDTO> {
        ListDTO(items: try await repository.budgets(context.tenant).map { BudgetDTO($0) }, next_cursor: nil)
    }

    @Sendable func budget(_ request: Request, context: TenantContext) async throws -> BudgetDTO {
        let id = try context.parameters.require("id")
        guard let record = try await repository.budget(context.tenant, id: id) else { throw Problem.notFound("budget") }
        return BudgetDTO(record, ledger: try await repository.ledger(context.tenant, budgetID: id))
    }

    @Sendable func createBudget(_ request: Request, context: TenantContext) async throws -> EditedResponse<BudgetDTO> {
        try context.require(.admin, .finance)
        let input = try await request.decode(as: CreateBudgetInput.self, context: context)
        let parse = try await agent.parseContext(context.tenant)
        let today = LocalDate.at(parse.now, in: parse.timeZone)
        var validator = Validator()
        var costCentre: CostCentreRecord?
        if let reference = input.cost_centre, !reference.isEmpty {
            costCentre = try await repository.costCentre(context.tenant, code: reference)
            if costCentre == nil { validator.fail("cost_centre", "no cost centre '\(reference.prefix(40))' in this organisation") }
        } else {
            validator.fail("cost_centre", "is required (an id or code)")
        }
        let kind = input.period ?? .month
        var period = BudgetPeriod(kind, containing: today)
        if let start = input.start {
            if let date = LocalDate(iso: start), let exact = BudgetPeriod(kind, startingOn: date) {
                period = exact
            } else {
                validator.fail("start", "must be the first day of a \(kind.rawValue) (YYYY-MM-DD)")
            }
        }
        if period.end <= today {
            validator.fail("start", "the period \(period.label) is in the past")
        }
        if let amount = input.amount {
            if amount <= .zero { validator.fail("amount", "must be above zero") }
        } else {
            validator.fail("amount", "is required")
        }
        let currency = CurrencyCode(input.currency ?? parse.defaultCurrency.code)
        if currency == nil { validator.fail("currency", "must be a three-letter ISO 4217 code") }
        try validator.check()
        guard let costCentre, let amount = input.amount, let currency else { throw Problem.badRequest("invalid budget") }
        let record = try await repository.createBudget(
            context.tenant, costCentreID: costCentre.id, period: period, amount: amount, currency: currency,
            actions: input.actions ?? BudgetActions())
        return EditedResponse(status: .created, headers: [.location: "/api/v1/budgets/\(record.id)"], response: BudgetDTO(record))
    }

    // MARK: Rules, policy, limits, delegations

    @Sendable func rules(_ request: Request, context: TenantContext) async throws -> ListDTO<RuleDTO> {
        ListDTO(items: try await repository.rules(context.tenant).map(RuleDTO.init), next_cursor: nil)
    }

    @Sendable func createRule(_ request: Request, context: TenantContext) async throws -> EditedResponse<RuleDTO> {
        try context.require(.admin)
        let input = try await request.decode(as: RuleInput.self, context: context)
        var validator = Validator()
        let name = validator.text("name", input.name, maxLength: 200)
        if input.outcome == nil {
            validator.fail("outcome", "is required: {\"type\": \"auto_approve\"} or {\"type\": \"require\", \"levels\": [...]}")
        }
        if let priority = input.priority, !(0...10_000).contains(priority) { validator.fail("priority", "must be between 0 and 10000") }
        try validator.check()
        guard let outcome = input.outcome else { throw Problem.badRequest("outcome is required") }
        let record = try await repository.createRule(
            context.tenant,
            ApprovalRule(
                id: "", name: name, priority: input.priority ?? 100, enabled: input.enabled ?? true,
                conditions: input.conditions ?? ApprovalConditions(), outcome: outcome))
        return EditedResponse(status: .created, response: RuleDTO(record))
    }

    @Sendable func deleteRule(_ request: Request, context: TenantContext) async throws -> Response {
        try context.require(.admin)
        let id = try context.parameters.require("id")
        guard try await repository.deleteRule(context.tenant, id: id) else { throw Problem.notFound("approval rule") }
        return Response(status: .noContent)
    }

    @Sendable func policy(_ request: Request, context: TenantContext) async throws -> PolicyDTO {
        PolicyDTO(policy: try await repository.policy(context.tenant))
    }

    @Sendable func setPolicy(_ request: Request, context: TenantContext) async throws -> PolicyDTO {
        try context.require(.admin)
        let policy = try await request.decode(as: PolicyInput.self, context: context).policy
        let problems = policy.problems()
        if !problems.isEmpty { throw Problem.validation(problems) }
        try await repository.setPolicy(context.tenant, policy, by: context.principal.userID)
        return PolicyDTO(policy: policy)
    }

    @Sendable func limits(_ request: Request, context: TenantContext) async throws -> ListDTO<LimitDTO> {
        try context.require(.admin, .finance)
        return ListDTO(items: try await repository.limits(context.tenant).map(LimitDTO.init), next_cursor: nil)
    }

    @Sendable func setLimit(_ request: Request, context: TenantContext) async throws -> LimitDTO {
        try context.require(.admin)
        let input = try await request.decode(as: LimitInput.self, context: context)
        var validator = Validator()
        let user = validator.text("user_id", input.user_id, maxLength: 100)
        if let limit = input.request_limit, limit < .zero { validator.fail("request_limit", "must not be negative") }
        if let limit = input.approval_limit, limit < .zero { validator.fail("approval_limit", "must not be negative") }
        try validator.check()
        do {
            try await repository.setLimit(
                context.tenant, userID: user, requestLimit: input.request_limit, approvalLimit: input.approval_limit)
        } catch StoreError.notFound {
            throw Problem.validation([FieldError(field: "user_id", message: "no such user in this organisation")])
        }
        guard let record = try await repository.limits(context.tenant).first(where: { $0.userID == user }) else {
            throw Problem.notFound("spending limit")
        }
        return LimitDTO(record)
    }

    @Sendable func delegations(_ request: Request, context: TenantContext) async throws -> ListDTO<DelegationDTO> {
        ListDTO(items: try await repository.delegations(context.tenant).map(DelegationDTO.init), next_cursor: nil)
    }

    @Sendable func createDelegation(_ request: Request, context: TenantContext) async throws -> EditedResponse<DelegationDTO> {
        let input = try await request.decode(as: DelegationInput.self, context: context)
        let from = input.from_user ?? context.principal.userID
        if from != context.principal.userID { try context.require(.admin) }
        var validator = Validator()
        let to = validator.text("to_user", input.to_user, maxLength: 100)
        let starts = input.starts_at.map(Self.instant) ?? Clock.nowMilliseconds()
        let ends = input.ends_at.flatMap(Self.instant)
        if starts == nil { validator.fail("starts_at", "must be an ISO 8601 instant such as 2026-12-01T09:00:00Z") }
        if input.ends_at == nil {
            validator.fail("ends_at", "is required")
        } else if ends == nil {
            validator.fail("ends_at", "must be an ISO 8601 instant such as 2026-12-08T18:00:00Z")
        }
        if let starts, let ends, ends <= starts { validator.fail("ends_at", "must be after starts_at") }
        if let ends, ends <= Clock.nowMilliseconds() { validator.fail("ends_at", "is in the past") }
        try validator.check()
        guard let starts, let ends else { throw Problem.badRequest("invalid delegation") }
        let record = try await repository.createDelegation(context.tenant, from: from, to: to, startsAt: starts, endsAt: ends)
        return EditedResponse(status: .created, response: DelegationDTO(record))
    }

    static func instant(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) {
            return Int64((date.timeIntervalSince1970 * 1_000).rounded())
        }
        return nil
    }
}

/// The purchasing policy as written by an administrator (every field optional; absent means the default).
struct PolicyInput: StrictDecodable {
    static let fields: Set<String> = [
        "preferred_vendors", "preferred_vendor_bonus_percent", "blocked_vendors", "allowed_brands", "blocked_brands",
        "eco_label_required", "max_unit_price", "price_hold_hours",
    ]
    let policy: PurchasingPolicy

    init(from decoder: any Decoder) throws { policy = try PurchasingPolicy(from: decoder) }
}

struct PolicyDTO: ResponseEncodable {
    let policy: PurchasingPolicy
    func encode(to encoder: any Encoder) throws { try policy.encode(to: encoder) }
}
