/// How a failed job is retried: exponential backoff with full jitter, capped, then dead-lettered.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// Attempts in all, the first included, before the job is dead-lettered.
    public var maxAttempts: Int
    /// Delay before the first retry, in milliseconds.
    public var baseDelayMilliseconds: Int64
    /// Ceiling for any one delay, in milliseconds.
    public var maxDelayMilliseconds: Int64

    public init(maxAttempts: Int = 5, baseDelayMilliseconds: Int64 = 1_000, maxDelayMilliseconds: Int64 = 15 * 60_000) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayMilliseconds = max(1, baseDelayMilliseconds)
        self.maxDelayMilliseconds = max(self.baseDelayMilliseconds, maxDelayMilliseconds)
    }

    /// What to do after attempt number `attempt` (1-based) failed.
    public enum Decision: Sendable, Hashable {
        case retry(afterMilliseconds: Int64)
        case deadLetter
    }

    /// Decides after a failure. `jitter` is a number in [0, 1) supplied by the caller so that the
    /// decision stays a pure function: the delay is `cap/2 + jitter * cap/2`, where
    /// `cap = min(max, base * 2^(attempt-1))` ("equal jitter": never zero, never above the cap).
    public func decide(afterFailedAttempt attempt: Int, jitter: Double) -> Decision {
        guard attempt < maxAttempts else { return .deadLetter }
        let exponent = min(max(attempt - 1, 0), 40)
        let (scaled, overflow) = baseDelayMilliseconds.multipliedReportingOverflow(by: Int64(1) << exponent)
        let cap = overflow ? maxDelayMilliseconds : min(maxDelayMilliseconds, scaled)
        let clampedJitter = min(max(jitter, 0), 0.999_999)
        let half = cap / 2
        return .retry(afterMilliseconds: half + Int64(Double(cap - half) * clampedJitter))
    }
}
