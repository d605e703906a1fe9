import Crypto

/// The steps of an agent run, in order. Each runs as one job; a run moves to the next step when the
/// previous one completes (or is skipped).
public enum RunStep: String, Sendable, Hashable, Codable, CaseIterable {
    case understand, search, optimise, policy, approval, purchase, logistics, notify

    public var next: RunStep? {
        let all = Self.allCases
        guard let index = all.firstIndex(of: self), index + 1 < all.count else { return nil }
        return all[index + 1]
    }

    public var ordinal: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A step is queued or executing.
    case running
    /// Paused for a person: a clarification or an approval.
    case waiting
    case succeeded, failed, cancelled

    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

public enum StepStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, completed, skipped, waiting, failed
}

/// What a person can do to a run, and whether the run's state allows it. Pure: the store applies
/// the resulting state in one guarded update, so two concurrent commands cannot both apply.
public enum RunCommand: String, Sendable, Hashable, CaseIterable {
    case cancel, retry, answer

    /// The status after the command, or why it is refused.
    public func apply(to status: RunStatus, waitingFor: String?) -> Result<RunStatus, RunCommandRefusal> {
        switch (self, status) {
        case (.cancel, .running), (.cancel, .waiting): .success(.cancelled)
        case (.cancel, _): .failure(RunCommandRefusal("the run has already ended (\(status.rawValue))"))
        case (.retry, .failed): .success(.running)
        case (.retry, _): .failure(RunCommandRefusal("only a failed run can be retried; this one is \(status.rawValue)"))
        case (.answer, .waiting) where waitingFor == "clarification": .success(.running)
        case (.answer, _): .failure(RunCommandRefusal("the run is not waiting for a clarification"))
        }
    }
}

public struct RunCommandRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// One entry of a run's log: what the agent thought, did and saw.
public struct RunLogEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case thought, action, observation, status, error
    }
    public var kind: Kind
    public var step: RunStep
    public var text: String
    /// For actions: the tool and its arguments.
    public var tool: String?
    public var arguments: [String: String]?
    public var durationMilliseconds: Double?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var cost: FixedDecimal?

    public init(
        _ kind: Kind, step: RunStep, _ text: String, tool: String? = nil, arguments: [String: String]? = nil,
        durationMilliseconds: Double? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil, cost: FixedDecimal? = nil
    ) {
        self.kind = kind
        self.step = step
        self.text = text
        self.tool = tool
        self.arguments = arguments
        self.durationMilliseconds = durationMilliseconds
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
    }

    enum CodingKeys: String, CodingKey {
        case kind, step, text, tool, arguments, durationMilliseconds = "duration_ms", promptTokens = "prompt_tokens",
            completionTokens = "completion_tokens", cost
    }
}

/// The idempotency key of a side effect: the same run, step and inputs always give the same key,
/// so a re-executed step finds the effect it already caused instead of causing it again.
public enum SideEffectKey {
    public static func make(runID: String, step: RunStep, effect: String, inputs: String) -> String {
        "\(runID):\(step.rawValue):\(effect):" + String(SHA256.hash(data: Array(inputs.utf8)).hexString.prefix(24))
    }
}
