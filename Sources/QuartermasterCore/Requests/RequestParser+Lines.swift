import Foundation

/// A comma-, "and"- or semicolon-separated part of a sentence, with parenthesised text set aside.
struct RequestPiece {
    /// Token indices in order, without the contents of parentheses.
    var idx: [Int] = []
    /// Parenthesised token runs, each with the position in `idx` it followed.
    var parens: [(at: Int, tokens: [Int])] = []
    var id: Int
}

/// A count read from the text: "20", "a dozen", "x5", "qty 4".
struct QuantityRead {
    var value: Int
    var next: Int
    var first: Int
    var isWord: Bool
    var fuzzy: String? = nil
    var unit: String? = nil
    var packSize: Int? = nil
    /// "box of 12 …" without a number: one box, implied.
    var implied = false
}

/// A unit after a count: "boxes of", "reams", "12-pack", "case of 24".
struct UnitRead {
    var code: String
    var packSize: Int?
    var next: Int
    var word: String
}

extension RequestParseRun {
    static func unitCode(_ w: String) -> String? {
        if ["dozen", "dozens", "doz", "x", "a", "an", "in", "m", "per"].contains(w) { return nil }
        if let code = RequestLexicon.extraUnits[w] { return code }
        if let unit = UnitOfMeasure(w) {
            // Bare codes only when written as the usual abbreviations.
            if w.count <= 3
                && !["ea", "pc", "pcs", "box", "kg", "g", "l", "ml", "cm", "bag", "can", "pad", "set", "rm", "ct", "cs", "pk", "bx"]
                    .contains(w)
            {
                return nil
            }
            return unit.code
        }
        return nil
    }

    /// Words that begin a plain count of containers: "box of", "pack of".
    static let containerWords: Set<String> = [
        "box", "pack", "packet", "package", "case", "carton", "ream", "pallet", "bag", "bottle", "roll", "tube", "set", "pair", "tub",
        "can", "pad", "book", "sheet", "crate", "jar", "tin", "sack", "bundle", "kit",
    ]

    /// "twenty-five", "one hundred and fifty", "two thousand" → value and the index after.
    static func numberWords(_ tokens: [RequestToken], _ i: Int, _ end: Int) -> (Int, Int)? {
        var total = 0
        var current = 0
        var k = i
        var any = false
        while k < end, !tokens[k].consumed, tokens[k].kind == .word {
            let w = tokens[k].lower
            if let dash = w.firstIndex(of: "-") {
                let a = String(w[..<dash])
                let b = String(w[w.index(after: dash)...])
                if let t = RequestLexicon.tens[a], let u = RequestLexicon.units[b], u < 10 {
                    current += t + u
                    any = true
                    k += 1
                    continue
                }
                break
            }
            if let u = RequestLexicon.units[w] {
                if any && current % 10 != 0 && current < 100 { break }
                current += u
            } else if let t = RequestLexicon.tens[w] {
                if any && current % 100 != 0 { break }
                current += t
            } else if w == "hundred" {
                current = max(current, 1) * 100
            } else if w == "thousand" {
                total += max(current, 1) * 1_000
                current = 0
            } else if w == "and" && any && k + 1 < end && !tokens[k + 1].consumed
                && (RequestLexicon.units[tokens[k + 1].lower] != nil || RequestLexicon.tens[tokens[k + 1].lower] != nil
                    || tokens[k + 1].lower.contains("-"))
                && (current >= 100 || total > 0)
            {
                k += 1
                continue
            } else {
                break
            }
            any = true
            k += 1
        }
        guard any else { return nil }
        return (total + current, k)
    }

    // MARK: - Pieces

    mutating func readLines(_ start: Int, _ end: Int, bullet: Bool) {
        // Cut at commas, semicolons, "and", "&", "+" outside parentheses.
        var raw: [(range: Range<Int>, joiner: String?)] = []
        var depth = 0
        var pieceStart = start
        var joiner: String? = nil
        for i in start..<end {
            let t = tokens[i]
            if t.kind == .symbol && (t.lower == "(" || t.lower == "[") { depth += 1 }
            if t.kind == .symbol && (t.lower == ")" || t.lower == "]") { depth = max(0, depth - 1) }
            guard depth == 0, !t.consumed else { continue }
            var separator: String? = nil
            if t.kind == .symbol && [",", ";", "|", "*"].contains(t.lower) { separator = "," }
            if (t.kind == .word && (t.lower == "and" || t.lower == "plus")) || (t.kind == .symbol && (t.lower == "&" || t.lower == "+")) {
                separator = "and"
            }
            guard let separator else { continue }
            raw.append((pieceStart..<i, joiner))
            joiner = separator
            pieceStart = i + 1
        }
        raw.append((pieceStart..<end, joiner))
        var merged: [Range<Int>] = []
        var mergedHasItem: [Bool] = []
        for piece in raw {
            let numberAcross =
                piece.range.lowerBound > start && piece.range.lowerBound >= 2
                && ["hundred", "thousand"].contains(tokens[piece.range.lowerBound - 2].lower)
            // Whether the merged piece so far has an item is kept as it grows (no rescans: linear).
            if piece.joiner == "and", let last = merged.last,
                numberAcross || !(mergedHasItem[merged.count - 1] && pieceStartsItem(piece.range))
            {
                merged[merged.count - 1] = last.lowerBound..<piece.range.upperBound
                mergedHasItem[merged.count - 1] = mergedHasItem[merged.count - 1] || pieceHasItem(piece.range)
            } else {
                merged.append(piece.range)
                mergedHasItem.append(pieceHasItem(piece.range))
            }
        }
        for range in merged where !range.isEmpty {
            if drafts.count >= RequestParser.maxLines {
                truncatedLines += 1
                continue
            }
            parsePiece(range, bullet: bullet)
        }
    }

    func pieceHasItem(_ range: Range<Int>) -> Bool {
        for i in range where !tokens[i].consumed {
            if tokens[i].kind == .number, tokens[i].intValue != nil, tokens[i].suffix.isEmpty || tokens[i].suffix == "x" { return true }
            if tokens[i].kind == .word {
                let w = tokens[i].lower
                if RequestLexicon.productNouns.contains(RequestLexicon.singular(w)) && !RequestLexicon.attributeWords.contains(w) {
                    return true
                }
                if RequestLexicon.units[w] != nil || w == "a" || w == "an" || w == "dozen" || w.hasPrefix("x") && Int(w.dropFirst()) != nil
                {
                    return true
                }
            }
        }
        return false
    }

    func pieceStartsItem(_ range: Range<Int>) -> Bool {
        var words: [String] = []
        for i in range {
            let t = tokens[i]
            if t.consumed || t.kind == .symbol {
                if words.isEmpty { continue }
                break
            }
            if words.isEmpty {
                if t.kind == .number && t.intValue != nil { return true }
                if ["a", "an", "some", "another", "more"].contains(t.lower) || RequestLexicon.units[t.lower] != nil
                    || RequestLexicon.tens[t.lower] != nil
                    || t.lower == "dozen" || t.lower == "couple" || t.lower == "few" || t.lower == "several"
                {
                    return true
                }
                if t.lower.hasPrefix("x"), Int(t.lower.dropFirst()) != nil { return true }
            }
            if !words.isEmpty && RequestLexicon.postModifiers.contains(t.lower) { break }
            // "fire blankets x 2": a name followed by its count.
            if !words.isEmpty,
                t.lower == "x" || t.lower == "\u{00D7}" || (t.lower.hasPrefix("x") && Int(t.lower.dropFirst()) != nil)
                    || (t.kind == .number && t.intValue != nil && t.suffix.isEmpty)
            {
                return !RequestLexicon.attributeWords.contains(words[words.count - 1])
            }
            words.append(t.lower)
        }
        guard let last = words.last else { return false }
        return RequestLexicon.productNouns.contains(RequestLexicon.singular(last)) || Self.unitCode(last) != nil
    }

    func buildPiece(_ range: Range<Int>) -> RequestPiece {
        var piece = RequestPiece(id: pieceCount)
        var i = range.lowerBound
        while i < range.upperBound {
            let t = tokens[i]
            if t.kind == .symbol && (t.lower == "(" || t.lower == "[") {
                var depth = 1
                var k = i + 1
                var inner: [Int] = []
                while k < range.upperBound {
                    if tokens[k].lower == "(" || tokens[k].lower == "[" { depth += 1 }
                    if tokens[k].lower == ")" || tokens[k].lower == "]" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    inner.append(k)
                    k += 1
                }
                let live = inner.filter { !tokens[$0].consumed }
                // "(3)" is a count; anything else qualifies the line.
                if live.count == 1, tokens[live[0]].kind == .number, tokens[live[0]].intValue != nil, tokens[live[0]].suffix.isEmpty {
                    piece.idx.append(live[0])
                } else if !inner.isEmpty {
                    piece.parens.append((piece.idx.count, inner))
                }
                i = k + 1
                continue
            }
            piece.idx.append(i)
            i += 1
        }
        return piece
    }

    /// Is position `p` a boundary inside the piece? Soft boundaries (":" "-") may sit between an item and its count.
    func boundary(_ piece: RequestPiece, _ p: Int) -> (hard: Bool, soft: Bool) {
        let t = tokens[piece.idx[p]]
        if t.consumed { return (true, false) }
        if t.kind == .symbol {
            if [":", "-", "=", "\u{2192}", "~", "#"].contains(t.lower) { return (false, true) }
            return (true, false)
        }
        return (false, false)
    }

    func isBoundary(_ piece: RequestPiece, _ p: Int) -> Bool {
        let b = boundary(piece, p)
        return b.hard || b.soft
    }

    func lower(_ piece: RequestPiece, _ p: Int) -> String? {
        guard p >= 0, p < piece.idx.count else { return nil }
        let t = tokens[piece.idx[p]]
        return t.consumed ? nil : t.lower
    }

    // MARK: - Counts and units

    static let notCountAfter: Set<String> = [
        "#", "size", "model", "no", "no.", "number", "room", "floor", "level", "version", "gen", "generation", "series", "type", "ref",
        "part", "sku", "page", "step", "line", "hp", "usb", "windows", "iphone", "ipad", "galaxy", "mark", "mk", "v", "ver", "rev",
        "suite", "unit", "pixel", "ps", "xbox", "office", "apartment", "flat", "building", "desk", "bay", "gate", "platform",
    ]
    static let pronounsBeforeOne: Set<String> = [
        "the", "this", "that", "old", "new", "each", "every", "any", "no", "which", "other", "another", "same", "right", "wrong", "big",
        "small", "last", "first", "next", "quick", "only", "one", "a", "good", "better", "best", "cheap", "cheaper", "nice", "broken",
        "current", "blue", "black", "red", "white", "green",
    ]

    func readQuantity(_ piece: RequestPiece, _ p: Int) -> QuantityRead? {
        guard let w = lower(piece, p), !isBoundary(piece, p) else { return nil }
        let t = tokens[piece.idx[p]]
        let count = piece.idx.count
        func integer(_ q: Int) -> Int? {
            guard q < count, let _ = lower(piece, q) else { return nil }
            let n = tokens[piece.idx[q]]
            guard n.kind == .number, n.suffix.isEmpty || n.suffix == "x", let v = n.intValue, v > 0, v <= 1_000_000 else { return nil }
            return v
        }
        if t.kind == .word {
            // qty 4, qty: 4, quantity - 4
            if w == "qty" || w == "quantity" || w == "qty." {
                var q = p + 1
                while q < count, boundary(piece, q).soft { q += 1 }
                if let v = integer(q) { return QuantityRead(value: v, next: q + 1, first: p, isWord: false) }
                return nil
            }
            // x5, x 5, × 5
            if w == "x" || w == "\u{00D7}" {
                if let v = integer(p + 1), !measureFollows(piece, p + 2) {
                    return QuantityRead(value: v, next: p + 2, first: p, isWord: false)
                }
                return nil
            }
            if w.hasPrefix("x"), w.count <= 8, let v = Int(w.dropFirst()), v > 0, v <= 1_000_000 {
                return QuantityRead(value: v, next: p + 1, first: p, isWord: false)
            }
            if w.hasPrefix("\u{00D7}"), let v = Int(w.unicodeScalars.dropFirst().map(String.init).joined()), v > 0 {
                return QuantityRead(value: v, next: p + 1, first: p, isWord: false)
            }
            return wordQuantity(piece, p)
        }
        if t.kind == .symbol && t.lower == "\u{00D7}" {
            if let v = integer(p + 1) { return QuantityRead(value: v, next: p + 2, first: p, isWord: false) }
            return nil
        }
        guard t.kind == .number, let v = t.intValue, v > 0, v <= 1_000_000 else { return nil }
        if p > 0, let before = lower(piece, p - 1), Self.notCountAfter.contains(before) { return nil }
        if t.raw.contains(".") && !t.isInteger { return nil }
        var read = QuantityRead(value: v, next: p + 1, first: p, isWord: false)
        switch t.suffix {
        case "", "x", "-x":
            if t.suffix.isEmpty {
                if measureFollows(piece, p + 1) { return nil }
                // 8 x 11 in: a size.
                if lower(piece, p + 1) == "x", p + 2 < count, tokens[piece.idx[p + 2]].kind == .number, measureFollows(piece, p + 3) {
                    return nil
                }
            }
        case "pcs", "pc", "units", "ea":
            read.unit = "EA"
        default:
            if let code = RequestLexicon.bulkMeasures[t.suffix] {
                read.unit = code
            } else if let code = Self.unitCode(t.suffix), t.suffix.count >= 2, !["-inch"].contains(t.suffix) {
                if t.suffix == "pk" || t.suffix == "-pk" || t.suffix == "pack" || t.suffix == "-pack" { return nil }
                read.unit = code
            } else {
                return nil
            }
        }
        // "3 dozen"
        if lower(piece, read.next) == "dozen" {
            read.value *= 12
            read.next += 1
            if lower(piece, read.next) == "of" { read.next += 1 }
        }
        return read
    }

    func measureFollows(_ piece: RequestPiece, _ q: Int) -> Bool {
        guard let next = lower(piece, q) else { return false }
        if next == "in" {
            // "27 in monitor" vs "5 in stock": a size only when a noun follows.
            guard let after = lower(piece, q + 1) else { return false }
            return RequestLexicon.productNouns.contains(RequestLexicon.singular(after))
        }
        return RequestLexicon.measureWords.contains(next) || next == "\""
    }

    func wordQuantity(_ piece: RequestPiece, _ p: Int) -> QuantityRead? {
        guard let w = lower(piece, p) else { return nil }
        let i = piece.idx[p]
        func at(_ q: Int) -> String? { lower(piece, q) }
        switch w {
        case "a", "an":
            if at(p + 1) == "dozen" { return QuantityRead(value: 12, next: at(p + 2) == "of" ? p + 3 : p + 2, first: p, isWord: true) }
            if at(p + 1) == "couple" {
                return QuantityRead(value: 2, next: at(p + 2) == "of" ? p + 3 : p + 2, first: p, isWord: true, fuzzy: "couple")
            }
            if at(p + 1) == "few" { return QuantityRead(value: 3, next: p + 2, first: p, isWord: true, fuzzy: "a few") }
            if at(p + 1) == "hundred" || at(p + 1) == "thousand", let (n, next) = Self.numberWords(tokens, piece.idx[p + 1], tokens.count) {
                let used = next - piece.idx[p + 1]
                return QuantityRead(value: n, next: p + 1 + used, first: p, isWord: true)
            }
            if at(p + 1) == "pair" || at(p + 1) == "set" || at(p + 1) == "lot" || at(p + 1) == "bit" || at(p + 1) == "bunch" {
                if at(p + 1) == "lot" || at(p + 1) == "bit" || at(p + 1) == "bunch" { return nil }
            }
            return QuantityRead(value: 1, next: p + 1, first: p, isWord: true)
        case "half":
            if at(p + 1) == "a" && at(p + 2) == "dozen" {
                return QuantityRead(value: 6, next: at(p + 3) == "of" ? p + 4 : p + 3, first: p, isWord: true)
            }
            return nil
        case "couple":
            return QuantityRead(value: 2, next: at(p + 1) == "of" ? p + 2 : p + 1, first: p, isWord: true, fuzzy: "couple")
        case "few":
            return QuantityRead(value: 3, next: p + 1, first: p, isWord: true, fuzzy: "a few")
        case "several":
            return QuantityRead(value: 3, next: p + 1, first: p, isWord: true, fuzzy: "several")
        case "dozen":
            return QuantityRead(value: 12, next: at(p + 1) == "of" ? p + 2 : p + 1, first: p, isWord: true)
        default:
            break
        }
        if w == "one", p > 0, let before = at(p - 1), Self.pronounsBeforeOne.contains(before) { return nil }
        guard RequestLexicon.units[w] != nil || RequestLexicon.tens[w] != nil || w.contains("-") || w == "hundred" else { return nil }
        // Number words are read over the piece's own tokens (they are contiguous).
        var end = i
        var q = p
        while q < piece.idx.count, q - p < 12, piece.idx[q] == end, !tokens[end].consumed {
            end += 1
            q += 1
        }
        guard let (n, next) = Self.numberWords(tokens, i, end), n > 0 else { return nil }
        var read = QuantityRead(value: n, next: p + (next - i), first: p, isWord: true)
        if at(read.next) == "dozen" {
            read.value *= 12
            read.next += 1
            if at(read.next) == "of" { read.next += 1 }
        }
        return read
    }

    /// A unit right after a count: "reams", "boxes of", "12-pack", "case of 24".
    func readUnit(_ piece: RequestPiece, _ p: Int) -> UnitRead? {
        guard let w = lower(piece, p), !isBoundary(piece, p) else { return nil }
        let t = tokens[piece.idx[p]]
        var read: UnitRead
        if t.kind == .number, let n = t.intValue, ["-pack", "pack", "pk", "-pk", "-pc", "-piece", "-count", "ct", "-ct"].contains(t.suffix)
        {
            read = UnitRead(code: "PK", packSize: n, next: p + 1, word: "pack")
        } else if t.kind == .number, let n = t.intValue, n > 1, lower(piece, p + 1) == "pack" || lower(piece, p + 1) == "pk" {
            read = UnitRead(code: "PK", packSize: n, next: p + 2, word: "pack")
        } else if t.kind == .word, let code = Self.unitCode(w) {
            read = UnitRead(code: code, packSize: nil, next: p + 1, word: w)
        } else {
            return nil
        }
        if lower(piece, read.next) == "of" {
            read.next += 1
            // "box of 12 pens", "pack of 100"
            if let n = read.packSize == nil ? packCount(piece, read.next) : nil {
                read.packSize = n
                read.next += 1
            }
        }
        return read
    }

    func packCount(_ piece: RequestPiece, _ p: Int) -> Int? {
        guard let _ = lower(piece, p) else { return nil }
        let t = tokens[piece.idx[p]]
        guard t.kind == .number, t.suffix.isEmpty, let n = t.intValue, n > 1, n <= 100_000 else { return nil }
        if measureFollows(piece, p + 1) { return nil }
        return n
    }

    /// "box of 100 paper clips", "12-pack of highlighters", "pack of 12": a container without a count.
    func readUnitFirst(_ piece: RequestPiece, _ p: Int) -> (QuantityRead, UnitRead)? {
        guard let w = lower(piece, p), !isBoundary(piece, p) else { return nil }
        let t = tokens[piece.idx[p]]
        let isPackToken = t.kind == .number && t.intValue != nil && ["-pack", "pack", "pk", "-pk"].contains(t.suffix)
        guard isPackToken || (t.kind == .word && Self.containerWords.contains(RequestLexicon.singular(w)) && lower(piece, p + 1) == "of")
        else {
            return nil
        }
        guard let unit = readUnit(piece, p) else { return nil }
        let quantity = QuantityRead(value: 1, next: p, first: p, isWord: true, implied: true)
        return (quantity, unit)
    }

    // MARK: - Phrases

    /// Content tokens from `p` up to a boundary or the start of another count.
    func readContent(_ piece: RequestPiece, _ p: Int, stopAtCounts: Bool = true) -> [Int] {
        var out: [Int] = []
        var q = p
        while q < piece.idx.count, !isBoundary(piece, q) {
            let t = tokens[piece.idx[q]]
            guard t.kind == .word || t.kind == .number else { break }
            if stopAtCounts, !out.isEmpty, let next = readQuantity(piece, q), !next.isWord || (next.value > 1 && next.fuzzy == nil) {
                if !next.isWord || t.kind == .number { break }
            }
            out.append(q)
            q += 1
        }
        return out
    }

    /// The words naming the thing before a trailing count, crossing ":" and "-" when what is next to the count
    /// is only chatter ("coffee pods - could someone order 10 boxes").
    func phraseBefore(_ piece: RequestPiece, from: Int, to: Int) -> [Int]? {
        var q = to - 1
        while q >= from {
            // Skip soft boundaries and "x" just before the count.
            while q >= from, boundary(piece, q).soft || lower(piece, q) == "x" { q -= 1 }
            guard q >= from, !boundary(piece, q).hard else { return nil }
            // Names are short: look back at most 16 words (keeps long chatter linear).
            var chunk: [Int] = []
            while q >= from, !isBoundary(piece, q), chunk.count < 16 {
                let t = tokens[piece.idx[q]]
                guard t.kind == .word || t.kind == .number else { break }
                chunk.append(q)
                q -= 1
            }
            chunk.reverse()
            let stripped = stripIntro(piece, chunk)
            if !stripped.isEmpty { return stripped }
            if q >= from, boundary(piece, q).hard { return nil }
        }
        return nil
    }

    func stripIntro(_ piece: RequestPiece, _ chunk: [Int]) -> [Int] {
        var start = 0
        while start < chunk.count, let w = lower(piece, chunk[start]), RequestLexicon.introWords.contains(w) { start += 1 }
        return Array(chunk[start...])
    }

    struct ItemName {
        var item: String
        var head: String
        var plural: Bool
        var attributes: [String]
        var attributeOnly: Bool
        var known: Bool
        var nonItem: Bool
        /// The word after the name, when the name ended at a verb ("printer is out of ink").
        var endsAtVerb: Bool
        var firstToken: Int
        var lastToken: Int
    }

    static let auxiliaries: Set<String> = [
        "is", "are", "was", "were", "has", "have", "had", "will", "should", "would", "can", "could", "must", "broke", "broken", "keeps",
        "isn't", "aren't", "doesn't", "don't", "won't", "stopped", "died", "ran", "runs",
    ]

    func wordText(_ token: RequestToken) -> String {
        if token.kind == .number {
            var text = token.raw.lowercased()
            for quote in ["\"", "\u{201D}", "\u{2033}"] where text.hasSuffix(quote) {
                text = String(text.dropLast()) + "-inch"
            }
            return text
        }
        return token.lower
    }

    /// Normalises the words at `positions`: fillers off both ends, qualifiers after "with", "for", … set aside,
    /// trailing colours and sizes moved to attributes, last word singular.
    func name(_ piece: RequestPiece, _ positions: [Int]) -> ItemName? {
        guard !positions.isEmpty else { return nil }
        var words = positions.map { (p: $0, text: wordText(tokens[piece.idx[$0]])) }
        // "27 inch" → "27-inch"
        var merged: [(p: Int, text: String)] = []
        for entry in words {
            if let last = merged.last, ["inch", "inches"].contains(entry.text), tokens[piece.idx[last.p]].kind == .number {
                merged[merged.count - 1].text = last.text + "-inch"
            } else {
                merged.append(entry)
            }
        }
        words = merged
        while let first = words.first,
            RequestLexicon.leadingFillers.contains(first.text)
                || RequestLexicon.introWords.contains(first.text) && words.count > 1
                    && !RequestLexicon.productNouns.contains(RequestLexicon.singular(first.text)) && first.text != "a4"
        {
            words.removeFirst()
        }
        guard !words.isEmpty else { return nil }
        // Qualifiers: from the first post-modifier on.
        var modifier: [String] = []
        var endsAtVerb = false
        if let cut = words.indices.dropFirst().first(where: {
            RequestLexicon.postModifiers.contains(words[$0].text) || Self.auxiliaries.contains(words[$0].text)
        }) {
            endsAtVerb = Self.auxiliaries.contains(words[cut].text)
            modifier = words[cut...].map(\.text)
            words.removeSubrange(cut...)
        }
        while let last = words.last, RequestLexicon.trailingFillers.contains(last.text), words.count > 1 { words.removeLast() }
        if let last = words.last, RequestLexicon.trailingFillers.contains(last.text) || RequestLexicon.leadingFillers.contains(last.text) {
            words.removeLast()
        }
        guard !words.isEmpty else { return nil }
        var attributes: [String] = []
        func isAttribute(_ text: String) -> Bool {
            RequestLexicon.attributeWords.contains(text) || RequestLexicon.colours.contains(text)
                || RequestLexicon.paperSizes.contains(text)
                || Self.isMeasure(text)
        }
        let attributeOnly = words.allSatisfy { isAttribute($0.text) }
        // Trailing sizes and colours ("paper A4", "pens blue") belong to the attributes.
        var trailing: [String] = []
        while words.count > 1, let last = words.last,
            RequestLexicon.colours.contains(last.text) || RequestLexicon.paperSizes.contains(last.text) || Self.isMeasure(last.text),
            words.dropLast().contains(where: { !isAttribute($0.text) })
        {
            trailing.insert(last.text, at: 0)
            words.removeLast()
        }
        var texts = words.map(\.text)
        let lastWord = texts[texts.count - 1]
        let head = RequestLexicon.singular(lastWord)
        let plural = head != lastWord
        texts[texts.count - 1] = head
        // Attributes: colours, sizes, specs and qualities in the name, then the trailing ones, then the qualifiers.
        var k = 0
        while k < texts.count - (attributeOnly ? 0 : 1) {
            let text = texts[k]
            if k + 1 < texts.count, ["tip", "point", "nib"].contains(texts[k + 1]),
                ["fine", "medium", "bold", "broad", "chisel", "extra-fine", "ultra-fine"].contains(text)
            {
                attributes.append(text + " " + texts[k + 1])
                k += 2
                continue
            }
            if RequestLexicon.colours.contains(text) || RequestLexicon.paperSizes.contains(text) || Self.isMeasure(text)
                || (RequestLexicon.attributeWords.contains(text) && !Self.fillerAttributes.contains(text))
            {
                attributes.append(text)
            }
            k += 1
        }
        attributes.append(contentsOf: trailing)
        if !modifier.isEmpty {
            let cleaned = modifier.filter { !["the", "a", "an", "please", "pls", "thanks", "asap", "if", "possible"].contains($0) }
            if let firstWord = cleaned.first, ["with", "without", "in", "for", "that", "which"].contains(firstWord), cleaned.count > 1 {
                attributes.append(cleaned.joined(separator: " "))
            }
        }
        var seen = Set<String>()
        attributes = attributes.filter { seen.insert($0).inserted }
        let known =
            RequestLexicon.productNouns.contains(head)
            || head.split(separator: "-").last.map { RequestLexicon.productNouns.contains(RequestLexicon.singular(String($0))) } == true
        let nonItem = RequestLexicon.nonItemNouns.contains(head) || RequestLexicon.nonItemNouns.contains(lastWord)
        return ItemName(
            item: texts.joined(separator: " "), head: head, plural: plural, attributes: attributes, attributeOnly: attributeOnly,
            known: known, nonItem: nonItem, endsAtVerb: endsAtVerb, firstToken: piece.idx[words.first!.p],
            lastToken: piece.idx[words.last!.p])
    }

    static let fillerAttributes: Set<String> = [
        "if", "possible", "and", "or", "the", "a", "any", "kind", "type", "style", "model", "brand", "same", "as", "before", "usual",
        "please", "preferably", "ideally", "in", "with", "without", "one", "ones", "each", "total", "pack", "box", "of", "for", "them",
        "all", "too", "also", "thanks", "not", "no", "but", "only", "just", "both", "either", "it", "kinds", "types", "size", "tip",
        "point", "nib", "ream", "gsm", "mm", "good", "quality", "new", "extra", "super",
    ]

    static func isMeasure(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("0"..."9").contains(first) else { return false }
        let letters = String(text.drop(while: { $0.isNumber || $0 == "." || $0 == "," }))
        let unit = letters.hasPrefix("-") ? String(letters.dropFirst()) : letters
        return RequestLexicon.measureWords.contains(unit)
            || ["gsm", "inch", "mm", "cm", "gb", "tb", "mb", "w", "v", "mah", "m", "ft", "oz", "l", "ml", "kg", "g"].contains(unit)
            || unit.hasSuffix("drawer") || unit.hasSuffix("port") || unit.hasSuffix("ring") || unit.hasSuffix("seater")
            || unit.hasSuffix("sheet")
    }

    // MARK: - Lines from a piece

    mutating func parsePiece(_ range: Range<Int>, bullet: Bool) {
        let piece = buildPiece(range)
        pieceCount += 1
        for i in range { pieceOfToken[i] = piece.id }
        let count = piece.idx.count
        var p = 0
        var pendingStart = 0
        let before = drafts.count
        while p < count {
            if isBoundary(piece, p) {
                p += 1
                continue
            }
            var quantity = readQuantity(piece, p)
            var unit: UnitRead? = nil
            if quantity == nil, let (q, u) = readUnitFirst(piece, p) {
                quantity = q
                unit = u
            }
            guard var q = quantity else {
                p += 1
                continue
            }
            var k = unit?.next ?? q.next
            if unit == nil {
                var skip = k
                if lower(piece, skip) == "x" || lower(piece, skip) == "\u{00D7}" { skip += 1 }
                if q.unit == nil, let u = readUnit(piece, skip) {
                    unit = u
                    k = u.next
                } else if skip > k {
                    k = skip
                }
            } else if lower(piece, k) == "x" {
                k += 1
            }
            // Content right after the count (digits may cross ":" or "-": "Qty 4 - office chairs").
            var contentStart = k
            if !q.isWord { while contentStart < count, boundary(piece, contentStart).soft { contentStart += 1 } }
            // "box of 100 paper clips x5": the count after the container.
            var content = readContent(piece, contentStart)
            if let first = content.first, let w = lower(piece, first),
                Self.auxiliaries.contains(w) || RequestLexicon.postModifiers.contains(w) && w != "of"
            {
                content = []
            }
            let afterOf = unit != nil && contentStart > 0 && lower(piece, contentStart - 1) == "of"
            if !content.isEmpty, let named = name(piece, content), !named.nonItem, !named.attributeOnly || afterOf {
                if q.implied, let last = content.last, let after = readQuantity(piece, last + 1), !after.isWord {
                    q = QuantityRead(value: after.value, next: after.next, first: q.first, isWord: false)
                    addLine(piece, q, unit, named, span: piece.idx[min(p, q.first)], piece.idx[max(after.next - 1, last)], bullet: bullet)
                    p = after.next
                } else {
                    addLine(piece, q, unit, named, span: piece.idx[q.first], piece.idx[content.last!], bullet: bullet)
                    p = content.last! + 1
                }
                pendingStart = p
                continue
            }
            if !content.isEmpty, let named = name(piece, content), named.nonItem, q.isWord || !q.implied {
                // "five people", "the ones": not a line.
                p = content.last! + 1
                pendingStart = p
                continue
            }
            if q.isWord && !q.implied && unit == nil {
                // Number words need a noun after them.
                p += 1
                continue
            }
            let after = max(k, q.next)
            if let phrase = phraseBefore(piece, from: pendingStart, to: q.first), let named = name(piece, phrase), !named.nonItem {
                if named.attributeOnly {
                    attach(
                        piece, q, unit, attributes: named.attributes, start: piece.idx[phrase.first!],
                        end: piece.idx[max(after - 1, q.first)])
                } else {
                    addLine(piece, q, unit, named, span: piece.idx[phrase.first!], piece.idx[max(after - 1, q.first)], bullet: bullet)
                }
            } else {
                attach(piece, q, unit, attributes: [], start: piece.idx[q.first], end: piece.idx[max(after - 1, q.first)])
            }
            p = after
            pendingStart = p
        }
        if pendingStart < count { phraseWithoutCount(piece, pendingStart, bullet: bullet) }
        // Parenthesised qualifiers go to the line they follow (or the piece's first line).
        for paren in piece.parens {
            let live = paren.tokens.filter { !tokens[$0].consumed }
            guard !live.isEmpty else { continue }
            let tokenBefore = paren.at > 0 ? piece.idx[paren.at - 1] : piece.idx.first ?? 0
            guard drafts.count > before || drafts.last != nil else { continue }
            let target =
                drafts.indices.last(where: { $0 >= before && drafts[$0].firstToken <= tokenBefore })
                ?? (drafts.count > before ? before : drafts.count - 1)
            applyParen(live, to: target)
        }
    }

    /// "(box of 500)", "(10 reams each)", "(A5, lined)", "(black, with armrests)".
    mutating func applyParen(_ live: [Int], to target: Int) {
        var groups: [[Int]] = [[]]
        for i in live {
            if tokens[i].lower == "," || tokens[i].lower == ";" {
                groups.append([])
            } else {
                groups[groups.count - 1].append(i)
            }
        }
        for group in groups where !group.isEmpty {
            let words = group.map { wordText(tokens[$0]) }
            // A pack size: "box of 500", "10 reams each", "100 bags", "12 per box"
            if let n = group.first.flatMap({ tokens[$0].kind == .number ? tokens[$0].intValue : nil }), tokens[group[0]].suffix.isEmpty,
                n > 1,
                words.count >= 2, Self.unitCode(words[1]) != nil || ["per", "in", "each"].contains(words[1])
            {
                if drafts[target].packSize == nil { drafts[target].packSize = n }
                continue
            }
            if words.count >= 3, Self.unitCode(words[0]) != nil, words[1] == "of", let n = tokens[group[2]].intValue {
                if drafts[target].packSize == nil { drafts[target].packSize = n }
                continue
            }
            let text = words.filter { !["the", "a", "an", "please", "pls"].contains($0) && $0 != "-" }.joined(separator: " ")
            guard !text.isEmpty, text.count <= 60, group.allSatisfy({ tokens[$0].kind != .symbol || tokens[$0].lower == "-" }) else {
                continue
            }
            if !drafts[target].attributes.contains(text) { drafts[target].attributes.append(text) }
        }
        drafts[target].end = max(drafts[target].end, live.map { tokens[$0].end }.max() ?? 0)
    }

    /// A phrase with no count: an item when it names a product ("printer paper", "pens"), qualifiers of the line before
    /// when it is only qualities ("Yellow and green if possible"), otherwise chatter.
    mutating func phraseWithoutCount(_ piece: RequestPiece, _ from: Int, bullet: Bool) {
        var q = from
        let count = piece.idx.count
        while q < count {
            while q < count, isBoundary(piece, q) { q += 1 }
            var chunk: [Int] = []
            while q < count, !isBoundary(piece, q) {
                let t = tokens[piece.idx[q]]
                if (t.kind == .word || t.kind == .number) && chunk.count < 64 { chunk.append(q) }
                q += 1
            }
            let stripped = stripIntro(piece, chunk)
            guard !stripped.isEmpty else { continue }
            guard let named = name(piece, stripped), !named.nonItem, !named.endsAtVerb else { return }
            if named.attributeOnly {
                if let last = drafts.indices.last {
                    for attribute in named.attributes where !drafts[last].attributes.contains(attribute) {
                        drafts[last].attributes.append(attribute)
                    }
                    drafts[last].end = max(drafts[last].end, tokens[piece.idx[stripped.last!]].end)
                }
                return
            }
            let wordCount = named.item.split(separator: " ").count
            let chatty = stripped.count < chunk.count
            guard named.known || (bullet && !chatty && wordCount <= 4) else { return }
            guard wordCount <= 6 else { return }
            let quantity = QuantityRead(value: 1, next: stripped.first!, first: stripped.first!, isWord: true, implied: true)
            addLine(
                piece, quantity, nil, named, span: piece.idx[stripped.first!], piece.idx[stripped.last!], bullet: bullet, explicit: false)
            return
        }
    }

    mutating func addLine(
        _ piece: RequestPiece, _ q: QuantityRead, _ unit: UnitRead?, _ named: ItemName, span first: Int, _ last: Int, bullet: Bool,
        explicit: Bool? = nil
    ) {
        guard drafts.count < RequestParser.maxLines else {
            truncatedLines += 1
            return
        }
        let isExplicit = explicit ?? !q.implied
        var confidence = 0.95
        if !named.known { confidence -= 0.05 }
        if q.implied && isExplicit == false && unit != nil { confidence = 0.85 }
        let start = min(tokens[first].start, tokens[named.firstToken].start)
        let end = max(tokens[last].end, tokens[named.lastToken].end)
        drafts.append(
            LineDraft(
                item: named.item, quantity: q.value, quantityExplicit: isExplicit || unit != nil, unit: unit?.code ?? q.unit ?? "EA",
                packSize: unit?.packSize ?? q.packSize, attributes: named.attributes, maxUnitPrice: nil, start: start, end: end,
                confidence: confidence, plural: named.plural && unit == nil, fuzzy: q.fuzzy, knownNoun: named.known,
                firstToken: min(first, named.firstToken), lastToken: max(last, named.lastToken), piece: piece.id,
                impliedCount: q.implied))
    }

    /// A count (and unit) with no name of its own belongs to the line before when that line had no count:
    /// "AA batteries, 4 packs", "chairs under $300 each, 8 of them", "box of 100 paper clips x5".
    mutating func attach(_ piece: RequestPiece, _ q: QuantityRead, _ unit: UnitRead?, attributes: [String], start: Int, end: Int) {
        guard let last = drafts.indices.last else {
            if let unit, !q.implied {
                // "10 boxes" on its own: the container is the item.
                let item = RequestLexicon.singular(unit.word)
                drafts.append(
                    LineDraft(
                        item: item, quantity: q.value, quantityExplicit: true, unit: "EA", packSize: unit.packSize, attributes: [],
                        maxUnitPrice: nil, start: tokens[start].start, end: tokens[end].end, confidence: 0.5, plural: false, fuzzy: nil,
                        knownNoun: false, firstToken: start, lastToken: end, piece: piece.id, impliedCount: false))
            }
            return
        }
        var draft = drafts[last]
        if q.implied {
            // "pack of 12" after a line: its unit.
            if let unit, draft.unit == "EA" {
                draft.unit = unit.code
                draft.packSize = unit.packSize ?? draft.packSize
                draft.plural = false
            }
        } else if draft.impliedCount || !draft.quantityExplicit {
            draft.quantity = q.value
            draft.quantityExplicit = true
            draft.impliedCount = false
            draft.plural = false
            draft.fuzzy = nil
            if let unit {
                if draft.unit == "EA" || draft.impliedCount {
                    draft.unit = unit.code
                }
                draft.packSize = unit.packSize ?? draft.packSize
            } else if let code = q.unit {
                draft.unit = code
            }
            draft.confidence = min(draft.confidence, 0.85)
        } else {
            return
        }
        for attribute in attributes where !draft.attributes.contains(attribute) { draft.attributes.append(attribute) }
        draft.end = max(draft.end, tokens[end].end)
        draft.lastToken = max(draft.lastToken, end)
        drafts[last] = draft
    }
}
