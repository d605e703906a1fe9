import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode: one writer connection, serialised by a lock, and a few reader connections that
/// read concurrently with it. Foreign keys on; a busy timeout covers other processes on the same file.
public final class SQLiteDriver: DatabaseDriver {
    public let dialect: DatabaseDialect = .sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncLock()
    private let nextReader = Atomic<Int>(0)
    private let logger: Logger

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    public static func open(path: String, readers readerCount: Int, logger: Logger) async throws -> SQLiteDriver {
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        // WAL first, on the writer, before readers open the file.
        _ = try await writer.query("PRAGMA journal_mode=WAL")
        // A larger page cache for the writer: imports look up and update indexes all over the file.
        for pragma in [
            "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-65536",
            "PRAGMA temp_store=MEMORY",
        ] {
            _ = try await writer.query(pragma)
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in [
                "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA query_only=1", "PRAGMA cache_size=-16384",
                "PRAGMA temp_store=MEMORY",
            ] {
                _ = try await reader.query(pragma)
            }
            readers.append(reader)
        }
        return SQLiteDriver(path: path, writer: writer, readers: readers, logger: logger)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection = readers[index % readers.count]
        return try await body(connection.sql(queryLogLevel: .trace))
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = writer.sql(queryLogLevel: .trace)
        return try await writeLock.withLock {
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func session<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = writer.sql(queryLogLevel: .trace)
        return try await writeLock.withLock { try await body(sql) }
    }

    public func run() async throws {
        // Nothing runs in the background for SQLite; wait until cancelled.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    public func close() async throws {
        for reader in readers { try? await reader.close() }
        try await writer.close()
    }
}
