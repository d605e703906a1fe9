import Foundation

/// What the purchase-request parser needs to know about the organisation it parses for.
///
/// Named `RequestParseContext` rather than `RequestContext` because Hummingbird (imported next to
/// QuartermasterCore in the server) already declares a `RequestContext` protocol.
public struct RequestParseContext: Sendable {
    /// The moment of parsing, milliseconds since the epoch (UTC).
    public var now: Int64
    /// Relative dates ("by Friday", "tomorrow") are read as calendar days in this zone.
    public var timeZone: TimeZone
    /// Currency for amounts written without one ("budget 2k") and for "$" / "dollars" when it is a dollar.
    public var defaultCurrency: CurrencyCode
    /// Vendor names to recognise anywhere ("Staples", "Office Depot"); unknown capitalised names after
    /// "from", "via", "not", … are accepted too.
    public var knownVendors: [String]
    /// Delivery places to recognise ("Lisbon", "Berlin warehouse"); nil or empty to rely on patterns only.
    public var knownPlaces: [String]?

    public init(
        now: Int64, timeZone: TimeZone, defaultCurrency: CurrencyCode, knownVendors: [String] = [], knownPlaces: [String]? = nil
    ) {
        self.now = now
        self.timeZone = timeZone
        self.defaultCurrency = defaultCurrency
        self.knownVendors = knownVendors
        self.knownPlaces = knownPlaces
    }
}

/// A calendar day without a time or zone, written `2026-11-27`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `days` after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        // Civil-from-days over 400-year eras (proleptic Gregorian).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let value = (daysSinceEpoch + 3) % 7  // 1970-01-01 was a Thursday
        return (value < 0 ? value + 7 : value) + 1
    }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The same day `count` months later, clamped to the month's last day.
    public func adding(months count: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + count
        let y = index / 12
        let m = index % 12 + 1
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y))) ?? self
    }

    public var lastDayOfMonth: LocalDate { LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year)) ?? self }

    /// The calendar day in `timeZone` at `milliseconds` since the epoch.
    public static func at(_ milliseconds: Int64, in timeZone: TimeZone) -> LocalDate {
        let seconds = Double(milliseconds) / 1_000
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
        let local = milliseconds / 1_000 + offset - (milliseconds < 0 && milliseconds % 1_000 != 0 ? 1 : 0)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return LocalDate(daysSinceEpoch: Int(days))
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var iso: String { "\(String(year).leftPadded(to: 4))-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))" }
    public var description: String { iso }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Something the parser could not decide; the run waits until a person answers.
public struct ClarifyingQuestion: Sendable, Equatable {
    /// What the answer fills: `lines`, `quantity`, `need_by`, `budget`, `max_unit_price`, `language`, `instructions`.
    public var field: String
    /// The line the question is about, when it is about one.
    public var lineIndex: Int?
    public var question: String
    /// Suggested answers (the first is what the parser assumed), possibly empty.
    public var options: [String]

    public init(field: String, lineIndex: Int? = nil, question: String, options: [String] = []) {
        self.field = field
        self.lineIndex = lineIndex
        self.question = question
        self.options = options
    }
}

/// One thing to buy.
public struct ParsedLine: Sendable, Equatable {
    /// Lower-case noun phrase as written, last word singular: "a4 paper", "ergonomic chair" (see docs/PARSER.md).
    public var item: String
    public var quantity: Int
    /// UN/CEFACT unit code: `EA`, `RM`, `BX`, `PK`, `CS`, …
    public var unit: String
    /// Base units per unit when written ("box of 12" → 12).
    public var packSize: Int?
    /// Normalised qualifiers: "a4", "80gsm", "blue", "fine tip", "with armrests".
    public var attributes: [String]
    /// A per-unit cap ("under $300 each").
    public var maxUnitPrice: Money?
    /// Where the line came from, as offsets in Unicode scalars of the original text (half-open).
    public var span: Range<Int>
    /// 0…1: how sure the parser is of item, quantity and unit together.
    public var confidence: Double

    public init(
        item: String, quantity: Int, unit: String, packSize: Int? = nil, attributes: [String] = [], maxUnitPrice: Money? = nil,
        span: Range<Int>, confidence: Double
    ) {
        self.item = item
        self.quantity = quantity
        self.unit = unit
        self.packSize = packSize
        self.attributes = attributes
        self.maxUnitPrice = maxUnitPrice
        self.span = span
        self.confidence = confidence
    }
}

/// Everything read from one free-text purchase request.
public struct ParsedRequisition: Sendable, Equatable {
    public var lines: [ParsedLine] = []
    /// A cap on the whole request ("under $2,000", "budget 2k").
    public var budget: Money?
    public var needBy: LocalDate?
    public var preferredVendors: [String] = []
    public var blockedVendors: [String] = []
    public var deliverTo: String?
    public var questions: [ClarifyingQuestion] = []
    public var warnings: [String] = []

    public init() {}

    /// snake_case JSON; money amounts are exact decimal numbers.
    public var json: JSONValue {
        func money(_ value: Money?) -> JSONValue {
            guard let value else { return .null }
            return .object([JSONMember("amount", .number(value.amount.text())), JSONMember("currency", .string(value.currency.code))])
        }
        let lineValues: [JSONValue] = lines.map { line in
            .object([
                JSONMember("item", .string(line.item)),
                JSONMember("quantity", .number(String(line.quantity))),
                JSONMember("unit", .string(line.unit)),
                JSONMember("pack_size", line.packSize.map { .number(String($0)) } ?? .null),
                JSONMember("attributes", .array(line.attributes.map { .string($0) })),
                JSONMember("max_unit_price", money(line.maxUnitPrice)),
                JSONMember("span", .array([.number(String(line.span.lowerBound)), .number(String(line.span.upperBound))])),
                JSONMember("confidence", .number(Self.confidenceText(line.confidence))),
            ])
        }
        let questionValues: [JSONValue] = questions.map { question in
            .object([
                JSONMember("field", .string(question.field)),
                JSONMember("line_index", question.lineIndex.map { .number(String($0)) } ?? .null),
                JSONMember("question", .string(question.question)),
                JSONMember("options", .array(question.options.map { .string($0) })),
            ])
        }
        return .object([
            JSONMember("lines", .array(lineValues)),
            JSONMember("budget", money(budget)),
            JSONMember("need_by", needBy.map { .string($0.iso) } ?? .null),
            JSONMember("preferred_vendors", .array(preferredVendors.map { .string($0) })),
            JSONMember("blocked_vendors", .array(blockedVendors.map { .string($0) })),
            JSONMember("deliver_to", deliverTo.map { .string($0) } ?? .null),
            JSONMember("questions", .array(questionValues)),
            JSONMember("warnings", .array(warnings.map { .string($0) })),
        ])
    }

    /// Two decimals, as JSON number text.
    static func confidenceText(_ value: Double) -> String {
        let hundredths = Int((min(max(value, 0), 1) * 100).rounded())
        return FixedDecimal(units: Int64(hundredths) * 100).text()
    }
}
