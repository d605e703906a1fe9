extension DemoKind {
    static let inkColors = ["black", "blue", "red", "green", "purple", "pink", "orange", "light blue"]

    static func tipName(_ millimetres: String) -> String {
        switch millimetres {
        case "0.3", "0.38", "0.4", "0.5": return "fine"
        case "0.7", "0.8": return "medium"
        default: return "bold"
        }
    }

    /// Colour handling shared by pens and markers: one colour in the specs, assorted, or a colour option.
    static func penColors(_ r: inout SplitMix64, _ d: inout DemoDraft, palette: [String]) -> String? {
        let roll = r.int(0...99)
        if roll < 35 {
            let colors = r.some(palette, 2, 4)
            d.option("color", colors.contains("black") || colors.contains("blue") ? colors : ["black"] + colors)
            d.explicitVariants = roll < 22
            return nil
        }
        if roll < 55 {
            d.spec("ink_color", "assorted")
            return "Assorted Colours"
        }
        let color = r.pick(palette.count > 3 ? ["black", "black", "blue", "blue", "red"] + palette : palette)
        d.spec("ink_color", color)
        return DemoText.capitalized(color)
    }

    static func pen(
        _ r: inout SplitMix64, _ d: inout DemoDraft, type: String, noun: String, tips: [String], packs: [Int],
        perPen: (Double, Double), line: [String]
    ) {
        let series = r.pick(line)
        let tip = r.pick(tips)
        let tipWord = tipName(tip)
        let retractable = type != "fineliner" && r.chance(0.5)
        let pack = r.pick(packs)
        let color = penColors(&r, &d, palette: inkColors)
        d.name = "\(series) \(d.model) \(noun), \(tip) mm \(DemoText.capitalized(tipWord))"
        if retractable { d.name += ", Retractable" }
        if let color { d.name += ", \(color)" }
        d.name += pack >= 50 ? ", Box of \(pack)" : ", Pack of \(pack)"
        let inkPhrase =
            type == "ballpoint"
            ? "oil-based ballpoint ink" : (type == "fineliner" ? "water-based fineliner ink" : (type == "gel" ? "gel ink" : "liquid ink"))
        d.summary = "\(series) \(noun.lowercased()) with \(inkPhrase) and a \(tip) mm \(tipWord) tip for smooth, skip-free writing."
        d.bullets = [
            "\(tip) mm \(tipWord) point for \(tipWord == "fine" ? "precise, neat lines" : "smooth, bold lines")",
            retractable ? "Retractable with a pocket clip" : "Cap with pocket clip keeps the tip fresh",
            "Comfortable rubberised grip for long writing sessions",
            type == "gel" ? "Quick-drying, smear-resistant gel ink" : "Long-lasting ink supply",
        ]
        d.attributes = [tipWord + " point", type, retractable ? "retractable" : "capped", "comfort grip"]
        if type == "gel" { d.attributes.append("quick-drying") }
        d.spec("ink_type", type)
        d.spec("tip_size_mm", number: tip)
        d.spec("tip", tipWord)
        d.spec("retractable", retractable)
        d.spec("pack_count", pack)
        d.priceCents = DemoMoney.shelf(r.double(perPen.0, perPen.1) * Double(pack) * 100)
        d.unit = pack >= 50 ? "BX" : "PK"
        d.package(16, Double(min(pack, 12)) * 1.2 + 1, Double((pack + 11) / 12) * 1.5 + 0.5, grams: pack * 12 + 20)
    }

    static let writing: [DemoKind] = [
        DemoKind(
            "Writing Instruments", "Gel Pens", unspsc: "44121704", weight: 34, model: "G",
            brands: ["Scribo", "Penrose", "Inkwell", "Lineo"], bulk: [6, 12, 24], bulkUnit: "BX"
        ) { r, d in
            pen(
                &r, &d, type: "gel", noun: "Gel Pens", tips: ["0.38", "0.5", "0.5", "0.7", "0.7", "1.0"],
                packs: [4, 8, 10, 12, 12, 24, 36], perPen: (0.9, 1.9), line: ["G-Glide", "Swift Gel", "Signo Flow", "Jotter Gel"])
        },
        DemoKind(
            "Writing Instruments", "Ballpoint Pens", unspsc: "44121704", weight: 32, model: "B",
            brands: ["Scribo", "Penrose", "Inkwell", "Markwell"], bulk: [10, 12, 24], bulkUnit: "BX"
        ) { r, d in
            pen(
                &r, &d, type: "ballpoint", noun: "Ballpoint Pens", tips: ["0.7", "0.7", "1.0", "1.0", "1.2", "1.6"],
                packs: [10, 12, 12, 20, 50, 60], perPen: (0.25, 0.8), line: ["Classic Stick", "EasyGlide", "Office Ball", "Clic"])
        },
        DemoKind(
            "Writing Instruments", "Rollerball Pens", unspsc: "44121701", weight: 14, model: "R",
            brands: ["Penrose", "Scribo", "Lineo"], bulk: [6, 12], bulkUnit: "BX"
        ) { r, d in
            pen(
                &r, &d, type: "rollerball", noun: "Rollerball Pens", tips: ["0.5", "0.5", "0.7"],
                packs: [3, 4, 8, 12], perPen: (1.2, 2.6), line: ["Precise", "Liquid Ink", "Vision Roller"])
        },
        DemoKind(
            "Writing Instruments", "Fineliners", unspsc: "44121711", weight: 10, model: "F",
            brands: ["Lineo", "Scribo", "Brightmark"], bulk: [6, 12], bulkUnit: "BX"
        ) { r, d in
            pen(
                &r, &d, type: "fineliner", noun: "Fineliner Pens", tips: ["0.3", "0.4", "0.4"],
                packs: [6, 10, 20, 24], perPen: (0.8, 1.6), line: ["Fine Art", "Point 88", "Drawing Liner"])
        },
        DemoKind(
            "Writing Instruments", "Pencils", unspsc: "44121706", weight: 12, model: "P",
            brands: ["Scribo", "Markwell", "Lineo"], bulk: [10, 12], bulkUnit: "BX"
        ) { r, d in
            let grade = r.pick(["HB", "HB", "HB", "2B", "B", "2H", "H"])
            let count = r.pick([12, 12, 24, 72])
            let eraser = r.chance(0.6)
            d.name =
                "Graphite Pencils \(d.model), \(grade), \(eraser ? "Eraser Tipped, " : "")"
                + (count == 12 ? "Dozen" : "Box of \(count)")
            d.summary = "Pre-sharpened cedar pencils with a break-resistant \(grade) graphite core."
            d.bullets = [
                "\(grade) graphite, smooth and dark", "Pre-sharpened", eraser ? "Latex-free eraser tip" : "Hexagonal barrel, no eraser",
            ]
            d.attributes = ["pre-sharpened", "break resistant", eraser ? "eraser tipped" : "no eraser", "wooden pencil"]
            d.spec("graphite_grade", grade)
            d.spec("eraser", eraser)
            d.spec("pack_count", count)
            d.priceCents = DemoMoney.shelf(r.double(0.2, 0.5) * Double(count) * 100)
            d.unit = count == 12 ? "DZ" : "BX"
            d.package(19.5, Double(count) / 12 * 4, 1.5, grams: count * 6 + 20)
        },
        DemoKind(
            "Writing Instruments", "Mechanical Pencils", unspsc: "44121705", weight: 8, model: "MP",
            brands: ["Scribo", "Penrose", "Lineo"], bulk: [6, 12], bulkUnit: "BX"
        ) { r, d in
            let lead = r.pick(["0.5", "0.7", "0.9"])
            let pack = r.pick([2, 3, 6, 12])
            d.name = "Mechanical Pencils \(d.model), \(lead) mm, HB Lead, Pack of \(pack)"
            d.summary = "Refillable mechanical pencils with \(lead) mm HB lead and a built-in eraser."
            d.bullets = ["\(lead) mm lead, preloaded", "Cushioned lead advance", "Refillable with spare leads"]
            d.attributes = ["refillable", "mechanical pencil", "comfort grip"]
            d.spec("lead_size_mm", number: lead)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(0.9, 2.5) * Double(pack) * 100)
            d.unit = "PK"
            d.package(16, 6, 2, grams: pack * 10 + 20)
        },
        DemoKind(
            "Writing Instruments", "Highlighters", unspsc: "44121716", weight: 14, model: "H",
            brands: ["Brightmark", "Markwell", "Scribo"], bulk: [6, 12], bulkUnit: "BX"
        ) { r, d in
            let pack = r.pick([4, 5, 6, 10, 12])
            let tip = r.pick(["chisel", "chisel", "bullet"])
            let palette = ["yellow", "pink", "green", "orange", "blue", "purple"]
            let color = penColors(&r, &d, palette: palette)
            d.name = "\(r.pick(["Fluo", "Textmark", "Glow"])) Highlighters \(d.model), \(DemoText.capitalized(tip)) Tip"
            if let color { d.name += ", \(color)" }
            d.name += ", Pack of \(pack)"
            d.summary = "Bright fluorescent highlighters with a \(tip) tip that won't smear printed ink."
            d.bullets = ["\(tip) tip for broad and fine lines", "Smear-resistant on inkjet and laser prints", "Anti-dry-out cap"]
            d.attributes = ["fluorescent", "smear resistant", "\(tip) tip", "highlighter"]
            d.spec("tip", tip)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(0.6, 1.3) * Double(pack) * 100)
            d.unit = "PK"
            d.package(14, Double(pack) * 1.6, 2, grams: pack * 14 + 20)
        },
        DemoKind(
            "Writing Instruments", "Permanent Markers", unspsc: "44121708", weight: 12, model: "M",
            brands: ["Markwell", "Brightmark", "Inkwell"], bulk: [6, 12], bulkUnit: "BX"
        ) { r, d in
            let tip = r.pick(["fine", "fine", "ultra fine", "chisel"])
            let pack = r.pick([4, 8, 12, 24, 36])
            let color = penColors(&r, &d, palette: inkColors)
            d.name = "Permanent Markers \(d.model), \(DemoText.capitalized(tip)) Point"
            if let color { d.name += ", \(color)" }
            d.name += ", Pack of \(pack)"
            d.summary = "Quick-drying permanent markers that write on paper, plastic, metal, glass and cardboard."
            d.bullets = ["\(tip) point", "Water and fade resistant ink", "Writes on most surfaces"]
            d.attributes = ["permanent", "quick-drying", "waterproof", "\(tip) point"]
            d.spec("ink_type", "permanent")
            d.spec("tip", tip)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(0.7, 1.4) * Double(pack) * 100)
            d.unit = "PK"
            d.package(14, Double(min(pack, 12)) * 1.5, Double((pack + 11) / 12) * 1.6, grams: pack * 12 + 20)
        },
        DemoKind(
            "Writing Instruments", "Whiteboard Markers", unspsc: "44121708", weight: 12, model: "W",
            brands: ["Markwell", "Brightmark", "Boardwell"], bulk: [6, 12], bulkUnit: "BX"
        ) { r, d in
            let tip = r.pick(["chisel", "bullet", "fine"])
            let pack = r.pick([4, 4, 8, 12])
            let color = penColors(&r, &d, palette: ["black", "blue", "red", "green"])
            let lowOdor = r.chance(0.6)
            d.name = "\(lowOdor ? "Low Odour " : "")Dry Erase Whiteboard Markers \(d.model), \(DemoText.capitalized(tip)) Tip"
            if let color { d.name += ", \(color)" }
            d.name += ", Pack of \(pack)"
            d.summary = "Dry erase markers that wipe clean from whiteboards, glass and other non-porous surfaces."
            d.bullets = [
                "\(tip) tip", lowOdor ? "Low odour ink for classrooms and meeting rooms" : "Vivid, high-contrast ink",
                "Erases cleanly without ghosting",
            ]
            d.attributes = ["dry erase", "whiteboard", "\(tip) tip"] + (lowOdor ? ["low odour"] : [])
            d.spec("ink_type", "dry erase")
            d.spec("tip", tip)
            d.spec("low_odor", lowOdor)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(0.9, 1.8) * Double(pack) * 100)
            d.unit = "PK"
            d.package(14, Double(pack) * 1.7, 2, grams: pack * 15 + 20)
        },
    ]

    static let printerModels = [
        "Printek P2035", "Printek P2055", "Printek LaserPro 400", "Printek LaserPro M425", "Kairo M402dn",
        "Kairo M426fdw", "Kairo C3010", "Halden LX-400", "Halden LX-510", "Halden MFC-7360", "Vireon 2270DW",
        "Vireon 2350", "Vireon HL-L2390", "Okamo C332", "Okamo B432",
    ]

    static let toner: [DemoKind] = [
        DemoKind(
            "Toner & Ink", "Laser Toner", unspsc: "44103103", weight: 30, model: "T",
            brands: ["Tonerline", "Printek", "Kairo", "ClearPrint"], bulk: [2, 4]
        ) { r, d in
            let color = r.pick(["black", "black", "black", "cyan", "magenta", "yellow"])
            let yield = color == "black" ? r.pick([1_500, 2_500, 3_000, 6_000, 9_000, 12_000]) : r.pick([1_200, 2_300, 5_000])
            let type = d.brand == "Printek" || d.brand == "Kairo" ? "original" : r.pick(["compatible", "remanufactured"])
            let printers = r.some(printerModels, 1, 4)
            let high = yield >= 6_000 || (color != "black" && yield >= 5_000)
            d.name =
                "\(DemoText.capitalized(color)) Toner Cartridge \(d.model), \(high ? "High Yield " : "")"
                + "\(DemoText.thousands(yield)) Pages, for \(printers.joined(separator: " / "))"
            d.summary = "\(DemoText.capitalized(type)) \(color) laser toner cartridge yielding about \(DemoText.thousands(yield)) pages."
            d.bullets = [
                "Approx. \(DemoText.thousands(yield)) pages at 5% coverage", "Compatible with \(printers.joined(separator: ", "))",
                type == "original" ? "Genuine manufacturer cartridge" : "\(DemoText.capitalized(type)), tested to OEM standards",
            ]
            d.attributes = [type, "laser", color] + (high ? ["high yield"] : [])
            d.spec("color", color)
            d.spec("yield_pages", yield)
            d.spec("cartridge_type", type)
            d.spec("compatible_printers", list: printers)
            let perPage = type == "original" ? r.double(1.9, 2.8) : r.double(0.8, 1.5)
            d.priceCents = DemoMoney.shelf(Double(yield) * perPage * (color == "black" ? 1 : 1.6))
            d.package(36, 12, 14, grams: 700 + yield / 10)
        },
        DemoKind(
            "Toner & Ink", "Ink Cartridges", unspsc: "44103105", weight: 26, model: "I",
            brands: ["Tonerline", "Printek", "ClearPrint", "Kairo"], bulk: [3, 6]
        ) { r, d in
            let color = r.pick(["black", "black", "cyan", "magenta", "yellow", "tri-color", "photo black", "CMYK multipack"])
            let yield = color == "CMYK multipack" ? 600 : r.pick([180, 200, 300, 480, 600, 1_100])
            let printers = r.some(
                [
                    "Printek Jet 2600", "Printek Jet 3700", "Kairo PixJet 520", "Kairo PixJet 800",
                    "Vireon InkPro 6000", "Vireon InkPro 7400", "Okamo Home 210",
                ], 1, 3)
            let high = yield >= 480
            let type = d.brand == "Printek" || d.brand == "Kairo" ? "original" : "compatible"
            d.name =
                "\(DemoText.capitalized(color)) Ink Cartridge \(d.model)\(high ? " XL" : ""), "
                + "\(DemoText.thousands(yield)) Pages, for \(printers.joined(separator: " / "))"
            d.summary = "\(DemoText.capitalized(type)) \(color) ink cartridge for sharp documents and photos."
            d.bullets = ["Approx. \(DemoText.thousands(yield)) pages", "Fits \(printers.joined(separator: ", "))", "Fade-resistant ink"]
            d.attributes = [type, "inkjet", color] + (high ? ["high yield", "XL"] : [])
            d.spec("color", color)
            d.spec("yield_pages", yield)
            d.spec("cartridge_type", type)
            d.spec("compatible_printers", list: printers)
            d.priceCents = DemoMoney.shelf(Double(yield) * r.double(4, 9) * (color == "CMYK multipack" ? 4 : 1))
            d.package(12, 4, 11, grams: color == "CMYK multipack" ? 180 : 60)
        },
        DemoKind(
            "Toner & Ink", "Drum Units", unspsc: "44103109", weight: 5, model: "DR",
            brands: ["Tonerline", "Printek", "Kairo"], bulk: []
        ) { r, d in
            let yield = r.pick([12_000, 20_000, 30_000])
            let printers = r.some(printerModels, 1, 3)
            d.name = "Imaging Drum Unit \(d.model), \(DemoText.thousands(yield)) Pages, for \(printers.joined(separator: " / "))"
            d.summary = "Replacement imaging drum unit rated for about \(DemoText.thousands(yield)) pages."
            d.bullets = [
                "Approx. \(DemoText.thousands(yield)) pages", "Fits \(printers.joined(separator: ", "))", "Easy drop-in installation",
            ]
            d.attributes = ["drum unit", "laser"]
            d.spec("yield_pages", yield)
            d.spec("compatible_printers", list: printers)
            d.priceCents = r.cents(60, 190)
            d.package(42, 15, 15, grams: 1_300)
        },
    ]
}
