import Dispatch
import Foundation
import Logging
import Synchronization
import VaporCSQLite

/// Copies the write-ahead log back into the database file on a thread and connection of its own, so
/// that the writer does not. SQLite's automatic checkpoint runs inside the commit that crosses its
/// threshold: an import's writer stopped for 100 ms or more every few batches to copy 40 MB and
/// sync the file (a fifth of a 20,000-product import). Here the writer's commit only asks, and the
/// copy runs beside the next batch (a passive checkpoint takes no lock the writer needs).
///
/// When the log has grown to `inlineFrames`, the commit copies what is left itself, as SQLite's own
/// checkpoint would: usually little, most of it being copied already, and afterwards the log starts
/// again from its beginning (it can only once every frame is copied, which a checkpoint running
/// beside a writer that never pauses does not see).
final class SQLiteCheckpointer: Sendable {
    /// A commit that leaves at least this many frames in the log asks for a checkpoint.
    let frames: Int32
    /// A commit that leaves at least this many copies them itself.
    let inlineFrames: Int32
    private let connection: SQLiteHandle
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let state = Mutex(State())

    private struct State {
        var requested = false
        var stopping = false
        var completed = 0
    }

    init(path: String, frames: Int32, inlineFrames: Int32, logger: Logger) throws {
        self.frames = frames
        self.inlineFrames = inlineFrames
        connection = try SQLiteHandle(path: path, logger: logger)
        try connection.run("PRAGMA busy_timeout=10000", []) { _ in }
        let thread = Thread { [self] in loop() }
        thread.name = "sqlite-checkpoint"
        thread.start()
    }

    /// Checkpoints run so far (for tests).
    var completed: Int { state.withLock { $0.completed } }

    /// Asks for a checkpoint; one already asked for and not yet started covers this one too.
    func request() {
        let wasIdle = state.withLock { state in
            defer { state.requested = true }
            return !state.requested
        }
        if wasIdle { wake.signal() }
    }

    /// Ends the thread after the checkpoint it is running, and closes its connection.
    func stop() {
        let already = state.withLock { state in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !already else { return }
        wake.signal()
        stopped.wait()
    }

    private func loop() {
        while true {
            wake.wait()
            let stopping = state.withLock { state in
                state.requested = false
                return state.stopping
            }
            if stopping { break }
            do {
                try connection.run("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
            } catch {
                connection.logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
            }
            state.withLock { $0.completed += 1 }
        }
        connection.close()
        stopped.signal()
    }

    /// SQLite's commit hook for a WAL database (`sqlite3_wal_hook`): `context` is the checkpointer,
    /// `count` the frames now in the log.
    static let hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
        context, db, _, count in
        guard let context else { return SQLITE_OK }
        let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
        if count >= checkpointer.inlineFrames {
            _ = sqlite_nio_sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        } else if count >= checkpointer.frames {
            checkpointer.request()
        }
        return SQLITE_OK
    }
}
