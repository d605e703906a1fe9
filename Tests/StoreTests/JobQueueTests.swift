import Logging
import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct JobQueueTests {
    static func org(_ store: Store) async throws -> String {
        try await SQLIdentityRepository(store: store).createOrganization(
            name: "Jobs", admin: NewMember(email: "j@j.com", name: "J", passwordHash: nil, roles: [.admin])
        ).0.id
    }

    @Test(arguments: TestDatabase.dialects)
    func idempotencyKeysEnqueueOnce(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let queue = JobQueue(store: Store(database: database, hub: EventHub()))
            let first = try await queue.enqueue(NewJob(kind: "k", idempotencyKey: "order-1"))
            let second = try await queue.enqueue(NewJob(kind: "k", idempotencyKey: "order-1"))
            #expect(first.inserted && !second.inserted)
            #expect(first.id == second.id)
            #expect(try await queue.counts()[.queued] == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func concurrentClaimsNeverShareAJob(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let queue = JobQueue(store: Store(database: database, hub: EventHub()))
            for index in 0..<40 { try await queue.enqueue(NewJob(kind: "k", payload: "{\"n\":\(index)}")) }
            let claimed = try await withThrowingTaskGroup(of: [Job].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [Job] = []
                        while true {
                            let batch = try await queue.claim(workerID: "w\(worker)", limit: 3, leaseMilliseconds: 60_000)
                            if batch.isEmpty { return mine }
                            mine += batch
                        }
                    }
                }
                var all: [Job] = []
                for try await batch in group { all += batch }
                return all
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed.map(\.id)).count == 40)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func delayedJobsWaitAndExpiredLeasesAreReclaimed(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let queue = JobQueue(store: Store(database: database, hub: EventHub()))
            let now = Clock.nowMilliseconds()
            try await queue.enqueue(NewJob(kind: "later", runAt: now + 60_000))
            #expect(try await queue.claim(workerID: "a", limit: 5, leaseMilliseconds: 1_000, now: now).isEmpty)
            let due = try await queue.claim(workerID: "a", limit: 5, leaseMilliseconds: 1_000, now: now + 61_000)
            #expect(due.map(\.kind) == ["later"])
            // Worker "a" dies: its lease runs out and "b" gets the job, as attempt 2.
            #expect(try await queue.claim(workerID: "b", limit: 5, leaseMilliseconds: 1_000, now: now + 61_500).isEmpty)
            let reclaimed = try await queue.claim(workerID: "b", limit: 5, leaseMilliseconds: 1_000, now: now + 62_001)
            #expect(reclaimed.map(\.id) == due.map(\.id))
            #expect(reclaimed.first?.attempt == 2)
            // The dead worker can no longer complete it.
            try await queue.complete(due[0], workerID: "a")
            #expect(try await queue.status(of: due[0].id)?.status == .running)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func failuresRetryWithBackoffThenDeadLetter(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let orgID = try await Self.org(store)
            let queue = JobQueue(store: store)
            let (id, _) = try await queue.enqueue(NewJob(kind: "flaky", organizationID: orgID, maxAttempts: 2))
            let policy = RetryPolicy(maxAttempts: 2, baseDelayMilliseconds: 10_000)
            let first = try await queue.claim(workerID: "w", limit: 1, leaseMilliseconds: 60_000)[0]
            let before = Clock.nowMilliseconds()
            #expect(
                try await queue.fail(first, workerID: "w", error: "boom", policy: policy, jitter: 0) == .retry(afterMilliseconds: 5_000))
            let state = try await queue.status(of: id)
            #expect(state?.status == .queued)
            #expect(state?.lastError == "boom")
            #expect((state?.runAt ?? 0) >= before + 5_000)
            let second = try await queue.claim(workerID: "w", limit: 1, leaseMilliseconds: 60_000, now: before + 6_000)[0]
            #expect(try await queue.fail(second, workerID: "w", error: "boom again", policy: policy) == .deadLetter)
            #expect(try await queue.status(of: id)?.status == .dead)
            let events = try await store.events(organizationID: orgID, after: 0)
            #expect(events.filter { $0.type == "job.failed" }.count == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func recurringSchedulesFireOncePerSlotAcrossInstances(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let queue = JobQueue(store: Store(database: database, hub: EventHub()))
            let schedule = RecurringSchedule(name: "hourly", jobKind: "tick", intervalSeconds: 3_600)
            let now = Clock.nowMilliseconds()
            let fired = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<5 { group.addTask { try await queue.fire(schedule, now: now) } }
                var count = 0
                for try await inserted in group where inserted { count += 1 }
                return count
            }
            #expect(fired == 1)
            #expect(try await queue.fire(schedule, now: now + 3_600_000))
            #expect(try await queue.counts()[.queued] == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theWorkerRunsJobsRetriesAndSurvivesItsOwnRestart(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let queue = JobQueue(store: store)
            let attempts = Mutex<[String: Int]>([:])
            var registry = JobRegistry()
            registry.register("count") { context in
                let n = attempts.withLock { state in
                    state[context.job.id, default: 0] += 1
                    return state[context.job.id]!
                }
                if context.job.payload.contains("flaky") && n == 1 { throw TestFailure() }
            }
            var configuration = JobWorker.Configuration()
            configuration.pollInterval = .milliseconds(20)
            configuration.retryPolicy = RetryPolicy(maxAttempts: 3, baseDelayMilliseconds: 10, maxDelayMilliseconds: 20)
            let ids = [
                try await queue.enqueue(NewJob(kind: "count", payload: "{}")).id,
                try await queue.enqueue(NewJob(kind: "count", payload: "{\"flaky\":true}")).id,
            ]
            let worker = JobWorker(
                queue: queue, registry: registry, configuration: configuration, wake: WakeSignal(), logger: TestDatabase.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await worker.run() }
                let deadline = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < deadline {
                    let done = try await ids.asyncAllSatisfy { try await queue.status(of: $0)?.status == .succeeded }
                    if done { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                group.cancelAll()
            }
            for id in ids { #expect(try await queue.status(of: id)?.status == .succeeded) }
            #expect(attempts.withLock { $0[ids[1]] } == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func gracefulShutdownReleasesJobsThatOutliveTheGracePeriod(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let queue = JobQueue(store: Store(database: database, hub: EventHub()))
            var registry = JobRegistry()
            registry.register("slow") { _ in try await Task.sleep(for: .seconds(60)) }
            var configuration = JobWorker.Configuration()
            configuration.pollInterval = .milliseconds(20)
            configuration.shutdownGrace = .milliseconds(200)
            let (id, _) = try await queue.enqueue(NewJob(kind: "slow"))
            let worker = JobWorker(
                queue: queue, registry: registry, configuration: configuration, wake: WakeSignal(), logger: TestDatabase.logger)
            let group = ServiceGroup(services: [worker], logger: TestDatabase.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while try await queue.status(of: id)?.status != .running { try await Task.sleep(for: .milliseconds(20)) }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            // Released for another worker: queued, and the interrupted attempt not counted.
            let state = try await queue.status(of: id)
            #expect(state?.status == .queued)
            #expect(state?.attempts == 0)
        }
    }
}

struct TestFailure: Error {}

extension Array {
    func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where !(try await predicate(element)) { return false }
        return true
    }
}
