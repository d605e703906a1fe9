import AsyncHTTPClient
import Foundation
import QuartermasterCore
import QuartermasterVendors
import Testing

@Suite("Vendor connectors against the simulator")
struct VendorConnectorTests {
    typealias F = VendorFixtures

    static let fastRetries = RetryPolicy(maxAttempts: 12, baseDelayMilliseconds: 1, maxDelayMilliseconds: 5)

    static func cxmlConnector(_ baseURL: String, timeout: Duration = .seconds(5)) -> CXMLVendorConnector {
        CXMLVendorConnector(
            url: "\(baseURL)/cxml", from: CXMLCredential(domain: "NetworkID", identity: "AN-ACME"),
            to: CXMLCredential(domain: "DUNS", identity: "123456789"),
            sender: CXMLCredential(domain: "NetworkID", identity: "AN-ACME", sharedSecret: "s3cret"), payloadDomain: "acme.example",
            isTest: true, timeout: timeout)
    }

    // MARK: HTTP JSON

    @Test func jsonSubmitAcknowledgesAndARepeatReturnsTheSameOrder() async throws {
        try await F.withSimulator(F.profile()) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
            let order = F.order(1)
            let first = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            #expect(first.reference == "T-000001")
            #expect(first.acceptance == .accepted)
            #expect(!first.isRepeat)
            #expect(first.confirmation?.lines.map(\.lineNumber) == [1, 2, 3])
            #expect(first.confirmation?.lines.allSatisfy { $0.status == .accepted } == true)

            let again = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            #expect(again.reference == first.reference)
            #expect(again.isRepeat)

            let log = try await F.log(baseURL)
            #expect(log.counts == [.init(po_number: "PO-2026-000001", version: 1, operation: "new", received: 1, repeats: 1)])
            #expect(log.orders.map(\.isRepeat) == [false, true])
            #expect(log.orders.allSatisfy { $0.key == "org-acme:PO-2026-000001:v1:new" })
        }
    }

    @Test func jsonStatusChangeAndCancel() async throws {
        try await F.withSimulator(F.profile { $0.acknowledgeAfter = nil }) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
            let order = F.order(2)
            let receipt = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            #expect(receipt.acceptance == .received)
            #expect(receipt.confirmation == nil)
            let status = try await connector.status(of: receipt.reference)
            #expect(status.stage == .received)
            #expect(status.orderNumber == order.number)
            #expect(status.version == 1)

            let revised = order.revised(at: order.orderDate + 60_000) { $0.lines[0].quantity = 4 }
            let changed = try await connector.submit(revised, operation: .change, idempotencyKey: F.key(revised, .change))
            #expect(changed.reference == receipt.reference)
            #expect(try await connector.status(of: receipt.reference).version == 2)

            let cancelled = try await connector.submit(revised, operation: .cancel, idempotencyKey: F.key(revised, .cancel))
            #expect(cancelled.reference == receipt.reference)
            let again = try await connector.submit(revised, operation: .cancel, idempotencyKey: F.key(revised, .cancel))
            #expect(again.reference == receipt.reference)
            let final = try await connector.status(of: receipt.reference)
            #expect(final.stage == .cancelled)
            #expect(final.reason == "cancelled by the buyer")

            let log = try await F.log(baseURL)
            #expect(
                log.counts == [
                    .init(po_number: "PO-2026-000002", version: 1, operation: "new", received: 1, repeats: 0),
                    .init(po_number: "PO-2026-000002", version: 2, operation: "change", received: 1, repeats: 0),
                    .init(po_number: "PO-2026-000002", version: 2, operation: "cancel", received: 1, repeats: 1),
                ])
        }
    }

    @Test func jsonRetriesThroughOutagesAndLostAnswersPlaceEachOrderOnce() async throws {
        let profile = F.profile {
            $0.errorRate = 0.3
            $0.lostAnswerRate = 0.3
        }
        try await F.withSimulator(profile) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
            var references: Set<String> = []
            for sequence in 10..<20 {
                let order = F.order(sequence)
                let receipt = try await connector.submit(
                    order, operation: .new, idempotencyKey: F.key(order), retrying: Self.fastRetries)
                references.insert(receipt.reference)
            }
            #expect(references.count == 10)
            let log = try await F.log(baseURL)
            #expect(log.counts.count == 10)
            #expect(log.counts.allSatisfy { $0.received == 1 })
            // With these rates and this seed some answers were lost after placing: their retries were repeats.
            #expect(log.counts.contains { $0.repeats > 0 })
        }
    }

    @Test func jsonOutageIsARetryableHTTPError() async throws {
        try await F.withSimulator(F.profile { $0.errorRate = 1 }) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
            let order = F.order(3)
            let error = await #expect(throws: VendorError.self) {
                try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            }
            let log = try await F.log(baseURL)
            #expect(log.orders.isEmpty)
            guard case .http(503, _)? = error else { Issue.record("expected 503, got \(String(describing: error))"); return }
            #expect(error?.isRetryable == true)
        }
    }

    @Test func slowVendorTimesOut() async throws {
        try await F.withSimulator(F.profile { $0.latency = .seconds(2) }) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .milliseconds(300))
            let order = F.order(4)
            let error = await #expect(throws: VendorError.self) {
                try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            }
            // The timeout error, not the simulator's answer 2 s later (no bound on the wall clock, which
            // a loaded machine's scheduler can stretch).
            #expect(error == .timeout(milliseconds: 300))
            #expect(error?.isRetryable == true)
            #expect(error?.outcomeIsUnknown == true)
        }
    }

    @Test func malformedAnswersAreReported() async throws {
        try await F.withSimulator(F.profile { $0.malformedRate = 1 }) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
            let order = F.order(5)
            let error = await #expect(throws: VendorError.self) {
                try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            }
            guard case .malformed? = error else { Issue.record("expected malformed, got \(String(describing: error))"); return }
            #expect(error?.isRetryable == false)
            #expect(error?.outcomeIsUnknown == true)
        }
        try await F.withSimulator(F.profile(.cxml) { $0.malformedRate = 1 }) { baseURL in
            let order = F.order(5)
            let error = await #expect(throws: VendorError.self) {
                try await Self.cxmlConnector(baseURL).submit(order, operation: .new, idempotencyKey: F.key(order))
            }
            guard case .malformed? = error else { Issue.record("expected malformed, got \(String(describing: error))"); return }
        }
    }

    @Test func jsonRejectionsCarryTheVendorsReason() async throws {
        try await F.withSimulator(F.profile()) { baseURL in
            let connector = HTTPJSONVendorConnector(baseURL: baseURL, timeout: .seconds(5))
            let unknown = F.order(6, version: 2)
            let change = await #expect(throws: VendorError.self) {
                try await connector.submit(unknown, operation: .change, idempotencyKey: F.key(unknown, .change))
            }
            #expect(change == .rejected(reason: "unknown_order: no open order PO-2026-000006 to change"))

            let first = F.order(7)
            _ = try await connector.submit(first, operation: .new, idempotencyKey: "reused-key")
            let other = F.order(8)
            let reuse = await #expect(throws: VendorError.self) {
                try await connector.submit(other, operation: .new, idempotencyKey: "reused-key")
            }
            #expect(reuse == .rejected(reason: "idempotency_key_reused: key reused-key was used for another request"))
            #expect(reuse?.outcomeIsUnknown == false)

            let missing = await #expect(throws: VendorError.self) { try await connector.status(of: "T-999999") }
            guard case .rejected? = missing else { Issue.record("expected a rejection, got \(String(describing: missing))"); return }
        }
    }

    @Test func unreachableVendorIsRetryable() async throws {
        // A port that was free a moment ago: nothing listens there.
        let port = try await F.withSimulator(F.profile()) { baseURL in Int(baseURL.split(separator: ":").last!)! }
        let connector = HTTPJSONVendorConnector(baseURL: "http://127.0.0.1:\(port)", timeout: .seconds(2))
        let order = F.order(9)
        let error = await #expect(throws: VendorError.self) {
            try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
        }
        #expect(error?.isRetryable == true)
    }

    // MARK: cXML

    @Test func cxmlSubmitRepeatAndCancel() async throws {
        try await F.withSimulator(F.profile(.cxml) { $0.acknowledgeAfter = nil }) { baseURL in
            let connector = Self.cxmlConnector(baseURL)
            let order = F.order(30)
            let receipt = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))
            #expect(receipt.reference == "PO-2026-000030")
            #expect(receipt.acceptance == .received)
            #expect(receipt.raw.contains(#"<Status code="201" text="Accepted"/>"#))
            _ = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order))

            let revised = order.revised(at: order.orderDate + 60_000) { $0.lines.removeLast() }
            _ = try await connector.submit(revised, operation: .change, idempotencyKey: F.key(revised, .change))
            let cancel = try await connector.submit(revised, operation: .cancel, idempotencyKey: F.key(revised, .cancel))
            #expect(cancel.acceptance == .accepted)

            let log = try await F.log(baseURL)
            #expect(
                log.counts == [
                    .init(po_number: "PO-2026-000030", version: 1, operation: "new", received: 1, repeats: 1),
                    .init(po_number: "PO-2026-000030", version: 2, operation: "change", received: 1, repeats: 0),
                    .init(po_number: "PO-2026-000030", version: 2, operation: "cancel", received: 1, repeats: 0),
                ])

            let status = await #expect(throws: VendorError.self) { try await connector.status(of: receipt.reference) }
            guard case .unsupported? = status else { Issue.record("expected unsupported"); return }
        }
    }

    @Test func cxmlDocumentsNameWhatTheyReplace() {
        let connector = Self.cxmlConnector("http://127.0.0.1:1")
        let order = F.order(31, version: 3)
        let change = connector.document(order, operation: .change)
        #expect(change.contains(#"payloadID="PO-2026-000031.v3.update@acme.example""#))
        #expect(change.contains(#"<DocumentReference payloadID="PO-2026-000031.v2.update@acme.example"/>"#))
        let cancel = connector.document(F.order(31), operation: .cancel)
        #expect(cancel.contains(#"<DocumentReference payloadID="PO-2026-000031.v1.new@acme.example"/>"#))
        #expect(cancel.contains(#"type="delete""#))
        // A retry sends the very same document.
        #expect(connector.document(order, operation: .change) == change)
    }

    @Test func cxmlErrorsAreMapped() async throws {
        try await F.withSimulator(F.profile(.cxml) { $0.errorRate = 1 }) { baseURL in
            let order = F.order(32)
            let error = await #expect(throws: VendorError.self) {
                try await Self.cxmlConnector(baseURL).submit(order, operation: .new, idempotencyKey: F.key(order))
            }
            #expect(error == .http(status: 560, body: "560 Temporary server error simulated outage"))
            #expect(error?.isRetryable == true)
        }
        try await F.withSimulator(F.profile(.cxml)) { baseURL in
            let order = F.order(33, version: 2)
            let error = await #expect(throws: VendorError.self) {
                try await Self.cxmlConnector(baseURL).submit(order, operation: .change, idempotencyKey: F.key(order, .change))
            }
            guard case .rejected(let reason)? = error else {
                Issue.record("expected a rejection, got \(String(describing: error))"); return
            }
            #expect(reason.contains("no open order PO-2026-000033"))
        }
    }

    @Test func cxmlRetriesPlaceOnce() async throws {
        let profile = F.profile(.cxml) {
            $0.errorRate = 0.3
            $0.lostAnswerRate = 0.3
        }
        try await F.withSimulator(profile) { baseURL in
            let connector = Self.cxmlConnector(baseURL)
            for sequence in 40..<48 {
                let order = F.order(sequence)
                _ = try await connector.submit(order, operation: .new, idempotencyKey: F.key(order), retrying: Self.fastRetries)
            }
            let log = try await F.log(baseURL)
            #expect(log.counts.count == 8)
            #expect(log.counts.allSatisfy { $0.received == 1 })
        }
    }
}
