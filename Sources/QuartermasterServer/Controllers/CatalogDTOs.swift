import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

struct VendorInput: StrictDecodable {
    static let fields: Set<String> = [
        "name", "kind", "contact_name", "contact_email", "contact_phone", "website", "currency", "shipping_fee", "free_shipping_over",
        "min_order_value", "lead_time_days", "reliability", "address",
    ]
    let name: String?
    let kind: String?
    let contact_name: String?
    let contact_email: String?
    let contact_phone: String?
    let website: String?
    let currency: String?
    let shipping_fee: Decimal?
    let free_shipping_over: Decimal?
    let min_order_value: Decimal?
    let lead_time_days: Int?
    let reliability: Double?
    let address: PostalAddress?

    /// Validates into a vendor; every bad field at once.
    func vendor() throws -> NewVendor {
        var validator = Validator()
        let name = validator.text("name", self.name, maxLength: 120)
        var currency = CurrencyCode("USD")!
        if let text = self.currency {
            if let code = CurrencyCode(text) { currency = code } else { validator.fail("currency", "unknown currency \(text)") }
        }
        var vendor = NewVendor(name: name, currency: currency)
        if let kind {
            if ["external", "hosted"].contains(kind) { vendor.kind = kind } else { validator.fail("kind", "must be external or hosted") }
        }
        if let email = contact_email, !email.isEmpty { vendor.contactEmail = validator.email("contact_email", email) }
        vendor.contactName = contact_name.map { String($0.trimmingWhitespace().prefix(120)) }
        vendor.contactPhone = contact_phone.map { String($0.trimmingWhitespace().prefix(40)) }
        if let website, !website.isEmpty {
            if website.hasPrefix("https://") || website.hasPrefix("http://") {
                vendor.website = website
            } else {
                validator.fail("website", "must be an http(s) URL")
            }
        }
        func money(_ field: String, _ value: Decimal?) -> FixedDecimal? {
            guard let value else { return nil }
            guard let fixed = FixedDecimal(parsing: "\(value)"), fixed >= .zero, fixed <= FixedDecimal(1_000_000) else {
                validator.fail(field, "must be an amount between 0 and 1000000 with at most 4 decimals")
                return nil
            }
            return fixed
        }
        vendor.shippingFee = money("shipping_fee", shipping_fee) ?? .zero
        vendor.freeShippingOver = money("free_shipping_over", free_shipping_over)
        vendor.minOrderValue = money("min_order_value", min_order_value)
        if let days = lead_time_days {
            if (0...365).contains(days) { vendor.leadTimeDays = days } else { validator.fail("lead_time_days", "must be 0 to 365") }
        }
        if let reliability {
            if (0...1).contains(reliability) { vendor.reliability = reliability } else { validator.fail("reliability", "must be 0 to 1") }
        }
        if let address {
            if address.countryCode.count != 2 || !address.countryCode.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                validator.fail("address.country_code", "must be an ISO 3166 two-letter code such as US or PT")
            }
            vendor.address = address
        }
        try validator.check()
        return vendor
    }
}

struct VendorDTO: ResponseCodable {
    let id: String
    let name: String
    let kind: String
    let contact_name: String?
    let contact_email: String?
    let contact_phone: String?
    let website: String?
    let currency: String
    let shipping_fee: Decimal
    let free_shipping_over: Decimal?
    let min_order_value: Decimal?
    let lead_time_days: Int
    let reliability: Double
    let address: PostalAddress?
    let created_at: String
    let updated_at: String

    init(_ record: VendorRecord) {
        let vendor = record.vendor
        id = record.id
        name = vendor.name
        kind = vendor.kind
        contact_name = vendor.contactName
        contact_email = vendor.contactEmail
        contact_phone = vendor.contactPhone
        website = vendor.website
        currency = vendor.currency.code
        shipping_fee = vendor.shippingFee.decimal
        free_shipping_over = vendor.freeShippingOver?.decimal
        min_order_value = vendor.minOrderValue?.decimal
        lead_time_days = vendor.leadTimeDays
        reliability = vendor.reliability
        address = vendor.address
        created_at = Instant.iso8601(record.createdAt)
        updated_at = Instant.iso8601(record.updatedAt)
    }
}

struct PriceBreakDTO: Codable, Sendable {
    let min_qty: Int
    let price: Decimal
}

struct OfferDTO: Codable, Sendable {
    let id: String
    let vendor_id: String
    let vendor: String
    let sku: String
    let unit_price: Decimal
    let currency: String
    let price_breaks: [PriceBreakDTO]
    let stock: Int?
    let moq: Int
    let order_multiple: Int
    let lead_time_days: Int?
    let unit: String
    let pack_size: Int
    let base_unit_price: Decimal
    let valid_from: String?
    let valid_until: String?
    let updated_at: String

    init(_ offer: OfferRecord) {
        let terms = offer.terms
        id = offer.id
        vendor_id = offer.vendorID
        vendor = offer.vendorName
        sku = offer.vendorSKU
        unit_price = terms.price.decimal
        currency = terms.currency.code
        price_breaks = terms.priceBreaks.map { PriceBreakDTO(min_qty: $0.minQuantity, price: $0.price.decimal) }
        stock = terms.stock
        moq = terms.moq
        order_multiple = terms.orderMultiple
        lead_time_days = terms.leadTimeDays
        unit = terms.unit.code
        pack_size = terms.packSize
        base_unit_price = terms.baseUnitPrice.decimal
        valid_from = terms.validFrom
        valid_until = terms.validUntil
        updated_at = Instant.iso8601(offer.updatedAt)
    }
}

/// A JSON value written back as JSON (specs), numbers exact.
struct VariantDTO: Codable, Sendable {
    let id: String
    let sku: String
    let options: [String: String]
    let offers: [OfferDTO]
}

struct OptionDTO: Codable, Sendable {
    let name: String
    let values: [String]
}

struct ProductDTO: ResponseCodable {
    let id: String
    let title: String
    let brand: String?
    let description: String?
    let bullet_points: [String]
    let category: [String]
    let attributes: [String]
    let specs: JSONValue
    let images: [String]
    let gtin: String?
    let mpn: String?
    let unspsc: String?
    let options: [OptionDTO]
    let variants: [VariantDTO]
    let created_at: String
    let updated_at: String

    init(_ product: ProductDetail) {
        id = product.id
        title = product.title
        brand = product.brand
        description = product.description
        bullet_points = product.bulletPoints
        category = product.category
        attributes = product.attributes
        specs = .object(product.specs)
        images = product.images
        gtin = product.gtin
        mpn = product.mpn
        unspsc = product.unspsc
        options = product.options.map { OptionDTO(name: $0.name, values: $0.values) }
        variants = product.variants.map { variant in
            VariantDTO(
                id: variant.id, sku: variant.sku,
                options: Dictionary(variant.options.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                offers: variant.offers.map(OfferDTO.init))
        }
        created_at = Instant.iso8601(product.createdAt)
        updated_at = Instant.iso8601(product.updatedAt)
    }
}

struct ImportIssueDTO: Codable, Sendable {
    let row: Int
    let sku: String?
    let field: String
    let problem: String
    let severity: String
}

struct ImportDTO: ResponseCodable {
    let id: String
    let vendor_id: String
    let status: String
    let format: String
    let strict: Bool
    let source: String
    let bytes: Int64
    let rows: Int
    let imported: Int
    let rejected: Int
    let warnings: Int
    let report: [ImportIssueDTO]
    let error: String?
    let created_at: String
    let started_at: String?
    let finished_at: String?

    init(_ record: ImportRecord) {
        id = record.id
        vendor_id = record.vendorID
        status = record.status.rawValue
        format = record.format.rawValue
        strict = record.strict
        source = record.source
        bytes = record.totalBytes
        rows = record.rows
        imported = record.imported
        rejected = record.rejected
        warnings = record.warnings
        report = record.report.map {
            ImportIssueDTO(row: $0.row, sku: $0.sku, field: $0.field, problem: $0.problem, severity: $0.severity.rawValue)
        }
        error = record.error
        created_at = Instant.iso8601(record.createdAt)
        started_at = record.startedAt.map(Instant.iso8601)
        finished_at = record.finishedAt.map(Instant.iso8601)
    }
}

struct FacetDTO: Codable, Sendable {
    let value: String
    let label: String
    let count: Int
}

struct SearchResultDTO: Codable, Sendable {
    let product_id: String
    let title: String
    let brand: String?
    let category: [String]
    let image: String?
    let score: Double
    let specs: JSONValue
    let best_offer: OfferDTO?
    let offers: [OfferDTO]
}

struct SearchDTO: ResponseCodable {
    let query: String
    let total: Int
    let relaxed: Bool
    let corrections: [String: String]
    let ignored: [String]
    let results: [SearchResultDTO]
    let facets: [String: [FacetDTO]]
    let took_ms: Double
}

struct MatchInput: StrictDecodable {
    static let fields: Set<String> = ["text", "limit"]
    let text: String?
    let limit: Int?
}

struct MatchCandidateDTO: Codable, Sendable {
    struct Variant: Codable, Sendable {
        let id: String
        let sku: String
        let options: [String: String]
    }
    let product_id: String
    let sku: String
    let title: String
    let vendor: String
    let vendor_id: String
    let variant: Variant
    let unit_price: Decimal
    let currency: String
    let unit: String
    let pack_size: Int
    let base_unit_price: Decimal
    let stock: Int?
    let lead_time_days: Int?
    let score: Double
    let reasons: [String]
}

struct RequirementDTO: Codable, Sendable {
    let keywords: [String]
    let colors: [String]
    let max_unit_price: Decimal?
    let currency: String?
    let quantity: Int?
    let pack_size: Int?
    let pack_unit: String?
    let filters: [String]
}

struct RejectionDTO: Codable, Sendable {
    let product_id: String
    let title: String
    let reason: String
}

struct MatchDTO: ResponseCodable {
    let text: String
    let requirement: RequirementDTO
    let candidates: [MatchCandidateDTO]
    let rejected: [RejectionDTO]
    let took_ms: Double
}

struct FeedInput: StrictDecodable {
    static let fields: Set<String> = ["url", "format", "interval_minutes", "price_alert_percent", "enabled"]
    let url: String?
    let format: String?
    let interval_minutes: Int?
    let price_alert_percent: Int?
    let enabled: Bool?
}

struct FeedDTO: ResponseCodable {
    let id: String
    let vendor_id: String
    let url: String
    let format: String
    let interval_minutes: Int
    let price_alert_percent: Int
    let enabled: Bool
    let last_run_at: String?
    let last_import_id: String?
    let last_error: String?

    init(_ feed: FeedRecord) {
        id = feed.id
        vendor_id = feed.vendorID
        url = feed.url
        format = feed.format.rawValue
        interval_minutes = feed.intervalMinutes
        price_alert_percent = feed.priceAlertPercent
        enabled = feed.enabled
        last_run_at = feed.lastRunAt.map(Instant.iso8601)
        last_import_id = feed.lastImportID
        last_error = feed.lastError
    }
}

struct SynonymsInput: StrictDecodable {
    static let fields: Set<String> = ["rules"]
    let rules: [String]?
}

struct SynonymsDTO: ResponseCodable {
    let rules: [String]
    let defaults: [String]
}

struct PriceHistoryDTO: Codable, Sendable {
    let offer_id: String
    let sku: String
    let price: Decimal
    let currency: String
    let stock: Int?
    let source: String
    let recorded_at: String
}
