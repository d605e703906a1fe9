import Foundation
import QuartermasterCore

/// A folder of recorded answers, one JSON file per request, named by the request's fingerprint
/// (`ChatRequest.fingerprint(model:)`: SHA-256 of the model's name and the canonical request).
public struct ModelRecordings: Sendable {
    /// One file: the request is kept beside the answer so that a reader can see what was asked.
    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        public var model: String
        public var request: ChatRequest
        public var response: ChatResponse
    }

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func file(for key: String) -> URL { directory.appendingPathComponent("\(key).json") }

    public func entry(for key: String) -> Entry? {
        guard let data = try? Data(contentsOf: file(for: key)) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: data)
    }

    public func save(_ entry: Entry) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(entry).write(to: file(for: entry.key), options: .atomic)
    }
}

/// Passes requests to `model` and saves each answer in `recordings`, for later replay.
public struct RecordingModel: LanguageModel {
    public let model: any LanguageModel
    public let recordings: ModelRecordings

    public init(_ model: any LanguageModel, recordings: ModelRecordings) {
        self.model = model
        self.recordings = recordings
    }

    public var name: String { model.name }
    public var capabilities: ModelCapabilities { model.capabilities }

    public func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse {
        let response = try await model.chat(request)
        save(request, response)
        return response
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let upstream = model.stream(request)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in upstream {
                        if case .finished(let response) = event { save(request, response) }
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func save(_ request: ChatRequest, _ response: ChatResponse) {
        let key = request.fingerprint(model: name)
        // A recording that cannot be written shows up as a miss on replay, with its key.
        try? recordings.save(ModelRecordings.Entry(key: key, model: name, request: request, response: response))
    }
}

/// Answers from `recordings` only, never from a server: a request that was not recorded fails with
/// `ModelError.missingRecording`, naming the key and the file expected.
public struct ReplayingModel: LanguageModel {
    public let name: String
    public let capabilities: ModelCapabilities
    public let recordings: ModelRecordings

    /// - Parameter name: the recorded model's name (`openai:gpt-4o-mini`), part of every key.
    public init(name: String, capabilities: ModelCapabilities, recordings: ModelRecordings) {
        self.name = name
        self.capabilities = capabilities
        self.recordings = recordings
    }

    public func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse {
        let key = request.fingerprint(model: name)
        guard let entry = recordings.entry(for: key) else {
            let asked = request.lastUserText.prefix(80)
            throw .missingRecording(
                key: key,
                hint: "\(recordings.file(for: key).path) does not exist; record it by running the test once with a RecordingModel "
                    + "around a real \(name) (the request's last user message starts \"\(asked)\")")
        }
        return entry.response
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> { streamByChatting(request) }
}
