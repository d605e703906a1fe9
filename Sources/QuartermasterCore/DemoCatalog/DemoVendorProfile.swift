/// How one demo vendor prices, stocks and packs what it sells.
struct DemoVendorProfile: Sendable {
    enum Model: Sendable { case marketplace, officeSupplier, warehouseClub, localOffice, localFacilities }

    let vendor: DemoVendor
    let model: Model
    let defaultCoverage: Double
    let coverageByCategory: [String: Double]

    func coverage(_ top: String) -> Double { coverageByCategory[top] ?? defaultCoverage }

    static let all: [DemoVendorProfile] = [
        DemoVendorProfile(
            vendor: DemoVendor(
                name: "Bazaar Marketplace", kind: "external", contactEmail: "sellers@bazaar-marketplace.test",
                website: "https://www.bazaar-marketplace.test", currency: "USD", shippingFee: "5.99",
                freeShippingOver: "35.00", minOrderValue: nil, leadTimeDays: 3, reliability: 0.91, skuPrefix: "BZ"),
            model: .marketplace, defaultCoverage: 0.89,
            coverageByCategory: ["Desks": 0.8, "Chairs": 0.82]),
        DemoVendorProfile(
            vendor: DemoVendor(
                name: "OfficeHub Supply", kind: "external", contactEmail: "orders@officehub-supply.test",
                website: "https://www.officehub-supply.test", currency: "USD", shippingFee: "7.95",
                freeShippingOver: "50.00", minOrderValue: nil, leadTimeDays: 1, reliability: 0.97, skuPrefix: "OH-"),
            model: .officeSupplier, defaultCoverage: 0.6,
            coverageByCategory: [
                "Paper": 0.8, "Writing Instruments": 0.8, "Toner & Ink": 0.85, "Filing & Storage": 0.75,
                "Desk Accessories": 0.75, "Notebooks & Pads": 0.75, "Labels & Labelling": 0.75,
                "Kitchen & Breakroom": 0.4, "Cleaning Supplies": 0.45, "Safety & First Aid": 0.4, "Lighting": 0.4,
            ]),
        DemoVendorProfile(
            vendor: DemoVendor(
                name: "BulkBarn Warehouse Club", kind: "external", contactEmail: "business@bulkbarn-club.test",
                website: "https://business.bulkbarn-club.test", currency: "USD", shippingFee: "0.00",
                freeShippingOver: nil, minOrderValue: "250.00", leadTimeDays: 5, reliability: 0.88, skuPrefix: "BB-"),
            model: .warehouseClub, defaultCoverage: 0.22,
            coverageByCategory: [
                "Paper": 0.6, "Cleaning Supplies": 0.7, "Kitchen & Breakroom": 0.7, "Batteries & Power": 0.6,
                "Mailing & Shipping": 0.5, "Writing Instruments": 0.38, "Notebooks & Pads": 0.4, "Toner & Ink": 0.28,
                "Safety & First Aid": 0.4, "Filing & Storage": 0.3, "Desks": 0.2, "Chairs": 0.22,
            ]),
        DemoVendorProfile(
            vendor: DemoVendor(
                name: "Tagus Office Supplies", kind: "external", contactEmail: "encomendas@tagus-office.test",
                website: "https://www.tagus-office.test", currency: "USD", shippingFee: "15.00",
                freeShippingOver: "150.00", minOrderValue: nil, leadTimeDays: 1, reliability: 0.94, skuPrefix: "TG-"),
            model: .localOffice, defaultCoverage: 0.06,
            coverageByCategory: [
                "Paper": 0.5, "Writing Instruments": 0.42, "Notebooks & Pads": 0.45, "Filing & Storage": 0.4,
                "Desk Accessories": 0.4, "Toner & Ink": 0.4, "Labels & Labelling": 0.35, "Presentation & Boards": 0.3,
                "Mailing & Shipping": 0.2,
            ]),
        DemoVendorProfile(
            vendor: DemoVendor(
                name: "Northside Stationers", kind: "external", contactEmail: "trade@northside-stationers.test",
                website: "https://www.northside-stationers.test", currency: "USD", shippingFee: "25.00",
                freeShippingOver: "300.00", minOrderValue: "50.00", leadTimeDays: 1, reliability: 0.9,
                skuPrefix: "NS-"),
            model: .localFacilities, defaultCoverage: 0.06,
            coverageByCategory: [
                "Cleaning Supplies": 0.6, "Kitchen & Breakroom": 0.6, "Safety & First Aid": 0.6, "Desks": 0.5,
                "Chairs": 0.5, "Lighting": 0.5, "Batteries & Power": 0.45, "Mailing & Shipping": 0.35,
                "IT Accessories": 0.2, "Paper": 0.15,
            ]),
    ]

    private static let furniture: Set<String> = ["Desks", "Chairs"]

    /// The vendor's SKU for product `index`: unique per vendor for up to 900,000 products.
    func sku(_ product: DemoProduct) -> String {
        let index = product.index
        switch model {
        case .marketplace:
            var x = (UInt64(index) &* 0x9_E377_9B97 &+ 0x1_2345_6789) & 0xFF_FFFF_FFFF
            x ^= x >> 17
            let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            var code = ""
            for _ in 0..<8 {
                code.append(alphabet[Int(x % 36)])
                x /= 36
            }
            return "BZ" + code
        case .officeSupplier: return "OH-" + DemoProduct.pad((index &* 7_654_321 &+ 1_234_567) % 10_000_000, 7)
        case .warehouseClub: return "BB-" + DemoProduct.pad((index &* 3_456_793 &+ 500_003) % 10_000_000, 7)
        case .localOffice: return "TG-" + product.mpn
        case .localFacilities: return "NS-" + DemoProduct.pad((index &* 123_457 &+ 99_991) % 1_000_000, 6)
        }
    }

    /// One line of the vendor's JSON Lines feed for `product`.
    func record(for product: DemoProduct, random: inout SplitMix64) -> String {
        let kind = product.kind
        let isFurniture = DemoVendorProfile.furniture.contains(kind.top)
        var unit = product.draft.unit
        var packSize = 1
        var factor: Double
        var moq = 1
        var multiple = 1
        var lead: Int
        var stock: Int
        var breaks: [(Int, Double)] = []
        switch model {
        case .marketplace:
            factor = random.double(0.9, 1.14)
            lead = isFurniture ? random.int(4...9) : random.int(2...5)
            stock = random.chance(0.05) ? 0 : random.int(isFurniture ? 4...120 : 25...2_500)
            if random.chance(0.08) { breaks = [(10, 0.95)] }
        case .officeSupplier:
            factor = random.double(1.0, 1.2)
            lead = isFurniture ? random.int(3...7) : random.int(1...2)
            stock = random.chance(0.06) ? 0 : random.int(isFurniture ? 2...60 : 10...900)
            if random.chance(0.7) {
                if product.priceCents < 2_500 {
                    breaks = random.chance(0.5) ? [(10, 0.95), (50, 0.9)] : [(12, 0.94), (48, 0.89), (144, 0.84)]
                } else {
                    breaks = random.chance(0.5) ? [(5, 0.96), (10, 0.92)] : [(3, 0.97), (10, 0.93), (25, 0.9)]
                }
            }
        case .warehouseClub:
            factor = random.double(0.72, 0.88)
            lead = random.int(3...7)
            stock = random.chance(0.07) ? 0 : random.int(isFurniture ? 2...40 : 5...400)
            if !kind.bulkPacks.isEmpty {
                unit = kind.bulkUnit
                packSize = random.pick(kind.bulkPacks)
            }
            if random.chance(0.15) { breaks = [(random.pick([10, 20]), 0.97)] }
        case .localOffice, .localFacilities:
            factor = model == .localOffice ? random.double(0.95, 1.25) : random.double(0.92, 1.22)
            lead = isFurniture ? random.int(2...3) : 1
            stock = random.chance(0.08) ? 0 : random.int(isFurniture ? 1...15 : 3...250)
            if random.chance(0.3) { breaks = [(random.pick([12, 24, 25]), 0.93)] }
        }
        if random.chance(0.08) { factor *= 0.85 }  // an occasional promotion
        let price = DemoMoney.shelf(Double(product.priceCents) * Double(packSize) * factor)
        switch model {
        case .warehouseClub:
            moq = price < 6_000 ? random.pick([2, 3, 4, 5, 6, 10]) : random.pick([1, 1, 2, 3])
        case .localOffice, .localFacilities:
            if !isFurniture && price < 3_000 {
                moq = random.pick([1, 2, 5, 10, 12])
                if moq >= 5 && random.chance(0.5) { multiple = moq }
            }
        case .officeSupplier:
            if price < 500 && random.chance(0.4) {
                multiple = random.pick([2, 5, 10])
                moq = multiple
            }
        case .marketplace: break
        }

        let sku = sku(product)
        var json = DemoJSONLine(capacity: product.content.utf8.count + 400)
        json.string("sku", sku)
        json.members(product.content)
        if !product.variants.isEmpty {
            var variants = "["
            var total = 0
            for (position, variant) in product.variants.enumerated() {
                if position > 0 { variants.append(",") }
                let variantStock = stock == 0 || random.chance(0.1) ? 0 : max(1, stock * random.int(10...60) / 100)
                total += variantStock
                variants.append("{\"sku\":")
                DemoJSONLine.quote(sku + "-" + variant.code, into: &variants)
                variants.append(",\"options\":")
                variants.append(variant.optionsJSON)
                if variant.premiumPercent != 0 {
                    let variantPrice = DemoMoney.shelf(Double(price) * (1 + Double(variant.premiumPercent) / 100))
                    variants.append(",\"price\":" + DemoMoney.text(variantPrice))
                }
                variants.append(",\"stock\":\(variantStock)}")
            }
            variants.append("]")
            json.raw("variants", variants)
            stock = total
        }
        json.number("price", DemoMoney.text(price))
        json.string("currency", vendor.currency)
        var lastBreak = price
        var breakJSON: [String] = []
        for (quantity, discount) in breaks where quantity > moq {
            let breakPrice = DemoMoney.shelf(Double(price) * discount)
            guard breakPrice < lastBreak else { continue }
            lastBreak = breakPrice
            breakJSON.append("{\"min_qty\":\(quantity),\"price\":\(DemoMoney.text(breakPrice))}")
        }
        if !breakJSON.isEmpty { json.raw("price_breaks", "[" + breakJSON.joined(separator: ",") + "]") }
        json.int("stock", stock)
        json.int("moq", moq)
        json.int("order_multiple", multiple)
        json.int("lead_time_days", lead)
        json.string("unit", unit)
        json.int("pack_size", packSize)
        return json.finish()
    }
}
