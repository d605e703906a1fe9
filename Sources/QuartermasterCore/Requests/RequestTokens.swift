/// One piece of a request's text. Offsets count Unicode scalars of the original text.
struct RequestToken: Sendable {
    enum Kind: Sendable { case word, number, symbol, newline }
    var kind: Kind
    /// Original spelling.
    var raw: String
    /// Lower case, curly apostrophes straightened, accents folded for words.
    var lower: String
    var start: Int
    var end: Int
    /// Numbers: the numeric part ("1,000" → 1000, "0.5mm" → 0.5, "2.500" → 2500).
    var value: FixedDecimal? = nil
    /// Numbers: what is glued after the digits, lower case ("k", "gsm", "x", "th", "-inch", "/12", "-12-03").
    var suffix: String = ""
    /// Numbers: the digits before any separator, for dates ("4/12" → 4).
    var isInteger: Bool = false
    /// Letters in the raw text begin with an upper-case letter.
    var capitalised: Bool = false
    /// Set by the parser once a token belongs to a date, price, vendor or place phrase.
    var consumed = false

    var isWord: Bool { kind == .word }
    var isNumber: Bool { kind == .number }
    var intValue: Int? {
        guard isInteger, let value, value.units % FixedDecimal.scale == 0, value.units >= 0,
            value.units < 1_000_000_000 * FixedDecimal.scale
        else { return nil }
        return Int(value.units / FixedDecimal.scale)
    }
}

enum RequestTokenizer {
    /// Letters glued to a number that stay with it ("80gsm", "12pack", "3000mah").
    static let keptSuffixes: Set<String> = [
        "gsm", "mah", "kgs", "pack", "pks", "ply", "mil", "inch", "ltr", "mph", "kwh", "rpm", "dpi", "ppm", "fps", "bit", "hrs", "mins",
        "lbs", "gbs", "tbs", "watt", "volt", "amp", "amps", "each", "seater", "ohm",
    ]

    static func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
    static func isAlnum(_ s: Unicode.Scalar) -> Bool { isDigit(s) || isLetter(s) }

    /// Cuts `scalars` into words, numbers, symbols and line breaks; white space is dropped.
    static func tokenize(_ scalars: [Unicode.Scalar]) -> [RequestToken] {
        var tokens: [RequestToken] = []
        tokens.reserveCapacity(scalars.count / 4)
        var i = 0
        let n = scalars.count
        func at(_ k: Int) -> Unicode.Scalar? { k < n ? scalars[k] : nil }
        while i < n {
            let s = scalars[i]
            if s == "\n" || s == "\r" || s == "\u{2028}" || s == "\u{2029}" {
                // \r\n counts once.
                let start = i
                i += (s == "\r" && at(i + 1) == "\n") ? 2 : 1
                tokens.append(RequestToken(kind: .newline, raw: "\n", lower: "\n", start: start, end: i))
                continue
            }
            if s.properties.isWhitespace || s.properties.generalCategory == .control || s.properties.generalCategory == .format {
                i += 1
                continue
            }
            if isDigit(s) {
                let start = i
                var j = i
                var numeric = ""
                while j < n {
                    if isDigit(scalars[j]) {
                        numeric.unicodeScalars.append(scalars[j])
                        j += 1
                    } else if (scalars[j] == "," || scalars[j] == "."), let next = at(j + 1), isDigit(next) {
                        numeric.unicodeScalars.append(scalars[j])
                        j += 1
                    } else {
                        break
                    }
                }
                var suffix = ""
                // Glued letters, digits and joiners: "80gsm", "27-inch", "12-pack", "3rd", "4/12", "2026-12-03".
                while j < n {
                    let c = scalars[j]
                    if isAlnum(c) {
                        suffix.unicodeScalars.append(c)
                        j += 1
                    } else if c == "-" || c == "/" || c == "\u{2011}", let next = at(j + 1), isAlnum(next) {
                        suffix.unicodeScalars.append(c == "\u{2011}" ? "-" : c)
                        j += 1
                    } else if c == "\"" || c == "\u{201D}" || c == "\u{2033}" {
                        // 24" → 24-inch
                        if suffix.isEmpty { suffix = "-inch" }
                        j += 1
                        break
                    } else {
                        break
                    }
                }
                // "20pens", "10reams": a glued word of three or more letters is its own token.
                let gluedWord =
                    suffix.count >= 3 && suffix.unicodeScalars.allSatisfy { isLetter($0) }
                    && !RequestTokenizer.keptSuffixes.contains(suffix.lowercased())
                if gluedWord {
                    j -= suffix.unicodeScalars.count
                    suffix = ""
                }
                let raw = String(String.UnicodeScalarView(scalars[start..<j]))
                var token = RequestToken(kind: .number, raw: raw, lower: raw.lowercased(), start: start, end: j)
                token.value = parseNumber(numeric)
                token.isInteger = token.value.map { $0.units % FixedDecimal.scale == 0 } ?? false
                token.suffix = suffix.lowercased()
                tokens.append(token)
                i = j
                continue
            }
            if isLetter(s) || (s == "#" && at(i + 1).map(isDigit) == true) {
                let start = i
                var j = i + 1
                while j < n {
                    let c = scalars[j]
                    if isAlnum(c) || c == "\u{0301}" || c.properties.generalCategory == .nonspacingMark {
                        j += 1
                    } else if c == "-" || c == "\u{2011}" || c == "'" || c == "\u{2019}", let next = at(j + 1), isAlnum(next) {
                        j += 1
                    } else {
                        break
                    }
                }
                // "w/" → with
                var raw = String(String.UnicodeScalarView(scalars[start..<j]))
                if (raw == "w" || raw == "W") && at(j) == "/" && (at(j + 1).map { !isAlnum($0) } ?? true) {
                    j += 1
                    raw += "/"
                }
                var lower = raw.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2011}", with: "-")
                if !lower.unicodeScalars.allSatisfy(\.isASCII) {
                    lower = lower.folding(options: [.diacriticInsensitive], locale: nil)
                }
                if lower == "w/" { lower = "with" }
                var token = RequestToken(kind: .word, raw: raw, lower: lower, start: start, end: j)
                token.capitalised = raw.unicodeScalars.first.map { $0.properties.isUppercase } ?? false
                tokens.append(token)
                i = j
                continue
            }
            // Symbols; "US$", "A$" and friends are words followed by "$" and are joined by the money reader.
            var raw = String(s)
            var end = i + 1
            if s == "." && at(i + 1) == "." {
                while end < n && scalars[end] == "." { end += 1 }
                raw = "..."
            }
            let lower: String
            switch s {
            case "\u{2013}", "\u{2014}", "\u{2012}", "\u{2212}": lower = "-"
            case "\u{2022}", "\u{25CF}", "\u{25AA}", "\u{2023}", "\u{25E6}", "\u{00B7}": lower = "*"
            case "\u{201C}", "\u{201D}": lower = "\""
            case "\u{2018}", "\u{2019}": lower = "'"
            case "\u{FF0C}", "\u{3001}": lower = ","
            case "\u{3002}": lower = "."
            default: lower = raw
            }
            tokens.append(RequestToken(kind: .symbol, raw: raw, lower: lower, start: i, end: end))
            i = end
        }
        return tokens
    }

    /// "1,000" → 1000; "1,234.56" → 1234.56; "30.00" → 30; "2.500" → 2500 (a lone separator before exactly three
    /// digits groups thousands); "600,00" → 600; "0.125" → 0.125.
    static func parseNumber(_ text: String) -> FixedDecimal? {
        guard !text.isEmpty else { return nil }
        let chars = Array(text)
        guard let last = chars.lastIndex(where: { $0 == "," || $0 == "." }) else { return FixedDecimal(parsing: text) }
        let after = chars.count - last - 1
        let before = String(chars[..<last]).filter(\.isASCIIDigit)
        let whole = String(chars[..<last])
        let separators = chars.filter { $0 == "," || $0 == "." }
        let lastIsThousands = after == 3 && !(whole == "0") && (separators.count > 1 ? Set(separators).count == 1 : true)
        if lastIsThousands {
            return FixedDecimal(parsing: String(chars.filter(\.isASCIIDigit)))
        }
        let fraction = String(chars[(last + 1)...])
        return FixedDecimal(parsing: (before.isEmpty ? "0" : before) + "." + fraction)
    }
}
