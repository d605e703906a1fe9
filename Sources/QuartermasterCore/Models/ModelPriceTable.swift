/// Prices of language models per million tokens, prompt and completion apart, in one currency. A
/// model is found by its exact name, else by the longest entry that its name starts with
/// (`gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`).
public struct ModelPriceTable: Sendable, Hashable, Codable {
    public struct Price: Sendable, Hashable, Codable {
        /// Per one million prompt (input) tokens.
        public var prompt: FixedDecimal
        /// Per one million completion (output) tokens.
        public var completion: FixedDecimal

        public init(prompt: FixedDecimal, completion: FixedDecimal) {
            self.prompt = prompt
            self.completion = completion
        }
    }

    public var currency: CurrencyCode
    /// Model name → price.
    public var prices: [String: Price]

    public init(currency: CurrencyCode, prices: [String: Price]) {
        self.currency = currency
        self.prices = prices
    }

    /// An empty table: every model is unpriced.
    public static let empty = ModelPriceTable(currency: CurrencyCode("USD")!, prices: [:])

    /// OpenAI's list prices in USD for a few common models (standard tier), as a starting point that an
    /// organisation's configuration replaces.
    public static let openAIList = ModelPriceTable(
        currency: CurrencyCode("USD")!,
        prices: [
            "gpt-4o": Price(prompt: FixedDecimal(parsing: "2.50")!, completion: FixedDecimal(parsing: "10.00")!),
            "gpt-4o-mini": Price(prompt: FixedDecimal(parsing: "0.15")!, completion: FixedDecimal(parsing: "0.60")!),
            "gpt-4.1": Price(prompt: FixedDecimal(parsing: "2.00")!, completion: FixedDecimal(parsing: "8.00")!),
            "gpt-4.1-mini": Price(prompt: FixedDecimal(parsing: "0.40")!, completion: FixedDecimal(parsing: "1.60")!),
            "gpt-4.1-nano": Price(prompt: FixedDecimal(parsing: "0.10")!, completion: FixedDecimal(parsing: "0.40")!),
        ])

    /// The price of `model`, if the table has one.
    public func price(of model: String) -> Price? {
        if let exact = prices[model] { return exact }
        return prices.filter { model.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }?.value
    }

    /// What `usage` of `model` costs, rounded half-up to 0.0001; nil when the model is not priced.
    public func cost(of usage: TokenUsage, model: String) -> Money? {
        guard let price = price(of: model) else { return nil }
        // Token counts times prices in ten-thousandths, over a million: exact until the rounding.
        let (prompt, overflowA) = Int64(usage.promptTokens).multipliedReportingOverflow(by: price.prompt.units)
        let (completion, overflowB) = Int64(usage.completionTokens).multipliedReportingOverflow(by: price.completion.units)
        let (total, overflowC) = prompt.addingReportingOverflow(completion)
        guard !overflowA, !overflowB, !overflowC else { return nil }
        let (quotient, remainder) = total.quotientAndRemainder(dividingBy: 1_000_000)
        return Money(FixedDecimal(units: quotient + (2 * remainder >= 1_000_000 ? 1 : 0)), currency)
    }
}
