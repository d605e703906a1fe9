import Foundation
import QuartermasterAI
import QuartermasterCore
import QuartermasterStore

/// A model call is a side effect like any other: recorded as an intent before the call, its answer
/// kept as the receipt after it. A step executed again (after a crash) gets the recorded answer back
/// instead of paying for the call twice.
struct IntentBackedModel: LanguageModel {
    let base: any LanguageModel
    let repository: AgentRepository
    let tenant: Tenant
    let runID: String
    let step: RunStep

    var name: String { base.name }
    var capabilities: ModelCapabilities { base.capabilities }

    func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse {
        let fingerprint = request.fingerprint(model: base.name)
        let key = SideEffectKey.make(runID: runID, step: step, effect: "model.chat", inputs: fingerprint)
        let intent: IntentRecord
        do {
            intent = try await repository.beginIntent(
                tenant, runID: runID, step: step, effect: "model.chat", key: key,
                request: JSONText.encode(["fingerprint": .string(fingerprint)]))
        } catch {
            throw .connection("could not record the call: \(error)")
        }
        if intent.status == "done", let receipt = intent.receipt,
            let recorded = try? JSONDecoder().decode(ChatResponse.self, from: Data(receipt.utf8))
        {
            return recorded
        }
        let response = try await base.chat(request)
        let receipt = (try? JSONEncoder().encode(response)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        try? await repository.finishIntent(key: key, status: "done", receipt: receipt)
        return response
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> { base.stream(request) }
}

extension AgentServices {
    /// The organisation's model for `step`, or nil for the built-in one, with why when a configured
    /// model is not used (no key, the monthly quota used up).
    func languageModel(
        _ tenant: Tenant, runID: String, step: RunStep, recorder: any ModelUsageRecorder
    ) async throws -> (model: (any LanguageModel)?, note: String?) {
        guard let settings = try await models.settings(tenant),
            let backend = OpenAICompatibleProfile.Backend(rawValue: settings.backend)
        else { return (nil, nil) }
        if try await models.quotaExceeded(tenant) {
            return (nil, "The organisation's monthly model quota is used up; reading with the built-in parser instead.")
        }
        let key = try await models.apiKey(tenant) ?? ""
        if key.isEmpty && (backend == .openai || backend == .azure) {
            return (nil, "The \(backend.rawValue) model has no API key configured; reading with the built-in parser instead.")
        }
        let model = OpenAICompatibleModel(
            baseURL: settings.baseURL, model: settings.model, apiKey: key, profile: .standard(backend),
            prices: settings.prices ?? .openAIList, timeout: .seconds(30), recorder: recorder)
        return (IntentBackedModel(base: model, repository: repository, tenant: tenant, runID: runID, step: step), nil)
    }

    /// Reads the request text with the organisation's model when one is configured (its reading is
    /// checked against the text; the built-in parser takes over when it fails), else with the parser.
    func read(
        _ text: String, tenant: Tenant, runID: String, context: RequestParseContext, template: Requisition, log: inout StepLog
    ) async throws -> Requisition {
        let ledger = ModelUsageLedger()
        let (configured, note) = try await languageModel(tenant, runID: runID, step: .understand, recorder: ledger)
        if let note { log.add(.thought, note) }
        let model = configured ?? BuiltinLanguageModel(context: context)
        let start = ContinuousClock.now
        log.add(.action, "Reading the request text with \(model.name)", tool: "parse", arguments: ["model": model.name])
        let outcome = await ModelUnderstanding.read(text, context: context, template: template, model: model)
        for call in ledger.records {
            try await models.record(tenant, runID: runID, step: RunStep.understand.rawValue, service: "chat", call: call)
        }
        let parsed = outcome.requisition
        let summary =
            parsed.lines.isEmpty
            ? "No item could be read."
            : "Understood \(parsed.lines.count) line(s): "
                + parsed.lines.map { "\($0.quantity) \($0.unit) \($0.description)" }.joined(separator: "; ")
        let cost = ledger.cost.values.reduce(FixedDecimal.zero, +)
        log.entries.append(
            RunLogEntry(
                .observation, step: .understand, summary, durationMilliseconds: (ContinuousClock.now - start).inMilliseconds,
                promptTokens: outcome.usage.reported ? outcome.usage.promptTokens : nil,
                completionTokens: outcome.usage.reported ? outcome.usage.completionTokens : nil, cost: ledger.records.isEmpty ? nil : cost))
        if let reason = outcome.fallbackReason {
            log.add(.thought, "Used the built-in parser instead of \(model.name): \(reason)")
        }
        return parsed
    }
}

extension AgentServices {
    /// Has the organisation's model (when one is configured) write a thought about `facts`, in one
    /// or two sentences. A thought that states a number the facts do not contain is refused: model
    /// text never brings numbers of its own into a run. Without a model, or when it fails, nothing
    /// is added (the template thoughts stand).
    func narrate(_ tenant: Tenant, runID: String, step: RunStep, facts: String, log: inout StepLog) async throws {
        let ledger = ModelUsageLedger()
        guard let model = try await languageModel(tenant, runID: runID, step: step, recorder: ledger).model else { return }
        let request = ChatRequest(
            messages: [
                .system(
                    "You are a procurement agent writing a short note in your run log for the person who asked. Use only the facts given. Do not invent or recompute numbers. One or two sentences."
                ),
                .user(facts),
            ], temperature: 0.2, maxTokens: 120)
        let response = try? await model.chat(request)
        for call in ledger.records {
            try await models.record(tenant, runID: runID, step: step.rawValue, service: "chat", call: call)
        }
        guard let response else { return }
        let text = response.text.trimmingWhitespace()
        let cost = ledger.cost.values.reduce(FixedDecimal.zero, +)
        guard !text.isEmpty, ModelAnswerCheck.numbersKept(text, within: facts) else { return }
        log.entries.append(
            RunLogEntry(
                .thought, step: step, String(text.prefix(600)), promptTokens: response.usage.reported ? response.usage.promptTokens : nil,
                completionTokens: response.usage.reported ? response.usage.completionTokens : nil, cost: ledger.records.isEmpty ? nil : cost
            ))
    }
}
