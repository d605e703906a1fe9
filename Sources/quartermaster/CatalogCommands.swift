import ArgumentParser
import Foundation
import Logging
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore

/// Finds the organisation a command works on: the one named, or the only one there is.
func resolveOrganization(_ components: Quartermaster.Components, _ name: String?) async throws -> OrganizationRecord {
    if let name {
        guard let org = try await components.identity.findOrganization(name) else {
            throw ValidationError("no organisation with slug or id '\(name)'")
        }
        return org
    }
    let rows = try await components.store.read { sql in
        try await sql.raw("SELECT id FROM organizations ORDER BY created_at LIMIT 2").all()
    }
    guard rows.count == 1, let org = try await components.identity.findOrganization(try rows[0].decode(column: "id", as: String.self))
    else {
        throw ValidationError(
            rows.isEmpty ? "there is no organisation yet (quartermaster demo, or org create)" : "several organisations: pass --org")
    }
    return org
}

/// Opens and migrates the configured database and builds the components, without serving.
func withComponents<T: Sendable>(
    _ common: CommonOptions, _ body: @Sendable @escaping (Quartermaster.Components) async throws -> T
) async throws -> T {
    let configuration = try ServerConfiguration(reader: try await common.reader())
    let logger = Logs.logger(level: configuration.logLevel)
    return try await withDatabase(configuration, logger: logger) { database in
        try await Migrator(database: database).migrate()
        return try await body(try await Quartermaster.components(configuration: configuration, database: database, logger: logger))
    }
}

struct Catalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the catalog.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a vendor's products from a JSON Lines or CSV file (upserts by vendor SKU; see docs/CATALOG.md).")
        @OptionGroup var common: CommonOptions
        @Option(help: "Vendor id or name.") var vendor: String
        @Option(help: "Organisation slug or id (default: the only one).") var org: String?
        @Option(help: "jsonl or csv (default: from the file name).") var format: String?
        @Flag(help: "Refuse the whole file if any row is bad.") var strict = false
        @Argument(help: "The file to import.") var file: String

        func run() async throws {
            guard let format = format.map({ CatalogFormat(rawValue: $0) }) ?? CatalogFormat(fileName: file) else {
                throw ValidationError("cannot tell the format of \(file); pass --format jsonl or --format csv")
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let (vendorName, orgName, strict) = (vendor, org, self.strict)
            let summary = try await withComponents(common) { components in
                let org = try await resolveOrganization(components, orgName)
                let tenant = Tenant(organizationID: org.id)
                guard let vendor = try await components.catalog.repository.findVendor(tenant, vendorName) else {
                    throw ValidationError("no vendor '\(vendorName)' in \(org.name)")
                }
                let record = try await components.catalog.repository.createImport(
                    tenant, vendorID: vendor.id, format: format, strict: strict, source: "cli", body: Array(data), createdBy: nil,
                    jobKind: nil)
                return (record.id, try await components.catalog.importer.run(tenant, importID: record.id))
            }
            let (id, result) = summary
            print(
                "import \(id): \(result.status.rawValue) — \(result.rows) rows, \(result.imported) imported, \(result.rejected) rejected, \(result.warnings) warnings"
            )
            for issue in result.report {
                print(
                    "  row \(issue.row)\(issue.sku.map { " (\($0))" } ?? "") \(issue.severity.rawValue): \(issue.field.isEmpty ? "" : issue.field + ": ")\(issue.problem)"
                )
            }
            if let error = result.error { print("error: \(error)") }
            if result.status == .failed { throw ExitCode(1) }
        }
    }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search the catalog as GET /api/v1/search does.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Organisation slug or id (default: the only one).") var org: String?
    @Option(help: "Number of results.") var limit = 10
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The query; may include spec filters such as spec.paper_size=A4 or spec.weight_gsm>=80.") var query: String

    func run() async throws {
        let (orgName, query, limit) = (org, self.query, self.limit)
        let response = try await withComponents(common) { components in
            let org = try await resolveOrganization(components, orgName)
            var request = SearchRequest(text: query)
            request.limit = limit
            return try await components.catalog.search.search(Tenant(organizationID: org.id), request)
        }
        if json {
            let results = response.items.map { item -> JSONText in
                .object([
                    "product_id": .string(item.productID), "title": .string(item.title), "score": .string(String(item.score)),
                    "best_price": item.offers.first.map { .string($0.terms.price.text(minimumPlaces: 2)) } ?? .null,
                    "vendor": item.offers.first.map { .string($0.vendorName) } ?? .null,
                ])
            }
            print(JSONText.encode(["total": .int(Int64(response.total)), "results": .array(results)]))
            return
        }
        if !response.corrections.isEmpty {
            print("searching also for: " + response.corrections.map { "\($0.key) → \($0.value)" }.sorted().joined(separator: ", "))
        }
        print("\(response.total) products\(response.relaxed ? " (matching some of the words)" : "")")
        for (index, item) in response.items.enumerated() {
            let offer =
                item.offers.first.map { " — \($0.terms.price.text(minimumPlaces: 2)) \($0.terms.currency) at \($0.vendorName)" } ?? ""
            print("\(index + 1). \(item.title)\(offer)")
        }
    }
}

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure quality.", subcommands: [SearchEval.self, ParseEval.self])

    struct SearchEval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "MRR, recall@10 and nDCG@10 for labelled queries {query, relevant: [sku…]} (JSON Lines).",
            discussion: "Without --org, a fresh temporary SQLite database is loaded with the demo catalog (--products) first.")
        @OptionGroup var common: CommonOptions
        @Option(help: "Evaluate against this organisation's catalog in the configured database.") var org: String?
        @Option(help: "Demo catalog size for the temporary database.") var products = 2_400
        @Flag(help: "Print every query that misses.") var verbose = false
        @Argument(help: "Labelled queries, one JSON object per line.") var file: String

        struct Labelled: Decodable {
            let query: String
            let relevant: [String]
        }

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            var queries: [Labelled] = []
            for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated()
            where !line.trimmingWhitespace().isEmpty {
                do {
                    queries.append(try JSONDecoder().decode(Labelled.self, from: Data(line.utf8)))
                } catch {
                    throw ValidationError("line \(index + 1) is not {query, relevant: [...]}")
                }
            }
            let (orgName, products, verbose) = (org, self.products, self.verbose)
            let queryList = queries
            var common = self.common
            var temporary: String?
            if orgName == nil {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-eval-\(UUID().uuidString)").path
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                common.databaseURL = "sqlite://\(folder)/eval.sqlite"
                temporary = folder
            }
            defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
            let lines = try await withComponents(common) { components in
                let tenant: Tenant
                if let orgName {
                    tenant = Tenant(organizationID: try await resolveOrganization(components, orgName).id)
                } else {
                    let hash = try await components.passwords.hash("evaluation-only-password")
                    let (org, _) = try await components.identity.createOrganization(
                        name: "Evaluation", admin: NewMember(email: "eval@example.test", name: "Eval", passwordHash: hash, roles: [.admin]))
                    tenant = Tenant(organizationID: org.id)
                    _ = try await DemoCatalogLoader.load(components.catalog, tenant: tenant, products: products)
                    _ = try await components.catalog.refreshEmbeddings(tenant)
                }
                let skuMap = try await components.catalog.repository.productIDs(tenant, forSKUs: Array(Set(queryList.flatMap(\.relevant))))
                var mrr = 0.0
                var recall = 0.0
                var ndcg = 0.0
                var out: [String] = []
                var missing = 0
                for labelled in queryList {
                    let relevant = Set(labelled.relevant.compactMap { skuMap[$0] })
                    if relevant.isEmpty { missing += 1 }
                    var request = SearchRequest(text: labelled.query)
                    request.limit = 10
                    let response = try await components.catalog.search.search(tenant, request)
                    let ranked = response.items.map(\.productID)
                    let rr = RankingMetrics.reciprocalRank(ranked, relevant: relevant)
                    mrr += rr
                    recall += RankingMetrics.recall(ranked, relevant: relevant, at: 10)
                    ndcg += RankingMetrics.ndcg(ranked, relevant: relevant, at: 10)
                    if verbose && rr < 1 {
                        out.append(
                            "  rr=\(String(format: "%.2f", rr)) \(labelled.query) → \(response.items.prefix(3).map(\.title).joined(separator: " | "))"
                        )
                    }
                }
                let n = Double(max(1, queryList.count))
                out.insert(
                    String(
                        format: "queries %d  MRR %.3f  recall@10 %.3f  nDCG@10 %.3f%@", queryList.count, mrr / n, recall / n, ndcg / n,
                        missing > 0 ? "  (\(missing) queries name no known SKU)" : ""), at: 0)
                return out
            }
            for line in lines { print(line) }
        }
    }
}
