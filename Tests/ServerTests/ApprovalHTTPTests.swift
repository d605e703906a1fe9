import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct ApprovalHTTPTests {
    /// 200 reams (1,050.00) and two boxes of pens: above the default 1,000 for automatic approval.
    static let bigRequest = "- 200 reams of A4 copy paper\n- 2 boxes of black gel pens"

    static func pendingApproval(_ client: any TestClientProtocol, _ session: Session, requestID: String) async throws -> [String: Any] {
        let items = try await client.execute(uri: "/api/v1/approvals?status=pending", method: .get, headers: session.auth) {
            #expect($0.status == .ok)
            return decode($0)["items"] as? [[String: Any]] ?? []
        }
        return try #require(items.first { $0["request_id"] as? String == requestID })
    }

    static func inbox(_ client: any TestClientProtocol, _ session: Session) async throws -> [[String: Any]] {
        try await client.execute(uri: "/api/v1/approvals", method: .get, headers: session.auth) {
            #expect($0.status == .ok)
            return decode($0)["items"] as? [[String: Any]] ?? []
        }
    }

    static func post(
        _ client: any TestClientProtocol, _ session: Session, _ uri: String, _ body: [String: Any] = [:]
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: session.auth, body: json(body))
    }

    @Test(arguments: TestDatabase.dialects)
    func approvalsAreEnforcedOnTheServer(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            let bo = try await addUser(client, admin, email: "bo@acme.test", roles: ["approver"])
            let cy = try await addUser(client, admin, email: "cy@acme.test", roles: ["approver"])
            let limit = try await Self.post(client, admin, "/api/v1/spending-limits", ["user_id": cy.userID, "approval_limit": 500])
            #expect(limit.status == .ok)
            expectProblem(try await client.execute(uri: "/api/v1/spending-limits", method: .get, headers: cy.auth), .forbidden)
            let outsider = try await signup(client, organization: "Other", email: "zed@other.test")

            let (id, run) = try await AgentHTTPTests.submit(client, admin, ["text": Self.bigRequest])
            let waiting = try await AgentHTTPTests.waitForRequest(client, admin, id, ["awaiting_approval", "approved", "failed"])
            #expect(waiting["status"] as? String == "awaiting_approval")
            let approval = try await Self.pendingApproval(client, admin, requestID: id)
            let approvalID = try #require(approval["id"] as? String)
            #expect((approval["amount"] as? NSNumber)?.doubleValue ?? 0 >= 1_000)
            #expect((approval["lines"] as? [[String: Any]])?.count == 2)

            // Nobody approves their own request; the requester's inbox does not show it.
            #expect(try await Self.inbox(client, admin).isEmpty)
            let own = try await Self.post(client, admin, "/api/v1/approvals/\(approvalID)/approve", ["comment": "mine"])
            #expect((expectProblem(own, .forbidden)["detail"] as? String)?.contains("your own") == true)
            // Above one's limit: not in the inbox, and refused.
            #expect(try await Self.inbox(client, cy).isEmpty)
            let above = try await Self.post(client, cy, "/api/v1/approvals/\(approvalID)/approve")
            #expect((expectProblem(above, .forbidden)["detail"] as? String)?.contains("limit") == true)
            // Another organisation cannot see or decide it.
            expectProblem(try await Self.post(client, outsider, "/api/v1/approvals/\(approvalID)/approve"), .notFound)
            // Unknown fields are refused.
            expectProblem(try await Self.post(client, bo, "/api/v1/approvals/\(approvalID)/approve", ["comentary": "x"]), .badRequest)

            let inbox = try await Self.inbox(client, bo)
            #expect(inbox.map { $0["id"] as? String } == [approvalID])
            #expect((inbox.first?["request"] as? [String: Any])?["id"] as? String == id)
            let approved = try await Self.post(client, bo, "/api/v1/approvals/\(approvalID)/approve", ["comment": "fine"])
            #expect(approved.status == .ok)
            #expect(decode(approved)["status"] as? String == "approved")
            // Twice is a conflict.
            expectProblem(try await Self.post(client, bo, "/api/v1/approvals/\(approvalID)/approve"), .conflict)

            let done = try await AgentHTTPTests.waitForRequest(client, admin, id, ["approved", "failed"])
            #expect(done["status"] as? String == "approved")
            let events = try await AgentHTTPTests.events(client, admin, run: run)
            #expect(events.contains { (($0["data"] as? [String: Any])?["text"] as? String)?.contains("approved by \(bo.userID)") == true })
            #expect(events.contains { (($0["data"] as? [String: Any])?["text"] as? String)?.contains("Waiting for approval") == true })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func rejectedLinesAreDroppedOrTheWholeRequestEnds(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            let bo = try await addUser(client, admin, email: "bo@acme.test", roles: ["approver"])

            let (first, _) = try await AgentHTTPTests.submit(client, admin, ["text": Self.bigRequest])
            _ = try await AgentHTTPTests.waitForRequest(client, admin, first, ["awaiting_approval", "failed"])
            let approvalID = try #require(try await Self.pendingApproval(client, admin, requestID: first)["id"] as? String)
            let bad = try await Self.post(client, bo, "/api/v1/approvals/\(approvalID)/reject", ["lines": [7], "reason": "?"])
            #expect(fieldNames(expectProblem(bad, .unprocessableContent)) == ["lines"])
            let rejected = try await Self.post(
                client, bo, "/api/v1/approvals/\(approvalID)/reject", ["lines": [0], "reason": "too much paper", "action": "drop"])
            #expect(rejected.status == .ok)
            // Without the paper the rest is below 1,000 and approved automatically.
            let redone = try await AgentHTTPTests.waitForRequest(client, admin, first, ["approved", "failed", "awaiting_approval"])
            #expect(redone["status"] as? String == "approved")
            let lines = (redone["requisition"] as? [String: Any])?["lines"] as? [[String: Any]] ?? []
            #expect(lines.count == 1)
            #expect(((redone["quote"] as? [String: Any])?["lines"] as? [[String: Any]])?.count == 1)

            let (second, run) = try await AgentHTTPTests.submit(client, admin, ["text": Self.bigRequest])
            _ = try await AgentHTTPTests.waitForRequest(client, admin, second, ["awaiting_approval", "failed"])
            let secondID = try #require(try await Self.pendingApproval(client, admin, requestID: second)["id"] as? String)
            let whole = try await Self.post(client, bo, "/api/v1/approvals/\(secondID)/reject", ["reason": "not now"])
            #expect(decode(whole)["status"] as? String == "rejected")
            let ended = try await AgentHTTPTests.waitForRequest(client, admin, second, ["rejected"])
            #expect((ended["run"] as? [String: Any])?["status"] as? String == "succeeded")
            let events = try await AgentHTTPTests.events(client, admin, run: run)
            #expect(events.contains { (($0["data"] as? [String: Any])?["text"] as? String)?.contains("not now") == true })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func budgetsStopOverspendingAndShowWhatRemains(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            let requester = try await addUser(client, admin, email: "rita@acme.test", roles: ["requester"])
            #expect(try await Self.post(client, admin, "/api/v1/cost-centres", ["code": "OPS", "name": "Operations"]).status == .created)
            #expect(try await Self.post(client, admin, "/api/v1/cost-centres", ["code": "MKT", "name": "Marketing"]).status == .created)
            expectProblem(try await Self.post(client, admin, "/api/v1/cost-centres", ["code": "ops", "name": "Again"]), .conflict)
            expectProblem(try await Self.post(client, requester, "/api/v1/cost-centres", ["code": "X", "name": "X"]), .forbidden)
            let past = try await Self.post(
                client, admin, "/api/v1/budgets", ["cost_centre": "OPS", "period": "month", "start": "2020-01-01", "amount": 10])
            #expect(fieldNames(expectProblem(past, .unprocessableContent)) == ["start"])
            let unknown = try await Self.post(client, admin, "/api/v1/budgets", ["cost_centre": "NOPE", "amount": -1])
            #expect(Set(fieldNames(expectProblem(unknown, .unprocessableContent))) == ["cost_centre", "amount"])
            #expect(try await Self.post(client, admin, "/api/v1/budgets", ["cost_centre": "OPS", "amount": 50]).status == .created)
            let mkt = try await Self.post(client, admin, "/api/v1/budgets", ["cost_centre": "MKT", "period": "year", "amount": 1000])
            let mktID = try #require(decode(mkt)["id"] as? String)

            // 20 reams (105.00) do not fit in 50: the run stops at the policy step and says why.
            let (over, _) = try await AgentHTTPTests.submit(
                client, requester, ["text": "20 reams of A4 copy paper", "cost_centre": "OPS"])
            let failed = try await AgentHTTPTests.waitForRequest(client, requester, over, ["failed", "approved"])
            #expect(failed["status"] as? String == "failed")
            #expect(((failed["run"] as? [String: Any])?["error"] as? String)?.contains("over budget") == true)

            let (fits, _) = try await AgentHTTPTests.submit(
                client, requester, ["text": "20 reams of A4 copy paper", "cost_centre": "MKT"])
            let approved = try await AgentHTTPTests.waitForRequest(client, requester, fits, ["failed", "approved"])
            #expect(approved["status"] as? String == "approved")
            let quote = try #require(approved["quote"] as? [String: Any])
            let total = (quote["total"] as? NSNumber)?.doubleValue ?? 0
            let note = try #require(quote["budget"] as? [String: Any])
            #expect((note["remaining"] as? NSNumber)?.doubleValue == 1_000 - total)
            let budget = try await client.execute(uri: "/api/v1/budgets/\(mktID)", method: .get, headers: admin.auth) { decode($0) }
            #expect((budget["requested"] as? NSNumber)?.doubleValue == total)
            #expect((budget["available"] as? NSNumber)?.doubleValue == 1_000 - total)
            #expect((budget["ledger"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func rulesChainLevelsAndRefuseContradictions(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, components in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            let bo = try await addUser(client, admin, email: "bo@acme.test", roles: ["approver"])
            let cfo = try await addUser(client, admin, email: "cfo@acme.test", roles: ["finance"])
            let deputy = try await addUser(client, admin, email: "dee@acme.test", roles: ["buyer"])
            let chain: [String: Any] = [
                "name": "Big paper orders", "priority": 10, "conditions": ["amount_min": 500, "categories": ["Paper"]],
                "outcome": ["type": "require", "levels": [["roles": ["approver"]], ["users": [cfo.userID]]]],
            ]
            #expect(try await Self.post(client, admin, "/api/v1/approval-rules", chain).status == .created)
            let contradiction: [String: Any] = [
                "name": "Paper is fine", "priority": 10, "conditions": ["categories": ["Paper > Copy Paper"]],
                "outcome": ["type": "auto_approve"],
            ]
            let refused = try await Self.post(client, admin, "/api/v1/approval-rules", contradiction)
            #expect((expectProblem(refused, .unprocessableContent)["errors"] as? [[String: Any]])?.first?["message"] as? String != nil)
            let loop: [String: Any] = [
                "name": "Loop", "priority": 20,
                "outcome": [
                    "type": "require", "levels": [["roles": ["approver"], "escalate_after_hours": 4, "escalate_to": ["role": "approver"]]],
                ],
            ]
            expectProblem(try await Self.post(client, admin, "/api/v1/approval-rules", loop), .unprocessableContent)
            expectProblem(try await Self.post(client, bo, "/api/v1/approval-rules", contradiction), .forbidden)
            let rules = try await client.execute(uri: "/api/v1/approval-rules", method: .get, headers: admin.auth) {
                decode($0)["items"] as? [[String: Any]] ?? []
            }
            #expect(rules.count == 1)

            let (id, _) = try await AgentHTTPTests.submit(client, admin, ["text": "200 reams of A4 copy paper"])
            _ = try await AgentHTTPTests.waitForRequest(client, admin, id, ["awaiting_approval", "failed", "approved"])
            let approvalID = try #require(try await Self.pendingApproval(client, admin, requestID: id)["id"] as? String)
            // The CFO's level comes second: not yet.
            expectProblem(try await Self.post(client, cfo, "/api/v1/approvals/\(approvalID)/approve"), .forbidden)
            #expect(decode(try await Self.post(client, bo, "/api/v1/approvals/\(approvalID)/approve"))["status"] as? String == "pending")
            // The CFO is away and lets the deputy decide; a delegation back would be a loop.
            let away = try await Self.post(
                client, cfo, "/api/v1/delegations", ["to_user": deputy.userID, "ends_at": "2099-01-01T00:00:00Z"])
            #expect(away.status == .created)
            let back = try await Self.post(
                client, deputy, "/api/v1/delegations", ["to_user": cfo.userID, "ends_at": "2099-01-01T00:00:00Z"])
            expectProblem(back, .unprocessableContent)
            #expect(try await Self.inbox(client, deputy).map { $0["id"] as? String } == [approvalID])
            let final = decode(try await Self.post(client, deputy, "/api/v1/approvals/\(approvalID)/approve"))
            #expect(final["status"] as? String == "approved")
            let decisions = final["decisions"] as? [[String: Any]] ?? []
            #expect(decisions.last?["on_behalf_of"] as? String == cfo.userID)
            _ = try await AgentHTTPTests.waitForRequest(client, admin, id, ["approved"])

            // A price hold that runs out sends the run back for a fresh quote.
            let (held, _) = try await AgentHTTPTests.submit(client, admin, ["text": "300 reams of A4 copy paper"])
            _ = try await AgentHTTPTests.waitForRequest(client, admin, held, ["awaiting_approval"])
            let heldApproval = try #require(try await Self.pendingApproval(client, admin, requestID: held)["id"] as? String)
            let swept = try await components.agent.approvals.sweep(now: Clock.nowMilliseconds() + 100 * 3_600_000)
            #expect(swept.expired == 1)
            let expired = try await client.execute(uri: "/api/v1/approvals/\(heldApproval)", method: .get, headers: admin.auth) {
                decode($0)
            }
            #expect(expired["status"] as? String == "expired")
            _ = try await AgentHTTPTests.waitForRequest(client, admin, held, ["awaiting_approval"])
            let fresh = try #require(try await Self.pendingApproval(client, admin, requestID: held)["id"] as? String)
            #expect(fresh != heldApproval)
        }
    }
}
