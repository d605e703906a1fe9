import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// SQLite in WAL mode: one writer connection, serialised by a lock, and reader connections that read
/// concurrently with it. Foreign keys on; a busy timeout covers other processes on the same file.
public final class SQLiteDriver: DatabaseDriver {
    public let dialect: DatabaseDialect = .sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: SQLiteReaders
    private let writeLock = AsyncLock()
    private let logger: Logger

    private init(path: String, writer: SQLiteConnection, readers: SQLiteReaders, logger: Logger) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    /// Every commit empties the other connections' page caches (WAL), so pages are read again and
    /// again: mapped, a page costs no copy.
    static let mmap = "PRAGMA mmap_size=268435456"

    /// Writers' threads, apart from the readers' (NIO's shared pool): while a writer holds the write
    /// lock its statements must not queue behind reads. One pool for the process, never shut down,
    /// like NIO's own.
    static let writerThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    public static func open(path: String, readers readerCount: Int, logger: Logger) async throws -> SQLiteDriver {
        let writer = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: Self.writerThreads, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        // WAL first, on the writer, before readers open the file.
        _ = try await writer.query("PRAGMA journal_mode=WAL")
        // A larger page cache for the writer: imports look up and update indexes all over the file.
        for pragma in [
            "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-65536",
            "PRAGMA temp_store=MEMORY", Self.mmap,
        ] {
            _ = try await writer.query(pragma)
        }
        let readers = SQLiteReaders(limit: 64) {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in [
                "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA query_only=1", "PRAGMA cache_size=-16384",
                "PRAGMA temp_store=MEMORY", Self.mmap,
            ] {
                _ = try await reader.query(pragma)
            }
            return reader
        }
        try await readers.prepare(max(1, readerCount))
        return SQLiteDriver(path: path, writer: writer, readers: readers, logger: logger)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = try await readers.acquire()
        do {
            let result = try await body(reader.sql(queryLogLevel: .trace))
            await readers.release(reader)
            return result
        } catch {
            await readers.release(reader)
            throw error
        }
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
        for reader in await readers.closeAll() { try? await reader.close() }
        try await writer.close()
    }
}

/// Reader connections, each lent to one read at a time: two queries on one connection at once would
/// share the first one's read transaction, so the second could miss a commit made before it began.
/// When all are lent a new one is opened (reads may nest, or wait for the writer, so waiting for a
/// free one could deadlock); only past `limit` does a read wait.
actor SQLiteReaders {
    private var free: [SQLiteConnection] = []
    private var all: [SQLiteConnection] = []
    private var opening = 0
    private var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    private let limit: Int
    private let open: @Sendable () async throws -> SQLiteConnection

    init(limit: Int, open: @escaping @Sendable () async throws -> SQLiteConnection) {
        self.limit = limit
        self.open = open
    }

    func prepare(_ count: Int) async throws {
        for _ in 0..<count {
            let reader = try await open()
            all.append(reader)
            free.append(reader)
        }
    }

    func acquire() async throws -> SQLiteConnection {
        if let reader = free.popLast() { return reader }
        if all.count + opening < limit {
            opening += 1
            defer { opening -= 1 }
            let reader = try await open()
            all.append(reader)
            return reader
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ reader: SQLiteConnection) {
        if waiters.isEmpty {
            free.append(reader)
        } else {
            waiters.removeFirst().resume(returning: reader)
        }
    }

    /// Every connection, for closing; none is lent afterwards.
    func closeAll() -> [SQLiteConnection] {
        let readers = all
        all = []
        free = []
        return readers
    }
}
