import Hummingbird
import QuartermasterCore
import QuartermasterStore

struct CreateJobInput: StrictDecodable {
    static let fields: Set<String> = ["kind", "delay_seconds", "fail_times"]
    let kind: String?
    let delay_seconds: Int?
    let fail_times: Int?
}

struct JobDTO: ResponseEncodable {
    let id: String
    let kind: String
    let status: String
    let attempts: Int
    let max_attempts: Int
    let last_error: String?
    let run_at: String
    let created_at: String
    let finished_at: String?

    init(_ job: JobRecord) {
        id = job.id
        kind = job.kind
        status = job.status.rawValue
        attempts = job.attempts
        max_attempts = job.maxAttempts
        last_error = job.lastError
        run_at = Instant.iso8601(job.runAt)
        created_at = Instant.iso8601(job.createdAt)
        finished_at = job.finishedAt.map(Instant.iso8601)
    }
}

/// The organisation's background jobs: status of any job, and diagnostics jobs that admins may start
/// to check the queue end to end (job → worker → event → live stream).
struct JobsController: Sendable {
    let queue: JobQueue
    let wake: WakeSignal

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.post("jobs", use: create)
        group.get("jobs/{id}", use: get)
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> EditedResponse<JobDTO> {
        try context.require(.admin)
        let input = try await request.decode(as: CreateJobInput.self, context: context)
        var validator = Validator()
        let kind = validator.text("kind", input.kind, maxLength: 64)
        if !kind.isEmpty && kind != SystemJobs.ping { validator.fail("kind", "only '\(SystemJobs.ping)' may be started through the API") }
        let delay = input.delay_seconds ?? 0
        if !(0...86_400).contains(delay) { validator.fail("delay_seconds", "must be from 0 to 86400") }
        let failTimes = input.fail_times ?? 0
        if !(0...10).contains(failTimes) { validator.fail("fail_times", "must be from 0 to 10") }
        try validator.check()
        let (id, _) = try await queue.enqueue(
            NewJob(
                kind: kind, payload: JSONText.encode(["fail_times": .int(Int64(failTimes))]), organizationID: context.tenant.organizationID,
                runAt: delay > 0 ? Clock.nowMilliseconds() + Int64(delay) * 1_000 : nil, maxAttempts: failTimes + 1))
        wake.signal()
        guard let job = try await queue.job(context.tenant, id: id) else { throw Problem.notFound("job") }
        return EditedResponse(status: .accepted, headers: [.location: "/api/v1/jobs/\(id)"], response: JobDTO(job))
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> JobDTO {
        let id = try context.parameters.require("id")
        guard let job = try await queue.job(context.tenant, id: id) else { throw Problem.notFound("job") }
        return JobDTO(job)
    }
}
