/// A packed load to move: the cartons, pallets or loose items as the packer knows them
/// (centimetres and kilograms), and what the vehicle must be able to do.
public struct TransportLoad: Sendable, Hashable {
    public var items: [PackingItem]
    /// Capability tags every chosen vehicle must have (`tail_lift`, `refrigerated`).
    public var requiredCapabilities: Set<String>

    public init(items: [PackingItem], requiredCapabilities: Set<String> = []) {
        self.items = items
        self.requiredCapabilities = requiredCapabilities
    }

    public var weightKg: Double { items.reduce(0) { $0 + $1.weight * Double(max(0, $1.quantity)) } }
    public var volumeCm3: Double { items.reduce(0) { $0 + $1.length * $1.width * $1.height * Double(max(0, $1.quantity)) } }
    public var boxCount: Int { items.reduce(0) { $0 + max(0, $1.quantity) } }
}

/// How hard `VehicleChooser` tries.
public struct VehicleChoiceOptions: Sendable, Hashable {
    /// The most vehicles one load may be split over (1 to 6).
    public var maxVehicles: Int
    /// A single vehicle that takes the load wins over any set, even a cheaper one: one booking, one
    /// driver, one delivery for the receiver. With `false`, singles and sets compete on price alone.
    public var preferSingleVehicle: Bool
    /// The most packer calls one choice may make. Every call is cheap, but a tight load over many
    /// vehicles could otherwise try every set.
    public var maxPackingAttempts: Int
    /// The packer passes tried, in order, for each vehicle or set until one takes the whole load.
    /// The default is fast first and deterministic throughout: largest-first (single boxes, about
    /// 15 ms for 200 boxes in a release build), then one greedy block-building pass (better on
    /// tight loads, about 15× slower). Passes with a work budget (`maxEvaluations`) finish far inside
    /// their time limit, which is only a safety net, so the same input gives the same choice on
    /// every machine.
    public var packingPasses: [PackingOptions]

    public init(
        maxVehicles: Int = 3, preferSingleVehicle: Bool = true, maxPackingAttempts: Int = 40,
        packingPasses: [PackingOptions] = VehicleChoiceOptions.defaultPackingPasses
    ) {
        self.maxVehicles = maxVehicles
        self.preferSingleVehicle = preferSingleVehicle
        self.maxPackingAttempts = maxPackingAttempts
        self.packingPasses = packingPasses
    }

    public static let defaultPackingPasses = [
        PackingOptions(timeLimitSeconds: 2, searchTimeFraction: 0.9, maxEvaluations: 1, strategy: .largestFirst),
        PackingOptions(timeLimitSeconds: 2, searchTimeFraction: 0.9, maxEvaluations: 1, maxBlocks: 2_000, strategy: .greedy),
    ]
}

/// One vehicle of a choice: its price for the trip and the boxes it carries.
public struct VehicleAssignment: Sendable, Hashable {
    public var vehicle: Vehicle
    public var price: TransportPrice
    /// The layout in the vehicle's cargo space (x along its length, z up), checked by the packer's
    /// rules: no overlap, every box supported, payload kept.
    public var layout: PackedContainer

    public var weightKg: Double { layout.weight }
    public var boxCount: Int { layout.boxes.count }
}

/// The vehicles chosen for a load on a date.
public struct VehicleChoice: Sendable, Hashable {
    public var date: LocalDate
    /// In loading order: the first vehicle was filled first.
    public var assignments: [VehicleAssignment]
    /// The vehicles' totals added (each already rounded to the currency's minor unit).
    public var total: Money
    /// Vehicles that were not considered, with why (not free, other currency, missing capability).
    public var rejections: [VehicleRejection]
    /// Packer calls made.
    public var packingAttempts: Int

    public var vehicleIDs: [String] { assignments.map(\.vehicle.id) }
}

/// Why one vehicle was left out of a choice.
public struct VehicleRejection: Sendable, Hashable, Codable {
    /// `not_working`, `blocked`, `booked`, `other_currency`, `missing_capability`.
    public var code: String
    public var vehicleID: String
    public var message: String

    public init(vehicleID: String, code: String, message: String) {
        self.vehicleID = vehicleID
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, vehicleID = "vehicle_id", message }
}

/// Why no vehicle (or set of vehicles) takes the load. Never a crash: every impossible input ends here.
public struct VehicleChoiceRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// No item with a quantity above zero.
        case emptyLoad
        /// Items the packer cannot read (zero or negative dimensions, negative weight or quantity,
        /// no allowed orientation), with the packer's reason.
        case invalidItems([UnpackedItem])
        case invalidTrip([FieldError])
        /// Nothing free on the date (with the required capabilities and in the currency).
        case noVehicleAvailable
        /// Items no free vehicle can take alone: too large for every cargo space, or heavier than
        /// every payload. One box is never split over vehicles.
        case itemsFitNoVehicle([UnpackedItem])
        /// The load outweighs the largest payloads of `maxVehicles` free vehicles added.
        case tooHeavy(weightKg: Double, capacityKg: Double, vehicles: Int)
        /// The load's volume exceeds the largest cargo spaces of `maxVehicles` free vehicles added.
        case tooLarge(volumeCm3: Double, capacityCm3: Double, vehicles: Int)
        /// Every set of up to `vehicles` free vehicles was tried (or `attempts` packer calls were
        /// spent) and none took the whole load.
        case doesNotFit(vehicles: Int, attempts: Int)
    }

    public var reason: Reason
    public var date: LocalDate
    public var requiredCapabilities: [String]
    public var rejections: [VehicleRejection]

    public var description: String {
        let with = requiredCapabilities.isEmpty ? "" : " with \(requiredCapabilities.joined(separator: ", "))"
        switch reason {
        case .emptyLoad: return "the load is empty"
        case .invalidItems(let items): return items.map { "\($0.item): \($0.reason)" }.joined(separator: "; ")
        case .invalidTrip(let errors): return errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case .noVehicleAvailable: return "no vehicle free on \(date.iso)\(with)"
        case .itemsFitNoVehicle(let items):
            return items.map { "\($0.item): \($0.reason) of any vehicle free on \(date.iso)\(with)" }.joined(separator: "; ")
        case .tooHeavy(let weight, let capacity, let vehicles):
            return
                "the load weighs \(Self.format(weight)) kg; \(vehicles) vehicle(s) free on \(date.iso) carry at most \(Self.format(capacity)) kg"
        case .tooLarge(let volume, let capacity, let vehicles):
            return
                "the load takes \(Self.format(volume / 1e6)) m³; \(vehicles) vehicle(s) free on \(date.iso) hold at most \(Self.format(capacity / 1e6)) m³"
        case .doesNotFit(let vehicles, let attempts):
            return "the load fits no set of up to \(vehicles) vehicle(s) free on \(date.iso) (\(attempts) packings tried)"
        }
    }

    /// Bad input (HTTP 422) rather than a fleet that cannot serve the load (HTTP 409).
    public var isBadInput: Bool {
        switch reason {
        case .emptyLoad, .invalidItems, .invalidTrip: true
        default: false
        }
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}

/// Chooses the cheapest free vehicle, or set of vehicles, that takes a packed load on a date.
///
/// The algorithm, exact in its accounting and deterministic:
///
/// 1. Check the load (items the packer cannot read are refused with its reason) and the trip.
/// 2. Candidates: the fleet's vehicles free on the date (calendar, then bookings), priced in the
///    requested currency, with every required capability. Each is priced for the trip
///    (`TransportPricing`); from its own depot, so prices differ even between identical vans.
/// 3. Quick refusals without packing: an item that no candidate can take alone (too large in
///    every orientation allowed, or heavier than every payload); a load heavier, or larger in
///    volume, than the `maxVehicles` largest candidates together.
/// 4. Single vehicles, cheapest first: a vehicle whose payload and volume could take the load is
///    packed (`Packer.solve`, each of `packingPasses` in turn until one places every box); the
///    first that takes every box is the answer. Ties on price go to the
///    smaller cargo space (the bigger vehicle stays free for bigger loads), then the smaller
///    payload, then the vehicle ID.
/// 5. Otherwise sets of 2 … `maxVehicles` candidates, ordered by their summed price, then fewer
///    vehicles, then smaller summed volume, then IDs. Sets whose summed payload or volume is too
///    small, or in which some item fits no member, are skipped without packing. A set is tried by
///    filling its vehicles one after another, largest cargo space first: each packer call takes
///    what remains (each packing pass in turn for the whole set). The first set that takes every box is the answer; vehicles that received
///    nothing are dropped (and their price with them).
///
/// `Packer.solveMany` is not used for step 5: it stops at an item too large for the current
/// vehicle even when a later one would take it, and it shares its budget by elapsed time, which
/// makes results depend on the machine. Splitting is a heuristic — a set could in principle take
/// the load with a different split — but every layout returned has been packed and checked.
public enum VehicleChooser {
    public static func choose(
        _ load: TransportLoad, trip: TransportTrip, on date: LocalDate, fleet: FleetAvailability, currency: CurrencyCode,
        options: VehicleChoiceOptions = VehicleChoiceOptions()
    ) throws(VehicleChoiceRefusal) -> VehicleChoice {
        let required = load.requiredCapabilities.sorted()
        func refuse(_ reason: VehicleChoiceRefusal.Reason, _ rejections: [VehicleRejection] = []) -> VehicleChoiceRefusal {
            VehicleChoiceRefusal(reason: reason, date: date, requiredCapabilities: required, rejections: rejections)
        }

        // 1. The load and the trip.
        // Items keep their indices: the layouts' `itemIndex` points into `load.items`.
        let items = load.items
        guard items.contains(where: { $0.quantity != 0 }) else { throw refuse(.emptyLoad) }
        let unbounded = PackingContainer(length: 1e9, width: 1e9, height: 1e9)
        let invalid = items.enumerated().compactMap { index, item -> UnpackedItem? in
            if case .invalid(let reason) = Packer.validate(item, in: unbounded) {
                return UnpackedItem(itemIndex: index, item: item.id, reason: reason, quantity: max(1, abs(item.quantity)))
            }
            return nil
        }
        guard invalid.isEmpty else { throw refuse(.invalidItems(invalid)) }
        do { try trip.validate() } catch { throw refuse(.invalidTrip(error.errors)) }

        // 2. Candidates, priced.
        var rejections: [VehicleRejection] = []
        var candidates: [Candidate] = []
        for vehicle in fleet.vehicles.sorted(by: { $0.id < $1.id }) {
            if let why = fleet.unavailability(of: vehicle.id, on: date) {
                rejections.append(VehicleRejection(vehicleID: vehicle.id, code: why.code, message: why.description))
                continue
            }
            if vehicle.currency != currency {
                rejections.append(VehicleRejection(vehicleID: vehicle.id, code: "other_currency", message: "priced in \(vehicle.currency)"))
                continue
            }
            let missing = required.filter { !vehicle.capabilities.contains($0) }
            if !missing.isEmpty {
                rejections.append(
                    VehicleRejection(
                        vehicleID: vehicle.id, code: "missing_capability", message: "has no \(missing.joined(separator: ", "))"))
                continue
            }
            let price: TransportPrice
            do { price = try TransportPricing.price(vehicle, for: trip) } catch {
                rejections.append(
                    VehicleRejection(
                        vehicleID: vehicle.id, code: "invalid_vehicle",
                        message: error.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")))
                continue
            }
            candidates.append(Candidate(vehicle: vehicle, price: price))
        }
        guard !candidates.isEmpty else { throw refuse(.noVehicleAvailable, rejections) }
        candidates.sort(by: Candidate.cheaperFirst)

        // 3. Quick refusals.
        // fits[c][i]: candidate c can take one box of item i.
        let fits = candidates.map { candidate in
            items.map { item -> Bool in
                switch Packer.validate(item, in: candidate.container) {
                case .valid, .skip: return true
                case .invalid: return false
                }
            }
        }
        var homeless: [UnpackedItem] = []
        for (index, item) in items.enumerated() where !candidates.indices.contains(where: { fits[$0][index] }) {
            let fitsSomeSpace = candidates.contains { candidate in
                var space = candidate.container
                space.maxWeight = nil
                if case .valid = Packer.validate(item, in: space) { return true }
                return false
            }
            let reason = fitsSomeSpace ? "heavier than the payload" : "larger than the cargo space"
            homeless.append(UnpackedItem(itemIndex: index, item: item.id, reason: reason, quantity: item.quantity))
        }
        guard homeless.isEmpty else { throw refuse(.itemsFitNoVehicle(homeless), rejections) }
        let weight = load.weightKg
        let volume = load.volumeCm3
        let most = max(1, min(6, options.maxVehicles, candidates.count))
        let heaviest = candidates.map(\.vehicle.maxPayloadKg).sorted(by: >).prefix(most).reduce(0, +)
        if weight > heaviest * (1 + 1e-12) { throw refuse(.tooHeavy(weightKg: weight, capacityKg: heaviest, vehicles: most), rejections) }
        let roomiest = candidates.map(\.vehicle.cargoSpace.volumeCm3).sorted(by: >).prefix(most).reduce(0, +)
        if volume > roomiest * (1 + 1e-12) { throw refuse(.tooLarge(volumeCm3: volume, capacityCm3: roomiest, vehicles: most), rejections) }

        var attempts = 0
        func choice(_ filled: [(Candidate, PackedContainer)]) -> VehicleChoice {
            let total = filled.reduce(FixedDecimal.zero) { $0 + $1.0.price.total.amount }
            return VehicleChoice(
                date: date, assignments: filled.map { VehicleAssignment(vehicle: $0.0.vehicle, price: $0.0.price, layout: $0.1) },
                total: Money(total, currency), rejections: rejections, packingAttempts: attempts)
        }

        // 4. Single vehicles, cheapest first.
        let passes = options.packingPasses.isEmpty ? [PackingOptions()] : options.packingPasses
        var single: VehicleChoice?
        singles: for (c, candidate) in candidates.enumerated() {
            guard weight <= candidate.vehicle.maxPayloadKg * (1 + 1e-12), volume <= candidate.vehicle.cargoSpace.volumeCm3 * (1 + 1e-12),
                fits[c].allSatisfy({ $0 })
            else { continue }
            for pass in passes where attempts < options.maxPackingAttempts {
                attempts += 1
                let result = Packer.solve(PackingProblem(container: candidate.container, items: items, options: pass))
                if result.unpacked.isEmpty, let layout = result.containers.first {
                    single = choice([(candidate, layout)])
                    break singles
                }
            }
        }
        if let single, options.preferSingleVehicle || most == 1 { return single }

        // 5. Sets of vehicles, cheapest first.
        var sets: [VehicleSet] = []
        if most >= 2 {
            for size in 2...most {
                forEachSubset(of: candidates.count, size: size) { members in
                    let payload = members.reduce(0.0) { $0 + candidates[$1].vehicle.maxPayloadKg }
                    let room = members.reduce(0.0) { $0 + candidates[$1].vehicle.cargoSpace.volumeCm3 }
                    guard weight <= payload * (1 + 1e-12), volume <= room * (1 + 1e-12),
                        items.indices.allSatisfy({ i in members.contains { fits[$0][i] } })
                    else { return }
                    let cost = members.reduce(Int64(0)) { $0 + candidates[$1].price.total.amount.units }
                    sets.append(
                        VehicleSet(members: members, cost: cost, volume: room, ids: members.map { candidates[$0].vehicle.id }.sorted()))
                }
            }
        }
        sets.sort(by: VehicleSet.cheaperFirst)
        for set in sets where attempts < options.maxPackingAttempts {
            if let single, set.cost >= single.total.amount.units { break }
            let order = set.members.sorted { a, b in
                let (x, y) = (candidates[a].vehicle, candidates[b].vehicle)
                if x.cargoSpace.volumeCm3 != y.cargoSpace.volumeCm3 { return x.cargoSpace.volumeCm3 > y.cargoSpace.volumeCm3 }
                if x.maxPayloadKg != y.maxPayloadKg { return x.maxPayloadKg > y.maxPayloadKg }
                return a < b
            }
            for pass in passes where attempts < options.maxPackingAttempts {
                var remaining = items
                var filled: [(Candidate, PackedContainer)] = []
                for member in order where remaining.contains(where: { $0.quantity > 0 }) && attempts < options.maxPackingAttempts {
                    attempts += 1
                    let result = Packer.solve(PackingProblem(container: candidates[member].container, items: remaining, options: pass))
                    guard let layout = result.containers.first, !layout.boxes.isEmpty else { continue }
                    for box in layout.boxes { remaining[box.itemIndex].quantity -= 1 }
                    filled.append((candidates[member], layout))
                }
                if !remaining.contains(where: { $0.quantity > 0 }) { return choice(filled) }
            }
        }
        if let single { return single }
        throw refuse(.doesNotFit(vehicles: most, attempts: attempts), rejections)
    }

    struct Candidate {
        let vehicle: Vehicle
        let price: TransportPrice
        var container: PackingContainer { vehicle.packingContainer }

        static func cheaperFirst(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.price.total.amount != b.price.total.amount { return a.price.total.amount < b.price.total.amount }
            if a.vehicle.cargoSpace.volumeCm3 != b.vehicle.cargoSpace.volumeCm3 {
                return a.vehicle.cargoSpace.volumeCm3 < b.vehicle.cargoSpace.volumeCm3
            }
            if a.vehicle.maxPayloadKg != b.vehicle.maxPayloadKg { return a.vehicle.maxPayloadKg < b.vehicle.maxPayloadKg }
            return a.vehicle.id < b.vehicle.id
        }
    }

    struct VehicleSet {
        let members: [Int]
        /// Summed totals in ten-thousandths.
        let cost: Int64
        let volume: Double
        let ids: [String]

        static func cheaperFirst(_ a: VehicleSet, _ b: VehicleSet) -> Bool {
            if a.cost != b.cost { return a.cost < b.cost }
            if a.members.count != b.members.count { return a.members.count < b.members.count }
            if a.volume != b.volume { return a.volume < b.volume }
            return a.ids.lexicographicallyPrecedes(b.ids)
        }
    }

    /// Calls `body` with every `size`-element subset of `0..<count`, in lexicographic order.
    static func forEachSubset(of count: Int, size: Int, _ body: ([Int]) -> Void) {
        guard size > 0, size <= count else { return }
        var indices = Array(0..<size)
        while true {
            body(indices)
            var i = size - 1
            while i >= 0 && indices[i] == count - size + i { i -= 1 }
            if i < 0 { return }
            indices[i] += 1
            for j in (i + 1)..<size { indices[j] = indices[j - 1] + 1 }
        }
    }
}
