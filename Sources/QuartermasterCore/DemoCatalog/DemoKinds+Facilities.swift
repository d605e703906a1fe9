extension DemoKind {
    static let cleaning: [DemoKind] = [
        DemoKind(
            "Cleaning Supplies", "Disinfecting Wipes", unspsc: "47131502", weight: 12, model: "DW",
            brands: ["Brisa", "Clearway", "Purely", "Sanova"], bulk: [6, 12]
        ) { r, d in
            let wipes = r.pick([35, 75, 80, 110])
            let canisters = r.pick([1, 3, 3, 6])
            let scent = r.pick(["lemon", "fresh", "unscented", "lavender"])
            d.name =
                "Disinfecting Wipes \(d.model), \(DemoText.capitalized(scent)), \(wipes) Wipes"
                + (canisters > 1 ? ", Pack of \(canisters) Canisters" : " Canister")
            d.summary = "Bleach-free disinfecting wipes that kill 99.9% of germs on hard surfaces."
            d.bullets = ["\(wipes) wipes per canister", "Kills 99.9% of bacteria and viruses", "Bleach-free, \(scent) scent"]
            d.attributes = ["disinfecting", "bleach-free", "antibacterial", scent]
            d.spec("wipes_per_canister", wipes)
            d.spec("canisters", canisters)
            d.spec("scent", scent)
            d.priceCents = DemoMoney.shelf(r.double(0.05, 0.09) * Double(wipes * canisters) * 100)
            d.unit = canisters > 1 ? "PK" : "EA"
            d.package(Double(canisters) * 8 + 2, 8, 20, grams: canisters * wipes * 5 + 80)
        },
        DemoKind(
            "Cleaning Supplies", "All-Purpose Cleaners", unspsc: "47131801", weight: 10, model: "AP",
            brands: ["Brisa", "Clearway", "Sanova"], bulk: [6, 12]
        ) { r, d in
            let volume = r.pick([500, 750, 946, 3_785])
            let scent = r.pick(["citrus", "fresh", "unscented", "eucalyptus"])
            let form = volume == 3_785 ? "refill" : r.pick(["spray", "spray", "concentrate"])
            let litres = volume == 3_785 ? "1 Gallon" : "\(volume) ml"
            d.name = "All-Purpose Cleaner \(d.model), \(DemoText.capitalized(scent)), \(DemoText.capitalized(form)), \(litres)"
            d.summary = "A streak-free all-purpose cleaner for desks, counters, glass and most washable surfaces."
            d.bullets = ["\(litres) \(form)", "Cuts grease and grime", "Biodegradable surfactants"]
            d.attributes = ["multi-surface", "streak-free", "biodegradable", scent]
            d.spec("volume_ml", volume)
            d.spec("scent", scent)
            d.spec("form", form)
            d.priceCents = volume == 3_785 ? r.cents(12, 22) : DemoMoney.shelf(r.double(0.6, 1.2) * Double(volume) + 150)
            d.package(Double(volume).squareRoot() / 2 + 6, 8, 25, grams: volume + 60)
        },
        DemoKind(
            "Cleaning Supplies", "Trash Bags", unspsc: "47121701", weight: 12, model: "TB",
            brands: ["Brisa", "Clearway", "Purely"], bulk: [4, 6]
        ) { r, d in
            let gallons = r.pick([4, 8, 13, 13, 33, 45, 55])
            let count = r.pick([50, 100, 150, 200])
            let color = r.pick(["black", "white", "clear"])
            let drawstring = r.chance(0.5)
            d.name =
                "\(gallons) Gallon Trash Bags \(d.model), \(DemoText.capitalized(color))"
                + "\(drawstring ? ", Drawstring" : ""), \(count) Count"
            d.summary = "Tear-resistant \(gallons) gallon \(color) bin liners for offices, kitchens and washrooms."
            d.bullets = [
                "\(count) bags, \(gallons) gallon (\(gallons * 38 / 10) l)", drawstring ? "Drawstring closure" : "Flat top, tie closure",
                "Leak and puncture resistant",
            ]
            d.attributes = ["bin liners", "tear resistant", color] + (drawstring ? ["drawstring"] : [])
            d.spec("capacity_gal", gallons)
            d.spec("capacity_l", gallons * 38 / 10)
            d.spec("count", count)
            d.spec("color", color)
            d.spec("drawstring", drawstring)
            d.priceCents = DemoMoney.shelf(r.double(0.06, 0.12) * Double(count) * Double(gallons + 10) / 20 * 100)
            d.unit = "BX"
            d.package(28, 14, 14, grams: count * (gallons + 5) * 2)
        },
        DemoKind(
            "Cleaning Supplies", "Paper Towels", unspsc: "14111703", weight: 10, model: "PT",
            brands: ["Purely", "Brisa", "Sanova"], bulk: [4, 6]
        ) { r, d in
            let type = r.pick(["roll", "C-fold", "multifold"])
            let ply = r.pick([1, 2, 2])
            let count = type == "roll" ? r.pick([6, 12, 24]) : r.pick([2_400, 4_000])
            d.name =
                type == "roll"
                ? "Paper Towel Rolls \(d.model), \(ply)-Ply, \(count) Rolls"
                : "\(type) Paper Towels \(d.model), \(ply)-Ply, \(DemoText.thousands(count)) Towels"
            d.summary = "Absorbent \(ply)-ply \(type) paper towels for washrooms and breakrooms."
            d.bullets = [
                "\(ply)-ply absorbent paper", type == "roll" ? "\(count) rolls" : "\(count) towels per case", "Made with recycled fibre",
            ]
            d.attributes = ["absorbent", "\(ply)-ply", type, "recycled"]
            d.spec("type", type)
            d.spec("ply", ply)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(
                (type == "roll" ? r.double(1.1, 2.0) * Double(count) : r.double(0.011, 0.02) * Double(count)) * 100)
            d.unit = type == "roll" ? "PK" : "CS"
            d.package(40, 30, 30, grams: type == "roll" ? count * 240 : count * 3)
        },
        DemoKind(
            "Cleaning Supplies", "Toilet Paper", unspsc: "14111704", weight: 8, model: "TP",
            brands: ["Purely", "Sanova"], bulk: [2, 4]
        ) { r, d in
            let ply = r.pick([2, 2, 3])
            let rolls = r.pick([12, 24, 48, 96])
            let sheets = r.pick([200, 250, 400, 500])
            d.name = "Toilet Paper \(d.model), \(ply)-Ply, \(sheets) Sheets per Roll, \(rolls) Rolls"
            d.summary = "Soft, strong \(ply)-ply toilet tissue for office washrooms."
            d.bullets = ["\(rolls) rolls of \(sheets) sheets", "\(ply)-ply softness", "Septic safe"]
            d.attributes = ["\(ply)-ply", "septic safe", "soft"]
            d.spec("ply", ply)
            d.spec("rolls", rolls)
            d.spec("sheets_per_roll", sheets)
            d.priceCents = DemoMoney.shelf(r.double(0.5, 0.9) * Double(rolls) * Double(sheets) / 250 * 100)
            d.unit = rolls >= 48 ? "CS" : "PK"
            d.package(45, 35, Double(rolls) * 1.2 + 10, grams: rolls * 110)
        },
        DemoKind(
            "Cleaning Supplies", "Hand Soap", unspsc: "53131608", weight: 8, model: "HS",
            brands: ["Sanova", "Brisa", "Purely"], bulk: [6, 12]
        ) { r, d in
            let volume = r.pick([250, 500, 1_000])
            let form = r.pick(["foaming", "liquid", "gel"])
            let scent = r.pick(["aloe", "citrus", "unscented", "lavender"])
            let antibacterial = r.chance(0.4)
            d.name =
                "\(antibacterial ? "Antibacterial " : "")\(DemoText.capitalized(form)) Hand Soap \(d.model), "
                + "\(DemoText.capitalized(scent)), \(volume) ml\(volume == 1_000 ? " Refill" : " Pump")"
            d.summary = "Gentle \(form) hand soap with moisturisers, kind to hands washed many times a day."
            d.bullets = ["\(volume) ml", "Moisturising formula", antibacterial ? "Antibacterial" : "pH balanced"]
            d.attributes = [form, scent, "moisturising"] + (antibacterial ? ["antibacterial"] : [])
            d.spec("volume_ml", volume)
            d.spec("form", form)
            d.spec("scent", scent)
            d.spec("antibacterial", antibacterial)
            d.priceCents = DemoMoney.shelf(r.double(0.6, 1.1) * Double(volume))
            d.package(8, 6, 20, grams: volume + 50)
        },
    ]

    static let kitchen: [DemoKind] = [
        DemoKind(
            "Kitchen & Breakroom", "Coffee", unspsc: "50201706", weight: 14, model: "CF",
            brands: ["Bellcrest", "Tidewater", "Greenleaf"], bulk: [4, 6]
        ) { r, d in
            let form = r.pick(["ground", "whole bean"])
            let roast = r.pick(["light", "medium", "medium", "dark"])
            let grams = r.pick([340, 500, 907, 1_000])
            let origin = r.pick(["Colombia", "Brazil", "Ethiopia", "Guatemala", "House Blend", "Espresso Blend"])
            let decaf = r.chance(0.15)
            d.name =
                "\(origin) \(DemoText.capitalized(roast)) Roast \(DemoText.capitalized(form)) Coffee \(d.model)"
                + "\(decaf ? ", Decaf" : ""), \(grams >= 900 ? "\(grams / 1_000 == 0 ? "2 lb" : "1 kg")" : "\(grams) g") Bag"
            d.summary = "A \(roast) roast \(origin) coffee, \(form), roasted in small batches."
            d.bullets = ["\(grams) g bag", "\(DemoText.capitalized(roast)) roast, \(form)", "Rainforest-friendly sourcing"]
            d.attributes = [form, "\(roast) roast", "coffee"] + (decaf ? ["decaf"] : [])
            d.spec("form", form)
            d.spec("roast", roast)
            d.spec("weight_g", grams)
            d.spec("origin", origin)
            d.spec("decaf", decaf)
            d.priceCents = DemoMoney.shelf(r.double(2.2, 4) * Double(grams) / 100 * 100)
            d.unit = "BG"
            d.package(25, 13, 8, grams: grams + 30)
        },
        DemoKind(
            "Kitchen & Breakroom", "Coffee Pods", unspsc: "50201706", weight: 10, model: "KP",
            brands: ["Bellcrest", "Tidewater"], bulk: [4, 6]
        ) { r, d in
            let count = r.pick([24, 48, 72, 96])
            let roast = r.pick(["light", "medium", "dark", "espresso"])
            d.name = "Single-Serve Coffee Pods \(d.model), \(DemoText.capitalized(roast)) Roast, \(count) Count"
            d.summary = "Single-serve \(roast) roast coffee pods for one-cup brewers."
            d.bullets = ["\(count) pods", "Fits most single-serve brewers", "Recyclable pods"]
            d.attributes = ["single-serve", "pods", "\(roast) roast", "recyclable"]
            d.spec("count", count)
            d.spec("roast", roast)
            d.priceCents = DemoMoney.shelf(r.double(0.35, 0.65) * Double(count) * 100)
            d.unit = "BX"
            d.package(30, 20, 12, grams: count * 12)
        },
        DemoKind(
            "Kitchen & Breakroom", "Tea", unspsc: "50201712", weight: 8, model: "TE",
            brands: ["Greenleaf", "Tidewater"], bulk: [6, 12]
        ) { r, d in
            let type = r.pick(["English breakfast", "earl grey", "green", "peppermint", "chamomile", "assorted"])
            let count = r.pick([20, 25, 50, 100])
            d.name = "\(DemoText.capitalized(type)) Tea Bags \(d.model), \(count) Count"
            d.summary = "\(DemoText.capitalized(type)) tea in individually wrapped bags."
            d.bullets = [
                "\(count) individually wrapped tea bags",
                type == "peppermint" || type == "chamomile" ? "Caffeine free" : "Full-bodied flavour",
            ]
            d.attributes = ["tea", "individually wrapped", type]
            d.spec("tea_type", type)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(r.double(0.08, 0.16) * Double(count) * 100)
            d.unit = "BX"
            d.package(15, 8, 8, grams: count * 3 + 30)
        },
        DemoKind(
            "Kitchen & Breakroom", "Disposable Cups", unspsc: "52151504", weight: 10, model: "DC",
            brands: ["Greenleaf", "Purely", "Tidewater"], bulk: [4, 10]
        ) { r, d in
            let ounces = r.pick([8, 10, 12, 16])
            let material = r.pick(["paper", "compostable PLA-lined paper", "double-wall paper"])
            let count = r.pick([50, 100, 500, 1_000])
            d.name = "\(ounces) oz Hot Cups \(d.model), \(DemoText.capitalized(material)), \(DemoText.thousands(count)) Count"
            d.summary = "\(ounces) oz \(material) cups for hot drinks in breakrooms and at events."
            d.bullets = ["\(count) cups, \(ounces) oz (\(ounces * 30) ml)", "Leak-resistant seam", "Fits standard lids"]
            d.attributes = ["disposable", "hot cups", material]
            d.spec("volume_oz", ounces)
            d.spec("material", material)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(r.double(0.06, 0.14) * Double(count) * 100)
            d.unit = count >= 500 ? "CS" : "PK"
            d.package(40, 30, 30, grams: count * 10)
        },
        DemoKind(
            "Kitchen & Breakroom", "Bottled Water", unspsc: "50202301", weight: 6, model: "WA",
            brands: ["Aquavie", "Tidewater"], bulk: [3, 4]
        ) { r, d in
            let volume = r.pick([330, 500, 500, 1_000])
            let count = volume == 1_000 ? 12 : r.pick([24, 35])
            let sparkling = r.chance(0.25)
            d.name = "\(sparkling ? "Sparkling" : "Still") Spring Water \(d.model), \(volume) ml Bottles, \(count) Pack"
            d.summary = "\(sparkling ? "Lightly sparkling" : "Natural") spring water in recyclable bottles."
            d.bullets = ["\(count) bottles of \(volume) ml", "BPA-free, recyclable bottles"]
            d.attributes = ["bottled water", sparkling ? "sparkling" : "still", "BPA-free"]
            d.spec("volume_ml", volume)
            d.spec("count", count)
            d.spec("sparkling", sparkling)
            d.priceCents = DemoMoney.shelf(r.double(0.25, 0.6) * Double(count) * Double(volume) / 500 * 100)
            d.unit = "PK"
            d.package(40, 27, 22, grams: count * (volume + 20))
        },
        DemoKind(
            "Kitchen & Breakroom", "Napkins", unspsc: "14111705", weight: 5, model: "NP",
            brands: ["Purely", "Greenleaf"], bulk: [6, 12]
        ) { r, d in
            let ply = r.pick([1, 2])
            let count = r.pick([250, 500, 1_000])
            d.name = "Lunch Napkins \(d.model), \(ply)-Ply, White, \(count) Count"
            d.summary = "Soft \(ply)-ply white napkins for the breakroom and catering."
            d.bullets = ["\(count) napkins", "\(ply)-ply", "33 x 33 cm unfolded"]
            d.attributes = ["napkins", "\(ply)-ply", "white"]
            d.spec("ply", ply)
            d.spec("count", count)
            d.priceCents = DemoMoney.shelf(r.double(0.01, 0.02) * Double(count) * 100)
            d.unit = "PK"
            d.package(20, 20, Double(count) / 25, grams: count * 4)
        },
    ]

    static let itAccessories: [DemoKind] = [
        DemoKind(
            "IT Accessories", "Computer Mice", unspsc: "43211708", weight: 14, model: "MS",
            brands: ["Keystroke", "Nexwire", "Orbit Labs"], bulk: [4]
        ) { r, d in
            let connection = r.pick(["USB wired", "wireless 2.4 GHz", "Bluetooth", "Bluetooth and 2.4 GHz"])
            let dpi = r.pick([1_000, 1_600, 2_400, 4_000])
            let buttons = r.pick([3, 5, 6, 8])
            let ergonomic = r.chance(0.35)
            let silent = r.chance(0.3)
            d.name =
                "\(ergonomic ? "Ergonomic Vertical " : "")\(silent ? "Silent " : "")"
                + "\(connection.hasPrefix("USB") ? "Wired" : "Wireless") Mouse \(d.model), \(dpi) DPI, \(buttons) Buttons"
            d.option("color", r.some(["black", "white", "grey", "blue", "pink"], 2, 3))
            d.explicitVariants = r.chance(0.5)
            d.summary = "A \(connection) mouse with \(dpi) DPI tracking and \(buttons) buttons."
            d.bullets = [
                "\(connection) connection", "\(dpi) DPI optical sensor", "\(buttons) buttons",
                silent ? "Quiet clicks" : "Up to 18 months battery life",
            ]
            d.attributes =
                [connection.hasPrefix("USB") ? "wired" : "wireless", "optical"] + (ergonomic ? ["ergonomic", "vertical"] : [])
                + (silent ? ["silent"] : [])
            d.spec("connectivity", connection)
            d.spec("dpi", dpi)
            d.spec("buttons", buttons)
            d.spec("ergonomic", ergonomic)
            d.priceCents = r.cents(9, 45) + (ergonomic ? 1_500 : 0)
            d.package(16, 10, 6, grams: 180)
        },
        DemoKind(
            "IT Accessories", "Keyboards", unspsc: "43211706", weight: 12, model: "KB",
            brands: ["Keystroke", "Nexwire", "Orbit Labs"], bulk: [4]
        ) { r, d in
            let connection = r.pick(["USB wired", "wireless 2.4 GHz", "Bluetooth"])
            let type = r.pick(["membrane", "scissor-switch", "mechanical"])
            let layout = r.pick(["US", "US", "UK", "International English"])
            let numpad = r.chance(0.6)
            let backlit = r.chance(0.4)
            d.name =
                "\(connection.hasPrefix("USB") ? "Wired" : "Wireless") \(DemoText.capitalized(type)) Keyboard \(d.model), "
                + "\(layout) Layout\(numpad ? ", Full Size" : ", Compact")\(backlit ? ", Backlit" : "")"
            d.summary = "A \(numpad ? "full-size" : "compact") \(type) keyboard with \(connection) connection."
            d.bullets = [
                "\(layout) layout", "\(type) keys", numpad ? "Numeric keypad" : "Space-saving tenkeyless design", "Spill-resistant",
            ]
            d.attributes = [type, connection.hasPrefix("USB") ? "wired" : "wireless", "spill resistant"] + (backlit ? ["backlit"] : [])
            d.spec("connectivity", connection)
            d.spec("switch_type", type)
            d.spec("layout", layout)
            d.spec("numeric_keypad", numpad)
            d.spec("backlit", backlit)
            d.priceCents = r.cents(14, 60) + (type == "mechanical" ? 3_000 : 0)
            d.package(47, 16, 4, grams: 750)
        },
        DemoKind(
            "IT Accessories", "USB Flash Drives", unspsc: "43202005", weight: 10, model: "UF",
            brands: ["Nexwire", "Voltaro", "Orbit Labs"], bulk: [5, 10]
        ) { r, d in
            let capacity = r.pick([16, 32, 64, 128, 256])
            let interface = r.pick(["USB 3.2", "USB 3.2", "USB-C", "dual USB-A and USB-C"])
            let pack = r.pick([1, 1, 2, 5])
            d.name = "\(capacity) GB Flash Drive \(d.model), \(interface)\(pack > 1 ? ", Pack of \(pack)" : "")"
            d.summary = "A pocket-size \(capacity) GB \(interface) flash drive for moving files quickly."
            d.bullets = ["\(capacity) GB", "\(interface)", "Read up to \(capacity >= 64 ? 150 : 100) MB/s", "Key-ring loop"]
            d.attributes = ["USB stick", "portable storage", interface]
            d.spec("capacity_gb", capacity)
            d.spec("interface", interface)
            d.spec("pack_count", pack)
            d.priceCents = DemoMoney.shelf((4 + Double(capacity) * r.double(0.08, 0.15)) * Double(pack) * 100)
            d.unit = pack > 1 ? "PK" : "EA"
            d.package(12, 8, 2, grams: pack * 15 + 20)
        },
        DemoKind(
            "IT Accessories", "USB-C Cables", unspsc: "26121609", weight: 10, model: "UC",
            brands: ["Nexwire", "Voltaro"], bulk: [5, 10]
        ) { r, d in
            let length = r.pick(["0.5", "1", "1", "2", "3"])
            let ends = r.pick(["USB-C to USB-C", "USB-C to USB-A"])
            let watts = ends == "USB-C to USB-C" ? r.pick([60, 100, 240]) : 15
            d.name = "\(ends) Cable \(d.model), \(length) m, \(watts) W\(r.chance(0.5) ? ", Braided" : "")"
            d.option("color", r.some(["black", "white", "grey"], 2, 3))
            d.explicitVariants = false
            d.summary = "A durable \(ends) cable, \(length) m long, for charging and data up to \(watts) W."
            d.bullets = ["\(length) m", "Charges up to \(watts) W", "Data transfer up to 480 Mbps"]
            d.attributes = ["charging cable", ends, "fast charging"]
            d.spec("connector", ends)
            d.spec("length_m", number: length)
            d.spec("power_w", watts)
            d.priceCents = r.cents(6, 22)
            d.package(15, 10, 3, grams: 60)
        },
        DemoKind(
            "IT Accessories", "Headsets", unspsc: "43211713", weight: 9, model: "HD",
            brands: ["Keystroke", "Orbit Labs", "Nexwire"], bulk: []
        ) { r, d in
            let connection = r.pick(["USB-A", "USB-C", "Bluetooth", "3.5 mm jack"])
            let style = r.pick(["stereo", "mono"])
            let anc = r.chance(0.4)
            d.name =
                "\(DemoText.capitalized(style)) Headset with Noise-Cancelling Microphone \(d.model), \(connection)"
                + (anc ? ", Active Noise Cancelling" : "")
            d.summary = "A lightweight \(style) office headset for calls and video meetings."
            d.bullets = [
                "\(connection) connection", "Noise-cancelling boom microphone", "Inline volume and mute",
                anc ? "Active noise cancelling" : "Padded ear cushions",
            ]
            d.attributes = [style, "headset", "microphone", "noise cancelling"]
            d.spec("connectivity", connection)
            d.spec("style", style)
            d.spec("active_noise_cancelling", anc)
            d.priceCents = r.cents(19, 90) + (anc ? 4_000 : 0)
            d.package(22, 18, 8, grams: 300)
        },
        DemoKind(
            "IT Accessories", "Webcams", unspsc: "43211719", weight: 5, model: "WC",
            brands: ["Orbit Labs", "Nexwire"], bulk: []
        ) { r, d in
            let resolution = r.pick(["1080p", "1080p", "1440p", "4K"])
            d.name = "\(resolution) Webcam \(d.model) with Dual Microphones and Privacy Cover"
            d.summary = "A \(resolution) webcam with auto light correction for video calls."
            d.bullets = ["\(resolution) at 30 fps", "Dual noise-reducing microphones", "Privacy cover", "Universal monitor clip"]
            d.attributes = ["webcam", resolution, "privacy cover"]
            d.spec("resolution", resolution)
            d.spec("fps", 30)
            d.priceCents = r.cents(29, 130)
            d.package(15, 10, 8, grams: 240)
        },
        DemoKind(
            "IT Accessories", "Monitor Arms", unspsc: "56101706", weight: 6, model: "MA",
            brands: ["Ergoform", "Loftworks", "Keystroke"], bulk: []
        ) { r, d in
            let screens = r.pick([1, 2])
            let maxInch = r.pick([27, 32, 34])
            let maxKg = r.pick([8, 9, 10])
            d.name = "\(screens == 1 ? "Single" : "Dual") Monitor Arm \(d.model), Gas Spring, up to \(maxInch) in, \(maxKg) kg per Arm"
            d.summary = "A gas-spring monitor arm that frees desk space and sets screens at eye level."
            d.bullets = ["Holds \(screens) screen\(screens > 1 ? "s" : "") up to \(maxInch) in", "VESA 75/100", "Clamp and grommet mount"]
            d.attributes = ["gas spring", "VESA", "ergonomic", screens == 1 ? "single" : "dual"]
            d.spec("screens", screens)
            d.spec("max_screen_in", maxInch)
            d.spec("max_load_kg", maxKg)
            d.priceCents = r.cents(35, 90) * screens
            d.package(50, 25, 14, grams: screens * 3_000)
        },
    ]
}
