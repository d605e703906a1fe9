import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestDatabase.dialects)
    func migratesOnceAndReportsUpToDate(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let migrator = Migrator(database: database)
            let applied = try await migrator.migrate()
            #expect(applied == [])  // the helper migrated already
            let upToDate = try await migrator.isUpToDate()
            #expect(upToDate)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func refusesAnEditedAppliedMigration(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            var edited = Migrations.all
            let first = edited[0]
            edited[0] = Migration(version: first.version, name: first.name) { dialect in
                first.statements(for: dialect) + ["CREATE TABLE sneaky (id INTEGER)"]
            }
            await #expect(throws: Migrator.Failure.checksumMismatch(version: 1, name: first.name)) {
                try await Migrator(database: database, migrations: edited).migrate()
            }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func refusesADatabaseFromANewerBinary(_ dialect: DatabaseDialect) async throws {
        _ = try await TestDatabase.with(dialect) { database in
            await #expect(throws: Migrator.Failure.unknownVersion(2)) {
                try await Migrator(database: database, migrations: [Migrations.all[0]]).migrate()
            }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aFailingMigrationLeavesNothingHalfApplied(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let broken =
                Migrations.all + [
                    Migration(version: 999, name: "broken") { _ in ["CREATE TABLE half_done (id INTEGER)", "THIS IS NOT SQL"] }
                ]
            await #expect(throws: (any Error).self) { try await Migrator(database: database, migrations: broken).migrate() }
            let tables = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM schema_migrations WHERE version = 999").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(tables == 0)
            await #expect(throws: (any Error).self) {
                try await database.read { sql in try await sql.raw("SELECT * FROM half_done").run() }
            }
        }
    }

    @Test func concurrentMigratorsOnPostgresTakeTurns() async throws {
        let (url, drop) = try await TestDatabase.createURL(.postgres)
        defer { Task { try? await drop() } }
        // A fresh, empty database: create it by dropping everything the template brought.
        let database = try await Database.open(url: url, logger: TestDatabase.logger, poolSize: 6)
        try await database.withRunning { database in
            try await database.session { sql in
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await Migrator(database: database).migrate() } }
                var all: [[Int]] = []
                for try await result in group { all.append(result) }
                return all
            }
            // Exactly one migrator applied everything; the others found nothing to do.
            #expect(applied.filter { !$0.isEmpty } == [Migrations.all.map(\.version)])
        }
    }
}

extension Migrator.Failure: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }
}
