/// Why a language model gave no usable answer. Every case is a reason to fall back to the built-in
/// model; `description` says why in words fit for a run's log.
public enum ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No answer within the time allowed (for a stream: no new bytes within it).
    case timeout(milliseconds: Int64)
    /// The server answered with an error status, after any retries.
    case http(status: Int, body: String)
    /// The account has no quota left (`insufficient_quota`): retrying does not help.
    case quotaExhausted(String)
    /// The server could not be reached or dropped the connection before answering.
    case connection(String)
    /// The server answered something that is not the OpenAI wire format (garbage, HTML, a wrong shape).
    case invalidResponse(String)
    /// The model's answer should have been JSON and is not.
    case invalidJSON(String)
    /// The model's JSON answer does not match the schema asked for, even after a repair.
    case schemaViolation([String])
    /// The stream stopped before it was complete (no `[DONE]`, the connection closed).
    case streamInterrupted(String)
    /// The model's backend cannot do what the request needs (tools, a schema, streaming).
    case unsupported(String)
    /// Replay found no recording for a request.
    case missingRecording(key: String, hint: String)

    public var description: String {
        switch self {
        case .timeout(let milliseconds): "the model did not answer within \(milliseconds) ms"
        case .http(let status, let body): "the model endpoint answered \(status): \(body.prefix(300))"
        case .quotaExhausted(let message): "the model account has no quota left: \(message.prefix(300))"
        case .connection(let message): "the model endpoint could not be reached: \(message)"
        case .invalidResponse(let message): "the model endpoint answered something unreadable: \(message)"
        case .invalidJSON(let message): "the model's answer is not valid JSON: \(message)"
        case .schemaViolation(let problems): "the model's answer does not match the schema: " + problems.prefix(10).joined(separator: "; ")
        case .streamInterrupted(let message): "the model's stream was cut off: \(message)"
        case .unsupported(let message): "the model cannot do this: \(message)"
        case .missingRecording(let key, let hint): "no recorded answer for request \(key): \(hint)"
        }
    }
}
