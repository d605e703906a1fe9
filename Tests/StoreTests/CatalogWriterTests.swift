import Foundation
import QuartermasterCore
import QuartermasterTestSupport
import SQLKit
import Testing

@testable import QuartermasterStore

/// The catalog writer's shortcuts: a first import of a vendor's file skips looking up its SKUs only
/// while every offer the vendor has is one that import added.
@Suite struct CatalogWriterTests {
    static func record(_ line: String, row: Int) throws -> CatalogRecord {
        var reader = CatalogFileReader(defaultCurrency: CurrencyCode("USD")!)
        var offset = 0
        var number = row - 1
        let read = reader.readJSONLines(Array((line + "\n").utf8), offset: &offset, line: &number, limit: 1)
        return try #require(read.first?.record, "\(read.first?.issues ?? [])")
    }

    static func line(_ sku: String, _ price: String, colors: [String] = []) -> String {
        let options = colors.isEmpty ? "" : #", "options": {"color": [\#(colors.map { "\"\($0)\"" }.joined(separator: ", "))]}"#
        return #"{"sku": "\#(sku)", "title": "Item \#(sku)", "category": ["Paper"], "price": \#(price)\#(options)}"#
    }

    @Test(arguments: TestDatabase.dialects)
    func aFirstImportLooksUpNoSKUsUntilAnotherWriterAddsAnOffer(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let (org, _) = try await SQLIdentityRepository(store: store).createOrganization(
                name: "Acme", admin: NewMember(email: "a@acme.test", name: "A", passwordHash: "h", roles: [.admin]))
            let tenant = Tenant(organizationID: org.id)
            let repository = CatalogRepository(store: store)
            let vendor = try await repository.createVendor(tenant, NewVendor(name: "V", currency: CurrencyCode("USD")!))
            func write(_ lines: [String], ownOffers: Int?) async throws -> BatchOutcome {
                let records = try lines.enumerated().map { try Self.record($1, row: $0 + 1) }
                return try await repository.write(
                    prepared: records.map(CatalogWriter.Prepared.init), vendor: vendor, tenant: tenant, source: "test",
                    ownOffers: ownOffers)
            }
            func offers() async throws -> [String: (id: String, price: Int64)] {
                try await store.read { sql in
                    var found: [String: (id: String, price: Int64)] = [:]
                    for row in try await sql.raw("SELECT id, vendor_sku, price FROM offers WHERE vendor_id = \(bind: vendor.id)").all() {
                        found[try row.decode(column: "vendor_sku", as: String.self)] = (
                            try row.decode(column: "id", as: String.self), try row.decode(column: "price", as: Int64.self)
                        )
                    }
                    return found
                }
            }

            // The file's first batch: the vendor has no offers, so none of its SKUs is looked up.
            let first = try await write([Self.line("S-1", "5.00"), Self.line("S-2", "6.00", colors: ["blue", "red"])], ownOffers: 0)
            #expect(first.onlyOffers && first.newOffers == 3)
            // Another writer adds an offer under a SKU the file has further on.
            let other = try await write([Self.line("S-3", "4.00")], ownOffers: nil)
            #expect(!other.onlyOffers && other.newOffers == 1)
            let before = try #require(try await offers()["S-3"])
            // The vendor now has 4 offers where the import added 3: the next batch looks its SKUs up,
            // and updates S-3 in place instead of adding a second offer for it.
            let second = try await write([Self.line("S-3", "7.00"), Self.line("S-4", "8.00")], ownOffers: first.newOffers)
            #expect(!second.onlyOffers)
            #expect(second.newOffers == 1 && second.changedOffers == 1)
            let after = try await offers()
            #expect(Set(after.keys) == ["S-1", "S-2-BLUE", "S-2-RED", "S-3", "S-4"])
            #expect(after["S-3"]?.id == before.id && after["S-3"]?.price == FixedDecimal(7).units)
            // Every price recorded belongs to an offer that exists, and each offer's latest is its price.
            try await store.read { sql in
                let orphans = try await sql.raw(
                    "SELECT count(*) AS n FROM price_history h WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.id = h.offer_id)"
                ).first()?.decode(column: "n", as: Int.self)
                #expect(orphans == 0)
                let history = try await sql.raw(
                    "SELECT price FROM price_history WHERE offer_id = \(bind: before.id) ORDER BY id"
                ).all().map { try $0.decode(column: "price", as: Int64.self) }
                #expect(history == [FixedDecimal(4).units, FixedDecimal(7).units])
            }
            // With the count right again (5 offers, all seen), a batch skips the lookups once more.
            let third = try await write([Self.line("S-5", "9.00")], ownOffers: 5)
            #expect(third.onlyOffers && third.newOffers == 1)
            #expect(try await Self.offerCounts(store) == [vendor.id: [6, 6]])
            // A batch whose rows were all refused passes the import's count on.
            #expect(try await write([], ownOffers: 6).onlyOffers)
            #expect(try await !write([], ownOffers: nil).onlyOffers)

            // Migration 13 counts the offers vendors already had.
            try await store.database.transaction { sql in
                try await sql.raw("ALTER TABLE vendors DROP COLUMN offer_count").run()
                try await sql.raw("ALTER TABLE products DROP COLUMN content_hash").run()
                try await sql.raw("ALTER TABLE offers DROP COLUMN terms_hash").run()
                try await sql.raw("DELETE FROM schema_migrations WHERE version = 13").run()
            }
            #expect(try await Migrator(database: store.database).migrate() == [13])
            #expect(try await Self.offerCounts(store) == [vendor.id: [6, 6]])
        }
    }

    /// Two vendors' batches on one product at once: the one whose offer rose works the summary out
    /// again while the other, holding the product, adds a cheaper offer. The summary counts both (on
    /// PostgreSQL the first waits for the product, then reads the offers the other committed).
    @Test(arguments: TestDatabase.dialects)
    func aSummaryWorkedOutWhileAnotherVendorAddsAnOfferCountsIt(_ dialect: DatabaseDialect) async throws {
        try await CatalogStoreTests.with(dialect) { f in
            let (a, b) = (try await f.vendor("A"), try await f.vendor("B"))
            @Sendable func paper(_ sku: String, _ price: String) throws -> CatalogRecord {
                try Self.record(
                    #"{"sku": "\#(sku)", "title": "Copy paper", "gtin": "4006381333931", "category": ["Paper"], "price": \#(price), "stock": 5}"#,
                    row: 1)
            }
            _ = try await f.repository.write([try paper("A-1", "5.00")], vendor: a, tenant: f.tenant, source: "test")
            let (entered, enter) = AsyncStream<Void>.makeStream()
            let (gate, open) = AsyncStream<Void>.makeStream()
            let adding = Task {
                try await f.repository.write([try paper("B-1", "3.00")], vendor: b, tenant: f.tenant, source: "test") { _ in
                    enter.yield()
                    for await _ in gate { break }
                }
            }
            var signals = entered.makeAsyncIterator()
            _ = await signals.next()
            let raising = Task { try await f.repository.write([try paper("A-1", "6.00")], vendor: a, tenant: f.tenant, source: "test") }
            try await Task.sleep(for: .milliseconds(500))
            open.yield()
            #expect(try await adding.value.newOffers == 1)
            #expect(try await raising.value.changedOffers == 1)
            let summaries = try await f.summaries()
            let summary = try #require(summaries.values.first)
            #expect(summaries.count == 1 && summary.stored == summary.fromOffers)
            #expect(summary.stored.minPrice == FixedDecimal(3).units)
        }
    }

    /// Each vendor's `offer_count`, and how many offers it has.
    static func offerCounts(_ store: Store) async throws -> [String: [Int]] {
        try await store.read { sql in
            var counts: [String: [Int]] = [:]
            let rows = try await sql.raw(
                "SELECT v.id, v.offer_count, (SELECT count(*) FROM offers o WHERE o.vendor_id = v.id) AS n FROM vendors v"
            ).all()
            for row in rows {
                counts[try row.decode(column: "id", as: String.self)] = [
                    try row.decode(column: "offer_count", as: Int.self), try row.decode(column: "n", as: Int.self),
                ]
            }
            return counts
        }
    }

    @Test func idsSortByTimeAndDoNotRepeat() throws {
        let start = Clock.nowMilliseconds()
        let ids = (0..<20_000).map { _ in Identifier.make("ofr") }
        let end = Clock.nowMilliseconds()
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 36 && id.hasPrefix("ofr_"))
            #expect(id.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
            let time = try #require(Int64(id.dropFirst(4).prefix(12), radix: 16))
            #expect(time >= start && time <= end)
        }
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0.prefix(16) <= $1.prefix(16) })
        // The random part is not constant: every hex digit turns up in every position of it.
        for position in 16..<36 {
            let digits = Set(ids.map { $0[$0.index($0.startIndex, offsetBy: position)] })
            #expect(digits.count == 16, "position \(position): \(digits.sorted())")
        }
    }
}
