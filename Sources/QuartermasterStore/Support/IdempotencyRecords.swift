import SQLKit

/// Stored responses for `Idempotency-Key` on POST: the same key and body replay the first response.
public struct IdempotencyRecords: Sendable {
    public enum Claim: Sendable, Equatable {
        /// The key is new: run the request, then `save` or `forget`.
        case fresh
        /// The key was used with another request body.
        case mismatch
        /// The first request with this key is still running.
        case inProgress
        /// The first response, to replay.
        case completed(status: Int, contentType: String?, body: String)
    }

    let store: Store
    public init(store: Store) { self.store = store }

    public func claim(scope: String, key: String, requestHash: String) async throws -> Claim {
        try await store.write { tx in
            let inserted = try await tx.sql.raw(
                """
                INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
                VALUES (\(bind: scope), \(bind: key), \(bind: requestHash), \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (scope, key) DO NOTHING
                RETURNING key
                """
            ).first()
            if inserted != nil { return .fresh }
            guard
                let row = try await tx.sql.raw(
                    "SELECT request_hash, status_code, content_type, response_body FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key)"
                ).first()
            else { return .inProgress }
            if try row.decode(column: "request_hash", as: String.self) != requestHash { return .mismatch }
            guard let status = try row.decode(column: "status_code", as: Int?.self) else { return .inProgress }
            return .completed(
                status: status, contentType: try row.decode(column: "content_type", as: String?.self),
                body: try row.decode(column: "response_body", as: String?.self) ?? "")
        }
    }

    public func save(scope: String, key: String, status: Int, contentType: String?, body: String) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                UPDATE idempotency_keys SET status_code = \(bind: status), content_type = \(bind: contentType), response_body = \(bind: body)
                WHERE scope = \(bind: scope) AND key = \(bind: key)
                """
            ).run()
        }
    }

    public func forget(scope: String, key: String) async throws {
        try await store.write { tx in
            try await tx.sql.raw("DELETE FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key)").run()
        }
    }
}
