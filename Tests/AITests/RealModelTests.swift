import Foundation
import QuartermasterCore
import Testing

@testable import QuartermasterAI

#if canImport(Glibc)
    import Glibc
#endif

/// A real OpenAI-compatible server: llama.cpp (llama-cpp-python) serving SmolLM2-135M-Instruct, started
/// by `scripts/llama-server.sh start`, whose URL is in `QUARTERMASTER_TEST_LLM_URL`. So small a model
/// reasons poorly: these tests check the protocol, not the answers.
enum RealModel {
    static let url = ProcessInfo.processInfo.environment["QUARTERMASTER_TEST_LLM_URL"]

    static func model(baseURL: String? = url, recorder: (any ModelUsageRecorder)? = nil) -> OpenAICompatibleModel {
        OpenAICompatibleModel(
            baseURL: baseURL ?? "", model: "smollm2-135m", apiKey: "", profile: .llamacpp,
            retry: RetryPolicy(maxAttempts: 2, baseDelayMilliseconds: 200, maxDelayMilliseconds: 1_000), timeout: .seconds(120),
            recorder: recorder)
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/llama-server.sh")

    /// Starts a server of its own (so that killing it leaves the shared one alone); returns its URL and
    /// pid. Spawned and awaited with POSIX calls: Foundation's `Process` did not reap the script here.
    static func startOwnServer() throws -> (url: String, pid: Int32) {
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("qm-llama-\(UUID().uuidString)").path
        defer { for suffix in [".pid", ".out"] { try? FileManager.default.removeItem(atPath: stem + suffix) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stem + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let arguments = ["/bin/bash", script.path, "start", "--pid-file", stem + ".pid"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child: pid_t = 0
        guard posix_spawn(&child, "/bin/bash", &actions, nil, &argv, environ) == 0 else { throw ScriptFailure(status: -1) }
        var status: Int32 = 0
        waitpid(child, &status, 0)
        let url = ((try? String(contentsOfFile: stem + ".out", encoding: .utf8)) ?? "").trimmingWhitespace()
        let pid = ((try? String(contentsOfFile: stem + ".pid", encoding: .utf8)) ?? "").trimmingWhitespace()
        guard status == 0, url.hasPrefix("http"), let pid = Int32(pid) else { throw ScriptFailure(status: status) }
        return (url, pid)
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        let status: Int32
        var description: String { "scripts/llama-server.sh start failed with status \(status)" }
    }
}

@Suite(
    .serialized,
    .enabled(
        if: RealModel.url != nil,
        "QUARTERMASTER_TEST_LLM_URL is not set: start a server with `scripts/llama-server.sh start` (scripts/test.sh does) to run these"
    ))
struct RealModelTests {
    @Test func plainChatCountsTokens() async throws {
        let ledger = ModelUsageLedger()
        let response = try await RealModel.model(recorder: ledger).chat(
            ChatRequest(messages: [.system("You are terse."), .user("What colour is the sky? One word.")], temperature: 0, maxTokens: 16))
        #expect(!response.text.isEmpty)
        #expect(response.finishReason == "stop" || response.finishReason == "length")
        #expect(response.usage.reported && response.usage.promptTokens > 5 && response.usage.completionTokens > 0)
        #expect(response.usage.completionTokens <= 16)
        #expect(ledger.records.count == 1 && ledger.usage == response.usage)
        #expect(ledger.records.first?.cost == nil, "a local model has no price")
    }

    @Test func streamingDeliversPiecesThatAddUpToTheAnswer() async throws {
        var pieces: [String] = []
        var finished: ChatResponse?
        let request = ChatRequest(messages: [.user("List three fruits.")], temperature: 0, maxTokens: 40)
        for try await event in RealModel.model().stream(request) {
            switch event {
            case .text(let text): pieces.append(text)
            case .finished(let response): finished = response
            case .toolCall, .usage: break
            }
        }
        let response = try #require(finished)
        #expect(pieces.count > 1)
        #expect(response.text == pieces.joined())
        #expect(response.finishReason != nil)
    }

    @Test func aJSONSchemaAnswerIsValidated() async throws {
        let schema = try JSONReader.parse(
            #"{"type":"object","properties":{"colour":{"type":"string","enum":["red","green","blue"]},"count":{"type":"integer"}},"#
                + #""required":["colour","count"],"additionalProperties":false}"#)
        let request = ChatRequest(
            messages: [.user("Pick a colour and a number of apples, as JSON.")],
            responseFormat: .jsonSchema(name: "pick", schema: schema), temperature: 0, maxTokens: 60)
        let response = try await RealModel.model().chat(request)
        let answer = try #require(response.structured)
        #expect(JSONSchemaValidator.problems(in: answer, against: schema) == [])
    }

    @Test func aForcedToolCallHasArgumentsMatchingItsSchema() async throws {
        let tool = ToolDefinition(
            name: "find_products", description: "Search the office-supplies catalog",
            parameters: try JSONReader.parse(
                #"{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer"}},"required":["query","limit"]}"#))
        let request = ChatRequest(
            messages: [.user("Find A4 paper in the catalog.")], tools: [tool], toolChoice: .tool("find_products"), temperature: 0,
            maxTokens: 60)
        let response = try await RealModel.model().chat(request)
        let call = try #require(response.toolCalls.first)
        #expect(call.name == "find_products")
        let arguments = try call.argumentValues()
        #expect(JSONSchemaValidator.problems(in: arguments, against: tool.parameters) == [])

        // The same call streamed: its pieces assemble into one call.
        var finished: ChatResponse?
        var pieces = 0
        for try await event in RealModel.model().stream(request) {
            if case .toolCall = event { pieces += 1 }
            if case .finished(let response) = event { finished = response }
        }
        #expect(pieces >= 1)
        #expect(finished?.toolCalls.first?.name == "find_products")
        #expect(
            (try? finished?.toolCalls.first?.argumentValues()).map { JSONSchemaValidator.problems(in: $0, against: tool.parameters) } == [])
    }

    @Test func embeddingsThroughTheExistingEmbedder() async throws {
        let embedder = OpenAIEmbedder(baseURL: try #require(RealModel.url), model: "smollm2-135m", apiKey: "", profile: .llamacpp)
        let vectors = try await embedder.embed(["a ream of A4 paper", "blue ballpoint pens"])
        #expect(vectors.count == 2)
        #expect(vectors[0].count > 0 && vectors[0].count == vectors[1].count)
        let length = vectors[0].reduce(0) { $0 + $1 * $1 }
        #expect(abs(length - 1) < 0.01)
    }

    @Test func aServerKilledMidStreamIsATypedError() async throws {
        let (url, pid) = try RealModel.startOwnServer()
        defer { kill(pid, SIGKILL) }
        let request = ChatRequest(
            messages: [.user("Count from 1 to 300, one number per line.")], temperature: 0, maxTokens: 600)
        var texts = 0
        let error = await modelError {
            for try await event in RealModel.model(baseURL: url).stream(request) {
                guard case .text = event else { continue }
                texts += 1
                if texts == 3 { kill(pid, SIGKILL) }
            }
        }
        // Text had arrived, so the cut is reported as such, not retried as a connection error.
        if case .streamInterrupted? = error {} else { Issue.record("expected streamInterrupted, got \(String(describing: error))") }
        #expect(texts >= 3)
    }
}
