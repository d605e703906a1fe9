import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// Requests and their agent runs: submit, preview the parse, follow the log, answer, cancel, retry.
struct AgentController: Sendable {
    let agent: AgentServices

    var repository: AgentRepository { agent.repository }

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.post("requests", use: create)
        group.get("requests", use: list)
        group.post("requests/parse", use: parse)
        group.get("requests/{id}", use: get)
        group.get("runs/{id}", use: getRun)
        group.get("runs/{id}/events", use: events)
        group.post("runs/{id}/cancel", use: cancel)
        group.post("runs/{id}/retry", use: retry)
        group.post("runs/{id}/answers", use: answer)
    }

    @Sendable func create(_ request: Request, context: TenantContext) async throws -> EditedResponse<CreatedRequestDTO> {
        try context.require(.admin, .buyer, .requester)
        let input = try await request.decode(as: CreateRequestInput.self, context: context)
        let parsing = try await agent.parseContext(context.tenant)
        let (text, template) = try input.validated(today: LocalDate.at(parsing.now, in: parsing.timeZone))
        let record = try await agent.submit(context.tenant, createdBy: context.principal.userID, text: text, template: template)
        return EditedResponse(
            status: .created, headers: [.location: "/api/v1/requests/\(record.id)"],
            response: CreatedRequestDTO(id: record.id, run_id: record.runID, status: record.status))
    }

    @Sendable func list(_ request: Request, context: TenantContext) async throws -> ListDTO<RequestDTO> {
        let query = FormQuery(request.uri.query)
        let statuses: Set<String> = [
            "in_progress", "needs_clarification", "awaiting_approval", "approved", "rejected", "quoted", "failed", "cancelled",
        ]
        let status = query.get("status").flatMap { $0.isEmpty ? nil : $0 }
        if let status, !statuses.contains(status) {
            throw Problem.validation([FieldError(field: "status", message: "must be one of \(statuses.sorted().joined(separator: ", "))")])
        }
        let mine = ["true", "1", "yes"].contains(query.get("mine")?.lowercased() ?? "")
        let page = try await repository.requests(
            context.tenant, status: status, createdBy: mine ? context.principal.userID : nil,
            page: PageRequest(limit: Int(query.get("limit") ?? "") ?? 50, after: query.get("cursor") ?? query.get("after")))
        return ListDTO(items: page.items.map { RequestDTO($0, run: nil) }, next_cursor: page.nextCursor)
    }

    @Sendable func parse(_ request: Request, context: TenantContext) async throws -> RequisitionDTO {
        let input = try await request.decode(as: ParseRequestInput.self, context: context)
        guard let text = input.text, !text.trimmingWhitespace().isEmpty else {
            throw Problem.validation([FieldError(field: "text", message: "must not be empty")])
        }
        guard text.count <= CreateRequestInput.maxTextCharacters else {
            throw Problem.validation([FieldError(field: "text", message: "must be at most 1000000 characters")])
        }
        return RequisitionDTO(requisition: Understanding.read(text, context: try await agent.parseContext(context.tenant)))
    }

    @Sendable func get(_ request: Request, context: TenantContext) async throws -> RequestDTO {
        let id = try context.parameters.require("id")
        guard let record = try await repository.request(context.tenant, id: id) else { throw Problem.notFound("request") }
        return RequestDTO(record, run: try await repository.run(context.tenant, id: record.runID))
    }

    func run(_ context: TenantContext) async throws -> RunRecord {
        let id = try context.parameters.require("id")
        guard let run = try await repository.run(context.tenant, id: id) else { throw Problem.notFound("run") }
        return run
    }

    @Sendable func getRun(_ request: Request, context: TenantContext) async throws -> RunDTO {
        RunDTO(try await run(context), withOutputs: true)
    }

    @Sendable func events(_ request: Request, context: TenantContext) async throws -> ListDTO<RunEventDTO> {
        let run = try await run(context)
        let query = FormQuery(request.uri.query)
        let after = Int64(query.get("after") ?? "") ?? 0
        let limit = min(max(Int(query.get("limit") ?? "") ?? 500, 1), 1_000)
        let events = try await repository.runEvents(context.tenant, runID: run.id, after: after, limit: limit)
        return ListDTO(items: events.map(RunEventDTO.init), next_cursor: events.count == limit ? events.last.map { String($0.id) } : nil)
    }

    @Sendable func cancel(_ request: Request, context: TenantContext) async throws -> RunDTO {
        try context.require(.admin, .buyer, .requester)
        let run = try await run(context)
        return try respond(try await repository.cancel(context.tenant, runID: run.id, by: context.principal.userID))
    }

    @Sendable func retry(_ request: Request, context: TenantContext) async throws -> RunDTO {
        try context.require(.admin, .buyer, .requester)
        let run = try await run(context)
        let result = try await repository.retry(context.tenant, runID: run.id, by: context.principal.userID)
        agent.wake.signal()
        return try respond(result)
    }

    @Sendable func answer(_ request: Request, context: TenantContext) async throws -> RunDTO {
        try context.require(.admin, .buyer, .requester)
        let run = try await run(context)
        let input = try await request.decode(as: AnswersInput.self, context: context)
        guard let answers = input.answers, !answers.isEmpty else {
            throw Problem.validation([FieldError(field: "answers", message: "give at least one answer, by question id")])
        }
        if let long = answers.first(where: { $0.value.count > 20_000 }) {
            throw Problem.validation([FieldError(field: "answers.\(long.key)", message: "must be at most 20000 characters")])
        }
        let result = try await repository.answer(
            context.tenant, runID: run.id, answers: answers, context: try await agent.parseContext(context.tenant),
            by: context.principal.userID)
        agent.wake.signal()
        return try respond(result)
    }

    func respond(_ result: AgentRepository.CommandResult?) throws -> RunDTO {
        switch result {
        case .applied(let run): return RunDTO(run, withOutputs: true)
        case .refused(let reason): throw Problem.conflict(reason)
        case .unanswered(let problems):
            throw Problem.validation(problems.sorted { $0.key < $1.key }.map { FieldError(field: "answers.\($0.key)", message: $0.value) })
        case nil: throw Problem.notFound("run")
        }
    }
}
