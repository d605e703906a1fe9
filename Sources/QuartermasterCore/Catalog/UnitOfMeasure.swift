/// A unit of measure as a UN/CEFACT Recommendation 20/21 code (`EA`, `RM`, `BX`, `PK`, `CS`, …).
/// An offer sells `packSize` base units per unit, so a box of 5 reams and a ream compare per ream.
public struct UnitOfMeasure: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String

    /// Accepts a code (`BX`) or a common English name (`box`, `boxes`, `ream`), case-insensitively.
    public init?(_ text: String) {
        let key = text.trimmingWhitespace().lowercased()
        if let code = Self.aliases[key] {
            self.code = code
        } else if Self.names[key.uppercased()] != nil {
            self.code = key.uppercased()
        } else {
            return nil
        }
    }

    public static let each = UnitOfMeasure(known: "EA")
    private init(known code: String) { self.code = code }

    public var name: String { Self.names[code] ?? code }
    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let unit = UnitOfMeasure(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown unit of measure \(text)")
        }
        self = unit
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// Codes we accept, with their names.
    public static let names: [String: String] = [
        "EA": "each", "C62": "one", "H87": "piece", "PCE": "piece", "RM": "ream", "BX": "box", "PK": "pack", "PA": "packet",
        "CS": "case", "CT": "carton", "DZN": "dozen", "DZ": "dozen", "PR": "pair", "SET": "set", "ST": "sheet", "RO": "roll",
        "BG": "bag", "BO": "bottle", "TU": "tube", "CA": "can", "PL": "pail", "TB": "tub", "PD": "pad", "BK": "book",
        "KGM": "kilogram", "GRM": "gram", "LTR": "litre", "MLT": "millilitre", "MTR": "metre", "CMT": "centimetre",
        "PF": "pallet", "PX": "pallet",
    ]

    static let aliases: [String: String] = [
        "each": "EA", "ea": "EA", "unit": "EA", "units": "EA", "piece": "EA", "pieces": "EA", "pc": "EA", "pcs": "EA",
        "item": "EA", "items": "EA", "ream": "RM", "reams": "RM", "box": "BX", "boxes": "BX", "pack": "PK", "packs": "PK",
        "package": "PK", "packages": "PK", "packet": "PA", "packets": "PA", "case": "CS", "cases": "CS", "carton": "CT",
        "cartons": "CT", "dozen": "DZN", "dozens": "DZN", "pair": "PR", "pairs": "PR", "set": "SET", "sets": "SET",
        "sheet": "ST", "sheets": "ST", "roll": "RO", "rolls": "RO", "bag": "BG", "bags": "BG", "bottle": "BO",
        "bottles": "BO", "tube": "TU", "tubes": "TU", "can": "CA", "cans": "CA", "pad": "PD", "pads": "PD", "book": "BK",
        "books": "BK", "kg": "KGM", "kilogram": "KGM", "g": "GRM", "gram": "GRM", "l": "LTR", "litre": "LTR", "liter": "LTR",
        "ml": "MLT", "m": "MTR", "metre": "MTR", "meter": "MTR", "cm": "CMT", "pallet": "PF", "pallets": "PF", "tub": "TB",
    ]
}
