import QuartermasterCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Token buckets per key (credential, IP address, account), in memory. Each instance limits on its
/// own: with N web instances the effective limit is N times the configured one.
public final class RateLimiter: Sendable {
    private let buckets = Mutex<[String: TokenBucket]>([:])
    public let capacity: Double
    public let refillPerSecond: Double

    public init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Takes a token for `key`.
    public func take(_ key: String) -> TokenBucket.Outcome {
        let now = Self.monotonicSeconds()
        return buckets.withLock { buckets in
            if buckets.count > 100_000 { buckets = buckets.filter { !$0.value.isFull(now: now) } }
            var bucket = buckets[key] ?? TokenBucket(capacity: capacity, refillPerSecond: refillPerSecond, now: now)
            let outcome = bucket.take(now: now)
            buckets[key] = bucket
            return outcome
        }
    }

    /// Seconds until `key` may act again (0 = now), without taking a token.
    public func wait(_ key: String) -> Int {
        let now = Self.monotonicSeconds()
        return buckets.withLock { $0[key]?.secondsUntilAvailable(now: now) ?? 0 }
    }

    public func reset(_ key: String) {
        _ = buckets.withLock { $0.removeValue(forKey: key) }
    }
}
