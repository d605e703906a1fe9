import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// Users, API keys and the audit log of the caller's organisation (admins).
struct AdminController: Sendable {
    let identity: any IdentityRepository
    let passwords: PasswordHasher
    let authenticator: Authenticator
    let profiles: ProfileCache

    func addRoutes(to group: RouterGroup<TenantContext>) {
        group.get("users", use: listUsers)
        group.post("users", use: createUser)
        group.get("users/{id}", use: getUser)
        group.patch("users/{id}", use: updateUser)
        group.get("api-keys", use: listKeys)
        group.post("api-keys", use: createKey)
        group.delete("api-keys/{id}", use: revokeKey)
        group.get("audit-log", use: auditLog)
    }

    @Sendable func listUsers(_ request: Request, context: TenantContext) async throws -> ListDTO<UserDTO> {
        try context.require(.admin)
        return try await PageQuery.list(request, UserDTO.init) { try await identity.members(context.tenant, page: $0) }
    }

    @Sendable func createUser(_ request: Request, context: TenantContext) async throws -> EditedResponse<UserDTO> {
        try context.require(.admin)
        let input = try await request.decode(as: CreateUserInput.self, context: context)
        var validator = Validator()
        let email = validator.email("email", input.email)
        let name = validator.text("name", input.name, maxLength: 120)
        var roles: [Role] = []
        switch Role.parse(input.roles ?? []) {
        case .success(let parsed): roles = parsed
        case .failure(let error): validator.fail(error.field, error.message)
        }
        if input.roles?.isEmpty ?? true { validator.fail("roles", "must name at least one role") }
        let vendorID = input.vendor_id.flatMap { $0.isEmpty ? nil : $0 }
        Self.checkVendorRole(roles, vendorID: vendorID, &validator)
        let invite = input.invite ?? false
        if invite {
            if input.password != nil { validator.fail("password", "must be omitted when inviting") }
        } else {
            validator.password("password", input.password)
        }
        try validator.check()
        let hash = invite ? nil : try await passwords.hash(input.password!)
        let member: MemberRecord
        do {
            member = try await identity.addMember(
                context.tenant, NewMember(email: email, name: name, passwordHash: hash, roles: roles, vendorID: vendorID),
                actorID: context.principal.userID)
        } catch StoreError.notFound("vendor") {
            throw Problem.validation([
                FieldError(field: "vendor_id", message: "no vendor '\(vendorID?.prefix(40) ?? "")' in this organisation")
            ])
        }
        return EditedResponse(status: .created, headers: [.location: "/api/v1/users/\(member.id)"], response: UserDTO(member))
    }

    /// The vendor role is exclusive and belongs to users created for a vendor (supplier portal).
    static func checkVendorRole(_ roles: [Role], vendorID: String?, _ validator: inout Validator) {
        if roles.contains(.vendor) {
            if roles.count > 1 { validator.fail("roles", "the vendor role cannot be combined with other roles") }
            if vendorID == nil { validator.fail("vendor_id", "is required for a vendor user") }
        } else if vendorID != nil {
            validator.fail("vendor_id", "is only for users with the vendor role")
        }
    }

    @Sendable func getUser(_ request: Request, context: TenantContext) async throws -> UserDTO {
        let id = try context.parameters.require("id")
        guard context.principal.userID == id || context.principal.holdsAny(of: [.admin]) else {
            throw Problem.notFound("user")
        }
        guard let member = try await identity.member(context.tenant, userID: id) else { throw Problem.notFound("user") }
        return UserDTO(member)
    }

    @Sendable func updateUser(_ request: Request, context: TenantContext) async throws -> UserDTO {
        try context.require(.admin)
        let id = try context.parameters.require("id")
        let input = try await request.decode(as: UpdateUserInput.self, context: context)
        var validator = Validator()
        var roles: [Role] = []
        if let names = input.roles {
            switch Role.parse(names) {
            case .success(let parsed): roles = parsed
            case .failure(let error): validator.fail(error.field, error.message)
            }
            if names.isEmpty { validator.fail("roles", "must name at least one role") }
        } else {
            validator.fail("roles", "is required")
        }
        // Whether a user acts for a vendor is fixed when they are created.
        if input.roles != nil, let member = try await identity.member(context.tenant, userID: id) {
            if member.vendorID != nil, roles != [.vendor] {
                validator.fail("roles", "a vendor user keeps the vendor role alone")
            } else if member.vendorID == nil, roles.contains(.vendor) {
                validator.fail("roles", "only users created for a vendor can hold the vendor role")
            }
        }
        if id == context.principal.userID && !roles.contains(.admin) && validator.errors.isEmpty {
            validator.fail("roles", "you cannot remove your own admin role")
        }
        try validator.check()
        let updated = try await identity.setRoles(context.tenant, userID: id, roles: roles, actorID: context.principal.userID)
        profiles.forget(organizationID: context.tenant.organizationID)
        return UserDTO(updated)
    }

    @Sendable func listKeys(_ request: Request, context: TenantContext) async throws -> ListDTO<APIKeyDTO> {
        try context.require(.admin)
        return ListDTO(items: try await identity.apiKeys(context.tenant).map { APIKeyDTO($0) }, next_cursor: nil)
    }

    @Sendable func createKey(_ request: Request, context: TenantContext) async throws -> EditedResponse<APIKeyDTO> {
        try context.require(.admin)
        let input = try await request.decode(as: CreateAPIKeyInput.self, context: context)
        var validator = Validator()
        let name = validator.text("name", input.name, maxLength: 120)
        var roles: [Role] = [.service]
        if let names = input.roles {
            switch Role.parse(names) {
            case .success(let parsed): roles = parsed
            case .failure(let error): validator.fail(error.field, error.message)
            }
            if names.isEmpty { validator.fail("roles", "must name at least one role") }
        }
        try validator.check()
        let (record, secret) = try await identity.createAPIKey(context.tenant, userID: context.principal.userID, name: name, roles: roles)
        return EditedResponse(status: .created, headers: [.cacheControl: "no-store"], response: APIKeyDTO(record, key: secret))
    }

    @Sendable func revokeKey(_ request: Request, context: TenantContext) async throws -> APIKeyDTO {
        try context.require(.admin)
        let id = try context.parameters.require("id")
        let record = try await identity.revokeAPIKey(context.tenant, id: id, actorID: context.principal.userID)
        authenticator.forgetKey(id: id)
        return APIKeyDTO(record)
    }

    @Sendable func auditLog(_ request: Request, context: TenantContext) async throws -> ListDTO<AuditDTO> {
        try context.require(.admin)
        return try await PageQuery.list(request, AuditDTO.init) { try await identity.auditLog(context.tenant, page: $0) }
    }
}

/// `?limit=&cursor=` of list endpoints.
enum PageQuery {
    /// Reads the page parameters, fetches the page, maps it; an unknown cursor is a 400.
    static func list<Record: Sendable, Item: Codable & Sendable>(
        _ request: Request, _ map: (Record) -> Item, fetch: (PageRequest) async throws -> Page<Record>
    ) async throws -> ListDTO<Item> {
        let page = try parse(request)
        do {
            let result = try await fetch(page)
            return ListDTO(items: result.items.map(map), next_cursor: result.nextCursor)
        } catch StoreError.notFound("cursor") {
            throw invalidCursor
        }
    }

    static var invalidCursor: Problem {
        Problem.badRequest("cursor is not valid", errors: [.init(field: "cursor", message: "is not a cursor from this list")])
    }

    static func parse(_ request: Request) throws -> PageRequest {
        let query = request.uri.queryParameters
        var limit = 50
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...200).contains(value) else {
                throw Problem.badRequest(
                    "limit must be an integer from 1 to 200", errors: [.init(field: "limit", message: "must be an integer from 1 to 200")])
            }
            limit = value
        }
        let cursor = query["cursor"].map(String.init)
        if let cursor, cursor.count > 200 { throw invalidCursor }
        return PageRequest(limit: limit, after: cursor)
    }
}
