import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

/// Spec filters as users write them, on specs of every JSON shape: the same answers whether the
/// organisation owns every product in the database (SQLite ranks in its full-text and spec indexes
/// alone) or shares it with another (the general path through `products`), after a re-import that
/// changes the specs, and after the spec index is rebuilt by its migration.
extension CatalogStoreTests {
    static let sheets = [
        #"{"sku": "S-A", "title": "Sheet Alpha", "category": ["Paper"], "specs": {"sizes": ["A4", "Letter"], "weight_gsm": 80, "recycled": true, "colour": "White"}, "price": 4}"#,
        #"{"sku": "S-B", "title": "Sheet Bravo", "category": ["Paper"], "specs": {"sizes": "A3", "weight_gsm": 100.5, "recycled": false, "code": "80"}, "price": 5}"#,
        #"{"sku": "S-C", "title": "Sheet Charlie", "category": ["Paper"], "specs": {"weight_gsm": "heavy", "sizes": "A5"}, "price": 6}"#,
        #"{"sku": "S-D", "title": "Sheet Delta", "category": ["Paper"], "price": 7}"#,
    ]

    /// Titles of the products of `tenant` found for `text` (spec filters inline), in alphabetical order.
    static func found(_ f: Fixture, _ tenant: Tenant, _ text: String) async throws -> [String] {
        try await f.search.search(tenant, SearchRequest(text: text)).items.map(\.title).sorted()
    }

    static func expectSheetFilters(_ f: Fixture, weightOfAlpha: Int = 80) async throws {
        let heavy = weightOfAlpha >= 90 ? ["Sheet Alpha", "Sheet Bravo"] : ["Sheet Bravo"]
        #expect(try await found(f, f.tenant, "sheet spec.sizes=letter") == ["Sheet Alpha"])
        #expect(try await found(f, f.tenant, "sheet spec.sizes=A5") == ["Sheet Charlie"])
        #expect(try await found(f, f.tenant, "sheet spec.sizes!=a4") == ["Sheet Bravo", "Sheet Charlie", "Sheet Delta"])
        #expect(try await found(f, f.tenant, "sheet spec.weight_gsm>=90") == heavy)
        #expect(try await found(f, f.tenant, "sheet spec.weight_gsm=\(weightOfAlpha)") == ["Sheet Alpha"])
        #expect(try await found(f, f.tenant, "sheet spec.weight_gsm=100.50") == ["Sheet Bravo"])
        #expect(try await found(f, f.tenant, "sheet spec.weight_gsm=HEAVY") == ["Sheet Charlie"])
        #expect(try await found(f, f.tenant, "sheet spec.code=80") == ["Sheet Bravo"])
        #expect(try await found(f, f.tenant, "sheet spec.recycled=true") == ["Sheet Alpha"])
        #expect(try await found(f, f.tenant, "sheet spec.recycled=false") == ["Sheet Bravo"])
        #expect(try await found(f, f.tenant, "sheet spec.recycled!=true") == ["Sheet Bravo", "Sheet Charlie", "Sheet Delta"])
        #expect(try await found(f, f.tenant, "sheet spec.colour=white spec.weight_gsm<90") == (weightOfAlpha < 90 ? ["Sheet Alpha"] : []))
        #expect(try await found(f, f.tenant, "spec.weight_gsm>=90") == heavy)
        var total = SearchRequest(text: "sheet")
        total.filters = [SpecFilter(key: "sizes", op: .notEqual, value: "a4")!]
        #expect(try await f.search.search(f.tenant, total).total == 3)
    }

    @Test(arguments: TestDatabase.dialects)
    func specFiltersAgreeOnEveryPathAndFollowTheSpecs(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            #expect(try await f.importLines(Self.sheets, vendor: vendor).imported == 4)
            try await Self.expectSheetFilters(f)
            // Another organisation's products in the same database, with specs that pass every filter.
            let theirs = try await f.repository.createVendor(f.other, NewVendor(name: "Theirs", currency: CurrencyCode("USD")!))
            let line =
                #"{"sku": "X-1", "title": "Sheet Xray", "specs": {"sizes": ["Letter", "A5"], "weight_gsm": 200, "recycled": true, "code": "80", "colour": "white"}, "price": 3}"#
            let record = try await f.repository.createImport(
                f.other, vendorID: theirs.id, format: .jsonLines, strict: false, source: "test", body: Array(line.utf8), createdBy: nil,
                jobKind: nil)
            #expect(
                try await CatalogImporter(repository: f.repository, vocabularies: f.search.vocabularies).run(f.other, importID: record.id)
                    .imported == 1)
            try await Self.expectSheetFilters(f)
            #expect(try await Self.found(f, f.other, "sheet spec.weight_gsm>=90") == ["Sheet Xray"])
            // A re-import that changes a product's specs: its old values no longer match, its new ones do.
            let heavier = Self.sheets[0].replacingOccurrences(of: "\"weight_gsm\": 80", with: "\"weight_gsm\": 130")
            _ = try await f.importLines([heavier], vendor: vendor)
            try await Self.expectSheetFilters(f, weightOfAlpha: 130)
            #expect(try await Self.found(f, f.tenant, "sheet spec.weight_gsm=80") == [])
        }
    }

    /// Migration 12 builds the spec index for products imported before it.
    @Test(arguments: TestDatabase.dialects)
    func theSpecIndexMigrationCoversProductsAlreadyThere(_ dialect: DatabaseDialect) async throws {
        try await Self.with(dialect) { f in
            let vendor = try await f.vendor("OfficeHub")
            _ = try await f.importLines(Self.sheets, vendor: vendor)
            try await f.store.database.transaction { sql in
                if dialect == .sqlite { try await sql.raw("DROP TABLE product_specs").run() }
                try await sql.raw("DROP INDEX products_org_updated").run()
                try await sql.raw("DELETE FROM schema_migrations WHERE version = 12").run()
            }
            #expect(try await Migrator(database: f.store.database).migrate() == [12])
            try await Self.expectSheetFilters(f)
        }
    }
}
