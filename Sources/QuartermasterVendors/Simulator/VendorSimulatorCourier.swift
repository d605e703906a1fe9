import AsyncHTTPClient
import Logging
import NIOCore
import QuartermasterCore
import ServiceLifecycle

/// Does the simulated vendor's later work when it falls due (acknowledging, shipping) and tells the
/// buyer at the webhook URL, if one is set: JSON events for the JSON contract, ConfirmationRequest
/// and ShipNoticeRequest documents for cXML. Each delivery is tried a few times.
struct VendorSimulatorCourier: Service {
    let ledger: VendorSimulatorLedger
    let schedule: AsyncStream<VendorSimulatorLedger.Scheduled>
    let webhookURL: String?
    let webhookSecret: String?
    let client: HTTPClient
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            for await item in schedule.cancelOnGracefulShutdown() {
                group.addTask {
                    do {
                        try await Task.sleep(until: item.due, clock: .continuous)
                    } catch {
                        return
                    }
                    guard let announcement = await ledger.perform(item.event) else { return }
                    await deliver(announcement)
                }
            }
            // Shutting down: work not yet due is dropped, as a vendor's would be by a restart.
            group.cancelAll()
        }
    }

    func deliver(_ announcement: VendorSimulatorLedger.Announcement) async {
        guard let webhookURL else { return }
        let profile = ledger.profile
        let (body, contentType) =
            profile.contract == .json
            ? (VendorJSONWire.encode(Self.event(announcement)), "application/json")
            : (
                Array(VendorSimulatorCXML.document(announcement, profile: profile, sharedSecret: webhookSecret).utf8),
                "text/xml; charset=utf-8"
            )
        var request = HTTPClientRequest(url: webhookURL)
        request.method = .POST
        request.headers.add(name: "content-type", value: contentType)
        if let webhookSecret, profile.contract == .json {
            request.headers.add(name: VendorWebhook.signatureHeader, value: VendorWebhook.signature(for: body, secret: webhookSecret))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        for attempt in 1...3 {
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1 << 20)
                if (200...299).contains(response.status.code) { return }
                logger.warning("webhook answered \(response.status.code)", metadata: ["attempt": "\(attempt)"])
            } catch {
                logger.warning("webhook failed: \(error)", metadata: ["attempt": "\(attempt)"])
            }
            try? await Task.sleep(for: .milliseconds(200 * attempt))
        }
    }

    /// The JSON event for an announcement (`order.acknowledged` or `order.shipped`).
    static func event(_ announcement: VendorSimulatorLedger.Announcement) -> VendorJSONWire.Event {
        let now = ISO8601DateTime.format(VendorSimulatorLedger.now())
        switch announcement {
        case .acknowledged(let order):
            return VendorJSONWire.Event(
                id: "\(order.id)-v\(order.version)-ack", type: "order.acknowledged", createdAt: now,
                order: .init(id: order.id, poNumber: order.poNumber, version: order.version), lines: order.answers)
        case .shipped(let order, let shipment):
            return VendorJSONWire.Event(
                id: "\(shipment.id)-shipped", type: "order.shipped", createdAt: now,
                order: .init(id: order.id, poNumber: order.poNumber, version: order.version), shipment: shipment)
        }
    }
}
