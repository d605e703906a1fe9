import QuartermasterCore

/// An organisation (tenant).
public struct OrganizationRecord: Codable, Sendable, Hashable {
    public let id: String
    public let name: String
    public let slug: String
    public let timeZone: String
    public let createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, name, slug
        case timeZone = "time_zone"
        case createdAt = "created_at"
    }
}

/// A user as seen inside one organisation: their roles are those of the membership.
public struct MemberRecord: Sendable, Hashable {
    public let id: String
    public let email: String
    public let name: String
    public let locale: String?
    public let roles: [Role]
    public let createdAt: Int64
    public let disabledAt: Int64?
    /// The vendor a vendor user acts for (supplier portal); nil for everyone else.
    public var vendorID: String? = nil
    public var vendorName: String? = nil
}

/// What login needs: the password hash and the organisations the user belongs to.
public struct LoginCandidate: Sendable {
    public let userID: String
    public let passwordHash: String?
    public let disabled: Bool
    /// Memberships, oldest first: (organisation id, roles).
    public let memberships: [(organizationID: String, roles: [Role])]
}

/// An API key as listed to admins (never the secret).
public struct APIKeyRecord: Sendable, Hashable {
    public let id: String
    public let name: String
    public let prefix: String
    public let roles: [Role]
    public let userID: String
    public let createdAt: Int64
    public let lastUsedAt: Int64?
    public let revokedAt: Int64?
}

/// One audit log entry.
public struct AuditEntry: Sendable, Hashable {
    public let id: Int64
    public let organizationID: String?
    public let actorID: String?
    public let action: String
    public let subject: String?
    public let ip: String?
    public let detail: String
    public let createdAt: Int64
}

/// Outcome of presenting a refresh token.
public enum RefreshOutcome: Sendable {
    /// Rotated: the new token and whose session it is.
    case rotated(token: String, userID: String, organizationID: String, roles: [Role], familyID: String)
    /// The token had already been used: its whole family is now revoked.
    case reused(userID: String, organizationID: String)
    /// Unknown, expired or revoked.
    case invalid
}

enum RoleList {
    static func encode(_ roles: [Role]) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    static func decode(_ text: String) -> [Role] {
        text.split(separator: ",").compactMap { Role(rawValue: String($0)) }.sorted()
    }
}
