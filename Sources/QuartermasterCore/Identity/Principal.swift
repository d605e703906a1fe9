/// Who is making a request: a user (by token) or a service credential (by API key), always inside one organisation.
public struct Principal: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        /// A JWT access token; `sessionID` is the refresh-token family it was issued with.
        case accessToken(sessionID: String)
        /// An API key, by its id.
        case apiKey(id: String)
    }

    public let userID: String
    public let organizationID: String
    public let roles: Set<Role>
    public let credential: Credential

    public init(userID: String, organizationID: String, roles: Set<Role>, credential: Credential) {
        self.userID = userID
        self.organizationID = organizationID
        self.roles = roles
        self.credential = credential
    }

    /// True when the principal holds at least one of `required`.
    public func holdsAny(of required: Set<Role>) -> Bool {
        !roles.isDisjoint(with: required)
    }

    /// A stable key for rate limiting this credential.
    public var credentialKey: String {
        switch credential {
        case .accessToken: return "user:\(userID)"
        case .apiKey(let id): return "key:\(id)"
        }
    }
}
