/// Where a purchase order stands, and the only ways it can move:
///
///     draft → issued → acknowledged → partially shipped / shipped → partially received / received
///           → invoiced → matched → closed
///
/// One mutating method per event. Each either applies and returns what the owner must do next
/// (send a document, ask a person), or throws `PurchaseOrderRefusal` and leaves the value
/// unchanged. Shipped and received quantities per line decide partial against full; shipments and
/// receipts are keyed by their IDs, so a vendor repeating a notice never counts goods twice.
///
/// Decisions worth knowing:
/// - Goods may ship (or arrive) before the vendor acknowledges; many vendors never do. An
///   acknowledgement that comes after the goods (vendors' messages overtake each other) is still
///   recorded, until the order is invoiced; it never moves the status back.
/// - A change is allowed until everything has shipped, never below a quantity already shipped;
///   it makes a new version that the vendor must acknowledge again.
/// - Cancelling is allowed until the first shipment; after that goods are on their way, and a
///   change order reduces what is still open.
public struct PurchaseOrderState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case draft, issued, acknowledged
        case partiallyShipped = "partially_shipped", shipped
        case partiallyReceived = "partially_received", received
        case invoiced, matched, closed, cancelled
    }

    /// The events, for refusals and logs.
    public enum Event: String, Sendable, Hashable, Codable {
        case issue, acknowledge, change, ship, withdrawShipment = "withdraw_shipment", receive, invoice, match, close, cancel
    }

    /// One line's progress.
    public struct Line: Sendable, Hashable, Codable {
        public var lineNumber: Int
        /// The quantity in the current version.
        public var ordered: Int
        /// The vendor's answers for the current version; empty until acknowledged.
        public var confirmations: [LineConfirmation]
        public var shipped: Int
        public var received: Int

        /// What the vendor is expected to deliver: the ordered quantity, or what the vendor confirmed
        /// it will ship (everything but rejected parts).
        public var expected: Int {
            confirmations.isEmpty ? ordered : confirmations.filter { $0.status != .rejected }.reduce(0) { $0 + $1.quantity }
        }

        /// The vendor's answer in one word; nil until acknowledged.
        public var acknowledgement: LineConfirmation.Status? {
            let statuses = Set(confirmations.map(\.status))
            guard let only = statuses.first else { return nil }
            if statuses.count == 1 { return only }
            return statuses == [.accepted, .backordered] ? .backordered : .changed
        }

        enum CodingKeys: String, CodingKey {
            case lineNumber = "line_number", ordered, confirmations, shipped, received
        }
    }

    /// Goods recorded against the order under one ID (a shipment or a receipt).
    public struct Movement: Sendable, Hashable, Codable {
        public var id: String
        public var lines: [LineQuantity]
    }

    public let number: PurchaseOrderNumber
    public private(set) var status: Status
    public private(set) var version: Int
    public private(set) var lines: [Line]
    /// Whether the vendor has acknowledged the current version.
    public private(set) var isAcknowledged: Bool
    public private(set) var shipments: [Movement]
    public private(set) var receipts: [Movement]
    public private(set) var invoiceIDs: [String]
    public private(set) var cancellationReason: String?

    /// A new draft for `order`.
    public init(order: PurchaseOrder) {
        number = order.number
        status = .draft
        version = order.version
        lines = order.lines.map { Line(lineNumber: $0.lineNumber, ordered: $0.quantity, confirmations: [], shipped: 0, received: 0) }
        isAcknowledged = false
        shipments = []
        receipts = []
        invoiceIDs = []
        cancellationReason = nil
    }

    public func line(_ lineNumber: Int) -> Line? { lines.first { $0.lineNumber == lineNumber } }

    // MARK: Events

    /// The order goes to the vendor.
    public mutating func issue() throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.issue, from: [.draft])
        status = .issued
        return .sendOrder(version: version)
    }

    /// The vendor answered the current version, per line or for the whole order. A later answer
    /// replaces an earlier one. Lines the vendor did not accept as ordered go to a person to review.
    public mutating func acknowledge(_ confirmation: OrderConfirmation) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.acknowledge, from: [.issued, .acknowledged, .partiallyShipped, .shipped, .partiallyReceived, .received])
        guard confirmation.orderNumber == number else { throw .otherOrder(confirmation.orderNumber) }
        if let confirmed = confirmation.orderVersion, confirmed != version {
            throw .staleVersion(current: version, received: confirmed)
        }
        var next = lines
        var answers: [Int: [LineConfirmation]] = [:]
        for answer in confirmation.lines {
            guard line(answer.lineNumber) != nil else { throw .unknownLine(answer.lineNumber) }
            guard answer.quantity >= 0 else { throw .negativeQuantity(line: answer.lineNumber, quantity: answer.quantity) }
            answers[answer.lineNumber, default: []].append(answer)
        }
        for index in next.indices {
            let lineNumber = next[index].lineNumber
            if let given = answers[lineNumber] {
                next[index].confirmations = given
            } else if let whole = confirmation.wholeOrder {
                next[index].confirmations = [LineConfirmation(lineNumber: lineNumber, status: whole, quantity: next[index].ordered)]
            } else if next[index].confirmations.isEmpty {
                // Not mentioned in a per-line answer: taken as accepted, as cXML reads it.
                next[index].confirmations = [LineConfirmation(lineNumber: lineNumber, status: .accepted, quantity: next[index].ordered)]
            }
            if next[index].expected < next[index].shipped {
                throw .overShipped(line: lineNumber, expected: next[index].expected, shipped: next[index].shipped)
            }
        }
        lines = next
        isAcknowledged = true
        status = progressStatus ?? .acknowledged
        let review = lines.filter { $0.acknowledgement != .accepted }.map(\.lineNumber)
        return review.isEmpty ? .none : .review(lines: review)
    }

    /// The buyer changed the order: `revised` must be the next version of it. Lines already
    /// shipped cannot go below what shipped. The vendor acknowledges the new version again.
    public mutating func change(to revised: PurchaseOrder) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.change, from: [.issued, .acknowledged, .partiallyShipped])
        guard revised.number == number else { throw .otherOrder(revised.number) }
        guard revised.version == version + 1 else { throw .staleVersion(current: version, received: revised.version) }
        var next: [Line] = []
        for orderLine in revised.lines {
            let previous = line(orderLine.lineNumber)
            next.append(
                Line(
                    lineNumber: orderLine.lineNumber, ordered: orderLine.quantity, confirmations: [], shipped: previous?.shipped ?? 0,
                    received: previous?.received ?? 0))
        }
        for previous in lines where previous.shipped > 0 {
            let quantity = next.first { $0.lineNumber == previous.lineNumber }?.ordered ?? 0
            if quantity < previous.shipped { throw .belowShipped(line: previous.lineNumber, shipped: previous.shipped, quantity: quantity) }
        }
        lines = next
        version = revised.version
        isAcknowledged = false
        status = progressStatus ?? .issued
        return .sendChangeOrder(version: version)
    }

    /// The buyer cancels. A draft is simply dropped; an issued order needs a cancellation sent.
    public mutating func cancel(reason: String) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.cancel, from: [.draft, .issued, .acknowledged])
        let wasSent = status != .draft
        status = .cancelled
        cancellationReason = reason
        return wasSent ? .sendCancellation(version: version) : .none
    }

    /// Goods left the vendor. A shipment with an ID seen before replaces it (a corrected notice).
    public mutating func ship(shipmentID: String, _ quantities: [LineQuantity]) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.ship, from: [.issued, .acknowledged, .partiallyShipped, .shipped, .partiallyReceived])
        try checkQuantities(quantities)
        var next = shipments.filter { $0.id != shipmentID }
        next.append(Movement(id: shipmentID, lines: quantities))
        try apply(shipments: next, receipts: receipts)
        return .none
    }

    /// The vendor withdrew a ship notice.
    public mutating func withdrawShipment(_ shipmentID: String) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.withdrawShipment, from: [.partiallyShipped, .shipped, .partiallyReceived])
        guard shipments.contains(where: { $0.id == shipmentID }) else { throw .unknownShipment(shipmentID) }
        try apply(shipments: shipments.filter { $0.id != shipmentID }, receipts: receipts)
        return .none
    }

    /// Goods arrived. A receipt with an ID seen before replaces it. Goods may arrive without a
    /// ship notice; they count as shipped too.
    public mutating func receive(receiptID: String, _ quantities: [LineQuantity]) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.receive, from: [.issued, .acknowledged, .partiallyShipped, .shipped, .partiallyReceived])
        try checkQuantities(quantities)
        var next = receipts.filter { $0.id != receiptID }
        next.append(Movement(id: receiptID, lines: quantities))
        try apply(shipments: shipments, receipts: next)
        return .none
    }

    /// The vendor invoiced the order, once everything was received.
    public mutating func invoice(invoiceID: String) throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.invoice, from: [.received])
        status = .invoiced
        invoiceIDs.append(invoiceID)
        return .matchInvoice(invoiceID: invoiceID)
    }

    /// The invoice agrees with the order and the receipts.
    public mutating func match() throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.match, from: [.invoiced])
        status = .matched
        return .releasePayment
    }

    /// Nothing more will happen on the order.
    public mutating func close() throws(PurchaseOrderRefusal) -> PurchaseOrderAction {
        try require(.close, from: [.matched])
        status = .closed
        return .none
    }

    // MARK: Rules

    private func require(_ event: Event, from allowed: Set<Status>) throws(PurchaseOrderRefusal) {
        guard allowed.contains(status) else { throw .notAllowed(event: event, from: status) }
    }

    private func checkQuantities(_ quantities: [LineQuantity]) throws(PurchaseOrderRefusal) {
        for item in quantities where item.quantity < 0 { throw .negativeQuantity(line: item.lineNumber, quantity: item.quantity) }
        if !quantities.contains(where: { $0.quantity > 0 }) { throw .nothingToRecord }
    }

    /// Recomputes shipped and received totals from every shipment and receipt, refusing what
    /// exceeds the expected quantities, then moves the status accordingly.
    private mutating func apply(shipments: [Movement], receipts: [Movement]) throws(PurchaseOrderRefusal) {
        func totals(_ movements: [Movement]) throws(PurchaseOrderRefusal) -> [Int: Int] {
            var totals: [Int: Int] = [:]
            for movement in movements {
                for item in movement.lines {
                    guard line(item.lineNumber) != nil else { throw .unknownLine(item.lineNumber) }
                    totals[item.lineNumber, default: 0] += item.quantity
                }
            }
            return totals
        }
        let shipped = try totals(shipments)
        let received = try totals(receipts)
        var next = lines
        for index in next.indices {
            let lineNumber = next[index].lineNumber
            let expected = next[index].expected
            next[index].received = received[lineNumber] ?? 0
            next[index].shipped = max(shipped[lineNumber] ?? 0, next[index].received)
            if next[index].shipped > expected { throw .overShipped(line: lineNumber, expected: expected, shipped: next[index].shipped) }
        }
        lines = next
        self.shipments = shipments
        self.receipts = receipts
        status = progressStatus ?? (isAcknowledged ? .acknowledged : .issued)
    }

    /// The status the quantities say, or nil when nothing has shipped yet.
    private var progressStatus: Status? {
        let open = lines.filter { $0.expected > 0 }
        guard lines.contains(where: { $0.shipped > 0 }) else { return nil }
        if open.allSatisfy({ $0.received >= $0.expected }) { return .received }
        if lines.contains(where: { $0.received > 0 }) { return .partiallyReceived }
        if open.allSatisfy({ $0.shipped >= $0.expected }) { return .shipped }
        return .partiallyShipped
    }

    enum CodingKeys: String, CodingKey {
        case number, status, version, lines, isAcknowledged = "is_acknowledged", shipments, receipts, invoiceIDs = "invoice_ids"
        case cancellationReason = "cancellation_reason"
    }
}

/// What the owner of a `PurchaseOrderState` must do after an event.
public enum PurchaseOrderAction: Sendable, Hashable {
    case none
    /// Send the order (cXML `type="new"`).
    case sendOrder(version: Int)
    /// Send the new version as a change order (cXML `type="update"`).
    case sendChangeOrder(version: Int)
    /// Tell the vendor the order is cancelled (cXML `type="delete"`).
    case sendCancellation(version: Int)
    /// The vendor rejected, changed or backordered these lines: a person decides what next.
    case review(lines: [Int])
    /// Match the invoice against the order and its receipts.
    case matchInvoice(invoiceID: String)
    /// The invoice matched: it may be paid.
    case releasePayment
}

/// Why an event was refused. The state is left as it was.
public enum PurchaseOrderRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case notAllowed(event: PurchaseOrderState.Event, from: PurchaseOrderState.Status)
    case staleVersion(current: Int, received: Int)
    case otherOrder(PurchaseOrderNumber)
    case unknownLine(Int)
    case unknownShipment(String)
    case negativeQuantity(line: Int, quantity: Int)
    case nothingToRecord
    case overShipped(line: Int, expected: Int, shipped: Int)
    case belowShipped(line: Int, shipped: Int, quantity: Int)

    public var description: String {
        switch self {
        case .notAllowed(let event, let status):
            "cannot \(event.rawValue.split(separator: "_").joined(separator: " ")) an order that is \(status.rawValue.split(separator: "_").joined(separator: " "))"
        case .staleVersion(let current, let received): "the order is at version \(current), not \(received)"
        case .otherOrder(let other): "this is about \(other), not this order"
        case .unknownLine(let line): "the order has no line \(line)"
        case .unknownShipment(let id): "no shipment \(id) on this order"
        case .negativeQuantity(let line, let quantity): "line \(line): quantity \(quantity) is negative"
        case .nothingToRecord: "no quantities to record"
        case .overShipped(let line, let expected, let shipped): "line \(line): \(shipped) shipped or received but only \(expected) expected"
        case .belowShipped(let line, let shipped, let quantity): "line \(line): \(shipped) already shipped, cannot reduce to \(quantity)"
        }
    }

    /// Conflicts with the order's state (HTTP 409) rather than bad input (HTTP 422).
    public var isConflict: Bool {
        switch self {
        case .notAllowed, .staleVersion: true
        default: false
        }
    }
}
