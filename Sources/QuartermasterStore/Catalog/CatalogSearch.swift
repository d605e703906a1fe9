import QuartermasterCore
import SQLKit
import Synchronization

public struct SearchRequest: Sendable, Hashable {
    public enum Sort: String, Sendable, Hashable, CaseIterable {
        case relevance
        case priceAscending = "price_asc"
        case priceDescending = "price_desc"
        case title
    }
    public var text: String
    public var filters: [SpecFilter] = []
    public var category: String?
    public var brand: String?
    public var vendorID: String?
    /// Per base unit (a ream, a pen), in the offer's currency.
    public var minPrice: FixedDecimal?
    public var maxPrice: FixedDecimal?
    public var inStock = false
    public var sort: Sort = .relevance
    public var limit = 20
    public var offset = 0

    public init(text: String) { self.text = text }

    /// Narrowed by more than its words: spec filters, category, brand, vendor, price or stock.
    public var isFiltered: Bool { !filters.isEmpty || filtersProducts }

    /// Narrowed by what only a product's row says: category, brand, vendor, price or stock.
    public var filtersProducts: Bool {
        !(category ?? "").isEmpty || !(brand ?? "").isEmpty || !(vendorID ?? "").isEmpty || minPrice != nil || maxPrice != nil
            || inStock
    }
}

public struct FacetValue: Sendable, Hashable {
    public var value: String
    public var label: String
    public var count: Int
}

public struct SearchResultItem: Sendable, Hashable {
    public var productID: String
    public var title: String
    public var brand: String?
    public var category: [String]
    public var image: String?
    public var specs: [JSONMember]
    public var score: Double
    /// The cheapest offer per vendor (per base unit), cheapest first.
    public var offers: [OfferRecord]
}

public struct SearchResponse: Sendable {
    public var total: Int
    public var items: [SearchResultItem]
    public var facets: [String: [FacetValue]]
    public var corrections: [String: String]
    /// True when no product had every word, so products with some of them are shown.
    public var relaxed: Bool
    public var ignored: [String]
}

/// One hit of the text query, before the page's details are loaded.
struct SearchHit {
    let id: String
    let categoryPath: String
    let brand: String?
    let vendorIDs: String
    var score: Double
}

/// Full-text search over the catalog: FTS5 with bm25 on SQLite, a weighted `tsvector` with
/// `ts_rank_cd` on PostgreSQL; filters in SQL; facets over the best `facetWindow` hits; an optional
/// blend with embedding similarity for the first `rerankWindow` hits.
public struct CatalogSearch: Sendable {
    public let store: Store
    public let vocabularies: SearchVocabularyCache
    public let embedder: (any Embedder)?
    /// Products as the matcher reads them, kept between requests.
    let products = MatchProductCache()
    public static let facetWindow = 500
    /// PostgreSQL reports an unfiltered text query's total above this as this (its count stops early);
    /// SQLite counts every match in the ranking pass.
    public static let countLimit = 10_000
    public static let rerankWindow = 100
    /// Weight of the embedding similarity in the blended score.
    public static let vectorWeight = 0.3

    public init(store: Store, vocabularies: SearchVocabularyCache, embedder: (any Embedder)?) {
        self.store = store
        self.vocabularies = vocabularies
        self.embedder = embedder
    }

    public func plan(_ tenant: Tenant, tokens: [String]) async throws -> SearchPlan {
        let vocabulary = try await vocabularies.vocabulary(for: tenant, store: store)
        let synonyms = try await vocabularies.synonyms(for: tenant, store: store)
        return SearchPlan(tokens: tokens, synonyms: synonyms, vocabulary: vocabulary)
    }

    public func search(_ tenant: Tenant, _ request: SearchRequest) async throws -> SearchResponse {
        let parsed = ParsedSearch(String(request.text.prefix(4_000)))
        var request = request
        request.filters += parsed.filters
        var trace = PhaseTrace(enabled: PhaseTrace.searching)
        let plan = try await plan(tenant, tokens: parsed.tokens)
        trace.mark("plan")
        var relaxed = false
        var (hits, total) = try await hitsAndTotal(tenant, plan.strict, request)
        trace.mark("text")
        for loose in plan.relaxations where hits.isEmpty {
            (hits, total) = try await hitsAndTotal(tenant, loose, request)
            relaxed = !hits.isEmpty
            trace.mark("relaxed")
        }
        if request.sort == .relevance, plan.strict != nil, let embedder, !hits.isEmpty {
            hits = try await rerank(hits, query: plan.keywords.joined(separator: " "), embedder: embedder)
            trace.mark("rerank")
        }
        let facets = try await self.facets(tenant, hits)
        trace.mark("facets")
        let offset = max(0, min(request.offset, hits.count))
        let page = Array(hits[offset..<min(hits.count, offset + max(1, min(request.limit, 100)))])
        let items = try await details(tenant, page)
        trace.mark("details")
        trace.report(hits.count, "search \(request.text.prefix(60))")
        return SearchResponse(
            total: total, items: items, facets: facets, corrections: plan.corrections, relaxed: relaxed, ignored: parsed.ignored)
    }

    // MARK: Text query

    /// The best `facetWindow` hits and how many match in all. On SQLite, a relevance query ranks every
    /// match with `qm_rank`, so the count comes from that same pass (`qm_ranked()`). On PostgreSQL, a
    /// filtered text query ranks and counts in one pass (its JSON filters would cost as much again in a
    /// second, counting query); an unfiltered one counts separately, up to `countLimit`: a common word
    /// matches so much of the catalog that counting every match would cost more than the ranking.
    func hitsAndTotal(_ tenant: Tenant, _ query: TextQuery?, _ request: SearchRequest) async throws -> (hits: [SearchHit], total: Int) {
        if let query, request.sort == .relevance {
            if store.database.dialect == .sqlite {
                let (hits, ranked) = try await textHits(tenant, query, request, limit: Self.facetWindow, counting: true)
                return (hits, ranked ?? hits.count)
            }
            if request.isFiltered { return try await rankedAndCounted(tenant, query, request, limit: Self.facetWindow) }
        }
        let hits = try await textHits(tenant, query, request, limit: Self.facetWindow).hits
        return (hits, hits.count >= Self.facetWindow ? try await count(tenant, query, request) : hits.count)
    }

    /// PostgreSQL: ranks every match once (only its product number and score kept), counts them, and
    /// reads the products of the best `limit`.
    func rankedAndCounted(
        _ tenant: Tenant, _ query: TextQuery, _ request: SearchRequest, limit: Int
    ) async throws
        -> (hits: [SearchHit], total: Int)
    {
        let dialect = store.database.dialect
        let matched = matches(tenant, query, request, columns: "p.seq AS seq", ranked: true)
        let rest = SQLQueryString(
            """
            ) SELECT p.id, p.category_path, p.brand, p.vendor_ids, m.rank, m.total
            FROM (SELECT seq, rank, count(*) OVER () AS total FROM matched m ORDER BY m.rank DESC LIMIT \(literal: limit)) m
            JOIN products p ON p.seq = m.seq WHERE p.org_id = \(bind: tenant.organizationID) ORDER BY m.rank DESC
            """)
        let rows = try await store.read { sql in
            try await sql.raw(SQLQueryString("WITH matched AS MATERIALIZED (") + matched + rest).all()
        }
        return (try rows.map { try hit($0, dialect) }, try rows.first?.decode(column: "total", as: Int.self) ?? 0)
    }

    /// `SELECT columns, <text score> AS rank FROM <matches> WHERE <match> AND `, for the filters to follow;
    /// without `ranked`, no score (a count needs none, and scoring is most of a match's cost).
    /// SQLite: bm25 with column weights title, brand, attributes, category, bullets, description; CROSS
    /// JOIN keeps the full-text index first (walking the organisation's products and probing the index
    /// for each costs a hundred times more at 100,000 products, and SQLite's planner picks it with
    /// filters). PostgreSQL: `ts_rank_cd` over the weighted `tsvector`.
    func textMatch(_ query: TextQuery, columns: String, ranked: Bool = true, dialect: DatabaseDialect) -> SQLQueryString {
        dialect == .sqlite
            ? SQLQueryString(
                """
                SELECT \(unsafeRaw: columns)\(ranked ? Self.rank(query) : "")
                FROM product_fts CROSS JOIN products p ON p.seq = product_fts.rowid
                WHERE product_fts MATCH \(bind: query.fts5) AND\u{20}
                """)
            : SQLQueryString(
                """
                SELECT \(unsafeRaw: columns)\(unsafeRaw: ranked ? ", ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', p.search, q, 1) AS rank" : "")
                FROM products p, to_tsquery('english', \(bind: query.tsquery)) q
                WHERE p.search @@ q AND\u{20}
                """)
    }

    /// `, <bm25 score> AS rank` of a SQLite full-text query (see `SQLiteRanking`).
    static func rank(_ query: TextQuery) -> SQLQueryString {
        let phrases = query.phrases.joined(separator: String(SQLiteRanking.separator))
        return ", \(unsafeRaw: SQLiteRanking.functionName)(product_fts, \(bind: phrases)) AS rank"
    }

    func hit(_ row: any SQLRow, _ dialect: DatabaseDialect) throws -> SearchHit {
        let rank = try row.decode(column: "rank", as: Double.self)
        return SearchHit(
            id: try row.decode(column: "id", as: String.self), categoryPath: try row.decode(column: "category_path", as: String.self),
            brand: try row.decode(column: "brand", as: String?.self), vendorIDs: try row.decode(column: "vendor_ids", as: String.self),
            score: dialect == .sqlite ? -rank : rank)
    }

    /// The organisation and the request's filters; `seq` is the statement's SQL for a product's number
    /// (SQLite's spec filters are sets of product numbers read from `product_specs`).
    func whereClause(_ tenant: Tenant, _ request: SearchRequest, dialect: DatabaseDialect, seq: String) -> SQLQueryString {
        var clause = SQLQueryString("p.org_id = \(bind: tenant.organizationID)")
        if let category = request.category, !category.isEmpty {
            clause =
                clause
                + SQLQueryString(
                    " AND (p.category_path = \(bind: category) OR p.category_top = \(bind: category) OR p.category_path LIKE \(bind: Self.likePrefix(category) + " > %") ESCAPE '\\')"
                )
        }
        if let brand = request.brand, !brand.isEmpty {
            clause = clause + SQLQueryString(" AND lower(p.brand) = \(bind: brand.lowercased())")
        }
        if let vendor = request.vendorID, !vendor.isEmpty {
            clause =
                clause + SQLQueryString(" AND (',' || p.vendor_ids || ',') LIKE \(bind: "%," + Self.likePrefix(vendor) + ",%") ESCAPE '\\'")
        }
        if let minimum = request.minPrice { clause = clause + SQLQueryString(" AND p.min_price >= \(bind: minimum.units)") }
        if let maximum = request.maxPrice { clause = clause + SQLQueryString(" AND p.min_price <= \(bind: maximum.units)") }
        if request.inStock { clause = clause + SQLQueryString(" AND p.in_stock = 1") }
        for condition in Self.specConditions(request, dialect: dialect, seq: seq) {
            clause = clause + SQLQueryString(" AND ") + condition
        }
        return clause
    }

    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
            of: "_", with: "\\_")
    }

    /// At most 20 spec filters: SQLite's through its spec index, PostgreSQL's on the `jsonb` specs.
    static func specConditions(_ request: SearchRequest, dialect: DatabaseDialect, seq: String) -> [SQLQueryString] {
        request.filters.prefix(20).map { dialect == .sqlite ? SpecIndex.condition($0, seq: seq) : postgresSpecCondition($0) }
    }

    /// The spec key is checked to be `[a-z0-9_]` by `SpecFilter`, so it may be written into the path.
    static func postgresSpecCondition(_ filter: SpecFilter) -> SQLQueryString {
        let key = filter.key
        let lowered = filter.value.lowercased()
        let elements =
            "CASE WHEN jsonb_typeof(p.specs -> '\(key)') = 'array' THEN p.specs -> '\(key)' ELSE jsonb_build_array(p.specs -> '\(key)') END"
        var condition: SQLQueryString
        switch filter.op {
        case .equal, .notEqual:
            if lowered == "true" || lowered == "false" {
                // A product without the spec is not equal, so passes "!=" (as on SQLite): never NULL.
                condition = SQLQueryString("coalesce(p.specs -> '\(unsafeRaw: key)' = '\(unsafeRaw: lowered)'::jsonb, false)")
            } else if let number = filter.numeric {
                condition = SQLQueryString(
                    "EXISTS (SELECT 1 FROM jsonb_array_elements(\(unsafeRaw: elements)) e WHERE (jsonb_typeof(e) = 'number' AND (e #>> '{}')::numeric = \(bind: number)) OR lower(e #>> '{}') = \(bind: lowered))"
                )
            } else {
                condition = SQLQueryString(
                    "EXISTS (SELECT 1 FROM jsonb_array_elements_text(\(unsafeRaw: elements)) e WHERE lower(e) = \(bind: lowered))")
            }
            if filter.op == .notEqual { condition = SQLQueryString("NOT (") + condition + SQLQueryString(")") }
            return condition
        case .greaterOrEqual, .lessOrEqual, .greater, .less:
            return SQLQueryString(
                "(jsonb_typeof(p.specs -> '\(unsafeRaw: key)') = 'number' AND (p.specs ->> '\(unsafeRaw: key)')::numeric \(unsafeRaw: filter.op.rawValue) \(bind: filter.numeric ?? 0))"
            )
        }
    }

    func orderClause(_ sort: SearchRequest.Sort, hasText: Bool, dialect: DatabaseDialect) -> String {
        switch sort {
        case .relevance: hasText ? (dialect == .sqlite ? "rank" : "rank DESC") : "p.title"
        case .priceAscending: "p.min_price ASC NULLS LAST, p.title"
        case .priceDescending: "p.min_price DESC NULLS LAST, p.title"
        case .title: "p.title"
        }
    }

    /// `SELECT columns[, rank] FROM …` the products that match the text (all when there is none) and
    /// the filters, for an ORDER BY or a count to follow.
    func matches(_ tenant: Tenant, _ query: TextQuery?, _ request: SearchRequest, columns: String, ranked: Bool) -> SQLQueryString {
        let dialect = store.database.dialect
        if let query {
            return textMatch(query, columns: columns, ranked: ranked, dialect: dialect)
                + whereClause(tenant, request, dialect: dialect, seq: "+product_fts.rowid")
        }
        return SQLQueryString("SELECT \(unsafeRaw: columns)\(unsafeRaw: ranked ? ", 0.0 AS rank" : "") FROM products p WHERE ")
            + whereClause(tenant, request, dialect: dialect, seq: "p.seq")
    }

    /// The best `limit` hits in the request's order: in the full-text and spec indexes alone when the
    /// organisation owns every product (`IndexOnlyQuery`). With `counting` (SQLite, by relevance), also
    /// how many rows `qm_rank` ranked to find them: every row that passed the query's conditions, as
    /// ordering by rank ranks them all.
    func textHits(
        _ tenant: Tenant, _ query: TextQuery?, _ request: SearchRequest, limit: Int, counting: Bool = false
    ) async throws
        -> (hits: [SearchHit], ranked: Int?)
    {
        let dialect = store.database.dialect
        let order = orderClause(request.sort, hasText: query != nil, dialect: dialect)
        let columns = "p.id, p.category_path, p.brand, p.vendor_ids"
        let general =
            matches(tenant, query, request, columns: columns, ranked: true)
            + SQLQueryString(" ORDER BY \(unsafeRaw: order) LIMIT \(literal: limit)")
        let direct = query.flatMap { self.indexOnly($0, request, dialect: dialect) }
        let (rows, ranked) = try await store.read { sql in
            var statement = general
            if let direct, try await Self.ownsEveryProduct(tenant, sql) {
                statement = direct.ranked(limit: limit, organizationID: tenant.organizationID)
            }
            let rows = try await sql.raw(statement).all()
            guard counting else { return (rows, Int?.none) }
            // Fewer rows than the limit are every match (and an empty result ranked nothing, so the
            // counter would be another query's).
            guard rows.count >= limit else { return (rows, rows.count) }
            let ranked = try await sql.raw("SELECT \(unsafeRaw: SQLiteRanking.countName)() AS n").first()?.decode(column: "n", as: Int.self)
            return (rows, max(rows.count, ranked ?? 0))
        }
        return (try rows.map { try hit($0, dialect) }, ranked)
    }

    /// A text query that the SQLite full-text index and spec index answer alone: ranked by relevance,
    /// filtered on specs at most, for when the organisation owns every product in the file (a
    /// self-hosted instance's usual case). bm25 then ranks and counts inside the index, and only the
    /// best `limit` products are read, instead of one `products` row per match (most of a common
    /// word's cost at 100,000 products).
    struct IndexOnlyQuery {
        let query: TextQuery
        let specs: [SQLQueryString]

        /// `SELECT columns FROM` the full-text matches that pass the spec filters.
        func matching(_ columns: SQLQueryString) -> SQLQueryString {
            specs.reduce(SQLQueryString("SELECT ") + columns + " FROM product_fts WHERE product_fts MATCH \(bind: query.fts5)") {
                $0 + SQLQueryString(" AND ") + $1
            }
        }

        /// Each match's product number and score.
        var matched: SQLQueryString { matching(SQLQueryString("rowid AS seq") + CatalogSearch.rank(query)) }

        /// The best `limit` products, read with the organisation checked again: a product of another
        /// organisation written since `ownsEveryProduct` looked leaves the page short, never on it.
        func ranked(limit: Int, organizationID: String) -> SQLQueryString {
            SQLQueryString("SELECT p.id, p.category_path, p.brand, p.vendor_ids, m.rank FROM (") + matched
                + SQLQueryString(
                    " ORDER BY rank LIMIT \(literal: limit)) m CROSS JOIN products p ON p.seq = m.seq WHERE p.org_id = \(bind: organizationID) ORDER BY m.rank"
                )
        }
    }

    func indexOnly(_ query: TextQuery, _ request: SearchRequest, dialect: DatabaseDialect) -> IndexOnlyQuery? {
        guard dialect == .sqlite, request.sort == .relevance, !request.filtersProducts else { return nil }
        return IndexOnlyQuery(query: query, specs: Self.specConditions(request, dialect: dialect, seq: "+rowid"))
    }

    /// Whether every product in the database belongs to this organisation: the lowest and highest
    /// organisation id of `products` (two index seeks) are both its own.
    static func ownsEveryProduct(_ tenant: Tenant, _ sql: any SQLDatabase) async throws -> Bool {
        let row = try await sql.raw(
            """
            SELECT (SELECT org_id FROM products ORDER BY org_id LIMIT 1) AS lowest,
                (SELECT org_id FROM products ORDER BY org_id DESC LIMIT 1) AS highest
            """
        ).first()
        let lowest = try row?.decode(column: "lowest", as: String?.self)
        let highest = try row?.decode(column: "highest", as: String?.self)
        return lowest == tenant.organizationID && highest == tenant.organizationID
    }

    func count(_ tenant: Tenant, _ query: TextQuery?, _ request: SearchRequest) async throws -> Int {
        let matches = matches(tenant, query, request, columns: "1", ranked: false)
        let counted =
            SQLQueryString("SELECT count(*) AS n FROM (") + matches + SQLQueryString(" LIMIT \(literal: Self.countLimit)) counted")
        return try await store.read { sql in try await sql.raw(counted).first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    /// Blends the text score with embedding similarity for the first hits.
    func rerank(_ hits: [SearchHit], query: String, embedder: any Embedder) async throws -> [SearchHit] {
        let window = Array(hits.prefix(Self.rerankWindow))
        guard let queryVector = try await embedder.embed([query]).first, !queryVector.isEmpty else { return hits }
        let model = embedder.model
        let ids = window.map(\.id)
        let rows = try await store.read { sql in
            try await sql.raw(
                "SELECT product_id, vector FROM product_embeddings WHERE model = \(bind: model) AND product_id IN (\(binds: ids))"
            )
            .all()
        }
        var vectors: [String: [Float]] = [:]
        for row in rows {
            if let bytes = Base64.decode(try row.decode(column: "vector", as: String.self)) {
                vectors[try row.decode(column: "product_id", as: String.self)] = VectorMath.vector(bytes)
            }
        }
        guard !vectors.isEmpty else { return hits }
        let best = max(window.map(\.score).max() ?? 1, 1e-9)
        var blended = window.map { hit -> SearchHit in
            var hit = hit
            let similarity = vectors[hit.id].map { Double(VectorMath.cosine(queryVector, $0)) } ?? 0
            hit.score = (1 - Self.vectorWeight) * (hit.score / best) + Self.vectorWeight * max(0, similarity)
            return hit
        }
        blended.sort { $0.score > $1.score }
        return blended + hits.dropFirst(window.count)
    }

    func facets(_ tenant: Tenant, _ hits: [SearchHit]) async throws -> [String: [FacetValue]] {
        var categories: [String: Int] = [:]
        var brands: [String: Int] = [:]
        var vendors: [String: Int] = [:]
        for hit in hits {
            categories[hit.categoryPath, default: 0] += 1
            if let brand = hit.brand { brands[brand, default: 0] += 1 }
            for vendor in hit.vendorIDs.split(separator: ",") { vendors[String(vendor), default: 0] += 1 }
        }
        let names = try await store.read { sql in
            try await sql.raw("SELECT id, name FROM vendors WHERE org_id = \(bind: tenant.organizationID)").all()
        }.reduce(into: [String: String]()) {
            $0[try $1.decode(column: "id", as: String.self)] = try $1.decode(column: "name", as: String.self)
        }
        func top(_ counts: [String: Int], label: (String) -> String = { $0 }) -> [FacetValue] {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(25).map {
                FacetValue(value: $0.key, label: label($0.key), count: $0.value)
            }
        }
        return [
            "category": top(categories), "brand": top(brands), "vendor": top(vendors) { names[$0] ?? $0 },
        ]
    }

    func details(_ tenant: Tenant, _ page: [SearchHit]) async throws -> [SearchResultItem] {
        guard !page.isEmpty else { return [] }
        let dialect = store.database.dialect
        let ids = page.map(\.id)
        let (productRows, offers) = try await store.read { sql in
            let products = try await sql.raw(
                """
                SELECT id, title, brand, category, images, \(unsafeRaw: dialect == .postgres ? "specs::text AS specs" : "specs")
                FROM products WHERE id IN (\(binds: ids))
                """
            ).all()
            return (products, try await OfferRecord.load(forProducts: ids, sql))
        }
        var products: [String: any SQLRow] = [:]
        for row in productRows { products[try row.decode(column: "id", as: String.self)] = row }
        var offersByProduct: [String: [OfferRecord]] = [:]
        for offer in offers { offersByProduct[offer.productID, default: []].append(offer) }
        return try page.compactMap { hit in
            guard let row = products[hit.id] else { return nil }
            var perVendor: [OfferRecord] = []
            var seen = Set<String>()
            for offer in offersByProduct[hit.id] ?? [] where seen.insert(offer.vendorID).inserted { perVendor.append(offer) }
            return SearchResultItem(
                productID: hit.id, title: try row.decode(column: "title", as: String.self),
                brand: try row.decode(column: "brand", as: String?.self),
                category: CatalogRepository.strings(try row.decode(column: "category", as: String.self)),
                image: CatalogRepository.strings(try row.decode(column: "images", as: String.self)).first,
                specs: CatalogRepository.members(try row.decode(column: "specs", as: String.self)),
                score: (hit.score * 1_000).rounded() / 1_000,
                offers: perVendor)
        }
    }

    // MARK: Match

    /// Candidates for a requirement: every descriptive word if possible, else any of them; each with its
    /// variants and offers, for `Matcher` to judge.
    public func candidates(_ tenant: Tenant, _ requirement: Requirement, window: Int = 40) async throws -> [MatchCandidate] {
        try await candidates(tenant, [requirement], window: window)[0]
    }

    /// Candidates for several requirements (a request's lines): the text searches one by one, then
    /// the products, variants and offers of all of them in one read.
    public func candidates(_ tenant: Tenant, _ requirements: [Requirement], window: Int = 40) async throws -> [[MatchCandidate]] {
        var trace = PhaseTrace(enabled: PhaseTrace.searching)
        var hitsPerRequirement: [[SearchHit]] = []
        for requirement in requirements {
            let plan = try await plan(tenant, tokens: requirement.keywords)
            var request = SearchRequest(text: "")
            request.filters = requirement.filters
            var hits = try await textHits(tenant, plan.strict, request, limit: window).hits
            for loose in plan.relaxations where hits.count < window / 4 {
                let more = try await textHits(tenant, loose, request, limit: window).hits
                let known = Set(hits.map(\.id))
                hits += more.filter { !known.contains($0.id) }
            }
            hitsPerRequirement.append(hits)
            trace.mark("text")
        }
        var seen = Set<String>()
        let ids = hitsPerRequirement.joined().map(\.id).filter { seen.insert($0).inserted }
        guard !ids.isEmpty else { return requirements.map { _ in [] } }
        let dialect = store.database.dialect
        let cache = self.products
        let loaded = try await store.read { sql in
            try await cache.load(ids, organizationID: tenant.organizationID, dialect: dialect, sql)
        }
        trace.mark("products")
        trace.report(ids.count, "match \(requirements.first?.keywords.joined(separator: " ") ?? "")")
        return hitsPerRequirement.map { hits in
            let best = max(hits.map(\.score).max() ?? 1, 1e-9)
            return hits.compactMap { hit in
                guard let product = loaded[hit.id] else { return nil }
                return MatchCandidate(
                    productID: hit.id, title: product.title, brand: product.brand, category: product.category,
                    attributes: product.attributes, bulletPoints: product.bulletPoints, specs: product.specs,
                    variants: product.variants, textRank: max(0, hit.score / best), text: product.text)
            }
        }
    }
}

/// Recently matched products as the matcher reads them — text cut into words, variants and offers —
/// kept per version: a product's `updated_at` (which every write of the product, its variants or its
/// offers moves on) and its organisation's vendors (names, and vendors removed). Each use reads the
/// versions; only new or changed products are loaded. Bounded: past `capacity` entries half are dropped.
final class MatchProductCache: Sendable {
    struct Product: Sendable {
        var version: String
        var title: String
        var brand: String?
        var category: [String]
        var attributes: [String]
        var bulletPoints: [String]
        var specs: [JSONMember]
        var variants: [MatchCandidate.Variant]
        var text: ProductText
    }
    private let entries = Mutex<[String: Product]>([:])
    let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = capacity }

    func load(_ ids: [String], organizationID: String, dialect: DatabaseDialect, _ sql: any SQLDatabase) async throws -> [String: Product] {
        let vendors = try await sql.raw(
            "SELECT count(*) AS n, coalesce(max(updated_at), 0) AS latest FROM vendors WHERE org_id = \(bind: organizationID)"
        ).first()
        let vendorStamp =
            "\(try vendors?.decode(column: "n", as: Int64.self) ?? 0):\(try vendors?.decode(column: "latest", as: Int64.self) ?? 0)"
        let versions = try await sql.raw("SELECT id, updated_at FROM products WHERE id IN (\(binds: ids))").all()
        var found: [String: Product] = [:]
        var missing: [String] = []
        let known = entries.withLock { entries in ids.compactMap { id in entries[id].map { (id, $0) } } }
        let cached = Dictionary(known, uniquingKeysWith: { first, _ in first })
        for row in versions {
            let id = try row.decode(column: "id", as: String.self)
            let version = "\(try row.decode(column: "updated_at", as: Int64.self))/\(vendorStamp)"
            if let product = cached[id], product.version == version { found[id] = product } else { missing.append(id) }
        }
        guard !missing.isEmpty else { return found }
        let rows = try await sql.raw(
            """
            SELECT id, updated_at, title, brand, category, attributes, bullets, \(unsafeRaw: dialect == .postgres ? "specs::text AS specs" : "specs")
            FROM products WHERE id IN (\(binds: missing))
            """
        ).all()
        let variantRows = try await sql.raw("SELECT id, product_id, sku, options FROM variants WHERE product_id IN (\(binds: missing))")
            .all()
        var offersByVariant: [String: [MatchCandidate.Offer]] = [:]
        for offer in try await OfferRecord.load(forProducts: missing, sql) {
            offersByVariant[offer.variantID, default: []].append(
                MatchCandidate.Offer(vendorID: offer.vendorID, vendorName: offer.vendorName, vendorSKU: offer.vendorSKU, terms: offer.terms)
            )
        }
        var variantsByProduct: [String: [MatchCandidate.Variant]] = [:]
        for row in variantRows {
            let id = try row.decode(column: "id", as: String.self)
            variantsByProduct[try row.decode(column: "product_id", as: String.self), default: []].append(
                MatchCandidate.Variant(
                    id: id, sku: try row.decode(column: "sku", as: String.self),
                    options: CatalogRepository.choices(try row.decode(column: "options", as: String.self)),
                    offers: offersByVariant[id] ?? []))
        }
        var loaded: [String: Product] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let title = try row.decode(column: "title", as: String.self)
            let brand = try row.decode(column: "brand", as: String?.self)
            let category = CatalogRepository.strings(try row.decode(column: "category", as: String.self))
            let attributes = CatalogRepository.strings(try row.decode(column: "attributes", as: String.self))
            let bullets = CatalogRepository.strings(try row.decode(column: "bullets", as: String.self))
            let specs = CatalogRepository.members(try row.decode(column: "specs", as: String.self))
            loaded[id] = Product(
                version: "\(try row.decode(column: "updated_at", as: Int64.self))/\(vendorStamp)", title: title, brand: brand,
                category: category, attributes: attributes, bulletPoints: bullets, specs: specs, variants: variantsByProduct[id] ?? [],
                text: ProductText(
                    title: title, brand: brand, category: category, attributes: attributes, bulletPoints: bullets, specs: specs))
        }
        entries.withLock { entries in
            if entries.count + loaded.count > capacity {
                for key in entries.keys.prefix(entries.count / 2) { entries[key] = nil }
            }
            entries.merge(loaded) { _, new in new }
        }
        return found.merging(loaded) { _, new in new }
    }
}

/// Each organisation's search vocabulary (for typo tolerance) and synonyms, rebuilt when the catalog
/// changed and the cached copy is older than `maxAge` seconds.
public actor SearchVocabularyCache {
    struct Entry {
        var vocabulary: SearchVocabulary
        var synonyms: SynonymTable
        var builtAt: ContinuousClock.Instant
        var stamp: String
    }
    private var entries: [String: Entry] = [:]
    private var building: [String: Task<Entry, any Error>] = [:]
    public let maxAge: Duration

    public init(maxAge: Duration = .seconds(30)) { self.maxAge = maxAge }

    public func vocabulary(for tenant: Tenant, store: Store) async throws -> SearchVocabulary {
        try await entry(for: tenant, store: store).vocabulary
    }

    public func synonyms(for tenant: Tenant, store: Store) async throws -> SynonymTable {
        try await entry(for: tenant, store: store).synonyms
    }

    /// Forget an organisation's cached copy (after synonyms change or a big import).
    public func invalidate(_ tenant: Tenant) {
        entries[tenant.organizationID] = nil
    }

    func entry(for tenant: Tenant, store: Store) async throws -> Entry {
        let org = tenant.organizationID
        if let entry = entries[org], ContinuousClock.now - entry.builtAt < maxAge { return entry }
        if let task = building[org] { return try await task.value }
        let previous = entries[org]
        let task = Task<Entry, any Error> {
            let stamp = try await store.read { sql in
                let row = try await sql.raw(
                    """
                    SELECT count(*) AS n, max(updated_at) AS latest,
                        (SELECT updated_at FROM search_synonyms WHERE org_id = \(bind: org)) AS synonyms
                    FROM products WHERE org_id = \(bind: org)
                    """
                ).first()
                let count = try row?.decode(column: "n", as: Int64.self) ?? 0
                let latest = try row?.decode(column: "latest", as: Int64?.self) ?? 0
                let synonyms = try row?.decode(column: "synonyms", as: Int64?.self) ?? 0
                return "\(count):\(latest):\(synonyms)"
            }
            if var previous, previous.stamp == stamp {
                previous.builtAt = .now
                return previous
            }
            let rows = try await store.read { sql in
                try await sql.raw("SELECT title, brand, category_path, attributes FROM products WHERE org_id = \(bind: org)").all()
            }
            var vocabulary = SearchVocabulary()
            for row in rows {
                let text = [
                    try row.decode(column: "title", as: String.self), try row.decode(column: "brand", as: String?.self) ?? "",
                    try row.decode(column: "category_path", as: String.self), try row.decode(column: "attributes", as: String.self),
                ].joined(separator: " ")
                vocabulary.add(document: text)
            }
            vocabulary.seal()
            let rules = try await CatalogRepository(store: store).synonymRules(tenant)
            var synonyms = SynonymTable.defaults
            if let rules {
                let custom = SynonymTable(rules: rules)
                for (key, targets) in custom.entries { synonyms.add(key.split(separator: " ").map(String.init), targets) }
            }
            return Entry(vocabulary: vocabulary, synonyms: synonyms, builtAt: .now, stamp: stamp)
        }
        building[org] = task
        defer { building[org] = nil }
        let entry = try await task.value
        entries[org] = entry
        return entry
    }
}
