/// An RFC 4180 CSV reader, as spreadsheets export it: comma or semicolon separated (guessed from the
/// header), fields in double quotes may hold separators, quotes (`""`) and line breaks, CRLF or LF line
/// ends, an optional UTF-8 byte order mark.
public struct CSVReader {
    public struct Row: Sendable, Hashable {
        /// 1-based line number where the row starts.
        public let line: Int
        public let fields: [String]
    }

    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Reads every row. A row that is not valid UTF-8 or has an unterminated quote fails.
    public static func rows(_ bytes: some Collection<UInt8>) -> [Result<Row, Failure>] {
        var input = Array(bytes)
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
        let separator = guessSeparator(input)
        var rows: [Result<Row, Failure>] = []
        var index = 0
        var line = 1
        while index < input.count {
            let startLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var quotedField = false
            var failure: String?
            var rowDone = false
            while index < input.count && !rowDone {
                let byte = input[index]
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < input.count && input[index + 1] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 2
                        } else {
                            inQuotes = false
                            index += 1
                        }
                    } else {
                        if byte == 0x0A { line += 1 }
                        field.append(byte)
                        index += 1
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\"") where field.isEmpty && !quotedField:
                    inQuotes = true
                    quotedField = true
                    index += 1
                case separator:
                    fields.append(decode(field, &failure))
                    field = []
                    quotedField = false
                    index += 1
                case 0x0D, 0x0A:
                    if byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A { index += 1 }
                    index += 1
                    line += 1
                    rowDone = true
                default:
                    field.append(byte)
                    index += 1
                }
            }
            if inQuotes { failure = "a quoted field is never closed" }
            fields.append(decode(field, &failure))
            if let failure {
                rows.append(.failure(Failure(line: startLine, reason: failure)))
                if inQuotes { break }
            } else if !(fields.count == 1 && fields[0].isEmpty) {
                rows.append(.success(Row(line: startLine, fields: fields)))
            }
        }
        return rows
    }

    private static func decode(_ bytes: [UInt8], _ failure: inout String?) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if failure == nil { failure = "text is not valid UTF-8" }
        return ""
    }

    /// Comma unless the header line has more semicolons than commas (European spreadsheets).
    static func guessSeparator(_ input: [UInt8]) -> UInt8 {
        var commas = 0
        var semicolons = 0
        for byte in input {
            if byte == 0x0A { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}
