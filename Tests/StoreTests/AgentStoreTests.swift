import Foundation
import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct AgentStoreTests {
    static func setup(_ database: Database) async throws -> (AgentRepository, Tenant) {
        let store = Store(database: database, hub: EventHub())
        let org = try await JobQueueTests.org(store)
        return (AgentRepository(store: store), Tenant(organizationID: org))
    }

    static let lines = Requisition(lines: [RequisitionLine(description: "copy paper", quantity: 2, unit: "RM")])

    @Test(arguments: TestDatabase.dialects)
    func aStepCommitsOnceAndStaleExecutionsWriteNothing(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let (agent, tenant) = try await Self.setup(database)
            let request = try await agent.createRequest(
                tenant, createdBy: nil, title: "t", text: nil, input: "{}", requisition: Self.lines)
            let log = [RunLogEntry(.thought, step: .understand, "structured")]
            // Two executions of the same step race; exactly one commits.
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await agent.commit(
                            tenant, runID: request.runID, step: .understand, generation: 0, attempt: 1, startedAt: 0,
                            outcome: .completed(output: "{}"), log: log)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1 && results.count == 2)
            let run = try #require(try await agent.run(tenant, id: request.runID))
            #expect(run.step == .search)
            #expect(run.steps.first?.status == .completed)
            let thoughts = try await agent.runEvents(tenant, runID: request.runID, after: 0, limit: 100).filter { $0.type == "run.thought" }
            #expect(thoughts.count == 1)
            // A step of an older generation (or another step) commits nothing.
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .search, generation: 7, attempt: 1, startedAt: 0, outcome: .completed(output: "[]"),
                    log: []) == false)
            // Completing the last real step skips the unbuilt ones and ends the run once.
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .search, generation: 0, attempt: 1, startedAt: 0, outcome: .completed(output: "[]"),
                    log: [], skipped: { $0 == .notify ? nil : ($0 == .optimise ? nil : "later") }))
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .optimise, generation: 0, attempt: 1, startedAt: 0,
                    outcome: .completed(output: "{}"),
                    log: [], skipped: { $0 == .notify ? nil : "later" }))
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .notify, generation: 0, attempt: 1, startedAt: 0, outcome: .completed(output: "{}"),
                    log: []))
            let done = try #require(try await agent.run(tenant, id: request.runID))
            #expect(done.status == .succeeded)
            #expect(done.steps.map(\.status) == [.completed, .completed, .completed, .skipped, .skipped, .skipped, .skipped, .completed])
            let events = try await agent.runEvents(tenant, runID: request.runID, after: 0, limit: 100)
            #expect(events.filter { $0.type == "run.finished" }.count == 1)
            #expect(try await agent.request(tenant, id: request.id)?.status == "quoted")
            // Another organisation sees none of it.
            let other = Tenant(organizationID: "org_other")
            #expect(try await agent.run(other, id: request.runID) == nil)
            #expect(try await agent.runEvents(other, runID: request.runID, after: 0, limit: 100).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func intentsRecordOnceAndKeepTheirReceipt(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let (agent, tenant) = try await Self.setup(database)
            let key = SideEffectKey.make(runID: "run_1", step: .notify, effect: "webhook", inputs: "{\"a\":1}")
            #expect(key == SideEffectKey.make(runID: "run_1", step: .notify, effect: "webhook", inputs: "{\"a\":1}"))
            #expect(key != SideEffectKey.make(runID: "run_1", step: .notify, effect: "webhook", inputs: "{\"a\":2}"))
            let first = try await agent.beginIntent(tenant, runID: nil, step: .notify, effect: "webhook", key: key, request: "{}")
            #expect(first.status == "pending" && first.attempts == 1)
            let again = try await agent.beginIntent(tenant, runID: nil, step: .notify, effect: "webhook", key: key, request: "{}")
            #expect(again.id == first.id && again.attempts == 2)
            try await agent.finishIntent(key: key, status: "done", receipt: "{\"status\":200}")
            let done = try await agent.beginIntent(tenant, runID: nil, step: .notify, effect: "webhook", key: key, request: "{}")
            #expect(done.status == "done" && done.receipt == "{\"status\":200}")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func concurrentCancelAndAnswerEachActOnTheRunAsTheOtherLeftIt(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let (agent, tenant) = try await Self.setup(database)
            let request = try await agent.createRequest(tenant, createdBy: nil, title: "t", text: "pens", input: "{}", requisition: nil)
            var asked = Requisition(lines: [RequisitionLine(description: "pens", quantity: 1)])
            asked.questions = [Requisition.Question(id: "q1", field: "quantity", line: 0, question: "How many?")]
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .understand, generation: 0, attempt: 1, startedAt: 0,
                    outcome: .waiting(for: "clarification", output: "{}"), log: [], update: RequestUpdate(requisition: asked)))
            async let cancelled = agent.cancel(tenant, runID: request.runID, by: "u1")
            async let answered = agent.answer(
                tenant, runID: request.runID, answers: ["q1": "5"],
                context: RequestParseContext(now: 0, timeZone: TimeZone(identifier: "UTC")!, defaultCurrency: CurrencyCode("USD")!),
                by: "u2")
            func isApplied(_ result: AgentRepository.CommandResult?) -> Bool { if case .applied = result { true } else { false } }
            let (cancelApplied, answerApplied) = (isApplied(try await cancelled), isApplied(try await answered))
            // The two are decided one after the other on the run as the other left it. A cancel first
            // leaves nothing to answer; an answer first leaves a running run, which the cancel may then
            // end. Never neither, and the run ends as the last applied command left it.
            #expect(cancelApplied || answerApplied)
            let run = try #require(try await agent.run(tenant, id: request.runID))
            if cancelApplied {
                #expect(run.status == .cancelled)
            } else {
                #expect(run.status == .running && run.step == .search)
            }
            let finished = try await agent.runEvents(tenant, runID: request.runID, after: 0, limit: 100).filter {
                $0.type == "run.finished"
            }
            #expect(finished.count == (run.status == .cancelled ? 1 : 0))
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aStepRunInlineReplacesItsDeferredBackstopJob(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let (agent, tenant) = try await Self.setup(database)
            let request = try await agent.createRequest(tenant, createdBy: nil, title: "t", text: nil, input: "{}", requisition: Self.lines)
            func queued() async throws -> [(String, Int64)] {
                try await agent.store.read { sql in
                    try await sql.raw("SELECT idempotency_key, run_at FROM jobs WHERE status = 'queued' ORDER BY created_at").all().map {
                        (try $0.decode(column: "idempotency_key", as: String.self), try $0.decode(column: "run_at", as: Int64.self))
                    }
                }
            }
            // The understand job is queued; committing it with a deferral queues search as a late backstop.
            let before = Clock.nowMilliseconds()
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .understand, generation: 0, attempt: 1, startedAt: 0,
                    outcome: .completed(output: "{}"),
                    log: [], deferNext: 60_000))
            let backstop = try #require(try await queued().first { $0.0.hasSuffix(":search:0") })
            #expect(backstop.1 >= before + 60_000)
            // Search done inline: its backstop goes in the same transaction; optimise's arrives.
            #expect(
                try await agent.commit(
                    tenant, runID: request.runID, step: .search, generation: 0, attempt: 1, startedAt: 0, outcome: .completed(output: "[]"),
                    log: [], deferNext: 60_000, replacingJob: true))
            let keys = try await queued().map(\.0)
            #expect(!keys.contains { $0.hasSuffix(":search:0") })
            #expect(keys.contains { $0.hasSuffix(":optimise:0") })
        }
    }
}
