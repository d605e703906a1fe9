extension DemoKind {
    static let mailing: [DemoKind] = [
        DemoKind(
            "Mailing & Shipping", "Envelopes", unspsc: "44121506", weight: 14, model: "EN",
            brands: ["Shipwell", "Parcelo", "Papyra"], bulk: [5, 10]
        ) { r, d in
            let size = r.pick(["#10", "#10", "DL", "C5", "C4", "6 x 9 in", "9 x 12 in", "10 x 13 in"])
            let closure = r.pick(["peel and seal", "self-seal", "gummed"])
            let window = size == "#10" || size == "DL" ? r.chance(0.5) : false
            let color = r.pick(["white", "white", "kraft"])
            let count = r.pick([50, 100, 250, 500])
            d.name =
                "\(size) \(window ? "Window " : "")Envelopes \(d.model), \(DemoText.capitalized(closure)), "
                + "\(DemoText.capitalized(color)), Box of \(count)"
            d.summary = "\(DemoText.capitalized(color)) \(size) envelopes with \(closure) closure for letters and invoices."
            d.bullets = [
                "\(count) envelopes, \(size)", "\(DemoText.capitalized(closure)) closure",
                window ? "Address window" : "Security tint inside",
            ]
            d.attributes = [closure, color] + (window ? ["window"] : ["security tint"])
            d.spec("envelope_size", size)
            d.spec("closure", closure)
            d.spec("window", window)
            d.spec("color", color)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(
                r.double(0.05, 0.14) * Double(count) * (size.hasPrefix("9") || size.hasPrefix("10") || size == "C4" ? 2 : 1) * 100)
            d.unit = "BX"
            d.package(26, 13, Double(count) / 50 + 1, grams: count * 6)
        },
        DemoKind(
            "Mailing & Shipping", "Padded Mailers", unspsc: "44121504", weight: 10, model: "PM",
            brands: ["Shipwell", "Parcelo", "Boxford"], bulk: [4, 6]
        ) { r, d in
            let size = r.pick(["#0 6 x 10 in", "#2 8.5 x 12 in", "#4 9.5 x 14.5 in", "#6 12.5 x 19 in"])
            let material = r.pick(["kraft bubble", "poly bubble"])
            let count = r.pick([10, 25, 50, 100])
            d.name = "\(DemoText.capitalized(material)) Mailers \(d.model), \(size), Self-Seal, \(count) Pack"
            d.summary = "Cushioned \(material) mailers that protect small items in the post."
            d.bullets = ["\(count) mailers, \(size)", "Bubble lining cushions contents", "Self-seal strip"]
            d.attributes = ["padded", "bubble mailer", "self-seal", material.hasPrefix("poly") ? "waterproof" : "kraft"]
            d.spec("mailer_size", size)
            d.spec("material", material)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(r.double(0.25, 0.6) * Double(count) * 100)
            d.unit = "PK"
            d.package(35, 25, Double(count) / 8 + 2, grams: count * 25)
        },
        DemoKind(
            "Mailing & Shipping", "Shipping Boxes", unspsc: "24112005", weight: 10, model: "SB",
            brands: ["Boxford", "Shipwell", "Stackwell"], bulk: [4, 6]
        ) { r, d in
            let dims = r.pick(["8 x 6 x 4 in", "10 x 8 x 6 in", "12 x 9 x 6 in", "12 x 12 x 12 in", "16 x 12 x 10 in", "18 x 18 x 16 in"])
            let wall = r.pick(["single wall", "single wall", "double wall"])
            let count = r.pick([10, 20, 25, 50])
            d.name = "Corrugated Shipping Boxes \(d.model), \(dims), \(DemoText.capitalized(wall)), \(count) Pack"
            d.summary = "Sturdy \(wall) corrugated boxes for shipping and storage."
            d.bullets = [
                "\(count) boxes, \(dims)", wall == "double wall" ? "Double wall for heavy items" : "32 ECT single wall", "Ships flat",
            ]
            d.attributes = ["corrugated", wall, "recyclable", "moving boxes"]
            d.spec("box_dimensions", dims)
            d.spec("wall", wall)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(r.double(0.6, 2.5) * Double(count) * (wall == "double wall" ? 1.6 : 1) * 100)
            d.unit = "PK"
            d.package(50, 40, Double(count) * 0.5 + 2, grams: count * 280)
        },
        DemoKind(
            "Mailing & Shipping", "Packing Tape", unspsc: "31201517", weight: 10, model: "PK",
            brands: ["Shipwell", "Parcelo", "Boxford"], bulk: [6, 12]
        ) { r, d in
            let length = r.pick([50, 55, 66, 100])
            let rolls = r.pick([1, 6, 6, 12, 36])
            let color = r.pick(["clear", "clear", "brown"])
            d.name =
                "\(DemoText.capitalized(color)) Packing Tape \(d.model), 48 mm x \(length) m\(rolls > 1 ? ", \(rolls) Rolls" : ", 1 Roll")"
            d.summary = "Strong \(color) packing tape that seals boxes securely and unwinds quietly."
            d.bullets = [
                "48 mm x \(length) m per roll", "Acrylic adhesive holds in heat and cold",
                rolls > 1 ? "\(rolls) rolls" : "Fits standard tape guns",
            ]
            d.attributes = ["packing tape", color, "carton sealing"]
            d.spec("width_mm", 48)
            d.spec("length_m", length)
            d.spec("rolls", rolls)
            d.spec("color", color)
            d.priceCents = DemoMoney.shelf(r.double(1.2, 2.5) * Double(rolls) * Double(length) / 50 * 100)
            d.unit = rolls > 1 ? "PK" : "RO"
            d.package(Double(min(rolls, 6)) * 5 + 5, 11, 11, grams: rolls * 300)
        },
        DemoKind(
            "Mailing & Shipping", "Bubble Wrap", unspsc: "24141704", weight: 5, model: "BW",
            brands: ["Shipwell", "Boxford"], bulk: [2, 4]
        ) { r, d in
            let width = r.pick([30, 50, 60, 100])
            let length = r.pick([10, 25, 50, 100])
            let bubble = r.pick([10, 25])
            d.name = "Bubble Wrap Roll \(d.model), \(width) cm x \(length) m, \(bubble) mm Bubbles, Perforated"
            d.summary = "Cushioning bubble wrap that protects fragile items in storage and transit."
            d.bullets = ["\(width) cm x \(length) m", "\(bubble) mm bubbles", "Perforated every 30 cm"]
            d.attributes = ["bubble wrap", "perforated", "cushioning"]
            d.spec("width_cm", width)
            d.spec("length_m", length)
            d.spec("bubble_size_mm", bubble)
            d.priceCents = DemoMoney.shelf(r.double(0.2, 0.4) * Double(width * length) / 10 * 100 / 10 + 500)
            d.unit = "RO"
            d.package(Double(width) + 2, 30, 30, grams: width * length * 4)
        },
    ]

    static let safety: [DemoKind] = [
        DemoKind(
            "Safety & First Aid", "First Aid Kits", unspsc: "42172001", weight: 8, model: "FA",
            brands: ["Aidwell", "Guardline", "Vigil"], bulk: [2, 4]
        ) { r, d in
            let people = r.pick([10, 25, 50, 100])
            let pieces = people * 2 + r.pick([50, 80, 100])
            let casing = r.pick(["soft bag", "plastic case", "metal cabinet"])
            let klass = people >= 50 ? "Class B" : "Class A"
            d.name = "\(pieces)-Piece First Aid Kit \(d.model), \(people) People, \(DemoText.capitalized(casing)), ANSI \(klass)"
            d.summary = "A workplace first aid kit for up to \(people) people in a \(casing)."
            d.bullets = ["\(pieces) pieces for up to \(people) people", "Meets ANSI Z308.1-2015 \(klass)", "Wall-mountable"]
            d.attributes = ["first aid", "OSHA", "ANSI \(klass)", casing]
            d.spec("people", people)
            d.spec("pieces", pieces)
            d.spec("case", casing)
            d.spec("standard", "ANSI Z308.1-2015 \(klass)")
            d.priceCents = r.cents(15, 30) + people * 90 + (casing == "metal cabinet" ? 4_000 : 0)
            d.package(30, 22, 10, grams: pieces * 8 + 300)
        },
        DemoKind(
            "Safety & First Aid", "Disposable Gloves", unspsc: "46181504", weight: 10, model: "GL",
            brands: ["Guardline", "Aidwell", "Sanova"], bulk: [10]
        ) { r, d in
            let material = r.pick(["nitrile", "nitrile", "vinyl", "latex"])
            let mil = r.pick([3, 4, 5, 6, 8])
            let color = material == "nitrile" ? r.pick(["blue", "black", "purple"]) : "clear"
            let count = r.pick([100, 100, 200])
            d.name =
                "\(DemoText.capitalized(material)) Disposable Gloves \(d.model), Powder-Free, \(mil) mil, "
                + "\(DemoText.capitalized(color)), Box of \(count)"
            d.option("size", ["S", "M", "L", "XL"])
            d.explicitVariants = true
            d.summary = "Powder-free \(material) exam-grade gloves for cleaning, food handling and first aid."
            d.bullets = [
                "\(count) gloves per box", "\(mil) mil thickness", material == "latex" ? "Natural rubber latex" : "Latex-free",
                "Textured fingertips",
            ]
            d.attributes = [material, "powder-free", "disposable"] + (material == "latex" ? [] : ["latex-free"])
            d.spec("material", material)
            d.spec("thickness_mil", mil)
            d.spec("color", color)
            d.spec("count", count)
            d.spec("powder_free", true)
            d.priceCents = DemoMoney.shelf(r.double(0.05, 0.12) * Double(count) * Double(mil) / 4 * 100)
            d.unit = "BX"
            d.package(24, 12, 7, grams: count * 4 + 60)
        },
        DemoKind(
            "Safety & First Aid", "Safety Glasses", unspsc: "46181802", weight: 6, model: "SG",
            brands: ["Guardline", "Vigil"], bulk: [6, 12]
        ) { r, d in
            let lens = r.pick(["clear", "clear", "smoke", "amber"])
            let pack = r.pick([1, 1, 12])
            d.name =
                "Anti-Fog Safety Glasses \(d.model), \(DemoText.capitalized(lens)) Lens, ANSI Z87.1\(pack > 1 ? ", Pack of \(pack)" : "")"
            d.summary = "Lightweight wraparound safety glasses with anti-fog, scratch-resistant \(lens) lenses."
            d.bullets = ["ANSI Z87.1 impact rated", "Anti-fog, anti-scratch \(lens) lens", "99.9% UV protection"]
            d.attributes = ["anti-fog", "ANSI Z87.1", "eye protection", lens]
            d.spec("lens", lens)
            d.spec("anti_fog", true)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(3, 9) * Double(pack) * 100)
            d.unit = pack > 1 ? "PK" : "EA"
            d.package(18, 7, 6, grams: pack * 35 + 10)
        },
        DemoKind(
            "Safety & First Aid", "Hi-Vis Vests", unspsc: "46181531", weight: 6, model: "HV",
            brands: ["Guardline", "Vigil"], bulk: [10]
        ) { r, d in
            let color = r.pick(["yellow", "orange"])
            d.name = "High-Visibility Safety Vest \(d.model), ANSI Class 2, \(DemoText.capitalized(color)), Reflective Strips"
            d.option("size", ["S/M", "L/XL", "2XL/3XL"])
            d.explicitVariants = r.chance(0.5)
            d.summary = "A breathable mesh \(color) hi-vis vest with reflective tape for visibility near traffic."
            d.bullets = ["ANSI/ISEA 107 Class 2", "2 in reflective strips", "Zip front and pockets"]
            d.attributes = ["hi-vis", "reflective", color, "ANSI Class 2"]
            d.spec("color", color)
            d.spec("standard", "ANSI/ISEA 107 Class 2")
            d.priceCents = r.cents(6, 18)
            d.package(25, 20, 3, grams: 160)
        },
        DemoKind(
            "Safety & First Aid", "Ear Plugs", unspsc: "46181902", weight: 4, model: "EP",
            brands: ["Guardline", "Vigil"], bulk: [10]
        ) { r, d in
            let nrr = r.pick([29, 32, 33])
            let pairs = r.pick([50, 100, 200])
            let corded = r.chance(0.4)
            d.name = "Foam Ear Plugs \(d.model), NRR \(nrr) dB\(corded ? ", Corded" : ""), \(pairs) Pairs"
            d.summary = "Soft foam ear plugs for noisy workplaces, rated NRR \(nrr) dB."
            d.bullets = ["NRR \(nrr) dB", "\(pairs) individually wrapped pairs", corded ? "Corded to avoid loss" : "Uncorded"]
            d.attributes = ["hearing protection", "foam", corded ? "corded" : "uncorded"]
            d.spec("nrr_db", nrr)
            d.spec("pairs", pairs)
            d.spec("corded", corded)
            d.priceCents = DemoMoney.shelf(r.double(0.12, 0.3) * Double(pairs) * (corded ? 2 : 1) * 100)
            d.unit = "BX"
            d.package(20, 12, 10, grams: pairs * 3 + 80)
        },
        DemoKind(
            "Safety & First Aid", "Fire Extinguishers", unspsc: "46191601", weight: 3, model: "FE",
            brands: ["Guardline", "Vigil"], bulk: []
        ) { r, d in
            let pounds = r.pick(["2.5", "5", "10"])
            let rating = ["2.5": "1-A:10-B:C", "5": "2-A:10-B:C", "10": "4-A:80-B:C"][pounds] ?? "2-A:10-B:C"
            d.name = "ABC Dry Chemical Fire Extinguisher \(d.model), \(pounds) lb, UL Rated \(rating), Wall Bracket"
            d.summary = "A rechargeable \(pounds) lb ABC fire extinguisher for offices, kitchens and vehicles."
            d.bullets = ["UL rated \(rating)", "Metal valve and gauge", "Wall bracket included"]
            d.attributes = ["ABC", "fire safety", "rechargeable"]
            d.spec("agent", "ABC dry chemical")
            d.spec("weight_lb", number: pounds)
            d.spec("rating", rating)
            d.priceCents = r.cents(25, 45) * Int(Double(pounds)!.rounded(.up)) / 3 + 1_500
            d.package(20, 15, 50, grams: Int(Double(pounds)! * 454) + 1_000)
        },
    ]

    static let deskAccessories: [DemoKind] = [
        DemoKind(
            "Desk Accessories", "Staplers", unspsc: "44121615", weight: 12, model: "SP",
            brands: ["Deskwise", "Fennick", "Ardenne"], bulk: [6]
        ) { r, d in
            let type = r.pick(["desktop", "desktop", "heavy duty", "electric", "half strip"])
            let capacity = type == "heavy duty" ? r.pick([100, 160, 210]) : r.pick([20, 25, 30, 40])
            let staple = type == "heavy duty" ? "23/13" : "26/6"
            d.name = "\(DemoText.capitalized(type)) Stapler \(d.model), \(capacity) Sheet Capacity, Uses \(staple) Staples"
            d.option("color", r.some(["black", "silver", "blue", "red", "white"], 2, 4))
            d.explicitVariants = false
            d.summary = "A jam-resistant \(type) stapler that binds up to \(capacity) sheets."
            d.bullets = ["Staples up to \(capacity) sheets", "Uses \(staple) staples", "Non-slip rubber base", "Built-in staple remover"]
            d.attributes = [type, "jam resistant", "stapler"]
            d.spec("type", type)
            d.spec("capacity_sheets", capacity)
            d.spec("staple_size", staple)
            d.priceCents = r.cents(6, 18) + (type == "heavy duty" ? 2_500 : 0) + (type == "electric" ? 3_000 : 0)
            d.package(20, 8, 8, grams: type == "heavy duty" ? 1_400 : 350)
        },
        DemoKind(
            "Desk Accessories", "Staples", unspsc: "31151106", weight: 6, model: "SS",
            brands: ["Deskwise", "Fennick"], bulk: [10]
        ) { r, d in
            let size = r.pick(["26/6", "26/6", "24/6", "23/10", "23/13"])
            let count = r.pick([1_000, 5_000])
            d.name = "Staples \(d.model), \(size), Box of \(DemoText.thousands(count))"
            d.summary = "Standard \(size) galvanised staples for desktop staplers."
            d.bullets = ["\(count) staples", "Size \(size)", "Galvanised, rust resistant"]
            d.attributes = ["staples", size, "galvanised"]
            d.spec("staple_size", size)
            d.spec("count", count)
            d.priceCents = r.cents(1.5, 4) * count / 1_000
            d.unit = "BX"
            d.package(8, 5, 3, grams: count / 5)
        },
        DemoKind(
            "Desk Accessories", "Tape Dispensers", unspsc: "44121605", weight: 5, model: "TD",
            brands: ["Deskwise", "Ardenne"], bulk: [6]
        ) { r, d in
            let core = r.pick([25, 76])
            d.name = "Weighted Desktop Tape Dispenser \(d.model), for \(core) mm Core Tape"
            d.option("color", r.some(["black", "silver", "blue"], 2, 3))
            d.explicitVariants = false
            d.summary = "A weighted, non-skid tape dispenser for one-handed use."
            d.bullets = ["Fits \(core) mm core tape", "Non-skid base", "Serrated steel blade"]
            d.attributes = ["weighted", "non-skid", "tape dispenser"]
            d.spec("core_mm", core)
            d.priceCents = r.cents(5, 16)
            d.package(15, 7, 8, grams: 500)
        },
        DemoKind(
            "Desk Accessories", "Scissors", unspsc: "44121618", weight: 6, model: "SC",
            brands: ["Fennick", "Deskwise", "Ardenne"], bulk: [6, 12]
        ) { r, d in
            let length = r.pick([13, 17, 21, 25])
            let pack = r.pick([1, 1, 3])
            d.name = "Stainless Steel Scissors \(d.model), \(length) cm, Soft Grip\(pack > 1 ? ", Pack of \(pack)" : "")"
            d.summary = "Sharp stainless steel scissors with soft-grip handles for paper, card and tape."
            d.bullets = ["\(length) cm overall length", "Stainless steel blades", "Soft comfort grip"]
            d.attributes = ["stainless steel", "soft grip"]
            d.spec("length_cm", length)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(2.5, 7) * Double(pack) * 100)
            d.unit = pack > 1 ? "PK" : "EA"
            d.package(Double(length) + 3, 9, 2, grams: pack * 80)
        },
        DemoKind(
            "Desk Accessories", "Desk Organisers", unspsc: "44111503", weight: 8, model: "DO",
            brands: ["Deskwise", "Ardenne", "Fennick"], bulk: []
        ) { r, d in
            let material = r.pick(["mesh metal", "bamboo", "plastic", "faux leather"])
            let compartments = r.int(3...8)
            d.name = "\(DemoText.capitalized(material)) Desk Organiser \(d.model), \(compartments) Compartments"
            if material != "bamboo" {
                d.option("color", r.some(["black", "white", "silver", "grey"], 2, 3))
                d.explicitVariants = r.chance(0.5)
            }
            d.summary = "A \(material) desk organiser with \(compartments) compartments for pens, notes and supplies."
            d.bullets = ["\(compartments) compartments", "Non-slip feet", "Holds letter-size files upright"]
            d.attributes = [material, "desk tidy", "organiser"]
            d.spec("material", material)
            d.spec("compartments", compartments)
            d.priceCents = r.cents(9, 35)
            d.package(33, 22, 18, grams: 900)
        },
        DemoKind(
            "Desk Accessories", "Hole Punches", unspsc: "44121619", weight: 5, model: "HP",
            brands: ["Fennick", "Deskwise"], bulk: []
        ) { r, d in
            let holes = r.pick([2, 3])
            let capacity = r.pick([10, 20, 30, 40, 65])
            d.name = "\(holes)-Hole Punch \(d.model), \(capacity) Sheet Capacity"
            d.summary = "A steel \(holes)-hole punch with paper guide, punching up to \(capacity) sheets."
            d.bullets = ["Punches \(capacity) sheets", "Adjustable paper guide", "Chip tray"]
            d.attributes = ["\(holes)-hole", "paper guide", "metal"]
            d.spec("holes", holes)
            d.spec("capacity_sheets", capacity)
            d.priceCents = r.cents(7, 20) + capacity * 20
            d.package(30, 14, 8, grams: capacity * 20 + 400)
        },
        DemoKind(
            "Desk Accessories", "Paper Clips", unspsc: "44122107", weight: 5, model: "PC",
            brands: ["Fennick", "Deskwise"], bulk: [10]
        ) { r, d in
            let size = r.pick(["No. 1 (33 mm)", "Jumbo (50 mm)", "Small (28 mm)"])
            let finish = r.pick(["silver", "vinyl coated assorted"])
            let count = r.pick([100, 500, 1_000])
            d.name = "Paper Clips \(d.model), \(size), \(DemoText.capitalized(finish)), Box of \(DemoText.thousands(count))"
            d.summary = "Smooth \(finish) paper clips that hold papers without tearing."
            d.bullets = ["\(count) clips, \(size)", "Smooth finish", "Reusable"]
            d.attributes = ["paper clips", finish]
            d.spec("size", size)
            d.spec("finish", finish)
            d.spec("count", count)
            d.priceCents = r.cents(1, 3) * max(1, count / 300)
            d.unit = "BX"
            d.package(8, 6, 4, grams: count / 2 + 20)
        },
    ]
}
