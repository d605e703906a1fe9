import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// The organisation's language model (an OpenAI-compatible server; the API key is stored encrypted
/// and never shown again) and what model calls have cost.
struct ModelController: Sendable {
    let models: ModelRepository
    let timeZone: @Sendable (Tenant) async throws -> TimeZone

    static let backends: Set<String> = ["openai", "azure", "vllm", "ollama", "llamacpp"]

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("model-settings", use: settings)
        group.put("model-settings", use: setSettings)
        group.delete("model-settings", use: deleteSettings)
        group.get("usage", use: usage)
    }

    @Sendable func settings(_ request: Request, context: TenantContext) async throws -> ModelSettingsDTO {
        try context.require(.admin)
        guard let record = try await models.settings(context.tenant) else { throw Problem.notFound("model settings") }
        return ModelSettingsDTO(record)
    }

    @Sendable func setSettings(_ request: Request, context: TenantContext) async throws -> ModelSettingsDTO {
        try context.require(.admin)
        let input = try await request.decode(as: ModelSettingsInput.self, context: context)
        var validator = Validator()
        let backend = validator.text("backend", input.backend, maxLength: 20)
        if !backend.isEmpty, !Self.backends.contains(backend) {
            validator.fail("backend", "must be one of \(Self.backends.sorted().joined(separator: ", "))")
        }
        let baseURL = validator.text("base_url", input.base_url, maxLength: 500)
        if !baseURL.isEmpty, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            validator.fail("base_url", "must be an http(s) URL such as https://api.openai.com/v1")
        }
        let model = validator.text("model", input.model, maxLength: 200)
        if let key = input.api_key, key.count > 1_000 { validator.fail("api_key", "must be at most 1000 characters") }
        if let quota = input.monthly_token_quota, quota < 0 { validator.fail("monthly_token_quota", "must not be negative") }
        for (name, price) in input.prices?.prices ?? [:] where price.prompt < .zero || price.completion < .zero {
            validator.fail("prices.prices.\(name)", "prices must not be negative")
        }
        try validator.check()
        try await models.setSettings(
            context.tenant, backend: backend, baseURL: baseURL, model: model, apiKey: input.api_key,
            monthlyTokenQuota: input.monthly_token_quota,
            prices: input.prices, by: context.principal.userID)
        guard let record = try await models.settings(context.tenant) else { throw Problem.notFound("model settings") }
        return ModelSettingsDTO(record)
    }

    @Sendable func deleteSettings(_ request: Request, context: TenantContext) async throws -> Response {
        try context.require(.admin)
        guard try await models.deleteSettings(context.tenant) else { throw Problem.notFound("model settings") }
        return Response(status: .noContent)
    }

    /// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (default: this month so far), totals by service, model and day.
    @Sendable func usage(_ request: Request, context: TenantContext) async throws -> UsageDTO {
        try context.require(.admin, .finance)
        let query = FormQuery(request.uri.query)
        let today = LocalDate.at(Clock.nowMilliseconds(), in: try await timeZone(context.tenant))
        var validator = Validator()
        func day(_ field: String, _ fallback: LocalDate) -> LocalDate {
            guard let text = query.get(field), !text.isEmpty else { return fallback }
            guard let date = LocalDate(iso: text) else {
                validator.fail(field, "must be a date YYYY-MM-DD")
                return fallback
            }
            return date
        }
        let from = day("from", LocalDate(year: today.year, month: today.month, day: 1)!)
        let to = day("to", today)
        if to < from { validator.fail("to", "must not be before from") }
        try validator.check()
        return UsageDTO(from: from, to: to, totals: try await models.usage(context.tenant, from: from, to: to))
    }
}

struct ModelSettingsInput: StrictDecodable {
    static let fields: Set<String> = ["backend", "base_url", "model", "api_key", "monthly_token_quota", "prices"]
    let backend: String?
    let base_url: String?
    let model: String?
    /// Absent keeps the stored key; empty removes it.
    let api_key: String?
    let monthly_token_quota: Int64?
    let prices: ModelPriceTable?
}

struct ModelSettingsDTO: ResponseEncodable {
    let backend: String
    let base_url: String
    let model: String
    let api_key_set: Bool
    let monthly_token_quota: Int64?
    let prices: ModelPriceTable?
    let updated_at: String

    init(_ record: ModelSettingsRecord) {
        backend = record.backend
        base_url = record.baseURL
        model = record.model
        api_key_set = record.hasAPIKey
        monthly_token_quota = record.monthlyTokenQuota
        prices = record.prices
        updated_at = Instant.iso8601(record.updatedAt)
    }
}

struct UsageDTO: ResponseEncodable {
    struct Row: Encodable, Sendable {
        let key: String
        let calls: Int
        let prompt_tokens: Int64
        let completion_tokens: Int64
        let cost: FixedDecimal

        init(_ row: UsageTotals.Row) {
            key = row.key
            calls = row.calls
            prompt_tokens = row.promptTokens
            completion_tokens = row.completionTokens
            cost = row.cost
        }
    }
    let from: String
    let to: String
    let currency: String?
    let total: Row
    let by_service: [Row]
    let by_model: [Row]
    let by_day: [Row]

    init(from: LocalDate, to: LocalDate, totals: UsageTotals) {
        self.from = from.description
        self.to = to.description
        currency = totals.currency?.code
        total = Row(totals.total)
        by_service = totals.byService.map(Row.init)
        by_model = totals.byModel.map(Row.init)
        by_day = totals.byDay.map(Row.init)
    }
}
