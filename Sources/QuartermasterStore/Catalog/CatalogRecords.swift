import QuartermasterCore
import SQLKit

public struct NewVendor: Sendable, Hashable {
    public var name: String
    public var kind: String = "external"
    public var contactName: String?
    public var contactEmail: String?
    public var contactPhone: String?
    public var website: String?
    public var currency: CurrencyCode
    public var shippingFee: FixedDecimal = .zero
    public var freeShippingOver: FixedDecimal?
    public var minOrderValue: FixedDecimal?
    public var leadTimeDays: Int = 3
    public var reliability: Double = 0.9
    /// Where the vendor is, for purchase orders.
    public var address: PostalAddress?

    public init(name: String, currency: CurrencyCode) {
        self.name = name
        self.currency = currency
    }
}

public struct VendorRecord: Sendable, Hashable {
    public var id: String
    public var organizationID: String
    public var vendor: NewVendor
    public var createdAt: Int64
    public var updatedAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        organizationID = try row.decode(column: "org_id", as: String.self)
        let currency = try row.decode(column: "currency", as: String.self)
        var vendor = NewVendor(
            name: try row.decode(column: "name", as: String.self), currency: CurrencyCode(currency) ?? CurrencyCode("USD")!)
        vendor.kind = try row.decode(column: "kind", as: String.self)
        vendor.contactName = try row.decode(column: "contact_name", as: String?.self)
        vendor.contactEmail = try row.decode(column: "contact_email", as: String?.self)
        vendor.contactPhone = try row.decode(column: "contact_phone", as: String?.self)
        vendor.website = try row.decode(column: "website", as: String?.self)
        vendor.shippingFee = FixedDecimal(units: try row.decode(column: "shipping_fee", as: Int64.self))
        vendor.freeShippingOver = try row.decode(column: "free_shipping_over", as: Int64?.self).map(FixedDecimal.init(units:))
        vendor.minOrderValue = try row.decode(column: "min_order_value", as: Int64?.self).map(FixedDecimal.init(units:))
        vendor.leadTimeDays = try row.decode(column: "lead_time_days", as: Int.self)
        vendor.reliability = try row.decode(column: "reliability", as: Double.self)
        vendor.address = try AgentJSON.decode(PostalAddress.self, try row.decode(column: "address", as: String?.self))
        self.vendor = vendor
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
    }
}

/// One offer as read back, with its vendor's name.
public struct OfferRecord: Sendable, Hashable {
    public var id: String
    public var vendorID: String
    public var vendorName: String
    public var productID: String
    public var variantID: String
    public var vendorSKU: String
    public var terms: OfferTerms
    public var updatedAt: Int64

    /// The offers of these products with their vendors' names, cheapest per base unit first.
    static func load(forProducts ids: [String], _ sql: any SQLDatabase) async throws -> [OfferRecord] {
        try await sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM offers o JOIN vendors v ON v.id = o.vendor_id
            WHERE o.product_id IN (\(binds: ids)) ORDER BY o.base_price, o.vendor_sku
            """
        ).all().map(OfferRecord.init(row:))
    }

    static let columns =
        "o.id, o.vendor_id, v.name AS vendor_name, o.product_id, o.variant_id, o.vendor_sku, o.price, o.currency, o.price_breaks, o.stock, "
        + "o.moq, o.order_multiple, o.lead_time_days, o.unit, o.pack_size, o.valid_from, o.valid_until, o.updated_at"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        vendorID = try row.decode(column: "vendor_id", as: String.self)
        vendorName = try row.decode(column: "vendor_name", as: String.self)
        productID = try row.decode(column: "product_id", as: String.self)
        variantID = try row.decode(column: "variant_id", as: String.self)
        vendorSKU = try row.decode(column: "vendor_sku", as: String.self)
        let breaksText = try row.decode(column: "price_breaks", as: String.self)
        var breaks: [PriceBreak] = []
        if case .array(let items)? = try? JSONReader.parse(breaksText) {
            for item in items {
                if case .number(let quantity)? = item["min_qty"], case .number(let price)? = item["price"], let q = Int(quantity),
                    let p = FixedDecimal(parsing: price)
                {
                    breaks.append(PriceBreak(minQuantity: q, price: p))
                }
            }
        }
        terms = OfferTerms(
            price: FixedDecimal(units: try row.decode(column: "price", as: Int64.self)),
            currency: CurrencyCode(try row.decode(column: "currency", as: String.self)) ?? CurrencyCode("USD")!, priceBreaks: breaks,
            stock: try row.decode(column: "stock", as: Int64?.self).map { Int($0) }, moq: try row.decode(column: "moq", as: Int.self),
            orderMultiple: try row.decode(column: "order_multiple", as: Int.self),
            leadTimeDays: try row.decode(column: "lead_time_days", as: Int?.self),
            unit: UnitOfMeasure(try row.decode(column: "unit", as: String.self)) ?? .each,
            packSize: try row.decode(column: "pack_size", as: Int.self), validFrom: try row.decode(column: "valid_from", as: String?.self),
            validUntil: try row.decode(column: "valid_until", as: String?.self))
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
    }
}

public struct VariantDetail: Sendable, Hashable {
    public var id: String
    public var sku: String
    public var options: [OptionChoice]
    public var offers: [OfferRecord]
}

/// A product with its variants and their offers.
public struct ProductDetail: Sendable, Hashable {
    public var id: String
    public var title: String
    public var brand: String?
    public var description: String?
    public var bulletPoints: [String]
    public var category: [String]
    public var attributes: [String]
    public var specs: [JSONMember]
    public var images: [String]
    public var gtin: String?
    public var mpn: String?
    public var unspsc: String?
    public var options: [ProductOption]
    public var variants: [VariantDetail]
    public var createdAt: Int64
    public var updatedAt: Int64
}

public struct PriceHistoryEntry: Sendable, Hashable {
    public var offerID: String
    public var vendorSKU: String
    public var price: FixedDecimal
    public var currency: String
    public var stock: Int?
    public var source: String
    public var recordedAt: Int64
}

public enum ImportStatus: String, Sendable, Hashable, Codable {
    case queued, running, succeeded, failed
}

public struct ImportRecord: Sendable, Hashable {
    public var id: String
    public var vendorID: String
    public var format: CatalogFormat
    public var strict: Bool
    public var source: String
    public var status: ImportStatus
    public var totalBytes: Int64
    public var rows: Int
    public var imported: Int
    public var rejected: Int
    public var warnings: Int
    public var report: [ImportIssue]
    public var error: String?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?

    static let columns =
        "id, vendor_id, format, strict, source, status, total_bytes, rows_read, imported, rejected, warnings, report, error, created_at, started_at, finished_at"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        vendorID = try row.decode(column: "vendor_id", as: String.self)
        format = CatalogFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .jsonLines
        strict = try row.decode(column: "strict", as: Int.self) != 0
        source = try row.decode(column: "source", as: String.self)
        status = ImportStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        totalBytes = try row.decode(column: "total_bytes", as: Int64.self)
        rows = try row.decode(column: "rows_read", as: Int.self)
        imported = try row.decode(column: "imported", as: Int.self)
        rejected = try row.decode(column: "rejected", as: Int.self)
        warnings = try row.decode(column: "warnings", as: Int.self)
        report = ImportReport.decode(try row.decode(column: "report", as: String.self))
        error = try row.decode(column: "error", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        startedAt = try row.decode(column: "started_at", as: Int64?.self)
        finishedAt = try row.decode(column: "finished_at", as: Int64?.self)
    }
}

/// The stored form of an import report (a JSON array of issues).
public enum ImportReport {
    /// At most this many issues are kept; the counts stay exact.
    public static let maxEntries = 2_000

    public static func encode(_ issues: [ImportIssue]) -> String {
        JSONText.array(
            issues.prefix(maxEntries).map { issue in
                .object([
                    "row": .int(Int64(issue.row)), "sku": issue.sku.map(JSONText.string) ?? .null, "field": .string(issue.field),
                    "problem": .string(issue.problem), "severity": .string(issue.severity.rawValue),
                ])
            }
        ).serialized
    }

    public static func decode(_ text: String) -> [ImportIssue] {
        guard case .array(let items)? = try? JSONReader.parse(text) else { return [] }
        return items.compactMap { item in
            guard case .number(let row)? = item["row"], let rowNumber = Int(row) else { return nil }
            return ImportIssue(
                row: rowNumber, sku: item["sku"]?.stringValue, field: item["field"]?.stringValue ?? "",
                problem: item["problem"]?.stringValue ?? "",
                severity: ImportIssue.Severity(rawValue: item["severity"]?.stringValue ?? "error") ?? .error)
        }
    }
}

public struct FeedRecord: Sendable, Hashable {
    public var id: String
    public var vendorID: String
    public var url: String
    public var format: CatalogFormat
    public var intervalMinutes: Int
    public var priceAlertPercent: Int
    public var enabled: Bool
    public var lastRunAt: Int64?
    public var lastImportID: String?
    public var lastError: String?

    static let columns =
        "id, vendor_id, url, format, interval_minutes, price_alert_percent, enabled, last_run_at, last_import_id, last_error"

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        vendorID = try row.decode(column: "vendor_id", as: String.self)
        url = try row.decode(column: "url", as: String.self)
        format = CatalogFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .jsonLines
        intervalMinutes = try row.decode(column: "interval_minutes", as: Int.self)
        priceAlertPercent = try row.decode(column: "price_alert_percent", as: Int.self)
        enabled = try row.decode(column: "enabled", as: Int.self) != 0
        lastRunAt = try row.decode(column: "last_run_at", as: Int64?.self)
        lastImportID = try row.decode(column: "last_import_id", as: String?.self)
        lastError = try row.decode(column: "last_error", as: String?.self)
    }
}
