import Crypto
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
    /// The vendor's offers were those counted by `ownOffers` and no others when the batch began (or
    /// the batch was empty and checked nothing): the import may count on.
    public var onlyOffers = false
}

/// Writes validated records in batches: products deduplicated by GTIN (else by the vendor's product
/// SKU), variants by their options, offers upserted by vendor SKU, price history for every change, the
/// search index kept in step. Rows go through `BulkInsert` and keys through `BulkLookup`: one prepared
/// statement per table on SQLite, multi-row statements on PostgreSQL.
enum CatalogWriter {
    struct ExistingOffer {
        let id: String
        let productID: String
        let variantID: String
        let price: Int64
        let stock: Int64?
        let termsHash: String?
    }

    /// A product's search summary: its lowest base-unit price, whether any offer is in stock, its vendors.
    struct Summary {
        var minPrice: Int64
        var inStock: Bool

        /// `summary` (none yet: nothing) with one more offer on these terms.
        static func adding(_ terms: OfferTerms, to summary: Summary?) -> Summary {
            let price = terms.baseUnitPrice.units
            let inStock = terms.stock.map { $0 > 0 } ?? true
            guard let summary else { return Summary(minPrice: price, inStock: inStock) }
            return Summary(minPrice: min(summary.minPrice, price), inStock: summary.inStock || inStock)
        }
    }

    /// What the writer needs of one record that the database does not decide: the text of its rows and
    /// ids for whatever of it turns out to be new. An import makes these on the core that parses, so the
    /// writer (which holds the write lock) only decides and writes.
    struct Prepared: Sendable {
        struct Variant: Sendable {
            /// Used when no variant with these options exists on the product, and when the vendor has
            /// no offer with this SKU.
            let variantID: String
            let offerID: String
            let choices: String
            let breaks: String
            /// A digest of the offer's columns that come from the file (`offers.terms_hash`).
            let termsHash: String
        }
        let record: CatalogRecord
        /// Used when the product is new.
        let productID: String
        let bullets: String
        let category: String
        let categoryPath: String
        let images: String
        let attributes: String
        let specs: String
        let options: String
        /// Full-text columns made of lists: attributes with option values, category, bullets.
        let searchAttributes: String
        let searchCategory: String
        let searchBullets: String
        /// A digest of the product's columns that come from the file (`products.content_hash`): a
        /// product whose file content did not change is not written again.
        let contentHash: String
        let variants: [Variant]

        init(_ record: CatalogRecord) {
            self.record = record
            productID = Identifier.make("prd")
            bullets = jsonArray(record.bulletPoints)
            category = jsonArray(record.category)
            categoryPath = record.category.joined(separator: " > ")
            images = jsonArray(record.images)
            attributes = jsonArray(record.attributes)
            specs = JSONValue.object(record.specs).serialized
            options = optionsJSON(record.options)
            searchAttributes = (record.attributes + record.options.flatMap(\.values)).joined(separator: " ")
            searchCategory = record.category.joined(separator: " ")
            searchBullets = record.bulletPoints.joined(separator: " ")
            contentHash = Self.digest([
                Self.rowsVersion, record.title, record.brand, record.description, bullets, category, record.unspsc, record.gtin, record.mpn,
                images, attributes, specs, options,
            ])
            variants = record.variants.map { variant in
                let terms = variant.terms
                let breaks = breaksJSON(terms.priceBreaks)
                return Variant(
                    variantID: Identifier.make("var"), offerID: Identifier.make("ofr"), choices: choicesJSON(variant.options),
                    breaks: breaks,
                    termsHash: Self.digest([
                        Self.rowsVersion, record.sku, String(terms.price.units), terms.currency.code, breaks, terms.stock.map(String.init),
                        String(terms.moq), String(terms.orderMultiple), terms.leadTimeDays.map(String.init), terms.unit.code,
                        String(terms.packSize), terms.validFrom, terms.validUntil,
                    ]))
            }
        }

        /// Part of every digest. Raise it when the rows made from a record change (full-text and spec
        /// index rows, the search vector, the category path, an offer's columns): the next import of each
        /// product and offer then writes them again instead of finding them unchanged.
        static let rowsVersion = "1"

        /// The first 16 bytes of SHA-256 over the fields, each followed by a separator (a missing one
        /// by a different separator), in hex.
        static func digest(_ fields: [String?]) -> String {
            var hasher = SHA256()
            for field in fields {
                if let field { hasher.update(data: Array(field.utf8)) }
                hasher.update(data: [field == nil ? 0x1E : 0x1F])
            }
            return hasher.finalize().prefix(16).hexString
        }
    }

    static let products = BulkInsert(
        table: "products",
        columns: [
            "id", "org_id", "title", "brand", "description", "bullets", "category", "category_path", "category_top", "unspsc", "gtin",
            "mpn",
            "images", "attributes", "specs", "options", "source_vendor_id", "vendor_ids", "min_price", "in_stock", "created_at",
            "updated_at", "content_hash",
        ],
        jsonColumns: ["specs"],
        onConflict: """
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, brand = excluded.brand, description = excluded.description,
            bullets = excluded.bullets, category = excluded.category, category_path = excluded.category_path,
            category_top = excluded.category_top, unspsc = excluded.unspsc, gtin = excluded.gtin, mpn = excluded.mpn,
            images = excluded.images, attributes = excluded.attributes, specs = excluded.specs, options = excluded.options,
            content_hash = excluded.content_hash, updated_at = CASE WHEN excluded.updated_at > products.updated_at THEN excluded.updated_at ELSE products.updated_at + 1 END
            """,
        returning: ["seq", "id"])

    static let searchText = BulkInsert(
        table: "product_fts", columns: ["rowid", "title", "brand", "attributes", "category", "bullets", "description"])

    static let variants = BulkInsert(table: "variants", columns: ["id", "org_id", "product_id", "sku", "options", "options_key"])

    static let offerColumns = [
        "product_id", "variant_id", "parent_sku", "price", "currency", "price_breaks", "stock", "moq", "order_multiple", "lead_time_days",
        "unit", "pack_size", "base_price", "valid_from", "valid_until", "updated_at", "terms_hash",
    ]
    static let offers = BulkInsert(
        table: "offers", columns: ["id", "org_id", "vendor_id", "vendor_sku"] + offerColumns,
        onConflict: "ON CONFLICT (org_id, vendor_id, vendor_sku) DO UPDATE SET "
            + offerColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))

    static let history = BulkInsert(
        table: "price_history", columns: ["org_id", "offer_id", "price", "currency", "stock", "source", "recorded_at"])

    /// `ownOffers`: how many offers earlier batches of the same file added, when they were all of the
    /// vendor's offers. When the vendor still has just those (its `offer_count`, kept here), this batch's
    /// SKUs cannot be among them (a file's SKUs are unique in it, and offers are only ever added), so no
    /// SKU is looked up.
    static func write(
        _ batch: [Prepared], vendor: VendorRecord, tenant: Tenant, source: String, alertPercent: Int, ownOffers: Int? = nil,
        in tx: Transaction
    ) async throws -> BatchOutcome {
        guard !batch.isEmpty else {
            // Nothing looked up or written: an import's count of its own offers carries on to its next
            // batch (which checks it against the vendor's count again).
            var outcome = BatchOutcome()
            outcome.onlyOffers = ownOffers != nil
            return outcome
        }
        let sql = tx.sql
        let dialect = tx.dialect
        let org = tenant.organizationID
        let now = Clock.nowMilliseconds()
        var trace = PhaseTrace()

        // 0. The vendor, and with it the organisation, exists now: every other row this batch refers to
        // is found or written in this transaction (it may run without per-row reference checks). On
        // PostgreSQL its row stays locked until the commit, so two batches for one vendor take turns.
        guard
            let vendorRow = try await sql.raw(
                """
                SELECT offer_count FROM vendors WHERE id = \(bind: vendor.id) AND org_id = \(bind: org)
                \(unsafeRaw: dialect == .postgres ? "FOR UPDATE" : "")
                """
            ).first()
        else {
            throw StoreError.notFound("vendor")
        }

        // 1. What this vendor already sells, by SKU; products by GTIN and by the vendor's product SKU.
        let onlyOwnOffers = try ownOffers != nil && vendorRow.decode(column: "offer_count", as: Int.self) == ownOffers
        var offersBySKU: [String: ExistingOffer] = [:]
        let byVendor: [(column: String, value: BulkValue)] = [("org_id", .text(org)), ("vendor_id", .text(vendor.id))]
        let known = try await BulkLookup(
            select: "SELECT id, vendor_sku, product_id, variant_id, price, stock, terms_hash FROM offers", conditions: byVendor,
            key: "vendor_sku"
        ).run(onlyOwnOffers ? [] : batch.flatMap { $0.record.variants.map(\.sku) }, in: sql)
        for row in known {
            offersBySKU[try row.decode(column: "vendor_sku", as: String.self)] = ExistingOffer(
                id: try row.decode(column: "id", as: String.self), productID: try row.decode(column: "product_id", as: String.self),
                variantID: try row.decode(column: "variant_id", as: String.self), price: try row.decode(column: "price", as: Int64.self),
                stock: try row.decode(column: "stock", as: Int64?.self), termsHash: try row.decode(column: "terms_hash", as: String?.self))
        }
        var productsByGTIN: [String: (id: String, source: String?)] = [:]
        let byGTIN = try await BulkLookup(
            select: "SELECT id, gtin, source_vendor_id FROM products", conditions: [("org_id", .text(org))], key: "gtin"
        ).run(batch.compactMap(\.record.gtin), in: sql)
        for row in byGTIN {
            productsByGTIN[try row.decode(column: "gtin", as: String.self)] = (
                try row.decode(column: "id", as: String.self), try row.decode(column: "source_vendor_id", as: String?.self)
            )
        }
        var productsByParent: [String: String] = [:]
        let parents = onlyOwnOffers ? [] : batch.filter { !$0.record.variants.contains { offersBySKU[$0.sku] != nil } }.map(\.record.sku)
        let byParent = try await BulkLookup(select: "SELECT parent_sku, product_id FROM offers", conditions: byVendor, key: "parent_sku")
            .run(parents, in: sql)
        for row in byParent {
            productsByParent[try row.decode(column: "parent_sku", as: String.self)] = try row.decode(column: "product_id", as: String.self)
        }

        trace.mark("lookups")
        await Task.yield()
        // 2. Decide each record's product, and which product rows this vendor may write.
        var productIDs: [String] = []
        // Records by index, not copied: a record holds a dozen reference-counted fields.
        var writable: [(index: Int, id: String, new: Bool)] = []
        var existingProducts = Set<String>()
        var seenInBatch: [String: String] = [:]
        var written = Set<String>()
        for index in batch.indices {
            let record = batch[index].record
            let found =
                record.variants.lazy.compactMap { offersBySKU[$0.sku]?.productID }.first
                ?? record.gtin.flatMap { productsByGTIN[$0]?.id } ?? productsByParent[record.sku]
            let id: String
            var mayWrite: Bool
            if let found {
                id = found
                existingProducts.insert(found)
                let owner = record.gtin.flatMap { productsByGTIN[$0]?.source } ?? vendor.id
                mayWrite = owner == vendor.id
            } else if let gtin = record.gtin, let earlier = seenInBatch[gtin] {
                id = earlier
                mayWrite = false
            } else {
                id = batch[index].productID
                mayWrite = true
            }
            if let gtin = record.gtin, seenInBatch[gtin] == nil { seenInBatch[gtin] = id }
            productIDs.append(id)
            if mayWrite && written.insert(id).inserted { writable.append((index, id, found == nil)) }
        }
        // A product whose content in the file is what was last written is left as it is (row, full-text
        // and spec index rows): a feed that changed nothing rewrites nothing.
        let rewriting = writable.filter { !$0.new }.map(\.id)
        if !rewriting.isEmpty {
            var stored: [String: String] = [:]
            let rows = try await BulkLookup(
                select: "SELECT id, content_hash FROM products", conditions: [("org_id", .text(org))], key: "id"
            ).run(rewriting, in: sql)
            for row in rows {
                if let hash = try row.decode(column: "content_hash", as: String?.self) {
                    stored[try row.decode(column: "id", as: String.self)] = hash
                }
            }
            writable.removeAll { !$0.new && stored[$0.id] == batch[$0.index].contentHash }
        }

        // 3. Variants: reuse the one with the same options on the product, else add it.
        var variantByKey: [String: String] = [:]  // "product|options_key" → variant id
        let variantRows = try await BulkLookup(
            select: "SELECT id, product_id, options_key FROM variants", conditions: [("org_id", .text(org))], key: "product_id"
        ).run(Array(existingProducts), in: sql)
        for row in variantRows {
            let key = try row.decode(column: "product_id", as: String.self) + "|" + row.decode(column: "options_key", as: String.self)
            variantByKey[key] = try row.decode(column: "id", as: String.self)
        }
        trace.mark("variant-lookup")
        var newVariants: [[BulkValue]] = []
        var offerRows: [(record: Int, variant: Int, productID: String, variantID: String, offerID: String)] = []
        // Summaries of products new in this batch: all their offers are here.
        var summaries: [String: Summary] = [:]
        for (recordIndex, productID) in productIDs.enumerated() {
            let prepared = batch[recordIndex].variants
            for (variantIndex, variant) in batch[recordIndex].record.variants.enumerated() {
                let key = productID + "|" + variant.optionsKey
                let variantID: String
                if let existing = variantByKey[key] {
                    variantID = existing
                } else {
                    variantID = prepared[variantIndex].variantID
                    variantByKey[key] = variantID
                    newVariants.append([
                        .text(variantID), .text(org), .text(productID), .text(variant.sku), .text(prepared[variantIndex].choices),
                        .text(variant.optionsKey),
                    ])
                }
                let offerID = offersBySKU[variant.sku]?.id ?? prepared[variantIndex].offerID
                offerRows.append((recordIndex, variantIndex, productID, variantID, offerID))
                if !existingProducts.contains(productID) {
                    summaries[productID] = Summary.adding(variant.terms, to: summaries[productID])
                }
            }
        }
        // An offer whose columns are all as stored is not written again (its `updated_at` is when it last
        // changed).
        let writtenOffers = offerRows.filter { entry in
            let sku = batch[entry.record].record.variants[entry.variant].sku
            guard let before = offersBySKU[sku] else { return true }
            return before.termsHash != batch[entry.record].variants[entry.variant].termsHash || before.productID != entry.productID
                || before.variantID != entry.variantID
        }
        // Summaries of the products that already existed (other vendors' offers count too): one that only
        // gained offers is summarised from its summary and the new offers; one whose offers changed, or
        // that an offer left for another product, again from all of them.
        var gained: [String: Summary] = [:]
        var changed = Set<String>()
        for entry in writtenOffers {
            let variant = batch[entry.record].record.variants[entry.variant]
            if let before = offersBySKU[variant.sku] {
                // An existing offer always lands on an existing product (its own, found first).
                changed.formUnion([before.productID, entry.productID])
            } else if existingProducts.contains(entry.productID) {
                gained[entry.productID] = Summary.adding(variant.terms, to: gained[entry.productID])
            }
        }
        gained = gained.filter { !changed.contains($0.key) }
        trace.mark("decide")
        await Task.yield()

        // On PostgreSQL, the existing products this batch writes are locked first, in id order: two
        // vendors' batches sharing products then take turns instead of deadlocking, and a summary worked
        // out again below reads the offers of whoever held the product before (a statement that waited
        // for a row lock would still read other tables as they were when it began).
        if dialect == .postgres {
            let touched = Set(writable.lazy.filter { !$0.new }.map(\.id)).union(changed).union(gained.keys).sorted()
            for chunk in touched.chunks(of: 2_000) {
                try await sql.raw("SELECT id FROM products WHERE id IN (\(binds: Array(chunk))) ORDER BY id FOR UPDATE").run()
            }
            trace.mark("lock-products")
        }

        // 4. Product rows (new ones with their summary), then their full-text and spec index rows (SQLite).
        let productRows = writable.map { entry -> [BulkValue] in
            let prepared = batch[entry.index]
            let record = prepared.record
            let summary = summaries[entry.id]
            return [
                .text(entry.id), .text(org), .text(record.title), BulkValue(record.brand), BulkValue(record.description),
                .text(prepared.bullets), .text(prepared.category), .text(prepared.categoryPath), .text(record.category[0]),
                BulkValue(record.unspsc), BulkValue(record.gtin), BulkValue(record.mpn), .text(prepared.images),
                .text(prepared.attributes), .text(prepared.specs), .text(prepared.options), .text(vendor.id),
                .text(summary == nil ? "" : vendor.id), BulkValue(summary?.minPrice), .integer(summary?.inStock == true ? 1 : 0),
                .integer(now), .integer(now), .text(prepared.contentHash),
            ]
        }
        trace.mark("product-rows")
        let rewritten = writable.filter { !$0.new }
        if dialect == .sqlite { try await SpecIndex.remove(productIDs: rewritten.map(\.id), in: sql) }
        var seqByID: [String: Int64] = [:]
        for row in try await products.run(productRows, in: sql) {
            seqByID[try row.decode(column: "id", as: String.self)] = try row.decode(column: "seq", as: Int64.self)
        }
        trace.mark("products")
        await Task.yield()
        if dialect == .sqlite && !writable.isEmpty {
            let replaced = rewritten.compactMap { seqByID[$0.id] }
            for chunk in replaced.chunks(of: 5_000) {
                try await sql.raw("DELETE FROM product_fts WHERE rowid IN (\(binds: Array(chunk)))").run()
            }
            let rows = writable.compactMap { entry -> [BulkValue]? in
                guard let seq = seqByID[entry.id] else { return nil }
                let prepared = batch[entry.index]
                return [
                    .integer(seq), .text(prepared.record.title), .text(prepared.record.brand ?? ""), .text(prepared.searchAttributes),
                    .text(prepared.searchCategory), .text(prepared.searchBullets), .text(prepared.record.description ?? ""),
                ]
            }
            trace.mark("fts-rows")
            try await searchText.run(rows, in: sql)
            trace.mark("fts")
            try await SpecIndex.add(writable.compactMap { seqByID[$0.id] }, in: sql)
            trace.mark("specs")
        }
        await Task.yield()
        try await variants.run(newVariants, in: sql)
        trace.mark("variants")
        await Task.yield()

        // 5. Offers, upserted by (vendor, SKU); price history for new offers and for changes.
        var outcome = BatchOutcome()
        outcome.onlyOffers = onlyOwnOffers
        var historyRows: [[BulkValue]] = []
        for entry in offerRows {
            let variant = batch[entry.record].record.variants[entry.variant]
            let terms = variant.terms
            if let before = offersBySKU[variant.sku] {
                let stockChanged = before.stock.map(Int.init) != terms.stock
                guard before.price != terms.price.units || stockChanged else { continue }
                outcome.changedOffers += 1
                if before.price != terms.price.units, before.price > 0 {
                    let change = abs(Double(terms.price.units - before.price)) * 100 / Double(before.price)
                    if change >= Double(alertPercent) {
                        outcome.alerts.append(
                            CatalogAlert(
                                kind: .priceChanged, offerID: entry.offerID, productID: entry.productID, vendorSKU: variant.sku,
                                oldPrice: FixedDecimal(units: before.price), newPrice: terms.price, stock: terms.stock))
                    }
                }
                if terms.stock == 0 && (before.stock ?? 1) > 0 {
                    outcome.alerts.append(
                        CatalogAlert(
                            kind: .stockOut, offerID: entry.offerID, productID: entry.productID, vendorSKU: variant.sku,
                            oldPrice: nil, newPrice: terms.price, stock: 0))
                }
            } else {
                outcome.newOffers += 1
            }
            historyRows.append([
                .text(org), .text(entry.offerID), .integer(terms.price.units), .text(terms.currency.code), BulkValue(terms.stock),
                .text(source), .integer(now),
            ])
        }
        let offerValues = writtenOffers.map { entry -> [BulkValue] in
            let record = batch[entry.record].record
            let variant = record.variants[entry.variant]
            let terms = variant.terms
            return [
                .text(entry.offerID), .text(org), .text(vendor.id), .text(variant.sku), .text(entry.productID),
                .text(entry.variantID), .text(record.sku), .integer(terms.price.units), .text(terms.currency.code),
                .text(batch[entry.record].variants[entry.variant].breaks), BulkValue(terms.stock), .integer(Int64(terms.moq)),
                .integer(Int64(terms.orderMultiple)), BulkValue(terms.leadTimeDays), .text(terms.unit.code),
                .integer(Int64(terms.packSize)),
                .integer(terms.baseUnitPrice.units), BulkValue(terms.validFrom), BulkValue(terms.validUntil), .integer(now),
                .text(batch[entry.record].variants[entry.variant].termsHash),
            ]
        }
        trace.mark("decide-offers")
        await Task.yield()
        try await offers.run(offerValues, in: sql)
        if outcome.newOffers > 0 {
            try await sql.raw(
                "UPDATE vendors SET offer_count = offer_count + \(bind: outcome.newOffers) WHERE id = \(bind: vendor.id)"
            ).run()
        }
        trace.mark("offers")
        await Task.yield()
        try await history.run(historyRows, in: sql)
        trace.mark("history")
        await Task.yield()

        // 6. Summaries of the products that already existed (`changed` and `gained`, decided above).
        try await refreshSummaries(Array(changed), sql: sql, dialect: dialect, now: now)
        try await addToSummaries(gained, vendorID: vendor.id, sql: sql, dialect: dialect, now: now)
        if dialect == .postgres { try await refreshSearchVectors(writable.map(\.id), sql: sql) }
        trace.mark("summaries")
        trace.report(batch.count)
        outcome.productIDs = productIDs
        return outcome
    }

    /// The assignments of an `UPDATE products` that work each product's summary out from all its offers.
    static func summaryFromOffers(_ dialect: DatabaseDialect) -> String {
        let vendors =
            dialect == .sqlite
            ? "(SELECT group_concat(vendor_id, ',') FROM (SELECT DISTINCT vendor_id FROM offers o WHERE o.product_id = products.id))"
            : "(SELECT string_agg(DISTINCT vendor_id, ',') FROM offers o WHERE o.product_id = products.id)"
        return """
            min_price = (SELECT min(base_price) FROM offers o WHERE o.product_id = products.id),
            in_stock = CASE WHEN EXISTS (SELECT 1 FROM offers o WHERE o.product_id = products.id AND (o.stock IS NULL OR o.stock > 0))
                       THEN 1 ELSE 0 END,
            vendor_ids = coalesce(\(vendors), '')
            """
    }

    static func refreshSummaries(_ productIDs: [String], sql: any SQLDatabase, dialect: DatabaseDialect, now: Int64) async throws {
        for chunk in productIDs.chunks(of: 2_000) {
            try await sql.raw(
                """
                UPDATE products SET \(unsafeRaw: summaryFromOffers(dialect)),
                    updated_at = CASE WHEN updated_at >= \(bind: now) THEN updated_at + 1 ELSE \(bind: now) END
                WHERE id IN (\(binds: Array(chunk)))
                """
            ).run()
        }
    }

    /// Adds new offers to their products' summaries: the lower price, in stock if either is, and the
    /// vendor in the list if it is not there yet (the same summary `refreshSummaries` computes, when
    /// the product's other offers did not change).
    static func addToSummaries(
        _ gained: [String: Summary], vendorID: String, sql: any SQLDatabase, dialect: DatabaseDialect, now: Int64
    ) async throws {
        let position = dialect == .sqlite ? "instr" : "strpos"
        for chunk in Array(gained).chunks(of: 2_000) {
            var query = SQLQueryString(
                """
                UPDATE products SET
                    min_price = CASE WHEN products.min_price IS NULL OR v.column2 < products.min_price THEN v.column2
                                     ELSE products.min_price END,
                    in_stock = CASE WHEN v.column3 = 1 THEN 1 ELSE products.in_stock END,
                    vendor_ids = CASE WHEN products.vendor_ids = '' THEN \(bind: vendorID)
                                      WHEN \(unsafeRaw: position)(',' || products.vendor_ids || ',', \(bind: "," + vendorID + ",")) > 0
                                      THEN products.vendor_ids
                                      ELSE products.vendor_ids || ',' || \(bind: vendorID) END,
                    updated_at = CASE WHEN products.updated_at >= \(bind: now) THEN products.updated_at + 1 ELSE \(bind: now) END
                FROM (VALUES\u{20}
                """)
            for (index, entry) in chunk.enumerated() {
                query.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                query.appendInterpolation(bind: entry.key)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: entry.value.minPrice)
                query.appendInterpolation(unsafeRaw: entry.value.inStock ? ", 1)" : ", 0)")
            }
            query.appendInterpolation(unsafeRaw: ") AS v WHERE products.id = v.column1")
            try await sql.raw(query).run()
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
