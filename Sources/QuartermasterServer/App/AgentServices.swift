import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import QuartermasterCore
import QuartermasterStore
import QuartermasterVendors

/// The procurement agent's runtime: each step of a run is one `agent.step` job whose outcome,
/// log and next job commit together (see `AgentRepository.commit`).
public struct AgentServices: Sendable {
    public let repository: AgentRepository
    public let approvals: ApprovalRepository
    public let purchasing: PurchasingRepository
    public let models: ModelRepository
    public let fleet: FleetRepository
    let catalog: CatalogServices
    let wake: WakeSignal
    /// Where the notify step posts each finished quote; nil means no webhook.
    let webhookURL: String?
    /// A worker goes straight on to a run's next step; that step's job is still queued, this much
    /// later, as the backstop should the worker die (the job lease, so recovery takes no longer).
    let backstopMilliseconds: Int64

    public init(store: Store, catalog: CatalogServices, wake: WakeSignal, webhookURL: String?, backstopMilliseconds: Int64 = 30_000) {
        self.backstopMilliseconds = backstopMilliseconds
        self.repository = AgentRepository(store: store)
        self.approvals = ApprovalRepository(store: store)
        self.purchasing = PurchasingRepository(store: store)
        self.models = ModelRepository(store: store)
        self.fleet = FleetRepository(store: store)
        self.catalog = catalog
        self.wake = wake
        self.webhookURL = webhookURL.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Steps whose capability is not built yet, with the reason recorded in the run.
    static func skipReason(_ step: RunStep) -> String? { nil }

    /// The organisation's time zone (UTC when it names none this system knows).
    func timeZone(_ tenant: Tenant) async throws -> TimeZone {
        TimeZone(identifier: try await repository.timeZone(tenant)) ?? TimeZone(identifier: "UTC")!
    }

    /// What the parser needs to know about the organisation: now, its time zone, its currency and
    /// its vendors' names.
    public func parseContext(_ tenant: Tenant) async throws -> RequestParseContext {
        let zone = try await timeZone(tenant)
        let vendors = try await catalog.repository.vendors(tenant)
        let currency = vendors.first?.vendor.currency ?? CurrencyCode("USD")!
        return RequestParseContext(
            now: Clock.nowMilliseconds(), timeZone: zone, defaultCurrency: currency, knownVendors: vendors.map(\.vendor.name))
    }

    // MARK: Creating requests

    public func submit(_ tenant: Tenant, createdBy: String?, text: String?, template: Requisition) async throws -> RequestRecord {
        let title = Self.title(text: text, lines: template.lines)
        let record = try await repository.createRequest(
            tenant, createdBy: createdBy, title: title, text: text, input: AgentJSON.encode(template),
            requisition: template.lines.isEmpty ? nil : template)
        wake.signal()
        return record
    }

    static func title(text: String?, lines: [RequisitionLine]) -> String {
        if let text {
            let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingWhitespace() ?? ""
            if !firstLine.isEmpty { return firstLine.count > 80 ? String(firstLine.prefix(79)) + "…" : firstLine }
        }
        let names = lines.prefix(3).map { "\($0.quantity) × \($0.description)" }.joined(separator: ", ")
        return names.isEmpty ? "Request" : names + (lines.count > 3 ? ", …" : "")
    }

    // MARK: Executing steps

    func execute(_ context: JobContext) async throws {
        guard let org = context.job.organizationID else { return }
        let tenant = Tenant(organizationID: org)
        let job = try JSONDecoder().decode(AgentRepository.StepJob.self, from: Data(context.job.payload.utf8))
        guard let run = try await repository.run(tenant, id: job.run_id), run.status == .running, run.generation == job.generation,
            run.step == job.step
        else { return }  // stale: cancelled, retried, or already past this step
        guard let request = try await repository.request(tenant, id: run.requestID) else { return }
        let started = Clock.nowMilliseconds()
        var log = StepLog(step: job.step)
        var committed = false
        do {
            let (outcome, update) = try await perform(job.step, tenant: tenant, run: run, request: request, log: &log)
            committed = try await repository.commit(
                tenant, runID: run.id, step: job.step, generation: job.generation, attempt: context.job.attempt, startedAt: started,
                outcome: outcome, log: log.entries, update: update, skipped: Self.skipReason, deferNext: backstopMilliseconds)
        } catch {
            guard context.job.attempt >= context.job.maxAttempts else { throw error }
            log.add(.error, "gave up after \(context.job.attempt) attempts: \(error)")
            try await repository.commit(
                tenant, runID: run.id, step: job.step, generation: job.generation, attempt: context.job.attempt, startedAt: started,
                outcome: .failed(reason: "\(error)"), log: log.entries)
        }
        if committed {
            await continueInline(tenant, runID: run.id, generation: job.generation, after: job.step, logger: context.logger)
        }
    }

    /// Runs the run's following steps in this worker, each committed like a job's (and removing its
    /// backstop job in the same transaction). Any trouble stops here: the backstop job takes over,
    /// with the queue's attempts and retries.
    func continueInline(_ tenant: Tenant, runID: String, generation: Int, after first: RunStep, logger: Logger) async {
        var previous = first
        for _ in RunStep.allCases {
            do {
                guard let run = try await repository.run(tenant, id: runID), run.status == .running, run.generation == generation,
                    run.step != previous, let request = try await repository.request(tenant, id: run.requestID)
                else { return }
                let started = Clock.nowMilliseconds()
                var log = StepLog(step: run.step)
                let (outcome, update) = try await perform(run.step, tenant: tenant, run: run, request: request, log: &log)
                let committed = try await repository.commit(
                    tenant, runID: run.id, step: run.step, generation: generation, attempt: 1, startedAt: started, outcome: outcome,
                    log: log.entries, update: update, skipped: Self.skipReason, deferNext: backstopMilliseconds, replacingJob: true)
                guard committed, case .completed = outcome else { return }
                previous = run.step
            } catch {
                if !(error is CancellationError) {
                    logger.warning(
                        "run continues from its backstop job", metadata: ["run": "\(runID)", "after": "\(previous)", "error": "\(error)"])
                }
                return
            }
        }
    }

    struct StepLog {
        let step: RunStep
        var entries: [RunLogEntry] = []

        mutating func add(_ kind: RunLogEntry.Kind, _ text: String, tool: String? = nil, arguments: [String: String]? = nil) {
            entries.append(RunLogEntry(kind, step: step, text, tool: tool, arguments: arguments))
        }

        /// An observation with how long the action before it took.
        mutating func observe(_ text: String, since start: ContinuousClock.Instant) {
            entries.append(RunLogEntry(.observation, step: step, text, durationMilliseconds: (ContinuousClock.now - start).inMilliseconds))
        }
    }

    func perform(
        _ step: RunStep, tenant: Tenant, run: RunRecord, request: RequestRecord, log: inout StepLog
    ) async throws -> (StepOutcome, RequestUpdate) {
        switch step {
        case .understand: return try await understand(tenant, run: run, request, context: try await parseContext(tenant), log: &log)
        case .search:
            let requisition = try requisition(of: request)
            let found = try await search(tenant, requisition, log: &log)
            return (.completed(output: AgentJSON.encode(found)), RequestUpdate())
        case .optimise:
            let requisition = try requisition(of: request)
            let found =
                try AgentJSON.decode([LineCandidates].self, run.steps.first(where: { $0.name == .search })?.output) ?? []
            let quote = try await optimise(tenant, requisition, found, runID: run.id, log: &log)
            let json = AgentJSON.encode(quote)
            return (.completed(output: json), RequestUpdate(quote: quote, quoteJSON: json))
        case .policy:
            return try await checkPolicy(tenant, request: request, log: &log)
        case .approval:
            return try await seekApproval(tenant, run: run, request: request, log: &log)
        case .purchase:
            return try await draftOrders(tenant, request: request, log: &log)
        case .notify:
            return (.completed(output: try await notify(tenant, run: run, request: request, log: &log)), RequestUpdate())
        case .logistics:
            return try await planTransport(tenant, run: run, request: request, log: &log)
        }
    }

    struct MissingRequisition: Error, CustomStringConvertible {
        var description: String { "the request has not been understood yet" }
    }

    func requisition(of request: RequestRecord) throws -> Requisition {
        guard let requisition = request.requisition else { throw MissingRequisition() }
        return requisition
    }

    func understand(
        _ tenant: Tenant, run: RunRecord, _ request: RequestRecord, context: RequestParseContext, log: inout StepLog
    ) async throws -> (StepOutcome, RequestUpdate) {
        var template = (try? AgentJSON.decode(Requisition.self, request.input)) ?? Requisition(lines: [])
        if let existing = request.requisition, !existing.lines.isEmpty {
            log.add(.thought, "The request came with \(existing.lines.count) structured line(s); no text to interpret.")
            template = existing
        } else {
            template = try await read(request.text ?? "", tenant: tenant, runID: run.id, context: context, template: template, log: &log)
        }
        for warning in template.warnings { log.add(.thought, "Note: \(warning)") }
        if !template.questions.isEmpty {
            log.add(.thought, "Waiting for a person: " + template.questions.map(\.question).joined(separator: " "))
            return (.waiting(for: "clarification", output: AgentJSON.encode(template)), RequestUpdate(requisition: template))
        }
        return (.completed(output: AgentJSON.encode(template)), RequestUpdate(requisition: template))
    }

    func search(_ tenant: Tenant, _ requisition: Requisition, log: inout StepLog) async throws -> [LineCandidates] {
        let targets = Set(requisition.settings.targetVendors.map { $0.lowercased() })
        let vendors = targets.isEmpty ? [] : try await catalog.repository.vendors(tenant)
        let targetIDs = Set(
            vendors.filter { targets.contains($0.id.lowercased()) || targets.contains($0.vendor.name.lowercased()) }.map(\.id))
        var policy = try await approvals.policy(tenant)
        if requisition.preferences.eco { policy.ecoLabelRequired = true }
        var found: [LineCandidates] = []
        let start = ContinuousClock.now
        let matches = try await catalog.match(
            tenant, texts: requisition.lines.map(\.matchText), limit: max(1, requisition.settings.maxCandidates))
        for (index, line) in requisition.lines.enumerated() {
            log.add(.action, "Searching the catalog for line \(index + 1)", tool: "catalog.match", arguments: ["text": line.matchText])
            let (results, rejected) = matches[index]
            var candidates: [SourcingCandidate] = []
            var excluded: [String] = []
            for result in results {
                for offer in result.variant.offers where targets.isEmpty || targetIDs.contains(offer.vendorID) {
                    if line.excludedOffers?.contains("\(offer.vendorID)/\(offer.vendorSKU)") == true {
                        excluded.append("\(result.title) from \(offer.vendorName) was rejected by an approver")
                    } else if let why = policy.violation(
                        vendorID: offer.vendorID, vendorName: offer.vendorName, brand: result.brand, category: result.category,
                        ecoLabel: result.ecoLabel, unitPrice: offer.terms.price)
                    {
                        excluded.append("\(result.title): \(why)")
                    } else {
                        candidates.append(SourcingCandidate(result: result, offer: offer))
                    }
                }
            }
            if !excluded.isEmpty {
                log.add(
                    .thought, "Set aside \(excluded.count) offer(s) for line \(index + 1): \(excluded.prefix(3).joined(separator: "; ")).")
            }
            let reason =
                candidates.isEmpty
                ? (excluded.first ?? rejected.first.map { "\($0.title): \($0.reason)" } ?? "nothing in the catalog matches") : nil
            found.append(LineCandidates(line: index, candidates: candidates, reason: reason))
            if let best = results.first {
                log.add(
                    .observation,
                    "\(results.count) product(s), \(candidates.count) offer(s); best match \"\(best.title)\" at \(best.offer.terms.price.text(minimumPlaces: 2)) \(best.offer.terms.currency) from \(best.offer.vendorName)"
                )
            } else {
                log.add(.observation, "no match: \(reason ?? "")")
            }
        }
        // The lines are searched together (one read of their products and offers): one timing for all.
        log.observe("Searched the catalog for \(requisition.lines.count) line(s).", since: start)
        return found
    }

    func optimise(
        _ tenant: Tenant, _ requisition: Requisition, _ found: [LineCandidates], runID: String, log: inout StepLog
    ) async throws -> Quote {
        let vendors = try await catalog.repository.vendors(tenant).map {
            SourcingVendor(
                id: $0.id, name: $0.vendor.name, currency: $0.vendor.currency, shippingFee: $0.vendor.shippingFee,
                freeShippingOver: $0.vendor.freeShippingOver, minOrderValue: $0.vendor.minOrderValue, leadTimeDays: $0.vendor.leadTimeDays)
        }
        let currency =
            requisition.budget?.currency ?? found.lazy.flatMap(\.candidates).first?.currency ?? vendors.first?.currency ?? CurrencyCode(
                "USD")!
        let zone = try await timeZone(tenant)
        let today = LocalDate.at(Clock.nowMilliseconds(), in: zone)
        let leadTimeLimit = requisition.needBy.flatMap { LocalDate(iso: $0) }.map {
            $0.daysSinceEpoch - today.daysSinceEpoch
        }
        if let leadTimeLimit { log.add(.thought, "Everything must arrive within \(leadTimeLimit) day(s).") }
        // The organisation's preferred and blocked vendors join the request's own.
        let policy = try await approvals.policy(tenant)
        var requisition = requisition
        requisition.preferences.preferredVendors += policy.preferredVendors
        requisition.preferences.blockedVendors += policy.blockedVendors
        let bonus =
            policy.preferredVendorBonusPercent > 0
            ? FixedDecimal(units: Int64(policy.preferredVendorBonusPercent) * 100)
            : FixedDecimal(
                parsing: "0.02")!
        let start = ContinuousClock.now
        log.add(.action, "Choosing the cheapest feasible basket for \(requisition.lines.count) line(s)", tool: "optimise")
        let quote = QuoteBuilder.optimised(
            requisition: requisition, candidates: found, vendors: vendors, currency: currency, leadTimeLimit: leadTimeLimit,
            preferredBonus: bonus)
        var summary =
            "Quote: \(quote.lines.count) line(s) from \(quote.shipping.count) vendor(s), items \(quote.itemsTotal.text(minimumPlaces: 2)) + shipping \(quote.shippingTotal.text(minimumPlaces: 2)) = \(quote.total.text(minimumPlaces: 2)) \(quote.currency)"
        if !quote.unfilled.isEmpty { summary += "; \(quote.unfilled.count) line(s) cannot be filled" }
        log.observe(summary, since: start)
        for note in quote.notes { log.add(.thought, note.prefix(1).uppercased() + note.dropFirst() + ".") }
        try await narrate(tenant, runID: runID, step: .optimise, facts: ([summary] + quote.notes).joined(separator: "\n"), log: &log)
        return quote
    }

    struct WebhookFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Posts the outcome to the organisation's webhook through an intent, so a re-executed step never
    /// posts twice: a receipt already recorded is reported instead of calling again.
    func notify(_ tenant: Tenant, run: RunRecord, request: RequestRecord, log: inout StepLog) async throws -> String {
        guard let webhookURL else {
            log.add(.thought, "No webhook is configured; the quote is on the request's page.")
            return JSONText.encode(["notified": .bool(false)])
        }
        let body = JSONText.encode([
            "type": .string("request.quoted"), "request_id": .string(request.id), "run_id": .string(run.id),
            "total": .string(request.quote?.total.text(minimumPlaces: 2) ?? ""), "currency": .string(request.quote?.currency.code ?? ""),
        ])
        let key = SideEffectKey.make(runID: run.id, step: .notify, effect: "webhook", inputs: body)
        let intent = try await repository.beginIntent(tenant, runID: run.id, step: .notify, effect: "webhook", key: key, request: body)
        if intent.status == "done" {
            log.add(.observation, "Already notified (receipt recorded); not posting again.")
            return intent.receipt ?? "{}"
        }
        let start = ContinuousClock.now
        log.add(.action, "Posting the quote to the webhook", tool: "webhook", arguments: ["url": webhookURL, "idempotency_key": key])
        var call = HTTPClientRequest(url: webhookURL)
        call.method = .POST
        call.headers.add(name: "Content-Type", value: "application/json")
        call.headers.add(name: "Idempotency-Key", value: key)
        call.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.outbound.execute(call, timeout: .seconds(10))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw WebhookFailure(description: "webhook answered HTTP \(response.status.code)")
        }
        let receipt = JSONText.encode(["status": .int(Int64(response.status.code)), "at": .int(Clock.nowMilliseconds())])
        try await repository.finishIntent(key: key, status: "done", receipt: receipt)
        log.observe("Webhook answered \(response.status.code).", since: start)
        return receipt
    }
}

/// The agent's job.
enum AgentJobs {
    static let sweepKind = "approvals.sweep"

    static func register(in jobs: inout JobRegistry, agent: AgentServices) {
        jobs.register(AgentRepository.stepJobKind) { context in try await agent.execute(context) }
        // Escalates approvals that waited too long and re-quotes those whose price hold ran out.
        jobs.register(sweepKind) { _ in
            let changed = try await agent.approvals.sweep()
            if changed.escalated + changed.expired > 0 { agent.wake.signal() }
        }
        jobs.schedule(RecurringSchedule(name: "approvals", jobKind: sweepKind, intervalSeconds: 60))
        jobs.register(AgentServices.resubmitKind) { _ in try await agent.resubmitUnfinished() }
        // An open submission is retried once it is older than a job lease, checked every lease.
        jobs.schedule(
            RecurringSchedule(
                name: "vendor-submissions", jobKind: AgentServices.resubmitKind,
                intervalSeconds: max(1, min(60, agent.backstopMilliseconds / 1_000))))
        jobs.register(AgentServices.pollKind) { _ in try await agent.pollVendors() }
        jobs.schedule(RecurringSchedule(name: "vendor-status", jobKind: AgentServices.pollKind, intervalSeconds: 60))
    }
}
