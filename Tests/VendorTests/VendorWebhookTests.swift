import Foundation
import QuartermasterCore
import QuartermasterVendors
import Testing

@Suite("Vendor simulator webhooks")
struct VendorWebhookTests {
    typealias F = VendorFixtures

    @Test func jsonAcknowledgementAndPartialShipmentsReachTheReceiver() async throws {
        let receiver = WebhookReceiver()
        let profile = F.profile {
            $0.acknowledgeAfter = .milliseconds(50)
            $0.shipAfter = .milliseconds(150)
            $0.backorderRate = 1
            $0.partialShipments = true
        }
        let order = F.order(50)
        try await receiver.run { hookURL in
            try await F.withSimulator(profile, webhookURL: hookURL, webhookSecret: "whsec") { baseURL in
                let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
                let receipt = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
                #expect(receipt.acceptance == .received)
                _ = try await receiver.wait(for: 3)
                let status = try await connector.status(of: receipt.reference)
                #expect(status.stage == .shipped)
                #expect(status.shipments.count == 2)
            }
        }

        var state = PurchaseOrderState(order: order)
        _ = try state.issue()
        for delivery in receiver.received {
            #expect(delivery.contentType == "application/json")
            #expect(VendorWebhook.verify(delivery.body, signature: delivery.signature, secret: "whsec"))
            #expect(!VendorWebhook.verify(delivery.body, signature: delivery.signature, secret: "other"))
            let webhook = try VendorWebhook.parse(delivery.body, currency: F.usd)
            #expect(webhook.reference == "T-000001")
            switch webhook.event {
            case .acknowledged(let confirmation):
                #expect(confirmation.orderVersion == 1)
                // Every line half in stock, half backordered: a person reviews them.
                #expect(try state.acknowledge(confirmation) == .review(lines: [1, 2, 3]))
            case .shipped(let notice):
                #expect(notice.carrier == "Simulated Freight")
                #expect(notice.trackingNumber?.hasPrefix("TRK") == true)
                _ = try state.ship(shipmentID: notice.shipmentID, notice.lines(for: order.number))
            case .invoiced(let invoice):
                Issue.record("the simulator does not invoice, yet sent \(invoice.number)")
            }
        }
        #expect(state.status == .shipped)
        #expect(state.lines.map(\.shipped) == [10, 20, 30])
    }

    @Test func cxmlConfirmationAndShipNoticeParseBack() async throws {
        let receiver = WebhookReceiver()
        let profile = F.profile(.cxml) {
            $0.acknowledgeAfter = .milliseconds(50)
            $0.shipAfter = .milliseconds(150)
        }
        let order = F.order(51)
        try await receiver.run { hookURL in
            try await F.withSimulator(profile, webhookURL: hookURL) { baseURL in
                _ = try await VendorConnectorTests.cxmlConnector(baseURL).submit(order, operation: .new, idempotencyKey: F.key(order))
                _ = try await receiver.wait(for: 2)
            }
        }
        let deliveries = receiver.received
        #expect(deliveries.allSatisfy { $0.contentType?.hasPrefix("text/xml") == true })
        let confirmation = try CXMLConfirmation.parse(deliveries[0].body)
        #expect(confirmation.orderNumber == order.number)
        #expect(confirmation.lines.map(\.quantity) == [10, 20, 30])
        let notice = try CXMLShipNotice.parse(deliveries[1].body)
        #expect(notice.lines(for: order.number).map(\.quantity) == [10, 20, 30])

        var state = PurchaseOrderState(order: order)
        _ = try state.issue()
        #expect(try state.acknowledge(confirmation) == PurchaseOrderAction.none)
        _ = try state.ship(shipmentID: notice.shipmentID, notice.lines(for: order.number))
        #expect(state.status == .shipped)
    }

    @Test func webhookBodiesThatCannotBeAppliedAreRefused() throws {
        #expect(throws: VendorError.malformed("unknown event type order.exploded")) {
            try VendorWebhook.parse(
                Array(
                    #"{"id":"e1","type":"order.exploded","created_at":"2026-03-02T09:30:00Z","order":{"id":"X","po_number":"PO-2026-000001","version":1}}"#
                        .utf8))
        }
        #expect(throws: VendorError.self) { try VendorWebhook.parse(Array("{".utf8)) }
        // Readable but contradicting the order: the state machine refuses it with a reason.
        let webhook = try VendorWebhook.parse(
            Array(
                #"{"id":"e2","type":"order.shipped","created_at":"2026-03-02T09:30:00Z","order":{"id":"X","po_number":"PO-2026-000052","version":1},"shipment":{"id":"S1","shipped_at":"2026-03-02T10:00:00Z","lines":[{"line_number":1,"quantity":999}]}}"#
                    .utf8))
        var state = PurchaseOrderState(order: F.order(52))
        _ = try state.issue()
        guard case .shipped(let notice) = webhook.event else { Issue.record("expected a shipment"); return }
        #expect(throws: PurchaseOrderRefusal.overShipped(line: 1, expected: 10, shipped: 999)) {
            try state.ship(shipmentID: notice.shipmentID, notice.lines(for: notice.portions[0].orderNumber))
        }
    }
}

@Suite("cXML Response")
struct CXMLResponseTests {
    @Test func rendersAndParses() throws {
        let response = CXMLResponse(code: 201, text: "Accepted", message: "queued <for> review")
        let document = response.render(payloadID: "1.2@x", timestamp: 1_772_443_800_000)
        #expect(try CXMLResponse.parse(Array(document.utf8)) == response)
    }

    @Test func refusesWhatIsNotAResponse() {
        #expect(throws: CXMLReadError.self) { try CXMLResponse.parse(Array("<cXML><Response></Response></cXML>".utf8)) }
        #expect(throws: CXMLReadError.self) { try CXMLResponse.parse(Array(#"<cXML><Response><Status code="x"/></Response></cXML>"#.utf8)) }
        #expect(throws: CXMLReadError.self) { try CXMLResponse.parse(Array("<html/>".utf8)) }
    }

    @Test func errorKindsTellRetriesFromRejections() {
        #expect(VendorError.http(status: 503, body: "").isRetryable)
        #expect(VendorError.http(status: 429, body: "").isRetryable)
        #expect(!VendorError.http(status: 401, body: "").isRetryable)
        #expect(!VendorError.http(status: 401, body: "").outcomeIsUnknown)
        #expect(VendorError.http(status: 502, body: "").outcomeIsUnknown)
        #expect(!VendorError.rejected(reason: "no").isRetryable)
        #expect(
            VendorIdempotencyKey.make(scope: "org", order: VendorFixtures.order(1, version: 2), operation: .change)
                == "org:PO-2026-000001:v2:change")
    }
}
