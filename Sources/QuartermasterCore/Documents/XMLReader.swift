/// Reads a UTF-8 XML document into a tree of elements: enough for the business documents vendors
/// send us (cXML, UBL). The document type declaration is skipped, never fetched or expanded, so a
/// hostile document cannot reach the network or blow up through entity definitions; only the five
/// predefined entities and character references are understood.
public enum XMLReader {
    /// One element: its name as written (with any prefix), attributes, child elements and the
    /// character data directly inside it (CDATA included), with the children's text left out.
    public struct Element: Sendable, Hashable {
        public var name: String
        public var attributes: [String: String]
        public var children: [Element]
        public var text: String

        public init(name: String, attributes: [String: String] = [:], children: [Element] = [], text: String = "") {
            self.name = name
            self.attributes = attributes
            self.children = children
            self.text = text
        }

        /// The name without a namespace prefix (`cbc:ID` → `ID`).
        public var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

        /// The first child with this name, if any.
        public func child(_ name: String) -> Element? { children.first { $0.name == name } }

        /// Every child with this name, in document order.
        public func children(_ name: String) -> [Element] { children.filter { $0.name == name } }

        /// The element at the end of a path of child names (`["Header", "From"]`), if it exists.
        public func descendant(_ path: String...) -> Element? {
            var current = self
            for name in path {
                guard let next = current.child(name) else { return nil }
                current = next
            }
            return current
        }

        public subscript(attribute: String) -> String? { attributes[attribute] }

        /// The text with leading and trailing white space removed.
        public var trimmedText: String { text.trimmingWhitespace() }
    }

    /// Why a document could not be read, with the byte offset where reading stopped.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var offset: Int

        public var description: String { "XML syntax error at byte \(offset): \(message)" }
    }

    /// The root element of `bytes`.
    public static func parse(_ bytes: some Collection<UInt8>) throws(SyntaxError) -> Element {
        var scanner = Scanner(bytes: Array(bytes))
        return try scanner.document()
    }

    /// Nesting deeper than this is refused (real business documents stay far below it).
    static let maximumDepth = 256

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A UTF-8 byte order mark is allowed before the declaration.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        func fail(_ message: String) -> SyntaxError { SyntaxError(message: message, offset: position) }

        var atEnd: Bool { position >= bytes.count }
        var current: UInt8? { atEnd ? nil : bytes[position] }

        func startsWith(_ text: String) -> Bool {
            let utf8 = Array(text.utf8)
            return position + utf8.count <= bytes.count && bytes[position..<position + utf8.count].elementsEqual(utf8)
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        /// Moves past the next occurrence of `terminator`.
        mutating func skip(past terminator: String) throws(SyntaxError) {
            while !atEnd {
                if startsWith(terminator) {
                    position += terminator.utf8.count
                    return
                }
                position += 1
            }
            throw fail("missing \(terminator)")
        }

        mutating func document() throws(SyntaxError) -> Element {
            try prolog()
            guard current == UInt8(ascii: "<") else { throw fail("expected the root element") }
            let root = try element(depth: 0)
            try misc()
            guard atEnd else { throw fail("content after the root element") }
            return root
        }

        /// The declaration, comments, processing instructions and the document type before the root.
        mutating func prolog() throws(SyntaxError) {
            if startsWith("<?xml") {
                let start = position
                try skip(past: "?>")
                let declaration = String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
                if let range = declaration.firstRange(of: "encoding=") {
                    let value = declaration[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
                    guard value == "utf-8" || value == "us-ascii" else { throw fail("unsupported encoding \(value)") }
                }
            }
            try misc()
            if startsWith("<!DOCTYPE") {
                try doctype()
                try misc()
            }
        }

        mutating func misc() throws(SyntaxError) {
            while true {
                skipWhitespace()
                if startsWith("<!--") {
                    try skip(past: "-->")
                } else if startsWith("<?") {
                    try skip(past: "?>")
                } else {
                    return
                }
            }
        }

        /// Skips `<!DOCTYPE …>`, including an internal subset in brackets and quoted literals.
        mutating func doctype() throws(SyntaxError) {
            var bracketDepth = 0
            position += "<!DOCTYPE".utf8.count
            while let byte = current {
                position += 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    while let inner = current, inner != byte { position += 1 }
                    position += 1
                case UInt8(ascii: "["): bracketDepth += 1
                case UInt8(ascii: "]"): bracketDepth -= 1
                case UInt8(ascii: ">") where bracketDepth == 0: return
                default: break
                }
            }
            throw fail("unterminated document type declaration")
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."):
                true
            default: byte >= 0x80
            }
        }

        mutating func name() throws(SyntaxError) -> String {
            let start = position
            while let byte = current, Self.isNameByte(byte) { position += 1 }
            guard position > start else { throw fail("expected a name") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func element(depth: Int) throws(SyntaxError) -> Element {
            guard depth < XMLReader.maximumDepth else { throw fail("elements nested too deeply") }
            position += 1  // <
            var element = Element(name: try name())
            while true {
                skipWhitespace()
                if startsWith("/>") {
                    position += 2
                    return element
                }
                if current == UInt8(ascii: ">") {
                    position += 1
                    break
                }
                let attribute = try name()
                skipWhitespace()
                guard current == UInt8(ascii: "=") else { throw fail("expected = after attribute \(attribute)") }
                position += 1
                skipWhitespace()
                guard let quote = current, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                    throw fail("expected a quoted value for attribute \(attribute)")
                }
                position += 1
                let value = try characterData(until: quote)
                position += 1
                guard element.attributes.updateValue(value, forKey: attribute) == nil else {
                    throw fail("attribute \(attribute) repeated")
                }
            }
            try content(of: &element, depth: depth)
            return element
        }

        mutating func content(of element: inout Element, depth: Int) throws(SyntaxError) {
            while !atEnd {
                if startsWith("</") {
                    position += 2
                    let closing = try name()
                    guard closing == element.name else { throw fail("</\(closing)> closes <\(element.name)>") }
                    skipWhitespace()
                    guard current == UInt8(ascii: ">") else { throw fail("expected > after </\(closing)") }
                    position += 1
                    return
                } else if startsWith("<!--") {
                    try skip(past: "-->")
                } else if startsWith("<![CDATA[") {
                    position += 9
                    let start = position
                    try skip(past: "]]>")
                    element.text += String(decoding: bytes[start..<position - 3], as: UTF8.self)
                } else if startsWith("<?") {
                    try skip(past: "?>")
                } else if current == UInt8(ascii: "<") {
                    element.children.append(try self.element(depth: depth + 1))
                } else {
                    element.text += try characterData(until: UInt8(ascii: "<"))
                }
            }
            throw fail("<\(element.name)> is not closed")
        }

        /// Text up to (not including) `terminator`, with references resolved.
        mutating func characterData(until terminator: UInt8) throws(SyntaxError) -> String {
            var out: [UInt8] = []
            while let byte = current, byte != terminator {
                if byte == UInt8(ascii: "&") {
                    out += try reference()
                } else if byte == UInt8(ascii: "<") {
                    throw fail("< inside an attribute value")
                } else {
                    out.append(byte)
                    position += 1
                }
            }
            guard current == terminator else { throw fail("unexpected end of document") }
            return String(decoding: out, as: UTF8.self)
        }

        /// `&amp;`, `&#38;`, `&#x26;` and the other predefined entities, as UTF-8.
        mutating func reference() throws(SyntaxError) -> [UInt8] {
            let start = position
            guard let end = bytes[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw fail("unterminated reference") }
            let body = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
            position = end + 1
            switch body {
            case "amp": return Array("&".utf8)
            case "lt": return Array("<".utf8)
            case "gt": return Array(">".utf8)
            case "quot": return Array("\"".utf8)
            case "apos": return Array("'".utf8)
            default:
                var value: UInt32?
                if body.hasPrefix("#x") {
                    value = UInt32(body.dropFirst(2), radix: 16)
                } else if body.hasPrefix("#") {
                    value = UInt32(body.dropFirst(), radix: 10)
                }
                guard let value, let scalar = Unicode.Scalar(value) else {
                    position = start
                    throw fail("unknown reference &\(body);")
                }
                return Array(String(Character(scalar)).utf8)
            }
        }
    }
}
