extension DemoKind {
    static let filing: [DemoKind] = [
        DemoKind(
            "Filing & Storage", "Ring Binders", unspsc: "44122003", weight: 22, model: "RB",
            brands: ["Archivo", "Folio & Co", "Dunmore", "Stackwell"], bulk: [6, 12]
        ) { r, d in
            let ring = r.pick(["0.5", "1", "1", "1.5", "2", "3"])
            let shape = r.pick(["D-ring", "O-ring", "slant D-ring"])
            let size = r.pick(["Letter", "A4"])
            let view = r.chance(0.5)
            let capacity = ["0.5": 100, "1": 200, "1.5": 325, "2": 475, "3": 650][ring] ?? 200
            d.name = "\(view ? "View " : "")Ring Binder \(d.model), \(ring) in \(shape), \(size)"
            d.option("color", r.some(["black", "white", "blue", "red", "green", "grey"], 3, 5))
            d.explicitVariants = r.chance(0.7)
            d.summary = "A durable \(ring) in \(shape) binder holding up to \(capacity) \(size) sheets."
            d.bullets = [
                "\(ring) in \(shape) holds up to \(capacity) sheets",
                view ? "Clear overlay on front, back and spine" : "Sturdy polypropylene cover",
                "Two inside pockets for loose papers", "Non-stick cover resists transfer from toner",
            ]
            d.attributes = [shape, "ring binder", "PVC-free"] + (view ? ["view binder", "clear overlay"] : [])
            d.spec("ring_size_in", number: ring)
            d.spec("ring_type", shape)
            d.spec("paper_size", size)
            d.spec("capacity_sheets", capacity)
            d.spec("view_binder", view)
            d.priceCents = r.cents(3, 6) + capacity * 2
            d.package(31, 28, Double(ring)! * 2.54 + 2, grams: 350 + capacity)
        },
        DemoKind(
            "Filing & Storage", "Lever Arch Files", unspsc: "44122003", weight: 8, model: "LA",
            brands: ["Archivo", "Dunmore"], bulk: [10]
        ) { r, d in
            let width = r.pick([50, 75, 80])
            let size = r.pick(["A4", "Foolscap"])
            d.name = "Lever Arch File \(d.model), \(size), \(width) mm Spine"
            d.option("color", r.some(["black", "blue", "red", "green", "yellow"], 3, 5))
            d.explicitVariants = false
            d.summary = "A sturdy board lever arch file with a \(width) mm spine and a finger hole for easy retrieval."
            d.bullets = ["\(width) mm spine holds about \(width * 7) sheets", "Steel lever mechanism", "Spine label pocket"]
            d.attributes = ["lever arch", "board file", "spine label"]
            d.spec("paper_size", size)
            d.spec("spine_width_mm", width)
            d.spec("capacity_sheets", width * 7)
            d.priceCents = r.cents(2.5, 5.5)
            d.package(32, 29, Double(width) / 10 + 1, grams: 480)
        },
        DemoKind(
            "Filing & Storage", "Hanging File Folders", unspsc: "44122018", weight: 10, model: "HF",
            brands: ["Archivo", "Stackwell", "Folio & Co"], bulk: [6, 10], bulkUnit: "CS"
        ) { r, d in
            let size = r.pick(["Letter", "Legal", "A4"])
            let count = r.pick([25, 50])
            let color = r.pick(["standard green", "assorted colours", "blue"])
            d.name = "Hanging File Folders \(d.model), \(size), \(DemoText.capitalized(color)), Box of \(count)"
            d.summary = "Reinforced hanging folders with tabs and inserts for drawers and file carts."
            d.bullets = ["\(count) folders with tabs and inserts", "1/5 cut adjustable tabs", "Reinforced rails"]
            d.attributes = ["hanging folders", "reinforced", "tabs included"]
            d.spec("paper_size", size)
            d.spec("count", count)
            d.spec("color", color)
            d.priceCents = DemoMoney.shelf(r.double(0.4, 0.8) * Double(count) * 100)
            d.unit = "BX"
            d.package(32, 26, 6, grams: count * 40)
        },
        DemoKind(
            "Filing & Storage", "File Folders", unspsc: "44122011", weight: 10, model: "FF",
            brands: ["Archivo", "Folio & Co", "Dunmore"], bulk: [5, 10], bulkUnit: "CS"
        ) { r, d in
            let size = r.pick(["Letter", "Legal"])
            let tab = r.pick(["1/3 cut", "1/5 cut", "straight cut"])
            let color = r.pick(["manila", "manila", "assorted colours", "kraft"])
            d.name = "File Folders \(d.model), \(size), \(tab) Tab, \(DemoText.capitalized(color)), Box of 100"
            d.summary = "Classic \(color) file folders with \(tab) tabs for cabinet and desk filing."
            d.bullets = ["100 folders per box", "\(tab) tabs in assorted positions", "Scored for expansion"]
            d.attributes = ["file folders", tab, color]
            d.spec("paper_size", size)
            d.spec("tab_cut", tab)
            d.spec("count", 100)
            d.spec("color", color)
            d.priceCents = r.cents(9, 22)
            d.unit = "BX"
            d.package(31, 24, 6, grams: 2_300)
        },
        DemoKind(
            "Filing & Storage", "Archive Boxes", unspsc: "44111515", weight: 10, model: "AX",
            brands: ["Stackwell", "Archivo", "Boxford"], bulk: [4, 6]
        ) { r, d in
            let size = r.pick(["Letter/Legal", "Letter", "A4"])
            let count = r.pick([4, 10, 12])
            let lid = r.pick(["lift-off lid", "locking lid"])
            d.name = "Archive Storage Boxes \(d.model), \(size), \(DemoText.capitalized(lid)), Pack of \(count)"
            d.summary = "Corrugated archive boxes with a \(lid) and hand holds for records storage."
            d.bullets = ["Pack of \(count) flat-packed boxes", "Stacks up to 4 high when full", "Built-in hand holds"]
            d.attributes = ["corrugated", "stackable", "recyclable", lid]
            d.spec("paper_size", size)
            d.spec("count", count)
            d.spec("material", "corrugated cardboard")
            d.priceCents = DemoMoney.shelf(r.double(2.5, 4.5) * Double(count) * 100)
            d.unit = "PK"
            d.package(66, 33, Double(count) * 0.8 + 2, grams: count * 650)
        },
        DemoKind(
            "Filing & Storage", "Filing Cabinets", unspsc: "56101708", weight: 7, model: "FC",
            brands: ["Stackwell", "Halden", "Dunmore"], bulk: []
        ) { r, d in
            let drawers = r.pick([2, 3, 4])
            let type = r.pick(["vertical", "lateral", "mobile pedestal"])
            let lock = r.chance(0.8)
            let width = type == "lateral" ? r.pick([76, 91]) : r.pick([38, 40, 46])
            d.name = "\(drawers)-Drawer \(DemoText.capitalized(type)) Filing Cabinet \(d.model)\(lock ? ", Lockable" : ""), Steel"
            d.option("color", ["black", "grey", "white"])
            d.explicitVariants = true
            d.premiums = ["white": 5]
            d.summary = "A steel \(type) filing cabinet with \(drawers) full-extension drawers\(lock ? " and a central lock" : "")."
            d.bullets = [
                "\(drawers) drawers for letter and legal files", "Full-extension ball-bearing slides",
                lock ? "Central lock with two keys" : "Anti-tip interlock",
            ]
            d.attributes = ["steel", type] + (lock ? ["lockable"] : [])
            d.spec("drawers", drawers)
            d.spec("type", type)
            d.spec("lockable", lock)
            d.spec("width_cm", width)
            d.spec("material", "steel")
            d.priceCents = r.cents(90, 160) * drawers / 2 + (type == "lateral" ? 10_000 : 0)
            d.package(Double(drawers) * 34 + 10, Double(width) + 5, 66, grams: drawers * 11_000)
        },
    ]

    static let desks: [DemoKind] = [
        DemoKind(
            "Desks", "Office Desks", unspsc: "56101703", weight: 14, model: "D",
            brands: ["Oakline", "Halden", "Loftworks", "Ergoform"], bulk: []
        ) { r, d in
            let shape = r.pick(["rectangular", "rectangular", "L-shaped", "corner"])
            let width = r.pick([100, 120, 140, 160, 180])
            let depth = r.pick([60, 70, 80])
            let top = r.pick(["melamine", "laminate", "oak veneer", "walnut veneer"])
            d.name = "\(DemoText.capitalized(shape)) Office Desk \(d.model), \(width) x \(depth) cm, \(DemoText.capitalized(top)) Top"
            d.option("finish", r.some(["white", "oak", "walnut", "grey", "black"], 2, 4))
            d.explicitVariants = true
            d.premiums = ["walnut": 8, "oak": 4]
            d.summary = "A \(shape) office desk with a \(width) x \(depth) cm \(top) top on a steel frame."
            d.bullets = [
                "\(width) x \(depth) cm work surface, 74 cm high", "Scratch-resistant \(top) top",
                "Integrated cable management tray", "Levelling feet for uneven floors",
            ]
            d.attributes = [shape, top, "cable management"]
            d.spec("width_cm", width)
            d.spec("depth_cm", depth)
            d.spec("height_cm", 74)
            d.spec("height_adjustable", false)
            d.spec("shape", shape)
            d.spec("top_material", top)
            d.spec("max_load_kg", r.pick([60, 80, 100]))
            d.priceCents = r.cents(1.1, 2.2) * width + (shape == "rectangular" ? 0 : 9_000)
            d.package(Double(width) + 8, Double(depth) + 6, 14, grams: width * 220)
        },
        DemoKind(
            "Desks", "Standing Desks", unspsc: "56101703", weight: 12, model: "SD",
            brands: ["Ergoform", "Loftworks", "Halden", "Oakline"], bulk: []
        ) { r, d in
            let width = r.pick([100, 120, 140, 160, 180])
            let depth = r.pick([60, 70, 80])
            let motors = r.pick([1, 2, 2])
            let minHeight = r.pick([62, 64, 70, 72])
            let maxHeight = r.pick([118, 122, 125, 128])
            let presets = r.pick([0, 3, 4])
            d.name = "Electric Standing Desk \(d.model), Height Adjustable \(minHeight)-\(maxHeight) cm, \(width) x \(depth) cm"
            if motors == 2 { d.name += ", Dual Motor" }
            d.option("finish", r.some(["white", "black", "oak", "walnut", "bamboo"], 2, 4))
            d.explicitVariants = true
            d.premiums = ["walnut": 8, "bamboo": 10]
            d.summary = "A \(motors == 2 ? "dual" : "single")-motor sit-stand desk that moves from \(minHeight) to \(maxHeight) cm."
            d.bullets = [
                "Height adjustable \(minHeight)-\(maxHeight) cm", presets > 0 ? "\(presets) memory presets" : "Simple up/down controls",
                "Anti-collision detection", "\(width) x \(depth) cm desktop",
            ]
            d.attributes = ["sit-stand", "height adjustable", "electric", "ergonomic"] + (motors == 2 ? ["dual motor"] : [])
            d.spec("width_cm", width)
            d.spec("depth_cm", depth)
            d.spec("height_adjustable", true)
            d.spec("height_cm_min", minHeight)
            d.spec("height_cm_max", maxHeight)
            d.spec("motors", motors)
            d.spec("memory_presets", presets)
            d.spec("max_load_kg", motors == 2 ? r.pick([100, 120, 125]) : r.pick([70, 80]))
            d.priceCents = r.cents(230, 420) + width * 120 + (motors == 2 ? 12_000 : 0)
            d.package(Double(width) + 8, Double(depth) + 6, 22, grams: width * 280)
        },
    ]

    static let chairs: [DemoKind] = [
        DemoKind(
            "Chairs", "Task Chairs", unspsc: "56112102", weight: 18, model: "C",
            brands: ["Ergoform", "Sedis", "Halden", "Loftworks"], bulk: []
        ) { r, d in
            let material = r.pick(["mesh", "mesh", "fabric", "faux leather"])
            let lumbar = r.chance(0.7)
            let armrests = r.chance(0.85)
            let headrest = r.chance(0.35)
            let minSeat = r.pick([42, 44, 45, 46, 48])
            let maxSeat = minSeat + r.pick([8, 10, 12])
            let load = r.pick([110, 120, 136, 150])
            let ergonomic = lumbar || r.chance(0.5)
            var name = "\(ergonomic ? "Ergonomic " : "")\(DemoText.capitalized(material)) Office Chair \(d.model)"
            var extras: [String] = []
            if lumbar { extras.append("Lumbar Support") }
            if armrests { extras.append("Adjustable Armrests") }
            if headrest { extras.append("Headrest") }
            if !extras.isEmpty { name += " with " + extras.joined(separator: ", ") }
            d.name = name
            d.option("color", r.some(["black", "grey", "blue", "white", "red"], 2, 4))
            d.explicitVariants = true
            d.premiums = ["white": 6]
            d.summary = "An \(ergonomic ? "ergonomic" : "everyday") \(material) task chair supporting up to \(load) kg."
            d.bullets = [
                "Seat height \(minSeat)-\(maxSeat) cm with gas lift", lumbar ? "Adjustable lumbar support" : "Contoured backrest",
                armrests ? "Height-adjustable armrests" : "Armless design tucks under desks", "Tilt lock and tension control",
                "Tested to \(load) kg",
            ]
            d.attributes =
                [material, "swivel", "tilt"] + (ergonomic ? ["ergonomic"] : []) + (lumbar ? ["lumbar support"] : [])
                + (headrest ? ["headrest"] : [])
            d.spec("seat_height_cm_min", minSeat)
            d.spec("seat_height_cm_max", maxSeat)
            d.spec("armrests", armrests)
            d.spec("lumbar_support", lumbar)
            d.spec("headrest", headrest)
            d.spec("max_load_kg", load)
            d.spec("material", material)
            d.priceCents = r.cents(110, 260) + (lumbar ? 4_000 : 0) + (headrest ? 3_000 : 0)
            d.package(68, 62, 36, grams: r.int(13_000...19_000))
        },
        DemoKind(
            "Chairs", "Executive Chairs", unspsc: "56112104", weight: 8, model: "EX",
            brands: ["Sedis", "Halden", "Ergoform"], bulk: []
        ) { r, d in
            let material = r.pick(["leather", "faux leather", "bonded leather"])
            let load = r.pick([120, 136, 150, 180])
            let minSeat = r.pick([45, 47, 49])
            let maxSeat = minSeat + 10
            d.name = "High-Back Executive Chair \(d.model), \(DemoText.capitalized(material)), Padded Armrests"
            d.option("color", r.some(["black", "brown", "cream"], 2, 3))
            d.explicitVariants = true
            d.premiums = ["cream": 5]
            d.summary = "A padded high-back executive chair in \(material) with a built-in headrest and lumbar cushion."
            d.bullets = ["Seat height \(minSeat)-\(maxSeat) cm", "Integrated headrest and lumbar cushion", "Supports up to \(load) kg"]
            d.attributes = [material, "high back", "headrest", "lumbar support", "executive"]
            d.spec("seat_height_cm_min", minSeat)
            d.spec("seat_height_cm_max", maxSeat)
            d.spec("armrests", true)
            d.spec("lumbar_support", true)
            d.spec("headrest", true)
            d.spec("max_load_kg", load)
            d.spec("material", material)
            d.priceCents = r.cents(190, 480)
            d.package(75, 65, 40, grams: r.int(18_000...25_000))
        },
        DemoKind(
            "Chairs", "Drafting Stools", unspsc: "56112102", weight: 5, model: "DS",
            brands: ["Sedis", "Ergoform"], bulk: []
        ) { r, d in
            let minSeat = r.pick([55, 58, 60])
            let maxSeat = minSeat + r.pick([20, 25])
            d.name = "Drafting Stool \(d.model) with Foot Ring, Seat Height \(minSeat)-\(maxSeat) cm"
            d.summary = "A tall drafting stool for counters, labs and standing desks."
            d.bullets = ["Seat height \(minSeat)-\(maxSeat) cm", "Chrome foot ring", "360 degree swivel"]
            d.attributes = ["drafting", "foot ring", "swivel"]
            d.spec("seat_height_cm_min", minSeat)
            d.spec("seat_height_cm_max", maxSeat)
            d.spec("armrests", false)
            d.spec("lumbar_support", false)
            d.spec("max_load_kg", 120)
            d.spec("material", r.pick(["fabric", "faux leather", "mesh"]))
            d.priceCents = r.cents(80, 170)
            d.package(60, 55, 30, grams: 10_500)
        },
        DemoKind(
            "Chairs", "Stacking Chairs", unspsc: "56112105", weight: 6, model: "ST",
            brands: ["Loftworks", "Sedis", "Halden"], bulk: []
        ) { r, d in
            let count = r.pick([2, 4])
            let armrests = r.chance(0.3)
            let material = r.pick(["polypropylene", "fabric", "mesh"])
            d.name = "Stacking Visitor Chairs \(d.model), \(DemoText.capitalized(material))\(armrests ? " with Arms" : ""), Set of \(count)"
            d.option("color", r.some(["black", "grey", "blue", "red", "white"], 2, 4))
            d.explicitVariants = false
            d.summary = "Stackable \(material) visitor chairs for meeting rooms, training rooms and reception."
            d.bullets = ["Stacks up to 8 high", "Powder-coated steel frame", "Set of \(count) chairs"]
            d.attributes = ["stackable", material, "visitor chair"]
            d.spec("armrests", armrests)
            d.spec("lumbar_support", false)
            d.spec("max_load_kg", 110)
            d.spec("material", material)
            d.spec("pack_count", count)
            d.priceCents = DemoMoney.shelf(r.double(40, 85) * Double(count) * 100)
            d.unit = "ST"
            d.package(60, 55, Double(count) * 12 + 30, grams: count * 5_500)
        },
    ]
}
