import Foundation
import QuartermasterCore
import SQLKit

/// A booking with the layouts its vehicles were packed with.
public struct TransportBookingRecord: Sendable, Hashable {
    public let booking: FleetBooking
    public let layouts: [PackingOutput.Container]

    init(row: any SQLRow) throws {
        guard let booking = try AgentJSON.decode(FleetBooking.self, try row.decode(column: "booking", as: String.self)) else {
            throw StoreError.notFound("booking document")
        }
        self.booking = booking
        layouts = try AgentJSON.decode([PackingOutput.Container].self, try row.decode(column: "layouts", as: String.self)) ?? []
    }
}

/// The organisation's fleet and its transport bookings: vehicles as Core `Vehicle` documents,
/// bookings as `FleetBooking` documents, and `vehicle_days` rows holding a vehicle on a day for a
/// booking. Decisions (availability, price, which vehicles, status moves) are Core's
/// `InternalFleet`; this type loads what it needs and stores what it decided, in one transaction.
public struct FleetRepository: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    // MARK: Vehicles

    public func vehicles(_ tenant: Tenant) async throws -> [Vehicle] {
        try await store.read { sql in try await Self.vehicles(tenant, sql) }
    }

    static func vehicles(_ tenant: Tenant, _ sql: any SQLDatabase) async throws -> [Vehicle] {
        try await TenantScope(tenant, sql).select(from: "vehicles").columns("id", "vehicle").orderBy("name").orderBy("id").all()
            .compactMap { row in
                var vehicle = try AgentJSON.decode(Vehicle.self, try row.decode(column: "vehicle", as: String.self))
                vehicle?.id = try row.decode(column: "id", as: String.self)
                return vehicle
            }
    }

    public func vehicle(_ tenant: Tenant, id: String) async throws -> Vehicle? {
        try await vehicles(tenant).first { $0.id == id }
    }

    /// Adds a vehicle (a new ID), or replaces the one with `id`; nil when `id` names no vehicle.
    public func saveVehicle(_ tenant: Tenant, _ vehicle: Vehicle, id: String? = nil) async throws -> Vehicle? {
        try await store.write { tx -> Vehicle? in
            var saved = vehicle
            let now = Clock.nowMilliseconds()
            if let id {
                saved.id = id
                guard
                    try await tx.sql.raw(
                        """
                        UPDATE vehicles SET name = \(bind: saved.name), vehicle = \(bind: AgentJSON.encode(saved)), updated_at = \(bind: now)
                        WHERE id = \(bind: id) AND org_id = \(bind: tenant.organizationID) RETURNING id
                        """
                    ).first() != nil
                else { return nil }
            } else {
                saved.id = Identifier.make("veh")
                try await TenantScope(tenant, tx.sql).insert(
                    into: "vehicles", columns: ["id", "name", "vehicle", "created_at", "updated_at"],
                    values: [saved.id, saved.name, AgentJSON.encode(saved), now, now]
                ).run()
            }
            try await tx.emit(
                organizationID: tenant.organizationID, type: id == nil ? "vehicle.created" : "vehicle.updated", subject: saved.name,
                data: JSONText.encode(["vehicle_id": .string(saved.id)]))
            return saved
        }
    }

    // MARK: Bookings

    /// The fleet as it stands on `date`: every vehicle, and the bookings holding vehicles that day.
    public func fleet(_ tenant: Tenant, on date: LocalDate) async throws -> InternalFleet {
        try await store.read { sql in try await Self.fleet(tenant, on: date, sql) }
    }

    static func fleet(_ tenant: Tenant, on date: LocalDate, _ sql: any SQLDatabase) async throws -> InternalFleet {
        let bookings = try await sql.raw(
            """
            SELECT DISTINCT b.id, b.booking FROM transport_bookings b JOIN vehicle_days d ON d.booking_id = b.id
            WHERE b.org_id = \(bind: tenant.organizationID) AND d.booking_date = \(bind: date.iso)
            """
        ).all().compactMap { try AgentJSON.decode(FleetBooking.self, try $0.decode(column: "booking", as: String.self)) }
        return InternalFleet(vehicles: try await vehicles(tenant, sql), bookings: bookings)
    }

    public func booking(_ tenant: Tenant, id: String) async throws -> TransportBookingRecord? {
        try await store.read { sql in try await Self.booking(tenant, id: id, sql) }
    }

    static func booking(_ tenant: Tenant, id: String, _ sql: any SQLDatabase) async throws -> TransportBookingRecord? {
        try await TenantScope(tenant, sql).select(from: "transport_bookings").columns("booking", "layouts")
            .where("id", .equal, SQLBind(id)).first().map(TransportBookingRecord.init(row:))
    }

    /// Bookings for `date` (every status), or the latest ones.
    public func bookings(_ tenant: Tenant, on date: LocalDate?, limit: Int = 200) async throws -> [TransportBookingRecord] {
        try await store.read { sql in
            var query = TenantScope(tenant, sql).select(from: "transport_bookings").columns("booking", "layouts")
            if let date { query = query.where("booking_date", .equal, SQLBind(date.iso)) }
            return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all()
                .map(TransportBookingRecord.init(row:))
        }
    }

    /// Quotes `request` on the fleet and books the best offer under `idempotencyKey`, in one
    /// transaction. The same key again returns the booking it made (`isRepeat`), whatever was
    /// asked. Two bookings racing for a vehicle's day: one wins, the other quotes again on the
    /// fleet as it now stands (a few times) and takes the next vehicle, or gets `vehicleTaken`.
    /// `offer`, when the caller quoted already, is booked as it stands if its vehicles are still
    /// free (packing is the costly part; it need not run twice), and quoted again if not.
    public func book(
        _ tenant: Tenant, _ request: TransportRequest, idempotencyKey: String, offer quoted: TransportOffer? = nil
    ) async throws -> Result<(booking: TransportBookingRecord, isRepeat: Bool), CarrierError> {
        var attempt = 0
        var offer = quoted
        while true {
            attempt += 1
            switch try await bookOnce(tenant, request, idempotencyKey: idempotencyKey, offer: offer) {
            case .failure(.vehicleTaken(_, _, let reason)) where (reason == Self.raced || offer != nil) && attempt < 5:
                offer = nil
                continue
            case let result: return result
            }
        }
    }

    static let raced = "booked meanwhile"

    private func bookOnce(
        _ tenant: Tenant, _ request: TransportRequest, idempotencyKey: String, offer quoted: TransportOffer?
    ) async throws -> Result<(booking: TransportBookingRecord, isRepeat: Bool), CarrierError> {
        struct Failed: Error { let error: CarrierError }
        do {
            return try await store.write { tx in
                if let earlier = try await TenantScope(tenant, tx.sql).select(from: "transport_bookings").columns("booking", "layouts")
                    .where("idempotency_key", .equal, SQLBind(idempotencyKey)).first().map(TransportBookingRecord.init(row:))
                {
                    return .success((earlier, true))
                }
                var fleet = try await Self.fleet(tenant, on: request.date, tx.sql)
                let booking: FleetBooking
                var layouts: [PackingOutput.Container] = []
                do throws(CarrierError) {
                    let offer: TransportOffer
                    if let quoted { offer = quoted } else { offer = try fleet.bestOffer(request) }
                    layouts = offer.vehicles.compactMap { $0.layout.map(Packer.output(container:)) }
                    booking = try fleet.book(
                        offer, idempotencyKey: idempotencyKey, at: Clock.nowMilliseconds(), reference: Identifier.make("bkg"))
                } catch {
                    throw Failed(error: error)
                }
                let now = Clock.nowMilliseconds()
                try await TenantScope(tenant, tx.sql).insert(
                    into: "transport_bookings",
                    columns: ["id", "idempotency_key", "booking_date", "status", "booking", "layouts", "created_at", "updated_at"],
                    values: [
                        booking.id, idempotencyKey, booking.date.iso, booking.state.status.rawValue, AgentJSON.encode(booking),
                        AgentJSON.encode(layouts), now, now,
                    ]
                ).run()
                for vehicleID in booking.vehicleIDs {
                    do {
                        try await TenantScope(tenant, tx.sql).insert(
                            into: "vehicle_days", columns: ["vehicle_id", "booking_date", "booking_id"],
                            values: [vehicleID, booking.date.iso, booking.id]
                        ).run()
                    } catch let error where isUniqueViolation(error) {
                        throw Failed(error: .vehicleTaken(vehicleID: vehicleID, date: booking.date, reason: Self.raced))
                    }
                }
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "booking.booked", subject: booking.id,
                    data: JSONText.encode([
                        "booking_id": .string(booking.id), "date": .string(booking.date.iso),
                        "vehicles": .array(booking.vehicleIDs.map(JSONText.string)),
                    ]))
                guard let record = try await Self.booking(tenant, id: booking.id, tx.sql) else { throw StoreError.notFound("booking") }
                return .success((record, false))
            }
        } catch let failed as Failed {
            return .failure(failed.error)
        }
    }

    /// Moves a booking to `status` (booked → dispatched → delivered, or cancelled with a reason).
    /// A booking cancelled before dispatch frees its vehicles' day. Nil when there is no such booking.
    public func move(
        _ tenant: Tenant, id: String, to status: BookingState.Status, reason: String?
    ) async throws -> Result<TransportBookingRecord, CarrierError>? {
        struct Failed: Error { let error: CarrierError }
        do {
            return try await store.write { tx -> Result<TransportBookingRecord, CarrierError>? in
                let now = Clock.nowMilliseconds()
                guard
                    let row = try await tx.sql.raw(
                        """
                        UPDATE transport_bookings SET updated_at = \(bind: now)
                        WHERE id = \(bind: id) AND org_id = \(bind: tenant.organizationID) RETURNING booking, layouts
                        """
                    ).first()
                else { return nil }
                let record = try TransportBookingRecord(row: row)
                var booking = record.booking
                let before = booking.state.status
                do throws(BookingRefusal) {
                    _ = try booking.state.move(to: status, at: now, reason: reason)
                } catch {
                    throw Failed(error: .refused(error))
                }
                guard booking.state.status != before else { return .success(record) }
                try await tx.sql.update("transport_bookings").set("status", to: SQLBind(booking.state.status.rawValue))
                    .set("booking", to: SQLBind(AgentJSON.encode(booking))).where("id", .equal, SQLBind(id)).run()
                if !booking.state.blocksVehicles {
                    try await tx.sql.delete(from: "vehicle_days").where("booking_id", .equal, SQLBind(id)).run()
                }
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "booking.\(booking.state.status.rawValue)", subject: id,
                    data: JSONText.encode(["booking_id": .string(id), "reason": reason.map(JSONText.string) ?? .null]))
                guard let saved = try await Self.booking(tenant, id: id, tx.sql) else { throw StoreError.notFound("booking") }
                return .success(saved)
            }
        } catch let failed as Failed {
            return .failure(failed.error)
        }
    }
}
