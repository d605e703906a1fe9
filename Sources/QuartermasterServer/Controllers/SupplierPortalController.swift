import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// The supplier portal (`/api/v1/portal`): a vendor user sees their vendor's orders — never a
/// draft, never another vendor's (those answer 404, as if they did not exist) — acknowledges them
/// per line, ships with a notice, invoices an order ("flip") and writes to the buyer. Their
/// acknowledgements and notices go through the vendor inbox like any vendor's messages.
struct SupplierPortalController: Sendable {
    let agent: AgentServices

    var repository: PurchasingRepository { agent.purchasing }

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("portal/purchase-orders", use: list)
        group.get("portal/purchase-orders/{id}", use: get)
        group.get("portal/purchase-orders/{id}/document", use: document)
        group.post("portal/purchase-orders/{id}/acknowledgement", use: acknowledge)
        group.post("portal/purchase-orders/{id}/shipments", use: ship)
        group.post("portal/purchase-orders/{id}/invoices", use: invoice)
        group.get("portal/purchase-orders/{id}/messages", use: messages)
        group.post("portal/purchase-orders/{id}/messages", use: postMessage)
    }

    /// The vendor the caller acts for; 403 for anyone else.
    func vendor(_ context: TenantContext) async throws -> String {
        try context.require(.vendor)
        guard let vendor = try await repository.vendorOf(context.tenant, userID: context.principal.userID) else {
            throw Problem.forbidden("this account is not linked to a vendor")
        }
        return vendor.id
    }

    func order(_ context: TenantContext) async throws -> (vendorID: String, record: PurchaseOrderRecord) {
        let vendorID = try await vendor(context)
        let id = try context.parameters.require("id")
        guard let record = try await repository.vendorOrder(context.tenant, vendorID: vendorID, id: id) else {
            throw Problem.notFound("purchase order")
        }
        return (vendorID, record)
    }

    /// The order as the vendor sees it on its page (documents under the portal, no request).
    func detailed(_ tenant: Tenant, _ record: PurchaseOrderRecord) async throws -> PurchaseOrderDTO {
        try await PurchaseOrderController(agent: agent).detailed(tenant, record, portal: true)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> ListDTO<PurchaseOrderDTO> {
        let vendorID = try await vendor(context)
        let limit = min(max(Int(FormQuery(request.uri.query).get("limit") ?? "") ?? 200, 1), 1_000)
        return ListDTO(
            items: try await repository.vendorOrders(context.tenant, vendorID: vendorID, limit: limit).map {
                PurchaseOrderDTO($0, portal: true)
            }, next_cursor: nil)
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> PurchaseOrderDTO {
        try await detailed(context.tenant, try await order(context).record)
    }

    @Sendable func document(_ request: Request, context: TenantContext) async throws -> Response {
        try PurchaseOrderController.document(try await order(context).record, request: request, context: context)
    }

    /// `{"version", "status": "accepted"|"rejected"}` for the whole order, or
    /// `{"version", "lines": [{"line", "status", "quantity", "unit_price", "delivery_date", "comment"}]}`.
    @Sendable func acknowledge(_ request: Request, context: TenantContext) async throws -> PurchaseOrderDTO {
        let (vendorID, record) = try await order(context)
        let input = try await request.decode(as: AcknowledgementInput.self, context: context)
        var validator = Validator()
        let comment = input.comment.map { validator.text("comment", $0, maxLength: 2_000) }
        var confirmation = OrderConfirmation(
            orderNumber: record.order.number, orderVersion: input.version, confirmationID: nil, noticeDate: Clock.nowMilliseconds(),
            comment: comment)
        if let status = input.status {
            switch LineConfirmation.Status(rawValue: status) {
            case .accepted?: confirmation.wholeOrder = .accepted
            case .rejected?: confirmation.wholeOrder = .rejected
            default: validator.fail("status", "must be accepted or rejected (answer per line for anything else)")
            }
            if input.lines != nil { validator.fail("lines", "give either status for the whole order or lines, not both") }
        } else if (input.lines ?? []).isEmpty {
            validator.fail("lines", "give status for the whole order or answer at least one line")
        }
        for (index, line) in (input.lines ?? []).enumerated() {
            let field = "lines[\(index)]"
            guard let lineNumber = line.line, let quantity = line.quantity, let statusText = line.status else {
                validator.fail(field, "needs line, status and quantity")
                continue
            }
            guard let status = LineConfirmation.Status(rawValue: statusText) else {
                validator.fail("\(field).status", "must be accepted, rejected, backordered or changed")
                continue
            }
            if quantity < 0 { validator.fail("\(field).quantity", "must not be negative") }
            if let price = line.unit_price, price < .zero { validator.fail("\(field).unit_price", "must not be negative") }
            var date: LocalDate?
            if let text = line.delivery_date {
                date = LocalDate(iso: text)
                if date == nil { validator.fail("\(field).delivery_date", "must be a date (YYYY-MM-DD)") }
            }
            let note = line.comment.map { validator.text("\(field).comment", $0, maxLength: 1_000) }
            confirmation.lines.append(
                LineConfirmation(
                    lineNumber: lineNumber, status: status, quantity: quantity,
                    unitPrice: line.unit_price.map { Money($0, record.order.currency) }, deliveryDate: date, comment: note))
        }
        try validator.check()
        return try await apply(
            context, vendorID: vendorID, record: record, .acknowledgement(confirmation), body: AgentJSON.encode(confirmation))
    }

    /// `{"shipment_id"?, "carrier", "tracking_number", "shipped_at"?, "expected_delivery"?, "lines": [{"line", "quantity"}]}`.
    @Sendable func ship(_ request: Request, context: TenantContext) async throws -> EditedResponse<PurchaseOrderDTO> {
        let (vendorID, record) = try await order(context)
        let input = try await request.decode(as: ShipmentInput.self, context: context)
        var validator = Validator()
        let shipmentID = input.shipment_id.map { validator.text("shipment_id", $0, maxLength: 100) } ?? Identifier.make("shp")
        let carrier = validator.text("carrier", input.carrier, maxLength: 100)
        let tracking = validator.text("tracking_number", input.tracking_number, maxLength: 100)
        func instant(_ field: String, _ text: String?) -> Int64? {
            guard let text else { return nil }
            guard let value = ISO8601DateTime.parse(text) else {
                validator.fail(field, "must be a date (YYYY-MM-DD) or a date-time with an offset")
                return nil
            }
            return value
        }
        let shippedAt = instant("shipped_at", input.shipped_at)
        let deliveryAt = instant("expected_delivery", input.expected_delivery)
        var lines: [LineQuantity] = []
        for (index, line) in (input.lines ?? []).enumerated() {
            guard let lineNumber = line.line, let quantity = line.quantity else {
                validator.fail("lines[\(index)]", "needs line and quantity")
                continue
            }
            if quantity < 0 { validator.fail("lines[\(index)].quantity", "must not be negative") }
            lines.append(LineQuantity(lineNumber: lineNumber, quantity: quantity))
        }
        if !lines.contains(where: { $0.quantity > 0 }) { validator.fail("lines", "must ship at least one unit") }
        try validator.check()
        let notice = ShipNotice(
            shipmentID: shipmentID, noticeDate: Clock.nowMilliseconds(), shipmentDate: shippedAt ?? Clock.nowMilliseconds(),
            deliveryDate: deliveryAt, carrier: carrier, trackingNumber: tracking,
            portions: [ShipNotice.Portion(orderNumber: record.order.number, lines: lines)])
        let order = try await apply(context, vendorID: vendorID, record: record, .shipment(notice), body: AgentJSON.encode(notice))
        return EditedResponse(status: .created, response: order)
    }

    /// Applies a portal action through the vendor inbox: 409 when the order's state refuses it,
    /// 422 when the content contradicts the order.
    func apply(
        _ context: TenantContext, vendorID: String, record: PurchaseOrderRecord, _ notice: VendorNotice, body: String
    ) async throws -> PurchaseOrderDTO {
        let outcome = try await repository.receive(
            context.tenant, vendorID: vendorID, source: .portal, eventID: Identifier.make("portal"), notice: notice, body: body)
        guard outcome.status == .applied, let updated = outcome.orders.first else {
            let reason = outcome.reason ?? "refused"
            if outcome.isConflict { throw Problem.conflict(reason) }
            throw Problem.validation([FieldError(field: "lines", message: reason)])
        }
        return try await detailed(context.tenant, updated)
    }

    /// The vendor invoices the order from its own lines ("flip"): `{"number", "lines"?, "shipping"?, "tax"?}`.
    /// Without lines, what was received (or else shipped, or else ordered) at the order's prices.
    @Sendable func invoice(_ request: Request, context: TenantContext) async throws -> EditedResponse<InvoiceDTO> {
        let (_, record) = try await order(context)
        let input = try await request.decode(as: PortalInvoiceInput.self, context: context)
        var validator = Validator()
        let number = validator.text("number", input.number, maxLength: 100)
        var lines = InvoiceInput.lines(input.lines, &validator)
        if input.lines == nil {
            lines = record.order.lines.compactMap { line in
                let progress = record.state.line(line.lineNumber)
                let quantity = [progress?.received ?? 0, progress?.shipped ?? 0].first { $0 > 0 } ?? line.quantity
                return quantity > 0 ? InvoiceLine(lineNumber: line.lineNumber, quantity: quantity, unitPrice: line.unitPrice) : nil
            }
        } else if lines.isEmpty, validator.errors.isEmpty {
            validator.fail("lines", "must list at least one line")
        }
        // A flip without lines copies the order's shipping and tax too.
        let flip = input.lines == nil
        let charges = InvoiceInput.charges(
            shipping: input.shipping ?? (flip ? record.order.shippingAmount : nil), tax: input.tax ?? (flip ? record.order.taxAmount : nil),
            &validator)
        try validator.check()
        switch try await repository.invoice(
            context.tenant, orderID: record.id, number: number, lines: lines, charges: charges, by: context.principal.userID)
        {
        case nil: throw Problem.notFound("purchase order")
        case .failure(let refusal): throw Problem.conflict(refusal.description)
        case .success(let (order, invoice)):
            return EditedResponse(status: .created, response: InvoiceDTO(invoice, order: order))
        }
    }

    @Sendable func messages(_ request: Request, context: TenantContext) async throws -> ListDTO<MessageDTO> {
        let (_, record) = try await order(context)
        return ListDTO(items: try await repository.messages(context.tenant, orderID: record.id).map(MessageDTO.init), next_cursor: nil)
    }

    @Sendable func postMessage(_ request: Request, context: TenantContext) async throws -> EditedResponse<MessageDTO> {
        let (_, record) = try await order(context)
        return try await PurchaseOrderController.post(request, context: context, repository: repository, orderID: record.id, side: .vendor)
    }
}

struct AcknowledgementInput: StrictDecodable {
    struct Line: Decodable, Sendable {
        let line: Int?
        let status: String?
        let quantity: Int?
        let unit_price: FixedDecimal?
        let delivery_date: String?
        let comment: String?
    }
    static let fields: Set<String> = ["version", "status", "lines", "comment"]
    /// The version acknowledged; an older one is refused (409).
    let version: Int?
    let status: String?
    let lines: [Line]?
    let comment: String?
}

struct ShipmentInput: StrictDecodable {
    struct Line: Decodable, Sendable {
        let line: Int?
        let quantity: Int?
    }
    static let fields: Set<String> = ["shipment_id", "carrier", "tracking_number", "shipped_at", "expected_delivery", "lines"]
    let shipment_id: String?
    let carrier: String?
    let tracking_number: String?
    let shipped_at: String?
    let expected_delivery: String?
    let lines: [Line]?
}

struct PortalInvoiceInput: StrictDecodable {
    static let fields: Set<String> = ["number", "lines", "shipping", "tax"]
    let number: String?
    let lines: [InvoiceInput.Line]?
    let shipping: FixedDecimal?
    let tax: FixedDecimal?
}
