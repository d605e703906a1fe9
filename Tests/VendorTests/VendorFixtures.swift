import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuartermasterCore
import QuartermasterVendors
import Synchronization
import Testing

/// Orders, simulators on loopback and a webhook receiver for the vendor tests.
enum VendorFixtures {
    static let usd = CurrencyCode("USD")!

    static func party(_ id: String, _ name: String) -> Party {
        Party(
            id: id, name: name, address: PostalAddress(street: ["1 Main St"], city: "Springfield", postalCode: "12345", countryCode: "US"),
            contact: Contact(name: "Pat Doe", email: "pat@\(id).example"))
    }

    /// A three-line order; `sequence` gives each test its own order number.
    static func order(_ sequence: Int, version: Int = 1) -> PurchaseOrder {
        PurchaseOrder(
            number: PurchaseOrderNumber(year: 2026, sequence: sequence)!, version: version, orderDate: 1_772_443_800_000,
            vendorID: "bazaar", requestID: "req-\(sequence)", currency: usd, buyer: party("org-acme", "Acme & Sons"),
            billTo: party("org-acme", "Acme & Sons"), shipTo: party("loc-1", "Acme warehouse"), supplier: party("bazaar", "Bazaar"),
            shipping: PurchaseOrderCharge(amount: FixedDecimal(parsing: "5.99")!, description: "Shipping"),
            lines: (1...3).map { number in
                PurchaseOrderLine(
                    lineNumber: number, buyerPartID: "ACME-\(number)", supplierPartID: "BZ-\(100 + number)",
                    description: "Copy paper <A4> line \(number)", quantity: 10 * number, unit: UnitOfMeasure("RM")!,
                    unitPrice: FixedDecimal(parsing: "4.25")!, requestedDeliveryDate: LocalDate(year: 2026, month: 3, day: 16))
            })
    }

    static func key(_ order: PurchaseOrder, _ operation: VendorOperation = .new) -> String {
        VendorIdempotencyKey.make(scope: "org-acme", order: order, operation: operation)
    }

    /// A quiet profile for tests: no latency, no failures, nothing later unless asked.
    static func profile(
        _ contract: VendorSimulatorProfile.Contract = .json, _ edit: (inout VendorSimulatorProfile) -> Void = { _ in }
    )
        -> VendorSimulatorProfile
    {
        var profile = VendorSimulatorProfile(name: "test", contract: contract, acknowledgeAfter: .zero, seed: 7, idPrefix: "T")
        edit(&profile)
        return profile
    }

    /// Runs a simulator on a free loopback port for `body`, given its base URL.
    static func withSimulator<T: Sendable>(
        _ profile: VendorSimulatorProfile, webhookURL: String? = nil, webhookSecret: String? = nil,
        _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let app = VendorSimulator.application(profile: profile, webhookURL: webhookURL, webhookSecret: webhookSecret)
        return try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port!)") }
    }

    /// The simulator's order log.
    static func log(_ baseURL: String) async throws -> SimulatorLog {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(baseURL)/_log"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONDecoder().decode(SimulatorLog.self, from: Data(buffer: body))
    }

    struct SimulatorLog: Decodable {
        struct Entry: Decodable {
            var key: String
            var po_number: String
            var version: Int
            var operation: String
            var isRepeat: Bool
            var order_id: String

            enum CodingKeys: String, CodingKey {
                case key, po_number, version, operation, isRepeat = "repeat", order_id
            }
        }

        struct Count: Decodable, Equatable {
            var po_number: String
            var version: Int
            var operation: String
            var received: Int
            var repeats: Int
        }

        var orders: [Entry]
        var counts: [Count]
    }
}

/// Collects what is POSTed to it, like our webhook endpoint would.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var contentType: String?
        var signature: String?
        var body: [UInt8]
    }

    private let deliveries = Mutex<[Delivery]>([])

    var received: [Delivery] { deliveries.withLock { $0 } }

    /// Runs the receiver on a free loopback port for `body`, given its URL.
    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hooks") { [self] request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let delivery = Delivery(
                contentType: request.headers[.contentType], signature: request.headers[HTTPField.Name(VendorWebhook.signatureHeader)!],
                body: Array(buffer: bytes))
            deliveries.withLock { $0.append(delivery) }
            return .ok
        }
        return try await Application(router: router).test(.live) { client in try await body("http://127.0.0.1:\(client.port!)/hooks") }
    }

    /// Waits until at least `count` deliveries arrived (at most `limit`).
    func wait(for count: Int, limit: Duration = .seconds(10)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + limit
        while received.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(received.count >= count, "expected \(count) webhooks, got \(received.count)")
        return received
    }
}
