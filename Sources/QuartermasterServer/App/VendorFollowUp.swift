import Foundation
import QuartermasterCore
import QuartermasterStore
import QuartermasterVendors

/// Hearing back from vendors once orders are out. Webhooks, cXML documents and portal actions
/// arrive by HTTP (`VendorInboundController`, `SupplierPortalController`); for vendors that can be
/// asked, the `purchasing.poll` job asks where each open order stands and applies what is new.
/// Everything goes through the vendor inbox, so a message is applied once whatever its route.
extension AgentServices {
    static let pollKind = "purchasing.poll"
    /// An order is asked about at most this often.
    public static let pollEveryMilliseconds: Int64 = 5 * 60 * 1_000

    /// Asks vendors about open orders nothing was heard of (nor asked) for a while, as of `now`;
    /// returns how many notices were applied.
    @discardableResult
    public func pollVendors(asOf now: Int64 = Clock.nowMilliseconds()) async throws -> Int {
        var applied = 0
        let due = try await purchasing.ordersToPoll(quietSince: now - Self.pollEveryMilliseconds)
        for (tenant, orderID) in due {
            guard let record = try await purchasing.order(tenant, id: orderID), let reference = record.vendorReference,
                let connector = try await connector(tenant, vendorID: record.order.vendorID)
            else { continue }
            let status: VendorOrderStatus
            do {
                status = try await connector.status(of: reference)
            } catch {
                continue  // asked again next time
            }
            for (eventID, notice) in Self.notices(in: status, news: record.state) {
                let outcome = try await purchasing.receive(
                    tenant, vendorID: record.order.vendorID, source: .poll, eventID: eventID, notice: notice,
                    body: AgentJSON.encode(status))
                if outcome.status == .applied, !outcome.isRepeat { applied += 1 }
            }
        }
        return applied
    }

    /// What a vendor's status says that the order does not know yet: its acknowledgement of the
    /// current version, and shipments not seen (or seen with other quantities), each under an event
    /// ID derived from its content so the same news is applied once.
    static func notices(in status: VendorOrderStatus, news state: PurchaseOrderState) -> [(String, VendorNotice)] {
        var notices: [(String, VendorNotice)] = []
        var confirmation = status.confirmation
        if confirmation == nil, status.stage == .rejected || status.stage == .cancelled {
            confirmation = OrderConfirmation(
                orderNumber: status.orderNumber, orderVersion: status.version, noticeDate: Clock.nowMilliseconds(), wholeOrder: .rejected,
                comment: status.reason)
        }
        if var confirmation, status.version == state.version {
            confirmation.orderVersion = status.version
            let known =
                state.isAcknowledged
                && state.lines.allSatisfy { line in
                    Set(line.confirmations) == Set(confirmation.lines.filter { $0.lineNumber == line.lineNumber })
                }
            if !known {
                let content = AgentJSON.encode(confirmation.lines) + (confirmation.wholeOrder?.rawValue ?? "")
                notices.append(
                    (
                        "poll:\(status.reference):v\(status.version):ack:\(Identifier.hash(content).prefix(16))",
                        .acknowledgement(confirmation)
                    ))
            }
        }
        for shipment in status.shipments {
            let lines = shipment.lines(for: status.orderNumber)
            if state.shipments.contains(where: { $0.id == shipment.shipmentID && $0.lines == lines }) { continue }
            let content = AgentJSON.encode(lines)
            notices.append(("poll:\(shipment.shipmentID):\(Identifier.hash(content).prefix(16))", .shipment(shipment)))
        }
        return notices
    }
}
