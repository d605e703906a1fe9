import QuartermasterCore
import SQLKit

/// Vendors, imports, products, offers, price history, feeds and embeddings of one organisation.
public struct CatalogRepository: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    static let vendorColumns =
        "id, org_id, name, kind, contact_name, contact_email, contact_phone, website, currency, shipping_fee, free_shipping_over, "
        + "min_order_value, lead_time_days, reliability, address, created_at, updated_at"

    // MARK: Vendors

    public func createVendor(_ tenant: Tenant, _ vendor: NewVendor) async throws -> VendorRecord {
        try await store.write { tx in
            if try await tx.sql.raw(
                "SELECT 1 AS one FROM vendors WHERE org_id = \(bind: tenant.organizationID) AND lower(name) = \(bind: vendor.name.lowercased())"
            ).first() != nil {
                throw StoreError.conflict(field: "name", message: "a vendor named \(vendor.name) already exists")
            }
            let id = Identifier.make("vnd")
            let now = Clock.nowMilliseconds()
            try await tx.sql.raw(
                """
                INSERT INTO vendors (id, org_id, name, kind, contact_name, contact_email, contact_phone, website, currency, shipping_fee,
                    free_shipping_over, min_order_value, lead_time_days, reliability, address, created_at, updated_at)
                VALUES (\(bind: id), \(bind: tenant.organizationID), \(bind: vendor.name), \(bind: vendor.kind), \(bind: vendor.contactName),
                    \(bind: vendor.contactEmail), \(bind: vendor.contactPhone), \(bind: vendor.website), \(bind: vendor.currency.code),
                    \(bind: vendor.shippingFee.units), \(bind: vendor.freeShippingOver?.units), \(bind: vendor.minOrderValue?.units),
                    \(bind: vendor.leadTimeDays), \(bind: vendor.reliability), \(bind: vendor.address.map(AgentJSON.encode)),
                    \(bind: now), \(bind: now))
                """
            ).run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "vendor.created", subject: vendor.name,
                data: JSONText.encode(["id": .string(id), "name": .string(vendor.name)]))
            guard let row = try await tx.sql.raw("SELECT \(unsafeRaw: Self.vendorColumns) FROM vendors WHERE id = \(bind: id)").first()
            else {
                throw StoreError.notFound("vendor")
            }
            return try VendorRecord(row: row)
        }
    }

    public func updateVendor(_ tenant: Tenant, id: String, _ vendor: NewVendor) async throws -> VendorRecord {
        try await store.write { tx in
            if try await tx.sql.raw(
                """
                SELECT 1 AS one FROM vendors WHERE org_id = \(bind: tenant.organizationID) AND lower(name) = \(bind: vendor.name.lowercased())
                AND id <> \(bind: id)
                """
            ).first() != nil {
                throw StoreError.conflict(field: "name", message: "a vendor named \(vendor.name) already exists")
            }
            let updated = try await tx.sql.raw(
                """
                UPDATE vendors SET name = \(bind: vendor.name), kind = \(bind: vendor.kind), contact_name = \(bind: vendor.contactName),
                    contact_email = \(bind: vendor.contactEmail), contact_phone = \(bind: vendor.contactPhone), website = \(bind: vendor.website),
                    currency = \(bind: vendor.currency.code), shipping_fee = \(bind: vendor.shippingFee.units),
                    free_shipping_over = \(bind: vendor.freeShippingOver?.units), min_order_value = \(bind: vendor.minOrderValue?.units),
                    lead_time_days = \(bind: vendor.leadTimeDays), reliability = \(bind: vendor.reliability),
                    address = \(bind: vendor.address.map(AgentJSON.encode)),
                    updated_at = \(bind: Clock.nowMilliseconds())
                WHERE org_id = \(bind: tenant.organizationID) AND id = \(bind: id)
                RETURNING \(unsafeRaw: Self.vendorColumns)
                """
            ).first()
            guard let updated else { throw StoreError.notFound("vendor") }
            return try VendorRecord(row: updated)
        }
    }

    public func vendors(_ tenant: Tenant) async throws -> [VendorRecord] {
        try await store.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.vendorColumns) FROM vendors WHERE org_id = \(bind: tenant.organizationID) ORDER BY name"
            ).all().map(VendorRecord.init(row:))
        }
    }

    public func vendor(_ tenant: Tenant, id: String) async throws -> VendorRecord? {
        try await store.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.vendorColumns) FROM vendors WHERE org_id = \(bind: tenant.organizationID) AND id = \(bind: id)"
            ).first().map(VendorRecord.init(row:))
        }
    }

    /// By id, or by name ignoring case (for the CLI).
    public func findVendor(_ tenant: Tenant, _ idOrName: String) async throws -> VendorRecord? {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.vendorColumns) FROM vendors WHERE org_id = \(bind: tenant.organizationID)
                AND (id = \(bind: idOrName) OR lower(name) = \(bind: idOrName.lowercased()))
                """
            ).first().map(VendorRecord.init(row:))
        }
    }

    // MARK: Writing records

    /// Writes records in one transaction (a batch of an import, or one product from the form), and
    /// emits the alerts it caused.
    public func write(
        _ records: [CatalogRecord], vendor: VendorRecord, tenant: Tenant, source: String, alertPercent: Int = 10,
        extra: (@Sendable (Transaction) async throws -> Void)? = nil
    ) async throws -> BatchOutcome {
        try await write(
            prepared: records.map(CatalogWriter.Prepared.init), vendor: vendor, tenant: tenant, source: source,
            alertPercent: alertPercent, extra: extra)
    }

    /// `ownOffers`: see `CatalogWriter.write`.
    func write(
        prepared: [CatalogWriter.Prepared], vendor: VendorRecord, tenant: Tenant, source: String, alertPercent: Int = 10,
        ownOffers: Int? = nil, extra: (@Sendable (Transaction) async throws -> Void)? = nil
    ) async throws -> BatchOutcome {
        // The writer makes sure of its references (the vendor in this transaction, products and
        // variants found or written in it), so SQLite need not look each one up per row.
        try await store.write(checkingReferences: false) { tx in
            let outcome = try await CatalogWriter.write(
                prepared, vendor: vendor, tenant: tenant, source: source, alertPercent: alertPercent, ownOffers: ownOffers, in: tx)
            for alert in outcome.alerts.prefix(100) {
                var data: [String: JSONText] = [
                    "offer_id": .string(alert.offerID), "product_id": .string(alert.productID), "vendor_id": .string(vendor.id),
                    "vendor": .string(vendor.vendor.name), "sku": .string(alert.vendorSKU),
                    "price": .string(alert.newPrice.text(minimumPlaces: 2)),
                ]
                if let old = alert.oldPrice { data["old_price"] = .string(old.text(minimumPlaces: 2)) }
                if let stock = alert.stock { data["stock"] = .int(Int64(stock)) }
                try await tx.emit(
                    organizationID: tenant.organizationID, type: alert.kind.rawValue, subject: alert.vendorSKU, data: JSONText.encode(data))
            }
            try await extra?(tx)
            return outcome
        }
    }

    // MARK: Imports

    public static let chunkBytes = 4 * 1024 * 1024

    /// Stores the uploaded file in chunks and queues the import job, in one transaction.
    public func createImport(
        _ tenant: Tenant, vendorID: String, format: CatalogFormat, strict: Bool, source: String, body: [UInt8], createdBy: String?,
        jobKind: String?
    ) async throws -> ImportRecord {
        let id = Identifier.make("imp")
        return try await store.write { tx in
            let now = Clock.nowMilliseconds()
            try await tx.sql.raw(
                """
                INSERT INTO catalog_imports (id, org_id, vendor_id, format, strict, source, status, total_bytes, created_by, created_at)
                VALUES (\(bind: id), \(bind: tenant.organizationID), \(bind: vendorID), \(bind: format.rawValue), \(bind: strict ? 1 : 0),
                    \(bind: source), 'queued', \(bind: Int64(body.count)), \(bind: createdBy), \(bind: now))
                """
            ).run()
            var seq = 0
            var offset = 0
            while offset < body.count {
                let end = min(body.count, offset + Self.chunkBytes)
                // Stored as base64 text: the same column type and driver path on both databases.
                let text = Base64.encode(body[offset..<end])
                try await tx.sql.raw(
                    "INSERT INTO catalog_import_chunks (import_id, seq, data) VALUES (\(bind: id), \(bind: seq), \(bind: text))"
                )
                .run()
                seq += 1
                offset = end
            }
            if let jobKind {
                _ = try await JobQueue.enqueue(
                    NewJob(
                        kind: jobKind, payload: JSONText.encode(["import_id": .string(id)]), organizationID: tenant.organizationID,
                        maxAttempts: 3),
                    in: tx)
            }
            try await tx.emit(
                organizationID: tenant.organizationID, type: "catalog.import.queued", subject: id,
                data: JSONText.encode(["import_id": .string(id), "vendor_id": .string(vendorID), "bytes": .int(Int64(body.count))]))
            guard
                let row = try await tx.sql.raw("SELECT \(unsafeRaw: ImportRecord.columns) FROM catalog_imports WHERE id = \(bind: id)")
                    .first()
            else { throw StoreError.notFound("import") }
            return try ImportRecord(row: row)
        }
    }

    public func importRecord(_ tenant: Tenant, id: String) async throws -> ImportRecord? {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: ImportRecord.columns) FROM catalog_imports
                WHERE org_id = \(bind: tenant.organizationID) AND id = \(bind: id)
                """
            ).first().map(ImportRecord.init(row:))
        }
    }

    public func imports(_ tenant: Tenant, limit: Int = 50) async throws -> [ImportRecord] {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: ImportRecord.columns) FROM catalog_imports WHERE org_id = \(bind: tenant.organizationID)
                ORDER BY created_at DESC LIMIT \(literal: max(1, min(limit, 200)))
                """
            ).all().map(ImportRecord.init(row:))
        }
    }

    /// The uploaded bytes of an import.
    public func importBody(_ id: String) async throws -> [UInt8] {
        let rows = try await store.read { sql in
            try await sql.raw("SELECT data FROM catalog_import_chunks WHERE import_id = \(bind: id) ORDER BY seq").all()
        }
        var bytes: [UInt8] = []
        for row in rows {
            guard let chunk = Base64.decode(try row.decode(column: "data", as: String.self)) else {
                throw StoreError.notFound("import data")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    public func markImportRunning(_ id: String) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                UPDATE catalog_imports SET status = 'running', started_at = \(bind: Clock.nowMilliseconds()), rows_read = 0, imported = 0,
                    rejected = 0, warnings = 0, report = '[]', error = NULL
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// Progress counters, written in the same transaction as a batch.
    public static func recordProgress(
        _ id: String, organizationID: String, rows: Int, imported: Int, rejected: Int, warnings: Int, in tx: Transaction
    ) async throws {
        try await tx.sql.raw(
            """
            UPDATE catalog_imports SET rows_read = \(bind: rows), imported = \(bind: imported), rejected = \(bind: rejected),
                warnings = \(bind: warnings)
            WHERE id = \(bind: id)
            """
        ).run()
        try await tx.emit(
            organizationID: organizationID, type: "catalog.import.progress", subject: id,
            data: JSONText.encode([
                "import_id": .string(id), "rows": .int(Int64(rows)), "imported": .int(Int64(imported)), "rejected": .int(Int64(rejected)),
            ]))
    }

    public func finishImport(
        _ tenant: Tenant, id: String, status: ImportStatus, rows: Int, imported: Int, rejected: Int, warnings: Int, report: [ImportIssue],
        error: String?
    ) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                UPDATE catalog_imports SET status = \(bind: status.rawValue), rows_read = \(bind: rows), imported = \(bind: imported),
                    rejected = \(bind: rejected), warnings = \(bind: warnings), report = \(bind: ImportReport.encode(report)),
                    error = \(bind: error), finished_at = \(bind: Clock.nowMilliseconds())
                WHERE id = \(bind: id)
                """
            ).run()
            try await tx.sql.raw("DELETE FROM catalog_import_chunks WHERE import_id = \(bind: id)").run()
            try await tx.emit(
                organizationID: tenant.organizationID, type: "catalog.import.\(status.rawValue)", subject: id,
                data: JSONText.encode([
                    "import_id": .string(id), "imported": .int(Int64(imported)), "rejected": .int(Int64(rejected)),
                    "error": error.map(JSONText.string) ?? .null,
                ]))
        }
    }

    // MARK: Products

    static func productColumns(_ dialect: DatabaseDialect) -> String {
        "id, title, brand, description, bullets, category, attributes, \(dialect == .postgres ? "specs::text AS specs" : "specs"), images, "
            + "gtin, mpn, unspsc, options, created_at, updated_at"
    }

    public func product(_ tenant: Tenant, id: String) async throws -> ProductDetail? {
        let dialect = store.database.dialect
        return try await store.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT \(unsafeRaw: Self.productColumns(dialect)) FROM products
                    WHERE org_id = \(bind: tenant.organizationID) AND id = \(bind: id)
                    """
                ).first()
            else { return nil }
            let variantRows = try await sql.raw("SELECT id, sku, options FROM variants WHERE product_id = \(bind: id) ORDER BY sku").all()
            let offers = try await OfferRecord.load(forProducts: [id], sql)
            let variants = try variantRows.map { variant in
                let variantID = try variant.decode(column: "id", as: String.self)
                return VariantDetail(
                    id: variantID, sku: try variant.decode(column: "sku", as: String.self),
                    options: Self.choices(try variant.decode(column: "options", as: String.self)),
                    offers: offers.filter { $0.variantID == variantID })
            }
            return try Self.detail(row, variants: variants)
        }
    }

    static func detail(_ row: any SQLRow, variants: [VariantDetail]) throws -> ProductDetail {
        ProductDetail(
            id: try row.decode(column: "id", as: String.self), title: try row.decode(column: "title", as: String.self),
            brand: try row.decode(column: "brand", as: String?.self), description: try row.decode(column: "description", as: String?.self),
            bulletPoints: strings(try row.decode(column: "bullets", as: String.self)),
            category: strings(try row.decode(column: "category", as: String.self)),
            attributes: strings(try row.decode(column: "attributes", as: String.self)),
            specs: members(try row.decode(column: "specs", as: String.self)),
            images: strings(try row.decode(column: "images", as: String.self)),
            gtin: try row.decode(column: "gtin", as: String?.self), mpn: try row.decode(column: "mpn", as: String?.self),
            unspsc: try row.decode(column: "unspsc", as: String?.self),
            options: options(try row.decode(column: "options", as: String.self)),
            variants: variants, createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }

    public func priceHistory(_ tenant: Tenant, productID: String, limit: Int = 500) async throws -> [PriceHistoryEntry] {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT h.offer_id, o.vendor_sku, h.price, h.currency, h.stock, h.source, h.recorded_at
                FROM price_history h JOIN offers o ON o.id = h.offer_id
                WHERE h.org_id = \(bind: tenant.organizationID) AND o.product_id = \(bind: productID)
                ORDER BY h.id DESC LIMIT \(literal: limit)
                """
            ).all().map { row in
                PriceHistoryEntry(
                    offerID: try row.decode(column: "offer_id", as: String.self),
                    vendorSKU: try row.decode(column: "vendor_sku", as: String.self),
                    price: FixedDecimal(units: try row.decode(column: "price", as: Int64.self)),
                    currency: try row.decode(column: "currency", as: String.self),
                    stock: try row.decode(column: "stock", as: Int64?.self).map { Int($0) },
                    source: try row.decode(column: "source", as: String.self),
                    recordedAt: try row.decode(column: "recorded_at", as: Int64.self))
            }
        }
    }

    public func productCount(_ tenant: Tenant) async throws -> Int {
        try await store.read { sql in
            try await sql.raw("SELECT count(*) AS n FROM products WHERE org_id = \(bind: tenant.organizationID)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Ids of the offers' SKUs → product ids (evaluation maps labelled SKUs to products).
    public func productIDs(_ tenant: Tenant, forSKUs skus: [String]) async throws -> [String: String] {
        try await store.read { sql in
            var out: [String: String] = [:]
            for chunk in skus.chunks(of: 1_000) {
                let rows = try await sql.raw(
                    """
                    SELECT vendor_sku, parent_sku, product_id FROM offers WHERE org_id = \(bind: tenant.organizationID)
                    AND (vendor_sku IN (\(binds: Array(chunk))) OR parent_sku IN (\(binds: Array(chunk))))
                    """
                ).all()
                for row in rows {
                    let product = try row.decode(column: "product_id", as: String.self)
                    out[try row.decode(column: "vendor_sku", as: String.self)] = product
                    out[try row.decode(column: "parent_sku", as: String.self)] = product
                }
            }
            return out
        }
    }

    // MARK: Feeds

    public func setFeed(
        _ tenant: Tenant, vendorID: String, url: String, format: CatalogFormat, intervalMinutes: Int, priceAlertPercent: Int, enabled: Bool
    ) async throws -> FeedRecord {
        try await store.write { tx in
            let row = try await tx.sql.raw(
                """
                INSERT INTO vendor_feeds (id, org_id, vendor_id, url, format, interval_minutes, price_alert_percent, enabled, created_at)
                VALUES (\(bind: Identifier.make("fed")), \(bind: tenant.organizationID), \(bind: vendorID), \(bind: url), \(bind: format.rawValue),
                    \(bind: intervalMinutes), \(bind: priceAlertPercent), \(bind: enabled ? 1 : 0), \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (vendor_id) DO UPDATE SET url = excluded.url, format = excluded.format,
                    interval_minutes = excluded.interval_minutes, price_alert_percent = excluded.price_alert_percent,
                    enabled = excluded.enabled
                RETURNING \(unsafeRaw: FeedRecord.columns)
                """
            ).first()
            guard let row else { throw StoreError.notFound("feed") }
            return try FeedRecord(row: row)
        }
    }

    public func feed(_ tenant: Tenant, vendorID: String) async throws -> FeedRecord? {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: FeedRecord.columns) FROM vendor_feeds
                WHERE org_id = \(bind: tenant.organizationID) AND vendor_id = \(bind: vendorID)
                """
            ).first().map(FeedRecord.init(row:))
        }
    }

    /// Enabled feeds whose interval has passed, with their organisation.
    public func dueFeeds(now: Int64) async throws -> [(organizationID: String, feed: FeedRecord)] {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT org_id, \(unsafeRaw: FeedRecord.columns) FROM vendor_feeds
                WHERE enabled = 1 AND (last_run_at IS NULL OR last_run_at + interval_minutes * 60000 <= \(bind: now))
                """
            ).all().map { (try $0.decode(column: "org_id", as: String.self), try FeedRecord(row: $0)) }
        }
    }

    public func recordFeedRun(_ feedID: String, importID: String?, error: String?) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                UPDATE vendor_feeds SET last_run_at = \(bind: Clock.nowMilliseconds()), last_import_id = \(bind: importID),
                    last_error = \(bind: error)
                WHERE id = \(bind: feedID)
                """
            ).run()
        }
    }

    // MARK: Embeddings and synonyms

    /// Products of an organisation after `afterSeq` (in insertion order) with no vector from `model`,
    /// or an older one than the product; page with the returned `seq`.
    public func productsNeedingEmbedding(
        _ tenant: Tenant, model: String, afterSeq: Int64 = 0, limit: Int
    ) async throws
        -> [(seq: Int64, id: String, text: String)]
    {
        try await store.read { sql in
            try await sql.raw(
                """
                SELECT p.seq, p.id, p.title, p.brand, p.category_path, p.attributes FROM products p
                LEFT JOIN product_embeddings e ON e.product_id = p.id AND e.model = \(bind: model)
                WHERE p.org_id = \(bind: tenant.organizationID) AND p.seq > \(bind: afterSeq)
                AND (e.product_id IS NULL OR e.updated_at < p.updated_at)
                ORDER BY p.seq LIMIT \(literal: limit)
                """
            ).all().map { row in
                let text = [
                    try row.decode(column: "title", as: String.self), try row.decode(column: "brand", as: String?.self) ?? "",
                    try row.decode(column: "category_path", as: String.self),
                    Self.strings(try row.decode(column: "attributes", as: String.self)).joined(separator: " "),
                ].joined(separator: " ")
                return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "id", as: String.self), text)
            }
        }
    }

    public func saveEmbeddings(_ tenant: Tenant, model: String, _ vectors: [(id: String, vector: [Float])]) async throws {
        guard !vectors.isEmpty else { return }
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            for chunk in vectors.chunks(of: 1_000) {
                let insert = tx.sql.insert(into: "product_embeddings").columns("product_id", "org_id", "model", "vector", "updated_at")
                for entry in chunk {
                    insert.values([
                        SQLBind(entry.id), SQLBind(tenant.organizationID), SQLBind(model),
                        SQLBind(Base64.encode(VectorMath.bytes(entry.vector))),
                        SQLBind(now),
                    ])
                }
                try await insert.onConflict(with: ["product_id"]) { update in
                    update.set(excludedValueOf: "model").set(excludedValueOf: "vector").set(excludedValueOf: "updated_at")
                }.run()
            }
        }
    }

    /// Organisations that have products (for nightly jobs).
    public func organizationsWithProducts() async throws -> [String] {
        try await store.read { sql in
            try await sql.raw("SELECT DISTINCT org_id FROM products").all().map { try $0.decode(column: "org_id", as: String.self) }
        }
    }

    public func synonymRules(_ tenant: Tenant) async throws -> [String]? {
        try await store.read { sql in
            guard let row = try await sql.raw("SELECT rules FROM search_synonyms WHERE org_id = \(bind: tenant.organizationID)").first()
            else {
                return nil
            }
            return Self.strings(try row.decode(column: "rules", as: String.self))
        }
    }

    public func setSynonymRules(_ tenant: Tenant, _ rules: [String]) async throws {
        try await store.write { tx in
            try await tx.sql.raw(
                """
                INSERT INTO search_synonyms (org_id, rules, updated_at)
                VALUES (\(bind: tenant.organizationID), \(bind: CatalogWriter.jsonArray(rules)), \(bind: Clock.nowMilliseconds()))
                ON CONFLICT (org_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at
                """
            ).run()
        }
    }

    // MARK: Decoding JSON columns

    static func strings(_ text: String) -> [String] {
        guard case .array(let items)? = try? JSONReader.parse(text) else { return [] }
        return items.compactMap(\.stringValue)
    }

    static func members(_ text: String) -> [JSONMember] {
        guard case .object(let members)? = try? JSONReader.parse(text) else { return [] }
        return members
    }

    static func options(_ text: String) -> [ProductOption] {
        guard case .array(let items)? = try? JSONReader.parse(text) else { return [] }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue, case .array(let values)? = item["values"] else { return nil }
            return ProductOption(name: name, values: values.compactMap(\.stringValue))
        }
    }

    static func choices(_ text: String) -> [OptionChoice] {
        members(text).compactMap { member in member.value.stringValue.map { OptionChoice(name: member.key, value: $0) } }
    }
}
