/// Collects field errors while checking an input, then throws them together.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Checks a required text field: present, trimmed, non-empty, within `maxLength` characters,
    /// no control characters. Returns the trimmed value.
    @discardableResult
    public mutating func text(_ field: String, _ value: String?, maxLength: Int, minLength: Int = 1) -> String {
        guard let value else {
            fail(field, "is required")
            return ""
        }
        let trimmed = value.trimmingWhitespace()
        if trimmed.count < minLength {
            fail(field, minLength <= 1 ? "must not be empty" : "must be at least \(minLength) characters")
        } else if trimmed.count > maxLength {
            fail(field, "must be at most \(maxLength) characters")
        } else if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail(field, "must not contain control characters")
        }
        return trimmed
    }

    /// Checks and normalises an email address (lower-cased, trimmed).
    @discardableResult
    public mutating func email(_ field: String, _ value: String?) -> String {
        let trimmed = text(field, value, maxLength: 254).lowercased()
        guard !trimmed.isEmpty, errors.last?.field != field else { return trimmed }
        if !EmailAddress.isPlausible(trimmed) {
            fail(field, "is not a valid email address")
        }
        return trimmed
    }

    /// Checks a password: 10 to 128 characters (Bcrypt reads at most 72 bytes; longer inputs are refused, not truncated).
    public mutating func password(_ field: String, _ value: String?) {
        guard let value else {
            fail(field, "is required")
            return
        }
        if value.count < 10 {
            fail(field, "must be at least 10 characters")
        } else if value.utf8.count > 72 {
            fail(field, "must be at most 72 bytes")
        }
    }

    public func check() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

extension StringProtocol {
    /// The string without leading and trailing white space and newlines.
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
