import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuartermasterCore

/// A vendor to place orders with in demos and tests: a separate HTTP server that speaks the HTTP
/// JSON contract (docs/VENDOR-API.md) or cXML, as its profile says, with the profile's latency,
/// errors, backorders and shipments, and a log of every order request (`GET /_log`) for checking
/// that each order version was placed exactly once.
///
/// `quartermaster vendor-sim --port P --profile NAME` runs it; tests build it with `application`.
public enum VendorSimulator {
    /// Serves until the process is told to stop (SIGINT or SIGTERM).
    public static func run(
        port: Int, profile: VendorSimulatorProfile, host: String = "127.0.0.1", webhookURL: String? = nil, webhookSecret: String? = nil,
        logger: Logger = Logger(label: "vendor-sim")
    ) async throws {
        let app = application(
            profile: profile, host: host, port: port, webhookURL: webhookURL, webhookSecret: webhookSecret, logger: logger)
        try await app.runService()
    }

    /// The simulator as a Hummingbird application (port 0 picks a free port).
    /// - Parameters:
    ///   - webhookURL: where acknowledgements and shipments are POSTed; none when nil.
    ///   - webhookSecret: signs JSON webhooks (`Vendor-Signature: sha256=…`) when given.
    public static func application(
        profile: VendorSimulatorProfile, host: String = "127.0.0.1", port: Int = 0, webhookURL: String? = nil,
        webhookSecret: String? = nil, client: HTTPClient = .outbound, logger: Logger = Logger(label: "vendor-sim")
    ) -> some ApplicationProtocol {
        let (schedule, continuation) = AsyncStream.makeStream(of: VendorSimulatorLedger.Scheduled.self)
        let ledger = VendorSimulatorLedger(profile: profile, schedule: continuation)
        let courier = VendorSimulatorCourier(
            ledger: ledger, schedule: schedule, webhookURL: webhookURL, webhookSecret: webhookSecret, client: client, logger: logger)
        let router = Router()
        let routes = VendorSimulatorRoutes(ledger: ledger, profile: profile, logger: logger)
        switch profile.contract {
        case .json: routes.addJSONRoutes(to: router)
        case .cxml: routes.addCXMLRoutes(to: router)
        }
        routes.addInspectionRoutes(to: router)
        // Keep-alive connections are closed after 30 s without a request, as a real vendor's server would.
        return Application(
            router: router, server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: "vendor-sim-\(profile.name)"),
            services: [courier], logger: logger)
    }
}

/// The simulator's HTTP handlers: thin, the ledger decides.
struct VendorSimulatorRoutes: Sendable {
    let ledger: VendorSimulatorLedger
    let profile: VendorSimulatorProfile
    let logger: Logger

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let maxBodyBytes = 4 << 20

    // MARK: JSON contract

    func addJSONRoutes(to router: Router<BasicRequestContext>) {
        router.post("/orders") { request, _ -> Response in
            guard let key = request.headers[Self.idempotencyKey], !key.isEmpty else {
                return Self.error(.badRequest, "missing_idempotency_key", "send an Idempotency-Key header")
            }
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            let document: VendorJSONWire.OrderDocument
            do {
                document = try VendorJSONWire.decode(VendorJSONWire.OrderDocument.self, from: body.readableBytesView)
            } catch {
                // The simulator is the vendor here: say what is wrong with the order, not with an answer.
                let detail = if case VendorError.malformed(let detail) = error { detail } else { String(describing: error) }
                return Self.error(.init(code: 422), "invalid_order", "the order could not be read: \(detail)")
            }
            guard let operation = VendorOperation(rawValue: document.operation), operation != .cancel else {
                return Self.error(.init(code: 422), "invalid_order", "operation must be new or change")
            }
            guard PurchaseOrderNumber(document.poNumber) != nil, document.version >= 1 else {
                return Self.error(.init(code: 422), "invalid_order", "po_number and version are required")
            }
            let lines = document.lines.map {
                VendorSimulatorLedger.Line(lineNumber: $0.lineNumber, quantity: $0.quantity, unit: $0.unit, unitPrice: $0.unitPrice)
            }
            let submission = VendorSimulatorLedger.Submission(
                key: key, poNumber: document.poNumber, version: document.version, operation: operation, lines: lines)
            return try await handleJSON(submission)
        }

        router.post("/orders/{id}/cancel") { request, context -> Response in
            guard let key = request.headers[Self.idempotencyKey], !key.isEmpty else {
                return Self.error(.badRequest, "missing_idempotency_key", "send an Idempotency-Key header")
            }
            let id = try context.parameters.require("id")
            guard let order = await ledger.order(id) else { return Self.error(.notFound, "unknown_order", "no order \(id)") }
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            let document =
                body.readableBytes == 0 ? nil : try? VendorJSONWire.decode(VendorJSONWire.CancelDocument.self, from: body.readableBytesView)
            let submission = VendorSimulatorLedger.Submission(
                key: key, poNumber: document?.poNumber ?? order.poNumber, version: document?.version ?? order.version,
                operation: .cancel, lines: [], orderID: id, reason: document?.reason)
            return try await handleJSON(submission)
        }

        router.get("/orders/{id}") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let order = await ledger.order(id) else { return Self.error(.notFound, "unknown_order", "no order \(id)") }
            return Self.json(order.wire)
        }

        router.get("/orders") { request, _ -> Response in
            guard let number = request.uri.queryParameters.get("po_number") else {
                return Self.error(.badRequest, "missing_po_number", "give ?po_number=")
            }
            return Self.json(VendorJSONWire.OrderList(orders: await ledger.orders(poNumber: number).map(\.wire)))
        }
    }

    /// Latency and injected failures around one order request.
    func handleJSON(_ submission: VendorSimulatorLedger.Submission) async throws -> Response {
        try await Task.sleep(for: profile.latency)
        if await ledger.roll(profile.errorRate) {
            return Self.error(.serviceUnavailable, "unavailable", "simulated outage; nothing was placed")
        }
        switch await ledger.submit(submission) {
        case .refused(let status, let code, let message):
            logger.info("refused \(submission.operation.rawValue) \(submission.poNumber) v\(submission.version): \(code)")
            return Self.error(.init(code: status), code, message)
        case .repeated(let order):
            logger.info("repeat of \(submission.key) for \(order.id)")
            return try await answer(order, status: .ok)
        case .placed(let order):
            logger.info("\(submission.operation.rawValue) \(submission.poNumber) v\(submission.version) as \(order.id)")
            return try await answer(order, status: submission.operation == .new ? .created : .ok)
        }
    }

    private func answer(_ order: VendorSimulatorLedger.Order, status: HTTPResponse.Status) async throws -> Response {
        if await ledger.roll(profile.lostAnswerRate) {
            return Self.error(.badGateway, "bad_gateway", "simulated failure after the order was taken")
        }
        if await ledger.roll(profile.malformedRate) {
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"id": "#)))
        }
        return Self.json(order.wire, status: status)
    }

    // MARK: cXML contract

    func addCXMLRoutes(to router: Router<BasicRequestContext>) {
        router.post("/cxml") { request, _ -> Response in
            let body = try await request.body.collect(upTo: Self.maxBodyBytes)
            try await Task.sleep(for: profile.latency)
            if await ledger.roll(profile.errorRate) {
                return Self.cxml(
                    CXMLResponse(code: 560, text: "Temporary server error", message: "simulated outage"), http: .internalServerError)
            }
            let submission: VendorSimulatorLedger.Submission
            do {
                submission = try VendorSimulatorCXML.submission(body.readableBytesView, key: request.headers[Self.idempotencyKey])
            } catch {
                return Self.cxml(CXMLResponse(code: 400, text: "Bad Request", message: String(describing: error)), http: .badRequest)
            }
            let order: VendorSimulatorLedger.Order
            switch await ledger.submit(submission) {
            case .refused(let status, let code, let message):
                return Self.cxml(CXMLResponse(code: status == 409 ? 409 : 400, text: code, message: message))
            case .repeated(let repeated):
                logger.info("repeat of \(submission.key) for \(repeated.id)")
                order = repeated
            case .placed(let placed):
                logger.info("\(submission.operation.rawValue) \(submission.poNumber) v\(submission.version) as \(placed.id)")
                order = placed
            }
            if await ledger.roll(profile.lostAnswerRate) {
                return Self.cxml(
                    CXMLResponse(code: 500, text: "Internal Server Error", message: "simulated failure"), http: .internalServerError)
            }
            if await ledger.roll(profile.malformedRate) {
                return Response(
                    status: .ok, headers: [.contentType: "text/xml"], body: .init(byteBuffer: ByteBuffer(string: "<cXML><Response>")))
            }
            let done = order.isAcknowledged || order.stage == .cancelled
            return Self.cxml(done ? CXMLResponse(code: 200, text: "OK") : CXMLResponse(code: 201, text: "Accepted"))
        }
    }

    // MARK: Inspection

    func addInspectionRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_log") { _, _ -> Response in Self.json(await ledger.currentLog()) }
        router.get("/_health") { _, _ -> Response in Self.json(["status": "ok", "profile": profile.name]) }
    }

    // MARK: Answers

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: VendorJSONWire.encode(value))))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        json(VendorJSONWire.ErrorDocument(code: code, message: message), status: status)
    }

    static func cxml(_ response: CXMLResponse, http: HTTPResponse.Status = .ok) -> Response {
        let now = VendorSimulatorLedger.now()
        let text = response.render(payloadID: "\(now).\(response.code)@vendor-sim", timestamp: now)
        return Response(status: http, headers: [.contentType: "text/xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
