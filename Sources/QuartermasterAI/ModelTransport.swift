import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QuartermasterCore
import Synchronization

/// POSTs JSON to an OpenAI-compatible server, shared by the chat and embeddings clients: headers from
/// the profile, one attempt at a time under a time limit, and retries as `ModelRetry` decides
/// (408/409/429/5xx and connection errors, backoff with jitter, `retry-after-ms` / `retry-after`; never
/// on `insufficient_quota`).
struct ModelTransport: Sendable {
    let client: HTTPClient
    let profile: OpenAICompatibleProfile
    let apiKey: String
    let retry: RetryPolicy
    /// For one answer; for a stream, the longest silence between two chunks.
    let timeout: Duration

    /// Bodies larger than this are not read.
    static let maxBodyBytes = 64 << 20

    /// Runs `attempt` (given its 1-based number) until it succeeds or may not be retried. `attempt`
    /// throws `ModelAttemptFailure` for what may be retried and `ModelError` for what may not; any
    /// other error counts as a connection failure.
    func withRetries<T>(_ attempt: (Int) async throws -> T) async throws(ModelError) -> T {
        var number = 0
        while true {
            number += 1
            let failure: ModelAttemptFailure
            do {
                return try await attempt(number)
            } catch let error as ModelError {
                throw error
            } catch let error as ModelAttemptFailure {
                failure = error
            } catch is CancellationError {
                throw .connection("the call was cancelled")
            } catch {
                failure = .connection(Self.describe(error))
            }
            let now = Int64(Date().timeIntervalSince1970 * 1_000)
            switch ModelRetry.decide(failure, attempt: number, policy: retry, jitter: Double.random(in: 0..<1), now: now) {
            case .fail(let error):
                throw error
            case .retry(let milliseconds):
                do {
                    try await Task.sleep(for: .milliseconds(milliseconds))
                } catch {
                    throw .connection("the call was cancelled")
                }
            }
        }
    }

    /// Sends `body` to `url` and returns the response once its head is in, if it is 2xx; an error
    /// status is thrown as a `ModelAttemptFailure` with the body read.
    func send(_ url: String, body: [UInt8]) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(contentsOf: profile.headers(apiKey: apiKey))
        request.body = .bytes(ByteBuffer(bytes: body))
        // The caller's watchdog enforces `timeout`; the deadline here only stops a request that would
        // otherwise wait for a connection forever.
        let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds) + 1))
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            throw ModelAttemptFailure.status(
                status, body: text, retryAfterMilliseconds: response.headers.first(name: "retry-after-ms"),
                retryAfter: response.headers.first(name: "retry-after"))
        }
        return response
    }

    /// POSTs `body` and returns the whole 2xx answer, retrying as needed; each attempt gets `timeout`.
    func post(_ url: String, body: [UInt8]) async throws(ModelError) -> ByteBuffer {
        try await withRetries { _ in
            try await withIdleTimeout { _ in
                let response = try await send(url, body: body)
                return try await response.body.collect(upTo: Self.maxBodyBytes)
            }
        }
    }

    /// Runs `operation`, failing with `ModelAttemptFailure.timeout` once it has gone `timeout` without
    /// calling the progress function it is given (never called: a limit on the whole operation).
    func withIdleTimeout<T: Sendable>(
        _ operation: @escaping @Sendable (_ progress: @escaping @Sendable () -> Void) async throws -> T
    )
        async throws -> T
    {
        let limit = timeout
        let lastProgress = ProgressMark()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation { lastProgress.touch() } }
            group.addTask {
                while true {
                    try await Task.sleep(until: lastProgress.instant + limit, clock: .continuous)
                    if ContinuousClock.now >= lastProgress.instant + limit {
                        let milliseconds = limit.components.seconds * 1_000 + limit.components.attoseconds / 1_000_000_000_000_000
                        throw ModelAttemptFailure.timeout(milliseconds: milliseconds)
                    }
                }
            }
            defer { group.cancelAll() }
            // The operation's child is the only one that returns.
            guard let result = try await group.next(), let value = result else { throw CancellationError() }
            return value
        }
    }

    static func describe(_ error: any Error) -> String { String(describing: error) }
}

/// When an operation last made progress.
private final class ProgressMark: Sendable {
    private let last = Mutex(ContinuousClock.now)
    var instant: ContinuousClock.Instant { last.withLock { $0 } }
    func touch() { last.withLock { $0 = .now } }
}

extension HTTPClient {
    /// The client that model calls use unless given another: `HTTPClient.shared`'s settings, except
    /// that unused connections are kept 15 s, that a connection that cannot be made fails the attempt
    /// at once (rather than being retried by the pool until the deadline), and that there is no read
    /// timeout, so that `ModelTransport`'s retries and time limit decide and a dead server is
    /// reported as a connection error.
    public static let languageModels: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10), read: nil)
        // An unused connection is let go after 15 s, not 10 minutes (see `HTTPClient.outbound`).
        configuration.connectionPool.idleTimeout = .seconds(15)
        // Kept for the life of the process, like `HTTPClient.shared`.
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
