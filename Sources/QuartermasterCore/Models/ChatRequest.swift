import Crypto
import Foundation

/// What a language model is asked: the conversation, the tools it may call and the shape of the answer.
/// The model's name is not part of it: a `LanguageModel` is configured with its model.
public struct ChatRequest: Sendable, Hashable, Codable {
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    public var responseFormat: ResponseFormat
    public var temperature: Double?
    public var maxTokens: Int?
    public var seed: Int?

    public init(
        messages: [ChatMessage], tools: [ToolDefinition] = [], toolChoice: ToolChoice? = nil, responseFormat: ResponseFormat = .text,
        temperature: Double? = nil, maxTokens: Int? = nil, seed: Int? = nil
    ) {
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.responseFormat = responseFormat
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.seed = seed
    }

    /// The text of the last user message, or "".
    public var lastUserText: String { messages.last(where: { $0.role == .user })?.content ?? "" }

    /// A stable key for this request to `model`: SHA-256 (hex) of a canonical JSON encoding (sorted
    /// keys), so equal requests give equal keys on every machine.
    public func fingerprint(model: String) -> String {
        struct Keyed: Encodable {
            let model: String
            let request: ChatRequest
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail; an empty body would still give a (useless) stable key.
        let data = (try? encoder.encode(Keyed(model: model, request: self))) ?? Data()
        return SHA256.hash(data: data).hexString
    }

    enum CodingKeys: String, CodingKey {
        case messages, tools, toolChoice = "tool_choice", responseFormat = "response_format", temperature,
            maxTokens = "max_tokens", seed
    }
}

/// The shape of the answer.
public enum ResponseFormat: Sendable, Hashable, Codable {
    /// Free text.
    case text
    /// Any JSON object.
    case jsonObject
    /// JSON matching `schema`; the answer is validated (and repaired once) before it is returned.
    case jsonSchema(name: String, schema: JSONValue, strict: Bool = true)

    /// The schema the answer must match, if any.
    public var schema: JSONValue? {
        if case .jsonSchema(_, let schema, _) = self { return schema }
        return nil
    }

    /// Whether the answer must be JSON.
    public var wantsJSON: Bool { self != .text }
}
