import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

/// SQLite's `qm_rank` against FTS5's own bm25 with the same column weights: the same score for every
/// match, the first time (statistics read), the second (statistics kept), with a query naming a word
/// several times, with a phrase and a prefix, and after a re-import rewrites a product (kept row
/// lengths and phrase counts of the old table must not be used). SQLite only: PostgreSQL ranks with
/// `ts_rank_cd` and has no such function.
extension CatalogStoreTests {
    static let rankedLines = [
        #"{"sku": "R-1", "title": "Ring Binder A4 Red", "brand": "Filo", "category": ["Filing", "Binders"], "bullet_points": ["2 inch ring"], "description": "A sturdy red ring binder.", "price": 4}"#,
        #"{"sku": "R-2", "title": "Lever Arch File", "brand": "Filo", "category": ["Filing"], "description": "Holds 500 sheets of paper.", "price": 3}"#,
        #"{"sku": "R-3", "title": "Copy Paper A4 80gsm", "brand": "Papyra", "category": ["Paper"], "attributes": ["recycled"], "description": "Paper for every printer and copier, 500 sheets a ream.", "price": 5}"#,
        #"{"sku": "R-4", "title": "USB-C Cable 2 m", "brand": "Linkit", "category": ["IT", "Cables"], "description": "USB-C to USB-C, 100W charging.", "price": 9}"#,
        #"{"sku": "R-5", "title": "USB-A to USB-C Adapter", "brand": "Linkit", "category": ["IT"], "price": 6}"#,
        #"{"sku": "R-6", "title": "Presentation Binder Blue", "brand": "Papyra", "category": ["Filing", "Binders"], "description": "Clear cover binder.", "price": 5}"#,
        #"{"sku": "R-7", "title": "Desk Lamp LED", "brand": "Lumo", "category": ["Furniture"], "price": 30}"#,
        #"{"sku": "R-8", "title": "Stapler", "brand": "Clasp", "category": ["Office"], "description": "Staples 20 sheets.", "price": 8}"#,
    ]

    struct RankedRow: Sendable {
        let row: Int
        let ours: Double
        let bm25: Double
    }

    /// Both scores of every match of `query`; `phrases` as `CatalogSearch` passes them unless given.
    static func rankedRows(_ f: Fixture, _ query: TextQuery, phrases: String? = nil) async throws -> [RankedRow] {
        let named = phrases ?? query.phrases.joined(separator: "\u{1}")
        return try await f.store.read { sql in
            try await sql.raw(
                """
                SELECT rowid AS row, qm_rank(product_fts, \(bind: named)) AS ours, bm25(product_fts, 10.0, 6.0, 4.0, 4.0, 1.5, 1.0) AS bm25
                FROM product_fts WHERE product_fts MATCH \(bind: query.fts5)
                """
            ).all().map {
                RankedRow(
                    row: try $0.decode(column: "row", as: Int.self), ours: try $0.decode(column: "ours", as: Double.self),
                    bm25: try $0.decode(column: "bm25", as: Double.self))
            }
        }
    }

    static func expectBm25(_ f: Fixture, _ queries: [TextQuery]) async throws {
        for query in queries {
            let rows = try await rankedRows(f, query)
            #expect(!rows.isEmpty, "\(query.fts5) matches nothing")
            for row in rows {
                #expect(abs(row.ours - row.bm25) < 1e-9, "\(query.fts5), row \(row.row): \(row.ours) against bm25 \(row.bm25)")
            }
        }
    }

    @Test func rankingIsBm25WithKeptStatisticsAndAfterARewrite() async throws {
        try await Self.with(.sqlite) { f in
            let vendor = try await f.vendor("OfficeHub")
            #expect(try await f.importLines(Self.rankedLines, vendor: vendor).imported == 8)
            let word = { (text: String) in TextQuery.word(text, prefix: false) }
            let queries: [TextQuery] = [
                word("binder"),
                .all([word("ring"), word("binder")]),
                .any([word("paper"), word("sheets"), word("binder")]),
                // "All the words but one": each word named twice, in three groups.
                .any([.all([word("usb"), word("c")]), .all([word("usb"), word("cable")]), .all([word("c"), word("cable")])]),
                .all([.phrase(["ring", "binder"]), .any([word("red"), word("blue")])]),
                .word("bind", prefix: true),
            ]
            // The first pass counts phrases and reads row lengths; the second uses what it kept.
            try await Self.expectBm25(f, queries)
            try await Self.expectBm25(f, queries)
            #expect(try await Self.rankedRows(f, word("binder")).count == 2)
            // Phrases not named as the query numbers them: counted for this query alone, same scores.
            let mismatched = try await Self.rankedRows(f, queries[3], phrases: "usb")
            #expect(!mismatched.isEmpty && mismatched.allSatisfy { abs($0.ours - $0.bm25) < 1e-9 })
            // A rewrite makes the stapler longer and a binder: lengths and "binder"'s count change.
            let stapler =
                #"{"sku": "R-8", "title": "Stapler and Binder Set", "brand": "Clasp", "category": ["Office"], "description": "Staples 20 sheets; a long description of a binder set with many more words than before.", "price": 8}"#
            #expect(try await f.importLines([stapler], vendor: vendor).imported == 1)
            #expect(try await Self.rankedRows(f, word("binder")).count == 3)
            try await Self.expectBm25(f, queries)
        }
    }
}
