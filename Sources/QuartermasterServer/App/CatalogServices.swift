import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import QuartermasterAI
import QuartermasterCore
import QuartermasterStore
import QuartermasterVendors

/// The catalog's moving parts, shared by the HTTP routes, the jobs and the CLI.
public struct CatalogServices: Sendable {
    public let repository: CatalogRepository
    public let search: CatalogSearch
    public let vocabularies: SearchVocabularyCache
    public let embedder: (any Embedder)?
    public let importMaxBytes: Int
    let wake: WakeSignal

    public init(store: Store, configuration: ServerConfiguration, wake: WakeSignal = WakeSignal()) {
        let vocabularies = SearchVocabularyCache()
        let embedder: (any Embedder)? =
            switch configuration.embeddings {
            case "off": nil
            case "remote":
                OpenAIEmbedder(
                    baseURL: configuration.embeddingsURL, model: configuration.embeddingsModel, apiKey: configuration.embeddingsAPIKey)
            default: BuiltinEmbedder()
            }
        self.repository = CatalogRepository(store: store)
        self.vocabularies = vocabularies
        self.embedder = embedder
        self.search = CatalogSearch(store: store, vocabularies: vocabularies, embedder: embedder)
        self.importMaxBytes = configuration.importMaxBytes
        self.wake = wake
    }

    public var importer: CatalogImporter { CatalogImporter(repository: repository, vocabularies: vocabularies) }

    /// Reads a requirement, finds candidates and ranks them.
    public func match(_ tenant: Tenant, text: String, limit: Int) async throws -> (Requirement, [MatchResult], [MatchRejection]) {
        let requirement = Requirement(text)
        let candidates = try await search.candidates(tenant, requirement)
        let (results, rejected) = Matcher(requirement).rank(candidates, limit: limit)
        return (requirement, results, rejected)
    }

    /// `match` for several texts at once (a request's lines): one read of the candidates' products
    /// and offers for all of them.
    public func match(_ tenant: Tenant, texts: [String], limit: Int) async throws -> [(results: [MatchResult], rejected: [MatchRejection])]
    {
        let requirements = texts.map(Requirement.init)
        let candidates = try await search.candidates(tenant, requirements)
        return zip(requirements, candidates).map { requirement, candidates in Matcher(requirement).rank(candidates, limit: limit) }
    }

    /// Computes missing or stale embeddings of an organisation's products, in batches.
    public func refreshEmbeddings(_ tenant: Tenant) async throws -> Int {
        guard let embedder else { return 0 }
        var total = 0
        var cursor: Int64 = 0
        while true {
            let batch = try await repository.productsNeedingEmbedding(tenant, model: embedder.model, afterSeq: cursor, limit: 256)
            if batch.isEmpty { return total }
            cursor = batch.last?.seq ?? cursor
            let vectors = try await embedder.embed(batch.map(\.text))
            try await repository.saveEmbeddings(tenant, model: embedder.model, zip(batch.map(\.id), vectors).map { ($0, $1) })
            total += batch.count
            if batch.count < 256 { return total }
        }
    }

    /// Fetches a feed (http(s) URL or file) and queues its import.
    public func pullFeed(_ tenant: Tenant, feed: FeedRecord) async throws -> ImportRecord {
        do {
            let bytes = try await fetch(feed.url)
            let record = try await repository.createImport(
                tenant, vendorID: feed.vendorID, format: feed.format, strict: false, source: "feed", body: bytes, createdBy: nil,
                jobKind: CatalogJobs.importKind)
            try await repository.recordFeedRun(feed.id, importID: record.id, error: nil)
            wake.signal()
            return record
        } catch {
            try await repository.recordFeedRun(feed.id, importID: nil, error: String(describing: error))
            throw error
        }
    }

    struct FeedFailure: Error, CustomStringConvertible {
        let description: String
    }

    func fetch(_ location: String) async throws -> [UInt8] {
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            var request = HTTPClientRequest(url: location)
            request.method = .GET
            let response = try await HTTPClient.outbound.execute(request, timeout: .seconds(60))
            guard (200..<300).contains(Int(response.status.code)) else {
                throw FeedFailure(description: "feed answered HTTP \(response.status.code)")
            }
            let body = try await response.body.collect(upTo: importMaxBytes)
            return Array(body.readableBytesView)
        }
        let path = location.hasPrefix("file://") ? String(location.dropFirst(7)) : location
        guard let data = FileManager.default.contents(atPath: path) else { throw FeedFailure(description: "cannot read feed file \(path)") }
        guard data.count <= importMaxBytes else { throw FeedFailure(description: "feed file is larger than \(importMaxBytes) bytes") }
        return Array(data)
    }
}

/// The catalog's background jobs: imports, scheduled feed pulls, nightly embedding refresh.
public enum CatalogJobs {
    public static let importKind = "catalog.import"
    public static let feedsKind = "catalog.feeds"
    public static let embedKind = "catalog.embed"

    struct ImportPayload: Decodable { let import_id: String }

    static func register(in jobs: inout JobRegistry, catalog: CatalogServices) {
        jobs.register(importKind) { context in
            guard let org = context.job.organizationID else { return }
            let payload = try JSONDecoder().decode(ImportPayload.self, from: Data(context.job.payload.utf8))
            let tenant = Tenant(organizationID: org)
            guard let record = try await catalog.repository.importRecord(tenant, id: payload.import_id) else { return }
            var alertPercent = 10
            if record.source == "feed", let feed = try await catalog.repository.feed(tenant, vendorID: record.vendorID) {
                alertPercent = feed.priceAlertPercent
            }
            let summary = try await catalog.importer.run(tenant, importID: record.id, alertPercent: alertPercent)
            context.logger.info(
                "catalog import finished",
                metadata: ["import": "\(record.id)", "imported": "\(summary.imported)", "rejected": "\(summary.rejected)"])
            if catalog.embedder != nil && summary.imported > 0 {
                try await context.store.write { tx in
                    _ = try await JobQueue.enqueue(
                        NewJob(kind: embedKind, payload: "{}", organizationID: org, idempotencyKey: "embed:\(record.id)", maxAttempts: 5),
                        in: tx)
                }
            }
        }
        jobs.register(embedKind) { context in
            if let org = context.job.organizationID {
                _ = try await catalog.refreshEmbeddings(Tenant(organizationID: org))
            } else {
                for org in try await catalog.repository.organizationsWithProducts() {
                    _ = try await catalog.refreshEmbeddings(Tenant(organizationID: org))
                }
            }
        }
        jobs.register(feedsKind) { context in
            for (org, feed) in try await catalog.repository.dueFeeds(now: Clock.nowMilliseconds()) {
                do {
                    _ = try await catalog.pullFeed(Tenant(organizationID: org), feed: feed)
                } catch {
                    context.logger.warning("feed pull failed", metadata: ["feed": "\(feed.id)", "error": "\(error)"])
                }
            }
        }
        jobs.schedule(RecurringSchedule(name: "catalog-feeds", jobKind: feedsKind, intervalSeconds: 300))
        jobs.schedule(RecurringSchedule(name: "catalog-embeddings", jobKind: embedKind, intervalSeconds: 86_400))
    }
}
