import Foundation
import QuartermasterCore
import QuartermasterStore

/// The logistics step, after purchasing: the quote's lines grouped by ship-from (the vendor), each
/// group's load analysed (package sizes from the catalog, category defaults where missing), packed
/// into cartons (and onto pallets past 300 kg), the cartons or pallets into the cheapest free
/// vehicle (or set) of the organisation's fleet on the need-by day, and
/// booked — under a key of the run and the vendor, so a step resumed after a crash books once.
/// Each sub-step (analyse, pack, book) is logged with its own timing. Without a fleet the vendors
/// deliver and nothing is booked; a load nothing can take is reported, and the run goes on.
extension AgentServices {
    /// Assumed when neither the vendor nor the delivery place has coordinates: a local delivery.
    static let assumedDistanceKm = FixedDecimal(30)
    /// Loads heavier than this go on pallets (a pallet jack beats carrying 300 kg of cartons).
    static let palletiseAboveKg = 300.0

    func planTransport(
        _ tenant: Tenant, run: RunRecord, request: RequestRecord, log: inout StepLog
    ) async throws -> (StepOutcome, RequestUpdate) {
        let vehicles = try await fleet.vehicles(tenant)
        guard let quote = request.quote, !quote.lines.isEmpty else {
            log.add(.status, "nothing to move: the request has no quote")
            return (.completed(output: JSONText.encode(["skipped": .string("no quote")])), RequestUpdate())
        }
        guard !vehicles.isEmpty else {
            log.add(.thought, "The organisation has no vehicles: the vendors deliver, nothing to book.")
            return (.completed(output: JSONText.encode(["skipped": .string("no fleet")])), RequestUpdate())
        }
        let zone = try await timeZone(tenant)
        let today = LocalDate.at(Clock.nowMilliseconds(), in: zone)
        let date = request.requisition?.needBy.flatMap { LocalDate(iso: $0) }.map { max($0, today) } ?? today.adding(days: 1)
        var bookings: [JSONText] = []
        var unbooked: [JSONText] = []
        let groups = Dictionary(grouping: quote.lines, by: \.vendorID)
        for vendorID in groups.keys.sorted() {
            let lines = groups[vendorID] ?? []
            let vendorName = lines.first?.vendorName ?? vendorID

            // Analyse.
            let analysing = ContinuousClock.now
            log.add(
                .action, "Analysing the load from \(vendorName)", tool: "logistics.analyse",
                arguments: ["vendor": vendorName, "lines": String(lines.count)])
            var loadLines: [LoadAnalysis.Line] = []
            for line in lines {
                let product = try await catalog.repository.product(tenant, id: line.productID)
                var specs: [String: Double] = [:]
                for member in product?.specs ?? [] {
                    if case .number(let text) = member.value, let value = Double(text) { specs[member.key] = value }
                }
                loadLines.append(
                    LoadAnalysis.Line(
                        id: "line-\(line.line + 1)", description: line.title, quantity: line.quantity, specs: specs,
                        category: product?.category ?? line.category ?? []))
            }
            let load = LoadAnalysis.analyse(loadLines)
            let estimates =
                load.estimated.isEmpty ? "" : "; sizes estimated from the category for \(load.estimated.joined(separator: ", "))"
            log.observe(
                "\(load.packages) package(s), \(Self.format(load.weightKg)) kg, \(Self.format(load.volumeM3, places: 3)) m³\(estimates).",
                since: analysing)

            // Into cartons, and onto pallets when the load is heavy.
            let cartonising = ContinuousClock.now
            let palletise = load.weightKg > Self.palletiseAboveKg
            log.add(
                .action, "Packing it into cartons\(palletise ? " and onto pallets" : "")", tool: "logistics.cartonise",
                arguments: ["packages": String(load.packages), "pallets": palletise ? "EUR" : "none"])
            let plan: LoadPlan
            do {
                plan = try LoadBuilder.build(load, cartons: .standard, pallet: palletise ? .eur : nil)
            } catch {
                let reason = error.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
                log.observe("Cannot cartonise: \(reason).", since: cartonising)
                unbooked.append(.object(["vendor_id": .string(vendorID), "reason": .string(reason)]))
                continue
            }
            let summary = plan.summary
            let byType = summary.cartonsByType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            var packed = "\(summary.cartons) carton(s)\(byType.isEmpty ? "" : " (\(byType))")"
            if summary.pallets > 0 { packed += " on \(summary.pallets) pallet(s)" }
            if summary.looseUnits > 0 {
                packed +=
                    ", \(summary.looseUnits) unit(s) loose ("
                    + summary.loose.map { "\($0.item): \($0.reason)" }.joined(separator: "; ") + ")"
            }
            log.observe("\(packed); gross \(Self.format(summary.grossKg)) kg.", since: cartonising)

            // Into the fleet's vehicles.
            let packing = ContinuousClock.now
            log.add(
                .action, "Packing it into the fleet's free vehicles on \(date.iso)", tool: "logistics.pack",
                arguments: ["date": date.iso, "vehicles": String(vehicles.count)])
            let transport = TransportRequest(
                load: plan.load,
                trip: TransportTrip(distanceKm: Self.assumedDistanceKm, loadingMinutes: 15, unloadingMinutes: 15),
                date: date, currency: vehicles.first?.currency ?? CurrencyCode("USD")!)
            let fleetOnDay = try await fleet.fleet(tenant, on: date)
            let offer: TransportOffer
            do throws(CarrierError) {
                offer = try fleetOnDay.bestOffer(transport)
            } catch {
                log.observe("No transport: \(error.description).", since: packing)
                unbooked.append(.object(["vendor_id": .string(vendorID), "reason": .string(error.description)]))
                continue
            }
            let layouts = offer.vehicles.compactMap(\.layout)
            let fill = layouts.map { "\(Self.format($0.volumeUtilization * 100, places: 1))%" }.joined(separator: ", ")
            log.observe(
                "\(offer.vehicles.map(\.name).joined(separator: " + ")) take it (cargo space used: \(fill)) for \(offer.total.amount.text(minimumPlaces: 2)) \(offer.total.currency.code), "
                    + "assuming \(Self.assumedDistanceKm.text()) km without coordinates.",
                since: packing)

            // Book.
            let booking = ContinuousClock.now
            log.add(
                .action, "Booking \(offer.vehicles.map(\.name).joined(separator: " + ")) for \(date.iso)", tool: "logistics.book",
                arguments: ["date": date.iso, "vendor": vendorName])
            switch try await fleet.book(tenant, transport, idempotencyKey: "run:\(run.id):\(vendorID)", offer: offer) {
            case .failure(let error):
                log.observe("Not booked: \(error.description).", since: booking)
                unbooked.append(.object(["vendor_id": .string(vendorID), "reason": .string(error.description)]))
            case .success(let (record, isRepeat)):
                log.observe(
                    "\(isRepeat ? "Already booked" : "Booked") as \(record.booking.id): \(record.booking.total.amount.text(minimumPlaces: 2)) \(record.booking.total.currency.code).",
                    since: booking)
                bookings.append(.object(["vendor_id": .string(vendorID), "booking_id": .string(record.booking.id)]))
            }
        }
        return (.completed(output: JSONText.encode(["bookings": .array(bookings), "unbooked": .array(unbooked)])), RequestUpdate())
    }

    static func format(_ value: Double, places: Int = 1) -> String {
        String(format: "%.\(places)f", value)
    }
}
