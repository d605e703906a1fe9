/// Turns order lines into a load the packer and the vehicle chooser take: one package per unit
/// ordered, sized and weighed from the product's specs (`package_length_cm`, `package_width_cm`,
/// `package_height_cm`, `package_weight_kg`), or — when a product lacks them — from a default for
/// its category, and then the result says which lines are estimates.
public enum LoadAnalysis {
    /// One line to move.
    public struct Line: Sendable, Hashable {
        public var id: String
        public var description: String
        public var quantity: Int
        /// Numeric specs of the product (only the package ones are read).
        public var specs: [String: Double]
        public var category: [String]

        public init(id: String, description: String, quantity: Int, specs: [String: Double], category: [String]) {
            self.id = id
            self.description = description
            self.quantity = quantity
            self.specs = specs
            self.category = category
        }
    }

    /// A package size and weight.
    public struct Package: Sendable, Hashable {
        public var lengthCm: Double
        public var widthCm: Double
        public var heightCm: Double
        public var weightKg: Double
    }

    public struct Result: Sendable, Hashable {
        /// One packing item per line (quantity = units ordered).
        public var items: [PackingItem]
        public var weightKg: Double
        public var volumeM3: Double
        public var packages: Int
        /// Lines sized from their category's default rather than their own specs.
        public var estimated: [String]
    }

    public static func analyse(_ lines: [Line]) -> Result {
        var items: [PackingItem] = []
        var estimated: [String] = []
        for line in lines where line.quantity > 0 {
            let package: Package
            if let own = Self.package(line.specs) {
                package = own
            } else {
                package = categoryDefault(line.category)
                estimated.append(line.id)
            }
            items.append(
                PackingItem(
                    id: line.id, length: package.lengthCm, width: package.widthCm, height: package.heightCm, weight: package.weightKg,
                    quantity: line.quantity))
        }
        let weight = items.reduce(0.0) { $0 + $1.weight * Double($1.quantity) }
        let volume = items.reduce(0.0) { $0 + $1.length * $1.width * $1.height * Double($1.quantity) } / 1_000_000
        return Result(
            items: items, weightKg: weight, volumeM3: volume, packages: items.reduce(0) { $0 + $1.quantity }, estimated: estimated)
    }

    /// The product's own package, when its specs give all four measures, positive.
    static func package(_ specs: [String: Double]) -> Package? {
        guard let length = specs["package_length_cm"], let width = specs["package_width_cm"], let height = specs["package_height_cm"],
            let weight = specs["package_weight_kg"], length > 0, width > 0, height > 0, weight >= 0
        else { return nil }
        return Package(lengthCm: length, widthCm: width, heightCm: height, weightKg: weight)
    }

    /// A typical shipping package for the category (its first level, by keyword), else a small
    /// carton. Deliberately generous: an estimate should not promise room that is not there.
    public static func categoryDefault(_ category: [String]) -> Package {
        let top = (category.first ?? "").lowercased()
        let defaults: [(String, Package)] = [
            ("chair", Package(lengthCm: 70, widthCm: 65, heightCm: 60, weightKg: 16)),
            ("desk", Package(lengthCm: 160, widthCm: 80, heightCm: 15, weightKg: 35)),
            ("furniture", Package(lengthCm: 100, widthCm: 60, heightCm: 40, weightKg: 25)),
            ("paper", Package(lengthCm: 30, widthCm: 21, heightCm: 5, weightKg: 2.5)),
            ("toner", Package(lengthCm: 40, widthCm: 15, heightCm: 15, weightKg: 1.5)),
            ("ink", Package(lengthCm: 12, widthCm: 8, heightCm: 4, weightKg: 0.1)),
            ("kitchen", Package(lengthCm: 30, widthCm: 20, heightCm: 20, weightKg: 2)),
            ("cleaning", Package(lengthCm: 30, widthCm: 20, heightCm: 25, weightKg: 4)),
            ("it", Package(lengthCm: 25, widthCm: 20, heightCm: 10, weightKg: 1)),
            ("writing", Package(lengthCm: 16, widthCm: 8, heightCm: 3, weightKg: 0.2)),
        ]
        for (keyword, package) in defaults where top.contains(keyword) { return package }
        return Package(lengthCm: 30, widthCm: 25, heightCm: 20, weightKg: 3)
    }
}
