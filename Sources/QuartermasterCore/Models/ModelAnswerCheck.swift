/// Checks a model's reading of a request before the agent trusts it: the answer must match
/// `RequisitionAnswer.schema`, and every quantity, pack size and price in it must be written in the
/// request text (as digits, number words, "2k", or as the built-in parser read them). A model that
/// invents a number is rejected and the agent falls back to the parser.
public enum ModelAnswerCheck {
    /// The model's reading, once checked.
    public struct Reading: Sendable, Hashable {
        public var lines: [RequisitionLine]
        public var budget: FixedDecimal?
        public var needBy: LocalDate?
        public var deliverTo: String?
    }

    /// Why the reading was refused, one reason per problem.
    public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
        public var reasons: [String]
        public var description: String { reasons.joined(separator: "; ") }
    }

    /// Checks `answer` against `text`; `parsed` is the built-in parser's reading of the same text.
    public static func check(_ answer: JSONValue, text: String, parsed: ParsedRequisition) -> Result<Reading, Rejection> {
        let problems = JSONSchemaValidator.problems(in: answer, against: RequisitionAnswer.schema)
        guard problems.isEmpty else { return .failure(Rejection(reasons: problems)) }
        let written = numbers(in: text, parsed: parsed)
        var reasons: [String] = []
        var lines: [RequisitionLine] = []
        for (index, value) in (answer["lines"]?.arrayValue ?? []).enumerated() {
            let label = "line \(index + 1)"
            let description = value["description"]?.stringValue?.trimmingWhitespace() ?? ""
            let quantity = value["quantity"]?.intValue ?? 0
            if description.isEmpty { reasons.append("\(label) has no description") }
            // One item needs no number in the text ("a stapler").
            if quantity != 1 && !written.contains(FixedDecimal(quantity)) {
                reasons.append("\(label): the quantity \(quantity) is not in the request")
            }
            let unitText = value["unit"]?.stringValue ?? ""
            guard let unit = UnitOfMeasure(unitText) else {
                reasons.append("\(label): \"\(unitText)\" is not a unit of measure")
                continue
            }
            let packSize = value["pack_size"]?.intValue
            if let packSize, packSize != 1, !written.contains(FixedDecimal(packSize)) {
                reasons.append("\(label): the pack size \(packSize) is not in the request")
            }
            var maxUnitPrice: FixedDecimal?
            if let priceText = value["max_unit_price"]?.numberText {
                maxUnitPrice = FixedDecimal(parsing: priceText)
                if maxUnitPrice.map({ !written.contains($0) }) ?? true {
                    reasons.append("\(label): the price \(priceText) is not in the request")
                }
            }
            let attributes = value["attributes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            lines.append(
                RequisitionLine(
                    description: description.lowercased(), quantity: quantity, unit: unit.code, packSize: packSize, attributes: attributes,
                    maxUnitPrice: maxUnitPrice, confidence: 0.9))
        }
        if lines.isEmpty && !parsed.lines.isEmpty {
            reasons.append("the model read no line where the parser read \(parsed.lines.count)")
        }
        var budget: FixedDecimal?
        if let budgetText = answer["budget"]?.numberText {
            budget = FixedDecimal(parsing: budgetText)
            if budget.map({ !written.contains($0) }) ?? true { reasons.append("the budget \(budgetText) is not in the request") }
        }
        var needBy: LocalDate?
        if let dateText = answer["need_by"]?.stringValue {
            needBy = LocalDate(iso: dateText)
            if needBy == nil { reasons.append("the need-by date \"\(dateText)\" is not a date (YYYY-MM-DD)") }
        }
        guard reasons.isEmpty else { return .failure(Rejection(reasons: reasons)) }
        return .success(Reading(lines: lines, budget: budget, needBy: needBy, deliverTo: answer["deliver_to"]?.stringValue))
    }

    /// Every number the request writes: digits ("1,200.50", "2k"), number words ("twenty-five",
    /// "a dozen") and whatever the parser read (quantities, pack sizes, prices, the budget).
    static func numbers(in text: String, parsed: ParsedRequisition) -> Set<FixedDecimal> {
        var found = Set<FixedDecimal>()
        let tokens = RequestTokenizer.tokenize(Array(text.unicodeScalars))
        for (index, token) in tokens.enumerated() {
            if token.kind == .number, let value = token.value {
                found.insert(value)
                if token.suffix == "k" { found.insert(FixedDecimal(units: value.units * 1_000)) }
            } else if token.kind == .word {
                if let (value, _) = RequestParseRun.numberWords(tokens, index, tokens.count) { found.insert(FixedDecimal(value)) }
                if token.lower == "dozen" { found.insert(FixedDecimal(12)) }
                if token.lower == "pair" || token.lower == "couple" { found.insert(FixedDecimal(2)) }
            }
        }
        for line in parsed.lines {
            found.insert(FixedDecimal(line.quantity))
            if let packSize = line.packSize {
                found.insert(FixedDecimal(packSize))
                found.insert(FixedDecimal(line.quantity * packSize))
            }
            if let price = line.maxUnitPrice { found.insert(price.amount) }
        }
        if let budget = parsed.budget { found.insert(budget.amount) }
        return found
    }
}

extension ModelAnswerCheck {
    /// Whether every number written in `text` also appears in `facts` (digits compared without
    /// thousands separators).
    public static func numbersKept(_ text: String, within facts: String) -> Bool {
        func numbers(_ string: String) -> Set<String> {
            var found: Set<String> = []
            var current = ""
            for character in string + " " {
                if character.isNumber || (character == "." && !current.isEmpty) {
                    current.append(character)
                } else if character == "," && !current.isEmpty {
                    continue
                } else if !current.isEmpty {
                    found.insert(current.hasSuffix(".") ? String(current.dropLast()) : current)
                    current = ""
                }
            }
            return found
        }
        return numbers(text).isSubset(of: numbers(facts))
    }
}
