import AsyncHTTPClient
import NIOHTTP1
import QuartermasterCore

/// A vendor that takes cXML: each submission POSTs an `OrderRequest` (new, update or delete) and
/// reads the `Response` status. Acknowledgements and shipments come back later as
/// `ConfirmationRequest` and `ShipNoticeRequest` documents on our endpoint.
///
/// Retries are recognisable: the payload ID is derived from the order number, version and
/// operation, the timestamp is the order's date, so the same submission always sends the same
/// document; the idempotency key also travels as an `Idempotency-Key` header.
public struct CXMLVendorConnector: VendorConnector {
    public let url: String
    let from: CXMLCredential
    let to: CXMLCredential
    let sender: CXMLCredential
    let payloadDomain: String
    let isTest: Bool
    let transport: VendorTransport

    /// - Parameters:
    ///   - url: where the vendor receives OrderRequests.
    ///   - from, to, sender: the header credentials agreed with the vendor (the sender's carries the shared secret).
    ///   - payloadDomain: the domain part of our payload IDs (`quartermaster.example`).
    ///   - isTest: marks the requests `deploymentMode="test"`.
    public init(
        url: String, from: CXMLCredential, to: CXMLCredential, sender: CXMLCredential, payloadDomain: String, isTest: Bool = false,
        timeout: Duration = .seconds(30), client: HTTPClient = .outbound
    ) {
        self.url = url
        self.from = from
        self.to = to
        self.sender = sender
        self.payloadDomain = payloadDomain
        self.isTest = isTest
        transport = VendorTransport(client: client, timeout: timeout)
    }

    /// The payload ID of a submission: `PO-2026-000123.v2.update@domain`. Version 1 is always sent
    /// as `new` and later versions as `update`, so a change or a cancellation can name the document
    /// it replaces without remembering it.
    public func payloadID(number: PurchaseOrderNumber, version: Int, operation: VendorOperation) -> String {
        let type =
            switch operation {
            case .new: "new"
            case .change: "update"
            case .cancel: "delete"
            }
        return "\(number.text).v\(version).\(type)@\(payloadDomain)"
    }

    /// The OrderRequest a submission sends.
    public func document(_ order: PurchaseOrder, operation: VendorOperation) -> String {
        let previous: (Int) -> String = { version in
            payloadID(number: order.number, version: version, operation: version == 1 ? .new : .change)
        }
        let cxmlOperation: CXMLOrderRequest.Operation =
            switch operation {
            case .new: .new
            case .change: .update(replacingPayloadID: previous(order.version - 1))
            case .cancel: .delete(replacingPayloadID: previous(order.version))
            }
        let envelope = CXMLEnvelope(
            payloadID: payloadID(number: order.number, version: order.version, operation: operation), timestamp: order.orderDate,
            from: from, to: to, sender: sender, isTest: isTest)
        return CXMLOrderRequest.render(order, operation: cxmlOperation, envelope: envelope)
    }

    public func submit(
        _ order: PurchaseOrder, operation: VendorOperation, idempotencyKey: String
    ) async throws(VendorError) -> VendorReceipt {
        let body = Array(document(order, operation: operation).utf8)
        let answer = try await transport.send(
            .POST, url, headers: [("content-type", "text/xml; charset=utf-8"), ("idempotency-key", idempotencyKey)], body: body)
        let response: CXMLResponse
        do {
            response = try CXMLResponse.parse(answer.body)
        } catch {
            // No cXML answer: the HTTP status is all there is.
            if !(200...299).contains(answer.status) { throw .http(status: answer.status, body: String(answer.text.prefix(500))) }
            throw .malformed(error.description)
        }
        try Self.check(response)
        return VendorReceipt(
            reference: order.number.text, acceptance: response.code == 201 ? .received : .accepted, isRepeat: false, raw: answer.text)
    }

    /// cXML has no order status query: status arrives as ConfirmationRequest and ShipNoticeRequest.
    public func status(of reference: String) async throws(VendorError) -> VendorOrderStatus {
        throw .unsupported("cXML vendors report status by ConfirmationRequest and ShipNoticeRequest, not on request")
    }

    /// Maps a cXML status: 2xx succeed; 4xx and 551 are rejections (the request will not succeed as
    /// sent); other 5xx keep their code and may be retried.
    static func check(_ response: CXMLResponse) throws(VendorError) {
        if response.isSuccess { return }
        let reason = [String(response.code), response.text, response.message].filter { !$0.isEmpty }.joined(separator: " ")
        switch response.code {
        case 400...499, 551: throw .rejected(reason: reason)
        case 500...599: throw .http(status: response.code, body: reason)
        default: throw .malformed("unexpected cXML status \(reason)")
        }
    }
}
