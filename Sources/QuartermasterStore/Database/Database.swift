import Logging
import SQLKit

/// Which SQL engine a `Database` talks to. Migrations and a few queries differ per dialect.
public enum DatabaseDialect: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
}

/// The engine behind a `Database`: how to read, how to write in a transaction, how to hold one session.
public protocol DatabaseDriver: Sendable {
    var dialect: DatabaseDialect { get }
    /// Runs `body` with a connection suited to reads (on SQLite, one of the reader connections).
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` inside one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// As `transaction`, for bulk writes whose code makes sure of every reference it writes (an import
    /// batch): SQLite skips its foreign-key lookup per row written; PostgreSQL checks as always.
    func uncheckedTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on one connection held for its whole duration, outside any transaction.
    func session<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Keeps the driver's background work (connection pool) running until cancelled.
    func run() async throws
    /// Closes every connection.
    func close() async throws
}

extension DatabaseDriver {
    public func uncheckedTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(body)
    }
}

/// The application's handle on its database: SQLite (embedded default) or PostgreSQL.
public struct Database: Sendable {
    public let driver: any DatabaseDriver
    public let logger: Logger

    public init(driver: any DatabaseDriver, logger: Logger) {
        self.driver = driver
        self.logger = logger
    }

    public var dialect: DatabaseDialect { driver.dialect }

    /// Opens the database named by `url`: `sqlite:///path/file.sqlite`, `sqlite://relative/path`,
    /// `sqlite::memory:`-style URLs are not supported (several connections need one file);
    /// `postgres://user:password@host:port/database` (also `postgresql://`).
    public static func open(url: String, logger: Logger, poolSize: Int = 8) async throws -> Database {
        let location = try DatabaseLocation(url: url)
        switch location {
        case .sqlite(let path):
            return Database(driver: try await SQLiteDriver.open(path: path, readers: 4, logger: logger), logger: logger)
        case .postgres(let settings):
            return Database(driver: PostgresDriver(settings: settings, poolSize: poolSize, logger: logger), logger: logger)
        }
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await driver.read(body)
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await driver.transaction(body)
    }

    /// A transaction whose writer checks its own references: see `DatabaseDriver.uncheckedTransaction`.
    public func uncheckedTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await driver.uncheckedTransaction(body)
    }

    public func session<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await driver.session(body)
    }

    /// Runs `body` while the driver's background work runs, then closes the database.
    public func withRunning<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await driver.run()
                return nil
            }
            do {
                let result = try await body(self)
                group.cancelAll()
                try? await driver.close()
                return result
            } catch {
                group.cancelAll()
                try? await driver.close()
                throw error
            }
        }
    }
}
