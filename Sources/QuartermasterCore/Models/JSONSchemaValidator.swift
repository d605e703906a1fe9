import Foundation

/// Checks a JSON value against the subset of JSON Schema that the platform sends to models: `type`
/// (one or a list; `integer` means a whole number), `properties`, `required`, `additionalProperties`
/// (a boolean or a schema), `items`, `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `exclusiveMaximum`, `minItems`, `maxItems`, `minLength`, `maxLength` and `anyOf`. Other keywords
/// (`description`, `title`, `format`, …) are ignored.
public enum JSONSchemaValidator {
    /// At most this many problems are reported.
    public static let maxProblems = 20

    /// The problems found, each as "`path`: what is wrong" (`$.lines[0].quantity: must be at least 1`);
    /// empty when `value` matches.
    public static func problems(in value: JSONValue, against schema: JSONValue) -> [String] {
        var found: [String] = []
        check(value, schema, path: "$", into: &found)
        return Array(found.prefix(maxProblems))
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, path: String, into found: inout [String]) {
        guard found.count < maxProblems else { return }
        if case .bool(let allowed) = schema {
            if !allowed { found.append("\(path): is not allowed") }
            return
        }
        guard schema.members != nil else { return }

        if let types = schema["type"] {
            let names = types.arrayValue?.compactMap(\.stringValue) ?? types.stringValue.map { [$0] } ?? []
            if !names.isEmpty, !names.contains(where: { matches(value, type: $0) }) {
                found.append("\(path): must be \(names.map(article).joined(separator: " or ")), not \(value.typeName)")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { $0.sameValue(as: value) }) {
            found.append("\(path): must be one of \(options.map(\.serialized).joined(separator: ", "))")
        }
        if let constant = schema["const"], !constant.sameValue(as: value) {
            found.append("\(path): must be \(constant.serialized)")
        }
        if let choices = schema["anyOf"]?.arrayValue, !choices.isEmpty {
            let fits = choices.contains { choice in
                var scratch: [String] = []
                check(value, choice, path: path, into: &scratch)
                return scratch.isEmpty
            }
            if !fits { found.append("\(path): matches none of the allowed shapes") }
        }

        switch value {
        case .number(let text):
            checkBounds(text, schema, path: path, into: &found)
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = schema["minLength"]?.intValue, length < minimum {
                found.append("\(path): must have at least \(minimum) characters")
            }
            if let maximum = schema["maxLength"]?.intValue, length > maximum {
                found.append("\(path): must have at most \(maximum) characters")
            }
        case .array(let items):
            if let minimum = schema["minItems"]?.intValue, items.count < minimum {
                found.append("\(path): must have at least \(minimum) items")
            }
            if let maximum = schema["maxItems"]?.intValue, items.count > maximum {
                found.append("\(path): must have at most \(maximum) items")
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, itemSchema, path: "\(path)[\(index)]", into: &found) }
            }
        case .object(let members):
            let properties = schema["properties"]?.members ?? []
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where !members.contains(where: { $0.key == required }) {
                found.append("\(path): lacks the required property \"\(required)\"")
            }
            for member in members {
                let memberPath = "\(path).\(member.key)"
                if let propertySchema = properties.first(where: { $0.key == member.key })?.value {
                    check(member.value, propertySchema, path: memberPath, into: &found)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append("\(path): has the unexpected property \"\(member.key)\"")
                    } else {
                        check(member.value, additional, path: memberPath, into: &found)
                    }
                }
            }
        case .null, .bool:
            break
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object):
            true
        case ("integer", .number(let text)):
            decimal(text).map { $0 == rounded($0) } ?? false
        default:
            false
        }
    }

    private static func checkBounds(_ text: String, _ schema: JSONValue, path: String, into found: inout [String]) {
        guard let number = decimal(text) else { return }
        func bound(_ key: String) -> (Decimal, String)? {
            guard let bound = schema[key]?.numberText, let value = decimal(bound) else { return nil }
            return (value, bound)
        }
        if let (minimum, written) = bound("minimum"), number < minimum { found.append("\(path): must be at least \(written)") }
        if let (maximum, written) = bound("maximum"), number > maximum { found.append("\(path): must be at most \(written)") }
        if let (minimum, written) = bound("exclusiveMinimum"), number <= minimum {
            found.append("\(path): must be more than \(written)")
        }
        if let (maximum, written) = bound("exclusiveMaximum"), number >= maximum {
            found.append("\(path): must be less than \(written)")
        }
    }

    private static func decimal(_ text: String) -> Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }

    private static func rounded(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 0, .plain)
        return output
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "null": "null"
        case "integer", "array", "object": "an \(type)"
        default: "a \(type)"
        }
    }
}
