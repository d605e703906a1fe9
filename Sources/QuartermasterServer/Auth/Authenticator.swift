import Foundation
import QuartermasterCore
import QuartermasterStore
import Synchronization

/// Resolves a bearer credential (JWT access token or API key) to a principal. API key look-ups are
/// cached for a few seconds; revoking a key on this instance drops it from the cache at once.
public final class Authenticator: Sendable {
    let tokens: TokenService
    let identity: any IdentityRepository
    private let keyCache = Mutex<[String: (principal: Principal, expires: Double)]>([:])
    static let keyCacheSeconds = 5.0
    /// Access tokens already verified, with their expiry (seconds since the epoch): the same token
    /// text always carries the same claims, so a verified token need not be verified again.
    private let verified = Mutex<[String: (principal: Principal, expires: Double)]>([:])
    static let verifiedCapacity = 50_000

    public init(tokens: TokenService, identity: any IdentityRepository) {
        self.tokens = tokens
        self.identity = identity
    }

    public func authenticate(_ token: String) async -> Principal? {
        guard !token.isEmpty, token.utf8.count <= 4_096 else { return nil }
        if token.hasPrefix("qm_") { return await authenticateKey(token) }
        let now = Date().timeIntervalSince1970
        if let hit = verified.withLock({ $0[token] }) {
            return hit.expires > now ? hit.principal : nil
        }
        guard let (principal, expires) = await tokens.verifyWithExpiry(token) else { return nil }
        verified.withLock { cache in
            if cache.count >= Self.verifiedCapacity { cache = cache.filter { $0.value.expires > now } }
            if cache.count >= Self.verifiedCapacity { cache.removeAll(keepingCapacity: true) }
            cache[token] = (principal, expires)
        }
        return principal
    }

    private func authenticateKey(_ key: String) async -> Principal? {
        let now = RateLimiter.monotonicSeconds()
        if let cached = keyCache.withLock({ $0[key] }), cached.expires > now { return cached.principal }
        guard let (record, organizationID) = try? await identity.authenticateAPIKey(key) else { return nil }
        let principal = Principal(
            userID: record.userID, organizationID: organizationID, roles: Set(record.roles), credential: .apiKey(id: record.id))
        keyCache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (principal, now + Self.keyCacheSeconds)
        }
        return principal
    }

    /// Forgets cached keys with this id (after revocation).
    public func forgetKey(id: String) {
        keyCache.withLock { cache in
            cache = cache.filter { entry in
                if case .apiKey(let keyID) = entry.value.principal.credential { return keyID != id }
                return true
            }
        }
    }
}
