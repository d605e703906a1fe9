/// Turns request text into a requisition. The built-in reading needs no network; a language model,
/// when configured, may help, but its answer is checked against the text.
public enum Understanding {
    /// Reads `text` one requirement per line, bullet, semicolon or comma-separated item.
    public static func builtin(_ text: String) -> Requisition {
        var lines: [RequisitionLine] = []
        var warnings: [String] = []
        var questions: [Requisition.Question] = []
        let capped = String(text.prefix(20_000))
        if capped.count < text.count { warnings.append("only the first 20,000 characters were read") }
        var offset = 0
        for raw in capped.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == ";" || $0 == "," }) {
            defer { offset += raw.count + 1 }
            var segment = String(raw).trimmingWhitespace()
            while let first = segment.first, first == "-" || first == "*" || first == "•" {
                segment = String(segment.dropFirst()).trimmingWhitespace()
            }
            guard !segment.isEmpty else { continue }
            let requirement = Requirement(segment)
            guard !requirement.keywords.isEmpty else { continue }
            if lines.count == 200 {
                warnings.append("only the first 200 lines were read")
                break
            }
            var line = RequisitionLine(
                description: requirement.keywords.joined(separator: " "), quantity: requirement.quantity ?? 1,
                unit: requirement.packUnit?.code ?? "EA", packSize: requirement.packSize, attributes: requirement.colors,
                maxUnitPrice: requirement.maxUnitPrice, span: [offset, offset + raw.count],
                confidence: requirement.quantity == nil ? 0.6 : 0.8)
            if requirement.quantity == nil {
                line.confidence = 0.5
                questions.append(
                    Requisition.Question(
                        id: "q\(questions.count + 1)", field: "quantity", line: lines.count,
                        question: "How many of \"\(line.description)\" do you need?"))
            }
            lines.append(line)
        }
        if lines.isEmpty {
            questions.append(Requisition.Question(id: "q1", field: "lines", question: "What would you like to buy?"))
        }
        return Requisition(lines: lines, questions: questions, warnings: warnings)
    }

    /// Applies answers to clarifying questions: a number answers a quantity, any text answers the
    /// item (`lines` replaces the request). Returns the refused answers, with why.
    public static func apply(answers: [String: String], to requisition: inout Requisition) -> [String: String] {
        var refused: [String: String] = [:]
        var remaining: [Requisition.Question] = []
        for question in requisition.questions {
            guard let answer = answers[question.id]?.trimmingWhitespace(), !answer.isEmpty else {
                remaining.append(question)
                continue
            }
            switch question.field {
            case "quantity":
                guard let line = question.line, requisition.lines.indices.contains(line), let quantity = Int(answer), quantity > 0,
                    quantity <= 1_000_000
                else {
                    refused[question.id] = "must be a whole number from 1 to 1000000"
                    remaining.append(question)
                    continue
                }
                requisition.lines[line].quantity = quantity
                requisition.lines[line].confidence = 1
            case "lines":
                let reread = builtin(answer)
                requisition.lines = reread.lines
                remaining += reread.questions.filter { $0.field != "lines" }
                if reread.lines.isEmpty {
                    refused[question.id] = "no item could be read from the answer"
                    remaining.append(question)
                }
            default:
                if let line = question.line, requisition.lines.indices.contains(line) {
                    requisition.lines[line].attributes.append(answer)
                }
            }
        }
        requisition.questions = remaining
        return refused
    }
}
