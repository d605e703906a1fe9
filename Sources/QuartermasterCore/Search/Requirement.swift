/// One requirement as a person writes it ("blue gel pens, fine tip, box of 12, under $15"), read into
/// hard constraints (price cap, colour) and soft ones (pack, descriptive words).
public struct Requirement: Sendable, Hashable {
    public var text: String
    public var maxUnitPrice: FixedDecimal?
    public var currency: CurrencyCode?
    public var quantity: Int?
    /// Units per pack asked for: "box of 12" → 12.
    public var packSize: Int?
    public var packUnit: UnitOfMeasure?
    public var colors: [String] = []
    /// Words that describe the item (for search and scoring), constraints removed.
    public var keywords: [String] = []
    public var filters: [SpecFilter] = []

    public init(_ text: String) {
        self.text = text
        let parsed = ParsedSearch(String(text.prefix(2_000)))
        filters = parsed.filters
        let tokens = Self.lexemes(String(text.prefix(2_000)))
        var used = Set<Int>()
        readPrice(tokens, &used)
        readPack(tokens, &used)
        readQuantity(tokens, &used)
        for (index, token) in tokens.enumerated() where !used.contains(index) {
            guard token.first?.isLetter == true || token.first?.isNumber == true else { continue }
            let word = token.lowercased()
            if Self.colors.contains(word) {
                let color = word == "gray" ? "grey" : word
                if !colors.contains(color) { colors.append(color) }
            } else if !SearchText.stopWords.contains(word) && !Self.fillerWords.contains(word) && !word.hasPrefix("spec.") {
                keywords.append(contentsOf: SearchText.tokens(word).filter { !SearchText.stopWords.contains($0) })
            }
        }
    }

    public static let colors: Set<String> = [
        "black", "blue", "red", "green", "yellow", "white", "grey", "gray", "silver", "orange", "pink", "purple", "brown", "clear",
        "transparent", "ivory", "beige", "navy", "gold", "teal", "turquoise", "cream", "violet", "assorted",
    ]
    static let fillerWords: Set<String> = ["price", "priced", "cost", "costing", "than", "less", "lower", "cheaper", "only"]
    static let capPhrases: [[String]] = [
        ["under"], ["below"], ["less", "than"], ["lower", "than"], ["cheaper", "than"], ["max"], ["maximum"], ["at", "most"],
        ["up", "to"], ["no", "more", "than"], ["not", "more", "than"], ["<"], ["<="], ["budget"], ["within"], ["max", "price"],
        ["for", "less", "than"], ["below", "or", "at"], ["<", "="],
    ]
    static let currencyWords: [String: String] = [
        "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
        "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "chf": "CHF", "cad": "CAD", "aud": "AUD",
    ]
    static let numberWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
        "dozen": 12, "pair": 2, "couple": 2,
    ]
    static let packWords: [String: String] = [
        "box": "BX", "boxes": "BX", "pack": "PK", "packs": "PK", "pk": "PK", "packet": "PA", "packets": "PA", "case": "CS",
        "cases": "CS", "carton": "CT", "cartons": "CT", "bag": "BG", "bags": "BG", "tub": "TB", "set": "SET", "sets": "SET",
        "ream": "RM", "reams": "RM", "roll": "RO", "rolls": "RO",
    ]

    /// Words, numbers (with `,` `.` and a `k` suffix kept) and currency symbols, in order.
    static func lexemes(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { out.append(current) }
            current = ""
        }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let character = Character(scalar)
            if character.isLetter || character.isNumber {
                // "12pack", "2k", "80gsm": split digits from a following pack word, keep others together.
                current.unicodeScalars.append(scalar)
            } else if (scalar == "," || scalar == ".") && !current.isEmpty && current.last!.isNumber && index + 1 < scalars.count
                && Character(scalars[index + 1]).isNumber
            {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
                if "$€£<=".unicodeScalars.contains(scalar) { out.append(String(character)) }
            }
        }
        flush()
        // Split number+word pieces such as "12pack", "5x", "x5", "$15" handled above.
        var result: [String] = []
        for lexeme in out {
            let lower = lexeme.lowercased()
            if let split = lower.firstIndex(where: { !$0.isNumber && $0 != "," && $0 != "." }), split != lower.startIndex,
                lower[lower.startIndex].isNumber
            {
                let head = String(lower[..<split])
                let tail = String(lower[split...])
                if packWords[tail] != nil || tail == "x" || tail == "k" || currencyWords[tail] != nil || tail == "ct" {
                    result.append(tail == "k" ? lexeme : head)
                    if tail != "k" { result.append(tail) }
                    continue
                }
            }
            if lower.hasPrefix("x"), lower.count > 1, lower.dropFirst().allSatisfy(\.isNumber) {
                result.append("x")
                result.append(String(lower.dropFirst()))
                continue
            }
            result.append(lexeme)
        }
        return result
    }

    static func amount(_ token: String) -> FixedDecimal? {
        var text = token.lowercased().replacingOccurrences(of: ",", with: "")
        var multiplier = 1
        if text.hasSuffix("k") {
            text.removeLast()
            multiplier = 1_000
        }
        guard let value = FixedDecimal(parsing: text) else { return nil }
        return value * multiplier
    }

    mutating func readPrice(_ tokens: [String], _ used: inout Set<Int>) {
        let lower = tokens.map { $0.lowercased() }
        for (index, token) in lower.enumerated() where Self.amount(token) != nil {
            var currencyIndex: Int?
            if index > 0, Self.currencyWords[lower[index - 1]] != nil { currencyIndex = index - 1 }
            if index + 1 < lower.count, Self.currencyWords[lower[index + 1]] != nil { currencyIndex = index + 1 }
            var capStart: Int?
            let before = currencyIndex == index - 1 ? index - 1 : index
            for phrase in Self.capPhrases where before - phrase.count >= 0 {
                let start = before - phrase.count
                if Array(lower[start..<before]) == phrase && (capStart == nil || start < capStart!) { capStart = start }
            }
            var capEnd = index
            if index + 1 < lower.count, ["max", "maximum", "or less", "tops"].contains(lower[index + 1]) { capEnd = index + 1 }
            if let currencyIndex, currencyIndex > index, currencyIndex + 1 < lower.count,
                ["max", "maximum", "tops"].contains(lower[currencyIndex + 1])
            {
                capEnd = currencyIndex + 1
            }
            guard capStart != nil || currencyIndex != nil || capEnd > index else { continue }
            // "under $15 each" or "2 boxes under $30": the amount is per unit ordered.
            maxUnitPrice = Self.amount(token)
            if let currencyIndex, let code = Self.currencyWords[lower[currencyIndex]] {
                currency = CurrencyCode(code)
                used.insert(currencyIndex)
            }
            for position in (capStart ?? index)...max(capEnd, currencyIndex ?? index) { used.insert(position) }
            return
        }
    }

    mutating func readPack(_ tokens: [String], _ used: inout Set<Int>) {
        let lower = tokens.map { $0.lowercased() }
        for index in lower.indices where !used.contains(index) {
            // box of 12, pack of 100
            if let code = Self.packWords[lower[index]], index + 2 < lower.count, lower[index + 1] == "of",
                let size = Int(lower[index + 2]), size > 1
            {
                packSize = size
                packUnit = UnitOfMeasure(code)
                used.formUnion([index, index + 1, index + 2])
                return
            }
            // 12 pack, 12-pack, 12pk, 12 ct, 12 per box
            if let size = Int(lower[index]), size > 1, index + 1 < lower.count {
                if let code = Self.packWords[lower[index + 1]], lower[index + 1] != "ream", lower[index + 1] != "reams",
                    !(index > 0 && Int(lower[index - 1]) != nil)
                {
                    // "2 boxes" is a quantity of boxes, "12 pack" is a pack size.
                    if ["pack", "pk", "packs"].contains(lower[index + 1]) {
                        packSize = size
                        packUnit = UnitOfMeasure(code)
                        used.formUnion([index, index + 1])
                        return
                    }
                }
                if lower[index + 1] == "ct" || lower[index + 1] == "count" {
                    packSize = size
                    used.formUnion([index, index + 1])
                    return
                }
                if lower[index + 1] == "per", index + 2 < lower.count, let code = Self.packWords[lower[index + 2]] {
                    packSize = size
                    packUnit = UnitOfMeasure(code)
                    used.formUnion([index, index + 1, index + 2])
                    return
                }
            }
        }
    }

    mutating func readQuantity(_ tokens: [String], _ used: inout Set<Int>) {
        let lower = tokens.map { $0.lowercased() }
        for index in lower.indices where !used.contains(index) {
            if lower[index] == "x", index + 1 < lower.count, let value = Int(lower[index + 1]), !used.contains(index + 1) {
                quantity = value
                used.formUnion([index, index + 1])
                return
            }
            if let value = Int(lower[index]), value > 0, value < 1_000_000 {
                let next = index + 1 < lower.count ? lower[index + 1] : ""
                // "80gsm" or "0.5mm" are specs, not quantities: only plain numbers before a word or "x".
                if next == "x" {
                    quantity = value
                    used.formUnion([index, index + 1])
                    return
                }
                if index == 0 || Self.packWords[next] != nil {
                    quantity = value
                    used.insert(index)
                    if let code = Self.packWords[next], packUnit == nil {
                        packUnit = UnitOfMeasure(code)
                    }
                    return
                }
            }
            if let value = Self.numberWords[lower[index]],
                lower[index] != "a" && lower[index] != "an"
                    || lower.count > index + 1
                        && lower[index + 1] == "dozen"
            {
                if lower[index] == "a" || lower[index] == "an" {
                    quantity = 12
                    used.formUnion([index, index + 1])
                } else {
                    quantity = value
                    used.insert(index)
                }
                return
            }
        }
    }
}
