import Foundation
import Logging
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// On PostgreSQL, listens on the events channel and publishes each committed event to this
/// instance's hub, so every instance streams every organisation's events live.
///
/// A notification sent while no `LISTEN` is active is lost, so each time the listener starts
/// listening (at start, and after a lost connection) it first publishes from the events table what
/// was committed after the last event it published — or, the first time, after `since`, the
/// newest event when the instance started. Subscribers drop an event they already have (by id).
public struct EventListener: Service {
    static let channel = "quartermaster_events"
    /// NOTIFY payloads are limited to 8000 bytes; larger events are announced by id and fetched.
    static let maxInlinePayload = 7_000

    let driver: PostgresDriver
    let store: Store
    let logger: Logger
    /// Events up to this id were committed before this instance started; later ones are published.
    let since: Int64

    public init(driver: PostgresDriver, store: Store, logger: Logger, since: Int64) {
        self.driver = driver
        self.store = store
        self.logger = logger
        self.since = since
    }

    static func notificationPayload(for event: DomainEvent) -> String {
        let encoded = (try? JSONEncoder().encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if !encoded.isEmpty && encoded.utf8.count <= maxInlinePayload { return encoded }
        return "{\"ref\":\(event.id)}"
    }

    private struct Reference: Decodable { let ref: Int64 }

    public func run() async throws {
        var cursor = since
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await driver.withDedicatedConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // Listening from here on: what was committed before comes from the table.
                        cursor = try await catchUp(after: cursor)
                        for try await notification in notifications.cancelOnGracefulShutdown() {
                            if let id = await deliver(payload: notification.payload) { cursor = max(cursor, id) }
                        }
                    }
                }
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                logger.warning("event listener lost its connection; reconnecting", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Publishes every event committed after `cursor`, oldest first; returns the newest id published.
    func catchUp(after cursor: Int64) async throws -> Int64 {
        var cursor = cursor
        while true {
            let page = 500
            let events = try await store.events(organizationID: nil, after: cursor, limit: page)
            store.hub.publish(events)
            cursor = events.last?.id ?? cursor
            if events.count < page { return cursor }
        }
    }

    /// Publishes the notified event; returns its id (nil when the payload names none).
    private func deliver(payload: String) async -> Int64? {
        let bytes = Data(payload.utf8)
        if let event = try? JSONDecoder().decode(DomainEvent.self, from: bytes) {
            store.hub.publish([event])
            return event.id
        } else if let reference = try? JSONDecoder().decode(Reference.self, from: bytes) {
            let rows = try? await store.database.read { sql in
                try await sql.raw(
                    "SELECT id, org_id, type, subject, data, created_at FROM events WHERE id = \(bind: reference.ref)"
                ).all(decoding: DomainEvent.self)
            }
            store.hub.publish(rows ?? [])
            return reference.ref
        }
        return nil
    }
}
