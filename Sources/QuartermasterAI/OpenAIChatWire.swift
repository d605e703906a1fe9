import QuartermasterCore

/// The OpenAI chat-completions wire format: request bodies out, answers and stream chunks in. Pure;
/// read with the strict `JSONReader`, so garbage becomes `ModelError.invalidResponse`.
enum OpenAIChatWire {
    /// The body of `POST chat/completions`.
    static func body(_ request: ChatRequest, model: String, profile: OpenAICompatibleProfile, stream: Bool) -> JSONValue {
        var messages = request.messages
        var members: [JSONMember] = []
        if profile.backend != .azure { members.append(JSONMember("model", .string(model))) }
        switch request.responseFormat {
        case .text:
            break
        case .jsonObject:
            members.append(JSONMember("response_format", .object(["type": .string("json_object")])))
        case .jsonSchema(let name, let schema, let strict):
            switch profile.schemaStyle {
            case .jsonSchema:
                let format: JSONValue = .object(["name": .string(name), "schema": schema, "strict": .bool(strict)])
                members.append(JSONMember("response_format", .object(["type": .string("json_schema"), "json_schema": format])))
            case .jsonObjectWithSchema:
                members.append(JSONMember("response_format", .object(["type": .string("json_object"), "schema": schema])))
            case .prompt:
                if profile.capabilities.supportsJSONMode {
                    members.append(JSONMember("response_format", .object(["type": .string("json_object")])))
                }
                messages.insert(.system("Answer only with one JSON value that matches this JSON schema:\n\(schema.serialized)"), at: 0)
            }
        }
        members.append(JSONMember("messages", .array(messages.map(message))))
        if !request.tools.isEmpty {
            members.append(JSONMember("tools", .array(request.tools.map(tool))))
            if let choice = request.toolChoice { members.append(JSONMember("tool_choice", toolChoice(choice))) }
        }
        if let temperature = request.temperature { members.append(JSONMember("temperature", .number(number(temperature)))) }
        if let maxTokens = request.maxTokens { members.append(JSONMember(profile.maxTokensField, .integer(maxTokens))) }
        if let seed = request.seed, profile.capabilities.supportsSeed { members.append(JSONMember("seed", .integer(seed))) }
        if stream {
            members.append(JSONMember("stream", .bool(true)))
            if profile.capabilities.supportsStreamingUsage {
                members.append(JSONMember("stream_options", .object(["include_usage": .bool(true)])))
            }
        }
        return .object(members)
    }

    static func message(_ message: ChatMessage) -> JSONValue {
        var members = [JSONMember("role", .string(message.role.rawValue))]
        members.append(JSONMember("content", message.content.map(JSONValue.string) ?? .null))
        if !message.toolCalls.isEmpty {
            members.append(
                JSONMember(
                    "tool_calls",
                    .array(
                        message.toolCalls.map { call in
                            .object([
                                "id": .string(call.id), "type": .string("function"),
                                "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)]),
                            ])
                        })))
        }
        if let id = message.toolCallID { members.append(JSONMember("tool_call_id", .string(id))) }
        return .object(members)
    }

    static func tool(_ tool: ToolDefinition) -> JSONValue {
        .object([
            "type": .string("function"),
            "function": .object([
                "name": .string(tool.name), "description": .string(tool.description), "parameters": tool.parameters,
            ]),
        ])
    }

    static func toolChoice(_ choice: ToolChoice) -> JSONValue {
        switch choice {
        case .auto: .string("auto")
        case .never: .string("none")
        case .required: .string("required")
        case .tool(let name): .object(["type": .string("function"), "function": .object(["name": .string(name)])])
        }
    }

    /// `0.2` rather than `0.2000000000000001`.
    static func number(_ value: Double) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    // MARK: Reading

    /// Reads a whole answer.
    static func response(_ bytes: some Collection<UInt8>, model: String) throws(ModelError) -> ChatResponse {
        let value = try json(bytes)
        if let error = value["error"], error != .null { throw serverError(error) }
        guard let choice = value["choices"]?.arrayValue?.first, let message = choice["message"], message.members != nil else {
            throw .invalidResponse("no choices[0].message in \(preview(bytes))")
        }
        let content = message["content"]?.stringValue
        var calls: [ToolCall] = []
        for (index, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
            guard let function = call["function"], let name = function["name"]?.stringValue else {
                throw .invalidResponse("a tool call without a function name")
            }
            calls.append(ToolCall(id: call["id"]?.stringValue ?? "call_\(index)", name: name, arguments: arguments(function["arguments"])))
        }
        return ChatResponse(
            message: .assistant(content, toolCalls: calls), finishReason: choice["finish_reason"]?.stringValue,
            usage: usage(value["usage"]) ?? TokenUsage(), model: value["model"]?.stringValue ?? model)
    }

    /// Reads the `data` of one stream event (not `[DONE]`).
    static func chunk(_ data: String) throws(ModelError) -> ChatDelta {
        let value = try json(Array(data.utf8))
        if let error = value["error"], error != .null { throw serverError(error) }
        guard value.members != nil else { throw .invalidResponse("a stream chunk is not an object: \(data.prefix(200))") }
        var delta = ChatDelta(usage: usage(value["usage"]), model: value["model"]?.stringValue)
        // A usage chunk has empty or null choices.
        guard let choice = value["choices"]?.arrayValue?.first else { return delta }
        delta.finishReason = choice["finish_reason"]?.stringValue
        guard let piece = choice["delta"], piece.members != nil else { return delta }
        delta.content = piece["content"]?.stringValue
        for (position, call) in (piece["tool_calls"]?.arrayValue ?? []).enumerated() {
            let function = call["function"]
            delta.toolCalls.append(
                ToolCallDelta(
                    index: call["index"]?.intValue ?? position, id: call["id"]?.stringValue, name: function?["name"]?.stringValue,
                    arguments: arguments(function?["arguments"])))
        }
        return delta
    }

    /// Arguments are a JSON text; a server that sends an object gets it written out.
    static func arguments(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text): text
        case .none, .null: ""
        case .some(let other): other.serialized
        }
    }

    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard let value, let prompt = value["prompt_tokens"]?.intValue else { return nil }
        return TokenUsage(promptTokens: prompt, completionTokens: value["completion_tokens"]?.intValue ?? 0, reported: true)
    }

    static func serverError(_ error: JSONValue) -> ModelError {
        let body = JSONValue.object(["error": error]).serialized
        if ModelRetry.isQuotaExhausted(body) { return .quotaExhausted(ModelRetry.errorSummary(body)) }
        return .invalidResponse("the server reported an error: \(ModelRetry.errorSummary(body))")
    }

    static func json(_ bytes: some Collection<UInt8>) throws(ModelError) -> JSONValue {
        do {
            return try JSONReader.parse(bytes)
        } catch {
            throw .invalidResponse("\(error) in \(preview(bytes))")
        }
    }

    static func preview(_ bytes: some Collection<UInt8>) -> String {
        "\"" + String(decoding: bytes.prefix(200), as: UTF8.self) + (bytes.count > 200 ? "…\"" : "\"")
    }

    // MARK: Structured answers

    /// The JSON in an answer's text, checked against the format: fences (```json … ```) are allowed.
    static func structured(_ text: String, format: ResponseFormat) throws(ModelError) -> JSONValue {
        var body = text.trimmingWhitespace()
        if body.hasPrefix("```") {
            body = String(body.drop(while: { $0 != "\n" }))
            if body.hasSuffix("```") { body = String(body.dropLast(3)) }
            body = body.trimmingWhitespace()
        }
        let value: JSONValue
        do {
            value = try JSONReader.parse(body)
        } catch {
            throw .invalidJSON("\(error) in \"\(text.prefix(200))\"")
        }
        if let schema = format.schema {
            let problems = JSONSchemaValidator.problems(in: value, against: schema)
            if !problems.isEmpty { throw .schemaViolation(problems) }
        } else if value.members == nil {
            throw .schemaViolation(["$: must be an object, not \(value.typeName)"])
        }
        return value
    }
}
