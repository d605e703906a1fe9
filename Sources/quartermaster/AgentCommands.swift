import ArgumentParser
import Foundation
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore

/// Runs `body` with this process's job worker running (so runs make progress without a server).
func withJobWorker<T: Sendable>(_ components: Quartermaster.Components, _ body: @Sendable () async throws -> T) async throws -> T {
    let worker = components.services.compactMap { $0 as? JobWorker }.first
    let task = Task { try await worker?.run() }
    defer { task.cancel() }
    return try await body()
}

/// One line of a run's log, for a terminal.
func describe(_ event: DomainEvent) -> String {
    let data = (try? JSONReader.parse(event.data)) ?? .object([])
    let text = data["text"]?.stringValue ?? ""
    var timing = ""
    if case .number(let ms)? = data["duration_ms"], let value = Double(ms) { timing = String(format: " (%.1f ms)", value) }
    let kind = event.type.hasPrefix("run.") ? String(event.type.dropFirst(4)) : event.type
    switch kind {
    case "started": return "run started"
    case "finished": return "run \(event.subject)"
    case "waiting": return "waiting for \(event.subject)"
    case "failed": return "step \(event.subject) failed: \(data["error"]?.stringValue ?? "")"
    default:
        let tool = data["tool"]?.stringValue.map { " [\($0)]" } ?? ""
        return
            "\(event.subject.padding(toLength: 10, withPad: " ", startingAt: 0)) \(kind.padding(toLength: 11, withPad: " ", startingAt: 0))\(tool) \(text)\(timing)"
    }
}

struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "Submit a purchase request in plain words; with --wait, follow its run until it ends or waits.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Organisation slug or id (default: the only one).") var org: String?
    @Option(help: "The requesting user's email (default: the organisation's first admin).") var user: String?
    @Flag(help: "Run the agent in this process and print the run as it happens.") var wait = false
    @Option(help: "Give up waiting after this many seconds.") var timeout = 120
    @Argument(help: "What you need, e.g. \"20 reams of A4 paper, 5 staplers, under $200\".") var text: String

    func run() async throws {
        let (orgName, text, wait, timeout) = (org, self.text, self.wait, self.timeout)
        guard !text.trimmingWhitespace().isEmpty else { throw ValidationError("the request text is empty") }
        let code = try await withComponents(common) { components -> Int32 in
            let org = try await resolveOrganization(components, orgName)
            let tenant = Tenant(organizationID: org.id)
            let record = try await components.agent.submit(tenant, createdBy: nil, text: text, template: Requisition(lines: []))
            print("request \(record.id), run \(record.runID)")
            guard wait else { return 0 }
            return try await withJobWorker(components) {
                var last: Int64 = 0
                let deadline = ContinuousClock.now + .seconds(timeout)
                while ContinuousClock.now < deadline {
                    for event in try await components.agent.repository.runEvents(tenant, runID: record.runID, after: last, limit: 500) {
                        last = event.id
                        print(describe(event))
                    }
                    guard let run = try await components.agent.repository.run(tenant, id: record.runID) else { return 1 }
                    if run.status.isFinal || run.status == .waiting {
                        // Print what the last commit added, then the outcome.
                        for event in try await components.agent.repository.runEvents(tenant, runID: record.runID, after: last, limit: 500) {
                            last = event.id
                            print(describe(event))
                        }
                        if let request = try await components.agent.repository.request(tenant, id: record.id) {
                            printOutcome(request)
                        }
                        return run.status == .succeeded || run.status == .waiting ? 0 : 1
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                print("still running after \(timeout) s; follow it with GET /api/v1/runs/\(record.runID)/events")
                return 2
            }
        }
        if code != 0 { throw ExitCode(code) }
    }

    func printOutcome(_ request: RequestRecord) {
        if let questions = request.requisition?.questions, !questions.isEmpty {
            print("questions (answer with POST /api/v1/runs/\(request.runID)/answers):")
            for question in questions { print("  \(question.id): \(question.question)") }
        }
        guard let quote = request.quote else { return }
        print("quote (\(quote.method)):")
        for line in quote.lines {
            print(
                "  \(line.quantity) × \(line.title) — \(line.unitPrice.text(minimumPlaces: 2)) = \(line.lineTotal.text(minimumPlaces: 2)) \(quote.currency) from \(line.vendorName)"
            )
        }
        for line in quote.unfilled { print("  not filled: \(line.description) — \(line.reason)") }
        print(
            "  items \(quote.itemsTotal.text(minimumPlaces: 2)) + shipping \(quote.shippingTotal.text(minimumPlaces: 2)) = \(quote.total.text(minimumPlaces: 2)) \(quote.currency)"
        )
        for note in quote.notes { print("  note: \(note)") }
    }
}

extension Bench {
    struct AgentBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent",
            abstract: "Time requests from submission to quote on the demo catalog, one at a time and many at once.",
            discussion: "Uses a fresh SQLite database in a temporary folder unless --database-url is given (then a new organisation).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Demo catalog size.") var products = 2_000
        @Option(help: "Lines per request.") var lines = 10
        @Option(help: "Requests timed one at a time (latency).") var sequential = 100
        @Option(help: "Requests submitted at once (throughput).") var burst = 500
        @Option(help: "Jobs run at once by the worker.") var concurrency = 8

        static let items = [
            "20 reams of A4 copy paper 80gsm", "5 ergonomic chairs with armrests", "2 boxes of blue gel pens", "10 staplers",
            "3 packs of sticky notes", "4 black toner cartridges", "6 whiteboard markers", "12 lever arch files", "2 desk lamps",
            "8 packs of AA batteries", "1 standing desk", "30 C5 envelopes", "5 hand sanitizer bottles", "10 notebooks A5",
            "2 first aid kits", "4 paper towel rolls", "6 binder clips boxes", "3 USB-C cables", "2 label printers", "1 filing cabinet",
        ]

        func run() async throws {
            var common = self.common
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-bench-\(UUID().uuidString)").path
            if common.databaseURL == nil {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                common.databaseURL = "sqlite://\(folder)/bench.sqlite"
            }
            defer { if self.common.databaseURL == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let (products, lineCount, sequential, burst, concurrency) = (
                self.products, lines, self.sequential, self.burst, self.concurrency
            )
            setenv("QUARTERMASTER_JOBS_CONCURRENCY", String(concurrency), 1)
            let out = try await withComponents(common) { components -> [String] in
                let hash = try await components.passwords.hash("benchmark-only-password")
                let (org, _) = try await components.identity.createOrganization(
                    name: "Benchmark \(UUID().uuidString.prefix(8))",
                    admin: NewMember(
                        email: "bench-\(UUID().uuidString.prefix(8).lowercased())@example.test", name: "Bench", passwordHash: hash,
                        roles: [.admin]))
                let tenant = Tenant(organizationID: org.id)
                _ = try await DemoCatalogLoader.load(components.catalog, tenant: tenant, products: products)
                let finished = components.store.hub.subscribe(organizationID: org.id, buffer: 100_000)
                let waiter = FinishWaiter()
                let listener = Task {
                    for await event in finished
                    where event.type == "run.finished" || event.type == "run.waiting" || event.type == "run.failed" {
                        let data = (try? JSONReader.parse(event.data)) ?? .null
                        // A quote waiting for approval counts: the run did its part.
                        let ok = event.subject == "succeeded" || event.subject == "approval"
                        if let run = data["run_id"]?.stringValue { await waiter.finish(run, ok: ok) }
                    }
                }
                defer { listener.cancel() }
                @Sendable func text(_ index: Int) -> String {
                    (0..<lineCount).map { Self.items[(index + $0) % Self.items.count] }.joined(separator: "\n")
                }
                return try await withJobWorker(components) {
                    var out: [String] = []
                    // Warm up.
                    for index in 0..<5 {
                        let record = try await components.agent.submit(
                            tenant, createdBy: nil, text: text(index), template: Requisition(lines: []))
                        _ = await waiter.wait(record.runID)
                    }
                    var latencies: [Double] = []
                    var failures = 0
                    for index in 0..<sequential {
                        let started = ContinuousClock.now
                        let record = try await components.agent.submit(
                            tenant, createdBy: nil, text: text(index), template: Requisition(lines: []))
                        if await !waiter.wait(record.runID) { failures += 1 }
                        latencies.append((ContinuousClock.now - started).inMilliseconds)
                    }
                    out.append("submission to quote, \(lineCount)-line requests one at a time: " + CatalogBench.summary(latencies))
                    let started = ContinuousClock.now
                    var runs: [String] = []
                    for index in 0..<burst {
                        runs.append(
                            try await components.agent.submit(tenant, createdBy: nil, text: text(index), template: Requisition(lines: []))
                                .runID)
                    }
                    let submitted = ContinuousClock.now - started
                    for run in runs where await !waiter.wait(run) { failures += 1 }
                    let elapsed = (ContinuousClock.now - started).inSeconds
                    out.append(
                        String(
                            format: "throughput: %d runs submitted in %.2f s, all ended in %.2f s = %.1f runs/s (worker concurrency %d)",
                            burst,
                            submitted.inSeconds, elapsed, Double(burst) / elapsed, concurrency))
                    out.append("runs that did not end with a quote: \(failures)")
                    return out
                }
            }
            for line in out { print(line) }
        }
    }
}

/// Lets the benchmark wait for a run's end event.
actor FinishWaiter {
    private var ended: [String: Bool] = [:]
    private var waiting: [String: CheckedContinuation<Bool, Never>] = [:]

    func finish(_ run: String, ok: Bool) {
        if let continuation = waiting.removeValue(forKey: run) {
            continuation.resume(returning: ok)
        } else {
            ended[run] = ok
        }
    }

    func wait(_ run: String) async -> Bool {
        if let ok = ended.removeValue(forKey: run) { return ok }
        return await withCheckedContinuation { waiting[run] = $0 }
    }
}

extension Eval {
    struct ParseEval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse",
            abstract:
                "Line-level exact match (item, quantity, unit) and budget, date and vendor accuracy of labelled requests (JSON Lines).",
            discussion: "The file format is described in docs/PARSER.md; Benchmarks/parse-eval.jsonl and parse-holdout.jsonl are ours.")
        @Flag(help: "Print every miss.") var verbose = false
        @Argument(help: "Labelled requests, one JSON object per line.") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let cases: [ParseCase]
            do {
                cases = try ParseCase.load(jsonl: String(decoding: data, as: UTF8.self))
            } catch {
                throw ValidationError("\(file): \(error)")
            }
            let started = ContinuousClock.now
            let score = ParseEvaluation.run(cases: cases)
            let elapsed = (ContinuousClock.now - started).inMilliseconds
            print(score.summary)
            print(
                String(format: "%d requests parsed in %.1f ms (%.2f ms each)", cases.count, elapsed, elapsed / Double(max(1, cases.count))))
            if verbose { for failure in score.failures { print("  \(failure)") } }
        }
    }
}
