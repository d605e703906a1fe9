/// The words a catalog uses, with how many products use each: the basis for typo tolerance
/// ("ergonmic chiar" → "ergonomic chair").
public struct SearchVocabulary: Sendable {
    public private(set) var frequency: [String: Int] = [:]
    /// Products counted.
    public private(set) var documents = 0
    /// Words by length, each with a bit per letter or digit it contains (a cheap lower bound on edits).
    private var byLength: [Int: [(word: String, mask: UInt64)]] = [:]

    public init() {}

    /// Adds one product's words (each counted once per product).
    public mutating func add(document text: String) {
        documents += 1
        for word in Set(SearchText.tokens(text)) where word.count <= 40 {
            frequency[word, default: 0] += 1
        }
    }

    /// Indexes words by length; call after the last `add`.
    public mutating func seal() {
        byLength = [:]
        for word in frequency.keys where word.count >= 3 && !word.allSatisfy(\.isNumber) {
            byLength[word.count, default: []].append((word, Self.mask(word)))
        }
    }

    public var count: Int { frequency.count }

    /// In at least `share` of the products (as written, or as its singular or plural), at least 50 of them.
    public func isCommon(_ word: String, share: Double) -> Bool {
        let used = max(frequency[word] ?? 0, frequency[SearchText.singular(word)] ?? 0, frequency[word + "s"] ?? 0)
        return used >= 50 && Double(used) >= share * Double(documents)
    }

    /// Known as written, or as its singular/plural (the databases stem both the same way).
    public func contains(_ word: String) -> Bool {
        frequency[word] != nil || frequency[SearchText.singular(word)] != nil || frequency[word + "s"] != nil
            || frequency[word + "es"] != nil
    }

    /// The most used word within one edit (words up to 5 letters) or two edits (longer words), counting a
    /// swap of neighbouring letters as one edit. Nil for short words, numbers and words already known.
    public func correction(for word: String) -> String? {
        guard word.count >= 4, !word.contains(where: \.isNumber), !contains(word) else { return nil }
        let limit = word.count <= 5 ? 1 : 2
        let target = Array(word.unicodeScalars)
        let targetMask = Self.mask(word)
        var best: (word: String, distance: Int, frequency: Int)?
        for length in (word.count - limit)...(word.count + limit) {
            for (candidate, mask) in byLength[length] ?? [] {
                // One edit adds or removes at most two letters from the set of letters used.
                if (mask ^ targetMask).nonzeroBitCount > 2 * limit { continue }
                let distance = Self.distance(target, Array(candidate.unicodeScalars), limit: limit)
                guard distance <= limit else { continue }
                let used = frequency[candidate] ?? 0
                if best == nil || distance < best!.distance || (distance == best!.distance && used > best!.frequency) {
                    best = (candidate, distance, used)
                }
            }
        }
        return best?.word
    }

    static func mask(_ word: String) -> UInt64 {
        var mask: UInt64 = 0
        for scalar in word.unicodeScalars {
            let value = scalar.value
            if value >= 97 && value <= 122 {
                mask |= 1 << UInt64(value - 97)
            } else if value >= 48 && value <= 57 {
                mask |= 1 << UInt64(26 + value - 48)
            } else {
                mask |= 1 << UInt64(36 + value % 28)
            }
        }
        return mask
    }

    /// Optimal string alignment distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...max(1, b.count) where b.count > 0 {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return b.isEmpty ? a.count : previous[b.count]
    }
}
