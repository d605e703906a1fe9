import Foundation

/// The built-in, deterministic purchase-request parser: free text in, lines and constraints out. No network,
/// no model; linear in the text (capped at `maxScalars` and `maxLines`). See docs/PARSER.md.
public enum RequestParser {
    /// At most this many lines are returned; a warning says when more were written.
    public static let maxLines = 200
    /// At most this many per-line questions; the rest are summed up in one.
    public static let maxLineQuestions = 10
    /// Text beyond this many Unicode scalars is not read (a warning says so).
    public static let maxScalars = 200_000

    public static func parse(_ text: String, context: RequestParseContext) -> ParsedRequisition {
        var run = RequestParseRun(text: text, context: context)
        run.parse()
        return run.result
    }
}

/// A line being built, with what the later passes need to know about it.
struct LineDraft {
    var item: String
    var quantity: Int
    var quantityExplicit: Bool
    var unit: String
    var packSize: Int?
    var attributes: [String]
    var maxUnitPrice: Money?
    var start: Int
    var end: Int
    var confidence: Double
    var plural: Bool
    var fuzzy: String?
    var knownNoun: Bool
    /// Index of the first token, for matching prices written next to the line.
    var firstToken: Int
    var lastToken: Int
    var piece: Int
    /// One container with no number written ("box of 12 pens"); a count written later replaces it.
    var impliedCount = false
}

struct RequestParseRun {
    let scalars: [Unicode.Scalar]
    let context: RequestParseContext
    let today: LocalDate
    var tokens: [RequestToken]
    var result = ParsedRequisition()
    var drafts: [LineDraft] = []
    var truncatedLines = 0
    var dates: [(date: LocalDate, token: Int)] = []
    var budgets: [(money: Money, token: Int, explicit: Bool, flagged: Bool)] = []
    var unitPrices: [(money: Money, token: Int)] = []
    /// Token index → the piece (comma/"and"-separated part) it belongs to.
    var pieceOfToken: [Int]
    var pieceCount = 0
    var questionKeys = Set<String>()
    let vendorIndex: [String: [(name: String, words: [String])]]
    let placeIndex: [String: [(name: String, words: [String])]]

    init(text: String, context: RequestParseContext) {
        var scalars = Array(text.unicodeScalars.prefix(RequestParser.maxScalars + 1))
        var warnings: [String] = []
        if scalars.count > RequestParser.maxScalars {
            scalars.removeLast(scalars.count - RequestParser.maxScalars)
            warnings.append("The request is longer than \(RequestParser.maxScalars) characters; only the beginning was read.")
        }
        self.scalars = scalars
        self.context = context
        self.today = LocalDate.at(context.now, in: context.timeZone)
        self.tokens = RequestTokenizer.tokenize(scalars)
        self.pieceOfToken = Array(repeating: -1, count: tokens.count)
        result.warnings = warnings
        func index(_ names: [String]) -> [String: [(name: String, words: [String])]] {
            var out: [String: [(name: String, words: [String])]] = [:]
            for name in names.prefix(1_000) {
                let words = RequestTokenizer.tokenize(Array(name.unicodeScalars)).filter { $0.kind == .word || $0.kind == .number }
                    .map(\.lower)
                guard let first = words.first, words.count <= 6 else { continue }
                out[first, default: []].append((name, words))
            }
            for key in out.keys { out[key]?.sort { $0.words.count > $1.words.count } }
            return out
        }
        vendorIndex = index(context.knownVendors)
        placeIndex = index(context.knownPlaces ?? [])
    }

    // MARK: - Driver

    mutating func parse() {
        guard tokens.contains(where: { $0.kind == .word || $0.kind == .number }) else {
            ask("lines", nil, "The request is empty. What would you like to order?", [])
            return
        }
        if looksForeign() {
            ask(
                "language", nil,
                "This request does not appear to be in English, which is the only language the built-in parser reads. Could you write it in English (items, quantities, dates)?",
                [])
            return
        }
        var lineStart = 0
        var physicalLines = 0
        while lineStart < tokens.count {
            var lineEnd = lineStart
            while lineEnd < tokens.count && tokens[lineEnd].kind != .newline { lineEnd += 1 }
            if lineEnd > lineStart {
                physicalLines += 1
                if drafts.count >= RequestParser.maxLines {
                    truncatedLines += 1
                } else {
                    parsePhysicalLine(lineStart, lineEnd)
                }
            }
            lineStart = lineEnd + 1
        }
        finish()
    }

    /// One line of text: drop a bullet or number marker, skip mail headers, then read sentence by sentence.
    mutating func parsePhysicalLine(_ start: Int, _ end: Int) {
        var s = start
        var bullet = false
        // "-", "*", "•", "+", ">" or "1." / "1)" / "(1)" at the start.
        if s < end, tokens[s].kind == .symbol, ["-", "*", "+", ">", "#"].contains(tokens[s].lower) {
            s += 1
            bullet = true
        } else if s + 1 < end, tokens[s].kind == .number, tokens[s].suffix.isEmpty, tokens[s].intValue.map({ $0 < 100 }) == true,
            tokens[s + 1].lower == "." || tokens[s + 1].lower == ")", tokens[s].end == tokens[s + 1].start
        {
            s += 2
            bullet = true
        } else if s + 2 < end, tokens[s].lower == "(", tokens[s + 1].kind == .number, tokens[s + 2].lower == ")", s + 3 < end,
            tokens[s + 3].kind == .word
        {
            s += 3
            bullet = true
        }
        if s + 1 < end, tokens[s].kind == .word,
            ["subject", "re", "fw", "fwd", "from", "to", "cc", "sent", "date"].contains(tokens[s].lower),
            tokens[s + 1].lower == ":", !bullet
        {
            // Mail headers: read dates and money but no items.
            for i in s..<end { tokens[i].consumed = true }
            return
        }
        // Sentences end at . ? ! (numbers keep their own dots).
        var sentenceStart = s
        var i = s
        while i <= end {
            let atEnd = i == end
            if atEnd || (tokens[i].kind == .symbol && [".", "?", "!", "...", "\u{3002}"].contains(tokens[i].lower)) {
                if i > sentenceStart { parseSentence(sentenceStart, i, bullet: bullet) }
                sentenceStart = i + 1
            }
            i += 1
        }
    }

    mutating func parseSentence(_ start: Int, _ end: Int, bullet: Bool) {
        let flagged = checkInjection(start, end)
        readConstraints(start, end, flagged: flagged)
        readLines(start, end, bullet: bullet)
    }

    // MARK: - Language and instructions

    /// Text mostly in another script, or with more function words of other languages than English words.
    func looksForeign() -> Bool {
        var latin = 0
        var other = 0
        var foreign = 0
        var english = 0
        for token in tokens where token.kind == .word {
            for scalar in token.raw.unicodeScalars where scalar.properties.isAlphabetic {
                if scalar.value < 0x250 { latin += 1 } else { other += 1 }
            }
            let word = token.lower
            if RequestLexicon.foreignWords.contains(word) { foreign += 1 }
            if RequestLexicon.englishWords.contains(word) || RequestLexicon.productNouns.contains(RequestLexicon.singular(word))
                || Self.unitCode(word) != nil
            {
                english += 1
            }
        }
        if other > latin && other >= 2 { return true }
        return foreign >= 2 && foreign > english * 2 || (foreign >= 3 && foreign > english)
    }

    /// Flags "ignore the budget", "disregard previous instructions", "SYSTEM:" and the like. The sentence is still
    /// read for items, but budgets, dates and vendors in it are not applied.
    mutating func checkInjection(_ start: Int, _ end: Int) -> Bool {
        for i in start..<end {
            for phrase in RequestLexicon.injectionPhrases where i + phrase.count <= end {
                var matches = true
                for (offset, word) in phrase.enumerated() where tokens[i + offset].lower != word {
                    matches = false
                    break
                }
                guard matches else { continue }
                let quoted = excerpt(tokens[start].start, tokens[end - 1].end)
                result.warnings.append(
                    "The request contains an instruction to the system (\"\(quoted)\"); it was not followed, the text was only read literally."
                )
                ask(
                    "instructions", nil,
                    "The request says \"\(quoted)\". The parser does not act on instructions like this. Should the request go ahead as parsed?",
                    ["Go ahead as parsed", "Cancel the request"])
                return true
            }
        }
        return false
    }

    func excerpt(_ from: Int, _ to: Int) -> String {
        let upper = min(to, from + 120)
        var text = String(String.UnicodeScalarView(scalars[from..<upper])).trimmingWhitespace()
        if upper < to { text += "…" }
        return text
    }

    mutating func ask(_ field: String, _ line: Int?, _ question: String, _ options: [String]) {
        let key = field + "|" + String(line ?? -1) + "|" + question
        guard questionKeys.insert(key).inserted else { return }
        result.questions.append(ClarifyingQuestion(field: field, lineIndex: line, question: question, options: options))
    }

    // MARK: - Finish

    mutating func finish() {
        // Prices per unit go to the line they were written with (or the one before).
        for (money, token) in unitPrices {
            let piece = token < pieceOfToken.count ? pieceOfToken[token] : -1
            var target = drafts.lastIndex(where: { $0.piece == piece && $0.firstToken <= token })
            if target == nil { target = drafts.lastIndex(where: { $0.piece == piece }) }
            if target == nil { target = drafts.lastIndex(where: { $0.firstToken <= token }) }
            if let target { drafts[target].maxUnitPrice = money }
        }
        if let first = budgets.first(where: { !$0.flagged }) ?? budgets.first {
            result.budget = first.money
            let others = budgets.filter { $0.money != first.money }
            if let other = others.first {
                ask(
                    "budget", nil, "The request mentions more than one total budget. Which one applies?",
                    [Self.moneyText(first.money), Self.moneyText(other.money)])
            }
        }
        // "6 chairs under €300": a cap written after a line of several, with nothing saying "each" or "total".
        for entry in budgets where !entry.explicit {
            let piece = entry.token < pieceOfToken.count ? pieceOfToken[entry.token] : -1
            guard let line = drafts.last(where: { $0.piece == piece && $0.firstToken < entry.token && $0.quantity > 1 }) else { continue }
            let amount = Self.moneyText(entry.money)
            ask(
                "budget", nil, "Is \(amount) the limit for the whole request or for each \(line.item)?",
                ["\(amount) for the whole request", "\(amount) per \(line.item)"])
        }
        if let earliest = dates.min(by: { $0.date < $1.date }) {
            result.needBy = earliest.date
            if Set(dates.map(\.date)).count > 1 {
                result.warnings.append("Several dates were given; the earliest (\(earliest.date.iso)) is used as the need-by date.")
            }
            if earliest.date < today {
                ask("need_by", nil, "The date \(earliest.date.iso) is in the past. When do you need the items?", [])
            }
        }
        var lineQuestions = 0
        var unaskedLines = 0
        for (index, draft) in drafts.enumerated() {
            var confidence = draft.confidence
            let questionsBefore = result.questions.count
            if !draft.knownNoun { confidence -= 0.1 }
            if !draft.quantityExplicit {
                if draft.plural {
                    confidence = min(confidence, 0.4)
                    ask("quantity", index, "How many \(draft.item) do you need? (\"\(draft.item)\" was written without a number.)", ["1"])
                } else {
                    confidence = min(confidence, 0.7)
                }
            }
            if let fuzzy = draft.fuzzy {
                if fuzzy == "couple" {
                    confidence = min(confidence, 0.7)
                } else {
                    confidence = min(confidence, 0.45)
                    ask(
                        "quantity", index, "\"\(fuzzy.capitalized)\" \(draft.item): how many exactly? (\(draft.quantity) was assumed.)",
                        [String(draft.quantity)])
                }
            }
            if result.questions.count > questionsBefore {
                lineQuestions += 1
                if lineQuestions > RequestParser.maxLineQuestions {
                    result.questions.removeLast(result.questions.count - questionsBefore)
                    unaskedLines += 1
                }
            }
            result.lines.append(
                ParsedLine(
                    item: draft.item, quantity: draft.quantity, unit: draft.unit, packSize: draft.packSize, attributes: draft.attributes,
                    maxUnitPrice: draft.maxUnitPrice, span: draft.start..<draft.end, confidence: max(0.05, min(1, confidence))))
        }
        if unaskedLines > 0 {
            ask(
                "quantity", nil,
                "\(unaskedLines) more lines have no exact quantity (1 or the usual meaning of \"a few\" was assumed). Please check the quantities.",
                [])
        }
        if truncatedLines > 0 {
            result.warnings.append(
                "Only the first \(RequestParser.maxLines) lines were read; \(truncatedLines) more lines of text were not read.")
        }
        if result.lines.isEmpty && !result.questions.contains(where: { $0.field == "language" }) {
            ask("lines", nil, "No items were found in the request. What would you like to order, and how many?", [])
        }
    }

    static func moneyText(_ money: Money) -> String { "\(money.amount.text(minimumPlaces: 0)) \(money.currency.code)" }
}
