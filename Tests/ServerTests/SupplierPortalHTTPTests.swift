import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

/// The supplier portal as vendor users use it, and what the buyer sees of it.
@Suite struct SupplierPortalHTTPTests {
    static func get(_ client: any TestClientProtocol, _ session: Session, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: session.auth)
    }

    /// A vendor user of `vendorID`, signed in.
    static func vendorUser(
        _ client: any TestClientProtocol, _ admin: Session, vendorID: String, email: String
    ) async throws -> Session {
        let created = try await ApprovalHTTPTests.post(
            client, admin, "/api/v1/users",
            ["email": email, "name": "Vera Vendor", "password": password, "roles": ["vendor"], "vendor_id": vendorID])
        #expect(created.status == .created)
        #expect(decode(created)["vendor_id"] as? String == vendorID)
        let body = decode(try await login(client, email: email))
        return Session(
            accessToken: body["access_token"] as? String ?? "", refreshToken: body["refresh_token"] as? String ?? "",
            userID: decode(created)["id"] as? String ?? "", organizationID: admin.organizationID)
    }

    static func vendor(_ client: any TestClientProtocol, _ admin: Session, name: String) async throws -> String {
        try await client.execute(
            uri: "/api/v1/vendors", method: .post, headers: admin.auth, body: json(["name": name, "currency": "USD"])
        ) { decode($0)["id"] as? String ?? "" }
    }

    @Test(arguments: TestDatabase.dialects)
    func vendorUsersAreCheckedAndConfinedToThePortal(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            let vendorID = try await Self.vendor(client, admin, name: "OfficeHub")
            func create(_ body: [String: Any]) async throws -> [String] {
                fieldNames(
                    expectProblem(
                        try await ApprovalHTTPTests.post(
                            client, admin, "/api/v1/users", ["email": "v@x.test", "name": "V", "password": password].merging(body) { $1 }),
                        .unprocessableContent))
            }
            #expect(try await create(["roles": ["vendor"]]) == ["vendor_id"])
            #expect(try await create(["roles": ["vendor", "buyer"], "vendor_id": vendorID]) == ["roles"])
            #expect(try await create(["roles": ["buyer"], "vendor_id": vendorID]) == ["vendor_id"])
            #expect(try await create(["roles": ["vendor"], "vendor_id": "ven_nope"]) == ["vendor_id"])

            let vera = try await Self.vendorUser(client, admin, vendorID: vendorID, email: "vera@officehub.test")
            let me = decode(try await Self.get(client, vera, "/api/v1/me"))
            #expect(me["roles"] as? [String] == ["vendor"])
            #expect((me["vendor"] as? [String: Any])?["name"] as? String == "OfficeHub")
            #expect(decode(try await Self.get(client, admin, "/api/v1/me"))["vendor"] == nil)

            // Everything but the portal, their profile and their session is out of reach.
            for uri in ["/api/v1/requests", "/api/v1/purchase-orders", "/api/v1/vendors", "/api/v1/users", "/api/v1/events"] {
                expectProblem(try await Self.get(client, vera, uri), .forbidden)
            }
            #expect(try await Self.get(client, vera, "/api/v1/portal/purchase-orders").status == .ok)
            // Buyers are not vendors.
            expectProblem(try await Self.get(client, admin, "/api/v1/portal/purchase-orders"), .forbidden)
            // The vendor role stays alone, and only with users created for a vendor.
            let patch = try await client.execute(
                uri: "/api/v1/users/\(vera.userID)", method: .patch, headers: admin.auth, body: json(["roles": ["vendor", "buyer"]]))
            expectProblem(patch, .unprocessableContent)
            let adminID = try #require(
                (decode(try await Self.get(client, admin, "/api/v1/me"))["user"] as? [String: Any])?["id"] as? String)
            let promote = try await client.execute(
                uri: "/api/v1/users/\(adminID)", method: .patch, headers: admin.auth, body: json(["roles": ["admin", "vendor"]]))
            expectProblem(promote, .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aVendorAcknowledgesShipsInvoicesAndWritesThroughThePortal(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, _) = try await PurchaseOrderHTTPTests.issuedOrder(client, admin)
            let order = decode(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)"))
            let vendorID = try #require(order["vendor_id"] as? String)
            let vera = try await Self.vendorUser(client, admin, vendorID: vendorID, email: "vera@officehub.test")
            let otherVendor = try await Self.vendor(client, admin, name: "PaperWorld")
            let otto = try await Self.vendorUser(client, admin, vendorID: otherVendor, email: "otto@paperworld.test")
            let base = "/api/v1/portal/purchase-orders/\(orderID)"

            // Each vendor sees its own orders only; another vendor's answers 404 everywhere.
            let list = decode(try await Self.get(client, vera, "/api/v1/portal/purchase-orders"))["items"] as? [[String: Any]] ?? []
            #expect(list.map { $0["id"] as? String } == [orderID])
            #expect(list.first?["request_id"] == nil)
            #expect((decode(try await Self.get(client, otto, "/api/v1/portal/purchase-orders"))["items"] as? [Any])?.isEmpty == true)
            expectProblem(try await Self.get(client, otto, base), .notFound)
            expectProblem(try await ApprovalHTTPTests.post(client, otto, "\(base)/acknowledgement", ["status": "accepted"]), .notFound)
            expectProblem(try await ApprovalHTTPTests.post(client, otto, "\(base)/messages", ["body": "hi"]), .notFound)
            let pdf = try await Self.get(client, vera, "\(base)/document?format=pdf")
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")

            // Acknowledging: bad input and stale versions are refused and change nothing.
            func acknowledge(_ body: [String: Any]) async throws -> TestResponse {
                try await ApprovalHTTPTests.post(client, vera, "\(base)/acknowledgement", body)
            }
            #expect(fieldNames(expectProblem(try await acknowledge([:]), .unprocessableContent)) == ["lines"])
            #expect(
                fieldNames(
                    expectProblem(try await acknowledge(["lines": [["line": 1, "status": "maybe", "quantity": 1]]]), .unprocessableContent))
                    == ["lines[0].status"])
            let unknownLine = expectProblem(
                try await acknowledge(["lines": [["line": 9, "status": "accepted", "quantity": 1]]]), .unprocessableContent)
            #expect("\(unknownLine)".contains("no line 9"))
            expectProblem(try await acknowledge(["version": 7, "status": "accepted"]), .conflict)
            #expect(decode(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)"))["acknowledged"] as? Bool == false)

            // 12 now, 8 later.
            let acknowledged = try await acknowledge([
                "version": 1,
                "lines": [
                    ["line": 1, "status": "accepted", "quantity": 12],
                    ["line": 1, "status": "backordered", "quantity": 8, "delivery_date": "2026-12-20", "comment": "restocking"],
                ],
            ])
            #expect(acknowledged.status == .ok)
            let acknowledgedLine = (decode(acknowledged)["lines"] as? [[String: Any]])?.first
            #expect(acknowledgedLine?["acknowledgement"] as? String == "backordered")
            #expect(decode(acknowledged)["status"] as? String == "acknowledged")

            // Shipping: more than ordered is refused with the reason; a notice moves the order.
            func ship(_ body: [String: Any]) async throws -> TestResponse {
                try await ApprovalHTTPTests.post(client, vera, "\(base)/shipments", body)
            }
            #expect(
                Set(fieldNames(expectProblem(try await ship(["lines": []]), .unprocessableContent))) == [
                    "carrier", "tracking_number", "lines",
                ])
            let tooMany = expectProblem(
                try await ship(["carrier": "UPS", "tracking_number": "1Z1", "lines": [["line": 1, "quantity": 21]]]), .unprocessableContent)
            #expect("\(tooMany)".contains("only 20 expected"))
            let shipped = try await ship([
                "shipment_id": "S-1", "carrier": "UPS", "tracking_number": "1Z999", "shipped_at": "2026-12-01",
                "lines": [["line": 1, "quantity": 12]],
            ])
            #expect(shipped.status == .created)
            #expect(decode(shipped)["status"] as? String == "partially_shipped")

            // The buyer sees the answer, the shipment and its tracking number.
            let seen = decode(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)"))
            let seenLine = (seen["lines"] as? [[String: Any]])?.first
            #expect(seenLine?["shipped"] as? Int == 12)
            #expect((seenLine?["confirmations"] as? [Any])?.count == 2)
            let shipments = seen["shipments"] as? [[String: Any]] ?? []
            #expect(shipments.map { $0["tracking_number"] as? String } == ["1Z999"])
            #expect(shipments.first?["source"] as? String == "portal")

            // Messages, both ways, oldest first, signed by their authors.
            #expect(
                try await ApprovalHTTPTests.post(client, vera, "\(base)/messages", ["body": "The rest ships on the 20th."]).status
                    == .created)
            expectProblem(try await ApprovalHTTPTests.post(client, vera, "\(base)/messages", ["body": "  "]), .unprocessableContent)
            #expect(
                try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/messages", ["body": "Thanks!"]).status
                    == .created)
            let thread = decode(try await Self.get(client, vera, "\(base)/messages"))["items"] as? [[String: Any]] ?? []
            #expect(thread.map { $0["side"] as? String } == ["vendor", "buyer"])
            #expect((thread.first?["author"] as? [String: Any])?["name"] as? String == "Vera Vendor")

            // Invoicing before the goods arrived is held, with the reason; after receipt it matches.
            let early = try await ApprovalHTTPTests.post(client, vera, "\(base)/invoices", ["number": "INV-1"])
            #expect(early.status == .created)
            #expect(decode(early)["status"] as? String == "held")
            #expect(
                try await ship([
                    "shipment_id": "S-2", "carrier": "UPS", "tracking_number": "1Z1000", "lines": [["line": 1, "quantity": 8]],
                ]).status == .created)
            let received = try await ApprovalHTTPTests.post(
                client, admin, "/api/v1/purchase-orders/\(orderID)/receipts", ["lines": [["line": 1, "quantity": 20]]])
            #expect(received.status == .created)
            let invoice = try await ApprovalHTTPTests.post(client, vera, "\(base)/invoices", ["number": "INV-2"])
            #expect(invoice.status == .created)
            #expect(decode(invoice)["status"] as? String == "matched")
            #expect(decode(invoice)["purchase_order_status"] as? String == "matched")
            expectProblem(try await ApprovalHTTPTests.post(client, vera, "\(base)/invoices", ["number": "INV-2"]), .conflict)

            // Every portal action is in the vendor inbox, the refused ones with their reasons.
            let inbox =
                decode(try await Self.get(client, admin, "/api/v1/vendor-inbox?vendor=\(vendorID)"))["items"] as? [[String: Any]] ?? []
            #expect(inbox.filter { $0["status"] as? String == "applied" }.count == 3)
            #expect(inbox.contains { $0["status"] as? String == "refused" && ($0["reason"] as? String ?? "").contains("only 20 expected") })
            expectProblem(try await Self.get(client, vera, "/api/v1/vendor-inbox"), .forbidden)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func draftsAndCancelledOrdersAreNotForVendorsToAnswer(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, _) = try await PurchaseOrderHTTPTests.issuedOrder(client, admin, issue: false)
            let vendorID = try #require(
                decode(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)"))["vendor_id"] as? String)
            let vera = try await Self.vendorUser(client, admin, vendorID: vendorID, email: "vera@officehub.test")
            expectProblem(try await Self.get(client, vera, "/api/v1/portal/purchase-orders/\(orderID)"), .notFound)
            #expect(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue").status == .ok)
            #expect(try await Self.get(client, vera, "/api/v1/portal/purchase-orders/\(orderID)").status == .ok)
            let cancelled = try await ApprovalHTTPTests.post(
                client, admin, "/api/v1/purchase-orders/\(orderID)/cancel", ["reason": "no longer needed"])
            #expect(decode(cancelled)["cancellation_reason"] as? String == "no longer needed")
            expectProblem(
                try await ApprovalHTTPTests.post(
                    client, vera, "/api/v1/portal/purchase-orders/\(orderID)/acknowledgement", ["status": "accepted"]), .conflict)
        }
    }
}
