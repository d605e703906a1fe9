import QuartermasterCore

extension VendorConnector {
    /// Submits until it succeeds, the failure may not be retried, or `policy` gives up; every attempt
    /// carries the same idempotency key, so the vendor places the order at most once.
    public func submit(
        _ order: PurchaseOrder, operation: VendorOperation, idempotencyKey: String, retrying policy: RetryPolicy
    ) async throws(VendorError) -> VendorReceipt {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await submit(order, operation: operation, idempotencyKey: idempotencyKey)
            } catch {
                guard error.isRetryable,
                    case .retry(let milliseconds) = policy.decide(afterFailedAttempt: attempt, jitter: .random(in: 0..<1))
                else { throw error }
                do {
                    try await Task.sleep(for: .milliseconds(milliseconds))
                } catch {
                    throw .connection("cancelled while waiting to retry")
                }
            }
        }
    }
}
