import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QuartermasterCore
import QuartermasterStore
import QuartermasterVendors

/// Where vendors tell us about their orders (not signed in; authenticated by the secret agreed on
/// the vendor's connector):
///
/// - `POST /api/v1/vendors/{id}/webhook`: JSON events of the HTTP JSON contract, signed with
///   `Vendor-Signature: sha256=<HMAC-SHA256 of the body>`. 200 once applied (or already applied),
///   401 unsigned or wrongly signed, 422 refused with the reason (kept; do not deliver it again).
/// - `POST /api/v1/vendors/{id}/cxml`: cXML `ConfirmationRequest` and `ShipNoticeRequest`, with the
///   secret as the sender's `SharedSecret`, answered with a cXML `Response`.
///
/// Each message is recorded in the vendor inbox under its event ID (the cXML payload ID), so a
/// redelivery is recognised and applied once; what contradicts the order is kept, refused.
struct VendorInboundController: Sendable {
    let agent: AgentServices

    var repository: PurchasingRepository { agent.purchasing }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("vendors/{id}/webhook", use: webhook)
        group.post("vendors/{id}/cxml", use: cxml)
    }

    @Sendable func webhook(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let bytes = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        guard let vendor = try await repository.inboundVendor(vendorID: id), vendor.kind == "http_json" else {
            throw Problem.notFound("vendor webhook")
        }
        guard let secret = vendor.webhookSecret else {
            throw Problem.unauthorized("no webhook secret is agreed with this vendor; set webhook_secret on its connector")
        }
        guard VendorWebhook.verify(bytes, signature: request.headers[Self.signature], secret: secret) else {
            throw Problem.unauthorized("the Vendor-Signature header does not sign this body with the agreed secret")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let event: VendorWebhook
        do {
            event = try VendorWebhook.parse(bytes, currency: vendor.currency)
        } catch {
            try await repository.refuseUnreadable(
                vendor.tenant, vendorID: id, source: .webhook, eventID: "sha256:\(Identifier.hash(text))", reason: error.description,
                body: text)
            throw Problem.validation([FieldError(field: "body", message: error.description)])
        }
        let outcome: VendorInboxOutcome
        switch event.event {
        case .acknowledged(let confirmation):
            outcome = try await repository.receive(
                vendor.tenant, vendorID: id, source: .webhook, eventID: event.eventID, notice: .acknowledgement(confirmation), body: text)
        case .shipped(let shipment):
            outcome = try await repository.receive(
                vendor.tenant, vendorID: id, source: .webhook, eventID: event.eventID, notice: .shipment(shipment), body: text)
        case .invoiced(let invoice):
            outcome = try await repository.receiveInvoice(
                vendor.tenant, vendorID: id, source: .webhook, eventID: event.eventID, orderNumber: invoice.orderNumber,
                invoiceNumber: invoice.number, lines: invoice.lines, charges: invoice.shipping + invoice.tax, body: text)
        }
        guard outcome.status == .applied else {
            throw Problem.validation([FieldError(field: "body", message: outcome.reason ?? "refused")])
        }
        let answer = JSONText.encode([
            "status": .string(outcome.isRepeat ? "duplicate" : "applied"), "event_id": .string(event.eventID),
        ])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }

    @Sendable func cxml(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let bytes = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        guard let vendor = try await repository.inboundVendor(vendorID: id), vendor.kind == "cxml" else {
            return Self.answer(404, "Not Found", "no cXML vendor \(id.prefix(60)) here")
        }
        let envelope: CXMLInbound
        do {
            envelope = try CXMLInbound.parse(bytes)
        } catch {
            return Self.answer(400, "Bad Request", error.description)
        }
        guard let secret = vendor.webhookSecret, let given = envelope.sharedSecret,
            VendorWebhook.constantTimeEqual(Array(secret.utf8), Array(given.utf8))
        else {
            return Self.answer(401, "Unauthorized", "the sender's SharedSecret is not the one agreed with this vendor")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let notice: VendorNotice
        switch envelope.document {
        case .success(.confirmation(let confirmation)): notice = .acknowledgement(confirmation)
        case .success(.shipNotice(let shipment)): notice = .shipment(shipment)
        case .failure(let error):
            try await repository.refuseUnreadable(
                vendor.tenant, vendorID: id, source: .cxml, eventID: envelope.payloadID, reason: error.description, body: text)
            return Self.answer(400, "Bad Request", error.description)
        }
        let outcome = try await repository.receive(
            vendor.tenant, vendorID: id, source: .cxml, eventID: envelope.payloadID, notice: notice, body: text)
        switch outcome.status {
        case .applied: return Self.answer(200, "OK", outcome.isRepeat ? "already applied" : "")
        case .refused:
            return outcome.isConflict
                ? Self.answer(409, "Conflict", outcome.reason ?? "refused")
                : Self.answer(406, "Not Acceptable", outcome.reason ?? "refused")
        }
    }

    static let signature = HTTPField.Name(VendorWebhook.signatureHeader)!

    /// A cXML `Response` with `code`; the HTTP status carries the same code, so a sender that
    /// looks only at HTTP knows a refusal too.
    static func answer(_ code: Int, _ text: String, _ message: String) -> Response {
        let now = Clock.nowMilliseconds()
        let document = CXMLResponse(code: code, text: text, message: message).render(
            payloadID: "\(now).\(Identifier.make("rsp"))@quartermaster", timestamp: now)
        return Response(
            status: HTTPResponse.Status(code: code), headers: [.contentType: "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: document)))
    }
}
