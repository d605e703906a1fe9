import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

@Suite struct CatalogStoreTests {
    struct Fixture {
        let store: Store
        let repository: CatalogRepository
        let search: CatalogSearch
        let tenant: Tenant
        let other: Tenant

        func vendor(_ name: String, currency: String = "USD") async throws -> VendorRecord {
            try await repository.createVendor(tenant, NewVendor(name: name, currency: CurrencyCode(currency)!))
        }

        /// Imports `lines` for `vendor` as the job would; returns the summary.
        func importLines(
            _ lines: [String], vendor: VendorRecord, strict: Bool = false, format: CatalogFormat = .jsonLines
        ) async throws
            -> CatalogImporter.Summary
        {
            let body = Array(lines.joined(separator: "\n").utf8)
            let record = try await repository.createImport(
                tenant, vendorID: vendor.id, format: format, strict: strict, source: "test", body: body, createdBy: nil, jobKind: nil)
            return try await CatalogImporter(repository: repository, vocabularies: search.vocabularies).run(tenant, importID: record.id)
        }

        /// A product's summary: its lowest base-unit price, whether it is in stock, its vendors.
        struct Summary: Equatable {
            var minPrice: Int64?
            var inStock: Int
            var vendors: Set<String>
        }

        /// Every product's stored summary, and the one its offers give.
        func summaries() async throws -> [String: (stored: Summary, fromOffers: Summary)] {
            try await store.read { sql in
                var vendors: [String: Set<String>] = [:]
                for row in try await sql.raw("SELECT product_id, vendor_id FROM offers WHERE org_id = \(bind: tenant.organizationID)").all()
                {
                    vendors[try row.decode(column: "product_id", as: String.self), default: []].insert(
                        try row.decode(column: "vendor_id", as: String.self))
                }
                var result: [String: (stored: Summary, fromOffers: Summary)] = [:]
                let rows = try await sql.raw(
                    """
                    SELECT p.id, p.min_price, p.in_stock, p.vendor_ids,
                        (SELECT min(base_price) FROM offers o WHERE o.product_id = p.id) AS offers_min,
                        CASE WHEN EXISTS (SELECT 1 FROM offers o WHERE o.product_id = p.id AND (o.stock IS NULL OR o.stock > 0))
                             THEN 1 ELSE 0 END AS offers_in_stock
                    FROM products p WHERE p.org_id = \(bind: tenant.organizationID)
                    """
                ).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: String.self)
                    let listed = try row.decode(column: "vendor_ids", as: String.self).split(separator: ",").map(String.init)
                    #expect(listed.count == Set(listed).count, "a vendor listed twice: \(listed)")
                    result[id] = (
                        Summary(
                            minPrice: try row.decode(column: "min_price", as: Int64?.self),
                            inStock: try row.decode(column: "in_stock", as: Int.self), vendors: Set(listed)),
                        Summary(
                            minPrice: try row.decode(column: "offers_min", as: Int64?.self),
                            inStock: try row.decode(column: "offers_in_stock", as: Int.self), vendors: vendors[id] ?? [])
                    )
                }
                return result
            }
        }

        func count(_ table: String) async throws -> Int {
            try await store.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
            }
        }
    }

    static func with(_ dialect: DatabaseDialect, _ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let identity = SQLIdentityRepository(store: store)
            let (org, _) = try await identity.createOrganization(
                name: "Acme", admin: NewMember(email: "a@acme.test", name: "A", passwordHash: "h", roles: [.admin]))
            let (other, _) = try await identity.createOrganization(
                name: "Other", admin: NewMember(email: "o@other.test", name: "O", passwordHash: "h", roles: [.admin]))
            let repository = CatalogRepository(store: store)
            let search = CatalogSearch(store: store, vocabularies: SearchVocabularyCache(maxAge: .zero), embedder: BuiltinEmbedder())
            try await body(
                Fixture(
                    store: store, repository: repository, search: search, tenant: Tenant(organizationID: org.id),
                    other: Tenant(organizationID: other.id)))
        }
    }

    static let paper =
        #"{"sku": "P-1", "title": "Papyra Copy Paper A4 80gsm", "brand": "Papyra", "gtin": "4006381333931", "category": ["Paper", "Copy Paper"], "specs": {"paper_size": "A4", "weight_gsm": 80}, "price": 5.00, "unit": "RM", "stock": 100}"#
    static let heavyPaper =
        #"{"sku": "P-2", "title": "Papyra Premium Paper A4 120gsm", "brand": "Papyra", "category": ["Paper", "Copy Paper"], "specs": {"paper_size": "A4", "weight_gsm": 120}, "price": 9.00, "unit": "RM"}"#
    static let pens =
        #"{"sku": "G-1", "title": "Scribo Gel Pens Fine, Pack of 12", "brand": "Scribo", "category": ["Writing", "Gel Pens"], "attributes": ["fine tip"], "options": {"color": ["blue", "black"]}, "price": 11.50, "unit": "BX", "pack_size": 12}"#
    static let chair =
        #"{"sku": "C-1", "title": "Ergoform Ergonomic Office Chair with Armrests", "brand": "Ergoform", "category": ["Furniture", "Chairs"], "specs": {"armrests": true}, "price": 249.00}"#

    @Test(arguments: TestDatabase.dialects)
    func importsGoodRowsReportsBadOnesAndDeduplicatesByGTIN(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let office = try await f.vendor("OfficeHub")
            let club = try await f.vendor("BulkBarn")
            let summary = try await f.importLines(
                [Self.paper, #"{"sku": "BAD", "title": "Broken", "price": -1}"#, Self.pens, "{not json", Self.pens], vendor: office)
            #expect(summary.status == .succeeded)
            #expect(summary.imported == 2)
            #expect(summary.rejected == 3)
            #expect(Set(summary.report.map(\.row)) == [2, 4, 5])
            #expect(summary.report.contains { $0.row == 2 && $0.field == "price" })
            #expect(try await f.count("products") == 2)
            #expect(try await f.count("offers") == 3)  // paper + two implied pen colours
            // The club sells the same paper (same GTIN) as a case of 5 reams: one product, two offers.
            let casePaper =
                #"{"sku": "BB-P", "title": "Copy paper case", "gtin": "4006381333931", "price": 22.50, "unit": "CS", "pack_size": 5}"#
            _ = try await f.importLines([casePaper], vendor: club)
            #expect(try await f.count("products") == 2)
            let ids = try await f.repository.productIDs(f.tenant, forSKUs: ["P-1", "BB-P"])
            #expect(ids["P-1"] != nil && ids["P-1"] == ids["BB-P"])
            let product = try #require(try await f.repository.product(f.tenant, id: ids["P-1"]!))
            #expect(product.title == "Papyra Copy Paper A4 80gsm")  // the first vendor's content stays
            let offers = product.variants.flatMap(\.offers)
            #expect(offers.map(\.vendorSKU) == ["BB-P", "P-1"])  // cheapest per ream first: 4.50 < 5.00
            // Another organisation sees none of it.
            #expect(try await f.repository.product(f.other, id: product.id) == nil)
            #expect(try await f.repository.importRecord(f.other, id: "imp_x") == nil)
        }
    }

    /// A product's summary (lowest base-unit price, in stock, vendors) stays what its offers say: when
    /// another vendor adds offers (summarised from the summary and the new offers) and when a vendor's
    /// existing offer changes (summarised again from every offer).
    @Test(arguments: TestDatabase.dialects)
    func summariesFollowEveryOffer(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            func line(_ sku: String, _ price: String, stock: String) -> String {
                #"{"sku": "\#(sku)", "title": "Copy paper", "gtin": "4006381333931", "category": ["Paper"], "price": \#(price), "unit": "RM", "stock": \#(stock)}"#
            }
            func summaries() async throws -> (stored: Fixture.Summary, fromOffers: Fixture.Summary) {
                let all = try await f.summaries()
                #expect(all.count == 1)
                return try #require(all.values.first)
            }
            let (a, b, c) = (try await f.vendor("A"), try await f.vendor("B"), try await f.vendor("C"))
            _ = try await f.importLines([line("A-1", "5.00", stock: "0")], vendor: a)
            let first = try await summaries()
            #expect(first.stored == first.fromOffers)
            #expect(first.stored.inStock == 0)
            // B adds a cheaper offer in stock: the summary takes its price and stock.
            _ = try await f.importLines([line("B-1", "4.00", stock: "5")], vendor: b)
            let added = try await summaries()
            #expect(added.stored == added.fromOffers)
            #expect(added.stored.minPrice == FixedDecimal(4).units && added.stored.inStock == 1 && added.stored.vendors == [a.id, b.id])
            // B's offer goes up: the lowest price is A's again.
            _ = try await f.importLines([line("B-1", "6.00", stock: "5")], vendor: b)
            let raised = try await summaries()
            #expect(raised.stored == raised.fromOffers)
            #expect(raised.stored.minPrice == FixedDecimal(5).units)
            // C adds a dearer offer with unknown stock, twice in one file under two SKUs; A's is re-sent unchanged.
            _ = try await f.importLines([line("C-1", "7.00", stock: "null"), line("C-2", "8.00", stock: "null")], vendor: c)
            _ = try await f.importLines([line("A-1", "5.00", stock: "0")], vendor: a)
            let third = try await summaries()
            #expect(third.stored == third.fromOffers)
            #expect(third.stored.vendors == [a.id, b.id, c.id])
        }
    }

    /// A vendor that folds two of its products into one record moves the second one's offer: the
    /// product it left is summarised again (no price, not in stock, no vendor), not left as it was.
    @Test(arguments: TestDatabase.dialects)
    func theProductAnOfferLeavesIsSummarisedAgain(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            let blue =
                #"{"sku": "PEN-B", "title": "Scribo Gel Pen Blue", "category": ["Writing"], "price": 1.00, "stock": 10, "options": {"color": ["blue"]}, "variants": [{"sku": "PEN-B-1", "options": {"color": "blue"}}]}"#
            let black =
                #"{"sku": "PEN-K", "title": "Scribo Gel Pen Black", "category": ["Writing"], "price": 2.00, "stock": 10, "options": {"color": ["black"]}, "variants": [{"sku": "PEN-K-1", "options": {"color": "black"}}]}"#
            let both =
                #"{"sku": "PEN-B", "title": "Scribo Gel Pen", "category": ["Writing"], "price": 1.00, "stock": 10, "options": {"color": ["blue", "black"]}, "variants": [{"sku": "PEN-B-1", "options": {"color": "blue"}}, {"sku": "PEN-K-1", "options": {"color": "black"}, "price": 2.00}]}"#
            #expect(try await f.importLines([blue, black], vendor: vendor).imported == 2)
            let before = try await f.summaries()
            #expect(before.count == 2)
            #expect(before.values.allSatisfy { $0.stored == $0.fromOffers && $0.stored.inStock == 1 })
            #expect(try await f.importLines([both], vendor: vendor).imported == 1)
            let after = try await f.summaries()
            for (id, summary) in after { #expect(summary.stored == summary.fromOffers, "product \(id)") }
            let left = try #require(after.values.first { $0.fromOffers.vendors.isEmpty })
            #expect(left.stored == .init(minPrice: nil, inStock: 0, vendors: []))

            // Migration 14 repairs a summary an earlier version left behind.
            try await f.store.database.transaction { sql in
                try await sql.raw("UPDATE products SET min_price = 1, in_stock = 1, vendor_ids = \(bind: vendor.id)").run()
                try await sql.raw("DELETE FROM schema_migrations WHERE version = 14").run()
            }
            #expect(try await f.summaries().values.contains { $0.stored != $0.fromOffers })
            #expect(try await Migrator(database: f.store.database).migrate() == [14])
            for (id, summary) in try await f.summaries() { #expect(summary.stored == summary.fromOffers, "product \(id)") }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func reimportRecordsPriceHistoryAndRaisesAlerts(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            _ = try await f.importLines([Self.paper], vendor: vendor)
            let cheaper = Self.paper.replacingOccurrences(of: "5.00", with: "4.00").replacingOccurrences(
                of: "\"stock\": 100", with: "\"stock\": 0")
            let summary = try await f.importLines([cheaper], vendor: vendor)
            #expect(summary.imported == 1)
            #expect(try await f.count("offers") == 1)
            let id = try #require(try await f.repository.productIDs(f.tenant, forSKUs: ["P-1"])["P-1"])
            let history = try await f.repository.priceHistory(f.tenant, productID: id)
            #expect(history.map(\.price) == [FixedDecimal(4), FixedDecimal(5)])
            #expect(history.first?.stock == 0)
            let types = try await f.store.events(organizationID: f.tenant.organizationID, after: 0).map(\.type)
            #expect(types.contains("catalog.price_changed"))
            #expect(types.contains("catalog.stock_out"))
            #expect(types.contains("catalog.import.succeeded"))
        }
    }

    /// A feed that changed nothing writes nothing; one changed field rewrites only its product or offer.
    @Test(arguments: TestDatabase.dialects)
    func aReimportRewritesOnlyWhatChanged(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            /// Every product's and offer's `updated_at`, by SKU of its product (`P:`) or offer (`O:`), and the history's length.
            func stamps() async throws -> (rows: [String: Int64], history: Int) {
                try await f.store.read { sql in
                    var rows: [String: Int64] = [:]
                    let products = try await sql.raw(
                        "SELECT o.parent_sku, p.updated_at FROM products p JOIN offers o ON o.product_id = p.id"
                    ).all()
                    for row in products {
                        rows["P:" + (try row.decode(column: "parent_sku", as: String.self))] = try row.decode(
                            column: "updated_at", as: Int64.self)
                    }
                    for row in try await sql.raw("SELECT vendor_sku, updated_at FROM offers").all() {
                        rows["O:" + (try row.decode(column: "vendor_sku", as: String.self))] = try row.decode(
                            column: "updated_at", as: Int64.self)
                    }
                    return (rows, try await sql.raw("SELECT count(*) AS n FROM price_history").first()!.decode(column: "n", as: Int.self))
                }
            }
            let vendor = try await f.vendor("OfficeHub")
            _ = try await f.importLines([Self.paper, Self.pens], vendor: vendor)
            let first = try await stamps()
            #expect(first.rows.count == 5 && first.history == 3)  // 2 products, 3 offers (two pen colours)
            try await Task.sleep(for: .milliseconds(5))  // a rewrite would now stamp a later time
            let same = try await f.importLines([Self.paper, Self.pens], vendor: vendor)
            #expect(same.imported == 2)
            let second = try await stamps()
            #expect(second.rows == first.rows && second.history == 3)

            // The paper's description and the pens' minimum order change.
            try await Task.sleep(for: .milliseconds(5))
            let paper = Self.paper.replacingOccurrences(of: #""price": 5.00"#, with: #""description": "zebraline white", "price": 5.00"#)
            let pens = Self.pens.replacingOccurrences(of: #""price": 11.50"#, with: #""moq": 3, "price": 11.50"#)
            _ = try await f.importLines([paper, pens], vendor: vendor)
            let third = try await stamps()
            let moved = Set(third.rows.keys.filter { third.rows[$0] != first.rows[$0] })
            // The pens' product row is not rewritten, but its offers changed, so its summary is refreshed.
            #expect(moved == ["P:P-1", "P:G-1", "O:G-1-BLUE", "O:G-1-BLACK"])
            #expect(third.history == 3)  // no price or stock changed
            let found = try await f.search.search(f.tenant, SearchRequest(text: "zebraline"))
            #expect(found.items.map(\.title) == ["Papyra Copy Paper A4 80gsm"])
            let offers = try await f.store.read { sql in
                try await sql.raw("SELECT moq FROM offers WHERE vendor_sku LIKE 'G-1-%'").all().map {
                    try $0.decode(column: "moq", as: Int.self)
                }
            }
            #expect(offers == [3, 3])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func strictImportWritesNothingWhenOneRowIsBad(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            let summary = try await f.importLines(
                [Self.paper, #"{"sku": "X", "title": "X", "price": 1, "currency": "XXX"}"#], vendor: vendor, strict: true)
            #expect(summary.status == .failed)
            #expect(summary.imported == 0 && summary.rejected == 1)
            #expect(try await f.count("products") == 0)
            #expect(try await f.count("offers") == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func csvImportWritesVariantsOfOneProduct(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("Tagus", currency: "EUR")
            let csv = [
                "sku,parent_sku,title,price,option.color,spec.tip_mm", "PEN-B,PEN,Gel pen,1.20,blue,0.5", "PEN-K,PEN,,1.30,black,",
            ]
            let summary = try await f.importLines(csv, vendor: vendor, format: .csv)
            #expect(summary.imported == 1)
            let id = try #require(try await f.repository.productIDs(f.tenant, forSKUs: ["PEN-K"])["PEN-K"])
            let product = try #require(try await f.repository.product(f.tenant, id: id))
            #expect(product.variants.count == 2)
            #expect(product.variants.flatMap(\.offers).allSatisfy { $0.terms.currency.code == "EUR" })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func searchRanksFiltersCorrectsAndFacets(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            _ = try await f.importLines([Self.paper, Self.heavyPaper, Self.pens, Self.chair], vendor: vendor)
            func titles(_ text: String, configure: (inout SearchRequest) -> Void = { _ in }) async throws -> [String] {
                var request = SearchRequest(text: text)
                configure(&request)
                return try await f.search.search(f.tenant, request).items.map(\.title)
            }
            #expect(try await titles("copy paper").first == "Papyra Copy Paper A4 80gsm")
            #expect(try await titles("paper spec.weight_gsm>=100") == ["Papyra Premium Paper A4 120gsm"])
            #expect(try await titles("paper") { $0.filters = [SpecFilter(key: "paper_size", op: .equal, value: "a4")!] }.count == 2)
            // A filtered search ranks and counts in one pass: the total is the filtered count.
            var filtered = SearchRequest(text: "paper")
            filtered.filters = [SpecFilter(key: "paper_size", op: .equal, value: "a4")!]
            let a4 = try await f.search.search(f.tenant, filtered)
            #expect(a4.total == 2)
            #expect(a4.items.count == 2)
            #expect(try await titles("ergonmic chiar") == ["Ergoform Ergonomic Office Chair with Armrests"])
            #expect(try await titles("chair spec.armrests=true").count == 1)
            #expect(try await titles("biro").first == "Scribo Gel Pens Fine, Pack of 12")
            #expect(try await titles("paper") { $0.maxPrice = FixedDecimal(6) } == ["Papyra Copy Paper A4 80gsm"])
            #expect(
                try await titles("") {
                    $0.category = "Paper"; $0.sort = .priceDescending
                } == [
                    "Papyra Premium Paper A4 120gsm", "Papyra Copy Paper A4 80gsm",
                ])
            let response = try await f.search.search(f.tenant, SearchRequest(text: "papyra"))
            #expect(response.facets["category"]?.first?.value == "Paper > Copy Paper")
            #expect(response.facets["category"]?.first?.count == 2)
            #expect(response.facets["vendor"]?.first?.label == "OfficeHub")
            #expect(response.items.first?.offers.first?.vendorName == "OfficeHub")
            for hostile in ["\"", "*", "NEAR(", "a:b", "-", "\"unterminated", "((((", String(repeating: "paper ", count: 2_000), ""] {
                _ = try await f.search.search(f.tenant, SearchRequest(text: hostile))
            }
            #expect(try await f.search.search(f.other, SearchRequest(text: "paper")).total == 0)
        }
    }

    /// More matches than the ranked window: an unfiltered query counts them in a second query, a
    /// filtered one while ranking; both give the exact total.
    @Test(arguments: TestDatabase.dialects)
    func totalsPastTheRankedWindowAreExact(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            let count = CatalogSearch.facetWindow + 150
            let lines = (0..<count).map { index in
                #"{"sku": "W-\#(index)", "title": "Sprocket widget \#(index)", "category": ["Tools"], "specs": {"teeth": \#(index % 10)}, "price": \#(1 + index % 20)}"#
            }
            #expect(try await f.importLines(lines, vendor: vendor).imported == count)
            let all = try await f.search.search(f.tenant, SearchRequest(text: "widget"))
            #expect(all.total == count)
            // Below and above the ranked window, with a product filter and with a spec filter.
            for cap in [5, 18] {
                var cheap = SearchRequest(text: "widget")
                cheap.maxPrice = FixedDecimal(cap)
                #expect(try await f.search.search(f.tenant, cheap).total == (0..<count).filter { 1 + $0 % 20 <= cap }.count)
            }
            let toothed = try await f.search.search(f.tenant, SearchRequest(text: "widget spec.teeth>=2"))
            #expect(toothed.total == (0..<count).filter { $0 % 10 >= 2 }.count)
            #expect(try await f.search.search(f.tenant, SearchRequest(text: "widget spec.teeth>=20")).total == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func matchChoosesTheFittingVariantAndDropsWhatBreaksTheCap(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            let dearPens = Self.pens.replacingOccurrences(of: "G-1", with: "G-2").replacingOccurrences(of: "11.50", with: "19.00")
                .replacingOccurrences(of: "Scribo Gel", with: "Lineo Gel")
            _ = try await f.importLines([Self.pens, dearPens, Self.paper], vendor: vendor)
            let requirement = Requirement("black gel pens, fine tip, box of 12, under $15")
            let candidates = try await f.search.candidates(f.tenant, requirement)
            let (results, rejected) = Matcher(requirement).rank(candidates, limit: 5)
            #expect(results.map(\.title) == ["Scribo Gel Pens Fine, Pack of 12"])
            #expect(results.first?.variant.options == [OptionChoice(name: "color", value: "black")])
            #expect(results.first?.offer.vendorSKU == "G-1-BLACK")
            #expect(rejected.contains { $0.title.hasPrefix("Lineo") && $0.reason.contains("above 15.00") })
        }
    }

    @Test(arguments: DatabaseDialect.allCases)
    func matchSeesAProductsNewTextAndPricesAtOnce(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            _ = try await f.importLines([Self.pens, Self.paper], vendor: vendor)
            let pens = Requirement("black gel pens, fine tip")
            #expect(
                Matcher(pens).rank(try await f.search.candidates(f.tenant, pens), limit: 5).results.map(\.title) == [
                    "Scribo Gel Pens Fine, Pack of 12"
                ])
            // The same SKU again, at once, with new words: the matcher's cached text of the product must not survive.
            let renamed = Self.pens.replacingOccurrences(of: "\"attributes\": [\"fine tip\"]", with: "\"attributes\": [\"medium tip\"]")
                .replacingOccurrences(of: "Scribo Gel Pens Fine", with: "Scribo Gel Pens Medium")
            _ = try await f.importLines([renamed], vendor: vendor)
            let medium = Requirement("black gel pens medium")
            let results = Matcher(medium).rank(try await f.search.candidates(f.tenant, medium), limit: 5).results
            #expect(results.map(\.title) == ["Scribo Gel Pens Medium, Pack of 12"])
            #expect(results.first?.reasons.contains { $0.contains("\"medium\"") } == true)
            #expect(results.first?.offer.terms.price == FixedDecimal(parsing: "11.50"))
            // A new price at once, the product's text unchanged: the matcher's cached offers must not survive.
            _ = try await f.importLines([renamed.replacingOccurrences(of: "11.50", with: "9.75")], vendor: vendor)
            let cheaper = Matcher(medium).rank(try await f.search.candidates(f.tenant, medium), limit: 5).results
            #expect(cheaper.first?.offer.terms.price == FixedDecimal(parsing: "9.75"))
        }
    }
}
