/// Where a transport booking stands, and the only ways it can move:
///
///     booked → dispatched → delivered
///        └──────────┴──→ cancelled
///
/// One mutating method per event. Each either applies and returns what the owner must do next, or
/// throws `BookingRefusal` and leaves the value unchanged. Times are milliseconds since the epoch
/// (UTC), given by the caller: the value never reads a clock.
///
/// Decisions worth knowing:
/// - Delivery needs a dispatch first: a vehicle cannot deliver without leaving the depot, and a
///   missing dispatch is more often a mistake than a shortcut.
/// - Cancelling is allowed while booked and while dispatched (the goods were not ready, the
///   receiver refused the slot), never after delivery.
/// - Cancelled before dispatch: the vehicles' day is free again and nothing is owed. Cancelled
///   after dispatch: the vehicles are on the road, so the day stays held (`blocksVehicles`) and
///   the trip is still owed (`isChargeable`) — the driver and the kilometres were spent.
/// - `move(to:)` is the `PATCH /bookings/{id}/status` form: asking for the status the booking
///   already has changes nothing and returns `.none`, so a repeated request is harmless; every
///   other move goes through the event methods and their rules.
public struct BookingState: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case booked, dispatched, delivered, cancelled
    }

    /// The events, for refusals and logs.
    public enum Event: String, Sendable, Hashable, Codable, CaseIterable {
        case dispatch, deliver, cancel
    }

    public private(set) var status: Status
    public private(set) var bookedAt: Int64
    public private(set) var dispatchedAt: Int64?
    public private(set) var deliveredAt: Int64?
    public private(set) var cancelledAt: Int64?
    public private(set) var cancellationReason: String?

    /// A new booking, made at `bookedAt`.
    public init(bookedAt: Int64) {
        status = .booked
        self.bookedAt = bookedAt
    }

    // MARK: Events

    /// The vehicles left the depot.
    public mutating func dispatch(at time: Int64) throws(BookingRefusal) -> BookingAction {
        try require(.dispatch, from: [.booked])
        status = .dispatched
        dispatchedAt = time
        return .none
    }

    /// The goods reached the receiver.
    public mutating func deliver(at time: Int64) throws(BookingRefusal) -> BookingAction {
        try require(.deliver, from: [.dispatched])
        status = .delivered
        deliveredAt = time
        return .chargeTrip
    }

    /// The booking is called off. A reason is required (it is shown in the fleet calendar).
    public mutating func cancel(at time: Int64, reason: String) throws(BookingRefusal) -> BookingAction {
        try require(.cancel, from: [.booked, .dispatched])
        let reason = reason.trimmingWhitespace()
        guard !reason.isEmpty else { throw .reasonRequired }
        let wasDispatched = status == .dispatched
        status = .cancelled
        cancelledAt = time
        cancellationReason = reason
        return wasDispatched ? .recallVehicles : .releaseVehicles
    }

    /// Moves to `target` through its event; the current status again is a no-op.
    public mutating func move(to target: Status, at time: Int64, reason: String? = nil) throws(BookingRefusal) -> BookingAction {
        if target == status { return .none }
        switch target {
        case .booked: throw .notAllowed(event: nil, from: status, to: .booked)
        case .dispatched: return try dispatch(at: time)
        case .delivered: return try deliver(at: time)
        case .cancelled: return try cancel(at: time, reason: reason ?? "")
        }
    }

    // MARK: Reading

    /// Whether the booking holds its vehicles on its date: booked, dispatched and delivered do;
    /// cancelled does only when the vehicles had already left.
    public var blocksVehicles: Bool {
        switch status {
        case .booked, .dispatched, .delivered: true
        case .cancelled: dispatchedAt != nil
        }
    }

    /// Whether the trip's price is owed: once delivered, or cancelled after dispatch.
    public var isChargeable: Bool {
        switch status {
        case .delivered: true
        case .cancelled: dispatchedAt != nil
        case .booked, .dispatched: false
        }
    }

    /// Nothing more can happen.
    public var isFinal: Bool { status == .delivered || status == .cancelled }

    /// The statuses `move(to:)` accepts from here (besides the current one).
    public var nextStatuses: [Status] {
        switch status {
        case .booked: [.dispatched, .cancelled]
        case .dispatched: [.delivered, .cancelled]
        case .delivered, .cancelled: []
        }
    }

    private func require(_ event: Event, from allowed: Set<Status>) throws(BookingRefusal) {
        guard allowed.contains(status) else { throw .notAllowed(event: event, from: status, to: nil) }
    }

    enum CodingKeys: String, CodingKey {
        case status, bookedAt = "booked_at", dispatchedAt = "dispatched_at", deliveredAt = "delivered_at"
        case cancelledAt = "cancelled_at", cancellationReason = "cancellation_reason"
    }
}

/// What the owner of a `BookingState` must do after an event.
public enum BookingAction: Sendable, Hashable {
    case none
    /// Cancelled before dispatch: the vehicles' day is free again; nothing is owed.
    case releaseVehicles
    /// Cancelled after dispatch: tell the drivers to return; the day stays held and the trip is owed.
    case recallVehicles
    /// Delivered: the trip's price is owed.
    case chargeTrip
}

/// Why a booking event was refused. The state is left as it was.
public enum BookingRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// `event` is nil when a status was asked for that no event reaches (back to `booked`).
    case notAllowed(event: BookingState.Event?, from: BookingState.Status, to: BookingState.Status?)
    case reasonRequired

    public var description: String {
        switch self {
        case .notAllowed(let event?, let status, _): "cannot \(event.rawValue) a booking that is \(status.rawValue)"
        case .notAllowed(nil, let status, let target): "a booking that is \(status.rawValue) cannot go back to \(target?.rawValue ?? "?")"
        case .reasonRequired: "a cancellation needs a reason"
        }
    }

    /// Conflicts with the booking's state (HTTP 409) rather than bad input (HTTP 422).
    public var isConflict: Bool {
        switch self {
        case .notAllowed: true
        case .reasonRequired: false
        }
    }
}
