import Foundation

// The JSON contract of `quartermaster pack --input load.json`.
//
// Input:  {"container": {"length", "width", "height", "max_weight"?},
//          "items": [{"id", "length", "width", "height", "weight"?, "quantity"?, "orientations"?, "max_load_on_top"?}],
//          "time_limit_seconds"?}
// Output: {"containers": [{"length", "width", "height", "boxes": [{"item", "x", "y", "z", "dx", "dy", "dz", ...}], ...}],
//          "utilization", "unpacked": [{"item", "reason", "quantity"}], "seconds", "weight", "weight_utilization"?,
//          "center_of_gravity"?: {"x", "y", "z"}}
//
// Decoding is lenient: every number is read as a Double, missing or wrong values become an "unpacked" reason
// instead of a decoding error. Defaults: quantity 1, weight 0, orientations "any", time limit 2 s.

/// How an item may be turned: which of its own axes (0 length, 1 width, 2 height) may point up.
public enum PackingOrientations: Sendable, Hashable, Codable {
    /// Any axis may point up (`"any"`).
    case any
    /// Only the item's height axis points up (`"upright"`, "this side up").
    case upright
    /// The listed axes may point up (`[0, 2]`).
    case verticalAxes([Int])
    /// Something that is none of the above; packed as "no allowed orientation".
    case invalid(String)

    public var allowedVerticalAxes: [Int] {
        switch self {
        case .any: [0, 1, 2]
        case .upright: [2]
        case .verticalAxes(let axes): Array(Set(axes.filter { (0...2).contains($0) })).sorted()
        case .invalid: []
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            switch text.lowercased() {
            case "any", "all": self = .any
            case "upright", "this side up": self = .upright
            default: self = .invalid(text)
            }
        } else if let numbers = try? container.decode([Double].self) {
            let axes = numbers.compactMap { value -> Int? in
                value == value.rounded() && value >= 0 && value <= 2 ? Int(value) : nil
            }
            self = axes.count == numbers.count ? .verticalAxes(axes) : .invalid("\(numbers)")
        } else {
            self = .invalid("unreadable")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .any: try container.encode("any")
        case .upright: try container.encode("upright")
        case .verticalAxes(let axes): try container.encode(axes)
        case .invalid(let text): try container.encode(text)
        }
    }
}

/// The `pack` request.
public struct PackingInput: Sendable, Hashable, Codable {
    public struct Container: Sendable, Hashable, Codable {
        public var length: Double?
        public var width: Double?
        public var height: Double?
        public var maxWeight: Double?

        public init(length: Double?, width: Double?, height: Double?, maxWeight: Double? = nil) {
            self.length = length
            self.width = width
            self.height = height
            self.maxWeight = maxWeight
        }

        enum CodingKeys: String, CodingKey {
            case length, width, height
            case maxWeight = "max_weight"
        }

        public init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            length = values.lenientDouble(.length)
            width = values.lenientDouble(.width)
            height = values.lenientDouble(.height)
            maxWeight = values.lenientDouble(.maxWeight)
        }
    }

    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        public var length: Double?
        public var width: Double?
        public var height: Double?
        public var weight: Double?
        public var quantity: Double?
        public var orientations: PackingOrientations?
        public var maxLoadOnTop: Double?

        public init(
            id: String, length: Double?, width: Double?, height: Double?, weight: Double? = nil, quantity: Double? = nil,
            orientations: PackingOrientations? = nil, maxLoadOnTop: Double? = nil
        ) {
            self.id = id
            self.length = length
            self.width = width
            self.height = height
            self.weight = weight
            self.quantity = quantity
            self.orientations = orientations
            self.maxLoadOnTop = maxLoadOnTop
        }

        enum CodingKeys: String, CodingKey {
            case id, length, width, height, weight, quantity, orientations
            case maxLoadOnTop = "max_load_on_top"
        }

        public init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? values.decode(String.self, forKey: .id) {
                id = text
            } else if let number = values.lenientDouble(.id) {
                id = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            } else {
                id = ""
            }
            length = values.lenientDouble(.length)
            width = values.lenientDouble(.width)
            height = values.lenientDouble(.height)
            weight = values.lenientDouble(.weight)
            quantity = values.lenientDouble(.quantity)
            if values.contains(.orientations), (try? values.decodeNil(forKey: .orientations)) != true {
                orientations = (try? values.decode(PackingOrientations.self, forKey: .orientations)) ?? .invalid("unreadable")
            } else {
                orientations = nil
            }
            maxLoadOnTop = values.lenientDouble(.maxLoadOnTop)
        }
    }

    public var container: Container
    public var items: [Item]
    public var timeLimitSeconds: Double?

    public init(container: Container, items: [Item], timeLimitSeconds: Double? = nil) {
        self.container = container
        self.items = items
        self.timeLimitSeconds = timeLimitSeconds
    }

    enum CodingKeys: String, CodingKey {
        case container, items
        case timeLimitSeconds = "time_limit_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        container = (try? values.decode(Container.self, forKey: .container)) ?? Container(length: nil, width: nil, height: nil)
        items = (try? values.decode([Item].self, forKey: .items)) ?? []
        timeLimitSeconds = values.lenientDouble(.timeLimitSeconds)
    }
}

/// The `pack` response.
public struct PackingOutput: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var x: Double
        public var y: Double
        public var z: Double

        public init(x: Double, y: Double, z: Double) {
            self.x = x
            self.y = y
            self.z = z
        }
    }

    public struct Box: Sendable, Hashable, Codable {
        public var item: String
        public var x: Double
        public var y: Double
        public var z: Double
        public var dx: Double
        public var dy: Double
        public var dz: Double
        /// Which of the item's own axes (0 length, 1 width, 2 height) lies along x, y and z.
        public var orientation: [Int]?
        public var weight: Double?

        public init(
            item: String, x: Double, y: Double, z: Double, dx: Double, dy: Double, dz: Double, orientation: [Int]? = nil,
            weight: Double? = nil
        ) {
            self.item = item
            self.x = x
            self.y = y
            self.z = z
            self.dx = dx
            self.dy = dy
            self.dz = dz
            self.orientation = orientation
            self.weight = weight
        }
    }

    public struct Container: Sendable, Hashable, Codable {
        public var length: Double
        public var width: Double
        public var height: Double
        public var boxes: [Box]
        public var maxWeight: Double?
        public var utilization: Double?
        public var weight: Double?
        public var centerOfGravity: Point?

        public init(
            length: Double, width: Double, height: Double, boxes: [Box], maxWeight: Double? = nil, utilization: Double? = nil,
            weight: Double? = nil, centerOfGravity: Point? = nil
        ) {
            self.length = length
            self.width = width
            self.height = height
            self.boxes = boxes
            self.maxWeight = maxWeight
            self.utilization = utilization
            self.weight = weight
            self.centerOfGravity = centerOfGravity
        }

        enum CodingKeys: String, CodingKey {
            case length, width, height, boxes, utilization, weight
            case maxWeight = "max_weight"
            case centerOfGravity = "center_of_gravity"
        }
    }

    public struct Unpacked: Sendable, Hashable, Codable {
        public var item: String
        public var reason: String
        /// Number of boxes this entry stands for (1 unless an item has very many unpacked boxes).
        public var quantity: Int?

        public init(item: String, reason: String, quantity: Int? = nil) {
            self.item = item
            self.reason = reason
            self.quantity = quantity
        }
    }

    public var containers: [Container]
    public var utilization: Double
    public var unpacked: [Unpacked]
    public var seconds: Double
    public var weight: Double?
    public var weightUtilization: Double?
    public var centerOfGravity: Point?

    public init(
        containers: [Container], utilization: Double, unpacked: [Unpacked], seconds: Double, weight: Double? = nil,
        weightUtilization: Double? = nil, centerOfGravity: Point? = nil
    ) {
        self.containers = containers
        self.utilization = utilization
        self.unpacked = unpacked
        self.seconds = seconds
        self.weight = weight
        self.weightUtilization = weightUtilization
        self.centerOfGravity = centerOfGravity
    }

    enum CodingKeys: String, CodingKey {
        case containers, utilization, unpacked, seconds, weight
        case weightUtilization = "weight_utilization"
        case centerOfGravity = "center_of_gravity"
    }
}

extension KeyedDecodingContainer {
    /// A number, or `nil` when the key is missing, null or not a number.
    func lenientDouble(_ key: Key) -> Double? {
        guard contains(key), (try? decodeNil(forKey: key)) != true else { return nil }
        return try? decode(Double.self, forKey: key)
    }
}

extension Packer {
    /// Unpacked boxes are listed one entry per box up to this many per item and reason; the rest of a
    /// larger count is one more entry carrying its `quantity`.
    public static let maxListedUnpackedPerItem = 1_000

    /// The CLI contract: decode → `pack` → encode with sorted keys.
    public static func pack(_ input: PackingInput) -> PackingOutput {
        let clock = ContinuousClock()
        let start = clock.now
        var unpacked: [PackingOutput.Unpacked] = []
        let (problem, rejected) = problem(from: input)
        let result = solveOne(problem, start: start)
        var entries = rejected
        for entry in result.unpacked {
            let index = entry.itemIndex.map { problem.items[$0].id } ?? entry.item
            entries.append((index, entry.reason, entry.quantity))
        }
        for (item, reason, quantity) in entries {
            let listed = min(quantity, maxListedUnpackedPerItem)
            for _ in 0..<listed { unpacked.append(PackingOutput.Unpacked(item: item, reason: reason, quantity: 1)) }
            if quantity > listed { unpacked.append(PackingOutput.Unpacked(item: item, reason: reason, quantity: quantity - listed)) }
        }
        var output = output(from: result)
        output.unpacked = unpacked
        output.seconds = (clock.now - start).inSeconds
        return output
    }

    /// Converts the wire request into a domain problem; items that cannot be read are returned as
    /// (item, reason, quantity) instead.
    public static func problem(from input: PackingInput) -> (PackingProblem, [(String, String, Int)]) {
        var rejected: [(String, String, Int)] = []
        var items: [PackingItem] = []
        for (index, raw) in input.items.enumerated() {
            let id = raw.id.isEmpty ? "item-\(index + 1)" : raw.id
            let quantityValue = raw.quantity ?? 1
            guard quantityValue.isFinite, quantityValue >= 0, quantityValue == quantityValue.rounded() else {
                rejected.append((id, PackingReason.invalidQuantity, 1))
                continue
            }
            let quantity = Int(min(quantityValue, 1e12))
            if quantity == 0 { continue }
            let reportQuantity = quantity
            var missing: String?
            for (name, value) in [("length", raw.length), ("width", raw.width), ("height", raw.height)] where value == nil {
                missing = missing ?? name
            }
            if let missing {
                rejected.append((id, PackingReason.invalidDimension(missing, missing: true), reportQuantity))
                continue
            }
            if case .invalid(let text) = raw.orientations {
                rejected.append((id, "\(PackingReason.noAllowedOrientation): orientations \"\(text)\" not understood", reportQuantity))
                continue
            }
            items.append(
                PackingItem(
                    id: id, length: raw.length ?? 0, width: raw.width ?? 0, height: raw.height ?? 0, weight: raw.weight ?? 0,
                    quantity: quantity, verticalAxes: (raw.orientations ?? .any).allowedVerticalAxes,
                    maxLoadOnTop: raw.maxLoadOnTop))
        }
        let container = PackingContainer(
            length: input.container.length ?? .nan, width: input.container.width ?? .nan, height: input.container.height ?? .nan,
            maxWeight: input.container.maxWeight)
        var options = PackingOptions()
        if let limit = input.timeLimitSeconds, limit.isFinite, limit > 0 { options.timeLimitSeconds = min(limit, 3600) }
        return (PackingProblem(container: container, items: items, options: options), rejected)
    }

    /// Converts a result to the wire response (unpacked entries aggregated per item and reason).
    public static func output(from result: PackingResult) -> PackingOutput {
        let containers = result.containers.map(output(container:))
        return PackingOutput(
            containers: containers, utilization: result.utilization,
            unpacked: result.unpacked.map { PackingOutput.Unpacked(item: $0.item, reason: $0.reason, quantity: $0.quantity) },
            seconds: result.seconds, weight: result.weight, weightUtilization: result.weightUtilization,
            centerOfGravity: result.centerOfGravity.map { PackingOutput.Point(x: $0.x, y: $0.y, z: $0.z) })
    }

    /// One packed container as the wire shows it (a layout).
    public static func output(container packed: PackedContainer) -> PackingOutput.Container {
        PackingOutput.Container(
            length: packed.container.length.isFinite ? packed.container.length : 0,
            width: packed.container.width.isFinite ? packed.container.width : 0,
            height: packed.container.height.isFinite ? packed.container.height : 0,
            boxes: packed.boxes.map { box in
                PackingOutput.Box(
                    item: box.item, x: box.x, y: box.y, z: box.z, dx: box.dx, dy: box.dy, dz: box.dz, orientation: box.orientation,
                    weight: box.weight)
            },
            maxWeight: packed.container.maxWeight, utilization: packed.volumeUtilization, weight: packed.weight,
            centerOfGravity: packed.centerOfGravity.map { PackingOutput.Point(x: $0.x, y: $0.y, z: $0.z) })
    }

    /// Encodes the response as the CLI prints it (sorted keys).
    public static func encode(_ output: PackingOutput, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        return try encoder.encode(output)
    }
}
