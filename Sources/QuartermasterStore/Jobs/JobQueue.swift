import QuartermasterCore
import SQLKit

/// A job as claimed by a worker.
public struct Job: Sendable, Hashable {
    public let id: String
    public let organizationID: String?
    public let kind: String
    /// JSON text.
    public let payload: String
    /// 1 for the first run.
    public let attempt: Int
    public let maxAttempts: Int
}

/// Job states. `queued` includes delayed jobs (`run_at` in the future) and jobs waiting for a retry.
public enum JobStatus: String, Sendable, CaseIterable, Codable {
    case queued, running, succeeded, dead
}

/// A new job to enqueue.
public struct NewJob: Sendable {
    public var kind: String
    public var payload: String
    public var organizationID: String?
    public var runAt: Int64?
    public var idempotencyKey: String?
    public var maxAttempts: Int

    public init(
        kind: String, payload: String = "{}", organizationID: String? = nil, runAt: Int64? = nil, idempotencyKey: String? = nil,
        maxAttempts: Int = 5
    ) {
        self.kind = kind
        self.payload = payload
        self.organizationID = organizationID
        self.runAt = runAt
        self.idempotencyKey = idempotencyKey
        self.maxAttempts = maxAttempts
    }
}

/// The durable job queue in the database. On PostgreSQL claims use `FOR UPDATE SKIP LOCKED`; on
/// SQLite the single writer makes a claim atomic.
public struct JobQueue: Sendable {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// Enqueues a job; with an idempotency key already used, returns the existing job's id and adds nothing.
    @discardableResult
    public func enqueue(_ job: NewJob) async throws -> (id: String, inserted: Bool) {
        try await store.write { tx in try await Self.enqueue(job, in: tx) }
    }

    /// Enqueues inside a caller's transaction, so the job exists if and only if the change commits.
    public static func enqueue(_ job: NewJob, in tx: Transaction) async throws -> (id: String, inserted: Bool) {
        let now = Clock.nowMilliseconds()
        let id = Identifier.make("job")
        let inserted = try await tx.sql.raw(
            """
            INSERT INTO jobs (id, org_id, kind, payload, status, attempts, max_attempts, run_at, idempotency_key, created_at, updated_at)
            VALUES (\(bind: id), \(bind: job.organizationID), \(bind: job.kind), \(bind: job.payload), 'queued', 0,
                    \(bind: max(1, job.maxAttempts)), \(bind: job.runAt ?? now), \(bind: job.idempotencyKey), \(bind: now), \(bind: now))
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id
            """
        ).first()
        if inserted != nil { return (id, true) }
        guard let key = job.idempotencyKey,
            let existing = try await tx.sql.raw("SELECT id FROM jobs WHERE idempotency_key = \(bind: key)").first()
        else { throw StoreError.notFound("job") }
        return (try existing.decode(column: "id", as: String.self), false)
    }

    /// Claims up to `limit` due jobs for `workerID`, leasing them until `now + leaseMilliseconds`.
    /// A running job whose lease expired (its worker died) is due again.
    public func claim(workerID: String, limit: Int, leaseMilliseconds: Int64, now: Int64 = Clock.nowMilliseconds()) async throws -> [Job] {
        guard limit > 0 else { return [] }
        let lockClause = store.database.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await store.write { tx in
            let rows = try await tx.sql.raw(
                """
                UPDATE jobs SET status = 'running', locked_by = \(bind: workerID), lease_until = \(bind: now + leaseMilliseconds),
                    attempts = attempts + 1, updated_at = \(bind: now)
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE (status = 'queued' AND run_at <= \(bind: now)) OR (status = 'running' AND lease_until < \(bind: now))
                    ORDER BY run_at, created_at
                    LIMIT \(literal: limit)
                    \(unsafeRaw: lockClause)
                )
                RETURNING id, org_id, kind, payload, attempts, max_attempts
                """
            ).all()
            return try rows.map { row in
                Job(
                    id: try row.decode(column: "id", as: String.self), organizationID: try row.decode(column: "org_id", as: String?.self),
                    kind: try row.decode(column: "kind", as: String.self), payload: try row.decode(column: "payload", as: String.self),
                    attempt: try row.decode(column: "attempts", as: Int.self),
                    maxAttempts: try row.decode(column: "max_attempts", as: Int.self))
            }
        }
    }

    /// Extends the lease of jobs still held by `workerID`; returns the ids it still holds.
    @discardableResult
    public func heartbeat(jobIDs: [String], workerID: String, leaseMilliseconds: Int64) async throws -> Set<String> {
        guard !jobIDs.isEmpty else { return [] }
        let now = Clock.nowMilliseconds()
        return try await store.write { tx in
            let rows = try await tx.sql.update("jobs")
                .set("lease_until", to: SQLBind(now + leaseMilliseconds))
                .where("id", .in, SQLBind.group(jobIDs))
                .where("locked_by", .equal, SQLBind(workerID))
                .where("status", .equal, SQLBind("running"))
                .returning("id").all()
            return Set(try rows.map { try $0.decode(column: "id", as: String.self) })
        }
    }

    /// Marks a job done, in the same transaction as `also` (the job's own writes, if it wants them atomic).
    public func complete(_ job: Job, workerID: String) async throws {
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            let updated = try await tx.sql.raw(
                """
                UPDATE jobs SET status = 'succeeded', locked_by = NULL, lease_until = NULL, finished_at = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: job.id) AND locked_by = \(bind: workerID) AND status = 'running'
                RETURNING id
                """
            ).first()
            if updated != nil, let organizationID = job.organizationID {
                try await tx.emit(
                    organizationID: organizationID, type: "job.completed", subject: job.kind,
                    data: JSONText.encode(["id": .string(job.id), "kind": .string(job.kind), "attempt": .int(Int64(job.attempt))]))
            }
        }
    }

    /// Records a failure: schedules a retry or dead-letters the job, per `policy`.
    public func fail(
        _ job: Job, workerID: String, error: String, policy: RetryPolicy, jitter: Double = Double.random(in: 0..<1)
    ) async throws -> RetryPolicy.Decision {
        var effective = policy
        effective.maxAttempts = job.maxAttempts
        let decision = effective.decide(afterFailedAttempt: job.attempt, jitter: jitter)
        let message = String(error.prefix(2_000))
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            switch decision {
            case .retry(let delay):
                try await tx.sql.raw(
                    """
                    UPDATE jobs SET status = 'queued', locked_by = NULL, lease_until = NULL, run_at = \(bind: now + delay),
                        last_error = \(bind: message), updated_at = \(bind: now)
                    WHERE id = \(bind: job.id) AND locked_by = \(bind: workerID)
                    """
                ).run()
            case .deadLetter:
                let updated = try await tx.sql.raw(
                    """
                    UPDATE jobs SET status = 'dead', locked_by = NULL, lease_until = NULL, last_error = \(bind: message),
                        finished_at = \(bind: now), updated_at = \(bind: now)
                    WHERE id = \(bind: job.id) AND locked_by = \(bind: workerID)
                    RETURNING id
                    """
                ).first()
                if updated != nil, let organizationID = job.organizationID {
                    try await tx.emit(
                        organizationID: organizationID, type: "job.failed", subject: job.kind,
                        data: JSONText.encode([
                            "id": .string(job.id), "kind": .string(job.kind), "error": .string(String(message.prefix(300))),
                        ]))
                }
            }
        }
        return decision
    }

    /// Gives a job back unfinished (graceful shutdown): due again at once, this attempt not counted.
    public func release(_ job: Job, workerID: String) async throws {
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            try await tx.sql.raw(
                """
                UPDATE jobs SET status = 'queued', locked_by = NULL, lease_until = NULL, attempts = attempts - 1, run_at = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: job.id) AND locked_by = \(bind: workerID) AND status = 'running'
                """
            ).run()
        }
    }

    /// Enqueues the job for `schedule`'s current slot unless it exists already (any instance may call this).
    @discardableResult
    public func fire(_ schedule: RecurringSchedule, now: Int64 = Clock.nowMilliseconds()) async throws -> Bool {
        let job = NewJob(
            kind: schedule.jobKind,
            payload: JSONText.encode(["schedule": .string(schedule.name), "slot": .int(schedule.slotStart(atMilliseconds: now))]),
            runAt: schedule.slotStart(atMilliseconds: now), idempotencyKey: schedule.idempotencyKey(atMilliseconds: now), maxAttempts: 3)
        return try await enqueue(job).inserted
    }

    /// Jobs by status (queue depth metrics).
    public func counts() async throws -> [JobStatus: Int] {
        try await store.read { sql in
            let rows = try await sql.raw("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status").all()
            var counts: [JobStatus: Int] = [:]
            for row in rows {
                if let status = JobStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                    counts[status] = try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }
    }

    /// Any job, whatever its organisation (operators and tests; the API uses `job(_:id:)`).
    public func status(of id: String) async throws -> JobRecord? {
        try await store.read { sql in
            try await sql.select().columns("*").from("jobs").where("id", .equal, SQLBind(id)).first().map(JobRecord.init(row:))
        }
    }
}

/// A job as shown to its organisation.
public struct JobRecord: Sendable, Hashable {
    public let id: String
    public let kind: String
    public let status: JobStatus
    public let attempts: Int
    public let maxAttempts: Int
    public let lastError: String?
    public let runAt: Int64
    public let createdAt: Int64
    public let finishedAt: Int64?

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        kind = try row.decode(column: "kind", as: String.self)
        status = JobStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .queued
        attempts = try row.decode(column: "attempts", as: Int.self)
        maxAttempts = try row.decode(column: "max_attempts", as: Int.self)
        lastError = try row.decode(column: "last_error", as: String?.self)
        runAt = try row.decode(column: "run_at", as: Int64.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        finishedAt = try row.decode(column: "finished_at", as: Int64?.self)
    }
}

extension JobQueue {
    /// One of the tenant's jobs.
    public func job(_ tenant: Tenant, id: String) async throws -> JobRecord? {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "jobs").columns("*").where("id", .equal, SQLBind(id)).first()
                .map(JobRecord.init(row:))
        }
    }
}
