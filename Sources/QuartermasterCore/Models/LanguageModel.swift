/// A language model: the built-in deterministic one, or a remote OpenAI-compatible one. Errors are
/// `ModelError`s, which tell the caller why it should fall back to the built-in model.
public protocol LanguageModel: Sendable {
    /// Names the model, e.g. `builtin` or `openai:gpt-4o-mini`; recordings and usage are keyed by it.
    var name: String { get }
    /// What the backend can do; callers leave out what it cannot.
    var capabilities: ModelCapabilities { get }
    /// Answers the conversation. With a JSON response format the answer's `structured` value is set and
    /// matches the schema.
    func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse
    /// Answers as a stream of events ending in `.finished`; failures are thrown as `ModelError`.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error>
}

/// What a model's backend supports. Servers that speak the OpenAI API differ here.
public struct ModelCapabilities: Sendable, Hashable, Codable {
    /// Function calling (`tools`, `tool_calls`).
    public var supportsTools: Bool
    /// `response_format` with a JSON schema enforced by the server; without it the schema goes in
    /// the prompt and the answer is still validated.
    public var supportsJSONSchema: Bool
    /// `response_format` `json_object`.
    public var supportsJSONMode: Bool
    /// Streamed answers.
    public var supportsStreaming: Bool
    /// A final usage chunk in streams (`stream_options.include_usage`).
    public var supportsStreamingUsage: Bool
    /// `seed` for repeatable sampling.
    public var supportsSeed: Bool
    /// Prompt and completion tokens in the size of the context window, when known.
    public var contextTokens: Int?

    public init(
        supportsTools: Bool, supportsJSONSchema: Bool, supportsJSONMode: Bool, supportsStreaming: Bool, supportsStreamingUsage: Bool,
        supportsSeed: Bool, contextTokens: Int? = nil
    ) {
        self.supportsTools = supportsTools
        self.supportsJSONSchema = supportsJSONSchema
        self.supportsJSONMode = supportsJSONMode
        self.supportsStreaming = supportsStreaming
        self.supportsStreamingUsage = supportsStreamingUsage
        self.supportsSeed = supportsSeed
        self.contextTokens = contextTokens
    }

    enum CodingKeys: String, CodingKey {
        case supportsTools = "supports_tools", supportsJSONSchema = "supports_json_schema", supportsJSONMode = "supports_json_mode",
            supportsStreaming = "supports_streaming", supportsStreamingUsage = "supports_streaming_usage", supportsSeed = "supports_seed",
            contextTokens = "context_tokens"
    }
}
