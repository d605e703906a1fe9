/// A quantity price break: buying at least `minQuantity` units makes every unit cost `price`.
public struct PriceBreak: Sendable, Hashable, Codable {
    public var minQuantity: Int
    public var price: FixedDecimal

    public init(minQuantity: Int, price: FixedDecimal) {
        self.minQuantity = minQuantity
        self.price = price
    }

    enum CodingKeys: String, CodingKey {
        case minQuantity = "min_qty"
        case price
    }
}

/// What one vendor asks for one variant.
public struct OfferTerms: Sendable, Hashable {
    public var price: FixedDecimal
    public var currency: CurrencyCode
    public var priceBreaks: [PriceBreak]
    /// nil when the vendor does not say.
    public var stock: Int?
    public var moq: Int
    public var orderMultiple: Int
    public var leadTimeDays: Int?
    public var unit: UnitOfMeasure
    /// Base units per unit: a box of 5 reams has `unit` BX and `packSize` 5.
    public var packSize: Int
    public var validFrom: String?
    public var validUntil: String?

    public init(
        price: FixedDecimal, currency: CurrencyCode, priceBreaks: [PriceBreak] = [], stock: Int? = nil, moq: Int = 1,
        orderMultiple: Int = 1, leadTimeDays: Int? = nil, unit: UnitOfMeasure = .each, packSize: Int = 1,
        validFrom: String? = nil, validUntil: String? = nil
    ) {
        self.price = price
        self.currency = currency
        self.priceBreaks = priceBreaks
        self.stock = stock
        self.moq = moq
        self.orderMultiple = orderMultiple
        self.leadTimeDays = leadTimeDays
        self.unit = unit
        self.packSize = packSize
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Price of one base unit (a ream, a pen), rounded to four places.
    public var baseUnitPrice: FixedDecimal { price.divided(by: packSize) }

    /// The unit price that applies when buying `quantity` units (the best break reached).
    public func unitPrice(forQuantity quantity: Int) -> FixedDecimal {
        var best = price
        for priceBreak in priceBreaks where quantity >= priceBreak.minQuantity && priceBreak.price < best {
            best = priceBreak.price
        }
        return best
    }

    /// True when this offer is cheaper per base unit than `other`, compared exactly
    /// (price₁ × pack₂ < price₂ × pack₁), whatever the packs.
    public func cheaperPerBaseUnit(than other: OfferTerms) -> Bool {
        price.units * Int64(other.packSize) < other.price.units * Int64(packSize)
    }
}

/// A named option and its values, in the order the vendor listed them.
public struct ProductOption: Sendable, Hashable, Codable {
    public var name: String
    public var values: [String]
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// One option choice of a variant.
public struct OptionChoice: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct VariantRecord: Sendable, Hashable {
    public var sku: String
    public let options: [OptionChoice]
    public var terms: OfferTerms
    /// A stable key for the combination (`color=blue;size=l`), to find the same variant across vendors;
    /// made once, with the record (an import looks it up more than once per variant).
    public let optionsKey: String

    public init(sku: String, options: [OptionChoice], terms: OfferTerms) {
        self.sku = sku
        self.options = options
        self.terms = terms
        self.optionsKey = Self.key(options)
    }

    public static func key(_ options: [OptionChoice]) -> String {
        options.map { "\($0.name.lowercased())=\($0.value.lowercased())" }.sorted().joined(separator: ";")
    }
}

/// One product as one vendor sells it, validated: ready to be written.
public struct CatalogRecord: Sendable, Hashable {
    /// Row (JSON Lines) or line (CSV) the record came from, 1-based.
    public var row: Int
    public var sku: String
    public var title: String
    public var brand: String?
    public var description: String?
    public var bulletPoints: [String]
    public var category: [String]
    public var attributes: [String]
    /// A JSON object of scalar (or array of scalar) values.
    public var specs: [JSONMember]
    public var images: [String]
    public var gtin: String?
    public var mpn: String?
    public var unspsc: String?
    public var options: [ProductOption]
    /// Always at least one: a product without variants has one variant with no options.
    public var variants: [VariantRecord]
}

/// One finding about an import row.
public struct ImportIssue: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }
    public var row: Int
    public var sku: String?
    public var field: String
    public var problem: String
    public var severity: Severity

    public init(row: Int, sku: String?, field: String, problem: String, severity: Severity = .error) {
        self.row = row
        self.sku = sku
        self.field = field
        self.problem = problem
        self.severity = severity
    }
}
