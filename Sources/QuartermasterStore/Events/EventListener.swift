import Foundation
import Logging
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// On PostgreSQL, listens on the events channel and publishes each committed event to this
/// instance's hub, so every instance streams every organisation's events live.
public struct EventListener: Service {
    static let channel = "quartermaster_events"
    /// NOTIFY payloads are limited to 8000 bytes; larger events are announced by id and fetched.
    static let maxInlinePayload = 7_000

    let driver: PostgresDriver
    let store: Store
    let logger: Logger

    public init(driver: PostgresDriver, store: Store, logger: Logger) {
        self.driver = driver
        self.store = store
        self.logger = logger
    }

    static func notificationPayload(for event: DomainEvent) -> String {
        let encoded = (try? JSONEncoder().encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if !encoded.isEmpty && encoded.utf8.count <= maxInlinePayload { return encoded }
        return "{\"ref\":\(event.id)}"
    }

    private struct Reference: Decodable { let ref: Int64 }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await driver.withDedicatedConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        for try await notification in notifications.cancelOnGracefulShutdown() {
                            await deliver(payload: notification.payload)
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

    private func deliver(payload: String) async {
        let bytes = Data(payload.utf8)
        if let event = try? JSONDecoder().decode(DomainEvent.self, from: bytes) {
            store.hub.publish([event])
        } else if let reference = try? JSONDecoder().decode(Reference.self, from: bytes) {
            let rows = try? await store.database.read { sql in
                try await sql.raw(
                    "SELECT id, org_id, type, subject, data, created_at FROM events WHERE id = \(bind: reference.ref)"
                ).all(decoding: DomainEvent.self)
            }
            store.hub.publish(rows ?? [])
        }
    }
}
