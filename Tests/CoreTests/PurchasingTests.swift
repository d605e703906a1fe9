import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct PurchasingTests {
    typealias Status = PurchaseOrderState.Status
    typealias Event = PurchaseOrderState.Event

    static func decimal(_ text: String) -> FixedDecimal { PurchasingFixtures.decimal(text) }
    static func quantities(_ pairs: KeyValuePairs<Int, Int>) -> [LineQuantity] {
        pairs.map { LineQuantity(lineNumber: $0.key, quantity: $0.value) }
    }

    /// Two lines: 11 and 12 reams.
    static let order = PurchasingFixtures.order(lines: 2)
    static let acceptAll = OrderConfirmation(orderNumber: order.number, noticeDate: 0, wholeOrder: .accepted)

    /// The order's state once it has reached `status` along the usual path.
    static func state(at status: Status) throws -> PurchaseOrderState {
        var state = PurchaseOrderState(order: order)
        let path: [Status] = [
            .draft, .issued, .acknowledged, .partiallyShipped, .shipped, .partiallyReceived, .received, .invoiced, .matched, .closed,
        ]
        if status == .cancelled {
            _ = try state.issue()
            _ = try state.cancel(reason: "no longer needed")
            return state
        }
        for step in path.prefix(through: path.firstIndex(of: status)!) {
            switch step {
            case .draft: break
            case .issued: _ = try state.issue()
            case .acknowledged: _ = try state.acknowledge(acceptAll)
            case .partiallyShipped: _ = try state.ship(shipmentID: "s1", quantities([1: 5]))
            case .shipped: _ = try state.ship(shipmentID: "s1", quantities([1: 11, 2: 12]))
            case .partiallyReceived: _ = try state.receive(receiptID: "r1", quantities([1: 11]))
            case .received: _ = try state.receive(receiptID: "r1", quantities([1: 11, 2: 12]))
            case .invoiced: _ = try state.invoice(invoiceID: "INV-1")
            case .matched: _ = try state.match()
            case .closed: _ = try state.close()
            case .cancelled: break
            }
        }
        #expect(state.status == status)
        return state
    }

    // MARK: Numbers and the order

    @Test func orderNumbersFormatParseAndFollowEachOther() throws {
        let number = try #require(PurchaseOrderNumber("PO-2026-000123"))
        #expect(number.year == 2026 && number.sequence == 123)
        #expect(number.text == "PO-2026-000123")
        #expect(PurchaseOrderNumber(year: 2026, sequence: 1_234_567)?.text == "PO-2026-1234567")
        #expect(PurchaseOrderNumber("PO-2026-1234567")?.sequence == 1_234_567)
        for bad in [
            "po-2026-000123", "PO-26-000123", "PO-2026-123", "PO-2026-0000123", "PO-2026-000000", "PO-2026-00012a", "PO-2026-000123-1", "",
        ] {
            #expect(PurchaseOrderNumber(bad) == nil, "\(bad)")
        }
        #expect(PurchaseOrderNumber.next(after: number, year: 2026)?.text == "PO-2026-000124")
        #expect(PurchaseOrderNumber.next(after: number, year: 2027)?.text == "PO-2027-000001")
        #expect(PurchaseOrderNumber.next(after: nil, year: 2026)?.text == "PO-2026-000001")
        #expect(number < PurchaseOrderNumber("PO-2027-000001")!)
        let json = try JSONEncoder().encode([number])
        #expect(String(decoding: json, as: UTF8.self) == #"["PO-2026-000123"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PurchaseOrderNumber].self, from: Data(#"["PO-1"]"#.utf8)) }
    }

    @Test func totalsAreExactDecimals() {
        let order = PurchasingFixtures.order()
        #expect(order.lines.map(\.lineTotal) == [Self.decimal("46.75"), Self.decimal("150"), Self.decimal("55.25")])
        #expect(order.subtotal == Self.decimal("252"))
        #expect(order.total == Self.decimal("276.78"))
        #expect(order.money(order.total) == Money(Self.decimal("276.78"), PurchasingFixtures.usd))
        #expect(order.paymentTerms.description == "2% 10, Net 30")
        #expect(order.incoterms?.description == "DAP Lisbon (Incoterms 2020)")
    }

    @Test func validationNamesEveryBadField() throws {
        try PurchasingFixtures.order().validate()
        var order = PurchasingFixtures.order()
        order.lines[1].lineNumber = 1
        order.lines[0].quantity = 0
        order.lines[2].supplierPartID = " "
        order.shipTo.address.countryCode = "Portugal"
        order.shipTo.address.street = []
        order.supplier.contact?.email = "not an email"
        let failure = try #require(throws: ValidationFailure.self) { try order.validate() }
        #expect(
            Set(failure.errors.map(\.field)) == [
                "lines[1].line_number", "lines[0].quantity", "lines[2].supplier_part_id", "ship_to.address.country_code",
                "ship_to.address.street", "supplier.contact.email",
            ])
        order.lines = []
        #expect(throws: ValidationFailure.self) { try order.validate() }
    }

    @Test func aRevisionIsTheNextVersionOfTheSameNumber() {
        let order = PurchasingFixtures.order()
        let revised = order.revised(at: order.orderDate + 3_600_000) { $0.lines[0].quantity = 20 }
        #expect(revised.number == order.number)
        #expect(revised.version == 2)
        #expect(revised.orderDate == order.orderDate + 3_600_000)
        #expect(revised.lines[0].quantity == 20 && order.lines[0].quantity == 11)
    }

    @Test func ordersAndStatesRoundTripThroughJSON() throws {
        let order = PurchasingFixtures.order()
        let data = try JSONEncoder().encode(order)
        #expect(try JSONDecoder().decode(PurchaseOrder.self, from: data) == order)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""requested_delivery_date":"2026-03-16""#))
        #expect(text.contains(#""number":"PO-2026-000123""#))
        let state = try Self.state(at: .partiallyReceived)
        #expect(try JSONDecoder().decode(PurchaseOrderState.self, from: JSONEncoder().encode(state)) == state)
    }

    // MARK: The state machine

    @Test func theUsualPathReturnsWhatToDoAtEachStep() throws {
        var state = PurchaseOrderState(order: Self.order)
        #expect(state.status == .draft)
        #expect(try state.issue() == .sendOrder(version: 1))
        #expect(state.status == .issued)
        #expect(try state.acknowledge(Self.acceptAll) == PurchaseOrderAction.none)
        #expect(state.status == .acknowledged)
        #expect(state.lines.map(\.acknowledgement) == [.accepted, .accepted])
        #expect(try state.ship(shipmentID: "s1", Self.quantities([1: 11, 2: 4])) == PurchaseOrderAction.none)
        #expect(state.status == .partiallyShipped)
        _ = try state.ship(shipmentID: "s2", Self.quantities([2: 8]))
        #expect(state.status == .shipped)
        #expect(state.lines.map(\.shipped) == [11, 12])
        _ = try state.receive(receiptID: "r1", Self.quantities([1: 11]))
        #expect(state.status == .partiallyReceived)
        _ = try state.receive(receiptID: "r2", Self.quantities([2: 12]))
        #expect(state.status == .received)
        #expect(try state.invoice(invoiceID: "INV-1") == .matchInvoice(invoiceID: "INV-1"))
        #expect(state.status == .invoiced)
        #expect(try state.match() == .releasePayment)
        #expect(try state.close() == PurchaseOrderAction.none)
        #expect(state.status == .closed)
    }

    /// Every event from every status: the allowed ones are not refused for the status, the others
    /// are refused with `notAllowed` and leave the state exactly as it was.
    @Test func everyEventIsAllowedOnlyFromItsStatuses() throws {
        let allowed: [Status: Set<Event>] = [
            .draft: [.issue, .cancel],
            .issued: [.acknowledge, .change, .cancel, .ship, .receive],
            .acknowledged: [.acknowledge, .change, .cancel, .ship, .receive],
            .partiallyShipped: [.acknowledge, .change, .ship, .withdrawShipment, .receive],
            .shipped: [.acknowledge, .ship, .withdrawShipment, .receive],
            .partiallyReceived: [.acknowledge, .ship, .withdrawShipment, .receive],
            .received: [.acknowledge, .invoice],
            .invoiced: [.match],
            .matched: [.close],
            .closed: [],
            .cancelled: [],
        ]
        typealias Attempt = (inout PurchaseOrderState) throws(PurchaseOrderRefusal) -> PurchaseOrderAction
        let attempts: [Event: Attempt] = [
            .issue: { state throws(PurchaseOrderRefusal) in try state.issue() },
            .acknowledge: { state throws(PurchaseOrderRefusal) in try state.acknowledge(Self.acceptAll) },
            .change: { state throws(PurchaseOrderRefusal) in
                try state.change(to: Self.order.revised(at: 0) { $0.lines[0].quantity = 11 })
            },
            .ship: { state throws(PurchaseOrderRefusal) in try state.ship(shipmentID: "s9", Self.quantities([1: 1])) },
            .withdrawShipment: { state throws(PurchaseOrderRefusal) in try state.withdrawShipment("s1") },
            .receive: { state throws(PurchaseOrderRefusal) in try state.receive(receiptID: "r9", Self.quantities([1: 1])) },
            .invoice: { state throws(PurchaseOrderRefusal) in try state.invoice(invoiceID: "INV-9") },
            .match: { state throws(PurchaseOrderRefusal) in try state.match() },
            .close: { state throws(PurchaseOrderRefusal) in try state.close() },
            .cancel: { state throws(PurchaseOrderRefusal) in try state.cancel(reason: "test") },
        ]
        for status in Status.allCases {
            let start = try Self.state(at: status)
            for (event, attempt) in attempts {
                var state = start
                do {
                    _ = try attempt(&state)
                    #expect(allowed[status]!.contains(event), "\(event) from \(status) should be refused")
                } catch {
                    if case .notAllowed(let refused, let from) = error {
                        #expect(refused == event && from == status)
                        #expect(!allowed[status]!.contains(event), "\(event) from \(status) should be allowed")
                    } else {
                        // Allowed from this status, refused for its arguments (e.g. shipping more than ordered).
                        #expect(allowed[status]!.contains(event), "\(event) from \(status): \(error)")
                    }
                    #expect(state == start, "a refused \(event) changed the state")
                }
            }
        }
    }

    @Test func acknowledgementsArePerLineAndSendChangesToAPerson() throws {
        var state = try Self.state(at: .issued)
        let confirmation = OrderConfirmation(
            orderNumber: Self.order.number, noticeDate: 0,
            lines: [
                LineConfirmation(lineNumber: 1, status: .accepted, quantity: 8),
                LineConfirmation(lineNumber: 1, status: .backordered, quantity: 3, deliveryDate: LocalDate(year: 2026, month: 4, day: 1)),
                LineConfirmation(
                    lineNumber: 2, status: .changed, quantity: 10, unitPrice: Money(Self.decimal("13"), PurchasingFixtures.usd)),
            ])
        #expect(try state.acknowledge(confirmation) == .review(lines: [1, 2]))
        #expect(state.status == .acknowledged && state.isAcknowledged)
        #expect(state.lines.map(\.acknowledgement) == [.backordered, .changed])
        #expect(state.lines.map(\.expected) == [11, 10])
        // The vendor will ship 10 of line 2: shipping 11 is refused, 10 completes it.
        #expect(throws: PurchaseOrderRefusal.overShipped(line: 2, expected: 10, shipped: 11)) {
            try state.ship(shipmentID: "s1", Self.quantities([1: 11, 2: 11]))
        }
        _ = try state.ship(shipmentID: "s1", Self.quantities([1: 11, 2: 10]))
        #expect(state.status == .shipped)
    }

    @Test func rejectionsAndWholeOrderAnswers() throws {
        var state = try Self.state(at: .issued)
        let reject = OrderConfirmation(
            orderNumber: Self.order.number, noticeDate: 0, lines: [LineConfirmation(lineNumber: 2, status: .rejected, quantity: 12)])
        #expect(try state.acknowledge(reject) == .review(lines: [2]))
        // Line 1 was not mentioned: accepted as ordered.
        #expect(state.lines.map(\.acknowledgement) == [.accepted, .rejected])
        #expect(throws: PurchaseOrderRefusal.overShipped(line: 2, expected: 0, shipped: 1)) {
            try state.ship(shipmentID: "s1", Self.quantities([2: 1]))
        }
        _ = try state.ship(shipmentID: "s1", Self.quantities([1: 11]))
        #expect(state.status == .shipped)  // nothing more is expected of the rejected line

        var whole = try Self.state(at: .issued)
        let rejectAll = OrderConfirmation(orderNumber: Self.order.number, noticeDate: 0, wholeOrder: .rejected)
        #expect(try whole.acknowledge(rejectAll) == .review(lines: [1, 2]))
        #expect(whole.lines.map(\.expected) == [0, 0])
        #expect(try whole.cancel(reason: "vendor rejected") == .sendCancellation(version: 1))
    }

    @Test func contradictoryAcknowledgementsAreRefused() throws {
        let state = try Self.state(at: .issued)
        var copy = state
        let unknownLine = OrderConfirmation(
            orderNumber: Self.order.number, noticeDate: 0, lines: [LineConfirmation(lineNumber: 9, status: .accepted, quantity: 1)])
        #expect(throws: PurchaseOrderRefusal.unknownLine(9)) { try copy.acknowledge(unknownLine) }
        let stale = OrderConfirmation(orderNumber: Self.order.number, orderVersion: 3, noticeDate: 0, wholeOrder: .accepted)
        #expect(throws: PurchaseOrderRefusal.staleVersion(current: 1, received: 3)) { try copy.acknowledge(stale) }
        let negative = OrderConfirmation(
            orderNumber: Self.order.number, noticeDate: 0, lines: [LineConfirmation(lineNumber: 1, status: .accepted, quantity: -1)])
        #expect(throws: PurchaseOrderRefusal.negativeQuantity(line: 1, quantity: -1)) { try copy.acknowledge(negative) }
        let otherOrder = OrderConfirmation(orderNumber: PurchaseOrderNumber("PO-2026-000999")!, noticeDate: 0, wholeOrder: .accepted)
        #expect(throws: PurchaseOrderRefusal.otherOrder(PurchaseOrderNumber("PO-2026-000999")!)) { try copy.acknowledge(otherOrder) }
        #expect(copy == state)
        // After 5 of line 1 shipped, the vendor cannot reject the whole line.
        var shipped = try Self.state(at: .partiallyShipped)
        let late = OrderConfirmation(
            orderNumber: Self.order.number, noticeDate: 0, lines: [LineConfirmation(lineNumber: 1, status: .rejected, quantity: 11)])
        #expect(throws: PurchaseOrderRefusal.overShipped(line: 1, expected: 0, shipped: 5)) { try shipped.acknowledge(late) }
    }

    /// Vendors' messages overtake each other: an acknowledgement that arrives after the goods shipped
    /// or arrived is recorded and never moves the status back; after the invoice it is refused.
    @Test func aLateAcknowledgementIsRecordedWithoutMovingTheStatusBack() throws {
        let receipts: [(Status, KeyValuePairs<Int, Int>)] = [(.shipped, [:]), (.partiallyReceived, [1: 11]), (.received, [1: 11, 2: 12])]
        for (status, received) in receipts {
            var state = PurchaseOrderState(order: Self.order)
            _ = try state.issue()
            _ = try state.ship(shipmentID: "s1", Self.quantities([1: 11, 2: 12]))
            if !received.isEmpty { _ = try state.receive(receiptID: "r1", Self.quantities(received)) }
            #expect(state.status == status)
            #expect(!state.isAcknowledged)
            #expect(try state.acknowledge(Self.acceptAll) == PurchaseOrderAction.none)
            #expect(state.status == status)
            #expect(state.isAcknowledged)
            #expect(state.lines.map(\.acknowledgement) == [.accepted, .accepted])
        }
        var received = try Self.state(at: .received)
        let rejectLine = OrderConfirmation(
            orderNumber: Self.order.number, noticeDate: 0, lines: [LineConfirmation(lineNumber: 2, status: .rejected, quantity: 12)])
        #expect(throws: PurchaseOrderRefusal.overShipped(line: 2, expected: 0, shipped: 12)) { try received.acknowledge(rejectLine) }
        var invoiced = try Self.state(at: .invoiced)
        #expect(throws: PurchaseOrderRefusal.notAllowed(event: .acknowledge, from: .invoiced)) {
            try invoiced.acknowledge(Self.acceptAll)
        }
    }

    @Test func shipmentsAndReceiptsCountOncePerID() throws {
        var state = try Self.state(at: .acknowledged)
        _ = try state.ship(shipmentID: "s1", Self.quantities([1: 5]))
        _ = try state.ship(shipmentID: "s1", Self.quantities([1: 5]))  // the vendor sent the notice twice
        #expect(state.lines.map(\.shipped) == [5, 0])
        _ = try state.ship(shipmentID: "s1", Self.quantities([1: 6]))  // a corrected notice replaces it
        #expect(state.lines.map(\.shipped) == [6, 0])
        #expect(state.status == .partiallyShipped)
        _ = try state.withdrawShipment("s1")
        #expect(state.status == .acknowledged)
        #expect(throws: PurchaseOrderRefusal.notAllowed(event: .withdrawShipment, from: .acknowledged)) {
            try state.withdrawShipment("s1")
        }
        _ = try state.ship(shipmentID: "s2", Self.quantities([1: 11, 2: 12]))
        #expect(throws: PurchaseOrderRefusal.unknownShipment("s1")) { try state.withdrawShipment("s1") }
        _ = try state.receive(receiptID: "r1", Self.quantities([1: 4]))
        _ = try state.receive(receiptID: "r1", Self.quantities([1: 4]))
        #expect(state.lines.map(\.received) == [4, 0])
        #expect(state.status == .partiallyReceived)
        #expect(throws: PurchaseOrderRefusal.overShipped(line: 2, expected: 12, shipped: 13)) {
            try state.receive(receiptID: "r2", Self.quantities([2: 13]))
        }
        #expect(throws: PurchaseOrderRefusal.nothingToRecord) { try state.receive(receiptID: "r3", Self.quantities([2: 0])) }
        #expect(throws: PurchaseOrderRefusal.negativeQuantity(line: 2, quantity: -2)) {
            try state.receive(receiptID: "r3", Self.quantities([1: 1, 2: -2]))
        }
        #expect(throws: PurchaseOrderRefusal.unknownLine(7)) { try state.ship(shipmentID: "s3", Self.quantities([7: 1])) }
    }

    @Test func goodsMayArriveWithoutANotice() throws {
        var state = try Self.state(at: .issued)
        _ = try state.receive(receiptID: "r1", Self.quantities([1: 11, 2: 2]))
        #expect(state.lines.map(\.shipped) == [11, 2])
        #expect(state.status == .partiallyReceived)
        _ = try state.receive(receiptID: "r2", Self.quantities([2: 10]))
        #expect(state.status == .received)
    }

    @Test func aChangeIsANewVersionAcknowledgedAgain() throws {
        var state = try Self.state(at: .acknowledged)
        let revised = Self.order.revised(at: 1) { order in
            order.lines[0].quantity = 20
            order.lines.append(PurchasingFixtures.line(3, quantity: 5))
        }
        #expect(try state.change(to: revised) == .sendChangeOrder(version: 2))
        #expect(state.version == 2 && state.status == .issued && !state.isAcknowledged)
        #expect(state.lines.map(\.ordered) == [20, 12, 5])
        #expect(state.lines.allSatisfy { $0.confirmations.isEmpty })
        let again = Self.order.revised(at: 2) { $0.lines[0].quantity = 30 }  // version 2 again: stale
        #expect(throws: PurchaseOrderRefusal.staleVersion(current: 2, received: 2)) { try state.change(to: again) }
        let confirmationOfVersion1 = OrderConfirmation(
            orderNumber: Self.order.number, orderVersion: 1, noticeDate: 0, wholeOrder: .accepted)
        #expect(throws: PurchaseOrderRefusal.staleVersion(current: 2, received: 1)) {
            try state.acknowledge(confirmationOfVersion1)
        }
    }

    @Test func aChangeCannotGoBelowWhatShipped() throws {
        var state = try Self.state(at: .partiallyShipped)  // 5 of line 1 shipped
        let tooFew = Self.order.revised(at: 1) { $0.lines[0].quantity = 4 }
        #expect(throws: PurchaseOrderRefusal.belowShipped(line: 1, shipped: 5, quantity: 4)) { try state.change(to: tooFew) }
        let dropped = Self.order.revised(at: 1) { $0.lines.removeFirst() }
        #expect(throws: PurchaseOrderRefusal.belowShipped(line: 1, shipped: 5, quantity: 0)) { try state.change(to: dropped) }
        // Cutting the open quantities to what already shipped leaves the order fully shipped.
        let cut = Self.order.revised(at: 1) { order in
            order.lines[0].quantity = 5
            order.lines.removeLast()
        }
        #expect(try state.change(to: cut) == .sendChangeOrder(version: 2))
        #expect(state.status == .shipped)
    }

    @Test func cancellingSendsACancellationOnlyForSentOrders() throws {
        var draft = try Self.state(at: .draft)
        #expect(try draft.cancel(reason: "duplicate") == PurchaseOrderAction.none)
        #expect(draft.status == .cancelled && draft.cancellationReason == "duplicate")
        var acknowledged = try Self.state(at: .acknowledged)
        #expect(try acknowledged.cancel(reason: "budget cut") == .sendCancellation(version: 1))
        var shipped = try Self.state(at: .partiallyShipped)
        #expect(throws: PurchaseOrderRefusal.notAllowed(event: .cancel, from: .partiallyShipped)) {
            try shipped.cancel(reason: "late")
        }
        #expect(
            PurchaseOrderRefusal.notAllowed(event: .cancel, from: .partiallyShipped).description
                == "cannot cancel an order that is partially shipped")
        #expect(PurchaseOrderRefusal.notAllowed(event: .cancel, from: .partiallyShipped).isConflict)
    }
}
