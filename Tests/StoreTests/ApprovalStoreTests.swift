import Foundation
import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct ApprovalStoreTests {
    @Test(arguments: TestDatabase.dialects)
    func concurrentRunsCannotBothTakeTheLastMoney(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let tenant = Tenant(organizationID: try await JobQueueTests.org(store))
            let approvals = ApprovalRepository(store: store)
            let centre = try await approvals.createCostCentre(tenant, code: "OPS", name: "Operations", ownerID: nil)
            let today = LocalDate.at(Clock.nowMilliseconds(), in: TimeZone(identifier: "UTC")!)
            let budget = try await approvals.createBudget(
                tenant, costCentreID: centre.id, period: BudgetPeriod(.month, containing: today), amount: FixedDecimal(100),
                currency: CurrencyCode("USD")!, actions: BudgetActions())
            // Twelve requests of 30 race for 100: exactly three fit.
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await approvals.reserve(tenant, budgetID: budget.id, requestID: "req_\(index)", amount: FixedDecimal(30))
                            .decision.allowed
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 3)
            let after = try #require(try await approvals.budget(tenant, id: budget.id))
            #expect(after.balance.requested == FixedDecimal(90))
            #expect(after.balance.available == FixedDecimal(10))
            // Reserving again for the same request changes nothing; a re-quote adjusts by the difference.
            let winner = try #require(
                try await approvals.ledger(tenant, budgetID: budget.id).first?.requestID)
            _ = try await approvals.reserve(tenant, budgetID: budget.id, requestID: winner, amount: FixedDecimal(30))
            #expect(try await approvals.budget(tenant, id: budget.id)?.balance.requested == FixedDecimal(90))
            let requote = try await approvals.reserve(tenant, budgetID: budget.id, requestID: winner, amount: FixedDecimal(40))
            #expect(requote.decision == .fits(remaining: .zero))
            #expect(try await approvals.ledger(tenant, budgetID: budget.id).count == 4)
            // Over the top is refused and writes nothing.
            let refused = try await approvals.reserve(tenant, budgetID: budget.id, requestID: winner, amount: FixedDecimal(41))
            #expect(refused.decision == .refused(by: FixedDecimal(1), available: FixedDecimal(40)))
            #expect(try await approvals.budget(tenant, id: budget.id)?.balance.available == .zero)
            // Duplicate periods are refused.
            await #expect(throws: StoreError.self) {
                _ = try await approvals.createBudget(
                    tenant, costCentreID: centre.id, period: BudgetPeriod(.month, containing: today), amount: FixedDecimal(5),
                    currency: CurrencyCode("USD")!, actions: BudgetActions())
            }
        }
    }
}
