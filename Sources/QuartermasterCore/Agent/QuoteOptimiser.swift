import Foundation

extension QuoteBuilder {
    /// The cheapest feasible basket: every line's candidates become offers of one basket item in base
    /// units, the basket optimiser chooses (proving optimality within `timeLimitSeconds`, or giving
    /// its gap), and the choice is priced exactly from the offers themselves.
    ///
    /// Per line and vendor only the candidate that fills the line cheapest on its own is offered to the
    /// optimiser. A line counted in packs of unknown size ("2 boxes of pens") is measured in base
    /// units by the pack size of its first candidate sold in that kind of pack.
    public static func optimised(
        requisition: Requisition, candidates: [LineCandidates], vendors: [SourcingVendor], currency: CurrencyCode, leadTimeLimit: Int?,
        preferredBonus: FixedDecimal = FixedDecimal(parsing: "0.02")!, timeLimitSeconds: Double = 1
    ) -> Quote {
        let byID = Dictionary(vendors.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func resolve(_ names: [String]) -> [String] {
            let wanted = Set(names.map { $0.lowercased() })
            return vendors.filter { wanted.contains($0.id.lowercased()) || wanted.contains($0.name.lowercased()) }.map(\.id)
        }
        var items: [BasketItem] = []
        var offers: [BasketOffer] = []
        var offered: [String: (line: Int, candidate: SourcingCandidate, scale: Int)] = [:]
        var unfilled: [Quote.Unfilled] = []
        for (index, line) in requisition.lines.enumerated() {
            let found = candidates.first(where: { $0.line == index })
            var best: [String: (SourcingCandidate, FixedDecimal)] = [:]
            for candidate in found?.candidates ?? [] where byID[candidate.vendorID] != nil && candidate.currency == currency {
                let units = candidate.units(for: line)
                let cost = candidate.unitPrice(forUnits: units) * units
                if let current = best[candidate.vendorID], current.1 <= cost { continue }
                best[candidate.vendorID] = (candidate, cost)
            }
            guard !best.isEmpty else {
                let foreign = Set((found?.candidates ?? []).map(\.currency.code).filter { $0 != currency.code }).sorted()
                let reason =
                    foreign.isEmpty
                    ? found?.reason ?? "no matching offer"
                    : "offers only in \(foreign.joined(separator: ", ")); no exchange rate to \(currency.code) is configured"
                unfilled.append(Quote.Unfilled(line: index, description: line.description, reason: reason))
                continue
            }
            let packed = line.packSize == nil && line.unit != "EA"
            let packSize = best.values.map(\.0).sorted { $0.vendorID < $1.vendorID }.first { $0.unit == line.unit }?.packSize ?? 1
            let needed = packed ? line.quantity * max(1, packSize) : line.baseQuantity
            let sku = "line-\(index)"
            items.append(BasketItem(sku: sku, quantity: needed))
            for (vendorID, (candidate, _)) in best.sorted(by: { $0.key < $1.key }) {
                let scale = max(1, candidate.packSize)
                offers.append(
                    BasketOffer(
                        vendor: vendorID, sku: sku, unitPrice: candidate.price.divided(by: scale),
                        stock: candidate.stock.map { $0 * scale },
                        moq: max(1, candidate.moq) * scale, orderMultiple: max(1, candidate.orderMultiple) * scale,
                        leadTimeDays: candidate.leadTimeDays ?? byID[vendorID]?.leadTimeDays ?? 0,
                        priceBreaks: candidate.priceBreaks.map {
                            BasketPriceBreak(minQuantity: $0.minQuantity * scale, unitPrice: $0.price.divided(by: scale))
                        }))
                offered["\(sku)|\(vendorID)"] = (index, candidate, scale)
            }
        }
        let usedVendors = Set(offers.map(\.vendor))
        let problem = BasketProblem(
            items: items,
            vendors: vendors.filter { usedVendors.contains($0.id) }.map {
                BasketVendor(id: $0.id, shippingFee: $0.shippingFee, freeShippingOver: $0.freeShippingOver, minOrderValue: $0.minOrderValue)
            },
            offers: offers, budget: requisition.budget?.amount, needByDays: leadTimeLimit,
            blockedVendors: resolve(requisition.preferences.blockedVendors),
            preferredVendors: resolve(requisition.preferences.preferredVendors),
            preferredBonus: requisition.preferences.preferredVendors.isEmpty ? .zero : preferredBonus)
        guard !items.isEmpty, let plan = try? BasketOptimizer.solve(problem, options: BasketOptions(timeLimitSeconds: timeLimitSeconds))
        else {
            return price(
                requisition: requisition, choices: [], candidates: candidates, vendors: byID, currency: currency, unfilled: unfilled,
                method: "no line could be filled")
        }
        var choices: [Choice] = []
        for line in plan.lines {
            guard let entry = offered["\(line.sku)|\(line.vendor)"] else { continue }
            let explanation = plan.explanations.first { $0.sku == line.sku }
            var note: String?
            if let explanation, let runnerUp = explanation.runnerUp, let difference = explanation.costDifference {
                let name = runnerUp.split(separator: "+").map { byID[String($0)]?.name ?? String($0) }.joined(separator: " + ")
                note = "the next best choice, \(name), would cost the basket \(difference.text(minimumPlaces: 2)) more"
            }
            choices.append(Choice(line: entry.line, candidate: entry.candidate, units: line.quantity / entry.scale, note: note))
        }
        for reason in plan.infeasible {
            guard let sku = reason.sku, let index = Int(sku.dropFirst("line-".count)) else { continue }
            unfilled.append(Quote.Unfilled(line: index, description: requisition.lines[index].description, reason: reason.reason))
        }
        let method =
            plan.status == .optimal
            ? "cheapest feasible basket (proven optimal)"
            : "best basket found in \(String(format: "%.1f", plan.seconds)) s, within \(String(format: "%.2f", plan.gap * 100))% of the lower bound"
        var quote = price(
            requisition: requisition, choices: choices, candidates: candidates, vendors: byID, currency: currency,
            unfilled: unfilled.sorted { $0.line < $1.line }, method: method)
        if let savings = plan.savings {
            if let against = savings.versusCheapestPerLine, against > .zero {
                quote.notes.append("saves \(against.text(minimumPlaces: 2)) against buying each line at its cheapest offer")
            }
            if let against = savings.versusBestSingleVendor, let vendor = savings.bestSingleVendor, against > .zero {
                quote.notes.append("saves \(against.text(minimumPlaces: 2)) against buying everything from \(byID[vendor]?.name ?? vendor)")
            }
        }
        return quote
    }
}
