import AsyncHTTPClient
import NIOCore
import QuartermasterCore

/// A `LanguageModel` over an OpenAI-compatible `POST {base}/chat/completions` (OpenAI, Azure OpenAI,
/// vLLM, Ollama, llama.cpp's servers): tools, JSON-schema answers validated with one repair retry,
/// streaming over server-sent events, retries with backoff, a time limit, usage and cost per call.
public struct OpenAICompatibleModel: LanguageModel {
    public let baseURL: String
    public let model: String
    public let profile: OpenAICompatibleProfile
    public let prices: ModelPriceTable
    public let recorder: (any ModelUsageRecorder)?
    let transport: ModelTransport

    /// - Parameters:
    ///   - baseURL: the API root (`https://api.openai.com/v1`, `http://127.0.0.1:8000/v1`); for Azure the resource.
    ///   - model: the model's name (for Azure the deployment's).
    ///   - apiKey: empty for servers without authentication.
    ///   - timeout: for a whole answer; for a stream, the longest silence between two chunks.
    ///   - recorder: told of every call with its tokens and cost.
    public init(
        baseURL: String, model: String, apiKey: String, profile: OpenAICompatibleProfile = .openai, prices: ModelPriceTable = .empty,
        client: HTTPClient = .languageModels,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelayMilliseconds: 500, maxDelayMilliseconds: 8_000),
        timeout: Duration = .seconds(60), recorder: (any ModelUsageRecorder)? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.profile = profile
        self.prices = prices
        self.recorder = recorder
        self.transport = ModelTransport(client: client, profile: profile, apiKey: apiKey, retry: retry, timeout: timeout)
    }

    public var name: String { "\(profile.backend.rawValue):\(model)" }
    public var capabilities: ModelCapabilities { profile.capabilities }

    var url: String { profile.url(baseURL: baseURL, endpoint: "chat/completions", model: model) }

    public func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse {
        try check(request, streaming: false)
        var conversation = request
        var usage = TokenUsage()
        var calls = 0
        while true {
            calls += 1
            var response = try await complete(conversation)
            usage += response.usage
            response.usage = usage
            response.calls = calls
            guard request.responseFormat.wantsJSON, response.toolCalls.isEmpty else { return response }
            do {
                response.structured = try OpenAIChatWire.structured(response.text, format: request.responseFormat)
                return response
            } catch {
                // One repair: the model sees its answer and what is wrong with it.
                guard calls < 2 else { throw error }
                conversation.messages += [.assistant(response.text), .user(Self.repairPrompt(error))]
            }
        }
    }

    /// One call to the server (with retries), recorded.
    func complete(_ request: ChatRequest) async throws(ModelError) -> ChatResponse {
        let body = Array(OpenAIChatWire.body(request, model: model, profile: profile, stream: false).serialized.utf8)
        let start = ContinuousClock.now
        do {
            let answer = try await transport.post(url, body: body)
            let response = try OpenAIChatWire.response(answer.readableBytesView, model: model)
            record(response.usage, model: response.model, since: start, succeeded: true)
            return response
        } catch {
            record(TokenUsage(), model: model, since: start, succeeded: false)
            throw error
        }
    }

    static func repairPrompt(_ error: ModelError) -> String {
        let problems: String =
            switch error {
            case .schemaViolation(let problems): problems.joined(separator: "\n")
            default: error.description
            }
        return """
            Your answer cannot be used:
            \(problems)
            Answer again with only the corrected JSON, nothing else.
            """
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await streamAnswer(request, to: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func streamAnswer(
        _ request: ChatRequest, to continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    )
        async throws(ModelError)
    {
        try check(request, streaming: true)
        let body = Array(OpenAIChatWire.body(request, model: model, profile: profile, stream: true).serialized.utf8)
        let start = ContinuousClock.now
        let url = self.url
        let transport = self.transport
        let model = self.model
        var response: ChatResponse
        do {
            response = try await transport.withRetries { _ in
                try await transport.withIdleTimeout { progress in
                    let answer = try await transport.send(url, body: body)
                    return try await Self.read(answer.body, model: model, progress: progress, to: continuation)
                }
            }
        } catch {
            record(TokenUsage(), model: model, since: start, succeeded: false)
            throw error
        }
        record(response.usage, model: response.model, since: start, succeeded: true)
        if request.responseFormat.wantsJSON, response.toolCalls.isEmpty {
            // A streamed answer cannot be taken back, so it is not repaired.
            response.structured = try OpenAIChatWire.structured(response.text, format: request.responseFormat)
        }
        continuation.yield(.finished(response))
    }

    /// Reads a stream's events into `continuation` and returns the assembled answer. Failures before
    /// the first event may be retried; after it they are `streamInterrupted`.
    static func read(
        _ body: HTTPClientResponse.Body, model: String, progress: @Sendable () -> Void,
        to continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    ) async throws -> ChatResponse {
        var parser = ServerSentEventParser()
        var accumulator = ChatStreamAccumulator(model: model)
        var done = false
        var delivered = false
        do {
            reading: for try await chunk in body {
                progress()
                for event in parser.feed(chunk.readableBytesView) {
                    if event.data == "[DONE]" {
                        done = true
                        break reading
                    }
                    let delta = try OpenAIChatWire.chunk(event.data)
                    accumulator.add(delta)
                    if let text = delta.content, !text.isEmpty {
                        continuation.yield(.text(text))
                        delivered = true
                    }
                    for piece in delta.toolCalls {
                        continuation.yield(.toolCall(piece))
                        delivered = true
                    }
                    if let usage = delta.usage { continuation.yield(.usage(usage)) }
                }
            }
        } catch let error as ModelError {
            throw error
        } catch {
            guard delivered else { throw error }
            throw ModelError.streamInterrupted(ModelTransport.describe(error))
        }
        let response = accumulator.response
        guard done || response.finishReason != nil else {
            throw ModelError.streamInterrupted("the stream ended before [DONE]")
        }
        return response
    }

    func check(_ request: ChatRequest, streaming: Bool) throws(ModelError) {
        if !request.tools.isEmpty && !capabilities.supportsTools { throw .unsupported("\(profile.backend.rawValue) has no tools") }
        if streaming && !capabilities.supportsStreaming { throw .unsupported("\(profile.backend.rawValue) does not stream") }
    }

    func record(_ usage: TokenUsage, model answering: String, since start: ContinuousClock.Instant, succeeded: Bool) {
        guard let recorder else { return }
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        recorder.record(
            ModelCallRecord(
                model: answering, usage: usage, cost: prices.cost(of: usage, model: answering) ?? prices.cost(of: usage, model: model),
                milliseconds: milliseconds, succeeded: succeeded))
    }
}
