import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

struct SignupInput: StrictDecodable {
    static let fields: Set<String> = ["organization", "name", "email", "password"]
    let organization: String?
    let name: String?
    let email: String?
    let password: String?
}

struct LoginInput: StrictDecodable {
    static let fields: Set<String> = ["email", "password", "organization_id"]
    let email: String?
    let password: String?
    let organization_id: String?
}

struct RefreshInput: StrictDecodable {
    static let fields: Set<String> = ["refresh_token"]
    let refresh_token: String?
}

struct LogoutInput: StrictDecodable {
    static let fields: Set<String> = ["refresh_token"]
    let refresh_token: String?
}

struct CreateUserInput: StrictDecodable {
    static let fields: Set<String> = ["email", "name", "roles", "password", "invite", "vendor_id"]
    let email: String?
    let name: String?
    let roles: [String]?
    let password: String?
    let invite: Bool?
    /// For a vendor user (role `vendor`): the vendor they act for.
    let vendor_id: String?
}

struct UpdateUserInput: StrictDecodable {
    static let fields: Set<String> = ["roles"]
    let roles: [String]?
}

struct CreateAPIKeyInput: StrictDecodable {
    static let fields: Set<String> = ["name", "roles"]
    let name: String?
    let roles: [String]?
}

struct UserDTO: Codable, Sendable {
    let id: String
    let email: String
    let name: String
    let roles: [String]
    /// For a vendor user: the vendor they act for.
    let vendor_id: String?
    let created_at: String

    init(_ member: MemberRecord) {
        id = member.id
        email = member.email
        name = member.name
        roles = member.roles.map(\.rawValue)
        vendor_id = member.vendorID
        created_at = Instant.iso8601(member.createdAt)
    }
}

struct OrganizationDTO: Codable, Sendable {
    let id: String
    let name: String
    let slug: String
    let time_zone: String
    let created_at: String

    init(_ organization: OrganizationRecord) {
        id = organization.id
        name = organization.name
        slug = organization.slug
        time_zone = organization.timeZone
        created_at = Instant.iso8601(organization.createdAt)
    }
}

struct TokenPairDTO: ResponseEncodable {
    let access_token: String
    let refresh_token: String
    let token_type = "Bearer"
    let expires_in: Int
}

struct SignupResultDTO: ResponseEncodable {
    let access_token: String
    let refresh_token: String
    let token_type = "Bearer"
    let expires_in: Int
    let user: UserDTO
    let organization: OrganizationDTO
}

struct MeDTO: ResponseEncodable {
    struct VendorRef: Codable, Sendable {
        let id: String
        let name: String
    }
    let user: UserDTO
    let organization: OrganizationDTO
    let roles: [String]
    let credential: String
    /// For a vendor user: the vendor they act for in the supplier portal.
    var vendor: VendorRef? = nil
}

struct ListDTO<Item: Encodable & Sendable>: ResponseEncodable {
    let items: [Item]
    let next_cursor: String?
}

struct APIKeyDTO: Codable, Sendable {
    let id: String
    let name: String
    let prefix: String
    let roles: [String]
    let created_at: String
    let last_used_at: String?
    let revoked_at: String?
    /// Present only in the response that creates the key.
    let key: String?

    init(_ record: APIKeyRecord, key: String? = nil) {
        id = record.id
        name = record.name
        prefix = record.prefix
        roles = record.roles.map(\.rawValue)
        created_at = Instant.iso8601(record.createdAt)
        last_used_at = record.lastUsedAt.map(Instant.iso8601)
        revoked_at = record.revokedAt.map(Instant.iso8601)
        self.key = key
    }
}

struct AuditDTO: Codable, Sendable {
    let id: Int64
    let action: String
    let actor_id: String?
    let subject: String?
    let ip: String?
    let created_at: String

    init(_ entry: AuditEntry) {
        id = entry.id
        action = entry.action
        actor_id = entry.actorID
        subject = entry.subject
        ip = entry.ip
        created_at = Instant.iso8601(entry.createdAt)
    }
}

extension UserDTO: ResponseEncodable {}
extension APIKeyDTO: ResponseEncodable {}
