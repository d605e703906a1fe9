import QuartermasterCore

/// A tiny JSON writer for event and audit payloads stored as text (no Foundation round trip).
public enum JSONText: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([String: JSONText])

    /// Serialises an object with keys in sorted order (stable output).
    public static func encode(_ members: [String: JSONText]) -> String {
        JSONText.object(members).serialized
    }

    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let value): out += Self.quote(value)
        case .int(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                out += Self.quote(key)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal for `value`, escaping quotes, backslashes and control characters.
    public static func quote(_ value: String) -> String {
        var out = ""
        JSONValue.appendQuoted(value, to: &out)
        return out
    }
}
