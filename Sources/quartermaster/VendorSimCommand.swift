import ArgumentParser
import QuartermasterVendors

/// `quartermaster vendor-sim --port 9401 --profile marketplace`: a simulated vendor for demos and
/// tests, speaking the HTTP JSON contract or cXML (docs/VENDOR-API.md), until stopped.
struct VendorSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vendor-sim",
        abstract: "Run a simulated vendor (marketplace, office-supplier or warehouse-club) with an order log at GET /_log.")
    @Option(help: "Port to listen on.") var port: Int
    @Option(help: "Profile: marketplace (JSON), office-supplier (cXML), warehouse-club (JSON, slow, backorders).") var profile: String
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Latency added to every order request, in milliseconds (default: the profile's).") var latencyMs: Int?
    @Option(help: "Share of order requests answered 5xx before placing, 0 to 1.") var errorRate: Double?
    @Option(help: "Share answered 5xx after placing (a lost answer), 0 to 1.") var lostAnswerRate: Double?
    @Option(help: "Chance that a line is backordered, 0 to 1.") var backorderRate: Double?
    @Flag(inversion: .prefixedNo, help: "Ship in two parts (default: the profile's).") var partialShipments: Bool?
    @Option(help: "Seed for the random choices.") var seed: UInt64?
    @Option(help: "Where to POST acknowledgements and shipments.") var webhookURL: String?
    @Option(help: "Secret signing JSON webhooks (Vendor-Signature header).") var webhookSecret: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"

    func run() async throws {
        guard var chosen = VendorSimulatorProfile.named(profile) else {
            throw ValidationError("unknown profile \(profile); one of \(VendorSimulatorProfile.all.map(\.name).joined(separator: ", "))")
        }
        for rate in [errorRate, lostAnswerRate, backorderRate].compactMap({ $0 }) where !(0...1).contains(rate) {
            throw ValidationError("rates are between 0 and 1, not \(rate)")
        }
        if let latencyMs { chosen.latency = .milliseconds(latencyMs) }
        if let errorRate { chosen.errorRate = errorRate }
        if let lostAnswerRate { chosen.lostAnswerRate = lostAnswerRate }
        if let backorderRate { chosen.backorderRate = backorderRate }
        if let partialShipments { chosen.partialShipments = partialShipments }
        if let seed { chosen.seed = seed }
        try await VendorSimulator.run(
            port: port, profile: chosen, host: host, webhookURL: webhookURL, webhookSecret: webhookSecret,
            logger: Logs.logger(level: logLevel))
    }
}
