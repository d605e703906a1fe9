import Foundation
import Hummingbird
import HummingbirdTesting
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct TenancyTests {
    /// Every tenant-owned route, tried by organisation B on organisation A's resources: 404, never
    /// 403 or A's data.
    @Test(arguments: TestDatabase.dialects)
    func anotherOrganisationsResourcesAreNotFound(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let a = try await signup(client, organization: "Alpha", email: "ann@alpha.test")
            let b = try await signup(client, organization: "Beta", email: "ben@beta.test")
            let key =
                decode(try await client.execute(uri: "/api/v1/api-keys", method: .post, headers: a.auth, body: json(["name": "k"])))["id"]
                as! String
            let job =
                decode(
                    try await client.execute(
                        uri: "/api/v1/jobs", method: .post, headers: a.auth,
                        body: json(["kind": "diagnostics.ping", "delay_seconds": 3600])))["id"] as! String
            let attempts: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/users/\(a.userID)", nil),
                (.patch, "/api/v1/users/\(a.userID)", ["roles": ["requester"]]),
                (.delete, "/api/v1/api-keys/\(key)", nil),
                (.get, "/api/v1/jobs/\(job)", nil),
            ]
            for (method, uri, body) in attempts {
                let response = try await client.execute(uri: uri, method: method, headers: b.auth, body: body.map(json))
                expectProblem(response, .notFound)
                #expect(!String(buffer: response.body).contains("alpha"))
            }
            // Lists show only the caller's organisation.
            let users = String(buffer: try await client.execute(uri: "/api/v1/users", method: .get, headers: b.auth).body)
            #expect(users.contains("ben@beta.test") && !users.contains("ann@alpha.test"))
            let keys = String(buffer: try await client.execute(uri: "/api/v1/api-keys", method: .get, headers: b.auth).body)
            #expect(!keys.contains(key))
            let audit = String(buffer: try await client.execute(uri: "/api/v1/audit-log", method: .get, headers: b.auth).body)
            #expect(!audit.contains("alpha"))
            // A's resources are intact and visible to A.
            #expect(try await client.execute(uri: "/api/v1/users/\(a.userID)", method: .get, headers: a.auth).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/jobs/\(job)", method: .get, headers: a.auth).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func rolesAreCheckedOnEveryAdminRoute(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            let requester = try await addUser(client, admin, email: "rui@acme.test", roles: ["requester"])
            let routes: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/users", nil),
                (.post, "/api/v1/users", ["email": "x@acme.test", "name": "X", "roles": ["admin"], "password": password]),
                (.patch, "/api/v1/users/\(requester.userID)", ["roles": ["admin"]]),
                (.get, "/api/v1/api-keys", nil),
                (.post, "/api/v1/api-keys", ["name": "k"]),
                (.get, "/api/v1/audit-log", nil),
                (.post, "/api/v1/jobs", ["kind": "diagnostics.ping"]),
            ]
            for (method, uri, body) in routes {
                expectProblem(try await client.execute(uri: uri, method: method, headers: requester.auth, body: body.map(json)), .forbidden)
            }
            // A requester sees themselves, and not another user.
            #expect(try await client.execute(uri: "/api/v1/users/\(requester.userID)", method: .get, headers: requester.auth).status == .ok)
            expectProblem(try await client.execute(uri: "/api/v1/users/\(admin.userID)", method: .get, headers: requester.auth), .notFound)
            // Role changes are audited and an admin cannot demote themselves.
            let promoted = try await client.execute(
                uri: "/api/v1/users/\(requester.userID)", method: .patch, headers: admin.auth,
                body: json(["roles": ["approver", "requester"]]))
            #expect(decode(promoted)["roles"] as? [String] == ["approver", "requester"])
            expectProblem(
                try await client.execute(
                    uri: "/api/v1/users/\(admin.userID)", method: .patch, headers: admin.auth, body: json(["roles": ["buyer"]])),
                .unprocessableContent)
            let audit = String(buffer: try await client.execute(uri: "/api/v1/audit-log", method: .get, headers: admin.auth).body)
            #expect(audit.contains("role.changed"))
        }
    }
}
