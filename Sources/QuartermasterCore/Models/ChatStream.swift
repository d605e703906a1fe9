/// One event of a streamed answer. The stream ends with `.finished`; `ModelError`s are thrown.
public enum ChatStreamEvent: Sendable, Hashable {
    /// More text of the answer.
    case text(String)
    /// A piece of a tool call; pieces with the same index belong to one call.
    case toolCall(ToolCallDelta)
    /// Tokens of the call, when the server counts them.
    case usage(TokenUsage)
    /// The whole answer, assembled from the pieces (and validated when it had to be JSON).
    case finished(ChatResponse)
}

/// A piece of a streamed tool call: the first piece of a call carries its id and name, the
/// following ones carry fragments of the arguments' JSON text.
public struct ToolCallDelta: Sendable, Hashable {
    public var index: Int
    public var id: String?
    public var name: String?
    public var arguments: String

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "") {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// One chunk of a streamed answer, as the wire format read it.
public struct ChatDelta: Sendable, Hashable {
    public var content: String?
    public var toolCalls: [ToolCallDelta]
    public var finishReason: String?
    public var usage: TokenUsage?
    public var model: String?

    public init(
        content: String? = nil, toolCalls: [ToolCallDelta] = [], finishReason: String? = nil, usage: TokenUsage? = nil,
        model: String? = nil
    ) {
        self.content = content
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
    }
}

/// Assembles streamed chunks into a `ChatResponse`: text is concatenated, tool calls are accumulated
/// by index. A piece whose id differs from the id already at its index starts a new call (some
/// servers number every call 0).
public struct ChatStreamAccumulator: Sendable {
    private var text = ""
    private var sawText = false
    private var calls: [(index: Int, id: String, name: String, arguments: String)] = []
    private var finishReason: String?
    private var usage: TokenUsage?
    private var model: String

    public init(model: String) { self.model = model }

    public mutating func add(_ delta: ChatDelta) {
        if let content = delta.content, !content.isEmpty {
            text += content
            sawText = true
        }
        for piece in delta.toolCalls { add(piece) }
        if let reason = delta.finishReason { finishReason = reason }
        if let reported = delta.usage { usage = reported }
        if let name = delta.model, !name.isEmpty { model = name }
    }

    private mutating func add(_ piece: ToolCallDelta) {
        let position = calls.lastIndex(where: { $0.index == piece.index })
        if let position, piece.id == nil || piece.id == calls[position].id || calls[position].id.isEmpty {
            if let id = piece.id, calls[position].id.isEmpty { calls[position].id = id }
            if let name = piece.name, !name.isEmpty, calls[position].name.isEmpty { calls[position].name = name }
            calls[position].arguments += piece.arguments
        } else {
            calls.append((piece.index, piece.id ?? "", piece.name ?? "", piece.arguments))
        }
    }

    /// Whether any text or tool call has arrived.
    public var hasContent: Bool { sawText || !calls.isEmpty }

    /// The answer so far. Calls without an id are given `call_<index>`.
    public var response: ChatResponse {
        let toolCalls = calls.enumerated().map { offset, call in
            ToolCall(id: call.id.isEmpty ? "call_\(offset)" : call.id, name: call.name, arguments: call.arguments)
        }
        return ChatResponse(
            message: .assistant(sawText || toolCalls.isEmpty ? text : nil, toolCalls: toolCalls), finishReason: finishReason,
            usage: usage ?? TokenUsage(), model: model)
    }
}
