import Foundation
import QuartermasterCore
import QuartermasterStore
import QuartermasterVendors

/// Sending issued orders to vendors through their connectors. A submission is an intent recorded
/// before the call under the order's idempotency key (organisation, number, version, operation) and
/// a receipt after it: a crash at any moment, or an answer that never came, leaves the intent open,
/// and the `purchasing.resubmit` job submits again with the same key, which the vendor recognises.
extension AgentServices {
    public enum SubmissionOutcome: Sendable, Hashable {
        /// The vendor has no connector: the order is sent by a person (its documents) or the portal.
        case notConnected
        case submitted(reference: String)
        /// The outcome is unknown (time-out, lost answer): it will be submitted again with the same key.
        case pending(reason: String)
        case failed(reason: String)
    }

    static let resubmitKind = "purchasing.resubmit"

    func connector(_ tenant: Tenant, vendorID: String, timeout: Duration = .seconds(15)) async throws -> (any VendorConnector)? {
        guard let settings = try await purchasing.connector(tenant, vendorID: vendorID) else { return nil }
        let key = try await purchasing.connectorKey(tenant, vendorID: vendorID)
        switch settings.kind {
        case "http_json":
            return HTTPJSONVendorConnector(baseURL: settings.url, apiKey: key, timeout: timeout)
        case "cxml":
            let buyer = CXMLCredential(domain: "NetworkID", identity: tenant.organizationID)
            return CXMLVendorConnector(
                url: settings.url, from: buyer, to: CXMLCredential(domain: "NetworkID", identity: vendorID),
                sender: CXMLCredential(domain: "NetworkID", identity: tenant.organizationID, sharedSecret: key),
                payloadDomain: "quartermaster",
                timeout: timeout)
        default:
            return nil
        }
    }

    /// What the vendor must be sent for the order as it stands: the order (version 1), a change
    /// order (a later version) or a cancellation; nil for a draft.
    static func operation(for record: PurchaseOrderRecord) -> VendorOperation? {
        switch record.state.status {
        case .draft: nil
        case .cancelled: .cancel
        default: record.order.version == 1 ? .new : .change
        }
    }

    /// Sends the order's latest step to its vendor, once: a new order, a change order or a
    /// cancellation, under a key of its number, version and operation. `quick` (a person waiting
    /// on an HTTP answer) makes one attempt of at most 5 seconds; an outcome still unknown then is
    /// left to the resubmission job, like any other.
    public func submit(_ tenant: Tenant, _ record: PurchaseOrderRecord, quick: Bool = false) async throws -> SubmissionOutcome {
        guard let operation = Self.operation(for: record),
            let connector = try await connector(tenant, vendorID: record.order.vendorID, timeout: .seconds(quick ? 5 : 15))
        else { return .notConnected }
        let key = VendorIdempotencyKey.make(scope: tenant.organizationID, order: record.order, operation: operation)
        let intent = try await repository.beginIntent(
            tenant, runID: nil, step: .purchase, effect: "vendor.submit", key: key,
            request: JSONText.encode(["purchase_order_id": .string(record.id), "operation": .string(operation.rawValue)]))
        if intent.status == "done", let receipt = try? AgentJSON.decode(VendorReceipt.self, intent.receipt) {
            // Sent before; the process may have stopped before the reference was recorded.
            if record.vendorReference == nil {
                try await purchasing.recordSubmission(
                    tenant, orderID: record.id, reference: receipt.reference, confirmation: receipt.confirmation)
            }
            return .submitted(reference: receipt.reference)
        }
        let receipt: VendorReceipt
        do {
            receipt = try await connector.submit(
                record.order, operation: operation, idempotencyKey: key,
                retrying: RetryPolicy(maxAttempts: quick ? 1 : 3, baseDelayMilliseconds: 200, maxDelayMilliseconds: 2_000))
        } catch {
            // The vendor may hold the order: keep the intent open and submit again later, same key.
            if error.outcomeIsUnknown { return .pending(reason: error.description) }
            try await repository.finishIntent(key: key, status: "failed", receipt: JSONText.encode(["error": .string(error.description)]))
            return .failed(reason: error.description)
        }
        try await repository.finishIntent(key: key, status: "done", receipt: AgentJSON.encode(receipt))
        try await purchasing.recordSubmission(tenant, orderID: record.id, reference: receipt.reference, confirmation: receipt.confirmation)
        return .submitted(reference: receipt.reference)
    }

    /// The recovery job: submissions left open (by a crash or a lost answer) are submitted again.
    func resubmitUnfinished() async throws {
        for open in try await purchasing.unfinishedSubmissions(before: Clock.nowMilliseconds() - backstopMilliseconds) {
            let tenant = Tenant(organizationID: open.organizationID)
            guard let request = try? JSONReader.parse(open.request), let orderID = request["purchase_order_id"]?.stringValue,
                let record = try await purchasing.order(tenant, id: orderID)
            else { continue }
            let current = Self.operation(for: record).map {
                VendorIdempotencyKey.make(scope: tenant.organizationID, order: record.order, operation: $0)
            }
            guard current == open.key else {
                // Overtaken meanwhile (a later version, a cancellation): that step is sent instead.
                try await repository.finishIntent(
                    key: open.key, status: "abandoned", receipt: JSONText.encode(["order_status": .string(record.state.status.rawValue)]))
                continue
            }
            _ = try await submit(tenant, record)
        }
    }
}
