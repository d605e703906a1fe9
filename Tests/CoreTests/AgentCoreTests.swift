import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct AgentCoreTests {
    @Test func runStepsAreOrderedAndCommandsFollowTheStatus() {
        #expect(RunStep.understand.next == .search)
        #expect(RunStep.notify.next == nil)
        #expect(RunStep.allCases.map(\.ordinal) == Array(0..<8))
        #expect(RunCommand.cancel.apply(to: .running, waitingFor: nil) == .success(.cancelled))
        #expect(RunCommand.cancel.apply(to: .waiting, waitingFor: "approval") == .success(.cancelled))
        #expect((try? RunCommand.cancel.apply(to: .succeeded, waitingFor: nil).get()) == nil)
        #expect(RunCommand.retry.apply(to: .failed, waitingFor: nil) == .success(.running))
        #expect((try? RunCommand.retry.apply(to: .running, waitingFor: nil).get()) == nil)
        #expect(RunCommand.answer.apply(to: .waiting, waitingFor: "clarification") == .success(.running))
        #expect((try? RunCommand.answer.apply(to: .waiting, waitingFor: "approval").get()) == nil)
    }

    static func candidate(
        vendor: String, price: String, pack: Int = 1, unit: String = "EA", stock: Int? = nil, moq: Int = 1,
        multiple: Int = 1, lead: Int? = nil, breaks: [PriceBreak] = []
    ) -> SourcingCandidate {
        let offer = MatchCandidate.Offer(
            vendorID: vendor, vendorName: vendor, vendorSKU: "\(vendor)-1",
            terms: OfferTerms(
                price: FixedDecimal(parsing: price)!, currency: CurrencyCode("USD")!, priceBreaks: breaks, stock: stock, moq: moq,
                orderMultiple: multiple, leadTimeDays: lead, unit: UnitOfMeasure(unit)!, packSize: pack))
        let variant = MatchCandidate.Variant(id: "v", sku: "SKU", options: [], offers: [offer])
        let result = MatchResult(productID: "p", title: "Thing", variant: variant, offer: offer, score: 1, reasons: [])
        return SourcingCandidate(result: result, offer: offer)
    }

    @Test func unitsCoverTheLineInPacksMOQsAndMultiples() {
        let pens = RequisitionLine(description: "pens", quantity: 3)
        #expect(Self.candidate(vendor: "a", price: "10", pack: 12, unit: "BX").units(for: pens) == 1)
        let boxes = RequisitionLine(description: "pens", quantity: 2, unit: "BX")
        #expect(Self.candidate(vendor: "a", price: "10", pack: 12, unit: "BX").units(for: boxes) == 2)
        let sized = RequisitionLine(description: "pens", quantity: 2, unit: "BX", packSize: 10)
        #expect(Self.candidate(vendor: "a", price: "10", pack: 12, unit: "BX").units(for: sized) == 2)  // 20 pens → 2 boxes of 12
        #expect(Self.candidate(vendor: "a", price: "1", moq: 10).units(for: pens) == 10)
        #expect(Self.candidate(vendor: "a", price: "1", multiple: 4).units(for: pens) == 4)
        let breaks = Self.candidate(vendor: "a", price: "2", breaks: [PriceBreak(minQuantity: 10, price: FixedDecimal(parsing: "1.5")!)])
        #expect(breaks.unitPrice(forUnits: 9) == FixedDecimal(2))
        #expect(breaks.unitPrice(forUnits: 10) == FixedDecimal(parsing: "1.5"))
    }

    @Test func theQuoteTakesTheCheapestFeasibleOfferAndPricesShipping() throws {
        let requisition = Requisition(
            lines: [RequisitionLine(description: "chairs", quantity: 5), RequisitionLine(description: "anvils", quantity: 1)],
            budget: Money(FixedDecimal(500), CurrencyCode("USD")!), needBy: "2026-11-30",
            preferences: Requisition.Preferences(blockedVendors: ["Blocked"]))
        let candidates = [
            LineCandidates(
                line: 0,
                candidates: [
                    Self.candidate(vendor: "Blocked", price: "10"),
                    Self.candidate(vendor: "Short", price: "20", stock: 4),
                    Self.candidate(vendor: "Slow", price: "30", lead: 20),
                    Self.candidate(vendor: "Fair", price: "90"),
                ]),
            LineCandidates(line: 1, candidates: [], reason: "nothing in the catalog matches"),
        ]
        let vendors = ["Blocked", "Short", "Slow", "Fair"].map {
            SourcingVendor(
                id: $0, name: $0, currency: CurrencyCode("USD")!, shippingFee: FixedDecimal(12), freeShippingOver: FixedDecimal(1_000))
        }
        let quote = QuoteBuilder.cheapestPerLine(
            requisition: requisition, candidates: candidates, vendors: vendors, currency: CurrencyCode("USD")!, leadTimeLimit: 9)
        let line = try #require(quote.lines.first)
        #expect(line.vendorID == "Fair" && line.quantity == 5 && line.lineTotal == FixedDecimal(450))
        #expect(line.alternatives.map(\.vendorID) == ["Blocked", "Short", "Slow"])
        #expect(quote.shipping.map(\.fee) == [FixedDecimal(12)])
        #expect(quote.total == FixedDecimal(462))
        #expect(quote.budgetRemaining == FixedDecimal(38))
        #expect(quote.unfilled.map(\.line) == [1])
        #expect(quote.unfilled.first?.reason == "nothing in the catalog matches")
    }

    @Test func theOptimisedQuoteConsolidatesShippingAndSplitsWhenStockIsShort() throws {
        let usd = CurrencyCode("USD")!
        let vendors = ["A", "B"].map { SourcingVendor(id: $0, name: "Vendor \($0)", currency: usd, shippingFee: FixedDecimal(20)) }
        let requisition = Requisition(lines: [
            RequisitionLine(description: "x", quantity: 1), RequisitionLine(description: "y", quantity: 1),
        ])
        let candidates = [
            LineCandidates(line: 0, candidates: [Self.candidate(vendor: "A", price: "10"), Self.candidate(vendor: "B", price: "11")]),
            LineCandidates(line: 1, candidates: [Self.candidate(vendor: "A", price: "12"), Self.candidate(vendor: "B", price: "10")]),
        ]
        let simple = QuoteBuilder.cheapestPerLine(
            requisition: requisition, candidates: candidates, vendors: vendors, currency: usd, leadTimeLimit: nil)
        #expect(simple.total == FixedDecimal(60))
        let best = QuoteBuilder.optimised(
            requisition: requisition, candidates: candidates, vendors: vendors, currency: usd, leadTimeLimit: nil)
        #expect(best.total == FixedDecimal(41))
        #expect(best.lines.map(\.vendorID) == ["B", "B"])
        #expect(best.method.contains("proven optimal"))
        #expect(best.notes.contains { $0.contains("19.00") })  // saved against the cheapest offer per line
        #expect(best.lines.first?.reasons.last?.contains("Vendor A") == true)

        let free = ["A", "B"].map { SourcingVendor(id: $0, name: $0, currency: usd) }
        let ten = Requisition(lines: [RequisitionLine(description: "x", quantity: 10)])
        let short = [
            LineCandidates(
                line: 0,
                candidates: [Self.candidate(vendor: "A", price: "1", stock: 6), Self.candidate(vendor: "B", price: "2", stock: 10)])
        ]
        let split = QuoteBuilder.optimised(requisition: ten, candidates: short, vendors: free, currency: usd, leadTimeLimit: nil)
        #expect(split.lines.map(\.quantity) == [6, 4])
        #expect(split.total == FixedDecimal(14))
        #expect(split.notes.contains { $0.contains("split") })
        // Packs: 30 pens from boxes of 12 → 3 boxes (36 pens), priced per box.
        let pens = Requisition(lines: [RequisitionLine(description: "pens", quantity: 30)])
        let boxes = [LineCandidates(line: 0, candidates: [Self.candidate(vendor: "A", price: "9.99", pack: 12, unit: "BX")])]
        let packed = QuoteBuilder.optimised(requisition: pens, candidates: boxes, vendors: free, currency: usd, leadTimeLimit: nil)
        #expect(packed.lines.first?.quantity == 3 && packed.total == FixedDecimal(parsing: "29.97"))
        // Too late everywhere: unfilled with the reason.
        let late = [LineCandidates(line: 0, candidates: [Self.candidate(vendor: "A", price: "1", lead: 9)])]
        let none = QuoteBuilder.optimised(requisition: ten, candidates: late, vendors: free, currency: usd, leadTimeLimit: 2)
        #expect(none.lines.isEmpty && none.unfilled.count == 1)
        // Offers only in another currency: unfilled, and the reason says there is no rate.
        var euro = Self.candidate(vendor: "A", price: "1")
        euro.currency = CurrencyCode("EUR")!
        let foreign = QuoteBuilder.optimised(
            requisition: ten, candidates: [LineCandidates(line: 0, candidates: [euro])], vendors: free, currency: usd, leadTimeLimit: nil)
        #expect(foreign.unfilled.first?.reason == "offers only in EUR; no exchange rate to USD is configured")
    }

    static let context = RequestParseContext(
        now: 1_795_262_400_000, timeZone: TimeZone(identifier: "Europe/Lisbon")!, defaultCurrency: CurrencyCode("EUR")!,
        knownVendors: ["OfficeHub Supply"])

    @Test func textBecomesARequisitionAndOptionsOnTheRequestWin() {
        var template = Requisition(lines: [])
        template.budget = Money(FixedDecimal(900), CurrencyCode("EUR")!)
        let requisition = Understanding.read(
            "20 reams of A4 paper and 5 ergonomic chairs, under €2,000, not OfficeHub Supply", context: Self.context, template: template)
        #expect(requisition.lines.map(\.quantity) == [20, 5])
        #expect(requisition.lines.first?.unit == "RM")
        #expect(requisition.budget?.amount == FixedDecimal(900))
        #expect(requisition.preferences.blockedVendors == ["OfficeHub Supply"])
        #expect(requisition.lines.allSatisfy { ($0.span?.count ?? 0) == 2 })
    }

    @Test func answersFillQuestionsOrAreRefusedWithoutChanges() throws {
        var requisition = Understanding.read("staplers\n3 boxes of blue pens", context: Self.context)
        #expect(requisition.lines.count == 2)
        let question = try #require(requisition.questions.first { $0.field == "quantity" })
        #expect(question.line == 0)
        let before = requisition
        let refused = Understanding.apply(answers: [question.id: "lots"], to: &requisition, context: Self.context)
        #expect(refused.keys.sorted() == [question.id])
        #expect(requisition == before)
        #expect(Understanding.apply(answers: [question.id: "7"], to: &requisition, context: Self.context).isEmpty)
        #expect(requisition.lines[0].quantity == 7 && !requisition.questions.contains { $0.id == question.id })
        // Nothing to read: a question asking what to buy; an answer with items replaces the lines.
        var empty = Understanding.read("   \n - \n", context: Self.context)
        #expect(empty.lines.isEmpty)
        let what = try #require(empty.questions.first)
        #expect(Understanding.apply(answers: [what.id: "nothing useful"], to: &empty, context: Self.context).count == 1)
        #expect(Understanding.apply(answers: [what.id: "4 staplers"], to: &empty, context: Self.context).isEmpty)
        #expect(empty.lines.map(\.quantity) == [4])
    }
}
