import QuartermasterTestSupport
import SQLKit
import Testing

@testable import QuartermasterStore

/// The bulk path an import writes through: one prepared statement stepped per row on SQLite,
/// multi-row statements on PostgreSQL. Both must write, upsert, return and find the same rows.
@Suite struct BulkStatementTests {
    static let probe = BulkInsert(
        table: "bulk_probe", columns: ["id", "label", "n", "doc"], jsonColumns: ["doc"],
        onConflict: "ON CONFLICT (id) DO UPDATE SET label = excluded.label, n = excluded.n", returning: ["seq", "id"])

    @Test(arguments: TestDatabase.dialects)
    func rowsAreWrittenUpsertedReturnedAndFound(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let serial = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            let json = dialect == .sqlite ? "TEXT" : "JSONB"
            try await database.transaction { sql in
                try await sql.raw(
                    "CREATE TABLE bulk_probe (seq \(unsafeRaw: serial), id TEXT NOT NULL UNIQUE, label TEXT, n BIGINT, doc \(unsafeRaw: json))"
                ).run()
            }
            // More rows than one PostgreSQL statement takes (20,000 values over 4 columns).
            let count = 5_300
            let rows: [[BulkValue]] = (0..<count).map { index in
                let label: BulkValue = index % 7 == 0 ? .null : .text(index % 5 == 0 ? "" : "läbel \(index)")
                let number: BulkValue = index % 3 == 0 ? .null : .integer(Int64(index) * 1_000_000_007)
                return [.text("k\(index)"), label, number, .text("{\"i\":\(index)}")]
            }
            let returned = try await database.transaction { sql in
                try await Self.probe.run(rows, in: sql).map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(Set(returned) == Set((0..<count).map { "k\($0)" }))

            // The same keys again, changed: updated in place, each returned once more.
            let again = try await database.transaction { sql in
                try await Self.probe.run(
                    (0..<100).map { [.text("k\($0)"), .text("new"), .integer(-1), .text("{}")] }, in: sql
                ).count
            }
            #expect(again == 100)

            let found = try await database.read { sql in
                try await BulkLookup(select: "SELECT id, label, n FROM bulk_probe", conditions: [("n", .integer(-1))], key: "id")
                    .run((0..<3_000).map { "k\($0)" } + ["missing"], in: sql)
            }
            #expect(found.count == 100)
            #expect(try found.allSatisfy { try $0.decode(column: "label", as: String.self) == "new" })

            let stored = try await database.read { sql in
                try await sql.raw("SELECT id, label, n FROM bulk_probe WHERE id IN ('k105', 'k140', 'k3002', 'k5299')").all()
            }
            var byID: [String: (String?, Int64?)] = [:]
            for row in stored {
                byID[try row.decode(column: "id", as: String.self)] = (
                    try row.decode(column: "label", as: String?.self), try row.decode(column: "n", as: Int64?.self)
                )
            }
            #expect(byID["k105"]?.0 == nil)  // 105 % 7 == 0: NULL
            #expect(byID["k140"]?.0 == nil)
            #expect(byID["k3002"]?.0 == "läbel 3002")
            #expect(byID["k3002"]?.1 == Int64(3_002) * 1_000_000_007)
            #expect(byID["k5299"]?.1 == Int64(5_299) * 1_000_000_007)
            let empty = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM bulk_probe WHERE label = ''").first()?.decode(column: "n", as: Int.self)
            }
            // Multiples of 5 that are not multiples of 7, past the 100 rewritten.
            #expect(empty == (100..<count).filter { $0 % 5 == 0 && $0 % 7 != 0 }.count)
        }
    }

    /// A row that breaks a constraint fails the batch, and the transaction leaves nothing behind.
    @Test(arguments: TestDatabase.dialects)
    func aBadRowLeavesNothing(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE bulk_strict (id TEXT PRIMARY KEY, n BIGINT NOT NULL)").run()
            }
            let insert = BulkInsert(table: "bulk_strict", columns: ["id", "n"])
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in
                    try await insert.run([[.text("a"), .integer(1)], [.text("b"), .null]], in: sql)
                }
            }
            _ = try await database.transaction { sql in try await insert.run([[.text("c"), .integer(3)]], in: sql) }
            let ids = try await database.read { sql in
                try await sql.raw("SELECT id FROM bulk_strict ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(ids == ["c"])
        }
    }

    /// An unchecked transaction leaves reference checks to its writer only while it runs: after it,
    /// committed or failed, every other write is checked again.
    @Test(arguments: TestDatabase.dialects)
    func referenceChecksAreBackAfterAnUncheckedTransaction(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE ref_parent (id TEXT PRIMARY KEY)").run()
                try await sql.raw("CREATE TABLE ref_child (id TEXT PRIMARY KEY, parent TEXT NOT NULL REFERENCES ref_parent(id))").run()
                try await sql.raw("INSERT INTO ref_parent (id) VALUES ('p')").run()
            }
            let child = BulkInsert(table: "ref_child", columns: ["id", "parent"])
            _ = try await database.uncheckedTransaction { sql in try await child.run([[.text("c1"), .text("p")]], in: sql) }
            await #expect(throws: (any Error).self) {
                try await database.uncheckedTransaction { sql in
                    try await child.run([[.text("c2"), .text("p")]], in: sql)
                    throw StoreError.notFound("on purpose")
                }
            }
            for _ in 0..<2 {
                await #expect(throws: (any Error).self) {
                    try await database.transaction { sql in try await child.run([[.text("orphan"), .text("missing")]], in: sql) }
                }
            }
            let ids = try await database.read { sql in
                try await sql.raw("SELECT id FROM ref_child ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(ids == ["c1"])
        }
    }
}
