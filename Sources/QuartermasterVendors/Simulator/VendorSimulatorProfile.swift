/// How a simulated vendor behaves: which contract it speaks, how fast and how reliably it answers,
/// how often it backorders, and when it acknowledges and ships. The named profiles match the demo
/// vendors; every field can be changed (the command line and tests do).
public struct VendorSimulatorProfile: Sendable, Hashable {
    public enum Contract: String, Sendable, Hashable {
        /// The HTTP JSON contract (docs/VENDOR-API.md).
        case json
        /// cXML OrderRequest in, Response out, ConfirmationRequest and ShipNoticeRequest to the webhook.
        case cxml
    }

    public var name: String
    public var contract: Contract
    /// Added before every answer to an order request.
    public var latency: Duration
    /// The share of order requests answered 503 (cXML: 500 with code 560) before anything is placed.
    public var errorRate: Double
    /// The share answered 502 (cXML: code 500) after the order was placed: the answer is lost,
    /// the order is not, and only a retry with the same key tells the buyer.
    public var lostAnswerRate: Double
    /// The share answered 200 with a body that cannot be read (after placing the order).
    public var malformedRate: Double
    /// The chance that a line is (partly) backordered when acknowledged.
    public var backorderRate: Double
    /// Ship in two parts: about half of each line first, the rest (and backorders) later.
    public var partialShipments: Bool
    /// When to acknowledge after placing: zero answers with the acknowledgement, nil never acknowledges.
    public var acknowledgeAfter: Duration?
    /// When to ship after placing (a second part, if any, after twice as long); nil never ships.
    public var shipAfter: Duration?
    /// Seeds the random choices (errors, backorders), so a run can be repeated.
    public var seed: UInt64
    /// The start of the vendor's order IDs (`BZ-000001`).
    public var idPrefix: String
    public var carrier: String

    public init(
        name: String, contract: Contract, latency: Duration = .zero, errorRate: Double = 0, lostAnswerRate: Double = 0,
        malformedRate: Double = 0, backorderRate: Double = 0, partialShipments: Bool = false, acknowledgeAfter: Duration? = .zero,
        shipAfter: Duration? = nil, seed: UInt64 = 1, idPrefix: String = "SIM", carrier: String = "Simulated Freight"
    ) {
        self.name = name
        self.contract = contract
        self.latency = latency
        self.errorRate = errorRate
        self.lostAnswerRate = lostAnswerRate
        self.malformedRate = malformedRate
        self.backorderRate = backorderRate
        self.partialShipments = partialShipments
        self.acknowledgeAfter = acknowledgeAfter
        self.shipAfter = shipAfter
        self.seed = seed
        self.idPrefix = idPrefix
        self.carrier = carrier
    }

    /// Bazaar Marketplace: a JSON API that answers at once and acknowledges in the answer.
    public static let marketplace = VendorSimulatorProfile(
        name: "marketplace", contract: .json, latency: .milliseconds(20), backorderRate: 0.05, acknowledgeAfter: .zero,
        shipAfter: .seconds(2), idPrefix: "BZ", carrier: "UPS")

    /// OfficeHub Supply: cXML, acknowledges by ConfirmationRequest shortly after.
    public static let officeSupplier = VendorSimulatorProfile(
        name: "office-supplier", contract: .cxml, latency: .milliseconds(80), backorderRate: 0.1,
        acknowledgeAfter: .milliseconds(500), shipAfter: .seconds(3), idPrefix: "OH", carrier: "FedEx")

    /// BulkBarn Warehouse Club: a slower JSON API that backorders often and ships in parts.
    public static let warehouseClub = VendorSimulatorProfile(
        name: "warehouse-club", contract: .json, latency: .milliseconds(600), backorderRate: 0.3, partialShipments: true,
        acknowledgeAfter: .seconds(2), shipAfter: .seconds(5), idPrefix: "BB", carrier: "BulkBarn Freight")

    public static let all: [VendorSimulatorProfile] = [.marketplace, .officeSupplier, .warehouseClub]

    /// The profile called `name`, if there is one.
    public static func named(_ name: String) -> VendorSimulatorProfile? { all.first { $0.name == name } }
}
