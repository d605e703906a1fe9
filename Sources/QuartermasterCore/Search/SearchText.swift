import Foundation

/// How catalog text and queries are cut into words: lower case, accents folded, split at anything that
/// is not a letter or digit. The database's own tokenizers (FTS5 unicode61, PostgreSQL `english`) cut
/// the same way, so a word we correct or expand is a word they index.
public enum SearchText {
    public static func tokens(_ text: some StringProtocol) -> [String] {
        if let ascii = asciiTokens(text) { return ascii }
        var out: [String] = []
        var current = ""
        let folded = String(text).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The same cut for plain ASCII text, on its bytes (most catalog text); nil when the text has
    /// anything else.
    static func asciiTokens(_ text: some StringProtocol) -> [String]? {
        var out: [String] = []
        var word: [UInt8] = []
        word.reserveCapacity(32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte | 0x20)
            case 0x80...: return nil
            default:
                if !word.isEmpty {
                    out.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
        }
        if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)) }
        return out
    }

    /// Words that carry no meaning in a product query.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "for", "with", "without", "in", "on", "to", "by", "at", "from", "some", "any",
        "me", "my", "our", "we", "i", "need", "want", "please", "get", "buy", "order", "is", "are", "that", "this", "these",
        "those", "it", "its", "be", "x", "per", "each", "about", "into", "up", "as",
    ]

    /// A plain singular for matching words across plural forms (pens → pen, boxes → box, batteries → battery).
    public static func singular(_ word: String) -> String {
        let bytes = word.utf8
        guard bytes.count > 3, bytes.last == UInt8(ascii: "s") else { return word }
        guard word.count > 3, !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") else { return word }
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("xes") || word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("sses") {
            return String(word.dropLast(2))
        }
        return String(word.dropLast())
    }

    /// Whether `text` holds `part`, compared byte by byte (no locale; callers pass lower-cased text).
    /// A plain scan: the standard library's generic `contains(_:)` on collections builds a Z-algorithm
    /// searcher per call, which made building a product's match text 80 % of loading it.
    public static func includes(_ text: String, _ part: String) -> Bool {
        var text = text
        var part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard needle.count <= haystack.count else { return false }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last {
                    if haystack[start] == first {
                        var offset = 1
                        while offset < needle.count && haystack[start + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}

/// A full-text query as a small tree, rendered for FTS5 or for PostgreSQL `to_tsquery`. Words hold
/// only letters and digits (from `SearchText.tokens`), so no user text reaches either query syntax.
public indirect enum TextQuery: Sendable, Hashable {
    case word(String, prefix: Bool)
    case phrase([String])
    case any([TextQuery])
    case all([TextQuery])

    /// FTS5 MATCH syntax: `"pen" AND ("biro" OR "pen")`, prefix as `"pap"*`.
    public var fts5: String {
        switch self {
        case .word(let word, let prefix): return "\"\(word)\"" + (prefix ? "*" : "")
        case .phrase(let words): return "\"" + words.joined(separator: " ") + "\""
        case .any(let parts): return parts.count == 1 ? parts[0].fts5 : "(" + parts.map(\.fts5).joined(separator: " OR ") + ")"
        case .all(let parts): return parts.count == 1 ? parts[0].fts5 : "(" + parts.map(\.fts5).joined(separator: " AND ") + ")"
        }
    }

    /// The query's phrases (each word or quoted phrase, as written in `fts5`) in the order FTS5
    /// numbers them: left to right, a word named twice counted twice.
    public var phrases: [String] {
        switch self {
        case .word, .phrase: [fts5]
        case .any(let parts), .all(let parts): parts.flatMap(\.phrases)
        }
    }

    /// `to_tsquery('english', …)` syntax: `pen & (biro | pen)`, prefix as `pap:*`, phrase with `<->`.
    public var tsquery: String {
        switch self {
        case .word(let word, let prefix): return word + (prefix ? ":*" : "")
        case .phrase(let words): return "(" + words.joined(separator: " <-> ") + ")"
        case .any(let parts): return parts.count == 1 ? parts[0].tsquery : "(" + parts.map(\.tsquery).joined(separator: " | ") + ")"
        case .all(let parts): return parts.count == 1 ? parts[0].tsquery : "(" + parts.map(\.tsquery).joined(separator: " & ") + ")"
        }
    }

    /// Every word the query mentions.
    public var words: [String] {
        switch self {
        case .word(let word, _): [word]
        case .phrase(let words): words
        case .any(let parts), .all(let parts): parts.flatMap(\.words)
        }
    }
}

/// A filter on one spec: `spec.paper_size=A4`, `spec.weight_gsm>=80`.
public struct SpecFilter: Sendable, Hashable, Codable {
    public enum Operator: String, Sendable, Hashable, Codable {
        case equal = "="
        case notEqual = "!="
        case greaterOrEqual = ">="
        case lessOrEqual = "<="
        case greater = ">"
        case less = "<"
    }
    public let key: String
    public let op: Operator
    public let value: String

    public init?(key: String, op: Operator, value: String) {
        let key = key.lowercased()
        guard !key.isEmpty, key.count <= 64,
            key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }),
            !value.isEmpty, value.count <= 200
        else { return nil }
        if op != .equal && op != .notEqual && number(value) == nil { return nil }
        self.key = key
        self.op = op
        self.value = value
    }

    /// The value as a number, when it is one.
    public var numeric: Double? { number(value) }

    /// Parses `spec.key>=80` (inline in a query) or a query-string pair (`spec.key>` = `80` for `>=`,
    /// `spec.key` = `>=80`).
    public static func parse(_ text: String) -> SpecFilter? {
        guard text.lowercased().hasPrefix("spec.") else { return nil }
        let body = text.dropFirst(5)
        for op in [Operator.greaterOrEqual, .lessOrEqual, .notEqual, .equal, .greater, .less] {
            if let range = body.range(of: op.rawValue) {
                return SpecFilter(key: String(body[..<range.lowerBound]), op: op, value: String(body[range.upperBound...]))
            }
        }
        return nil
    }

    public static func parse(queryKey: String, value: String) -> SpecFilter? {
        guard queryKey.lowercased().hasPrefix("spec.") else { return nil }
        var key = String(queryKey.dropFirst(5))
        if key.hasSuffix(">") { return SpecFilter(key: String(key.dropLast()), op: .greaterOrEqual, value: value) }
        if key.hasSuffix("<") { return SpecFilter(key: String(key.dropLast()), op: .lessOrEqual, value: value) }
        if key.hasSuffix("!") { return SpecFilter(key: String(key.dropLast()), op: .notEqual, value: value) }
        for op in [Operator.greaterOrEqual, .lessOrEqual, .greater, .less] where value.hasPrefix(op.rawValue) {
            return SpecFilter(key: key, op: op, value: String(value.dropFirst(op.rawValue.count)))
        }
        key = key.trimmingWhitespace()
        return SpecFilter(key: key, op: .equal, value: value)
    }

    /// Does a spec value (as stored) satisfy the filter? Used where filtering happens in memory.
    public func accepts(_ stored: JSONValue?) -> Bool {
        guard let stored else { return op == .notEqual }
        switch stored {
        case .array(let items): return op == .notEqual ? items.allSatisfy(accepts) : items.contains(where: accepts)
        case .number(let text):
            guard let have = number(text) else { return false }
            if let want = numeric { return compare(have, want) }
            return op == .notEqual
        case .string(let text):
            if let have = number(text), let want = numeric, op != .equal || number(value) != nil { return compare(have, want) }
            let equal = text.lowercased() == value.lowercased()
            return op == .equal ? equal : (op == .notEqual ? !equal : false)
        case .bool(let flag):
            let equal = String(flag) == value.lowercased()
            return op == .equal ? equal : (op == .notEqual ? !equal : false)
        default: return false
        }
    }

    func compare(_ have: Double, _ want: Double) -> Bool {
        switch op {
        case .equal: have == want
        case .notEqual: have != want
        case .greaterOrEqual: have >= want
        case .lessOrEqual: have <= want
        case .greater: have > want
        case .less: have < want
        }
    }
}

private func number(_ text: String) -> Double? {
    guard let fixed = FixedDecimal(parsing: text.trimmingWhitespace()) else { return nil }
    return Double(fixed.units) / Double(FixedDecimal.scale)
}

/// Words and phrases that mean the same to a buyer: "biro" → "pen", "post-it" → "sticky notes".
public struct SynonymTable: Sendable, Hashable {
    /// Keyed by the tokens of the source phrase joined with a space.
    public private(set) var entries: [String: [[String]]] = [:]
    public private(set) var longestSource = 1

    public init() {}

    /// `lines` like `biro => pen, ballpoint pen` or `post-it, post it => sticky notes`.
    public init(rules: [String]) {
        for rule in rules {
            let sides = rule.components(separatedBy: "=>")
            guard sides.count == 2 else { continue }
            let sources = sides[0].split(separator: ",").map { SearchText.tokens($0) }.filter { !$0.isEmpty }
            let targets = sides[1].split(separator: ",").map { SearchText.tokens($0) }.filter { !$0.isEmpty }
            for source in sources { add(source, targets) }
        }
    }

    public mutating func add(_ source: [String], _ targets: [[String]]) {
        let key = source.joined(separator: " ")
        entries[key, default: []].append(contentsOf: targets)
        longestSource = max(longestSource, source.count)
    }

    /// What office buyers commonly write for what catalogs call things.
    public static let defaults = SynonymTable(rules: defaultRules)

    public static let defaultRules = [
        "biro, biros => pen", "post-it, post-its, postit, post its, stickies => sticky notes",
        "copier paper, photocopy paper, printer paper => copy paper", "copier => copy", "toner cartridge => toner",
        "highlighter pen, hi-liter, marker pen => highlighter", "sellotape, scotch tape => adhesive tape",
        "tippex, tipp-ex, white-out, whiteout => correction", "rubber => eraser", "hole punch => punch",
        "ring binder, lever arch => binder", "jotter => notepad", "laptop stand => laptop riser", "desk chair => office chair",
        "bin bags, bin liners, trash bags => refuse sacks", "kitchen roll, paper towels => paper towel", "loo roll => toilet tissue",
        "envelopes => envelope", "usb stick, thumb drive, pen drive => usb flash drive", "headphones => headset",
    ]
}

/// The text part and the filters of a search box entry.
public struct ParsedSearch: Sendable, Hashable {
    /// Every word, stop words included (synonyms such as "post it" need them).
    public var tokens: [String]
    public var filters: [SpecFilter]
    /// Pieces that looked like filters but could not be read (e.g. `spec.weight>=heavy`).
    public var ignored: [String]

    public static let maxTokens = 48

    /// Splits `copy paper spec.paper_size=A4 spec.weight_gsm>=80` into words and filters, and caps the
    /// number of words so a pasted essay stays cheap.
    public init(_ text: String) {
        tokens = []
        filters = []
        ignored = []
        for piece in text.split(whereSeparator: \.isWhitespace).prefix(400) {
            if piece.lowercased().hasPrefix("spec.") {
                if let filter = SpecFilter.parse(String(piece)) { filters.append(filter) } else { ignored.append(String(piece)) }
                continue
            }
            for token in SearchText.tokens(piece) where token.count <= 40 && tokens.count < Self.maxTokens {
                tokens.append(token)
            }
        }
    }
}

/// The full-text query for a list of words: synonyms expanded, stop words dropped, misspelt words
/// joined by their likely corrections, an unfinished last word matched as a prefix.
public struct SearchPlan: Sendable, Hashable {
    /// Every group must match (AND); within a group any alternative may (OR).
    public var groups: [TextQuery] = []
    /// Misspelt word → the word searched instead (also searched as written).
    public var corrections: [String: String] = [:]
    /// The meaningful words, for explanations and scoring.
    public var keywords: [String] = []

    public var strict: TextQuery? { groups.isEmpty ? nil : .all(groups) }
    /// Up to this many words, "all but one" is tried before "any".
    public static let allButOneLimit = 8
    /// Groups with a word in at least this share of the products.
    public var commonGroups: Set<TextQuery> = []
    public static let commonShare = 0.1
    public var relaxed: TextQuery? { groups.count < 2 ? nil : .any(groups) }

    /// Looser queries to try, in order, when the strict one finds nothing: every word but the bare
    /// numbers (sizes rarely match exactly), then all of those words but one ("legal size hanging file
    /// folders" finds the folders that do not say "size"), then any word but the numbers, then any word.
    /// "Any word" is the last resort: a common word matches a large part of the catalog.
    public var relaxations: [TextQuery] {
        let words = groups.filter { group in !group.words.allSatisfy { $0.allSatisfy(\.isNumber) } }
        var out: [TextQuery] = []
        if !words.isEmpty && words.count < groups.count { out.append(.all(words)) }
        if words.count >= 3 && words.count <= Self.allButOneLimit {
            out.append(.any(words.indices.map { left in .all(words.enumerated().filter { $0.offset != left }.map(\.element)) }))
        }
        if words.count >= 2 {
            // Words found in a large part of the catalog ("pack", "set") would make "any word" match most
            // of it, slowly and with little meaning: the other words are tried alone first.
            let rare = words.filter { !commonGroups.contains($0) }
            if !rare.isEmpty && rare.count < words.count { out.append(rare.count == 1 ? rare[0] : .any(rare)) }
            out.append(.any(words))
        }
        if let relaxed, words.count < groups.count || words.count < 2 { out.append(relaxed) }
        return out
    }

    public init(tokens: [String], synonyms: SynonymTable = .defaults, vocabulary: SearchVocabulary? = nil) {
        var index = 0
        while index < tokens.count {
            var matched = false
            for length in stride(from: min(synonyms.longestSource, tokens.count - index), through: 1, by: -1) {
                let source = Array(tokens[index..<(index + length)])
                guard let targets = synonyms.entries[source.joined(separator: " ")] else { continue }
                var alternatives: [TextQuery] = [source.count == 1 ? .word(source[0], prefix: false) : .phrase(source)]
                for target in targets {
                    alternatives.append(target.count == 1 ? .word(target[0], prefix: false) : .phrase(target))
                }
                groups.append(.any(alternatives))
                keywords.append(contentsOf: source)
                index += length
                matched = true
                break
            }
            if matched { continue }
            let word = tokens[index]
            index += 1
            if SearchText.stopWords.contains(word) { continue }
            keywords.append(word)
            guard let vocabulary, !vocabulary.contains(word) else {
                groups.append(.word(word, prefix: false))
                continue
            }
            var alternatives: [TextQuery] = [.word(word, prefix: false)]
            if let fix = vocabulary.correction(for: word) {
                corrections[word] = fix
                alternatives.append(.word(fix, prefix: false))
            }
            if index == tokens.count && word.count >= 3 && !word.allSatisfy(\.isNumber) {
                alternatives.append(.word(word, prefix: true))
            }
            groups.append(alternatives.count == 1 ? alternatives[0] : .any(alternatives))
        }
        // A word written twice ("USB-C to USB-C") narrows nothing more: it would only repeat its posting
        // list in every query, and in each "all the words but one".
        var seen = Set<TextQuery>()
        groups = groups.filter { seen.insert($0).inserted }
        if let vocabulary {
            commonGroups = Set(groups.filter { $0.words.contains { vocabulary.isCommon($0, share: Self.commonShare) } })
        }
    }
}
