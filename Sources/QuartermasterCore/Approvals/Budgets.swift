/// How long a budget runs: a calendar month, quarter or year.
public enum BudgetPeriodKind: String, Sendable, Hashable, Codable, CaseIterable {
    case month, quarter, year

    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .year: 12
        }
    }
}

/// One budget period: a calendar month, quarter or year starting on its first day.
public struct BudgetPeriod: Sendable, Hashable {
    public let kind: BudgetPeriodKind
    public let start: LocalDate

    /// The period of `kind` that contains `date` (quarters start in January, April, July, October).
    public init(_ kind: BudgetPeriodKind, containing date: LocalDate) {
        self.kind = kind
        let firstMonth = (date.month - 1) / kind.months * kind.months + 1
        self.start = LocalDate(year: date.year, month: firstMonth, day: 1)!
    }

    /// The period starting on `start`, which must be the first day of a month, quarter or year.
    public init?(_ kind: BudgetPeriodKind, startingOn start: LocalDate) {
        guard start.day == 1, (start.month - 1) % kind.months == 0 else { return nil }
        self.kind = kind
        self.start = start
    }

    /// The first day after the period.
    public var end: LocalDate {
        let monthIndex = start.year * 12 + (start.month - 1) + kind.months
        return LocalDate(year: monthIndex / 12, month: monthIndex % 12 + 1, day: 1)!
    }

    /// The last day of the period.
    public var lastDay: LocalDate { LocalDate(daysSinceEpoch: end.daysSinceEpoch - 1) }

    public func contains(_ date: LocalDate) -> Bool { start <= date && date < end }

    /// "2026-11", "2026-Q4", "2026".
    public var label: String {
        switch kind {
        case .month: "\(start.year)-\(start.month < 10 ? "0" : "")\(start.month)"
        case .quarter: "\(start.year)-Q\((start.month - 1) / 3 + 1)"
        case .year: "\(start.year)"
        }
    }
}

/// The stages money passes through in the commitment ledger.
public enum LedgerStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// A request reached approval.
    case requested
    /// A purchase order was issued.
    case committed
    /// An invoice was matched.
    case spent
}

/// What happens when moving money into a stage would take the budget below zero.
public enum BudgetAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Refuse: the request cannot go on until the budget is raised.
    case stop
    /// Go on, and say so in the quote, the run log and the approval.
    case warn
    /// Go on silently.
    case ignore
}

/// A budget's actions per stage. Defaults: stop at requested and committed (an organisation finds out
/// before it buys), warn at spent (an invoice is a fact; refusing to record it would hide it).
public struct BudgetActions: Sendable, Hashable, Codable {
    public var requested: BudgetAction
    public var committed: BudgetAction
    public var spent: BudgetAction

    public init(requested: BudgetAction = .stop, committed: BudgetAction = .stop, spent: BudgetAction = .warn) {
        self.requested = requested
        self.committed = committed
        self.spent = spent
    }

    public subscript(stage: LedgerStage) -> BudgetAction {
        switch stage {
        case .requested: requested
        case .committed: committed
        case .spent: spent
        }
    }
}

/// A budget's balances: what it holds and what each stage has taken.
public struct BudgetBalance: Sendable, Hashable, Codable {
    public var amount: FixedDecimal
    public var requested: FixedDecimal
    public var committed: FixedDecimal
    public var spent: FixedDecimal

    public init(amount: FixedDecimal, requested: FixedDecimal = .zero, committed: FixedDecimal = .zero, spent: FixedDecimal = .zero) {
        self.amount = amount
        self.requested = requested
        self.committed = committed
        self.spent = spent
    }

    /// budget − requested − committed − spent.
    public var available: FixedDecimal { amount - requested - committed - spent }

    public subscript(stage: LedgerStage) -> FixedDecimal {
        get {
            switch stage {
            case .requested: requested
            case .committed: committed
            case .spent: spent
            }
        }
        set {
            switch stage {
            case .requested: requested = newValue
            case .committed: committed = newValue
            case .spent: spent = newValue
            }
        }
    }
}

/// Whether an amount may move into a stage of a budget.
public enum BudgetDecision: Sendable, Hashable {
    /// Fits; `remaining` is what is left after it.
    case fits(remaining: FixedDecimal)
    /// Does not fit, and the stage's action is warn (or ignore, with `silent`).
    case over(by: FixedDecimal, remaining: FixedDecimal, silent: Bool)
    /// Does not fit, and the stage's action is stop: nothing may be recorded.
    case refused(by: FixedDecimal, available: FixedDecimal)

    public var allowed: Bool {
        if case .refused = self { return false }
        return true
    }
}

/// The commitment ledger's arithmetic. Amounts move between stages as a request becomes a purchase
/// order and then an invoice; `change` is the net new money a move takes from the budget.
public enum BudgetLedger {
    /// Decides whether `amount` may be taken into `stage` given the balance *without* it. An amount
    /// moving from an earlier stage (requested → committed) is released from that stage in the same
    /// move, so it is not counted twice: pass the released amount as `releasing`.
    public static func decide(
        _ balance: BudgetBalance, taking amount: FixedDecimal, into stage: LedgerStage, releasing: FixedDecimal = .zero,
        actions: BudgetActions
    ) -> BudgetDecision {
        let remaining = balance.available + releasing - amount
        guard remaining < .zero, amount > releasing else { return .fits(remaining: remaining) }
        let over = FixedDecimal.zero - remaining
        switch actions[stage] {
        case .stop: return .refused(by: over, available: balance.available + releasing)
        case .warn: return .over(by: over, remaining: remaining, silent: false)
        case .ignore: return .over(by: over, remaining: remaining, silent: true)
        }
    }
}
