extension DemoKind {
    static let presentation: [DemoKind] = [
        DemoKind(
            "Presentation & Boards", "Whiteboards", unspsc: "44111905", weight: 10, model: "WB",
            brands: ["Boardwell", "Planwall", "Ardenne"], bulk: []
        ) { r, d in
            let size = r.pick([(60, 45), (90, 60), (120, 90), (150, 100), (180, 120)])
            let surface = r.pick(["melamine", "painted steel", "porcelain", "glass"])
            let magnetic = surface != "melamine"
            d.name =
                "\(magnetic ? "Magnetic " : "")\(DemoText.capitalized(surface)) Whiteboard \(d.model), "
                + "\(size.0) x \(size.1) cm, Aluminium Frame"
            d.summary = "A \(surface) dry erase whiteboard, \(size.0) x \(size.1) cm, with pen tray and wall fixings."
            d.bullets = [
                "\(size.0) x \(size.1) cm writing area", magnetic ? "Magnetic surface" : "Lightweight melamine surface",
                "Pen tray and wall fixings included", surface == "porcelain" ? "Lifetime surface warranty" : "Wipes clean without ghosting",
            ]
            d.attributes = ["dry erase", surface] + (magnetic ? ["magnetic"] : [])
            d.spec("width_cm", size.0)
            d.spec("height_cm", size.1)
            d.spec("surface", surface)
            d.spec("magnetic", magnetic)
            d.priceCents = DemoMoney.shelf(
                Double(size.0 * size.1) * r.double(0.25, 0.45) * (surface == "porcelain" || surface == "glass" ? 1.8 : 1) + 1_500)
            d.package(Double(size.0) + 5, Double(size.1) + 5, 4, grams: size.0 * size.1 * 2)
        },
        DemoKind(
            "Presentation & Boards", "Notice Boards", unspsc: "44111912", weight: 6, model: "NT",
            brands: ["Boardwell", "Planwall"], bulk: []
        ) { r, d in
            let size = r.pick([(60, 45), (90, 60), (120, 90)])
            let surface = r.pick(["cork", "felt"])
            let frame = r.pick(["aluminium", "oak wood"])
            d.name =
                "\(DemoText.capitalized(surface)) Notice Board \(d.model), \(size.0) x \(size.1) cm, \(DemoText.capitalized(frame)) Frame"
            d.summary = "A self-healing \(surface) notice board for memos, schedules and announcements."
            d.bullets = ["\(size.0) x \(size.1) cm", "Self-healing \(surface) surface", "\(DemoText.capitalized(frame)) frame"]
            d.attributes = [surface, "bulletin board", "pin board"]
            d.spec("width_cm", size.0)
            d.spec("height_cm", size.1)
            d.spec("surface", surface)
            d.spec("frame", frame)
            d.priceCents = DemoMoney.shelf(Double(size.0 * size.1) * r.double(0.2, 0.35) + 1_000)
            d.package(Double(size.0) + 5, Double(size.1) + 5, 3, grams: size.0 * size.1 + 500)
        },
        DemoKind(
            "Presentation & Boards", "Flip Chart Pads", unspsc: "44111911", weight: 5, model: "FP",
            brands: ["Boardwell", "Papyra"], bulk: [4]
        ) { r, d in
            let sheets = r.pick([30, 40, 50])
            let pads = r.pick([2, 4, 6])
            let selfStick = r.chance(0.5)
            let ruling = r.pick(["plain", "grid"])
            d.name =
                "\(selfStick ? "Self-Stick " : "")Flip Chart Pads \(d.model), 25 x 30 in, \(DemoText.capitalized(ruling)), "
                + "\(sheets) Sheets, \(pads) Pads"
            d.summary = "Bleed-resistant flip chart paper for workshops and presentations."
            d.bullets = [
                "\(pads) pads of \(sheets) sheets", "25 x 30 in (63.5 x 76.2 cm)",
                selfStick ? "Sheets stick to walls" : "Fits standard easels",
            ]
            d.attributes = ["flip chart", ruling, "bleed resistant"] + (selfStick ? ["self-stick"] : [])
            d.spec("sheets", sheets)
            d.spec("pads", pads)
            d.spec("ruling", ruling)
            d.spec("self_stick", selfStick)
            d.priceCents = DemoMoney.shelf(r.double(8, 16) * Double(pads) * (selfStick ? 1.8 : 1) * 100)
            d.unit = "PK"
            d.package(78, 65, Double(pads) * 2, grams: pads * sheets * 45)
        },
        DemoKind(
            "Presentation & Boards", "Wireless Presenters", unspsc: "45111601", weight: 3, model: "PR",
            brands: ["Orbit Labs", "Keystroke"], bulk: []
        ) { r, d in
            let laser = r.pick(["red", "green"])
            let range = r.pick([20, 30, 50])
            d.name = "Wireless Presenter \(d.model) with \(DemoText.capitalized(laser)) Laser Pointer, \(range) m Range"
            d.summary = "A wireless presentation clicker with \(laser) laser pointer and slide controls."
            d.bullets = ["\(range) m range", "\(DemoText.capitalized(laser)) laser pointer", "Plug-and-play USB receiver"]
            d.attributes = ["laser pointer", "clicker", "wireless"]
            d.spec("laser_color", laser)
            d.spec("range_m", range)
            d.priceCents = r.cents(15, 55)
            d.package(16, 6, 3, grams: 90)
        },
        DemoKind(
            "Presentation & Boards", "Easels", unspsc: "44111911", weight: 3, model: "ES",
            brands: ["Boardwell", "Planwall"], bulk: []
        ) { r, d in
            let magnetic = r.chance(0.6)
            d.name = "Tripod Flip Chart Easel \(d.model)\(magnetic ? ", Magnetic Whiteboard" : ""), Height Adjustable"
            d.summary = "A height-adjustable tripod easel that holds flip chart pads for meetings and training."
            d.bullets = ["Adjusts to 190 cm", "Extendable arms for display", magnetic ? "Magnetic dry erase board" : "Lightweight frame"]
            d.attributes = ["easel", "tripod", "height adjustable"] + (magnetic ? ["magnetic"] : [])
            d.spec("height_adjustable", true)
            d.spec("magnetic", magnetic)
            d.priceCents = r.cents(60, 150)
            d.package(100, 72, 8, grams: 7_000)
        },
    ]

    static let labels: [DemoKind] = [
        DemoKind(
            "Labels & Labelling", "Address Labels", unspsc: "55121606", weight: 10, model: "AL",
            brands: ["Labelon", "Tagmark", "Papyra"], bulk: [4, 10]
        ) { r, d in
            let perSheet = r.pick([10, 14, 21, 24, 30, 65])
            let sheets = r.pick([25, 100, 250])
            let printer = r.pick(["laser", "inkjet", "laser and inkjet"])
            d.name =
                "Address Labels \(d.model), \(perSheet) per Sheet, \(DemoText.capitalized(printer)) Printers, "
                + "\(DemoText.thousands(perSheet * sheets)) Labels"
            d.summary = "White sheet labels for addressing, filing and product labelling on \(printer) printers."
            d.bullets = ["\(perSheet) labels per sheet, \(sheets) sheets", "Permanent adhesive", "Jam-free printing"]
            d.attributes = ["white", "permanent adhesive", printer, "mailing labels"]
            d.spec("labels_per_sheet", perSheet)
            d.spec("sheets", sheets)
            d.spec("printer_type", printer)
            d.priceCents = DemoMoney.shelf(r.double(0.08, 0.16) * Double(sheets) * 100)
            d.unit = "PK"
            d.package(30, 22, Double(sheets) / 80 + 1, grams: sheets * 10)
        },
        DemoKind(
            "Labels & Labelling", "Label Makers", unspsc: "44101602", weight: 3, model: "LM",
            brands: ["Labelon", "Tagmark"], bulk: []
        ) { r, d in
            let width = r.pick([12, 18, 24])
            let connection = r.pick(["standalone", "Bluetooth", "USB"])
            d.name =
                "\(connection == "standalone" ? "Handheld" : connection) Label Maker \(d.model), up to \(width) mm Tape, QWERTY Keyboard"
            d.summary = "A \(connection == "standalone" ? "handheld" : connection) label maker printing on tapes up to \(width) mm."
            d.bullets = ["Tapes 6-\(width) mm", "QWERTY keyboard", "Fonts, frames and symbols"]
            d.attributes = ["label maker", "thermal transfer", connection]
            d.spec("max_tape_width_mm", width)
            d.spec("connectivity", connection)
            d.priceCents = r.cents(25, 90) + width * 100
            d.package(25, 16, 8, grams: 600)
        },
        DemoKind(
            "Labels & Labelling", "Label Tapes", unspsc: "44103120", weight: 6, model: "LT",
            brands: ["Labelon", "Tagmark"], bulk: [5, 10]
        ) { r, d in
            let width = r.pick([6, 9, 12, 12, 18, 24])
            let colors = r.pick(["black on white", "black on clear", "black on yellow", "white on black", "red on white"])
            let pack = r.pick([1, 1, 2, 5])
            d.name =
                "Laminated Label Tape \(d.model), \(width) mm x 8 m, \(DemoText.capitalized(colors))\(pack > 1 ? ", Pack of \(pack)" : "")"
            d.summary = "Laminated \(colors) label tape that resists water, fading and abrasion."
            d.bullets = ["\(width) mm x 8 m", "\(DemoText.capitalized(colors))", "Fits Labelon and Tagmark label makers"]
            d.attributes = ["laminated", "label tape", colors]
            d.spec("width_mm", width)
            d.spec("length_m", 8)
            d.spec("colors", colors)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf(r.double(7, 14) * Double(pack) * Double(width + 12) / 24 * 100)
            d.unit = pack > 1 ? "PK" : "EA"
            d.package(10, 7, Double(pack) * 2, grams: pack * 40)
        },
        DemoKind(
            "Labels & Labelling", "Shipping Labels", unspsc: "55121606", weight: 6, model: "SL",
            brands: ["Labelon", "Tagmark", "Shipwell"], bulk: [4, 10]
        ) { r, d in
            let perRoll = r.pick([250, 450, 500])
            let rolls = r.pick([1, 4, 10])
            d.name = "Direct Thermal Shipping Labels \(d.model), 4 x 6 in, \(perRoll) per Roll, \(rolls) Roll\(rolls > 1 ? "s" : "")"
            d.summary = "4 x 6 in direct thermal labels for shipping printers, no ink or toner needed."
            d.bullets = ["\(perRoll) labels per roll", "Perforated between labels", "Fits 1 in core printers"]
            d.attributes = ["direct thermal", "4x6", "shipping labels", "perforated"]
            d.spec("label_size", "4 x 6 in")
            d.spec("labels_per_roll", perRoll)
            d.spec("rolls", rolls)
            d.priceCents = DemoMoney.shelf(r.double(0.015, 0.03) * Double(perRoll * rolls) * 100)
            d.unit = rolls > 1 ? "PK" : "RO"
            d.package(Double(rolls) * 11 + 2, 12, 12, grams: rolls * perRoll * 3)
        },
    ]

    static let power: [DemoKind] = [
        DemoKind(
            "Batteries & Power", "Alkaline Batteries", unspsc: "26111702", weight: 12, model: "AB",
            brands: ["Voltaro", "Everpeak", "Ampfield"], bulk: [4, 6, 12]
        ) { r, d in
            let size = r.pick(["AA", "AA", "AAA", "AAA", "C", "D", "9V"])
            let count = size == "9V" ? r.pick([2, 4, 8]) : r.pick([4, 8, 12, 20, 24, 36, 48])
            d.name = "\(size) Alkaline Batteries \(d.model), \(count) Pack, 10-Year Shelf Life"
            d.summary = "Long-lasting \(size) alkaline batteries for mice, remotes, clocks and toys."
            d.bullets = ["\(count) \(size) batteries", "10-year shelf life", size == "9V" ? "9 V" : "1.5 V", "Leak-resistant"]
            d.attributes = ["alkaline", size, "long lasting"]
            d.spec("battery_size", size)
            d.spec("chemistry", "alkaline")
            d.spec("count", count)
            d.spec("voltage", number: size == "9V" ? "9" : "1.5")
            d.spec("rechargeable", false)
            let each = ["AA": 0.6, "AAA": 0.6, "C": 1.4, "D": 1.6, "9V": 2.5][size] ?? 0.6
            d.priceCents = DemoMoney.shelf(each * r.double(0.8, 1.3) * Double(count) * 100)
            d.unit = "PK"
            d.package(Double(count) * 1.5 + 4, 12, 3, grams: count * (["C": 67, "D": 140, "9V": 45][size] ?? 23) + 30)
        },
        DemoKind(
            "Batteries & Power", "Rechargeable Batteries", unspsc: "26111701", weight: 5, model: "RC",
            brands: ["Voltaro", "Everpeak"], bulk: [6]
        ) { r, d in
            let size = r.pick(["AA", "AAA"])
            let capacity = size == "AA" ? r.pick([2_000, 2_500, 2_800]) : r.pick([800, 950])
            let count = r.pick([2, 4, 8])
            d.name = "\(size) Rechargeable NiMH Batteries \(d.model), \(DemoText.thousands(capacity)) mAh, \(count) Pack"
            d.summary = "Pre-charged \(size) NiMH batteries, rechargeable up to 1,000 times."
            d.bullets = ["\(capacity) mAh", "Pre-charged, ready to use", "Up to 1,000 recharges"]
            d.attributes = ["rechargeable", "NiMH", size, "low self-discharge"]
            d.spec("battery_size", size)
            d.spec("chemistry", "NiMH")
            d.spec("count", count)
            d.spec("capacity_mah", capacity)
            d.spec("voltage", number: "1.2")
            d.spec("rechargeable", true)
            d.priceCents = DemoMoney.shelf(r.double(2.5, 4.5) * Double(count) * 100)
            d.unit = "PK"
            d.package(Double(count) * 1.5 + 4, 12, 3, grams: count * 28 + 30)
        },
        DemoKind(
            "Batteries & Power", "Surge Protectors", unspsc: "39121610", weight: 8, model: "SU",
            brands: ["Voltaro", "Ampfield"], bulk: [4]
        ) { r, d in
            let outlets = r.pick([4, 6, 8, 10, 12])
            let usb = r.pick([0, 2, 4])
            let joules = r.pick([900, 1_800, 2_100, 4_000])
            let cord = r.pick(["1.5", "2", "3", "4.5"])
            d.name =
                "\(outlets)-Outlet Surge Protector Power Strip \(d.model), \(DemoText.thousands(joules)) Joules"
                + (usb > 0 ? ", \(usb) USB Ports" : "") + ", \(cord) m Cord"
            d.summary = "A surge-protected power strip with \(outlets) outlets rated \(joules) joules."
            d.bullets = [
                "\(outlets) outlets\(usb > 0 ? " plus \(usb) USB ports" : "")", "\(joules) joule surge rating", "\(cord) m heavy-duty cord",
            ]
            d.attributes = ["surge protector", "power strip"] + (usb > 0 ? ["USB charging"] : [])
            d.spec("outlets", outlets)
            d.spec("usb_ports", usb)
            d.spec("surge_joules", joules)
            d.spec("cord_length_m", number: cord)
            d.priceCents = r.cents(12, 25) + outlets * 150 + usb * 250
            d.package(40, 10, 6, grams: 700 + outlets * 40)
        },
        DemoKind(
            "Batteries & Power", "Extension Cords", unspsc: "26121636", weight: 5, model: "EC",
            brands: ["Voltaro", "Ampfield", "Everpeak"], bulk: [6]
        ) { r, d in
            let length = r.pick([3, 5, 10, 15, 25])
            let outdoor = r.chance(0.4)
            d.name = "\(outdoor ? "Outdoor" : "Indoor") Extension Cord \(d.model), \(length) m, 3-Prong, 16 AWG"
            d.option("color", outdoor ? ["orange", "green"] : ["white", "black"])
            d.explicitVariants = false
            d.summary = "A \(length) m \(outdoor ? "weather-resistant outdoor" : "indoor") extension cord with grounded plug."
            d.bullets = ["\(length) m long", "16 AWG, 13 A", outdoor ? "Weather resistant jacket" : "Flat plug fits behind furniture"]
            d.attributes = ["extension cord", outdoor ? "outdoor" : "indoor", "grounded"]
            d.spec("length_m", length)
            d.spec("gauge_awg", 16)
            d.spec("outdoor", outdoor)
            d.priceCents = r.cents(7, 12) + length * 90
            d.package(20, 20, 8, grams: length * 90 + 100)
        },
    ]

    static let lighting: [DemoKind] = [
        DemoKind(
            "Lighting", "Desk Lamps", unspsc: "39111610", weight: 8, model: "DL",
            brands: ["Lumen", "Lucerna", "Brightwell"], bulk: []
        ) { r, d in
            let lumens = r.pick([300, 450, 600, 800])
            let usb = r.chance(0.5)
            let arm = r.pick(["swing arm", "gooseneck", "folding"])
            d.name = "Dimmable LED Desk Lamp \(d.model), \(DemoText.capitalized(arm)), \(lumens) lm\(usb ? ", USB Charging Port" : "")"
            d.option("color", r.some(["black", "white", "silver", "grey"], 2, 3))
            d.explicitVariants = r.chance(0.5)
            d.summary = "An eye-caring \(arm) LED desk lamp with adjustable brightness and colour temperature."
            d.bullets = [
                "\(lumens) lumens, 5 brightness levels", "2700-6500 K colour temperature", usb ? "USB charging port" : "Touch controls",
                "Flicker-free",
            ]
            d.attributes = ["LED", "dimmable", "flicker-free", arm] + (usb ? ["USB charging"] : [])
            d.spec("lumens", lumens)
            d.spec("color_temp_k_min", 2_700)
            d.spec("color_temp_k_max", 6_500)
            d.spec("dimmable", true)
            d.spec("usb_port", usb)
            d.priceCents = r.cents(18, 60) + lumens * 2
            d.package(45, 18, 12, grams: 1_100)
        },
        DemoKind(
            "Lighting", "LED Bulbs", unspsc: "39101628", weight: 8, model: "LB",
            brands: ["Lumen", "Lucerna", "Brightwell"], bulk: [6, 12]
        ) { r, d in
            let base = r.pick(["E26", "E26", "E27", "B22", "GU10"])
            let equivalent = base == "GU10" ? 50 : r.pick([40, 60, 75, 100])
            let watts = equivalent * 14 / 100
            let kelvin = r.pick([2_700, 3_000, 4_000, 5_000])
            let count = r.pick([1, 2, 4, 6, 12])
            let dimmable = r.chance(0.5)
            let tone = kelvin <= 3_000 ? "Warm White" : (kelvin == 4_000 ? "Cool White" : "Daylight")
            d.name =
                "\(equivalent)W Equivalent LED Bulbs \(d.model), \(base), \(tone) \(kelvin)K\(dimmable ? ", Dimmable" : ""), \(count) Pack"
            d.summary = "Energy-saving \(base) LED bulbs giving \(tone.lowercased()) light while using about \(watts) W."
            d.bullets = [
                "\(equivalent) W equivalent, uses \(watts) W", "\(kelvin) K \(tone.lowercased())", "15,000 hour life",
                dimmable ? "Dimmable" : "Non-dimmable",
            ]
            d.attributes = ["LED", "energy saving", tone.lowercased(), base] + (dimmable ? ["dimmable"] : [])
            d.spec("base", base)
            d.spec("watts", watts)
            d.spec("watts_equivalent", equivalent)
            d.spec("lumens", equivalent * 27 / 2)
            d.spec("color_temp_k", kelvin)
            d.spec("dimmable", dimmable)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(r.double(1.5, 4) * Double(count) * (dimmable ? 1.3 : 1) * 100)
            d.unit = count > 1 ? "PK" : "EA"
            d.package(Double(count) * 6 + 2, 7, 12, grams: count * 60 + 20)
        },
        DemoKind(
            "Lighting", "LED Panel Lights", unspsc: "39111501", weight: 4, model: "LP",
            brands: ["Lumen", "Brightwell"], bulk: [2, 4]
        ) { r, d in
            let size = r.pick(["60 x 60 cm", "30 x 120 cm", "60 x 120 cm"])
            let watts = size == "60 x 120 cm" ? 50 : r.pick([36, 40])
            let kelvin = r.pick([3_000, 4_000, 5_000])
            d.name = "LED Flat Panel Light \(d.model), \(size), \(watts) W, \(kelvin)K, Drop Ceiling"
            d.summary = "A slim LED troffer panel that replaces fluorescent fixtures in drop ceilings."
            d.bullets = ["\(size)", "\(watts) W, \(watts * 110) lumens", "\(kelvin) K", "50,000 hour life"]
            d.attributes = ["LED", "panel", "troffer", "flicker-free"]
            d.spec("panel_size", size)
            d.spec("watts", watts)
            d.spec("lumens", watts * 110)
            d.spec("color_temp_k", kelvin)
            d.priceCents = r.cents(35, 80)
            d.package(size == "60 x 60 cm" ? 64 : 124, size == "30 x 120 cm" ? 34 : 64, 6, grams: 3_200)
        },
    ]
}
