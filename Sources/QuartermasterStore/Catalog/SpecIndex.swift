import QuartermasterCore
import SQLKit

/// SQLite's index of product specs, `product_specs`: one row per spec value (an array's or object's
/// members each get a row of their own, `top` 0), so a spec filter is a range scan of this table
/// instead of a JSON parse of every full-text match's specs. Rows hold what the JSON filters compared:
/// numbers as numbers, everything else as `lower()` of its JSON value (booleans as '1' and '0', with
/// their JSON type). Written by `CatalogWriter` in step with `products.specs`; PostgreSQL filters its
/// `jsonb` column directly.
enum SpecIndex {
    /// Fills the index for the products chosen by a condition on `p` (which the statement repeats, once
    /// per half). Migration 12 runs it over every product, so this text is part of that migration's
    /// checksum: a change here is a new migration.
    static func fill(where condition: String) -> String {
        insert + rows(where: condition)
    }

    private static let insert = "INSERT OR IGNORE INTO product_specs (key, value, seq, top, type) "

    /// The index rows of the products chosen by a condition on `p`, from their specs as stored.
    static func rows(where condition: String) -> String {
        halves.map { $0.head + condition + $0.tail }.joined(separator: " UNION ALL ")
    }

    static func rows(where condition: SQLQueryString) -> SQLQueryString {
        rows(halves, where: condition)
    }

    private static func rows(_ parts: [(head: String, tail: String)], where condition: SQLQueryString) -> SQLQueryString {
        var statement = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            statement =
                statement + SQLQueryString(index == 0 ? part.head : " UNION ALL " + part.head) + condition + SQLQueryString(part.tail)
        }
        return statement
    }

    /// Top-level values, then the members of arrays and objects.
    private static let halves: [(head: String, tail: String)] = [
        (
            """
            SELECT e.key, CASE WHEN e.type IN ('integer', 'real') THEN e.value ELSE lower(e.value) END, p.seq, 1, e.type
            FROM products p, json_each(p.specs) e WHERE\u{20}
            """,
            " AND e.type NOT IN ('array', 'object', 'null')"
        ),
        (
            """
            SELECT e.key, CASE WHEN a.type IN ('integer', 'real') THEN a.value ELSE lower(a.value) END, p.seq, 0, a.type
            FROM products p, json_each(p.specs) e, json_each(e.value) a WHERE\u{20}
            """,
            " AND e.type IN ('array', 'object') AND a.type <> 'null'"
        ),
    ]

    /// Removes the index rows of products about to be rewritten: the rows their specs as stored give,
    /// each found by the primary key (one statement per half: SQLite looks up a row value IN a plain
    /// subquery by the key, but scans the table for a compound one). No second index by product to
    /// keep up during imports.
    static func remove(productIDs: [String], in sql: any SQLDatabase) async throws {
        for chunk in productIDs.chunks(of: 2_000) {
            let chosen = SQLQueryString("p.id IN (\(binds: Array(chunk)))")
            for half in halves {
                try await sql.raw(
                    SQLQueryString("DELETE FROM product_specs WHERE (key, value, seq, top, type) IN (") + rows([half], where: chosen)
                        + SQLQueryString(")")
                ).run()
            }
        }
    }

    /// Adds the index rows of these products (by `seq`), after their specs were written.
    static func add(_ seqs: [Int64], in sql: any SQLDatabase) async throws {
        for chunk in seqs.chunks(of: 5_000) {
            let chosen = SQLQueryString("p.seq IN (\(binds: Array(chunk)))")
            try await sql.raw(SQLQueryString(insert) + rows(where: chosen))
                .run()
        }
    }

    /// The products (`seq` is the SQL expression of the statement's product number) that pass `filter`,
    /// as the JSON filters decided it: a range or a boolean on the top-level value only; equality on the
    /// value or any member of an array, numbers compared as numbers, text without case.
    static func condition(_ filter: SpecFilter, seq: String) -> SQLQueryString {
        let lowered = filter.value.lowercased()
        let rows: SQLQueryString
        switch filter.op {
        case .equal, .notEqual:
            if lowered == "true" || lowered == "false" {
                rows = SQLQueryString(
                    "key = \(bind: filter.key) AND value = \(bind: lowered == "true" ? "1" : "0") AND top = 1 AND type IN ('true', 'false')"
                )
            } else if let number = filter.numeric {
                rows = SQLQueryString("key = \(bind: filter.key) AND value IN (\(bind: number), \(bind: lowered))")
            } else {
                rows = SQLQueryString("key = \(bind: filter.key) AND value = \(bind: lowered)")
            }
        case .greaterOrEqual, .lessOrEqual, .greater, .less:
            rows = SQLQueryString(
                "key = \(bind: filter.key) AND top = 1 AND type IN ('integer', 'real') AND value \(unsafeRaw: filter.op.rawValue) \(bind: filter.numeric ?? 0)"
            )
        }
        let membership = filter.op == .notEqual ? "NOT IN" : "IN"
        return SQLQueryString("\(unsafeRaw: seq) \(unsafeRaw: membership) (SELECT seq FROM product_specs WHERE ") + rows
            + SQLQueryString(")")
    }
}
