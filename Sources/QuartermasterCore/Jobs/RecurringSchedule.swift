/// A recurring job: fires once per slot of `intervalSeconds`, aligned to the Unix epoch, so that any
/// number of instances agree on which slot is due and the queue's idempotency key makes it fire once.
public struct RecurringSchedule: Sendable, Hashable, Codable {
    public let name: String
    public let jobKind: String
    public let intervalSeconds: Int64

    public init(name: String, jobKind: String, intervalSeconds: Int64) {
        precondition(intervalSeconds > 0, "a schedule needs a positive interval")
        self.name = name
        self.jobKind = jobKind
        self.intervalSeconds = intervalSeconds
    }

    /// Start of the slot containing `nowMilliseconds`, in milliseconds since the epoch.
    public func slotStart(atMilliseconds nowMilliseconds: Int64) -> Int64 {
        let interval = intervalSeconds * 1_000
        let floor = nowMilliseconds >= 0 ? nowMilliseconds / interval : (nowMilliseconds - interval + 1) / interval
        return floor * interval
    }

    /// Idempotency key of the job for the slot containing `nowMilliseconds`.
    public func idempotencyKey(atMilliseconds nowMilliseconds: Int64) -> String {
        "schedule:\(name):\(slotStart(atMilliseconds: nowMilliseconds))"
    }
}
