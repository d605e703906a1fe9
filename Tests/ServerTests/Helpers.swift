import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

/// Builds the real application on a fresh database of `dialect` and runs `body` against it.
func withApp<T: Sendable>(
    _ dialect: DatabaseDialect, testing: TestingSetup = .router, configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, Quartermaster.Components) async throws -> T
) async throws -> T {
    try await TestDatabase.with(dialect) { database in
        var configuration = ServerConfiguration()
        configuration.bcryptCost = 4
        configuration.port = 0
        configuration.rateLimitEnabled = false
        configuration.jwtSecret = "test-secret-\(UUID().uuidString)"
        configure(&configuration)
        let components = try await Quartermaster.components(configuration: configuration, database: database, logger: TestDatabase.logger)
        let app = try await Quartermaster.application(components)
        return try await app.test(testing) { client in try await body(client, components) }
    }
}

struct Session: Sendable {
    let accessToken: String
    let refreshToken: String
    let userID: String
    let organizationID: String
    var auth: HTTPFields { [.authorization: "Bearer \(accessToken)", .contentType: "application/json"] }
}

func json(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
}

func decode(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
let password = "correct horse battery"

@discardableResult
func signup(_ client: any TestClientProtocol, organization: String = "Acme", email: String = "ann@acme.test") async throws -> Session {
    try await client.execute(
        uri: "/api/v1/auth/signup", method: .post, headers: jsonHeaders,
        body: json(["organization": organization, "name": "Ann", "email": email, "password": password])
    ) { response in
        #expect(response.status == .created)
        let body = decode(response)
        let user = body["user"] as? [String: Any]
        let org = body["organization"] as? [String: Any]
        return Session(
            accessToken: body["access_token"] as? String ?? "", refreshToken: body["refresh_token"] as? String ?? "",
            userID: user?["id"] as? String ?? "", organizationID: org?["id"] as? String ?? "")
    }
}

func login(_ client: any TestClientProtocol, email: String, password: String = password) async throws -> TestResponse {
    try await client.execute(
        uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: json(["email": email, "password": password]))
}

/// Creates a user in the session's organisation and logs in as them.
func addUser(_ client: any TestClientProtocol, _ admin: Session, email: String, roles: [String]) async throws -> Session {
    let created = try await client.execute(
        uri: "/api/v1/users", method: .post, headers: admin.auth,
        body: json(["email": email, "name": "User", "roles": roles, "password": password]))
    #expect(created.status == .created)
    let response = try await login(client, email: email)
    let body = decode(response)
    return Session(
        accessToken: body["access_token"] as? String ?? "", refreshToken: body["refresh_token"] as? String ?? "",
        userID: (decode(created)["id"] as? String) ?? "", organizationID: admin.organizationID)
}

/// Asserts an RFC 9457 problem with `status`, returning its body.
@discardableResult
func expectProblem(
    _ response: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
) -> [String: Any] {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let body = decode(response)
    #expect(body["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect((body["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    return body
}

func fieldNames(_ problem: [String: Any]) -> [String] {
    ((problem["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
}
