/// One message of a conversation with a language model.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant, tool
    }

    public var role: Role
    /// The text; `nil` for an assistant message that only calls tools.
    public var content: String?
    /// Tools the assistant asked to call (assistant messages only).
    public var toolCalls: [ToolCall]
    /// The call this message answers (tool messages only).
    public var toolCallID: String?

    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    /// The result of a tool call, sent back to the model.
    public static func tool(callID: String, _ text: String) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallID: callID)
    }

    enum CodingKeys: String, CodingKey {
        case role, content, toolCalls = "tool_calls", toolCallID = "tool_call_id"
    }
}

/// A tool the model asked to call. `arguments` is the JSON text exactly as the model wrote it, which
/// may be invalid: read it with `argumentValues()`.
public struct ToolCall: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments as JSON; an empty text reads as `{}`.
    public func argumentValues() throws(ModelError) -> JSONValue {
        let text = arguments.trimmingWhitespace()
        if text.isEmpty { return .object([JSONMember]()) }
        do {
            return try JSONReader.parse(text)
        } catch {
            throw .invalidJSON("arguments of tool call \(name): \(error)")
        }
    }
}

/// A function the model may call, described by a JSON schema of its arguments.
public struct ToolDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and which tool the model must call.
public enum ToolChoice: Sendable, Hashable, Codable {
    case auto
    /// The model must answer in words (OpenAI's `none`).
    case never
    case required
    case tool(String)
}
