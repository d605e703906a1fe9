import Foundation
import JWTKit
import QuartermasterCore

/// Claims of a Quartermaster access token.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var org: String
    var roles: [String]
    /// Session: the refresh-token family the token was issued with.
    var sid: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var iss: IssuerClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == TokenService.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "wrong issuer") }
    }
}

/// Signs and verifies HS256 access tokens.
public struct TokenService: Sendable {
    static let issuer = "quartermaster"
    let keys: JWTKeyCollection
    public let lifetimeSeconds: Int

    public init(secret: String, lifetimeSeconds: Int) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.lifetimeSeconds = lifetimeSeconds
    }

    public func issue(userID: String, organizationID: String, roles: [Role], sessionID: String) async throws -> String {
        let now = Date()
        let claims = AccessClaims(
            sub: .init(value: userID), org: organizationID, roles: roles.map(\.rawValue), sid: sessionID, iat: .init(value: now),
            exp: .init(value: now.addingTimeInterval(TimeInterval(lifetimeSeconds))), iss: .init(value: Self.issuer))
        return try await keys.sign(claims)
    }

    /// The principal the token stands for, or nil when it is malformed, tampered with or expired.
    public func verify(_ token: String) async -> Principal? {
        await verifyWithExpiry(token)?.principal
    }

    /// The principal and the token's expiry (seconds since the epoch).
    public func verifyWithExpiry(_ token: String) async -> (principal: Principal, expires: Double)? {
        guard let claims = try? await keys.verify(token, as: AccessClaims.self) else { return nil }
        let principal = Principal(
            userID: claims.sub.value, organizationID: claims.org, roles: Set(claims.roles.compactMap(Role.init(rawValue:))),
            credential: .accessToken(sessionID: claims.sid))
        return (principal, claims.exp.value.timeIntervalSince1970)
    }
}
