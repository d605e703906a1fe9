import Foundation
import NIOCore
import QuartermasterCore
import Testing

@testable import QuartermasterAI

/// The `ModelError` that `body` throws; an issue when it throws nothing or another error.
func modelError<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T) async -> ModelError? {
    do {
        _ = try await body()
        Issue.record("no error was thrown", sourceLocation: sourceLocation)
    } catch let error as ModelError {
        return error
    } catch {
        Issue.record("\(error) is not a ModelError", sourceLocation: sourceLocation)
    }
    return nil
}

/// The chat client against a scripted server on loopback.
@Suite struct OpenAICompatibleModelTests {
    static let fastRetry = RetryPolicy(maxAttempts: 3, baseDelayMilliseconds: 10, maxDelayMilliseconds: 2_000)

    static func model(
        _ server: MockModelServer, profile: OpenAICompatibleProfile = .openai, timeout: Duration = .seconds(60),
        recorder: (any ModelUsageRecorder)? = nil
    ) -> OpenAICompatibleModel {
        OpenAICompatibleModel(
            baseURL: server.baseURL, model: "gpt-4o-mini", apiKey: "sk-test", profile: profile, prices: .openAIList, retry: fastRetry,
            timeout: timeout, recorder: recorder)
    }

    static let hello = ChatRequest(messages: [.system("Be brief."), .user("Say hello.")], temperature: 0.2, maxTokens: 20, seed: 7)

    static let colour = ResponseFormat.jsonSchema(
        name: "colour",
        schema: try! JSONReader.parse(
            #"{"type":"object","properties":{"colour":{"enum":["red","green"]}},"required":["colour"],"additionalProperties":false}"#))

    static func events(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async throws -> [ChatStreamEvent] {
        var events: [ChatStreamEvent] = []
        for try await event in stream { events.append(event) }
        return events
    }

    @Test func aPlainAnswerWithUsageAndCost() async throws {
        let ledger = ModelUsageLedger()
        try await MockModelServer.with({ _, _ in .answer(body: MockModelServer.completion("Hello!", prompt: 1_000, completion: 500)) }) {
            server in
            let response = try await Self.model(server, recorder: ledger).chat(Self.hello)
            #expect(response.text == "Hello!")
            #expect(response.usage == TokenUsage(promptTokens: 1_000, completionTokens: 500, reported: true))
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/v1/chat/completions")
            #expect(sent.headers["authorization"] == "Bearer sk-test")
            #expect(
                sent.json.serialized
                    == #"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello."}],"#
                    + #""temperature":0.2,"max_completion_tokens":20,"seed":7}"#)
        }
        // mock-1 is not in the price table; gpt-4o-mini is: 1000 × 0.15 + 500 × 0.60 = 450 per million.
        let call = try #require(ledger.records.first)
        #expect(call.model == "mock-1" && call.succeeded)
        #expect(call.cost == Money(FixedDecimal(parsing: "0.0005")!, CurrencyCode("USD")!))
    }

    @Test func retriesAfterThe429WaitTheServerAsksFor() async throws {
        try await MockModelServer.with({ _, number in
            number == 0
                ? .answer(status: 429, headers: ["retry-after-ms": "300"], body: MockModelServer.error("slow down", type: "rate_limit"))
                : .answer(body: MockModelServer.completion("ok"))
        }) { server in
            let start = ContinuousClock.now
            let response = try await Self.model(server).chat(Self.hello)
            #expect(response.text == "ok")
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(server.requests.count == 2)
        }
    }

    @Test func retriesServerErrorsThenSucceeds() async throws {
        try await MockModelServer.with({ _, number in
            number < 2 ? .answer(status: [500, 503][number], body: "upstream down") : .answer(body: MockModelServer.completion("ok"))
        }) { server in
            let answer = try await Self.model(server).chat(Self.hello)
            #expect(answer.text == "ok")
            #expect(server.requests.count == 3)
        }
        // Out of attempts: the last error is the caller's.
        try await MockModelServer.with({ _, _ in .answer(status: 502, body: "bad gateway") }) { server in
            await #expect(throws: ModelError.http(status: 502, body: "bad gateway")) { try await Self.model(server).chat(Self.hello) }
            #expect(server.requests.count == 3)
        }
    }

    @Test func aSpentQuotaIsNotRetried() async throws {
        try await MockModelServer.with({ _, _ in
            .answer(
                status: 429, headers: ["retry-after": "1"],
                body: MockModelServer.error("You exceeded your current quota", type: "insufficient_quota"))
        }) { server in
            await #expect(throws: ModelError.quotaExhausted("You exceeded your current quota (insufficient_quota)")) {
                try await Self.model(server).chat(Self.hello)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func aClientErrorIsNotRetried() async throws {
        try await MockModelServer.with({ _, _ in
            .answer(status: 400, body: MockModelServer.error("bad model", type: "invalid_request_error"))
        }) {
            server in
            await #expect(throws: ModelError.http(status: 400, body: "bad model (invalid_request_error)")) {
                try await Self.model(server).chat(Self.hello)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func aServerThatDoesNotAnswerTimesOut() async throws {
        try await MockModelServer.with({ _, _ in .stall(.seconds(5), then: MockModelServer.completion("late")) }) { server in
            await #expect(throws: ModelError.timeout(milliseconds: 300)) {
                try await Self.model(server, timeout: .milliseconds(300)).chat(Self.hello)
            }
            // The timeout error (not the stalled server's late answer) shows the client gave up; no bound
            // on the wall clock, which a loaded machine's scheduler can stretch (19 s once, in the suite).
            // Not retried. (At most one: on a loaded machine the client can give up before the
            // stalled server has even logged the request, as it once did under CI's load.)
            #expect(server.requests.count <= 1)
        }
    }

    @Test func noServerIsAConnectionError() async throws {
        // Nothing listens on port 1. (A generous timeout: on a loaded machine the retries alone can take seconds.)
        let model = OpenAICompatibleModel(
            baseURL: "http://127.0.0.1:1/v1", model: "m", apiKey: "", retry: Self.fastRetry, timeout: .seconds(60))
        let error = await modelError { try await model.chat(Self.hello) }
        if case .connection? = error {} else { Issue.record("expected a connection error, got \(String(describing: error))") }
    }

    @Test(arguments: ["<html>502 Bad Gateway</html>", #"{"choices":[]}"#, #"{"object":"list"}"#])
    func garbageIsAnInvalidResponse(_ body: String) async throws {
        try await MockModelServer.with({ _, _ in .answer(body: body) }) { server in
            let error = await modelError { try await Self.model(server).chat(Self.hello) }
            if case .invalidResponse? = error {} else { Issue.record("expected invalidResponse, got \(String(describing: error))") }
            #expect(server.requests.count == 1)
        }
    }

    @Test func anInvalidJSONAnswerIsRepairedOnce() async throws {
        let ledger = ModelUsageLedger()
        try await MockModelServer.with({ _, number in
            .answer(body: MockModelServer.completion(number == 0 ? "Sure! colour: red" : "```json\n{\"colour\":\"red\"}\n```"))
        }) { server in
            let request = ChatRequest(messages: [.user("Pick a colour.")], responseFormat: Self.colour)
            let response = try await Self.model(server, recorder: ledger).chat(request)
            #expect(response.structured == (try JSONReader.parse(#"{"colour":"red"}"#)))
            #expect(response.calls == 2)
            #expect(response.usage == TokenUsage(promptTokens: 22, completionTokens: 14, reported: true))
            let first = server.requests[0].json
            #expect(first["response_format"]?["type"] == .string("json_schema"))
            #expect(first["response_format"]?["json_schema"]?["name"] == .string("colour"))
            #expect(first["response_format"]?["json_schema"]?["strict"] == .bool(true))
            let repair = try #require(server.requests[1].json["messages"]?.arrayValue)
            #expect(repair.count == 3)
            #expect(repair[1]["content"] == .string("Sure! colour: red"))
            #expect(repair[2]["content"]?.stringValue?.contains("is not valid JSON") == true)
        }
        #expect(ledger.records.count == 2)
    }

    @Test func anAnswerThatBreaksTheSchemaTwiceIsASchemaViolation() async throws {
        try await MockModelServer.with({ _, number in
            .answer(body: MockModelServer.completion(number == 0 ? #"{"colour":"blue"}"# : #"{"colour":"red","why":"because"}"#))
        }) { server in
            let request = ChatRequest(messages: [.user("Pick a colour.")], responseFormat: Self.colour)
            await #expect(throws: ModelError.schemaViolation([#"$: has the unexpected property "why""#])) {
                try await Self.model(server).chat(request)
            }
            #expect(server.requests.count == 2)
            let repair = server.requests[1].json["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
            #expect(repair.contains(#"$.colour: must be one of "red", "green""#))
        }
    }

    @Test func toolsGoOutAndToolCallsComeBack() async throws {
        let call = ToolCall(id: "call_1", name: "find_products", arguments: #"{"query":"a4 paper"}"#)
        try await MockModelServer.with({ _, _ in .answer(body: MockModelServer.completion(nil, toolCalls: [call])) }) { server in
            let tool = ToolDefinition(
                name: "find_products", description: "Search the catalog",
                parameters: try JSONReader.parse(#"{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}"#))
            let request = ChatRequest(
                messages: [.user("Find paper"), .assistant(nil, toolCalls: [call]), .tool(callID: "call_1", "[]")], tools: [tool],
                toolChoice: .tool("find_products"))
            let response = try await Self.model(server).chat(request)
            #expect(response.toolCalls == [call])
            let arguments = try response.toolCalls[0].argumentValues()
            #expect(arguments["query"] == .string("a4 paper"))
            let sent = try #require(server.requests.first).json
            #expect(sent["tools"]?.arrayValue?.first?["function"]?["name"] == .string("find_products"))
            #expect(sent["tool_choice"] == (try JSONReader.parse(#"{"type":"function","function":{"name":"find_products"}}"#)))
            let messages = sent["messages"]?.arrayValue ?? []
            #expect(messages[1]["content"] == .null)
            #expect(messages[1]["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == .string(call.arguments))
            #expect(messages[2]["tool_call_id"] == .string("call_1"))
        }
    }

    @Test func aStreamAssemblesTextAndReadsTheUsageChunk() async throws {
        let pieces = [
            MockModelServer.chunk(.object(["role": .string("assistant"), "content": .string("")])),
            MockModelServer.chunk(.object(["content": .string("Hel")])),
            MockModelServer.chunk(.object(["content": .string("lo")]), finish: "stop"),
            // The usage chunk: empty choices, then a server that writes null.
            #"data: {"id":"c","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"# + "\n\n",
            #"data: {"id":"c","choices":null,"usage":null}"# + "\n\n",
            "data: [DONE]\n\n",
        ]
        // Pieces split at awkward places: inside "data:", between the two newlines.
        let joined = pieces.joined()
        let cuts = [joined.index(joined.startIndex, offsetBy: 3), joined.index(joined.startIndex, offsetBy: 120)]
        let awkward = [String(joined[..<cuts[0]]), String(joined[cuts[0]..<cuts[1]]), String(joined[cuts[1]...])]
        for script in [pieces, awkward] {
            try await MockModelServer.with({ _, _ in .events(script) }) { server in
                let events = try await Self.events(Self.model(server).stream(Self.hello))
                #expect(events.prefix(2) == [.text("Hel"), .text("lo")])
                #expect(events.contains(.usage(TokenUsage(promptTokens: 5, completionTokens: 2, reported: true))))
                guard case .finished(let response) = events.last else {
                    Issue.record("the stream did not finish")
                    return
                }
                #expect(response.text == "Hello" && response.finishReason == "stop" && response.usage.totalTokens == 7)
                let sent = try #require(server.requests.first).json
                #expect(sent["stream"] == .bool(true))
                #expect(sent["stream_options"] == .object(["include_usage": .bool(true)]))
            }
        }
    }

    @Test func aStreamAccumulatesToolCallDeltasByIndex() async throws {
        func call(_ index: Int, id: String? = nil, name: String? = nil, _ arguments: String) -> JSONValue {
            var function: [JSONMember] = [JSONMember("arguments", .string(arguments))]
            if let name { function.insert(JSONMember("name", .string(name)), at: 0) }
            var members: [JSONMember] = [JSONMember("index", .integer(index)), JSONMember("function", .object(function))]
            if let id { members += [JSONMember("id", .string(id)), JSONMember("type", .string("function"))] }
            return .object(members)
        }
        let pieces = [
            MockModelServer.chunk(
                .object(["role": .string("assistant"), "content": .null, "tool_calls": .array([call(0, id: "a", name: "find", "")])])),
            MockModelServer.chunk(.object(["tool_calls": .array([call(0, #"{"query":"#)])])),
            MockModelServer.chunk(.object(["tool_calls": .array([call(1, id: "b", name: "price", #"{"sku""#)])])),
            MockModelServer.chunk(.object(["tool_calls": .array([call(0, #""pens"}"#), call(1, #":"P-1"}"#)])]), finish: "tool_calls"),
            "data: [DONE]\n\n",
        ]
        try await MockModelServer.with({ _, _ in .events(pieces) }) { server in
            let events = try await Self.events(Self.model(server).stream(Self.hello))
            guard case .finished(let response) = events.last else {
                Issue.record("the stream did not finish")
                return
            }
            #expect(
                response.toolCalls == [
                    ToolCall(id: "a", name: "find", arguments: #"{"query":"pens"}"#),
                    ToolCall(id: "b", name: "price", arguments: #"{"sku":"P-1"}"#),
                ])
            #expect(events.filter { if case .toolCall = $0 { true } else { false } }.count == 5)
        }
    }

    @Test func aStreamCutOffMidwayIsATypedError() async throws {
        let pieces = [MockModelServer.chunk(.object(["content": .string("One, two, ")])), "data: {\"choices\":[{\"delta\":{\"cont"]
        try await MockModelServer.with({ _, _ in .events(pieces, cut: true) }) { server in
            var texts: [String] = []
            let error = await modelError {
                for try await event in Self.model(server).stream(Self.hello) {
                    if case .text(let text) = event { texts.append(text) }
                }
            }
            if case .streamInterrupted? = error {} else { Issue.record("expected streamInterrupted, got \(String(describing: error))") }
            #expect(texts == ["One, two, "])
            #expect(server.requests.count == 1, "a stream that delivered something is not retried")
        }
    }

    @Test func garbageInAStreamIsAnInvalidResponse() async throws {
        try await MockModelServer.with({ _, _ in .events(["data: <html>oops</html>\n\n"]) }) { server in
            let error = await modelError { try await Self.events(Self.model(server).stream(Self.hello)) }
            if case .invalidResponse? = error {} else { Issue.record("expected invalidResponse, got \(String(describing: error))") }
        }
    }

    @Test func aSilentStreamTimesOut() async throws {
        let pieces = [MockModelServer.chunk(.object(["content": .string("thinking")]))]
        try await MockModelServer.with({ _, _ in .events(pieces, pause: .seconds(5)) }) { server in
            await #expect(throws: ModelError.timeout(milliseconds: 300)) {
                _ = try await Self.events(Self.model(server, timeout: .milliseconds(300)).stream(Self.hello))
            }
        }
    }

    @Test func azureUsesTheDeploymentPathTheVersionAndAnApiKeyHeader() async throws {
        try await MockModelServer.with({ _, _ in .answer(body: MockModelServer.completion("hi")) }) { server in
            let model = OpenAICompatibleModel(
                baseURL: "http://127.0.0.1:\(server.port)", model: "my deployment", apiKey: "azure-key",
                profile: .azure(apiVersion: "2024-10-21"),
                retry: Self.fastRetry)
            _ = try await model.chat(Self.hello)
            let sent = try #require(server.requests.first)
            #expect(sent.uri == "/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21")
            #expect(sent.headers["api-key"] == "azure-key" && sent.headers["authorization"] == nil)
            #expect(sent.json["model"] == nil)
            #expect(sent.json["max_tokens"] == .integer(20))
        }
    }

    @Test func llamaCppGetsTheSchemaAsAGrammarAndNoStreamOptions() {
        let request = ChatRequest(messages: [.user("Pick")], responseFormat: Self.colour)
        let body = OpenAIChatWire.body(request, model: "m", profile: .llamacpp, stream: true)
        #expect(body["response_format"]?["type"] == .string("json_object"))
        #expect(body["response_format"]?["schema"] == Self.colour.schema)
        #expect(body["stream_options"] == nil)
        var prompted = OpenAICompatibleProfile.ollama
        prompted.schemaStyle = .prompt
        let inPrompt = OpenAIChatWire.body(request, model: "m", profile: prompted, stream: false)
        #expect(inPrompt["response_format"] == .object(["type": .string("json_object")]))
        #expect(inPrompt["messages"]?.arrayValue?.first?["content"]?.stringValue?.hasPrefix("Answer only with one JSON value") == true)
    }

    @Test func theEmbedderSharesTheRetries() async throws {
        let answer = #"{"object":"list","data":[{"index":1,"embedding":[0,2]},{"index":0,"embedding":[3,4]}]}"#
        try await MockModelServer.with({ _, number in
            number == 0 ? .answer(status: 503, headers: ["retry-after": "0"], body: "busy") : .answer(body: answer)
        }) { server in
            let embedder = OpenAIEmbedder(
                baseURL: server.baseURL, model: "text-embedding-3-small", apiKey: "k", retry: Self.fastRetry)
            let vectors = try await embedder.embed(["a", "b"])
            #expect(vectors == [[0.6, 0.8], [0, 1]])
            #expect(server.requests.map(\.uri) == ["/v1/embeddings", "/v1/embeddings"])
        }
    }

    @Test func aFailingModelLeavesTheAgentOnTheParser() async throws {
        try await MockModelServer.with({ _, _ in .answer(body: "not json") }) { server in
            let context = RequestParseContext(
                now: 1_795_000_000_000, timeZone: TimeZone(identifier: "UTC")!, defaultCurrency: CurrencyCode("USD")!)
            let outcome = await ModelUnderstanding.read("4 staplers", context: context, model: Self.model(server))
            #expect(outcome.model == "builtin")
            #expect(outcome.fallbackReason?.hasPrefix("the model endpoint answered something unreadable") == true)
            #expect(outcome.requisition.lines.map(\.quantity) == [4])
        }
    }
}
