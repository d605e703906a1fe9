import Foundation

/// An exact decimal with four places, held as an integer count of ten-thousandths. Money and
/// quantities are never binary floating point: `12.99` is `129_900` units.
public struct FixedDecimal: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public static let scale: Int64 = 10_000
    public static let places = 4
    public var units: Int64

    public init(units: Int64) { self.units = units }
    public init(_ whole: Int) { self.units = Int64(whole) * Self.scale }
    public static let zero = FixedDecimal(units: 0)

    /// Parses `12`, `12.5`, `-0.0001`, `1e3` (exponents only when the result stays exact). Returns nil
    /// for anything else, for more than four decimal places, and beyond ±900 trillion.
    public init?(parsing text: some StringProtocol) {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(mantissa[mantissa.index(after: e)...]), abs(value) <= 20 else { return nil }
            exponent = value
            mantissa = mantissa[..<e]
        }
        var negative = false
        if mantissa.first == "-" {
            negative = true
            mantissa = mantissa.dropFirst()
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && (fraction.isEmpty || !fraction.allSatisfy(\.isASCIIDigit)) { return nil }
        // Shift the decimal point by the exponent.
        var digits = String(whole) + fraction
        var fractionCount = fraction.count - exponent
        if fractionCount < 0 {
            digits += String(repeating: "0", count: -fractionCount)
            fractionCount = 0
        }
        // Trailing zeros beyond four places are harmless; anything else is not exact.
        while fractionCount > Self.places, digits.last == "0" {
            digits.removeLast()
            fractionCount -= 1
        }
        guard fractionCount <= Self.places else { return nil }
        digits += String(repeating: "0", count: Self.places - fractionCount)
        fraction = ""
        let trimmed = digits.drop(while: { $0 == "0" })
        guard trimmed.count <= 18, let value = Int64(trimmed.isEmpty ? "0" : String(trimmed)) else { return nil }
        self.units = negative ? -value : value
    }

    /// Shortest text with at least `minimumPlaces` decimals: `12.99`, `0.5` → `0.50`, `3.1415`.
    public func text(minimumPlaces: Int = 0) -> String {
        let negative = units < 0
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var fraction = String(magnitude % UInt64(Self.scale)).leftPadded(to: Self.places)
        while fraction.count > minimumPlaces, fraction.last == "0" { fraction.removeLast() }
        let sign = negative ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    public var description: String { text() }
    /// The same value as a `Decimal`, built from its digits (no division), trailing zeros dropped.
    public var decimal: Decimal {
        var significand = units.magnitude
        var exponent = -Self.places
        while exponent < 0, significand != 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        if significand == 0 { exponent = 0 }
        return Decimal(sign: units < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
    }

    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.units < rhs.units }
    public static func + (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal { FixedDecimal(units: lhs.units + rhs.units) }
    public static func - (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal { FixedDecimal(units: lhs.units - rhs.units) }
    public static func * (lhs: FixedDecimal, rhs: Int) -> FixedDecimal { FixedDecimal(units: lhs.units * Int64(rhs)) }

    /// `self / divisor`, rounded half-up to four places (per-base-unit prices).
    public func divided(by divisor: Int) -> FixedDecimal {
        guard divisor > 0 else { return self }
        let d = Int64(divisor)
        let q = units / d
        let r = units % d
        return FixedDecimal(units: q + (2 * abs(r) >= d ? (units < 0 ? -1 : 1) : 0))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let value = FixedDecimal(parsing: text) {
            self = value
        } else {
            let decimal = try container.decode(Decimal.self)
            guard let value = FixedDecimal(parsing: "\(decimal)") else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an exact decimal")
            }
            self = value
        }
    }

    /// Encodes as a JSON number with the exact digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimal)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// An ISO 4217 currency code the platform knows.
public struct CurrencyCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    public init?(_ text: String) {
        let upper = text.uppercased()
        guard Self.known.contains(upper) else { return nil }
        code = upper
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown currency \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// Active ISO 4217 codes.
    public static let known: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD",
        "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE",
        "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF",
        "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS",
        "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
        "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR",
        "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
        "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD",
        "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR",
        "ZMW", "ZWG",
    ]
}

/// An amount in a currency.
public struct Money: Sendable, Hashable, Codable {
    public var amount: FixedDecimal
    public var currency: CurrencyCode

    public init(_ amount: FixedDecimal, _ currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }
}
