import Foundation
import QuartermasterCore
import QuartermasterStore

/// The agent's policy and approval steps: the quote is checked against the organisation's policy
/// and its cost centre's budget (money is reserved in the commitment ledger), then approved
/// automatically or by the people the approval rules name — the run waits for them.
extension AgentServices {
    struct PolicyRefusal: Error, CustomStringConvertible {
        let description: String
    }

    func checkPolicy(_ tenant: Tenant, request: RequestRecord, log: inout StepLog) async throws -> (StepOutcome, RequestUpdate) {
        let requisition = try requisition(of: request)
        guard var quote = request.quote else { throw MissingRequisition() }
        guard !quote.lines.isEmpty else {
            let reasons = quote.unfilled.map { "line \($0.line + 1): \($0.reason)" }.joined(separator: "; ")
            log.add(.error, "Nothing can be bought: \(reasons)")
            return (.failed(reason: "nothing can be bought: \(reasons)"), RequestUpdate())
        }
        // The quote was built from policy-filtered offers; check it again in case the policy changed.
        let policy = try await approvals.policy(tenant)
        let start = ContinuousClock.now
        log.add(.action, "Checking the quote against the organisation's purchasing policy", tool: "policy.check")
        let violations = quote.lines.compactMap { line in
            policy.violation(
                vendorID: line.vendorID, vendorName: line.vendorName, brand: line.brand, category: line.category ?? [], ecoLabel: true,
                unitPrice: line.unitPrice
            ).map { "line \(line.line + 1): \($0)" }
        }
        if !violations.isEmpty {
            log.add(.error, violations.joined(separator: "; "))
            return (.failed(reason: "the quote breaks the purchasing policy: " + violations.joined(separator: "; ")), RequestUpdate())
        }
        log.observe("The quote keeps the purchasing policy.", since: start)

        guard let costCentre = requisition.costCentre, !costCentre.isEmpty else {
            log.add(.thought, "The request names no cost centre, so no budget is checked.")
            return (.completed(output: AgentJSON.encode(["budget": "none"])), RequestUpdate())
        }
        let today = LocalDate.at(Clock.nowMilliseconds(), in: try await timeZone(tenant))
        guard let budget = try await approvals.budget(tenant, costCentre: costCentre, on: today) else {
            log.add(.thought, "Cost centre \(costCentre) has no budget for \(today); no budget is checked.")
            return (.completed(output: AgentJSON.encode(["budget": "none"])), RequestUpdate())
        }
        guard budget.currency == quote.currency else {
            let reason =
                "the quote is in \(quote.currency.code) but the budget of \(costCentre) is in \(budget.currency.code), and no exchange rate is configured"
            log.add(.error, reason)
            return (.failed(reason: reason), RequestUpdate())
        }
        let reserveStart = ContinuousClock.now
        log.add(
            .action,
            "Reserving \(quote.total.text(minimumPlaces: 2)) \(quote.currency.code) in the budget of \(costCentre) for \(budget.period.label)",
            tool: "budget.reserve", arguments: ["budget_id": budget.id, "stage": "requested"])
        let (before, decision) = try await approvals.reserve(tenant, budgetID: budget.id, requestID: request.id, amount: quote.total)
        let held = before.balance
        func note(remaining: FixedDecimal, over: FixedDecimal?) -> BudgetNote {
            BudgetNote(
                budgetID: budget.id, costCentre: budget.costCentreCode, period: budget.period.label, amount: held.amount,
                availableBefore: remaining + quote.total, remaining: remaining, currency: budget.currency, overBy: over)
        }
        switch decision {
        case .fits(let remaining):
            quote.budget = note(remaining: remaining, over: nil)
            log.observe(
                "Reserved; \(remaining.text(minimumPlaces: 2)) \(budget.currency.code) of \(held.amount.text(minimumPlaces: 2)) remains.",
                since: reserveStart)
        case .over(let by, let remaining, let silent):
            quote.budget = note(remaining: remaining, over: by)
            if !silent {
                quote.notes.append("over the \(costCentre) budget for \(budget.period.label) by \(by.text(minimumPlaces: 2))")
            }
            log.observe(
                "Reserved, but the budget is now over by \(by.text(minimumPlaces: 2)) \(budget.currency.code)"
                    + (silent ? " (ignored)." : "."),
                since: reserveStart)
        case .refused(let by, let available):
            let reason =
                "over budget: \(quote.total.text(minimumPlaces: 2)) \(quote.currency.code) exceeds the \(available.text(minimumPlaces: 2)) available in \(costCentre) for \(budget.period.label) by \(by.text(minimumPlaces: 2))"
            log.observe("Refused: \(reason).", since: reserveStart)
            return (.failed(reason: reason), RequestUpdate())
        }
        return (.completed(output: AgentJSON.encode(quote.budget)), RequestUpdate(quote: quote))
    }

    func seekApproval(
        _ tenant: Tenant, run: RunRecord, request: RequestRecord, log: inout StepLog
    ) async throws -> (
        StepOutcome, RequestUpdate
    ) {
        guard let quote = request.quote, let requisition = request.requisition else { throw MissingRequisition() }
        if let latest = try await approvals.latestApproval(tenant, runID: run.id) {
            switch latest.status {
            case .approved:
                let approvers = latest.flow.decisions.filter { $0.verdict == .approve }.compactMap(\.user)
                log.add(.observation, "Approved by \(approvers.joined(separator: ", ")).")
                return (.completed(output: AgentJSON.encode(["approval_id": latest.id, "status": "approved"])), RequestUpdate())
            case .pending:
                log.add(.thought, "Still waiting for approval: \(latest.reason).")
                return (.waiting(for: "approval", output: AgentJSON.encode(["approval_id": latest.id])), RequestUpdate())
            case .rejected, .expired, .cancelled:
                break  // an earlier quote's approval; this quote needs its own
            }
        }
        let requester: Approver? = if let user = request.createdBy { try await approvals.approver(tenant, userID: user) } else { nil }
        let limit: FixedDecimal? =
            if let user = request.createdBy { try await approvals.limits(tenant).first { $0.userID == user }?.requestLimit } else { nil }
        let subject = ApprovalSubject(
            amount: quote.total, currency: quote.currency, categories: quote.lines.compactMap(\.category),
            vendors: quote.lines.flatMap { [$0.vendorID, $0.vendorName] }, costCentre: requisition.costCentre,
            requesterID: request.createdBy, requesterRoles: requester?.roles ?? [], requesterLimit: limit)
        let rules = try await approvals.rules(tenant).map(\.rule)
        log.add(.action, "Applying \(rules.count) approval rule(s)", tool: "approval.rules")
        let plan = ApprovalPolicy.plan(for: subject, rules: rules)
        if plan.automatic {
            log.add(.observation, "Approved automatically: \(plan.reason).")
            return (.completed(output: AgentJSON.encode(["status": "approved", "reason": plan.reason])), RequestUpdate())
        }
        let policy = try await approvals.policy(tenant)
        let approval = try await approvals.openApproval(
            tenant, requestID: request.id, runID: run.id, generation: run.generation, plan: plan, amount: quote.total,
            currency: quote.currency, lineCount: requisition.lines.count, requesterID: request.createdBy, holdHours: policy.priceHoldHours)
        log.add(.observation, "Waiting for approval: \(plan.reason). Prices are held for \(policy.priceHoldHours) h.")
        return (.waiting(for: "approval", output: AgentJSON.encode(["approval_id": approval.id])), RequestUpdate())
    }
}

extension AgentServices {
    /// The purchase step: one purchase order per vendor of the approved quote, as drafts.
    func draftOrders(_ tenant: Tenant, request: RequestRecord, log: inout StepLog) async throws -> (StepOutcome, RequestUpdate) {
        let start = ContinuousClock.now
        log.add(.action, "Drafting one purchase order per vendor", tool: "purchase_orders.create", arguments: ["request_id": request.id])
        let orders = try await createOrders(tenant, requestID: request.id)
        switch orders {
        case .failure(let refusal):
            log.add(.error, refusal.description)
            return (.failed(reason: refusal.description), RequestUpdate())
        case .success(let records):
            log.observe(
                records.map {
                    "\($0.order.number.text) to \($0.order.supplier.name): \($0.order.lines.count) line(s), \($0.order.total.text(minimumPlaces: 2)) \($0.order.currency.code)"
                }.joined(separator: "; "), since: start)
            // Drafts are issued and sent; an order issued by an earlier execution of this step (which
            // stopped before the vendor answered) is sent again under the same key.
            for record in records where record.state.status == .draft || (record.state.status == .issued && record.vendorReference == nil) {
                guard try await purchasing.connector(tenant, vendorID: record.order.vendorID) != nil else {
                    log.add(
                        .thought,
                        "\(record.order.supplier.name) has no connector: \(record.order.number.text) waits as a draft to be issued from its page."
                    )
                    continue
                }
                let issuing = ContinuousClock.now
                log.add(
                    .action, "Issuing \(record.order.number.text) and sending it to \(record.order.supplier.name)", tool: "vendor.submit",
                    arguments: ["purchase_order": record.order.number.text])
                let issued: Result<PurchaseOrderRecord, PurchasingRepository.Refusal>?
                do {
                    if record.state.status == .draft {
                        try await refreshDraft(tenant, id: record.id)
                        issued = try await purchasing.issue(tenant, id: record.id, by: nil)
                    } else {
                        issued = .success(record)
                    }
                } catch let failure as ValidationFailure {
                    log.observe(
                        "Not issued: " + failure.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
                            + "; it waits as a draft.",
                        since: issuing)
                    continue
                }
                guard case .success(let order) = issued else {
                    log.observe("Not issued: \(issued.map { "\($0)" } ?? "not found").", since: issuing)
                    continue
                }
                switch try await submit(tenant, order) {
                case .submitted(let reference): log.observe("Sent; the vendor's reference is \(reference).", since: issuing)
                case .pending(let reason):
                    log.observe("No answer yet (\(reason)); it will be sent again with the same key.", since: issuing)
                case .failed(let reason): log.observe("The vendor refused it: \(reason).", since: issuing)
                case .notConnected: break
                }
            }
            return (.completed(output: AgentJSON.encode(records.map(\.id))), RequestUpdate())
        }
    }

    /// The request's purchase orders (created on first use), from its approved quote.
    public func createOrders(
        _ tenant: Tenant, requestID: String
    ) async throws -> Result<
        [PurchaseOrderRecord], PurchasingRepository.Refusal
    > {
        let profile = try await purchasing.profile(tenant)
        let organization = try await purchasing.organizationName(tenant)
        let suppliers = try await supplierParties(tenant)
        return try await purchasing.createOrders(tenant, requestID: requestID) { request, numbers, now in
            guard let quote = request.quote, let requisition = request.requisition else { return [] }
            return PurchaseOrderBuilder.orders(
                for: quote, requestID: request.id, requisition: requisition, profile: profile, organizationName: organization,
                suppliers: suppliers, numbers: numbers, orderDate: now)
        }
    }

    /// The organisation's vendors as the parties their orders are written to.
    func supplierParties(_ tenant: Tenant) async throws -> [String: Party] {
        let unnamed = PostalAddress(street: [], city: "", countryCode: "")
        return Dictionary(
            try await catalog.repository.vendors(tenant).map { vendor in
                let contact = vendor.vendor.contactName.map {
                    Contact(name: $0, email: vendor.vendor.contactEmail, phone: vendor.vendor.contactPhone)
                }
                return (
                    vendor.id, Party(id: vendor.id, name: vendor.vendor.name, address: vendor.vendor.address ?? unnamed, contact: contact)
                )
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes a draft again with the purchasing profile and the vendor as they stand now, so a
    /// draft made before the organisation's or the vendor's address was filled in can be issued
    /// once it is. Anything but a draft is left alone.
    public func refreshDraft(_ tenant: Tenant, id: String) async throws {
        guard let record = try await purchasing.order(tenant, id: id), record.state.status == .draft,
            let requisition = try await repository.request(tenant, id: record.requestID)?.requisition
        else { return }
        let refreshed = PurchaseOrderBuilder.refreshed(
            record.order, requisition: requisition, profile: try await purchasing.profile(tenant),
            organizationName: try await purchasing.organizationName(tenant),
            supplier: try await supplierParties(tenant)[record.order.vendorID])
        if refreshed != record.order { try await purchasing.replaceDraft(tenant, id: id, refreshed) }
    }
}
