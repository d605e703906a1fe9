import Foundation

extension RequestParseRun {
    /// Reads money, dates, vendors and places. A sentence flagged as an instruction to the system is still read
    /// literally, but its budget only counts when no other sentence gives one.
    mutating func readConstraints(_ start: Int, _ end: Int, flagged: Bool) {
        let applied = true
        readMoney(start, end, applied: applied, flagged: flagged)
        readDates(start, end, applied: applied)
        readVendors(start, end, applied: applied)
        readPlaces(start, end, applied: applied)
    }

    // MARK: - Money

    static let moneyCuesBefore: Set<String> = [
        "budget", "budget's", "budgeted", "is", "of", "about", "around", "approx", "approximately", "roughly", "~", "under", "max",
        "max.", "maximum", "up", "to", "no", "not", "more", "than", "less", "lower", "below", "at", "most", "\u{2264}", "<", "<=",
        "price", "priced", "cost", "costs", "costing", "spend", "spending", "can", "total", "overall", "keep", "it", "must", "be",
        "@", "limit", "cap", "capped", "ceiling", "within", "cheaper", "ideally", "only", "we", "just", "the", "a", "an", ":", "is:",
        "should", "for", "around",
    ]
    static let budgetMarkers: Set<String> = [
        "budget", "budgeted", "total", "overall", "altogether", "spend", "spending", "lot", "everything", "combined", "all-in", "whole",
    ]
    static let strongMoneyCues: Set<String> = [
        "budget", "budget's", "budgeted", "under", "max", "maximum", "below", "most", "\u{2264}", "<", "<=", "price", "priced", "cost",
        "costs", "costing", "spend", "spending", "cap", "capped", "ceiling", "cheaper", "limit",
    ]

    struct MoneyMatch {
        var amount: FixedDecimal
        var currency: CurrencyCode
        var first: Int
        var next: Int
        var perUnitSuffix = false
    }

    func currency(for symbol: String) -> CurrencyCode? {
        if symbol == "$" {
            return RequestLexicon.dollarCurrencies.contains(context.defaultCurrency.code) ? context.defaultCurrency : CurrencyCode("USD")
        }
        return CurrencyCode(symbol)
    }

    /// A number token as an amount: "2,000", "1.5k", "600,00", and "1 500" (two tokens).
    func amount(_ i: Int, _ end: Int, allowMillions: Bool) -> (FixedDecimal, Int, Bool)? {
        guard word(i, end) != nil, tokens[i].kind == .number, var value = tokens[i].value else { return nil }
        var next = i + 1
        var perUnit = false
        switch tokens[i].suffix {
        case "": break
        case "k", "k+": value = FixedDecimal(units: value.units * 1_000)
        case "m", "mn", "mil":
            guard allowMillions else { return nil }
            value = FixedDecimal(units: value.units * 1_000_000)
        case "/each", "/ea", "/unit", "/pc", "/piece", "ea", "each": perUnit = true
        case "-": break
        default: return nil
        }
        // "1 500": a group of exactly three digits after one to three digits.
        if tokens[i].suffix.isEmpty, !tokens[i].raw.contains(","), !tokens[i].raw.contains("."), tokens[i].raw.count <= 3,
            next < end, word(next, end) != nil, tokens[next].kind == .number, tokens[next].raw.count == 3,
            tokens[next].raw.allSatisfy(\.isASCIIDigit), tokens[next].suffix.isEmpty || tokens[next].suffix == "k",
            let group = tokens[next].value
        {
            value = FixedDecimal(units: value.units * 1_000 + group.units)
            next += 1
        }
        guard value.units > 0 else { return nil }
        return (value, next, perUnit)
    }

    func matchMoney(_ i: Int, _ end: Int) -> MoneyMatch? {
        guard let w = word(i, end) else { return nil }
        let token = tokens[i]
        // "$300", "€ 600,00", "US$ 50", "A$800"
        if token.kind == .symbol, let symbol = RequestLexicon.currencySymbols[w] {
            var code = currency(for: symbol)
            var first = i
            if symbol == "$", i > 0, tokens[i - 1].end == token.start, tokens[i - 1].kind == .word, !tokens[i - 1].consumed,
                let prefixed = RequestLexicon.dollarPrefixes[tokens[i - 1].lower]
            {
                code = CurrencyCode(prefixed)
                first = i - 1
            }
            guard let code, let (value, next, perUnit) = amount(i + 1, end, allowMillions: true) else { return nil }
            return MoneyMatch(amount: value, currency: code, first: first, next: next, perUnitSuffix: perUnit)
        }
        // "USD 750", "EUR 1 500"
        if token.kind == .word, let code = currencyWord(i), let (value, next, perUnit) = amount(i + 1, end, allowMillions: true),
            RequestLexicon.currencyWords[w]?.count == 3 || token.raw == token.raw.uppercased()
        {
            return MoneyMatch(amount: value, currency: code, first: i, next: next, perUnitSuffix: perUnit)
        }
        if token.kind == .number, let (value, next, perUnit) = amount(i, end, allowMillions: true) {
            // "500€", "30.00 dollars", "60 quid", "10,000 JPY"
            if let after = word(next, end) {
                if tokens[next].kind == .symbol, let symbol = RequestLexicon.currencySymbols[after], symbol != "$",
                    let code = CurrencyCode(symbol)
                {
                    return MoneyMatch(amount: value, currency: code, first: i, next: next + 1, perUnitSuffix: perUnit)
                }
                if tokens[next].kind == .word, let code = currencyWord(next) {
                    return MoneyMatch(amount: value, currency: code, first: i, next: next + 1, perUnitSuffix: perUnit)
                }
            }
            // A bare amount after a money word: "budget 2k", "under 2000 total", "we have 500 to spend".
            guard token.suffix.isEmpty || token.suffix == "k" else { return nil }
            var cue = false
            var k = i - 1
            var steps = 0
            while k >= 0, steps < 4, let before = word(k, end), tokens[k].kind != .number {
                if Self.strongMoneyCues.contains(before) || (before == "to" && word(k - 1, end) == "up") {
                    cue = true
                    break
                }
                if !Self.moneyCuesBefore.contains(before) { break }
                k -= 1
                steps += 1
            }
            if !cue, word(next, end) == "to", word(next + 1, end) == "spend" { cue = true }
            if !cue, let after = word(next, end), ["total", "overall", "budget", "max", "maximum", "tops"].contains(after),
                token.suffix == "k" || (value.units >= 100 * FixedDecimal.scale)
            {
                cue = true
            }
            guard cue else { return nil }
            // Not a count of something: "max 5 chairs".
            if let after = word(next, end), tokens[next].kind == .word,
                ![
                    "total", "overall", "budget", "max", "maximum", "each", "per", "to",
                    "for", "on", "in", "please", "tops", "all", "altogether", "a", "or", "and", "if", "apiece", "ea", "incl", "including",
                    "excluding", "ex", "plus", "net", "gross", "vat", "tax", "including", "inc", "is", "the", "but", "so", "which",
                ].contains(after)
            {
                return nil
            }
            return MoneyMatch(amount: value, currency: context.defaultCurrency, first: i, next: next, perUnitSuffix: perUnit)
        }
        return nil
    }

    func currencyWord(_ i: Int) -> CurrencyCode? {
        let token = tokens[i]
        if let mapped = RequestLexicon.currencyWords[token.lower] {
            if mapped == "$" { return currency(for: "$") }
            // "try", "won", "rand" are words too: only as codes in capitals.
            if ["try", "won", "rand", "lira", "ils", "all"].contains(token.lower) && token.raw != token.raw.uppercased() { return nil }
            return CurrencyCode(mapped)
        }
        if token.raw.count == 3, token.raw == token.raw.uppercased(), CurrencyCode.known.contains(token.raw) {
            return CurrencyCode(token.raw)
        }
        return nil
    }

    mutating func readMoney(_ start: Int, _ end: Int, applied: Bool, flagged: Bool) {
        var i = start
        while i < end {
            guard let match = matchMoney(i, end) else {
                i += 1
                continue
            }
            var first = match.first
            var next = match.next
            var perUnit = match.perUnitSuffix
            var budget = false
            // Words before: "budget", "under", "max", "@", "no more than", "price lower than".
            var k = first - 1
            while k >= start, first - k <= 5, let before = word(k, end), Self.moneyCuesBefore.contains(before) {
                if before == "@" { perUnit = true }
                if Self.budgetMarkers.contains(before) { budget = true }
                if before == "for" && !(word(k + 1, end) == "under" || word(k + 1, end) == "less" || word(k + 1, end) == "below") { break }
                if ["the", "a", "an", "we", "it", "is", "be", "can", "should", "just", "only", "ideally", "of", "to", "at", ":"].contains(
                    before),
                    !(k > start && word(k - 1, end).map { Self.moneyCuesBefore.contains($0) } == true)
                {
                    break
                }
                first = k
                k -= 1
            }
            // Budget words a little further back: "budget for the lot: $4,500", "we can spend €1,800".
            var back = first - 1
            while back >= start, first - back <= 5, tokens[back].kind != .number {
                if let before = word(back, end), Self.budgetMarkers.contains(before) {
                    budget = true
                    break
                }
                back -= 1
            }
            // Words after: "each", "per chair", "a piece", "total", "max", "to spend".
            var steps = 0
            while steps < 4, let after = word(next, end) {
                if ["each", "ea", "apiece", "/each", "pp"].contains(after) {
                    perUnit = true
                    next += 1
                } else if after == "per" || after == "a" || after == "an" || after == "/" {
                    guard let noun = word(next + 1, end), tokens[next + 1].kind == .word else { break }
                    if after == "a" || after == "an" {
                        guard
                            ["piece", "pop", "unit", "item", "chair", "desk", "head"].contains(noun)
                                || RequestLexicon.productNouns.contains(RequestLexicon.singular(noun))
                        else { break }
                    }
                    if ["month", "year", "week", "day", "person", "head", "annum"].contains(noun) && after != "a" { break }
                    perUnit = true
                    next += 2
                } else if ["total", "overall", "altogether", "budget", "combined"].contains(after) {
                    budget = true
                    next += 1
                } else if after == "in" && word(next + 1, end) == "total" {
                    budget = true
                    next += 2
                } else if after == "to" && word(next + 1, end) == "spend" {
                    budget = true
                    next += 2
                } else if ["max", "maximum", "tops", "max.", "or"].contains(after) {
                    if after == "or" {
                        guard let w = word(next + 1, end), ["less", "under", "below", "lower", "cheaper"].contains(w) else { break }
                        next += 2
                    } else {
                        next += 1
                    }
                } else if after == "for"
                    && (word(next + 1, end) == "everything" || (word(next + 1, end) == "the" && word(next + 2, end) == "lot"))
                {
                    budget = true
                    next += word(next + 1, end) == "everything" ? 2 : 3
                } else {
                    break
                }
                steps += 1
            }
            consume(first..<next)
            if applied {
                let money = Money(match.amount, match.currency)
                if perUnit && !budget {
                    unitPrices.append((money, match.first))
                } else {
                    budgets.append((money, match.first, budget || perUnit, flagged))
                }
            }
            i = next
        }
    }

    // MARK: - Places

    mutating func readPlaces(_ start: Int, _ end: Int, applied: Bool) {
        var i = start
        while i < end {
            guard let w = word(i, end) else {
                i += 1
                continue
            }
            var found: (name: String, first: Int, next: Int)? = nil
            // Known places after for/to/at/in.
            if let candidates = placeIndex[w] {
                for candidate in candidates where matches(candidate.words, at: i, end) {
                    var next = i + candidate.words.count
                    if let noun = word(next, end), RequestLexicon.placeNouns.contains(noun) { next += 1 }
                    let previous = i > start ? word(i - 1, end) ?? "" : ""
                    let previous2 = i > start + 1 ? word(i - 2, end) ?? "" : ""
                    if ["for", "to", "at", "in"].contains(previous) || (previous == "the" && ["for", "to", "at", "in"].contains(previous2))
                        || next > i + candidate.words.count
                    {
                        found = (candidate.name, i, next)
                    }
                    break
                }
            }
            // "<Capitalised> office", "HQ".
            if found == nil, RequestLexicon.placeNouns.contains(w) {
                var first = i
                while first - 1 >= start, i - first < 3, word(first - 1, end) != nil,
                    tokens[first - 1].kind == .word || tokens[first - 1].kind == .number,
                    tokens[first - 1].capitalised
                        || (tokens[first - 1].kind == .number && ["st", "nd", "rd", "th"].contains(tokens[first - 1].suffix)),
                    !Self.notNames.contains(tokens[first - 1].lower)
                {
                    first -= 1
                }
                if first < i {
                    let names = (first..<i).map { tokens[$0].raw }.joined(separator: " ")
                    found = (names + " " + tokens[i].raw.lowercased(), first, i + 1)
                } else if w == "hq" || w == "headquarters" {
                    found = (tokens[i].raw, i, i + 1)
                }
            }
            // "deliver to Lisbon", "ship to Porto".
            if found == nil, w == "to", let verb = word(i - 1, end),
                ["deliver", "delivered", "ship", "shipped", "send", "sent", "delivery", "shipping"].contains(verb)
            {
                var k = i + 1
                if word(k, end) == "the" { k += 1 }
                var last = k
                while last < end, last - k < 3, word(last, end) != nil, tokens[last].kind == .word, tokens[last].capitalised,
                    !Self.notNames.contains(tokens[last].lower)
                {
                    last += 1
                }
                if last > k {
                    var name = (k..<last).map { tokens[$0].raw }.joined(separator: " ")
                    if let noun = word(last, end), RequestLexicon.placeNouns.contains(noun) {
                        name += " " + tokens[last].raw.lowercased()
                        last += 1
                    }
                    found = (name, k, last)
                }
            }
            guard let place = found else {
                i += 1
                continue
            }
            var first = place.first
            if let before = word(first - 1, end), ["the", "our"].contains(before) { first -= 1 }
            if let before = word(first - 1, end), ["for", "to", "at", "in"].contains(before) { first -= 1 }
            if let before = word(first - 1, end), ["deliver", "delivered", "ship", "shipped", "send", "delivery"].contains(before) {
                first -= 1
            }
            consume(first..<place.next)
            if applied {
                if result.deliverTo == nil {
                    result.deliverTo = place.name
                } else if result.deliverTo != place.name {
                    result.warnings.append("More than one delivery place was mentioned; \(result.deliverTo ?? "") is used.")
                }
            }
            i = place.next
        }
    }

    static let notNames: Set<String> = [
        "the", "our", "my", "your", "their", "a", "an", "please", "thanks", "i", "we", "hi", "hello", "new", "main", "head", "this",
        "that", "for", "to", "at", "in", "from", "and", "or", "by", "on", "subject", "dear", "order", "need", "could", "can",
    ]

    func matches(_ words: [String], at i: Int, _ end: Int) -> Bool {
        guard i + words.count <= end else { return false }
        for (offset, w) in words.enumerated() where word(i + offset, end) != w { return false }
        return true
    }

    // MARK: - Vendors

    static let positiveVendorCues: Set<String> = [
        "from", "via", "through", "use", "using", "prefer", "preferably", "ideally", "at", "with",
    ]
    static let negativeVendorCues: Set<String> = [
        "not", "no", "avoid", "except", "excluding", "exclude", "never", "but", "without", "than", "nor",
    ]
    static let negations: Set<String> = ["not", "no", "don't", "dont", "never", "avoid", "won't", "cannot", "can't", "shouldn't"]

    mutating func readVendors(_ start: Int, _ end: Int, applied: Bool) {
        var i = start
        var lastVendor: (end: Int, blocked: Bool)? = nil
        while i < end {
            guard let w = word(i, end), tokens[i].kind == .word else {
                i += 1
                continue
            }
            // A known name, or a capitalised one that a cue introduces.
            var name: String? = nil
            var next = i
            var known = false
            if let candidates = vendorIndex[w] {
                for candidate in candidates where matches(candidate.words, at: i, end) {
                    name = candidate.name
                    next = i + candidate.words.count
                    known = true
                    break
                }
            }
            if name == nil, tokens[i].capitalised, !Self.notVendors.contains(w), RequestLexicon.months[w] == nil,
                RequestLexicon.weekdays[w] == nil
            {
                var k = i
                while k < end, k - i < 3, word(k, end) != nil, tokens[k].kind == .word, tokens[k].capitalised,
                    !Self.notVendors.contains(tokens[k].lower),
                    RequestLexicon.months[tokens[k].lower] == nil, RequestLexicon.weekdays[tokens[k].lower] == nil
                {
                    k += 1
                }
                if k > i, !(word(k, end).map { RequestLexicon.placeNouns.contains($0) } ?? false) {
                    name = (i..<k).map { tokens[$0].raw }.joined(separator: " ")
                    next = k
                }
            }
            guard let vendor = name else {
                i += 1
                continue
            }
            // What comes before decides: "from X", "not X", "don't use X", "X or Y" after a vendor.
            var blocked: Bool? = nil
            var first = i
            if let previous = word(i - 1, end) {
                if let last = lastVendor, last.end <= i - 1, ["or", "and", ",", "nor", "&", "/"].contains(previous), last.end >= i - 2 {
                    blocked = last.blocked || previous == "nor"
                    first = i - 1
                } else if Self.negativeVendorCues.contains(previous) {
                    let before = word(i - 2, end) ?? ""
                    if previous == "but" && !["anyone", "anything", "anybody", "all", "everyone", "any", "not"].contains(before) {
                        blocked = nil
                    } else if previous == "than" && !["other", "rather"].contains(before) {
                        blocked = nil
                    } else if previous == "no" && tokens[i].lower == "more" {
                        blocked = nil
                    } else {
                        blocked = true
                        first = i - 1
                        if ["anyone", "anything", "anybody", "everyone", "other", "rather", "please"].contains(before) { first = i - 2 }
                    }
                } else if Self.positiveVendorCues.contains(previous) {
                    if previous == "at" || previous == "with" {
                        blocked = known ? false : nil
                    } else {
                        blocked = false
                    }
                    first = i - 1
                    // "not from", "don't use", "don't buy from", "preferably from"
                    var k = i - 2
                    var steps = 0
                    while k >= start, steps < 3, let before = word(k, end) {
                        if Self.negations.contains(before) {
                            blocked = true
                            first = k
                            break
                        }
                        if [
                            "preferably", "ideally", "order", "buy", "get", "purchase", "ordering", "buying", "use", "do", "please", "only",
                        ].contains(before) {
                            if ["preferably", "ideally", "only"].contains(before) { first = k }
                            k -= 1
                            steps += 1
                            continue
                        }
                        break
                    }
                }
            }
            if blocked == nil, known, let after = word(next, end), ["preferred", "only", "please", "ideally", "preferably"].contains(after)
            {
                if after == "preferred" || after == "only" {
                    blocked = false
                    next += 1
                }
            }
            if blocked == nil, !known, let after = word(next, end), after == "preferred" {
                blocked = false
                next += 1
            }
            // A known name written in lower case without a cue is an ordinary word ("boxes of staples").
            guard let isBlocked = blocked else {
                i = known ? max(next, i + 1) : i + 1
                continue
            }
            if !known && !tokens[i].capitalised {
                i += 1
                continue
            }
            consume(first..<next)
            lastVendor = (next, isBlocked)
            if applied {
                if isBlocked {
                    if !result.blockedVendors.contains(vendor) { result.blockedVendors.append(vendor) }
                    result.preferredVendors.removeAll { $0 == vendor }
                } else if !result.blockedVendors.contains(vendor), !result.preferredVendors.contains(vendor) {
                    result.preferredVendors.append(vendor)
                }
            }
            i = next
        }
    }

    static let notVendors: Set<String> = [
        "i", "the", "a", "an", "please", "thanks", "thank", "hi", "hello", "we", "our", "my", "you", "it", "this", "that", "these",
        "those", "any", "anyone", "all", "no", "not", "and", "or", "but", "if", "so", "also", "order", "need", "budget", "total",
        "max", "under", "by", "before", "asap", "cheers", "regards", "best", "kind", "ok", "yes", "next", "last", "this", "today",
        "tomorrow", "qty", "quantity", "usual", "there", "them", "they", "here", "some", "more", "other", "ones", "one", "two",
        "three", "a4", "a3", "a5", "usb", "hdmi", "led", "lcd", "uk", "us", "eu", "hq", "pc", "it's", "i'd", "i'm", "we're", "we'd",
        "ignore", "disregard", "system", "new", "old", "christmas", "xmas", "eod", "eow", "eom", "cob", "from", "via", "through",
        "use", "using", "prefer", "preferably", "ideally", "avoid", "except", "excluding", "never", "don't", "do", "buy", "get",
        "with", "without", "at", "for", "to", "in", "on", "of", "morning", "hey", "dear", "team", "quick", "could", "can", "would",
    ]
}
