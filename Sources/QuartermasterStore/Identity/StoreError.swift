/// Failures the store reports in domain terms, for the HTTP layer to map to problems.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique value is taken; `field` names it (e.g. `email`).
    case conflict(field: String, message: String)
    /// No such row in the caller's organisation.
    case notFound(String)
}
