import Foundation
import QuartermasterCore
import SQLKit

/// An organisation's language model: which server (an OpenAI-compatible backend), which model, its
/// API key (stored encrypted), prices and a monthly token quota.
public struct ModelSettingsRecord: Sendable, Hashable {
    public var backend: String
    public var baseURL: String
    public var model: String
    public var hasAPIKey: Bool
    /// Tokens (prompt + completion) per calendar month; nil means no quota.
    public var monthlyTokenQuota: Int64?
    /// Per million tokens; nil means the built-in list prices.
    public var prices: ModelPriceTable?
    public var updatedAt: Int64
}

/// What was spent on models over some days: totals, and by service, model and day.
public struct UsageTotals: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var key: String
        public var calls: Int
        public var promptTokens: Int64
        public var completionTokens: Int64
        public var cost: FixedDecimal
    }
    public var total: Row
    public var byService: [Row]
    public var byModel: [Row]
    public var byDay: [Row]
    public var currency: CurrencyCode?
}

/// Model settings per organisation and the usage ledger: every model call's tokens and cost against
/// organisation, run and step.
public struct ModelRepository: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    // MARK: Settings and the encrypted key

    var secrets: SecretBox { SecretBox(store: store, name: "models.key") }

    public func settings(_ tenant: Tenant) async throws -> ModelSettingsRecord? {
        try await store.read { sql in
            guard let row = try await TenantScope(tenant, sql).select(from: "model_settings").columns("*").first() else { return nil }
            return ModelSettingsRecord(
                backend: try row.decode(column: "backend", as: String.self), baseURL: try row.decode(column: "base_url", as: String.self),
                model: try row.decode(column: "model", as: String.self),
                hasAPIKey: try row.decode(column: "api_key", as: String?.self) != nil,
                monthlyTokenQuota: try row.decode(column: "monthly_token_quota", as: Int64?.self),
                prices: try AgentJSON.decode(ModelPriceTable.self, try row.decode(column: "prices", as: String?.self)),
                updatedAt: try row.decode(column: "updated_at", as: Int64.self))
        }
    }

    /// The decrypted API key, for calling the model (never for showing).
    public func apiKey(_ tenant: Tenant) async throws -> String? {
        let sealed = try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "model_settings").column("api_key").first()?
                .decode(column: "api_key", as: String?.self)
        }
        return if let sealed { try await secrets.open(sealed) } else { nil }
    }

    /// Replaces the settings; `apiKey` nil keeps the stored key, empty removes it.
    public func setSettings(
        _ tenant: Tenant, backend: String, baseURL: String, model: String, apiKey: String?, monthlyTokenQuota: Int64?,
        prices: ModelPriceTable?, by userID: String?
    ) async throws {
        let sealed: String? = if let apiKey, !apiKey.isEmpty { try await secrets.seal(apiKey) } else { nil }
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            let keyColumn = apiKey == nil ? "model_settings.api_key" : "excluded.api_key"
            try await tx.sql.raw(
                """
                INSERT INTO model_settings (org_id, backend, base_url, model, api_key, monthly_token_quota, prices, updated_at)
                VALUES (\(bind: tenant.organizationID), \(bind: backend), \(bind: baseURL), \(bind: model), \(bind: sealed),
                    \(bind: monthlyTokenQuota), \(bind: prices.map(AgentJSON.encode)), \(bind: now))
                ON CONFLICT (org_id) DO UPDATE SET backend = excluded.backend, base_url = excluded.base_url, model = excluded.model,
                    api_key = \(unsafeRaw: keyColumn), monthly_token_quota = excluded.monthly_token_quota, prices = excluded.prices,
                    updated_at = excluded.updated_at
                """
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "model_settings.updated", subject: "\(backend):\(model)",
                data: JSONText.encode(["by": userID.map(JSONText.string) ?? .null]))
        }
    }

    public func deleteSettings(_ tenant: Tenant) async throws -> Bool {
        try await store.write { tx in
            let deleted = try await tx.sql.raw(
                "DELETE FROM model_settings WHERE org_id = \(bind: tenant.organizationID) RETURNING org_id"
            ).first()
            if deleted != nil { try await tx.emit(organizationID: tenant.organizationID, type: "model_settings.deleted", subject: "") }
            return deleted != nil
        }
    }

    // MARK: Usage

    /// Records one model call; the first call that takes the month past the quota raises a
    /// `usage.quota_exceeded` event for the admins.
    public func record(
        _ tenant: Tenant, runID: String?, step: String?, service: String, call: ModelCallRecord, now: Int64 = Clock.nowMilliseconds()
    ) async throws {
        let day = LocalDate.at(now, in: TimeZone(identifier: "UTC")!)
        try await store.write { tx in
            let before = try await Self.monthTokens(tenant, month: day, tx.sql)
            try await TenantScope(tenant, tx.sql).insert(
                into: "model_usage",
                columns: [
                    "run_id", "step", "service", "model", "prompt_tokens", "completion_tokens", "cost", "currency", "succeeded", "day",
                    "created_at",
                ],
                values: [
                    runID, step, service, call.model, Int64(call.usage.promptTokens), Int64(call.usage.completionTokens),
                    call.cost?.amount.units ?? 0, call.cost?.currency.code, call.succeeded ? 1 : 0, day.description, now,
                ]
            ).run()
            let quota = try await TenantScope(tenant, tx.sql).select(from: "model_settings").column("monthly_token_quota").first()?
                .decode(column: "monthly_token_quota", as: Int64?.self)
            let after = before + Int64(call.usage.totalTokens)
            if let quota, before <= quota, after > quota {
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "usage.quota_exceeded", subject: "\(day.year)-\(day.month)",
                    data: JSONText.encode(["tokens": .int(after), "quota": .int(quota)]))
            }
        }
    }

    static func monthTokens(_ tenant: Tenant, month day: LocalDate, _ sql: any SQLDatabase) async throws -> Int64 {
        let first = LocalDate(year: day.year, month: day.month, day: 1)!
        let next = BudgetPeriod(.month, containing: day).end
        return try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS BIGINT) AS tokens FROM model_usage
            WHERE org_id = \(bind: tenant.organizationID) AND day >= \(bind: first.description) AND day < \(bind: next.description)
            """
        ).first()?.decode(column: "tokens", as: Int64.self) ?? 0
    }

    /// Whether the organisation has used its monthly quota (then runs use the built-in model).
    public func quotaExceeded(_ tenant: Tenant, now: Int64 = Clock.nowMilliseconds()) async throws -> Bool {
        guard let quota = try await settings(tenant)?.monthlyTokenQuota else { return false }
        let used = try await store.read { sql in
            try await Self.monthTokens(tenant, month: LocalDate.at(now, in: TimeZone(identifier: "UTC")!), sql)
        }
        return used >= quota
    }

    /// Totals between two days (inclusive), by service, model and day.
    public func usage(_ tenant: Tenant, from: LocalDate, to: LocalDate) async throws -> UsageTotals {
        try await store.read { (sql: any SQLDatabase) -> UsageTotals in
            let range = (tenant: tenant, from: from, to: to)
            let total =
                try await Self.rows(nil, range, sql).first
                ?? UsageTotals.Row(key: "all", calls: 0, promptTokens: 0, completionTokens: 0, cost: .zero)
            let currency = try await sql.raw(
                "SELECT currency FROM model_usage WHERE org_id = \(bind: tenant.organizationID) AND currency IS NOT NULL LIMIT 1"
            ).first()?.decode(column: "currency", as: String.self)
            let code = currency.flatMap { CurrencyCode($0) }
            return UsageTotals(
                total: total, byService: try await Self.rows("service", range, sql), byModel: try await Self.rows("model", range, sql),
                byDay: try await Self.rows("day", range, sql), currency: code)
        }
    }

    /// Sums per value of `key` (a column name of ours), or over everything when `key` is nil.
    static func rows(
        _ key: String?, _ range: (tenant: Tenant, from: LocalDate, to: LocalDate), _ sql: any SQLDatabase
    ) async throws -> [UsageTotals.Row] {
        var query = SQLQueryString(
            """
            SELECT \(unsafeRaw: key ?? "'all'") AS key, COUNT(*) AS calls,
                CAST(COALESCE(SUM(prompt_tokens), 0) AS BIGINT) AS prompt,
                CAST(COALESCE(SUM(completion_tokens), 0) AS BIGINT) AS completion,
                CAST(COALESCE(SUM(cost), 0) AS BIGINT) AS cost
            FROM model_usage
            WHERE org_id = \(bind: range.tenant.organizationID) AND day >= \(bind: range.from.description)
                AND day <= \(bind: range.to.description)
            """)
        if let key { query.appendInterpolation(unsafeRaw: " GROUP BY \(key) ORDER BY \(key)") }
        return try await sql.raw(query).all().map { row in
            UsageTotals.Row(
                key: try row.decode(column: "key", as: String.self), calls: try row.decode(column: "calls", as: Int.self),
                promptTokens: try row.decode(column: "prompt", as: Int64.self),
                completionTokens: try row.decode(column: "completion", as: Int64.self),
                cost: FixedDecimal(units: try row.decode(column: "cost", as: Int64.self)))
        }
    }
}
