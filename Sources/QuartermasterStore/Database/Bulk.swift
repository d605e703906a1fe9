import SQLKit

/// A value written or matched by a bulk statement, bound as it is: no SQLKit expression or encoder
/// per value (on SQLite those cost more than the row's insert).
enum BulkValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    init(_ text: String?) { self = text.map(BulkValue.text) ?? .null }
    init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
    init(_ number: Int64?) { self = number.map(BulkValue.integer) ?? .null }

    /// The value as an SQLKit expression (the PostgreSQL path).
    var expression: any SQLExpression {
        switch self {
        case .text(let text): SQLBind(text)
        case .integer(let number): SQLBind(number)
        case .null: SQLLiteral.null
        }
    }
}

/// Rows of one shape written by one statement. On SQLite the statement is prepared once and stepped
/// once per row with its values bound directly; on PostgreSQL rows go in multi-row statements (one
/// round trip for many rows).
struct BulkInsert: Sendable {
    var table: String
    var columns: [String]
    /// Columns cast to JSONB on PostgreSQL.
    var jsonColumns: Set<String> = []
    /// Written after the values, the same for both databases (`ON CONFLICT (…) DO UPDATE SET c = excluded.c`).
    var onConflict = ""
    var returning: [String] = []

    static let bindsPerStatement = 20_000

    /// Writes `rows` (each with one value per column); the rows `RETURNING` gave, in no promised order.
    @discardableResult
    func run(_ rows: [[BulkValue]], in sql: any SQLDatabase) async throws -> [any SQLRow] {
        guard !rows.isEmpty else { return [] }
        // A short row would leave SQLite's last parameters bound to the previous row's values.
        precondition(rows.allSatisfy { $0.count == columns.count }, "a row for \(table) without one value per column")
        let tail =
            (onConflict.isEmpty ? "" : " " + onConflict) + (returning.isEmpty ? "" : " RETURNING " + returning.joined(separator: ", "))
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        if let held = sql as? SQLiteHeld {
            let statement = head + "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")" + tail
            return try await held.runEach(statement, rows)
        }
        var results: [any SQLRow] = []
        let json = columns.map { jsonColumns.contains($0) }
        for chunk in rows.chunks(of: max(1, Self.bindsPerStatement / columns.count)) {
            var query = SQLQueryString(head)
            for (index, row) in chunk.enumerated() {
                query.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                for (column, value) in row.enumerated() {
                    if column > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                    if json[column] {
                        query.appendInterpolation(unsafeRaw: "CAST(")
                        query.appendInterpolation(value.expression)
                        query.appendInterpolation(unsafeRaw: " AS JSONB)")
                    } else {
                        query.appendInterpolation(value.expression)
                    }
                }
                query.appendInterpolation(unsafeRaw: ")")
            }
            query.appendInterpolation(unsafeRaw: tail)
            if returning.isEmpty {
                try await sql.raw(query).run()
            } else {
                results += try await sql.raw(query).all()
            }
        }
        return results
    }
}

/// Rows found by one key column among many keys, with fixed equality conditions (`org_id = …`).
/// On SQLite one prepared point query per key; on PostgreSQL `IN` lists of many keys.
struct BulkLookup: Sendable {
    /// `SELECT columns FROM table`.
    var select: String
    var conditions: [(column: String, value: BulkValue)]
    var key: String

    func run(_ keys: [String], in sql: any SQLDatabase) async throws -> [any SQLRow] {
        guard !keys.isEmpty else { return [] }
        let fixed = conditions.map { "\($0.column) = ? AND " }.joined()
        if let held = sql as? SQLiteHeld {
            let statement = select + " WHERE " + fixed + key + " = ?"
            let values = conditions.map(\.value)
            return try await held.runEach(statement, keys.map { values + [.text($0)] })
        }
        var results: [any SQLRow] = []
        for chunk in keys.chunks(of: 2_000) {
            var query = SQLQueryString(select + " WHERE ")
            for condition in conditions {
                query.appendInterpolation(unsafeRaw: condition.column + " = ")
                query.appendInterpolation(condition.value.expression)
                query.appendInterpolation(unsafeRaw: " AND ")
            }
            query.appendInterpolation(unsafeRaw: key + " IN (")
            query.appendInterpolation(binds: Array(chunk))
            query.appendInterpolation(unsafeRaw: ")")
            results += try await sql.raw(query).all()
        }
        return results
    }
}

extension SQLiteHeld {
    /// Runs `sql` once per row of values, prepared once; yields to other tasks every few
    /// milliseconds (statements run on the calling thread, one of the few the tasks share).
    func runEach(_ sql: String, _ rows: [[BulkValue]]) async throws -> [any SQLRow] {
        var results: [any SQLRow] = []
        for slice in rows.chunks(of: 16) {
            if handle.dueForYield() { await Task.yield() }
            try handle.runEach(sql, slice) { results.append($0) }
        }
        return results
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        guard !isEmpty else { return [] }
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
