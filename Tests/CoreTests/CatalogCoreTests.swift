import Testing

@testable import QuartermasterCore

@Suite struct JSONReaderTests {
    @Test func keepsNumbersExactAndMembersInOrder() throws {
        let value = try JSONReader.parse(#"{"b": 12.99, "a": [1e3, -0.5, "x\u00e9\n"], "c": null}"#)
        #expect(value["b"] == .number("12.99"))
        #expect(value["a"] == .array([.number("1e3"), .number("-0.5"), .string("xé\n")]))
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "c"])
    }

    @Test func refusesBrokenInput() {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(#"{"a": 1, "a": 2}"#) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse([0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(#"{"a": 01}"#) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(#"{"a": 1} x"#) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(String(repeating: "[", count: 10_000)) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(#""\ud800""#) }
        // A duplicate past the first 16 members (found by a set there, by a look back before).
        let many = (0..<40).map { "\"k\($0)\": \($0)" }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse("{" + (many + [#""k3": 0"#]).joined(separator: ",") + "}") }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse("{" + (many + [#""k39": 0"#]).joined(separator: ",") + "}") }
        #expect((try? JSONReader.parse("{" + many.joined(separator: ",") + "}"))?["k39"] == .number("39"))
        // Broken UTF-8 after valid multi-byte text, and a raw control character, are refused.
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(Array(#""é"#.utf8) + [0xC3, 0x28, 0x22]) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse([0x22, 0x61, 0x01, 0x22]) }
    }

    /// Raw UTF-8 and escapes read back as the same text, and written text reads back unchanged.
    @Test func textRoundTrips() throws {
        #expect(try JSONReader.parse(#""Papier A4 — 80 g/m² ✓ 日本""#) == .string("Papier A4 — 80 g/m² ✓ 日本"))
        let texts = ["plain", "", "quote \" back\\slash", "tab\tline\nreturn\r", "bell\u{07} nul\u{0}", "ünï — 日本 ✓", "\u{7F}"]
        for text in texts {
            let written = JSONValue.object([JSONMember(text, .array([.string(text)]))]).serialized
            #expect(try JSONReader.parse(written) == .object([JSONMember(text, .array([.string(text)]))]))
        }
        #expect(JSONValue.string("a\u{1}\"b").serialized == #""a\u0001\"b""#)
    }
}

@Suite struct MoneyTests {
    @Test func parsesAndPrintsExactDecimals() {
        #expect(FixedDecimal(parsing: "12.99")?.units == 129_900)
        #expect(FixedDecimal(parsing: "0.0001")?.units == 1)
        #expect(FixedDecimal(parsing: "1e3")?.units == 10_000_000)
        #expect(FixedDecimal(parsing: "2.50000")?.units == 25_000)
        #expect(FixedDecimal(parsing: "0.00001") == nil)
        #expect(FixedDecimal(parsing: "12,5") == nil)
        #expect(FixedDecimal(parsing: "abc") == nil)
        #expect(FixedDecimal(parsing: "99999999999999999999") == nil)
        #expect(FixedDecimal(units: 129_900).text(minimumPlaces: 2) == "12.99")
        #expect(FixedDecimal(units: 5_000).text(minimumPlaces: 2) == "0.50")
        #expect(FixedDecimal(units: -15).text() == "-0.0015")
        #expect(FixedDecimal(units: 100).divided(by: 3).units == 33)
    }

    @Test func comparesOffersPerBaseUnitExactly() {
        let usd = CurrencyCode("usd")!
        let ream = OfferTerms(price: FixedDecimal(parsing: "5.00")!, currency: usd, unit: UnitOfMeasure("ream")!)
        let box = OfferTerms(price: FixedDecimal(parsing: "24.99")!, currency: usd, unit: UnitOfMeasure("BX")!, packSize: 5)
        #expect(box.cheaperPerBaseUnit(than: ream))
        #expect(!ream.cheaperPerBaseUnit(than: box))
        let breaks = OfferTerms(
            price: FixedDecimal(10), currency: usd,
            priceBreaks: [PriceBreak(minQuantity: 10, price: FixedDecimal(9)), PriceBreak(minQuantity: 50, price: FixedDecimal(8))])
        #expect(breaks.unitPrice(forQuantity: 9) == FixedDecimal(10))
        #expect(breaks.unitPrice(forQuantity: 10) == FixedDecimal(9))
        #expect(breaks.unitPrice(forQuantity: 500) == FixedDecimal(8))
        #expect(CurrencyCode("XYZ") == nil)
        #expect(UnitOfMeasure("boxes")?.code == "BX")
        #expect(UnitOfMeasure("furlong") == nil)
    }
}

@Suite struct CatalogRecordReaderTests {
    let reader = CatalogRecordReader(defaultCurrency: CurrencyCode("USD")!)

    func read(_ text: String) throws -> (CatalogRecord?, [ImportIssue]) {
        reader.read(try JSONReader.parse(text), row: 7)
    }

    @Test func optionsWithoutVariantsImplyEveryCombination() throws {
        let (record, issues) = try read(
            #"{"sku": "PEN-1", "title": "Gel pen", "price": 1.20, "options": {"color": ["blue", "black"], "tip": ["fine", "bold"]}, "moq": 10}"#
        )
        #expect(issues.isEmpty)
        let variants = try #require(record?.variants)
        #expect(variants.map(\.sku) == ["PEN-1-BLUE-FINE", "PEN-1-BLUE-BOLD", "PEN-1-BLACK-FINE", "PEN-1-BLACK-BOLD"])
        #expect(variants.allSatisfy { $0.terms.price == FixedDecimal(parsing: "1.2") && $0.terms.moq == 10 })
    }

    /// Texts are trimmed of any white space (not only ASCII), measured in characters (not bytes),
    /// and whole numbers are read exactly whichever way they are written.
    @Test func textsAreTrimmedAndMeasuredInCharacters() throws {
        let long = String(repeating: "é", count: 300)
        let (record, issues) = try read(
            #"{"sku": " PEN-1\t", "title": "\#u{00A0} \#(long)\#u{2003}", "price": 1, "moq": 12, "stock": "40", "pack_size": 10.0}"#)
        #expect(issues.isEmpty)
        #expect(record?.sku == "PEN-1")
        #expect(record?.title == long)
        #expect(record?.variants.first?.terms.moq == 12)
        #expect(record?.variants.first?.terms.stock == 40)
        #expect(record?.variants.first?.terms.packSize == 10)
        let (tooLong, problems) = try read(#"{"sku": "PEN-2", "title": "\#(long)é", "price": 1, "moq": 0}"#)
        #expect(tooLong == nil)
        #expect(problems.map(\.field).sorted() == ["moq", "title"])
    }

    @Test func variantsInheritProductTermsAndMayOverride() throws {
        let (record, issues) = try read(
            #"""
            {"sku": "CH-1", "title": "Chair", "price": "199.00", "currency": "EUR", "stock": 4, "unit": "each",
             "variants": [{"sku": "CH-1-B", "options": {"color": "black"}},
                          {"sku": "CH-1-R", "options": {"color": "red"}, "price": 219, "stock": 0}]}
            """#)
        #expect(issues.isEmpty)
        let variants = try #require(record?.variants)
        #expect(variants[0].terms.price == FixedDecimal(199) && variants[0].terms.stock == 4 && variants[0].terms.currency.code == "EUR")
        #expect(variants[1].terms.price == FixedDecimal(219) && variants[1].terms.stock == 0)
        #expect(record?.options == [ProductOption(name: "color", values: ["black", "red"])])
    }

    @Test func reportsEveryBadFieldWithItsPath() throws {
        let (record, issues) = try read(
            #"""
            {"sku": "", "title": 5, "price": -3, "currency": "ZZZ", "moq": 1.5, "unit": "furlong", "gtin": "4006381333932",
             "price_breaks": [{"min_qty": 10, "price": 0}], "specs": {"Bad Key": 1}, "colour": "blue"}
            """#)
        #expect(record == nil)
        let fields = Set(issues.filter { $0.severity == .error }.map(\.field))
        for field in ["sku", "title", "price", "currency", "moq", "unit", "gtin", "price_breaks[0].price", "specs.Bad Key"] {
            #expect(fields.contains(field), "missing \(field) in \(fields)")
        }
        #expect(issues.contains { $0.field == "colour" && $0.severity == .warning })
        #expect(issues.allSatisfy { $0.row == 7 })
    }

    @Test func absurdPricesAndBadVariantsAreRefused() throws {
        #expect(try read(#"{"sku": "A", "title": "A", "price": 2000000}"#).0 == nil)
        #expect(try read(#"{"sku": "A", "title": "A"}"#).1.contains { $0.field == "price" })
        let (record, issues) = try read(
            #"{"sku": "A", "title": "A", "price": 1, "options": {"color": ["blue"]}, "variants": [{"sku": "A-R", "options": {"color": "red"}}]}"#
        )
        #expect(record == nil)
        #expect(issues.contains { $0.field == "variants[0].options.color" })
    }

    @Test func gtinCheckDigits() {
        #expect(CatalogRecordReader.validGTIN("4006381333931"))
        #expect(!CatalogRecordReader.validGTIN("4006381333932"))
        #expect(CatalogRecordReader.validGTIN("96385074"))
    }
}

@Suite struct CatalogFileTests {
    @Test func jsonLinesRejectsDuplicatesAndBrokenLinesButKeepsGoodOnes() {
        let text = """
            {"sku": "A", "title": "Alpha", "price": 1}
            not json
            {"sku": "A", "title": "Alpha again", "price": 2}

            {"sku": "B", "title": "Beta", "price": 3}
            """
        var reader = CatalogFileReader(defaultCurrency: CurrencyCode("USD")!)
        var accepted: [String] = []
        var problems: [ImportIssue] = []
        reader.read(Array(text.utf8), format: .jsonLines) { record, issues in
            if let record { accepted.append(record.sku) }
            problems += issues
        }
        #expect(accepted == ["A", "B"])
        #expect(problems.map(\.row) == [2, 3])
        #expect(problems[1].problem.contains("row 1"))
    }

    @Test func csvGroupsVariantRowsAndReadsTypedColumns() {
        let text = #"""
            sku,parent_sku,title,price,option.color,spec.weight_gsm,category,price_breaks,bullet_points
            PEN-B,PEN,"Gel pen, fine",1.20,blue,,Writing > Pens,10:1.10|50:1.00,"Smooth|Quick ""dry"""
            PEN-K,PEN,,1.30,black,,,,
            PAPER,,Copy paper A4,4.99,,80,Paper > Copy Paper,,
            """#
        let objects = CSVCatalog.objects(Array(text.utf8))
        #expect(objects.count == 2)
        var reader = CatalogFileReader(defaultCurrency: CurrencyCode("USD")!)
        let pen = reader.read(object: objects[0].object!, row: objects[0].row)
        #expect(pen.issues.isEmpty)
        #expect(pen.record?.title == "Gel pen, fine")
        #expect(pen.record?.variants.map(\.sku) == ["PEN-B", "PEN-K"])
        #expect(pen.record?.variants[1].terms.price == FixedDecimal(parsing: "1.30"))
        #expect(pen.record?.variants[0].terms.priceBreaks.count == 2)
        #expect(pen.record?.bulletPoints == ["Smooth", "Quick \"dry\""])
        let paper = reader.read(object: objects[1].object!, row: objects[1].row)
        #expect(paper.record?.specs == [JSONMember("weight_gsm", .number("80"))])
        #expect(paper.record?.category == ["Paper", "Copy Paper"])
    }

    @Test func csvReportsUnclosedQuotesAndWrongFieldCounts() {
        let objects = CSVCatalog.objects(Array("sku,title,price\nA,B\nC,\"D,1\n".utf8))
        #expect(objects.count == 2)
        #expect(objects.allSatisfy { $0.object == nil && !$0.issues.isEmpty })
    }
}

@Suite struct SearchCoreTests {
    @Test func vocabularyCorrectsTyposToFrequentWords() {
        var vocabulary = SearchVocabulary()
        for title in ["Ergonomic office chair", "Ergonomic mesh chair", "Sticky notes yellow", "Chain lock"] {
            vocabulary.add(document: title)
        }
        vocabulary.seal()
        #expect(vocabulary.correction(for: "ergonmic") == "ergonomic")
        #expect(vocabulary.correction(for: "chiar") == "chair")
        #expect(vocabulary.correction(for: "stcky") == "sticky")
        #expect(vocabulary.correction(for: "chairs") == nil)
        #expect(vocabulary.correction(for: "zzzzzz") == nil)
    }

    @Test func planExpandsSynonymsAndDropsStopWords() {
        let plan = SearchPlan(tokens: SearchText.tokens("a pack of post-it for the office"))
        #expect(plan.groups.count == 3)
        #expect(plan.strict?.fts5.contains("\"sticky notes\"") == true)
        #expect(plan.strict?.tsquery.contains("sticky <-> notes") == true)
        #expect(!plan.keywords.contains("the"))
    }

    @Test func relaxationsTryAllButOneWordBeforeAnyWord() {
        let plan = SearchPlan(tokens: SearchText.tokens("legal size hanging file folders 25"))
        let relaxations = plan.relaxations.map(\.fts5)
        #expect(relaxations.count == 4)
        // The bare number goes first, then one word at a time, then the words may stand alone.
        #expect(relaxations[0] == #"("legal" AND "size" AND "hanging" AND "file" AND "folders")"#)
        #expect(relaxations[1].hasPrefix(#"(("size" AND "hanging" AND "file" AND "folders") OR ("legal" AND "hanging""#))
        #expect(relaxations[1].components(separatedBy: " OR ").count == 5)
        #expect(relaxations[2] == #"("legal" OR "size" OR "hanging" OR "file" OR "folders")"#)
        #expect(relaxations[3].contains(#""25""#))
        // Two words: nothing between "all" and "any"; past the limit, no "all but one".
        #expect(SearchPlan(tokens: ["copy", "paper"]).relaxations.map(\.fts5) == [#"("copy" OR "paper")"#])
        let long = SearchPlan(tokens: (1...SearchPlan.allButOneLimit + 1).map { "word\(Character(UnicodeScalar(96 + $0)!))" })
        #expect(long.relaxations.count == 1)
    }

    @Test func aWordWrittenTwiceIsSearchedOnce() {
        let plan = SearchPlan(tokens: SearchText.tokens("USB-C to USB-C cable"))
        #expect(plan.strict?.fts5 == #"("usb" AND "c" AND "cable")"#)
        // "All the words but one" has one alternative per distinct word, none repeating a word.
        let allButOne = plan.relaxations.first { $0.fts5.contains(") OR (") }?.fts5 ?? ""
        #expect(allButOne.components(separatedBy: " OR ").count == 3)
        #expect(!allButOne.contains(#""usb" AND "usb""#))
    }

    @Test func includesFindsAPartAnywhereByItsBytes() {
        #expect(SearchText.includes("recycled_content", "recycled"))
        #expect(SearchText.includes("pack_count", "count"))
        #expect(SearchText.includes("colour", "colo"))
        #expect(SearchText.includes("aab", "ab"))
        #expect(SearchText.includes("anything", ""))
        #expect(SearchText.includes("ink", "ink"))
        #expect(!SearchText.includes("in", "ink"))
        #expect(!SearchText.includes("colr", "colo"))
        #expect(!SearchText.includes("", "a"))
        #expect(SearchText.includes("crème", "èm"))
        #expect(!SearchText.includes("creme", "èm"))
    }

    @Test func phrasesAreListedInTheOrderTheQueryNamesThem() {
        let query = TextQuery.all([
            .any([.word("biro", prefix: false), .phrase(["ball", "pen"])]), .word("pap", prefix: true), .word("biro", prefix: false),
        ])
        #expect(query.fts5 == #"(("biro" OR "ball pen") AND "pap"* AND "biro")"#)
        #expect(query.phrases == [#""biro""#, #""ball pen""#, #""pap"*"#, #""biro""#])
    }

    @Test func aWordInMuchOfTheCatalogIsLeftOutOfAnyWordFirst() {
        var vocabulary = SearchVocabulary()
        for index in 0..<300 { vocabulary.add(document: "widget \(index) value pack") }
        for _ in 0..<5 { vocabulary.add(document: "memory stick usb") }
        vocabulary.seal()
        #expect(vocabulary.isCommon("pack", share: SearchPlan.commonShare))
        #expect(vocabulary.isCommon("packs", share: SearchPlan.commonShare))
        #expect(!vocabulary.isCommon("memory", share: SearchPlan.commonShare))
        let plan = SearchPlan(tokens: ["memory", "stick", "64gb", "pack"], vocabulary: vocabulary)
        let relaxations = plan.relaxations.map(\.fts5)
        #expect(relaxations.count == 3)
        #expect(relaxations[0].components(separatedBy: " OR ").count == 4)
        #expect(relaxations[1] == #"("memory" OR "stick" OR "64gb")"#)
        #expect(relaxations[2] == #"("memory" OR "stick" OR "64gb" OR "pack")"#)
        // Without a vocabulary nothing is known to be common.
        #expect(SearchPlan(tokens: ["memory", "stick", "64gb", "pack"]).relaxations.count == 2)
    }

    @Test func userTextNeverReachesQuerySyntax() {
        let parsed = ParsedSearch(#"pen" OR * NEAR(a b) : -x ^y spec.weight_gsm>=80 spec.bad>=heavy"#)
        let plan = SearchPlan(tokens: parsed.tokens)
        for word in plan.strict?.words ?? [] { #expect(word.allSatisfy { $0.isLetter || $0.isNumber }) }
        #expect(parsed.filters == [SpecFilter(key: "weight_gsm", op: .greaterOrEqual, value: "80")!])
        #expect(parsed.ignored == ["spec.bad>=heavy"])
    }

    @Test func specFiltersFromQueryStrings() {
        #expect(
            SpecFilter.parse(queryKey: "spec.weight_gsm>", value: "80") == SpecFilter(key: "weight_gsm", op: .greaterOrEqual, value: "80"))
        #expect(
            SpecFilter.parse(queryKey: "spec.weight_gsm", value: "<=90") == SpecFilter(key: "weight_gsm", op: .lessOrEqual, value: "90"))
        #expect(SpecFilter.parse(queryKey: "spec.paper_size", value: "A4")?.accepts(.string("a4")) == true)
        #expect(SpecFilter(key: "weight_gsm", op: .greaterOrEqual, value: "80")?.accepts(.number("75")) == false)
        #expect(SpecFilter(key: "Weight Gsm", op: .equal, value: "1") == nil)
    }

    @Test func readsRequirementsAsPeopleWriteThem() {
        let pens = Requirement("blue gel pens, fine tip, box of 12, under $15")
        #expect(pens.maxUnitPrice == FixedDecimal(15))
        #expect(pens.currency?.code == "USD")
        #expect(pens.packSize == 12)
        #expect(pens.packUnit?.code == "BX")
        #expect(pens.colors == ["blue"])
        #expect(pens.keywords == ["gel", "pens", "fine", "tip"])
        #expect(Requirement("toner price lower than 30.00 dollars").maxUnitPrice == FixedDecimal(30))
        #expect(Requirement("chairs max €500").currency?.code == "EUR")
        #expect(Requirement("desks under 2,000").maxUnitPrice == FixedDecimal(2_000))
        let paper = Requirement("20 reams of A4 paper 80gsm")
        #expect(paper.quantity == 20)
        #expect(paper.keywords.contains("a4") && paper.keywords.contains("80gsm"))
        #expect(Requirement("a dozen staplers").quantity == 12)
        #expect(Requirement("12-pack of AA batteries").packSize == 12)
    }

    @Test func builtinEmbedderIsDeterministicAndSeesNearSpellings() {
        let embedder = BuiltinEmbedder()
        let chair = embedder.vector(for: "ergonomic office chair")
        #expect(chair == embedder.vector(for: "ergonomic office chair"))
        #expect(
            VectorMath.cosine(chair, embedder.vector(for: "ergonmic chairs")) > VectorMath.cosine(chair, embedder.vector(for: "copy paper"))
        )
        #expect(VectorMath.vector(VectorMath.bytes(chair)) == chair)
    }

    @Test func rankingMetrics() {
        let relevant: Set = ["a", "b"]
        #expect(RankingMetrics.reciprocalRank(["x", "a", "b"], relevant: relevant) == 0.5)
        #expect(RankingMetrics.recall(["x", "a"], relevant: relevant, at: 10) == 0.5)
        #expect(RankingMetrics.ndcg(["a", "b", "x"], relevant: relevant, at: 10) == 1)
        #expect(RankingMetrics.ndcg(["x", "y"], relevant: relevant, at: 10) == 0)
    }
}
