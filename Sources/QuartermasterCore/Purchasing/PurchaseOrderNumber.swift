/// A purchase order number, unique within an organisation: `PO-2026-000123` is the 123rd order
/// of 2026. The sequence restarts each year and is written with at least six digits.
public struct PurchaseOrderNumber: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let sequence: Int

    public init?(year: Int, sequence: Int) {
        guard (1000...9999).contains(year), sequence >= 1 else { return nil }
        self.year = year
        self.sequence = sequence
    }

    /// Parses `PO-2026-000123` (upper case, four-digit year, at least six sequence digits).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "PO", parts[1].count == 4, parts[2].count >= 6, parts[2].count <= 18,
            parts[1].allSatisfy(\.isASCIIDigit), parts[2].allSatisfy(\.isASCIIDigit),
            let year = Int(parts[1]), let sequence = Int(parts[2]),
            // One spelling per number: no extra leading zeros beyond the six-digit minimum.
            parts[2].count == 6 || parts[2].first != "0"
        else { return nil }
        self.init(year: year, sequence: sequence)
    }

    /// The number after `last` in `year`: the next in sequence, or the first of a new year.
    public static func next(after last: PurchaseOrderNumber?, year: Int) -> PurchaseOrderNumber? {
        guard let last, last.year == year else { return PurchaseOrderNumber(year: year, sequence: 1) }
        return PurchaseOrderNumber(year: year, sequence: last.sequence + 1)
    }

    public var text: String { "PO-\(year)-\(String(sequence).leftPadded(to: 6))" }
    public var description: String { text }

    public static func < (lhs: PurchaseOrderNumber, rhs: PurchaseOrderNumber) -> Bool {
        (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = PurchaseOrderNumber(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a purchase order number: \(text)")
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
