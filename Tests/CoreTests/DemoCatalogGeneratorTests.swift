import Foundation
import Testing

@testable import QuartermasterCore

@Suite struct DemoCatalogGeneratorTests {
    static let required = [
        "sku", "title", "brand", "description", "bullet_points", "category", "specs", "images", "gtin", "mpn", "unspsc",
        "price", "currency", "stock", "moq", "order_multiple", "lead_time_days", "unit", "pack_size",
    ]

    static func lines(_ generator: DemoCatalogGenerator, vendor: Int) -> [String] {
        var lines: [String] = []
        generator.forEachRecord(vendor: vendor) { lines.append($0) }
        return lines
    }

    static func records(_ generator: DemoCatalogGenerator, vendor: Int) throws -> [[String: Any]] {
        try lines(generator, vendor: vendor).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The default catalog parsed, one array of records per vendor.
    static func defaultCatalog() throws -> [[[String: Any]]] {
        let generator = DemoCatalogGenerator()
        return try (0..<5).map { try records(generator, vendor: $0) }
    }

    @Test func fiveVendorsWithDistinctPrefixes() {
        let vendors = DemoCatalogGenerator().vendors
        #expect(vendors.count == 5)
        #expect(Set(vendors.map(\.skuPrefix)).count == 5)
        #expect(Set(vendors.map(\.name)).count == 5)
        #expect(vendors.allSatisfy { $0.kind == "external" && $0.currency == "USD" && (0...1).contains($0.reliability) })
    }

    @Test func sameSeedGivesTheSameBytes() {
        let first = DemoCatalogGenerator(products: 400, seed: 7)
        let second = DemoCatalogGenerator(products: 400, seed: 7)
        let other = DemoCatalogGenerator(products: 400, seed: 8)
        for vendor in 0..<5 {
            #expect(Self.lines(first, vendor: vendor) == Self.lines(second, vendor: vendor))
            #expect(Self.lines(first, vendor: vendor) != Self.lines(other, vendor: vendor))
        }
    }

    @Test func smallerCatalogIsAPrefixOfALargerOne() {
        let small = DemoCatalogGenerator(products: 300)
        let large = DemoCatalogGenerator(products: 900)
        for vendor in 0..<5 {
            let smallLines = Self.lines(small, vendor: vendor)
            #expect(Array(Self.lines(large, vendor: vendor).prefix(smallLines.count)) == smallLines)
        }
    }

    @Test func everyLineIsOneJSONObjectWithTheRequiredKeys() throws {
        let generator = DemoCatalogGenerator(products: 600)
        for vendor in 0..<5 {
            for line in Self.lines(generator, vendor: vendor) {
                #expect(!line.contains("\n"))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                for key in Self.required { #expect(object[key] != nil, "missing \(key) in \(line.prefix(80))") }
                #expect((object["category"] as? [String])?.count == 2)
            }
        }
    }

    @Test func defaultCatalogHasAtLeast2000ProductsOver15Categories() throws {
        let catalog = try Self.defaultCatalog()
        var gtins = Set<String>()
        var tops = Set<String>()
        var paths = Set<[String]>()
        for record in catalog.joined() {
            gtins.insert(record["gtin"] as? String ?? "")
            let category = record["category"] as? [String] ?? []
            tops.insert(category.first ?? "")
            paths.insert(category)
        }
        #expect(gtins.count >= 2_000)
        #expect(tops.count >= 15)
        #expect(paths.count >= 60)
    }

    @Test func gtinsHaveValidCheckDigits() throws {
        let catalog = try Self.defaultCatalog()
        for record in catalog.joined() {
            let gtin = record["gtin"] as? String ?? ""
            #expect(gtin.count == 13 && gtin.allSatisfy(\.isNumber))
            let digits = gtin.compactMap(\.wholeNumberValue)
            let sum = digits.prefix(12).enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? $1.element : $1.element * 3) }
            #expect((10 - sum % 10) % 10 == digits.last, "bad check digit in \(gtin)")
        }
    }

    @Test func skusAreUniquePerVendorAndCarryThePrefix() throws {
        let catalog = try Self.defaultCatalog()
        let vendors = DemoCatalogGenerator().vendors
        for (index, records) in catalog.enumerated() {
            var skus = Set<String>()
            var count = 0
            for record in records {
                var all = [record["sku"] as? String ?? ""]
                for variant in record["variants"] as? [[String: Any]] ?? [] { all.append(variant["sku"] as? String ?? "") }
                for sku in all {
                    #expect(sku.hasPrefix(vendors[index].skuPrefix))
                    skus.insert(sku)
                    count += 1
                }
            }
            #expect(skus.count == count, "duplicate SKUs at \(vendors[index].name)")
        }
    }

    @Test func productContentIsTheSameAtEveryVendor() throws {
        let catalog = try Self.defaultCatalog()
        var seen: [String: [String: String]] = [:]
        for record in catalog.joined() {
            let gtin = record["gtin"] as? String ?? ""
            var content: [String: String] = [:]
            for key in ["title", "brand", "mpn", "unspsc"] { content[key] = record[key] as? String }
            content["category"] = (record["category"] as? [String])?.joined(separator: "/")
            let specs = try JSONSerialization.data(withJSONObject: record["specs"] ?? [:], options: [.sortedKeys])
            content["specs"] = String(decoding: specs, as: UTF8.self)
            if let previous = seen[gtin] { #expect(previous == content) } else { seen[gtin] = content }
        }
        let titles = Set(seen.values.map { $0["title"] ?? "" })
        #expect(titles.count == seen.count, "titles are not unique")
    }

    @Test func atLeastHalfTheProductsHaveSeveralVendors() throws {
        let catalog = try Self.defaultCatalog()
        var vendorsPerGTIN: [String: Int] = [:]
        for records in catalog {
            for record in records { vendorsPerGTIN[record["gtin"] as? String ?? "", default: 0] += 1 }
        }
        let shared = vendorsPerGTIN.values.filter { $0 >= 2 }.count
        #expect(Double(shared) >= 0.5 * Double(vendorsPerGTIN.count))
    }

    @Test func pricesArePositiveWithTwoDecimals() throws {
        let money = try Regex(#""price":(\d+\.\d\d)[,}]"#)
        let anyPrice = try Regex(#""price":([^,}]*)"#)
        for vendor in 0..<5 {
            for line in Self.lines(DemoCatalogGenerator(), vendor: vendor) {
                let all = line.matches(of: anyPrice).count
                let good = line.matches(of: money)
                #expect(all > 0 && all == good.count, "price without two decimals in \(line.prefix(80))")
                for match in good {
                    #expect((Double(line[match.range].dropFirst(8).dropLast()) ?? 0) > 0)
                }
            }
        }
    }

    @Test func warehouseClubSellsCasesAndSomeOffersAreOutOfStock() throws {
        let catalog = try Self.defaultCatalog()
        let club = catalog[2]
        #expect(club.contains { ($0["unit"] as? String) == "CS" && ($0["pack_size"] as? Int ?? 0) >= 6 })
        for records in catalog { #expect(records.contains { ($0["stock"] as? Int) == 0 }) }
        #expect(catalog[1].filter { $0["price_breaks"] != nil }.count * 2 > catalog[1].count)
    }

    @Test func scalesWithUniqueIdentifiers() {
        let generator = DemoCatalogGenerator(products: 20_000)
        var gtins = Set<String>()
        var count = 0
        generator.forEachRecord(vendor: 0) { line in
            let start = line.range(of: "\"gtin\":\"")!.upperBound
            gtins.insert(String(line[start...].prefix(13)))
            count += 1
        }
        #expect(gtins.count == count)
        #expect(count > 15_000)
    }

    @Test func checkDigitMatchesKnownGTIN() {
        #expect(DemoProduct.checkDigit("400638133393") == 1)  // 4006381333931, the GS1 example
    }
}
