/// One offending field in a request, with a message a person can act on.
public struct FieldError: Error, Codable, Sendable, Hashable {
    /// JSON path of the field, e.g. `email` or `roles[1]`.
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A domain validation failure carrying every offending field at once.
public struct ValidationFailure: Error, Sendable, Hashable {
    public let errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}
