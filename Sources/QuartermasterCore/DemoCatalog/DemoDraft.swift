/// A spec value as it is written in the feed.
enum DemoSpec: Sendable {
    case text(String)
    /// JSON number text, e.g. "0.38".
    case number(String)
    case int(Int)
    case bool(Bool)
    case list([String])
}

/// The content of one product while a product kind fills it in.
struct DemoDraft {
    let brand: String
    /// The model code, unique per product (e.g. "GX27481"); kinds put it in the name.
    let model: String
    /// The title without the brand, e.g. "G-Glide GX27481 Gel Pens, 0.7 mm, Pack of 12".
    var name = ""
    var summary = ""
    var bullets: [String] = []
    var attributes: [String] = []
    var specs: [(String, DemoSpec)] = []
    var options: [(String, [String])] = []
    /// When true, every combination of the options is listed as a variant with its own SKU.
    var explicitVariants = false
    /// Extra price, in percent, of variants having this option value.
    var premiums: [String: Int] = [:]
    var priceCents = 0
    var unit = "EA"
    var lengthMM = 100
    var widthMM = 100
    var heightMM = 100
    var grams = 100

    init(brand: String, model: String) {
        self.brand = brand
        self.model = model
    }

    mutating func spec(_ key: String, _ value: String) { specs.append((key, .text(value))) }
    mutating func spec(_ key: String, _ value: Int) { specs.append((key, .int(value))) }
    mutating func spec(_ key: String, _ value: Bool) { specs.append((key, .bool(value))) }
    mutating func spec(_ key: String, number: String) { specs.append((key, .number(number))) }
    mutating func spec(_ key: String, list: [String]) { specs.append((key, .list(list))) }

    /// Package size in centimetres (one decimal allowed) and weight in grams.
    mutating func package(_ length: Double, _ width: Double, _ height: Double, grams: Int) {
        lengthMM = Int((length * 10).rounded())
        widthMM = Int((width * 10).rounded())
        heightMM = Int((height * 10).rounded())
        self.grams = grams
    }

    mutating func option(_ name: String, _ values: [String]) { options.append((name, values)) }
}

/// One kind of product (e.g. gel pens): where it sits in the catalog and how its content is made.
struct DemoKind: Sendable {
    let top: String
    let sub: String
    let unspsc: String
    /// Relative frequency in the catalog.
    let weight: Int
    let modelPrefix: String
    let brands: [String]
    /// Case sizes (in retail units) the warehouse club sells; empty: it sells single units.
    let bulkPacks: [Int]
    let bulkUnit: String
    let build: @Sendable (inout SplitMix64, inout DemoDraft) -> Void

    init(
        _ top: String, _ sub: String, unspsc: String, weight: Int, model: String, brands: [String], bulk: [Int] = [],
        bulkUnit: String = "CS", build: @escaping @Sendable (inout SplitMix64, inout DemoDraft) -> Void
    ) {
        self.top = top
        self.sub = sub
        self.unspsc = unspsc
        self.weight = weight
        self.modelPrefix = model
        self.brands = brands
        self.bulkPacks = bulk
        self.bulkUnit = bulkUnit
        self.build = build
    }
}

extension DemoKind {
    /// Every kind, in a fixed order (the order is part of the seeded output).
    static let all: [DemoKind] =
        paper + notebooks + writing + toner + filing + desks + chairs + cleaning + kitchen + itAccessories
        + mailing + safety + deskAccessories + presentation + labels + power + lighting

    static let cumulativeWeights: [Int] = {
        var total = 0
        return all.map { kind in
            total += kind.weight
            return total
        }
    }()

    static func pick(_ random: inout SplitMix64) -> Int {
        let roll = random.int(0...(cumulativeWeights[cumulativeWeights.count - 1] - 1))
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] > roll { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// Small text helpers shared by the kinds.
enum DemoText {
    /// Upper-cases the first ASCII letter of every word ("light blue" -> "Light Blue").
    static func capitalized(_ words: String) -> String {
        var bytes = Array(words.utf8)
        var atStart = true
        for index in bytes.indices {
            if atStart && bytes[index] >= 0x61 && bytes[index] <= 0x7A { bytes[index] -= 0x20 }
            atStart = bytes[index] == 0x20
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func thousands(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    static func packPhrase(_ count: Int, _ noun: String = "Pack") -> String { "\(noun) of \(count)" }
}
