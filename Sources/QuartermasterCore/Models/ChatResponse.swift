/// What a language model answered, with the tokens it took.
public struct ChatResponse: Sendable, Hashable, Codable {
    /// The assistant's message: text and/or tool calls.
    public var message: ChatMessage
    /// `stop`, `length`, `tool_calls`, `content_filter`, … as the server said.
    public var finishReason: String?
    /// Tokens of every call made for this answer (a repair retry included).
    public var usage: TokenUsage
    /// The model that answered, as the server named it.
    public var model: String
    /// The parsed answer when the request asked for JSON; it matches the schema when there was one.
    public var structured: JSONValue?
    /// Calls made to the server: 1, or 2 after a repair; retries of failed attempts are not counted.
    public var calls: Int

    public init(
        message: ChatMessage, finishReason: String? = nil, usage: TokenUsage = TokenUsage(), model: String, structured: JSONValue? = nil,
        calls: Int = 1
    ) {
        self.message = message
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.structured = structured
        self.calls = calls
    }

    public var text: String { message.content ?? "" }
    public var toolCalls: [ToolCall] { message.toolCalls }

    enum CodingKeys: String, CodingKey {
        case message, finishReason = "finish_reason", usage, model, structured, calls
    }
}

/// Tokens a call took. `reported` is false when the server did not say (the counts are then 0).
public struct TokenUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var reported: Bool

    public init(promptTokens: Int = 0, completionTokens: Int = 0, reported: Bool = false) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.reported = reported
    }

    public var totalTokens: Int { promptTokens + completionTokens }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: lhs.promptTokens + rhs.promptTokens, completionTokens: lhs.completionTokens + rhs.completionTokens,
            reported: lhs.reported || rhs.reported)
    }

    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) { lhs = lhs + rhs }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", reported
    }
}
