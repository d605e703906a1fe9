import Testing

@testable import QuartermasterCore

private func money(_ text: String) -> FixedDecimal { FixedDecimal(parsing: text)! }

private func solve(_ problem: BasketProblem) throws -> BasketPlan {
    try BasketOptimizer.solve(problem, options: BasketOptions(timeLimitSeconds: 60))
}

@Suite struct BasketExhaustiveTests {
    /// The solver agrees exactly with exhaustive enumeration on random small baskets.
    @Test(arguments: 0..<8)
    func matchesBruteForce(batch: Int) throws {
        var optimal = 0
        var infeasible = 0
        for seed in (batch * 250)..<((batch + 1) * 250) {
            let problem = BasketReference.randomProblem(seed: UInt64(seed) &* 7919 &+ 17)
            let plan = try solve(problem)
            let reference = BasketReference.solve(problem)
            let (issues, key) = BasketReference.check(problem, plan)
            #expect(issues.isEmpty, "seed \(seed): \(issues)")
            let overBudget = reference.best.map { best in problem.budget.map { best.total > $0.units } ?? false } ?? false
            let expectedInfeasible = !reference.unbuyable.isEmpty || reference.best == nil || overBudget
            #expect((plan.status == .infeasible) == expectedInfeasible, "seed \(seed): status \(plan.status) \(plan.infeasible)")
            if !expectedInfeasible {
                #expect(plan.status == .optimal, "seed \(seed)")
                optimal += 1
            } else {
                infeasible += 1
            }
            #expect(Set(plan.infeasible.compactMap(\.sku)) == Set(reference.unbuyable.map { problem.items[$0].sku }), "seed \(seed)")
            if let best = reference.best, !best.plan.isEmpty {
                #expect(key == best.key, "seed \(seed): solver \(key.map(\.description) ?? "none") vs reference \(best.key)")
                if problem.preferredBonus == .zero {
                    #expect(plan.total.units == best.total, "seed \(seed): total \(plan.total) vs \(FixedDecimal(units: best.total))")
                    #expect(plan.lowerBound == plan.total, "seed \(seed)")
                }
            } else {
                #expect(plan.lines.isEmpty || reference.unbuyable.count == problem.items.count, "seed \(seed)")
            }
        }
        #expect(optimal > 50 && infeasible > 5)
    }
}

@Suite struct BasketSemanticsTests {
    static let vendors = [
        BasketVendor(id: "a", shippingFee: money("10"), freeShippingOver: money("100")),
        BasketVendor(id: "b", shippingFee: money("5")),
    ]

    @Test func priceBreakAppliesToWholeQuantity() throws {
        let offer = BasketOffer(
            vendor: "a", sku: "x", unitPrice: money("2"),
            priceBreaks: [
                BasketPriceBreak(minQuantity: 10, unitPrice: money("1.5")), BasketPriceBreak(minQuantity: 50, unitPrice: money("1")),
            ])
        #expect(offer.unitPrice(forQuantity: 9) == money("2"))
        #expect(offer.unitPrice(forQuantity: 10) == money("1.5"))
        #expect(offer.unitPrice(forQuantity: 60) == money("1"))
        let plan = try solve(BasketProblem(items: [BasketItem(sku: "x", quantity: 12)], vendors: Self.vendors, offers: [offer]))
        #expect(plan.lines.map(\.lineTotal) == [money("18")])
        #expect(plan.total == money("28"))
        #expect(plan.status == .optimal)
    }

    @Test func moqAndMultipleForceOverBuying() throws {
        let offers = [BasketOffer(vendor: "b", sku: "x", unitPrice: money("1"), moq: 5, orderMultiple: 4)]
        let plan = try solve(BasketProblem(items: [BasketItem(sku: "x", quantity: 3)], vendors: Self.vendors, offers: offers))
        #expect(plan.lines.map(\.quantity) == [8])
        #expect(plan.total == money("13"))
    }

    @Test func shortStockSplitsTheLine() throws {
        let offers = [
            BasketOffer(vendor: "a", sku: "x", unitPrice: money("1"), stock: 30),
            BasketOffer(vendor: "b", sku: "x", unitPrice: money("2")),
        ]
        let plan = try solve(BasketProblem(items: [BasketItem(sku: "x", quantity: 50)], vendors: Self.vendors, offers: offers))
        #expect(Set(plan.lines.map { "\($0.vendor):\($0.quantity)" }) == ["a:30", "b:20"])
        #expect(plan.total == money("30") + money("10") + money("40") + money("5"))
        var noSplit = BasketProblem(items: [BasketItem(sku: "x", quantity: 50)], vendors: Self.vendors, offers: offers)
        noSplit.allowSplit = false
        let single = try solve(noSplit)
        #expect(single.lines.map(\.vendor) == ["b"])
    }

    @Test func freeShippingThresholdAndMinimumOrder() throws {
        // Buying y from a (12 × 9 = 108 ≥ 100) makes shipping free even though b is cheaper for y.
        let offers = [
            BasketOffer(vendor: "a", sku: "x", unitPrice: money("8")),
            BasketOffer(vendor: "a", sku: "y", unitPrice: money("1.1")),
            BasketOffer(vendor: "b", sku: "y", unitPrice: money("1")),
        ]
        let items = [BasketItem(sku: "x", quantity: 12), BasketItem(sku: "y", quantity: 10)]
        let plan = try solve(BasketProblem(items: items, vendors: Self.vendors, offers: offers))
        #expect(plan.total == money("107"))
        #expect(plan.shipping == [BasketPlan.Shipping(vendor: "a", fee: .zero, subtotal: money("107"))])
        var vendors = Self.vendors
        vendors[1].minOrderValue = money("50")
        let minimum = try solve(
            BasketProblem(items: [BasketItem(sku: "y", quantity: 10)], vendors: vendors, offers: offers.filter { $0.sku == "y" }))
        #expect(minimum.lines.map(\.vendor) == ["a"])
    }

    @Test func infeasibleLinesAreReportedWithReasons() throws {
        let offers = [
            BasketOffer(vendor: "a", sku: "late", unitPrice: money("1"), leadTimeDays: 9),
            BasketOffer(vendor: "a", sku: "short", unitPrice: money("1"), stock: 3),
            BasketOffer(vendor: "b", sku: "blocked", unitPrice: money("1")),
            BasketOffer(vendor: "a", sku: "ok", unitPrice: money("1")),
        ]
        let items = ["late", "short", "blocked", "none", "ok"].map { BasketItem(sku: $0, quantity: 5) }
        var problem = BasketProblem(items: items, vendors: Self.vendors, offers: offers, needByDays: 5, blockedVendors: ["b"])
        problem.budget = money("2")
        let plan = try solve(problem)
        #expect(plan.status == .infeasible)
        let reasons = Dictionary(uniqueKeysWithValues: plan.infeasible.map { ($0.sku ?? "*", $0.reason) })
        #expect(reasons["late"]?.hasPrefix("too late") == true)
        #expect(reasons["short"]?.hasPrefix("not enough stock") == true)
        #expect(reasons["blocked"] == "all offers are from blocked vendors")
        #expect(reasons["none"] == "no offers")
        #expect(reasons["*"] == "over budget by 13")
        #expect(plan.lines.map(\.sku) == ["ok"])
    }

    @Test func maxVendorsTooSmallIsInfeasible() throws {
        let offers = [BasketOffer(vendor: "a", sku: "x", unitPrice: money("1")), BasketOffer(vendor: "b", sku: "y", unitPrice: money("1"))]
        let items = [BasketItem(sku: "x", quantity: 1), BasketItem(sku: "y", quantity: 1)]
        let plan = try solve(BasketProblem(items: items, vendors: Self.vendors, offers: offers, maxVendors: 1))
        #expect(plan.status == .infeasible)
        #expect(plan.infeasible.first?.sku == nil)
        #expect(plan.infeasible.first?.reason.contains("at most 1 vendor") == true)
    }

    @Test func preferredVendorWinsWithinItsBonus() throws {
        let offers = [
            BasketOffer(vendor: "a", sku: "x", unitPrice: money("10.1")), BasketOffer(vendor: "b", sku: "x", unitPrice: money("10")),
        ]
        var vendors = Self.vendors
        vendors[0].shippingFee = .zero
        vendors[1].shippingFee = .zero
        var problem = BasketProblem(items: [BasketItem(sku: "x", quantity: 10)], vendors: vendors, offers: offers)
        #expect(try solve(problem).lines.map(\.vendor) == ["b"])
        problem.preferredVendors = ["a"]
        problem.preferredBonus = money("0.02")
        let plan = try solve(problem)
        #expect(plan.lines.map(\.vendor) == ["a"])
        #expect(plan.total == money("101"))
        #expect(plan.objective == money("98.98"))
    }

    @Test func explanationsAndSavings() throws {
        let vendors = [
            BasketVendor(id: "a", shippingFee: money("20")),
            BasketVendor(id: "b", shippingFee: money("20")),
        ]
        let offers = [
            BasketOffer(vendor: "a", sku: "x", unitPrice: money("10")),
            BasketOffer(vendor: "b", sku: "x", unitPrice: money("11")),
            BasketOffer(vendor: "a", sku: "y", unitPrice: money("5.5")),
            BasketOffer(vendor: "b", sku: "y", unitPrice: money("5")),
        ]
        let items = [BasketItem(sku: "x", quantity: 10), BasketItem(sku: "y", quantity: 10)]
        let plan = try solve(BasketProblem(items: items, vendors: vendors, offers: offers))
        // One vendor (a): 100 + 55 + 20 = 175; cheapest per line: 100 + 50 + 40 = 190.
        #expect(plan.total == money("175"))
        #expect(plan.vendorsUsed == ["a"])
        let y = try #require(plan.explanations.first { $0.sku == "y" })
        #expect(y.chosen == "a")
        #expect(y.runnerUp == "b")
        #expect(y.chosenCost == money("55"))
        #expect(y.runnerUpCost == money("50"))
        #expect(y.costDifference == money("15"))  // −5 on the item, +20 shipping
        let savings = try #require(plan.savings)
        #expect(savings.cheapestPerLineTotal == money("190"))
        #expect(savings.versusCheapestPerLine == money("15"))
        #expect(savings.bestSingleVendor == "a")
        #expect(savings.versusBestSingleVendor == .zero)
    }
}

@Suite struct BasketInputTests {
    static let vendor = BasketVendor(id: "a")
    static let offer = BasketOffer(vendor: "a", sku: "x", unitPrice: FixedDecimal(1))

    private func field(_ problem: BasketProblem) -> String? {
        do {
            _ = try BasketOptimizer.solve(problem)
            return nil
        } catch {
            return error.field
        }
    }

    @Test func rejectsBadInputNamingTheField() {
        let item = BasketItem(sku: "x", quantity: 1)
        #expect(field(BasketProblem(items: [BasketItem(sku: "x", quantity: 0)], vendors: [Self.vendor], offers: [])) == "items[0].qty")
        #expect(field(BasketProblem(items: [BasketItem(sku: "x", quantity: -3)], vendors: [Self.vendor], offers: [])) == "items[0].qty")
        #expect(field(BasketProblem(items: [item, item], vendors: [Self.vendor], offers: [])) == "items[1].sku")
        var negative = Self.offer
        negative.unitPrice = FixedDecimal(units: -1)
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [negative])) == "offers[0].unit_price")
        var unknownSku = Self.offer
        unknownSku.sku = "nope"
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [unknownSku])) == "offers[0].sku")
        var unknownVendor = Self.offer
        unknownVendor.vendor = "zz"
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [unknownVendor])) == "offers[0].vendor")
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [Self.offer, Self.offer])) == "offers[1]")
        var badBreak = Self.offer
        badBreak.priceBreaks = [BasketPriceBreak(minQuantity: 5, unitPrice: FixedDecimal(units: -5))]
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [badBreak])) == "offers[0].price_breaks[0].unit_price")
        var fee = Self.vendor
        fee.shippingFee = FixedDecimal(-1)
        #expect(field(BasketProblem(items: [item], vendors: [fee], offers: [])) == "vendors[0].shipping_fee")
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor, Self.vendor], offers: [])) == "vendors[1].id")
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [], maxVendors: 0)) == "max_vendors")
        var multiple = Self.offer
        multiple.orderMultiple = 0
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [multiple])) == "offers[0].order_multiple")
        #expect(field(BasketProblem(items: [item], vendors: [Self.vendor], offers: [], blockedVendors: ["q"])) == "blocked_vendors[0]")
        var bonus = BasketProblem(items: [item], vendors: [Self.vendor], offers: [])
        bonus.preferredBonus = FixedDecimal(1)
        #expect(field(bonus) == "preferred_bonus")
    }

    @Test func itemWithoutOffersIsInfeasibleNotAnError() throws {
        let plan = try BasketOptimizer.solve(BasketProblem(items: [BasketItem(sku: "x", quantity: 1)], vendors: [Self.vendor], offers: []))
        #expect(plan.status == .infeasible)
        #expect(plan.infeasible.map(\.reason) == ["no offers"])
        #expect(plan.lines.isEmpty)
    }

    @Test func wireRejectsMalformedFields() {
        func error(_ json: String) -> String? {
            do {
                _ = try BasketWire.decode(Array(json.utf8))
                return nil
            } catch {
                return error.field
            }
        }
        #expect(error("[]") == "input")
        #expect(error("{\"vendors\":[],\"offers\":[]}") == "items")
        #expect(error("{\"items\":[{\"sku\":\"x\",\"qty\":1.5}],\"vendors\":[],\"offers\":[]}") == "items[0].qty")
        #expect(error("{\"items\":[{\"sku\":\"x\",\"qty\":\"2\"}],\"vendors\":[],\"offers\":[]}") == "items[0].qty")
        #expect(
            error(
                "{\"items\":[{\"sku\":\"x\",\"qty\":1}],\"vendors\":[{\"id\":\"a\"}],\"offers\":[{\"vendor\":\"a\",\"sku\":\"x\",\"unit_price\":1.00001}]}"
            )
                == "offers[0].unit_price")
        #expect(error("{\"items\":[{\"sku\":\"x\",\"qty\":1}],\"vendors\":[],\"offers\":[],\"allow_split\":1}") == "allow_split")
        #expect(
            error("{\"items\":[{\"sku\":\"x\",\"qty\":1}],\"vendors\":[],\"offers\":[{\"vendor\":\"a\",\"sku\":\"x\",\"unit_price\":1}]}")
                == "offers[0].vendor")
        #expect(error("{\"items\": [}") == "input")
    }
}

@Suite struct BasketWireTests {
    @Test func contractRoundTrip() throws {
        let json = """
            {"items": [{"sku": "bolt", "qty": 100}, {"sku": "nut", "qty": 40}],
             "vendors": [{"id": "acme", "shipping_fee": 12.5, "free_shipping_over": 50, "min_order_value": null},
                         {"id": "bolts-r-us", "shipping_fee": 5}],
             "offers": [{"vendor": "acme", "sku": "bolt", "unit_price": 0.12, "price_breaks": [{"min_qty": 100, "unit_price": 0.1}]},
                        {"vendor": "bolts-r-us", "sku": "bolt", "unit_price": 0.09, "stock": 60, "order_multiple": 20},
                        {"vendor": "acme", "sku": "nut", "unit_price": 0.05, "moq": 50, "lead_time_days": 3}],
             "budget": 100, "need_by_days": 10, "blocked_vendors": [], "max_vendors": 2, "time_limit_seconds": 1}
            """
        let (output, ok) = BasketWire.optimize(Array(json.utf8))
        #expect(ok)
        #expect(output["status"] == .string("optimal"))
        // bolt 100 × 0.10 = 10 from acme, nut 50 × 0.05 = 2.5 → 12.5 + 12.5 shipping = 25.
        #expect(output["total"] == .number("25"))
        #expect(output["lower_bound"] == .number("25"))
        guard case .array(let lines) = output["assignment"] else {
            Issue.record("no assignment")
            return
        }
        #expect(lines.count == 2)
        #expect(lines.first?["line_total"] == .number("10"))
        #expect(lines.first?["unit_price"] == .number("0.1"))
        #expect(lines.last?["qty"] == .number("50"))
        #expect(
            output["shipping"]
                == .array([
                    .object([
                        JSONMember("vendor", .string("acme")), JSONMember("fee", .number("12.5")), JSONMember("subtotal", .number("12.5")),
                    ])
                ]))
        for key in ["seconds", "gap", "explanations", "savings", "infeasible", "vendors_used"] { #expect(output[key] != nil, "\(key)") }
        let text = output.serialized
        #expect(text.hasPrefix("{\"status\":\"optimal\",\"total\":25,"))
    }

    @Test func errorOutputNamesTheField() {
        let (output, ok) = BasketWire.optimize(Array("{\"items\":[{\"sku\":\"x\",\"qty\":0}],\"vendors\":[],\"offers\":[]}".utf8))
        #expect(!ok)
        #expect(output["error"]?["field"] == .string("items[0].qty"))
    }
}

@Suite struct BasketBenchmarkTests {
    @Test func generatorIsDeterministicAndValid() throws {
        let a = BasketBenchmark.instance(items: 30, vendors: 8, seed: 5)
        let b = BasketBenchmark.instance(items: 30, vendors: 8, seed: 5)
        #expect(a == b)
        try a.validate()
        #expect(a.offers.contains { !$0.priceBreaks.isEmpty })
        let plan = try BasketOptimizer.solve(a, options: BasketOptions(timeLimitSeconds: 2))
        let (issues, _) = BasketReference.check(a, plan)
        #expect(issues.isEmpty, "\(issues)")
        #expect(plan.status != .infeasible)
    }

    /// With a gap tolerance the search may stop early, but the reported bound stays a valid bound within it.
    @Test func gapToleranceKeepsAValidBound() throws {
        let problem = BasketBenchmark.instance(items: 60, vendors: 15, seed: 11)
        let exact = try BasketOptimizer.solve(problem, options: BasketOptions(timeLimitSeconds: 60, explain: false))
        let loose = try BasketOptimizer.solve(problem, options: BasketOptions(timeLimitSeconds: 60, explain: false, gapTolerance: 0.01))
        let (issues, _) = BasketReference.check(problem, loose)
        #expect(issues.isEmpty, "\(issues)")
        #expect(loose.status != .infeasible)
        #expect(loose.lowerBound <= loose.objective)
        #expect(loose.gap <= 0.01)
        if exact.status == .optimal {
            #expect(loose.lowerBound <= exact.objective)
            #expect(loose.objective >= exact.objective)
        }
    }
}

/// The lower bounds never exceed the true optimum (from the exhaustive reference), whatever the multipliers.
@Suite struct BasketBoundTests {
    /// The reference optimum in the solver's objective units, with the vendors it uses (model indices).
    private static func optimum(_ problem: BasketProblem, _ model: BasketModel) -> (objective: Int64, vendors: Set<Int>, patterns: [Int])? {
        let reference = BasketReference.solve(problem)
        guard let best = reference.best, !best.plan.isEmpty, model.itemCount > 0 else { return nil }
        var index: [String: Int] = [:]
        for (v, source) in model.vendorSource.enumerated() { index[problem.vendors[source].id] = v }
        var used = Set<Int>()
        for parts in best.plan.values { for (offer, _) in parts { used.insert(index[problem.offers[offer].vendor]!) } }
        // The optimum's allocation of each line, as model patterns (where the model enumerates the same one).
        var patterns: [Int] = []
        for i in 0..<model.itemCount {
            guard let parts = best.plan[model.itemSource[i]] else { continue }
            let wanted = parts.map { [$0.0, $0.1] }.sorted { $0.lexicographicallyPrecedes($1) }
            for p in model.itemStart[i]..<model.itemStart[i + 1] {
                let have = (model.patStart[p]..<model.patStart[p + 1]).map { [model.porOffer[$0], model.porQty[$0]] }
                if have.sorted(by: { $0.lexicographicallyPrecedes($1) }) == wanted { patterns.append(p) }
            }
        }
        return (best.key.weighted * model.vendorScale + Int64(best.key.vendors), used, patterns)
    }

    @Test(arguments: 0..<8)
    func boundsNeverExceedOptimum(batch: Int) throws {
        var checked = 0
        var excluded = 0
        var adjusted = 0
        var matched = 0
        var tieProbes = 0
        for seed in (batch * 250)..<((batch + 1) * 250) {
            let problem = BasketReference.randomProblem(seed: UInt64(seed) &* 7919 &+ 17)
            let model = try BasketModel(problem)
            guard let (optimum, used, optimalPatterns) = Self.optimum(problem, model) else { continue }
            checked += 1
            matched += optimalPatterns.count
            // Root bound after the multiplier search and Lagrangian probing.
            var search = BasketSearch(model: model, deadline: .now.advanced(by: .seconds(60)), maxNodes: 1)
            search.run()
            #expect(search.rootBound <= optimum, "seed \(seed): root bound \(search.rootBound) > optimum \(optimum)")

            // The Lagrangian value at arbitrary multipliers.
            var fresh = BasketSearch(model: model, deadline: .now.advanced(by: .seconds(60)), maxNodes: 1)
            var random = SplitMix64(seed: UInt64(seed))
            for _ in 0..<6 {
                for i in 0..<model.itemCount { fresh.u[i] = random.unit() * 3 * Double(model.patObj[model.itemStart[i]] + 1) }
                // The vendor-count multiplier only exists when `max_vendors` binds.
                let binds = model.maxVendors < model.vendorCount
                fresh.mu = !binds || random.chance(0.5) ? 0 : random.unit() * Double((model.feeObj.max() ?? 0) + 1)
                // Split allocations' share adjustments: any values (they are made to sum to zero per allocation).
                for j in fresh.delta.indices {
                    fresh.delta[j] = random.chance(0.3) ? 0 : (random.unit() - 0.5) * 2 * Double(model.patObj[model.itemStart[0]] + 1)
                }
                adjusted += fresh.delta.count
                // The covers' linear relaxation alone (no exact knapsack) gives a weaker, still valid value.
                fresh.exactCoverLines = 0
                let linear = fresh.lagrangian()
                fresh.exactCoverLines = 64
                if let value = fresh.lagrangian() {
                    #expect(value <= optimum, "seed \(seed): Lagrangian \(value) > optimum \(optimum)")
                    #expect(linear == nil || linear! <= value, "seed \(seed): linear cover \(linear!) > exact \(value)")
                    // Reduced-cost fixing at these multipliers, with an incumbent one unit worse than the optimum,
                    // never excludes an allocation of the optimum.
                    fresh.grid = search.grid
                    fresh.bestObjective = optimum + 1
                    fresh.bestLead = .max
                    for change in fresh.reducedCostFixing(value: value) {
                        guard case .exclude(let p) = change else { continue }
                        excluded += 1
                        #expect(!optimalPatterns.contains(p), "seed \(seed): random multipliers exclude the optimum's allocation \(p)")
                    }
                    fresh.bestObjective = .max
                }
            }

            // Vendor-count-aware pruning never discards a node holding a better plan: pretend the incumbent is
            // one unit worse than the optimum; the root (which holds the optimum) must survive, and so must
            // the vendor decisions the optimum takes.
            var probe = BasketSearch(model: model, deadline: .now.advanced(by: .seconds(60)), maxNodes: 1)
            probe.grid = search.grid
            probe.bestObjective = optimum + 1
            probe.bestLead = .max
            if let value = probe.bound(iterations: 300, target: optimum + 1) {
                #expect(!probe.prunable(value), "seed \(seed)")
                #expect(!probe.dominated(value: value), "seed \(seed)")
                for v in 0..<model.vendorCount {
                    if used.contains(v) {
                        #expect(!probe.dominated(value: value, open: v), "seed \(seed): vendor \(v) used by the optimum")
                    } else {
                        #expect(!probe.dominated(value: value, closed: v), "seed \(seed): vendor \(v) unused by the optimum")
                    }
                }
                // Reduced-cost fixing at the searched multipliers keeps the optimum's allocations.
                for change in probe.reducedCostFixing(value: value) {
                    guard case .exclude(let p) = change else { continue }
                    excluded += 1
                    #expect(!optimalPatterns.contains(p), "seed \(seed): fixing excludes the optimum's allocation \(p)")
                }
                // The incumbent pretends to have the optimum's cost with one vendor more, so a plan with fewer
                // vendors (the optimum) ties its cost: the fewer-vendors test must not exclude it.
                let level = (optimum + 1) / probe.grid
                if probe.grid > Int64(model.vendorCount) + 1 && probe.rounded(value) > level * probe.grid {
                    tieProbes += 1
                    let excludedFewer = probe.fewerVendorsExcluded(value: value)
                    #expect(!excludedFewer, "seed \(seed): fewer vendors excluded")
                }
            }
        }
        #expect(checked > 100)
        #expect(excluded > 0)
        #expect(adjusted > 0)
        #expect(matched > checked)
        #expect(tieProbes > 0)
    }
}
