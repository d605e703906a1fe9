import Logging
import Metrics
import QuartermasterCore
import ServiceLifecycle
import Synchronization

/// What a job handler is given.
public struct JobContext: Sendable {
    public let job: Job
    public let store: Store
    public let logger: Logger
}

/// Runs one kind of job. Throwing schedules a retry (or dead-letters after the last attempt).
public typealias JobHandler = @Sendable (JobContext) async throws -> Void

/// The job kinds this process can run, and the recurring schedules it keeps firing.
public struct JobRegistry: Sendable {
    public private(set) var handlers: [String: JobHandler] = [:]
    public private(set) var schedules: [RecurringSchedule] = []

    public init() {}

    public mutating func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers[kind] = handler
    }

    public mutating func schedule(_ schedule: RecurringSchedule) {
        schedules.append(schedule)
    }
}

/// Wakes a waiting worker early (a job was enqueued in this process, or shutdown began).
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        /// Waits that ended (timeout or cancellation) before their continuation was registered.
        var expired: Set<Int> = []
    }
    private let state = Mutex(State())

    public init() {}

    /// Wakes every current waiter, or the next one to wait if none is waiting.
    public func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.waiters.isEmpty {
                state.pending = true
                return []
            }
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when signalled, after `timeout`, or when the task is cancelled, whichever is first.
    public func wait(timeout: Duration) async {
        let id = state.withLock { state -> Int? in
            if state.pending {
                state.pending = false
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.expired.remove(id) != nil { return true }
                            state.waiters[id] = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.expire(id)
                }
            }
            await group.next()
            group.cancelAll()
        }
        state.withLock { _ = $0.expired.remove(id) }
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            state.expired.insert(id)
            return nil
        }
        waiter?.resume()
    }
}

/// Claims and runs jobs with bounded concurrency; renews leases while jobs run; fires recurring
/// schedules. On graceful shutdown it stops claiming, lets running jobs finish within `shutdownGrace`,
/// then cancels the rest and releases them for another worker.
public struct JobWorker: Service {
    public struct Configuration: Sendable {
        public var concurrency: Int = 4
        public var pollInterval: Duration = .milliseconds(500)
        public var leaseMilliseconds: Int64 = 30_000
        public var shutdownGrace: Duration = .seconds(10)
        public var retryPolicy = RetryPolicy()
        public init() {}
    }

    public let queue: JobQueue
    public let registry: JobRegistry
    public let workerID: String
    public let configuration: Configuration
    public let wake: WakeSignal
    let logger: Logger

    public init(
        queue: JobQueue, registry: JobRegistry, workerID: String = Identifier.make("wrk"), configuration: Configuration = .init(),
        wake: WakeSignal, logger: Logger
    ) {
        self.queue = queue
        self.registry = registry
        self.workerID = workerID
        self.configuration = configuration
        self.wake = wake
        self.logger = logger
    }

    private final class Running: Sendable {
        let jobs = Mutex<[String: Job]>([:])
        let stopping = Atomic<Bool>(false)
    }

    public func run() async throws {
        let running = Running()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await heartbeatLoop(running) }
                await claimLoop(running, group: &group)
                // Stopping: give running jobs their grace period, then cancel what is left.
                let deadline = ContinuousClock.now + configuration.shutdownGrace
                while running.jobs.withLock({ !$0.isEmpty }) && ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(50))
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            running.stopping.store(true, ordering: .relaxed)
            wake.signal()
        }
    }

    private func claimLoop(_ running: Running, group: inout TaskGroup<Void>) async {
        var lastScheduleCheck = ContinuousClock.now - .seconds(3600)
        while !running.stopping.load(ordering: .relaxed) && !Task.isCancelled {
            if ContinuousClock.now - lastScheduleCheck >= .seconds(1) {
                lastScheduleCheck = ContinuousClock.now
                for schedule in registry.schedules {
                    do { try await queue.fire(schedule) } catch {
                        logger.warning("could not fire schedule", metadata: ["schedule": "\(schedule.name)", "error": "\(error)"])
                    }
                }
            }
            let free = configuration.concurrency - running.jobs.withLock { $0.count }
            var claimed: [Job] = []
            if free > 0 {
                do {
                    claimed = try await queue.claim(workerID: workerID, limit: free, leaseMilliseconds: configuration.leaseMilliseconds)
                } catch {
                    logger.warning("could not claim jobs", metadata: ["error": "\(error)"])
                }
            }
            for job in claimed {
                running.jobs.withLock { $0[job.id] = job }
                group.addTask { await execute(job, running) }
            }
            if claimed.isEmpty || claimed.count < free {
                await wake.wait(timeout: configuration.pollInterval)
            }
        }
    }

    private func heartbeatLoop(_ running: Running) async {
        let interval = Duration.milliseconds(max(100, configuration.leaseMilliseconds / 3))
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let ids = running.jobs.withLock { Array($0.keys) }
            if running.stopping.load(ordering: .relaxed) && ids.isEmpty { return }
            do {
                try await queue.heartbeat(jobIDs: ids, workerID: workerID, leaseMilliseconds: configuration.leaseMilliseconds)
            } catch {
                logger.warning("job heartbeat failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func execute(_ job: Job, _ running: Running) async {
        defer {
            running.jobs.withLock { _ = $0.removeValue(forKey: job.id) }
            wake.signal()
        }
        var jobLogger = logger
        jobLogger[metadataKey: "job.id"] = "\(job.id)"
        jobLogger[metadataKey: "job.kind"] = "\(job.kind)"
        let started = ContinuousClock.now
        let outcome: String
        do {
            guard let handler = registry.handlers[job.kind] else {
                throw UnknownJobKind(kind: job.kind)
            }
            try await handler(JobContext(job: job, store: queue.store, logger: jobLogger))
            try Task.checkCancellation()
            try await queue.complete(job, workerID: workerID)
            outcome = "succeeded"
        } catch is CancellationError where running.stopping.load(ordering: .relaxed) || Task.isCancelled {
            // This task is cancelled, and database calls may refuse to start in a cancelled task:
            // release from a fresh task, which does not inherit the cancellation.
            let (queue, workerID) = (self.queue, self.workerID)
            await Task { try? await queue.release(job, workerID: workerID) }.value
            jobLogger.info("job released at shutdown")
            outcome = "released"
        } catch {
            let decision = try? await queue.fail(job, workerID: workerID, error: "\(error)", policy: configuration.retryPolicy)
            jobLogger.warning(
                "job failed", metadata: ["attempt": "\(job.attempt)", "error": "\(error)", "decision": "\(String(describing: decision))"])
            outcome = decision == .deadLetter ? "dead" : "retry"
        }
        let elapsed = ContinuousClock.now - started
        Timer(label: "quartermaster_job_duration_seconds", dimensions: [("kind", job.kind)]).recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        Counter(label: "quartermaster_jobs_total", dimensions: [("kind", job.kind), ("outcome", outcome)]).increment()
    }
}

struct UnknownJobKind: Error, CustomStringConvertible {
    let kind: String
    var description: String { "no handler for job kind '\(kind)' in this process" }
}
