/// A token bucket as a value: `capacity` tokens, refilled at `refillPerSecond`. Time is passed in,
/// so the bucket is a pure state machine that tests can drive exactly.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    public let refillPerSecond: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Double

    public init(capacity: Double, refillPerSecond: Double, now: Double) {
        precondition(capacity >= 1 && refillPerSecond > 0)
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.tokens = capacity
        self.updatedAt = now
    }

    public enum Outcome: Sendable, Hashable {
        case allowed(remaining: Int)
        /// Denied; a token will be available after `retryAfterSeconds` (rounded up, at least 1).
        case denied(retryAfterSeconds: Int)
    }

    /// Takes one token if there is one at `now` (seconds, any monotonic origin).
    public mutating func take(now: Double) -> Outcome {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allowed(remaining: Int(tokens))
        }
        let wait = (1 - tokens) / refillPerSecond
        return .denied(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
    }

    /// True when the bucket is full at `now`: it holds nothing a caller could lose, so it may be forgotten.
    public func isFull(now: Double) -> Bool {
        tokens + max(0, now - updatedAt) * refillPerSecond >= capacity
    }

    fileprivate mutating func refill(now: Double) {
        if now > updatedAt {
            tokens = min(capacity, tokens + (now - updatedAt) * refillPerSecond)
            updatedAt = now
        }
    }
}

extension TokenBucket {
    /// Seconds until a token is available at `now` (0 when one is available), without taking it.
    public func secondsUntilAvailable(now: Double) -> Int {
        var copy = self
        copy.refill(now: now)
        if copy.tokens >= 1 { return 0 }
        return max(1, Int(((1 - copy.tokens) / refillPerSecond).rounded(.up)))
    }
}
