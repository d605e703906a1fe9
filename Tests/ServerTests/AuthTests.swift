import Foundation
import Hummingbird
import HummingbirdTesting
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct AuthTests {
    @Test(arguments: TestDatabase.dialects)
    func signupLoginMeRefreshLogout(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let session = try await signup(client)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: session.auth) { response in
                #expect(response.status == .ok)
                let body = decode(response)
                #expect(body["roles"] as? [String] == ["admin"])
                #expect((body["organization"] as? [String: Any])?["name"] as? String == "Acme")
                #expect((body["user"] as? [String: Any])?["email"] as? String == "ann@acme.test")
                #expect(response.headers[.init("X-Request-Id")!]?.isEmpty == false)
            }
            let loggedIn = try await login(client, email: "ANN@acme.test")
            #expect(loggedIn.status == .ok)
            let refreshToken = decode(loggedIn)["refresh_token"] as! String

            // Refresh rotates: the new pair works, the old refresh token is dead, and reusing it
            // revokes the family (the new refresh token dies too).
            let refreshed = try await client.execute(
                uri: "/api/v1/auth/refresh", method: .post, headers: jsonHeaders, body: json(["refresh_token": refreshToken]))
            #expect(refreshed.status == .ok)
            let newRefresh = decode(refreshed)["refresh_token"] as! String
            #expect(newRefresh != refreshToken)
            let reused = try await client.execute(
                uri: "/api/v1/auth/refresh", method: .post, headers: jsonHeaders, body: json(["refresh_token": refreshToken]))
            expectProblem(reused, .unauthorized)
            let afterReuse = try await client.execute(
                uri: "/api/v1/auth/refresh", method: .post, headers: jsonHeaders, body: json(["refresh_token": newRefresh]))
            expectProblem(afterReuse, .unauthorized)

            // Logout kills the session's refresh token.
            let logout = try await client.execute(
                uri: "/api/v1/auth/logout", method: .post, headers: session.auth, body: json(["refresh_token": session.refreshToken]))
            #expect(logout.status == .noContent)
            let afterLogout = try await client.execute(
                uri: "/api/v1/auth/refresh", method: .post, headers: jsonHeaders, body: json(["refresh_token": session.refreshToken]))
            expectProblem(afterLogout, .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func badCredentialsAndTokensAreRefused(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, components in
            let session = try await signup(client)
            expectProblem(try await login(client, email: "ann@acme.test", password: "wrong password!"), .unauthorized)
            expectProblem(try await login(client, email: "nobody@acme.test"), .unauthorized)
            let parts = session.accessToken.split(separator: ".")
            let tampered = parts[0] + "." + parts[1].dropLast(2) + "AA." + parts[2]
            let expired = try await TokenServiceProbe.expiredToken(components)
            for token in ["", "garbage", String(tampered), expired, String(repeating: "a", count: 10_000), "qm_000000000000_nope"] {
                let response = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"])
                expectProblem(response, .unauthorized)
            }
            expectProblem(try await client.execute(uri: "/api/v1/me", method: .get), .unauthorized)
            expectProblem(try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Basic abc"]), .unauthorized)
            // Failed logins are audited.
            let audit = try await client.execute(uri: "/api/v1/audit-log", method: .get, headers: session.auth)
            let actions = (decode(audit)["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("login.failed"))
            #expect(actions.contains("signup"))
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func loginAttemptsAreThrottledPerAccount(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, configure: { $0.loginAttemptsPerMinute = 3 }) { client, _ in
            try await signup(client)
            for _ in 0..<3 { expectProblem(try await login(client, email: "ann@acme.test", password: "wrong password!"), .unauthorized) }
            // Even the right password waits now.
            let throttled = try await login(client, email: "ann@acme.test")
            expectProblem(throttled, .tooManyRequests)
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func apiKeysAuthenticateAndCanBeRevoked(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            let created = try await client.execute(
                uri: "/api/v1/api-keys", method: .post, headers: admin.auth, body: json(["name": "integration", "roles": ["buyer"]]))
            #expect(created.status == .created)
            let key = decode(created)["key"] as! String
            let id = decode(created)["id"] as! String
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(key)"])
            #expect(me.status == .ok)
            #expect(decode(me)["roles"] as? [String] == ["buyer"])
            // The key's roles apply: a buyer key cannot list users.
            expectProblem(
                try await client.execute(uri: "/api/v1/users", method: .get, headers: [.authorization: "Bearer \(key)"]), .forbidden)
            // Listing never shows the secret.
            let list = try await client.execute(uri: "/api/v1/api-keys", method: .get, headers: admin.auth)
            #expect(!String(buffer: list.body).contains(key))
            #expect(try await client.execute(uri: "/api/v1/api-keys/\(id)", method: .delete, headers: admin.auth).status == .ok)
            expectProblem(
                try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(key)"]), .unauthorized)
        }
    }
}

/// Makes tokens the server would issue, but already expired.
enum TokenServiceProbe {
    static func expiredToken(_ components: QuartermasterServer.Quartermaster.Components) async throws -> String {
        let service = await TokenService(secret: components.configuration.jwtSecret, lifetimeSeconds: -60)
        return try await service.issue(userID: "usr_x", organizationID: "org_x", roles: [.admin], sessionID: "ses_x")
    }
}
