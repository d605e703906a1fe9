import QuartermasterCore
import QuartermasterStore

/// Resolves a bearer credential (JWT access token or API key) to a principal. API key look-ups are
/// cached for a few seconds; revoking a key on this instance drops it from the cache at once.
public final class Authenticator: Sendable {
    let tokens: TokenService
    let identity: any IdentityRepository
    private let keyCache = ExpiringCache<Principal>(capacity: 10_000)
    static let keyCacheSeconds = 5.0
    /// Access tokens already verified, until their own expiry: the same token text always carries
    /// the same claims, so a verified token need not be verified again.
    private let verified = ExpiringCache<Principal>(capacity: 50_000)

    public init(tokens: TokenService, identity: any IdentityRepository) {
        self.tokens = tokens
        self.identity = identity
    }

    public func authenticate(_ token: String) async -> Principal? {
        guard !token.isEmpty, token.utf8.count <= 4_096 else { return nil }
        if token.hasPrefix("qm_") { return await authenticateKey(token) }
        if let hit = verified.value(for: token) { return hit }
        guard let (principal, expires) = await tokens.verifyWithExpiry(token) else { return nil }
        verified.set(principal, for: token, expires: expires)
        return principal
    }

    private func authenticateKey(_ key: String) async -> Principal? {
        if let cached = keyCache.value(for: key) { return cached }
        guard let (record, organizationID) = try? await identity.authenticateAPIKey(key) else { return nil }
        let principal = Principal(
            userID: record.userID, organizationID: organizationID, roles: Set(record.roles), credential: .apiKey(id: record.id))
        keyCache.set(principal, for: key, expires: ExpiringCache<Principal>.now + Self.keyCacheSeconds)
        return principal
    }

    /// Forgets cached keys with this id (after revocation).
    public func forgetKey(id: String) {
        keyCache.removeAll { _, principal in principal.credential == .apiKey(id: id) }
    }
}
