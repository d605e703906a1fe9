import Foundation

/// One labelled request from a JSONL file (format in docs/PARSER.md).
public struct ParseCase: Sendable, Equatable {
    public struct Line: Sendable, Equatable, Hashable {
        public var item: String
        public var quantity: Int
        public var unit: String
        public init(item: String, quantity: Int, unit: String) {
            self.item = item
            self.quantity = quantity
            self.unit = unit
        }
    }

    public var text: String
    public var now: Int64
    public var timeZone: TimeZone
    public var currency: CurrencyCode
    /// Overrides the run's vendor list for this case.
    public var knownVendors: [String]?
    public var knownPlaces: [String]?
    public var lines: [Line]
    public var budget: Money?
    public var needBy: LocalDate?
    public var preferredVendors: [String]
    public var blockedVendors: [String]
    /// Checked only when the case gives `deliver_to`.
    public var deliverTo: String??

    public init(
        text: String, now: Int64, timeZone: TimeZone, currency: CurrencyCode, knownVendors: [String]? = nil, knownPlaces: [String]? = nil,
        lines: [Line], budget: Money? = nil, needBy: LocalDate? = nil, preferredVendors: [String] = [], blockedVendors: [String] = [],
        deliverTo: String?? = .none
    ) {
        self.text = text
        self.now = now
        self.timeZone = timeZone
        self.currency = currency
        self.knownVendors = knownVendors
        self.knownPlaces = knownPlaces
        self.lines = lines
        self.budget = budget
        self.needBy = needBy
        self.preferredVendors = preferredVendors
        self.blockedVendors = blockedVendors
        self.deliverTo = deliverTo
    }

    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Reads JSONL: one case per non-empty line.
    public static func load(jsonl: String) throws(LoadError) -> [ParseCase] {
        var out: [ParseCase] = []
        for (number, line) in jsonl.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            do {
                out.append(try ParseCase(json: try JSONReader.parse(trimmed)))
            } catch let error as LoadError {
                throw LoadError(line: number + 1, reason: error.reason)
            } catch {
                throw LoadError(line: number + 1, reason: "\(error)")
            }
        }
        return out
    }

    init(json: JSONValue) throws {
        func fail(_ reason: String) -> LoadError { LoadError(line: 0, reason: reason) }
        guard let text = json["text"]?.stringValue else { throw fail("missing \"text\"") }
        guard let tzName = json["tz"]?.stringValue, let zone = TimeZone(identifier: tzName) else { throw fail("missing or unknown \"tz\"") }
        guard let nowText = json["now"]?.stringValue, let now = Self.instant(nowText, in: zone) else {
            throw fail("\"now\" must be YYYY-MM-DDTHH:MM[:SS] (local) or end in Z / ±HH:MM")
        }
        var currency = CurrencyCode("USD")!
        if let code = json["currency"]?.stringValue {
            guard let parsed = CurrencyCode(code) else { throw fail("unknown currency \(code)") }
            currency = parsed
        }
        func strings(_ value: JSONValue?) throws -> [String]? {
            guard let value, value != .null else { return nil }
            guard case .array(let items) = value else { throw fail("expected an array of strings") }
            return try items.map { item in
                guard let s = item.stringValue else { throw fail("expected a string") }
                return s
            }
        }
        guard let expected = json["expected"], case .object = expected else { throw fail("missing \"expected\"") }
        var lines: [Line] = []
        if case .array(let items)? = expected["lines"] {
            for item in items {
                guard let name = item["item"]?.stringValue, case .number(let q)? = item["quantity"], let quantity = Int(q),
                    let unit = item["unit"]?.stringValue
                else { throw fail("each expected line needs item, quantity, unit") }
                lines.append(Line(item: name, quantity: quantity, unit: unit))
            }
        }
        var budget: Money? = nil
        if let value = expected["budget"], value != .null {
            guard let amountValue = value["amount"], let code = value["currency"]?.stringValue, let currencyCode = CurrencyCode(code) else {
                throw fail("budget needs amount and currency")
            }
            let amountText: String
            switch amountValue {
            case .number(let t), .string(let t): amountText = t
            default: throw fail("budget amount must be a number")
            }
            guard let amount = FixedDecimal(parsing: amountText) else { throw fail("budget amount is not an exact decimal") }
            budget = Money(amount, currencyCode)
        }
        var needBy: LocalDate? = nil
        if let value = expected["need_by"]?.stringValue {
            guard let date = LocalDate(iso: value) else { throw fail("need_by must be YYYY-MM-DD") }
            needBy = date
        }
        var deliverTo: String?? = .none
        if let value = expected["deliver_to"] { deliverTo = .some(value.stringValue) }
        self.init(
            text: text, now: now, timeZone: zone, currency: currency, knownVendors: try strings(json["vendors"]),
            knownPlaces: try strings(json["places"]), lines: lines, budget: budget, needBy: needBy,
            preferredVendors: try strings(expected["preferred_vendors"]) ?? [],
            blockedVendors: try strings(expected["blocked_vendors"]) ?? [],
            deliverTo: deliverTo)
    }

    /// `2026-11-18T10:00:00` as wall-clock time in `zone`, or an instant when it ends in `Z` or an offset.
    static func instant(_ text: String, in zone: TimeZone) -> Int64? {
        var body = Substring(text)
        var offset: Int? = nil
        if body.hasSuffix("Z") {
            offset = 0
            body = body.dropLast()
        } else if body.count > 19, let sign = body.dropFirst(19).first, sign == "+" || sign == "-" {
            let tail = body.dropFirst(20).split(separator: ":")
            guard tail.count == 2, let h = Int(tail[0]), let m = Int(tail[1]) else { return nil }
            offset = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
            body = body.prefix(19)
        }
        let parts = body.split(separator: "T")
        guard parts.count == 2, let date = LocalDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").map { Int($0) }
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0 != nil }) else { return nil }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(clock[0]! * 3600 + clock[1]! * 60 + (clock.count == 3 ? clock[2]! : 0))
        if let offset { return (seconds - Int64(offset)) * 1_000 }
        // Wall clock: guess the offset, then correct it once (enough away from the hour a clock changes).
        var guess = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        guess = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds - guess))))
        return (seconds - guess) * 1_000
    }
}

/// One way a parse differed from its label.
public struct ParseFailure: Sendable, Equatable, CustomStringConvertible {
    public var caseIndex: Int
    public var text: String
    public var field: String
    public var expected: String
    public var got: String
    public var description: String {
        "#\(caseIndex + 1) \(field): expected \(expected), got \(got) — \(text.replacingOccurrences(of: "\n", with: "⏎").prefix(100))"
    }
}

/// How well the parser matched a labelled set.
public struct ParseScore: Sendable, Equatable {
    public var cases = 0
    public var expectedLines = 0
    public var predictedLines = 0
    /// Lines matching a label exactly on item, quantity and unit.
    public var exactLines = 0
    /// Per case the larger of expected and predicted line counts, summed: misses and extra lines both count against.
    public var lineDenominator = 0
    public var budgetCorrect = 0
    public var dateCorrect = 0
    public var vendorsCorrect = 0
    public var placeCases = 0
    public var placeCorrect = 0
    public var failures: [ParseFailure] = []

    public var exactLineRate: Double { lineDenominator == 0 ? 1 : Double(exactLines) / Double(lineDenominator) }
    public var budgetRate: Double { cases == 0 ? 1 : Double(budgetCorrect) / Double(cases) }
    public var dateRate: Double { cases == 0 ? 1 : Double(dateCorrect) / Double(cases) }
    public var vendorRate: Double { cases == 0 ? 1 : Double(vendorsCorrect) / Double(cases) }
    public var placeRate: Double { placeCases == 0 ? 1 : Double(placeCorrect) / Double(placeCases) }

    public var summary: String {
        func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
        return
            "\(cases) cases: exact lines \(pct(exactLineRate)) (\(exactLines)/\(lineDenominator); \(expectedLines) expected, \(predictedLines) parsed), "
            + "budget \(pct(budgetRate)), need-by \(pct(dateRate)), vendors \(pct(vendorRate)), deliver-to \(pct(placeRate)) of \(placeCases)"
    }
}

public enum ParseEvaluation {
    /// Vendor names the labelled sets assume the organisation knows.
    public static let defaultVendors = [
        "Staples", "Amazon", "Office Depot", "Viking", "Lyreco", "Bureau Vallée", "Costco", "IKEA", "Dell", "CDW", "Best Buy", "Uline",
        "Argos", "Ryman", "Officeworks", "Grainger", "W.B. Mason",
    ]

    public static func run(cases: [ParseCase], knownVendors: [String] = defaultVendors, knownPlaces: [String]? = nil) -> ParseScore {
        var score = ParseScore()
        for (index, labelled) in cases.enumerated() {
            let context = RequestParseContext(
                now: labelled.now, timeZone: labelled.timeZone, defaultCurrency: labelled.currency,
                knownVendors: labelled.knownVendors ?? knownVendors, knownPlaces: labelled.knownPlaces ?? knownPlaces)
            let parsed = RequestParser.parse(labelled.text, context: context)
            score.cases += 1
            func fail(_ field: String, _ expected: String, _ got: String) {
                score.failures.append(ParseFailure(caseIndex: index, text: labelled.text, field: field, expected: expected, got: got))
            }
            // Lines: a multiset match on (item, quantity, unit).
            let got = parsed.lines.map { ParseCase.Line(item: $0.item, quantity: $0.quantity, unit: $0.unit) }
            var unmatched = got
            var missing: [ParseCase.Line] = []
            var matched = 0
            for line in labelled.lines {
                if let at = unmatched.firstIndex(of: line) {
                    unmatched.remove(at: at)
                    matched += 1
                } else {
                    missing.append(line)
                }
            }
            score.expectedLines += labelled.lines.count
            score.predictedLines += got.count
            score.exactLines += matched
            score.lineDenominator += max(labelled.lines.count, got.count)
            if !missing.isEmpty || !unmatched.isEmpty {
                func show(_ lines: [ParseCase.Line]) -> String {
                    lines.isEmpty ? "-" : lines.map { "\($0.item)×\($0.quantity) \($0.unit)" }.joined(separator: "; ")
                }
                fail("lines", show(missing), show(unmatched))
            }
            func money(_ value: Money?) -> String { value.map { "\($0.amount.text()) \($0.currency.code)" } ?? "none" }
            if parsed.budget == labelled.budget {
                score.budgetCorrect += 1
            } else {
                fail("budget", money(labelled.budget), money(parsed.budget))
            }
            if parsed.needBy == labelled.needBy {
                score.dateCorrect += 1
            } else {
                fail("need_by", labelled.needBy?.iso ?? "none", parsed.needBy?.iso ?? "none")
            }
            func folded(_ names: [String]) -> Set<String> { Set(names.map { $0.lowercased() }) }
            if folded(parsed.preferredVendors) == folded(labelled.preferredVendors)
                && folded(parsed.blockedVendors) == folded(labelled.blockedVendors)
            {
                score.vendorsCorrect += 1
            } else {
                fail(
                    "vendors", "+\(labelled.preferredVendors) -\(labelled.blockedVendors)",
                    "+\(parsed.preferredVendors) -\(parsed.blockedVendors)")
            }
            if case .some(let place) = labelled.deliverTo {
                score.placeCases += 1
                if parsed.deliverTo?.lowercased() == place?.lowercased() {
                    score.placeCorrect += 1
                } else {
                    fail("deliver_to", place ?? "none", parsed.deliverTo ?? "none")
                }
            }
        }
        return score
    }
}
