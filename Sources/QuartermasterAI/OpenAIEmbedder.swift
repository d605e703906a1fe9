import AsyncHTTPClient
import Foundation
import NIOCore
import QuartermasterCore

/// An `Embedder` over an OpenAI-compatible `POST {base}/embeddings` (OpenAI, Azure OpenAI, vLLM,
/// Ollama, llama.cpp's server). Retries and time limits are `ModelTransport`'s, as for chat; failures
/// are `ModelError`s.
public struct OpenAIEmbedder: Embedder {
    public let baseURL: String
    public let modelName: String
    public let dimensions: Int
    public let profile: OpenAICompatibleProfile
    let transport: ModelTransport

    public var model: String { "openai:\(modelName)" }

    public init(
        baseURL: String, model: String, apiKey: String, dimensions: Int = 0, client: HTTPClient = .languageModels,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelayMilliseconds: 500, maxDelayMilliseconds: 8_000),
        timeout: TimeAmount = .seconds(30), profile: OpenAICompatibleProfile = .openai
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.modelName = model
        self.dimensions = dimensions
        self.profile = profile
        self.transport = ModelTransport(
            client: client, profile: profile, apiKey: apiKey, retry: retry, timeout: .nanoseconds(timeout.nanoseconds))
    }

    struct Body: Encodable {
        let model: String
        let input: [String]
    }

    struct Answer: Decodable {
        struct Item: Decodable {
            let index: Int
            let embedding: [Float]

            enum CodingKeys: String, CodingKey { case index, embedding }

            /// One vector, or one per token (llama-cpp-python with a model that does not pool), then
            /// averaged.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                index = try container.decode(Int.self, forKey: .index)
                if let vector = try? container.decode([Float].self, forKey: .embedding) {
                    embedding = vector
                } else {
                    let tokens = try container.decode([[Float]].self, forKey: .embedding)
                    var sum = [Float](repeating: 0, count: tokens.first?.count ?? 0)
                    for token in tokens where token.count == sum.count {
                        for position in sum.indices { sum[position] += token[position] }
                    }
                    embedding = sum.map { $0 / Float(max(1, tokens.count)) }
                }
            }
        }
        let data: [Item]
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let payload = try JSONEncoder().encode(Body(model: modelName, input: texts))
        let url = profile.url(baseURL: baseURL, endpoint: "embeddings", model: modelName)
        let body = try await transport.post(url, body: Array(payload))
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView)) else {
            throw ModelError.invalidResponse("not an embeddings answer: \(OpenAIChatWire.preview(body.readableBytesView))")
        }
        let sorted = answer.data.sorted { $0.index < $1.index }.map { $0.embedding }
        guard sorted.count == texts.count else {
            throw ModelError.invalidResponse("expected \(texts.count) vectors, got \(sorted.count)")
        }
        return sorted.map(VectorMath.normalized)
    }
}
