/// How a load gets moved, whoever moves it: the organisation's own fleet (`InternalFleetCarrier`)
/// or an outside carrier behind its API. The logistics step asks every connector for offers, takes
/// the best, and books it; adding a carrier adds a connector, never a change to the step.
///
/// Booking carries an idempotency key: booking again with the same key must return the same
/// booking, never a second one, so a step interrupted between the call and recording its receipt
/// is finished by calling again (the same intent pattern as `VendorConnector`).
public protocol CarrierConnector: Sendable {
    /// Names the carrier in offers and bookings (`internal`, `dhl-freight`).
    var carrierID: String { get }

    /// Offers to move `request.load` on `request.date`, best first. Throws `.noVehicle` with the
    /// reason when the carrier cannot take it.
    func quote(_ request: TransportRequest) async throws(CarrierError) -> [TransportOffer]

    /// Books an offer this carrier made.
    func book(_ offer: TransportOffer, idempotencyKey: String) async throws(CarrierError) -> CarrierBooking

    /// Calls a booking off (see `BookingState` for when that is allowed).
    func cancel(_ reference: String, reason: String) async throws(CarrierError) -> CarrierBooking

    /// Where the booking `reference` stands.
    func status(of reference: String) async throws(CarrierError) -> CarrierBooking
}

/// What to move, from where to where, on which day.
public struct TransportRequest: Sendable, Hashable {
    public var load: TransportLoad
    /// Pickup (`from`), delivery (`to`), or a given distance; loading and unloading times.
    public var trip: TransportTrip
    public var date: LocalDate
    /// Offers are compared in one currency; vehicles priced in another are not offered.
    public var currency: CurrencyCode

    public init(load: TransportLoad, trip: TransportTrip, date: LocalDate, currency: CurrencyCode) {
        self.load = load
        self.trip = trip
        self.date = date
        self.currency = currency
    }

    public init(
        load: TransportLoad, from: GeoPoint, to: GeoPoint, date: LocalDate, currency: CurrencyCode, loadingMinutes: Int = 0,
        unloadingMinutes: Int = 0
    ) {
        self.init(
            load: load, trip: TransportTrip(pickup: from, delivery: to, loadingMinutes: loadingMinutes, unloadingMinutes: unloadingMinutes),
            date: date, currency: currency)
    }
}

/// One vehicle of an offer.
public struct OfferedVehicle: Sendable, Hashable {
    public var vehicleID: String
    public var name: String
    public var type: VehicleType
    public var price: TransportPrice
    /// Where each box goes; nil from carriers that do not say.
    public var layout: PackedContainer?

    public init(vehicleID: String, name: String, type: VehicleType, price: TransportPrice, layout: PackedContainer? = nil) {
        self.vehicleID = vehicleID
        self.name = name
        self.type = type
        self.price = price
        self.layout = layout
    }
}

/// A carrier's price for moving a load on a date with named vehicles.
public struct TransportOffer: Sendable, Hashable {
    /// Stable for the same carrier, date, vehicles and total: quoting twice gives the same ID.
    public var id: String
    public var carrierID: String
    public var date: LocalDate
    public var trip: TransportTrip
    public var vehicles: [OfferedVehicle]
    public var total: Money

    public init(id: String, carrierID: String, date: LocalDate, trip: TransportTrip, vehicles: [OfferedVehicle], total: Money) {
        self.id = id
        self.carrierID = carrierID
        self.date = date
        self.trip = trip
        self.vehicles = vehicles
        self.total = total
    }
}

/// A booking as a carrier reports it.
public struct CarrierBooking: Sendable, Hashable, Codable {
    public var reference: String
    public var carrierID: String
    public var offerID: String
    public var date: LocalDate
    public var vehicleIDs: [String]
    public var status: BookingState.Status
    public var total: Money

    public init(
        reference: String, carrierID: String, offerID: String, date: LocalDate, vehicleIDs: [String], status: BookingState.Status,
        total: Money
    ) {
        self.reference = reference
        self.carrierID = carrierID
        self.offerID = offerID
        self.date = date
        self.vehicleIDs = vehicleIDs
        self.status = status
        self.total = total
    }

    enum CodingKeys: String, CodingKey {
        case reference, carrierID = "carrier_id", offerID = "offer_id", date, vehicleIDs = "vehicle_ids", status, total
    }
}

/// Why a carrier refused or failed.
public enum CarrierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing takes the load, with the reason.
    case noVehicle(VehicleChoiceRefusal)
    /// The offer came from another carrier.
    case otherCarrier(String)
    case emptyOffer
    case unknownVehicle(String)
    /// Another booking (or the calendar) took the vehicle since the offer was made.
    case vehicleTaken(vehicleID: String, date: LocalDate, reason: String)
    case unknownBooking(String)
    /// The idempotency key was used before for a different offer.
    case idempotencyKeyReused(String)
    case refused(BookingRefusal)
    /// An outside carrier could not be reached or answered with an error; worth retrying.
    case unavailable(String)

    public var description: String {
        switch self {
        case .noVehicle(let refusal): refusal.description
        case .otherCarrier(let carrier): "the offer is from carrier \(carrier)"
        case .emptyOffer: "the offer names no vehicle"
        case .unknownVehicle(let id): "no vehicle \(id)"
        case .vehicleTaken(let id, let date, let reason): "vehicle \(id) is no longer free on \(date.iso): \(reason)"
        case .unknownBooking(let reference): "no booking \(reference)"
        case .idempotencyKeyReused(let key): "idempotency key \(key) was used for another offer"
        case .refused(let refusal): refusal.description
        case .unavailable(let message): "carrier unavailable: \(message)"
        }
    }

    /// The HTTP status a route should answer with.
    public var httpStatus: Int {
        switch self {
        case .noVehicle(let refusal): refusal.isBadInput ? 422 : 409
        case .otherCarrier, .emptyOffer, .unknownVehicle: 422
        case .vehicleTaken, .idempotencyKeyReused: 409
        case .unknownBooking: 404
        case .refused(let refusal): refusal.isConflict ? 409 : 422
        case .unavailable: 503
        }
    }
}

/// A booking of the internal fleet: one offer, one date, one or more vehicles, one status.
public struct FleetBooking: Sendable, Hashable, Codable, Identifiable {
    public struct BookedVehicle: Sendable, Hashable, Codable {
        public var vehicleID: String
        public var price: TransportPrice

        public init(vehicleID: String, price: TransportPrice) {
            self.vehicleID = vehicleID
            self.price = price
        }

        enum CodingKeys: String, CodingKey { case vehicleID = "vehicle_id", price }
    }

    public var id: String
    public var idempotencyKey: String
    public var offerID: String
    public var date: LocalDate
    public var trip: TransportTrip
    public var vehicles: [BookedVehicle]
    public var total: Money
    public var state: BookingState

    public init(
        id: String, idempotencyKey: String, offerID: String, date: LocalDate, trip: TransportTrip, vehicles: [BookedVehicle], total: Money,
        state: BookingState
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.offerID = offerID
        self.date = date
        self.trip = trip
        self.vehicles = vehicles
        self.total = total
        self.state = state
    }

    public var vehicleIDs: [String] { vehicles.map(\.vehicleID) }

    public func carrierBooking(carrierID: String) -> CarrierBooking {
        CarrierBooking(
            reference: id, carrierID: carrierID, offerID: offerID, date: date, vehicleIDs: vehicleIDs, status: state.status, total: total)
    }

    enum CodingKeys: String, CodingKey {
        case id, idempotencyKey = "idempotency_key", offerID = "offer_id", date, trip, vehicles, total, state
    }
}

/// The internal fleet as a carrier, as pure values: the vehicles and bookings it is given, and
/// every decision about them. Nothing here reads a clock or a database: times come in as
/// arguments, and the caller stores what comes out.
///
/// The database-backed carrier loads the vehicles and the bookings of the date into one of these,
/// asks it, and writes the booking it returns in a transaction whose unique index on
/// (vehicle, date) for bookings that hold their vehicles is what makes booking race-safe across
/// processes; `InternalFleetCarrier` does the same in memory with an actor.
public struct InternalFleet: Sendable, Hashable {
    public static let carrierID = "internal"

    public private(set) var availability: FleetAvailability
    public var options: VehicleChoiceOptions

    public init(vehicles: [Vehicle], bookings: [FleetBooking] = [], options: VehicleChoiceOptions = VehicleChoiceOptions()) {
        availability = FleetAvailability(vehicles: vehicles, bookings: bookings)
        self.options = options
    }

    public var vehicles: [Vehicle] { availability.vehicles }
    public var bookings: [FleetBooking] { availability.bookings }
    public func booking(_ reference: String) -> FleetBooking? { bookings.first { $0.id == reference } }

    /// The cheapest vehicle or set of vehicles, as one offer.
    public func quote(_ request: TransportRequest) throws(CarrierError) -> [TransportOffer] {
        let choice: VehicleChoice
        do {
            choice = try VehicleChooser.choose(
                request.load, trip: request.trip, on: request.date, fleet: availability, currency: request.currency, options: options)
        } catch {
            throw .noVehicle(error)
        }
        let vehicles = choice.assignments.map {
            OfferedVehicle(vehicleID: $0.vehicle.id, name: $0.vehicle.name, type: $0.vehicle.type, price: $0.price, layout: $0.layout)
        }
        let id =
            "\(Self.carrierID):\(request.date.iso):\(choice.vehicleIDs.joined(separator: "+")):\(choice.total.amount.text(minimumPlaces: 2))"
        return [
            TransportOffer(
                id: id, carrierID: Self.carrierID, date: request.date, trip: request.trip, vehicles: vehicles, total: choice.total)
        ]
    }

    /// The best (cheapest) offer for `request`.
    public func bestOffer(_ request: TransportRequest) throws(CarrierError) -> TransportOffer {
        guard let best = try quote(request).first else { throw .emptyOffer }
        return best
    }

    /// Books `offer` at `time`. The same key again returns the booking already made for the same
    /// offer (whatever its status since), and is refused for another offer. Every vehicle must
    /// still be free on the date: the offer's prices are honoured, its vehicles are not reserved
    /// until booked. `reference` names the booking (the database's ID); by default `FB-000001`, …
    public mutating func book(
        _ offer: TransportOffer, idempotencyKey: String, at time: Int64, reference: String? = nil
    ) throws(CarrierError) -> FleetBooking {
        if let earlier = bookings.first(where: { $0.idempotencyKey == idempotencyKey }) {
            guard earlier.offerID == offer.id else { throw .idempotencyKeyReused(idempotencyKey) }
            return earlier
        }
        guard offer.carrierID == Self.carrierID else { throw .otherCarrier(offer.carrierID) }
        guard !offer.vehicles.isEmpty else { throw .emptyOffer }
        for offered in offer.vehicles {
            switch availability.unavailability(of: offered.vehicleID, on: offer.date) {
            case nil: continue
            case .unknownVehicle(let id): throw .unknownVehicle(id)
            case let why?: throw .vehicleTaken(vehicleID: offered.vehicleID, date: offer.date, reason: why.description)
            }
        }
        let booking = FleetBooking(
            id: reference ?? "FB-\(String(bookings.count + 1).leftPadded(to: 6))", idempotencyKey: idempotencyKey, offerID: offer.id,
            date: offer.date, trip: offer.trip, vehicles: offer.vehicles.map { .init(vehicleID: $0.vehicleID, price: $0.price) },
            total: offer.total, state: BookingState(bookedAt: time))
        availability.bookings.append(booking)
        return booking
    }

    /// Moves a booking to `status` (the `PATCH /bookings/{id}/status` route); the current status
    /// again changes nothing.
    public mutating func move(
        _ reference: String, to status: BookingState.Status, at time: Int64, reason: String? = nil
    ) throws(CarrierError) -> (booking: FleetBooking, action: BookingAction) {
        guard let index = availability.bookings.firstIndex(where: { $0.id == reference }) else { throw .unknownBooking(reference) }
        var state = availability.bookings[index].state
        let action: BookingAction
        do { action = try state.move(to: status, at: time, reason: reason) } catch { throw .refused(error) }
        availability.bookings[index].state = state
        return (availability.bookings[index], action)
    }
}

/// `InternalFleet` behind the `CarrierConnector` protocol, in memory. The actor runs one call at
/// a time, so two bookings can never take the same vehicle on the same day.
public actor InternalFleetCarrier: CarrierConnector {
    public nonisolated let carrierID = InternalFleet.carrierID
    public private(set) var fleet: InternalFleet
    private let now: @Sendable () -> Int64

    /// `now` gives the time of bookings and cancellations (milliseconds since the epoch).
    public init(fleet: InternalFleet, now: @escaping @Sendable () -> Int64) {
        self.fleet = fleet
        self.now = now
    }

    public func quote(_ request: TransportRequest) throws(CarrierError) -> [TransportOffer] {
        try fleet.quote(request)
    }

    public func book(_ offer: TransportOffer, idempotencyKey: String) throws(CarrierError) -> CarrierBooking {
        try fleet.book(offer, idempotencyKey: idempotencyKey, at: now()).carrierBooking(carrierID: carrierID)
    }

    public func cancel(_ reference: String, reason: String) throws(CarrierError) -> CarrierBooking {
        try fleet.move(reference, to: .cancelled, at: now(), reason: reason).booking.carrierBooking(carrierID: carrierID)
    }

    public func status(of reference: String) throws(CarrierError) -> CarrierBooking {
        guard let booking = fleet.booking(reference) else { throw .unknownBooking(reference) }
        return booking.carrierBooking(carrierID: carrierID)
    }

    /// Dispatch and delivery, which only the fleet's own people report.
    public func move(_ reference: String, to status: BookingState.Status, reason: String? = nil) throws(CarrierError) -> CarrierBooking {
        try fleet.move(reference, to: status, at: now(), reason: reason).booking.carrierBooking(carrierID: carrierID)
    }
}
