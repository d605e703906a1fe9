import HTTPTypes
import Hummingbird
import Logging
import QuartermasterCore
import QuartermasterStore

/// Outermost: request id on every response and log line, security headers, CORS when configured.
struct ResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let corsOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        let corsAllowed = origin.map { corsOrigins.contains($0) || corsOrigins.contains("*") } ?? false
        if request.method == .options, corsAllowed, let origin {
            var response = Response(status: .noContent)
            addCORS(&response, origin: origin)
            response.headers[.accessControlAllowMethods] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID"
            response.headers[.accessControlMaxAge] = "600"
            addCommon(&response, context: context)
            return response
        }
        var response = try await next(request, context)
        if corsAllowed, let origin { addCORS(&response, origin: origin) }
        addCommon(&response, context: context)
        return response
    }

    private func addCORS(_ response: inout Response, origin: String) {
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        response.headers[.accessControlExposeHeaders] = "X-Request-Id, Retry-After, Idempotent-Replayed"
    }

    private func addCommon(_ response: inout Response, context: Context) {
        response.headers[.xRequestID] = context.id
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        }
    }
}

/// Turns every error into an RFC 9457 problem response; unexpected errors are logged and answered 500
/// without internals.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, path: request.uri.path, logger: context.logger)
        }
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            return .validation(failure.errors)
        case let error as StoreError:
            switch error {
            case .conflict(let field, let message): return .conflict(message, field: field)
            case .notFound(let what): return .notFound(what)
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return Problem(status: .notFound, slug: "not-found", title: "Not found", detail: "no such resource")
            case .contentTooLarge:
                return Problem(
                    status: .contentTooLarge, slug: "too-large", title: "Request body too large",
                    detail: error.body ?? "the request body is too large")
            case .methodNotAllowed:
                return Problem(
                    status: .methodNotAllowed, slug: "method-not-allowed", title: "Method not allowed",
                    detail: "this method is not allowed on this resource")
            default:
                return Problem(
                    status: error.status, slug: "http-\(error.status.code)", title: error.status.reasonPhrase,
                    detail: error.body ?? error.status.reasonPhrase)
            }
        case let error as DecodingError:
            return StrictJSONDecoder.problem(for: error)
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(
                status: .internalServerError, slug: "internal", title: "Internal error",
                detail: "an unexpected error occurred; it has been logged")
        }
    }

    static func response(for error: any Error, path: String, logger: Logger) -> Response {
        problem(for: error, logger: logger).response(instance: path)
    }
}

/// Applies the configured request body limit.
struct LimitsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBodyBytes: Int
    /// Catalog imports carry whole files.
    var maxImportBytes: Int = 256 << 20
    static let importPath = "/api/v1/catalog/imports"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = request.method == .post && request.uri.path == Self.importPath ? maxImportBytes : maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(
                status: .contentTooLarge, slug: "too-large", title: "Request body too large",
                detail: "the request body is larger than \(limit) bytes")
        }
        var context = context
        context.bodyLimit = limit
        return try await next(request, context)
    }
}

/// Authenticates `Authorization: Bearer <access token | API key>`; the events stream also accepts
/// `?access_token=` because browsers cannot set headers on EventSource and WebSocket. A credential
/// that is present but invalid is refused here (401); absence is left to the routes.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var token: String?
        if let header = request.headers[.authorization] {
            guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
                throw Problem.unauthorized("the Authorization header must be 'Bearer <token>'")
            }
            token = String(header.dropFirst(7)).trimmingWhitespace()
        } else if request.uri.path.hasPrefix("/api/v1/events"), let queryToken = request.uri.queryParameters["access_token"] {
            token = String(queryToken)
        }
        guard let token else { return try await next(request, context) }
        guard let principal = await authenticator.authenticate(token) else {
            throw Problem.unauthorized("the access token is invalid or expired")
        }
        if principal.roles.contains(.vendor), !Self.vendorMayReach(request.uri.path) {
            throw Problem.forbidden("vendor users reach only the supplier portal (/api/v1/portal)")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "org"] = "\(principal.organizationID)"
        return try await next(request, context)
    }

    /// A vendor user (or key) acts for a vendor, not for the organisation: the supplier portal,
    /// their own profile and their session, nothing else of the API (not even the event stream).
    static func vendorMayReach(_ path: String) -> Bool {
        guard path.hasPrefix("/api/") else { return true }
        return path.hasPrefix("/api/v1/portal/") || path == "/api/v1/portal" || path == "/api/v1/me" || path.hasPrefix("/api/v1/auth/")
    }
}

/// Token-bucket limits per client IP and per credential; 429 with Retry-After when exceeded.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let perIP: RateLimiter
    let perCredential: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/api/") {
            if case .denied(let retryAfter) = perIP.take("ip:\(context.clientIP)") {
                throw Problem.tooManyRequests(retryAfter: retryAfter)
            }
            if let principal = context.principal, case .denied(let retryAfter) = perCredential.take(principal.credentialKey) {
                throw Problem.tooManyRequests(retryAfter: retryAfter)
            }
        }
        return try await next(request, context)
    }
}

extension HTTPTypes.HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    static let lastEventID = Self("Last-Event-ID")!
}
