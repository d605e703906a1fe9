import Foundation
import QuartermasterCore
import Testing

@Suite struct ApprovalCoreTests {
    static let usd = CurrencyCode("USD")!

    static func subject(_ amount: Int, requester: String = "req", roles: [Role] = [.requester], limit: Int? = nil) -> ApprovalSubject {
        ApprovalSubject(
            amount: FixedDecimal(amount), currency: usd, categories: [["Furniture", "Chairs"], ["Paper", "Copy Paper"]],
            vendors: ["v1", "OfficeHub"], costCentre: "OPS", requesterID: requester, requesterRoles: roles,
            requesterLimit: limit.map(FixedDecimal.init))
    }

    @Test func withoutRulesSmallRequestsAreApprovedAutomaticallyAndLargeOnesNeedAnApprover() {
        #expect(ApprovalPolicy.plan(for: Self.subject(999), rules: []).automatic)
        let plan = ApprovalPolicy.plan(for: Self.subject(1_000), rules: [])
        #expect(plan.levels == [.anyApprover])
        #expect(plan.reason.contains("1000"))
        // Above the requester's own limit, never automatic.
        let limited = ApprovalPolicy.plan(for: Self.subject(300, limit: 200), rules: [])
        #expect(!limited.automatic && limited.reason.contains("spending limit"))
    }

    @Test func theFirstMatchingRuleByPriorityDecides() {
        let chairs = ApprovalRule(
            id: "r1", name: "chairs", priority: 10, conditions: ApprovalConditions(categories: ["Furniture"]),
            outcome: .require([ApprovalLevel(roles: [.approver]), ApprovalLevel(users: ["cfo"])]))
        let small = ApprovalRule(
            id: "r2", name: "small", priority: 20, conditions: ApprovalConditions(amountMax: FixedDecimal(5_000)), outcome: .autoApprove)
        let plan = ApprovalPolicy.plan(for: Self.subject(200), rules: [small, chairs])
        #expect(plan.ruleID == "r1" && plan.levels.count == 2)
        // A category that does not match falls through to the next rule.
        var paperOnly = Self.subject(200)
        paperOnly.categories = [["Paper"]]
        #expect(ApprovalPolicy.plan(for: paperOnly, rules: [small, chairs]).ruleID == "r2")
        // A disabled rule is ignored; amounts outside every band fall to the default.
        var disabled = chairs
        disabled.enabled = false
        #expect(ApprovalPolicy.plan(for: Self.subject(6_000), rules: [small, disabled]).ruleID == nil)
        // Requester conditions.
        let interns = ApprovalRule(
            id: "r3", name: "interns", priority: 1, conditions: ApprovalConditions(requesterRoles: [.requester]),
            outcome: .require([ApprovalLevel(roles: [.admin])]))
        #expect(ApprovalPolicy.plan(for: Self.subject(10), rules: [interns, small]).ruleID == "r3")
        #expect(ApprovalPolicy.plan(for: Self.subject(10, roles: [.buyer]), rules: [interns, small]).ruleID == "r2")
    }

    @Test func contradictionsLoopsAndUnknownUsersAreReported() {
        let a = ApprovalRule(
            id: "a", name: "a", priority: 5, conditions: ApprovalConditions(amountMin: FixedDecimal(100), costCentres: ["OPS"]),
            outcome: .autoApprove)
        let b = ApprovalRule(
            id: "b", name: "b", priority: 5, conditions: ApprovalConditions(amountMax: FixedDecimal(500)),
            outcome: .require([.anyApprover]))
        #expect(ApprovalPolicy.problems(in: [a, b], knownUsers: []).contains { $0.message.contains("contradicts") })
        // Disjoint amount bands or different priorities do not contradict.
        var c = b
        c.conditions.amountMax = FixedDecimal(100)
        #expect(ApprovalPolicy.problems(in: [a, c], knownUsers: []).isEmpty)
        var d = b
        d.priority = 6
        #expect(ApprovalPolicy.problems(in: [a, d], knownUsers: []).isEmpty)
        let loop = ApprovalRule(
            id: "l", name: "loop",
            outcome: .require([ApprovalLevel(roles: [.approver], escalateAfterHours: 4, escalateTo: .init(role: .approver))]))
        #expect(ApprovalPolicy.problems(in: [loop], knownUsers: []).contains { $0.message.contains("loop") })
        let ghost = ApprovalRule(id: "g", name: "ghost", outcome: .require([ApprovalLevel(users: ["nobody"], mode: .all)]))
        #expect(ApprovalPolicy.problems(in: [ghost], knownUsers: ["someone"]).map(\.field) == ["rules[0].outcome.levels[0].users"])
        #expect(ApprovalPolicy.problems(in: [ghost], knownUsers: ["nobody"]).isEmpty)
    }

    static func flow(_ levels: [ApprovalLevel], amount: Int = 1_500) -> ApprovalFlow {
        ApprovalFlow(
            plan: ApprovalPlan(levels: levels, ruleID: nil, reason: "test"), amount: FixedDecimal(amount), lineCount: 3, requesterID: "req",
            now: 0)
    }

    @Test func approversAreCheckedOneLevelAfterAnother() throws {
        var flow = Self.flow([ApprovalLevel(roles: [.approver]), ApprovalLevel(users: ["cfo", "ceo"], mode: .all)])
        let approver = Approver(id: "bo", roles: [.approver])
        let requester = Approver(id: "req", roles: [.approver, .admin])
        let r1 = flow.approve(by: requester, comment: nil, delegations: [], now: 1)
        #expect(r1 == .failure(.selfApproval))
        let small = Approver(id: "cy", roles: [.approver], approvalLimit: FixedDecimal(500))
        let r2 = flow.approve(by: small, comment: nil, delegations: [], now: 1)
        #expect(r2 == .failure(.aboveLimit(limit: FixedDecimal(500), amount: FixedDecimal(1_500))))
        let r3 = flow.approve(by: Approver(id: "x", roles: [.buyer]), comment: nil, delegations: [], now: 1)
        #expect(r3.isFailure)
        let r4 = flow.approve(by: approver, comment: "fine", delegations: [], now: 2)
        #expect(r4 == .success(.pending))
        #expect(flow.current == 1)
        // The second level needs both named users; the first approver is not one of them.
        let r5 = flow.approve(by: approver, comment: nil, delegations: [], now: 3)
        #expect(r5.isFailure)
        let r6 = flow.approve(by: Approver(id: "cfo", roles: []), comment: nil, delegations: [], now: 4)
        #expect(r6 == .success(.pending))
        let r7 = flow.approve(by: Approver(id: "cfo", roles: []), comment: nil, delegations: [], now: 5)
        #expect(r7 == .failure(.alreadyApproved))
        let r8 = flow.approve(by: Approver(id: "ceo", roles: []), comment: nil, delegations: [], now: 6)
        #expect(r8 == .success(.approved))
        let r9 = flow.approve(by: Approver(id: "ceo", roles: []), comment: nil, delegations: [], now: 7)
        #expect(r9 == .failure(.alreadyDecided(.approved)))
        #expect(flow.decisions.map(\.user) == ["bo", "cfo", "ceo"])
    }

    @Test func delegatesActForSomeoneAwayButNeverForTheRequester() {
        var flow = Self.flow([ApprovalLevel(users: ["cfo"])])
        let cfo = Approver(id: "cfo", roles: [.finance])
        let away = Delegation(from: cfo, to: "deputy", startsAt: 0, endsAt: 100)
        let deputy = Approver(id: "deputy", roles: [.buyer])
        #expect(!flow.waits(for: deputy, delegations: [], now: 50))
        #expect(flow.waits(for: deputy, delegations: [away], now: 50))
        #expect(!flow.waits(for: deputy, delegations: [away], now: 150))  // the delegation ended
        // The requester cannot approve their own request through someone's delegation.
        let toRequester = Delegation(from: cfo, to: "req", startsAt: 0, endsAt: 100)
        let r10 = flow.approve(by: Approver(id: "req", roles: []), comment: nil, delegations: [toRequester], now: 50)
        #expect(r10 == .failure(.selfApproval))
        let r11 = flow.approve(by: deputy, comment: nil, delegations: [away], now: 50)
        #expect(r11 == .success(.approved))
        #expect(flow.decisions.last?.onBehalfOf == "cfo")
        #expect(Delegation.wouldLoop(from: "b", to: "a", existing: [("a", "c"), ("c", "b")]))
        #expect(!Delegation.wouldLoop(from: "b", to: "a", existing: [("a", "c")]))
    }

    @Test func rejectionsNameLinesAndEscalationsOpenTheLevel() {
        var flow = Self.flow([ApprovalLevel(roles: [.approver], escalateAfterHours: 2, escalateTo: .init(user: "boss"))])
        let boss = Approver(id: "boss", roles: [])
        #expect(!flow.waits(for: boss, delegations: [], now: 1))
        let r12 = flow.escalateIfDue(now: 3_600_000)
        #expect(!r12)
        let r13 = flow.escalateIfDue(now: 2 * 3_600_000)
        #expect(r13)
        let r14 = flow.escalateIfDue(now: 3 * 3_600_000)
        #expect(!r14)  // once
        #expect(flow.waits(for: boss, delegations: [], now: 2 * 3_600_000))
        let r15 = flow.reject(by: boss, lines: [5], action: .drop, reason: nil, delegations: [], now: 9)
        #expect(r15 == .failure(.invalidLines([5])))
        let r16 = flow.reject(by: boss, lines: [1, 1], action: .drop, reason: "too dear", delegations: [], now: 9)
        #expect(r16 == .success(.rejected))
        #expect(flow.rejectedLines?.lines == [1] && flow.rejectedLines?.action == .drop)
        let requisition = Requisition(lines: [
            RequisitionLine(description: "a", quantity: 1), RequisitionLine(description: "b", quantity: 2),
            RequisitionLine(description: "c", quantity: 3),
        ])
        #expect(requisition.rejecting(lines: [1], action: .drop, quote: nil).lines.map(\.description) == ["a", "c"])
    }

    @Test func budgetPeriodsAndTheLedgerDecideOncePerStage() {
        let date = LocalDate(year: 2026, month: 11, day: 21)!
        #expect(BudgetPeriod(.month, containing: date).label == "2026-11")
        #expect(BudgetPeriod(.quarter, containing: date).start == LocalDate(year: 2026, month: 10, day: 1)!)
        #expect(BudgetPeriod(.quarter, containing: date).end == LocalDate(year: 2027, month: 1, day: 1)!)
        #expect(BudgetPeriod(.year, containing: date).lastDay == LocalDate(year: 2026, month: 12, day: 31)!)
        #expect(BudgetPeriod(.quarter, startingOn: LocalDate(year: 2026, month: 2, day: 1)!) == nil)
        let balance = BudgetBalance(
            amount: FixedDecimal(1_000), requested: FixedDecimal(300), committed: FixedDecimal(400), spent: FixedDecimal(100))
        #expect(balance.available == FixedDecimal(200))
        let actions = BudgetActions()
        #expect(BudgetLedger.decide(balance, taking: FixedDecimal(200), into: .requested, actions: actions) == .fits(remaining: .zero))
        #expect(
            BudgetLedger.decide(balance, taking: FixedDecimal(250), into: .requested, actions: actions)
                == .refused(by: FixedDecimal(50), available: FixedDecimal(200)))
        // Moving 300 from requested to committed takes no new money.
        #expect(
            BudgetLedger.decide(balance, taking: FixedDecimal(300), into: .committed, releasing: FixedDecimal(300), actions: actions)
                == .fits(remaining: FixedDecimal(200)))
        #expect(
            BudgetLedger.decide(balance, taking: FixedDecimal(250), into: .spent, actions: actions)
                == .over(by: FixedDecimal(50), remaining: FixedDecimal(-50), silent: false))
    }

    @Test func thePurchasingPolicyExplainsWhatItRefuses() {
        let policy = PurchasingPolicy(
            blockedVendors: ["Cheapo"], allowedBrands: ["Scribo", "Papyra"], ecoLabelRequired: false,
            maxUnitPrice: ["Furniture > Chairs": FixedDecimal(300)])
        #expect(
            policy.violation(vendorID: "v", vendorName: "cheapo", brand: "Scribo", category: [], ecoLabel: true, unitPrice: .zero) != nil)
        #expect(
            policy.violation(vendorID: "v", vendorName: "Hub", brand: "Other", category: [], ecoLabel: true, unitPrice: .zero)?.contains(
                "brand list") == true)
        #expect(
            policy.violation(
                vendorID: "v", vendorName: "Hub", brand: "Scribo", category: ["Furniture", "Chairs", "Task"], ecoLabel: true,
                unitPrice: FixedDecimal(301))?.contains("maximum") == true)
        #expect(
            policy.violation(
                vendorID: "v", vendorName: "Hub", brand: "Scribo", category: ["Furniture", "Desks"], ecoLabel: false,
                unitPrice: FixedDecimal(900)) == nil)
        var eco = policy
        eco.ecoLabelRequired = true
        #expect(eco.violation(vendorID: "v", vendorName: "Hub", brand: "Scribo", category: [], ecoLabel: false, unitPrice: .zero) != nil)
        let contradictory = PurchasingPolicy(preferredVendors: ["Hub"], blockedVendors: ["hub"], priceHoldHours: 0)
        #expect(Set(contradictory.problems().map(\.field)) == ["preferred_vendors", "price_hold_hours"])
    }
}

extension Result {
    fileprivate var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
