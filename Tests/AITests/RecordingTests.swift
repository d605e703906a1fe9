import Foundation
import QuartermasterCore
import Testing

@testable import QuartermasterAI

@Suite struct RecordingTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("qm-recordings-\(UUID().uuidString)")
    }

    @Test func aRecordedAnswerReplaysWithoutTheServer() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recordings = ModelRecordings(directory: directory)
        let request = OpenAICompatibleModelTests.hello
        let streamed = [MockModelServer.chunk(.object(["content": .string("streamed")]), finish: "stop"), "data: [DONE]\n\n"]
        let recorded = try await MockModelServer.with({ request, _ in
            request.json["stream"] == .bool(true) ? .events(streamed) : .answer(body: MockModelServer.completion("Hello from the server"))
        }) { server in
            let recorder = RecordingModel(OpenAICompatibleModelTests.model(server), recordings: recordings)
            let response = try await recorder.chat(request)
            // A streamed answer is recorded too, under the same key.
            _ = try await OpenAICompatibleModelTests.events(recorder.stream(ChatRequest(messages: [.user("again")])))
            return response
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let keys = [request, ChatRequest(messages: [.user("again")])].map { $0.fingerprint(model: "openai:gpt-4o-mini") + ".json" }
        #expect(files == keys.sorted())

        let replay = ReplayingModel(
            name: "openai:gpt-4o-mini", capabilities: OpenAICompatibleProfile.openai.capabilities, recordings: recordings)
        let replayed = try await replay.chat(request)
        #expect(replayed == recorded)
        let events = try await OpenAICompatibleModelTests.events(replay.stream(request))
        #expect(events.last == .finished(recorded))
    }

    @Test func aMissFailsLoudlyWithTheKey() async throws {
        let recordings = ModelRecordings(directory: Self.temporaryDirectory())
        let replay = ReplayingModel(
            name: "openai:gpt-4o-mini", capabilities: OpenAICompatibleProfile.openai.capabilities, recordings: recordings)
        let request = ChatRequest(messages: [.user("never recorded")])
        let key = request.fingerprint(model: "openai:gpt-4o-mini")
        let error = await modelError { try await replay.chat(request) }
        guard case .missingRecording(let missing, let hint)? = error else {
            Issue.record("expected missingRecording, got \(String(describing: error))")
            return
        }
        #expect(missing == key)
        #expect(hint.contains("\(key).json does not exist") && hint.contains("never recorded"))
        #expect(error?.description.hasPrefix("no recorded answer for request \(key)") == true)
    }
}
