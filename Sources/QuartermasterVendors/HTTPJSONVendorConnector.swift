import AsyncHTTPClient
import NIOHTTP1
import QuartermasterCore

/// A vendor that speaks the HTTP JSON contract (docs/VENDOR-API.md): `POST /orders` for new and
/// change orders, `POST /orders/{id}/cancel`, `GET /orders/{id}`; acknowledgements and shipments
/// also arrive later by webhook (`VendorWebhook`).
public struct HTTPJSONVendorConnector: VendorConnector {
    /// The API's base URL, without a trailing slash (`https://api.vendor.example/v1`).
    public let baseURL: String
    let apiKey: String?
    let transport: VendorTransport

    /// - Parameters:
    ///   - apiKey: sent as `Authorization: Bearer …` when given.
    ///   - timeout: for each call, covering the whole answer.
    public init(baseURL: String, apiKey: String? = nil, timeout: Duration = .seconds(30), client: HTTPClient = .outbound) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        transport = VendorTransport(client: client, timeout: timeout)
    }

    public func submit(
        _ order: PurchaseOrder, operation: VendorOperation, idempotencyKey: String
    ) async throws(VendorError) -> VendorReceipt {
        let answer: VendorTransport.Answer
        switch operation {
        case .new, .change:
            let body = VendorJSONWire.encode(VendorJSONWire.OrderDocument(order, operation: operation))
            answer = try await transport.send(.POST, "\(baseURL)/orders", headers: headers(key: idempotencyKey), body: body)
        case .cancel:
            let reference = try await reference(of: order.number)
            let body = VendorJSONWire.encode(VendorJSONWire.CancelDocument(poNumber: order.number.text, version: order.version))
            answer = try await transport.send(
                .POST, "\(baseURL)/orders/\(Self.escapePath(reference))/cancel", headers: headers(key: idempotencyKey), body: body)
        }
        try Self.check(answer)
        let vendorOrder = try VendorJSONWire.decode(VendorJSONWire.Order.self, from: answer.body)
        guard vendorOrder.poNumber == order.number.text else {
            throw .malformed("the answer is about \(vendorOrder.poNumber), not \(order.number.text)")
        }
        let status = try vendorOrder.status(currency: order.currency)
        if status.stage == .rejected { throw .rejected(reason: status.reason ?? "no reason given") }
        // A repeated submission finds the order wherever it has got to since; only a cancellation
        // must leave it cancelled, and only a cancellation may.
        guard (status.stage == .cancelled) == (operation == .cancel) else {
            throw .malformed("the order is \(status.stage.rawValue) after a \(operation.rawValue) submission")
        }
        return VendorReceipt(
            reference: vendorOrder.id, acceptance: status.stage == .received ? .received : .accepted, confirmation: status.confirmation,
            isRepeat: answer.status == 200 && operation == .new, raw: answer.text)
    }

    public func status(of reference: String) async throws(VendorError) -> VendorOrderStatus {
        let answer = try await transport.send(.GET, "\(baseURL)/orders/\(Self.escapePath(reference))", headers: headers(key: nil))
        try Self.check(answer)
        return try VendorJSONWire.decode(VendorJSONWire.Order.self, from: answer.body).status()
    }

    /// The vendor's ID for our order `number` (its latest order under that number).
    func reference(of number: PurchaseOrderNumber) async throws(VendorError) -> String {
        let answer = try await transport.send(.GET, "\(baseURL)/orders?po_number=\(number.text)", headers: headers(key: nil))
        try Self.check(answer)
        let list = try VendorJSONWire.decode(VendorJSONWire.OrderList.self, from: answer.body)
        guard let order = list.orders.last(where: { $0.poNumber == number.text }) else {
            throw .rejected(reason: "the vendor has no order \(number.text)")
        }
        return order.id
    }

    private func headers(key: String?) -> [(String, String)] {
        var headers = [("accept", "application/json"), ("content-type", "application/json")]
        if let key { headers.append(("idempotency-key", key)) }
        if let apiKey { headers.append(("authorization", "Bearer \(apiKey)")) }
        return headers
    }

    /// Throws for an error status: 400, 404, 409 and 422 with the vendor's reason are rejections;
    /// other statuses keep their number (retryable or not, see `VendorError.isRetryable`).
    static func check(_ answer: VendorTransport.Answer) throws(VendorError) {
        guard !(200...299).contains(answer.status) else { return }
        let reason = try? VendorJSONWire.decode(VendorJSONWire.ErrorDocument.self, from: answer.body).error
        if [400, 404, 409, 422].contains(answer.status), let reason {
            throw .rejected(reason: "\(reason.code): \(reason.message)")
        }
        throw .http(status: answer.status, body: reason.map { "\($0.code): \($0.message)" } ?? String(answer.text.prefix(500)))
    }

    static func escapePath(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}
