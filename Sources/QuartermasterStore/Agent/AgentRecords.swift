import Foundation
import QuartermasterCore
import SQLKit
import Synchronization

/// A request as stored: what was asked, what it became, and its run.
public struct RequestRecord: Sendable, Hashable {
    public let id: String
    public let organizationID: String
    public let createdBy: String?
    public let title: String
    public let text: String?
    /// The structured part of the request as JSON text (lines, need-by, budget, preferences, settings).
    public let input: String
    public let status: String
    public let requisition: Requisition?
    public let quote: Quote?
    public let runID: String
    public let createdAt: Int64
    public let updatedAt: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        organizationID = try row.decode(column: "org_id", as: String.self)
        createdBy = try row.decode(column: "created_by", as: String?.self)
        title = try row.decode(column: "title", as: String.self)
        text = try row.decode(column: "text", as: String?.self)
        input = try row.decode(column: "input", as: String.self)
        status = try row.decode(column: "status", as: String.self)
        requisition = try AgentJSON.decode(Requisition.self, try row.decode(column: "requisition", as: String?.self))
        quote = try AgentJSON.decode(Quote.self, try row.decode(column: "quote", as: String?.self))
        runID = try row.decode(column: "run_id", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
    }
}

/// A run and its steps.
public struct RunRecord: Sendable, Hashable {
    public let id: String
    public let organizationID: String
    public let requestID: String
    public let status: RunStatus
    public let step: RunStep
    public let waitingFor: String?
    public let generation: Int
    public let error: String?
    public let createdAt: Int64
    public let updatedAt: Int64
    public let finishedAt: Int64?
    public var steps: [StepRecord] = []

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        organizationID = try row.decode(column: "org_id", as: String.self)
        requestID = try row.decode(column: "request_id", as: String.self)
        status = RunStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        step = RunStep(rawValue: try row.decode(column: "step", as: String.self)) ?? .understand
        waitingFor = try row.decode(column: "waiting_for", as: String?.self)
        generation = try row.decode(column: "generation", as: Int.self)
        error = try row.decode(column: "error", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Int64.self)
        updatedAt = try row.decode(column: "updated_at", as: Int64.self)
        finishedAt = try row.decode(column: "finished_at", as: Int64?.self)
    }
}

public struct StepRecord: Sendable, Hashable {
    public let name: RunStep
    public let status: StepStatus
    public let attempts: Int
    /// JSON texts.
    public let input: String?
    public let output: String?
    public let error: String?
    public let startedAt: Int64?
    public let finishedAt: Int64?
    public let durationMilliseconds: Int64?

    init(row: any SQLRow) throws {
        name = RunStep(rawValue: try row.decode(column: "name", as: String.self)) ?? .understand
        status = StepStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending
        attempts = try row.decode(column: "attempts", as: Int.self)
        input = try row.decode(column: "input", as: String?.self)
        output = try row.decode(column: "output", as: String?.self)
        error = try row.decode(column: "error", as: String?.self)
        startedAt = try row.decode(column: "started_at", as: Int64?.self)
        finishedAt = try row.decode(column: "finished_at", as: Int64?.self)
        durationMilliseconds = try row.decode(column: "duration_ms", as: Int64?.self)
    }
}

/// What a step's execution came to; the repository applies it in one transaction.
public enum StepOutcome: Sendable {
    /// Done: store `output`, then go on to the next step that is not skipped.
    case completed(output: String)
    /// Pause the run until a person acts (`waitingFor`: `clarification`, `approval`).
    case waiting(for: String, output: String)
    /// The step cannot succeed; the run fails with `reason`.
    case failed(reason: String)
}

/// Changes a step may make to its request in the same transaction as its outcome.
public struct RequestUpdate: Sendable {
    public var requisition: Requisition?
    public var quote: Quote?
    /// The quote as JSON when the step encoded it already (for its output).
    public var quoteJSON: String?
    public init(requisition: Requisition? = nil, quote: Quote? = nil, quoteJSON: String? = nil) {
        self.requisition = requisition
        self.quote = quote
        self.quoteJSON = quote == nil ? nil : quoteJSON
    }
}

/// A recorded side effect: the intent before the call, the receipt after it.
public struct IntentRecord: Sendable, Hashable {
    public let id: String
    public let key: String
    public let effect: String
    public let status: String
    public let request: String
    public let receipt: String?
    public let attempts: Int

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: String.self)
        key = try row.decode(column: "idempotency_key", as: String.self)
        effect = try row.decode(column: "effect", as: String.self)
        status = try row.decode(column: "status", as: String.self)
        request = try row.decode(column: "request", as: String.self)
        receipt = try row.decode(column: "receipt", as: String?.self)
        attempts = try row.decode(column: "attempts", as: Int.self)
    }
}

/// JSON for the agent's stored documents (snake_case keys come from each type's coding keys).
public enum AgentJSON {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    public static func decode<T: Decodable & Sendable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count >= DecodedCache.minimumLength else { return try JSONDecoder().decode(type, from: Data(text.utf8)) }
        let key = DecodedCache.Key(type: ObjectIdentifier(type), text: text)
        if let known = decoded.withLock({ $0[key] }) as? T { return known }
        let value = try JSONDecoder().decode(type, from: Data(text.utf8))
        decoded.withLock { cache in
            if cache.count >= DecodedCache.capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = value
        }
        return value
    }

    /// A run's quote, requisition and step outputs are read again by every later step: the same text
    /// decodes to the same value, so the last few large ones are kept (keyed by type and the whole text).
    enum DecodedCache {
        struct Key: Hashable, Sendable {
            let type: ObjectIdentifier
            let text: String
        }
        static let capacity = 256
        static let minimumLength = 512
    }
    private static let decoded = Mutex<[DecodedCache.Key: any Sendable]>([:])
}
