/// Turns request text into a requisition with the built-in parser (`RequestParser`), and applies a
/// person's answers to its clarifying questions.
public enum Understanding {
    /// Reads `text` into a requisition; options already set on `template` (budget, need-by date,
    /// vendors, place) win over what the text says.
    public static func read(_ text: String, context: RequestParseContext, template: Requisition = Requisition(lines: [])) -> Requisition {
        let parsed = RequestParser.parse(text, context: context)
        var requisition = template
        requisition.lines = parsed.lines.map(line)
        if requisition.budget == nil { requisition.budget = parsed.budget }
        if requisition.needBy == nil { requisition.needBy = parsed.needBy?.iso }
        if requisition.deliverTo == nil { requisition.deliverTo = parsed.deliverTo }
        requisition.preferences.preferredVendors = merged(requisition.preferences.preferredVendors, parsed.preferredVendors)
        requisition.preferences.blockedVendors = merged(requisition.preferences.blockedVendors, parsed.blockedVendors)
        let offset = requisition.questions.count
        requisition.questions += parsed.questions.enumerated().map { index, question in
            Requisition.Question(
                id: "q\(offset + index + 1)", field: question.field, line: question.lineIndex, question: question.question,
                options: question.options)
        }
        requisition.warnings += parsed.warnings
        return requisition
    }

    static func line(_ parsed: ParsedLine) -> RequisitionLine {
        RequisitionLine(
            description: parsed.item, quantity: parsed.quantity, unit: parsed.unit, packSize: parsed.packSize,
            attributes: parsed.attributes, maxUnitPrice: parsed.maxUnitPrice?.amount,
            span: [parsed.span.lowerBound, parsed.span.upperBound], confidence: parsed.confidence)
    }

    static func merged(_ first: [String], _ second: [String]) -> [String] {
        var seen = Set(first.map { $0.lowercased() })
        return first + second.filter { seen.insert($0.lowercased()).inserted }
    }

    /// Applies answers (by question id) to `requisition`. Returns the refused answers with why; when
    /// any is refused, `requisition` is left as it was.
    public static func apply(answers: [String: String], to requisition: inout Requisition, context: RequestParseContext) -> [String: String]
    {
        var updated = requisition
        var refused: [String: String] = [:]
        var remaining: [Requisition.Question] = []
        var reread: Requisition?
        for question in requisition.questions {
            guard let answer = answers[question.id]?.trimmingWhitespace(), !answer.isEmpty else {
                remaining.append(question)
                continue
            }
            let line = question.line.flatMap { updated.lines.indices.contains($0) ? $0 : nil }
            switch question.field {
            case "quantity":
                guard let line, let quantity = Int(answer), (1...1_000_000).contains(quantity) else {
                    refused[question.id] = "must be a whole number from 1 to 1000000"
                    continue
                }
                updated.lines[line].quantity = quantity
                updated.lines[line].confidence = 1
            case "need_by":
                let date = LocalDate(iso: answer) ?? RequestParser.parse("by \(answer)", context: context).needBy
                guard let date else {
                    refused[question.id] = "must be a date (YYYY-MM-DD or words such as \"next Friday\")"
                    continue
                }
                updated.needBy = date.iso
            case "budget", "max_unit_price":
                let none = ["none", "no", "no limit", "no budget"].contains(answer.lowercased())
                let amount =
                    FixedDecimal(parsing: answer.filter { $0 != "," })
                    ?? RequestParser.parse("budget \(answer)", context: context).budget?.amount
                if none {
                    if question.field == "budget" { updated.budget = nil } else if let line { updated.lines[line].maxUnitPrice = nil }
                } else if let amount, amount > .zero {
                    if question.field == "budget" || line == nil {
                        updated.budget = Money(amount, updated.budget?.currency ?? context.defaultCurrency)
                    } else if let line {
                        updated.lines[line].maxUnitPrice = amount
                    }
                } else {
                    refused[question.id] = "must be a positive amount, or \"none\""
                    continue
                }
            case "instructions":
                updated.warnings.append("instructions in the request were noted, not followed (answered: \(answer.prefix(200)))")
            default:
                // `lines`, `language` and anything else: the answer is the request, read again.
                let again = read(answer, context: context)
                guard !again.lines.isEmpty else {
                    refused[question.id] = "no item could be read from the answer"
                    continue
                }
                reread = again
            }
        }
        guard refused.isEmpty else { return refused }
        if let reread {
            updated.lines = reread.lines
            remaining = remaining.filter { $0.field != "quantity" && $0.field != "max_unit_price" }
            let offset = (remaining.map { Int($0.id.dropFirst()) ?? 0 }.max() ?? 0) + requisition.questions.count
            remaining += reread.questions.enumerated().map { index, question in
                var renamed = question
                renamed.id = "q\(offset + index + 1)"
                return renamed
            }
            if updated.budget == nil { updated.budget = reread.budget }
            if updated.needBy == nil { updated.needBy = reread.needBy }
        }
        updated.questions = remaining
        requisition = updated
        return [:]
    }
}
