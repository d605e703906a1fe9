/// One product of the demo catalog: the content every vendor's record shares.
struct DemoProduct {
    struct Variant {
        /// Upper-cased option values joined by "-", appended to the vendor SKU.
        let code: String
        /// The variant's options as a JSON object.
        let optionsJSON: String
        let premiumPercent: Int
    }

    let index: Int
    let kind: DemoKind
    let draft: DemoDraft
    let gtin: String
    let title: String
    let mpn: String
    /// JSON members from "title" to "options", shared by every vendor's record.
    let content: String
    /// Non-empty only when the product lists explicit variants.
    let variants: [Variant]

    var priceCents: Int { draft.priceCents }

    init(index: Int, kindIndex: Int, seed: UInt64) {
        let kind = DemoKind.all[kindIndex]
        var random = SplitMix64(seed: seed, item: index, stream: 2)
        let brand = random.pick(kind.brands)
        let model = kind.modelPrefix + String(DemoProduct.modelNumber(index))
        var draft = DemoDraft(brand: brand, model: model)
        kind.build(&random, &draft)
        DemoProduct.jitterPackage(&draft, &random)
        self.index = index
        self.kind = kind
        self.draft = draft
        gtin = DemoProduct.gtin(brand: brand, index: index)
        title = brand + " " + draft.name
        mpn = DemoProduct.brandCode(brand) + "-" + model
        variants = draft.explicitVariants ? DemoProduct.combinations(draft) : []
        content = DemoProduct.render(draft, kind: kind, title: title, gtin: gtin, mpn: mpn, random: &random)
    }

    /// A model number unique per product index (five digits below 90,000 products, six above).
    static func modelNumber(_ index: Int) -> Int {
        if index < 90_000 { return 10_000 + (index &* 37_813 &+ 4_211) % 90_000 }
        return 100_000 + ((index - 90_000) &* 7_919 &+ 1_237) % 900_000
    }

    static func brandCode(_ brand: String) -> String {
        brandCodes[brand] ?? String(brand.filter { $0.isLetter }.uppercased().prefix(3))
    }

    private static let brandCodes: [String: String] = Dictionary(
        uniqueKeysWithValues: brandNumbers.keys.map { ($0, String($0.filter { $0.isLetter }.uppercased().prefix(3))) })

    /// GTIN-13: a company prefix per brand, an item reference unique per product index, and the GS1 check digit.
    static func gtin(brand: String, index: Int) -> String {
        let company = 71_200 + (brandNumbers[brand] ?? 0) * 53
        let item = (index &* 7_919 &+ 104_729) % 1_000_000
        let body = "0" + pad(company, 5) + pad(item, 6)
        return body + String(checkDigit(body))
    }

    /// The GS1 check digit of the first 12 digits of a GTIN-13.
    static func checkDigit(_ body: String) -> Int {
        var sum = 0
        for (position, character) in body.utf8.enumerated() {
            let digit = Int(character) - 48
            sum += position % 2 == 0 ? digit : digit * 3
        }
        return (10 - sum % 10) % 10
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static let brandNumbers: [String: Int] = {
        var numbers: [String: Int] = [:]
        for kind in DemoKind.all {
            for brand in kind.brands where numbers[brand] == nil { numbers[brand] = numbers.count }
        }
        return numbers
    }()

    private static func jitterPackage(_ draft: inout DemoDraft, _ random: inout SplitMix64) {
        draft.lengthMM = max(5, draft.lengthMM * random.int(96...104) / 100)
        draft.widthMM = max(5, draft.widthMM * random.int(96...104) / 100)
        draft.heightMM = max(5, draft.heightMM * random.int(95...105) / 100)
        draft.grams = max(10, draft.grams * random.int(95...106) / 100)
    }

    private static func combinations(_ draft: DemoDraft) -> [Variant] {
        var rows: [[(String, String)]] = [[]]
        for (name, values) in draft.options {
            rows = rows.flatMap { row in values.map { row + [(name, $0)] } }
        }
        return rows.map { row in
            var json = "{"
            for (position, (name, value)) in row.enumerated() {
                if position > 0 { json.append(",") }
                DemoJSONLine.quote(name, into: &json)
                json.append(":")
                DemoJSONLine.quote(value, into: &json)
            }
            json.append("}")
            let code = row.map { $0.1.uppercased().filter { $0.isLetter || $0.isNumber } }.joined(separator: "-")
            let premium = row.reduce(0) { $0 + (draft.premiums[$1.1] ?? 0) }
            return Variant(code: code, optionsJSON: json, premiumPercent: premium)
        }
    }

    private static func render(
        _ draft: DemoDraft, kind: DemoKind, title: String, gtin: String, mpn: String, random: inout SplitMix64
    ) -> String {
        var json = DemoJSONLine(capacity: 1_400)
        json.string("title", title)
        json.string("brand", draft.brand)
        json.string("description", description(draft, kind: kind, title: title, random: &random))
        json.strings("bullet_points", draft.bullets)
        json.strings("category", [kind.top, kind.sub])
        if !draft.attributes.isEmpty { json.strings("attributes", draft.attributes) }
        json.raw("specs", specsJSON(draft))
        let imageCount = random.int(1...3)
        json.strings("images", (1...imageCount).map { "https://images.demo.quartermaster.test/\(gtin)-\($0).jpg" })
        json.string("gtin", gtin)
        json.string("mpn", mpn)
        json.string("unspsc", kind.unspsc)
        if !draft.options.isEmpty {
            var options = "{"
            for (position, (name, values)) in draft.options.enumerated() {
                if position > 0 { options.append(",") }
                DemoJSONLine.quote(name, into: &options)
                options.append(":")
                DemoJSONLine.quote(values, into: &options)
            }
            options.append("}")
            json.raw("options", options)
        }
        return json.members
    }

    private static func specsJSON(_ draft: DemoDraft) -> String {
        var json = "{"
        var first = true
        func key(_ name: String) {
            if !first { json.append(",") }
            first = false
            DemoJSONLine.quote(name, into: &json)
            json.append(":")
        }
        for (name, value) in draft.specs {
            key(name)
            switch value {
            case .text(let text): DemoJSONLine.quote(text, into: &json)
            case .number(let number): json.append(number)
            case .int(let int): json.append(String(int))
            case .bool(let bool): json.append(bool ? "true" : "false")
            case .list(let list): DemoJSONLine.quote(list, into: &json)
            }
        }
        key("package_length_cm")
        json.append(tenths(draft.lengthMM))
        key("package_width_cm")
        json.append(tenths(draft.widthMM))
        key("package_height_cm")
        json.append(tenths(draft.heightMM))
        key("package_weight_kg")
        json.append("\(draft.grams / 1_000)." + pad(draft.grams % 1_000 / 10, 2))
        json.append("}")
        return json
    }

    private static func tenths(_ millimetres: Int) -> String { "\(millimetres / 10).\(millimetres % 10)" }

    private static func description(_ draft: DemoDraft, kind: DemoKind, title: String, random: inout SplitMix64) -> String {
        var sentences = [draft.summary]
        if draft.bullets.count > 2, random.chance(0.6) {
            let features = draft.bullets[1...2].map { $0.prefix(1).lowercased() + $0.dropFirst() }
            sentences.append(random.pick(["Key features: ", "Highlights: ", "Features "]) + features.joined(separator: "; ") + ".")
        }
        sentences.append(random.pick(DemoProduct.useSentences[kind.top] ?? ["A dependable choice for any workplace."]))
        sentences.append(
            random.pick([
                "Made by \(draft.brand), model \(draft.model).",
                "\(draft.brand) backs it with a one-year warranty.",
                "Part of the \(draft.brand) range trusted by offices, schools and workshops.",
                "Designed and quality-checked by \(draft.brand).",
                "Manufacturer part number \(brandCode(draft.brand))-\(draft.model).",
            ]))
        return sentences.joined(separator: " ")
    }

    static let useSentences: [String: [String]] = [
        "Paper": [
            "Ideal for everyday printing, copying and faxing in busy offices.",
            "Runs smoothly through laser printers, inkjets and copiers alike.",
            "A reliable stock for reports, handouts and internal documents.",
        ],
        "Notebooks & Pads": [
            "Handy for meetings, lectures and to-do lists.",
            "Keep one on every desk for notes, sketches and reminders.",
            "A classroom and office staple.",
        ],
        "Writing Instruments": [
            "Great for signing documents, filling in forms and everyday note-taking.",
            "A comfortable everyday writer for home, school and office.",
            "Stock up the supply cupboard so nobody goes looking for a pen again.",
        ],
        "Toner & Ink": [
            "Delivers crisp, consistent prints from the first page to the last.",
            "Check the compatible printer list before ordering.",
            "Keep a spare on hand to avoid downtime.",
        ],
        "Filing & Storage": [
            "Keeps paperwork organised, protected and easy to find.",
            "Built for daily handling in busy offices and archives.",
            "Helps bring order to shelves, drawers and cabinets.",
        ],
        "Desks": [
            "Gives every workstation a sturdy, spacious surface.",
            "Suits home offices, open-plan floors and private offices.",
            "Ships flat-packed with tools and clear assembly instructions.",
        ],
        "Chairs": [
            "Made for long working days with support where it counts.",
            "Suits offices, meeting rooms and home workspaces.",
            "Tested for durability under daily commercial use.",
        ],
        "Cleaning Supplies": [
            "Keeps offices, washrooms and shared spaces clean and hygienic.",
            "A facilities essential for janitorial closets.",
            "Trusted by cleaning crews and facility managers.",
        ],
        "Kitchen & Breakroom": [
            "Keeps the breakroom stocked and the team refreshed.",
            "Perfect for office kitchens, meeting rooms and events.",
            "A crowd-pleaser for staff and visitors alike.",
        ],
        "IT Accessories": [
            "Plug and play with Windows, macOS, ChromeOS and Linux.",
            "Upgrades any workstation or hot desk in minutes.",
            "Built for daily office use with a two-year warranty.",
        ],
        "Mailing & Shipping": [
            "Protects contents in the post and in transit.",
            "Ideal for mailrooms, e-commerce dispatch and returns.",
            "A shipping-station essential.",
        ],
        "Safety & First Aid": [
            "Helps keep the workplace safe and compliant.",
            "A must-have for offices, warehouses and workshops.",
            "Meets common workplace safety requirements.",
        ],
        "Desk Accessories": [
            "A small tool that makes a tidy, productive desk.",
            "Built to last through years of daily use.",
            "Equally at home in offices, classrooms and home studies.",
        ],
        "Presentation & Boards": [
            "Ideal for meeting rooms, classrooms and training sessions.",
            "Makes ideas visible and meetings more productive.",
            "Suits brainstorming, planning and presentations.",
        ],
        "Labels & Labelling": [
            "Gives files, shelves and parcels clear, professional labels.",
            "Makes organising and shipping faster.",
            "Prints crisp text that stays legible.",
        ],
        "Batteries & Power": [
            "Keeps remotes, mice, keyboards and devices running.",
            "Powers workstations and devices safely.",
            "A reliable source of power for office equipment.",
        ],
        "Lighting": [
            "Reduces eye strain with even, flicker-free light.",
            "Saves energy compared with older lighting.",
            "Brightens workstations, corridors and meeting rooms.",
        ],
    ]
}
