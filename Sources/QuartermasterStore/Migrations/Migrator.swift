import Logging
import SQLKit

/// Applies `Migrations.all` in order, each in its own transaction, recording version and checksum.
/// On PostgreSQL an advisory lock makes instances that start together take turns.
public struct Migrator: Sendable {
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case checksumMismatch(version: Int, name: String)
        case unknownVersion(Int)

        public var description: String {
            switch self {
            case .checksumMismatch(let version, let name):
                return
                    "migration \(version) '\(name)' was edited after it was applied to this database (checksum differs); restore it and add a new migration instead"
            case .unknownVersion(let version):
                return
                    "the database has migration \(version), which this binary does not know: it was written by a newer version of Quartermaster"
            }
        }
    }

    /// Arbitrary constant shared by every instance: the advisory lock key for migrations.
    static let advisoryLockKey: Int64 = 0x5155_4d49_4752  // "QUMIGR"

    public let database: Database
    public let migrations: [Migration]

    public init(database: Database, migrations: [Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies pending migrations; returns the versions applied by this call.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let dialect = database.dialect
        let migrations = self.migrations
        let logger = database.logger
        return try await database.session { sql in
            if dialect == .postgres {
                try await sql.raw("SELECT pg_advisory_lock(\(literal: Self.advisoryLockKey))").run()
            }
            do {
                let applied = try await Self.applyPending(sql: sql, dialect: dialect, migrations: migrations, logger: logger)
                if dialect == .postgres {
                    try await sql.raw("SELECT pg_advisory_unlock(\(literal: Self.advisoryLockKey))").run()
                }
                return applied
            } catch {
                if dialect == .postgres {
                    try? await sql.raw("SELECT pg_advisory_unlock(\(literal: Self.advisoryLockKey))").run()
                }
                throw error
            }
        }
    }

    /// True when every known migration is applied (readiness).
    public func isUpToDate() async throws -> Bool {
        let rows = try await database.read { sql in
            try await sql.raw("SELECT version FROM schema_migrations").all()
        }
        let applied = Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        return migrations.allSatisfy { applied.contains($0.version) }
    }

    private static func applyPending(
        sql: any SQLDatabase, dialect: DatabaseDialect, migrations: [Migration], logger: Logger
    ) async throws -> [Int] {
        try await sql.raw(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """
        ).run()
        let rows = try await sql.raw("SELECT version, name, checksum FROM schema_migrations ORDER BY version").all()
        var appliedChecksums: [Int: String] = [:]
        for row in rows {
            appliedChecksums[try row.decode(column: "version", as: Int.self)] = try row.decode(column: "checksum", as: String.self)
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for version in appliedChecksums.keys.sorted() {
            guard let migration = known[version] else { throw Failure.unknownVersion(version) }
            if appliedChecksums[version] != migration.checksum(for: dialect) {
                throw Failure.checksumMismatch(version: version, name: migration.name)
            }
        }
        var appliedNow: [Int] = []
        for migration in migrations where appliedChecksums[migration.version] == nil {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            try await sql.raw("BEGIN").run()
            do {
                for statement in migration.statements(for: dialect) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "checksum", "applied_at")
                    .values(
                        SQLBind(migration.version), SQLBind(migration.name), SQLBind(migration.checksum(for: dialect)),
                        SQLBind(Clock.nowMilliseconds())
                    )
                    .run()
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
            appliedNow.append(migration.version)
        }
        return appliedNow
    }
}
