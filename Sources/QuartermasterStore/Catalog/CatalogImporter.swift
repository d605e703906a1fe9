import Logging
import QuartermasterCore

/// Runs one stored import: reads the file, validates every row, writes good records in batches (each
/// batch one transaction, so a product is never half-written), records progress and the report.
/// With `strict`, the whole file is validated first and nothing is written if any row is bad.
public struct CatalogImporter: Sendable {
    public let repository: CatalogRepository
    public let vocabularies: SearchVocabularyCache?
    /// Records per transaction: the writer holds the write lock for one batch (about 50 ms).
    public var batchSize = 1_000

    public init(repository: CatalogRepository, vocabularies: SearchVocabularyCache?) {
        self.repository = repository
        self.vocabularies = vocabularies
    }

    public struct Summary: Sendable {
        public var status: ImportStatus
        public var rows = 0
        public var imported = 0
        public var rejected = 0
        public var warnings = 0
        public var report: [ImportIssue] = []
        public var error: String?
    }

    struct Counters {
        var summary = Summary(status: .running)
        mutating func add(_ issues: [ImportIssue], accepted: Bool) {
            summary.rows += 1
            if accepted { summary.imported += 1 } else { summary.rejected += 1 }
            summary.warnings += issues.filter { $0.severity == .warning }.count
            if summary.report.count < ImportReport.maxEntries { summary.report.append(contentsOf: issues) }
        }
    }

    public func run(_ tenant: Tenant, importID: String, alertPercent: Int = 10) async throws -> Summary {
        guard let record = try await repository.importRecord(tenant, id: importID) else { throw StoreError.notFound("import") }
        guard let vendor = try await repository.vendor(tenant, id: record.vendorID) else {
            try await repository.finishImport(
                tenant, id: importID, status: .failed, rows: 0, imported: 0, rejected: 0, warnings: 0, report: [], error: "vendor not found"
            )
            return Summary(status: .failed, error: "vendor not found")
        }
        try await repository.markImportRunning(importID)
        let bytes = try await repository.importBody(importID)
        var summary: Summary
        if record.strict {
            var check = Counters()
            var reader = CatalogFileReader(defaultCurrency: vendor.vendor.currency)
            try await rows(bytes, record.format, &reader) { batch in
                for (entry, issues) in batch { check.add(issues, accepted: entry != nil) }
            }
            if check.summary.rejected > 0 {
                summary = check.summary
                summary.status = .failed
                summary.imported = 0
                summary.error =
                    "strict import refused: \(check.summary.rejected) bad row\(check.summary.rejected == 1 ? "" : "s"); nothing was written"
            } else {
                summary = try await write(bytes, record, vendor, tenant, alertPercent)
            }
        } else {
            summary = try await write(bytes, record, vendor, tenant, alertPercent)
        }
        if summary.status == .running {
            summary.status = summary.rows == 0 ? .failed : .succeeded
            if summary.rows == 0 { summary.error = "the file has no rows" }
        }
        try await repository.finishImport(
            tenant, id: importID, status: summary.status, rows: summary.rows, imported: summary.imported, rejected: summary.rejected,
            warnings: summary.warnings, report: summary.report, error: summary.error)
        if let vocabularies { await vocabularies.invalidate(tenant) }
        return summary
    }

    /// Reads the file in batches of rows, calling `body` for each batch.
    func rows(
        _ bytes: [UInt8], _ format: CatalogFormat, _ reader: inout CatalogFileReader,
        _ body: ([(CatalogRecord?, [ImportIssue])]) async throws -> Void
    ) async throws {
        switch format {
        case .jsonLines:
            var offset = 0
            var line = 0
            while offset < bytes.count {
                // Read in slices with a yield between them: parsing runs on a thread other tasks share.
                var batch: [(CatalogRecord?, [ImportIssue])] = []
                while offset < bytes.count && batch.count < batchSize {
                    batch += reader.readJSONLines(bytes, offset: &offset, line: &line, limit: min(250, batchSize - batch.count))
                        .map { ($0.record, $0.issues) }
                    await Task.yield()
                }
                if !batch.isEmpty { try await body(batch) }
            }
        case .csv:
            var batch: [(CatalogRecord?, [ImportIssue])] = []
            for (row, object, issues) in CSVCatalog.objects(bytes) {
                if let object {
                    let (record, more) = reader.read(object: object, row: row)
                    batch.append((record, issues + more))
                } else {
                    batch.append((nil, issues))
                }
                if batch.count >= batchSize {
                    try await body(batch)
                    batch = []
                }
            }
            if !batch.isEmpty { try await body(batch) }
        }
    }

    /// Validates and writes; the write of one batch overlaps the parsing of the next.
    func write(
        _ bytes: [UInt8], _ record: ImportRecord, _ vendor: VendorRecord, _ tenant: Tenant, _ alertPercent: Int
    ) async throws
        -> Summary
    {
        var counters = Counters()
        var reader = CatalogFileReader(defaultCurrency: vendor.vendor.currency)
        var pending: Task<BatchOutcome, any Error>?
        // Offers this import has added while it was the only source of the vendor's offers (nil once
        // it is not): while it is, the writer need not look up this file's SKUs, which are unique in it.
        var ownOffers: Int? = 0
        let repository = self.repository
        let importID = record.id
        let source = record.source
        var trace = PhaseTrace()
        try await rows(bytes, record.format, &reader) { batch in
            trace.mark("parse")
            // The rows' text and ids are made here, beside the parsing, not on the writer's core.
            var good: [CatalogWriter.Prepared] = []
            for (entry, issues) in batch {
                counters.add(issues, accepted: entry != nil)
                if let entry { good.append(CatalogWriter.Prepared(entry)) }
            }
            trace.mark("prepare")
            let progress = counters.summary
            if let outcome = try await pending?.value { ownOffers = outcome.onlyOffers ? ownOffers.map { $0 + outcome.newOffers } : nil }
            trace.mark("wait-for-writer")
            let own = ownOffers
            pending = Task {
                try await repository.write(
                    prepared: good, vendor: vendor, tenant: tenant, source: source, alertPercent: alertPercent, ownOffers: own
                ) { tx in
                    try await CatalogRepository.recordProgress(
                        importID, organizationID: tenant.organizationID, rows: progress.rows, imported: progress.imported,
                        rejected: progress.rejected, warnings: progress.warnings, in: tx)
                }
            }
        }
        _ = try await pending?.value
        trace.mark("wait-for-writer")
        trace.report(counters.summary.rows, "reader")
        return counters.summary
    }
}
