import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QuartermasterCore

/// An `Embedder` over an OpenAI-compatible `POST {base}/embeddings` (OpenAI, Azure OpenAI, vLLM,
/// Ollama, llama.cpp's server). Retries 408/409/429/5xx and connection errors with backoff and jitter,
/// honouring `retry-after-ms` / `retry-after`; a quota error (`insufficient_quota`) is not retried.
public struct OpenAIEmbedder: Embedder {
    public let baseURL: String
    public let modelName: String
    public let apiKey: String
    public let dimensions: Int
    public let client: HTTPClient
    public let retry: RetryPolicy
    public let timeout: TimeAmount

    public var model: String { "openai:\(modelName)" }

    public init(
        baseURL: String, model: String, apiKey: String, dimensions: Int = 0, client: HTTPClient = .shared,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelayMilliseconds: 500, maxDelayMilliseconds: 8_000),
        timeout: TimeAmount = .seconds(30)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.modelName = model
        self.apiKey = apiKey
        self.dimensions = dimensions
        self.client = client
        self.retry = retry
        self.timeout = timeout
    }

    public struct Failure: Error, CustomStringConvertible {
        public let status: Int?
        public let message: String
        public var description: String { status.map { "embeddings endpoint answered \($0): \(message)" } ?? message }
    }

    struct Body: Encodable {
        let model: String
        let input: [String]
    }

    struct Answer: Decodable {
        struct Item: Decodable {
            let index: Int
            let embedding: [Float]
        }
        let data: [Item]
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let payload = try JSONEncoder().encode(Body(model: modelName, input: texts))
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: baseURL + "/embeddings")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            if !apiKey.isEmpty { request.headers.add(name: "authorization", value: "Bearer \(apiKey)") }
            request.body = .bytes(ByteBuffer(bytes: payload))
            let delay: Int64
            do {
                let response = try await client.execute(request, timeout: timeout)
                let body = try await response.body.collect(upTo: 64 << 20)
                let status = Int(response.status.code)
                if (200..<300).contains(status) {
                    let answer = try JSONDecoder().decode(Answer.self, from: Data(body.readableBytesView))
                    let sorted = answer.data.sorted { $0.index < $1.index }.map { $0.embedding }
                    guard sorted.count == texts.count else {
                        throw Failure(status: status, message: "expected \(texts.count) vectors, got \(sorted.count)")
                    }
                    return sorted.map(VectorMath.normalized)
                }
                let text = String(decoding: body.readableBytesView, as: UTF8.self)
                let retryable = [408, 409, 429].contains(status) || status >= 500
                if !retryable || text.contains("insufficient_quota") { throw Failure(status: status, message: String(text.prefix(500))) }
                guard case .retry(let wait) = retry.decide(afterFailedAttempt: attempt, jitter: Double.random(in: 0..<1)) else {
                    throw Failure(status: status, message: String(text.prefix(500)))
                }
                delay = Self.serverDelay(response.headers) ?? wait
            } catch let error as Failure {
                throw error
            } catch {
                guard case .retry(let wait) = retry.decide(afterFailedAttempt: attempt, jitter: Double.random(in: 0..<1)) else {
                    throw error
                }
                delay = wait
            }
            try await Task.sleep(for: .milliseconds(delay))
        }
    }

    /// `retry-after-ms` (milliseconds) or `retry-after` (seconds), when the server says.
    static func serverDelay(_ headers: HTTPHeaders) -> Int64? {
        if let value = headers.first(name: "retry-after-ms").flatMap(Double.init) { return Int64(value) }
        if let value = headers.first(name: "retry-after").flatMap(Double.init) { return Int64(value * 1_000) }
        return nil
    }
}
