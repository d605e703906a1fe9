import Foundation
import QuartermasterCore
import SQLKit

/// A change worth telling people about: a price moved beyond the threshold, or stock ran out.
public struct CatalogAlert: Sendable, Hashable {
    public enum Kind: String, Sendable { case priceChanged = "catalog.price_changed", stockOut = "catalog.stock_out" }
    public var kind: Kind
    public var offerID: String
    public var productID: String
    public var vendorSKU: String
    public var oldPrice: FixedDecimal?
    public var newPrice: FixedDecimal
    public var stock: Int?
}

public struct BatchOutcome: Sendable {
    public var productIDs: [String] = []
    public var newOffers = 0
    public var changedOffers = 0
    public var alerts: [CatalogAlert] = []
}

/// Writes validated records in batches: products deduplicated by GTIN (else by the vendor's product
/// SKU), variants by their options, offers upserted by vendor SKU, price history for every change, the
/// search index kept in step. Every statement is multi-row, so a batch costs a handful of round trips.
enum CatalogWriter {
    static let bindsPerStatement = 20_000

    struct ExistingOffer {
        let id: String
        let productID: String
        let variantID: String
        let price: Int64
        let stock: Int64?
    }

    static func write(
        _ records: [CatalogRecord], vendor: VendorRecord, tenant: Tenant, source: String, alertPercent: Int, in tx: Transaction
    ) async throws -> BatchOutcome {
        guard !records.isEmpty else { return BatchOutcome() }
        let sql = tx.sql
        let dialect = tx.dialect
        let org = tenant.organizationID
        let now = Clock.nowMilliseconds()
        var trace = PhaseTrace()

        // 1. What this vendor already sells, by SKU; products by GTIN and by the vendor's product SKU.
        var offersBySKU: [String: ExistingOffer] = [:]
        let variantSKUs = records.flatMap { $0.variants.map(\.sku) }
        for chunk in variantSKUs.chunks(of: 2_000) {
            let rows = try await sql.raw(
                """
                SELECT id, vendor_sku, product_id, variant_id, price, stock FROM offers
                WHERE org_id = \(bind: org) AND vendor_id = \(bind: vendor.id) AND vendor_sku IN (\(binds: Array(chunk)))
                """
            ).all()
            for row in rows {
                offersBySKU[try row.decode(column: "vendor_sku", as: String.self)] = ExistingOffer(
                    id: try row.decode(column: "id", as: String.self), productID: try row.decode(column: "product_id", as: String.self),
                    variantID: try row.decode(column: "variant_id", as: String.self),
                    price: try row.decode(column: "price", as: Int64.self),
                    stock: try row.decode(column: "stock", as: Int64?.self))
            }
        }
        var productsByGTIN: [String: (id: String, source: String?)] = [:]
        let gtins = records.compactMap(\.gtin)
        for chunk in gtins.chunks(of: 2_000) {
            let rows = try await sql.raw(
                "SELECT id, gtin, source_vendor_id FROM products WHERE org_id = \(bind: org) AND gtin IN (\(binds: Array(chunk)))"
            ).all()
            for row in rows {
                productsByGTIN[try row.decode(column: "gtin", as: String.self)] = (
                    try row.decode(column: "id", as: String.self), try row.decode(column: "source_vendor_id", as: String?.self)
                )
            }
        }
        var productsByParent: [String: String] = [:]
        let parents = records.filter { record in !record.variants.contains { offersBySKU[$0.sku] != nil } }.map(\.sku)
        for chunk in parents.chunks(of: 2_000) {
            let rows = try await sql.raw(
                """
                SELECT parent_sku, product_id FROM offers
                WHERE org_id = \(bind: org) AND vendor_id = \(bind: vendor.id) AND parent_sku IN (\(binds: Array(chunk)))
                """
            ).all()
            for row in rows {
                productsByParent[try row.decode(column: "parent_sku", as: String.self)] = try row.decode(
                    column: "product_id", as: String.self)
            }
        }

        trace.mark("lookups")
        // 2. Decide each record's product; write product rows this vendor may write.
        var productIDs: [String] = []
        var writable: [(CatalogRecord, String)] = []
        var existingProducts: [String] = []
        var seenInBatch: [String: String] = [:]
        var written = Set<String>()
        for record in records {
            let known =
                record.variants.lazy.compactMap { offersBySKU[$0.sku]?.productID }.first
                ?? record.gtin.flatMap { productsByGTIN[$0]?.id } ?? productsByParent[record.sku]
            let id: String
            var mayWrite: Bool
            if let known {
                id = known
                existingProducts.append(known)
                let owner = record.gtin.flatMap { productsByGTIN[$0]?.source } ?? vendor.id
                mayWrite = owner == vendor.id
            } else if let gtin = record.gtin, let earlier = seenInBatch[gtin] {
                id = earlier
                mayWrite = false
            } else {
                id = Identifier.make("prd")
                mayWrite = true
            }
            if let gtin = record.gtin, seenInBatch[gtin] == nil { seenInBatch[gtin] = id }
            productIDs.append(id)
            if mayWrite && written.insert(id).inserted { writable.append((record, id)) }
        }
        var seqByID: [String: Int64] = [:]
        for chunk in writable.chunks(of: max(1, bindsPerStatement / 20)) {
            let insert = sql.insert(into: "products").columns(
                "id", "org_id", "title", "brand", "description", "bullets", "category", "category_path", "category_top", "unspsc", "gtin",
                "mpn", "images", "attributes", "specs", "options", "source_vendor_id", "created_at", "updated_at")
            for (record, id) in chunk {
                let specs = JSONValue.object(record.specs).serialized
                insert.values([
                    SQLBind(id), SQLBind(org), SQLBind(record.title), SQLBind(record.brand), SQLBind(record.description),
                    SQLBind(jsonArray(record.bulletPoints)), SQLBind(jsonArray(record.category)),
                    SQLBind(record.category.joined(separator: " > ")), SQLBind(record.category[0]), SQLBind(record.unspsc),
                    SQLBind(record.gtin), SQLBind(record.mpn), SQLBind(jsonArray(record.images)), SQLBind(jsonArray(record.attributes)),
                    json(specs, dialect), SQLBind(optionsJSON(record.options)), SQLBind(vendor.id), SQLBind(now), SQLBind(now),
                ])
            }
            let rows = try await insert.onConflict(with: ["id"]) { update in
                for column in [
                    "title", "brand", "description", "bullets", "category", "category_path", "category_top", "unspsc", "gtin", "mpn",
                    "images", "attributes", "specs", "options",
                ] {
                    update.set(excludedValueOf: column)
                }
                // Every write moves a product's version on, even within one millisecond (the matcher's
                // product cache compares versions).
                return update.set(
                    "updated_at",
                    to: SQLRaw(
                        "CASE WHEN excluded.updated_at > products.updated_at THEN excluded.updated_at ELSE products.updated_at + 1 END"))
            }.returning("seq", "id").all()
            for row in rows { seqByID[try row.decode(column: "id", as: String.self)] = try row.decode(column: "seq", as: Int64.self) }
        }
        trace.mark("products")
        if dialect == .sqlite && !writable.isEmpty {
            let seqs = writable.compactMap { seqByID[$0.1] }
            for chunk in seqs.chunks(of: 5_000) {
                try await sql.raw("DELETE FROM product_fts WHERE rowid IN (\(binds: Array(chunk)))").run()
            }
            for chunk in writable.chunks(of: max(1, bindsPerStatement / 7)) {
                let insert = sql.insert(into: "product_fts").columns(
                    "rowid", "title", "brand", "attributes", "category", "bullets", "description")
                for (record, id) in chunk {
                    guard let seq = seqByID[id] else { continue }
                    insert.values([
                        SQLBind(seq), SQLBind(record.title), SQLBind(record.brand ?? ""),
                        SQLBind((record.attributes + record.options.flatMap(\.values)).joined(separator: " ")),
                        SQLBind(record.category.joined(separator: " ")), SQLBind(record.bulletPoints.joined(separator: " ")),
                        SQLBind(record.description ?? ""),
                    ])
                }
                try await insert.run()
            }
        }

        trace.mark("fts")
        // 3. Variants: reuse the one with the same options on the product, else add it.
        var variantByKey: [String: String] = [:]  // "product|options_key" → variant id
        let existingSet = Array(Set(existingProducts))
        for chunk in existingSet.chunks(of: 2_000) {
            let rows = try await sql.raw(
                "SELECT id, product_id, options_key FROM variants WHERE org_id = \(bind: org) AND product_id IN (\(binds: Array(chunk)))"
            ).all()
            for row in rows {
                let key = try row.decode(column: "product_id", as: String.self) + "|" + row.decode(column: "options_key", as: String.self)
                variantByKey[key] = try row.decode(column: "id", as: String.self)
            }
        }
        var newVariants: [(id: String, productID: String, variant: VariantRecord)] = []
        var offerRows: [(record: CatalogRecord, variant: VariantRecord, productID: String, variantID: String, offerID: String)] = []
        for (record, productID) in zip(records, productIDs) {
            for variant in record.variants {
                let key = productID + "|" + variant.optionsKey
                let variantID: String
                if let existing = variantByKey[key] {
                    variantID = existing
                } else {
                    variantID = Identifier.make("var")
                    variantByKey[key] = variantID
                    newVariants.append((variantID, productID, variant))
                }
                let offerID = offersBySKU[variant.sku]?.id ?? Identifier.make("ofr")
                offerRows.append((record, variant, productID, variantID, offerID))
            }
        }
        for chunk in newVariants.chunks(of: max(1, bindsPerStatement / 6)) {
            let insert = sql.insert(into: "variants").columns("id", "org_id", "product_id", "sku", "options", "options_key")
            for entry in chunk {
                insert.values([
                    SQLBind(entry.id), SQLBind(org), SQLBind(entry.productID), SQLBind(entry.variant.sku),
                    SQLBind(choicesJSON(entry.variant.options)), SQLBind(entry.variant.optionsKey),
                ])
            }
            try await insert.run()
        }

        trace.mark("variants")
        // 4. Offers, upserted by (vendor, SKU); price history for new offers and for changes.
        var outcome = BatchOutcome()
        var history: [(offerID: String, terms: OfferTerms)] = []
        for entry in offerRows {
            let terms = entry.variant.terms
            if let before = offersBySKU[entry.variant.sku] {
                let stockChanged = before.stock.map(Int.init) != terms.stock
                if before.price != terms.price.units || stockChanged {
                    outcome.changedOffers += 1
                    history.append((entry.offerID, terms))
                    if before.price != terms.price.units, before.price > 0 {
                        let change = abs(Double(terms.price.units - before.price)) * 100 / Double(before.price)
                        if change >= Double(alertPercent) {
                            outcome.alerts.append(
                                CatalogAlert(
                                    kind: .priceChanged, offerID: entry.offerID, productID: entry.productID, vendorSKU: entry.variant.sku,
                                    oldPrice: FixedDecimal(units: before.price), newPrice: terms.price, stock: terms.stock))
                        }
                    }
                    if terms.stock == 0 && (before.stock ?? 1) > 0 {
                        outcome.alerts.append(
                            CatalogAlert(
                                kind: .stockOut, offerID: entry.offerID, productID: entry.productID, vendorSKU: entry.variant.sku,
                                oldPrice: nil, newPrice: terms.price, stock: 0))
                    }
                }
            } else {
                outcome.newOffers += 1
                history.append((entry.offerID, terms))
            }
        }
        trace.mark("decide-offers")
        for chunk in offerRows.chunks(of: max(1, bindsPerStatement / 20)) {
            let insert = sql.insert(into: "offers").columns(
                "id", "org_id", "vendor_id", "product_id", "variant_id", "vendor_sku", "parent_sku", "price", "currency", "price_breaks",
                "stock", "moq", "order_multiple", "lead_time_days", "unit", "pack_size", "base_price", "valid_from", "valid_until",
                "updated_at")
            for entry in chunk {
                let terms = entry.variant.terms
                insert.values([
                    SQLBind(entry.offerID), SQLBind(org), SQLBind(vendor.id), SQLBind(entry.productID), SQLBind(entry.variantID),
                    SQLBind(entry.variant.sku), SQLBind(entry.record.sku), SQLBind(terms.price.units), SQLBind(terms.currency.code),
                    SQLBind(breaksJSON(terms.priceBreaks)), SQLBind(terms.stock.map(Int64.init)), SQLBind(terms.moq),
                    SQLBind(terms.orderMultiple), SQLBind(terms.leadTimeDays), SQLBind(terms.unit.code), SQLBind(terms.packSize),
                    SQLBind(terms.baseUnitPrice.units), SQLBind(terms.validFrom), SQLBind(terms.validUntil), SQLBind(now),
                ])
            }
            try await insert.onConflict(with: ["org_id", "vendor_id", "vendor_sku"]) { update in
                for column in [
                    "product_id", "variant_id", "parent_sku", "price", "currency", "price_breaks", "stock", "moq", "order_multiple",
                    "lead_time_days", "unit", "pack_size", "base_price", "valid_from", "valid_until", "updated_at",
                ] {
                    update.set(excludedValueOf: column)
                }
                return update
            }.run()
        }
        trace.mark("offers")
        for chunk in history.chunks(of: max(1, bindsPerStatement / 7)) {
            let insert = sql.insert(into: "price_history").columns(
                "org_id", "offer_id", "price", "currency", "stock", "source", "recorded_at")
            for entry in chunk {
                insert.values([
                    SQLBind(org), SQLBind(entry.offerID), SQLBind(entry.terms.price.units), SQLBind(entry.terms.currency.code),
                    SQLBind(entry.terms.stock.map(Int64.init)), SQLBind(source), SQLBind(now),
                ])
            }
            try await insert.run()
        }

        trace.mark("history")
        // 5. Per-product summaries used by search filters, sorting and facets.
        let touched = Array(Set(productIDs))
        try await refreshSummaries(touched, sql: sql, dialect: dialect, now: now)
        if dialect == .postgres { try await refreshSearchVectors(touched, sql: sql) }
        trace.mark("summaries")
        trace.report(records.count)
        outcome.productIDs = productIDs
        return outcome
    }

    static func refreshSummaries(_ productIDs: [String], sql: any SQLDatabase, dialect: DatabaseDialect, now: Int64) async throws {
        let vendors =
            dialect == .sqlite
            ? "(SELECT group_concat(vendor_id, ',') FROM (SELECT DISTINCT vendor_id FROM offers o WHERE o.product_id = products.id))"
            : "(SELECT string_agg(DISTINCT vendor_id, ',') FROM offers o WHERE o.product_id = products.id)"
        for chunk in productIDs.chunks(of: 2_000) {
            try await sql.raw(
                """
                UPDATE products SET
                    min_price = (SELECT min(base_price) FROM offers o WHERE o.product_id = products.id),
                    in_stock = CASE WHEN EXISTS (SELECT 1 FROM offers o WHERE o.product_id = products.id AND (o.stock IS NULL OR o.stock > 0))
                               THEN 1 ELSE 0 END,
                    vendor_ids = coalesce(\(unsafeRaw: vendors), ''),
                    updated_at = CASE WHEN updated_at >= \(bind: now) THEN updated_at + 1 ELSE \(bind: now) END
                WHERE id IN (\(binds: Array(chunk)))
                """
            ).run()
        }
    }

    static func refreshSearchVectors(_ productIDs: [String], sql: any SQLDatabase) async throws {
        for chunk in productIDs.chunks(of: 2_000) {
            try await sql.raw(
                """
                UPDATE products SET search =
                    setweight(to_tsvector('english', title), 'A') ||
                    setweight(to_tsvector('english', coalesce(brand, '') || ' ' || category_path || ' ' || attributes || ' ' || options), 'B') ||
                    setweight(to_tsvector('english', bullets), 'C') ||
                    setweight(to_tsvector('english', coalesce(description, '')), 'D')
                WHERE id IN (\(binds: Array(chunk)))
                """
            ).run()
        }
    }

    // MARK: JSON columns

    static func json(_ text: String, _ dialect: DatabaseDialect) -> any SQLExpression {
        dialect == .postgres ? SQLQueryString("CAST(\(bind: text) AS JSONB)") : SQLBind(text)
    }

    static func jsonArray(_ values: [String]) -> String {
        JSONValue.array(values.map(JSONValue.string)).serialized
    }

    static func optionsJSON(_ options: [ProductOption]) -> String {
        JSONValue.array(
            options.map { .object([JSONMember("name", .string($0.name)), JSONMember("values", .array($0.values.map(JSONValue.string)))]) }
        ).serialized
    }

    static func choicesJSON(_ choices: [OptionChoice]) -> String {
        JSONValue.object(choices.map { JSONMember($0.name, .string($0.value)) }).serialized
    }

    static func breaksJSON(_ breaks: [PriceBreak]) -> String {
        JSONValue.array(
            breaks.map { .object([JSONMember("min_qty", .number(String($0.minQuantity))), JSONMember("price", .number($0.price.text()))]) }
        ).serialized
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        guard !isEmpty else { return [] }
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Phase timings of a batch, printed to standard error when `QUARTERMASTER_TRACE_IMPORT` is set.
struct PhaseTrace {
    static let enabled = getenv("QUARTERMASTER_TRACE_IMPORT") != nil
    var last = ContinuousClock.now
    var phases: [(String, Duration)] = []

    mutating func mark(_ name: String) {
        guard Self.enabled else { return }
        let now = ContinuousClock.now
        phases.append((name, now - last))
        last = now
    }

    func report(_ records: Int) {
        guard Self.enabled else { return }
        let text = phases.map { "\($0.0)=\(Int($0.1.inMilliseconds))ms" }
        FileHandle.standardError.write(Data("batch \(records): \(text.joined(separator: " "))\n".utf8))
    }
}
