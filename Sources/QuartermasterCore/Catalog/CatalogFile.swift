/// The two import formats.
public enum CatalogFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case jsonLines = "jsonl"
    case csv

    /// From a media type (`application/x-ndjson`, `application/jsonl`, `text/csv`) or a file name.
    public init?(mediaType: String) {
        let type = mediaType.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        switch type {
        case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines", "application/json-seq",
            "application/json":
            self = .jsonLines
        case "text/csv", "application/csv", "text/comma-separated-values": self = .csv
        default: return nil
        }
    }

    public init?(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".csv") {
            self = .csv
        } else if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            self = .jsonLines
        } else {
            return nil
        }
    }
}

/// Reads a whole import file into records and issues, checking SKUs are unique within the file.
public struct CatalogFileReader: Sendable {
    public let reader: CatalogRecordReader
    private var seen: [String: Int] = [:]

    public init(defaultCurrency: CurrencyCode) { reader = CatalogRecordReader(defaultCurrency: defaultCurrency) }

    /// Calls `body` with each row's record (nil when rejected) and its issues, in file order.
    public mutating func read(
        _ bytes: [UInt8], format: CatalogFormat, _ body: (CatalogRecord?, [ImportIssue]) throws -> Void
    ) rethrows {
        switch format {
        case .jsonLines:
            try bytes.withUnsafeBufferPointer { buffer in
                var start = 0
                var line = 0
                while start < buffer.count {
                    line += 1
                    var end = start
                    while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                    var lineEnd = end
                    if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    let slice = UnsafeBufferPointer(rebasing: buffer[start..<lineEnd])
                    start = end + 1
                    if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    let (record, issues) = readJSONLine(slice, row: line)
                    try body(record, issues)
                }
            }
        case .csv:
            for (row, object, issues) in CSVCatalog.objects(bytes) {
                guard let object else {
                    try body(nil, issues)
                    continue
                }
                var (record, more) = reader.read(object, row: row)
                if let checked = record { record = deduplicate(checked, &more) }
                try body(record, issues + more)
            }
        }
    }

    /// Reads up to `limit` non-blank JSON Lines rows starting at byte `offset` (advanced past them);
    /// `line` counts lines read so far. For importers that write as they go.
    public mutating func readJSONLines(
        _ bytes: [UInt8], offset: inout Int, line: inout Int, limit: Int
    ) -> [(record: CatalogRecord?, issues: [ImportIssue])] {
        var out: [(record: CatalogRecord?, issues: [ImportIssue])] = []
        bytes.withUnsafeBufferPointer { buffer in
            while offset < buffer.count && out.count < limit {
                line += 1
                var end = offset
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > offset && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let slice = UnsafeBufferPointer(rebasing: buffer[offset..<lineEnd])
                offset = end + 1
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                let (record, issues) = readJSONLine(slice, row: line)
                out.append((record, issues))
            }
        }
        return out
    }

    /// Validates a CSV-derived (or form) object as the row `row`.
    public mutating func read(object: JSONValue, row: Int) -> (record: CatalogRecord?, issues: [ImportIssue]) {
        var (record, issues) = reader.read(object, row: row)
        if let checked = record { record = deduplicate(checked, &issues) }
        return (record, issues)
    }

    mutating func readJSONLine(_ bytes: UnsafeBufferPointer<UInt8>, row: Int) -> (CatalogRecord?, [ImportIssue]) {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            return (nil, [ImportIssue(row: row, sku: nil, field: "", problem: "not valid JSON: \(error.description)")])
        }
        var (record, issues) = reader.read(value, row: row)
        if let checked = record { record = deduplicate(checked, &issues) }
        return (record, issues)
    }

    /// Rejects a record whose SKU (or a variant's) already appeared earlier in the file.
    mutating func deduplicate(_ record: CatalogRecord, _ issues: inout [ImportIssue]) -> CatalogRecord? {
        var skus = [record.sku]
        for variant in record.variants where variant.sku != record.sku { skus.append(variant.sku) }
        var duplicate = false
        for (index, sku) in skus.enumerated() {
            if let first = seen[sku] {
                issues.append(
                    ImportIssue(row: record.row, sku: record.sku, field: "sku", problem: "\(sku) already appears on row \(first)"))
                duplicate = true
            } else if skus[..<index].contains(sku) {
                issues.append(ImportIssue(row: record.row, sku: record.sku, field: "variants", problem: "\(sku) appears twice"))
                duplicate = true
            }
        }
        if duplicate { return nil }
        for sku in skus { seen[sku] = record.row }
        return record
    }
}

/// Maps CSV rows (a header row, then one row per product or per variant) onto the JSON Lines record
/// shape, so both formats share one validation. See docs/CATALOG.md for the columns.
public enum CSVCatalog {
    static let numericColumns: Set<String> = ["price", "stock", "moq", "order_multiple", "lead_time_days", "pack_size"]
    static let listColumns: Set<String> = ["bullet_points", "attributes", "images"]
    static let variantColumns: Set<String> = [
        "price", "currency", "price_breaks", "stock", "moq", "order_multiple", "lead_time_days", "unit", "pack_size", "valid_from",
        "valid_until",
    ]

    /// One entry per product: its first line, the record object (nil when the rows are unreadable) and issues.
    public static func objects(_ bytes: [UInt8]) -> [(row: Int, object: JSONValue?, issues: [ImportIssue])] {
        let rows = CSVReader.rows(bytes)
        var out: [(row: Int, object: JSONValue?, issues: [ImportIssue])] = []
        guard let first = rows.first else { return out }
        let header: [String]
        switch first {
        case .failure(let failure):
            return [(failure.line, nil, [ImportIssue(row: failure.line, sku: nil, field: "", problem: failure.reason)])]
        case .success(let row): header = row.fields.map { $0.trimmingWhitespace().lowercased() }
        }
        guard header.contains("sku") else {
            return [(1, nil, [ImportIssue(row: 1, sku: nil, field: "sku", problem: "the header row has no sku column")])]
        }
        var groups: [String: Int] = [:]
        for result in rows.dropFirst() {
            let row: CSVReader.Row
            switch result {
            case .failure(let failure):
                out.append((failure.line, nil, [ImportIssue(row: failure.line, sku: nil, field: "", problem: failure.reason)]))
                continue
            case .success(let value): row = value
            }
            if row.fields.count != header.count {
                out.append(
                    (
                        row.line, nil,
                        [
                            ImportIssue(
                                row: row.line, sku: nil, field: "",
                                problem: "has \(row.fields.count) fields but the header has \(header.count)")
                        ]
                    ))
                continue
            }
            var cells: [(String, String)] = []
            for (name, value) in zip(header, row.fields) where !value.trimmingWhitespace().isEmpty {
                cells.append((name, value.trimmingWhitespace()))
            }
            let parent = cells.first(where: { $0.0 == "parent_sku" })?.1
            if let parent {
                let variant = variantObject(cells)
                if let index = groups[parent], case .object(var members)? = out[index].object {
                    if let position = members.firstIndex(where: { $0.key == "variants" }), case .array(var list) = members[position].value {
                        list.append(variant)
                        members[position].value = .array(list)
                    }
                    out[index].object = .object(members)
                } else {
                    var members = productMembers(cells, skipping: variantColumns)
                    members.removeAll { $0.key == "sku" }
                    members.insert(JSONMember("sku", .string(parent)), at: 0)
                    members.append(JSONMember("variants", .array([variant])))
                    groups[parent] = out.count
                    out.append((row.line, .object(members), []))
                }
            } else {
                out.append((row.line, .object(productMembers(cells, skipping: [])), []))
            }
        }
        return out
    }

    static func typed(_ name: String, _ value: String) -> JSONValue {
        if numericColumns.contains(name), FixedDecimal(parsing: value) != nil { return .number(value) }
        if listColumns.contains(name) { return .array(split(value, "|").map(JSONValue.string)) }
        if name == "category" {
            let separator: Character = value.contains(">") ? ">" : "|"
            return .array(split(value, separator).map(JSONValue.string))
        }
        if name == "price_breaks" {
            return .array(
                split(value, "|").map { entry in
                    let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
                    guard parts.count == 2 else { return .string(entry) }
                    return .object([JSONMember("min_qty", scalar(parts[0])), JSONMember("price", scalar(parts[1]))])
                })
        }
        return .string(value)
    }

    static func scalar(_ text: String) -> JSONValue {
        if FixedDecimal(parsing: text) != nil { return .number(text) }
        switch text.lowercased() {
        case "true", "yes": return .bool(true)
        case "false", "no": return .bool(false)
        default: return .string(text)
        }
    }

    static func split(_ text: String, _ separator: Character) -> [String] {
        text.split(separator: separator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    static func productMembers(_ cells: [(String, String)], skipping: Set<String>) -> [JSONMember] {
        var members: [JSONMember] = []
        var specs: [JSONMember] = []
        var options: [JSONMember] = []
        for (name, value) in cells where !skipping.contains(name) && name != "parent_sku" {
            if name.hasPrefix("spec.") {
                specs.append(JSONMember(String(name.dropFirst(5)), scalar(value)))
            } else if name.hasPrefix("option.") {
                options.append(JSONMember(String(name.dropFirst(7)), .array(split(value, "|").map(JSONValue.string))))
            } else {
                members.append(JSONMember(name, typed(name, value)))
            }
        }
        if !specs.isEmpty { members.append(JSONMember("specs", .object(specs))) }
        if !options.isEmpty && !skipping.contains("price") { members.append(JSONMember("options", .object(options))) }
        return members
    }

    static func variantObject(_ cells: [(String, String)]) -> JSONValue {
        var members: [JSONMember] = []
        var options: [JSONMember] = []
        for (name, value) in cells {
            if name == "sku" {
                members.append(JSONMember("sku", .string(value)))
            } else if name.hasPrefix("option.") {
                options.append(JSONMember(String(name.dropFirst(7)), .string(value)))
            } else if variantColumns.contains(name) {
                members.append(JSONMember(name, typed(name, value)))
            }
        }
        if !options.isEmpty { members.append(JSONMember("options", .object(options))) }
        return .object(members)
    }
}
