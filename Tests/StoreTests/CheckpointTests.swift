import Foundation
import QuartermasterTestSupport
import SQLKit
import Testing

@testable import QuartermasterStore

/// SQLite's write-ahead log is copied back into the database file by the driver's checkpointer,
/// beside the writer, not inside the commit that fills it.
@Suite struct CheckpointTests {
    @Test func theLogIsCopiedBackBesideTheWriterAndNothingIsLost() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("test.sqlite").path
        // A checkpoint is asked for once 8 pages are in the log: every commit below writes more.
        let driver = try await SQLiteDriver.open(path: path, readers: 1, logger: TestDatabase.logger, checkpointFrames: 8)
        try await driver.transaction { sql in
            try await sql.raw("CREATE TABLE filler (n INTEGER PRIMARY KEY, text TEXT NOT NULL)").run()
        }
        let rows = 40
        for batch in 0..<rows {
            try await driver.transaction { sql in
                try await sql.raw(
                    """
                    INSERT INTO filler (n, text)
                    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100)
                    SELECT \(bind: batch * 100) + x, printf('%.500c', 'x') FROM c
                    """
                ).run()
            }
        }
        // The commits only asked; the checkpointer's thread did the copying.
        let deadline = ContinuousClock.now + .seconds(10)
        while driver.checkpointer.completed == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(driver.checkpointer.completed > 0)
        let count = try await driver.read { sql in
            try await sql.raw("SELECT count(*) AS n, sum(length(text)) AS bytes FROM filler").first()
        }
        #expect(try count?.decode(column: "n", as: Int.self) == rows * 100)
        #expect(try count?.decode(column: "bytes", as: Int.self) == rows * 100 * 500)
        try await driver.close()

        // Closed, everything is in the file: opened again, all rows are there and the log is empty.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0)
        let again = try await SQLiteDriver.open(path: path, readers: 1, logger: TestDatabase.logger)
        let reopened = try await again.read { sql in try await sql.raw("SELECT count(*) AS n FROM filler").first() }
        #expect(try reopened?.decode(column: "n", as: Int.self) == rows * 100)
        try await again.close()
    }
}
