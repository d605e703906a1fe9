/// Word lists the request parser reads with. All lower case, accents folded.
enum RequestLexicon {
    /// Number words and their values.
    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// Unit words beyond `UnitOfMeasure`'s own aliases.
    static let extraUnits: [String: String] = [
        "pk": "PK", "pks": "PK", "pkt": "PA", "pkts": "PA", "bx": "BX", "bxs": "BX", "cs": "CS", "rm": "RM", "rms": "RM", "ctn": "CT",
        "ctns": "CT", "kilo": "KGM", "kilos": "KGM", "kgs": "KGM", "kilograms": "KGM", "grams": "GRM", "litres": "LTR",
        "liters": "LTR", "lt": "LTR", "ltr": "LTR", "ltrs": "LTR", "millilitres": "MLT", "milliliters": "MLT", "metres": "MTR",
        "meters": "MTR", "tubs": "TB", "pail": "PL", "pails": "PL", "ea.": "EA", "pallet": "PF",
    ]
    /// Unit words that are only units right after a number (they are ordinary words elsewhere).
    static let numberOnlyUnits: Set<String> = [
        "can", "cans", "set", "sets", "m", "g", "l", "ml", "kg", "pad", "pads", "book", "books", "sheet", "sheets", "tube", "tubes",
        "bag", "bags", "bottle", "bottles", "roll", "rolls", "pair", "pairs", "unit", "units", "item", "items", "piece", "pieces",
        "pc", "pcs", "each", "ea", "tub", "tubs", "cm",
    ]
    /// Glued measure suffixes that can be a quantity of a bulk good ("coffee 5kg").
    static let bulkMeasures: [String: String] = ["kg": "KGM", "kgs": "KGM", "g": "GRM", "l": "LTR", "ltr": "LTR", "ml": "MLT"]

    /// Words after a number that make it a size or spec, not a count.
    static let measureWords: Set<String> = [
        "inch", "inches", "in", "cm", "mm", "m", "gsm", "gb", "tb", "mb", "w", "watt", "watts", "v", "volt", "volts", "mah", "ft",
        "feet", "foot", "ply", "drawer", "drawers", "port", "ports", "sheet-capacity", "%", "percent", "oz", "lb", "lbs", "hz", "k",
        "p", "mp", "amp", "amps", "seater", "gang", "gallon", "gallons",
    ]

    /// Head nouns of things offices buy (singular). A phrase without a number is an item only if its last word is here.
    static let productNouns: Set<String> = [
        "paper", "pen", "biro", "pencil", "marker", "highlighter", "eraser", "rubber", "sharpener", "ruler", "fineliner", "stapler",
        "staple", "clip", "binder", "folder", "file", "divider", "envelope", "mailer", "label", "tape", "dispenser", "scissors",
        "punch", "notebook", "notepad", "jotter", "note", "post-it", "postit", "card", "cardstock", "toner", "cartridge", "drum",
        "chair", "stool", "desk", "table", "cabinet", "shelf", "shelving", "bookcase", "bookshelf", "lamp", "bulb", "monitor", "screen",
        "keyboard", "mouse", "headset", "headphones", "webcam", "camera", "cable", "charger", "adapter", "adaptor", "hub", "dock",
        "station", "laptop", "computer", "pc", "tablet", "printer", "scanner", "shredder", "laminator", "projector", "whiteboard",
        "board", "easel", "calculator", "battery", "batteries", "cord", "lead", "protector", "fan", "heater", "kettle", "microwave",
        "fridge", "mug", "cup", "plate", "napkin", "coffee", "tea", "sugar", "milk", "water", "pod", "capsule", "filter", "bean",
        "soap", "wipe", "towel", "tissue", "bag", "sack", "liner", "glove", "vest", "glasses", "goggles", "kit", "extinguisher", "mop",
        "bucket", "broom", "cleaner", "spray", "sanitiser", "sanitizer", "bin", "box", "crate", "wrap", "calendar", "planner", "diary",
        "organiser", "organizer", "tray", "stand", "riser", "arm", "footrest", "mat", "drive", "stick", "key", "lanyard", "badge",
        "holder", "magnet", "pin", "glue", "superglue", "router", "phone", "speaker", "microphone", "presenter", "egg", "hat", "helmet",
        "plug", "earplug", "sachet", "wallet", "pouch", "sleeve", "pocket", "ink", "refill", "notebook", "pad", "roll", "sheet",
        "machine", "hook", "cushion", "rack", "locker", "safe", "trolley", "ladder", "detergent", "liquid", "bleach", "tablet",
        "sponge", "cloth", "duster", "brush", "tool", "screwdriver", "hammer", "drill", "torch", "flashlight", "bulb", "light", "tie",
        "string", "twine", "rope", "band", "elastic", "cutter", "knife", "blade", "fork", "spoon", "straw", "lid", "bottle", "jar",
        "snack", "biscuit", "cookie", "fruit", "juice", "soda", "headrest", "blind", "curtain", "rug", "plant", "pot", "vase", "sign",
        "stamp", "pad", "ribbon", "fastener", "tack", "peg", "gel", "lens", "sticker", "tab", "index", "sleeve", "chart", "flipchart",
        "laminate", "pouch", "wire", "hdmi", "usb", "dongle", "ssd", "hdd", "disk", "memory", "ram", "case", "cover", "skin",
        "shade", "diffuser", "refresher", "freshener", "dustpan", "vacuum", "hoover", "apron", "uniform", "shirt", "jacket", "boot",
        "shoe", "mask", "respirator", "sanitiser", "dispenser", "mirror", "clock", "frame", "hanger", "cart", "pallet", "sofa", "couch",
        "bench", "partition", "panel", "pedestal", "drawer", "cupboard", "wardrobe", "whiteboard", "blackboard", "chalk", "crayon",
        "paint", "brush", "canvas", "tray", "planner", "wrapping", "film", "foil", "cling", "bubble", "mailer", "carton",
    ]

    /// Heads that never make an item by themselves ("five people", "the ones", "supplies").
    static let nonItemNouns: Set<String> = [
        "people", "person", "staff", "employee", "colleague", "hire", "starter", "joiner", "member", "user", "guest", "visitor",
        "attendee", "team", "day", "week", "month", "year", "hour", "minute", "time", "thing", "stuff", "supply", "supplies", "one",
        "ones", "them", "it", "lot", "order", "request", "budget", "limit", "office", "following", "list", "rush", "thanks", "thank",
        "please", "idea", "question", "instruction", "instructions", "rule", "rules", "system", "price", "cost", "total", "euro",
        "dollar", "pound", "buck", "quid", "stationery", "kitchen", "printer-ink", "room", "floor", "building", "here", "there",
        "delivery", "subject", "regards", "cheers", "hi", "hello", "morning", "afternoon", "evening", "all", "everyone", "procurement",
        "mine", "yours", "ours", "something", "anything", "everything", "nothing", "some", "any", "more", "few", "several", "couple",
        "asap", "possible", "each", "too", "also", "well", "out", "low", "running", "use", "vendor", "supplier", "shop", "store",
        "website", "link", "quote", "invoice", "approval", "manager", "boss", "we", "i", "you", "they", "he", "she", "us",
    ]

    /// Words kept out of an item's name at its start.
    static let leadingFillers: Set<String> = [
        "a", "an", "the", "some", "any", "more", "new", "another", "extra", "additional", "of", "x", "our", "my", "your", "us", "these",
        "those", "this", "that", "few", "couple", "brand-new", "replacement", "spare", "please", "pls", "plz", "also", "just", "and",
        "or", "order", "get", "buy", "need", "needs", "want", "purchase", "me", "them", "its", "their", "qty", "quantity", "approx",
        "approximately", "about", "around", "roughly", "lots", "lot", "bunch", "-", "*", "own",
    ]
    /// Words dropped from an item's end.
    static let trailingFillers: Set<String> = [
        "please", "pls", "plz", "asap", "thanks", "thank", "thx", "ta", "too", "also", "each", "total", "only", "urgently", "urgent",
        "again", "now", "soon", "if", "possible", "x", "of", "and", "or", "the", "a", "an", "needed", "required", "in", "for", "with",
        "to", "at", "as", "well",
    ]

    /// Words that end an item's name when they follow it: the rest is a qualifier.
    static let postModifiers: Set<String> = [
        "with", "without", "for", "in", "from", "to", "at", "that", "which", "who", "like", "if", "so", "because", "since", "but",
        "should", "would", "will", "must", "can", "could", "are", "is", "was", "were", "be", "being", "been", "have", "has", "please",
        "pls", "asap", "by", "before", "until", "till", "on", "via", "through", "under", "below", "max", "maximum", "up", "less",
        "lower", "cheaper", "no", "not", "each", "per", "@", "ideally", "preferably", "need", "needed", "required", "thanks", "thank",
        "we", "i", "you", "they", "it", "suitable", "compatible", "instead", "when", "where", "while", "as", "then", "than", "same",
        "similar", "total", "overall", "budget", "due", "delivered", "deliver", "ship", "shipped", "arriving", "costing", "priced",
        "around", "about", "approx", "roughly", "ready", "urgently", "but", "except", "excluding", "avoid", "just", "only", "also",
        "too", "again", "here", "there", "of",
    ]

    /// Words that start an utterance before the thing asked for.
    static let introWords: Set<String> = [
        "hi", "hello", "hey", "dear", "please", "pls", "plz", "could", "can", "would", "will", "you", "u", "we", "i", "i'd", "we'd",
        "i'll", "we'll", "i'm", "we're", "let's", "need", "needs", "needed", "want", "wants", "like", "order", "ordering", "get",
        "getting", "buy", "buying", "purchase", "procure", "source", "arrange", "send", "us", "me", "some", "more", "new", "also",
        "and", "a", "an", "the", "kindly", "pick", "grab", "restock", "replenish", "require", "requires", "request", "requesting",
        "looking", "for", "to", "be", "able", "it", "possible", "is", "there", "any", "chance", "someone", "somebody", "anyone",
        "go", "ahead", "and", "out", "of", "low", "on", "running", "ran", "run", "are", "am", "short", "are", "our", "my", "have",
        "got", "do", "does", "just", "still", "now", "again", "too", "so", "then", "ok", "okay", "quick", "one", "thanks", "team",
        "all", "folks", "guys", "morning", "afternoon", "evening", "good", "procurement", "subject", "re", "fw", "fwd", "into",
        "buy-in", "urgently", "urgent", "asap", "if", "possible", "up", "with", "stock", "on", "should", "shall", "may", "might",
        "must", "what", "about", "how", "many", "much", "lots", "lot", "plus", "x", "qty", "quantity", "item", "items", "following",
        "include", "including", "add", "adding", "put", "in", "requisition", "req", "po", "of",
    ]

    /// Attribute words: an item phrase made only of these is a qualifier of the line before ("Blue pens, fine tip").
    static let attributeWords: Set<String> = [
        "black", "blue", "red", "green", "yellow", "white", "grey", "gray", "pink", "orange", "purple", "brown", "silver", "gold",
        "clear", "assorted", "neon", "pastel", "navy", "beige", "transparent", "multicolour", "multicolor", "a0", "a1", "a2", "a3",
        "a4", "a5", "a6", "letter", "legal", "small", "medium", "large", "xl", "xxl", "xs", "s", "l", "size", "fine", "tip", "bold",
        "broad", "chisel", "point", "nib", "lined", "ruled", "plain", "squared", "dotted", "blank", "grid", "ergonomic", "adjustable",
        "wireless", "wired", "bluetooth", "rechargeable", "recycled", "washable", "waterproof", "heavy-duty", "compact", "portable",
        "colour", "color", "coloured", "colored", "glossy", "matte", "matt", "thick", "thin", "soft", "hard", "mesh", "leather",
        "cheap", "cheapest", "good", "quality", "decent", "basic", "premium", "standard", "ones", "one", "if", "possible", "and", "or",
        "the", "a", "any", "kind", "type", "style", "model", "brand", "same", "as", "before", "usual", "please", "preferably",
        "ideally", "in", "with", "without", "armrests", "armrest", "lumbar", "support", "headrest", "wheels", "castors", "casters",
        "lid", "lids", "handles", "double-sided", "single-sided", "sided", "refillable", "retractable", "permanent", "dry-erase",
        "erasable", "non-permanent", "water-based", "oil-based", "unlined", "spiral", "hardback", "softcover", "hardcover",
        "perforated", "gsm", "ream", "white-ish", "light", "dark", "mixed", "various", "different", "colours", "colors", "sizes",
        "narrow", "wide", "tall", "short", "long", "round", "square", "big", "little", "mini", "extra", "super", "ultra", "quiet",
        "silent", "fast", "slow", "new", "used", "refurbished", "reusable", "disposable", "biodegradable", "compostable", "organic",
        "fairtrade", "decaf", "caffeinated", "strong", "mild", "sugar-free", "lined", "tips", "point", "mm", "each", "total", "pack",
        "box", "of", "for", "them", "all", "too", "also", "please", "thanks", "not", "no", "but", "only", "just", "both", "either",
        "same", "one", "it", "kinds", "types",
    ]
    static let colours: Set<String> = [
        "black", "blue", "red", "green", "yellow", "white", "grey", "gray", "pink", "orange", "purple", "brown", "silver", "gold",
        "clear", "assorted", "neon", "pastel", "navy", "beige", "transparent",
    ]
    static let paperSizes: Set<String> = [
        "a0", "a1", "a2", "a3", "a4", "a5", "a6", "letter", "legal", "tabloid", "b4", "b5", "c4", "c5", "dl",
    ]

    /// Plural forms left as they are.
    static let invariantPlurals: Set<String> = [
        "scissors", "glasses", "goggles", "pliers", "tongs", "tweezers", "headphones", "earphones", "trousers", "shorts", "jeans",
        "news", "series", "species", "supplies", "clothes", "binoculars", "overalls", "sunglasses", "earmuffs", "means", "tights",
        "leggings", "pyjamas", "pajamas", "cleats", "chess", "glass", "gas", "canvas", "lens", "bus", "plus", "cactus", "virus",
        "atlas", "alias", "bias", "boss", "dress", "press", "address", "access", "less", "process",
    ]
    static let irregularPlurals: [String: String] = [
        "mice": "mouse", "knives": "knife", "shelves": "shelf", "leaves": "leaf", "halves": "half", "loaves": "loaf",
        "children": "child", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth", "geese": "goose", "people": "person",
        "ties": "tie", "pies": "pie", "lenses": "lens", "boxes": "box", "indices": "index", "indexes": "index", "buses": "bus",
        "gases": "gas", "canvases": "canvas", "cookies": "cookie", "movies": "movie", "zombies": "zombie", "selfies": "selfie",
        "calories": "calorie", "hoodies": "hoodie", "beanies": "beanie", "smoothies": "smoothie", "brownies": "brownie",
        "post-its": "post-it", "wives": "wife", "lives": "life", "scarves": "scarf", "wolves": "wolf", "sheaves": "sheaf",
        "menus": "menu", "tissues": "tissue", "sachets": "sachet", "freebies": "freebie", "dies": "die", "lies": "lie",
        "statuses": "status", "cactuses": "cactus", "cacti": "cactus", "radii": "radius", "data": "data", "media": "media",
        "criteria": "criterion", "phenomena": "phenomenon", "analyses": "analysis", "bases": "base", "axes": "axe", "cases": "case",
        "vases": "vase", "phases": "phase", "purchases": "purchase", "doses": "dose", "noses": "nose", "hoses": "hose",
        "roses": "rose", "cheeses": "cheese", "databases": "database", "suitcases": "suitcase", "bookcases": "bookcase",
        "briefcases": "briefcase", "pencil-cases": "pencil-case", "showcases": "showcase", "staircases": "staircase",
        "uses": "use", "clauses": "clause", "pauses": "pause", "causes": "cause", "houses": "house", "blouses": "blouse",
        "mouses": "mouse", "courses": "course", "horses": "horse", "nurses": "nurse", "purses": "purse", "verses": "verse",
        "licenses": "license", "licences": "licence", "expenses": "expense", "responses": "response", "senses": "sense",
        "bulbs": "bulb", "notes": "note", "tubes": "tube", "ones": "one", "wipes": "wipe", "shoes": "shoe", "toes": "toe",
        "canoes": "canoe", "hoes": "hoe", "dishes": "dish", "brushes": "brush", "sandwiches": "sandwich", "watches": "watch",
        "matches": "match", "pouches": "pouch", "benches": "bench", "couches": "couch", "punches": "punch", "switches": "switch",
        "patches": "patch", "batches": "batch", "torches": "torch", "inches": "inch", "glasses": "glasses", "passes": "pass",
        "classes": "class", "buzzes": "buzz", "quizzes": "quiz", "potatoes": "potato", "tomatoes": "tomato", "echoes": "echo",
        "heroes": "hero", "radios": "radio", "photos": "photo", "pianos": "piano", "videos": "video", "studios": "studio",
        "memos": "memo", "logos": "logo", "biros": "biro", "drives": "drive", "knobs": "knob", "valves": "valve", "gloves": "glove",
        "sleeves": "sleeve", "curves": "curve", "stoves": "stove", "grooves": "groove", "olives": "olive", "archives": "archive",
        "adhesives": "adhesive", "drawers": "drawer", "dividers": "divider",
    ]

    /// Singular of a noun ("pens" → "pen", "batteries" → "battery", "mice" → "mouse"); invariant forms unchanged.
    static func singular(_ word: String) -> String {
        if invariantPlurals.contains(word) { return word }
        if let known = irregularPlurals[word] { return known }
        if let dash = word.lastIndex(of: "-"), word.index(after: dash) < word.endIndex {
            // "usb-c cables" ends in a plain word; "hi-vis vests" singularises the last part only.
            let head = String(word[..<word.index(after: dash)])
            let tail = String(word[word.index(after: dash)...])
            if tail.count > 2 { return head + singular(tail) }
            return word
        }
        guard word.count > 2, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") else {
            return word
        }
        if word.allSatisfy({ $0.isASCIIDigit || $0 == "s" }) { return word }
        if word.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("xes") || word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("sses") || word.hasSuffix("zzes") {
            return String(word.dropLast(2))
        }
        if word.count <= 3 {
            return word.last == "s" && word.dropLast().allSatisfy(\.isLetter) && word.count == 3 ? String(word.dropLast()) : word
        }
        return String(word.dropLast())
    }

    /// Is `word` (any number) a plural of something? ("pens" yes, "scissors" no, "glass" no.)
    static func isPlural(_ word: String) -> Bool {
        if invariantPlurals.contains(word) { return false }
        return singular(word) != word
    }

    static let weekdays: [String: Int] = [
        "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3, "weds": 3, "thursday": 4, "thu": 4,
        "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
    ]
    /// Weekday abbreviations that are also ordinary words; they need a preposition ("by Sat").
    static let ambiguousWeekdays: Set<String> = ["sat", "sun", "wed", "mon"]
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6,
        "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
        "nov": 11, "december": 12, "dec": 12,
    ]

    /// Currency words → code; "$" and "dollars" follow the organisation's currency when it is a dollar.
    static let currencyWords: [String: String] = [
        "dollar": "$", "dollars": "$", "buck": "$", "bucks": "$", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
        "pound": "GBP", "pounds": "GBP", "quid": "GBP", "gbp": "GBP", "sterling": "GBP", "yen": "JPY", "jpy": "JPY", "aud": "AUD",
        "cad": "CAD", "chf": "CHF", "francs": "CHF", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "nzd": "NZD", "sgd": "SGD",
        "inr": "INR", "rupees": "INR", "brl": "BRL", "reais": "BRL", "mxn": "MXN", "pesos": "MXN", "zar": "ZAR", "rand": "ZAR",
        "pln": "PLN", "zloty": "PLN", "czk": "CZK", "huf": "HUF", "hkd": "HKD", "cny": "CNY", "yuan": "CNY", "rmb": "CNY",
        "krw": "KRW", "won": "KRW", "aed": "AED", "dirhams": "AED", "ils": "ILS", "shekels": "ILS", "try": "TRY", "lira": "TRY",
    ]
    static let currencySymbols: [String: String] = [
        "$": "$", "\u{20AC}": "EUR", "\u{00A3}": "GBP", "\u{00A5}": "JPY", "\u{20B9}": "INR", "\u{20A9}": "KRW", "\u{20AA}": "ILS",
        "\u{20BA}": "TRY", "\u{20A3}": "CHF",
    ]
    static let dollarCurrencies: Set<String> = ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "BSD", "BBD", "BZD", "BMD", "FJD"]
    static let dollarPrefixes: [String: String] = [
        "us": "USD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD", "nz": "NZD", "s": "SGD", "hk": "HKD", "r": "BRL", "mx": "MXN",
    ]

    /// Where things go: "for the Lisbon office".
    static let placeNouns: Set<String> = [
        "office", "offices", "branch", "site", "warehouse", "store", "shop", "campus", "building", "hq", "headquarters", "depot",
        "studio", "lab", "plant", "factory", "clinic", "school", "hub", "centre", "center", "location", "premises", "annex", "annexe",
    ]

    /// Common function words of languages the parser does not read; enough of them means "another language".
    static let foreignWords: Set<String> = [
        // Spanish / Portuguese
        "de", "la", "el", "los", "las", "para", "por", "con", "y", "que", "una", "uno", "del", "necesito", "necesitamos", "quiero",
        "favor", "comprar", "pedir", "sillas", "oficina", "lunes", "martes", "viernes", "papel", "preciso", "precisamos", "ate",
        "sexta-feira", "segunda-feira", "resmas", "canetas", "cadeiras", "escritorio", "obrigado", "obrigada", "gracias", "hola",
        "ola", "os", "um", "uma", "da", "dos", "das", "ao", "em", "na", "nos", "nas", "semana", "proxima",
        "bom", "dia", "boligrafos", "cuadernos", "mesa", "mesas", "hasta", "antes", "pedido", "encomendar", "favor",
        // French
        "le", "les", "des", "du", "pour", "avec", "et", "je", "nous", "vous", "merci", "commander", "bonjour", "stylos", "cahiers",
        "chaises", "bureau", "papier", "ramettes", "avant", "vendredi", "lundi", "besoin", "avons", "sil", "plait", "une", "un",
        // German
        "der", "das", "und", "mit", "fur", "ich", "wir", "bitte", "bestellen", "brauchen", "brauche", "kugelschreiber",
        "ordner", "stuhle", "papier", "bis", "freitag", "montag", "danke", "hallo", "eine", "einen", "ein", "zum", "zur", "vom",
        // Italian / Dutch
        "il", "di", "che", "sono", "abbiamo", "bisogno", "grazie", "penne", "sedie", "carta", "het", "een", "voor", "graag",
        "wij", "ik", "bestellen", "pennen", "stoelen", "dank",
    ]
    /// Words whose presence says the text is English (beyond the product and unit words).
    static let englishWords: Set<String> = [
        "the", "a", "an", "and", "of", "for", "to", "please", "need", "needs", "order", "we", "i", "you", "by", "with", "from",
        "get", "buy", "some", "can", "could", "would", "budget", "under", "max", "each", "box", "boxes", "pack", "packs", "reams",
        "ream", "case", "thanks", "hi", "hello", "next", "friday", "monday", "tomorrow", "today", "week", "within", "before", "not",
        "our", "us", "is", "are", "be", "this", "that", "it", "on", "at", "x", "qty", "dozen", "couple", "few", "more", "new", "want",
        "like", "office", "chairs", "pens", "paper", "desk", "desks", "supplies", "deliver", "ship", "send", "also", "or", "in",
    ]

    /// Phrases that try to instruct the system rather than ask for goods.
    static let injectionPhrases: [[String]] = [
        ["ignore", "the"], ["ignore", "all"], ["ignore", "any"], ["ignore", "previous"], ["ignore", "prior"], ["ignore", "above"],
        ["ignore", "your"], ["ignore", "budget"], ["ignore", "instructions"], ["ignore", "rules"], ["ignore", "policy"],
        ["ignore", "limits"], ["ignore", "approval"], ["disregard"], ["forget", "previous"], ["forget", "all"], ["forget", "your"],
        ["forget", "the", "rules"], ["forget", "the", "budget"], ["system", ":"], ["system", "prompt"], ["you", "are", "now"],
        ["act", "as"], ["override"], ["bypass"], ["approve", "automatically"], ["auto-approve"], ["automatically", "approve"],
        ["without", "approval"], ["new", "instructions"], ["jailbreak"], ["developer", "mode"], ["set", "budget", "to"],
        ["set", "the", "budget", "to"], ["no", "budget", "limit"], ["skip", "approval"], ["pretend"], ["admin", "mode"],
        ["assistant", ":"], ["ignore", "everything"],
    ]
}
