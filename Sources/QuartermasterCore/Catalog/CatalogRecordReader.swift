/// Turns one import row (a JSON object, from JSON Lines or from a CSV row) into a `CatalogRecord`, or
/// into the list of what is wrong with it. Pure: the importer decides what to write.
public struct CatalogRecordReader: Sendable {
    public static let maxPrice = FixedDecimal(1_000_000)
    public static let maxVariants = 500
    public static let knownKeys: Set<String> = [
        "sku", "title", "brand", "description", "bullet_points", "category", "attributes", "specs", "images", "gtin", "mpn",
        "unspsc", "options", "variants", "price", "currency", "price_breaks", "stock", "moq", "order_multiple",
        "lead_time_days", "unit", "pack_size", "valid_from", "valid_until", "parent_sku",
    ]
    static let offerKeys: Set<String> = [
        "sku", "options", "price", "currency", "price_breaks", "stock", "moq", "order_multiple", "lead_time_days", "unit",
        "pack_size", "valid_from", "valid_until",
    ]

    public let defaultCurrency: CurrencyCode

    public init(defaultCurrency: CurrencyCode) { self.defaultCurrency = defaultCurrency }

    /// Offer fields as written, before product-level values fill the gaps.
    struct PartialTerms {
        var price: FixedDecimal?
        var currency: CurrencyCode?
        var priceBreaks: [PriceBreak]?
        var stock: Int??
        var moq: Int?
        var orderMultiple: Int?
        var leadTimeDays: Int?
        var unit: UnitOfMeasure?
        var packSize: Int?
        var validFrom: String?
        var validUntil: String?

        func filling(from parent: PartialTerms) -> PartialTerms {
            PartialTerms(
                price: price ?? parent.price, currency: currency ?? parent.currency, priceBreaks: priceBreaks ?? parent.priceBreaks,
                stock: stock ?? parent.stock, moq: moq ?? parent.moq, orderMultiple: orderMultiple ?? parent.orderMultiple,
                leadTimeDays: leadTimeDays ?? parent.leadTimeDays, unit: unit ?? parent.unit, packSize: packSize ?? parent.packSize,
                validFrom: validFrom ?? parent.validFrom, validUntil: validUntil ?? parent.validUntil)
        }
    }

    /// Collects the issues of one row.
    struct Findings {
        let row: Int
        var sku: String?
        var issues: [ImportIssue] = []
        var hasErrors: Bool { issues.contains { $0.severity == .error } }

        mutating func error(_ field: String, _ problem: String) {
            issues.append(ImportIssue(row: row, sku: sku, field: field, problem: problem))
        }
        mutating func warning(_ field: String, _ problem: String) {
            issues.append(ImportIssue(row: row, sku: sku, field: field, problem: problem, severity: .warning))
        }
    }

    public func read(_ value: JSONValue, row: Int) -> (record: CatalogRecord?, issues: [ImportIssue]) {
        var findings = Findings(row: row)
        guard case .object(let members) = value else {
            findings.error("", "a record must be a JSON object, not \(value.typeName)")
            return (nil, findings.issues)
        }
        let sku = code(value["sku"], "sku", &findings, required: true)
        findings.sku = sku
        for member in members where !Self.knownKeys.contains(member.key) {
            findings.warning(member.key, "unknown field, ignored")
        }
        let title = text(value["title"], "title", &findings, required: true, max: 300)
        let brand = text(value["brand"], "brand", &findings, max: 120)
        let description = text(value["description"], "description", &findings, max: 20_000)
        let bullets = texts(value["bullet_points"], "bullet_points", &findings, maxCount: 30, maxLength: 1_000)
        var category = texts(value["category"], "category", &findings, maxCount: 6, maxLength: 100, allowSingle: true)
        if category.count == 1, category[0].contains(">") {
            category = category[0].split(separator: ">").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        let attributes = texts(value["attributes"], "attributes", &findings, maxCount: 60, maxLength: 100)
        let images = texts(value["images"], "images", &findings, maxCount: 20, maxLength: 2_000)
        for (index, image) in images.enumerated() where !(image.hasPrefix("https://") || image.hasPrefix("http://")) {
            findings.error("images[\(index)]", "must be an http(s) URL")
        }
        let specs = self.specs(value["specs"], &findings)
        let gtin = digits(value["gtin"], "gtin", &findings, lengths: [8, 12, 13, 14])
        if let gtin, !Self.validGTIN(gtin) { findings.error("gtin", "check digit does not match (\(gtin))") }
        let mpn = text(value["mpn"], "mpn", &findings, max: 100, acceptNumber: true)
        let unspsc = digits(value["unspsc"], "unspsc", &findings, lengths: [8])
        var options = self.options(value["options"], &findings)
        let productTerms = terms(value, prefix: "", &findings)

        var variants: [VariantRecord] = []
        if let rawVariants = value["variants"], rawVariants != .null {
            guard case .array(let list) = rawVariants else {
                findings.error("variants", "must be an array, not \(rawVariants.typeName)")
                return (nil, findings.issues)
            }
            if list.count > Self.maxVariants { findings.error("variants", "more than \(Self.maxVariants) variants") }
            var inferred: [ProductOption] = []
            for (index, item) in list.prefix(Self.maxVariants).enumerated() {
                let path = "variants[\(index)]"
                guard case .object(let variantMembers) = item else {
                    findings.error(path, "must be an object, not \(item.typeName)")
                    continue
                }
                for member in variantMembers where !Self.offerKeys.contains(member.key) {
                    findings.warning("\(path).\(member.key)", "unknown field, ignored")
                }
                let variantSKU = code(item["sku"], "\(path).sku", &findings, required: true)
                let choices = optionChoices(item["options"], "\(path).options", &findings)
                for choice in choices {
                    if let position = inferred.firstIndex(where: { $0.name == choice.name }) {
                        if !inferred[position].values.contains(choice.value) { inferred[position].values.append(choice.value) }
                    } else {
                        inferred.append(ProductOption(name: choice.name, values: [choice.value]))
                    }
                }
                let merged = terms(item, prefix: "\(path).", &findings).filling(from: productTerms)
                if let variantSKU, let final = finish(merged, path: path, &findings) {
                    variants.append(VariantRecord(sku: variantSKU, options: choices, terms: final))
                }
            }
            if options.isEmpty {
                options = inferred
            } else {
                for (index, variant) in variants.enumerated() {
                    for choice in variant.options {
                        guard let option = options.first(where: { $0.name == choice.name }) else {
                            findings.error("variants[\(index)].options.\(choice.name)", "is not one of the product's options")
                            continue
                        }
                        if !option.values.contains(choice.value) {
                            findings.error(
                                "variants[\(index)].options.\(choice.name)", "\"\(choice.value)\" is not a listed value of \(choice.name)")
                        }
                    }
                }
            }
            var seenKeys: [String: Int] = [:]
            for (index, variant) in variants.enumerated() {
                if let first = seenKeys[variant.optionsKey] {
                    findings.error("variants[\(index)].options", "same options as variants[\(first)]")
                } else {
                    seenKeys[variant.optionsKey] = index
                }
            }
            if list.isEmpty { findings.error("variants", "must not be empty when given") }
        } else if let final = finish(productTerms, path: "", &findings), let sku {
            let combinations = Self.combinations(options)
            if combinations.count > Self.maxVariants {
                findings.error("options", "\(combinations.count) combinations; at most \(Self.maxVariants)")
            } else if options.isEmpty {
                variants = [VariantRecord(sku: sku, options: [], terms: final)]
            } else {
                variants = combinations.map { VariantRecord(sku: Self.variantSKU(sku, $0), options: $0, terms: final) }
            }
        }
        guard !findings.hasErrors, let sku, let title else { return (nil, findings.issues) }
        let record = CatalogRecord(
            row: row, sku: sku, title: title, brand: brand, description: description, bulletPoints: bullets,
            category: category.isEmpty ? ["Uncategorised"] : category, attributes: attributes, specs: specs, images: images,
            gtin: gtin.map(Self.normalizedGTIN), mpn: mpn, unspsc: unspsc, options: options, variants: variants)
        return (record, findings.issues)
    }

    // MARK: Fields

    func text(
        _ value: JSONValue?, _ field: String, _ findings: inout Findings, required: Bool = false, max: Int, acceptNumber: Bool = false
    ) -> String? {
        switch value {
        case nil, .null?:
            if required { findings.error(field, "is required") }
            return nil
        case .string(let raw)?:
            // Byte-level checks first: most texts are short enough by bytes alone, and have no space at
            // their ends; characters are counted and trimmed only when they might matter.
            let utf8 = raw.utf8
            let trimmed: String
            if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
                trimmed = raw
            } else {
                trimmed = raw.trimmingWhitespace()
            }
            if trimmed.isEmpty {
                if required { findings.error(field, "must not be empty") }
                return nil
            }
            if trimmed.utf8.count > max && trimmed.count > max {
                findings.error(field, "longer than \(max) characters")
                return nil
            }
            if trimmed.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 }) {
                findings.error(field, "contains control characters")
                return nil
            }
            return trimmed
        case .number(let number)? where acceptNumber:
            return number
        case let other?:
            findings.error(field, "must be a string, not \(other.typeName)")
            return nil
        }
    }

    /// A SKU-like code: 1–100 printable characters without spaces at the ends.
    func code(_ value: JSONValue?, _ field: String, _ findings: inout Findings, required: Bool = false) -> String? {
        guard let text = text(value, field, &findings, required: required, max: 100, acceptNumber: true) else { return nil }
        if text.contains(where: { $0.isNewline }) {
            findings.error(field, "must be on one line")
            return nil
        }
        return text
    }

    func texts(
        _ value: JSONValue?, _ field: String, _ findings: inout Findings, maxCount: Int, maxLength: Int, allowSingle: Bool = false
    ) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string?:
            if allowSingle, let one = text(value, field, &findings, max: maxLength) { return [one] }
            if !allowSingle { findings.error(field, "must be an array of strings") }
            return []
        case .array(let items)?:
            if items.count > maxCount { findings.error(field, "more than \(maxCount) entries") }
            var out: [String] = []
            for (index, item) in items.prefix(maxCount).enumerated() {
                if let text = text(item, "\(field)[\(index)]", &findings, max: maxLength) { out.append(text) }
            }
            return out
        case let other?:
            findings.error(field, "must be an array of strings, not \(other.typeName)")
            return []
        }
    }

    func digits(_ value: JSONValue?, _ field: String, _ findings: inout Findings, lengths: Set<Int>) -> String? {
        guard let text = text(value, field, &findings, max: 20, acceptNumber: true) else { return nil }
        guard text.allSatisfy(\.isASCIIDigit), lengths.contains(text.count) else {
            findings.error(field, "must be \(lengths.sorted().map(String.init).joined(separator: ", ")) digits")
            return nil
        }
        return text
    }

    func integer(_ value: JSONValue?, _ field: String, _ findings: inout Findings, range: ClosedRange<Int>) -> Int? {
        let text: String
        switch value {
        case nil, .null?: return nil
        case .number(let number)? where number.utf8.count < 19 && range.contains(Int(number) ?? Int.min):
            return Int(number)
        case .number(let number)?: text = number
        case .string(let string)? where Int(string.trimmingWhitespace()) != nil: text = string.trimmingWhitespace()
        case let other?:
            findings.error(field, "must be a whole number, not \(other.typeName)")
            return nil
        }
        guard let fixed = FixedDecimal(parsing: text), fixed.units % FixedDecimal.scale == 0 else {
            findings.error(field, "must be a whole number, not \(text)")
            return nil
        }
        let whole = fixed.units / FixedDecimal.scale
        guard whole >= Int64(range.lowerBound), whole <= Int64(range.upperBound) else {
            findings.error(field, "must be between \(range.lowerBound) and \(range.upperBound), not \(text)")
            return nil
        }
        return Int(whole)
    }

    func price(_ value: JSONValue?, _ field: String, _ findings: inout Findings) -> FixedDecimal? {
        let text: String
        switch value {
        case nil, .null?: return nil
        case .number(let number)?: text = number
        case .string(let string)?: text = string.trimmingWhitespace()
        case let other?:
            findings.error(field, "must be a number, not \(other.typeName)")
            return nil
        }
        guard let amount = FixedDecimal(parsing: text) else {
            findings.error(field, "\"\(text)\" is not a decimal amount with at most 4 decimal places")
            return nil
        }
        guard amount > .zero else {
            findings.error(field, "must be greater than 0, not \(text)")
            return nil
        }
        guard amount <= Self.maxPrice else {
            findings.error(field, "\(text) is above the limit of \(Self.maxPrice.text())")
            return nil
        }
        return amount
    }

    func date(_ value: JSONValue?, _ field: String, _ findings: inout Findings) -> String? {
        guard let text = text(value, field, &findings, max: 10) else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month),
            (1...31).contains(day), Int(parts[0]) != nil
        else {
            findings.error(field, "must be a date written YYYY-MM-DD")
            return nil
        }
        return text
    }

    func specs(_ value: JSONValue?, _ findings: inout Findings) -> [JSONMember] {
        switch value {
        case nil, .null?: return []
        case .object(let members)?:
            if members.count > 100 { findings.error("specs", "more than 100 entries") }
            var out: [JSONMember] = []
            for member in members.prefix(100) {
                let key = member.key
                guard !key.isEmpty, key.count <= 64,
                    key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
                else {
                    findings.error("specs.\(key)", "spec names are 1–64 characters of a–z, 0–9 and _")
                    continue
                }
                switch member.value {
                case .string(let text) where text.count > 500: findings.error("specs.\(key)", "longer than 500 characters")
                case .string, .number, .bool: out.append(member)
                case .null: continue
                case .array(let items)
                where items.allSatisfy({ if case .string = $0 { true } else if case .number = $0 { true } else { false } }):
                    out.append(member)
                default: findings.error("specs.\(key)", "must be a string, number, boolean or array of them")
                }
            }
            return out
        case let other?:
            findings.error("specs", "must be an object, not \(other.typeName)")
            return []
        }
    }

    func options(_ value: JSONValue?, _ findings: inout Findings) -> [ProductOption] {
        switch value {
        case nil, .null?: return []
        case .object(let members)?:
            if members.count > 5 { findings.error("options", "more than 5 options") }
            var out: [ProductOption] = []
            for member in members.prefix(5) {
                let values = texts(member.value, "options.\(member.key)", &findings, maxCount: 100, maxLength: 60)
                if values.isEmpty {
                    findings.error("options.\(member.key)", "must list at least one value")
                } else if Set(values).count != values.count {
                    findings.error("options.\(member.key)", "lists a value twice")
                } else if member.key.trimmingWhitespace().isEmpty || member.key.count > 40 {
                    findings.error("options", "option names are 1–40 characters")
                } else {
                    out.append(ProductOption(name: member.key.trimmingWhitespace(), values: values))
                }
            }
            return out
        case let other?:
            findings.error("options", "must be an object of name → values, not \(other.typeName)")
            return []
        }
    }

    func optionChoices(_ value: JSONValue?, _ field: String, _ findings: inout Findings) -> [OptionChoice] {
        switch value {
        case nil, .null?: return []
        case .object(let members)?:
            var out: [OptionChoice] = []
            for member in members {
                if let text = text(member.value, "\(field).\(member.key)", &findings, required: true, max: 60) {
                    out.append(OptionChoice(name: member.key.trimmingWhitespace(), value: text))
                }
            }
            return out
        case let other?:
            findings.error(field, "must be an object of option name → value, not \(other.typeName)")
            return []
        }
    }

    func terms(_ object: JSONValue, prefix: String, _ findings: inout Findings) -> PartialTerms {
        var terms = PartialTerms()
        terms.price = price(object["price"], prefix + "price", &findings)
        if let raw = object["currency"], raw != .null {
            if case .string(let text) = raw, let currency = CurrencyCode(text.trimmingWhitespace()) {
                terms.currency = currency
            } else {
                findings.error(prefix + "currency", "unknown currency \(raw.serialized); use an ISO 4217 code such as USD or EUR")
            }
        }
        if let raw = object["price_breaks"], raw != .null {
            if case .array(let items) = raw {
                var breaks: [PriceBreak] = []
                for (index, item) in items.prefix(20).enumerated() {
                    let path = "\(prefix)price_breaks[\(index)]"
                    guard case .object = item else {
                        findings.error(path, "must be an object {min_qty, price}")
                        continue
                    }
                    let quantity = integer(item["min_qty"], path + ".min_qty", &findings, range: 2...10_000_000)
                    let amount = price(item["price"], path + ".price", &findings)
                    if item["min_qty"] == nil { findings.error(path + ".min_qty", "is required") }
                    if item["price"] == nil { findings.error(path + ".price", "is required") }
                    if let quantity, let amount {
                        if let last = breaks.last, last.minQuantity >= quantity {
                            findings.error(path + ".min_qty", "must be larger than the previous break's")
                        }
                        breaks.append(PriceBreak(minQuantity: quantity, price: amount))
                    }
                }
                if items.count > 20 { findings.error(prefix + "price_breaks", "more than 20 breaks") }
                terms.priceBreaks = breaks
            } else {
                findings.error(prefix + "price_breaks", "must be an array, not \(raw.typeName)")
            }
        }
        if let raw = object["stock"] {
            terms.stock = .some(raw == .null ? nil : integer(raw, prefix + "stock", &findings, range: 0...1_000_000_000))
        }
        terms.moq = integer(object["moq"], prefix + "moq", &findings, range: 1...10_000_000)
        terms.orderMultiple = integer(object["order_multiple"], prefix + "order_multiple", &findings, range: 1...1_000_000)
        terms.leadTimeDays = integer(object["lead_time_days"], prefix + "lead_time_days", &findings, range: 0...365)
        terms.packSize = integer(object["pack_size"], prefix + "pack_size", &findings, range: 1...1_000_000)
        if let raw = object["unit"], raw != .null {
            if case .string(let text) = raw, let unit = UnitOfMeasure(text) {
                terms.unit = unit
            } else {
                findings.error(prefix + "unit", "unknown unit \(raw.serialized); use a UN/CEFACT code such as EA, RM, BX, PK, CS")
            }
        }
        terms.validFrom = date(object["valid_from"], prefix + "valid_from", &findings)
        terms.validUntil = date(object["valid_until"], prefix + "valid_until", &findings)
        return terms
    }

    func finish(_ terms: PartialTerms, path: String, _ findings: inout Findings) -> OfferTerms? {
        let label = path.isEmpty ? "price" : "\(path).price"
        guard let price = terms.price else {
            if !findings.issues.contains(where: { $0.field == label || $0.field == "price" }) {
                findings.error(label, "is required (on the product or on the variant)")
            }
            return nil
        }
        let result = OfferTerms(
            price: price, currency: terms.currency ?? defaultCurrency, priceBreaks: terms.priceBreaks ?? [], stock: terms.stock ?? nil,
            moq: terms.moq ?? 1, orderMultiple: terms.orderMultiple ?? 1, leadTimeDays: terms.leadTimeDays, unit: terms.unit ?? .each,
            packSize: terms.packSize ?? 1, validFrom: terms.validFrom, validUntil: terms.validUntil)
        for priceBreak in result.priceBreaks where priceBreak.price > result.price {
            findings.error(
                path.isEmpty ? "price_breaks" : "\(path).price_breaks",
                "break at \(priceBreak.minQuantity) costs \(priceBreak.price.text(minimumPlaces: 2)), more than the base price")
            return nil
        }
        if let from = result.validFrom, let until = result.validUntil, from > until {
            findings.error(path.isEmpty ? "valid_until" : "\(path).valid_until", "is before valid_from")
            return nil
        }
        return result
    }

    // MARK: Helpers

    /// Every combination of option values, first option varying slowest.
    public static func combinations(_ options: [ProductOption]) -> [[OptionChoice]] {
        var result: [[OptionChoice]] = [[]]
        for option in options {
            var next: [[OptionChoice]] = []
            next.reserveCapacity(result.count * option.values.count)
            for prefix in result {
                for value in option.values { next.append(prefix + [OptionChoice(name: option.name, value: value)]) }
                if next.count > maxVariants * 10 { return next }
            }
            result = next
        }
        return result
    }

    /// `PEN-1` with blue, L → `PEN-1-BLUE-L`.
    public static func variantSKU(_ sku: String, _ choices: [OptionChoice]) -> String {
        let parts = choices.map { choice in
            String(
                choice.value.uppercased().unicodeScalars.filter { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }.map(Character.init)
            )
        }
        return ([sku] + parts).joined(separator: "-")
    }

    /// GS1 check digit over GTIN-8/12/13/14.
    public static func validGTIN(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, let check = values.last else { return false }
        var sum = 0
        for (offset, digit) in values.dropLast().reversed().enumerated() { sum += digit * (offset % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10 == check
    }

    /// GTINs compare as 14 digits.
    public static func normalizedGTIN(_ digits: String) -> String { digits.leftPadded(to: 14) }
}
