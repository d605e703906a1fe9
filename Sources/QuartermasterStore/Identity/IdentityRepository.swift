import QuartermasterCore

/// Tenant-scoped identity data: organisations, members, refresh tokens, API keys, audit log.
/// Every method that touches an organisation's rows takes a `Tenant`, and the SQL implementation
/// applies it in `TenantScope`, so a caller cannot forget the filter.
public protocol IdentityRepository: Sendable {
    /// Creates an organisation and its first admin. Throws `StoreError.conflict(field: "email")`.
    func createOrganization(name: String, admin: NewMember) async throws -> (OrganizationRecord, MemberRecord)
    func organization(_ tenant: Tenant) async throws -> OrganizationRecord
    /// An organisation by slug or id (admin tools; not tenant-scoped).
    func findOrganization(_ slugOrID: String) async throws -> OrganizationRecord?
    func loginCandidate(email: String) async throws -> LoginCandidate?
    func member(_ tenant: Tenant, userID: String) async throws -> MemberRecord?
    /// The member and their organisation in one query (`/me`).
    func profile(_ tenant: Tenant, userID: String) async throws -> (MemberRecord, OrganizationRecord)?
    func members(_ tenant: Tenant, page: PageRequest) async throws -> Page<MemberRecord>
    /// Adds a user to the organisation, creating the user. Emits `user.created`.
    func addMember(_ tenant: Tenant, _ member: NewMember, actorID: String?) async throws -> MemberRecord
    func setRoles(_ tenant: Tenant, userID: String, roles: [Role], actorID: String) async throws -> MemberRecord

    func issueRefreshToken(
        _ tenant: Tenant, userID: String, familyID: String?, lifetimeMilliseconds: Int64
    ) async throws -> (token: String, familyID: String)
    func rotateRefreshToken(_ token: String, lifetimeMilliseconds: Int64) async throws -> RefreshOutcome
    /// Revokes the family of `token` if it belongs to `userID`; returns whether one was revoked.
    func revokeRefreshFamily(token: String, userID: String) async throws -> Bool
    func isSessionActive(familyID: String) async throws -> Bool

    func createAPIKey(_ tenant: Tenant, userID: String, name: String, roles: [Role]) async throws -> (APIKeyRecord, secret: String)
    func apiKeys(_ tenant: Tenant) async throws -> [APIKeyRecord]
    func revokeAPIKey(_ tenant: Tenant, id: String, actorID: String) async throws -> APIKeyRecord
    /// Looks up an API key by its full text; nil when unknown or revoked.
    func authenticateAPIKey(_ key: String) async throws -> (APIKeyRecord, organizationID: String)?

    func audit(_ entry: NewAuditEntry) async throws
    func auditLog(_ tenant: Tenant, page: PageRequest) async throws -> Page<AuditEntry>
}

/// A user to create.
public struct NewMember: Sendable {
    public let email: String
    public let name: String
    public let passwordHash: String?
    public let roles: [Role]
    /// For a vendor user: the vendor (of the same organisation) they act for.
    public let vendorID: String?
    public init(email: String, name: String, passwordHash: String?, roles: [Role], vendorID: String? = nil) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.roles = roles
        self.vendorID = vendorID
    }
}

/// A security event to record.
public struct NewAuditEntry: Sendable {
    public let organizationID: String?
    public let actorID: String?
    public let action: String
    public let subject: String?
    public let ip: String?
    public let detail: String
    public init(organizationID: String?, actorID: String?, action: String, subject: String?, ip: String?, detail: String = "{}") {
        self.organizationID = organizationID
        self.actorID = actorID
        self.action = action
        self.subject = subject
        self.ip = ip
        self.detail = detail
    }
}
