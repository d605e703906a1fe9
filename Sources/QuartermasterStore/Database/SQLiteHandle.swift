import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization
import VaporCSQLite

/// One SQLite connection, used synchronously by whoever holds it: the writer under the write lock,
/// a reader while it is lent. A statement runs on the caller's thread, with no hop to a thread pool
/// and back (two thread switches a statement, most of a short statement's cost), and prepared
/// statements are kept by their SQL text. Never used by two holders at once, so SQLite's own mutex
/// is off.
final class SQLiteHandle: @unchecked Sendable {
    private var db: OpaquePointer?
    private var cache: [String: CachedStatement] = [:]
    private var lastYield = ContinuousClock.now
    /// Full-text statistics kept for `qm_rank` (see `SQLiteRanking`).
    private let rankStatistics = SQLiteRanking.Statistics()
    let logger: Logger

    /// Prepared statements kept per connection; past this many, all are finalised and the cache starts again.
    static let cacheLimit = 96
    static let cachedLength = 4_096

    init(path: String, logger: Logger) throws {
        self.logger = logger
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        var opened: OpaquePointer?
        let status = SQLiteHandle.opening.withLock { _ in sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil) }
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(opened)
            throw SQLiteFailure(code: status, message: "cannot open \(path): \(message)")
        }
        db = opened
        do {
            try SQLiteRanking.register(opened, statistics: rankStatistics)
        } catch {
            close()
            throw error
        }
    }

    /// `sqlite3_initialize`, run by the first open, is not safe to race: opens run one at a time.
    private static let opening = Mutex(())

    deinit { close() }

    func close() {
        for statement in cache.values { sqlite_nio_sqlite3_finalize(statement.handle) }
        cache = [:]
        if let db { sqlite_nio_sqlite3_close_v2(db) }
        db = nil
    }

    /// Hands each commit's log size to `checkpointer` in place of SQLite's automatic checkpoint (nil:
    /// no checkpoints at commit at all).
    func checkpoint(with checkpointer: SQLiteCheckpointer?) {
        guard let db else { return }
        if let checkpointer {
            _ = sqlite_nio_sqlite3_wal_hook(db, SQLiteCheckpointer.hook, Unmanaged.passUnretained(checkpointer).toOpaque())
        } else {
            _ = sqlite_nio_sqlite3_wal_hook(db, nil, nil)
        }
    }

    /// Runs `sql` with `binds`, handing each row to `onRow`.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteResultRow) -> Void) throws {
        guard let db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        // Text with no statement in it (blank, or only a comment) prepares to nothing: nothing to run.
        guard let statement = try prepare(sql, db) else { return }
        defer { release(statement) }
        let handle = statement.handle
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number): status = sqlite_nio_sqlite3_bind_int64(handle, index, Int64(number))
            case .float(let number): status = sqlite_nio_sqlite3_bind_double(handle, index, number)
            case .text(let text): status = Self.bind(text, handle, index)
            case .blob(let buffer):
                status =
                    buffer.readableBytes == 0
                    ? sqlite_nio_sqlite3_bind_zeroblob(handle, index, 0)
                    : buffer.withUnsafeReadableBytes {
                        sqlite_nio_sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count), SQLiteHandle.transient)
                    }
            case .null: status = sqlite_nio_sqlite3_bind_null(handle, index)
            }
            guard status == SQLITE_OK else { throw failure(status, db) }
        }
        try step(statement, db, onRow)
    }

    /// Runs `sql` once for each row of values, prepared once and reset between rows (an import's
    /// thousands of rows of one shape), handing every result row to `onRow`.
    func runEach(_ sql: String, _ rows: ArraySlice<[BulkValue]>, _ onRow: (SQLiteResultRow) -> Void) throws {
        guard let db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        guard let statement = try prepare(sql, db) else { return }
        defer { release(statement) }
        let handle = statement.handle
        for row in rows {
            for (offset, value) in row.enumerated() {
                let index = Int32(offset + 1)
                let status: Int32
                switch value {
                case .integer(let number): status = sqlite_nio_sqlite3_bind_int64(handle, index, number)
                case .text(let text): status = Self.bind(text, handle, index)
                case .null: status = sqlite_nio_sqlite3_bind_null(handle, index)
                }
                guard status == SQLITE_OK else { throw failure(status, db) }
            }
            try step(statement, db, onRow)
            sqlite_nio_sqlite3_reset(handle)
        }
    }

    /// Steps `statement` to its end, handing each row to `onRow`.
    private func step(_ statement: CachedStatement, _ db: OpaquePointer, _ onRow: (SQLiteResultRow) -> Void) throws {
        let handle = statement.handle
        while true {
            let status = sqlite_nio_sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status, db) }
            let columns = statement.columns(handle)
            var values: [SQLiteData] = []
            values.reserveCapacity(columns.names.count)
            for column in 0..<Int32(columns.names.count) { values.append(Self.value(handle, column)) }
            onRow(SQLiteResultRow(columns: columns, values: values))
        }
    }

    /// Binds a text; an empty one from a literal (a null pointer would bind NULL).
    private static func bind(_ text: String, _ handle: OpaquePointer, _ index: Int32) -> Int32 {
        var text = text
        if text.isEmpty { return sqlite_nio_sqlite3_bind_text64(handle, index, "", 0, transient, UInt8(SQLITE_UTF8)) }
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                sqlite_nio_sqlite3_bind_text64(handle, index, $0.baseAddress, UInt64($0.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Gives a statement back: reset, and kept for the next use or finalised.
    private func release(_ statement: CachedStatement) {
        sqlite_nio_sqlite3_reset(statement.handle)
        if statement.cached {
            sqlite_nio_sqlite3_clear_bindings(statement.handle)
            statement.busy = false
        } else {
            sqlite_nio_sqlite3_finalize(statement.handle)
        }
    }

    /// True at most every few milliseconds: statements run on the caller's thread without suspending,
    /// so a long series of them (an import) yields now and then to let other tasks run.
    func dueForYield() -> Bool {
        let now = ContinuousClock.now
        guard now - lastYield > .milliseconds(4) else { return false }
        lastYield = now
        return true
    }

    private func prepare(_ sql: String, _ db: OpaquePointer) throws -> CachedStatement? {
        if let known = cache[sql], !known.busy {
            known.busy = true
            return known
        }
        // A statement in use (a nested query of the same text) gets a one-off copy.
        // Long statements (multi-row inserts) are used once: kept, their programs would only take memory.
        let keep = cache[sql] == nil && sql.utf8.count <= Self.cachedLength
        var handle: OpaquePointer?
        let status = sql.withCString {
            sqlite_nio_sqlite3_prepare_v3(db, $0, -1, keep ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &handle, nil)
        }
        guard status == SQLITE_OK else {
            sqlite_nio_sqlite3_finalize(handle)
            throw failure(status, db)
        }
        guard let handle else { return nil }
        let statement = CachedStatement(handle: handle, cached: keep)
        statement.busy = true
        if keep {
            if cache.count >= Self.cacheLimit {
                for old in cache.values where !old.busy { sqlite_nio_sqlite3_finalize(old.handle) }
                cache = cache.filter(\.value.busy)
            }
            cache[sql] = statement
        }
        return statement
    }

    private func failure(_ status: Int32, _ db: OpaquePointer) -> SQLiteFailure {
        SQLiteFailure(code: sqlite_nio_sqlite3_extended_errcode(db), message: String(cString: sqlite_nio_sqlite3_errmsg(db)))
    }

    private static func value(_ handle: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(handle, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(handle, column) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(handle, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(handle, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private final class CachedStatement {
        let handle: OpaquePointer
        let cached: Bool
        var busy = false
        private var known: SQLiteResultColumns?

        init(handle: OpaquePointer, cached: Bool) {
            self.handle = handle
            self.cached = cached
        }

        /// Column names, read once per statement (they change only when the schema does, and then the
        /// column count tells).
        func columns(_ handle: OpaquePointer) -> SQLiteResultColumns {
            let count = Int(sqlite_nio_sqlite3_column_count(handle))
            if let known, known.names.count == count { return known }
            let names = (0..<Int32(count)).map { sqlite_nio_sqlite3_column_name(handle, $0).map { String(cString: $0) } ?? "" }
            let columns = SQLiteResultColumns(names: names)
            known = columns
            return columns
        }
    }
}

/// An SQLite error with its extended result code.
public struct SQLiteFailure: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }

    /// A UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (macros Swift does not import).
        code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8)
    }
}

final class SQLiteResultColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (offset, name) in names.enumerated() where index[name] == nil { index[name] = offset }
        self.index = index
    }
}

struct SQLiteResultRow: SQLRow {
    let columns: SQLiteResultColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let offset = columns.index[column] else { return true }
        return values[offset].isNull
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.index[column] else {
            throw DecodingError.keyNotFound(
                SQLiteColumnKey(stringValue: column), .init(codingPath: [], debugDescription: "no column \(column) in the result"))
        }
        if let value = Self.direct(values[offset], as: D.self) { return value }
        return try SQLiteResultRow.decoder.decode(D.self, from: values[offset])
    }

    /// The common cases without the `Decodable` machinery (5–8 % of the search benchmark's CPU): text
    /// as `String`, integers as `Int` or `Int64`, reals as `Double`, and NULL or those as their
    /// optionals. Anything else goes through `SQLiteDataDecoder`, which these agree with.
    @inline(__always) static func direct<D>(_ value: SQLiteData, as type: D.Type) -> D? {
        switch value {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(Optional(text), to: D.self) }
        case .integer(let integer):
            if D.self == Int.self { return unsafeBitCast(Int(integer), to: D.self) }
            if D.self == Int64.self { return unsafeBitCast(Int64(integer), to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?(Int(integer)), to: D.self) }
            if D.self == Int64?.self { return unsafeBitCast(Int64?(Int64(integer)), to: D.self) }
        case .float(let real):
            if D.self == Double.self { return unsafeBitCast(real, to: D.self) }
            if D.self == Double?.self { return unsafeBitCast(Double?(real), to: D.self) }
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
            if D.self == Int64?.self { return unsafeBitCast(Int64?.none, to: D.self) }
            if D.self == Double?.self { return unsafeBitCast(Double?.none, to: D.self) }
        case .blob:
            break
        }
        return nil
    }

    private static let decoder = SQLiteDataDecoder()
}

private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// SQLKit's view of a held `SQLiteHandle`: statements run at once on the calling thread.
struct SQLiteHeld: SQLDatabase {
    let handle: SQLiteHandle
    let eventLoop: any EventLoop
    var logger: Logger { handle.logger }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .trace }

    private static let encoder = SQLiteDataEncoder()

    private func runNow(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) throws {
        let (sql, rawBinds) = serialize(query)
        if logger.logLevel <= .trace {
            logger.trace("Executing query", metadata: ["sql": .string(sql), "binds": .array(rawBinds.map { .string("\($0)") })])
        }
        let binds = try rawBinds.map { try SQLiteHeld.encoder.encode($0) }
        try handle.run(sql, binds) { onRow($0) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try runNow(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if handle.dueForYield() { await Task.yield() }
        try runNow(query, onRow)
    }
}
