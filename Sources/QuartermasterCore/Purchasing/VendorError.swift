/// Why a call to a vendor failed, and what may be done about it.
public enum VendorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No complete answer within the time limit.
    case timeout(milliseconds: Int64)
    /// The connection could not be made or broke.
    case connection(String)
    /// The vendor answered with an error status (an HTTP status, or a cXML status code).
    case http(status: Int, body: String)
    /// The vendor refused the submission for a reason it gave; sending it again will not help.
    case rejected(reason: String)
    /// The answer could not be read.
    case malformed(String)
    /// The vendor does not offer this (a cXML vendor has no status query).
    case unsupported(String)

    /// Whether trying again (with the same idempotency key) may succeed: time-outs, broken
    /// connections, 408, 425, 429 and 5xx.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .connection: true
        case .http(let status, _): status == 408 || status == 425 || status == 429 || (500...599).contains(status)
        case .rejected, .malformed, .unsupported: false
        }
    }

    /// Whether the vendor may hold the order despite the failure: the intent stays open until a
    /// resubmission with the same key, or the vendor's status, settles it. Never resubmit with a new key.
    public var outcomeIsUnknown: Bool {
        switch self {
        case .timeout, .connection, .malformed: true
        case .http(let status, _): !(400...499).contains(status)
        case .rejected, .unsupported: false
        }
    }

    public var description: String {
        switch self {
        case .timeout(let milliseconds): "the vendor did not answer within \(milliseconds) ms"
        case .connection(let detail): "could not reach the vendor: \(detail)"
        case .http(let status, let body): "the vendor answered \(status)" + (body.isEmpty ? "" : ": \(body.prefix(300))")
        case .rejected(let reason): "the vendor rejected it: \(reason)"
        case .malformed(let detail): "the vendor's answer could not be read: \(detail)"
        case .unsupported(let detail): "not offered by this vendor: \(detail)"
        }
    }
}
