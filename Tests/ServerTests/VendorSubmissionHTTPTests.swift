import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import QuartermasterVendors
import Testing

@Suite struct VendorSubmissionHTTPTests {
    /// The simulator's order log: received and repeated submissions per PO number.
    static func counts(_ baseURL: String) async throws -> [[String: Any]] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/_log"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        let log = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return log["counts"] as? [[String: Any]] ?? []
    }

    @Test(arguments: TestDatabase.dialects)
    func anApprovedOrderGoesToTheVendorsConnectorOnce(_ dialect: DatabaseDialect) async throws {
        let profile = VendorSimulatorProfile(name: "test", contract: .json, acknowledgeAfter: nil, seed: 3, idPrefix: "T")
        try await VendorSimulator.application(profile: profile).test(.live) { simulator in
            let vendorURL = "http://127.0.0.1:\(simulator.port!)"
            try await withApp(dialect, testing: .live) { client, _ in
                let admin = try await signup(client)
                let (orderID, _) = try await PurchaseOrderHTTPTests.issuedOrder(client, admin, issue: false)
                let order = try await client.execute(uri: "/api/v1/purchase-orders/\(orderID)", method: .get, headers: admin.auth) {
                    decode($0)
                }
                let vendorID = try #require(order["vendor_id"] as? String)
                let number = try #require(order["number"] as? String)

                // Connector settings: checked, the key stored and never shown.
                let bad = try await client.execute(
                    uri: "/api/v1/vendors/\(vendorID)/connector", method: .put, headers: admin.auth,
                    body: json(["kind": "fax", "url": "ftp://x"]))
                #expect(Set(fieldNames(expectProblem(bad, .unprocessableContent))) == ["kind", "url"])
                let set = try await client.execute(
                    uri: "/api/v1/vendors/\(vendorID)/connector", method: .put, headers: admin.auth,
                    body: json(["kind": "http_json", "url": vendorURL, "api_key": "vendor-secret"]))
                #expect(set.status == .ok)
                #expect(decode(set)["api_key_set"] as? Bool == true)
                #expect(!String(buffer: set.body).contains("vendor-secret"))

                // Issuing sends it; issuing again is refused and sends nothing.
                let issued = decode(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue"))
                #expect((issued["submission"] as? [String: Any])?["status"] as? String == "submitted")
                let reference = try #require(issued["vendor_reference"] as? String)
                #expect(reference.hasPrefix("T"))
                expectProblem(try await ApprovalHTTPTests.post(client, admin, "/api/v1/purchase-orders/\(orderID)/issue"), .conflict)
                let counts = try await Self.counts(vendorURL).filter { $0["po_number"] as? String == number }
                #expect(counts.count == 1)
                #expect(counts.first?["received"] as? Int == 1)

                // The agent does the same for the next approved request: issued and sent, once.
                let (request, run) = try await AgentHTTPTests.submit(
                    client, admin, ["text": "10 reams of A4 copy paper", "cost_centre": "OPS"])
                _ = try await AgentHTTPTests.waitForRequest(client, admin, request, ["approved", "failed"])
                let sent = try #require(try await PurchaseOrderHTTPTests.orders(client, admin, request: request).first)
                #expect(sent["status"] as? String == "issued")
                #expect(sent["vendor_reference"] as? String != nil)
                let agentCounts = try await Self.counts(vendorURL).filter { $0["po_number"] as? String == sent["number"] as? String }
                #expect(agentCounts.first?["received"] as? Int == 1)
                let texts = try await ModelHTTPTests.logTexts(client, admin, run: run)
                #expect(texts.contains { $0.contains("the vendor's reference is") })
            }
        }
    }
}
