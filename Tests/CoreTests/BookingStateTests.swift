import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct BookingStateTests {
    typealias Status = BookingState.Status

    static func state(at status: Status, cancelledAfterDispatch: Bool = false) throws -> BookingState {
        var state = BookingState(bookedAt: 1_000)
        switch status {
        case .booked: break
        case .dispatched: _ = try state.dispatch(at: 2_000)
        case .delivered:
            _ = try state.dispatch(at: 2_000)
            _ = try state.deliver(at: 3_000)
        case .cancelled:
            if cancelledAfterDispatch { _ = try state.dispatch(at: 2_000) }
            _ = try state.cancel(at: 4_000, reason: "receiver closed")
        }
        return state
    }

    @Test func happyPathRecordsTimesAndActions() throws {
        var state = BookingState(bookedAt: 1_000)
        #expect(state.status == .booked)
        #expect(state.blocksVehicles)
        #expect(!state.isChargeable)
        #expect(try state.dispatch(at: 2_000) == .none)
        #expect(state.status == .dispatched)
        #expect(try state.deliver(at: 3_000) == .chargeTrip)
        #expect(state.status == .delivered)
        #expect((state.bookedAt, state.dispatchedAt, state.deliveredAt) == (1_000, 2_000, 3_000))
        #expect(state.isFinal && state.isChargeable && state.blocksVehicles)
    }

    @Test func cancellingBeforeDispatchReleasesTheDay() throws {
        var state = BookingState(bookedAt: 1_000)
        #expect(try state.cancel(at: 1_500, reason: "  order cancelled ") == .releaseVehicles)
        #expect(state.status == .cancelled)
        #expect(state.cancellationReason == "order cancelled")
        #expect(state.cancelledAt == 1_500)
        #expect(!state.blocksVehicles)
        #expect(!state.isChargeable)
    }

    @Test func cancellingAfterDispatchKeepsTheDayAndTheCharge() throws {
        var state = try Self.state(at: .dispatched)
        #expect(try state.cancel(at: 2_500, reason: "goods not ready") == .recallVehicles)
        #expect(state.blocksVehicles)
        #expect(state.isChargeable)
    }

    /// Every event from every status: only the drawn arrows are allowed.
    @Test(arguments: [
        (Status.booked, BookingState.Event.dispatch, true), (.booked, .deliver, false), (.booked, .cancel, true),
        (.dispatched, .dispatch, false), (.dispatched, .deliver, true), (.dispatched, .cancel, true),
        (.delivered, .dispatch, false), (.delivered, .deliver, false), (.delivered, .cancel, false),
        (.cancelled, .dispatch, false), (.cancelled, .deliver, false), (.cancelled, .cancel, false),
    ])
    func transitions(from status: Status, event: BookingState.Event, allowed: Bool) throws {
        var state = try Self.state(at: status)
        let before = state
        do {
            switch event {
            case .dispatch: _ = try state.dispatch(at: 9_000)
            case .deliver: _ = try state.deliver(at: 9_000)
            case .cancel: _ = try state.cancel(at: 9_000, reason: "why not")
            }
            #expect(allowed, "\(event) from \(status) should be refused")
        } catch {
            #expect(!allowed, "\(event) from \(status) should be allowed: \(error)")
            #expect(error == .notAllowed(event: event, from: status, to: nil))
            #expect(error.isConflict)
            #expect(state == before, "a refusal leaves the state unchanged")
        }
    }

    @Test func refusalsReadAsSentences() {
        #expect(BookingRefusal.notAllowed(event: .deliver, from: .booked, to: nil).description == "cannot deliver a booking that is booked")
        #expect(
            BookingRefusal.notAllowed(event: nil, from: .dispatched, to: .booked).description
                == "a booking that is dispatched cannot go back to booked")
    }

    @Test func cancellationNeedsAReason() throws {
        var state = BookingState(bookedAt: 0)
        #expect(throws: BookingRefusal.reasonRequired) { try state.cancel(at: 1, reason: "   ") }
        #expect(state.status == .booked)
        #expect(throws: BookingRefusal.reasonRequired) { try state.move(to: .cancelled, at: 1) }
        #expect(!BookingRefusal.reasonRequired.isConflict)
    }

    @Test func moveIsIdempotentForTheCurrentStatus() throws {
        var state = try Self.state(at: .dispatched)
        #expect(try state.move(to: .dispatched, at: 5_000) == .none)
        #expect(state.dispatchedAt == 2_000, "a repeated status keeps the first time")
        #expect(try state.move(to: .delivered, at: 6_000) == .chargeTrip)
        #expect(try state.move(to: .delivered, at: 7_000) == .none)
        #expect(state.deliveredAt == 6_000)
        #expect(throws: BookingRefusal.notAllowed(event: .cancel, from: .delivered, to: nil)) {
            try state.move(to: .cancelled, at: 8_000, reason: "late")
        }
        #expect(throws: BookingRefusal.notAllowed(event: nil, from: .delivered, to: .booked)) { try state.move(to: .booked, at: 8_000) }
    }

    @Test func nextStatusesMatchTheRules() throws {
        for status in Status.allCases {
            let state = try Self.state(at: status)
            for target in Status.allCases where target != status {
                var copy = state
                let allowed = (try? copy.move(to: target, at: 1, reason: "x")) != nil
                #expect(allowed == state.nextStatuses.contains(target), "\(status) → \(target)")
            }
        }
    }

    @Test func codableRoundTripWithSnakeCase() throws {
        let state = try Self.state(at: .cancelled, cancelledAfterDispatch: true)
        let data = try JSONEncoder().encode(state)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"cancellation_reason\""))
        #expect(text.contains("\"dispatched_at\""))
        #expect(try JSONDecoder().decode(BookingState.self, from: data) == state)
    }
}
