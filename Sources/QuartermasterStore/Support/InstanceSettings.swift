import SQLKit

/// Values the instance generates once and keeps in the database (so every instance shares them).
public struct InstanceSettings: Sendable {
    let store: Store
    public init(store: Store) { self.store = store }

    public func secret(named name: String) async throws -> String {
        try await store.write { tx in
            try await tx.sql.raw(
                "INSERT INTO instance_settings (name, value) VALUES (\(bind: name), \(bind: Identifier.secret(bytes: 48))) ON CONFLICT (name) DO NOTHING"
            ).run()
            guard let row = try await tx.sql.raw("SELECT value FROM instance_settings WHERE name = \(bind: name)").first() else {
                throw StoreError.notFound(name)
            }
            return try row.decode(column: "value", as: String.self)
        }
    }
}

/// Deletes what is no longer needed: expired refresh tokens and old idempotency records (after a
/// day), finished jobs (after a week; schedule slots after a day).
public enum Housekeeping {
    public static func run(_ store: Store, now: Int64 = Clock.nowMilliseconds()) async throws {
        let day: Int64 = 86_400_000
        try await store.write { tx in
            try await tx.sql.raw("DELETE FROM refresh_tokens WHERE expires_at < \(bind: now - day)").run()
            try await tx.sql.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: now - day)").run()
            try await tx.sql.raw(
                "DELETE FROM jobs WHERE status IN ('succeeded', 'dead') AND finished_at < \(bind: now - 7 * day)"
            ).run()
            try await tx.sql.raw(
                "DELETE FROM jobs WHERE status = 'succeeded' AND idempotency_key LIKE 'schedule:%' AND finished_at < \(bind: now - day)"
            ).run()
        }
    }
}
