import Foundation
import QuartermasterCore
import SQLKit

/// How a vendor is reached: its contract (`http_json` or `cxml`), its URL and its API key (sealed).
public struct VendorConnectorSettings: Sendable, Hashable {
    public let vendorID: String
    public let kind: String
    public let url: String
    public let hasAPIKey: Bool
    public let updatedAt: Int64
}

extension PurchasingRepository {
    static let connectorKinds: Set<String> = ["http_json", "cxml"]
    var secrets: SecretBox { SecretBox(store: store, name: "vendors.key") }

    public func connector(_ tenant: Tenant, vendorID: String) async throws -> VendorConnectorSettings? {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "vendor_connectors").columns("*").where("vendor_id", .equal, SQLBind(vendorID))
                .first().map { row in
                    VendorConnectorSettings(
                        vendorID: vendorID, kind: try row.decode(column: "kind", as: String.self),
                        url: try row.decode(column: "url", as: String.self),
                        hasAPIKey: try row.decode(column: "api_key", as: String?.self) != nil,
                        updatedAt: try row.decode(column: "updated_at", as: Int64.self))
                }
        }
    }

    /// The vendor's API key, for calling it (never for showing).
    public func connectorKey(_ tenant: Tenant, vendorID: String) async throws -> String? {
        let sealed = try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "vendor_connectors").column("api_key")
                .where("vendor_id", .equal, SQLBind(vendorID)).first()?.decode(column: "api_key", as: String?.self)
        }
        guard let sealed else { return nil }
        return try await secrets.open(sealed)
    }

    /// Replaces the vendor's connector; `apiKey` nil keeps the stored key, empty removes it.
    public func setConnector(_ tenant: Tenant, vendorID: String, kind: String, url: String, apiKey: String?) async throws {
        let sealed: String? = if let apiKey, !apiKey.isEmpty { try await secrets.seal(apiKey) } else { nil }
        try await store.write { tx in
            guard
                try await TenantScope(tenant, tx.sql).select(from: "vendors").column("id").where("id", .equal, SQLBind(vendorID)).first()
                    != nil
            else { throw StoreError.notFound("vendor") }
            let keyColumn = apiKey == nil ? "vendor_connectors.api_key" : "excluded.api_key"
            try await tx.sql.raw(
                """
                INSERT INTO vendor_connectors (vendor_id, org_id, kind, url, api_key, updated_at)
                VALUES (\(bind: vendorID), \(bind: tenant.organizationID), \(bind: kind), \(bind: url), \(bind: sealed),
                    \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (vendor_id) DO UPDATE SET kind = excluded.kind, url = excluded.url,
                    api_key = \(unsafeRaw: keyColumn), updated_at = excluded.updated_at
                """
            ).run()
            try await tx.emit(organizationID: tenant.organizationID, type: "vendor.connector.updated", subject: vendorID)
        }
    }

    /// Records the vendor's reference for a submitted order and, when the vendor answered per line,
    /// its acknowledgement.
    public func recordSubmission(_ tenant: Tenant, orderID: String, reference: String, confirmation: OrderConfirmation?) async throws {
        _ = try await change(tenant, id: orderID) { record, tx in
            try await tx.sql.update("purchase_orders").set("vendor_reference", to: SQLBind(reference))
                .where("id", .equal, SQLBind(orderID)).run()
            var state = record.state
            if let confirmation { _ = try? state.acknowledge(confirmation) }
            return .success(state)
        }
    }

    /// Submissions whose outcome is unknown (the process stopped, or the vendor did not answer):
    /// open `vendor.submit` intents last touched before `before`.
    public func unfinishedSubmissions(before: Int64) async throws -> [(organizationID: String, request: String, key: String)] {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT org_id, request, idempotency_key FROM intents
                WHERE effect = 'vendor.submit' AND status = 'pending' AND updated_at < \(bind: before)
                ORDER BY updated_at LIMIT 100
                """
            ).all().map {
                (
                    try $0.decode(column: "org_id", as: String.self), try $0.decode(column: "request", as: String.self),
                    try $0.decode(column: "idempotency_key", as: String.self)
                )
            }
        }
    }
}
