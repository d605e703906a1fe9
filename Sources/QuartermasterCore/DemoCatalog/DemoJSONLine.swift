/// Writes one JSON object as a single line of text, keys in the order they are added.
struct DemoJSONLine {
    private(set) var text: String
    private var needsComma = false

    init(capacity: Int = 1_536) {
        text = "{"
        text.reserveCapacity(capacity)
    }

    /// The members written so far, without the braces.
    var members: String { String(text.utf8.dropFirst()) ?? "" }

    mutating func finish() -> String {
        text.append("}")
        return text
    }

    private mutating func key(_ name: String) {
        if needsComma { text.append(",") }
        needsComma = true
        text.append("\"")
        text.append(name)
        text.append("\":")
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        DemoJSONLine.quote(value, into: &text)
    }

    /// A number already written as JSON number text (money with two decimals, measurements).
    mutating func number(_ name: String, _ value: String) {
        key(name)
        text.append(value)
    }

    mutating func int(_ name: String, _ value: Int) {
        key(name)
        text.append(String(value))
    }

    mutating func strings(_ name: String, _ values: [String]) {
        key(name)
        DemoJSONLine.quote(values, into: &text)
    }

    /// Adds members written elsewhere (`"a":1,"b":2`, no braces).
    mutating func members(_ json: String) {
        if needsComma { text.append(",") }
        needsComma = true
        text.append(json)
    }

    /// Adds raw JSON text (an object or an array built elsewhere).
    mutating func raw(_ name: String, _ json: String) {
        key(name)
        text.append(json)
    }

    static func quote(_ values: [String], into text: inout String) {
        text.append("[")
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(",") }
            quote(value, into: &text)
        }
        text.append("]")
    }

    static func quote(_ value: String, into text: inout String) {
        text.append("\"")
        var plain = true
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            text.append(value)
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text.append("\\\"")
                case "\\": text.append("\\\\")
                case "\n": text.append("\\n")
                case "\t": text.append("\\t")
                case "\r": text.append("\\r")
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    } else {
                        text.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        text.append("\"")
    }
}
