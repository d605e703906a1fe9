import ArgumentParser
import Foundation
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (use a release build: swift build -c release).",
        subcommands: [CatalogBench.self, PackBench.self, AgentBench.self, OptimizeBench.self])

    struct CatalogBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog",
            abstract: "Import the demo catalog at a chosen size, then time search and match.",
            discussion: "Uses a fresh SQLite database in a temporary folder unless --database-url is given (then a new organisation).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Number of products.") var products = 100_000
        @Option(help: "Labelled queries file whose queries are timed (default: a built-in list).") var queries: String?
        @Option(help: "Timed rounds over the query list.") var rounds = 5
        @Option(help: "Keep the database at this folder (for a memory measurement with serve).") var keep: String?
        @Option(help: "Time search and match in this organisation's catalog as it is (with --database-url; no import).") var org: String?
        @Option(help: "How many of the slowest queries to list.") var slowest = 8
        @Flag(help: "After the import, import the same files again (a feed refresh where nothing changed) and time that too.")
        var reimport = false

        static let builtinQueries = [
            "copy paper", "A4 copy paper 80gsm", "blue gel pens", "ergonomic chair with armrests", "stapler", "toner cartridge black",
            "sticky notes", "post-it", "ergonmic chiar", "biro", "whiteboard markers", "binder clips", "desk lamp led", "usb-c cable",
            "paper towel", "hand sanitizer", "envelopes c5", "label printer", "aa batteries", "standing desk",
            "copy paper spec.paper_size=A4 spec.weight_gsm>=90", "notebook a5 ruled", "filing cabinet", "coffee", "first aid kit",
        ]
        static let matchTexts = [
            "blue gel pens, fine tip, box of 12, under $15", "20 reams of A4 paper 80gsm", "ergonomic chair with armrests under $300",
            "black toner cartridge price lower than 90.00 dollars", "sticky notes yellow pack of 12", "5 staplers under $20",
            "AA batteries pack of 24", "a dozen whiteboard markers, assorted colours", "standing desk under $600", "hand sanitizer 500ml",
        ]

        /// Milliseconds of `body` for each text, `rounds` times over the list.
        static func timed(_ rounds: Int, _ texts: [String], _ body: (String) async throws -> Void) async throws -> [String: [Double]] {
            var times: [String: [Double]] = [:]
            for _ in 0..<rounds {
                for text in texts {
                    let started = ContinuousClock.now
                    try await body(text)
                    times[text, default: []].append((ContinuousClock.now - started).inMilliseconds)
                }
            }
            return times
        }

        /// The `count` queries slowest by their median time over the rounds (one slow round is noise,
        /// a slow median is the query's own cost), with their slowest round.
        static func slowest(_ times: [String: [Double]], _ count: Int) -> [String] {
            let medians = times.mapValues { $0.sorted()[$0.count / 2] }
            return medians.sorted { $0.value > $1.value }.prefix(count).map { query, median in
                String(format: "  slowest: median %.1f ms, max %.1f ms  %@", median, times[query]?.max() ?? 0, query)
            }
        }

        func run() async throws {
            var common = self.common
            let folder = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("qm-bench-\(UUID().uuidString)").path
            if common.databaseURL == nil {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                common.databaseURL = "sqlite://\(folder)/bench.sqlite"
            }
            defer { if keep == nil && self.common.databaseURL == nil { try? FileManager.default.removeItem(atPath: folder) } }
            var queryList = Self.builtinQueries
            if let queries, let data = FileManager.default.contents(atPath: queries) {
                queryList = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
                    guard case .object? = try? JSONReader.parse(String(line)) else { return nil }
                    return (try? JSONReader.parse(String(line)))?["query"]?.stringValue
                }
            }
            let (products, rounds, list, existing, listed, again) = (
                self.products, max(1, self.rounds), queryList, org, slowest, reimport
            )
            let lines = try await withComponents(common) { components in
                var out: [String] = []
                let tenant: Tenant
                if let existing {
                    tenant = Tenant(organizationID: try await resolveOrganization(components, existing).id)
                } else {
                    let hash = try await components.passwords.hash("benchmark-only-password")
                    let email = "bench-\(UUID().uuidString.prefix(8).lowercased())@example.test"
                    let (org, _) = try await components.identity.createOrganization(
                        name: "Benchmark \(UUID().uuidString.prefix(8))",
                        admin: NewMember(email: email, name: "Bench", passwordHash: hash, roles: [.admin]))
                    out.append("login: \(email) benchmark-only-password")
                    tenant = Tenant(organizationID: org.id)
                    let loaded = try await DemoCatalogLoader.load(components.catalog, tenant: tenant, products: products)
                    let offers = loaded.imports.reduce(0) { $0 + $1.imported }
                    out.append(
                        String(
                            format:
                                "import: %d products (%d vendor records, %.1f MB JSON Lines) in %.2f s = %.0f products/s, %.0f records/s",
                            loaded.products, offers, Double(loaded.bytes) / 1e6, loaded.seconds, Double(loaded.products) / loaded.seconds,
                            Double(offers) / loaded.seconds))
                    if again {
                        let reloaded = try await DemoCatalogLoader.load(components.catalog, tenant: tenant, products: products)
                        out.append(
                            String(
                                format: "reimport (unchanged): %d vendor records in %.2f s = %.0f products/s, %.0f records/s",
                                reloaded.imports.reduce(0) { $0 + $1.imported }, reloaded.seconds,
                                Double(reloaded.products) / reloaded.seconds, Double(offers) / reloaded.seconds))
                    }
                    let embedStart = ContinuousClock.now
                    let embedded = try await components.catalog.refreshEmbeddings(tenant)
                    out.append("embeddings: \(embedded) products in \(Self.format(ContinuousClock.now - embedStart))")
                }
                // Warm the vocabulary and the page cache.
                for query in list.prefix(10) { _ = try await components.catalog.search.search(tenant, SearchRequest(text: query)) }
                let searchTimes = try await Self.timed(rounds, list) {
                    _ = try await components.catalog.search.search(tenant, SearchRequest(text: $0))
                }
                out.append("search: " + Self.summary(searchTimes.values.flatMap { $0 }))
                out += Self.slowest(searchTimes, listed)
                let matchTimes = try await Self.timed(rounds, Self.matchTexts) {
                    _ = try await components.catalog.match(tenant, text: $0, limit: 5)
                }
                out.append("match: " + Self.summary(matchTimes.values.flatMap { $0 }))
                out += Self.slowest(matchTimes, min(listed, 3))
                return out
            }
            for line in lines { print(line) }
            if let keep { print("database kept in \(keep)/bench.sqlite") }
        }

        static func format(_ duration: Duration) -> String { String(format: "%.2f s", duration.inSeconds) }

        static func summary(_ values: [Double]) -> String {
            let sorted = values.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            return String(
                format: "%d runs, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", sorted.count, percentile(0.5), percentile(0.95),
                percentile(0.99), sorted.last ?? 0)
        }
    }

    struct PackBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pack",
            abstract: "Container loading on Bischoff & Ratcliff-like instances (BR1–BR7): utilisation and time; every layout verified.")
        @Option(help: "Instances per class.") var instances = 20
        @Option(help: "Time limit per instance, seconds.") var time = 2.0

        func run() throws {
            print("BR-like instances: \(instances) per class, time limit \(time) s, \(ProcessInfo.processInfo.activeProcessorCount) cores")
            var overall: [Double] = []
            var worstSeconds = 0.0
            var violations = 0
            for brClass in 1...7 {
                var utilisations: [Double] = []
                var seconds: [Double] = []
                for instance in 1...max(1, instances) {
                    var problem = PackingInstances.bischoffRatcliff(class: brClass, instance: instance)
                    problem.options.timeLimitSeconds = time
                    let started = ContinuousClock.now
                    let result = Packer.solve(problem)
                    seconds.append((ContinuousClock.now - started).inSeconds)
                    violations += PackingVerifier.verify(result, problem: problem).count
                    utilisations.append(result.utilization)
                }
                let mean = utilisations.reduce(0, +) / Double(utilisations.count)
                overall.append(mean)
                worstSeconds = max(worstSeconds, seconds.max() ?? 0)
                print(
                    String(
                        format: "BR%d: mean %.2f %%, min %.2f %%, mean %.2f s, max %.2f s", brClass, mean * 100,
                        (utilisations.min() ?? 0) * 100, seconds.reduce(0, +) / Double(seconds.count), seconds.max() ?? 0))
            }
            print(
                String(
                    format: "mean utilisation %.2f %%, slowest instance %.2f s, layout violations %d",
                    overall.reduce(0, +) / Double(overall.count) * 100, worstSeconds, violations))
        }
    }
}
