/// Reads a request with a language model, checks the reading against the text and falls back to the
/// built-in parser when the model fails or its reading is refused, saying why.
public enum ModelUnderstanding {
    public struct Outcome: Sendable {
        public var requisition: Requisition
        /// The model whose reading was used: the configured one, or `builtin` after a fallback.
        public var model: String
        /// Why the configured model's reading was not used; nil when it was (or the model is built in).
        public var fallbackReason: String?
        /// Tokens the configured model took, used or not.
        public var usage: TokenUsage
    }

    /// Reads `text` with `model`. Options already set on `template` win, as in `Understanding.read`;
    /// clarifying questions about single lines are dropped when the model's lines are used.
    public static func read(
        _ text: String, context: RequestParseContext, template: Requisition = Requisition(lines: []), model: any LanguageModel
    ) async -> Outcome {
        let builtin = Understanding.read(text, context: context, template: template)
        if model is BuiltinLanguageModel {
            return Outcome(requisition: builtin, model: model.name, fallbackReason: nil, usage: TokenUsage())
        }
        func fallback(_ reason: String, _ usage: TokenUsage = TokenUsage()) -> Outcome {
            Outcome(requisition: builtin, model: "builtin", fallbackReason: reason, usage: usage)
        }
        let response: ChatResponse
        do {
            response = try await model.chat(RequisitionAnswer.request(for: text, context: context))
        } catch {
            return fallback(error.description)
        }
        guard let answer = response.structured else { return fallback("the model gave no JSON answer", response.usage) }
        let parsed = RequestParser.parse(text, context: context)
        switch ModelAnswerCheck.check(answer, text: text, parsed: parsed) {
        case .failure(let rejection):
            return fallback("the model's reading was refused: \(rejection)", response.usage)
        case .success(let reading):
            var requisition = builtin
            requisition.lines = reading.lines
            if template.budget == nil, let amount = reading.budget {
                requisition.budget = Money(amount, builtin.budget?.currency ?? context.defaultCurrency)
            }
            if template.needBy == nil, let needBy = reading.needBy { requisition.needBy = needBy.iso }
            if template.deliverTo == nil, let place = reading.deliverTo { requisition.deliverTo = place }
            requisition.questions.removeAll { $0.line != nil || ($0.field == "lines" && !reading.lines.isEmpty) }
            return Outcome(requisition: requisition, model: model.name, fallbackReason: nil, usage: response.usage)
        }
    }
}
