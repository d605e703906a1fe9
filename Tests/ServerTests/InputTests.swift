import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

@Suite struct InputTests {
    static func userCount(_ components: QuartermasterServer.Quartermaster.Components) async throws -> Int {
        try await components.store.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM users").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func badBodiesGetProblemsAndWriteNothing(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, configure: { $0.maxBodyBytes = 4_096 }) { client, components in
            let admin = try await signup(client)
            let before = try await Self.userCount(components)
            let long = String(repeating: "x", count: 3_000)
            let cases: [(String, HTTPResponse.Status, String?)] = [
                ("{not json", .badRequest, nil),
                ("[]", .badRequest, nil),
                ("", .badRequest, nil),
                ("{\"email\": 5, \"name\": \"N\", \"roles\": [\"buyer\"], \"password\": \"correct horse battery\"}", .badRequest, "email"),
                (
                    "{\"email\": \"a@b.test\", \"name\": \"N\", \"roles\": \"buyer\", \"password\": \"correct horse battery\"}",
                    .badRequest, "roles"
                ),
                (
                    "{\"email\": \"a@b.test\", \"name\": \"N\", \"roles\": [\"buyer\"], \"password\": \"correct horse battery\", \"admin\": true}",
                    .badRequest, "admin"
                ),
                (
                    "{\"email\": \"a@b.test\", \"name\": \"N\", \"roles\": [\"root\"], \"password\": \"correct horse battery\"}",
                    .unprocessableContent, "roles[0]"
                ),
                (
                    "{\"email\": \"x'; DROP TABLE users; --\", \"name\": \"N\", \"roles\": [\"buyer\"], \"password\": \"correct horse battery\"}",
                    .unprocessableContent, "email"
                ),
                (
                    "{\"email\": \"a@b.test\", \"name\": \"\(long)\", \"roles\": [\"buyer\"], \"password\": \"correct horse battery\"}",
                    .unprocessableContent, "name"
                ),
                (
                    "{\"email\": \"a@b.test\", \"name\": \"N\", \"roles\": [\"buyer\"], \"password\": \"short\"}", .unprocessableContent,
                    "password"
                ),
                (
                    "{\"email\": \"a@b.test\", \"name\": \"N\", \"roles\": [], \"password\": \"correct horse battery\"}",
                    .unprocessableContent, "roles"
                ),
                (
                    "{\"email\": null, \"name\": \"N\", \"roles\": [\"buyer\"], \"password\": \"correct horse battery\"}",
                    .unprocessableContent, "email"
                ),
            ]
            for (body, status, field) in cases {
                let response = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: admin.auth, body: ByteBuffer(string: body))
                let problem = expectProblem(response, status)
                if let field { #expect(fieldNames(problem).contains(field), "\(body.prefix(80)) → \(fieldNames(problem))") }
            }
            let oversize = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.auth,
                body: ByteBuffer(string: "{\"name\": \"\(String(repeating: "y", count: 10_000))\"}"))
            expectProblem(oversize, .contentTooLarge)
            #expect(try await Self.userCount(components) == before)
            // A name with SQL metacharacters is just a name.
            let odd = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: admin.auth,
                body: json(["email": "odd@acme.test", "name": "Robert'); DROP TABLE users;--", "roles": ["buyer"], "password": password]))
            #expect(odd.status == .created)
            #expect(decode(odd)["name"] as? String == "Robert'); DROP TABLE users;--")
            #expect(try await Self.userCount(components) == before + 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func signupValidatesEveryFieldAndRefusesDuplicates(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, components in
            let response = try await client.execute(
                uri: "/api/v1/auth/signup", method: .post, headers: jsonHeaders,
                body: json(["organization": "", "name": "", "email": "nope", "password": "x"]))
            let problem = expectProblem(response, .unprocessableContent)
            #expect(Set(fieldNames(problem)) == ["organization", "name", "email", "password"])
            try await signup(client)
            let duplicate = try await client.execute(
                uri: "/api/v1/auth/signup", method: .post, headers: jsonHeaders,
                body: json(["organization": "Other", "name": "Ann", "email": "ann@acme.test", "password": password]))
            #expect(fieldNames(expectProblem(duplicate, .conflict)) == ["email"])
            #expect(try await Self.userCount(components) == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func idempotencyKeysReplayOrRefuse(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, components in
            let admin = try await signup(client)
            var headers = admin.auth
            headers[.init("Idempotency-Key")!] = "create-bob-1"
            let body = ["email": "bob@acme.test", "name": "Bob", "roles": ["buyer"], "password": password] as [String: Any]
            let first = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: json(body))
            let second = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: json(body))
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(decode(first)["id"] as? String == decode(second)["id"] as? String)
            #expect(try await InputTests.userCount(components) == 2)
            var other = body
            other["name"] = "Robert"
            expectProblem(
                try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: json(other)), .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func rateLimitsAnswer429WithRetryAfter(_ dialect: DatabaseDialect) async throws {
        try await withApp(
            dialect,
            configure: {
                $0.rateLimitEnabled = true
                $0.rateLimitBurst = 3
                $0.rateLimitPerSecond = 0.1
            }
        ) { client, _ in
            let admin = try await signup(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 { statuses.append(try await client.execute(uri: "/api/v1/me", method: .get, headers: admin.auth).status) }
            #expect(statuses.prefix(3).allSatisfy { $0 == .ok })
            let limited = try await client.execute(uri: "/api/v1/me", method: .get, headers: admin.auth)
            expectProblem(limited, .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }
}
