import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// The fleet and transport bookings (logistics managers, buyers, admins):
///
/// - `GET/POST /vehicles`, `GET/PUT /vehicles/{id}`, `GET /vehicles/available?date=YYYY-MM-DD`;
/// - `POST /bookings/calculate-price`: one vehicle's price for a trip (`vehicle_id`), or the
///   cheapest vehicle (or set of vehicles) that takes a packed `load` on `date`;
/// - `POST /bookings` (with `Idempotency-Key`): quotes and books in one transaction; the same key
///   returns the same booking; two bookings never hold one vehicle on one day;
/// - `GET /bookings/{id}`, `PATCH /bookings/{id}/status` (booked → dispatched → delivered, or
///   cancelled with a reason).
struct FleetController: Sendable {
    let fleet: FleetRepository

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("vehicles", use: list)
        group.post("vehicles", use: create)
        group.get("vehicles/available", use: available)
        group.get("vehicles/{id}", use: get)
        group.put("vehicles/{id}", use: replace)
        group.post("bookings/calculate-price", use: calculatePrice)
        group.post("bookings", use: book)
        group.get("bookings", use: bookings)
        group.get("bookings/{id}", use: booking)
        group.post("logistics/pack", use: pack)
        group.patch("bookings/{id}/status", use: setStatus)
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> ListDTO<Vehicle> {
        ListDTO(items: try await fleet.vehicles(context.tenant), next_cursor: nil)
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> VehicleDTO {
        let id = try context.parameters.require("id")
        guard let vehicle = try await fleet.vehicle(context.tenant, id: id) else { throw Problem.notFound("vehicle") }
        return VehicleDTO(vehicle: vehicle)
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> EditedResponse<VehicleDTO> {
        try context.require(.admin)
        let vehicle = try await Self.decodeVehicle(request, context: context)
        guard let saved = try await fleet.saveVehicle(context.tenant, vehicle) else { throw Problem.notFound("vehicle") }
        return EditedResponse(status: .created, headers: [.location: "/api/v1/vehicles/\(saved.id)"], response: VehicleDTO(vehicle: saved))
    }

    @Sendable func replace(_ request: Request, context: TenantContext) async throws -> VehicleDTO {
        try context.require(.admin)
        let id = try context.parameters.require("id")
        let vehicle = try await Self.decodeVehicle(request, context: context)
        guard let saved = try await fleet.saveVehicle(context.tenant, vehicle, id: id) else { throw Problem.notFound("vehicle") }
        return VehicleDTO(vehicle: saved)
    }

    /// A vehicle from the body; its ID comes from the path or is made, so the body need not carry one.
    static func decodeVehicle(_ request: Request, context: TenantContext) async throws -> Vehicle {
        let data = Data(buffer: try await request.collectBody(context: context))
        var body = data
        if var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            object["id"] = "new"
            body = try JSONSerialization.data(withJSONObject: object)
        }
        let vehicle = try StrictJSONDecoder.decode(Vehicle.self, from: body)
        try vehicle.validate()
        return vehicle
    }

    @Sendable func available(_ request: Request, context: TenantContext) async throws -> AvailabilityDTO {
        let date = try Self.date(FormQuery(request.uri.query).get("date"))
        let fleet = try await fleet.fleet(context.tenant, on: date)
        let day = FleetAvailability(vehicles: fleet.vehicles, bookings: fleet.bookings).day(date)
        return AvailabilityDTO(
            date: date.iso, available: day.filter { $0.unavailability == nil }.map(\.vehicle),
            unavailable: day.compactMap { entry in
                entry.unavailability.map {
                    AvailabilityDTO.Unavailable(vehicle_id: entry.vehicle.id, code: $0.code, message: $0.description)
                }
            })
    }

    static func date(_ text: String?, field: String = "date") throws -> LocalDate {
        guard let text, !text.isEmpty else { throw Problem.validation([FieldError(field: field, message: "is required (YYYY-MM-DD)")]) }
        guard let date = LocalDate(iso: text) else {
            throw Problem.validation([FieldError(field: field, message: "must be a date (YYYY-MM-DD)")])
        }
        return date
    }

    /// `{"vehicle_id", "trip"}` prices one vehicle; `{"date", "trip", "load", "currency"?}` chooses vehicles.
    @Sendable func calculatePrice(_ request: Request, context: TenantContext) async throws -> Response {
        let input = try await request.decode(as: TransportInput.self, context: context)
        let trip = try input.requiredTrip()
        if let vehicleID = input.vehicle_id {
            guard let vehicle = try await fleet.vehicle(context.tenant, id: vehicleID) else { throw Problem.notFound("vehicle") }
            let price = try TransportPricing.price(vehicle, for: trip)
            var available: Bool?
            if let text = input.date {
                let date = try Self.date(text)
                let day = try await fleet.fleet(context.tenant, on: date)
                available = FleetAvailability(vehicles: day.vehicles, bookings: day.bookings).unavailability(of: vehicleID, on: date) == nil
            }
            return try Self.json(VehiclePriceDTO(vehicle_id: vehicleID, available: available, price: price))
        }
        let transport = try await self.transportRequest(input, trip: trip, context: context)
        let fleet = try await fleet.fleet(context.tenant, on: transport.date)
        let offer: TransportOffer
        do throws(CarrierError) {
            offer = try fleet.bestOffer(transport)
        } catch {
            throw Self.problem(error)
        }
        return try Self.json(TransportOfferDTO(offer))
    }

    func transportRequest(_ input: TransportInput, trip: TransportTrip, context: TenantContext) async throws -> TransportRequest {
        let date = try Self.date(input.date)
        guard let load = input.load, let items = load.items, !items.isEmpty else {
            throw Problem.validation([FieldError(field: "load.items", message: "must list at least one item (or give vehicle_id)")])
        }
        try Self.checkSize(items)
        let (problem, rejected) = Packer.problem(
            from: PackingInput(container: .init(length: 1, width: 1, height: 1), items: items))
        if let (id, reason, _) = rejected.first {
            throw Problem.validation([FieldError(field: "load.items", message: "item \(id.prefix(60)): \(reason)")])
        }
        var currency = try await fleet.vehicles(context.tenant).first?.currency ?? CurrencyCode("USD")!
        if let code = input.currency {
            guard let given = CurrencyCode(code) else {
                throw Problem.validation([FieldError(field: "currency", message: "is not a currency code")])
            }
            currency = given
        }
        return TransportRequest(
            load: TransportLoad(items: problem.items, requiredCapabilities: Set(load.required_capabilities ?? [])), trip: trip, date: date,
            currency: currency)
    }

    @Sendable func book(_ request: Request, context: TenantContext) async throws -> Response {
        try context.require(.admin, .buyer)
        guard let key = request.headers[.idempotencyKey]?.trimmingWhitespace(), !key.isEmpty, key.count <= 200 else {
            throw Problem.validation([
                FieldError(field: "Idempotency-Key", message: "a booking needs an Idempotency-Key header (1 to 200 characters)")
            ])
        }
        let input = try await request.decode(as: TransportInput.self, context: context)
        let transport = try await transportRequest(input, trip: try input.requiredTrip(), context: context)
        switch try await fleet.book(context.tenant, transport, idempotencyKey: key) {
        case .failure(let error): throw Self.problem(error)
        case .success(let (record, isRepeat)):
            return try Self.json(
                BookingDTO(record), status: isRepeat ? .ok : .created, location: "/api/v1/bookings/\(record.booking.id)")
        }
    }

    @Sendable func booking(_ request: Request, context: TenantContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let booking = try await fleet.booking(context.tenant, id: id) else { throw Problem.notFound("booking") }
        return try Self.json(BookingDTO(booking))
    }

    /// `?date=YYYY-MM-DD` (optional): the day's bookings, or the latest.
    @Sendable func bookings(_ request: Request, context: TenantContext) async throws -> Response {
        let text = FormQuery(request.uri.query).get("date")
        let date = try text.flatMap { $0.isEmpty ? nil : try Self.date($0) }
        let items = try await fleet.bookings(context.tenant, on: date).map(BookingDTO.init)
        return try Self.json(BookingListDTO(items: items, next_cursor: nil))
    }

    /// The `quartermaster pack` contract over HTTP: the CLI's input, the CLI's output (the time
    /// limit capped at 5 seconds).
    @Sendable func pack(_ request: Request, context: TenantContext) async throws -> Response {
        var input = try await request.decode(as: PackingInput.self, context: context)
        try Self.checkSize(input.items)
        input.timeLimitSeconds = min(max(input.timeLimitSeconds ?? 1, 0.05), 5)
        // Seconds of CPU on up to two threads: off the concurrency pool, which must keep serving requests.
        let packed = input
        let output = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: Packer.pack(packed)) }
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: try Packer.encode(output))))
    }

    @Sendable func setStatus(_ request: Request, context: TenantContext) async throws -> Response {
        try context.require(.admin, .buyer)
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: BookingStatusInput.self, context: context)
        guard let text = input.status, let status = BookingState.Status(rawValue: text) else {
            throw Problem.validation([
                FieldError(
                    field: "status", message: "must be one of \(BookingState.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
        }
        let reason = input.reason?.trimmingWhitespace()
        switch try await fleet.move(context.tenant, id: id, to: status, reason: reason?.isEmpty == true ? nil : reason) {
        case nil: throw Problem.notFound("booking")
        case .failure(let error): throw Self.problem(error)
        case .success(let booking): return try Self.json(BookingDTO(booking))
        }
    }

    /// Loads over HTTP are bounded: at most 200 item lines and 10,000 boxes (the packer's work
    /// grows with the boxes; a truck of office supplies is far below this).
    static func checkSize(_ items: [PackingInput.Item]) throws {
        let boxes = items.reduce(0.0) { $0 + max(0, min($1.quantity ?? 1, 1e9)) }
        if items.count > 200 || boxes > 10_000 {
            throw Problem.validation([
                FieldError(
                    field: "items", message: "at most 200 item lines and 10,000 boxes per load (\(items.count) lines, \(Int(boxes)) boxes)")
            ])
        }
    }

    static func problem(_ error: CarrierError) -> Problem {
        switch error.httpStatus {
        case 404: return Problem.notFound("booking")
        case 422:
            if case .refused(let refusal) = error, case .reasonRequired = refusal {
                return Problem.validation([FieldError(field: "reason", message: error.description)])
            }
            return Problem.validation([FieldError(field: "load", message: error.description)])
        case 503:
            return Problem(
                status: .serviceUnavailable, slug: "carrier-unavailable", title: "Carrier unavailable", detail: error.description)
        default: return Problem.conflict(error.description)
        }
    }

    /// Core values encode themselves (snake_case); wrapped here as a JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}

struct TransportInput: StrictDecodable {
    struct Load: Decodable, Sendable {
        let items: [PackingInput.Item]?
        let required_capabilities: [String]?
    }
    static let fields: Set<String> = ["vehicle_id", "date", "currency", "trip", "load"]
    let vehicle_id: String?
    let date: String?
    let currency: String?
    let trip: TransportTrip?
    let load: Load?

    func requiredTrip() throws -> TransportTrip {
        guard let trip else {
            throw Problem.validation([
                FieldError(
                    field: "trip", message: "is required: {pickup, delivery} coordinates or distance_km, and loading/unloading minutes")
            ])
        }
        try trip.validate()
        return trip
    }
}

struct BookingListDTO: Encodable, Sendable {
    let items: [BookingDTO]
    let next_cursor: String?
}

struct BookingStatusInput: StrictDecodable {
    static let fields: Set<String> = ["status", "reason"]
    let status: String?
    let reason: String?
}

struct VehicleDTO: ResponseEncodable {
    let vehicle: Vehicle
    func encode(to encoder: any Encoder) throws { try vehicle.encode(to: encoder) }
}

struct AvailabilityDTO: ResponseEncodable {
    struct Unavailable: Encodable, Sendable {
        let vehicle_id: String
        let code: String
        let message: String
    }
    let date: String
    let available: [Vehicle]
    let unavailable: [Unavailable]
}

struct VehiclePriceDTO: Encodable, Sendable {
    let vehicle_id: String
    /// Whether the vehicle is free on the date asked about (absent without a date).
    let available: Bool?
    let price: TransportPrice
}

struct TransportOfferDTO: Encodable, Sendable {
    struct Offered: Encodable, Sendable {
        let vehicle_id: String
        let name: String
        let type: String
        let price: TransportPrice
        let box_count: Int
        let weight_kg: Double
        let layout: PackingOutput.Container?
    }
    let offer_id: String
    let carrier_id: String
    let date: String
    let total: Money
    let vehicles: [Offered]

    init(_ offer: TransportOffer) {
        offer_id = offer.id
        carrier_id = offer.carrierID
        date = offer.date.iso
        total = offer.total
        vehicles = offer.vehicles.map {
            Offered(
                vehicle_id: $0.vehicleID, name: $0.name, type: $0.type.rawValue, price: $0.price, box_count: $0.layout?.boxes.count ?? 0,
                weight_kg: $0.layout?.weight ?? 0, layout: $0.layout.map(Packer.output(container:)))
        }
    }
}

struct BookingDTO: Encodable, Sendable {
    let id: String
    let status: BookingState.Status
    let date: String
    let carrier_id: String
    let offer_id: String
    let total: Money
    let vehicles: [FleetBooking.BookedVehicle]
    let trip: TransportTrip
    let state: BookingState
    let next_statuses: [BookingState.Status]
    /// How each vehicle was loaded.
    let layouts: [PackingOutput.Container]

    init(_ record: TransportBookingRecord) {
        let booking = record.booking
        layouts = record.layouts
        id = booking.id
        status = booking.state.status
        date = booking.date.iso
        carrier_id = InternalFleet.carrierID
        offer_id = booking.offerID
        total = booking.total
        vehicles = booking.vehicles
        trip = booking.trip
        state = booking.state
        next_statuses = booking.state.nextStatuses
    }
}
