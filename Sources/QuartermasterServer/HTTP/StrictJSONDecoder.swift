import Foundation
import Hummingbird
import QuartermasterCore

/// A request body type that names the fields it accepts; any other field is refused.
public protocol StrictDecodable: Decodable {
    static var fields: Set<String> { get }
}

extension Request {
    /// The whole body, up to the context's limit; beyond it, a 413 problem.
    func collectBody(context: some RequestContext) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(
                status: .contentTooLarge, slug: "too-large", title: "Request body too large",
                detail: "the request body is larger than \(context.maxUploadSize) bytes")
        }
    }
}

/// Decodes JSON request bodies strictly: an object, no unknown fields, types as declared; every
/// failure is a 400 problem naming the field at fault.
public struct StrictJSONDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try Self.decode(type, from: Data(buffer: try await request.collectBody(context: context)))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard !data.isEmpty else { throw Problem.badRequest("the request body is empty; a JSON object is expected") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Problem.badRequest("the request body is not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw Problem.badRequest("the request body must be a JSON object")
        }
        if let strict = T.self as? any StrictDecodable.Type {
            let unknown = dictionary.keys.filter { !strict.fields.contains($0) }.sorted()
            if !unknown.isEmpty {
                throw Problem.badRequest(
                    "unknown field\(unknown.count == 1 ? "" : "s"): \(unknown.map { String($0.prefix(64)) }.joined(separator: ", "))",
                    errors: unknown.map { FieldError(field: String($0.prefix(64)), message: "is not a known field") })
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey]) -> String {
            var out = ""
            for key in codingPath {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return out.isEmpty ? "body" : out
        }
        let field: FieldError
        switch error {
        case .typeMismatch(let type, let context):
            field = FieldError(field: path(context.codingPath), message: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            field = FieldError(field: path(context.codingPath), message: "must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            field = FieldError(field: path(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context):
            field = FieldError(field: path(context.codingPath), message: "is not a valid value")
        @unknown default:
            field = FieldError(field: "body", message: "is invalid")
        }
        return Problem.badRequest("\(field.field) \(field.message)", errors: [field])
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        case is [Any].Type, is [String].Type: return "an array"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "of type \(name)"
        }
    }
}
