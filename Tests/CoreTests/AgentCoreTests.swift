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

    @Test func calendarDatesRoundTripAndCountDays() throws {
        let date = try #require(CalendarDate(iso: "2026-11-27"))
        #expect(date.description == "2026-11-27")
        #expect(date.weekday == 4)  // a Friday
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate(iso: "2026-13-01") == nil && CalendarDate(iso: "26-1-1") == nil)
        #expect(date.days(since: try #require(CalendarDate(iso: "2026-11-21"))) == 6)
        #expect(CalendarDate(epochMilliseconds: 0).description == "1970-01-01")
        #expect(CalendarDate(epochMilliseconds: -1).description == "1969-12-31")
        #expect(date.adding(days: 5).description == "2026-12-02")
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

    @Test func answersFillQuestionsOrAreRefusedWithoutChanges() {
        var requisition = Understanding.builtin("staplers\n3 boxes of blue pens")
        #expect(requisition.lines.count == 2)
        let question = requisition.questions.first
        #expect(question?.field == "quantity" && question?.line == 0)
        let before = requisition
        let refused = Understanding.apply(answers: [question!.id: "lots"], to: &requisition)
        #expect(refused.keys.sorted() == [question!.id])
        #expect(requisition.lines == before.lines)
        #expect(Understanding.apply(answers: [question!.id: "7"], to: &requisition).isEmpty)
        #expect(requisition.lines[0].quantity == 7 && requisition.questions.isEmpty)
        // Nothing to read: one question asking what to buy; an answer with items replaces the lines.
        var empty = Understanding.builtin("   \n - \n")
        #expect(empty.lines.isEmpty && empty.questions.map(\.field) == ["lines"])
        #expect(Understanding.apply(answers: ["q1": "4 staplers"], to: &empty).isEmpty)
        #expect(empty.lines.map(\.quantity) == [4])
    }
}
