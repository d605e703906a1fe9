/// Writes an indented XML document element by element, escaping every text and attribute value.
/// Output is deterministic: attributes keep the order given, nil attributes and nil leaves are left out.
///
///     var xml = XMLWriter(doctype: #"cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd""#)
///     xml.element("cXML", ["payloadID": id]) { xml in
///         xml.leaf("Money", ["currency": "USD"], "12.50")
///     }
///     let text = xml.document
public struct XMLWriter: Sendable {
    public typealias Attributes = KeyValuePairs<String, String?>

    private var output: String
    private var depth = 0
    private let indentation: String

    /// Starts a UTF-8 document with its declaration and, when given, `<!DOCTYPE …>` with this content.
    public init(doctype: String? = nil, indentation: String = "  ") {
        self.indentation = indentation
        output = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        if let doctype { output += "<!DOCTYPE \(doctype)>\n" }
    }

    /// The document written so far.
    public var document: String { output }

    /// An element holding other elements.
    public mutating func element(_ name: String, _ attributes: Attributes = [:], content: (inout XMLWriter) -> Void) {
        line("<\(name)\(Self.attributeText(attributes))>")
        depth += 1
        content(&self)
        depth -= 1
        line("</\(name)>")
    }

    /// An element holding text; left out when `text` is nil, empty (`<Name/>`) when the text is empty.
    public mutating func leaf(_ name: String, _ text: String?) { leaf(name, [:], text) }

    /// An element with attributes holding text; left out when `text` is nil.
    public mutating func leaf(_ name: String, _ attributes: Attributes, _ text: String?) {
        guard let text else { return }
        let escaped = Self.escape(text, quotes: false)
        line(
            escaped.isEmpty
                ? "<\(name)\(Self.attributeText(attributes))/>" : "<\(name)\(Self.attributeText(attributes))>\(escaped)</\(name)>")
    }

    /// An element without content.
    public mutating func empty(_ name: String, _ attributes: Attributes = [:]) {
        line("<\(name)\(Self.attributeText(attributes))/>")
    }

    private mutating func line(_ text: String) {
        output += String(repeating: indentation, count: depth) + text + "\n"
    }

    private static func attributeText(_ attributes: Attributes) -> String {
        var text = ""
        for (name, value) in attributes {
            guard let value else { continue }
            text += " \(name)=\"\(escape(value, quotes: true))\""
        }
        return text
    }

    /// Escapes markup characters. Characters XML 1.0 cannot carry at all (most C0 controls, lone
    /// surrogates' replacements, U+FFFE/U+FFFF) are dropped rather than producing an unreadable document.
    /// In attributes, tabs and line breaks become character references so parsers keep them.
    public static func escape(_ text: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "\t" where quotes: out += "&#9;"
            case "\n" where quotes: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
