import Crypto
import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// `Idempotency-Key` on POST: the same key with the same request replays the first response; the same
/// key with another request is refused (422); while the first is running, a repeat gets 409.
/// Responses of 5xx are not kept, so a retry after a failure runs again.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let records: IdempotencyRecords
    /// Responses larger than this are not stored (and the key is released).
    let maxStoredBytes = 1 << 20

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw Problem.badRequest(
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
                errors: [.init(field: "Idempotency-Key", message: "is not a valid key")])
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method) \(request.uri.path)\n".utf8))
        hasher.update(data: Array(body.readableBytesView))
        let hash = hasher.finalize().hexString
        let scope = context.principal.map { "\($0.organizationID):\($0.credentialKey)" } ?? "anonymous:\(context.clientIP)"

        switch try await records.claim(scope: scope, key: key, requestHash: hash) {
        case .mismatch:
            throw Problem(
                status: .unprocessableContent, slug: "idempotency-mismatch", title: "Idempotency key reused",
                detail: "this Idempotency-Key was already used with a different request",
                errors: [.init(field: "Idempotency-Key", message: "was used with a different request")])
        case .inProgress:
            throw Problem(
                status: .conflict, slug: "idempotency-in-progress", title: "Request in progress",
                detail: "a request with this Idempotency-Key is still being processed")
        case .completed(let status, let contentType, let storedBody):
            var headers: HTTPFields = [.idempotentReplayed: "true"]
            if let contentType { headers[.contentType] = contentType }
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: storedBody)))
        case .fresh:
            let response: Response
            do {
                response = try await next(request, context)
            } catch {
                let problem = ProblemMiddleware.problem(for: error, logger: context.logger)
                if problem.status.code >= 500 {
                    try? await records.forget(scope: scope, key: key)
                } else {
                    try? await records.save(
                        scope: scope, key: key, status: Int(problem.status.code), contentType: "application/problem+json",
                        body: String(buffer: problem.body(instance: request.uri.path)))
                }
                throw problem
            }
            if response.status.code >= 500 {
                try? await records.forget(scope: scope, key: key)
                return response
            }
            // Collect the response body to store it, then answer with the same bytes.
            let collector = CollectingWriter()
            var mutable = response
            let responseBody = mutable.body
            try await responseBody.write(collector.asWriter())
            let collected = collector.buffer.value
            if collected.readableBytes <= maxStoredBytes {
                try? await records.save(
                    scope: scope, key: key, status: Int(response.status.code), contentType: response.headers[.contentType],
                    body: String(buffer: collected))
            } else {
                try? await records.forget(scope: scope, key: key)
            }
            mutable.body = .init(byteBuffer: collected)
            return mutable
        }
    }
}

/// Collects a response body into one buffer.
struct CollectingWriter {
    final class Box: @unchecked Sendable {
        // Only touched by the single writer that owns it, sequentially.
        var value = ByteBuffer()
    }
    let buffer = Box()

    func asWriter() -> some ResponseBodyWriter { Writer(box: buffer) }

    struct Writer: ResponseBodyWriter {
        let box: Box
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            box.value.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
