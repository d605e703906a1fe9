import Synchronization

/// One call to a model's server, as recorded for usage and cost.
public struct ModelCallRecord: Sendable, Hashable, Codable {
    public var model: String
    public var usage: TokenUsage
    /// From the price table; nil when the model is not priced.
    public var cost: Money?
    public var milliseconds: Int64
    /// Whether the call gave an answer (a failed call may still have spent tokens).
    public var succeeded: Bool

    public init(model: String, usage: TokenUsage, cost: Money?, milliseconds: Int64, succeeded: Bool) {
        self.model = model
        self.usage = usage
        self.cost = cost
        self.milliseconds = milliseconds
        self.succeeded = succeeded
    }
}

/// Where model calls are recorded (a run's log, metrics, a table).
public protocol ModelUsageRecorder: Sendable {
    func record(_ call: ModelCallRecord)
}

/// Keeps the calls in memory and sums them; for a run or a test.
public final class ModelUsageLedger: ModelUsageRecorder {
    private let calls = Mutex<[ModelCallRecord]>([])

    public init() {}

    public func record(_ call: ModelCallRecord) { calls.withLock { $0.append(call) } }

    public var records: [ModelCallRecord] { calls.withLock { $0 } }

    /// Tokens of every call.
    public var usage: TokenUsage { records.reduce(TokenUsage()) { $0 + $1.usage } }

    /// Cost of the priced calls, per currency.
    public var cost: [CurrencyCode: FixedDecimal] {
        records.reduce(into: [:]) { totals, call in
            if let cost = call.cost { totals[cost.currency, default: .zero] = totals[cost.currency, default: .zero] + cost.amount }
        }
    }
}
