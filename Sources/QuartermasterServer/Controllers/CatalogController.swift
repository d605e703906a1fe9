import Foundation
import Hummingbird
import NIOCore
import QuartermasterCore
import QuartermasterStore

/// Vendors, catalog imports, products, search and match.
struct CatalogController: Sendable {
    let catalog: CatalogServices

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("vendors", use: listVendors)
        group.post("vendors", use: createVendor)
        group.get("vendors/{id}", use: getVendor)
        group.patch("vendors/{id}", use: updateVendor)
        group.get("vendors/{id}/feed", use: getFeed)
        group.put("vendors/{id}/feed", use: setFeed)
        group.post("vendors/{id}/feed/run", use: runFeed)
        group.post("catalog/imports", use: createImport)
        group.get("catalog/imports", use: listImports)
        group.get("catalog/imports/{id}", use: getImport)
        group.post("products", use: saveProduct)
        group.get("products/{id}", use: getProduct)
        group.get("products/{id}/price-history", use: priceHistory)
        group.get("search", use: search)
        group.get("search/synonyms", use: getSynonyms)
        group.put("search/synonyms", use: setSynonyms)
        group.post("match", use: match)
    }

    var repository: CatalogRepository { catalog.repository }

    // MARK: Vendors

    @Sendable func listVendors(_ request: Request, context: TenantContext) async throws -> ListDTO<VendorDTO> {
        ListDTO(items: try await repository.vendors(context.tenant).map(VendorDTO.init), next_cursor: nil)
    }

    @Sendable func createVendor(_ request: Request, context: TenantContext) async throws -> EditedResponse<VendorDTO> {
        try context.require(.admin, .buyer)
        let vendor = try await request.decode(as: VendorInput.self, context: context).vendor()
        let record = try await repository.createVendor(context.tenant, vendor)
        return EditedResponse(status: .created, headers: [.location: "/api/v1/vendors/\(record.id)"], response: VendorDTO(record))
    }

    @Sendable func getVendor(_ request: Request, context: TenantContext) async throws -> VendorDTO {
        VendorDTO(try await vendor(context))
    }

    @Sendable func updateVendor(_ request: Request, context: TenantContext) async throws -> VendorDTO {
        try context.require(.admin, .buyer)
        let existing = try await vendor(context)
        let vendor = try await request.decode(as: VendorInput.self, context: context).vendor()
        return VendorDTO(try await repository.updateVendor(context.tenant, id: existing.id, vendor))
    }

    func vendor(_ context: TenantContext, id: String? = nil) async throws -> VendorRecord {
        let id = try id ?? context.parameters.require("id")
        guard let vendor = try await repository.vendor(context.tenant, id: id) else { throw Problem.notFound("vendor") }
        return vendor
    }

    // MARK: Feeds

    @Sendable func getFeed(_ request: Request, context: TenantContext) async throws -> FeedDTO {
        let vendor = try await vendor(context)
        guard let feed = try await repository.feed(context.tenant, vendorID: vendor.id) else { throw Problem.notFound("feed") }
        return FeedDTO(feed)
    }

    @Sendable func setFeed(_ request: Request, context: TenantContext) async throws -> FeedDTO {
        try context.require(.admin, .buyer)
        let vendor = try await vendor(context)
        let input = try await request.decode(as: FeedInput.self, context: context)
        var validator = Validator()
        let url = validator.text("url", input.url, maxLength: 2_000)
        if !url.isEmpty && !(url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("file://") || url.hasPrefix("/")) {
            validator.fail("url", "must be an http(s) URL, a file:// URL or an absolute file path")
        }
        var format = CatalogFormat(fileName: url) ?? .jsonLines
        if let name = input.format {
            if let chosen = CatalogFormat(rawValue: name) { format = chosen } else { validator.fail("format", "must be jsonl or csv") }
        }
        let interval = input.interval_minutes ?? 60
        if !(5...10_080).contains(interval) { validator.fail("interval_minutes", "must be 5 to 10080 (a week)") }
        let alert = input.price_alert_percent ?? 10
        if !(1...1_000).contains(alert) { validator.fail("price_alert_percent", "must be 1 to 1000") }
        try validator.check()
        return FeedDTO(
            try await repository.setFeed(
                context.tenant, vendorID: vendor.id, url: url, format: format, intervalMinutes: interval, priceAlertPercent: alert,
                enabled: input.enabled ?? true))
    }

    @Sendable func runFeed(_ request: Request, context: TenantContext) async throws -> EditedResponse<ImportDTO> {
        try context.require(.admin, .buyer)
        let vendor = try await vendor(context)
        guard let feed = try await repository.feed(context.tenant, vendorID: vendor.id) else { throw Problem.notFound("feed") }
        let record: ImportRecord
        do {
            record = try await catalog.pullFeed(context.tenant, feed: feed)
        } catch let error as Problem {
            throw error
        } catch {
            throw Problem(
                status: .badGateway, slug: "feed-unreachable", title: "Feed could not be fetched",
                detail: "the feed at \(feed.url.prefix(200)) could not be read: \(String(describing: error).prefix(300))")
        }
        return EditedResponse(status: .accepted, headers: [.location: "/api/v1/catalog/imports/\(record.id)"], response: ImportDTO(record))
    }

    // MARK: Imports

    @Sendable func createImport(_ request: Request, context: TenantContext) async throws -> EditedResponse<ImportDTO> {
        try context.require(.admin, .buyer)
        guard let vendorID = request.uri.queryParameters.get("vendor"), !vendorID.isEmpty else {
            throw Problem.validation([FieldError(field: "vendor", message: "is required: ?vendor={vendor id}")])
        }
        let vendor = try await vendor(context, id: vendorID)
        let mediaType = request.headers[.contentType] ?? ""
        guard
            let format = request.uri.queryParameters.get("format").flatMap(CatalogFormat.init(rawValue:))
                ?? CatalogFormat(mediaType: mediaType)
        else {
            throw Problem(
                status: .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported media type",
                detail: "send JSON Lines (application/x-ndjson) or CSV (text/csv), not '\(mediaType.prefix(80))'")
        }
        let strictText = request.uri.queryParameters.get("strict")?.lowercased()
        let strict = strictText == "true" || strictText == "1"
        let buffer = try await request.collectBody(context: context)
        guard buffer.readableBytes > 0 else { throw Problem.badRequest("the file is empty") }
        let record = try await repository.createImport(
            context.tenant, vendorID: vendor.id, format: format, strict: strict, source: "api", body: Array(buffer.readableBytesView),
            createdBy: context.principal.userID, jobKind: CatalogJobs.importKind)
        catalog.wake.signal()
        return EditedResponse(status: .accepted, headers: [.location: "/api/v1/catalog/imports/\(record.id)"], response: ImportDTO(record))
    }

    @Sendable func listImports(_ request: Request, context: TenantContext) async throws -> ListDTO<ImportDTO> {
        ListDTO(items: try await repository.imports(context.tenant).map(ImportDTO.init), next_cursor: nil)
    }

    @Sendable func getImport(_ request: Request, context: TenantContext) async throws -> ImportDTO {
        let id = try context.parameters.require("id")
        guard let record = try await repository.importRecord(context.tenant, id: id) else { throw Problem.notFound("import") }
        return ImportDTO(record)
    }

    // MARK: Products

    /// Adds or edits one product and its offer at one vendor: `{"vendor_id", "record": {…import record…}}`.
    @Sendable func saveProduct(_ request: Request, context: TenantContext) async throws -> EditedResponse<ProductDTO> {
        try context.require(.admin, .buyer)
        let buffer = try await request.collectBody(context: context)
        let body: JSONValue
        do {
            body = try JSONReader.parse(buffer.readableBytesView)
        } catch {
            throw Problem.badRequest("the request body is not valid JSON: \(error.description)")
        }
        guard case .object(let members) = body else { throw Problem.badRequest("the request body must be a JSON object") }
        let unknown = members.map(\.key).filter { $0 != "vendor_id" && $0 != "record" }
        if !unknown.isEmpty {
            throw Problem.badRequest(
                "unknown fields: \(unknown.joined(separator: ", "))",
                errors: unknown.map { FieldError(field: $0, message: "is not a known field") })
        }
        guard let vendorID = body["vendor_id"]?.stringValue else {
            throw Problem.validation([FieldError(field: "vendor_id", message: "is required")])
        }
        guard let object = body["record"], case .object = object else {
            throw Problem.validation([FieldError(field: "record", message: "is required: the product as an import record object")])
        }
        let vendor = try await vendor(context, id: vendorID)
        var reader = CatalogFileReader(defaultCurrency: vendor.vendor.currency)
        let (record, issues) = reader.read(object: object, row: 1)
        guard let record else {
            throw Problem.validation(issues.filter { $0.severity == .error }.map { FieldError(field: $0.field, message: $0.problem) })
        }
        let outcome = try await repository.write([record], vendor: vendor, tenant: context.tenant, source: "form")
        await catalog.vocabularies.invalidate(context.tenant)
        guard let id = outcome.productIDs.first, let product = try await repository.product(context.tenant, id: id) else {
            throw Problem.notFound("product")
        }
        return EditedResponse(
            status: outcome.newOffers > 0 ? .created : .ok, headers: [.location: "/api/v1/products/\(id)"], response: ProductDTO(product))
    }

    @Sendable func getProduct(_ request: Request, context: TenantContext) async throws -> ProductDTO {
        let id = try context.parameters.require("id")
        guard let product = try await repository.product(context.tenant, id: id) else { throw Problem.notFound("product") }
        return ProductDTO(product)
    }

    @Sendable func priceHistory(_ request: Request, context: TenantContext) async throws -> ListDTO<PriceHistoryDTO> {
        let id = try context.parameters.require("id")
        guard try await repository.product(context.tenant, id: id) != nil else { throw Problem.notFound("product") }
        let entries = try await repository.priceHistory(context.tenant, productID: id)
        return ListDTO(
            items: entries.map {
                PriceHistoryDTO(
                    offer_id: $0.offerID, sku: $0.vendorSKU, price: $0.price.decimal, currency: $0.currency, stock: $0.stock,
                    source: $0.source,
                    recorded_at: Instant.iso8601($0.recordedAt))
            }, next_cursor: nil)
    }

    // MARK: Search and match

    @Sendable func search(_ request: Request, context: TenantContext) async throws -> SearchDTO {
        let started = ContinuousClock.now
        let query = FormQuery(request.uri.query)
        let text = query.get("q") ?? ""
        var search = SearchRequest(text: String(text.prefix(4_000)))
        var errors: [FieldError] = []
        search.category = query.get("category")
        search.brand = query.get("brand")
        search.vendorID = query.get("vendor")
        func money(_ key: String) -> FixedDecimal? {
            guard let raw = query.get(key), !raw.isEmpty else { return nil }
            guard let value = FixedDecimal(parsing: raw), value >= .zero else {
                errors.append(FieldError(field: key, message: "must be a non-negative amount"))
                return nil
            }
            return value
        }
        search.minPrice = money("min_price")
        search.maxPrice = money("max_price")
        search.inStock = ["true", "1", "yes"].contains(query.get("in_stock")?.lowercased() ?? "")
        if let sort = query.get("sort"), !sort.isEmpty {
            if let value = SearchRequest.Sort(rawValue: sort) {
                search.sort = value
            } else {
                errors.append(FieldError(field: "sort", message: "must be relevance, price_asc, price_desc or title"))
            }
        }
        search.limit = min(max(Int(query.get("limit") ?? "") ?? 20, 1), 100)
        search.offset = min(max(Int(query.get("offset") ?? "") ?? 0, 0), CatalogSearch.facetWindow)
        for (key, value) in query.pairs where key.lowercased().hasPrefix("spec.") {
            if let filter = SpecFilter.parse(queryKey: key, value: value) {
                search.filters.append(filter)
            } else {
                errors.append(FieldError(field: String(key), message: "is not a readable spec filter"))
            }
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
        let response = try await catalog.search.search(context.tenant, search)
        return SearchDTO(
            query: text, total: response.total, relaxed: response.relaxed, corrections: response.corrections, ignored: response.ignored,
            results: response.items.map { item in
                let offers = item.offers.map(OfferDTO.init)
                let best = item.offers.first(where: { ($0.terms.stock ?? 1) > 0 }) ?? item.offers.first
                return SearchResultDTO(
                    product_id: item.productID, title: item.title, brand: item.brand, category: item.category, image: item.image,
                    score: item.score,
                    specs: .object(item.specs), best_offer: best.map(OfferDTO.init), offers: offers)
            },
            facets: response.facets.mapValues { $0.map { FacetDTO(value: $0.value, label: $0.label, count: $0.count) } },
            took_ms: started.milliseconds)
    }

    @Sendable func match(_ request: Request, context: TenantContext) async throws -> MatchDTO {
        let started = ContinuousClock.now
        let input = try await request.decode(as: MatchInput.self, context: context)
        var validator = Validator()
        let text = validator.text("text", input.text, maxLength: 2_000)
        let limit = input.limit ?? 5
        if !(1...50).contains(limit) { validator.fail("limit", "must be 1 to 50") }
        try validator.check()
        let (requirement, results, rejected) = try await catalog.match(context.tenant, text: text, limit: limit)
        return MatchDTO(
            text: text,
            requirement: RequirementDTO(
                keywords: requirement.keywords, colors: requirement.colors, max_unit_price: requirement.maxUnitPrice?.decimal,
                currency: requirement.currency?.code, quantity: requirement.quantity, pack_size: requirement.packSize,
                pack_unit: requirement.packUnit?.code, filters: requirement.filters.map { "spec.\($0.key)\($0.op.rawValue)\($0.value)" }),
            candidates: results.map { result in
                MatchCandidateDTO(
                    product_id: result.productID, sku: result.offer.vendorSKU, title: result.title, vendor: result.offer.vendorName,
                    vendor_id: result.offer.vendorID,
                    variant: .init(
                        id: result.variant.id, sku: result.variant.sku,
                        options: Dictionary(result.variant.options.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })),
                    unit_price: result.offer.terms.unitPrice(forQuantity: requirement.quantity ?? 1).decimal,
                    currency: result.offer.terms.currency.code, unit: result.offer.terms.unit.code, pack_size: result.offer.terms.packSize,
                    base_unit_price: result.offer.terms.baseUnitPrice.decimal, stock: result.offer.terms.stock,
                    lead_time_days: result.offer.terms.leadTimeDays, score: result.score, reasons: result.reasons)
            },
            rejected: rejected.prefix(20).map { RejectionDTO(product_id: $0.productID, title: $0.title, reason: $0.reason) },
            took_ms: started.milliseconds)
    }

    @Sendable func getSynonyms(_ request: Request, context: TenantContext) async throws -> SynonymsDTO {
        SynonymsDTO(rules: try await repository.synonymRules(context.tenant) ?? [], defaults: SynonymTable.defaultRules)
    }

    @Sendable func setSynonyms(_ request: Request, context: TenantContext) async throws -> SynonymsDTO {
        try context.require(.admin, .buyer)
        let input = try await request.decode(as: SynonymsInput.self, context: context)
        var validator = Validator()
        let rules = input.rules ?? []
        if input.rules == nil { validator.fail("rules", "is required") }
        if rules.count > 2_000 { validator.fail("rules", "at most 2000 rules") }
        for (index, rule) in rules.enumerated() {
            let sides = rule.components(separatedBy: "=>")
            if sides.count != 2 || SearchText.tokens(sides[0]).isEmpty || SearchText.tokens(sides[1]).isEmpty || rule.count > 500 {
                validator.fail("rules[\(index)]", "must read 'word, other words => replacement'")
            }
        }
        try validator.check()
        try await repository.setSynonymRules(context.tenant, rules)
        await catalog.vocabularies.invalidate(context.tenant)
        return SynonymsDTO(rules: rules, defaults: SynonymTable.defaultRules)
    }
}

/// A query string read as HTML forms write it: `+` is a space, then percent-decoding.
struct FormQuery {
    let pairs: [(String, String)]

    init(_ raw: String?) {
        func decode(_ text: Substring) -> String {
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        pairs = (raw ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    func get(_ key: String) -> String? { pairs.first(where: { $0.0 == key })?.1 }
}

extension ContinuousClock.Instant {
    /// Milliseconds since this instant, to a tenth.
    var milliseconds: Double {
        ((ContinuousClock.now - self).inMilliseconds * 10).rounded() / 10
    }
}
