import Foundation
import Synchronization

/// A bounded in-memory map whose entries expire at a wall-clock time (seconds since the epoch).
/// When full, expired entries are dropped first, then everything: a cache, never a source of truth.
final class ExpiringCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: (value: Value, expires: Double)]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    static var now: Double { Date().timeIntervalSince1970 }

    /// The live value for `key`, or nil when absent or expired.
    func value(for key: String, now: Double = ExpiringCache.now) -> Value? {
        guard let entry = entries.withLock({ $0[key] }), entry.expires > now else { return nil }
        return entry.value
    }

    func set(_ value: Value, for key: String, expires: Double, now: Double = ExpiringCache.now) {
        entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, expires)
        }
    }

    func removeAll(where shouldRemove: (String, Value) -> Bool) {
        entries.withLock { entries in entries = entries.filter { !shouldRemove($0.key, $0.value.value) } }
    }
}
