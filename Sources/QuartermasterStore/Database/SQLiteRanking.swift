import Foundation
import VaporCSQLite

/// `qm_rank(product_fts, phrases)`: FTS5's bm25 with the catalog's column weights (title 10, brand 6,
/// attributes and category 4, bullets 1.5, description 1), computed as bm25 computes it (k1 1.2,
/// b 0.75, IDF floored at 1e-6, negated so that `ORDER BY` ascending ranks best first), with two
/// statistics kept per connection instead of read again for every query or row:
///
/// - **Each phrase's document count** (for its IDF). bm25 walks the phrase's whole document list with
///   `xQueryPhrase` every time it runs: for "A4 copy paper 100% recycled" (585 matches) that is
///   25,000 "paper" rows and 13,500 "100" rows, and "all the words but one" of five words names each
///   word four times and walks each list four times. `phrases` is the query's phrases in the order
///   FTS5 numbers them (`TextQuery.phrases`), joined by U+0001; it names the kept counts.
/// - **Each row's length in tokens** (for its length normalisation). bm25 reads it from
///   `product_fts_docsize` with one statement per matching row (bind, step, reset: a third of the
///   cost of ranking a common word). Here it is an array by row number, read in one pass.
///
/// Both are kept while the table's row count and total token count are the ones they were read with
/// (any insert, delete or rewrite that changes a length moves the total); a phrase count for at most
/// `maxAge` besides, so a rewrite that swaps words of equal length is behind for at most that long.
/// When the table has changed, row lengths are read per row as bm25 does, and read again in one pass
/// at most once per `maxAge`, so a running import does not make every search reload them.
enum SQLiteRanking {
    static let functionName = "qm_rank"
    static let maxAge: Duration = .seconds(30)
    static let separator: Character = "\u{1}"

    /// The row count and total token count of the full-text table.
    struct Shape: Equatable {
        let rows: Int64
        let tokens: Int64
    }

    /// One connection's kept statistics. Used only by the connection's holder, one statement at a time.
    final class Statistics {
        /// Rows ranked by the connection's latest `qm_rank` query, read back with `qm_ranked()`.
        let ranked: UnsafeMutablePointer<Int64> = {
            let counter = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
            counter.initialize(to: 0)
            return counter
        }()

        deinit { ranked.deallocate() }

        struct Count {
            let hits: Int64
            let shape: Shape
            let counted: ContinuousClock.Instant
        }
        var counts: [String: Count] = [:]
        var lengths: Lengths?
        var lengthsRead: ContinuousClock.Instant?
        static let capacity = 4_096

        func hits(_ phrase: String, shape: Shape, now: ContinuousClock.Instant) -> Int64? {
            guard let count = counts[phrase], count.shape == shape, now - count.counted < SQLiteRanking.maxAge else { return nil }
            return count.hits
        }

        func keep(_ phrase: String, hits: Int64, shape: Shape, now: ContinuousClock.Instant) {
            if counts.count >= Self.capacity { counts.removeAll(keepingCapacity: true) }
            counts[phrase] = Count(hits: hits, shape: shape, counted: now)
        }

        /// The row lengths for a table of this shape: kept ones, or read now when the kept ones are older
        /// than `maxAge` (or there are none); nil to read lengths per row.
        func lengths(_ db: OpaquePointer, shape: Shape, now: ContinuousClock.Instant) -> Lengths? {
            if let lengths, lengths.shape == shape { return lengths }
            if let lengthsRead, now - lengthsRead < SQLiteRanking.maxAge { return nil }
            lengthsRead = now
            lengths = Lengths.read(db, shape: shape)
            return lengths
        }
    }

    /// Token counts by row number (-1: no such row), for one shape of the table.
    final class Lengths {
        let shape: Shape
        let tokens: UnsafeMutableBufferPointer<Int32>

        init(shape: Shape, count: Int) {
            self.shape = shape
            tokens = .allocate(capacity: count)
            tokens.initialize(repeating: -1)
        }

        deinit { tokens.deallocate() }

        /// Reads `product_fts_docsize` (each row's column sizes as varints) in one pass; nil when row
        /// numbers are too sparse for an array or the read fails.
        static func read(_ db: OpaquePointer, shape: Shape) -> Lengths? {
            var statement: OpaquePointer?
            defer { sqlite_nio_sqlite3_finalize(statement) }
            guard sqlite_nio_sqlite3_prepare_v2(db, "SELECT max(id) FROM product_fts_docsize", -1, &statement, nil) == SQLITE_OK,
                sqlite_nio_sqlite3_step(statement) == SQLITE_ROW
            else { return nil }
            let highest = sqlite_nio_sqlite3_column_int64(statement, 0)
            guard highest >= 0, highest <= 4 * shape.rows + 65_536 else { return nil }
            sqlite_nio_sqlite3_finalize(statement)
            statement = nil
            guard sqlite_nio_sqlite3_prepare_v2(db, "SELECT id, sz FROM product_fts_docsize", -1, &statement, nil) == SQLITE_OK else {
                return nil
            }
            let lengths = Lengths(shape: shape, count: Int(highest) + 1)
            var status = sqlite_nio_sqlite3_step(statement)
            while status == SQLITE_ROW {
                let id = Int(sqlite_nio_sqlite3_column_int64(statement, 0))
                let size = Int(sqlite_nio_sqlite3_column_bytes(statement, 1))
                if id >= 0, id < lengths.tokens.count, let blob = sqlite_nio_sqlite3_column_blob(statement, 1) {
                    lengths.tokens[id] = Int32(clamping: sum(blob.assumingMemoryBound(to: UInt8.self), size))
                }
                status = sqlite_nio_sqlite3_step(statement)
            }
            return status == SQLITE_DONE ? lengths : nil
        }

        /// The sum of a run of SQLite varints (big-endian groups of 7 bits, high bit set on all but the last).
        static func sum(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
            var total = 0
            var value = 0
            for index in 0..<count {
                let byte = Int(bytes[index])
                value = (value << 7) | (byte & 0x7f)
                if byte < 0x80 {
                    total += value
                    value = 0
                }
            }
            return total
        }
    }

    /// What a query's rows share, freed by SQLite with the query: each phrase's IDF, room for a row's
    /// phrase frequencies, the average row length and the row lengths (held for the query's lifetime).
    struct QueryData {
        let phrases: Int
        let averageLength: Double
        let idf: UnsafeMutablePointer<Double>
        let frequencies: UnsafeMutablePointer<Double>
        let lengths: UnsafeMutableBufferPointer<Int32>?
        let owner: Unmanaged<Lengths>?
        let ranked: UnsafeMutablePointer<Int64>
    }

    /// Registers `qm_rank` on a connection; `statistics` must live as long as the connection.
    static func register(_ db: OpaquePointer, statistics: Statistics) throws {
        // `fts5(?1)` writes the API's address through the bound pointer while the statement steps.
        let slot = UnsafeMutablePointer<UnsafeMutablePointer<fts5_api>?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        defer { slot.deallocate() }
        var statement: OpaquePointer?
        var status = sqlite_nio_sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nil)
        if status == SQLITE_OK {
            let type = UnsafeRawPointer(apiTypeName.utf8Start).assumingMemoryBound(to: CChar.self)
            status = sqlite_nio_sqlite3_bind_pointer(statement, 1, slot, type, nil)
            if status == SQLITE_OK { _ = sqlite_nio_sqlite3_step(statement) }
        }
        sqlite_nio_sqlite3_finalize(statement)
        guard status == SQLITE_OK, let api = slot.pointee, let create = api.pointee.xCreateFunction else {
            throw SQLiteFailure(code: status == SQLITE_OK ? SQLITE_ERROR : status, message: "FTS5 is not available")
        }
        status = create(api, functionName, Unmanaged.passUnretained(statistics).toOpaque(), rank, nil)
        guard status == SQLITE_OK else { throw SQLiteFailure(code: status, message: "cannot register \(functionName)") }
        status = sqlite_nio_sqlite3_create_function_v2(
            db, countName, 0, SQLITE_UTF8, UnsafeMutableRawPointer(statistics.ranked), rankedRows, nil, nil, nil)
        guard status == SQLITE_OK else { throw SQLiteFailure(code: status, message: "cannot register \(countName)") }
    }

    /// `qm_ranked()`: how many rows the connection's latest `qm_rank` query ranked. A query ordered by
    /// rank ranks every row that passes its conditions, so this is its count of matches, without a
    /// second walk over them.
    static let countName = "qm_ranked"

    private static let rankedRows: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
        result, _, _ in
        let counter = sqlite_nio_sqlite3_user_data(result)?.assumingMemoryBound(to: Int64.self)
        sqlite_nio_sqlite3_result_int64(result, counter?.pointee ?? 0)
    }

    /// The pointer type `fts5()` checks; it must stay valid while the statement runs (a static string does).
    private static let apiTypeName: StaticString = "fts5_api_ptr"

    private static let rank: fts5_extension_function = { api, context, result, count, values in
        guard let api, let context else { return }
        let state: UnsafeMutablePointer<QueryData>
        if let saved = api.pointee.xGetAuxdata!(context, 0) {
            state = saved.assumingMemoryBound(to: QueryData.self)
        } else {
            var phrases: [String] = []
            if count >= 1, let values, let text = sqlite_nio_sqlite3_value_text(values[0]) {
                phrases = String(cString: text).split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            }
            let statistics = Unmanaged<Statistics>.fromOpaque(api.pointee.xUserData!(context)!).takeUnretainedValue()
            guard let db = sqlite_nio_sqlite3_context_db_handle(result),
                let made = queryData(api, context, db, phrases: phrases, statistics: statistics)
            else {
                sqlite_nio_sqlite3_result_error(result, "qm_rank: cannot read the full-text statistics", -1)
                return
            }
            guard api.pointee.xSetAuxdata!(context, made, releaseQueryData) == SQLITE_OK else {
                sqlite_nio_sqlite3_result_error_nomem(result)
                return
            }
            state = made
        }
        let data = state.pointee
        data.ranked.pointee += 1
        let frequencies = data.frequencies
        frequencies.update(repeating: 0, count: data.phrases)
        var instances: Int32 = 0
        var status = api.pointee.xInstCount!(context, &instances)
        var phrase: Int32 = 0
        var column: Int32 = 0
        var offset: Int32 = 0
        var index: Int32 = 0
        while status == SQLITE_OK && index < instances {
            status = api.pointee.xInst!(context, index, &phrase, &column, &offset)
            if status == SQLITE_OK && Int(phrase) < data.phrases {
                frequencies[Int(phrase)] += weight(Int(column))
            }
            index += 1
        }
        var tokens: Int32 = -1
        if let lengths = data.lengths {
            let row = Int(api.pointee.xRowid!(context))
            if row >= 0 && row < lengths.count { tokens = lengths[row] }
        }
        if status == SQLITE_OK && tokens < 0 { status = api.pointee.xColumnSize!(context, -1, &tokens) }
        guard status == SQLITE_OK else {
            sqlite_nio_sqlite3_result_error_code(result, status)
            return
        }
        let k1 = 1.2
        let b = 0.75
        let norm = k1 * (1 - b + b * Double(tokens) / data.averageLength)
        var score = 0.0
        for i in 0..<data.phrases {
            let frequency = frequencies[i]
            score += data.idf[i] * (frequency * (k1 + 1)) / (frequency + norm)
        }
        sqlite_nio_sqlite3_result_double(result, -score)
    }

    @inline(__always) private static func weight(_ column: Int) -> Double {
        switch column {
        case 0: 10.0
        case 1: 6.0
        case 2, 3: 4.0
        case 4: 1.5
        default: 1.0
        }
    }

    private static let releaseQueryData: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        guard let state = pointer?.assumingMemoryBound(to: QueryData.self) else { return }
        state.pointee.idf.deallocate()
        state.pointee.frequencies.deallocate()
        state.pointee.owner?.release()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    private static let countRow: @convention(c) (UnsafePointer<Fts5ExtensionApi>?, OpaquePointer?, UnsafeMutableRawPointer?) -> Int32 = {
        _, _, hits in
        hits?.assumingMemoryBound(to: Int64.self).pointee += 1
        return SQLITE_OK
    }

    /// The query's IDFs (kept counts, or counted now and kept), average row length and row lengths.
    private static func queryData(
        _ api: UnsafePointer<Fts5ExtensionApi>, _ context: OpaquePointer, _ db: OpaquePointer, phrases: [String], statistics: Statistics
    ) -> UnsafeMutablePointer<QueryData>? {
        var rows: Int64 = 0
        var tokens: Int64 = 0
        guard api.pointee.xRowCount!(context, &rows) == SQLITE_OK, api.pointee.xColumnTotalSize!(context, -1, &tokens) == SQLITE_OK
        else { return nil }
        let shape = Shape(rows: rows, tokens: tokens)
        let phraseCount = Int(api.pointee.xPhraseCount!(context))
        let named = phrases.count == phraseCount
        let now = ContinuousClock.now
        let idf = UnsafeMutablePointer<Double>.allocate(capacity: max(1, phraseCount))
        for index in 0..<phraseCount {
            var hits = named ? statistics.hits(phrases[index], shape: shape, now: now) : nil
            if hits == nil {
                var counted: Int64 = 0
                guard api.pointee.xQueryPhrase!(context, Int32(index), &counted, countRow) == SQLITE_OK else {
                    idf.deallocate()
                    return nil
                }
                if named { statistics.keep(phrases[index], hits: counted, shape: shape, now: now) }
                hits = counted
            }
            let value = log((Double(rows) - Double(hits!) + 0.5) / (Double(hits!) + 0.5))
            idf[index] = value <= 0 ? 1e-6 : value
        }
        let lengths = statistics.lengths(db, shape: shape, now: now)
        statistics.ranked.pointee = 0
        let state = UnsafeMutablePointer<QueryData>.allocate(capacity: 1)
        state.initialize(
            to: QueryData(
                phrases: phraseCount, averageLength: Double(tokens) / Double(max(rows, 1)), idf: idf,
                frequencies: .allocate(capacity: max(1, phraseCount)), lengths: lengths?.tokens,
                owner: lengths.map { Unmanaged.passRetained($0) }, ranked: statistics.ranked))
        return state
    }
}
