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
