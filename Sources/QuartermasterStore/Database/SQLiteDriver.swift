import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import VaporCSQLite

/// SQLite in WAL mode: one writer connection, serialised by a lock, and reader connections that read
/// concurrently with it. Foreign keys on; a busy timeout covers other processes on the same file.
/// Statements run on the calling task's thread (`SQLiteHandle`).
public final class SQLiteDriver: DatabaseDriver {
    public let dialect: DatabaseDialect = .sqlite
    public let path: String
    private let writer: SQLiteHandle
    private let readers: SQLiteReaders
    /// Copies the log back into the file beside the writer (kept alive while the writer's hook points at it).
    let checkpointer: SQLiteCheckpointer
    private let writeLock = AsyncLock()
    private let eventLoop: any EventLoop

    private init(path: String, writer: SQLiteHandle, readers: SQLiteReaders, checkpointer: SQLiteCheckpointer) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.eventLoop = MultiThreadedEventLoopGroup.singleton.any()
    }

    /// Every commit empties the other connections' page caches (WAL), so pages are read again and
    /// again: mapped, a page costs no copy.
    static let mmap = "PRAGMA mmap_size=134217728"

    /// A commit that leaves this many pages (8 MB) in the log asks the checkpointer to copy them back.
    /// One that leaves `inlineCheckpointFrames` (40 MB) copies what the checkpointer has not yet copied
    /// itself: while the writer never pauses (an import), the checkpointer never catches up with the
    /// end of the log, so the log could not start again from its beginning; a longer log makes every
    /// page read look further.
    public static let checkpointFrames: Int32 = 2_000
    public static let inlineCheckpointFrames: Int32 = 10_000

    public static func open(
        path: String, readers readerCount: Int, logger: Logger, checkpointFrames: Int32 = SQLiteDriver.checkpointFrames
    ) async throws -> SQLiteDriver {
        let writer = try SQLiteHandle(path: path, logger: logger)
        // WAL first, on the writer, before readers open the file. A larger page cache for the writer:
        // imports look up and update indexes all over the file.
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000",
            "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY", Self.mmap,
        ] {
            try writer.run(pragma, []) { _ in }
        }
        // The log is copied back into the file by a thread of its own, not in the commit that fills it.
        let checkpointer = try SQLiteCheckpointer(
            path: path, frames: checkpointFrames, inlineFrames: max(checkpointFrames, Self.inlineCheckpointFrames), logger: logger)
        writer.checkpoint(with: checkpointer)
        let readers = SQLiteReaders(limit: 64) {
            let reader = try SQLiteHandle(path: path, logger: logger)
            for pragma in [
                "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA query_only=1", "PRAGMA cache_size=-16384",
                "PRAGMA temp_store=MEMORY", Self.mmap,
            ] {
                try reader.run(pragma, []) { _ in }
            }
            return reader
        }
        do {
            try await readers.prepare(max(1, readerCount))
        } catch {
            writer.checkpoint(with: nil)
            checkpointer.stop()
            throw error
        }
        return SQLiteDriver(path: path, writer: writer, readers: readers, checkpointer: checkpointer)
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = try await readers.acquire()
        do {
            let result = try await body(SQLiteHeld(handle: reader, eventLoop: eventLoop))
            await readers.release(reader)
            return result
        } catch {
            await readers.release(reader)
            throw error
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeLock.withLock { try await inTransaction(body) }
    }

    /// Foreign-key enforcement can only change outside a transaction; it is back on before the lock
    /// is let go, so no other write ever runs without it.
    public func uncheckedTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            try writer.run("PRAGMA foreign_keys=OFF", []) { _ in }
            do {
                let result = try await inTransaction(body)
                try writer.run("PRAGMA foreign_keys=ON", []) { _ in }
                return result
            } catch {
                try? writer.run("PRAGMA foreign_keys=ON", []) { _ in }
                throw error
            }
        }
    }

    /// Runs `body` in one transaction on the writer; the caller holds the write lock.
    private func inTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = SQLiteHeld(handle: writer, eventLoop: eventLoop)
        try sql.handle.run("BEGIN IMMEDIATE", []) { _ in }
        do {
            let result = try await body(sql)
            try sql.handle.run("COMMIT", []) { _ in }
            return result
        } catch {
            try? sql.handle.run("ROLLBACK", []) { _ in }
            throw error
        }
    }

    public func session<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let sql = SQLiteHeld(handle: writer, eventLoop: eventLoop)
        return try await writeLock.withLock { try await body(sql) }
    }

    public func run() async throws {
        // Nothing runs in the background for SQLite; wait until cancelled.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    public func close() async throws {
        for reader in await readers.closeAll() { reader.close() }
        // Under the write lock, so no transaction is mid-way. The writer's close copies what is left
        // of the log into the file.
        try await writeLock.withLock {
            writer.checkpoint(with: nil)
            checkpointer.stop()
            writer.close()
        }
    }
}

/// Reader connections, each lent to one read at a time: two queries on one connection at once would
/// share the first one's read transaction, so the second could miss a commit made before it began.
/// When all are lent a new one is opened (reads may nest, or wait for the writer, so waiting for a
/// free one could deadlock); only past `limit` does a read wait.
actor SQLiteReaders {
    private var free: [SQLiteHandle] = []
    private var count = 0
    private var closed = false
    private var waiters: [CheckedContinuation<SQLiteHandle?, Never>] = []
    private let limit: Int
    private let open: @Sendable () throws -> SQLiteHandle

    init(limit: Int, open: @escaping @Sendable () throws -> SQLiteHandle) {
        self.limit = limit
        self.open = open
    }

    func prepare(_ count: Int) throws {
        for _ in 0..<count {
            free.append(try open())
            self.count += 1
        }
    }

    func acquire() async throws -> SQLiteHandle {
        guard !closed else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the database is closed") }
        if let reader = free.popLast() { return reader }
        if count < limit {
            let reader = try open()
            count += 1
            return reader
        }
        guard let reader = await withCheckedContinuation({ waiters.append($0) }) else {
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "the database is closed")
        }
        return reader
    }

    func release(_ reader: SQLiteHandle) {
        if closed {
            reader.close()
        } else if waiters.isEmpty {
            free.append(reader)
        } else {
            waiters.removeFirst().resume(returning: reader)
        }
    }

    /// The free connections, for closing; a lent one is closed when it comes back.
    func closeAll() -> [SQLiteHandle] {
        closed = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters = []
        defer { free = [] }
        return free
    }
}
