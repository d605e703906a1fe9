import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// Purchase orders: made from an approved request (the agent's purchase step, or a buyer), read,
/// downloaded as PDF, cXML or UBL, issued and cancelled; and the organisation's purchasing profile
/// (buyer, bill-to, ship-to, terms) they are written with.
struct PurchaseOrderController: Sendable {
    let agent: AgentServices

    var repository: PurchasingRepository { agent.purchasing }

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("purchase-orders", use: list)
        group.post("purchase-orders", use: create)
        group.get("purchase-orders/{id}", use: get)
        group.get("purchase-orders/{id}/document", use: document)
        group.post("purchase-orders/{id}/issue", use: issue)
        group.post("purchase-orders/{id}/cancel", use: cancel)
        group.post("purchase-orders/{id}/change", use: changeOrder)
        group.get("purchase-orders/{id}/messages", use: messages)
        group.post("purchase-orders/{id}/messages", use: postMessage)
        group.get("vendor-inbox", use: inbox)
        group.post("purchase-orders/{id}/receipts", use: receive)
        group.get("purchase-orders/{id}/receipts", use: receipts)
        group.post("invoices", use: createInvoice)
        group.get("invoices", use: invoices)
        group.get("vendors/{id}/connector", use: connector)
        group.put("vendors/{id}/connector", use: setConnector)
        group.get("purchasing-profile", use: profile)
        group.put("purchasing-profile", use: setProfile)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> ListDTO<PurchaseOrderDTO> {
        let query = FormQuery(request.uri.query)
        // `request` is the contract's name; `request_id` is accepted too.
        let requestID = (query.get("request") ?? query.get("request_id")).flatMap { $0.isEmpty ? nil : $0 }
        let limit = min(max(Int(query.get("limit") ?? "") ?? 200, 1), 1_000)
        return ListDTO(
            items: try await repository.orders(context.tenant, requestID: requestID, limit: limit).map { PurchaseOrderDTO($0) },
            next_cursor: nil)
    }

    /// `{"request_id"}`: the request's orders, created from its approved quote on the first call.
    @Sendable func create(_ request: Request, context: TenantContext) async throws -> EditedResponse<ListDTO<PurchaseOrderDTO>> {
        try context.require(.admin, .buyer)
        let input = try await request.decode(as: CreateOrdersInput.self, context: context)
        var validator = Validator()
        let requestID = validator.text("request_id", input.request_id, maxLength: 100)
        try validator.check()
        do {
            switch try await agent.createOrders(context.tenant, requestID: requestID) {
            case .failure(let refusal): throw Problem.conflict(refusal.description)
            case .success(let records):
                return EditedResponse(status: .created, response: ListDTO(items: records.map { PurchaseOrderDTO($0) }, next_cursor: nil))
            }
        } catch StoreError.notFound {
            throw Problem.notFound("request")
        }
    }

    func order(_ context: TenantContext) async throws -> PurchaseOrderRecord {
        let id = try context.parameters.require("id")
        guard let record = try await repository.order(context.tenant, id: id) else { throw Problem.notFound("purchase order") }
        return record
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> PurchaseOrderDTO {
        try await detailed(context.tenant, try await order(context))
    }

    /// The order with its shipments and invoices, as its own page shows it.
    func detailed(_ tenant: Tenant, _ record: PurchaseOrderRecord, portal: Bool = false) async throws -> PurchaseOrderDTO {
        PurchaseOrderDTO(
            record, portal: portal, shipments: try await repository.shipments(tenant, orderID: record.id),
            invoices: try await repository.invoices(tenant, orderID: record.id))
    }

    /// `?format=pdf|cxml|ubl` (pdf by default).
    @Sendable func document(_ request: Request, context: TenantContext) async throws -> Response {
        try Self.document(try await order(context), request: request, context: context)
    }

    static func document(_ record: PurchaseOrderRecord, request: Request, context: TenantContext) throws -> Response {
        let format = FormQuery(request.uri.query).get("format") ?? "pdf"
        let order = record.order
        let name = "\(order.number.text)-v\(order.version)"
        let (bytes, type, ext): ([UInt8], String, String)
        switch format {
        case "pdf": (bytes, type, ext) = (PurchaseOrderPDF.render(order), "application/pdf", "pdf")
        case "cxml":
            let buyer = CXMLCredential(domain: "NetworkID", identity: context.tenant.organizationID)
            let envelope = CXMLEnvelope(
                payloadID: "\(record.id).v\(order.version)@quartermaster", timestamp: order.orderDate, from: buyer,
                to: CXMLCredential(domain: "NetworkID", identity: order.vendorID), sender: buyer)
            (bytes, type, ext) = (Array(CXMLOrderRequest.render(order, envelope: envelope).utf8), "application/xml; charset=utf-8", "xml")
        case "ubl": (bytes, type, ext) = (Array(UBLOrder.render(order).utf8), "application/xml; charset=utf-8", "ubl.xml")
        default:
            throw Problem.validation([FieldError(field: "format", message: "must be pdf, cxml or ubl")])
        }
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "inline; filename=\"\(name).\(ext)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Issues a draft and, when its vendor has a connector, submits it (once, whatever the retries).
    @Sendable func issue(_ request: Request, context: TenantContext) async throws -> PurchaseOrderDTO {
        try context.require(.admin, .buyer)
        let id = try context.parameters.require("id")
        try await agent.refreshDraft(context.tenant, id: id)
        let issued = try respond(try await repository.issue(context.tenant, id: id, by: context.principal.userID))
        return try await sent(context.tenant, id: id, issued)
    }

    @Sendable func connector(_ request: Request, context: TenantContext) async throws -> ConnectorDTO {
        try context.require(.admin, .buyer)
        let id = try context.parameters.require("id")
        guard let settings = try await repository.connector(context.tenant, vendorID: id) else {
            throw Problem.notFound("vendor connector")
        }
        return ConnectorDTO(settings)
    }

    @Sendable func setConnector(_ request: Request, context: TenantContext) async throws -> ConnectorDTO {
        try context.require(.admin)
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: ConnectorInput.self, context: context)
        var validator = Validator()
        let kind = validator.text("kind", input.kind, maxLength: 20)
        if !kind.isEmpty, !["http_json", "cxml"].contains(kind) { validator.fail("kind", "must be http_json or cxml") }
        let url = validator.text("url", input.url, maxLength: 500)
        if !url.isEmpty, !(url.hasPrefix("http://") || url.hasPrefix("https://")) { validator.fail("url", "must be an http(s) URL") }
        if let key = input.api_key, key.count > 1_000 { validator.fail("api_key", "must be at most 1000 characters") }
        if let secret = input.webhook_secret, !secret.isEmpty, !(16...1_000).contains(secret.count) {
            validator.fail("webhook_secret", "must be 16 to 1000 characters")
        }
        try validator.check()
        do {
            try await repository.setConnector(
                context.tenant, vendorID: id, kind: kind, url: url, apiKey: input.api_key, webhookSecret: input.webhook_secret)
        } catch StoreError.notFound {
            throw Problem.notFound("vendor")
        }
        guard let settings = try await repository.connector(context.tenant, vendorID: id) else {
            throw Problem.notFound("vendor connector")
        }
        return ConnectorDTO(settings)
    }

    @Sendable func cancel(_ request: Request, context: TenantContext) async throws -> PurchaseOrderDTO {
        try context.require(.admin, .buyer)
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: CancelOrderInput.self, context: context)
        var validator = Validator()
        let reason = validator.text("reason", input.reason, maxLength: 2_000)
        try validator.check()
        let wasDraft = try await order(context).state.status == .draft
        let cancelled = try respond(try await repository.cancel(context.tenant, id: id, reason: reason, by: context.principal.userID))
        // A draft never reached the vendor; anything issued is told it is cancelled.
        return wasDraft ? cancelled : try await sent(context.tenant, id: id, cancelled)
    }

    /// `{"lines": [{"line", "quantity"}], "reason"}`: the next version of an issued order, sent to
    /// the vendor as a change order.
    @Sendable func changeOrder(_ request: Request, context: TenantContext) async throws -> PurchaseOrderDTO {
        try context.require(.admin, .buyer)
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: ChangeOrderInput.self, context: context)
        var validator = Validator()
        let reason = input.reason.map { validator.text("reason", $0, maxLength: 2_000) } ?? ""
        var quantities: [Int: Int] = [:]
        for (index, line) in (input.lines ?? []).enumerated() {
            guard let number = line.line, let quantity = line.quantity else {
                validator.fail("lines[\(index)]", "needs line and quantity")
                continue
            }
            if quantity < 0 { validator.fail("lines[\(index)].quantity", "must not be negative") }
            if quantities.updateValue(quantity, forKey: number) != nil { validator.fail("lines[\(index)].line", "is given twice") }
        }
        if (input.lines ?? []).isEmpty { validator.fail("lines", "must list at least one line") }
        try validator.check()
        let changed = try respond(
            try await repository.changeOrder(context.tenant, id: id, quantities: quantities, reason: reason, by: context.principal.userID))
        return try await sent(context.tenant, id: id, changed)
    }

    /// Sends the order's latest step (order, change, cancellation) through its vendor's connector
    /// and reports how that went on `dto`.
    func sent(_ tenant: Tenant, id: String, _ dto: PurchaseOrderDTO) async throws -> PurchaseOrderDTO {
        guard let record = try await repository.order(tenant, id: id) else { return dto }
        var result = try await detailed(tenant, record)
        switch try await agent.submit(tenant, record, quick: true) {
        case .notConnected: break
        case .submitted:
            if let updated = try await repository.order(tenant, id: id) { result = try await detailed(tenant, updated) }
            result.submission = SubmissionDTO(status: "submitted", reason: nil)
        case .pending(let reason): result.submission = SubmissionDTO(status: "pending", reason: reason)
        case .failed(let reason): result.submission = SubmissionDTO(status: "failed", reason: reason)
        }
        return result
    }

    // MARK: Messages and the vendor inbox

    @Sendable func messages(_ request: Request, context: TenantContext) async throws -> ListDTO<MessageDTO> {
        let record = try await order(context)
        return ListDTO(items: try await repository.messages(context.tenant, orderID: record.id).map(MessageDTO.init), next_cursor: nil)
    }

    @Sendable func postMessage(_ request: Request, context: TenantContext) async throws -> EditedResponse<MessageDTO> {
        try context.require(.admin, .buyer, .finance, .approver, .requester)
        let record = try await order(context)
        return try await Self.post(request, context: context, repository: repository, orderID: record.id, side: .buyer)
    }

    static func post(
        _ request: Request, context: TenantContext, repository: PurchasingRepository, orderID: String, side: OrderMessageRecord.Side
    ) async throws -> EditedResponse<MessageDTO> {
        let input = try await request.decode(as: MessageInput.self, context: context)
        var validator = Validator()
        let body = validator.text("body", input.body, maxLength: 4_000)
        try validator.check()
        guard
            let message = try await repository.postMessage(
                context.tenant, orderID: orderID, side: side, authorID: context.principal.userID, body: body)
        else { throw Problem.notFound("purchase order") }
        return EditedResponse(status: .created, response: MessageDTO(message))
    }

    /// What vendors sent (webhooks, cXML, portal actions, status polls) and what became of it.
    @Sendable func inbox(_ request: Request, context: TenantContext) async throws -> ListDTO<InboxDTO> {
        try context.require(.admin, .buyer)
        let vendorID = FormQuery(request.uri.query).get("vendor").flatMap { $0.isEmpty ? nil : $0 }
        return ListDTO(items: try await repository.inbox(context.tenant, vendorID: vendorID).map(InboxDTO.init), next_cursor: nil)
    }

    // MARK: Receiving and invoices

    @Sendable func receive(_ request: Request, context: TenantContext) async throws -> EditedResponse<ReceiptDTO> {
        try context.require(.admin, .buyer, .requester)
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: ReceiptInput.self, context: context)
        var validator = Validator()
        let lines = (input.lines ?? []).enumerated().map { index, line -> ReceiptLine in
            if line.line == nil { validator.fail("lines[\(index)].line", "is required") }
            if line.quantity == nil { validator.fail("lines[\(index)].quantity", "is required") }
            return ReceiptLine(
                lineNumber: line.line ?? 0, received: line.quantity ?? 0, rejected: line.rejected ?? 0,
                reason: line.reason.map { String($0.trimmingWhitespace().prefix(500)) })
        }
        if input.lines == nil { validator.fail("lines", "is required") }
        try validator.check()
        switch try await repository.receive(context.tenant, orderID: id, lines: lines, by: context.principal.userID) {
        case nil: throw Problem.notFound("purchase order")
        case .failure(let refusal): throw Problem.conflict(refusal.description)
        case .success(let (order, receipt)):
            return EditedResponse(status: .created, response: ReceiptDTO(receipt, order: order))
        }
    }

    @Sendable func receipts(_ request: Request, context: TenantContext) async throws -> ListDTO<ReceiptDTO> {
        let record = try await order(context)
        return ListDTO(
            items: try await repository.receipts(context.tenant, orderID: record.id).map { ReceiptDTO($0, order: record) }, next_cursor: nil
        )
    }

    @Sendable func createInvoice(_ request: Request, context: TenantContext) async throws -> EditedResponse<InvoiceDTO> {
        try context.require(.admin, .finance, .buyer)
        let input = try await request.decode(as: InvoiceInput.self, context: context)
        var validator = Validator()
        let reference = validator.text("purchase_order", input.purchase_order, maxLength: 100)
        let number = validator.text("number", input.number, maxLength: 100)
        let lines = InvoiceInput.lines(input.lines, &validator)
        if (input.lines ?? []).isEmpty { validator.fail("lines", "must list at least one line") }
        let charges = InvoiceInput.charges(shipping: input.shipping, tax: input.tax, &validator)
        // The order, by id or by number.
        var orderID: String?
        if !reference.isEmpty {
            if let direct = try await repository.order(context.tenant, id: reference) {
                orderID = direct.id
            } else {
                orderID = try await repository.orders(context.tenant, limit: 1_000).first { $0.order.number.text == reference }?.id
            }
            if orderID == nil { validator.fail("purchase_order", "no purchase order '\(reference.prefix(40))' in this organisation") }
        }
        try validator.check()
        guard let orderID else { throw Problem.badRequest("invalid invoice") }
        switch try await repository.invoice(
            context.tenant, orderID: orderID, number: number, lines: lines, charges: charges, by: context.principal.userID)
        {
        case nil: throw Problem.notFound("purchase order")
        case .failure(let refusal): throw Problem.conflict(refusal.description)
        case .success(let (order, invoice)):
            return EditedResponse(status: .created, response: InvoiceDTO(invoice, order: order))
        }
    }

    @Sendable func invoices(_ request: Request, context: TenantContext) async throws -> ListDTO<InvoiceDTO> {
        try context.require(.admin, .finance, .buyer)
        let reference = FormQuery(request.uri.query).get("purchase_order").flatMap { $0.isEmpty ? nil : $0 }
        let invoices = try await repository.invoices(context.tenant, orderID: reference)
        var items: [InvoiceDTO] = []
        for invoice in invoices {
            guard let order = try await repository.order(context.tenant, id: invoice.purchaseOrderID) else { continue }
            items.append(InvoiceDTO(invoice, order: order))
        }
        return ListDTO(items: items, next_cursor: nil)
    }

    func respond(_ result: Result<PurchaseOrderRecord, PurchasingRepository.Refusal>?) throws -> PurchaseOrderDTO {
        switch result {
        case nil: throw Problem.notFound("purchase order")
        case .failure(let refusal): throw Problem.conflict(refusal.description)
        case .success(let record): return PurchaseOrderDTO(record)
        }
    }

    @Sendable func profile(_ request: Request, context: TenantContext) async throws -> ProfileDTO {
        ProfileDTO(profile: try await repository.profile(context.tenant))
    }

    @Sendable func setProfile(_ request: Request, context: TenantContext) async throws -> ProfileDTO {
        try context.require(.admin)
        let profile = try await request.decode(as: ProfileInput.self, context: context).profile
        var errors: [FieldError] = []
        for (field, party) in [("buyer", profile.buyer), ("bill_to", profile.billTo), ("ship_to", profile.shipTo)] {
            guard let party else { continue }
            if party.name.trimmingWhitespace().isEmpty { errors.append(FieldError(field: "\(field).name", message: "must not be empty")) }
            let country = party.address.countryCode
            if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                errors.append(FieldError(field: "\(field).address.country_code", message: "must be an ISO 3166 two-letter code"))
            }
        }
        if profile.paymentTerms.netDays < 0 { errors.append(FieldError(field: "payment_terms.net_days", message: "must not be negative")) }
        if !errors.isEmpty { throw Problem.validation(errors) }
        try await repository.setProfile(context.tenant, profile, by: context.principal.userID)
        return ProfileDTO(profile: profile)
    }
}

struct ReceiptInput: StrictDecodable {
    struct Line: Decodable, Sendable {
        let line: Int?
        /// Received.
        let quantity: Int?
        let rejected: Int?
        let reason: String?
    }
    static let fields: Set<String> = ["lines"]
    let lines: [Line]?
}

struct InvoiceInput: StrictDecodable {
    struct Line: Decodable, Sendable {
        let line: Int?
        let quantity: Int?
        let unit_price: FixedDecimal?
    }
    static let fields: Set<String> = ["purchase_order", "number", "lines", "shipping", "tax"]
    /// The order's id or number.
    let purchase_order: String?
    let number: String?
    let lines: [Line]?
    let shipping: FixedDecimal?
    let tax: FixedDecimal?

    /// The invoice lines given, each checked.
    static func lines(_ given: [Line]?, _ validator: inout Validator) -> [InvoiceLine] {
        var lines: [InvoiceLine] = []
        for (index, line) in (given ?? []).enumerated() {
            guard let lineNumber = line.line, let quantity = line.quantity, let price = line.unit_price else {
                validator.fail("lines[\(index)]", "needs line, quantity and unit_price")
                continue
            }
            if quantity < 1 { validator.fail("lines[\(index)].quantity", "must be at least 1") }
            if price < .zero { validator.fail("lines[\(index)].unit_price", "must not be negative") }
            lines.append(InvoiceLine(lineNumber: lineNumber, quantity: quantity, unitPrice: price))
        }
        return lines
    }

    /// Shipping and tax together, each checked.
    static func charges(shipping: FixedDecimal?, tax: FixedDecimal?, _ validator: inout Validator) -> FixedDecimal {
        for (field, value) in [("shipping", shipping), ("tax", tax)] where (value ?? .zero) < .zero {
            validator.fail(field, "must not be negative")
        }
        return (shipping ?? .zero) + (tax ?? .zero)
    }
}

struct ReceiptDTO: ResponseEncodable {
    struct Line: Encodable, Sendable {
        let line: Int
        let quantity: Int
        let accepted: Int
        let rejected: Int
        let reason: String?
    }
    let id: String
    let purchase_order_id: String
    let purchase_order_status: PurchaseOrderState.Status
    let lines: [Line]
    let received_by: String?
    let created_at: String

    init(_ record: ReceiptRecord, order: PurchaseOrderRecord) {
        id = record.id
        purchase_order_id = record.purchaseOrderID
        purchase_order_status = order.state.status
        lines = record.lines.map {
            Line(line: $0.lineNumber, quantity: $0.received, accepted: $0.accepted, rejected: $0.rejected, reason: $0.reason)
        }
        received_by = record.receivedBy
        created_at = Instant.iso8601(record.createdAt)
    }
}

struct InvoiceDTO: ResponseEncodable {
    let id: String
    let number: String
    let purchase_order_id: String
    let purchase_order: String
    let purchase_order_status: PurchaseOrderState.Status
    let status: InvoiceRecord.Status
    let reasons: [String]
    let lines: [InvoiceLine]
    let charges: FixedDecimal
    let total: FixedDecimal
    let expected: FixedDecimal
    let currency: String
    let created_at: String

    init(_ record: InvoiceRecord, order: PurchaseOrderRecord) {
        id = record.id
        number = record.number
        purchase_order_id = record.purchaseOrderID
        purchase_order = order.order.number.text
        purchase_order_status = order.state.status
        status = record.status
        reasons = record.reasons
        lines = record.lines
        charges = record.charges
        total = record.total
        expected = record.expected
        currency = record.currency.code
        created_at = Instant.iso8601(record.createdAt)
    }
}

struct ConnectorInput: StrictDecodable {
    static let fields: Set<String> = ["kind", "url", "api_key", "webhook_secret"]
    let kind: String?
    let url: String?
    /// Absent keeps the stored key; empty removes it. Stored encrypted, never returned.
    let api_key: String?
    /// The secret the vendor signs its webhooks with (or presents as its cXML SharedSecret); as
    /// for the key, absent keeps it and empty removes it.
    let webhook_secret: String?
}

struct ConnectorDTO: ResponseEncodable {
    let vendor_id: String
    let kind: String
    let url: String
    let api_key_set: Bool
    let webhook_secret_set: Bool
    /// Where the vendor sends its messages: JSON webhooks, or cXML confirmations and ship notices.
    let inbound_url: String
    let updated_at: String

    init(_ settings: VendorConnectorSettings) {
        vendor_id = settings.vendorID
        kind = settings.kind
        url = settings.url
        api_key_set = settings.hasAPIKey
        webhook_secret_set = settings.hasWebhookSecret
        inbound_url = "/api/v1/vendors/\(settings.vendorID)/\(settings.kind == "cxml" ? "cxml" : "webhook")"
        updated_at = Instant.iso8601(settings.updatedAt)
    }
}

struct SubmissionDTO: Encodable, Sendable {
    let status: String
    let reason: String?
}

struct CreateOrdersInput: StrictDecodable {
    static let fields: Set<String> = ["request_id"]
    let request_id: String?
}

struct ChangeOrderInput: StrictDecodable {
    struct Line: Decodable, Sendable {
        let line: Int?
        let quantity: Int?
    }
    static let fields: Set<String> = ["lines", "reason"]
    let lines: [Line]?
    let reason: String?
}

struct MessageInput: StrictDecodable {
    static let fields: Set<String> = ["body"]
    let body: String?
}

struct MessageDTO: ResponseEncodable {
    struct Author: Encodable, Sendable {
        let id: String?
        let name: String
    }
    let id: String
    let purchase_order_id: String
    let side: OrderMessageRecord.Side
    let author: Author
    let body: String
    let created_at: String

    init(_ record: OrderMessageRecord) {
        id = record.id
        purchase_order_id = record.orderID
        side = record.side
        author = Author(id: record.authorID, name: record.authorName)
        body = record.body
        created_at = Instant.iso8601(record.createdAt)
    }
}

struct InboxDTO: ResponseEncodable {
    let id: String
    let vendor_id: String
    let source: String
    let event_id: String
    let kind: String
    let order_number: String?
    let status: String
    let reason: String?
    let created_at: String

    init(_ record: VendorInboxRecord) {
        id = record.id
        vendor_id = record.vendorID
        source = record.source
        event_id = record.eventID
        kind = record.kind
        order_number = record.orderNumber
        status = record.status
        reason = record.reason
        created_at = Instant.iso8601(record.createdAt)
    }
}

struct CancelOrderInput: StrictDecodable {
    static let fields: Set<String> = ["reason"]
    let reason: String?
}

struct ProfileInput: StrictDecodable {
    static let fields: Set<String> = ["buyer", "bill_to", "ship_to", "payment_terms", "incoterms", "terms", "tolerances"]
    let profile: PurchasingProfile
    init(from decoder: any Decoder) throws { profile = try PurchasingProfile(from: decoder) }
}

struct ProfileDTO: ResponseEncodable {
    let profile: PurchasingProfile
    func encode(to encoder: any Encoder) throws { try profile.encode(to: encoder) }
}

struct PurchaseOrderDTO: ResponseEncodable {
    struct VendorRef: Encodable, Sendable {
        let id: String
        let name: String
    }
    struct Line: Encodable, Sendable {
        let line_number: Int
        let buyer_part_id: String?
        let supplier_part_id: String
        let description: String
        let quantity: Int
        let unit: String
        let unit_price: FixedDecimal
        let line_total: FixedDecimal
        let requested_delivery_date: String?
        let cost_centre: String?
        /// The vendor's answer in one word (nil until acknowledged), and its parts.
        let acknowledgement: LineConfirmation.Status?
        let confirmations: [LineConfirmation]
        /// What the vendor is expected to deliver, and what shipped and was received so far.
        let expected: Int
        let shipped: Int
        let received: Int
    }
    struct Shipment: Encodable, Sendable {
        let id: String
        let carrier: String?
        let tracking_number: String?
        let shipped_at: String?
        let expected_delivery: String?
        let lines: [LineQuantity]
        let source: String
    }
    struct InvoiceSummary: Encodable, Sendable {
        let id: String
        let number: String
        let status: InvoiceRecord.Status
        let total: FixedDecimal
        let reasons: [String]
        let created_at: String
    }
    let id: String
    let number: String
    let version: Int
    /// The buyer's request (left out for vendors).
    let request_id: String?
    let vendor_id: String
    let vendor: VendorRef
    let status: PurchaseOrderState.Status
    let acknowledged: Bool
    let currency: String
    let buyer: Party
    let bill_to: Party
    let ship_to: Party
    let supplier: Party
    let payment_terms: String
    let incoterms: String?
    let lines: [Line]
    let subtotal: FixedDecimal
    let shipping: FixedDecimal
    let tax: FixedDecimal
    let total: FixedDecimal
    let terms: [String]
    let documents: [String: String]
    let vendor_reference: String?
    let cancellation_reason: String?
    /// On one order's page (not in lists): its shipments and invoices.
    var shipments: [Shipment]? = nil
    var invoices: [InvoiceSummary]? = nil
    /// On issue, change or cancel: whether the vendor's connector was sent the order.
    var submission: SubmissionDTO? = nil
    let created_at: String
    let updated_at: String

    /// `portal`: as a vendor user sees it (documents under the portal, no request).
    init(_ record: PurchaseOrderRecord, portal: Bool = false) {
        let order = record.order
        id = record.id
        number = order.number.text
        version = record.state.version
        request_id = portal ? nil : record.requestID
        vendor_id = order.vendorID
        vendor = VendorRef(id: order.vendorID, name: order.supplier.name)
        status = record.state.status
        acknowledged = record.state.isAcknowledged
        currency = order.currency.code
        buyer = order.buyer
        bill_to = order.billTo
        ship_to = order.shipTo
        supplier = order.supplier
        payment_terms = order.paymentTerms.description
        incoterms = order.incoterms?.description
        lines = order.lines.map { line in
            let progress = record.state.line(line.lineNumber)
            return Line(
                line_number: line.lineNumber, buyer_part_id: line.buyerPartID, supplier_part_id: line.supplierPartID,
                description: line.description, quantity: line.quantity, unit: line.unit.code, unit_price: line.unitPrice,
                line_total: line.lineTotal, requested_delivery_date: line.requestedDeliveryDate?.description, cost_centre: line.costCentre,
                acknowledgement: progress?.acknowledgement, confirmations: progress?.confirmations ?? [],
                expected: progress?.expected ?? line.quantity, shipped: progress?.shipped ?? 0, received: progress?.received ?? 0)
        }
        subtotal = order.subtotal
        shipping = order.shippingAmount
        tax = order.taxAmount
        total = order.total
        terms = order.terms
        vendor_reference = record.vendorReference
        cancellation_reason = record.state.cancellationReason
        let base = "/api/v1/\(portal ? "portal/" : "")purchase-orders/\(record.id)/document?format="
        documents = ["pdf": base + "pdf", "cxml": base + "cxml", "ubl": base + "ubl"]
        created_at = Instant.iso8601(record.createdAt)
        updated_at = Instant.iso8601(record.updatedAt)
    }

    /// With the order's shipments and invoices, for its own page.
    init(_ record: PurchaseOrderRecord, portal: Bool = false, shipments: [ShipmentRecord], invoices: [InvoiceRecord]) {
        self.init(record, portal: portal)
        self.shipments = shipments.map {
            Shipment(
                id: $0.shipmentID, carrier: $0.carrier, tracking_number: $0.trackingNumber, shipped_at: $0.shippedAt.map(Instant.iso8601),
                expected_delivery: $0.deliveryAt.map(Instant.iso8601), lines: $0.lines, source: $0.source)
        }
        self.invoices = invoices.map {
            InvoiceSummary(
                id: $0.id, number: $0.number, status: $0.status, total: $0.total, reasons: $0.reasons,
                created_at: Instant.iso8601($0.createdAt))
        }
    }
}
