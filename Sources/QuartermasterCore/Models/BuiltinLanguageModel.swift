/// The language model that needs no network and always gives the same answer: the built-in parser
/// answers the requisition schema (`RequisitionAnswer`), and free-text requests get a thought written
/// from a template about what the parser read. It calls no tools and counts no tokens.
public struct BuiltinLanguageModel: LanguageModel {
    public let context: RequestParseContext

    public init(context: RequestParseContext) { self.context = context }

    public var name: String { "builtin" }

    public var capabilities: ModelCapabilities {
        ModelCapabilities(
            supportsTools: false, supportsJSONSchema: true, supportsJSONMode: false, supportsStreaming: true, supportsStreamingUsage: true,
            supportsSeed: false)
    }

    public func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse {
        switch request.toolChoice {
        case .required, .tool: throw .unsupported("the built-in model calls no tools")
        case .auto, .never, nil: break
        }
        let parsed = RequestParser.parse(request.lastUserText, context: context)
        switch request.responseFormat {
        case .jsonSchema(let schemaName, _, _) where schemaName == RequisitionAnswer.name:
            let answer = RequisitionAnswer.answer(from: parsed)
            return ChatResponse(
                message: .assistant(answer.serialized), finishReason: "stop", usage: TokenUsage(reported: true), model: name,
                structured: answer)
        case .jsonSchema(let schemaName, _, _):
            throw .unsupported("the built-in model answers only the \(RequisitionAnswer.name) schema, not \(schemaName)")
        case .jsonObject:
            throw .unsupported("the built-in model answers only the \(RequisitionAnswer.name) schema")
        case .text:
            return ChatResponse(
                message: .assistant(Self.thought(about: parsed)), finishReason: "stop", usage: TokenUsage(reported: true), model: name)
        }
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> { streamByChatting(request) }

    /// A plan in words for what the parser read.
    static func thought(about parsed: ParsedRequisition) -> String {
        guard !parsed.lines.isEmpty else {
            return "I could not read anything to buy in the request, so I will ask what is needed."
        }
        let items = parsed.lines.map { line in
            var words = "\(line.quantity) \(line.unit) \(line.item)"
            if let price = line.maxUnitPrice { words += " at most \(price.amount.text(minimumPlaces: 2)) \(price.currency) each" }
            return words
        }
        var sentences = ["The request asks for " + items.joined(separator: ", ") + "."]
        if let budget = parsed.budget { sentences.append("The budget is \(budget.amount.text(minimumPlaces: 2)) \(budget.currency).") }
        if let needBy = parsed.needBy { sentences.append("Everything must arrive by \(needBy.iso).") }
        if !parsed.preferredVendors.isEmpty { sentences.append("Preferred vendors: \(parsed.preferredVendors.joined(separator: ", ")).") }
        if !parsed.blockedVendors.isEmpty { sentences.append("Vendors to avoid: \(parsed.blockedVendors.joined(separator: ", ")).") }
        if parsed.questions.isEmpty {
            sentences.append("I will search the catalog for each line, then choose the cheapest basket that fits.")
        } else {
            sentences.append("Before searching I need answers: " + parsed.questions.map(\.question).joined(separator: " "))
        }
        return sentences.joined(separator: " ")
    }
}

extension LanguageModel {
    /// A stream that answers with `chat` and delivers the answer at once: for models that do not
    /// stream for real (built-in, replay).
    public func streamByChatting(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await chat(request)
                    if let text = response.message.content, !text.isEmpty { continuation.yield(.text(text)) }
                    for (index, call) in response.toolCalls.enumerated() {
                        continuation.yield(.toolCall(ToolCallDelta(index: index, id: call.id, name: call.name, arguments: call.arguments)))
                    }
                    continuation.yield(.usage(response.usage))
                    continuation.yield(.finished(response))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
