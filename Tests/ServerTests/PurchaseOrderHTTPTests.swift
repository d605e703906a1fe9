import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct PurchaseOrderHTTPTests {
    static var address: [String: Any] { ["street": ["1 Rua Augusta"], "city": "Lisboa", "postal_code": "1100-048", "country_code": "PT"] }

    static func orders(_ client: any TestClientProtocol, _ session: Session, request: String) async throws -> [[String: Any]] {
        try await client.execute(uri: "/api/v1/purchase-orders?request=\(request)", method: .get, headers: session.auth) {
            decode($0)["items"] as? [[String: Any]] ?? []
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anApprovedRequestBecomesOrdersThatCanBeDownloadedAndIssued(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            #expect(
                try await ApprovalHTTPTests.post(client, admin, "/api/v1/cost-centres", ["code": "OPS", "name": "Ops"]).status == .created)
            #expect(
                try await ApprovalHTTPTests.post(client, admin, "/api/v1/budgets", ["cost_centre": "OPS", "amount": 500]).status == .created
            )

            // Above 1,000: waiting for approval, so nothing may be ordered, by the agent or by hand.
            let (big, _) = try await AgentHTTPTests.submit(client, admin, ["text": ApprovalHTTPTests.bigRequest])
            _ = try await AgentHTTPTests.waitForRequest(client, admin, big, ["awaiting_approval", "failed"])
            let early = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders", ["request_id": big])
            #expect((expectProblem(early, .conflict)["detail"] as? String)?.contains("not approved") == true)
            #expect(try await Self.orders(client, admin, request: big).isEmpty)
            expectProblem(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders", ["request_id": "req_nope"]), .notFound)

            // Below 1,000 and within the budget: approved automatically; the purchase step drafts the order.
            let (small, run) = try await AgentHTTPTests.submit(
                client, admin, ["text": "- 2 boxes of black gel pens\n- 10 reams of A4 copy paper", "cost_centre": "OPS"])
            let done = try await AgentHTTPTests.waitForRequest(client, admin, small, ["approved", "failed"])
            #expect(done["status"] as? String == "approved")
            let quoteTotal = ((done["quote"] as? [String: Any])?["total"] as? NSNumber)?.doubleValue ?? -1
            let orders = try await Self.orders(client, admin, request: small)
            #expect(orders.count == 1)
            let order = try #require(orders.first)
            let id = try #require(order["id"] as? String)
            let number = order["number"] as? String ?? ""
            #expect(number.range(of: #"^PO-\d{4}-\d{6}$"#, options: .regularExpression) != nil)
            #expect(order["status"] as? String == "draft")
            #expect((order["lines"] as? [[String: Any]])?.count == 2)
            #expect((order["total"] as? NSNumber)?.doubleValue == quoteTotal)
            let steps = try await client.execute(uri: "/api/v1/runs/\(run)", method: .get, headers: admin.auth) {
                (decode($0)["steps"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? ""):\($0["status"] ?? "")" }
            }
            #expect(steps.contains("purchase:completed"))
            // Asking again returns the same order.
            let again = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders", ["request_id": small])
            #expect((decode(again)["items"] as? [[String: Any]])?.first?["id"] as? String == id)

            // The documents.
            let pdf = try await client.execute(uri: "/api/v1/purchase-orders/\(id)/document?format=pdf", method: .get, headers: admin.auth)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-1.4"))
            let cxml = try await client.execute(
                uri: "/api/v1/purchase-orders/\(id)/document?format=cxml", method: .get, headers: admin.auth)
            #expect(String(buffer: cxml.body).contains("orderID=\"\(number)\""))
            let ubl = try await client.execute(uri: "/api/v1/purchase-orders/\(id)/document?format=ubl", method: .get, headers: admin.auth)
            #expect(String(buffer: ubl.body).contains("<cbc:ID>\(number)</cbc:ID>"))
            let bad = try await client.execute(uri: "/api/v1/purchase-orders/\(id)/document?format=doc", method: .get, headers: admin.auth)
            #expect(fieldNames(expectProblem(bad, .unprocessableContent)) == ["format"])

            // Issuing needs complete parties; what is missing is listed, and nothing changes.
            let incomplete = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/issue")
            #expect(fieldNames(expectProblem(incomplete, .unprocessableContent)).contains("buyer.address.street"))
            let profile = try await client.execute(
                uri: "/api/v1/purchasing-profile", method: .put, headers: admin.auth,
                body: json(["buyer": ["name": "Acme", "address": Self.address], "terms": ["Quote the PO number on every invoice."]]))
            #expect(profile.status == .ok)
            // The draft was written before the profile: issuing writes it again with the buyer's
            // address now, and what still lacks (the vendor's address) is listed.
            let stillIncomplete = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/issue")
            let missing = fieldNames(expectProblem(stillIncomplete, .unprocessableContent))
            #expect(missing.contains("supplier.address.street"))
            #expect(!missing.contains("buyer.address.street"))
            #expect(try await Self.orders(client, admin, request: small).first?["status"] as? String == "draft")
            // Once the vendor has its address, the same draft is issued with it.
            let vendorID = try #require(order["vendor_id"] as? String)
            let patched = try await client.execute(
                uri: "/api/v1/vendors/\(vendorID)", method: .patch, headers: admin.auth,
                body: json([
                    "name": (order["vendor"] as? [String: Any])?["name"] as? String ?? "", "currency": "USD", "address": Self.address,
                ]))
            #expect(patched.status == .ok)
            let issued = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/issue")
            #expect(issued.status == .ok)
            #expect((decode(issued)["supplier"] as? [String: Any])?["address"] != nil)
            #expect((decode(issued)["number"] as? String) == number)
        }
    }

    /// An organisation with addresses, one vendor of paper at 5.25 (shipping 5.00), a budget of 500
    /// for OPS, and an approved request for 20 reams; returns the order's id and the budget's.
    static func issuedOrder(
        _ client: any TestClientProtocol, _ admin: Session, issue: Bool = true
    ) async throws -> (order: String, budget: String) {
        let profile = try await client.execute(
            uri: "/api/v1/purchasing-profile", method: .put, headers: admin.auth,
            body: json(["buyer": ["name": "Acme", "address": Self.address]]))
        #expect(profile.status == .ok)
        let vendor = try await client.execute(
            uri: "/api/v1/vendors", method: .post, headers: admin.auth,
            body: json(["name": "OfficeHub", "currency": "USD", "shipping_fee": 5, "address": Self.address])
        ) { decode($0)["id"] as? String ?? "" }
        let imported = try await client.execute(
            uri: "/api/v1/catalog/imports?vendor=\(vendor)", method: .post,
            headers: [.authorization: "Bearer \(admin.accessToken)", .contentType: "application/x-ndjson"],
            body: ByteBuffer(
                string:
                    #"{"sku": "P-1", "title": "Papyra Copy Paper A4 80gsm", "category": ["Paper", "Copy Paper"], "price": 5.25, "unit": "RM"}"#
            ))
        _ = try await CatalogHTTPTests.waitForImport(client, admin, decode(imported)["id"] as? String ?? "")
        #expect(try await ApprovalHTTPTests.post(client, admin, "/api/v1/cost-centres", ["code": "OPS", "name": "Ops"]).status == .created)
        let budgetID = try #require(
            decode(try await ApprovalHTTPTests.post(client, admin, "/api/v1/budgets", ["cost_centre": "OPS", "amount": 500]))["id"]
                as? String)
        let (request, _) = try await AgentHTTPTests.submit(client, admin, ["text": "20 reams of A4 copy paper", "cost_centre": "OPS"])
        _ = try await AgentHTTPTests.waitForRequest(client, admin, request, ["approved", "failed"])
        let id = try #require(try await Self.orders(client, admin, request: request).first?["id"] as? String)
        if issue { #expect(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/issue").status == .ok) }
        return (id, budgetID)
    }

    @Test(arguments: TestDatabase.dialects)
    func receiptsAndInvoicesAreMatchedThreeWays(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (id, budgetID) = try await Self.issuedOrder(client, admin)
            func receive(_ lines: [[String: Any]]) async throws -> TestResponse {
                try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/receipts", ["lines": lines])
            }
            func invoice(_ body: [String: Any]) async throws -> TestResponse {
                try await ApprovalHTTPTests.post(client, admin, "/api/v1/invoices", body)
            }
            #expect(fieldNames(expectProblem(try await receive([["line": 9, "quantity": 1]]), .unprocessableContent)) == ["lines[0].line"])
            let noReason = try await receive([["line": 1, "quantity": 5, "rejected": 1]])
            #expect(fieldNames(expectProblem(noReason, .unprocessableContent)) == ["lines[0].reason"])
            let tooMany = try await receive([["line": 1, "quantity": 30]])
            #expect(fieldNames(expectProblem(tooMany, .unprocessableContent)) == ["lines[0].quantity"])

            let first = try await receive([["line": 1, "quantity": 12, "rejected": 2, "reason": "torn wrapping"]])
            #expect(first.status == .created)
            #expect(decode(first)["purchase_order_status"] as? String == "partially_received")
            // Invoiced before everything arrived: held, and the order does not move.
            let early = decode(
                try await invoice([
                    "purchase_order": id, "number": "INV-1", "lines": [["line": 1, "quantity": 20, "unit_price": 5.25]], "shipping": 5,
                ]))
            #expect(early["status"] as? String == "held")
            #expect((early["reasons"] as? [String])?.first?.contains("not received") == true)
            let second = try await receive([["line": 1, "quantity": 10]])
            #expect(decode(second)["purchase_order_status"] as? String == "received")

            let unknown = try await invoice([
                "purchase_order": "PO-1999-000001", "number": "X", "lines": [["line": 1, "quantity": 1, "unit_price": 1]],
            ])
            #expect(fieldNames(expectProblem(unknown, .unprocessableContent)) == ["purchase_order"])
            let dear = decode(
                try await invoice([
                    "purchase_order": id, "number": "INV-2", "lines": [["line": 1, "quantity": 20, "unit_price": 5.50]], "shipping": 5,
                ]))
            #expect(dear["status"] as? String == "held")
            #expect((dear["reasons"] as? [String])?.contains { $0.contains("unit price 5.50") } == true)
            expectProblem(
                try await invoice(["purchase_order": id, "number": "INV-2", "lines": [["line": 1, "quantity": 20, "unit_price": 5.25]]]),
                .conflict)

            // By number, at the ordered price, for what was accepted: matched, paid from the budget.
            let order = try await client.execute(uri: "/api/v1/purchase-orders/\(id)", method: .get, headers: admin.auth) { decode($0) }
            let number = try #require(order["number"] as? String)
            let good = decode(
                try await invoice([
                    "purchase_order": number, "number": "INV-3", "lines": [["line": 1, "quantity": 20, "unit_price": 5.25]], "shipping": 5,
                ]))
            #expect(good["status"] as? String == "matched")
            #expect(good["purchase_order_status"] as? String == "matched")
            let budget = try await client.execute(uri: "/api/v1/budgets/\(budgetID)", method: .get, headers: admin.auth) { decode($0) }
            #expect((budget["committed"] as? NSNumber)?.doubleValue == 0)
            #expect((budget["spent"] as? NSNumber)?.doubleValue == 110)
            #expect((budget["available"] as? NSNumber)?.doubleValue == 390)
            let listed = try await client.execute(uri: "/api/v1/invoices?purchase_order=\(id)", method: .get, headers: admin.auth) {
                decode($0)["items"] as? [[String: Any]] ?? []
            }
            #expect(listed.count == 3)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func issuingCommitsTheBudgetAndCancellingReleasesIt(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (id, budgetID) = try await Self.issuedOrder(client, admin, issue: false)
            let issued = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/issue")
            #expect(issued.status == .ok)
            let order = decode(issued)
            #expect(order["status"] as? String == "issued")
            let total = (order["total"] as? NSNumber)?.doubleValue ?? 0
            #expect(total == 110)  // 20 × 5.25 + 5.00 shipping
            expectProblem(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/issue"), .conflict)
            func balance() async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/budgets/\(budgetID)", method: .get, headers: admin.auth) { decode($0) }
            }
            var budget = try await balance()
            #expect((budget["requested"] as? NSNumber)?.doubleValue == 0)
            #expect((budget["committed"] as? NSNumber)?.doubleValue == total)
            #expect((budget["available"] as? NSNumber)?.doubleValue == 500 - total)

            expectProblem(
                try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(id)/cancel", [:]), .unprocessableContent)
            let cancelled = try await ApprovalHTTPTests.post(
                client, admin, "/api/v1/purchase-orders/\(id)/cancel", ["reason": "found stock"])
            #expect(decode(cancelled)["status"] as? String == "cancelled")
            budget = try await balance()
            #expect((budget["committed"] as? NSNumber)?.doubleValue == 0)
            #expect((budget["available"] as? NSNumber)?.doubleValue == 500)
        }
    }
}
