/// A day of the week, numbered as `LocalDate.weekday` numbers them (1 = Monday … 7 = Sunday).
public enum Weekday: Int, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public init(_ date: LocalDate) { self = Weekday(rawValue: date.weekday) ?? .monday }

    public static let workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
    public static let everyDay = Set(Weekday.allCases)

    public var name: String { ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][rawValue - 1] }
    public var description: String { name }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Travels as its lower-case English name, `"monday"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Weekday.allCases.first(where: { $0.name == text.lowercased() }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a weekday: \(text)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// When a vehicle can be used, bookings aside.
///
/// A vehicle works on its `weekdays` and on `extraDates`, except on the dates of a `blocked`
/// period (maintenance, inspection, holiday). A block always wins, also over an extra date: a van
/// in the workshop does not drive, whatever else the calendar says.
///
/// The default calendar is every day of the week with nothing blocked — the least surprising value
/// for a vehicle entered without one. The HTTP layer may default new vehicles to workdays instead.
public struct AvailabilityCalendar: Sendable, Hashable, Codable {
    public var weekdays: Set<Weekday>
    /// Dates worked although their weekday is not (a Saturday delivery run).
    public var extraDates: Set<LocalDate>
    public var blocked: [BlockedPeriod]

    public init(weekdays: Set<Weekday> = Weekday.everyDay, extraDates: Set<LocalDate> = [], blocked: [BlockedPeriod] = []) {
        self.weekdays = weekdays
        self.extraDates = extraDates
        self.blocked = blocked
    }

    /// Why the calendar alone rules `date` out, or nil when the vehicle works that day.
    public func unavailability(on date: LocalDate) -> VehicleUnavailability? {
        if let period = blocked.first(where: { $0.contains(date) }) { return .blocked(period) }
        if extraDates.contains(date) || weekdays.contains(Weekday(date)) { return nil }
        return .notWorking(Weekday(date))
    }

    public func isOpen(on date: LocalDate) -> Bool { unavailability(on: date) == nil }

    /// Periods that end before they start.
    public var problems: [FieldError] {
        blocked.enumerated().compactMap { index, period in
            period.through < period.from ? FieldError(field: "blocked[\(index)].through", message: "must not be before from") : nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case weekdays, extraDates = "extra_dates", blocked
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        weekdays = try container.decodeIfPresent(Set<Weekday>.self, forKey: .weekdays) ?? Weekday.everyDay
        extraDates = try container.decodeIfPresent(Set<LocalDate>.self, forKey: .extraDates) ?? []
        blocked = try container.decodeIfPresent([BlockedPeriod].self, forKey: .blocked) ?? []
    }

    /// Sets are written sorted, so the same calendar always gives the same JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weekdays.sorted(), forKey: .weekdays)
        try container.encode(extraDates.sorted(), forKey: .extraDates)
        try container.encode(blocked, forKey: .blocked)
    }
}

/// Dates a vehicle cannot be used, both ends included.
public struct BlockedPeriod: Sendable, Hashable, Codable {
    public var from: LocalDate
    public var through: LocalDate
    /// `maintenance`, `inspection`, `holiday`, or any words a person wrote.
    public var reason: String

    public init(from: LocalDate, through: LocalDate, reason: String) {
        self.from = from
        self.through = through
        self.reason = reason
    }

    /// One day.
    public init(on date: LocalDate, reason: String) { self.init(from: date, through: date, reason: reason) }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= through }
}

/// Why a vehicle cannot take a job on a date.
public enum VehicleUnavailability: Sendable, Hashable, CustomStringConvertible {
    /// The vehicle does not work on this weekday.
    case notWorking(Weekday)
    /// The calendar blocks the date.
    case blocked(BlockedPeriod)
    /// Another booking holds the vehicle that day.
    case booked(bookingID: String)
    case unknownVehicle(String)

    public var description: String {
        switch self {
        case .notWorking(let weekday): "does not work on \(weekday.name)s"
        case .blocked(let period): "blocked (\(period.reason)) from \(period.from.iso) through \(period.through.iso)"
        case .booked(let id): "booked (\(id))"
        case .unknownVehicle(let id): "no vehicle \(id)"
        }
    }

    /// The reason in one word, for JSON: `not_working`, `blocked`, `booked`, `unknown_vehicle`.
    public var code: String {
        switch self {
        case .notWorking: "not_working"
        case .blocked: "blocked"
        case .booked: "booked"
        case .unknownVehicle: "unknown_vehicle"
        }
    }
}

/// The fleet on a given set of bookings: which vehicles are free on which day.
///
/// A vehicle takes at most one booking a day (a trip is assumed to fit in a working day: out from
/// the depot, pickup, delivery, back). A booking holds its vehicles on its date while it
/// `blocksVehicles` (see `BookingState`): booked, dispatched and delivered do; a booking cancelled
/// before dispatch gives the day back.
public struct FleetAvailability: Sendable, Hashable {
    public var vehicles: [Vehicle]
    public var bookings: [FleetBooking]

    public init(vehicles: [Vehicle], bookings: [FleetBooking] = []) {
        self.vehicles = vehicles
        self.bookings = bookings
    }

    public func vehicle(_ id: String) -> Vehicle? { vehicles.first { $0.id == id } }

    /// Why `vehicleID` cannot be used on `date`, or nil when it is free. The calendar is asked
    /// first, so a vehicle both in maintenance and booked reports the maintenance.
    public func unavailability(of vehicleID: String, on date: LocalDate) -> VehicleUnavailability? {
        guard let vehicle = vehicle(vehicleID) else { return .unknownVehicle(vehicleID) }
        if let reason = vehicle.availability.unavailability(on: date) { return reason }
        if let booking = bookings.first(where: { $0.date == date && $0.state.blocksVehicles && $0.vehicleIDs.contains(vehicleID) }) {
            return .booked(bookingID: booking.id)
        }
        return nil
    }

    /// The vehicles free on `date`, in the order given.
    public func available(on date: LocalDate) -> [Vehicle] {
        vehicles.filter { unavailability(of: $0.id, on: date) == nil }
    }

    /// Every vehicle with its state on `date` (for the fleet calendar and `/vehicles/available`).
    public func day(_ date: LocalDate) -> [(vehicle: Vehicle, unavailability: VehicleUnavailability?)] {
        vehicles.map { ($0, unavailability(of: $0.id, on: date)) }
    }
}
