import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// Sign-up, login, token refresh, logout and `/me`.
struct AuthController: Sendable {
    let identity: any IdentityRepository
    let tokens: TokenService
    let passwords: PasswordHasher
    let loginThrottle: RateLimiter
    let refreshLifetimeMilliseconds: Int64
    let dummyHash: String
    let profiles: ProfileCache

    func addRoutes(public group: RouterGroup<AppRequestContext>, tenant: RouterGroup<TenantContext>) {
        group.post("auth/signup", use: signup)
        group.post("auth/login", use: login)
        group.post("auth/refresh", use: refresh)
        tenant.post("auth/logout", use: logout)
        tenant.get("me", use: me)
    }

    @Sendable func signup(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SignupResultDTO> {
        let input = try await request.decode(as: SignupInput.self, context: context)
        var validator = Validator()
        let organization = validator.text("organization", input.organization, maxLength: 120)
        let name = validator.text("name", input.name, maxLength: 120)
        let email = validator.email("email", input.email)
        validator.password("password", input.password)
        try validator.check()
        let hash = try await passwords.hash(input.password!)
        let (org, member) = try await identity.createOrganization(
            name: organization, admin: NewMember(email: email, name: name, passwordHash: hash, roles: [.admin]))
        let tenant = Tenant(organizationID: org.id)
        let (refreshToken, session) = try await identity.issueRefreshToken(
            tenant, userID: member.id, familyID: nil, lifetimeMilliseconds: refreshLifetimeMilliseconds)
        let access = try await tokens.issue(userID: member.id, organizationID: org.id, roles: member.roles, sessionID: session)
        try await identity.audit(
            NewAuditEntry(organizationID: org.id, actorID: member.id, action: "signup", subject: email, ip: context.clientIP))
        return EditedResponse(
            status: .created,
            response: SignupResultDTO(
                access_token: access, refresh_token: refreshToken, expires_in: tokens.lifetimeSeconds, user: UserDTO(member),
                organization: OrganizationDTO(org)))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> TokenPairDTO {
        let input = try await request.decode(as: LoginInput.self, context: context)
        var validator = Validator()
        let email = validator.text("email", input.email, maxLength: 254).lowercased()
        _ = validator.text("password", input.password, maxLength: 1_024)
        try validator.check()
        let accountKey = "login:\(email)"
        let wait = loginThrottle.wait(accountKey)
        if wait > 0 {
            throw Problem.tooManyRequests(retryAfter: wait, detail: "too many failed logins for this account; try again in \(wait) s")
        }
        let candidate = try await identity.loginCandidate(email: email)
        let password = input.password!
        let ok: Bool
        if let candidate, let hash = candidate.passwordHash, password.utf8.count <= 72 {
            ok = try await passwords.verify(password, hash: hash)
        } else {
            _ = try? await passwords.verify(password.utf8.count <= 72 ? password : "x", hash: dummyHash)
            ok = false
        }
        guard ok, let candidate, !candidate.disabled, !candidate.memberships.isEmpty else {
            _ = loginThrottle.take(accountKey)
            try? await identity.audit(
                NewAuditEntry(
                    organizationID: candidate?.memberships.first?.organizationID, actorID: candidate?.userID, action: "login.failed",
                    subject: String(email.prefix(254)), ip: context.clientIP))
            throw Problem.unauthorized("the email or password is incorrect")
        }
        loginThrottle.reset(accountKey)
        let membership: (organizationID: String, roles: [Role])
        if let wanted = input.organization_id {
            guard let chosen = candidate.memberships.first(where: { $0.organizationID == wanted }) else {
                throw Problem.unauthorized("the email or password is incorrect")
            }
            membership = chosen
        } else {
            membership = candidate.memberships[0]
        }
        let tenant = Tenant(organizationID: membership.organizationID)
        let (refreshToken, session) = try await identity.issueRefreshToken(
            tenant, userID: candidate.userID, familyID: nil, lifetimeMilliseconds: refreshLifetimeMilliseconds)
        let access = try await tokens.issue(
            userID: candidate.userID, organizationID: membership.organizationID, roles: membership.roles, sessionID: session)
        try await identity.audit(
            NewAuditEntry(
                organizationID: membership.organizationID, actorID: candidate.userID, action: "login", subject: email, ip: context.clientIP)
        )
        return TokenPairDTO(access_token: access, refresh_token: refreshToken, expires_in: tokens.lifetimeSeconds)
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> TokenPairDTO {
        let input = try await request.decode(as: RefreshInput.self, context: context)
        var validator = Validator()
        let token = validator.text("refresh_token", input.refresh_token, maxLength: 200)
        try validator.check()
        switch try await identity.rotateRefreshToken(token, lifetimeMilliseconds: refreshLifetimeMilliseconds) {
        case .rotated(let newToken, let userID, let organizationID, let roles, let familyID):
            let access = try await tokens.issue(userID: userID, organizationID: organizationID, roles: roles, sessionID: familyID)
            return TokenPairDTO(access_token: access, refresh_token: newToken, expires_in: tokens.lifetimeSeconds)
        case .reused:
            throw Problem.unauthorized("this refresh token was already used; the session has been revoked, sign in again")
        case .invalid:
            throw Problem.unauthorized("the refresh token is invalid or expired")
        }
    }

    @Sendable func logout(_ request: Request, context: TenantContext) async throws -> Response {
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        let input = hasBody ? try await request.decode(as: LogoutInput.self, context: context) : LogoutInput(refresh_token: nil)
        if let token = input.refresh_token {
            _ = try await identity.revokeRefreshFamily(token: token, userID: context.principal.userID)
        } else if case .accessToken = context.principal.credential {
            // No refresh token given: the access token expires by itself; nothing else to revoke.
        }
        try await identity.audit(
            NewAuditEntry(
                organizationID: context.principal.organizationID, actorID: context.principal.userID, action: "logout", subject: nil,
                ip: context.clientIP))
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: TenantContext) async throws -> MeDTO {
        let profile = try await profiles.profile(context.tenant, userID: context.principal.userID) {
            try await identity.profile(context.tenant, userID: context.principal.userID)
        }
        guard let (member, organization) = profile else {
            throw Problem.unauthorized("this account no longer exists")
        }
        let roles: [Role]
        let credential: String
        switch context.principal.credential {
        case .accessToken:
            roles = member.roles
            credential = "access_token"
        case .apiKey:
            roles = context.principal.roles.sorted()
            credential = "api_key"
        }
        return MeDTO(
            user: UserDTO(member), organization: OrganizationDTO(organization), roles: roles.map(\.rawValue), credential: credential,
            vendor: member.vendorID.map { MeDTO.VendorRef(id: $0, name: member.vendorName ?? $0) })
    }
}
