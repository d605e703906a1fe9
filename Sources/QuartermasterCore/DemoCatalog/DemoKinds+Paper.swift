extension DemoKind {
    static let paperSizes = ["A4", "Letter", "Legal", "A3"]

    /// Size label, width and height in millimetres.
    static func paperDimensions(_ size: String) -> (Int, Int) {
        switch size {
        case "A3": return (297, 420)
        case "Letter": return (216, 279)
        case "Legal": return (216, 356)
        case "A5": return (148, 210)
        default: return (210, 297)
        }
    }

    static func reamGrams(_ size: String, gsm: Int, sheets: Int) -> Int {
        let (width, height) = paperDimensions(size)
        return width * height * gsm * sheets / 1_000_000 + 60
    }

    static let paper: [DemoKind] = [
        DemoKind(
            "Paper", "Copy Paper", unspsc: "14111507", weight: 60, model: "CP",
            brands: ["Papyra", "Albion Mills", "Northmill", "Clarity"], bulk: [5, 8, 10]
        ) { r, d in
            let line = r.pick(["Everyday", "Premium", "Eco", "Office Pro", "Laser Plus", "Bright White", "Multipurpose"])
            let size = paperSizes[r.weighted([42, 40, 9, 9])]
            let gsm = r.pick([70, 75, 80, 80, 80, 80, 90, 90, 100, 120, 160])
            let sheets = gsm >= 120 ? 250 : 500
            let recycled = line == "Eco" ? 100 : r.pick([0, 0, 0, 0, 30, 50])
            let brightness = line == "Eco" ? r.pick([88, 92]) : r.pick([92, 94, 96, 97, 98, 100])
            d.name = "\(line) Copy Paper \(d.model), \(size), \(gsm) gsm, White, \(sheets) Sheets"
            if recycled > 0 { d.name += ", \(recycled)% Recycled" }
            d.summary = "\(line) \(size) copy paper in \(gsm) gsm, bright white and ready for any office printer."
            d.bullets = [
                "\(size) size, \(gsm) gsm, \(sheets) sheets per ream",
                "Brightness \(brightness) for sharp text and vivid graphics",
                "Jam-free performance in laser printers, inkjets and copiers",
                recycled > 0 ? "Made with \(recycled)% recycled fibre" : "Acid-free for long-lasting archives",
            ]
            d.attributes = ["acid-free", "jam-free", "laser printer compatible", "inkjet compatible"]
            if recycled > 0 { d.attributes.append("recycled") }
            if r.chance(0.6) { d.attributes.append("FSC certified") }
            d.spec("paper_size", size)
            d.spec("weight_gsm", gsm)
            d.spec("sheets", sheets)
            d.spec("color", "white")
            d.spec("brightness", brightness)
            d.spec("recycled_percent", recycled)
            let area = size == "A3" ? 2.0 : (size == "Legal" ? 1.25 : 1.0)
            d.priceCents = r.cents(5.5 * area * Double(gsm) / 80 * Double(sheets) / 500, 9.0 * area * Double(gsm) / 80)
            d.unit = "RM"
            let (width, height) = paperDimensions(size)
            d.package(Double(height) / 10 + 0.5, Double(width) / 10 + 0.5, 5.2, grams: reamGrams(size, gsm: gsm, sheets: sheets))
        },
        DemoKind(
            "Paper", "Coloured Paper", unspsc: "14111507", weight: 18, model: "CL",
            brands: ["Papyra", "Clarity", "Albion Mills"], bulk: [5, 10]
        ) { r, d in
            let size = r.pick(["A4", "Letter"])
            let gsm = r.pick([80, 80, 120, 160])
            let color = r.pick(["pastel blue", "canary yellow", "pink", "light green", "ivory", "orange", "assorted brights"])
            let sheets = gsm >= 120 ? 250 : 500
            d.name = "Coloured Paper \(d.model), \(DemoText.capitalized(color)), \(size), \(gsm) gsm, \(sheets) Sheets"
            d.summary = "Vibrant \(color) paper for flyers, notices, forms and crafts."
            d.bullets = [
                "\(size), \(gsm) gsm, \(sheets) sheets", "Colour runs right through the sheet",
                "Suitable for laser, inkjet and copiers", "Acid-free and fade resistant",
            ]
            d.attributes = ["coloured", "acid-free", "fade resistant"]
            d.spec("paper_size", size)
            d.spec("weight_gsm", gsm)
            d.spec("sheets", sheets)
            d.spec("color", color)
            d.spec("recycled_percent", r.pick([0, 0, 30]))
            d.priceCents = r.cents(7, 14) * gsm / 80
            d.unit = "RM"
            d.package(30.5, 22, 5.2, grams: reamGrams(size, gsm: gsm, sheets: sheets))
        },
        DemoKind(
            "Paper", "Cardstock", unspsc: "14111519", weight: 10, model: "CS",
            brands: ["Papyra", "Clarity", "Northmill"], bulk: [6, 10]
        ) { r, d in
            let size = r.pick(["A4", "Letter"])
            let gsm = r.pick([176, 200, 216, 250, 300])
            let color = r.pick(["white", "ivory", "black", "kraft", "assorted pastel"])
            let sheets = r.pick([50, 100, 250])
            d.name = "Cardstock \(d.model), \(size), \(gsm) gsm, \(DemoText.capitalized(color)), \(sheets) Sheets"
            d.summary = "Heavyweight \(color) cardstock for invitations, covers, signs and certificates."
            d.bullets = ["\(gsm) gsm heavyweight card", "\(sheets) \(size) sheets", "Smooth finish for printing"]
            d.attributes = ["heavyweight", "smooth finish", "acid-free"]
            d.spec("paper_size", size)
            d.spec("weight_gsm", gsm)
            d.spec("sheets", sheets)
            d.spec("color", color)
            d.priceCents = r.cents(0.06, 0.11) * sheets * gsm / 200
            d.unit = "PK"
            d.package(30.5, 22, Double(sheets) * Double(gsm) / 50_000 + 0.6, grams: reamGrams(size, gsm: gsm, sheets: sheets))
        },
        DemoKind(
            "Paper", "Photo Paper", unspsc: "14111510", weight: 10, model: "PH",
            brands: ["Papyra", "Clarity", "Printek"], bulk: [6]
        ) { r, d in
            let size = r.pick(["4 x 6 in", "5 x 7 in", "A4", "Letter"])
            let finish = r.pick(["glossy", "matte", "satin", "high gloss"])
            let gsm = r.pick([180, 200, 240, 260, 280])
            let sheets = r.pick([20, 50, 100])
            d.name = "\(DemoText.capitalized(finish)) Photo Paper \(d.model), \(size), \(gsm) gsm, \(sheets) Sheets"
            d.summary = "Instant-dry \(finish) photo paper for true-to-life inkjet prints."
            d.bullets = ["\(finish) finish, \(gsm) gsm", "Instant-dry, smudge resistant", "For all inkjet printers"]
            d.attributes = [finish, "instant dry", "inkjet compatible", "smudge resistant"]
            d.spec("paper_size", size)
            d.spec("weight_gsm", gsm)
            d.spec("sheets", sheets)
            d.spec("finish", finish)
            d.priceCents = r.cents(0.12, 0.3) * sheets * (size.hasSuffix("in") ? 1 : 3)
            d.unit = "PK"
            d.package(size.hasSuffix("in") ? 18 : 31, size.hasSuffix("in") ? 13 : 22, 2, grams: 100 + sheets * 12)
        },
        DemoKind(
            "Paper", "Plotter Paper Rolls", unspsc: "14111510", weight: 4, model: "PL",
            brands: ["Northmill", "Albion Mills"], bulk: [4, 6]
        ) { r, d in
            let width = r.pick([24, 36, 42])
            let gsm = r.pick([80, 90, 120])
            let length = r.pick([150, 300])
            d.name = "Wide-Format Plotter Paper Roll \(d.model), \(width) in x \(length) ft, \(gsm) gsm, 2 in Core"
            d.summary = "Bond plotter paper for CAD drawings, plans and posters on wide-format printers."
            d.bullets = ["\(width) in wide, \(length) ft long", "\(gsm) gsm bright white bond", "Fits standard 2 in cores"]
            d.attributes = ["wide format", "CAD", "bright white"]
            d.spec("roll_width_in", width)
            d.spec("roll_length_ft", length)
            d.spec("weight_gsm", gsm)
            d.spec("core_in", 2)
            d.priceCents = r.cents(20, 35) * width / 24 * length / 150
            d.unit = "RO"
            d.package(Double(width) * 2.54 + 4, 10, 10, grams: width * length * gsm / 90 * 3)
        },
    ]

    static let notebooks: [DemoKind] = [
        DemoKind(
            "Notebooks & Pads", "Notebooks", unspsc: "14111514", weight: 30, model: "NB",
            brands: ["Papyra", "Quillon", "Folio & Co", "Brightmark"], bulk: [6, 12]
        ) { r, d in
            let size = r.pick(["A4", "A5", "A5", "B5", "Letter"])
            let ruling = r.pick(["ruled", "squared", "dotted", "plain"])
            let binding = r.pick(["spiral", "casebound", "stitched", "twin-wire"])
            let pages = r.pick([80, 96, 120, 160, 192, 240])
            let gsm = r.pick([70, 80, 90, 100])
            let pack = r.pick([1, 1, 1, 3, 5])
            d.name = "\(DemoText.capitalized(binding)) Notebook \(d.model), \(size), \(DemoText.capitalized(ruling)), \(pages) Pages"
            if pack > 1 { d.name += ", Pack of \(pack)" }
            d.summary = "A \(binding) \(size) notebook with \(pages) \(ruling) pages of smooth \(gsm) gsm paper."
            d.bullets = [
                "\(pages) pages of \(gsm) gsm \(ruling) paper", "\(DemoText.capitalized(binding)) binding lies flat",
                "Durable cover and perforated pages", "Pen-friendly paper with minimal bleed-through",
            ]
            d.attributes = [ruling, binding, "perforated", binding == "casebound" ? "hardcover" : "softcover"]
            if r.chance(0.5) {
                d.option("color", r.some(["black", "navy", "red", "green", "grey", "yellow", "teal"], 3, 5))
                d.explicitVariants = r.chance(0.5)
            }
            d.spec("paper_size", size)
            d.spec("ruling", ruling)
            d.spec("binding", binding)
            d.spec("pages", pages)
            d.spec("weight_gsm", gsm)
            d.spec("pack_count", pack)
            d.priceCents = r.cents(2.5, 9) * pack * pages / 120
            d.unit = pack > 1 ? "PK" : "EA"
            let (width, height) = paperDimensions(size == "B5" ? "A4" : size)
            d.package(Double(height) / 10 + 1, Double(width) / 10 + 1, Double(pack) * 1.4, grams: pack * pages * gsm / 18 + 40)
        },
        DemoKind(
            "Notebooks & Pads", "Sticky Notes", unspsc: "14111530", weight: 28, model: "SN",
            brands: ["Quillon", "Brightmark", "Papyra"], bulk: [6, 12]
        ) { r, d in
            let size = r.pick(["3 x 3 in", "3 x 3 in", "3 x 5 in", "1.5 x 2 in", "4 x 6 in"])
            let color = r.pick(["canary yellow", "canary yellow", "neon assorted", "pastel assorted", "pink", "blue"])
            let pads = r.pick([6, 12, 12, 18, 24])
            let sheetsPerPad = r.pick([90, 100])
            let superSticky = r.chance(0.4)
            d.name =
                "\(superSticky ? "Super Sticky Notes" : "Sticky Notes") \(d.model), \(size), "
                + "\(DemoText.capitalized(color)), \(pads) Pads"
            d.summary = "Repositionable \(color) sticky notes that stay put and peel off cleanly."
            d.bullets = [
                "\(pads) pads of \(sheetsPerPad) sheets, \(size)", "Repositionable adhesive, no residue",
                superSticky ? "Twice the holding power on walls and monitors" : "Sticks to paper, desks and screens",
            ]
            d.attributes = ["repositionable", "self-stick notes", superSticky ? "super sticky" : "standard adhesive"]
            d.spec("size", size)
            d.spec("color", color)
            d.spec("pads", pads)
            d.spec("sheets_per_pad", sheetsPerPad)
            d.spec("super_sticky", superSticky)
            d.priceCents = r.cents(0.55, 1.1) * pads * (size == "4 x 6 in" ? 2 : 1)
            d.unit = "PK"
            d.package(16, 8, Double(pads) / 2 + 1, grams: pads * 45)
        },
        DemoKind(
            "Notebooks & Pads", "Writing Pads", unspsc: "14111531", weight: 14, model: "WP",
            brands: ["Quillon", "Folio & Co", "Papyra"], bulk: [6, 12]
        ) { r, d in
            let size = r.pick(["Letter", "Legal", "Junior 5 x 8 in", "A4"])
            let ruling = r.pick(["wide ruled", "narrow ruled", "college ruled"])
            let color = r.pick(["white", "canary yellow"])
            let pads = r.pick([6, 12])
            d.name =
                "\(size.hasPrefix("Legal") ? "Legal" : "Writing") Pads \(d.model), \(size), "
                + "\(DemoText.capitalized(ruling)), \(DemoText.capitalized(color)), 50 Sheets, \(pads) Pads"
            d.summary = "Perforated \(color) writing pads with a sturdy backer for notes on the go."
            d.bullets = ["\(pads) pads of 50 sheets", "\(ruling) with margin", "Perforated top, tear-off sheets"]
            d.attributes = ["perforated", ruling, "legal pad"]
            d.spec("paper_size", size)
            d.spec("ruling", ruling)
            d.spec("color", color)
            d.spec("sheets", 50)
            d.spec("pads", pads)
            d.priceCents = r.cents(1.0, 2.2) * pads
            d.unit = "PK"
            d.package(36, 23, Double(pads) * 0.8, grams: pads * 260)
        },
        DemoKind(
            "Notebooks & Pads", "Index Cards", unspsc: "14111518", weight: 6, model: "IC",
            brands: ["Quillon", "Papyra"], bulk: [10]
        ) { r, d in
            let size = r.pick(["3 x 5 in", "4 x 6 in", "5 x 8 in"])
            let ruled = r.chance(0.6)
            let count = r.pick([100, 300, 500])
            let color = r.pick(["white", "white", "assorted"])
            d.name = "\(ruled ? "Ruled" : "Plain") Index Cards \(d.model), \(size), \(DemoText.capitalized(color)), \(count) Cards"
            d.summary = "Sturdy \(ruled ? "ruled" : "plain") index cards for flashcards, recipes and filing."
            d.bullets = ["\(count) cards, \(size)", ruled ? "Ruled one side, blank reverse" : "Blank both sides"]
            d.attributes = [ruled ? "ruled" : "plain", "flash cards"]
            d.spec("size", size)
            d.spec("ruled", ruled)
            d.spec("count", count)
            d.spec("color", color)
            d.priceCents = r.cents(0.012, 0.03) * count
            d.unit = "PK"
            d.package(14, 9, Double(count) / 80 + 0.5, grams: count * 3)
        },
    ]
}
