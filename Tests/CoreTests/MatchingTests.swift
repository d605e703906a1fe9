import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct MatchingTests {
    // Line 1: 11 at 4.25; line 2: 12 at 12.50; shipping 15.00, tax 9.78.
    static let order = PurchasingFixtures.order(lines: 2)
    static let ordered = [1: 11, 2: 12]

    @Test func receiptsStayWithinTheOverReceiptToleranceAcrossReceipts() {
        let strict = MatchTolerances(overReceiptPercent: 0)
        #expect(
            Receiving.problems([ReceiptLine(lineNumber: 1, received: 11)], ordered: Self.ordered, acceptedBefore: [:], tolerances: strict)
                .isEmpty)
        // 6 accepted before + 6 now = 12 > 11.
        let over = Receiving.problems(
            [ReceiptLine(lineNumber: 1, received: 6)], ordered: Self.ordered, acceptedBefore: [1: 6], tolerances: strict)
        #expect(over.map(\.field) == ["lines[0].quantity"])
        // 10% of 11 is 1 (rounded down): 12 is allowed, 13 is not.
        let loose = MatchTolerances(overReceiptPercent: 10)
        #expect(
            Receiving.problems([ReceiptLine(lineNumber: 1, received: 6)], ordered: Self.ordered, acceptedBefore: [1: 6], tolerances: loose)
                .isEmpty)
        #expect(
            !Receiving.problems([ReceiptLine(lineNumber: 1, received: 7)], ordered: Self.ordered, acceptedBefore: [1: 6], tolerances: loose)
                .isEmpty)
        // Rejected goods do not count, but need a reason.
        #expect(
            Receiving.problems(
                [ReceiptLine(lineNumber: 1, received: 8, rejected: 3, reason: "wet")], ordered: Self.ordered, acceptedBefore: [1: 6],
                tolerances: strict
            ).isEmpty)
        let problems = Receiving.problems(
            [ReceiptLine(lineNumber: 2, received: 2, rejected: 3), ReceiptLine(lineNumber: 2, received: 1, rejected: 1)],
            ordered: Self.ordered, acceptedBefore: [:], tolerances: strict)
        #expect(problems.map(\.field) == ["lines[0].rejected", "lines[1].line", "lines[1].reason"])
    }

    @Test func anInvoiceMatchesThePricesOrderedAndTheQuantitiesAccepted() {
        let tolerances = MatchTolerances(quantityPercent: 0, pricePercent: 2, amount: FixedDecimal(1))
        let charges = PurchasingFixtures.decimal("24.78")
        let exact = [
            InvoiceLine(lineNumber: 1, quantity: 11, unitPrice: PurchasingFixtures.decimal("4.25")),
            InvoiceLine(lineNumber: 2, quantity: 12, unitPrice: PurchasingFixtures.decimal("12.50")),
        ]
        let matched = InvoiceMatch.match(exact, charges: charges, order: Self.order, accepted: Self.ordered, tolerances: tolerances)
        #expect(matched.matched && matched.reasons.isEmpty)
        #expect(matched.expected == Self.order.total)
        // Two short on line 2: the quantity is held, and so is the amount.
        let short = InvoiceMatch.match(exact, charges: charges, order: Self.order, accepted: [1: 11, 2: 10], tolerances: tolerances)
        #expect(!short.matched)
        #expect(short.reasons.contains { $0.hasPrefix("line 2: 12 invoiced but 10 accepted") })
        #expect(short.reasons.contains { $0.contains("above what the order and receipts justify") })
        // 1.9% dearer is within 2%; 2.4% is not.
        var dearer = exact
        dearer[0].unitPrice = PurchasingFixtures.decimal("4.33")
        #expect(InvoiceMatch.match(dearer, charges: .zero, order: Self.order, accepted: Self.ordered, tolerances: tolerances).matched)
        dearer[0].unitPrice = PurchasingFixtures.decimal("4.35")
        #expect(!InvoiceMatch.match(dearer, charges: .zero, order: Self.order, accepted: Self.ordered, tolerances: tolerances).matched)
        // A line that is not on the order.
        let stray = InvoiceMatch.match(
            [InvoiceLine(lineNumber: 7, quantity: 1, unitPrice: .zero)], charges: .zero, order: Self.order, accepted: Self.ordered,
            tolerances: tolerances)
        #expect(stray.reasons == ["line 7 is not on PO-2026-000123"])
    }
}
