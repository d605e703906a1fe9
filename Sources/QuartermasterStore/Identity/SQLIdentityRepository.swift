import PostgresNIO
import QuartermasterCore
import SQLKit
import SQLiteNIO

/// `IdentityRepository` on SQL, for both dialects.
public struct SQLIdentityRepository: IdentityRepository {
    let store: Store

    public init(store: Store) { self.store = store }

    // MARK: Organisations and members

    public func createOrganization(name: String, admin: NewMember) async throws -> (OrganizationRecord, MemberRecord) {
        try await store.write { tx in
            try await Self.ensureEmailFree(admin.email, tx.sql)
            let now = Clock.nowMilliseconds()
            let baseSlug = Slug.make(from: name)
            var slug = baseSlug
            var attempt = 1
            while try await tx.sql.raw("SELECT 1 AS one FROM organizations WHERE slug = \(bind: slug)").first() != nil {
                attempt += 1
                slug = "\(baseSlug)-\(attempt)"
            }
            let organization = OrganizationRecord(id: Identifier.make("org"), name: name, slug: slug, timeZone: "UTC", createdAt: now)
            try await tx.sql.raw(
                """
                INSERT INTO organizations (id, name, slug, time_zone, created_at)
                VALUES (\(bind: organization.id), \(bind: name), \(bind: slug), 'UTC', \(bind: now))
                """
            ).run()
            let member = try await Self.insertMember(tx, Tenant(organizationID: organization.id), admin, now: now)
            try await Self.insertAudit(
                tx.sql,
                NewAuditEntry(
                    organizationID: organization.id, actorID: member.id, action: "organization.created", subject: organization.slug, ip: nil
                ))
            try await tx.emit(
                organizationID: organization.id, type: "organization.created", subject: name,
                data: JSONText.encode(["id": .string(organization.id), "name": .string(name)]))
            return (organization, member)
        }
    }

    public func organization(_ tenant: Tenant) async throws -> OrganizationRecord {
        let row = try await store.read { sql in
            try await sql.raw("SELECT id, name, slug, time_zone, created_at FROM organizations WHERE id = \(bind: tenant.organizationID)")
                .first(decoding: OrganizationRecord.self)
        }
        guard let row else { throw StoreError.notFound("organization") }
        return row
    }

    public func findOrganization(_ slugOrID: String) async throws -> OrganizationRecord? {
        try await store.read { sql in
            try await sql.raw(
                "SELECT id, name, slug, time_zone, created_at FROM organizations WHERE slug = \(bind: slugOrID) OR id = \(bind: slugOrID)"
            ).first(decoding: OrganizationRecord.self)
        }
    }

    public func loginCandidate(email: String) async throws -> LoginCandidate? {
        try await store.read { sql in
            let rows = try await sql.raw(
                """
                SELECT u.id, u.password_hash, u.disabled_at, m.org_id, m.roles
                FROM users u LEFT JOIN memberships m ON m.user_id = u.id
                WHERE u.email = \(bind: email)
                ORDER BY m.created_at
                """
            ).all()
            guard let first = rows.first else { return nil }
            var memberships: [(organizationID: String, roles: [Role])] = []
            for row in rows {
                if let org = try row.decode(column: "org_id", as: String?.self) {
                    memberships.append((org, RoleList.decode(try row.decode(column: "roles", as: String.self))))
                }
            }
            return LoginCandidate(
                userID: try first.decode(column: "id", as: String.self),
                passwordHash: try first.decode(column: "password_hash", as: String?.self),
                disabled: try first.decode(column: "disabled_at", as: Int64?.self) != nil,
                memberships: memberships)
        }
    }

    public func member(_ tenant: Tenant, userID: String) async throws -> MemberRecord? {
        try await store.read { sql in
            try await Self.memberQuery(TenantScope(tenant, sql)).where(SQLColumn("user_id", table: "memberships"), .equal, SQLBind(userID))
                .first()
                .map(Self.decodeMember)
        }
    }

    public func profile(_ tenant: Tenant, userID: String) async throws -> (MemberRecord, OrganizationRecord)? {
        try await store.read { sql in
            guard
                let row = try await Self.memberQuery(TenantScope(tenant, sql))
                    .column(SQLAlias(SQLColumn("name", table: "organizations"), as: SQLIdentifier("org_name")))
                    .column(SQLAlias(SQLColumn("slug", table: "organizations"), as: SQLIdentifier("org_slug")))
                    .column(SQLAlias(SQLColumn("time_zone", table: "organizations"), as: SQLIdentifier("org_time_zone")))
                    .column(SQLAlias(SQLColumn("created_at", table: "organizations"), as: SQLIdentifier("org_created_at")))
                    .join("organizations", on: SQLColumn("id", table: "organizations"), .equal, SQLColumn("org_id", table: "memberships"))
                    .where(SQLColumn("user_id", table: "memberships"), .equal, SQLBind(userID))
                    .first()
            else { return nil }
            let organization = OrganizationRecord(
                id: tenant.organizationID, name: try row.decode(column: "org_name", as: String.self),
                slug: try row.decode(column: "org_slug", as: String.self),
                timeZone: try row.decode(column: "org_time_zone", as: String.self),
                createdAt: try row.decode(column: "org_created_at", as: Int64.self))
            return (try Self.decodeMember(row), organization)
        }
    }

    public func members(_ tenant: Tenant, page: PageRequest) async throws -> Page<MemberRecord> {
        try await store.read { sql in
            let query = Self.memberQuery(TenantScope(tenant, sql))
            if let cursor = page.after {
                guard let (createdAt, id) = Cursor.decode(cursor) else { throw StoreError.notFound("cursor") }
                query.where { group in
                    group.where(SQLColumn("created_at", table: "memberships"), .greaterThan, SQLBind(createdAt))
                        .orWhere { inner in
                            inner.where(SQLColumn("created_at", table: "memberships"), .equal, SQLBind(createdAt))
                                .where(SQLColumn("id", table: "users"), .greaterThan, SQLBind(id))
                        }
                }
            }
            let rows = try await query.orderBy(SQLColumn("created_at", table: "memberships")).orderBy(SQLColumn("id", table: "users"))
                .limit(page.limit + 1).all()
            let members = try rows.map(Self.decodeMember)
            let items = Array(members.prefix(page.limit))
            let next = members.count > page.limit ? items.last.map { Cursor.encode($0.createdAt, $0.id) } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func addMember(_ tenant: Tenant, _ newMember: NewMember, actorID: String?) async throws -> MemberRecord {
        try await store.write { tx in
            try await Self.ensureEmailFree(newMember.email, tx.sql)
            let member = try await Self.insertMember(tx, tenant, newMember, now: Clock.nowMilliseconds())
            try await Self.insertAudit(
                tx.sql,
                NewAuditEntry(
                    organizationID: tenant.organizationID, actorID: actorID, action: "user.created", subject: member.email, ip: nil,
                    detail: JSONText.encode(["roles": .array(member.roles.map { .string($0.rawValue) })])))
            return member
        }
    }

    public func setRoles(_ tenant: Tenant, userID: String, roles: [Role], actorID: String) async throws -> MemberRecord {
        try await store.write { tx in
            let scope = TenantScope(tenant, tx.sql)
            guard
                let before = try await Self.memberQuery(scope).where(SQLColumn("user_id", table: "memberships"), .equal, SQLBind(userID))
                    .first()
            else { throw StoreError.notFound("user") }
            let old = try Self.decodeMember(before)
            try await scope.update("memberships").set("roles", to: SQLBind(RoleList.encode(roles))).where(
                "user_id", .equal, SQLBind(userID)
            ).run()
            try await Self.insertAudit(
                tx.sql,
                NewAuditEntry(
                    organizationID: tenant.organizationID, actorID: actorID, action: "role.changed", subject: old.email, ip: nil,
                    detail: JSONText.encode([
                        "from": .array(old.roles.map { .string($0.rawValue) }), "to": .array(roles.map { .string($0.rawValue) }),
                    ])))
            try await tx.emit(
                organizationID: tenant.organizationID, type: "user.roles_changed", subject: old.email,
                data: JSONText.encode(["id": .string(userID), "roles": .array(roles.map { .string($0.rawValue) })]))
            return MemberRecord(
                id: old.id, email: old.email, name: old.name, locale: old.locale, roles: roles.sorted(), createdAt: old.createdAt,
                disabledAt: old.disabledAt, vendorID: old.vendorID, vendorName: old.vendorName)
        }
    }

    // MARK: Refresh tokens

    public func issueRefreshToken(
        _ tenant: Tenant, userID: String, familyID: String?, lifetimeMilliseconds: Int64
    ) async throws -> (token: String, familyID: String) {
        try await store.write { tx in
            try await Self.insertRefreshToken(
                tx.sql, tenant: tenant, userID: userID, familyID: familyID ?? Identifier.make("ses"), lifetime: lifetimeMilliseconds)
        }
    }

    public func rotateRefreshToken(_ token: String, lifetimeMilliseconds: Int64) async throws -> RefreshOutcome {
        let hash = Identifier.hash(token)
        return try await store.write { tx in
            guard
                let row = try await tx.sql.raw(
                    """
                    SELECT r.id, r.org_id, r.user_id, r.family_id, r.expires_at, r.used_at, r.revoked_at, m.roles, u.disabled_at
                    FROM refresh_tokens r
                    JOIN memberships m ON m.org_id = r.org_id AND m.user_id = r.user_id
                    JOIN users u ON u.id = r.user_id
                    WHERE r.token_hash = \(bind: hash)
                    """
                ).first()
            else { return .invalid }
            let now = Clock.nowMilliseconds()
            let userID = try row.decode(column: "user_id", as: String.self)
            let organizationID = try row.decode(column: "org_id", as: String.self)
            let familyID = try row.decode(column: "family_id", as: String.self)
            if try row.decode(column: "revoked_at", as: Int64?.self) != nil { return .invalid }
            if try row.decode(column: "used_at", as: Int64?.self) != nil {
                // Reuse of a rotated token: someone holds a copy. Kill the whole family.
                try await tx.sql.raw(
                    "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE family_id = \(bind: familyID) AND revoked_at IS NULL"
                ).run()
                try await Self.insertAudit(
                    tx.sql,
                    NewAuditEntry(organizationID: organizationID, actorID: userID, action: "token.reused", subject: familyID, ip: nil))
                return .reused(userID: userID, organizationID: organizationID)
            }
            if try row.decode(column: "expires_at", as: Int64.self) <= now { return .invalid }
            if try row.decode(column: "disabled_at", as: Int64?.self) != nil { return .invalid }
            try await tx.sql.raw(
                "UPDATE refresh_tokens SET used_at = \(bind: now) WHERE id = \(bind: try row.decode(column: "id", as: String.self))"
            ).run()
            let (newToken, _) = try await Self.insertRefreshToken(
                tx.sql, tenant: Tenant(organizationID: organizationID), userID: userID, familyID: familyID, lifetime: lifetimeMilliseconds)
            return .rotated(
                token: newToken, userID: userID, organizationID: organizationID,
                roles: RoleList.decode(try row.decode(column: "roles", as: String.self)), familyID: familyID)
        }
    }

    public func revokeRefreshFamily(token: String, userID: String) async throws -> Bool {
        let hash = Identifier.hash(token)
        return try await store.write { tx in
            guard
                let row = try await tx.sql.raw(
                    "SELECT family_id FROM refresh_tokens WHERE token_hash = \(bind: hash) AND user_id = \(bind: userID)"
                ).first()
            else { return false }
            let family = try row.decode(column: "family_id", as: String.self)
            try await tx.sql.raw(
                "UPDATE refresh_tokens SET revoked_at = \(bind: Clock.nowMilliseconds()) WHERE family_id = \(bind: family) AND revoked_at IS NULL"
            ).run()
            return true
        }
    }

    public func isSessionActive(familyID: String) async throws -> Bool {
        try await store.read { sql in
            try await sql.raw(
                "SELECT 1 AS one FROM refresh_tokens WHERE family_id = \(bind: familyID) AND revoked_at IS NULL LIMIT 1"
            ).first() != nil
        }
    }

    // MARK: API keys

    public func createAPIKey(_ tenant: Tenant, userID: String, name: String, roles: [Role]) async throws -> (APIKeyRecord, secret: String) {
        let prefix = Identifier.randomHex(bytes: 6)
        let secret = "qm_\(prefix)_\(Identifier.secret(bytes: 32))"
        let record = APIKeyRecord(
            id: Identifier.make("key"), name: name, prefix: prefix, roles: roles.sorted(), userID: userID,
            createdAt: Clock.nowMilliseconds(),
            lastUsedAt: nil, revokedAt: nil)
        try await store.write { tx in
            try await TenantScope(tenant, tx.sql).insert(
                into: "api_keys", columns: ["id", "user_id", "name", "prefix", "key_hash", "roles", "created_at"],
                values: [record.id, userID, name, prefix, Identifier.hash(secret), RoleList.encode(roles), record.createdAt]
            ).run()
            try await Self.insertAudit(
                tx.sql,
                NewAuditEntry(
                    organizationID: tenant.organizationID, actorID: userID, action: "api_key.created", subject: "\(prefix) \(name)", ip: nil
                ))
        }
        return (record, secret)
    }

    public func apiKeys(_ tenant: Tenant) async throws -> [APIKeyRecord] {
        try await store.read { sql in
            try await TenantScope(tenant, sql).select(from: "api_keys").columns("*").orderBy("created_at").all().map(Self.decodeKey)
        }
    }

    public func revokeAPIKey(_ tenant: Tenant, id: String, actorID: String) async throws -> APIKeyRecord {
        try await store.write { tx in
            let scope = TenantScope(tenant, tx.sql)
            guard let row = try await scope.select(from: "api_keys").columns("*").where("id", .equal, SQLBind(id)).first() else {
                throw StoreError.notFound("api key")
            }
            let key = try Self.decodeKey(row)
            let now = Clock.nowMilliseconds()
            if key.revokedAt == nil {
                try await scope.update("api_keys").set("revoked_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
                try await Self.insertAudit(
                    tx.sql,
                    NewAuditEntry(
                        organizationID: tenant.organizationID, actorID: actorID, action: "api_key.revoked",
                        subject: "\(key.prefix) \(key.name)", ip: nil))
            }
            return APIKeyRecord(
                id: key.id, name: key.name, prefix: key.prefix, roles: key.roles, userID: key.userID, createdAt: key.createdAt,
                lastUsedAt: key.lastUsedAt, revokedAt: key.revokedAt ?? now)
        }
    }

    public func authenticateAPIKey(_ key: String) async throws -> (APIKeyRecord, organizationID: String)? {
        let parts = key.split(separator: "_", maxSplits: 2)
        guard parts.count == 3, parts[0] == "qm", parts[1].count == 12 else { return nil }
        let prefix = String(parts[1])
        return try await store.read { sql in
            guard
                let row = try await sql.raw(
                    "SELECT * FROM api_keys WHERE prefix = \(bind: prefix) AND revoked_at IS NULL"
                ).first()
            else { return nil }
            let storedHash = try row.decode(column: "key_hash", as: String.self)
            guard ConstantTime.equal(storedHash, Identifier.hash(key)) else { return nil }
            return (try Self.decodeKey(row), try row.decode(column: "org_id", as: String.self))
        }
    }

    // MARK: Audit

    public func audit(_ entry: NewAuditEntry) async throws {
        try await store.write { tx in try await Self.insertAudit(tx.sql, entry) }
    }

    public func auditLog(_ tenant: Tenant, page: PageRequest) async throws -> Page<AuditEntry> {
        try await store.read { sql in
            let query = TenantScope(tenant, sql).select(from: "audit_log").columns("*")
            if let after = page.after {
                guard let id = Int64(after) else { throw StoreError.notFound("cursor") }
                query.where("id", .lessThan, SQLBind(id))
            }
            let rows = try await query.orderBy("id", .descending).limit(page.limit + 1).all()
            let entries = try rows.map { row in
                AuditEntry(
                    id: try row.decode(column: "id", as: Int64.self), organizationID: try row.decode(column: "org_id", as: String?.self),
                    actorID: try row.decode(column: "actor_id", as: String?.self),
                    action: try row.decode(column: "action", as: String.self),
                    subject: try row.decode(column: "subject", as: String?.self), ip: try row.decode(column: "ip", as: String?.self),
                    detail: try row.decode(column: "detail", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
            let items = Array(entries.prefix(page.limit))
            return Page(items: items, nextCursor: entries.count > page.limit ? items.last.map { String($0.id) } : nil)
        }
    }

    // MARK: Helpers

    static func insertAudit(_ sql: any SQLDatabase, _ entry: NewAuditEntry) async throws {
        try await sql.raw(
            """
            INSERT INTO audit_log (org_id, actor_id, action, subject, ip, detail, created_at)
            VALUES (\(bind: entry.organizationID), \(bind: entry.actorID), \(bind: entry.action), \(bind: entry.subject),
                    \(bind: entry.ip), \(bind: entry.detail), \(bind: Clock.nowMilliseconds()))
            """
        ).run()
    }

    private static func ensureEmailFree(_ email: String, _ sql: any SQLDatabase) async throws {
        if try await sql.raw("SELECT 1 AS one FROM users WHERE email = \(bind: email)").first() != nil {
            throw StoreError.conflict(field: "email", message: "an account with this email already exists")
        }
    }

    private static func insertMember(_ tx: Transaction, _ tenant: Tenant, _ member: NewMember, now: Int64) async throws -> MemberRecord {
        let id = Identifier.make("usr")
        do {
            try await tx.sql.raw(
                """
                INSERT INTO users (id, email, name, password_hash, created_at)
                VALUES (\(bind: id), \(bind: member.email), \(bind: member.name), \(bind: member.passwordHash), \(bind: now))
                """
            ).run()
        } catch let error where isUniqueViolation(error) {
            throw StoreError.conflict(field: "email", message: "an account with this email already exists")
        }
        try await TenantScope(tenant, tx.sql).insert(
            into: "memberships", columns: ["user_id", "roles", "created_at"], values: [id, RoleList.encode(member.roles), now]
        ).run()
        var vendorName: String?
        if let vendorID = member.vendorID {
            vendorName = try await TenantScope(tenant, tx.sql).select(from: "vendors").column("name").where("id", .equal, SQLBind(vendorID))
                .first()?.decode(column: "name", as: String.self)
            guard vendorName != nil else { throw StoreError.notFound("vendor") }
            try await TenantScope(tenant, tx.sql).insert(
                into: "vendor_users", columns: ["user_id", "vendor_id", "created_at"], values: [id, vendorID, now]
            ).run()
        }
        let record = MemberRecord(
            id: id, email: member.email, name: member.name, locale: nil, roles: member.roles.sorted(), createdAt: now, disabledAt: nil,
            vendorID: member.vendorID, vendorName: vendorName)
        try await tx.emit(
            organizationID: tenant.organizationID, type: "user.created", subject: member.email,
            data: JSONText.encode([
                "id": .string(id), "email": .string(member.email), "name": .string(member.name),
                "roles": .array(record.roles.map { .string($0.rawValue) }),
            ]))
        return record
    }

    private static func insertRefreshToken(
        _ sql: any SQLDatabase, tenant: Tenant, userID: String, familyID: String, lifetime: Int64
    ) async throws -> (token: String, familyID: String) {
        let token = Identifier.secret(bytes: 32)
        let now = Clock.nowMilliseconds()
        try await TenantScope(tenant, sql).insert(
            into: "refresh_tokens", columns: ["id", "user_id", "family_id", "token_hash", "created_at", "expires_at"],
            values: [Identifier.make("rt"), userID, familyID, Identifier.hash(token), now, now + lifetime]
        ).run()
        return (token, familyID)
    }

    private static func memberQuery(_ scope: TenantScope) -> SQLSelectBuilder {
        scope.select(from: "memberships")
            .column(SQLColumn("id", table: "users")).column(SQLColumn("email", table: "users")).column(SQLColumn("name", table: "users"))
            .column(SQLColumn("locale", table: "users")).column(SQLColumn("disabled_at", table: "users"))
            .column(SQLColumn("roles", table: "memberships")).column(SQLColumn("created_at", table: "memberships"))
            .column(SQLColumn("vendor_id", table: "vendor_users"))
            .column(SQLAlias(SQLColumn("name", table: "vendors"), as: SQLIdentifier("vendor_name")))
            .join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "memberships"))
            .join(
                SQLIdentifier("vendor_users"), method: SQLJoinMethod.left,
                on: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("org_id", table: "vendor_users"), .equal, SQLColumn("org_id", table: "memberships")),
                    .and,
                    SQLBinaryExpression(SQLColumn("user_id", table: "vendor_users"), .equal, SQLColumn("user_id", table: "memberships")))
            )
            .join(
                SQLIdentifier("vendors"), method: SQLJoinMethod.left,
                on: SQLBinaryExpression(SQLColumn("id", table: "vendors"), .equal, SQLColumn("vendor_id", table: "vendor_users")))
    }

    private static func decodeMember(_ row: any SQLRow) throws -> MemberRecord {
        MemberRecord(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self), locale: try row.decode(column: "locale", as: String?.self),
            roles: RoleList.decode(try row.decode(column: "roles", as: String.self)),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            disabledAt: try row.decode(column: "disabled_at", as: Int64?.self),
            vendorID: try row.decode(column: "vendor_id", as: String?.self),
            vendorName: try row.decode(column: "vendor_name", as: String?.self))
    }

    private static func decodeKey(_ row: any SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            roles: RoleList.decode(try row.decode(column: "roles", as: String.self)),
            userID: try row.decode(column: "user_id", as: String.self), createdAt: try row.decode(column: "created_at", as: Int64.self),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self))
    }
}

/// True when `error` is a unique-constraint violation from either database.
func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
    if let error = error as? SQLiteFailure { return error.isUniqueViolation }
    if let error = error as? SQLiteError {
        return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed || "\(error)".contains("UNIQUE")
    }
    return false
}

enum Cursor {
    static func encode(_ createdAt: Int64, _ id: String) -> String { "\(createdAt).\(id)" }
    static func decode(_ cursor: String) -> (Int64, String)? {
        guard let dot = cursor.firstIndex(of: "."), let createdAt = Int64(cursor[..<dot]) else { return nil }
        let id = String(cursor[cursor.index(after: dot)...])
        guard !id.isEmpty, id.count <= 64 else { return nil }
        return (createdAt, id)
    }
}

enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
