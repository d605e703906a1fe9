/// What a request becomes once understood: lines to buy and the constraints around them. Stored as
/// JSON (snake_case keys) on the request and given to every later step of the run.
public struct Requisition: Sendable, Hashable, Codable {
    public var lines: [RequisitionLine]
    /// Cap on the whole purchase (items and shipping).
    public var budget: Money?
    /// ISO date (`2026-11-27`) by which everything must arrive.
    public var needBy: String?
    public var deliverTo: String?
    public var costCentre: String?
    public var preferences: Preferences
    public var settings: Settings
    /// What the understanding could not settle; the run waits for answers while any remain.
    public var questions: [Question]
    /// Things noticed and not acted on (e.g. instructions inside the request text).
    public var warnings: [String]

    public init(
        lines: [RequisitionLine], budget: Money? = nil, needBy: String? = nil, deliverTo: String? = nil, costCentre: String? = nil,
        preferences: Preferences = Preferences(), settings: Settings = Settings(), questions: [Question] = [], warnings: [String] = []
    ) {
        self.lines = lines
        self.budget = budget
        self.needBy = needBy
        self.deliverTo = deliverTo
        self.costCentre = costCentre
        self.preferences = preferences
        self.settings = settings
        self.questions = questions
        self.warnings = warnings
    }

    public struct Preferences: Sendable, Hashable, Codable {
        public var preferredVendors: [String]
        public var blockedVendors: [String]
        public var brands: [String]
        public var eco: Bool

        public init(preferredVendors: [String] = [], blockedVendors: [String] = [], brands: [String] = [], eco: Bool = false) {
            self.preferredVendors = preferredVendors
            self.blockedVendors = blockedVendors
            self.brands = brands
            self.eco = eco
        }

        enum CodingKeys: String, CodingKey {
            case preferredVendors = "preferred_vendors", blockedVendors = "blocked_vendors", brands, eco
        }
    }

    public struct Settings: Sendable, Hashable, Codable {
        /// Only these vendors are asked (ids or names); empty means every vendor.
        public var targetVendors: [String]
        public var maxCandidates: Int
        public var negotiation: Bool

        public init(targetVendors: [String] = [], maxCandidates: Int = 5, negotiation: Bool = false) {
            self.targetVendors = targetVendors
            self.maxCandidates = maxCandidates
            self.negotiation = negotiation
        }

        enum CodingKeys: String, CodingKey {
            case targetVendors = "target_vendors", maxCandidates = "max_candidates", negotiation
        }
    }

    /// A clarifying question; `line` is the line's index when it is about one line.
    public struct Question: Sendable, Hashable, Codable {
        public var id: String
        public var field: String
        public var line: Int?
        public var question: String
        public var options: [String]

        public init(id: String, field: String, line: Int? = nil, question: String, options: [String] = []) {
            self.id = id
            self.field = field
            self.line = line
            self.question = question
            self.options = options
        }
    }

    enum CodingKeys: String, CodingKey {
        case lines, budget, needBy = "need_by", deliverTo = "deliver_to", costCentre = "cost_centre", preferences, settings, questions,
            warnings
    }
}

/// One thing to buy.
public struct RequisitionLine: Sendable, Hashable, Codable {
    public var description: String
    /// In `unit`s; with `packSize`, each unit holds that many base units.
    public var quantity: Int
    /// UN/CEFACT code (EA, RM, BX, PK, …).
    public var unit: String
    public var packSize: Int?
    public var attributes: [String]
    public var maxUnitPrice: FixedDecimal?
    /// Where in the request text the line came from (start, end offsets in characters), if from text.
    public var span: [Int]?
    /// How sure the understanding is, 0 to 1 (1 for structured input).
    public var confidence: Double
    /// Offers an approver rejected for this line ("vendor_id/vendor_sku"); sourcing skips them.
    public var excludedOffers: [String]? = nil

    public init(
        description: String, quantity: Int, unit: String = "EA", packSize: Int? = nil, attributes: [String] = [],
        maxUnitPrice: FixedDecimal? = nil, span: [Int]? = nil, confidence: Double = 1
    ) {
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.packSize = packSize
        self.attributes = attributes
        self.maxUnitPrice = maxUnitPrice
        self.span = span
        self.confidence = confidence
    }

    /// Base units wanted: `quantity` packs of `packSize`, or `quantity` itself.
    public var baseQuantity: Int { quantity * max(1, packSize ?? 1) }

    /// The text handed to catalog matching: description, attributes, pack and price cap.
    public var matchText: String {
        var parts = [description]
        for attribute in attributes where !description.lowercased().contains(attribute.lowercased()) { parts.append(attribute) }
        if let packSize, packSize > 1, let unit = UnitOfMeasure(unit), unit != .each {
            parts.append("\(unit.name.lowercased()) of \(packSize)")
        }
        if let maxUnitPrice { parts.append("under \(maxUnitPrice.text(minimumPlaces: 2))") }
        return parts.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case description, quantity, unit, packSize = "pack_size", attributes, maxUnitPrice = "max_unit_price", span, confidence,
            excludedOffers = "excluded_offers"
    }
}
