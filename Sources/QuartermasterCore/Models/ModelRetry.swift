/// How one attempt to reach a model's server failed.
public enum ModelAttemptFailure: Error, Sendable, Hashable {
    /// An error status with the body and the `retry-after-ms` / `retry-after` headers as sent.
    case status(Int, body: String, retryAfterMilliseconds: String? = nil, retryAfter: String? = nil)
    /// No connection, or it dropped before the answer.
    case connection(String)
    /// Our own time limit ran out.
    case timeout(milliseconds: Int64)
}

/// Whether to try a model's server again: 408, 409, 429 and 5xx answers and connection errors are
/// retried with the policy's backoff (jitter supplied by the caller), or after the delay that the
/// server asks for; a quota error (`insufficient_quota`) and our own timeouts are not.
public enum ModelRetry {
    public enum Decision: Sendable, Hashable {
        case retry(afterMilliseconds: Int64)
        case fail(ModelError)
    }

    /// Decides after attempt `attempt` (1-based) failed. `now` (milliseconds since the epoch) reads a
    /// `retry-after` date.
    public static func decide(_ failure: ModelAttemptFailure, attempt: Int, policy: RetryPolicy, jitter: Double, now: Int64) -> Decision {
        let error: ModelError
        var serverDelay: Int64?
        switch failure {
        case .timeout(let milliseconds):
            return .fail(.timeout(milliseconds: milliseconds))
        case .connection(let message):
            error = .connection(message)
        case .status(let status, let body, let retryAfterMilliseconds, let retryAfter):
            if isQuotaExhausted(body) { return .fail(.quotaExhausted(errorSummary(body))) }
            error = .http(status: status, body: errorSummary(body))
            guard [408, 409, 429].contains(status) || (500...599).contains(status) else { return .fail(error) }
            serverDelay = delay(retryAfterMilliseconds: retryAfterMilliseconds, retryAfter: retryAfter, now: now)
        }
        guard case .retry(let backoff) = policy.decide(afterFailedAttempt: attempt, jitter: jitter) else { return .fail(error) }
        guard let serverDelay else { return .retry(afterMilliseconds: backoff) }
        // A server that asks for a longer wait than the policy allows is not waited for: the caller
        // falls back instead.
        return serverDelay <= policy.maxDelayMilliseconds ? .retry(afterMilliseconds: serverDelay) : .fail(error)
    }

    /// The wait the server asks for: `retry-after-ms` (milliseconds), else `retry-after` in seconds or
    /// as an HTTP date.
    public static func delay(retryAfterMilliseconds: String?, retryAfter: String?, now: Int64) -> Int64? {
        if let text = retryAfterMilliseconds?.trimmingWhitespace(), let value = Double(text), value.isFinite, value >= 0 {
            return Int64(value.rounded(.up))
        }
        guard let text = retryAfter?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return Int64((seconds * 1_000).rounded(.up)) }
        guard let date = httpDate(text) else { return nil }
        return max(0, date - now)
    }

    /// Whether an error body says the account's quota is spent.
    public static func isQuotaExhausted(_ body: String) -> Bool { body.contains("insufficient_quota") }

    /// `error.message` (and `error.code`) of an OpenAI-style error body, else the body's start.
    public static func errorSummary(_ body: String) -> String {
        if let value = try? JSONReader.parse(body), let error = value["error"] {
            if let message = error["message"]?.stringValue {
                let code = error["code"]?.stringValue ?? error["type"]?.stringValue
                return code.map { "\(message) (\($0))" } ?? message
            }
            if let message = error.stringValue { return message }
        }
        return String(body.prefix(500))
    }

    /// Milliseconds since the epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0..<61).contains(clock[2]),
            let date = LocalDate(year: year, month: month + 1, day: day)
        else { return nil }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(clock[0] * 3_600 + clock[1] * 60 + clock[2])
        return seconds * 1_000
    }
}
