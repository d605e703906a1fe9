import Foundation
import QuartermasterCore

/// What a simulated vendor holds: its orders, the idempotency keys it has seen, and a log of every
/// order request it received. A key seen before returns the order it made, logged as a repeat; the
/// same order number and version under a new key is placed again, as a real vendor would, so the
/// log shows a buyer that lost track of its keys.
actor VendorSimulatorLedger {
    struct Line: Sendable, Hashable {
        var lineNumber: Int
        var quantity: Int
        var unit: String
        var unitPrice: String
    }

    struct Order: Sendable, Hashable {
        var id: String
        var poNumber: String
        var version: Int
        var createdAt: Int64
        var stage: VendorOrderStatus.Stage
        var lines: [Line]
        /// Empty until acknowledged.
        var answers: [VendorJSONWire.LineStatus]
        var shipments: [VendorJSONWire.Shipment]
        var reason: String?

        var isAcknowledged: Bool { !answers.isEmpty }

        func shipped(_ lineNumber: Int) -> Int {
            shipments.flatMap(\.lines).filter { $0.lineNumber == lineNumber }.reduce(0) { $0 + $1.quantity }
        }

        func answers(_ lineNumber: Int) -> [VendorJSONWire.LineStatus] { answers.filter { $0.lineNumber == lineNumber } }

        var wire: VendorJSONWire.Order {
            VendorJSONWire.Order(
                id: id, poNumber: poNumber, version: version, status: stage.rawValue, createdAt: ISO8601DateTime.format(createdAt),
                lines: isAcknowledged ? answers : lines.map { .init(lineNumber: $0.lineNumber, status: "pending", quantity: $0.quantity) },
                shipments: shipments, reason: reason)
        }
    }

    /// One order request as received.
    struct Submission: Sendable {
        var key: String
        var poNumber: String
        var version: Int
        var operation: VendorOperation
        var lines: [Line]
        /// The vendor order a cancellation names (JSON); cXML cancels by order number.
        var orderID: String?
        var reason: String?

        /// What must match for a key to be a repeat rather than a reuse for something else.
        var fingerprint: String { "\(poNumber)|\(version)|\(operation.rawValue)|\(orderID ?? "")" }
    }

    enum Outcome: Sendable {
        case placed(Order)
        case repeated(Order)
        case refused(status: Int, code: String, message: String)
    }

    /// Work the vendor does later, for the courier.
    enum Event: Sendable, Hashable {
        case acknowledge(orderID: String, version: Int)
        case ship(orderID: String, version: Int, part: Int)
    }

    struct Scheduled: Sendable {
        var due: ContinuousClock.Instant
        var event: Event
    }

    /// What the vendor tells the buyer after doing an event's work.
    enum Announcement: Sendable {
        case acknowledged(Order)
        case shipped(Order, VendorJSONWire.Shipment)
    }

    struct LogEntry: Sendable, Codable {
        var sequence: Int
        var key: String
        var poNumber: String
        var version: Int
        var operation: String
        var isRepeat: Bool
        var orderID: String
        var receivedAt: String

        enum CodingKeys: String, CodingKey {
            case sequence, key, poNumber = "po_number", version, operation, isRepeat = "repeat", orderID = "order_id"
            case receivedAt = "received_at"
        }
    }

    /// Per order number, version and operation: how many were acted on (must be 1) and how many repeats.
    struct Count: Sendable, Codable, Hashable {
        var poNumber: String
        var version: Int
        var operation: String
        var received: Int
        var repeats: Int

        enum CodingKeys: String, CodingKey {
            case poNumber = "po_number", version, operation, received, repeats
        }
    }

    struct Log: Sendable, Codable {
        var profile: String
        var orders: [LogEntry]
        var counts: [Count]
    }

    let profile: VendorSimulatorProfile
    private let schedule: AsyncStream<Scheduled>.Continuation
    private var random: SplitMix64
    private var orders: [String: Order] = [:]
    private var orderIDs: [String] = []
    private var keys: [String: (fingerprint: String, orderID: String)] = [:]
    private var log: [LogEntry] = []

    init(profile: VendorSimulatorProfile, schedule: AsyncStream<Scheduled>.Continuation) {
        self.profile = profile
        self.schedule = schedule
        random = SplitMix64(seed: profile.seed)
    }

    /// Rolls the seeded dice: true with probability `rate`.
    func roll(_ rate: Double) -> Bool { rate > 0 && random.chance(rate) }

    func order(_ id: String) -> Order? { orders[id] }

    /// The vendor's orders under `poNumber`, oldest first.
    func orders(poNumber: String) -> [Order] { orderIDs.compactMap { orders[$0] }.filter { $0.poNumber == poNumber } }

    func currentLog() -> Log {
        var counts: [String: Count] = [:]
        var order: [String] = []
        for entry in log {
            let id = "\(entry.poNumber)|\(entry.version)|\(entry.operation)"
            if counts[id] == nil {
                order.append(id)
                counts[id] = Count(poNumber: entry.poNumber, version: entry.version, operation: entry.operation, received: 0, repeats: 0)
            }
            if entry.isRepeat { counts[id]!.repeats += 1 } else { counts[id]!.received += 1 }
        }
        return Log(profile: profile.name, orders: log, counts: order.compactMap { counts[$0] })
    }

    // MARK: Order requests

    func submit(_ submission: Submission) -> Outcome {
        if let seen = keys[submission.key] {
            guard seen.fingerprint == submission.fingerprint, let order = orders[seen.orderID] else {
                return .refused(
                    status: 422, code: "idempotency_key_reused", message: "key \(submission.key) was used for another request")
            }
            record(submission, orderID: order.id, isRepeat: true)
            return .repeated(order)
        }
        let outcome: Outcome
        switch submission.operation {
        case .new: outcome = place(submission)
        case .change: outcome = change(submission)
        case .cancel: outcome = cancel(submission)
        }
        if case .placed(let order) = outcome {
            keys[submission.key] = (submission.fingerprint, order.id)
            record(submission, orderID: order.id, isRepeat: false)
        }
        return outcome
    }

    private func place(_ submission: Submission) -> Outcome {
        guard !submission.lines.isEmpty else { return .refused(status: 422, code: "no_lines", message: "the order has no lines") }
        let id = "\(profile.idPrefix)-\(String(orderIDs.count + 1).leftPadded(to: 6))"
        let order = Order(
            id: id, poNumber: submission.poNumber, version: submission.version, createdAt: Self.now(), stage: .received,
            lines: submission.lines, answers: [], shipments: [])
        orders[id] = order
        orderIDs.append(id)
        plan(order)
        return .placed(orders[id]!)
    }

    private func change(_ submission: Submission) -> Outcome {
        guard var order = orders(poNumber: submission.poNumber).last(where: { $0.stage != .cancelled }) else {
            return .refused(status: 404, code: "unknown_order", message: "no open order \(submission.poNumber) to change")
        }
        guard submission.version > order.version else {
            return .refused(status: 409, code: "stale_version", message: "the order is at version \(order.version)")
        }
        for line in submission.lines where line.quantity < order.shipped(line.lineNumber) {
            return .refused(
                status: 409, code: "below_shipped", message: "line \(line.lineNumber): \(order.shipped(line.lineNumber)) shipped")
        }
        guard order.stage != .shipped else { return .refused(status: 409, code: "shipped", message: "the order has shipped") }
        order.version = submission.version
        order.lines = submission.lines
        order.answers = []
        order.stage = order.shipments.isEmpty ? .received : .partiallyShipped
        orders[order.id] = order
        plan(order)
        return .placed(orders[order.id]!)
    }

    private func cancel(_ submission: Submission) -> Outcome {
        let found = submission.orderID.flatMap { orders[$0] } ?? orders(poNumber: submission.poNumber).last
        guard var order = found, order.poNumber == submission.poNumber else {
            return .refused(status: 404, code: "unknown_order", message: "no order \(submission.poNumber) to cancel")
        }
        switch order.stage {
        case .cancelled: break
        case .partiallyShipped, .shipped: return .refused(status: 409, code: "shipped", message: "the order has shipped")
        case .received, .acknowledged, .rejected:
            order.stage = .cancelled
            order.reason = submission.reason ?? "cancelled by the buyer"
        }
        orders[order.id] = order
        return .placed(order)
    }

    private func record(_ submission: Submission, orderID: String, isRepeat: Bool) {
        log.append(
            LogEntry(
                sequence: log.count + 1, key: submission.key, poNumber: submission.poNumber, version: submission.version,
                operation: submission.operation.rawValue, isRepeat: isRepeat, orderID: orderID,
                receivedAt: ISO8601DateTime.format(Self.now())))
    }

    /// Schedules the acknowledgement and shipments of the order's current version.
    private func plan(_ order: Order) {
        let now = ContinuousClock.now
        if let after = profile.acknowledgeAfter {
            if after == .zero { acknowledgeNow(order.id) }
            schedule.yield(Scheduled(due: now + after, event: .acknowledge(orderID: order.id, version: order.version)))
        }
        if let after = profile.shipAfter {
            schedule.yield(Scheduled(due: now + after, event: .ship(orderID: order.id, version: order.version, part: 1)))
            schedule.yield(Scheduled(due: now + after * 2, event: .ship(orderID: order.id, version: order.version, part: 2)))
        }
    }

    // MARK: Later work

    /// Does an event's work; nil when there is nothing to tell (the order moved on or was cancelled).
    func perform(_ event: Event) -> Announcement? {
        switch event {
        case .acknowledge(let id, let version):
            guard let order = orders[id], order.version == version, order.stage != .cancelled else { return nil }
            acknowledgeNow(id)
            return .acknowledged(orders[id]!)
        case .ship(let id, let version, let part):
            guard var order = orders[id], order.version == version, [.received, .acknowledged, .partiallyShipped].contains(order.stage)
            else { return nil }
            if !order.isAcknowledged {
                acknowledgeNow(id)
                order = orders[id]!
            }
            var quantities: [LineQuantity] = []
            for line in order.lines {
                let answers = order.answers(line.lineNumber)
                let accepted = answers.filter { $0.status == "accepted" || $0.status == "changed" }.reduce(0) { $0 + $1.quantity }
                let backordered = answers.filter { $0.status == "backordered" }.reduce(0) { $0 + $1.quantity }
                // Part 1: what is in stock (half of it when shipping in parts); part 2: the rest.
                let target = part == 1 ? (profile.partialShipments ? (accepted + 1) / 2 : accepted) : accepted + backordered
                let quantity = target - order.shipped(line.lineNumber)
                if quantity > 0 { quantities.append(LineQuantity(lineNumber: line.lineNumber, quantity: quantity)) }
            }
            guard !quantities.isEmpty else { return nil }
            let shipment = VendorJSONWire.Shipment(
                id: "\(id)-S\(order.shipments.count + 1)", carrier: profile.carrier,
                trackingNumber: "TRK" + String(random.next() % 1_000_000_000_000, radix: 10).leftPadded(to: 12),
                shippedAt: ISO8601DateTime.format(Self.now()), lines: quantities)
            order.shipments.append(shipment)
            let complete = order.lines.allSatisfy { line in
                order.shipped(line.lineNumber)
                    >= order.answers(line.lineNumber).filter { $0.status != "rejected" }.reduce(0) { $0 + $1.quantity }
            }
            order.stage = complete ? .shipped : .partiallyShipped
            orders[id] = order
            return .shipped(order, shipment)
        }
    }

    /// Answers every line once per version: accepted, or (at the profile's rate) partly or wholly
    /// backordered with a later delivery date.
    private func acknowledgeNow(_ id: String) {
        guard var order = orders[id], !order.isAcknowledged else { return }
        let today = LocalDate(daysSinceEpoch: Int(Self.now() / 86_400_000))
        var answers: [VendorJSONWire.LineStatus] = []
        for line in order.lines {
            let ready = today.adding(days: 3).iso
            if roll(profile.backorderRate) {
                let inStock = line.quantity / 2
                if inStock > 0 {
                    answers.append(.init(lineNumber: line.lineNumber, status: "accepted", quantity: inStock, deliveryDate: ready))
                }
                answers.append(
                    .init(
                        lineNumber: line.lineNumber, status: "backordered", quantity: line.quantity - inStock,
                        deliveryDate: today.adding(days: 21).iso, comment: "out of stock"))
            } else {
                answers.append(.init(lineNumber: line.lineNumber, status: "accepted", quantity: line.quantity, deliveryDate: ready))
            }
        }
        order.answers = answers
        if order.stage == .received { order.stage = .acknowledged }
        orders[id] = order
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded()) }
}
