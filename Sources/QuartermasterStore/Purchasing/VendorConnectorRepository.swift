import Foundation
import QuartermasterCore
import SQLKit

/// How a vendor is reached: its contract (`http_json` or `cxml`), its URL and its API key (sealed).
public struct VendorConnectorSettings: Sendable, Hashable {
    public let vendorID: String
    public let kind: String
    public let url: String
    public let hasAPIKey: Bool
    /// Whether a secret is agreed for the vendor's webhooks and cXML messages to us.
    public let hasWebhookSecret: Bool
    public let updatedAt: Int64
}

/// What the inbound endpoints need to accept a vendor's message: whose vendor it is, which
/// contract it speaks, and the secret it must sign (or present) with.
public struct InboundVendor: Sendable, Hashable {
    public let tenant: Tenant
    public let vendorID: String
    public let kind: String
    public let webhookSecret: String?
    /// The vendor's currency, for prices in its messages.
    public let currency: CurrencyCode?
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
                        hasWebhookSecret: try row.decode(column: "webhook_secret", as: String?.self) != nil,
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

    /// The connector of `vendorID` in whichever organisation holds it, for the inbound endpoints
    /// (which are not signed in); nil when the vendor has no connector.
    public func inboundVendor(vendorID: String) async throws -> InboundVendor? {
        let row = try await store.read { sql in
            try await sql.raw(
                """
                SELECT c.org_id, c.kind, c.webhook_secret, v.currency FROM vendor_connectors c JOIN vendors v ON v.id = c.vendor_id
                WHERE c.vendor_id = \(bind: vendorID)
                """
            ).first()
                .map {
                    (
                        try $0.decode(column: "org_id", as: String.self), try $0.decode(column: "kind", as: String.self),
                        try $0.decode(column: "webhook_secret", as: String?.self), try $0.decode(column: "currency", as: String.self)
                    )
                }
        }
        guard let (organizationID, kind, sealed, currency) = row else { return nil }
        let secret: String? = if let sealed { try await secrets.open(sealed) } else { nil }
        return InboundVendor(
            tenant: Tenant(organizationID: organizationID), vendorID: vendorID, kind: kind, webhookSecret: secret,
            currency: CurrencyCode(currency))
    }

    /// Replaces the vendor's connector; `apiKey` (or `webhookSecret`) nil keeps the stored one,
    /// empty removes it.
    public func setConnector(
        _ tenant: Tenant, vendorID: String, kind: String, url: String, apiKey: String?, webhookSecret: String? = nil
    ) async throws {
        let sealed: String? = if let apiKey, !apiKey.isEmpty { try await secrets.seal(apiKey) } else { nil }
        let sealedSecret: String? = if let webhookSecret, !webhookSecret.isEmpty { try await secrets.seal(webhookSecret) } else { nil }
        try await store.write { tx in
            guard
                try await TenantScope(tenant, tx.sql).select(from: "vendors").column("id").where("id", .equal, SQLBind(vendorID)).first()
                    != nil
            else { throw StoreError.notFound("vendor") }
            let keyColumn = apiKey == nil ? "vendor_connectors.api_key" : "excluded.api_key"
            let secretColumn = webhookSecret == nil ? "vendor_connectors.webhook_secret" : "excluded.webhook_secret"
            try await tx.sql.raw(
                """
                INSERT INTO vendor_connectors (vendor_id, org_id, kind, url, api_key, webhook_secret, updated_at)
                VALUES (\(bind: vendorID), \(bind: tenant.organizationID), \(bind: kind), \(bind: url), \(bind: sealed),
                    \(bind: sealedSecret), \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (vendor_id) DO UPDATE SET kind = excluded.kind, url = excluded.url,
                    api_key = \(unsafeRaw: keyColumn), webhook_secret = \(unsafeRaw: secretColumn), updated_at = excluded.updated_at
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

    /// Orders whose status a vendor can be asked for (an HTTP JSON connector and a reference) and
    /// that are still on their way, quiet since `quietSince` (news that just came need not be asked
    /// for) and not asked about since then either, least recently asked first, across
    /// organisations. They are marked as asked now.
    public func ordersToPoll(quietSince: Int64, limit: Int = 100) async throws -> [(tenant: Tenant, orderID: String)] {
        try await store.write { tx in
            let due = try await tx.sql.raw(
                """
                SELECT p.org_id, p.id FROM purchase_orders p JOIN vendor_connectors c ON c.vendor_id = p.vendor_id
                WHERE c.kind = 'http_json' AND p.vendor_reference IS NOT NULL
                    AND p.status IN ('issued', 'acknowledged', 'partially_shipped')
                    AND p.updated_at < \(bind: quietSince) AND COALESCE(p.polled_at, 0) < \(bind: quietSince)
                ORDER BY COALESCE(p.polled_at, 0), p.id LIMIT \(unsafeRaw: String(max(1, limit)))
                """
            ).all().map {
                (Tenant(organizationID: try $0.decode(column: "org_id", as: String.self)), try $0.decode(column: "id", as: String.self))
            }
            let now = Clock.nowMilliseconds()
            for (_, id) in due {
                try await tx.sql.update("purchase_orders").set("polled_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            }
            return due
        }
    }
}
