import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// An RFC 9457 problem: every error the API returns, as `application/problem+json`.
public struct Problem: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A short, stable slug: the problem type is `/problems/<slug>` on this server.
    public let slug: String
    public let title: String
    public let detail: String
    public let errors: [FieldError]
    public var headers: HTTPFields = [:]

    public init(
        status: HTTPResponse.Status, slug: String, title: String, detail: String, errors: [FieldError] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func badRequest(_ detail: String, errors: [FieldError] = []) -> Problem {
        Problem(status: .badRequest, slug: "bad-request", title: "Bad request", detail: detail, errors: errors)
    }
    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(
            status: .unprocessableContent, slug: "validation", title: "Invalid input",
            detail: errors.count == 1 ? "\(errors[0].field) \(errors[0].message)" : "\(errors.count) fields are invalid", errors: errors)
    }
    public static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }
    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, slug: "forbidden", title: "Forbidden", detail: detail)
    }
    public static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, slug: "not-found", title: "Not found", detail: "\(what) was not found")
    }
    public static func conflict(_ detail: String, field: String? = nil) -> Problem {
        Problem(
            status: .conflict, slug: "conflict", title: "Conflict", detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }
    public static func tooManyRequests(retryAfter: Int, detail: String = "too many requests; slow down") -> Problem {
        Problem(
            status: .tooManyRequests, slug: "rate-limited", title: "Too many requests", detail: detail,
            headers: [.retryAfter: String(retryAfter)])
    }

    /// The JSON body.
    public func body(instance: String?) -> ByteBuffer {
        var members: [String] = [
            "\"type\":" + JSONText.quote("/problems/\(slug)"),
            "\"title\":" + JSONText.quote(title),
            "\"status\":\(status.code)",
            "\"detail\":" + JSONText.quote(detail),
        ]
        if let instance { members.append("\"instance\":" + JSONText.quote(instance)) }
        if !errors.isEmpty {
            let list = errors.map { "{\"field\":\(JSONText.quote($0.field)),\"message\":\(JSONText.quote($0.message))}" }
            members.append("\"errors\":[" + list.joined(separator: ",") + "]")
        }
        return ByteBuffer(string: "{" + members.joined(separator: ",") + "}")
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response(instance: request.uri.path)
    }

    public func response(instance: String?) -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body(instance: instance)))
    }
}
