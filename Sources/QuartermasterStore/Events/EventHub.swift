import Synchronization

/// In-process fan-out of committed events to live subscribers (SSE and WebSocket connections),
/// each of which sees only its organisation's events.
public final class EventHub: Sendable {
    private struct Subscriber {
        let organizationID: String
        let continuation: AsyncStream<DomainEvent>.Continuation
    }

    private let subscribers = Mutex<[Int: Subscriber]>([:])
    private let nextID = Atomic<Int>(0)
    /// Highest event id published, so a late subscriber can tell what it missed.
    private let lastPublished = Atomic<Int64>(0)

    public init() {}

    /// A stream of `organizationID`'s events from now on. Slow consumers lose the oldest buffered
    /// events beyond `buffer`, never block the publisher; they can resume from the outbox by id.
    public func subscribe(organizationID: String, buffer: Int = 1_000) -> AsyncStream<DomainEvent> {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let (stream, continuation) = AsyncStream<DomainEvent>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = Subscriber(organizationID: organizationID, continuation: continuation) }
        return stream
    }

    public func publish(_ events: [DomainEvent]) {
        guard !events.isEmpty else { return }
        let targets = subscribers.withLock { Array($0.values) }
        for event in events {
            lastPublished.max(event.id)
            for subscriber in targets where subscriber.organizationID == event.organizationID {
                subscriber.continuation.yield(event)
            }
        }
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Ends every stream (graceful shutdown).
    public func finishAll() {
        let targets = subscribers.withLock { Array($0.values) }
        for subscriber in targets { subscriber.continuation.finish() }
    }
}

extension Atomic where Value == Int64 {
    fileprivate func max(_ value: Int64) {
        var current = load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = compareExchange(expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
