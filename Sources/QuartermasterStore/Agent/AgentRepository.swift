import Foundation
import QuartermasterCore
import SQLKit

/// Requests, their runs and steps, the run log and side-effect intents. Every change to a run is one
/// guarded transaction: a step's outcome, its log, the request's new state and the next step's job
/// commit together or not at all, and a stale or duplicate execution commits nothing.
public struct AgentRepository: Sendable {
    public static let stepJobKind = "agent.step"
    public let store: Store

    public init(store: Store) { self.store = store }

    /// The job payload that runs one step of one run generation.
    public struct StepJob: Sendable, Codable, Hashable {
        public let run_id: String
        public let step: RunStep
        public let generation: Int
    }

    // MARK: Creating and reading

    public func createRequest(
        _ tenant: Tenant, createdBy: String?, title: String, text: String?, input: String, requisition: Requisition?
    ) async throws -> RequestRecord {
        let requestID = Identifier.make("req")
        let runID = Identifier.make("run")
        let now = Clock.nowMilliseconds()
        return try await store.write { tx in
            try await TenantScope(tenant, tx.sql).insert(
                into: "requests",
                columns: [
                    "id", "created_by", "title", "text", "input", "status", "requisition", "run_id", "created_at", "updated_at",
                ],
                values: [
                    requestID, createdBy, title, text, input, "in_progress", requisition.map(AgentJSON.encode), runID, now, now,
                ]
            ).run()
            try await TenantScope(tenant, tx.sql).insert(
                into: "runs", columns: ["id", "request_id", "status", "step", "generation", "created_at", "updated_at"],
                values: [runID, requestID, RunStatus.running.rawValue, RunStep.understand.rawValue, 0, now, now]
            ).run()
            var steps = tx.sql.insert(into: "run_steps").columns("run_id", "org_id", "name", "ordinal", "status", "attempts")
            for step in RunStep.allCases {
                steps = steps.values(
                    SQLBind(runID), SQLBind(tenant.organizationID), SQLBind(step.rawValue), SQLBind(step.ordinal),
                    SQLBind(StepStatus.pending.rawValue), SQLBind(0))
            }
            try await steps.run()
            try await Self.enqueueStep(tenant, runID: runID, step: .understand, generation: 0, in: tx)
            try await tx.emit(
                organizationID: tenant.organizationID, type: "run.started", subject: title,
                data: JSONText.encode(["run_id": .string(runID), "request_id": .string(requestID)]), runID: runID)
            // Read back on the writer, inside the transaction: what was just written, whatever a reader's snapshot.
            guard
                let record = try await TenantScope(tenant, tx.sql).select(from: "requests").columns("*")
                    .where("id", .equal, SQLBind(requestID)).first().map(RequestRecord.init(row:))
            else { throw StoreError.notFound("request") }
            return record
        }
    }

    public func request(_ tenant: Tenant, id: String) async throws -> RequestRecord? {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "requests").columns("*").where("id", .equal, SQLBind(id)).first()
                .map(RequestRecord.init(row:))
        }
    }

    /// Newest first; `status` filters, `after` is the previous page's cursor.
    public func requests(_ tenant: Tenant, status: String?, createdBy: String?, page: PageRequest) async throws -> Page<RequestRecord> {
        let records = try await store.read { sql in
            var query = TenantScope(tenant, sql).select(from: "requests").columns("*")
            if let status { query = query.where("status", .equal, SQLBind(status)) }
            if let createdBy { query = query.where("created_by", .equal, SQLBind(createdBy)) }
            if let cursor = page.after.flatMap(Self.decodeCursor) {
                query = query.where { group in
                    group.where("created_at", .lessThan, SQLBind(cursor.0))
                        .orWhere { inner in
                            inner.where("created_at", .equal, SQLBind(cursor.0)).where("id", .lessThan, SQLBind(cursor.1))
                        }
                }
            }
            return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(page.limit + 1).all()
                .map(RequestRecord.init(row:))
        }
        let items = Array(records.prefix(page.limit))
        let next = records.count > page.limit ? items.last.map { "\($0.createdAt).\($0.id)" } : nil
        return Page(items: items, nextCursor: next)
    }

    static func decodeCursor(_ text: String) -> (Int64, String)? {
        guard let dot = text.firstIndex(of: "."), let millis = Int64(text[..<dot]) else { return nil }
        return (millis, String(text[text.index(after: dot)...]))
    }

    /// A run with its steps. With no tenant (jobs read their own run), any organisation's run.
    public func run(_ tenant: Tenant?, id: String) async throws -> RunRecord? {
        try await store.read { sql in try await Self.run(tenant, id: id, sql) }
    }

    static func run(_ tenant: Tenant?, id: String, _ sql: any SQLDatabase) async throws -> RunRecord? {
        var query = sql.select().columns("*").from("runs").where("id", .equal, SQLBind(id))
        if let tenant { query = query.where("org_id", .equal, SQLBind(tenant.organizationID)) }
        guard var run = try await query.first().map(RunRecord.init(row:)) else { return nil }
        run.steps = try await sql.select().columns("*").from("run_steps").where("run_id", .equal, SQLBind(id)).orderBy("ordinal").all()
            .map(StepRecord.init(row:))
        return run
    }

    /// The run's log (and lifecycle events), oldest first, after event id `after`.
    public func runEvents(_ tenant: Tenant, runID: String, after: Int64, limit: Int) async throws -> [DomainEvent] {
        try await store.events(organizationID: tenant.organizationID, after: after, limit: max(1, min(limit, 1_000)), runID: runID)
    }

    /// The organisation's time zone (relative dates in requests are read in it).
    public func timeZone(_ tenant: Tenant) async throws -> String {
        try await store.read { sql in
            try await sql.raw("SELECT time_zone FROM organizations WHERE id = \(bind: tenant.organizationID)").first()?
                .decode(column: "time_zone", as: String.self) ?? "UTC"
        }
    }

    // MARK: Step outcomes

    /// Applies a step's outcome if the run is still at this step of this generation; returns false
    /// (and writes nothing) when the execution is stale: cancelled, retried, or already committed.
    @discardableResult
    public func commit(
        _ tenant: Tenant, runID: String, step: RunStep, generation: Int, attempt: Int, startedAt: Int64, outcome: StepOutcome,
        log: [RunLogEntry], update: RequestUpdate = RequestUpdate(), skipped: @Sendable (RunStep) -> String? = { _ in nil },
        deferNext: Int64? = nil, replacingJob: Bool = false
    ) async throws -> Bool {
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            let claimed = try await tx.sql.raw(
                """
                UPDATE runs SET updated_at = \(bind: now)
                WHERE id = \(bind: runID) AND org_id = \(bind: tenant.organizationID) AND status = 'running'
                    AND generation = \(bind: generation) AND step = \(bind: step.rawValue)
                RETURNING request_id
                """
            ).first()
            guard let claimed else { return false }
            let requestID = try claimed.decode(column: "request_id", as: String.self)
            if replacingJob {
                // Executed inline: its queued job is no longer needed (a claimed one finds the run moved on).
                try await tx.sql.raw(
                    """
                    DELETE FROM jobs WHERE idempotency_key = \(bind: Self.jobKey(runID: runID, step: step, generation: generation))
                        AND status = 'queued'
                    """
                ).run()
            }
            try await tx.emitAll(log.map { Self.logEvent(tenant, runID: runID, $0) })
            let (status, output, error): (StepStatus, String?, String?) =
                switch outcome {
                case .completed(let output): (.completed, output, nil)
                case .waiting(_, let output): (.waiting, output, nil)
                case .failed(let reason): (.failed, nil, reason)
                }
            try await tx.sql.update("run_steps")
                .set("status", to: SQLBind(status.rawValue)).set("output", to: SQLBind(output)).set("error", to: SQLBind(error))
                .set("attempts", to: SQLBind(attempt)).set("started_at", to: SQLBind(startedAt)).set("finished_at", to: SQLBind(now))
                .set("duration_ms", to: SQLBind(now - startedAt))
                .where("run_id", .equal, SQLBind(runID)).where("name", .equal, SQLBind(step.rawValue)).run()
            var requestChanges = TenantScope(tenant, tx.sql).update("requests").set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(requestID))
            if let requisition = update.requisition {
                requestChanges = requestChanges.set("requisition", to: SQLBind(AgentJSON.encode(requisition)))
            }
            if let quote = update.quote {
                requestChanges = requestChanges.set("quote", to: SQLBind(update.quoteJSON ?? AgentJSON.encode(quote)))
                    .set("total", to: SQLBind(quote.total.units)).set("currency", to: SQLBind(quote.currency.code))
            }
            switch outcome {
            case .completed:
                var next = step.next
                while let candidate = next, let reason = skipped(candidate) {
                    try await Self.markSkipped(tenant, runID: runID, step: candidate, reason: reason, now: now, in: tx)
                    next = candidate.next
                }
                if let next {
                    try await tx.sql.update("runs").set("step", to: SQLBind(next.rawValue)).where("id", .equal, SQLBind(runID)).run()
                    try await Self.enqueueStep(
                        tenant, runID: runID, step: next, generation: generation, in: tx, runAt: deferNext.map { now + $0 })
                } else {
                    try await Self.finish(
                        tenant, runID: runID, requestID: requestID, status: .succeeded, requestStatus: "quoted", now: now, in: tx)
                    // A run that passed its approval step ends approved; one that skipped it, quoted.
                    let approval = try await tx.sql.select().column("status").from("run_steps").where("run_id", .equal, SQLBind(runID))
                        .where("name", .equal, SQLBind(RunStep.approval.rawValue)).first()?.decode(column: "status", as: String.self)
                    let approved = approval == StepStatus.completed.rawValue || step == .approval
                    requestChanges = requestChanges.set("status", to: SQLBind(approved ? "approved" : "quoted"))
                }
            case .waiting(let reason, _):
                try await tx.sql.update("runs").set("status", to: SQLBind(RunStatus.waiting.rawValue))
                    .set("waiting_for", to: SQLBind(reason)).where("id", .equal, SQLBind(runID)).run()
                let requestStatus = reason == "clarification" ? "needs_clarification" : "awaiting_\(reason)"
                requestChanges = requestChanges.set("status", to: SQLBind(requestStatus))
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "run.waiting", subject: reason,
                    data: JSONText.encode(["run_id": .string(runID), "request_id": .string(requestID), "waiting_for": .string(reason)]),
                    runID: runID)
            case .failed(let reason):
                try await tx.sql.update("runs").set("status", to: SQLBind(RunStatus.failed.rawValue))
                    .set("error", to: SQLBind(reason)).where("id", .equal, SQLBind(runID)).run()
                requestChanges = requestChanges.set("status", to: SQLBind("failed"))
                try await tx.emit(
                    organizationID: tenant.organizationID, type: "run.failed", subject: step.rawValue,
                    data: JSONText.encode([
                        "run_id": .string(runID), "request_id": .string(requestID), "step": .string(step.rawValue),
                        "error": .string(String(reason.prefix(500))),
                    ]), runID: runID)
            }
            try await requestChanges.run()
            return true
        }
    }

    static func markSkipped(_ tenant: Tenant, runID: String, step: RunStep, reason: String, now: Int64, in tx: Transaction) async throws {
        try await tx.sql.update("run_steps").set("status", to: SQLBind(StepStatus.skipped.rawValue))
            .set("output", to: SQLBind(JSONText.encode(["skipped": .string(reason)]))).set("started_at", to: SQLBind(now))
            .set("finished_at", to: SQLBind(now)).set("duration_ms", to: SQLBind(0))
            .where("run_id", .equal, SQLBind(runID)).where("name", .equal, SQLBind(step.rawValue)).run()
        try await Self.appendLog(tenant, runID: runID, RunLogEntry(.status, step: step, "skipped: \(reason)"), in: tx)
    }

    static func finish(
        _ tenant: Tenant, runID: String, requestID: String, status: RunStatus, requestStatus: String, now: Int64, in tx: Transaction
    ) async throws {
        try await tx.sql.update("runs").set("status", to: SQLBind(status.rawValue)).set("waiting_for", to: SQLBind(String?.none))
            .set("finished_at", to: SQLBind(now)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(runID)).run()
        try await tx.emit(
            organizationID: tenant.organizationID, type: "run.finished", subject: status.rawValue,
            data: JSONText.encode(["run_id": .string(runID), "request_id": .string(requestID), "status": .string(status.rawValue)]),
            runID: runID)
    }

    static func appendLog(_ tenant: Tenant, runID: String, _ entry: RunLogEntry, in tx: Transaction) async throws {
        try await tx.emitAll([logEvent(tenant, runID: runID, entry)])
    }

    /// A log entry as the event that records it.
    static func logEvent(_ tenant: Tenant, runID: String, _ entry: RunLogEntry) -> Transaction.NewEvent {
        struct Logged: Encodable {
            let run_id: String
            let entry: RunLogEntry
            func encode(to encoder: any Encoder) throws {
                try entry.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(run_id, forKey: .run_id)
            }
            enum Key: String, CodingKey { case run_id }
        }
        return Transaction.NewEvent(
            organizationID: tenant.organizationID, type: "run.\(entry.kind.rawValue)", subject: entry.step.rawValue,
            data: AgentJSON.encode(Logged(run_id: runID, entry: entry)), runID: runID)
    }

    static func enqueueStep(
        _ tenant: Tenant, runID: String, step: RunStep, generation: Int, in tx: Transaction, runAt: Int64? = nil
    ) async throws {
        _ = try await JobQueue.enqueue(
            NewJob(
                kind: Self.stepJobKind, payload: AgentJSON.encode(StepJob(run_id: runID, step: step, generation: generation)),
                organizationID: tenant.organizationID, runAt: runAt,
                idempotencyKey: jobKey(runID: runID, step: step, generation: generation),
                maxAttempts: 5),
            in: tx)
    }

    static func jobKey(runID: String, step: RunStep, generation: Int) -> String { "run:\(runID):\(step.rawValue):\(generation)" }

    // MARK: Commands from people

    public enum CommandResult: Sendable {
        case applied(RunRecord)
        case refused(String)
        /// Answers that could not be used, with why; the run keeps waiting.
        case unanswered([String: String])
    }

    public func cancel(_ tenant: Tenant, runID: String, by userID: String?) async throws -> CommandResult? {
        try await command(tenant, runID: runID, .cancel) { run, requestID, now, tx in
            let updated = try await tx.sql.raw(
                """
                UPDATE runs SET status = 'cancelled', waiting_for = NULL, finished_at = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: runID) AND status IN ('running', 'waiting') AND generation = \(bind: run.generation) RETURNING id
                """
            ).first()
            // Another command (an answer, a retry) that committed meanwhile moved the generation on: this
            // cancel, decided on the run as it was, writes nothing.
            guard updated != nil else { return .refused("the run has already ended or changed meanwhile; try again") }
            try await ApprovalRepository.releaseRequested(tenant, requestID: requestID, note: "cancelled", tx)
            try await tx.sql.update("approvals").set("status", to: SQLBind(ApprovalStatus.cancelled.rawValue))
                .set("decided_at", to: SQLBind(now)).where("run_id", .equal, SQLBind(runID))
                .where("status", .equal, SQLBind(ApprovalStatus.pending.rawValue)).run()
            try await TenantScope(tenant, tx.sql).update("requests").set("status", to: SQLBind("cancelled"))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(requestID)).run()
            try await Self.appendLog(
                tenant, runID: runID, RunLogEntry(.status, step: run.step, "cancelled by \(userID ?? "the system")"), in: tx)
            try await tx.emit(
                organizationID: tenant.organizationID, type: "run.finished", subject: RunStatus.cancelled.rawValue,
                data: JSONText.encode([
                    "run_id": .string(runID), "request_id": .string(requestID), "status": .string(RunStatus.cancelled.rawValue),
                ]), runID: runID)
            return nil
        }
    }

    /// Runs the failed step again (a new generation, so a late job of the old one does nothing).
    public func retry(_ tenant: Tenant, runID: String, by userID: String?) async throws -> CommandResult? {
        try await command(tenant, runID: runID, .retry) { run, requestID, now, tx in
            let generation = run.generation + 1
            let updated = try await tx.sql.raw(
                """
                UPDATE runs SET status = 'running', error = NULL, generation = \(bind: generation), updated_at = \(bind: now)
                WHERE id = \(bind: runID) AND status = 'failed' AND generation = \(bind: run.generation) RETURNING id
                """
            ).first()
            guard updated != nil else { return .refused("the run changed meanwhile; try again") }
            try await tx.sql.update("run_steps").set("status", to: SQLBind(StepStatus.pending.rawValue))
                .set("error", to: SQLBind(String?.none)).where("run_id", .equal, SQLBind(runID))
                .where("name", .equal, SQLBind(run.step.rawValue)).run()
            try await TenantScope(tenant, tx.sql).update("requests").set("status", to: SQLBind("in_progress"))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(requestID)).run()
            try await Self.appendLog(
                tenant, runID: runID, RunLogEntry(.status, step: run.step, "retried by \(userID ?? "the system")"), in: tx)
            try await Self.enqueueStep(tenant, runID: runID, step: run.step, generation: generation, in: tx)
            return nil
        }
    }

    /// Applies answers to the run's clarifying questions; when none remain, sourcing goes on.
    public func answer(
        _ tenant: Tenant, runID: String, answers: [String: String], context: RequestParseContext, by userID: String?
    ) async throws -> CommandResult? {
        try await command(tenant, runID: runID, .answer) { run, requestID, now, tx in
            let row = try await TenantScope(tenant, tx.sql).select(from: "requests").column("requisition")
                .where("id", .equal, SQLBind(requestID)).first()
            guard var requisition = try AgentJSON.decode(Requisition.self, try row?.decode(column: "requisition", as: String?.self))
            else { return .refused("the request has no requisition to answer for") }
            let known = Set(requisition.questions.map(\.id))
            let unknown = answers.keys.filter { !known.contains($0) }
            if !unknown.isEmpty {
                return .unanswered(Dictionary(uniqueKeysWithValues: unknown.map { ($0, "no such question") }))
            }
            let refused = Understanding.apply(answers: answers, to: &requisition, context: context)
            if !refused.isEmpty { return .unanswered(refused) }  // nothing written
            // Claim the run first (a new generation each time): a concurrent cancel or answer makes
            // this one write nothing, so no answer is lost.
            let generation = run.generation + 1
            let resume = requisition.questions.isEmpty
            let claimed = try await tx.sql.raw(
                """
                UPDATE runs SET updated_at = \(bind: now),
                    generation = \(bind: generation),
                    status = \(bind: resume ? RunStatus.running.rawValue : RunStatus.waiting.rawValue),
                    waiting_for = \(bind: resume ? nil : run.waitingFor),
                    step = \(bind: resume ? RunStep.search.rawValue : run.step.rawValue)
                WHERE id = \(bind: runID) AND status = 'waiting' AND generation = \(bind: run.generation) RETURNING id
                """
            ).first()
            guard claimed != nil else { return .refused("the run changed meanwhile; try again") }
            try await TenantScope(tenant, tx.sql).update("requests").set("requisition", to: SQLBind(AgentJSON.encode(requisition)))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(requestID)).run()
            try await Self.appendLog(
                tenant, runID: runID,
                RunLogEntry(
                    .observation, step: .understand,
                    "answers from \(userID ?? "someone"): "
                        + answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")),
                in: tx)
            guard resume else { return nil }
            try await tx.sql.update("run_steps").set("status", to: SQLBind(StepStatus.completed.rawValue))
                .set("output", to: SQLBind(AgentJSON.encode(requisition)))
                .where("run_id", .equal, SQLBind(runID)).where("name", .equal, SQLBind(RunStep.understand.rawValue)).run()
            try await TenantScope(tenant, tx.sql).update("requests").set("status", to: SQLBind("in_progress"))
                .where("id", .equal, SQLBind(requestID)).run()
            try await Self.enqueueStep(tenant, runID: runID, step: .search, generation: generation, in: tx)
            return nil
        }
    }

    private func command(
        _ tenant: Tenant, runID: String, _ command: RunCommand,
        _ body: @Sendable (RunRecord, String, Int64, Transaction) async throws -> CommandResult?
    ) async throws -> CommandResult? {
        let result: CommandResult? = try await store.write { tx in
            guard let run = try await Self.run(tenant, id: runID, tx.sql) else { return .refused("not found") }
            if case .failure(let refusal) = command.apply(to: run.status, waitingFor: run.waitingFor) { return .refused(refusal.reason) }
            return try await body(run, run.requestID, Clock.nowMilliseconds(), tx)
        }
        if let result { return result }
        guard let run = try await run(tenant, id: runID) else { return nil }
        return .applied(run)
    }

    // MARK: Approvals

    /// Moves a run on once its approval has ended, inside the transaction that ended it:
    /// - approved: the approval step runs again (a new generation) and completes;
    /// - rejected as a whole: the budget is released and the run ends with the request rejected;
    /// - rejected lines: they are dropped or re-sourced and the run goes back to search;
    /// - expired (the price hold ran out): the run goes back to search for a fresh quote.
    static func approvalEnded(
        _ tenant: Tenant, approval: ApprovalRecord, flow: ApprovalFlow, by userID: String?, now: Int64, in tx: Transaction
    ) async throws {
        guard let run = try await run(tenant, id: approval.runID, tx.sql), run.status == .waiting, run.waitingFor == "approval"
        else { return }  // cancelled meanwhile: nothing to resume
        let generation = run.generation + 1
        switch flow.status {
        case .approved:
            try await tx.sql.raw(
                """
                UPDATE runs SET status = 'running', waiting_for = NULL, generation = \(bind: generation), updated_at = \(bind: now)
                WHERE id = \(bind: run.id)
                """
            ).run()
            try await TenantScope(tenant, tx.sql).update("requests").set("status", to: SQLBind("in_progress"))
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(run.requestID)).run()
            try await Self.appendLog(
                tenant, runID: run.id, RunLogEntry(.observation, step: .approval, "approved by \(userID ?? "the system")"), in: tx)
            try await Self.enqueueStep(tenant, runID: run.id, step: .approval, generation: generation, in: tx)
        case .rejected, .expired:
            try await ApprovalRepository.releaseRequested(
                tenant, requestID: run.requestID, note: flow.status == .expired ? "price hold expired" : "rejected", tx)
            let requestRow = try await TenantScope(tenant, tx.sql).select(from: "requests").columns("requisition", "quote")
                .where("id", .equal, SQLBind(run.requestID)).first()
            let requisition = try AgentJSON.decode(Requisition.self, try requestRow?.decode(column: "requisition", as: String?.self))
            let quote = try AgentJSON.decode(Quote.self, try requestRow?.decode(column: "quote", as: String?.self))
            let reason = flow.decisions.last(where: { $0.verdict == .reject })?.comment
            var revised = requisition
            if flow.status == .rejected {
                if let (lines, action) = flow.rejectedLines, let requisition {
                    revised = requisition.rejecting(lines: lines, action: action, quote: quote)
                } else {
                    revised = nil
                }
            }
            guard let revised, !revised.lines.isEmpty else {
                // Rejected as a whole: the run ends here.
                try await tx.sql.update("run_steps").set("status", to: SQLBind(StepStatus.completed.rawValue))
                    .set("output", to: SQLBind(JSONText.encode(["rejected": .bool(true), "reason": .string(reason ?? "")])))
                    .set("finished_at", to: SQLBind(now))
                    .where("run_id", .equal, SQLBind(run.id)).where("name", .equal, SQLBind(RunStep.approval.rawValue)).run()
                for step in RunStep.allCases where step.ordinal > RunStep.approval.ordinal {
                    try await Self.markSkipped(tenant, runID: run.id, step: step, reason: "the request was rejected", now: now, in: tx)
                }
                try await Self.appendLog(
                    tenant, runID: run.id,
                    RunLogEntry(.status, step: .approval, "rejected by \(userID ?? "the system")" + (reason.map { ": \($0)" } ?? "")),
                    in: tx)
                try await TenantScope(tenant, tx.sql).update("requests").set("status", to: SQLBind("rejected"))
                    .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(run.requestID)).run()
                try await Self.finish(
                    tenant, runID: run.id, requestID: run.requestID, status: .succeeded, requestStatus: "rejected", now: now, in: tx)
                return
            }
            let why =
                flow.status == .expired
                ? "the quote's price hold expired; sourcing again for fresh prices"
                : "lines rejected by \(userID ?? "an approver")" + (reason.map { " (\($0))" } ?? "") + "; sourcing again"
            try await tx.sql.raw(
                """
                UPDATE runs SET status = 'running', waiting_for = NULL, generation = \(bind: generation), step = 'search',
                    updated_at = \(bind: now)
                WHERE id = \(bind: run.id)
                """
            ).run()
            for step in RunStep.allCases where step.ordinal >= RunStep.search.ordinal {
                try await tx.sql.update("run_steps").set("status", to: SQLBind(StepStatus.pending.rawValue))
                    .set("error", to: SQLBind(String?.none))
                    .where("run_id", .equal, SQLBind(run.id)).where("name", .equal, SQLBind(step.rawValue)).run()
            }
            try await TenantScope(tenant, tx.sql).update("requests").set("status", to: SQLBind("in_progress"))
                .set("requisition", to: SQLBind(AgentJSON.encode(revised))).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(run.requestID)).run()
            try await Self.appendLog(tenant, runID: run.id, RunLogEntry(.status, step: .approval, why), in: tx)
            try await Self.enqueueStep(tenant, runID: run.id, step: .search, generation: generation, in: tx)
        case .pending, .cancelled:
            return
        }
    }

    // MARK: Side effects

    /// Records the intent to cause a side effect (before the call). With the key already recorded,
    /// returns the existing intent: a `done` one carries its receipt and must not be repeated.
    public func beginIntent(
        _ tenant: Tenant, runID: String?, step: RunStep?, effect: String, key: String, request: String
    ) async throws -> IntentRecord {
        try await store.write { tx in
            let now = Clock.nowMilliseconds()
            try await tx.sql.raw(
                """
                INSERT INTO intents (id, org_id, run_id, step, effect, idempotency_key, request, status, attempts, created_at, updated_at)
                VALUES (\(bind: Identifier.make("int")), \(bind: tenant.organizationID), \(bind: runID), \(bind: step?.rawValue),
                    \(bind: effect), \(bind: key), \(bind: request), 'pending', 0, \(bind: now), \(bind: now))
                ON CONFLICT (idempotency_key) DO NOTHING
                """
            ).run()
            guard
                let row = try await tx.sql.raw(
                    """
                    UPDATE intents SET attempts = attempts + 1, updated_at = \(bind: now)
                    WHERE idempotency_key = \(bind: key) AND org_id = \(bind: tenant.organizationID)
                    RETURNING *
                    """
                ).first()
            else { throw StoreError.notFound("intent") }
            return try IntentRecord(row: row)
        }
    }

    /// Records the receipt of a side effect (after the call).
    public func finishIntent(key: String, status: String, receipt: String) async throws {
        try await store.write { tx in
            try await tx.sql.update("intents").set("status", to: SQLBind(status)).set("receipt", to: SQLBind(receipt))
                .set("updated_at", to: SQLBind(Clock.nowMilliseconds())).where("idempotency_key", .equal, SQLBind(key)).run()
        }
    }

    public func intents(_ tenant: Tenant, runID: String) async throws -> [IntentRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "intents").columns("*").where("run_id", .equal, SQLBind(runID))
                .orderBy("created_at").all().map(IntentRecord.init(row:))
        }
    }
}
