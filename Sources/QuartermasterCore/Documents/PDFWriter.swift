/// A colour for text, lines and fills.
public struct PDFColor: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static func gray(_ level: Double) -> PDFColor { PDFColor(red: level, green: level, blue: level) }
    public static let black = PDFColor.gray(0)
    public static let white = PDFColor.gray(1)
}

/// What one page shows, as PDF drawing operators. Coordinates are points from the bottom-left
/// corner of the page.
public struct PDFPage: Sendable, Hashable {
    public private(set) var operators = ""

    public init() {}

    /// One line of text starting at (`x`, `y`), the baseline.
    public mutating func text(_ text: String, x: Double, y: Double, font: StandardFont, size: Double, color: PDFColor = .black) {
        let encoded = WinAnsi.encode(text)
        guard !encoded.isEmpty else { return }
        operators +=
            "BT \(fill(color)) /\(Self.resourceName(font)) \(number(size)) Tf \(number(x)) \(number(y)) Td (\(Self.escape(encoded))) Tj ET\n"
    }

    /// Text whose right edge is at `right`.
    public mutating func text(_ text: String, right: Double, y: Double, font: StandardFont, size: Double, color: PDFColor = .black) {
        self.text(text, x: right - font.width(of: text, size: size), y: y, font: font, size: size, color: color)
    }

    public mutating func line(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double = 0.5, color: PDFColor = .black
    ) {
        operators += "\(stroke(color)) \(number(width)) w \(number(start.x)) \(number(start.y)) m \(number(end.x)) \(number(end.y)) l S\n"
    }

    public mutating func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: PDFColor) {
        operators += "\(fill(color)) \(number(x)) \(number(y)) \(number(width)) \(number(height)) re f\n"
    }

    public mutating func strokeRectangle(
        x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.5, color: PDFColor = .black
    ) {
        operators += "\(stroke(color)) \(number(lineWidth)) w \(number(x)) \(number(y)) \(number(width)) \(number(height)) re S\n"
    }

    private func fill(_ color: PDFColor) -> String { "\(number(color.red)) \(number(color.green)) \(number(color.blue)) rg" }
    private func stroke(_ color: PDFColor) -> String { "\(number(color.red)) \(number(color.green)) \(number(color.blue)) RG" }

    private func number(_ value: Double) -> String { PDFWriter.number(value) }

    static func resourceName(_ font: StandardFont) -> String { font == .helvetica ? "F1" : "F2" }

    /// A literal string body: parentheses and backslashes escaped, bytes outside printable ASCII in octal.
    static func escape(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7E: out.unicodeScalars.append(UnicodeScalar(byte))
            default: out += "\\" + String(byte, radix: 8).leftPadded(to: 3)
            }
        }
        return out
    }
}

/// Writes a PDF 1.4 file from pages: the two standard Helvetica fonts, uncompressed content
/// streams, a document information dictionary and a cross-reference table with exact offsets.
public enum PDFWriter {
    /// A4 portrait, in points.
    public static let a4 = (width: 595.28, height: 841.89)

    public struct Info: Sendable, Hashable {
        public var title: String
        public var author: String?
        public var subject: String?
        /// Milliseconds since the epoch (UTC); fixed by the caller so the same input gives the same bytes.
        public var creationDate: Int64

        public init(title: String, author: String? = nil, subject: String? = nil, creationDate: Int64) {
            self.title = title
            self.author = author
            self.subject = subject
            self.creationDate = creationDate
        }
    }

    public static func render(_ pages: [PDFPage], info: Info, size: (width: Double, height: Double) = a4) -> [UInt8] {
        // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 information, then a page and its content per page.
        var objects: [String] = []
        let pageIDs = pages.indices.map { 6 + 2 * $0 }
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append("<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        for font in StandardFont.allCases {
            objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /\(font.rawValue) /Encoding /WinAnsiEncoding >>")
        }
        var infoEntries = "/Title \(textString(info.title)) /Producer (Quartermaster) /CreationDate (\(date(info.creationDate)))"
        if let author = info.author { infoEntries += " /Author \(textString(author))" }
        if let subject = info.subject { infoEntries += " /Subject \(textString(subject))" }
        objects.append("<< \(infoEntries) >>")
        let mediaBox = "[0 0 \(number(size.width)) \(number(size.height))]"
        for (index, page) in pages.enumerated() {
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox \(mediaBox) /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(pageIDs[index] + 1) 0 R >>"
            )
            objects.append("<< /Length \(page.operators.utf8.count) >>\nstream\n\(page.operators)endstream")
        }

        // A comment with high bytes after the header tells transfer tools the file is binary.
        var output: [UInt8] = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.count)
            output += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xrefOffset = output.count
        var xref = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { xref += "\(String(offset).leftPadded(to: 10)) 00000 n \n" }
        xref += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        output += Array(xref.utf8)
        return output
    }

    /// A number with at most three decimals and no exponent, as PDF requires.
    static func number(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        var fraction = String(magnitude % 1000).leftPadded(to: 3)
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? "\(sign)\(magnitude / 1000)" : "\(sign)\(magnitude / 1000).\(fraction)"
    }

    /// A text string for the information dictionary: UTF-16BE with a byte order mark, in hex.
    private static func textString(_ text: String) -> String {
        "<FEFF" + text.utf16.map { String($0, radix: 16, uppercase: true).leftPadded(to: 4) }.joined() + ">"
    }

    /// `D:20260302093000Z`.
    private static func date(_ milliseconds: Int64) -> String {
        let text = ISO8601DateTime.format(milliseconds)  // 2026-03-02T09:30:00+00:00
        return "D:" + text.prefix(19).filter { $0.isNumber } + "Z"
    }
}
