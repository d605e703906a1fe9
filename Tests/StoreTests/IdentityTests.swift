import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct IdentityTests {
    static func makeOrg(_ identity: SQLIdentityRepository, _ name: String, email: String) async throws -> (OrganizationRecord, MemberRecord)
    {
        try await identity.createOrganization(name: name, admin: NewMember(email: email, name: "Admin", passwordHash: "h", roles: [.admin]))
    }

    @Test(arguments: TestDatabase.dialects)
    func organisationsGetUniqueSlugsAndEmailsAreUnique(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
            let (a, _) = try await Self.makeOrg(identity, "Acme", email: "a@acme.com")
            let (b, _) = try await Self.makeOrg(identity, "Acme", email: "b@acme.com")
            #expect(a.slug == "acme")
            #expect(b.slug == "acme-2")
            await #expect(throws: StoreError.conflict(field: "email", message: "an account with this email already exists")) {
                try await Self.makeOrg(identity, "Other", email: "a@acme.com")
            }
            // The failed sign-up left no organisation behind.
            #expect(try await identity.findOrganization("other") == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func tenantsNeverSeeEachOthersMembers(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
            let (a, adminA) = try await Self.makeOrg(identity, "A", email: "a@a.com")
            let (b, _) = try await Self.makeOrg(identity, "B", email: "b@b.com")
            let tenantA = Tenant(organizationID: a.id)
            let tenantB = Tenant(organizationID: b.id)
            #expect(try await identity.member(tenantB, userID: adminA.id) == nil)
            #expect(try await identity.members(tenantB, page: PageRequest()).items.map(\.email) == ["b@b.com"])
            await #expect(throws: StoreError.notFound("user")) {
                try await identity.setRoles(tenantB, userID: adminA.id, roles: [.buyer], actorID: "x")
            }
            #expect(try await identity.member(tenantA, userID: adminA.id)?.roles == [.admin])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func membersPageWithCursors(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
            let (org, _) = try await Self.makeOrg(identity, "P", email: "admin@p.com")
            let tenant = Tenant(organizationID: org.id)
            for index in 0..<6 {
                _ = try await identity.addMember(
                    tenant, NewMember(email: "u\(index)@p.com", name: "U\(index)", passwordHash: nil, roles: [.requester]), actorID: nil)
            }
            var emails: [String] = []
            var cursor: String?
            repeat {
                let page = try await identity.members(tenant, page: PageRequest(limit: 3, after: cursor))
                emails += page.items.map(\.email)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(emails.count == 7)
            #expect(Set(emails).count == 7)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func refreshTokensRotateAndReuseRevokesTheFamily(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
            let (org, admin) = try await Self.makeOrg(identity, "R", email: "r@r.com")
            let (first, family) = try await identity.issueRefreshToken(
                Tenant(organizationID: org.id), userID: admin.id, familyID: nil, lifetimeMilliseconds: 60_000)
            guard
                case .rotated(let second, _, _, let roles, let sameFamily) = try await identity.rotateRefreshToken(
                    first, lifetimeMilliseconds: 60_000)
            else {
                Issue.record("expected rotation")
                return
            }
            #expect(roles == [.admin])
            #expect(sameFamily == family)
            // Presenting the first token again: reuse. The whole family dies, the second token too.
            guard case .reused = try await identity.rotateRefreshToken(first, lifetimeMilliseconds: 60_000) else {
                Issue.record("expected reuse detection")
                return
            }
            guard case .invalid = try await identity.rotateRefreshToken(second, lifetimeMilliseconds: 60_000) else {
                Issue.record("expected the family to be revoked")
                return
            }
            #expect(try await identity.isSessionActive(familyID: family) == false)
            let audit = try await identity.auditLog(Tenant(organizationID: org.id), page: PageRequest())
            #expect(audit.items.contains { $0.action == "token.reused" })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func expiredRefreshTokensAreInvalid(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
            let (org, admin) = try await Self.makeOrg(identity, "E", email: "e@e.com")
            let (token, _) = try await identity.issueRefreshToken(
                Tenant(organizationID: org.id), userID: admin.id, familyID: nil, lifetimeMilliseconds: -1)
            guard case .invalid = try await identity.rotateRefreshToken(token, lifetimeMilliseconds: 60_000) else {
                Issue.record("expected invalid")
                return
            }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func apiKeysAuthenticateUntilRevokedAndAreStoredHashed(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
            let (org, admin) = try await Self.makeOrg(identity, "K", email: "k@k.com")
            let tenant = Tenant(organizationID: org.id)
            let (record, secret) = try await identity.createAPIKey(tenant, userID: admin.id, name: "ci", roles: [.service])
            #expect(secret.hasPrefix("qm_\(record.prefix)_"))
            let found = try await identity.authenticateAPIKey(secret)
            #expect(found?.0.id == record.id)
            #expect(found?.organizationID == org.id)
            #expect(try await identity.authenticateAPIKey(secret + "x") == nil)
            let stored = try await database.read { sql in
                try await sql.raw("SELECT key_hash FROM api_keys").first()!.decode(column: "key_hash", as: String.self)
            }
            #expect(!stored.contains(secret) && stored.count == 64)
            // Another organisation cannot revoke it.
            let (other, _) = try await Self.makeOrg(identity, "Other", email: "o@o.com")
            await #expect(throws: StoreError.notFound("api key")) {
                try await identity.revokeAPIKey(Tenant(organizationID: other.id), id: record.id, actorID: "x")
            }
            _ = try await identity.revokeAPIKey(tenant, id: record.id, actorID: admin.id)
            #expect(try await identity.authenticateAPIKey(secret) == nil)
        }
    }
}
