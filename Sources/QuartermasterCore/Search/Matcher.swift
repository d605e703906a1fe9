/// A product found by text search, with everything needed to judge it against a requirement.
public struct MatchCandidate: Sendable, Hashable {
    public struct Offer: Sendable, Hashable {
        public var vendorID: String
        public var vendorName: String
        public var vendorSKU: String
        public var terms: OfferTerms
        public init(vendorID: String, vendorName: String, vendorSKU: String, terms: OfferTerms) {
            self.vendorID = vendorID
            self.vendorName = vendorName
            self.vendorSKU = vendorSKU
            self.terms = terms
        }
    }
    public struct Variant: Sendable, Hashable {
        public var id: String
        public var sku: String
        public var options: [OptionChoice]
        public var offers: [Offer]
        public init(id: String, sku: String, options: [OptionChoice], offers: [Offer]) {
            self.id = id
            self.sku = sku
            self.options = options
            self.offers = offers
        }
    }
    public var productID: String
    public var title: String
    public var brand: String?
    public var category: [String]
    public var attributes: [String]
    public var bulletPoints: [String]
    public var specs: [JSONMember]
    public var variants: [Variant]
    /// Position-based text relevance in 0...1 (1 for the search engine's best hit).
    public var textRank: Double
    /// The words of the product's own text, worked out once per version of the product (the store
    /// keeps them between requests) or here when not given.
    public let text: ProductText

    public init(
        productID: String, title: String, brand: String?, category: [String], attributes: [String], bulletPoints: [String],
        specs: [JSONMember], variants: [Variant], textRank: Double, text: ProductText? = nil
    ) {
        self.productID = productID
        self.title = title
        self.brand = brand
        self.category = category
        self.attributes = attributes
        self.bulletPoints = bulletPoints
        self.specs = specs
        self.variants = variants
        self.textRank = textRank
        self.text =
            text
            ?? ProductText(title: title, brand: brand, category: category, attributes: attributes, bulletPoints: bulletPoints, specs: specs)
    }

    /// Whether the product carries an eco label (see `ProductText.ecoLabel`).
    public var hasEcoLabel: Bool { text.ecoLabel }
}

public struct MatchResult: Sendable, Hashable {
    public var productID: String
    public var title: String
    public var variant: MatchCandidate.Variant
    public var offer: MatchCandidate.Offer
    public var score: Double
    public var reasons: [String]
    public var brand: String? = nil
    public var category: [String] = []
    /// Whether the product carries an eco label or recycled content (see `MatchCandidate.hasEcoLabel`).
    public var ecoLabel: Bool = false
}

/// What was dropped and why, for explanations.
public struct MatchRejection: Error, Sendable, Hashable {
    public var productID: String
    public var title: String
    public var reason: String
}

/// Judges candidates against a requirement: picks the variant whose options fit, the best offer that
/// keeps the hard constraints (price cap, colour, spec filters), scores the rest and says why.
public struct Matcher: Sendable {
    public let requirement: Requirement

    public init(_ requirement: Requirement) { self.requirement = requirement }

    public func rank(_ candidates: [MatchCandidate], limit: Int) -> (results: [MatchResult], rejected: [MatchRejection]) {
        var results: [MatchResult] = []
        var rejected: [MatchRejection] = []
        for candidate in candidates {
            switch judge(candidate) {
            case .success(let result): results.append(result)
            case .failure(let rejection): rejected.append(rejection)
            }
        }
        results.sort { ($0.score, $1.offer.terms.price) > ($1.score, $0.offer.terms.price) }
        return (Array(results.prefix(max(1, limit))), rejected)
    }

    func judge(_ candidate: MatchCandidate) -> Result<MatchResult, MatchRejection> {
        func reject(_ reason: String) -> Result<MatchResult, MatchRejection> {
            .failure(MatchRejection(productID: candidate.productID, title: candidate.title, reason: reason))
        }
        var reasons: [String] = []
        // Spec filters are hard.
        for filter in requirement.filters {
            let value = candidate.specs.first(where: { $0.key == filter.key })?.value
            if !filter.accepts(value) { return reject("spec \(filter.key) does not satisfy \(filter.op.rawValue) \(filter.value)") }
            reasons.append("spec \(filter.key) \(filter.op.rawValue) \(filter.value)")
        }
        // Words.
        let fields = candidate.text
        let optionWords = Set(candidate.variants.flatMap { $0.options.flatMap { ProductText.words($0.value) } })
        var matchedTitle: [String] = []
        var matchedOther: [String] = []
        var coverage = 0.0
        let keywords = requirement.keywords
        for word in keywords {
            let base = SearchText.singular(word)
            if fields.title.contains(base) {
                coverage += 1
                matchedTitle.append(word)
            } else if fields.strong.contains(base) || optionWords.contains(base) || fields.specMatch(word) {
                coverage += 0.8
                matchedOther.append(word)
            } else if fields.weak.contains(base) {
                coverage += 0.5
                matchedOther.append(word)
            }
        }
        if !matchedTitle.isEmpty { reasons.append("title matches " + matchedTitle.map { "\"\($0)\"" }.joined(separator: ", ")) }
        if !matchedOther.isEmpty { reasons.append("details match " + matchedOther.map { "\"\($0)\"" }.joined(separator: ", ")) }
        if !keywords.isEmpty && coverage == 0 { return reject("none of the words \(keywords.joined(separator: ", ")) appear") }
        let wordScore = keywords.isEmpty ? 0.5 : coverage / Double(keywords.count)

        // Variants: those whose options fit best; colour is hard when the product states colours.
        let wanted = Set(requirement.colors + keywords.map { $0.lowercased() })
        var bestFit = -1
        var fitting: [MatchCandidate.Variant] = []
        for variant in candidate.variants {
            let fit = variant.options.filter { wanted.contains($0.value.lowercased()) || Self.valueWords($0.value).isSubset(of: wanted) }
                .count
            if fit > bestFit {
                bestFit = fit
                fitting = [variant]
            } else if fit == bestFit {
                fitting.append(variant)
            }
        }
        if !requirement.colors.isEmpty {
            let statedColors = Set(
                candidate.variants.flatMap { $0.options }.filter { Self.isColorOption($0.name) }.map { $0.value.lowercased() }
                    + fields.specColors)
            if !statedColors.isEmpty {
                let wantedColors = Set(requirement.colors)
                fitting = fitting.filter { variant in
                    let own = variant.options.filter { Self.isColorOption($0.name) }.map { $0.value.lowercased() }
                    let colors = own.isEmpty ? Array(statedColors) : own
                    return colors.contains(where: { color in wantedColors.contains(where: { SearchText.includes(color, $0) }) })
                }
                if fitting.isEmpty {
                    return reject(
                        "not sold in \(requirement.colors.joined(separator: " or ")) (\(statedColors.sorted().joined(separator: ", ")))")
                }
                reasons.append("colour \(requirement.colors.joined(separator: "/"))")
            } else if fields.title.isDisjoint(with: Set(requirement.colors)) {
                reasons.append("colour not stated")
            }
        }

        // Offers: cheapest per base unit that meets the cap, in the requirement's currency.
        var best: (variant: MatchCandidate.Variant, offer: MatchCandidate.Offer)?
        var cheapestSeen: FixedDecimal?
        for variant in fitting {
            for offer in variant.offers {
                if let currency = requirement.currency, offer.terms.currency != currency { continue }
                let price = offer.terms.unitPrice(forQuantity: requirement.quantity ?? 1)
                if cheapestSeen == nil || price < cheapestSeen! { cheapestSeen = price }
                if let cap = requirement.maxUnitPrice, price > cap { continue }
                if let current = best {
                    let inStock = (offer.terms.stock ?? 1) > 0
                    let currentInStock = (current.offer.terms.stock ?? 1) > 0
                    if (inStock && !currentInStock)
                        || (inStock == currentInStock && offer.terms.cheaperPerBaseUnit(than: current.offer.terms))
                    {
                        best = (variant, offer)
                    }
                } else {
                    best = (variant, offer)
                }
            }
        }
        guard let best else {
            if let cap = requirement.maxUnitPrice, let cheapestSeen {
                return reject("cheapest price \(cheapestSeen.text(minimumPlaces: 2)) is above \(cap.text(minimumPlaces: 2))")
            }
            return reject("no offer in \(requirement.currency?.code ?? "any currency")")
        }
        if let cap = requirement.maxUnitPrice {
            reasons.append("price \(best.offer.terms.price.text(minimumPlaces: 2)) ≤ \(cap.text(minimumPlaces: 2))")
        }
        if !best.variant.options.isEmpty && bestFit > 0 {
            reasons.append("variant " + best.variant.options.map { "\($0.name)=\($0.value)" }.joined(separator: ", "))
        }

        // Pack size: soft.
        var packScore = 0.5
        if let pack = requirement.packSize {
            let packText = String(pack)
            if best.offer.terms.packSize == pack {
                packScore = 1
                reasons.append("sold as \(best.offer.terms.unit.name) of \(pack)")
            } else if best.variant.options.contains(where: { SearchText.tokens($0.value).contains(packText) })
                || fields.title.contains(packText) || fields.packCounts.contains(pack)
            {
                packScore = 1
                reasons.append("pack of \(pack)")
            } else {
                packScore = 0
            }
        }
        let stockScore = (best.offer.terms.stock ?? 1) > 0 ? 1.0 : 0.0
        if stockScore == 0 { reasons.append("out of stock at \(best.offer.vendorName)") }
        let optionScore = bestFit > 0 ? 1.0 : 0.5
        let score = 0.55 * wordScore + 0.2 * candidate.textRank + 0.1 * packScore + 0.1 * optionScore + 0.05 * stockScore
        return .success(
            MatchResult(
                productID: candidate.productID, title: candidate.title, variant: best.variant, offer: best.offer,
                score: (score * 1_000).rounded() / 1_000, reasons: reasons, brand: candidate.brand, category: candidate.category,
                ecoLabel: candidate.hasEcoLabel))
    }

    static func isColorOption(_ name: String) -> Bool {
        let lower = name.lowercased()
        return SearchText.includes(lower, "colo") || lower == "ink"
    }

    static func valueWords(_ value: String) -> Set<String> { Set(SearchText.tokens(value)) }

    /// A candidate's words by where they appear.
}

/// What the matcher reads from a product's own text — title, brand, category, attributes, bullets and
/// specs, not its variants or offers — cut into words once.
public final class ProductText: Sendable, Hashable {
    struct Spec: Hashable {
        let key: String
        let value: String
    }
    let title: Set<String>
    /// Brand, category and attributes.
    let strong: Set<String>
    /// Bullet points and spec values.
    let weak: Set<String>
    let specColors: [String]
    let packCounts: Set<Int>
    let specs: [Spec]
    /// Whether the product carries an eco label: an attribute naming one, or a spec such as
    /// `eco_label: true` or `recycled_content` above zero.
    public let ecoLabel: Bool

    /// Words in a product's attributes or specs that mark an eco label or recycled content.
    static let ecoMarkers = ["eco", "recycled", "fsc", "ecolabel", "eco-label", "blue angel", "energy star", "compostable"]

    public init(title: String, brand: String?, category: [String], attributes: [String], bulletPoints: [String], specs: [JSONMember]) {
        self.title = Self.words(title)
        strong = Self.words(([brand ?? ""] + category + attributes).joined(separator: " "))
        var weak = Self.words(bulletPoints.joined(separator: " "))
        var specColors: [String] = []
        var packCounts: Set<Int> = []
        var specTexts: [Spec] = []
        var eco = attributes.contains { attribute in
            let lower = attribute.lowercased()
            return Self.ecoMarkers.contains { SearchText.includes(lower, $0) }
        }
        for member in specs {
            let text: String
            let key = member.key.lowercased()
            switch member.value {
            case .string(let value):
                text = value
                if SearchText.includes(key, "eco") && !value.isEmpty && value.lowercased() != "none" { eco = true }
            case .number(let value):
                text = value
                if SearchText.includes(key, "recycled") && (Double(value) ?? 0) > 0 { eco = true }
            case .bool(let value):
                text = value ? member.key.split(separator: "_").joined(separator: " ") : ""
                if value && ["eco", "fsc", "recycled"].contains(where: { SearchText.includes(key, $0) }) { eco = true }
            case .array(let items): text = items.compactMap { $0.stringValue }.joined(separator: " ")
            default: text = ""
            }
            weak.formUnion(Self.words(text))
            specTexts.append(Spec(key: member.key, value: text.lowercased()))
            if Matcher.isColorOption(member.key) { specColors.append(text.lowercased()) }
            if SearchText.includes(member.key, "pack") || SearchText.includes(member.key, "count") || member.key == "sheets",
                let count = Int(text)
            {
                packCounts.insert(count)
            }
        }
        self.weak = weak
        self.specColors = specColors
        self.packCounts = packCounts
        self.specs = specTexts
        ecoLabel = eco
    }

    static func words(_ text: String) -> Set<String> { Set(SearchText.tokens(text).map(SearchText.singular)) }

    /// "80gsm" against `weight_gsm: 80`, "0.7mm" against `tip_size_mm: 0.7`.
    func specMatch(_ word: String) -> Bool {
        guard let split = word.firstIndex(where: { $0.isLetter }), split != word.startIndex else { return false }
        let number = String(word[..<split])
        let unit = String(word[split...])
        return specs.contains { SearchText.includes($0.key, unit) && $0.value == number }
    }

    public static func == (lhs: ProductText, rhs: ProductText) -> Bool {
        lhs === rhs
            || (lhs.title == rhs.title && lhs.strong == rhs.strong && lhs.weak == rhs.weak && lhs.specs == rhs.specs
                && lhs.ecoLabel == rhs.ecoLabel)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(title) }
}
