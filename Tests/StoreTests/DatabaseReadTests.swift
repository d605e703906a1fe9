import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

@Suite struct DatabaseReadTests {
    /// A read that starts after a commit returned sees it, even while other reads are running (on
    /// SQLite two queries sharing one connection would share the first one's older snapshot).
    @Test(arguments: TestDatabase.dialects)
    func aReadAfterACommitSeesItWhileOtherReadsRun(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE read_probe (n INTEGER NOT NULL)").run()
                try await sql.raw("CREATE TABLE read_filler (n INTEGER NOT NULL)").run()
                try await sql.raw(
                    """
                    INSERT INTO read_filler (n)
                    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT x FROM c
                    """
                ).run()
            }
            let stale = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<15 {
                            _ = try await database.read { sql in
                                // Many rows: the query stays open between rows, holding its snapshot.
                                try await sql.raw("SELECT n FROM read_filler").all()
                            }
                        }
                        return 0
                    }
                }
                for probe in 0..<4 {
                    group.addTask {
                        var stale = 0
                        for step in 1...60 {
                            let value = step * 4 + probe
                            try await database.transaction { sql in
                                try await sql.raw("INSERT INTO read_probe (n) VALUES (\(bind: value))").run()
                            }
                            let seen = try await database.read { sql in
                                try await sql.raw("SELECT count(*) AS n FROM read_probe WHERE n = \(bind: value)").first()?.decode(
                                    column: "n", as: Int.self)
                            }
                            if seen != 1 { stale += 1 }
                        }
                        return stale
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(stale == 0)
        }
    }
}

/// What goes in comes back, through the statements each driver keeps prepared.
@Suite struct DatabaseStatementTests {
    @Test(arguments: TestDatabase.dialects)
    func valuesComeBackAsWrittenAndAnEmptyTextIsNotNull(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE value_probe (k INTEGER NOT NULL, t TEXT, n BIGINT, d DOUBLE PRECISION)").run()
            }
            let texts: [String?] = ["", nil, "plain", "ünïcödé — 日本語 ✓", String(repeating: "long ", count: 2_000)]
            try await database.transaction { sql in
                for (key, text) in texts.enumerated() {
                    try await sql.raw(
                        "INSERT INTO value_probe (k, t, n, d) VALUES (\(bind: key), \(bind: text), \(bind: Int64.max - Int64(key)), \(bind: 0.5 + Double(key)))"
                    ).run()
                }
            }
            let rows = try await database.read { sql in try await sql.raw("SELECT k, t, n, d FROM value_probe ORDER BY k").all() }
            #expect(rows.count == texts.count)
            for (key, row) in rows.enumerated() {
                #expect(try row.decode(column: "t", as: String?.self) == texts[key])
                #expect(try row.decode(column: "n", as: Int64.self) == Int64.max - Int64(key))
                #expect(try row.decode(column: "d", as: Double.self) == 0.5 + Double(key))
            }
            let empty = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n FROM value_probe WHERE t IS NOT NULL AND t = ''").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(empty == 1)
        }
    }

    /// A failed statement rolls its transaction back and leaves the connection, and the same statement
    /// text, usable; many distinct statements and long ones run right after the prepared ones are recycled.
    @Test(arguments: TestDatabase.dialects)
    func aFailedStatementLeavesNothingAndManyStatementsStillRun(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE unique_probe (k INTEGER PRIMARY KEY, label TEXT NOT NULL)").run()
            }
            try await database.transaction { sql in
                try await sql.raw("INSERT INTO unique_probe (k, label) VALUES (\(bind: 1), \(bind: "one"))").run()
                // Text without a statement runs as nothing on both databases.
                try await sql.raw("-- nothing to do").run()
            }
            await #expect(throws: (any Error).self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO unique_probe (k, label) VALUES (\(bind: 2), \(bind: "two"))").run()
                    try await sql.raw("INSERT INTO unique_probe (k, label) VALUES (\(bind: 1), \(bind: "again"))").run()
                }
            }
            try await database.transaction { sql in
                try await sql.raw("INSERT INTO unique_probe (k, label) VALUES (\(bind: 3), \(bind: "three"))").run()
                // More distinct statements than a connection keeps prepared, each run twice.
                for round in 0..<2 {
                    for k in 10..<160 {
                        try await sql.raw("UPDATE unique_probe SET label = \(bind: "r\(round)") WHERE k = \(unsafeRaw: String(k)) OR k = 3")
                            .run()
                    }
                }
                // A long multi-row insert, twice with different values.
                for base in [1_000, 2_000] {
                    let values = (0..<300).map { "(\(base + $0), 'row \(base + $0)')" }.joined(separator: ", ")
                    try await sql.raw("INSERT INTO unique_probe (k, label) VALUES \(unsafeRaw: values)").run()
                }
            }
            let rows = try await database.read { sql in
                try await sql.raw("SELECT k, label FROM unique_probe WHERE k < 1000 ORDER BY k").all()
            }
            #expect(try rows.map { try $0.decode(column: "k", as: Int.self) } == [1, 3])
            #expect(try rows.last?.decode(column: "label", as: String.self) == "r1")
            let bulk = try await database.read { sql in
                try await sql.raw("SELECT count(*) AS n, sum(k) AS s FROM unique_probe WHERE k >= 1000").first()
            }
            #expect(try bulk?.decode(column: "n", as: Int.self) == 600)
            #expect(try bulk?.decode(column: "s", as: Int.self) == (0..<300).reduce(0) { $0 + 1_000 + $1 + 2_000 + $1 })
        }
    }
}
