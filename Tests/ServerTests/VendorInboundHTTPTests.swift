import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import QuartermasterVendors
import Testing

/// Vendors telling us about their orders: signed JSON webhooks, cXML confirmations and ship
/// notices, the simulator doing both over real HTTP, the status polling job, and change orders
/// and cancellations sent back to vendors.
@Suite struct VendorInboundHTTPTests {
    static let secret = "whsec-0123456789abcdef"

    static func get(_ client: any TestClientProtocol, _ session: Session, _ uri: String) async throws -> [String: Any] {
        decode(try await client.execute(uri: uri, method: .get, headers: session.auth))
    }

    /// An issued order with its vendor's connector set: (order id, number, vendor id).
    static func connectedOrder(
        _ client: any TestClientProtocol, _ admin: Session, kind: String, url: String = "http://127.0.0.1:9", issue: Bool = true
    ) async throws -> (id: String, number: String, vendorID: String) {
        let (orderID, _) = try await PurchaseOrderHTTPTests.issuedOrder(client, admin, issue: false)
        let order = try await get(client, admin, "/api/v1/purchase-orders/\(orderID)")
        let vendorID = try #require(order["vendor_id"] as? String)
        // Issued before the connector exists, so nothing is sent to `url`.
        if issue { #expect(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue").status == .ok) }
        let set = try await client.execute(
            uri: "/api/v1/vendors/\(vendorID)/connector", method: .put, headers: admin.auth,
            body: json(["kind": kind, "url": url, "webhook_secret": secret]))
        #expect(set.status == .ok)
        #expect(decode(set)["webhook_secret_set"] as? Bool == true)
        #expect(!String(buffer: set.body).contains(secret))
        return (orderID, try #require(order["number"] as? String), vendorID)
    }

    static func webhook(
        _ client: any TestClientProtocol, vendorID: String, _ event: [String: Any], signature: String?? = nil
    ) async throws -> TestResponse {
        let body = json(event)
        var headers: HTTPFields = [.contentType: "application/json"]
        let signed = signature ?? VendorWebhook.signature(for: body.readableBytesView, secret: secret)
        if let signed { headers[HTTPField.Name(VendorWebhook.signatureHeader)!] = signed }
        return try await client.execute(uri: "/api/v1/vendors/\(vendorID)/webhook", method: .post, headers: headers, body: body)
    }

    /// Polls the order until it has `status` (and, when given, `acknowledged`): a vendor's
    /// webhooks arrive in their own time and may overtake each other.
    static func waitForStatus(
        _ client: any TestClientProtocol, _ admin: Session, _ orderID: String, _ status: String, acknowledged: Bool? = nil,
        limit: Duration = .seconds(15)
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + limit
        var order: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            order = try await get(client, admin, "/api/v1/purchase-orders/\(orderID)")
            if order["status"] as? String == status, acknowledged == nil || order["acknowledged"] as? Bool == acknowledged {
                return order
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("order \(orderID) is \(order["status"] ?? "?") (acknowledged: \(order["acknowledged"] ?? "?")), not \(status)")
        return order
    }

    @Test(arguments: TestDatabase.dialects)
    func signedWebhooksAreAppliedOnceAndContradictionsAreKeptRefused(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, number, vendorID) = try await Self.connectedOrder(client, admin, kind: "http_json")
            let order = ["id": "BZ-1", "po_number": number, "version": 1] as [String: Any]
            let acknowledged: [String: Any] = [
                "id": "BZ-1-v1-ack", "type": "order.acknowledged", "created_at": "2026-12-01T09:00:00Z", "order": order,
                "lines": [["line_number": 1, "status": "accepted", "quantity": 20]],
            ]
            // Unsigned, wrongly signed, for an unknown vendor: refused before anything is read.
            expectProblem(try await Self.webhook(client, vendorID: vendorID, acknowledged, signature: .some(nil)), .unauthorized)
            expectProblem(try await Self.webhook(client, vendorID: vendorID, acknowledged, signature: "sha256=00"), .unauthorized)
            expectProblem(try await Self.webhook(client, vendorID: "ven_unknown", acknowledged), .notFound)

            let first = try await Self.webhook(client, vendorID: vendorID, acknowledged)
            #expect(first.status == .ok)
            #expect(decode(first)["status"] as? String == "applied")
            let again = try await Self.webhook(client, vendorID: vendorID, acknowledged)
            #expect(decode(again)["status"] as? String == "duplicate")
            #expect(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)")["status"] as? String == "acknowledged")

            // Contradictions: a line the order does not have, more shipped than ordered, an order
            // of another vendor, an unreadable body. Each is kept, refused, and changes nothing.
            var unknownLine = acknowledged
            unknownLine["id"] = "BZ-1-v1-ack-2"
            unknownLine["lines"] = [["line_number": 4, "status": "accepted", "quantity": 1]]
            let refused = expectProblem(try await Self.webhook(client, vendorID: vendorID, unknownLine), .unprocessableContent)
            #expect("\(refused)".contains("no line 4"))
            let overShipped: [String: Any] = [
                "id": "BZ-1-S1-shipped", "type": "order.shipped", "created_at": "2026-12-02T09:00:00Z", "order": order,
                "shipment": [
                    "id": "BZ-1-S1", "carrier": "UPS", "tracking_number": "1Z9", "shipped_at": "2026-12-02T09:00:00Z",
                    "lines": [["line_number": 1, "quantity": 25]],
                ],
            ]
            expectProblem(try await Self.webhook(client, vendorID: vendorID, overShipped), .unprocessableContent)
            var otherOrder = acknowledged
            otherOrder["id"] = "BZ-9-ack"
            otherOrder["order"] = ["id": "BZ-9", "po_number": "PO-2026-999999", "version": 1]
            expectProblem(try await Self.webhook(client, vendorID: vendorID, otherOrder), .unprocessableContent)
            expectProblem(try await Self.webhook(client, vendorID: vendorID, ["type": "order.exploded"]), .unprocessableContent)
            #expect(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)")["status"] as? String == "acknowledged")

            var shipped = overShipped
            shipped["shipment"] = [
                "id": "BZ-1-S1", "carrier": "UPS", "tracking_number": "1Z9", "shipped_at": "2026-12-02T09:00:00Z",
                "lines": [["line_number": 1, "quantity": 20]],
            ]
            shipped["id"] = "BZ-1-S1-shipped-2"
            #expect(try await Self.webhook(client, vendorID: vendorID, shipped).status == .ok)
            let now = try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)")
            #expect(now["status"] as? String == "shipped")
            #expect((now["shipments"] as? [[String: Any]])?.first?["carrier"] as? String == "UPS")

            let inbox = try await Self.get(client, admin, "/api/v1/vendor-inbox")["items"] as? [[String: Any]] ?? []
            #expect(inbox.filter { $0["status"] as? String == "applied" }.count == 2)
            #expect(inbox.filter { $0["status"] as? String == "refused" }.count == 4)
            #expect(inbox.contains { $0["kind"] as? String == "unreadable" })

            // An invoice through the connector: matched like any invoice (held here: nothing
            // received yet), kept once however often it is delivered.
            let invoiced: [String: Any] = [
                "id": "BZ-1-inv-1", "type": "order.invoiced", "created_at": "2026-12-03T09:00:00Z", "order": order,
                "invoice": ["number": "BZ-INV-7", "lines": [["line_number": 1, "quantity": 20, "unit_price": "5.25"]], "shipping": "5"],
            ]
            let billed = try await Self.webhook(client, vendorID: vendorID, invoiced)
            #expect(billed.status == .ok)
            #expect(decode(try await Self.webhook(client, vendorID: vendorID, invoiced))["status"] as? String == "duplicate")
            let invoices =
                try await Self.get(client, admin, "/api/v1/invoices?purchase_order=\(orderID)")["items"] as? [[String: Any]] ?? []
            #expect(invoices.map { $0["number"] as? String } == ["BZ-INV-7"])
            #expect(invoices.first?["status"] as? String == "held")
            var badInvoice = invoiced
            badInvoice["id"] = "BZ-1-inv-2"
            badInvoice["invoice"] = ["number": "BZ-INV-8", "lines": [["line_number": 1, "quantity": 0, "unit_price": "x"]]]
            expectProblem(try await Self.webhook(client, vendorID: vendorID, badInvoice), .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theSameWebhookDeliveredManyTimesAtOnceIsAppliedOnce(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, number, vendorID) = try await Self.connectedOrder(client, admin, kind: "http_json")
            let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let shipped: [String: Any] = [
                            "id": "BZ-1-S1-shipped", "type": "order.shipped", "created_at": "2026-12-02T09:00:00Z",
                            "order": ["id": "BZ-1", "po_number": number, "version": 1],
                            "shipment": [
                                "id": "BZ-1-S1", "carrier": "UPS", "tracking_number": "1Z9", "shipped_at": "2026-12-02T09:00:00Z",
                                "lines": [["line_number": 1, "quantity": 5]],
                            ],
                        ]
                        let response = try await Self.webhook(client, vendorID: vendorID, shipped)
                        return (Int(response.status.code), decode(response)["status"] as? String)
                    }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == 200 })
            #expect(answers.filter { $0.1 == "applied" }.count == 1)
            let order = try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)")
            #expect((order["lines"] as? [[String: Any]])?.first?["shipped"] as? Int == 5)
            let inbox = try await Self.get(client, admin, "/api/v1/vendor-inbox")["items"] as? [[String: Any]] ?? []
            #expect(inbox.count == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anUnreachableVendorLeavesTheOrderIssuedAndItsSubmissionPending(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, _, _) = try await Self.connectedOrder(client, admin, kind: "http_json", url: "http://127.0.0.1:9", issue: false)
            // One quick attempt for the person waiting; the resubmission job takes it from there.
            let issued = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue")
            #expect(issued.status == .ok)
            #expect(decode(issued)["status"] as? String == "issued")
            #expect((decode(issued)["submission"] as? [String: Any])?["status"] as? String == "pending")
        }
    }

    static func cxml(_ number: String, payloadID: String, secret: String, request: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/Fulfill.dtd">
        <cXML payloadID="\(payloadID)" timestamp="2026-12-01T10:00:00+00:00" version="1.2.063">
          <Header>
            <From><Credential domain="NetworkID"><Identity>office</Identity></Credential></From>
            <To><Credential domain="NetworkID"><Identity>acme</Identity></Credential></To>
            <Sender><Credential domain="NetworkID"><Identity>office</Identity><SharedSecret>\(secret)</SharedSecret></Credential>
              <UserAgent>test</UserAgent></Sender>
          </Header>
          <Request>\(request)</Request>
        </cXML>
        """
    }

    static func reference(_ number: String) -> String {
        #"<OrderReference orderID="\#(number)"><DocumentReference payloadID="\#(number).v1"/></OrderReference>"#
    }

    @Test(arguments: TestDatabase.dialects)
    func cXMLConfirmationsAndShipNoticesAreAnsweredWithAResponse(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, number, vendorID) = try await Self.connectedOrder(client, admin, kind: "cxml")
            func post(_ document: String) async throws -> (TestResponse, CXMLResponse?) {
                let response = try await client.execute(
                    uri: "/api/v1/vendors/\(vendorID)/cxml", method: .post, headers: [.contentType: "text/xml"],
                    body: ByteBuffer(string: document))
                return (response, try? CXMLResponse.parse(Array(buffer: response.body)))
            }
            let confirm = """
                <ConfirmationRequest><ConfirmationHeader type="accept" noticeDate="2026-12-01T10:00:00+00:00" confirmID="C1"/>\
                \(Self.reference(number))</ConfirmationRequest>
                """
            let (wrong, wrongAnswer) = try await post(Self.cxml(number, payloadID: "c1@office", secret: "guess", request: confirm))
            #expect(wrong.status == .unauthorized)
            #expect(wrongAnswer?.code == 401)
            let (ok, answer) = try await post(Self.cxml(number, payloadID: "c1@office", secret: Self.secret, request: confirm))
            #expect(ok.status == .ok)
            #expect(answer?.code == 200)
            #expect(try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)")["status"] as? String == "acknowledged")
            let (_, repeated) = try await post(Self.cxml(number, payloadID: "c1@office", secret: Self.secret, request: confirm))
            #expect(repeated?.code == 200)
            #expect(repeated?.message == "already applied")

            let (garbled, garbledAnswer) = try await post("<cXML><Header></cXML>")
            #expect(garbled.status == .badRequest)
            #expect(garbledAnswer?.code == 400)
            let invoice = "<InvoiceDetailRequest/>"
            let (_, unsupported) = try await post(Self.cxml(number, payloadID: "i1@office", secret: Self.secret, request: invoice))
            #expect(unsupported?.code == 400)

            func notice(_ quantity: Int, order: String = number) -> String {
                """
                <ShipNoticeRequest><ShipNoticeHeader shipmentID="SH-1" operation="new" noticeDate="2026-12-02T10:00:00+00:00"/>\
                <ShipControl><CarrierIdentifier domain="companyName">DHL</CarrierIdentifier>\
                <ShipmentIdentifier>JD0001</ShipmentIdentifier></ShipControl>\
                <ShipNoticePortion>\(Self.reference(order))<ShipNoticeItem quantity="\(quantity)" lineNumber="1">\
                <UnitOfMeasure>RM</UnitOfMeasure></ShipNoticeItem></ShipNoticePortion></ShipNoticeRequest>
                """
            }
            let (_, tooMany) = try await post(Self.cxml(number, payloadID: "s0@office", secret: Self.secret, request: notice(21)))
            #expect(tooMany?.code == 406)
            #expect(tooMany?.message.contains("only 20 expected") == true)
            let (_, stranger) = try await post(
                Self.cxml(number, payloadID: "s9@office", secret: Self.secret, request: notice(1, order: "PO-2026-999999")))
            #expect(stranger?.code == 406)
            let (_, shipped) = try await post(Self.cxml(number, payloadID: "s1@office", secret: Self.secret, request: notice(20)))
            #expect(shipped?.code == 200)
            let order = try await Self.get(client, admin, "/api/v1/purchase-orders/\(orderID)")
            #expect(order["status"] as? String == "shipped")
            #expect((order["shipments"] as? [[String: Any]])?.first?["tracking_number"] as? String == "JD0001")
            let inbox = try await Self.get(client, admin, "/api/v1/vendor-inbox?vendor=\(vendorID)")["items"] as? [[String: Any]] ?? []
            #expect(Set(inbox.compactMap { $0["source"] as? String }) == ["cxml"])
            #expect(inbox.filter { $0["status"] as? String == "applied" }.count == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theSimulatorsWebhooksAndThePollingJobMoveOrdersOverRealHTTP(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, components in
            let admin = try await signup(client)
            let (orderID, _, vendorID) = try await Self.connectedOrder(client, admin, kind: "http_json", issue: false)
            let hook = "http://127.0.0.1:\(client.port!)/api/v1/vendors/\(vendorID)/webhook"
            var profile = VendorSimulatorProfile(
                name: "test", contract: .json, acknowledgeAfter: .milliseconds(50), shipAfter: .milliseconds(300), seed: 5, idPrefix: "W")
            profile.partialShipments = true
            try await VendorSimulator.application(profile: profile, webhookURL: hook, webhookSecret: Self.secret).test(.live) { simulator in
                _ = try await client.execute(
                    uri: "/api/v1/vendors/\(vendorID)/connector", method: .put, headers: admin.auth,
                    body: json(["kind": "http_json", "url": "http://127.0.0.1:\(simulator.port!)"]))
                let issued = try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue")
                #expect((decode(issued)["submission"] as? [String: Any])?["status"] as? String == "submitted")
                let order = try await Self.waitForStatus(client, admin, orderID, "shipped", acknowledged: true)
                #expect((order["shipments"] as? [Any])?.count == 2)
                #expect(order["acknowledged"] as? Bool == true)
            }
            let inbox = try await Self.get(client, admin, "/api/v1/vendor-inbox")["items"] as? [[String: Any]] ?? []
            #expect(inbox.allSatisfy { $0["source"] as? String == "webhook" && $0["status"] as? String == "applied" })
            #expect(inbox.count == 3)  // acknowledged, two shipments

            // Without webhooks, the polling job finds the same news once. (The agent issues and
            // sends the next request's order itself, the vendor having a connector now.)
            let quiet = VendorSimulatorProfile(
                name: "quiet", contract: .json, acknowledgeAfter: .zero, shipAfter: .milliseconds(100), seed: 6, idPrefix: "Q")
            let second = try await VendorSimulator.application(profile: quiet).test(.live) { simulator in
                _ = try await client.execute(
                    uri: "/api/v1/vendors/\(vendorID)/connector", method: .put, headers: admin.auth,
                    body: json(["kind": "http_json", "url": "http://127.0.0.1:\(simulator.port!)"]))
                let (request, _) = try await AgentHTTPTests.submit(
                    client, admin, ["text": "10 reams of A4 copy paper", "cost_centre": "OPS"])
                _ = try await AgentHTTPTests.waitForRequest(client, admin, request, ["approved", "failed"])
                let second = try #require(try await PurchaseOrderHTTPTests.orders(client, admin, request: request).first)
                #expect(second["status"] as? String == "acknowledged")  // in the vendor's answer
                let id = try #require(second["id"] as? String)
                try await Task.sleep(for: .milliseconds(400))
                // The background job leaves orders alone while news is fresh; asked as of later:
                let later = Clock.nowMilliseconds() + AgentServices.pollEveryMilliseconds + 1
                #expect(try await components.agent.pollVendors(asOf: later) == 1)  // the shipment
                #expect(try await components.agent.pollVendors(asOf: later + AgentServices.pollEveryMilliseconds + 1) == 0)
                return id
            }
            #expect(try await Self.get(client, admin, "/api/v1/purchase-orders/\(second)")["status"] as? String == "shipped")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func changeOrdersAndCancellationsAreSentToTheVendorOnce(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (orderID, number, vendorID) = try await Self.connectedOrder(client, admin, kind: "http_json", issue: false)
            let profile = VendorSimulatorProfile(name: "test", contract: .json, acknowledgeAfter: nil, seed: 8, idPrefix: "C")
            try await VendorSimulator.application(profile: profile).test(.live) { simulator in
                let vendorURL = "http://127.0.0.1:\(simulator.port!)"
                _ = try await client.execute(
                    uri: "/api/v1/vendors/\(vendorID)/connector", method: .put, headers: admin.auth,
                    body: json(["kind": "http_json", "url": vendorURL]))
                #expect(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue").status == .ok)
                func change(_ body: [String: Any]) async throws -> TestResponse {
                    try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/change", body)
                }
                #expect(fieldNames(expectProblem(try await change(["lines": []]), .unprocessableContent)) == ["lines"])
                #expect(
                    fieldNames(expectProblem(try await change(["lines": [["line": 7, "quantity": 3]]]), .unprocessableContent)) == ["lines"]
                )
                expectProblem(try await change(["lines": [["line": 1, "quantity": 20]]]), .conflict)  // nothing changes
                expectProblem(try await change(["lines": [["line": 1, "quantity": 0]]]), .conflict)  // cancel instead

                let changed = try await change(["lines": [["line": 1, "quantity": 15]], "reason": "fewer needed"])
                #expect(changed.status == .ok)
                let body = decode(changed)
                #expect(body["version"] as? Int == 2)
                #expect("\(body["subtotal"] ?? "")" == "78.75")
                #expect((body["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 15)
                #expect((body["submission"] as? [String: Any])?["status"] as? String == "submitted")
                let cxml = try await client.execute(
                    uri: "/api/v1/purchase-orders/\(orderID)/document?format=cxml", method: .get, headers: admin.auth)
                #expect(String(buffer: cxml.body).contains(#"orderVersion="2""#))

                let cancelled = try await ApprovalHTTPTests.post(
                    client, admin, "/api/v1/purchase-orders/\(orderID)/cancel", ["reason": "project stopped"])
                #expect((decode(cancelled)["submission"] as? [String: Any])?["status"] as? String == "submitted")
                let counts = try await VendorSubmissionHTTPTests.counts(vendorURL).filter { $0["po_number"] as? String == number }
                let operations = Set(counts.map { "\($0["operation"] as? String ?? "")@\($0["version"] as? Int ?? 0)" })
                #expect(operations == ["new@1", "change@2", "cancel@2"])
                #expect(counts.allSatisfy { $0["received"] as? Int == 1 })
                expectProblem(try await change(["lines": [["line": 1, "quantity": 10]]]), .conflict)
            }
        }
    }
}
